//! tugboat-files: the files Tugboat reads and writes on the user's machine, with no engine.
//!
//! - `save`: a file written whole or not at all ([`AtomicFile`]); `docker export` uses it, and
//!   the Dockerfile and compose editors will.
//! - `read`: a file read no further than a limit, so a huge or growing file costs no more.
//! - `context_size`: a build context folder's size, measured with a bounded walk.
//! - `context`: a build context packed as the docker CLI packs it (`.dockerignore` honoured,
//!   symlinks kept as links, streamed with progress), and its summary before sending.
//! - `envfile`: a `.env` file read the way `docker run --env-file` reads it.
//! - `text`: a text file the user edits (a Dockerfile), read with its revision and saved only
//!   if nobody changed it on disk meanwhile.
//! - `tarball`: tar archives between the engine and a folder here: unpacked only inside the
//!   chosen folder (never through a symlink), packed from chosen files, listed one level deep.
//!
//! Errors say what is wrong with the path and what would do, classified by kind
//! ([`FileError`]), so callers map them without reading the text.

pub mod context;
pub mod context_size;
pub mod envfile;
pub mod read;
pub mod save;
pub mod tarball;
pub mod text;

pub use save::AtomicFile;

/// What went wrong with a file, by kind.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FileError {
    /// The path given cannot be used (not a full path, no such folder, a folder…).
    #[error("{0}")]
    InvalidInput(String),
    /// Something is in the way: a file exists that may not be replaced.
    #[error("{0}")]
    Conflict(String),
    /// The file system refused a read or write.
    #[error("{0}")]
    Io(String),
    /// The writer was already committed or dropped.
    #[error("the file was already finished")]
    Finished,
}
