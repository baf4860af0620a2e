//! The small shared words of the domain: settings (and the wording each one
//! brings), familiarity levels, cue styles, rules and aims.

use std::fmt;

use clap::ValueEnum;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// Where staff meet the customer; changes the wording ("flying with us").
#[derive(
    Clone, Copy, PartialEq, Eq, Hash, Debug, Deserialize, Serialize, JsonSchema, ValueEnum, Default,
)]
#[serde(rename_all = "snake_case")]
pub enum Setting {
    Flight,
    Hotel,
    Retail,
    Pharmacy,
    Restaurant,
    #[default]
    Generic,
}

impl Setting {
    pub const ALL: [Setting; 6] = [
        Setting::Flight,
        Setting::Hotel,
        Setting::Retail,
        Setting::Pharmacy,
        Setting::Restaurant,
        Setting::Generic,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Setting::Flight => "flight",
            Setting::Hotel => "hotel",
            Setting::Retail => "retail",
            Setting::Pharmacy => "pharmacy",
            Setting::Restaurant => "restaurant",
            Setting::Generic => "generic",
        }
    }

    /// What the ref column is called in this setting.
    pub fn ref_label(self) -> &'static str {
        match self {
            Setting::Flight => "Seat",
            Setting::Hotel => "Room",
            Setting::Restaurant => "Table",
            Setting::Retail | Setting::Pharmacy | Setting::Generic => "Ref",
        }
    }
}

impl fmt::Display for Setting {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// How close staff may sound: caps the rung of the closeness ladder.
#[derive(
    Clone,
    Copy,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    Debug,
    Deserialize,
    Serialize,
    JsonSchema,
    ValueEnum,
)]
#[serde(rename_all = "snake_case")]
pub enum Familiarity {
    Reserved,
    Warm,
    Familiar,
}

impl Familiarity {
    pub const ALL: [Familiarity; 3] = [
        Familiarity::Reserved,
        Familiarity::Warm,
        Familiarity::Familiar,
    ];

    /// The highest rung a cue may come from at this familiarity.
    pub fn max_rung(self) -> u8 {
        match self {
            Familiarity::Reserved => 1,
            Familiarity::Warm => 2,
            Familiarity::Familiar => 3,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Familiarity::Reserved => "reserved",
            Familiarity::Warm => "warm",
            Familiarity::Familiar => "familiar",
        }
    }
}

impl fmt::Display for Familiarity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// `hint`: a note to staff; `opener`: a suggested first line in their voice.
#[derive(
    Clone, Copy, PartialEq, Eq, Hash, Debug, Deserialize, Serialize, JsonSchema, ValueEnum, Default,
)]
#[serde(rename_all = "snake_case")]
pub enum Style {
    #[default]
    Hint,
    Opener,
}

impl Style {
    pub const ALL: [Style; 2] = [Style::Hint, Style::Opener];
}

/// The rules that give cues; each cue comes from exactly one.
#[derive(
    Clone,
    Copy,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    Debug,
    Deserialize,
    Serialize,
    JsonSchema,
    ValueEnum,
)]
#[serde(rename_all = "snake_case")]
pub enum Rule {
    Assist,
    Service,
    Recovery,
    Tone,
    FirstVisit,
    WelcomeBack,
    LongStanding,
    NewTier,
    Preference,
    Conversation,
    AlreadyOwned,
    Occasion,
}

