//! The profile and manifest model (spec §2.1, §2.2): strict serde types that
//! reject unknown keys, so a typo can neither drop nor expose data silently.
//!
//! None of these types derive `Debug`: a redacted `Debug` is implemented by
//! hand so that a stray `{:?}` can never print a customer's values.

use std::collections::BTreeMap;
use std::fmt;

use schemars::JsonSchema;
use serde::de::IgnoredAny;
use serde::Deserialize;

use super::date::Date;
use crate::vocab::Setting;

/// One customer, as read from a profile, a manifest entry or a stream line.
#[cfg_attr(test, derive(PartialEq))]
#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct Profile {
    pub id: String,
    #[serde(rename = "ref")]
    pub reference: Option<String>,
    pub name: String,
    pub preferred_name: Option<String>,
    pub title: Option<String>,
    pub family_name: Option<String>,
    #[serde(default)]
    pub synthetic: bool,
    #[serde(default)]
    pub consent: Consent,
    pub loyalty: Option<Loyalty>,
    #[serde(default)]
    pub preferences: Vec<Preference>,
    #[serde(default)]
    pub occasions: Vec<Occasion>,
    #[serde(default)]
    pub history: Vec<HistoryEntry>,
    #[serde(default)]
    pub purchases: Vec<Purchase>,
    #[serde(default)]
    pub today: Today,
    #[serde(default)]
    pub sensitive: Vec<Sensitive>,
    /// Model outputs: any keys are accepted because they are never printed;
    /// only their names are kept, for `explain`.
    #[serde(default, deserialize_with = "super::unique::unique_keys")]
    #[schemars(with = "BTreeMap<String, serde_json::Value>")]
    pub inferred: BTreeMap<String, IgnoredAny>,
    #[schemars(with = "Option<String>")]
    pub notes: Option<FreeText>,
}

/// A free-text field (agent notes, history summaries, sensitive notes):
/// checked to be a string and then dropped, never kept. Such text is
/// withheld whatever it says, so only its presence matters to `explain`;
/// not keeping it means no copy of it lives in memory, and no allocation
/// is spent on it in the hot path.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) struct FreeText;

impl<'de> Deserialize<'de> for FreeText {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Visitor;
        impl serde::de::Visitor<'_> for Visitor {
            type Value = FreeText;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a string")
            }
            fn visit_str<E: serde::de::Error>(self, _text: &str) -> Result<FreeText, E> {
                Ok(FreeText)
            }
        }
        deserializer.deserialize_str(Visitor)
    }
}

/// What the customer agreed to (`[consent]`).
#[cfg_attr(test, derive(PartialEq))]
#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub(crate) struct Consent {
    pub personalise: bool,
    pub use_name: bool,
}

impl Default for Consent {
    fn default() -> Self {
        Consent {
            personalise: true,
            use_name: true,
        }
    }
}

#[cfg_attr(test, derive(PartialEq))]
#[derive(Deserialize, JsonSchema, Default)]
#[serde(deny_unknown_fields)]
pub(crate) struct Loyalty {
    pub tier: Option<String>,
    pub tier_since: Option<Date>,
    /// The tier before `tier`: only a move known to be up is congratulated.
    pub previous_tier: Option<String>,
    pub member_since: Option<Date>,
    #[serde(default, deserialize_with = "count")]
    pub lifetime_visits: Option<u32>,
    #[serde(default, deserialize_with = "count")]
    pub visits_last_90_days: Option<u32>,
}

/// A count, a whole number from 0 to 4294967295. JSON's `-0`, which
/// serde_json hands over as the float -0.0, is 0, as TOML's `-0` is; any
/// other fraction is refused as before.
fn count<'de, D: serde::Deserializer<'de>>(deserializer: D) -> Result<Option<u32>, D::Error> {
    use serde::de::{Error, Unexpected, Visitor};
    struct Count;
    impl<'de> Visitor<'de> for Count {
        type Value = Option<u32>;
        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            f.write_str("a whole number from 0 to 4294967295")
        }
        fn visit_u64<E: Error>(self, v: u64) -> Result<Self::Value, E> {
            u32::try_from(v)
                .map(Some)
                .map_err(|_| E::invalid_value(Unexpected::Unsigned(v), &self))
        }
        fn visit_i64<E: Error>(self, v: i64) -> Result<Self::Value, E> {
            u32::try_from(v)
                .map(Some)
                .map_err(|_| E::invalid_value(Unexpected::Signed(v), &self))
        }
        fn visit_f64<E: Error>(self, v: f64) -> Result<Self::Value, E> {
            if v == 0.0 && v.is_sign_negative() {
                Ok(Some(0))
            } else {
                Err(E::invalid_type(Unexpected::Float(v), &self))
            }
        }
        fn visit_none<E: Error>(self) -> Result<Self::Value, E> {
            Ok(None)
        }
        fn visit_unit<E: Error>(self) -> Result<Self::Value, E> {
            Ok(None)
        }
        fn visit_some<D: serde::Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
            d.deserialize_any(self)
        }
    }
    deserializer.deserialize_any(Count)
}

