//! The strict model of `config.toml` and its layering: the repository's
//! `config.toml` is embedded as the base layer and a user file overrides it
//! key by key. Unknown keys and bad values are errors located by file, line
//! and column in the user's file.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use std::borrow::Cow;

use schemars::{json_schema, JsonSchema, Schema, SchemaGenerator};
use serde::Deserialize;
use toml::de::{DeTable, DeValue};
use toml::{Spanned, Table, Value};

use crate::error::{line_col, Code, Fail};
use crate::phrase::PhraseEntry;
use crate::restricted::{Category, Treatment};
use crate::vocab::{Familiarity, Rule, Setting, Style};

/// The built-in default, documented key by key.
pub(crate) const BUILTIN: &str = include_str!("../config.toml");

#[derive(Deserialize, Debug, Clone, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(transform = every_key_optional)]
pub(crate) struct Config {
    pub tone: ToneSection,
    pub purpose: Purpose,
    /// Category name → treatment; names are checked in `validate` so that
    /// an unknown one is reported with its own path.
    #[schemars(
        with = "RestrictedTable",
        description = "How each restricted category is treated; categories left out are withheld."
    )]
    pub restricted: BTreeMap<String, Treatment>,
    pub purchases: Purchases,
    pub loyalty: LoyaltyTiers,
    pub limits: Limits,
    pub audit: Audit,
    pub rules: Rules,
    #[serde(default)]
    pub phrases: Vec<PhraseEntry>,
    /// SHA-256 (hex) of the effective merged config, for the audit log.
    #[serde(skip)]
    pub digest: String,
}

// The config's `[tone]` table: defaults that flags may override (the
// resolved tone a run uses is `briefer::Tone`). A plain comment: a doc
// comment would become the schema's description.
#[derive(Deserialize, Debug, Clone, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(transform = every_key_optional, rename = "Tone")]
pub(crate) struct ToneSection {
    pub familiarity: Familiarity,
    pub style: Style,
    pub max_cues: u8,
    pub stale_after_days: u32,
    pub setting: Setting,
}

#[derive(Deserialize, Serialize, Debug, Clone, PartialEq, Eq, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(transform = every_key_optional)]
pub(crate) struct Purpose {
    pub achieve: String,
    pub avoid: String,
}

#[derive(Deserialize, Debug, Clone, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(transform = every_key_optional)]
pub(crate) struct Purchases {
    /// The only categories whose past purchases may cue (an allowlist:
    /// a missing or unlisted category never does).
    pub cue_categories: Vec<String>,
    /// A second screen: never cue these, even if also allowed.
    pub restricted_categories: Vec<String>,
}

/// What the purchase screens say of a category.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum Screen {
    /// On the allowlist and not restricted: it may cue.
    Allowed,
    /// On `restricted_categories`.
    Restricted,
    /// Missing, or not on `cue_categories`.
    NotListed,
}

impl Purchases {
    /// Whether a purchase in `category` may be mentioned at all: on the
    /// allowlist and not on the restricted list (compared without case).
    pub(crate) fn screen(&self, category: Option<&str>) -> Screen {
        let category = category.map(str::trim).unwrap_or_default();
        let listed = |list: &[String]| {
            !category.is_empty() && list.iter().any(|c| c.trim().eq_ignore_ascii_case(category))
        };
        if listed(&self.restricted_categories) {
            Screen::Restricted
        } else if listed(&self.cue_categories) {
            Screen::Allowed
        } else {
            Screen::NotListed
        }
    }
}

#[derive(Deserialize, Debug, Clone, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(transform = every_key_optional)]
pub(crate) struct LoyaltyTiers {
    /// Tier names, lowest first: a move is congratulated only when both
    /// tiers are listed and the new one is higher.
    pub tiers: Vec<String>,
}

impl LoyaltyTiers {
    /// Whether going from `previous` to `tier` is known to be a move up.
    pub(crate) fn is_move_up(&self, previous: &str, tier: &str) -> bool {
        let rank = |name: &str| {
            self.tiers
                .iter()
                .position(|t| t.trim().eq_ignore_ascii_case(name.trim()))
        };
        matches!((rank(previous), rank(tier)), (Some(p), Some(t)) if t > p)
    }
}

