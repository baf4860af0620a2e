//! Restricted categories (spec §5) and how each is treated. Anything not on
//! the list is withheld: the code fails closed.

use std::fmt;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// GDPR Art. 9 and 10 special categories plus the FCA vulnerability drivers.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Debug, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Category {
    Health,
    Disability,
    Religion,
    Ethnicity,
    SexualOrientation,
    SexLife,
    Political,
    TradeUnion,
    Genetic,
    Biometric,
    Criminal,
    Immigration,
    Bereavement,
    LifeEvent,
    DomesticAbuse,
    FinancialHardship,
    Capability,
}

impl Category {
    pub const ALL: [Category; 17] = [
        Category::Health,
        Category::Disability,
        Category::Religion,
        Category::Ethnicity,
        Category::SexualOrientation,
        Category::SexLife,
        Category::Political,
        Category::TradeUnion,
        Category::Genetic,
        Category::Biometric,
        Category::Criminal,
        Category::Immigration,
        Category::Bereavement,
        Category::LifeEvent,
        Category::DomesticAbuse,
        Category::FinancialHardship,
        Category::Capability,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Category::Health => "health",
            Category::Disability => "disability",
            Category::Religion => "religion",
            Category::Ethnicity => "ethnicity",
            Category::SexualOrientation => "sexual_orientation",
            Category::SexLife => "sex_life",
            Category::Political => "political",
            Category::TradeUnion => "trade_union",
            Category::Genetic => "genetic",
            Category::Biometric => "biometric",
            Category::Criminal => "criminal",
            Category::Immigration => "immigration",
            Category::Bereavement => "bereavement",
            Category::LifeEvent => "life_event",
            Category::DomesticAbuse => "domestic_abuse",
            Category::FinancialHardship => "financial_hardship",
            Category::Capability => "capability",
        }
    }

    /// Reads a category name from a profile; `None` means unknown (withhold).
    pub fn parse(name: &str) -> Option<Category> {
        Category::ALL.into_iter().find(|c| c.as_str() == name)
    }
}

impl fmt::Display for Category {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What staff may get from a restricted category (§5).
#[derive(Clone, Copy, PartialEq, Eq, Debug, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Treatment {
    /// Nothing at all.
    Withhold,
    /// At most one neutral tone hint per customer.
    Tone,
    /// An action-only cue for a service code in the category.
    Assist,
}

impl Treatment {
    pub fn as_str(self) -> &'static str {
        match self {
            Treatment::Withhold => "withhold",
            Treatment::Tone => "tone",
            Treatment::Assist => "assist",
        }
    }
}

/// Words that name a condition, belief, life event or other restricted
/// fact. A printed value containing one is withheld (a "kosher" meal
/// preference is religion, whatever topic it was filed under), and the
/// phrase lint rejects templates containing one. Matched as word prefixes.
pub const RESTRICTED_WORDS: &[&str] = &[
    "wheelchair",
    "kosher",
    "halal",
    "muslim",
    "islam",
    "jewish",
    "judais",
    "hindu",
    "jain",
    "sikh",
    "christian",
    "catholic",
    "buddhis",
    "religio",
    "faith",
    "prayer",
    "belief",
    "diabet",
    "insulin",
    "gluten",
    "coeliac",
    "celiac",
    "lactose",
    "allerg",
    "blind",
    "deaf",
    "visually",
    "impair",
    "oxygen",
    "medical",
    "medicine",
    "medication",
    "doctor",
    "nurse",
    "illness",
    "sick",
    "disab",
    "handicap",
    "autis",
    "stretcher",
    "pregnan",
    "maternity",
    "widow",
    "grief",
    "grieving",
    "bereave",
    "funeral",
    "death",
    "died",
    "cancer",
    "chemo",
    "dementia",
    "alzheimer",
    "epilep",
    "seizure",
    "asthma",
    "hiv",
    "divorc",
    "hardship",
    "debt",
    "bankrupt",
    "abuse",
    "refuge",
    "mental",
    "anxiety",
    "depress",
    "addict",
    "alcoholi",
    "rehab",
    "therap",
    "psychiatr",
    "visa",
    "passport",
    "deport",
    "asylum",
    "immigra",
    "criminal",
    "prison",
    "parole",
    "probation",
    "gay",
    "lesbian",
    "transgender",
    "bisexual",
    "pension credit",
    "contracepti",
    "condom",
    "viagra",
    "fertility",
    "ivf",
    "miscarr",
    "hospital",
    "hospice",
    "terminal",
    "crutch",
    "prosthe",
    "dialysis",
    "cpap",
    "inhaler",
    "epipen",
    "antidepress",
    "trade union",
    "ethnic",
    "racial",
];

/// True when `text` contains a restricted word at the start of a word.
pub fn names_restricted(text: &str) -> bool {
    let lower = text.to_lowercase();
    RESTRICTED_WORDS.iter().any(|word| {
        lower.match_indices(word).any(|(at, _)| {
            at == 0
                || !lower[..at]
                    .chars()
                    .next_back()
                    .is_some_and(char::is_alphanumeric)
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_category_round_trips() {
        for c in Category::ALL {
            assert_eq!(Category::parse(c.as_str()), Some(c));
        }
        assert_eq!(Category::parse("astrology"), None);
    }

    #[test]
    fn restricted_words_match_word_starts_only() {
        assert!(names_restricted("Kosher meal please"));
        assert!(names_restricted("low-lactose milk"));
        assert!(names_restricted("Gluten-free bread"));
        assert!(!names_restricted("sparkling water, no ice"));
        assert!(!names_restricted("a window seat"));
        // "visa" inside a word is not the word
        assert!(!names_restricted("revisable plan"));
    }
}
