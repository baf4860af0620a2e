//! Appending one record: open for append, take an exclusive lock, read the
//! tail to chain to it, then one `write_all` of the whole line and
//! `sync_data`, all under the lock. A failure is an error (exit 74), never
//! retried; a partly written line is taken back before the lock is let go.
//!
//! A torn last line (a writer killed mid-write, a full disk that could not
//! be rolled back) is sealed with a newline by the next writer and chained
//! like any other line, so `verify` reports it and the chain goes on.

use std::fs::{File, OpenOptions};
use std::io::{self, Read, Seek, SeekFrom, Write};
use std::path::Path;

use super::chain::{line_hash, GENESIS};
use super::record::{seq_of, Record, Sealed};
use crate::error::{Code, Fail};

/// Appends `record` to the log at `path`, filling in its `seq` and `prev`;
/// returns the new head (the hash of the line written).
pub(super) fn append(path: &Path, record: &mut Record) -> anyhow::Result<String> {
    let fail = |what: &str, e: io::Error| {
        Fail::new(
            Code::Audit,
            format!("could not {what} the audit log `{}`: {e}", path.display()),
        )
    };
    let mut file = open(path).map_err(|e| fail("open", e))?;
    file.lock().map_err(|e| fail("lock", e))?;
    let written = write_locked(&mut file, record);
    // Closing the file releases the lock too; this only makes it prompt.
    let _ = file.unlock();
    written.map_err(|(what, e)| fail(what, e))
}

/// Opens (creating) the log and its directory; used before a run reads
/// anything, so that a log that cannot be opened fails the run early.
pub(super) fn open(path: &Path) -> io::Result<File> {
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        create_dir(dir).map_err(io::Error::other)?;
    }
    let mut options = OpenOptions::new();
    options.read(true).append(true).create(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    options.open(path)
}

/// Creates a directory and its parents; new ones are private (0700).
pub(crate) fn create_dir(dir: &Path) -> Result<(), String> {
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
    builder
        .create(dir)
        .map_err(|e| format!("could not create directory `{}`: {e}", dir.display()))
}

type Failed = (&'static str, io::Error);

fn write_locked(file: &mut File, record: &mut Record) -> Result<String, Failed> {
    let tail = Tail::read(file).map_err(|e| match e.kind() {
        // Read, but cannot be added to (see `Tail::read`).
        io::ErrorKind::Other => ("extend", e),
        _ => ("read", e),
    })?;
    record.seq = tail.seq;
    record.prev = tail.prev;
    record.sealed = tail.sealed;
    let line = record.line().map_err(|e| ("write", io::Error::other(e)))?;
    let mut bytes = Vec::with_capacity(line.len() + 1);
    if tail.torn {
        bytes.push(b'\n');
    }
    bytes.extend_from_slice(&line);
    if let Err(e) = file.write_all(&bytes) {
        let _ = file.set_len(tail.len);
        return Err(("write", e));
    }
    file.sync_data().map_err(|e| ("sync", e))?;
    Ok(line_hash(&line))
}

/// What the next line chains to.
#[derive(Debug, PartialEq, Eq)]
struct Tail {
    /// The log's length before this write.
    len: u64,
    prev: String,
    seq: u64,
    /// The last line has no newline: it gets one before the new line.
    torn: bool,
    /// For a torn last line, what the new record says of it.
    sealed: Option<Sealed>,
}

impl Tail {
    /// Reads lines back from the end until one is a record; its `seq` and
    /// the count of lines after it give the next `seq`.
    fn read(file: &mut File) -> io::Result<Tail> {
        let len = file.seek(SeekFrom::End(0))?;
        let mut lines = Backwards::new(file, len);
        let Some(mut last) = lines.next_line()? else {
            return Ok(Tail {
                len,
                prev: GENESIS.to_string(),
                seq: 1,
                torn: false,
                sealed: None,
            });
        };
        let torn = last.last() != Some(&b'\n');
        if torn {
            last.push(b'\n');
        }
        let prev = line_hash(&last);
        let mut sealed = None;
        if torn {
            // The line before the torn one, so the chain is checked across
            // the tear; it is read again as the loop below starts.
            let before = lines.next_line()?;
            sealed = Some(Sealed {
                torn: prev.clone(),
                after: before
                    .as_deref()
                    .map_or_else(|| GENESIS.to_string(), line_hash),
            });
            lines.put_back(before);
        }
        let mut count = 1;
        let mut line = Some(last);
        while let Some(bytes) = line {
            if let Some(seq) = seq_of(&bytes) {
                // A `seq` at the top of its range would wrap to 0 (or
                // panic): refuse rather than write a record out of order.
                let seq = seq.checked_add(count).ok_or_else(|| {
                    io::Error::other(
                        "its last sequence number is the largest there can be, so no record can follow it; move the log aside and start a new one",
                    )
                })?;
                return Ok(Tail {
                    len,
                    prev,
                    seq,
                    torn,
                    sealed,
                });
            }
            line = lines.next_line()?;
            count += u64::from(line.is_some());
        }
        Ok(Tail {
            len,
            prev,
            seq: count + 1,
            torn,
            sealed,
        })
    }
}

/// Reads a file's lines from the end, a block at a time.
struct Backwards<'f> {
    file: &'f mut File,
    /// File offset of `buf[0]`; `buf` holds what is not yet handed out.
    start: u64,
    buf: Vec<u8>,
}

