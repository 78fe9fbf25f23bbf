//! `docker service logs`: a service's tasks' logs as the log viewer's batches.
