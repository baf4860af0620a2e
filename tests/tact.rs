//! Tact, through the binary: every cue is something a careful host would
//! say. Each test is a probe profile for one class of fault a blind review
//! or a new user found (a private purchase read aloud, a downgrade
//! congratulated, a child treated as a parent, a value cut mid-phrase, two
//! thank-yous in three cues, a birthday guessed aloud, a cabin hearing one
//! line), with a control beside it so the test can fail both ways.

mod common;

use std::collections::HashMap;

use common::*;
use cuecard::filled_faults;
use cuecard::Setting;
use serde_json::{json, Value};
use tempfile::TempDir;

/// Briefs one manifest of `customers` in `setting` with extra flags.
fn probe(setting: &str, customers: Value, args: &[&str]) -> Vec<Customer> {
    let home = TempDir::new().unwrap();
    let manifest = json!({
        "shift": {"title": "Probe", "date": TODAY, "setting": setting},
        "customers": customers,
    });
    let path = write(home.path(), "probe.json", &manifest.to_string());
    let (briefing, code, stderr) = brief_json(home.path(), args, &[&path]);
    assert_eq!(code, 0, "{stderr}");
    for cue in briefing.customers.iter().flat_map(|c| &c.cues) {
        assert_reads_right(cue);
    }
    briefing.customers
}

/// The check over every filled cue: no fault a template cannot show, and
/// an opener never talks about the customer in the third person.
fn assert_reads_right(cue: &Cue) {
    assert_eq!(
        filled_faults(&cue.text),
        None,
        "{}: {}",
        cue.variant,
        cue.text
    );
    if cue.variant.contains(".opener") {
        let lower = format!(" {} ", cue.text.to_lowercase());
        for word in [" they ", " them ", " their ", " they're "] {
            assert!(!lower.contains(word), "third person: {}", cue.text);
        }
    }
}

const FAMILIARITIES: [&str; 3] = ["reserved", "warm", "familiar"];
const STYLES: [&str; 2] = ["hint", "opener"];

fn one(setting: &str, customer: Value, args: &[&str]) -> Vec<Cue> {
    probe(setting, json!([customer]), args).remove(0).cues
}

fn rules(cues: &[Cue]) -> Vec<&str> {
    cues.iter().map(|c| c.rule.as_str()).collect()
}

fn texts(cues: &[Cue]) -> String {
    cues.iter()
        .map(|c| c.text.as_str())
        .collect::<Vec<_>>()
        .join(" | ")
}

fn bought(item: &str, category: Option<&str>) -> Value {
    let mut customer = json!({
        "id": "P-1", "name": "Pat Doe", "ref": "1A",
        "purchases": [{"item": item, "date": "2026-10-10"}],
        "today": {"basket": [item]},
    });
    if let Some(category) = category {
        customer["purchases"][0]["category"] = json!(category);
    }
    customer
}

#[test]
fn a_purchase_cues_only_from_an_allowed_category_and_never_a_private_one() {
    let cued = |setting, item, category| {
        one(setting, bought(item, category), &[])
            .iter()
            .any(|c| c.rule == "already_owned")
    };
    assert!(cued("retail", "Middlemarch", Some("books")), "control");
    assert!(!cued("retail", "Morning-after pill", Some("general")));
    assert!(!cued("retail", "Prenatal vitamins", Some("vitamins")));
    assert!(
        !cued("retail", "Middlemarch", None),
        "no category never cues"
    );
    assert!(!cued(
        "retail",
        "The Holy Quran (Oxford World's Classics)",
        Some("books")
    ));
    assert!(!cued("retail", "Book of Common Prayer", Some("books")));
    assert!(
        !cued("retail", "The Qur\u{2019}an", Some("books")),
        "a curly apostrophe"
    );
    assert!(
        !cued("retail", "Morning after pill", Some("gifts")),
        "no hyphen"
    );
    assert!(!cued("retail", "Pregnancy test kit", Some("electronics")));
    assert!(
        !cued("pharmacy", "Middlemarch", Some("books")),
        "never at a pharmacy"
    );
}

fn member(tier: &str, previous: Option<&str>, tier_since: &str) -> Value {
    let mut loyalty = json!({
        "tier": tier, "tier_since": tier_since,
        "member_since": "2012-01-10", "lifetime_visits": 40, "visits_last_90_days": 0,
    });
    if let Some(previous) = previous {
        loyalty["previous_tier"] = json!(previous);
    }
    json!({"id": "M-1", "name": "Sam Roe", "ref": "2C", "loyalty": loyalty})
}