#[derive(Deserialize, Debug, Clone, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(transform = every_key_optional)]
pub(crate) struct Limits {
    pub max_input_bytes: usize,
}

#[derive(Deserialize, Debug, Clone, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(transform = every_key_optional)]
pub(crate) struct Rules {
    /// Rules that never give a cue. `assist` cannot be switched off.
    pub disabled: Vec<Rule>,
}

#[derive(Deserialize, Debug, Clone, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(transform = every_key_optional)]
pub(crate) struct Audit {
    pub enabled: bool,
    pub path: String,
    pub key_path: String,
    pub alerts: Alerts,
}

/// Thresholds of `cuecard audit report`'s misuse flags; 0 turns one off.
#[derive(Deserialize, Debug, Clone, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(transform = every_key_optional)]
pub(crate) struct Alerts {
    /// A run outside a manifest reading at least this many customers.
    pub bulk_read_subjects: usize,
    /// One operator reading one customer in at least this many runs.
    pub repeat_reads: usize,
    /// One customer read by at least this many operators.
    pub many_operators: usize,
    /// `explain` runs on at most this many (real) customers.
    pub explain_subjects: usize,
    /// Runs starting from `[0]` o'clock until before `[1]` o'clock.
    pub unusual_hours: [u8; 2],
    /// The time zone of `unusual_hours` and `--since`, as `+HH:MM`.
    pub utc_offset: String,
}

impl Alerts {
    /// The checks the types cannot make, as (path, message).
    fn check(&self) -> Result<(), (String, String)> {
        if self.unusual_hours.iter().any(|h| *h > 24) {
            return Err((
                "audit.alerts.unusual_hours".into(),
                "hours must be from 0 to 24".into(),
            ));
        }
        if self.utc_offset.parse::<chrono::FixedOffset>().is_err() {
            return Err((
                "audit.alerts.utc_offset".into(),
                "expected an offset written +HH:MM or -HH:MM".into(),
            ));
        }
        Ok(())
    }
}

use serde::Serialize;

impl Config {
    /// The treatment of a category; categories the config omits are withheld.
    pub(crate) fn treatment(&self, category: Category) -> Treatment {
        self.restricted
            .get(category.as_str())
            .copied()
            .unwrap_or(Treatment::Withhold)
    }
}

/// A user config file's name and text.
pub(crate) struct UserFile {
    pub path: PathBuf,
    pub text: String,
}

/// Reads a user config file; an unreadable one is a config error (78).
pub(crate) fn read_user_file(path: &Path) -> anyhow::Result<UserFile> {
    let text = std::fs::read_to_string(path).map_err(|err| {
        Fail::new(
            Code::Config,
            format!("could not read config `{}`: {err}", path.display()),
        )
    })?;
    Ok(UserFile {
        path: path.to_path_buf(),
        text,
    })
}

/// The built-in config overlaid with `user`, validated.
pub(crate) fn load(user: Option<&UserFile>) -> anyhow::Result<Config> {
    let mut merged: Table = toml::from_str(BUILTIN)
        .map_err(|e| Fail::new(Code::Internal, format!("built-in config: {}", e.message())))?;
    let name = user.map_or_else(
        || "<built-in>".to_string(),
        |u| u.path.display().to_string(),
    );
    let located = |path: &str, message: &str| {
        let at = user.and_then(|u| locate(&u.text, path));
        let at = at.map_or_else(String::new, |(l, c)| format!(":{l}:{c}"));
        let path = if path.is_empty() {
            String::new()
        } else {
            format!(" `{path}`")
        };
        Fail::new(Code::Config, format!("config {name}{at}:{path}: {message}"))
    };
    if let Some(user) = user {
        let table = parse_user(&name, &user.text)?;
        merge(&mut merged, table);
    }
    let digest = digest(&merged)?;
    let mut config: Config =
        serde_path_to_error::deserialize(Value::Table(merged)).map_err(|err| {
            let path = err.path().to_string();
            located(&path, err.inner().message())
        })?;
    config.digest = digest;
    validate(&config).map_err(|(path, message)| located(&path, &message))?;
    Ok(config)
}

