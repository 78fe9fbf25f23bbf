//! The Dockerfile linter: a table of rules run over the parsed file, each finding a
//! [`Diagnostic`] with a span, a one-line reason and, where the change is clear, a quick fix.
//!
//! Adding a rule is one [`Rule`] entry in [`rules::RULES`] and its check function (plus a fix
//! function when there is one). Rules read the AST and the text; they do no I/O: what the shell
//! learns about the build context comes in as a [`LintContext`].

mod report;
mod rules;
mod shell;
#[cfg(test)]
mod tests;
mod vars;

pub use report::{Diagnostic, LintContext, LintReport, QuickFix, Severity, TextEdit};
pub use rules::{Rule, LARGE_CONTEXT_BYTES, RULES};

use crate::{parse, Dockerfile, Span};
use tugboat_textspan::Offsets;

/// The id parse errors are reported under.
pub const PARSE_ERROR: &str = "parse-error";

/// Parse `text` and lint it.
pub fn lint(text: &str, context: &LintContext) -> LintReport {
    lint_parsed(&parse(text), text, context)
}

/// Lint an already parsed file (`parsed` must come from `text`): its parse errors, then every
/// rule's findings, ordered by position.
pub fn lint_parsed(parsed: &Dockerfile, text: &str, context: &LintContext) -> LintReport {
    let input = rules::Input::new(parsed, text, context);
    let mut diagnostics: Vec<Diagnostic> = parsed
        .errors
        .iter()
        .map(|e| Diagnostic {
            rule: PARSE_ERROR.into(),
            slug: PARSE_ERROR.into(),
            severity: Severity::Error,
            message: e.message.clone(),
            span: e.span,
            fix: None,
        })
        .collect();
    for rule in RULES {
        for hit in (rule.check)(&input) {
            let fix = rule.fix.and_then(|fix| fix(&input, &hit));
            diagnostics.push(Diagnostic {
                rule: rule.id.into(),
                slug: rule.slug.into(),
                severity: rule.severity,
                message: hit.message.clone().unwrap_or_else(|| rule.reason.into()),
                span: hit.span,
                fix,
            });
        }
    }
    diagnostics.sort_by(|a, b| {
        (a.span.start, a.severity, &a.rule).cmp(&(b.span.start, b.severity, &b.rule))
    });
    LintReport { diagnostics }
}

/// A span for a byte range of the text.
fn span_of(offsets: &Offsets<'_>, start: usize, end: usize) -> Span {
    offsets.span(start, end)
}