#[test]
fn only_a_move_known_to_be_up_is_congratulated() {
    let celebrates = |tier, previous| {
        one("flight", member(tier, previous, "2026-11-10"), &[])
            .iter()
            .any(|c| c.rule == "new_tier")
    };
    assert!(celebrates("Gold", Some("Silver")), "control");
    assert!(!celebrates("Silver", Some("Gold")), "a downgrade");
    assert!(!celebrates("Gold", None), "no previous tier");
    assert!(
        !celebrates("Diamond", Some("Gold")),
        "a tier not on loyalty.tiers"
    );
}

#[test]
fn tenure_in_a_tier_comes_from_tier_since_and_articles_follow_sound() {
    let mut fresh = member("Advantage", None, "2026-06-01");
    fresh["loyalty"]["lifetime_visits"] = json!(900);
    let long = {
        let mut m = member("Advantage", None, "2012-01-10");
        m["loyalty"]["lifetime_visits"] = json!(900);
        m
    };
    for familiarity in FAMILIARITIES {
        for style in STYLES {
            let args = ["--familiarity", familiarity, "--style", style];
            let cues = one("hotel", fresh.clone(), &args);
            assert!(
                !texts(&cues).contains("Advantage"),
                "in the tier since June: {}",
                texts(&cues)
            );
            let text = texts(&one("hotel", long.clone(), &args));
            assert!(
                !text.contains("a Advantage") && !text.contains("A Advantage"),
                "{text}"
            );
        }
    }
}

fn child() -> Value {
    json!({
        "id": "C-9", "name": "Mia Lee", "preferred_name": "Mia", "ref": "14B",
        "loyalty": {"tier": "Gold", "member_since": "2014-01-01", "lifetime_visits": 300,
                    "visits_last_90_days": 5},
        "today": {"services": ["UMNR", "CHML"]},
    })
}

#[test]
fn a_child_travelling_alone_is_looked_after_not_treated_as_a_parent() {
    for familiarity in FAMILIARITIES {
        for style in STYLES {
            let cues = one(
                "flight",
                child(),
                &["--familiarity", familiarity, "--style", style],
            );
            let text = texts(&cues).to_lowercase();
            assert!(
                cues.iter().any(|c| c.variant.starts_with("assist.minor")),
                "{text}"
            );
            assert!(
                !text.contains("little one") && !text.contains("your child"),
                "{text}"
            );
            let cheer = ["welcome_back", "long_standing", "new_tier", "first_visit"];
            assert!(
                !cues.iter().any(|c| cheer.contains(&c.rule.as_str())),
                "{text}"
            );
        }
    }
    let mut adult = child();
    adult["today"]["services"] = json!([]);
    let cues = one("flight", adult, &[]);
    assert!(cues
        .iter()
        .any(|c| c.rule == "welcome_back" || c.rule == "long_standing"));
}

fn with_codes(codes: &[&str]) -> Value {
    json!({"id": "S-1", "name": "Lee Park", "ref": "20A", "today": {"services": codes}})
}

#[test]
fn meet_and_assist_is_an_airport_handover_on_flights_only() {
    let meet = |setting| {
        one(setting, with_codes(&["MAAS"]), &[])
            .iter()
            .any(|c| c.variant.starts_with("assist.meet"))
    };
    assert!(meet("flight"), "control");
    for setting in ["hotel", "retail", "pharmacy", "restaurant", "generic"] {
        assert!(!meet(setting), "{setting}");
    }
}

#[test]
fn each_wheelchair_code_has_its_own_action_and_none_suggests_walking() {
    let topic = |code: &str| {
        let cues = one("flight", with_codes(&[code]), &[]);
        let cue = cues.iter().find(|c| c.rule == "assist").unwrap().clone();
        let topic = cue.variant.split('.').nth(1).unwrap().to_string();
        (topic, cue.text.to_lowercase())
    };
    assert_eq!(topic("WCHR").0, "mobility_distance");
    assert_eq!(topic("WCHS").0, "mobility_steps");
    for code in ["WCHC", "WCOB", "WCHP", "STCR"] {
        for familiarity in FAMILIARITIES {
            for style in STYLES {
                let args = ["--familiarity", familiarity, "--style", style];
                let cues = one("flight", with_codes(&[code]), &args);
                let cue = cues.iter().find(|c| c.rule == "assist").unwrap();
                assert!(cue.variant.starts_with("assist.mobility_full"), "{code}");
                let text = cue.text.to_lowercase();
                for word in ["walk", "lean", "arm ", "stand", "step "] {
                    assert!(!text.contains(word), "{code}: {text}");
                }
            }
        }
    }
}