fn parse_user(name: &str, text: &str) -> anyhow::Result<Table> {
    toml::from_str(text).map_err(|err| {
        let at = err
            .span()
            .map(|s| line_col(text, s.start))
            .map_or_else(String::new, |(l, c)| format!(":{l}:{c}"));
        let message = err.message().lines().next().unwrap_or_default().to_string();
        Fail::new(Code::Config, format!("config {name}{at}: {message}"))
    })
}

/// SHA-256 of the merged config's canonical TOML: the same effective
/// config gives the same digest, whatever comments or layering made it.
fn digest(merged: &Table) -> anyhow::Result<String> {
    let text = toml::to_string(merged)
        .map_err(|e| Fail::new(Code::Internal, format!("config digest: {e}")))?;
    Ok(crate::digest::sha256_hex(text.as_bytes()))
}

/// Key-by-key override: tables merge recursively, everything else replaces.
fn merge(base: &mut Table, over: Table) {
    for (key, value) in over {
        match (base.get_mut(&key), value) {
            (Some(Value::Table(b)), Value::Table(o)) => merge(b, o),
            (_, value) => {
                base.insert(key, value);
            }
        }
    }
}

/// Checks what the types cannot: ranges and the phrase lint.
fn validate(config: &Config) -> Result<(), (String, String)> {
    if !(1..=10).contains(&config.tone.max_cues) {
        return Err(("tone.max_cues".into(), "must be from 1 to 10".into()));
    }
    if config.limits.max_input_bytes < 1024 {
        return Err((
            "limits.max_input_bytes".into(),
            "must be at least 1024".into(),
        ));
    }
    if let Some(i) = config
        .rules
        .disabled
        .iter()
        .position(|r| *r == Rule::Assist)
    {
        return Err((
            format!("rules.disabled[{i}]"),
            "`assist` cannot be switched off: staff must act on those cues".into(),
        ));
    }
    if let Some(bad) = config
        .restricted
        .keys()
        .find(|k| Category::parse(k).is_none())
    {
        let known: Vec<&str> = Category::ALL.iter().map(|c| c.as_str()).collect();
        return Err((
            format!("restricted.{bad}"),
            format!("unknown category, expected one of: {}", known.join(", ")),
        ));
    }
    config.audit.alerts.check()?;
    for (i, entry) in config.phrases.iter().enumerate() {
        if let Err(problem) = entry.lint() {
            return Err((format!("phrases[{i}].{}", problem.field), problem.message));
        }
    }
    Ok(())
}

/// Line and column of a dotted path (`phrases[2].text`) in a TOML text:
/// where its key is written (or its array element starts).
pub(crate) fn locate(text: &str, path: &str) -> Option<(usize, usize)> {
    let doc = DeTable::parse(text).ok()?;
    let mut span = None;
    let mut current = Spanned::new(doc.span(), DeValue::Table(doc.into_inner()));
    for segment in segments(path) {
        let next = match (current.into_inner(), segment) {
            (DeValue::Table(mut t), Segment::Key(k)) => {
                t.remove_entry(k).map(|(key, v)| (key.span(), v))
            }
            (DeValue::Array(a), Segment::Index(i)) => a.into_iter().nth(i).map(|v| (v.span(), v)),
            _ => None,
        };
        match next {
            Some((at, value)) => {
                span = Some(at);
                current = value;
            }
            None => break,
        }
    }
    span.map(|s| line_col(text, s.start))
}

enum Segment<'a> {
    Key(&'a str),
    Index(usize),
}

