//! What a run keeps track of between customers: whether the header is out,
//! the current input's occasion and the totals that decide the exit code.

use std::io::Write;

use super::printer::Printer;
use crate::briefer::Occasion;
use crate::error::{Code, InputError};
use crate::input::Shift;
use crate::model::{ErrorOut, Header, PurposeOut, SafeText, ShiftOut, Summary};
use crate::settings::Settings;

/// The header for a briefing, from the first input's shift (if any).
pub(super) fn header(settings: &Settings, shift: Option<&Shift>) -> Header {
    let today = settings.today_for(shift.and_then(|s| s.date).map(|d| d.0));
    Header {
        shift: ShiftOut {
            title: shift.and_then(|s| s.title.as_deref()).map(SafeText::new),
            date: today.format("%Y-%m-%d").to_string(),
            setting: settings.setting_for(shift.and_then(|s| s.setting)),
        },
        familiarity: settings.tone.familiarity,
        style: settings.tone.style,
        purpose: PurposeOut {
            achieve: SafeText::new(&settings.config.purpose.achieve),
            avoid: SafeText::new(&settings.config.purpose.avoid),
        },
    }
}

/// Tracks a run's progress: the header, the current input's occasion and
/// the totals that decide the exit code.
pub(crate) struct RunState {
    /// The header of the shift being printed, once there is one.
    pub shown: Option<Header>,
    pub occasion: Option<Occasion>,
    pub summary: Summary,
    pub unreadable: bool,
    /// Whether a `--ref` matched no customer.
    pub refs_missing: bool,
}

impl Default for RunState {
    fn default() -> Self {
        RunState::new()
    }
}

impl RunState {
    pub(super) fn new() -> RunState {
        RunState {
            shown: None,
            occasion: None,
            summary: Summary::default(),
            unreadable: false,
            refs_missing: false,
        }
    }

    /// A new input starts: sets the occasion, and gives its header when
    /// it starts a new shift (the first input, or a different shift from
    /// the one printed: each manifest keeps its own header).
    pub(super) fn begin(&mut self, settings: &Settings, shift: Option<&Shift>) -> Option<Header> {
        let header = header(settings, shift);
        self.occasion = Some(Occasion {
            setting: settings.setting_for(shift.and_then(|s| s.setting)),
            today: settings.today_for(shift.and_then(|s| s.date).map(|d| d.0)),
        });
        if self.shown.as_ref() == Some(&header) {
            return None;
        }
        self.shown = Some(header.clone());
        Some(header)
    }

    /// The header, if none was printed yet (a run with no input read).
    pub(super) fn begin_if_none(&mut self, settings: &Settings) -> Option<Header> {
        match self.shown {
            Some(_) => None,
            None => self.begin(settings, None),
        }
    }

    pub(super) fn occasion(&self, settings: &Settings) -> Occasion {
        self.occasion.unwrap_or(Occasion {
            setting: settings.setting_for(None),
            today: settings.today_for(None),
        })
    }

    /// Reports a bad input on stderr and counts it.
    pub(super) fn error(
        &mut self,
        error: &InputError,
        err: &mut dyn Write,
    ) -> anyhow::Result<ErrorOut> {
        let shown = ErrorOut::from(error);
        writeln!(err, "cuecard: {shown}")?;
        self.summary.errors += 1;
        if error.missing {
            self.summary.inputs_not_found += 1;
        } else if error.unreadable {
            self.summary.inputs_unreadable += 1;
        }
        self.unreadable |= error.unreadable;
        Ok(shown)
    }

    pub(super) fn code(&self) -> Code {
        if self.unreadable || self.refs_missing {
            Code::NotFound
        } else if self.summary.errors > 0 {
            Code::BadInput
        } else {
            Code::Ok
        }
    }
}

/// Ends a run: makes sure a header was written, then the totals.
pub(crate) fn finish(
    printer: &mut Printer<'_>,
    run: &mut RunState,
    settings: &Settings,
) -> anyhow::Result<Code> {
    if let Some(h) = run.begin_if_none(settings) {
        printer.begin(&h)?;
    }
    printer.finish(&run.summary)?;
    Ok(run.code())
}
