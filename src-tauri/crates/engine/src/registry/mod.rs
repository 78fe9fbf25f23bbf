//! Registries (separate HTTP servers, not the engine): `api`, a client of the Registry HTTP API
//! v2 (HTTPS or allowed plain HTTP, Basic and token login, paging, size-capped answers);
//! `remote`, what a registry holds (catalog, tags, manifests) and deleting a tag.

pub mod api;
pub mod remote;
