//! The throughput baseline of `benches/run.sh`: the least a tool can do
//! with an NDJSON stream of profiles — parse each line into a generic
//! `serde_json::Value` and write it back. cuecard's briefing must be no
//! slower than this, i.e. cue generation must cost less than generic JSON
//! handling.

use std::io::{self, BufRead, BufWriter, Write};

fn main() -> io::Result<()> {
    let stdin = io::stdin().lock();
    let mut out = BufWriter::new(io::stdout().lock());
    for line in stdin.lines() {
        let line = line?;
        if line.trim().is_empty() {
            continue;
        }
        let value: serde_json::Value = serde_json::from_str(&line)?;
        serde_json::to_writer(&mut out, &value)?;
        out.write_all(b"\n")?;
    }
    out.flush()
}
