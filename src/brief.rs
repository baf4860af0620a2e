//! Briefing one customer: classify → plan → phrase. Pure: it knows nothing
//! of flags, files or terminals, and returns the customer's row plus what
//! `explain` needs (each cue's sources, every withheld field).

use chrono::NaiveDate;

use crate::briefing::{Cue, CustomerBrief, SafeText};
use crate::classify::{classify, Candidate, Reason, Withheld};
use crate::config::Config;
use crate::input::Profile;
use crate::phrase::{fill, Bank, Slots, MAX_WORDS};
use crate::plan::plan;
use crate::variation;
use crate::vocab::{Familiarity, Rule, Setting, Style};

/// The tone settings a briefing is made with.
#[derive(Clone, Copy)]
pub struct Tone {
    pub familiarity: Familiarity,
    pub style: Style,
    pub max_cues: usize,
}

/// Where and when a customer is being served.
#[derive(Clone, Copy)]
pub struct Occasion {
    pub setting: Setting,
    pub today: NaiveDate,
}

/// A briefed customer: the staff row and what explains it.
pub struct Briefed {
    pub row: CustomerBrief,
    /// Per cue, in order: the field paths it came from.
    pub sources: Vec<Vec<String>>,
    pub withheld: Vec<Withheld>,
}

pub fn brief(profile: &Profile, config: &Config, bank: &Bank, tone: Tone, at: Occasion) -> Briefed {
    let classified = classify(profile, config, at.today);
    let mut plan = plan(classified, &profile.consent, tone.familiarity);
    let name = address_as(profile);
    let day = at.today.format("%Y-%m-%d").to_string();
    let mut cues = Vec::with_capacity(tone.max_cues);
    let mut sources = Vec::with_capacity(tone.max_cues);
    for candidate in plan.cues {
        let full = cues.len() >= tone.max_cues && candidate.rule != Rule::Assist;
        let cue = if full {
            None
        } else {
            phrase(
                &candidate,
                name.as_deref(),
                &profile.id,
                &day,
                bank,
                tone,
                at.setting,
            )
        };
        match cue {
            Some(cue) => {
                cues.push(cue);
                sources.push(candidate.sources);
            }
            None => {
                let reason = if full {
                    Reason::NotCued
                } else {
                    Reason::NoPhrasing
                };
                plan.withheld
                    .extend(candidate.sources.into_iter().map(|path| Withheld {
                        path,
                        reason: reason.clone(),
                    }));
            }
        }
    }
    let row = CustomerBrief {
        reference: profile
            .reference
            .as_deref()
            .map(str::trim)
            .filter(|r| !r.is_empty())
            .map(SafeText::new),
        address_as: name.as_deref().map(SafeText::new),
        cues,
    };
    Briefed {
        row,
        sources,
        withheld: plan.withheld,
    }
}

/// How to address them: the name they asked for, else title and family
/// name, else the name as booked; nothing without consent. A surname is
/// never guessed from the full name.
fn address_as(profile: &Profile) -> Option<String> {
    if !profile.consent.use_name {
        return None;
    }
    let clean = |s: &Option<String>| {
        s.as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(String::from)
    };
    if let Some(preferred) = clean(&profile.preferred_name) {
        return Some(preferred);
    }
    if let (Some(title), Some(family)) = (clean(&profile.title), clean(&profile.family_name)) {
        return Some(format!("{title} {family}"));
    }
    clean(&Some(profile.name.clone()))
}

/// Picks and fills a variant, deterministically per customer, rule, topic
/// and date; a variant that would run past 20 words yields to the next.
fn phrase(
    candidate: &Candidate,
    name: Option<&str>,
    id: &str,
    day: &str,
    bank: &Bank,
    tone: Tone,
    setting: Setting,
) -> Option<Cue> {
    let slots = Slots {
        name: name.map(String::from),
        ..candidate.slots.clone()
    };
    let variants = bank.candidates(
        candidate.rule,
        candidate.topic,
        tone.familiarity,
        tone.style,
        setting,
        &slots,
    );
    if variants.is_empty() {
        return None;
    }
    let seed = variation::seed(&[id, candidate.rule.as_str(), candidate.topic, day]);
    let first = variation::pick(seed, variants.len());
    (0..variants.len())
        .map(|i| variants[(first + i) % variants.len()])
        .find_map(|variant| {
            let text = fill(&variant.text, &slots, setting);
            (text.split_whitespace().count() <= MAX_WORDS).then(|| Cue {
                rule: candidate.rule,
                variant: variant.id.clone(),
                aim: candidate.rule.aim(),
                rung: candidate.rung,
                text: SafeText::new(&text),
            })
        })
}
