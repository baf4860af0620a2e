//! `cuecard map init FILE`: prints a starter mapping for a table's
//! headers (`input::table::init`).

use std::io::Write;

use crate::cli::MapCommand;
use crate::error::{Code, Fail};
use crate::input::table::init::starter;

pub(super) fn command(command: &MapCommand, out: &mut dyn Write) -> anyhow::Result<()> {
    match command {
        MapCommand::Init { file, sheet } => {
            let text = starter(file, sheet.as_deref()).map_err(|e| {
                let code = if e.missing {
                    Code::NotFound
                } else {
                    Code::BadInput
                };
                Fail::new(code, e.to_string())
            })?;
            out.write_all(text.as_bytes())?;
            Ok(())
        }
    }
}
