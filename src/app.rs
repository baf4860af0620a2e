//! Running a command: settings are resolved once, inputs are loaded and
//! briefed record by record, and the chosen renderer writes to the given
//! streams. Nothing here prints directly; `main` hands in stdout and stderr.

use std::io::Write;

use crate::brief::{brief, Occasion};
use crate::briefing::{ErrorOut, Header, PurposeOut, SafeText, ShiftOut, Summary};
use crate::cli::{Cli, Command};
use crate::error::{Code, Fail, InputError};
use crate::input::{self, Event, Shift};
use crate::render::{renderer, Renderer, TableStyle};
use crate::settings::{Env, Settings};
use crate::variation::Cabin;

/// Runs the parsed command line; returns the exit code for a run that
/// completed (possibly with bad records), or an error for one that did not.
pub fn run(cli: &Cli, env: &Env, out: &mut dyn Write, err: &mut dyn Write) -> anyhow::Result<Code> {
    match &cli.command {
        Command::Brief(inputs) => {
            let settings = Settings::resolve(&cli.common, env)?;
            let inputs = inputs_or_stdin(&inputs.inputs, env)?;
            brief_all(&settings, &inputs, out, err)
        }
        Command::Explain(inputs) => {
            let settings = Settings::resolve(&cli.common, env)?;
            let inputs = inputs_or_stdin(&inputs.inputs, env)?;
            crate::explain::explain_all(&settings, &inputs, out, err)
        }
        Command::Check { config } => crate::check::check(config.as_deref(), &cli.common, env, out),
    }
}

/// No INPUT reads stdin, unless stdin is a terminal: then a hint, not a hang.
fn inputs_or_stdin(inputs: &[String], env: &Env) -> anyhow::Result<Vec<String>> {
    if !inputs.is_empty() {
        return Ok(inputs.to_vec());
    }
    if env.stdin_tty {
        return Err(Fail::new(
            Code::Usage,
            "no input given: name a profile, manifest or stream (e.g. `cuecard brief briefings/flight-qf1.toml`), or pipe NDJSON in",
        ));
    }
    Ok(vec!["-".into()])
}

/// The header for a briefing, from the first input's shift (if any).
pub fn header(settings: &Settings, shift: Option<&Shift>) -> Header {
    let today = settings.today_for(shift.and_then(|s| s.date).map(|d| d.0));
    Header {
        shift: ShiftOut {
            title: shift.and_then(|s| s.title.as_deref()).map(SafeText::new),
            date: today.format("%Y-%m-%d").to_string(),
            setting: settings.setting_for(shift.and_then(|s| s.setting)),
        },
        familiarity: settings.tone.familiarity,
        style: settings.tone.style,
        purpose: PurposeOut::from(&settings.config.purpose),
    }
}

/// Tracks a run's progress: the header, the current input's occasion and
/// the totals that decide the exit code.
pub struct Run {
    pub begun: bool,
    pub occasion: Option<Occasion>,
    pub summary: Summary,
    pub unreadable: bool,
    /// Phrase variety across the whole briefing.
    pub cabin: Cabin,
}

impl Default for Run {
    fn default() -> Self {
        Run::new()
    }
}

impl Run {
    pub fn new() -> Run {
        Run {
            begun: false,
            occasion: None,
            summary: Summary::default(),
            unreadable: false,
            cabin: Cabin::default(),
        }
    }

    /// A new input starts: sets the occasion, and the header once.
    pub fn begin(&mut self, settings: &Settings, shift: Option<&Shift>) -> Option<Header> {
        let header = header(settings, shift);
        self.occasion = Some(Occasion {
            setting: settings.setting_for(shift.and_then(|s| s.setting)),
            today: settings.today_for(shift.and_then(|s| s.date).map(|d| d.0)),
        });
        if self.begun {
            return None;
        }
        self.begun = true;
        Some(header)
    }

    pub fn occasion(&self, settings: &Settings) -> Occasion {
        self.occasion.unwrap_or(Occasion {
            setting: settings.setting_for(None),
            today: settings.today_for(None),
        })
    }

    /// Reports a bad input on stderr and counts it.
    pub fn error(&mut self, error: &InputError, err: &mut dyn Write) -> anyhow::Result<ErrorOut> {
        let shown = ErrorOut::from(error);
        writeln!(err, "cuecard: {shown}")?;
        self.summary.errors += 1;
        self.unreadable |= error.unreadable;
        Ok(shown)
    }

    pub fn code(&self) -> Code {
        if self.unreadable {
            Code::NotFound
        } else if self.summary.errors > 0 {
            Code::BadInput
        } else {
            Code::Ok
        }
    }
}

fn brief_all(
    settings: &Settings,
    inputs: &[String],
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> anyhow::Result<Code> {
    let style = TableStyle {
        width: settings.width,
        color: settings.color,
    };
    let mut render = renderer(settings.format, out, style);
    let mut run = Run::new();
    for name in inputs {
        let mut on_event = |event: Event| -> anyhow::Result<()> {
            match event {
                Event::Begin { shift, .. } => {
                    if let Some(h) = run.begin(settings, shift.as_ref()) {
                        render.begin(&h)?;
                    }
                }
                Event::Profile(profile) => {
                    let briefed = brief(
                        &profile,
                        settings.briefer(),
                        run.occasion(settings),
                        &mut run.cabin,
                    );
                    run.summary.customers += 1;
                    run.summary.cues += briefed.row.cues.len();
                    render.customer(briefed.row)?;
                }
                Event::Error(e) => {
                    let shown = run.error(&e, err)?;
                    render.error(&shown)?;
                }
            }
            Ok(())
        };
        input::load(name, settings.config.limits.max_input_bytes, &mut on_event)?;
    }
    finish(render.as_mut(), &mut run, settings)
}

/// Ends a run: makes sure a header was written, then the totals.
pub fn finish(
    render: &mut dyn Renderer,
    run: &mut Run,
    settings: &Settings,
) -> anyhow::Result<Code> {
    if let Some(h) = run.begin(settings, None) {
        render.begin(&h)?;
    }
    render.finish(&run.summary)?;
    Ok(run.code())
}
