//! The briefing: the one output model every renderer reads. It holds refs,
//! how to address each customer and the phrased cues — never profile
//! fields — so no renderer can print raw data by accident. Every string in
//! it is [`SafeText`], sanitised when it is made.

use std::fmt;

use schemars::JsonSchema;
use serde::Serialize;

use crate::config::Purpose;
use crate::error::InputError;
use crate::render::sanitize::sanitize;
use crate::vocab::{Aim, Familiarity, Rule, Setting, Style};

/// Text that has been sanitised for output; the only way to make one.
#[derive(Clone, PartialEq, Eq, Serialize, Debug, JsonSchema)]
#[serde(transparent)]
pub struct SafeText(String);

impl SafeText {
    pub fn new(text: &str) -> SafeText {
        SafeText(sanitize(text).into_owned())
    }

    /// As [`SafeText::new`], keeping `text`'s buffer when it is already safe.
    pub fn from_string(text: String) -> SafeText {
        match sanitize(&text) {
            std::borrow::Cow::Borrowed(_) => SafeText(text),
            std::borrow::Cow::Owned(safe) => SafeText(safe),
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for SafeText {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

pub const SCHEMA_VERSION: u32 = 1;

/// A whole briefing, as printed by `--format json`.
#[derive(Serialize, JsonSchema, Debug)]
pub struct Briefing {
    pub schema_version: u32,
    #[serde(flatten)]
    pub header: Header,
    pub customers: Vec<CustomerBrief>,
    pub errors: Vec<ErrorOut>,
}

/// What a briefing opens with (principle 8: purpose first).
#[derive(Serialize, JsonSchema, Debug, Clone)]
pub struct Header {
    pub shift: ShiftOut,
    pub familiarity: Familiarity,
    pub style: Style,
    pub purpose: PurposeOut,
}

#[derive(Serialize, JsonSchema, Debug, Clone)]
pub struct ShiftOut {
    pub title: Option<SafeText>,
    #[schemars(extend("format" = "date"))]
    pub date: String,
    pub setting: Setting,
}

#[derive(Serialize, JsonSchema, Debug, Clone)]
pub struct PurposeOut {
    pub achieve: SafeText,
    pub avoid: SafeText,
}

impl From<&Purpose> for PurposeOut {
    fn from(p: &Purpose) -> Self {
        PurposeOut {
            achieve: SafeText::new(&p.achieve),
            avoid: SafeText::new(&p.avoid),
        }
    }
}

/// One customer's row.
#[derive(Serialize, JsonSchema, Debug, Clone)]
pub struct CustomerBrief {
    #[serde(rename = "ref")]
    pub reference: Option<SafeText>,
    pub address_as: Option<SafeText>,
    pub cues: Vec<Cue>,
}

#[derive(Serialize, JsonSchema, Debug, Clone)]
pub struct Cue {
    pub rule: Rule,
    pub variant: String,
    pub aim: Aim,
    pub rung: Option<u8>,
    pub text: SafeText,
}

/// A bad input or record, as shown in output.
#[derive(Serialize, JsonSchema, Debug, Clone)]
pub struct ErrorOut {
    pub input: SafeText,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub column: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub path: Option<SafeText>,
    pub message: SafeText,
}

impl From<&InputError> for ErrorOut {
    fn from(e: &InputError) -> Self {
        ErrorOut {
            input: SafeText::new(&e.input),
            line: e.line,
            column: e.column,
            path: (!e.path.is_empty()).then(|| SafeText::new(&e.path)),
            message: SafeText::new(&e.message),
        }
    }
}

impl fmt::Display for ErrorOut {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.input)?;
        if let (Some(line), Some(column)) = (self.line, self.column) {
            write!(f, ":{line}:{column}")?;
        }
        if let Some(path) = &self.path {
            write!(f, ": `{path}`")?;
        }
        write!(f, ": {}", self.message)
    }
}

/// Totals for the end of a run.
#[derive(Serialize, JsonSchema, Debug, Clone, Default)]
pub struct Summary {
    pub customers: usize,
    pub cues: usize,
    pub errors: usize,
}
