//! tugboat-lessons: Learn's lessons as data, with no engine.
//!
//! A lesson is a TOML file (a teacher can write one and hand it to a class): steps, each with
//! what to do and why, the exact `docker …` command, the check that tells from the engine's
//! state that the step was really done, and what just happened in the engine.
//!
//! - `format`: the file format (versioned), read with every refusal naming its line.
//! - `check`: what a step checks, the facts about the engine it is checked against, and the
//!   verdict in words. Pure: the engine crate gathers the facts.
//! - `command`: the docker commands a lesson may show, read into what the app would do for
//!   the user ("Do it for me"), and which need the user's own terminal.
//! - `made`: what a lesson makes (containers, volumes, networks, images by name): the list
//!   "finish" removes, and the names that must be free before it starts.
//! - `folder`: the lesson's own folder on this machine, holding the files its builds use;
//!   written when it starts, and emptied of what is still as written when it ends.
//! - `builtin`: the lessons that come with the app.

pub mod builtin;
pub mod check;
pub mod command;
pub mod folder;
pub mod format;
pub mod made;

pub use check::{Check, ContainerCheck, Facts, Verdict};
pub use command::Action;
pub use format::{read_lesson, Lesson, LessonFile, LessonRefusal, Step, FORMAT};
pub use made::Made;
