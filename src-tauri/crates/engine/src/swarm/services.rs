//! Swarm services: list, inspect, create, update (with progress), scale, rollback, remove.
