//! `--ref`: which customers a run is about. Only they are briefed, printed
//! and recorded in the audit log; a ref found in no input is reported. A
//! ref is operational data (a seat, a room), not personal, so messages may
//! name it.

/// The refs asked for (none: every customer), and which were found.
use crate::error::InputError;
use crate::input::Parsed;

#[derive(Default, Clone)]
pub(crate) struct Wanted {
    /// Each ref as given, and in lower case for matching.
    refs: Vec<(String, String)>,
    found: Vec<bool>,
}

impl Wanted {
    /// The refs given (each trimmed; empty ones dropped).
    pub(crate) fn new(refs: &[String]) -> Wanted {
        let refs: Vec<(String, String)> = refs
            .iter()
            .map(|r| r.trim())
            .filter(|r| !r.is_empty())
            .map(|r| (r.to_string(), r.to_lowercase()))
            .collect();
        Wanted {
            found: vec![false; refs.len()],
            refs,
        }
    }

    /// Whether a customer with this ref is wanted: every one when no ref
    /// was asked for; else one whose ref matches one asked for, whole and
    /// ignoring case.
    pub(crate) fn admits(&self, reference: Option<&str>) -> bool {
        self.refs.is_empty() || reference.is_some_and(|r| self.position(r).is_some())
    }

    /// Whether a bad record is reported: when its ref is unknown (it might
    /// be one asked for) or wanted.
    pub(crate) fn admits_error(&self, error: &InputError) -> bool {
        error.reference.is_none() || self.admits(error.reference.as_deref())
    }

    /// Whether a parsed stream line is kept.
    pub(crate) fn admits_item(&self, item: &Parsed) -> bool {
        match item {
            Ok(profile) => self.admits(profile.reference.as_deref()),
            Err(error) => self.admits_error(error),
        }
    }

    /// Notes that a customer with this ref was read.
    pub(crate) fn found(&mut self, reference: Option<&str>) {
        self.found_at(self.which(reference));
    }

    /// Which ref asked for this is, if any: for a worker thread, which
    /// cannot note it (see [`Wanted::found_at`]).
    pub(crate) fn which(&self, reference: Option<&str>) -> Option<usize> {
        reference.and_then(|r| self.position(r))
    }

    /// Notes that a customer with the ref at `at` was read.
    pub(crate) fn found_at(&mut self, at: Option<usize>) {
        if let Some(at) = at {
            self.found[at] = true;
        }
    }

    /// The refs asked for that no input held, as given.
    pub(crate) fn missing(&self) -> impl Iterator<Item = &str> {
        self.refs
            .iter()
            .zip(&self.found)
            .filter(|(_, found)| !**found)
            .map(|((given, _), _)| given.as_str())
    }

    /// Whether `--ref` was given, but with nothing in it (`--ref ""`).
    pub(crate) fn is_blank(given: &[String]) -> bool {
        !given.is_empty() && given.iter().all(|r| r.trim().is_empty())
    }

    fn position(&self, reference: &str) -> Option<usize> {
        // No `--ref` (nearly every run): nothing to match, and no lower-
        // casing of every customer's ref on the thread that keeps order.
        if self.refs.is_empty() {
            return None;
        }
        let lower = reference.trim().to_lowercase();
        self.refs.iter().position(|(_, want)| *want == lower)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refs_match_whole_and_ignoring_case() {
        let mut wanted = Wanted::new(&["12d".into(), " Room 1204 ".into(), String::new()]);
        assert!(wanted.admits(Some("12D")));
        assert!(wanted.admits(Some("room 1204")));
        assert!(!wanted.admits(Some("12")));
        assert!(!wanted.admits(Some("12DX")));
        assert!(!wanted.admits(None));
        wanted.found(Some("12D"));
        assert_eq!(wanted.missing().collect::<Vec<_>>(), ["Room 1204"]);
        let all = Wanted::default();
        assert!(all.admits(None) && all.admits(Some("x")));
        assert_eq!(all.missing().count(), 0);
    }
}