#[derive(Deserialize, JsonSchema, Clone, Copy, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub(crate) enum Topic {
    Drink,
    Meal,
    Seat,
    Conversation,
    Temperature,
    Language,
    Other,
}

/// Where a fact came from; decides how far up the closeness ladder it sits.
#[derive(Deserialize, JsonSchema, Clone, Copy, PartialEq, Eq, Default)]
#[serde(rename_all = "snake_case")]
pub(crate) enum Source {
    Stated,
    #[default]
    Observed,
    Inferred,
}

#[cfg_attr(test, derive(PartialEq))]
#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct Preference {
    pub topic: Topic,
    pub value: String,
    #[serde(default)]
    pub source: Source,
    pub last_confirmed: Option<Date>,
}

#[derive(Deserialize, JsonSchema, Clone, Copy, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub(crate) enum OccasionKind {
    Birthday,
    Anniversary,
    Honeymoon,
    Graduation,
    Retirement,
    Other,
}

#[cfg_attr(test, derive(PartialEq))]
#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct Occasion {
    pub kind: OccasionKind,
    pub date: Date,
    #[serde(default)]
    pub source: Source,
}

#[derive(Deserialize, JsonSchema, Clone, Copy, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub(crate) enum HistoryKind {
    Disruption,
    Complaint,
    Compliment,
    LostItem,
    Upgrade,
    Other,
}

#[cfg_attr(test, derive(PartialEq))]
#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct HistoryEntry {
    pub date: Date,
    pub kind: HistoryKind,
    /// Free text: never printed.
    #[schemars(with = "Option<String>")]
    pub summary: Option<FreeText>,
}

#[cfg_attr(test, derive(PartialEq))]
#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct Purchase {
    pub item: String,
    pub date: Date,
    pub category: Option<String>,
}

#[cfg_attr(test, derive(PartialEq))]
#[derive(Deserialize, JsonSchema, Default)]
#[serde(deny_unknown_fields)]
pub(crate) struct Today {
    #[serde(default)]
    pub basket: Vec<String>,
    #[serde(default)]
    pub services: Vec<String>,
}

#[cfg_attr(test, derive(PartialEq))]
#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct Sensitive {
    /// Kept as text: an unknown category is withheld, not rejected (fail closed).
    pub category: String,
    /// Free text: never printed.
    #[schemars(with = "Option<String>")]
    pub note: Option<FreeText>,
}

/// A shift: its `[shift]` and its `[[customers]]`. The loaders
/// read a manifest customer by customer (so one bad record is located and
/// the rest briefed); this type states the same shape for the schema.
#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[allow(dead_code, reason = "read only for its schema")]
pub(crate) struct Manifest {
    pub shift: Option<Shift>,
    #[serde(default)]
    pub customers: Vec<Profile>,
}

/// The `[shift]` table of a manifest.
#[derive(Deserialize, JsonSchema, Default, Clone)]
#[serde(deny_unknown_fields)]
pub(crate) struct Shift {
    pub title: Option<String>,
    pub date: Option<Date>,
    pub setting: Option<Setting>,
}

macro_rules! redacted_debug {
    ($($ty:ty),*) => {$(
        impl fmt::Debug for $ty {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(concat!(stringify!($ty), " { <redacted> }"))
            }
        }
    )*};
}

redacted_debug!(
    Profile,
    FreeText,
    Consent,
    Loyalty,
    Preference,
    Occasion,
    HistoryEntry,
    Purchase,
    Today,
    Sensitive,
    Shift,
    Manifest
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_output_carries_no_values() {
        let profile: Profile = serde_json::from_str(
            r#"{"id": "CANARY-ID", "name": "Canary Name", "notes": "canary note"}"#,
        )
        .unwrap();
        let shown = format!("{profile:?} {:?}", profile.consent);
        assert!(!shown.to_lowercase().contains("canary"), "{shown}");
    }

    #[test]
    fn unknown_keys_are_rejected() {
        let err = serde_json::from_str::<Profile>(r#"{"id": "a", "name": "b", "nmae": "c"}"#);
        assert!(err.is_err());
    }
}
