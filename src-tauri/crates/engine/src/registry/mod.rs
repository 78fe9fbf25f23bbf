//! Registries: the credentials the docker CLI keeps (`credentials`, read and written in the
//! CLI's own config folder so both see the same log in).

pub mod credentials;

pub use credentials::{CredentialError, CredentialPlace, DockerConfig, RegistryCredentials};
