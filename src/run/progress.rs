//! A progress line on stderr for long runs, so someone briefing a whole
//! loyalty base on a terminal sees it moving. It stays hidden for short
//! runs, when stderr is not a terminal, and with `--quiet`; stdout is never
//! touched.

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

/// Customers before the bar appears: a shift's manifest never shows one.
const SHOW_AFTER: u64 = 2_000;
/// How often the count is pushed to the bar (a cheap tick on the hot path).
const EVERY: u64 = 500;

pub(super) struct Progress {
    enabled: bool,
    count: u64,
    bar: Option<ProgressBar>,
}

impl Progress {
    /// A progress line that may appear; `enabled` is false for `--quiet`
    /// or when stderr is not a terminal.
    pub(super) fn new(enabled: bool) -> Progress {
        Progress {
            enabled,
            count: 0,
            bar: None,
        }
    }

    /// One more customer briefed.
    pub(super) fn tick(&mut self) {
        self.count += 1;
        if !self.enabled || !self.count.is_multiple_of(EVERY) {
            return;
        }
        if self.bar.is_none() && self.count >= SHOW_AFTER {
            let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr());
            let style = ProgressStyle::with_template(
                "{spinner} briefed {human_pos} customers ({per_sec}, {elapsed})",
            )
            .unwrap_or_else(|_| ProgressStyle::default_spinner());
            bar.set_style(style);
            self.bar = Some(bar);
        }
        if let Some(bar) = &self.bar {
            bar.set_position(self.count);
        }
    }

    /// Clears the line before the briefing is printed.
    pub(super) fn finish(&mut self) {
        if let Some(bar) = self.bar.take() {
            bar.finish_and_clear();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stays_hidden_for_short_or_disabled_runs() {
        let mut short = Progress::new(true);
        for _ in 0..1_999 {
            short.tick();
        }
        assert!(short.bar.is_none());
        let mut quiet = Progress::new(false);
        for _ in 0..10_000 {
            quiet.tick();
        }
        assert!(quiet.bar.is_none());
    }
}
