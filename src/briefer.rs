//! Briefing one customer: classify → plan → phrase. Pure: it knows nothing
//! of flags, files or terminals, and returns the customer's row plus what
//! `explain` needs (each cue's sources, every withheld field).

use chrono::{Datelike, NaiveDate};

use crate::classify::{classify, Candidate, FieldPath, Reason, Withheld};
use crate::config::Config;
use crate::input::Profile;
use crate::model::{Cue, CustomerBrief, SafeText};
use crate::phrase::greetings::may_greet;
use crate::phrase::{fill, Bank, SlotWords, Slots, Variant};
use crate::plan::{plan, Policy};
use crate::variation::{self, Cabin, Choice};
use crate::vocab::{Familiarity, Rule, Setting, Style};

/// The tone settings a briefing is made with.
#[derive(Clone, Copy)]
pub(crate) struct Tone {
    pub familiarity: Familiarity,
    pub style: Style,
    pub max_cues: usize,
}

/// Where and when a customer is being served.
#[derive(Clone, Copy)]
pub(crate) struct Occasion {
    pub setting: Setting,
    pub today: NaiveDate,
}

/// A briefed customer: the staff row and what explains it.
pub(crate) struct Briefed {
    pub row: CustomerBrief,
    /// Per cue, in order: the field paths it came from.
    pub sources: Vec<Vec<FieldPath>>,
    pub withheld: Vec<Withheld>,
}

/// What briefing a customer needs: the config, the phrase bank and the
/// tone it is made with.
#[derive(Clone, Copy)]
pub(crate) struct Briefer<'a> {
    pub config: &'a Config,
    pub bank: &'a Bank,
    pub tone: Tone,
}

/// What can be worked out for one customer without the rest of the cabin:
/// the plan and, per candidate cue, the phrasings that fit. Pure, so many
/// customers are prepared in parallel; [`finish`] then picks the wording in
/// input order.
pub(crate) struct PreparedCustomer<'b> {
    pub profile: Box<Profile>,
    name: Option<String>,
    seed: u64,
    /// Their seat's row, for the cabin's variety (see [`Cabin::choose`]).
    seat_row: Option<u32>,
    setting: Setting,
    max_cues: usize,
    cues: Vec<Phrasable<'b>>,
    withheld: Vec<Withheld>,
    /// Per cue, the wording [`choose`] takes: made room for here, so the
    /// in-order step writes into this customer's memory and allocates
    /// nothing (a batch is made, chosen and finished without leaving the
    /// worker's heap).
    picks: Vec<Pick>,
}

/// A candidate cue with its filled-in slots and the phrasings that fit.
struct Phrasable<'b> {
    candidate: Candidate,
    slots: Slots,
    variants: Vec<&'b Variant>,
    /// Per variant, what the cabin chooses by, with whether it keeps to
    /// the word limit once filled: worked out here, on any thread, so the
    /// in-order choice need not.
    choices: Vec<Choice>,
}

pub(crate) fn prepare<'b>(
    profile: Box<Profile>,
    by: Briefer<'b>,
    at: Occasion,
) -> PreparedCustomer<'b> {
    let Briefer { config, bank, tone } = by;
    let classified = classify(&profile, config, at.today, at.setting);
    let policy = Policy {
        familiarity: tone.familiarity,
        disabled: &config.rules.disabled,
    };
    let plan = plan(classified, &profile.consent, policy);
    let name = address_as(&profile);
    let voice = Voice::of(&plan.cues, tone, name.as_ref());
    let seed = variation::customer(&profile.id, at.today.num_days_from_ce());
    let cues: Vec<Phrasable<'_>> = plan
        .cues
        .into_iter()
        .enumerate()
        .map(|(i, candidate)| phrasable(candidate, bank, &voice, i, seed, at.setting))
        .collect();
    PreparedCustomer {
        seed,
        seat_row: profile.reference.as_deref().and_then(variation::seat_row),
        profile,
        name: name.map(|n| n.text),
        setting: at.setting,
        max_cues: tone.max_cues,
        picks: Vec::with_capacity(cues.len()),
        cues,
        withheld: plan.withheld,
    }
}

