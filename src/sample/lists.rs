//! The built-in lists synthetic customers are made from: names, and per
//! setting the shift title, tiers, service codes, preferences and items.
//! Nothing is read at run time, and nothing here is a real customer.
//!
//! Item names carry no digits (a cue may name the item, and numbers are
//! never printed raw); service codes come from the reviewed table in
//! `service_codes.rs`, and a unit test checks each one is known there.

use crate::restricted::Category;
use crate::vocab::Setting;

/// A given name, the title that goes with it, and a short form some of
/// its bearers ask to be called by.
pub(super) struct Given {
    pub name: &'static str,
    pub title: &'static str,
    pub short: Option<&'static str>,
}

const fn given(name: &'static str, title: &'static str, short: Option<&'static str>) -> Given {
    Given { name, title, short }
}

pub(super) const GIVEN: &[Given] = &[
    given("Margaret", "Ms", Some("Maggie")),
    given("Tomás", "Mr", None),
    given("Aiko", "Ms", None),
    given("Oluwaseun", "Mr", Some("Seun")),
    given("Priyanka", "Ms", Some("Priya")),
    given("William", "Mr", Some("Will")),
    given("Ingrid", "Ms", None),
    given("Mateus", "Mr", None),
    given("Fatima", "Ms", None),
    given("Jonathan", "Mr", Some("Jon")),
    given("Siobhán", "Ms", None),
    given("Kwame", "Mr", None),
    given("Elizabeth", "Ms", Some("Liz")),
    given("Hiroshi", "Mr", None),
    given("Alex", "Mx", None),
    given("Anastasia", "Ms", Some("Nastya")),
    given("Rafael", "Mr", Some("Rafa")),
    given("Mei", "Ms", None),
    given("Christopher", "Mr", Some("Chris")),
    given("Amara", "Ms", None),
    given("Lars", "Mr", None),
    given("Yasmin", "Ms", None),
    given("Dmitri", "Mr", None),
    given("Catherine", "Ms", Some("Kate")),
    given("Sam", "Mx", None),
    given("Nikolai", "Mr", Some("Kolya")),
    given("Leilani", "Ms", None),
    given("Arjun", "Mr", None),
    given("Zoë", "Ms", None),
    given("Roberto", "Mr", Some("Beto")),
    given("Grace", "Ms", None),
    given("Tendai", "Mx", None),
    given("Olivia", "Ms", Some("Liv")),
    given("Mehmet", "Mr", None),
    given("Astrid", "Ms", None),
    given("Diego", "Mr", None),
    given("Nadia", "Ms", None),
    given("Benjamin", "Mr", Some("Ben")),
    given("Hana", "Ms", None),
    given("Kofi", "Mr", None),
];

pub(super) const FAMILY: &[&str] = &[
    "Okafor",
    "Lindqvist",
    "Tanaka",
    "Adeyemi",
    "Sharma",
    "Fitzgerald",
    "Nakamura",
    "Oliveira",
    "Haddad",
    "Kowalski",
    "Nguyen",
    "Mensah",
    "García",
    "Petrov",
    "O'Connell",
    "Kaur",
    "Müller",
    "Rossi",
    "Chen",
    "Abebe",
    "Dubois",
    "Kapoor",
    "Jensen",
    "Santos",
    "Yilmaz",
    "Novak",
    "Mbeki",
    "Kim",
    "Hernández",
    "Walsh",
    "Ivanova",
    "Ibrahim",
    "Costa",
    "Andersson",
    "Takahashi",
    "Boateng",
    "Moreau",
    "Papadopoulos",
    "Reyes",
    "MacLeod",
];

/// What a setting brings to its customers.
pub(super) struct Place {
    /// Three letters in the synthetic ids.
    pub code: &'static str,
    pub title: &'static str,
    pub tiers: &'static [&'static str],
    /// Operational codes (service rule), staff-action codes, and restricted
    /// codes whose category is assisted by default (assist rule).
    pub op_codes: &'static [&'static str],
    pub act_codes: &'static [&'static str],
    pub assist_codes: &'static [&'static str],
    /// Preference values by topic; empty when the topic does not fit.
    pub drinks: &'static [&'static str],
    pub meals: &'static [&'static str],
    pub seats: &'static [&'static str],
    pub temperatures: &'static [&'static str],
    /// Things bought here before, with a purchase category.
    pub items: &'static [(&'static str, &'static str)],
    /// Things in a restricted purchase category (never cued).
    pub restricted_items: &'static [(&'static str, &'static str)],
    /// Free-text summaries of trouble last time (never printed).
    pub trouble: &'static [&'static str],
}

