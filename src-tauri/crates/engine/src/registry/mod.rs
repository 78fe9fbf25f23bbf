//! Registries (separate HTTP servers, not the engine): the credentials the docker CLI keeps
//! (`credentials`, read and written in the CLI's own config folder so both see the same log
//! in); `api`, a client of the Registry HTTP API v2 (HTTPS or allowed plain HTTP, Basic and
//! token login, paging, size-capped answers); `remote`, what a registry holds (catalog, tags,
//! manifests) and deleting a tag.

pub mod api;
pub mod credentials;
pub mod remote;

pub use credentials::{CredentialError, CredentialPlace, DockerConfig, RegistryCredentials};
