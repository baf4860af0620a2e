//! Property tests for the first promise: restricted values never reach any
//! output. Generated profiles plant unique canaries in every never-printed
//! place; the real binary briefs them in every format, familiarity and
//! style, and no canary may appear on stdout or stderr.

mod common;

use common::*;
use proptest::prelude::*;
use serde_json::{json, Value};
use tempfile::TempDir;

/// Profiles per generated batch; with `CASES` batches per format this is
/// over 2,000 generated profiles per output format.
const BATCH: usize = 60;
const CASES: u32 = 40;

const NEVER_CODES: &[&str] = &[
    "DOCS", "DOCA", "DOCO", "FOID", "CTCA", "CTCB", "CTCE", "CTCH", "CTCM", "CTCP", "FQTV", "TWOV",
    "DEPA", "DEPU", "SPML", "OTHS",
];
const RESTRICTED_CODES: &[&str] = &[
    "WCOB", "WCHR", "WCHS", "WCHC", "WCHP", "WCMP", "WCBD", "WCBW", "SVAN", "BLND", "DEAF", "DPNA",
    "ESAN", "MEDA", "STCR", "OXYG", "PPOC", "CPAP", "DBML", "GFML", "NLML", "LFML", "LSML", "BLML",
    "LCML", "LPML", "PRML", "HFML", "AUML", "KSML", "MOML", "HNML", "VJML", "JNML", "AVML",
];
const CATEGORIES: &[&str] = &[
    "health",
    "disability",
    "religion",
    "ethnicity",
    "sexual_orientation",
    "sex_life",
    "political",
    "trade_union",
    "genetic",
    "biometric",
    "criminal",
    "immigration",
    "bereavement",
    "life_event",
    "domestic_abuse",
    "financial_hardship",
    "capability",
    "astrology",
    "",
];

fn canary() -> impl Strategy<Value = String> {
    "[a-z0-9]{10}".prop_map(|s| format!("cnry{s}"))
}

/// One profile with canaries in every never-printed place, plus printable
/// fields so the rules have something to fire on.
fn profile() -> impl Strategy<Value = Value> {
    (
        proptest::collection::vec(canary(), 8),
        proptest::sample::subsequence(NEVER_CODES, 0..4),
        proptest::sample::subsequence(RESTRICTED_CODES, 0..4),
        proptest::sample::subsequence(CATEGORIES, 0..3),
        0u32..20,
        any::<bool>(),
        any::<bool>(),
    )
        .prop_map(|(c, never, restricted, categories, visits, personalise, use_name)| {
            let mut services: Vec<&str> = never.into_iter().chain(restricted).collect();
            services.push("INFT");
            json!({
                "id": c[0],
                "ref": "14B",
                "name": "Sam Example",
                "preferred_name": "Sam",
                "consent": {"personalise": personalise, "use_name": use_name},
                "loyalty": {"tier": "Gold", "tier_since": "2026-11-10", "member_since": "2010-01-01",
                            "lifetime_visits": visits * 20, "visits_last_90_days": visits},
                "preferences": [
                    {"topic": "drink", "value": "green tea", "source": "stated", "last_confirmed": "2026-10-01"},
                    {"topic": "other", "value": c[1], "source": "stated"},
                    {"topic": "conversation", "value": c[7], "source": "stated"},
                    {"topic": "drink", "value": c[2], "source": "inferred"}
                ],
                "occasions": [{"kind": "birthday", "date": "1980-11-23", "source": "stated"}],
                "history": [{"date": "2026-11-01", "kind": "disruption", "summary": c[3]}],
                "purchases": [
                    {"item": c[4], "date": "2025-01-01", "category": "pharmacy"},
                    {"item": "Field Guide to Birds", "date": "2025-02-01", "category": "books"}
                ],
                "today": {"basket": [c[4], "Field Guide to Birds"], "services": services},
                "sensitive": categories.iter().map(|cat| json!({"category": cat, "note": c[5]})).collect::<Vec<_>>(),
                "inferred": {"segment": c[6], "value_score": 0.93},
                "notes": c[5],
            })
        })
}

