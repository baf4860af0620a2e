//! The one place where flags, environment and config meet: built-in config
//! < user config file < environment < flags, resolved once into
//! [`Settings`] that the rest of the program reads.

use std::path::PathBuf;

use chrono::NaiveDate;

use crate::brief::Tone;
use crate::cli::{parse_date, ColorChoice, Common, Format, FormatArg, SampleArgs};
use crate::config::{self, Config};
use crate::error::{Code, Fail};
use crate::phrase::Bank;
use crate::vocab::Setting;

/// The process environment cuecard reads, captured once (tests build one).
#[derive(Default, Clone, Debug)]
pub struct Env {
    pub cuecard_config: Option<String>,
    pub cuecard_today: Option<String>,
    pub xdg_config_home: Option<String>,
    /// Where the audit log lives by default.
    pub xdg_state_home: Option<String>,
    pub home: Option<String>,
    pub user: Option<String>,
    pub no_color: Option<String>,
    pub clicolor: Option<String>,
    pub clicolor_force: Option<String>,
    /// Whether stdout is a terminal.
    pub stdout_tty: bool,
    /// Whether stdin is a terminal.
    pub stdin_tty: bool,
    /// Whether stderr is a terminal.
    pub stderr_tty: bool,
    /// The terminal's width, when stdout is one.
    pub terminal_width: Option<u16>,
    /// The local date, for when nothing else names one.
    pub local_today: Option<NaiveDate>,
}

impl Env {
    pub fn from_process() -> Env {
        use std::io::IsTerminal;
        let var = |name: &str| std::env::var(name).ok();
        let stdout_tty = std::io::stdout().is_terminal();
        Env {
            cuecard_config: var("CUECARD_CONFIG"),
            cuecard_today: var("CUECARD_TODAY"),
            xdg_config_home: var("XDG_CONFIG_HOME"),
            xdg_state_home: var("XDG_STATE_HOME"),
            home: var("HOME"),
            user: var("USER"),
            no_color: var("NO_COLOR"),
            clicolor: var("CLICOLOR"),
            clicolor_force: var("CLICOLOR_FORCE"),
            stdout_tty,
            stdin_tty: std::io::stdin().is_terminal(),
            stderr_tty: std::io::stderr().is_terminal(),
            terminal_width: stdout_tty.then(terminal_width).flatten(),
            local_today: Some(chrono::Local::now().date_naive()),
        }
    }

    /// A variable's value, unless it is unset or empty.
    pub fn set(value: &Option<String>) -> Option<&str> {
        value.as_deref().filter(|v| !v.is_empty())
    }
}

fn terminal_width() -> Option<u16> {
    let table = comfy_table::Table::new();
    table.width().filter(|w| *w >= 40)
}

/// Everything a command needs, resolved.
pub struct Settings {
    pub config: Config,
    pub bank: Bank,
    pub tone: Tone,
    pub format: Format,
    /// `--setting`: overrides every manifest.
    pub setting_override: Option<Setting>,
    /// `--today` or `CUECARD_TODAY`: overrides every manifest.
    pub today_override: Option<NaiveDate>,
    pub local_today: NaiveDate,
    pub color: bool,
    pub width: u16,
    pub operator: String,
    pub purpose_note: Option<String>,
    /// Whether a progress line may show on stderr.
    pub progress: bool,
    /// Threads for briefing (`--jobs`, else the number of cores).
    pub jobs: Jobs,
}

/// Threads for briefing: `--jobs`, else the number of cores, which is only
/// looked up when a run has work enough for threads. The lookup reads the
/// cgroup's CPU quota and took 40–90 µs, a noticeable part of a crew's run.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Jobs(Option<usize>);

impl Jobs {
    /// `n` threads (at least one).
    pub fn given(n: usize) -> Jobs {
        Jobs(Some(n.max(1)))
    }

    /// As many threads as there are cores.
    pub fn cores() -> Jobs {
        Jobs(None)
    }

    /// How many: the number given, else the cores this process may use.
    pub fn count(self) -> usize {
        self.0
            .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, usize::from))
    }
}

impl Settings {
    pub fn resolve(flags: &Common, env: &Env) -> anyhow::Result<Settings> {
        let config = load_config(flags, env)?;
        let bank = Bank::new(&config.phrases)?;
        let today_override = today_override(flags, env)?;
        let tone = Tone {
            familiarity: flags.familiarity.unwrap_or(config.tone.familiarity),
            style: flags.style.unwrap_or(config.tone.style),
            max_cues: usize::from(config.tone.max_cues),
        };
        Ok(Settings {
            tone,
            bank,
            format: briefing_format(flags.format)?,
            setting_override: flags.setting,
            today_override,
            local_today: env
                .local_today
                .unwrap_or_else(|| chrono::Local::now().date_naive()),
            color: color(flags.color, env),
            width: flags.width.or(env.terminal_width).unwrap_or(100).max(40),
            operator: flags
                .operator
                .clone()
                .or_else(|| env.user.clone())
                .unwrap_or_else(|| "unknown".into()),
            purpose_note: flags.purpose.clone(),
            progress: !flags.quiet && env.stderr_tty,
            jobs: flags
                .jobs
                .map_or_else(Jobs::cores, |n| Jobs::given(n.into())),
            config,
        })
    }

    /// What briefing one customer needs.
    pub fn briefer(&self) -> crate::brief::Briefer<'_> {
        crate::brief::Briefer {
            config: &self.config,
            bank: &self.bank,
            tone: self.tone,
        }
    }

    /// The setting for a manifest's customers (`None`: a plain profile).
    pub fn setting_for(&self, manifest: Option<Setting>) -> Setting {
        self.setting_override
            .or(manifest)
            .unwrap_or(self.config.tone.setting)
    }

    /// The briefing date: `--today`, else `CUECARD_TODAY`, else the
    /// manifest's `shift.date`, else the local date.
    pub fn today_for(&self, manifest: Option<NaiveDate>) -> NaiveDate {
        self.today_override.or(manifest).unwrap_or(self.local_today)
    }
}

