//! tugboat-compose: Compose files without an engine. Pure (no I/O, no async): files other than
//! the main text come through [`load::Source`].
//!
//! - `yaml`: the node tree with spans, anchors, merge keys and bounds.
//! - `interpolate`: `${VAR…}` forms; `env`: `.env` files and their precedence.
//! - `load`: text → [`ComposeLoad`] (model, diagnostics, resolved YAML, variables).
//! - `model`: the resolved project; `config`: it printed like `docker compose config`.
//! - `schema`, `checks`: problems; `plan`: what `up` will do; `labels`, `names`: the compose
//!   CLI's labels and names.
//! - `swarm`: the same file read for `docker stack deploy` (`LoadOptions::target`).

pub mod checks;
pub mod config;
pub mod env;
pub mod interpolate;
pub mod labels;
pub mod load;
#[cfg(test)]
mod load_tests;
pub mod merge;
pub mod model;
pub mod names;
pub mod paths;
pub mod plan;
pub mod resolve;
pub mod schema;
pub mod swarm;
pub mod unsupported;
pub mod yaml;

pub use load::{
    load, ComposeLoad, ComposeRequest, LoadOptions, NoFiles, Source, VariableFrom, VariableUse,
};
pub use model::*;
pub use tugboat_textspan::{Diagnostic, QuickFix, Severity, Span, TextEdit};

/// The rule ids the loader and checks report under (slugs, stable).
pub mod rules {
    pub const YAML_SYNTAX: &str = "yaml-syntax";
    pub const YAML_LIMIT: &str = "yaml-limit";
    pub const SCHEMA: &str = "schema";
    pub const UNKNOWN_KEY: &str = "unknown-key";
    pub const WRONG_TYPE: &str = "wrong-type";
    pub const DEPENDS_ON_MISSING: &str = "depends-on-missing";
    pub const DEPENDS_ON_CYCLE: &str = "depends-on-cycle";
    pub const PORT_SYNTAX: &str = "port-syntax";
    pub const VOLUME_SYNTAX: &str = "volume-syntax";
    pub const HOST_PORT_TWICE: &str = "host-port-twice";
    pub const UNDEFINED_VARIABLE: &str = "undefined-variable";
    pub const REQUIRED_VARIABLE: &str = "required-variable";
    pub const UNSUPPORTED: &str = "unsupported";
    pub const FILE_MISSING: &str = "file-missing";
    /// A `${…}` that names no variable or is not closed.
    pub const VARIABLE_SYNTAX: &str = "variable-syntax";
    /// A line of an env file the format refuses.
    pub const ENV_SYNTAX: &str = "env-syntax";
}

/// A diagnostic under `rule` (its id and slug are the same slug).
pub fn diagnostic(
    rule: &str,
    severity: Severity,
    message: impl Into<String>,
    span: Span,
) -> Diagnostic {
    Diagnostic {
        rule: rule.into(),
        slug: rule.into(),
        severity,
        message: message.into(),
        span,
        fix: None,
    }
}