#[test]
fn an_extra_seat_is_never_mentioned_to_the_customer() {
    for familiarity in FAMILIARITIES {
        let args = ["--familiarity", familiarity, "--style", "opener"];
        let cues = one("flight", with_codes(&["EXST"]), &args);
        let cue = cues.iter().find(|c| c.rule == "assist").unwrap();
        assert!(!cue.variant.contains(".opener"), "{}", cue.variant);
    }
}

fn preferring(topic: &str, value: &str, confirmed: &str) -> Value {
    json!({
        "id": format!("V-{value}"), "name": "Ana Cruz", "ref": "5D",
        "preferences": [{"topic": topic, "value": value, "source": "stated",
                         "last_confirmed": confirmed}],
    })
}

#[test]
fn values_are_never_cut_and_fit_their_sentence() {
    let values = [
        ("drink", "gin and tonic, light on the ice please"),
        ("drink", "sparkling water, no ice"),
        ("drink", "still water"),
        ("seat", "extra pillows"),
        ("drink", "black coffee, no sugar"),
    ];
    for (topic, value) in values {
        for confirmed in ["2026-10-01", "2024-01-01"] {
            for familiarity in FAMILIARITIES {
                for style in STYLES {
                    let args = ["--familiarity", familiarity, "--style", style];
                    let customers = (0..12)
                        .map(|i| {
                            let mut c = preferring(topic, value, confirmed);
                            c["id"] = json!(format!("V-{i}"));
                            c
                        })
                        .collect();
                    for customer in probe("hotel", customers, &args) {
                        let text = texts(&customer.cues);
                        assert!(!text.contains('…'), "{text}");
                        assert!(!text.contains("an extra pillows"), "{text}");
                        assert!(!text.contains("still like still"), "{text}");
                        if value.split_whitespace().count() > 6 {
                            assert!(!text.contains("gin and tonic"), "cut: {text}");
                        }
                        // A value with a comma ends its clause.
                        for cue in &customer.cues {
                            if let Some(at) = cue.text.find(value).filter(|_| value.contains(',')) {
                                let next = cue.text[at + value.len()..].chars().next();
                                let ends = next.is_none_or(|c| ".?!;:".contains(c))
                                    || cue.text[at + value.len()..].starts_with(" —");
                                assert!(ends, "{}", cue.text);
                            }
                        }
                    }
                }
            }
        }
    }
}

#[test]
fn an_item_with_its_own_article_is_not_given_another() {
    for familiarity in ["warm", "familiar"] {
        for style in STYLES {
            let customers = (0..16)
                .map(|i| {
                    let mut c = bought("The Remains of the Day", Some("books"));
                    c["id"] = json!(format!("B-{i}"));
                    c
                })
                .collect();
            let args = ["--familiarity", familiarity, "--style", style];
            for customer in probe("retail", customers, &args) {
                let text = texts(&customer.cues);
                assert!(text.contains("already") || !text.is_empty());
                for det in ["Another The", "another The", "the The", "a The"] {
                    assert!(!text.contains(det), "{text}");
                }
            }
        }
    }
}

fn regular(id: &str) -> Value {
    json!({
        "id": id, "name": "Robin Vale", "preferred_name": "Robin", "ref": "7C",
        "loyalty": {"tier": "Gold", "tier_since": "2014-03-01", "member_since": "2014-03-01",
                    "lifetime_visits": 420, "visits_last_90_days": 6},
        "preferences": [{"topic": "drink", "value": "jasmine tea", "source": "stated",
                         "last_confirmed": "2026-10-20"}],
    })
}

