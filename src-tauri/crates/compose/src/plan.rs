//! What `up` will do given what exists on the engine: start order from `depends_on`, each
//! service's config hash, and per replica create/recreate/keep/start.
