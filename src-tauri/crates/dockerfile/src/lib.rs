//! tugboat-dockerfile: Dockerfiles as data, with no I/O: the parser (BuildKit's rules, a span
//! on every node for the editor), and what a stage will run.
//!
//! - `ast`: the parsed file ([`Dockerfile`], [`Instruction`], [`Stage`], [`Span`]…) and typed
//!   accessors for the linter and the build.
//! - `ignore`: `.dockerignore`, matched by Docker's own rules (not git's).
//! - `steps`: a build step as BuildKit or the classic builder names it → its Dockerfile line.
//! - `parse`: text → [`Dockerfile`]; never fails, errors are collected with their spans.
//! - `lint`: rules over the parsed file → diagnostics with quick fixes.
//! - `runs`: what a stage will run (ENTRYPOINT + CMD as the engine combines them), and why.
//! - `layers`: a built image's history entries tied to the Dockerfile lines that made them.

pub mod ast;
pub mod ignore;
pub mod layers;
pub mod lint;
mod parse;
pub mod runs;
pub mod steps;

pub use ast::*;
pub use parse::parse;