#[test]
fn a_grieving_customer_hears_one_quiet_voice() {
    let mut widow = regular("W-1");
    widow["sensitive"] = json!([{"category": "bereavement"}]);
    widow["occasions"] = json!([{"kind": "anniversary", "date": "2020-11-23", "source": "stated"}]);
    for familiarity in ["warm", "familiar"] {
        for style in STYLES {
            let cues = one(
                "flight",
                widow.clone(),
                &["--familiarity", familiarity, "--style", style],
            );
            assert!(cues.iter().any(|c| c.rule == "tone"), "{}", texts(&cues));
            for cue in &cues {
                assert_ne!(cue.aim, "celebrate", "{}", cue.text);
                if cue.rule != "assist" && cue.rule != "service" {
                    assert!(
                        cue.variant.contains(".reserved"),
                        "{}: {}",
                        cue.variant,
                        cue.text
                    );
                }
                assert!(!cue.text.contains('!'), "{}", cue.text);
            }
        }
    }
}

#[test]
fn one_loyalty_line_and_the_preference_they_told_us_is_kept() {
    for familiarity in FAMILIARITIES {
        for style in STYLES {
            let cues = one(
                "flight",
                regular("R-1"),
                &["--familiarity", familiarity, "--style", style],
            );
            let loyalty = cues
                .iter()
                .filter(|c| {
                    ["welcome_back", "long_standing", "new_tier"].contains(&c.rule.as_str())
                })
                .count();
            assert_eq!(loyalty, 1, "{:?}", rules(&cues));
            let lower = texts(&cues).to_lowercase();
            for new in ["becoming a regular", "getting to know", "new face"] {
                assert!(!lower.contains(new), "a member of twelve years: {lower}");
            }
            if familiarity != "reserved" {
                assert!(rules(&cues).contains(&"preference"), "{:?}", rules(&cues));
            }
        }
    }
}

#[test]
fn frequency_is_never_celebrated_at_a_pharmacy() {
    let mut regular = regular("F-1");
    regular["loyalty"]["member_since"] = json!("2024-01-01");
    regular["loyalty"]["tier_since"] = json!("2024-01-01");
    let at = |setting| rules(&one(setting, regular.clone(), &[])).join(",");
    assert!(at("retail").contains("welcome_back") || at("retail").contains("long_standing"));
    let mut upgraded = regular.clone();
    upgraded["loyalty"]["previous_tier"] = json!("Silver");
    upgraded["loyalty"]["tier_since"] = json!("2026-11-15");
    let new_tier = |setting| rules(&one(setting, upgraded.clone(), &[])).contains(&"new_tier");
    assert!(new_tier("retail"), "control");
    assert!(!new_tier("pharmacy"), "a pharmacy tier is a health fact");
    let pharmacy = at("pharmacy");
    assert!(
        !pharmacy.contains("welcome_back") && !pharmacy.contains("long_standing"),
        "{pharmacy}"
    );
}

fn birthday(source: &str) -> Value {
    json!({
        "id": "O-1", "name": "Margaret Okafor", "ref": "9A",
        "occasions": [{"kind": "birthday", "date": "1980-11-23", "source": source}],
        "preferences": [{"topic": "drink", "value": "a double whisky", "source": "observed"}],
    })
}

#[test]
fn an_observed_fact_is_a_possibility_for_staff_never_said_aloud() {
    let cues = one(
        "flight",
        birthday("observed"),
        &["--familiarity", "familiar", "--style", "opener"],
    );
    for cue in cues
        .iter()
        .filter(|c| c.rule == "occasion" || c.rule == "preference")
    {
        assert!(
            !cue.variant.contains(".opener"),
            "{}: {}",
            cue.variant,
            cue.text
        );
    }
    assert!(
        cues.iter()
            .any(|c| c.variant.starts_with("occasion.observed")),
        "{}",
        texts(&cues)
    );
    let told = one(
        "flight",
        birthday("stated"),
        &["--familiarity", "familiar", "--style", "opener"],
    );
    assert!(
        told.iter()
            .any(|c| c.variant.starts_with("occasion.birthday") && c.variant.contains(".opener")),
        "control: {}",
        texts(&told)
    );
}