/// One customer's voice: every cue in one register, observed facts only as
/// hints, one greeting at most, and no full booked name said to them.
struct Voice {
    familiarity: Familiarity,
    style: Style,
    /// The cue that may open with a greeting (openers only).
    greeter: Option<usize>,
    /// The name openers may use, and whether it carries a title.
    opener_name: Option<(String, bool)>,
    hint_name: Option<String>,
}

impl Voice {
    fn of(cues: &[Candidate], tone: Tone, name: Option<&Address>) -> Voice {
        // Someone who needs a gentle tone hears everything in the reserved
        // register, whatever the shift's familiarity.
        let gentle = cues.iter().any(|c| c.rule == Rule::Tone);
        Voice {
            familiarity: if gentle {
                Familiarity::Reserved
            } else {
                tone.familiarity
            },
            style: tone.style,
            greeter: cues.iter().position(|c| may_greet(c.rule)),
            opener_name: name
                .filter(|n| n.kind != AddressKind::Booked)
                .map(|n| (n.text.clone(), n.kind == AddressKind::Titled)),
            // A full name as booked reads as a filled-in form in a note
            // too ("Sam Tanaka is newly a Gold member"); staff see it in
            // the briefing's own column.
            hint_name: name
                .filter(|n| n.kind != AddressKind::Booked)
                .map(|n| n.text.clone()),
        }
    }

    /// The style a candidate is phrased in: an observed fact is never said
    /// to the customer, only offered to staff as a possibility.
    fn style(&self, candidate: &Candidate) -> Style {
        if candidate.observed {
            Style::Hint
        } else {
            self.style
        }
    }
}

/// A candidate with its slots filled in and the phrasings that suit it.
fn phrasable<'b>(
    mut candidate: Candidate,
    bank: &'b Bank,
    voice: &Voice,
    i: usize,
    seed: u64,
    setting: Setting,
) -> Phrasable<'b> {
    let style = voice.style(&candidate);
    let (name, formal_name) = match style {
        Style::Opener => voice
            .opener_name
            .clone()
            .map_or((None, false), |(n, t)| (Some(n), t)),
        Style::Hint => (voice.hint_name.clone(), false),
    };
    let mut slots = Slots {
        name,
        formal_name,
        ..std::mem::take(&mut candidate.slots)
    };
    if style == Style::Opener && slots.value.as_deref().is_some_and(speaks_of_them) {
        // "A coffee while they browse" is a note to staff, not a line to
        // say to them: an opener takes a phrasing without the value.
        slots.value = None;
    }
    let variants = bank.candidates(
        candidate.rule,
        candidate.topic,
        voice.familiarity,
        style,
        setting,
        &slots,
    );
    let words = SlotWords::of(&slots);
    let edges = fill::Edges::of(&slots);
    // One greeting per customer is an opener's rule: a note to staff that
    // starts "Welcome them…" greets nobody.
    let may_greet = style == Style::Hint || voice.greeter == Some(i);
    let choices = variants
        .iter()
        .map(|v| Choice {
            hash: v.hash,
            place: v.place,
            fits: (may_greet || !v.greets) && v.fits(&slots, (&words, &edges), setting),
            rank: Choice::rank(v.hash, seed),
        })
        .collect();
    Phrasable {
        candidate,
        choices,
        slots,
        variants,
    }
}

/// Whether typed words talk about the customer in the third person.
fn speaks_of_them(value: &str) -> bool {
    value
        .split(|c: char| !c.is_alphanumeric() && c != '\'')
        .any(|w| crate::locale::en::THIRD_PERSON.contains(&w.to_lowercase().as_str()))
}

#[derive(Clone, Copy)]
enum Pick {
    Variant(usize),
    /// Cut at `max_cues`.
    Full,
    /// No phrasing fits.
    None,
}