fn assert_no_canary(text: &str, what: &str) {
    assert!(
        !text.to_lowercase().contains("cnry"),
        "canary leaked in {what}: {text}"
    );
    for code in NEVER_CODES.iter().chain(RESTRICTED_CODES) {
        assert!(!text.contains(code), "code {code} leaked in {what}");
    }
}

fn run_batch(profiles: &[Value], format: &str, familiarity: &str, style: &str) {
    let dir = TempDir::new().unwrap();
    let lines: Vec<String> = profiles.iter().map(Value::to_string).collect();
    let stream = write(dir.path(), "batch.ndjson", &(lines.join("\n") + "\n"));
    for command in ["brief", "explain"] {
        let out = succeed(
            cuecard(dir.path())
                .args([
                    command,
                    "--format",
                    format,
                    "--familiarity",
                    familiarity,
                    "--style",
                    style,
                ])
                .arg(&stream),
        );
        assert_no_canary(
            &String::from_utf8_lossy(&out.stdout),
            &format!("{command} {format} stdout"),
        );
        assert_no_canary(
            &String::from_utf8_lossy(&out.stderr),
            &format!("{command} {format} stderr"),
        );
    }
}

fn settings() -> impl Strategy<Value = (&'static str, &'static str)> {
    (
        proptest::sample::select(&["reserved", "warm", "familiar"][..]),
        proptest::sample::select(&["hint", "opener"][..]),
    )
}

macro_rules! leak_property {
    ($name:ident, $format:literal) => {
        proptest! {
            #![proptest_config(ProptestConfig { cases: CASES, ..ProptestConfig::default() })]
            #[test]
            fn $name(batch in proptest::collection::vec(profile(), BATCH), (familiarity, style) in settings()) {
                run_batch(&batch, $format, familiarity, style);
            }
        }
    };
}

leak_property!(no_canary_in_table, "table");
leak_property!(no_canary_in_json, "json");
leak_property!(no_canary_in_ndjson, "ndjson");
leak_property!(no_canary_in_markdown, "markdown");
leak_property!(no_canary_in_html, "html");

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    /// A bad value or an unknown key never brings its neighbours' values,
    /// or its own, into the error message.
    #[test]
    fn errors_do_not_echo_values(c in proptest::collection::vec(canary(), 3), which in 0usize..8) {
        let dir = TempDir::new().unwrap();
        let bad = match which {
            0 => json!({"id": c[0], "name": c[1], "loyalty": {"lifetime_visits": c[2]}}),
            1 => json!({"id": c[0], "name": c[1], "unknown_key": c[2]}),
            2 => json!({"id": c[0], "name": c[1], "preferences": [{"topic": c[2], "value": "x"}]}),
            3 => json!({"id": c[0], "name": c[1], "occasions": [{"kind": "birthday", "date": c[2]}]}),
            4 => json!({"id": c[0], "name": c[1], "consent": {"personalise": c[2]}}),
            5 => json!({"id": c[0], "name": c[1], "today": {"basket": c[2]}}),
            // Data in key names: an export that keyed records by person.
            6 => json!({"id": c[0], "name": c[1], format!("Mrs {} passport", c[2]): 1}),
            _ => json!({"id": c[0], "name": c[1], "loyalty": {format!("{} X42", c[2]): true}}),
        };
        let path = write(dir.path(), "bad.ndjson", &format!("{bad}\n"));
        for format in STAFF_FORMATS {
            let out = cuecard(dir.path()).args(["brief", "--format", format]).arg(&path).output().unwrap();
            prop_assert_eq!(out.status.code(), Some(65));
            assert_no_canary(&String::from_utf8_lossy(&out.stdout), "stdout");
            let stderr = String::from_utf8_lossy(&out.stderr);
            assert_no_canary(&stderr, "stderr");
            prop_assert!(stderr.contains("bad.ndjson:1:"), "{}", stderr);
        }
    }
}
