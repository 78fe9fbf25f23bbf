//! Swarm tasks: the tasks of one service or of all, with their node and state.