fn segments(path: &str) -> impl Iterator<Item = Segment<'_>> {
    path.split('.').filter(|s| !s.is_empty()).flat_map(|part| {
        let (key, rest) = part.split_once('[').unwrap_or((part, ""));
        let indices = rest
            .split('[')
            .filter_map(|i| i.trim_end_matches(']').parse().ok())
            .map(Segment::Index);
        std::iter::once(Segment::Key(key))
            .filter(|s| !matches!(s, Segment::Key("")))
            .chain(indices.collect::<Vec<_>>())
    })
}

/// A config file may leave any key out: it overrides the built-in config.
pub(crate) fn every_key_optional(schema: &mut Schema) {
    schema.remove("required");
}

/// The `[restricted]` table: a treatment for each restricted category,
/// and no other key (the config's own validation says the same).
pub(crate) struct RestrictedTable;

impl JsonSchema for RestrictedTable {
    fn schema_name() -> Cow<'static, str> {
        "RestrictedTable".into()
    }

    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        let treatment = generator.subschema_for::<Treatment>();
        let properties: serde_json::Map<String, serde_json::Value> = Category::ALL
            .iter()
            .map(|c| (c.as_str().to_string(), treatment.clone().to_value()))
            .collect();
        json_schema!({
            "description": "How each restricted category is treated: withhold, tone or assist.",
            "type": "object",
            "properties": properties,
            "additionalProperties": false
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn user(text: &str) -> UserFile {
        UserFile {
            path: "user.toml".into(),
            text: text.into(),
        }
    }

    #[test]
    fn builtin_config_loads_and_lists_every_category() {
        let config = load(None).unwrap();
        assert_eq!(config.tone.familiarity, Familiarity::Warm);
        for c in Category::ALL {
            assert!(config.restricted.contains_key(c.as_str()), "{c}");
        }
    }

    #[test]
    fn user_file_overrides_key_by_key() {
        let config = load(Some(&user("[tone]\nfamiliarity = \"familiar\"\n"))).unwrap();
        assert_eq!(config.tone.familiarity, Familiarity::Familiar);
        assert_eq!(config.tone.max_cues, 3);
        assert_eq!(config.treatment(Category::Bereavement), Treatment::Tone);
    }

    #[test]
    fn unknown_keys_are_located() {
        let err = load(Some(&user("[tone]\n\nfamiliarty = \"warm\"\n"))).unwrap_err();
        let msg = err.to_string();
        assert!(msg.contains("user.toml:3:1"), "{msg}");
        assert!(msg.contains("tone.familiarty"), "{msg}");
        assert_eq!(crate::error::code_of(&err), Code::Config);
    }

    #[test]
    fn digest_follows_the_effective_config() {
        let builtin = load(None).unwrap().digest;
        assert_eq!(builtin.len(), 64);
        let same = load(Some(&user("# a comment\n[tone]\nmax_cues = 3\n"))).unwrap();
        assert_eq!(same.digest, builtin);
        let other = load(Some(&user("[tone]\nmax_cues = 4\n"))).unwrap();
        assert_ne!(other.digest, builtin);
    }

    #[test]
    fn alert_thresholds_are_checked() {
        let err = load(Some(&user("[audit.alerts]\nunusual_hours = [22, 25]\n"))).unwrap_err();
        assert!(err.to_string().contains("user.toml:2:1:"), "{err}");
        let err = load(Some(&user("[audit.alerts]\nutc_offset = \"CET\"\n"))).unwrap_err();
        assert!(err.to_string().contains("utc_offset"), "{err}");
    }

    #[test]
    fn bad_values_are_located() {
        let err = load(Some(&user("[tone]\nmax_cues = 40\n"))).unwrap_err();
        assert!(err.to_string().contains("user.toml:2:1:"), "{err}");
        let err = load(Some(&user("[restricted]\nhealth = \"share\"\n"))).unwrap_err();
        assert!(err.to_string().contains("user.toml:2:1:"), "{err}");
        let err = load(Some(&user("[restricted]\n\nhelth = \"tone\"\n"))).unwrap_err();
        assert!(err.to_string().contains("user.toml:3:1:"), "{err}");
    }
}