#[test]
fn no_cue_says_the_booked_name_and_no_hi_goes_with_a_title() {
    // New to a tier and a regular: the rules whose phrasings name them most.
    let loyalty = json!({
        "tier": "Gold", "previous_tier": "Silver", "tier_since": "2026-11-01",
        "member_since": "2015-01-01", "lifetime_visits": 40, "visits_last_90_days": 4,
    });
    let booked = json!({
        "id": "N-1", "name": "Margaret Okafor", "ref": "3A", "loyalty": loyalty,
    });
    let titled = json!({
        "id": "N-2", "name": "Margaret Okafor", "title": "Ms", "family_name": "Okafor",
        "ref": "3B", "loyalty": loyalty,
    });
    // Nor do notes to staff: a full booked name in a sentence reads as a
    // filled-in form ("Sam Tanaka is newly a Gold member").
    for (familiarity, style) in FAMILIARITIES
        .iter()
        .flat_map(|f| [(*f, "opener"), (*f, "hint")])
    {
        let args = ["--familiarity", familiarity, "--style", style];
        let customers: Vec<Value> = (0..24)
            .flat_map(|i| {
                let mut b = booked.clone();
                b["id"] = json!(format!("N-b{i}"));
                let mut t = titled.clone();
                t["id"] = json!(format!("N-t{i}"));
                [b, t]
            })
            .collect();
        for customer in probe("hotel", json!(customers), &args) {
            let text = texts(&customer.cues);
            assert!(!text.contains("Margaret"), "{text}");
            for hi in ["Hi Ms", "Hey Ms", "Hiya Ms"] {
                assert!(!text.contains(hi), "{text}");
            }
        }
    }
}

#[test]
fn a_customer_gets_one_greeting_at_most() {
    let greets = |t: &str| {
        let t = t.to_lowercase();
        [
            "hello",
            "hi ",
            "hi,",
            "hey",
            "welcome",
            "good to see you",
            "lovely to see you",
        ]
        .iter()
        .any(|g| t.starts_with(g))
    };
    let mut busy = regular("G-1");
    busy["today"] = json!({"services": ["INFT", "BSCT"]});
    busy["occasions"] = json!([{"kind": "birthday", "date": "1990-11-23", "source": "stated"}]);
    for familiarity in FAMILIARITIES {
        let customers: Vec<Value> = (0..30)
            .map(|i| {
                let mut c = busy.clone();
                c["id"] = json!(format!("G-{i}"));
                c
            })
            .collect();
        let args = ["--familiarity", familiarity, "--style", "opener"];
        for customer in probe("flight", json!(customers), &args) {
            let n = customer.cues.iter().filter(|c| greets(&c.text)).count();
            assert!(n <= 1, "{}", texts(&customer.cues));
        }
    }
}

/// A wide-body cabin of near-identical Gold regulars, six abreast.
fn cabin() -> Value {
    let drinks = [
        "jasmine tea",
        "sparkling water",
        "black coffee",
        "a flat white",
        "still water",
    ];
    (0..300)
        .map(|i| {
            let row = i / 6 + 1;
            let seat = ["A", "B", "C", "D", "E", "F"][i % 6];
            json!({
                "id": format!("FF-{i:06}"), "name": format!("Guest {i}"),
                "preferred_name": format!("Guest{i}"), "ref": format!("{row}{seat}"),
                "loyalty": {"tier": "Gold", "member_since": "2014-05-01", "lifetime_visits": 400,
                            "visits_last_90_days": 6},
                "preferences": [{"topic": "drink", "value": drinks[i % drinks.len()],
                                 "source": "stated", "last_confirmed": "2026-10-15"}],
            })
        })
        .collect()
}

fn sentences(text: &str) -> Vec<String> {
    text.split_inclusive(['.', '?', '!'])
        .map(|s| s.trim().to_lowercase())
        .filter(|s| !s.is_empty())
        .collect()
}