impl Rule {
    pub const ALL: [Rule; 12] = [
        Rule::Assist,
        Rule::Service,
        Rule::Recovery,
        Rule::Tone,
        Rule::FirstVisit,
        Rule::WelcomeBack,
        Rule::LongStanding,
        Rule::NewTier,
        Rule::Preference,
        Rule::Conversation,
        Rule::AlreadyOwned,
        Rule::Occasion,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Rule::Assist => "assist",
            Rule::Service => "service",
            Rule::Recovery => "recovery",
            Rule::Tone => "tone",
            Rule::FirstVisit => "first_visit",
            Rule::WelcomeBack => "welcome_back",
            Rule::LongStanding => "long_standing",
            Rule::NewTier => "new_tier",
            Rule::Preference => "preference",
            Rule::Conversation => "conversation",
            Rule::AlreadyOwned => "already_owned",
            Rule::Occasion => "occasion",
        }
    }

    /// Order among cues of one rung: what matters most to the customer
    /// first. Also picks the one loyalty line a customer gets.
    pub(crate) fn relevance(self) -> u8 {
        match self {
            Rule::Tone => 9,
            Rule::Occasion => 8,
            Rule::NewTier => 7,
            Rule::AlreadyOwned => 6,
            Rule::WelcomeBack | Rule::FirstVisit => 5,
            Rule::Preference => 4,
            Rule::LongStanding => 3,
            Rule::Conversation => 2,
            Rule::Assist | Rule::Service | Rule::Recovery => 0,
        }
    }

    /// The relationship rules: a customer hears at most one of them.
    pub(crate) fn is_loyalty(self) -> bool {
        matches!(self, Rule::WelcomeBack | Rule::LongStanding | Rule::NewTier)
    }

    /// What the cue is for, shown beside it.
    pub(crate) fn aim(self) -> Aim {
        match self {
            Rule::Assist | Rule::Service => Aim::Assist,
            Rule::Tone | Rule::Preference | Rule::Conversation => Aim::Care,
            Rule::FirstVisit | Rule::WelcomeBack => Aim::Welcome,
            Rule::LongStanding => Aim::Thank,
            Rule::NewTier | Rule::Occasion => Aim::Celebrate,
            Rule::Recovery => Aim::Recover,
            Rule::AlreadyOwned => Aim::HeadsUp,
        }
    }

    /// The topics a rule's phrases are grouped by (empty: no topics).
    pub(crate) fn topics(self) -> &'static [&'static str] {
        match self {
            Rule::Service => &[
                "infant",
                "child",
                "bassinet",
                "pet",
                "pet_hold",
                "seat",
                "baggage",
                "language",
                "language_named",
            ],
            Rule::Assist => &[
                "meal",
                "mobility",
                "mobility_distance",
                "mobility_steps",
                "mobility_full",
                "sight",
                "hearing",
                "discreet",
                "animal",
                "minor",
                "meet",
                "extra_seat",
                "support",
            ],
            Rule::Recovery => &["disruption", "complaint", "lost_item"],
            Rule::Preference => &[
                "drink",
                "meal",
                "seat",
                "temperature",
                "drink_check",
                "meal_check",
                "seat_check",
                "temperature_check",
            ],
            Rule::Conversation => &["quiet", "chatty"],
            Rule::Occasion => &[
                "birthday",
                "anniversary",
                "honeymoon",
                "graduation",
                "retirement",
                "other",
                "observed",
            ],
            _ => &[],
        }
    }
}

impl fmt::Display for Rule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The short purpose shown beside each cue.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub(crate) enum Aim {
    Welcome,
    Thank,
    Celebrate,
    Recover,
    HeadsUp,
    Assist,
    Care,
}

impl Aim {
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Aim::Welcome => "welcome",
            Aim::Thank => "thank",
            Aim::Celebrate => "celebrate",
            Aim::Recover => "recover",
            Aim::HeadsUp => "heads-up",
            Aim::Assist => "assist",
            Aim::Care => "care",
        }
    }
}

/// What each aim asks of staff, for legends: in full (the handout), and in
/// a few words (the terminal's one-line legend). In the handout's order.
pub(crate) const AIM_MEANINGS: &[(Aim, &str, &str)] = &[
    (
        Aim::Welcome,
        "greet them as the regular or newcomer they are",
        "greet them",
    ),
    (
        Aim::Thank,
        "acknowledge a long relationship",
        "thank them for their loyalty",
    ),
    (
        Aim::Celebrate,
        "mark a new tier or an occasion, lightly",
        "mark it lightly",
    ),
    (Aim::Recover, "make up for trouble last time", "make amends"),
    (
        Aim::HeadsUp,
        "something useful to know before they ask",
        "good to know",
    ),
    (
        Aim::Assist,
        "an action to take; never name the reason",
        "act, never say why",
    ),
    (
        Aim::Care,
        "how to be with them today",
        "how to be with them",
    ),
];

/// How familiarity caps the ladder, for legends.
pub(crate) const RUNG_CAPS: &str =
    "Familiarity caps the rung: reserved allows 0–1, warm 0–2, familiar 0–3.";

/// What the rungs of the closeness ladder mean, for legends.
pub(crate) const RUNGS: &[(&str, &str)] = &[
    ("0", "visible: what serving them today already shows"),
    ("1", "relationship: their standing with us"),
    ("2", "history: what they told us or did with us"),
    ("3", "personal: what we noticed rather than were told"),
    ("–", "off the ladder: assist and tone cues, which protect"),
];

/// What `--format` names. Which command writes which is its renderers'
/// list (`render::FORMATS`, `explain::FORMATS`, sample's layouts), checked
/// in one place: `settings::Job::format`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// For a terminal: a row per cue, wrapped to its width.
    Table,
    /// One document per shift, for tools.
    Json,
    /// One line per shift, customer, error and summary, for pipelines.
    Ndjson,
    /// A printable handout.
    Markdown,
    /// One self-contained page for a tablet or a printer.
    Html,
    /// A sample manifest (`cuecard sample` only).
    Toml,
    /// A sample as a flat CSV export (`cuecard sample` only).
    Csv,
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.to_possible_value() {
            Some(value) => f.write_str(value.get_name()),
            None => Ok(()),
        }
    }
}

/// What `-` (stdin) holds when it is a table (`--input-format`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum InputFormat {
    Csv,
    Tsv,
}
