//! Briefing one customer: classify → plan → phrase. Pure: it knows nothing
//! of flags, files or terminals, and returns the customer's row plus what
//! `explain` needs (each cue's sources, every withheld field).

use chrono::NaiveDate;

use crate::briefing::{Cue, CustomerBrief, SafeText};
use crate::classify::{classify, Candidate, Reason, Withheld};
use crate::config::Config;
use crate::input::Profile;
use crate::phrase::{fill, Bank, Slots, MAX_WORDS};
use crate::plan::{plan, Policy};
use crate::variation::{self, Cabin};
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

/// What briefing a customer needs: the config, the phrase bank and the
/// tone it is made with.
#[derive(Clone, Copy)]
pub struct Briefer<'a> {
    pub config: &'a Config,
    pub bank: &'a Bank,
    pub tone: Tone,
}

pub fn brief(profile: &Profile, by: Briefer<'_>, at: Occasion, cabin: &mut Cabin) -> Briefed {
    let Briefer { config, bank, tone } = by;
    let classified = classify(profile, config, at.today);
    let policy = Policy {
        familiarity: tone.familiarity,
        disabled: &config.rules.disabled,
    };
    let mut plan = plan(classified, &profile.consent, policy);
    let name = address_as(profile);
    let day = at.today.format("%Y-%m-%d").to_string();
    let mut cues = Vec::with_capacity(tone.max_cues);
    let mut sources = Vec::with_capacity(tone.max_cues);
    for candidate in plan.cues {
        // Assist names an action staff must take and tone protects someone
        // having a hard time: neither is ever cut by `max_cues`.
        let protective = matches!(candidate.rule, Rule::Assist | Rule::Tone);
        let full = cues.len() >= tone.max_cues && !protective;
        let cue = if full {
            None
        } else {
            let who = Who {
                name: name.as_deref(),
                seed: variation::seed(&[&profile.id, &day]),
            };
            phrase(&candidate, who, bank, tone, at.setting, cabin)
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

/// The customer a cue is phrased for: how to name them and their seed
/// (from their id and the briefing date).
#[derive(Clone, Copy)]
struct Who<'a> {
    name: Option<&'a str>,
    seed: u64,
}

/// Picks and fills a variant, deterministically from the customer's seed
/// and the cabin so far; one that would run past 20 words yields to the next.
fn phrase(
    candidate: &Candidate,
    who: Who<'_>,
    bank: &Bank,
    tone: Tone,
    setting: Setting,
    cabin: &mut Cabin,
) -> Option<Cue> {
    let slots = Slots {
        name: who.name.map(String::from),
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
    let group = variants.first()?.group();
    let ids: Vec<&str> = variants.iter().map(|v| v.id.as_str()).collect();
    let cue = cabin
        .order(group, who.seed, &ids)
        .into_iter()
        .find_map(|i| {
            let variant = variants[i];
            let text = fill(&variant.text, &slots, setting);
            (text.split_whitespace().count() <= MAX_WORDS).then(|| Cue {
                rule: candidate.rule,
                variant: variant.id.clone(),
                aim: candidate.rule.aim(),
                rung: candidate.rung,
                text: SafeText::new(&text),
            })
        })?;
    cabin.record(group, &cue.variant);
    Some(cue)
}