/// The one step that must run in input order: each cue's variant, from the
/// customer's seed and the cabin so far. Cheap: nothing is filled or
/// allocated; [`complete`] does that on any thread.
pub(crate) fn choose(prepared: &mut PreparedCustomer<'_>, cabin: &mut Cabin) {
    let mut cued = 0;
    let PreparedCustomer {
        cues,
        picks,
        seed,
        max_cues,
        seat_row,
        ..
    } = prepared;
    let row = *seat_row;
    picks.clear();
    picks.extend(cues.iter().map(|p| {
        // Assist names an action staff must take and tone protects
        // someone having a hard time: neither is ever cut by `max_cues`.
        let protective = matches!(p.candidate.rule, Rule::Assist | Rule::Tone);
        if cued >= *max_cues && !protective {
            return Pick::Full;
        }
        match pick(p, *seed, row, cabin) {
            Some(i) => {
                cued += 1;
                Pick::Variant(i)
            }
            None => Pick::None,
        }
    }));
}

/// Fills and sanitises the chosen wording: the customer's briefing.
pub(crate) fn complete(prepared: PreparedCustomer<'_>) -> (Box<Profile>, Briefed) {
    let PreparedCustomer {
        profile,
        name,
        setting,
        max_cues,
        cues: phrasable,
        mut withheld,
        picks,
        ..
    } = prepared;
    let mut cues = Vec::with_capacity(max_cues);
    let mut sources = Vec::with_capacity(max_cues);
    for (p, pick) in phrasable.into_iter().zip(picks) {
        let reason = match pick {
            Pick::Variant(i) => {
                let variant = p.variants[i];
                cues.push(Cue {
                    rule: p.candidate.rule,
                    variant: variant.id.clone(),
                    aim: p.candidate.rule.aim(),
                    rung: p.candidate.rung,
                    text: SafeText::from_string(fill(&variant.text, &p.slots, setting)),
                });
                sources.push(p.candidate.sources);
                continue;
            }
            Pick::Full => Reason::NotCued,
            Pick::None => Reason::NoPhrasing,
        };
        withheld.extend(p.candidate.sources.into_iter().map(|path| Withheld {
            path,
            reason: reason.clone(),
        }));
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
    (
        profile,
        Briefed {
            row,
            sources,
            withheld,
        },
    )
}

/// Titles that make a name formal ("Ms Okafor").
const TITLES: &[&str] = &[
    "Mr",
    "Mrs",
    "Ms",
    "Miss",
    "Mx",
    "Dr",
    "Prof",
    "Professor",
    "Sir",
    "Dame",
    "Lady",
    "Lord",
    "Rev",
    "Revd",
    "Captain",
    "Capt",
];

/// How to address someone, and where the name came from.
struct Address {
    text: String,
    kind: AddressKind,
}

#[derive(PartialEq, Eq)]
enum AddressKind {
    /// The name they asked for.
    Preferred,
    /// Title and family name ("Ms Okafor").
    Titled,
    /// The full name as booked: staff may read it, but an opener never
    /// says it to them.
    Booked,
}

/// How to address them: the name they asked for, else title and family
/// name, else the name as booked; nothing without consent. A surname is
/// never guessed from the full name.
fn address_as(profile: &Profile) -> Option<Address> {
    if !profile.consent.use_name {
        return None;
    }
    let clean = |s: &Option<String>| {
        s.as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(String::from)
    };
    let address = |text, kind| Some(Address { text, kind });
    if let Some(preferred) = clean(&profile.preferred_name) {
        // "Dr Okafor" asked for is still a title: never after "Hi".
        let titled = preferred
            .split_whitespace()
            .next()
            .is_some_and(|w| TITLES.contains(&w.trim_end_matches('.')));
        let kind = if titled {
            AddressKind::Titled
        } else {
            AddressKind::Preferred
        };
        return address(preferred, kind);
    }
    if let (Some(title), Some(family)) = (clean(&profile.title), clean(&profile.family_name)) {
        return address(format!("{title} {family}"), AddressKind::Titled);
    }
    address(clean(&Some(profile.name.clone()))?, AddressKind::Booked)
}

/// Picks a variant, deterministically from the customer's seed and the
/// cabin so far; one that would run past 20 words yields to the next.
fn pick(p: &Phrasable<'_>, seed: u64, row: Option<u32>, cabin: &mut Cabin) -> Option<usize> {
    let group = p.variants.first()?.group_hash;
    cabin.choose(group, seed, row, &p.choices)
}
