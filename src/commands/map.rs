//! `cuecard map init FILE`: prints a starter mapping for a table's
//! headers (`input::table::init`).

use std::io::Write;

use crate::cli::MapCommand;
use crate::error::{Code, Fail};
use crate::input::table::init::{starter, Layout};

pub(super) fn command(command: &MapCommand, out: &mut dyn Write) -> anyhow::Result<()> {
    match command {
        MapCommand::Init {
            file,
            sheet,
            skip_rows,
            delimiter,
        } => {
            let layout = Layout {
                sheet: sheet.as_deref(),
                skip_rows: *skip_rows,
                delimiter: *delimiter,
            };
            let text = starter(file, &layout).map_err(|e| {
                // As `brief` says of a file it cannot read: 66.
                let code = if e.unreadable {
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
