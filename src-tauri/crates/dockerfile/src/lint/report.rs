//! What the linter says: diagnostics with a span, a one-line reason and maybe a quick fix.

use serde::{Deserialize, Serialize};

// The finding types live in `tugboat-textspan` (shared with Compose); re-exported here so
// `tugboat_dockerfile::lint::Diagnostic` and the rest keep their paths.
pub use tugboat_textspan::{Diagnostic, QuickFix, Severity, TextEdit};

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
