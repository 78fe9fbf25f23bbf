//! tugboat-textspan: where something is in a text the user edits, and what a checker says
//! about it. Shared by every analyser (Dockerfiles, Compose) so the editor's problems panel,
//! hover and quick fixes read one shape.
//!
//! - [`Span`]: UTF-16 offsets (what CodeMirror and JavaScript strings count) and 1-based lines.
//! - [`Diagnostic`], [`Severity`], [`QuickFix`], [`TextEdit`]: a finding and its fix.
//! - [`Offsets`]: between byte positions in a Rust string and the editor's UTF-16 offsets.

mod offsets;

pub use offsets::Offsets;
use serde::{Deserialize, Serialize};

/// Where a node is in the text. `start`/`end` count UTF-16 code units (what CodeMirror and
/// JavaScript strings use); `line`/`endLine` are 1-based and `endLine` is the line of the last
/// character the node covers.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct Span {
    pub start: u32,
    pub end: u32,
    pub line: u32,
    pub end_line: u32,
}

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
    // Compose rules use their slug as the id too (`depends-on-missing`).
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