pub(super) fn place(setting: Setting) -> &'static Place {
    match setting {
        Setting::Flight => &FLIGHT,
        Setting::Hotel => &HOTEL,
        Setting::Retail => &RETAIL,
        Setting::Pharmacy => &PHARMACY,
        Setting::Restaurant => &RESTAURANT,
        Setting::Generic => &GENERIC,
    }
}

const FLIGHT: Place = Place {
    code: "FLT",
    title: "TR101 Lisbon to Toronto (training)",
    tiers: &["Blue", "Silver", "Gold", "Platinum"],
    op_codes: &[
        "INFT", "BSCT", "CHLD", "CHML", "PETC", "AVIH", "RQST", "NSSA", "NSSW", "XBAG", "BIKE",
        "LANG",
    ],
    act_codes: &["UMNR", "MAAS", "EXST", "VGML", "VLML", "FPML"],
    assist_codes: &[
        "WCHR", "WCHS", "WCHC", "WCOB", "WCMP", "KSML", "MOML", "HNML", "AVML", "DBML", "GFML",
        "LSML", "BLND", "DEAF", "DPNA", "MEDA", "OXYG", "SVAN", "ESAN",
    ],
    drinks: &[
        "sparkling water, no ice",
        "black coffee",
        "green tea",
        "tomato juice with pepper",
        "a gin and tonic",
    ],
    meals: &["the fish option", "a light breakfast", "the pasta dish"],
    seats: &["an aisle seat", "a window seat", "a seat near the front"],
    temperatures: &["an extra blanket", "the air vent off"],
    items: &[
        ("a silk scarf", "clothing"),
        ("noise-cancelling headphones", "electronics"),
        ("a travel pillow", "travel"),
        ("a bottle of single malt", "spirits"),
    ],
    restricted_items: &[("travel sickness tablets", "pharmacy")],
    trouble: &[
        "missed connection, rebooked overnight",
        "long delay on the last flight",
        "bag arrived two days late",
    ],
};

const HOTEL: Place = Place {
    code: "HTL",
    title: "Harbour Hotel front desk, morning (training)",
    tiers: &["Member", "Silver", "Gold", "Platinum"],
    op_codes: &["INFT", "BSCT", "PETC", "LANG"],
    act_codes: &["VGML", "VLML"],
    assist_codes: &["WCHR", "DEAF", "BLND", "SVAN"],
    drinks: &[
        "green tea",
        "an oat milk flat white",
        "still water by the bed",
    ],
    meals: &["a late breakfast", "breakfast in the room"],
    seats: &[
        "a high floor",
        "a room away from the lift",
        "a room with a bath",
    ],
    temperatures: &["a cool room", "extra pillows"],
    items: &[
        ("a bathrobe from the boutique", "gifts"),
        ("the spa gift set", "gifts"),
        ("a city guidebook", "books"),
    ],
    restricted_items: &[("a pregnancy pillow", "maternity")],
    trouble: &[
        "room not ready at check-in",
        "noisy room over the bar",
        "billing mix-up at checkout",
    ],
};

const RETAIL: Place = Place {
    code: "RTL",
    title: "Bookshop floor, Saturday (training)",
    tiers: &["Member", "Silver", "Gold"],
    op_codes: &["LANG", "PETC"],
    act_codes: &[],
    assist_codes: &["WCHR", "BLND", "DEAF", "SVAN"],
    drinks: &["a coffee while they browse", "peppermint tea"],
    meals: &[],
    seats: &["the armchair by the window"],
    temperatures: &[],
    items: &[
        ("A Tale of Two Cities (Penguin Classics)", "books"),
        ("a linen notebook", "stationery"),
        ("the blue wool scarf", "clothing"),
        ("a fountain pen", "stationery"),
        ("Middlemarch", "books"),
    ],
    restricted_items: &[("a baby book", "baby"), ("a prayer book", "religious")],
    trouble: &[
        "ordered book arrived damaged",
        "waited a long time at the till",
        "left an umbrella in store",
    ],
};

