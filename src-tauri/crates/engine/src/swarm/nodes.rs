//! Swarm nodes: list, inspect, role and availability changes and labels (`docker node …`).
