//! The one place where flags, environment and config meet: built-in config
//! < user config file < environment < flags, resolved once into
//! [`Settings`] that the rest of the program reads.

use std::path::PathBuf;

use chrono::NaiveDate;

use crate::briefer::Tone;
use crate::cli::{parse_date, Cli, ColorChoice, Command, Common, SampleArgs};
use crate::config::{self, Config};
use crate::env::Env;
use crate::error::{Code, Fail};
use crate::phrase::Bank;
use crate::pool::Jobs;
use crate::vocab::{Format, InputFormat, Setting};

/// The narrowest `--width` honoured: a block per customer still reads at
/// this width, a table does not (the terminal output switches on its own).
const MIN_WIDTH: u16 = 20;

/// Everything a command needs, resolved.
pub(crate) struct Settings {
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
    /// `--quiet`: no progress line, no first-run note.
    pub quiet: bool,
    /// Threads for briefing (`--jobs`, else the number of cores).
    pub jobs: Jobs,
    /// `--map`: the mapping file for every table input.
    pub map: Option<std::path::PathBuf>,
    /// `--sheet`: the workbook sheet to read.
    pub sheet: Option<String>,
    /// `--input-format`: stdin is a table of this kind.
    pub stdin_table: Option<InputFormat>,
}

/// The commands that read settings. Each writes its own formats: this is
/// the one place they are checked.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum Job {
    Brief,
    Explain,
    Sample,
    Audit,
}

impl Job {
    /// `--format` for this command: the named format if the command writes
    /// it, else its default when none is named.
    pub(crate) fn format(self, flag: Option<Format>) -> anyhow::Result<Format> {
        let writes = self.formats();
        match flag {
            // The first is the default.
            None => Ok(writes[0]),
            Some(format) if writes.contains(&format) => Ok(format),
            Some(format) => Err(Fail::new(Code::Usage, self.refusal(format, &writes))),
        }
    }

    /// The formats this command writes, its default first.
    fn formats(self) -> Vec<Format> {
        match self {
            Job::Brief => crate::render::names(crate::render::FORMATS),
            Job::Explain => crate::render::names(crate::explain::FORMATS),
            Job::Sample => vec![Format::Toml, Format::Json, Format::Ndjson, Format::Csv],
            Job::Audit => vec![Format::Table, Format::Json],
        }
    }

    fn refusal(self, format: Format, writes: &[Format]) -> String {
        let names: Vec<String> = writes.iter().map(ToString::to_string).collect();
        let list = match names.split_last() {
            Some((last, [])) => last.clone(),
            Some((last, rest)) => format!("{} or {last}", rest.join(", ")),
            None => String::new(),
        };
        match self {
            Job::Brief | Job::Explain if Job::Sample.formats().contains(&format) => {
                format!("`--format {format}` is only for `cuecard sample`; briefings are {list}")
            }
            Job::Brief => format!("`cuecard brief` writes {list} (`--format`)"),
            Job::Explain => format!("`cuecard explain` writes {list} (`--format`)"),
            Job::Sample => format!("`cuecard sample` writes {list} (`--format`)"),
            Job::Audit => format!("`cuecard audit` prints --format {list}"),
        }
    }
}

impl Settings {
    pub(crate) fn resolve(flags: &Common, env: &Env, job: Job) -> anyhow::Result<Settings> {
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
            format: job.format(flags.format)?,
            setting_override: flags.setting,
            today_override,
            local_today: env
                .local_today
                .unwrap_or_else(|| chrono::Local::now().date_naive()),
            color: color(flags.color.unwrap_or_default(), env),
            width: flags
                .width
                .or(env.terminal_width)
                .unwrap_or(100)
                .max(MIN_WIDTH),
            operator: flags
                .operator
                .clone()
                .or_else(|| env.user.clone())
                .unwrap_or_else(|| "unknown".into()),
            purpose_note: flags.purpose.clone(),
            progress: !flags.quiet && env.stderr_tty,
            quiet: flags.quiet,
            jobs: flags
                .jobs
                .map_or_else(Jobs::cores, |n| Jobs::given(n.into())),
            map: flags.map.clone(),
            sheet: flags.sheet.clone(),
            stdin_table: flags.input_format,
            config,
        })
    }

    /// What briefing one customer needs.
    pub(crate) fn briefer(&self) -> crate::briefer::Briefer<'_> {
        crate::briefer::Briefer {
            config: &self.config,
            bank: &self.bank,
            tone: self.tone,
        }
    }

    /// The setting for a manifest's customers (`None`: a plain profile).
    pub(crate) fn setting_for(&self, manifest: Option<Setting>) -> Setting {
        self.setting_override
            .or(manifest)
            .unwrap_or(self.config.tone.setting)
    }

    /// The briefing date: `--today`, else `CUECARD_TODAY`, else the
    /// manifest's `shift.date`, else the local date.
    pub(crate) fn today_for(&self, manifest: Option<NaiveDate>) -> NaiveDate {
        self.today_override.or(manifest).unwrap_or(self.local_today)
    }
}

