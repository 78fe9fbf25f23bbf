//! Stacks: `docker stack deploy/ls/rm` from a compose file.
