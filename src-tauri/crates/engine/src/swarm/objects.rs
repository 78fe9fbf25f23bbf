//! Secrets and configs: one generic piece for both kinds (create, list with users, remove).
