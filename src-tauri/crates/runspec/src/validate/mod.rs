//! `docker run`'s checks, one section per file, each turning the typed strings of its part of
//! a form into the typed values of the spec and naming the field of every problem. The run
//! form uses all of them (`RunForm::validate`); `docker update` uses `restart` and `limits`;
//! the compose planner will use them per service. Every problem is collected, not just the
//! first, so a form shows all its errors at once.

pub mod env;
pub mod health;
pub mod limits;
pub mod mounts;
pub mod network;
pub mod ports;
pub mod process;
pub mod restart;

use crate::form::FieldError;

/// The problems found so far, each on the field it belongs to.
pub type Problems = Vec<FieldError>;

pub(crate) fn problem(errs: &mut Problems, field: impl Into<String>, message: impl Into<String>) {
    errs.push(FieldError::new(field, message));
}

/// A field's text trimmed, or None when it is empty.
pub(crate) fn opt(s: &str) -> Option<String> {
    let t = s.trim();
    (!t.is_empty()).then(|| t.to_owned())
}