const PHARMACY: Place = Place {
    code: "PHM",
    title: "High Street Pharmacy counter (training)",
    tiers: &["Member", "Gold"],
    op_codes: &["LANG"],
    act_codes: &[],
    assist_codes: &["DEAF", "BLND", "WCHR"],
    drinks: &[],
    meals: &[],
    seats: &["a seat near the counter"],
    temperatures: &[],
    items: &[
        ("sun cream", "beauty"),
        ("hand cream", "beauty"),
        ("a reusable water bottle", "homeware"),
        ("lip balm", "beauty"),
    ],
    restricted_items: &[
        ("nicotine patches", "pharmacy"),
        ("baby formula", "baby"),
        ("allergy tablets", "health"),
    ],
    trouble: &[
        "prescription not ready when promised",
        "long queue at the counter",
    ],
};

const RESTAURANT: Place = Place {
    code: "RST",
    title: "Evening service (training)",
    tiers: &["Member", "Silver", "Gold"],
    op_codes: &["LANG"],
    act_codes: &["VGML", "VLML"],
    assist_codes: &["KSML", "MOML", "GFML", "DBML"],
    drinks: &[
        "a dry white wine",
        "sparkling water",
        "an espresso after dinner",
    ],
    meals: &[
        "the tasting menu",
        "the steak, medium rare",
        "the catch of the day",
    ],
    seats: &["a window table", "a quiet corner table", "a booth"],
    temperatures: &["a table away from the door"],
    items: &[
        ("the chef's cookbook", "books"),
        ("the house pepper mill", "kitchen"),
        ("a jar of truffle honey", "food"),
    ],
    restricted_items: &[],
    trouble: &[
        "booking lost, waited for a table",
        "main course came out cold",
        "left a coat behind",
    ],
};

const GENERIC: Place = Place {
    code: "GEN",
    title: "Training shift",
    tiers: &["Member", "Gold"],
    op_codes: &["LANG"],
    act_codes: &[],
    assist_codes: &["WCHR", "DEAF", "BLND"],
    drinks: &["tea with milk", "black coffee", "sparkling water"],
    meals: &[],
    seats: &["a seat near the door"],
    temperatures: &["somewhere warm to wait"],
    items: &[
        ("an umbrella", "accessories"),
        ("a tote bag", "accessories"),
        ("a gift card", "gift cards"),
    ],
    restricted_items: &[("a pregnancy test", "health")],
    trouble: &["appointment moved at short notice", "long wait last time"],
};

/// Codes never used in cues (identifiers, immigration, free text), and a
/// code unknown to the table: both are withheld, which `explain` shows.
pub(super) const NEVER_CODES: &[&str] = &["FQTV", "DOCS", "CTCM", "CTCE", "SPML", "OTHS"];
pub(super) const UNKNOWN_CODE: &str = "ZZZZ";

/// Conversation preferences, read as quiet or chatty.
pub(super) const CONVERSATION: &[&str] = &[
    "quiet, please",
    "prefers not to chat much",
    "likes to rest",
    "enjoys a chat",
    "happy to talk",
];

/// Preferences that name a restricted subject: withheld whatever the topic.
pub(super) const RESTRICTED_PREFERENCES: &[(&str, &str)] = &[
    ("meal", "gluten-free bread"),
    ("drink", "lactose-free milk"),
    ("meal", "halal dishes"),
];

/// Free-text preferences (`other`): never cued.
pub(super) const OTHER_PREFERENCES: &[&str] = &[
    "likes the morning paper",
    "collects postcards",
    "asks about local walks",
];

/// Languages for `language` preferences (rung 0: what serving them shows).
pub(super) const LANGUAGES: &[&str] = &["Portuguese", "Japanese", "Spanish", "French", "Polish"];

/// Free-text summaries of something left behind (never printed).
pub(super) const LOST: &[&str] = &[
    "left a jacket behind",
    "lost a phone charger",
    "left reading glasses behind",
];