#[test]
fn nobody_in_a_row_hears_the_same_line() {
    let row_of = |r: &str| {
        r.trim_end_matches(char::is_alphabetic)
            .parse::<i32>()
            .unwrap()
    };
    for familiarity in FAMILIARITIES {
        for style in STYLES {
            let args = ["--familiarity", familiarity, "--style", style];
            let customers = probe("flight", cabin(), &args);
            let heard: Vec<(i32, Vec<(String, String)>)> = customers
                .iter()
                .map(|c| {
                    let row = row_of(c.reference.as_deref().unwrap());
                    let lines = c
                        .cues
                        .iter()
                        .flat_map(|cue| {
                            sentences(&cue.text)
                                .into_iter()
                                .map(|s| (cue.rule.clone(), s))
                        })
                        .collect();
                    (row, lines)
                })
                .collect();
            let shared = heard
                .iter()
                .enumerate()
                .filter(|(i, (row, lines))| {
                    heard.iter().enumerate().any(|(j, (other, theirs))| {
                        j != *i
                            && (other - row).abs() <= 1
                            && lines.iter().any(|l| theirs.contains(l))
                    })
                })
                .count();
            assert!(
                shared * 100 <= 5 * heard.len(),
                "{familiarity} {style}: {shared} of 300 share a line"
            );
            let mut counts: HashMap<&str, usize> = HashMap::new();
            for (_, lines) in &heard {
                let mut mine: Vec<&str> = lines.iter().map(|(_, s)| s.as_str()).collect();
                mine.dedup();
                for s in mine {
                    *counts.entry(s).or_default() += 1;
                }
            }
            let (top, n) = counts.iter().max_by_key(|(_, n)| **n).unwrap();
            assert!(
                n * 100 <= 5 * 300,
                "{familiarity} {style}: `{top}` for {n} of 300"
            );
        }
    }
}

#[test]
fn every_filled_cue_of_every_sample_reads_right() {
    let home = TempDir::new().unwrap();
    let mut inputs = all_briefings();
    for setting in Setting::ALL.map(Setting::as_str) {
        let out = succeed(cuecard(home.path()).args([
            "sample",
            "--setting",
            setting,
            "--count",
            "60",
            "--format",
            "json",
        ]));
        inputs.push(write(
            home.path(),
            &format!("{setting}.json"),
            &String::from_utf8(out.stdout).unwrap(),
        ));
    }
    let mut seen = 0;
    for input in &inputs {
        for familiarity in FAMILIARITIES {
            for style in STYLES {
                let (briefing, _, _) = brief_json(
                    home.path(),
                    &["--familiarity", familiarity, "--style", style],
                    &[input],
                );
                for cue in briefing.customers.iter().flat_map(|c| &c.cues) {
                    seen += 1;
                    assert_reads_right(cue);
                }
            }
        }
    }
    assert!(seen > 1000, "only {seen} cues");
}

#[test]
fn a_phrasing_that_breaks_the_wording_guide_is_refused_with_its_path() {
    let home = TempDir::new().unwrap();
    let bad = [
        ("Back again, mate.", "slang"),
        ("Nice one, you're back! Just shout.", "slang"),
        ("Check whether {value} is still their usual.", "clause"),
        ("They're becoming a regular.", "new"),
    ];
    for (text, why) in bad {
        let topic = if text.contains("{value}") {
            "preference"
        } else {
            "welcome_back"
        };
        let extra = if topic == "preference" {
            "topic = \"drink\"\n"
        } else {
            ""
        };
        let config = write(
            home.path(),
            "c.toml",
            &format!("[[phrases]]\nrule = \"{topic}\"\n{extra}familiarity = \"warm\"\ntext = \"{text}\"\n"),
        );
        let out = cuecard(home.path())
            .arg("check")
            .arg(&config)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(78), "{why}: {text}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.contains("phrases[0].text"), "{why}: {stderr}");
    }
}

#[test]
fn an_observed_conversation_preference_is_never_said_to_the_customer() {
    let quiet = json!({
        "id": "Q-1", "name": "Lee Park", "ref": "8A",
        "preferences": [{"topic": "conversation", "value": "prefers quiet", "source": "observed"}],
    });
    let args = ["--familiarity", "familiar", "--style", "opener"];
    let cues = one("flight", quiet.clone(), &args);
    let cue = cues.iter().find(|c| c.rule == "conversation").unwrap();
    assert!(!cue.variant.contains(".opener"), "{}", cue.variant);
    let mut told = quiet;
    told["preferences"][0]["source"] = json!("stated");
    let cues = one("flight", told, &args);
    let cue = cues.iter().find(|c| c.rule == "conversation").unwrap();
    assert!(cue.variant.contains(".opener"), "control: {}", cue.variant);
}

#[test]
fn a_child_with_a_baby_code_is_not_made_a_parent() {
    let mut kid = child();
    kid["today"]["services"] = json!(["UMNR", "INFT", "BSCT"]);
    let cues = one("flight", kid, &[]);
    let variants: Vec<&str> = cues.iter().map(|c| c.variant.as_str()).collect();
    let parental = |v: &&str| v.starts_with("service.infant") || v.starts_with("service.bassinet");
    assert!(!variants.iter().any(parental), "{variants:?}");
}
