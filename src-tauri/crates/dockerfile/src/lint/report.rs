//! What the linter says: diagnostics with a span, a one-line reason and maybe a quick fix.

use crate::Span;
use serde::{Deserialize, Serialize};

/// How much a finding matters: `error` stops a build, `warning` is likely a mistake, `info` is
/// advice (smaller images, faster rebuilds).
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, specta::Type,
)]
#[serde(rename_all = "camelCase")]
pub enum Severity {
    Error,
    Warning,
    Info,
}

/// One finding on the text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct Diagnostic {
    /// The rule id (`DF003`), or `parse-error` for what the parser refused.
    pub rule: String,
    /// The rule's name in words (`unpinned-base`), stable like the id.
    pub slug: String,
    pub severity: Severity,
    /// A one-line reason, naming what was found.
    pub message: String,
    pub span: Span,
    pub fix: Option<QuickFix>,
}

/// Edits that make a finding go away, applied together.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct QuickFix {
    /// What the fix does, as a button label ("Use exec form").
    pub title: String,
    pub edits: Vec<TextEdit>,
}

/// Replace `start..end` (UTF-16 code units, as the editor counts) with `insert`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct TextEdit {
    pub start: u32,
    pub end: u32,
    pub insert: String,
}

/// What the linter knows about the build context (the shell measures it; the linter does no I/O).
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct LintContext {
    /// Bytes in the context folder, `None` when unknown (no folder, or not measured).
    /// Counted up to a cap: a value at the cap means "at least this much".
    pub context_bytes: Option<f64>,
    pub has_dockerignore: bool,
}

/// Every finding for one text, ordered by position.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct LintReport {
    pub diagnostics: Vec<Diagnostic>,
}
