//! Registries (separate HTTP servers, not the engine): the credentials the docker CLI keeps
//! (`credentials`, read in the CLI's own config folder so both see the same log in), and
//! `login`: `docker login`/`logout` checked by the engine and kept where the CLI keeps them,
//! the registries the config knows, and which ones the engine may use over plain HTTP;
//! `local`: a registry container of one's own; `api`, a client of the Registry HTTP API v2
//! (HTTPS or allowed plain HTTP, Basic and token login, paging, size-capped answers);
//! `remote`, what a registry holds (catalog, tags, manifests) and deleting a tag.

pub mod api;
pub mod credentials;
pub mod local;
pub mod login;
pub mod remote;

pub use credentials::{CredentialError, CredentialPlace, DockerConfig, RegistryCredentials};
pub use login::{KnownRegistry, LoginError, LoginOutcome, PlainHttpRegistries};
