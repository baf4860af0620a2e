//! The briefing: the one output model every renderer reads. It holds refs,
//! how to address each customer and the phrased cues — never profile
//! fields — so no renderer can print raw data by accident. Every string in
//! it is [`SafeText`], sanitised when it is made.

mod safe_text;

use std::fmt;

use schemars::JsonSchema;
use serde::Serialize;

pub(crate) use safe_text::{sanitize, SafeText};

use crate::error::InputError;
use crate::vocab::{Aim, Familiarity, Rule, Setting, Style};

pub(crate) const SCHEMA_VERSION: u32 = 1;

/// A whole briefing, as printed by `--format json`.
#[derive(Serialize, JsonSchema, Debug)]
pub(crate) struct Briefing {
    pub schema_version: u32,
    #[serde(flatten)]
    pub header: Header,
    pub customers: Vec<CustomerBrief>,
    pub errors: Vec<ErrorOut>,
}

/// What a briefing opens with (principle 8: purpose first).
#[derive(Serialize, JsonSchema, Debug, Clone, PartialEq)]
pub(crate) struct Header {
    pub shift: ShiftOut,
    pub familiarity: Familiarity,
    pub style: Style,
    pub purpose: PurposeOut,
}

#[derive(Serialize, JsonSchema, Debug, Clone, PartialEq)]
pub(crate) struct ShiftOut {
    pub title: Option<SafeText>,
    #[schemars(extend("format" = "date"))]
    pub date: String,
    pub setting: Setting,
}

#[derive(Serialize, JsonSchema, Debug, Clone, PartialEq)]
pub(crate) struct PurposeOut {
    pub achieve: SafeText,
    pub avoid: SafeText,
}

/// One customer's row.
#[derive(Serialize, JsonSchema, Debug, Clone)]
pub(crate) struct CustomerBrief {
    #[serde(rename = "ref")]
    pub reference: Option<SafeText>,
    pub address_as: Option<SafeText>,
    pub cues: Vec<Cue>,
}

#[derive(Serialize, JsonSchema, Debug, Clone)]
pub(crate) struct Cue {
    pub rule: Rule,
    pub variant: String,
    pub aim: Aim,
    pub rung: Option<u8>,
    pub text: SafeText,
}

/// A bad input or record, as shown in output.
#[derive(Serialize, JsonSchema, Debug, Clone)]
pub(crate) struct ErrorOut {
    pub input: SafeText,
    /// The bad record's `ref`, where it could be read.
    #[serde(rename = "ref", skip_serializing_if = "Option::is_none")]
    pub reference: Option<SafeText>,
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
            reference: e.reference.as_deref().map(SafeText::new),
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
        if let Some(reference) = &self.reference {
            write!(f, ": {reference}")?;
        }
        if let Some(path) = &self.path {
            write!(f, ": `{path}`")?;
        }
        write!(f, ": {}", self.message)
    }
}

/// Totals for the end of a run.
#[derive(Serialize, JsonSchema, Debug, Clone, Default)]
pub(crate) struct Summary {
    pub customers: usize,
    pub cues: usize,
    /// Bad records and inputs, all told.
    pub errors: usize,
    /// Of the errors, inputs that do not exist.
    #[serde(skip_serializing_if = "is_zero")]
    pub inputs_not_found: usize,
    /// Of the errors, inputs that exist but could not be read.
    #[serde(skip_serializing_if = "is_zero")]
    pub inputs_unreadable: usize,
}

impl Summary {
    /// Bad records, not counting inputs that could not be read.
    pub(crate) fn records_not_briefed(&self) -> usize {
        self.errors - self.inputs_not_found - self.inputs_unreadable
    }
}

#[allow(clippy::trivially_copy_pass_by_ref, reason = "serde's signature")]
fn is_zero(n: &usize) -> bool {
    *n == 0
}