/// The flags in force for the command: those given before it, overridden
/// by those given after it (each command takes only the flags it uses).
pub(crate) fn flags_for(cli: &Cli) -> Common {
    let before = &cli.common;
    let after = match &cli.command {
        Command::Brief(inputs) | Command::Explain(inputs) => inputs.flags.clone(),
        Command::Sample(args) => Common {
            format: args.format,
            setting: args.setting,
            today: args.today,
            ..Common::default()
        },
        Command::Audit(args) => Common {
            config: args.config.config.clone(),
            format: args.format,
            width: args.width,
            ..Common::default()
        },
        Command::Check { flags, .. } => Common {
            config: flags.config.clone(),
            ..Common::default()
        },
        Command::Completions { .. } | Command::Man | Command::Schema { .. } | Command::Map(_) => {
            Common::default()
        }
    };
    Common {
        config: after.config.or_else(|| before.config.clone()),
        format: after.format.or(before.format),
        familiarity: after.familiarity.or(before.familiarity),
        style: after.style.or(before.style),
        setting: after.setting.or(before.setting),
        today: after.today.or(before.today),
        operator: after.operator.or_else(|| before.operator.clone()),
        purpose: after.purpose.or_else(|| before.purpose.clone()),
        color: after.color.or(before.color),
        width: after.width.or(before.width),
        jobs: after.jobs.or(before.jobs),
        quiet: after.quiet || before.quiet,
        map: after.map.or_else(|| before.map.clone()),
        sheet: after.sheet.or_else(|| before.sheet.clone()),
        input_format: after.input_format.or(before.input_format),
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

/// What `cuecard sample` needs. No config is read, so the same seed gives
/// the same bytes whatever the user's config says.
pub(crate) fn sample_spec(
    flags: &Common,
    args: &SampleArgs,
    env: &Env,
) -> anyhow::Result<crate::sample::Spec> {
    use crate::sample::{Layout, Spec};
    let layout = match Job::Sample.format(flags.format)? {
        Format::Json => Layout::Json,
        Format::Ndjson => Layout::Ndjson,
        Format::Csv => Layout::Csv,
        _ => Layout::Toml,
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
pub(crate) fn config_path(flags: &Common, env: &Env) -> Option<PathBuf> {
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
    fn each_command_writes_its_own_formats_and_names_them_when_refusing() {
        assert_eq!(Job::Brief.format(None).unwrap(), Format::Table);
        assert_eq!(Job::Sample.format(None).unwrap(), Format::Toml);
        for job in [Job::Brief, Job::Explain, Job::Sample, Job::Audit] {
            for format in job.formats() {
                assert_eq!(job.format(Some(format)).unwrap(), format);
            }
        }
        let refusal = |job: Job, format| job.format(Some(format)).unwrap_err().to_string();
        assert_eq!(
            refusal(Job::Explain, Format::Toml),
            "`--format toml` is only for `cuecard sample`; briefings are table, json, ndjson, markdown or html"
        );
        assert_eq!(
            refusal(Job::Sample, Format::Markdown),
            "`cuecard sample` writes toml, json, ndjson or csv (`--format`)"
        );
        assert_eq!(
            refusal(Job::Audit, Format::Toml),
            "`cuecard audit` prints --format table or json"
        );
    }

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
        let s = Settings::resolve(&flags, &env, Job::Brief).unwrap();
        assert_eq!(s.tone.familiarity, crate::vocab::Familiarity::Familiar);
        let manifest_day = NaiveDate::from_ymd_opt(2026, 5, 5);
        assert_eq!(
            s.today_for(manifest_day),
            NaiveDate::from_ymd_opt(2026, 1, 2).unwrap()
        );
    }
}
