//! tugboat-dockerfile: Dockerfiles as data, with no I/O: the parser (BuildKit's rules, a span
//! on every node for the editor), and what a stage will run.
//!
//! - `ast`: the parsed file ([`Dockerfile`], [`Instruction`], [`Stage`], [`Span`]…) and typed
//!   accessors for the linter and the build.
//! - `parse`: text → [`Dockerfile`]; never fails, errors are collected with their spans.

pub mod ast;
mod parse;

pub use ast::*;
pub use parse::parse;