impl<'f> Backwards<'f> {
    const BLOCK: u64 = 64 * 1024;

    fn new(file: &'f mut File, len: u64) -> Self {
        Backwards {
            file,
            start: len,
            buf: Vec::new(),
        }
    }

    /// The line before the ones already handed out, newline included.
    fn next_line(&mut self) -> io::Result<Option<Vec<u8>>> {
        loop {
            if self.buf.is_empty() && self.start == 0 {
                return Ok(None);
            }
            let body = self.buf.len().saturating_sub(1);
            if let Some(i) = self.buf[..body].iter().rposition(|b| *b == b'\n') {
                return Ok(Some(self.buf.split_off(i + 1)));
            }
            if self.start == 0 {
                return Ok(Some(std::mem::take(&mut self.buf)));
            }
            self.read_block()?;
        }
    }

    /// Hands `line` out again next (after a look at it).
    fn put_back(&mut self, line: Option<Vec<u8>>) {
        if let Some(line) = line {
            self.buf.extend_from_slice(&line);
        }
    }

    fn read_block(&mut self) -> io::Result<()> {
        let n = Self::BLOCK.min(self.start);
        self.start -= n;
        self.file.seek(SeekFrom::Start(self.start))?;
        let mut block = vec![0; usize::try_from(n).map_err(io::Error::other)?];
        self.file.read_exact(&mut block)?;
        block.extend_from_slice(&self.buf);
        self.buf = block;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::audit::record::sample;

    fn log_with(bytes: &[u8]) -> (tempfile::TempDir, std::path::PathBuf) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("audit.jsonl");
        std::fs::write(&path, bytes).unwrap();
        (dir, path)
    }

    fn tail(path: &Path) -> Tail {
        Tail::read(&mut File::open(path).unwrap()).unwrap()
    }

    #[test]
    fn lines_are_chained_and_numbered() {
        let (_dir, path) = log_with(b"");
        let mut heads = vec![GENESIS.to_string()];
        for _ in 0..3 {
            let mut r = sample(0, "");
            heads.push(append(&path, &mut r).unwrap());
        }
        let text = std::fs::read(&path).unwrap();
        let lines: Vec<&[u8]> = text.split_inclusive(|b| *b == b'\n').collect();
        for (i, line) in lines.iter().enumerate() {
            let r = Record::parse(line).unwrap();
            assert_eq!(r.seq, i as u64 + 1);
            assert_eq!(r.prev, heads[i]);
            assert_eq!(line_hash(line), heads[i + 1]);
        }
    }

    #[test]
    fn a_torn_tail_is_sealed_and_counted() {
        let good = sample(1, GENESIS).line().unwrap();
        let mut bytes = good.clone();
        bytes.extend_from_slice(&good[..20]);
        let (_dir, path) = log_with(&bytes);
        let t = tail(&path);
        let mut sealed = good[..20].to_vec();
        sealed.push(b'\n');
        assert_eq!(
            (t.seq, t.torn, t.prev.clone()),
            (3, true, line_hash(&sealed))
        );
        // The record that seals it says what it sealed, and what came before.
        let want = Sealed {
            torn: line_hash(&sealed),
            after: line_hash(&good),
        };
        assert_eq!(t.sealed, Some(want));
        append(&path, &mut sample(0, "")).unwrap();
        let text = std::fs::read(&path).unwrap();
        assert_eq!(text.split(|b| *b == b'\n').count(), 4);
        assert!(!tail(&path).torn);
        assert_eq!(tail(&path).seq, 4);
    }

    #[test]
    fn long_lines_are_read_back_across_blocks() {
        let mut r = sample(7, GENESIS);
        r.subjects = vec!["0123456789abcdef".into(); 20_000];
        let line = r.line().unwrap();
        assert!(line.len() as u64 > 2 * Backwards::BLOCK);
        let (_dir, path) = log_with(&[line.clone(), line.clone()].concat());
        let t = tail(&path);
        assert_eq!((t.seq, t.prev), (8, line_hash(&line)));
    }

    #[test]
    fn garbage_only_counts_lines() {
        let (_dir, path) = log_with(b"x\ny\n");
        assert_eq!(tail(&path).seq, 3);
    }
}