/// `--today`, else `CUECARD_TODAY`, else nothing (the manifest decides).
fn today_override(flags: &Common, env: &Env) -> anyhow::Result<Option<NaiveDate>> {
    match (flags.today, Env::set(&env.cuecard_today)) {
        (Some(day), _) => Ok(Some(day)),
        (None, Some(text)) => parse_date(text)
            .map(Some)
            .map_err(|m| Fail::new(Code::Usage, format!("CUECARD_TODAY: {m}"))),
        (None, None) => Ok(None),
    }
}

/// `--format` for a briefing: table unless named; `toml` is only for `sample`.
fn briefing_format(flag: Option<FormatArg>) -> anyhow::Result<Format> {
    Ok(match flag {
        None | Some(FormatArg::Table) => Format::Table,
        Some(FormatArg::Json) => Format::Json,
        Some(FormatArg::Ndjson) => Format::Ndjson,
        Some(FormatArg::Markdown) => Format::Markdown,
        Some(FormatArg::Toml) => {
            return Err(Fail::new(
                Code::Usage,
                "`--format toml` is only for `cuecard sample`; briefings are table, json, ndjson or markdown",
            ))
        }
    })
}

/// What `cuecard sample` needs. No config is read, so the same seed gives
/// the same bytes whatever the user's config says.
pub fn sample_spec(
    flags: &Common,
    args: &SampleArgs,
    env: &Env,
) -> anyhow::Result<crate::sample::Spec> {
    use crate::sample::{Layout, Spec};
    let layout = match flags.format {
        None | Some(FormatArg::Toml) => Layout::Toml,
        Some(FormatArg::Json) => Layout::Json,
        Some(FormatArg::Ndjson) => Layout::Ndjson,
        Some(FormatArg::Table | FormatArg::Markdown) => {
            return Err(Fail::new(
                Code::Usage,
                "`cuecard sample` writes toml, json or ndjson (`--format`)",
            ))
        }
    };
    let today = today_override(flags, env)?
        .or(env.local_today)
        .unwrap_or_else(|| chrono::Local::now().date_naive());
    Ok(Spec {
        setting: flags.setting.unwrap_or_default(),
        count: args.count,
        seed: args.seed,
        layout,
        today,
    })
}

/// `--config`, else `CUECARD_CONFIG`, else the XDG file if it exists.
pub fn config_path(flags: &Common, env: &Env) -> Option<PathBuf> {
    if let Some(path) = &flags.config {
        return Some(path.clone());
    }
    if let Some(path) = Env::set(&env.cuecard_config) {
        return Some(PathBuf::from(path));
    }
    let base = Env::set(&env.xdg_config_home)
        .map(PathBuf::from)
        .or_else(|| Env::set(&env.home).map(|h| PathBuf::from(h).join(".config")))?;
    let path = base.join("cuecard").join("config.toml");
    path.is_file().then_some(path)
}

fn load_config(flags: &Common, env: &Env) -> anyhow::Result<Config> {
    let user = config_path(flags, env)
        .map(|p| config::read_user_file(&p))
        .transpose()?;
    config::load(user.as_ref())
}

/// `--color` wins; in `auto`, NO_COLOR disables, CLICOLOR_FORCE forces,
/// CLICOLOR=0 disables, otherwise colour only on a terminal.
fn color(choice: ColorChoice, env: &Env) -> bool {
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            if Env::set(&env.no_color).is_some() {
                false
            } else if Env::set(&env.clicolor_force).is_some_and(|v| v != "0") {
                true
            } else if env.clicolor.as_deref() == Some("0") {
                false
            } else {
                env.stdout_tty
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn colour_follows_the_conventions() {
        let tty = Env {
            stdout_tty: true,
            ..Env::default()
        };
        assert!(color(ColorChoice::Auto, &tty));
        assert!(!color(ColorChoice::Auto, &Env::default()));
        assert!(!color(
            ColorChoice::Auto,
            &Env {
                no_color: Some("1".into()),
                ..tty.clone()
            }
        ));
        assert!(color(
            ColorChoice::Auto,
            &Env {
                no_color: Some(String::new()),
                ..tty.clone()
            }
        ));
        assert!(!color(
            ColorChoice::Auto,
            &Env {
                clicolor: Some("0".into()),
                ..tty.clone()
            }
        ));
        assert!(color(
            ColorChoice::Auto,
            &Env {
                clicolor_force: Some("1".into()),
                ..Env::default()
            }
        ));
        assert!(color(
            ColorChoice::Always,
            &Env {
                no_color: Some("1".into()),
                ..Env::default()
            }
        ));
        assert!(!color(ColorChoice::Never, &tty));
    }

    #[test]
    fn flags_beat_config_and_env_beats_manifest() {
        let flags = Common {
            familiarity: Some(crate::vocab::Familiarity::Familiar),
            ..Common::default()
        };
        let env = Env {
            cuecard_today: Some("2026-01-02".into()),
            ..Env::default()
        };
        let s = Settings::resolve(&flags, &env).unwrap();
        assert_eq!(s.tone.familiarity, crate::vocab::Familiarity::Familiar);
        let manifest_day = NaiveDate::from_ymd_opt(2026, 5, 5);
        assert_eq!(
            s.today_for(manifest_day),
            NaiveDate::from_ymd_opt(2026, 1, 2).unwrap()
        );
    }
}
