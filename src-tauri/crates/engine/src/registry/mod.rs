//! Registries: the credentials the docker CLI keeps (`credentials`, read in the CLI's own
//! config folder so both see the same log in), and `login`: `docker login`/`logout` checked
//! by the engine and kept where the CLI keeps them, the registries the config knows, and which
//! ones the engine may use over plain HTTP; `local`: a registry container of one's own.

pub mod credentials;
pub mod local;
pub mod login;

pub use credentials::{CredentialError, CredentialPlace, DockerConfig, RegistryCredentials};
pub use login::{KnownRegistry, LoginError, LoginOutcome, PlainHttpRegistries};
