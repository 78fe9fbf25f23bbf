//! The swarm itself: its state as `docker info` reports it, init, join tokens and leave.
