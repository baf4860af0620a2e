//! The reviewed table of IATA special service request codes (source:
//! `shared/spec/ssr-codes.md`, checked against public IATA / ECAC PRM
//! classifications and airline meal-code lists; public tables get ESAN, MAAS
//! and WCMP wrong, this one does not). Unknown codes are withheld.

use crate::restricted::Category;

/// How a code may be used in a cue.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum Tier {
    /// Operational: cued plainly under a service topic.
    Op(&'static str),
    /// Staff must act: an action-only assist cue under this topic.
    Act(&'static str),
    /// Special category: an action-only assist cue under this topic, only
    /// when the category's treatment allows it.
    Restricted(Category, &'static str),
    /// Not for cues at all; the text says why (for `explain`).
    Never(&'static str),
}

const MEALS_HEALTH: &[&str] = &[
    "DBML", "GFML", "NLML", "LFML", "LSML", "BLML", "LCML", "LPML", "PRML", "HFML", "AUML",
];
const MEALS_RELIGION: &[&str] = &["KSML", "MOML", "HNML", "VJML", "JNML", "AVML"];
const MEALS_ACT: &[&str] = &["VGML", "VLML", "RVML", "VOML", "FPML", "SFML"];
/// Their own wheelchair travels with them (manual, dry-cell, wet-cell).
const OWN_WHEELCHAIRS: &[&str] = &["WCMP", "WCBD", "WCBW"];

impl Tier {
    /// Whether the code says the customer is a child (CHLD, CHML, UMNR):
    /// cues look after them, never "the little one" with them, and carry
    /// no loyalty cheer.
    pub(crate) fn is_child(self) -> bool {
        matches!(self, Tier::Op("child") | Tier::Act("minor"))
    }
}

/// Topics that exist only on a flight: a meet-and-assist is an airport
/// handover; elsewhere the code means nothing known and is withheld.
pub(crate) fn flight_only(topic: &str) -> bool {
    topic == "meet"
}

/// Looks a code up (case-insensitive); `None` for an unknown code.
pub(crate) fn lookup(code: &str) -> Option<Tier> {
    let code = code.trim().to_ascii_uppercase();
    let code = code.as_str();
    let tier = match code {
        "INFT" | "BBML" => Tier::Op("infant"),
        "CHLD" | "CHML" => Tier::Op("child"),
        "BSCT" => Tier::Op("bassinet"),
        "PETC" => Tier::Op("pet"),
        "AVIH" => Tier::Op("pet_hold"),
        "CBBG" | "BIKE" | "SPEQ" | "BULK" | "FRAG" | "XBAG" => Tier::Op("baggage"),
        "RQST" | "NSSA" | "NSSW" | "GPST" => Tier::Op("seat"),
        "LANG" => Tier::Op("language"),
        "UMNR" => Tier::Act("minor"),
        "MAAS" => Tier::Act("meet"),
        "EXST" => Tier::Act("extra_seat"),
        "SVAN" => Tier::Restricted(Category::Disability, "animal"),
        "BLND" => Tier::Restricted(Category::Disability, "sight"),
        "DEAF" => Tier::Restricted(Category::Disability, "hearing"),
        "DPNA" => Tier::Restricted(Category::Disability, "support"),
        "ESAN" => Tier::Restricted(Category::Health, "animal"),
        "MEDA" | "OXYG" | "PPOC" | "CPAP" => Tier::Restricted(Category::Health, "discreet"),
        // Each wheelchair code gets its own action: none suggests walking
        // or leaning to someone who cannot.
        "WCHR" => Tier::Restricted(Category::Disability, "mobility_distance"),
        "WCHS" => Tier::Restricted(Category::Disability, "mobility_steps"),
        "WCHC" | "WCOB" | "WCHP" => Tier::Restricted(Category::Disability, "mobility_full"),
        "STCR" => Tier::Restricted(Category::Health, "mobility_full"),
        "TWOV" => Tier::Never("immigration"),
        "DEPA" | "DEPU" => Tier::Never("immigration / criminal"),
        "DOCS" | "DOCA" | "DOCO" | "FOID" | "CTCA" | "CTCB" | "CTCE" | "CTCH" | "CTCM" | "CTCP"
        | "FQTV" => Tier::Never("identifier"),
        "SPML" | "OTHS" => Tier::Never("free text"),
        _ if MEALS_ACT.contains(&code) => Tier::Act("meal"),
        _ if MEALS_HEALTH.contains(&code) => Tier::Restricted(Category::Health, "meal"),
        _ if MEALS_RELIGION.contains(&code) => Tier::Restricted(Category::Religion, "meal"),
        _ if OWN_WHEELCHAIRS.contains(&code) => Tier::Restricted(Category::Disability, "mobility"),
        _ => return None,
    };
    Some(tier)
}

/// Every code the table knows, for tests and the trainers' sample generator.
#[cfg(test)]
pub(crate) const KNOWN: &[&str] = &[
    "INFT", "CHLD", "BSCT", "BBML", "CHML", "CBBG", "PETC", "AVIH", "BIKE", "SPEQ", "BULK", "FRAG",
    "XBAG", "RQST", "NSSA", "NSSW", "GPST", "LANG", "VGML", "VLML", "RVML", "VOML", "FPML", "SFML",
    "UMNR", "MAAS", "EXST", "WCOB", "WCHR", "WCHS", "WCHC", "WCHP", "WCMP", "WCBD", "WCBW", "SVAN",
    "BLND", "DEAF", "DPNA", "ESAN", "MEDA", "STCR", "OXYG", "PPOC", "CPAP", "DBML", "GFML", "NLML",
    "LFML", "LSML", "BLML", "LCML", "LPML", "PRML", "HFML", "AUML", "KSML", "MOML", "HNML", "VJML",
    "JNML", "AVML", "SPML", "OTHS", "TWOV", "DEPA", "DEPU", "DOCS", "DOCA", "DOCO", "FOID", "CTCA",
    "CTCB", "CTCE", "CTCH", "CTCM", "CTCP", "FQTV",
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_known_code_is_in_the_table() {
        for code in KNOWN {
            assert!(lookup(code).is_some(), "{code}");
        }
        assert_eq!(lookup("ZZZZ"), None);
    }

    #[test]
    fn commonly_misfiled_codes_are_right() {
        assert_eq!(
            lookup("ESAN"),
            Some(Tier::Restricted(Category::Health, "animal"))
        );
        assert_eq!(lookup("MAAS"), Some(Tier::Act("meet")));
        assert_eq!(
            lookup("wcmp"),
            Some(Tier::Restricted(Category::Disability, "mobility"))
        );
        assert_eq!(lookup("LANG"), Some(Tier::Op("language")));
    }
}
