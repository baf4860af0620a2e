//! Where the audit log and its key live: `audit.path` and `audit.key_path`
//! from the config, else the XDG state and config directories. The key is
//! kept out of the log's directory, so whoever is handed the log (a privacy
//! lead, a log shipper) is not handed the key with it.

use std::path::{Component, Path, PathBuf};

use crate::config::Audit;
use crate::env::Env;
use crate::error::{Code, Fail};

/// The log: `audit.path`, else `$XDG_STATE_HOME/cuecard/audit.jsonl`,
/// else `~/.local/state/cuecard/audit.jsonl`.
pub(crate) fn log_path(audit: &Audit, env: &Env) -> anyhow::Result<PathBuf> {
    configured(&audit.path, env)
        .or_else(|| base(&env.xdg_state_home, env, ".local/state"))
        .map(|p| {
            if audit.path.is_empty() {
                p.join("cuecard").join("audit.jsonl")
            } else {
                p
            }
        })
        .ok_or_else(|| nowhere("log", "audit.path", "XDG_STATE_HOME"))
}

/// The key: `audit.key_path`, else `$XDG_CONFIG_HOME/cuecard/audit.key`,
/// else `~/.config/cuecard/audit.key`.
pub(crate) fn key_path(audit: &Audit, env: &Env) -> anyhow::Result<PathBuf> {
    configured(&audit.key_path, env)
        .or_else(|| base(&env.xdg_config_home, env, ".config"))
        .map(|p| {
            if audit.key_path.is_empty() {
                p.join("cuecard").join("audit.key")
            } else {
                p
            }
        })
        .ok_or_else(|| nowhere("key", "audit.key_path", "XDG_CONFIG_HOME"))
}

/// Refuses a key inside the log's directory (or below it).
pub(crate) fn check_apart(log: &Path, key: &Path) -> anyhow::Result<()> {
    let dir = absolute(log.parent().unwrap_or(Path::new(".")));
    if absolute(key).starts_with(&dir) {
        return Err(Fail::new(
            Code::Config,
            format!(
                "audit key `{}` is inside the audit log's directory `{}`: set `audit.key_path` elsewhere",
                key.display(),
                dir.display()
            ),
        ));
    }
    Ok(())
}

fn configured(value: &str, env: &Env) -> Option<PathBuf> {
    if value.is_empty() {
        return None;
    }
    match value.strip_prefix("~/") {
        Some(rest) => Env::set(&env.home).map(|h| PathBuf::from(h).join(rest)),
        None => Some(PathBuf::from(value)),
    }
}

fn base(xdg: &Option<String>, env: &Env, under_home: &str) -> Option<PathBuf> {
    Env::set(xdg)
        .map(PathBuf::from)
        .or_else(|| Env::set(&env.home).map(|h| PathBuf::from(h).join(under_home)))
}

fn nowhere(what: &str, key: &str, var: &str) -> anyhow::Error {
    Fail::new(
        Code::Audit,
        format!("no place for the audit {what}: set `{key}` in the config, or {var} or HOME"),
    )
}

/// `path` made absolute against the working directory and with `.` and
/// `..` resolved lexically (the files may not exist yet).
fn absolute(path: &Path) -> PathBuf {
    let joined = if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir().unwrap_or_default().join(path)
    };
    let mut out = PathBuf::new();
    for part in joined.components() {
        match part {
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn audit(path: &str, key_path: &str) -> Audit {
        let mut audit = crate::config::load(None).unwrap().audit;
        audit.path = path.into();
        audit.key_path = key_path.into();
        audit
    }

    #[test]
    fn defaults_follow_xdg_then_home() {
        let env = Env {
            home: Some("/h".into()),
            xdg_state_home: Some("/s".into()),
            ..Env::default()
        };
        let a = audit("", "");
        assert_eq!(
            log_path(&a, &env).unwrap(),
            Path::new("/s/cuecard/audit.jsonl")
        );
        assert_eq!(
            key_path(&a, &env).unwrap(),
            Path::new("/h/.config/cuecard/audit.key")
        );
        let a = audit("~/log.jsonl", "/k/key");
        assert_eq!(log_path(&a, &env).unwrap(), Path::new("/h/log.jsonl"));
        assert_eq!(key_path(&a, &env).unwrap(), Path::new("/k/key"));
        assert!(log_path(&audit("", ""), &Env::default()).is_err());
    }

    #[test]
    fn the_key_must_live_apart_from_the_log() {
        let log = Path::new("/var/log/cuecard/audit.jsonl");
        assert!(check_apart(log, Path::new("/etc/cuecard/audit.key")).is_ok());
        assert!(check_apart(log, Path::new("/var/log/cuecard/audit.key")).is_err());
        assert!(check_apart(log, Path::new("/var/log/cuecard/x/../k/audit.key")).is_err());
    }
}