/// Free-text agent notes (never printed).
pub(super) const NOTES: &[&str] = &[
    "asked about the loyalty scheme",
    "prefers email to phone",
    "travelling with a colleague",
    "mentioned a new job",
];

/// Model outputs (never printed): segment names, and score keys.
pub(super) const SEGMENTS: &[&str] = &[
    "Well-Travelled Executive",
    "Value Seeker",
    "Family Planner",
    "Lapsing Loyalist",
];
pub(super) const SCORES: &[&str] = &["value_score", "churn_risk", "upsell_propensity"];

/// Categories that are withheld or assisted (never a tone hint), for
/// `[[sensitive]]` entries that must stay invisible to staff: every
/// category but the two the built-in config treats with a tone hint.
pub(super) fn quiet_categories() -> impl Iterator<Item = Category> {
    Category::ALL
        .into_iter()
        .filter(|c| !matches!(c, Category::Bereavement | Category::LifeEvent))
}

/// Categories treated with a tone hint by default.
pub(super) const TONE_CATEGORIES: &[Category] = &[Category::Bereavement, Category::LifeEvent];

/// A free-text note for a sensitive entry (never printed).
pub(super) fn sensitive_note(category: Category) -> &'static str {
    match category {
        Category::Health => "recovering from an operation",
        Category::Disability => "uses a walking stick",
        Category::Religion => "observes a fast this month",
        Category::Ethnicity => "recorded by a partner airline",
        Category::SexualOrientation => "mentioned their husband",
        Category::SexLife => "noted by a previous agent",
        Category::Political => "wore a campaign badge",
        Category::TradeUnion => "travelling to a union congress",
        Category::Genetic => "mentioned a family condition",
        Category::Biometric => "enrolled in face boarding",
        Category::Criminal => "noted by security",
        Category::Immigration => "visa interview last month",
        Category::Bereavement => "spouse passed away recently",
        Category::LifeEvent => "going through a divorce",
        Category::DomesticAbuse => "asked that no address be shared",
        Category::FinancialHardship => "asked about paying in instalments",
        Category::Capability => "asked for forms to be read aloud",
    }
}

/// Occasions that recur yearly, and ones that happen once.
pub(super) const YEARLY: &[&str] = &["birthday", "anniversary"];
pub(super) const ONCE: &[&str] = &["honeymoon", "graduation", "retirement"];

#[cfg(test)]
mod tests {
    use super::*;
    use crate::restricted::names_restricted;

    #[test]
    fn every_code_is_in_the_reviewed_table() {
        use crate::service_codes::{lookup, Tier};
        for setting in Setting::ALL {
            let p = place(setting);
            for code in p.op_codes {
                assert!(matches!(lookup(code), Some(Tier::Op(_))), "{code}");
            }
            for code in p.act_codes {
                assert!(matches!(lookup(code), Some(Tier::Act(_))), "{code}");
            }
            for code in p.assist_codes {
                assert!(matches!(lookup(code), Some(Tier::Restricted(..))), "{code}");
            }
        }
        for code in NEVER_CODES {
            assert!(matches!(lookup(code), Some(Tier::Never(_))), "{code}");
        }
        assert_eq!(lookup(UNKNOWN_CODE), None);
    }

    #[test]
    fn lists_are_usable_and_printed_values_are_clean() {
        for setting in Setting::ALL {
            let p = place(setting);
            // Staff-action codes may be none: MAAS and the like are
            // airport codes, withheld elsewhere.
            for list in [p.tiers, p.op_codes, p.assist_codes, p.trouble] {
                assert!(!list.is_empty(), "{setting}");
            }
            assert!(!p.items.is_empty(), "{setting}");
            let printed = p
                .drinks
                .iter()
                .chain(p.meals)
                .chain(p.seats)
                .chain(p.temperatures)
                .chain(p.tiers)
                .chain(p.items.iter().map(|(i, _)| i));
            for value in printed {
                assert!(!names_restricted(value), "{value}");
                assert!(!value.chars().any(|c| c.is_ascii_digit()), "{value}");
            }
        }
        for (_, value) in RESTRICTED_PREFERENCES {
            assert!(names_restricted(value), "{value}");
        }
    }
}
