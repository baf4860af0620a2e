//! `cuecard check [CONFIG]`: validates a config (the named file, else the
//! discovered one) and lints every phrase, built-in and custom, so a bad
//! config is caught before a shift rather than during one.

use std::io::Write;
use std::path::Path;

use crate::cli::Common;
use crate::config::{self, UserFile};
use crate::env::Env;
use crate::error::{Code, Fail};
use crate::phrase::{builtin_entries, Bank};
use crate::settings::config_path;

pub(super) fn check(
    file: Option<&Path>,
    flags: &Common,
    env: &Env,
    out: &mut dyn Write,
) -> anyhow::Result<Code> {
    let path = file
        .map(Path::to_path_buf)
        .or_else(|| config_path(flags, env));
    let user: Option<UserFile> = path.as_deref().map(config::read_user_file).transpose()?;
    let config = config::load(user.as_ref())?;
    let builtin = builtin_entries()?;
    for (i, entry) in builtin.iter().enumerate() {
        if let Err(problem) = entry.lint() {
            return Err(Fail::new(
                Code::Internal,
                format!("built-in phrase {i} ({}): {}", entry.rule, problem.message),
            ));
        }
    }
    Bank::new(&config.phrases)?;
    let name = path.map_or_else(
        || "built-in config".to_string(),
        |p| format!("config `{}`", p.display()),
    );
    writeln!(
        out,
        "{name} is valid: {} built-in phrases and {} custom phrases pass the lint",
        builtin.len(),
        config.phrases.len()
    )?;
    Ok(Code::Ok)
}
