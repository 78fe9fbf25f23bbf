//! `docker search`: Docker Hub's repositories matching a term, asked through the engine (it is
//! the engine that reaches the registry, with its own network and proxy settings). An engine
//! that cannot reach the registry says so as a 5xx answer; that is told apart from an engine
//! Tugboat cannot reach at all.

use crate::connection::Engine;
use crate::error::EngineError;
use bollard::query_parameters::SearchImagesOptions;
use serde::Serialize;

/// The most results the registry's search returns.
pub const MAX_LIMIT: u32 = 100;

/// One repository found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct SearchHit {
    pub name: String,
    pub description: String,
    pub stars: u32,
    pub official: bool,
    /// Always false on today's Docker Hub (automated builds are gone); kept as the engine
    /// reports it.
    pub automated: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SearchError {
    /// The engine answered, but could not reach the registry's search.
    #[error(
        "Docker Hub could not be searched: the Docker engine could not reach it. The engine's \
         computer may be offline, need a proxy the engine is not set up for, or Docker Hub may \
         be down. Local images and private registries still work. The engine said: {0}"
    )]
    Offline(String),
    #[error(transparent)]
    Engine(#[from] EngineError),
}

impl From<SearchError> for EngineError {
    fn from(e: SearchError) -> Self {
        match e {
            SearchError::Offline(_) => EngineError::Api {
                status: 503,
                message: e.to_string(),
            },
            SearchError::Engine(e) => e,
        }
    }
}

/// Checks the term and the limit before the engine is asked.
pub fn check_search(term: &str, limit: u32) -> Result<(), EngineError> {
    if term.trim().is_empty() {
        return Err(EngineError::InvalidInput(
            "term: type what to search for, such as nginx or postgres".into(),
        ));
    }
    if !(1..=MAX_LIMIT).contains(&limit) {
        return Err(EngineError::InvalidInput(format!(
            "limit: {limit} is not a number of results the registry gives; use 1 to {MAX_LIMIT}"
        )));
    }
    Ok(())
}

impl Engine {
    /// Searches Docker Hub for `term`, at most `limit` results, best first (as the registry
    /// orders them).
    pub async fn image_search(
        &self,
        term: &str,
        limit: u32,
    ) -> Result<Vec<SearchHit>, SearchError> {
        check_search(term, limit)?;
        let found = self
            .docker
            .search_images(SearchImagesOptions {
                term: term.trim().to_owned(),
                limit: i32::try_from(limit).ok(),
                filters: None,
            })
            .await
            .map_err(|e| match EngineError::from(e) {
                // The engine itself answered: a 5xx here is its failure to reach the registry
                // (DNS, connection, TLS, the registry's own outage).
                EngineError::Api { status, message } if status >= 500 => {
                    SearchError::Offline(message)
                }
                e => SearchError::Engine(e),
            })?;
        Ok(found
            .into_iter()
            .map(|h| SearchHit {
                name: h.name.unwrap_or_default(),
                description: h.description.unwrap_or_default(),
                stars: h
                    .star_count
                    .and_then(|s| u32::try_from(s).ok())
                    .unwrap_or(0),
                official: h.is_official.unwrap_or(false),
                automated: h.is_automated.unwrap_or(false),
            })
            .collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn term_and_limit_are_checked_with_the_field_named() {
        assert!(check_search("nginx", 25).is_ok());
        let e = check_search("  ", 25).unwrap_err();
        assert!(e.to_string().starts_with("term:"), "{e}");
        let e = check_search("nginx", 0).unwrap_err();
        assert!(e.to_string().starts_with("limit: 0"), "{e}");
        assert!(check_search("nginx", 101).is_err());
    }

    #[test]
    fn offline_keeps_its_meaning_across_the_boundary() {
        let e = EngineError::from(SearchError::Offline("no such host".into()));
        assert!(matches!(e, EngineError::Api { status: 503, .. }));
        assert!(e.to_string().contains("could not reach it"), "{e}");
        assert!(e.to_string().contains("no such host"), "{e}");
    }
}
