//! Our own checks over the resolved project (what the schema cannot say: a `depends_on` naming
//! no service, a cycle, a host port used twice…). Filled in by the checks work; the loader calls
//! [`check`] once the model is built.

use crate::load::VariableUse;
use crate::model::ComposeModel;
use crate::yaml::Node;
use tugboat_textspan::Diagnostic;

/// Problems of the resolved project; spans into the main file's text (`root` is its tree).
pub fn check(model: &ComposeModel, root: &Node, vars: &[VariableUse]) -> Vec<Diagnostic> {
    let _ = (model, root, vars);
    Vec::new()
}
