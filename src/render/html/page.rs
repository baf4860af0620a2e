//! The page every HTML format shares: a self-contained document (inline
//! style and script, each allowed by its hash in a strict
//! `Content-Security-Policy`, nothing fetched from anywhere), the shift
//! header, the index of refs, aim badges and the legend.
//!
//! Everything from input is spliced with maud's `(…)`, which escapes it;
//! the only `PreEscaped` text is this file's own style and script.

use std::sync::LazyLock;

use maud::{html, Markup, PreEscaped, DOCTYPE};

use crate::digest::sha256_base64;
use crate::model::{ErrorOut, Header};
use crate::vocab::{Aim, AIM_MEANINGS, RUNGS, RUNG_CAPS};

const STYLE: &str = include_str!("style.css");
const SCRIPT: &str = include_str!("find.js");

/// The policy: nothing may load, and only this file's own style and
/// script may run (by hash), so even markup that slipped through could
/// neither run nor fetch anything.
static POLICY: LazyLock<String> = LazyLock::new(|| {
    format!(
        "default-src 'none'; style-src 'sha256-{}'; script-src 'sha256-{}'; \
         img-src 'none'; base-uri 'none'; form-action 'none'",
        sha256_base64(STYLE.as_bytes()),
        sha256_base64(SCRIPT.as_bytes())
    )
});

/// What a page is about, for its title and its find box.
pub(crate) struct Page<'a> {
    /// "Briefing" or "Explanation".
    pub(crate) kind: &'a str,
    /// The shift's title, or what the page holds when there are several.
    pub(crate) subject: &'a str,
    /// What the find box looks for: "seat", "room", "ref".
    pub(crate) ref_word: &'a str,
}

/// The whole document around a run's `main` content and its `footer`.
pub(crate) fn document(page: &Page, main: &Markup, footer: &Markup) -> Markup {
    html! {
        (DOCTYPE)
        html lang="en" {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                meta http-equiv="Content-Security-Policy" content=(POLICY.as_str());
                meta name="referrer" content="no-referrer";
                title { (page.kind) ": " (page.subject) }
                style { (PreEscaped(STYLE)) }
            }
            body {
                header {
                    h1 { (page.kind) ": " (page.subject) }
                    div.find role="search" hidden {
                        label for="find" { "Find a " (page.ref_word) " or name" }
                        input #find type="search" autocomplete="off" spellcheck="false";
                        p #found aria-live="polite" {}
                    }
                }
                main { (main) }
                footer { (footer) }
                script { (PreEscaped(SCRIPT)) }
            }
        }
    }
}

/// A shift's opening lines: its title (`id` for the heading), date,
/// setting and familiarity, then the purpose lines.
pub(crate) fn shift_header(header: &Header, id: &str, title: &str) -> Markup {
    html! {
        h2 #(id) { (title) }
        p.meta { (header.shift.date) " · " (header.shift.setting) " · familiarity: " (header.familiarity) }
        ul.purpose {
            li { strong { "Aim:" } " " (header.purpose.achieve.as_str()) }
            li { strong { "Avoid:" } " " (header.purpose.avoid.as_str()) }
        }
    }
}

/// The index of refs at the top of a shift: each jumps to its customer,
/// in order. `entries` are (anchor id, ref) pairs; `heading` is the id of
/// the shift's heading, so each shift's index has its own name.
pub(crate) fn index(id: &str, heading: &str, label: &str, entries: &[(String, &str)]) -> Markup {
    html! {
        @if !entries.is_empty() {
            nav.index aria-labelledby={ (id) " " (heading) } {
                h3 #(id) { (label) "s" }
                ol {
                    @for (anchor, reference) in entries {
                        li { a href={ "#" (anchor) } { (reference) } }
                    }
                }
            }
        }
    }
}

/// An aim as a word in a coloured box: the word carries the meaning, the
/// colour only helps the eye.
pub(crate) fn aim(aim: Aim) -> Markup {
    html! { span class={ "aim aim-" (aim.as_str()) } { (aim.as_str()) } }
}

/// The list of records and inputs that could not be briefed.
pub(crate) fn not_briefed(errors: &[&ErrorOut]) -> Markup {
    html! {
        @if !errors.is_empty() {
            section.errors aria-labelledby="not-briefed" {
                h2 #not-briefed { "Not briefed" }
                ul { @for error in errors { li { (error.to_string()) } } }
            }
        }
    }
}

/// What the aims mean, and with `rungs` what the rungs mean.
pub(crate) fn legend(rungs: bool) -> Markup {
    html! {
        section.legend aria-labelledby="legend" {
            h2 #legend { "Legend" }
            h3 { "Aims, shown beside each cue" }
            dl {
                @for (aim_word, meaning, _) in AIM_MEANINGS {
                    dt { (aim(*aim_word)) }
                    dd { (meaning) }
                }
            }
            @if rungs {
                h3 { "Rungs of the closeness ladder" }
                dl {
                    @for (rung, meaning) in RUNGS {
                        dt { (rung) }
                        dd { (meaning) }
                    }
                }
                p { (RUNG_CAPS) }
            }
        }
    }
}
