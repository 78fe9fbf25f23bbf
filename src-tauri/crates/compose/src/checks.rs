//! Our own checks over the resolved project: what the schema cannot say but `docker compose`
//! (or the engine, halfway through an `up`) would refuse — a `depends_on` naming no service, a
//! cycle, a host port published twice, `container_name` with replicas, a service with neither
//! image nor build, a network or volume never declared — and what a newcomer likely got wrong
//! (waiting for a healthy service that has no healthcheck).
//!
//! Spans point into the main file (`root` is its tree). A service that comes from another file
//! (an override, `extends`, `include`) is reported on its `span` in the model: the line of the
//! main file that brings it in.

use std::collections::{BTreeMap, BTreeSet};

use tugboat_textspan::{Diagnostic, Severity, Span};

use crate::load::VariableUse;
use crate::model::{ComposeModel, DependCondition, PortDef, Service, VolumeKind};
use crate::rules;
use crate::yaml::Node;

/// A `container_name` on a service asked to run more than one container.
pub const CONTAINER_NAME_REPLICAS: &str = "container-name-replicas";
/// Two services asking for the same `container_name`.
pub const CONTAINER_NAME_TWICE: &str = "container-name-twice";
/// A service with neither `image` nor `build`.
pub const NO_IMAGE: &str = "no-image";
/// `condition: service_healthy` on a service without a healthcheck of its own.
pub const HEALTHY_WITHOUT_HEALTHCHECK: &str = "healthy-without-healthcheck";
/// A service joining a network the file does not declare.
pub const UNDEFINED_NETWORK: &str = "undefined-network";
/// A service mounting a named volume the file does not declare.
pub const UNDEFINED_VOLUME: &str = "undefined-volume";
/// `network_mode` together with `networks`, or ports that `network_mode` makes pointless.
pub const NETWORK_MODE: &str = "network-mode";

/// Problems of the resolved project; spans into the main file's text (`root` is its tree).
/// Variables are not checked here: interpolation reports unset and required ones where it
/// meets them (`undefined-variable`, `required-variable`); `vars` is there for checks to come.
pub fn check(model: &ComposeModel, root: &Node, vars: &[VariableUse]) -> Vec<Diagnostic> {
    let _ = vars;
    let mut out = Vec::new();
    let at = Places { root };
    for service in &model.services {
        image_or_build(service, &at, &mut out);
        container_name_replicas(service, &at, &mut out);
        network_mode(model, service, &at, &mut out);
        undefined_networks(model, service, &at, &mut out);
        undefined_volumes(model, service, &at, &mut out);
        dependencies(model, service, &at, &mut out);
    }
    container_names_twice(model, &at, &mut out);
    cycles(model, &at, &mut out);
    host_ports(model, &at, &mut out);
    out.sort_by_key(|d| (d.span.start, d.span.end));
    out
}

/// Finds the places of a service's parts in the main file's tree, falling back to the service's
/// own span (a service from another file, or a part an override added).
struct Places<'a> {
    root: &'a Node,
}

impl Places<'_> {
    fn service_node(&self, service: &Service) -> Option<&Node> {
        self.root.get("services")?.get(&service.name)
    }

    /// The key `key` of the service (`container_name:`), else the service's span.
    fn key(&self, service: &Service, key: &str) -> Span {
        self.service_node(service)
            .and_then(|n| n.key(key))
            .map_or(service.span, |k| k.span)
    }

    /// The `depends_on` entry naming `dependency` (list item or mapping key).
    fn dependency(&self, service: &Service, dependency: &str) -> Span {
        let Some(node) = self.service_node(service).and_then(|n| n.get("depends_on")) else {
            return service.span;
        };
        if let Some(items) = node.as_seq() {
            if let Some(item) = items.iter().find(|i| i.as_str() == Some(dependency)) {
                return item.span;
            }
        }
        node.key(dependency).map_or(service.span, |k| k.span)
    }

    /// The `index`th entry of a list under the service (`ports`), when the file's list is the
    /// model's list (same length: no override added entries); else the list's key.
    fn list_item(&self, service: &Service, key: &str, index: usize, model_len: usize) -> Span {
        let Some(node) = self.service_node(service) else {
            return service.span;
        };
        match node.get(key).and_then(Node::as_seq) {
            Some(items) if items.len() == model_len => {
                items.get(index).map_or(service.span, |i| i.span)
            }
            _ => self.key(service, key),
        }
    }

    /// The entry of a list or mapping under `service.<key>` naming `name` (a network of the
    /// service), else the key.
    fn named_entry(&self, service: &Service, key: &str, name: &str) -> Span {
        let Some(node) = self.service_node(service).and_then(|n| n.get(key)) else {
            return self.key(service, key);
        };
        if let Some(items) = node.as_seq() {
            if let Some(item) = items.iter().find(|i| i.as_str() == Some(name)) {
                return item.span;
            }
        }
        node.key(name)
            .map_or_else(|| self.key(service, key), |k| k.span)
    }
}

fn error(rule: &str, message: String, span: Span) -> Diagnostic {
    crate::diagnostic(rule, Severity::Error, message, span)
}

fn warning(rule: &str, message: String, span: Span) -> Diagnostic {
    crate::diagnostic(rule, Severity::Warning, message, span)
}

fn image_or_build(service: &Service, at: &Places<'_>, out: &mut Vec<Diagnostic>) {
    // A misspelt `imagee:` is already an unknown key with "did you mean `image`": one problem,
    // one diagnostic.
    let misspelt = at
        .service_node(service)
        .and_then(Node::as_map)
        .is_some_and(|entries| {
            entries.iter().filter_map(|(k, _)| k.as_str()).any(|k| {
                k != "image"
                    && k != "build"
                    && (strsim::damerau_levenshtein(k, "image") <= 2
                        || strsim::damerau_levenshtein(k, "build") <= 2)
            })
        });
    if service.image.is_none() && service.build.is_none() && !misspelt {
        out.push(error(
            NO_IMAGE,
            format!(
                "`{}` has neither `image` nor `build`: name the image to run, or the folder to build it from",
                service.name
            ),
            service.span,
        ));
    }
}

fn container_name_replicas(service: &Service, at: &Places<'_>, out: &mut Vec<Diagnostic>) {
    let Some(name) = &service.container_name else {
        return;
    };
    if service.replicas > 1 {
        out.push(error(
            CONTAINER_NAME_REPLICAS,
            format!(
                "`{}` asks for {} replicas, but `container_name: {name}` allows only one container \
                 (names are unique on an engine): remove `container_name` or run one replica",
                service.name, service.replicas
            ),
            at.key(service, "container_name"),
        ));
    }
}

fn container_names_twice(model: &ComposeModel, at: &Places<'_>, out: &mut Vec<Diagnostic>) {
    let mut by_name: BTreeMap<&str, Vec<&Service>> = BTreeMap::new();
    for s in &model.services {
        if let Some(name) = &s.container_name {
            by_name.entry(name).or_default().push(s);
        }
    }
    for (name, services) in by_name {
        if services.len() < 2 {
            continue;
        }
        for s in &services {
            let others: Vec<String> = services
                .iter()
                .filter(|o| o.name != s.name)
                .map(|o| format!("`{}`", o.name))
                .collect();
            out.push(error(
                CONTAINER_NAME_TWICE,
                format!(
                    "`container_name: {name}` is also used by {}: one engine cannot hold two containers of that name",
                    others.join(", ")
                ),
                at.key(s, "container_name"),
            ));
        }
    }
}

fn network_mode(
    model: &ComposeModel,
    service: &Service,
    at: &Places<'_>,
    out: &mut Vec<Diagnostic>,
) {
    let Some(mode) = &service.network_mode else {
        return;
    };
    let node = at.service_node(service);
    if node.and_then(|n| n.get("networks")).is_some() {
        out.push(error(
            NETWORK_MODE,
            format!(
                "`{}` sets both `network_mode: {mode}` and `networks`; Compose refuses the pair: keep one",
                service.name
            ),
            at.key(service, "network_mode"),
        ));
    }
    if let Some(other) = mode.strip_prefix("service:") {
        if model.service(other).is_none() {
            out.push(error(
                rules::DEPENDS_ON_MISSING,
                format!(
                    "`network_mode: {mode}` shares the network of `{other}`, which is not a service of this file"
                ),
                at.key(service, "network_mode"),
            ));
        }
    }
    if !service.ports.is_empty() && (mode == "host" || mode == "none") {
        let why = if mode == "host" {
            "the container uses the host's network directly, so its ports are already the host's"
        } else {
            "the container has no network, so nothing can reach them"
        };
        out.push(warning(
            NETWORK_MODE,
            format!("`ports` do nothing with `network_mode: {mode}`: {why}"),
            at.key(service, "ports"),
        ));
    }
}

fn undefined_networks(
    model: &ComposeModel,
    service: &Service,
    at: &Places<'_>,
    out: &mut Vec<Diagnostic>,
) {
    for net in &service.networks {
        if let Some(address) = &net.ipv4_address {
            fixed_address(service, &net.name, address, at, out);
        }
        if net.name == "default" || model.networks.iter().any(|n| n.key == net.name) {
            continue;
        }
        out.push(error(
            UNDEFINED_NETWORK,
            format!(
                "`{}` joins network `{}`, which is not declared: add it under the top-level `networks:`",
                service.name, net.name
            ),
            at.named_entry(service, "networks", &net.name),
        ));
    }
}

/// The engine gives a container a fixed address only on a network whose subnet the file sets
/// (`ipam.config[].subnet`); otherwise `up` fails when the container is created.
fn fixed_address(
    service: &Service,
    network: &str,
    address: &str,
    at: &Places<'_>,
    out: &mut Vec<Diagnostic>,
) {
    let declared = at.root.get("networks").and_then(|n| n.get(network));
    if declared.is_some_and(|n| n.get("external").is_some()) {
        return; // made elsewhere: its subnet is not in this file
    }
    let has_subnet = declared
        .and_then(|n| n.get("ipam"))
        .and_then(|i| i.get("config"))
        .and_then(Node::as_seq)
        .is_some_and(|c| c.iter().any(|entry| entry.get("subnet").is_some()));
    if !has_subnet {
        out.push(error(
            UNDEFINED_NETWORK,
            format!(
                "`{}` asks for the fixed address {address} on `{network}`, but the engine gives fixed \
                 addresses only on a network with a subnet: add `ipam: {{config: [{{subnet: …}}]}}` to `{network}`",
                service.name
            ),
            at.named_entry(service, "networks", network),
        ));
    }
}

fn undefined_volumes(
    model: &ComposeModel,
    service: &Service,
    at: &Places<'_>,
    out: &mut Vec<Diagnostic>,
) {
    let count = service.volumes.len();
    for (i, v) in service.volumes.iter().enumerate() {
        let (VolumeKind::Volume, Some(source)) = (v.kind, &v.source) else {
            continue;
        };
        if model.volumes.iter().any(|d| &d.key == source) {
            continue;
        }
        out.push(error(
            UNDEFINED_VOLUME,
            format!(
                "`{}` mounts the named volume `{source}`, which is not declared: add it under the \
                 top-level `volumes:` (or write a path such as `./{source}` for a folder of the host)",
                service.name
            ),
            at.list_item(service, "volumes", i, count),
        ));
    }
}

fn dependencies(
    model: &ComposeModel,
    service: &Service,
    at: &Places<'_>,
    out: &mut Vec<Diagnostic>,
) {
    for dep in &service.depends_on {
        let span = at.dependency(service, &dep.service);
        let Some(target) = model.service(&dep.service) else {
            if model.inactive_services.contains(&dep.service) {
                if dep.required {
                    let profiles = at
                        .root
                        .get("services")
                        .and_then(|s| s.get(&dep.service))
                        .and_then(|s| s.get("profiles"))
                        .and_then(Node::as_seq)
                        .map(|p| {
                            p.iter()
                                .filter_map(Node::as_str)
                                .map(|p| format!("`--profile {p}`"))
                                .collect::<Vec<_>>()
                        })
                        .unwrap_or_default();
                    let how = if profiles.is_empty() {
                        "activate its profile".to_string()
                    } else {
                        format!("activate it with {}", profiles.join(" or "))
                    };
                    out.push(error(
                        rules::DEPENDS_ON_MISSING,
                        format!(
                            "`{}` depends on `{}`, which is left out by its profiles: {how}, or mark the dependency `required: false`",
                            service.name, dep.service
                        ),
                        span,
                    ));
                }
                continue;
            }
            let mut known: Vec<&str> = model.services.iter().map(|s| s.name.as_str()).collect();
            known.extend(model.inactive_services.iter().map(String::as_str));
            let hint = closest(&dep.service, &known)
                .map(|c| format!(" — did you mean `{c}`?"))
                .unwrap_or_default();
            out.push(error(
                rules::DEPENDS_ON_MISSING,
                format!(
                    "`{}` depends on `{}`, which is not a service of this file{hint}",
                    service.name, dep.service
                ),
                span,
            ));
            continue;
        };
        if dep.condition != DependCondition::ServiceHealthy {
            continue;
        }
        match &target.healthcheck {
            Some(h) if h.disable => out.push(error(
                HEALTHY_WITHOUT_HEALTHCHECK,
                format!(
                    "`{}` waits for `{}` to be healthy, but `{}` disables its healthcheck, so it never will",
                    service.name, target.name, target.name
                ),
                span,
            )),
            Some(_) => {}
            None => out.push(warning(
                HEALTHY_WITHOUT_HEALTHCHECK,
                format!(
                    "`{}` waits for `{}` to be healthy, but `{}` has no `healthcheck`: this works only \
                     if its image defines one (HEALTHCHECK in its Dockerfile), else `up` fails",
                    service.name, target.name, target.name
                ),
                span,
            )),
        }
    }
}

/// The closest name within edit distance 2, if exactly one is closest.
fn closest<'a>(name: &str, known: &[&'a str]) -> Option<&'a str> {
    let mut scored: Vec<(usize, &str)> = known
        .iter()
        .map(|k| (strsim::damerau_levenshtein(name, k), *k))
        .filter(|(d, _)| *d <= 2)
        .collect();
    scored.sort();
    match scored.as_slice() {
        [(d, one)] => Some(*one).filter(|_| *d > 0),
        [(d1, one), (d2, _), ..] if d1 < d2 => Some(*one),
        _ => None,
    }
}

/// Every cycle of `depends_on` among the active services, named (`web → api → web`) and
/// reported on each of its edges.
fn cycles(model: &ComposeModel, at: &Places<'_>, out: &mut Vec<Diagnostic>) {
    let edges: BTreeMap<&str, Vec<&str>> = model
        .services
        .iter()
        .map(|s| {
            (
                s.name.as_str(),
                s.depends_on
                    .iter()
                    .map(|d| d.service.as_str())
                    .filter(|d| model.service(d).is_some())
                    .collect(),
            )
        })
        .collect();
    for cycle in find_cycles(&edges) {
        let mut names: Vec<&str> = cycle.clone();
        if let Some(first) = cycle.first() {
            names.push(first);
        }
        let words = names
            .iter()
            .map(|n| format!("`{n}`"))
            .collect::<Vec<_>>()
            .join(" → ");
        for pair in names.windows(2) {
            let (from, to) = (pair[0], pair[1]);
            let Some(service) = model.service(from) else {
                continue;
            };
            out.push(error(
                rules::DEPENDS_ON_CYCLE,
                format!(
                    "`depends_on` goes round in a circle: {words}; no service of it can start first"
                ),
                at.dependency(service, to),
            ));
        }
    }
}

/// The cycles of a dependency graph: one per strongly connected component that has one (each
/// listed from its smallest name, following the edges back to it). Tarjan's algorithm, written
/// here because it is 40 lines over names and no graph crate is worth a dependency for it.
fn find_cycles<'a>(edges: &BTreeMap<&'a str, Vec<&'a str>>) -> Vec<Vec<&'a str>> {
    struct Walk<'a, 'e> {
        edges: &'e BTreeMap<&'a str, Vec<&'a str>>,
        index: BTreeMap<&'a str, usize>,
        low: BTreeMap<&'a str, usize>,
        stack: Vec<&'a str>,
        on_stack: BTreeSet<&'a str>,
        components: Vec<Vec<&'a str>>,
    }
    impl<'a> Walk<'a, '_> {
        fn visit(&mut self, v: &'a str) {
            let i = self.index.len();
            self.index.insert(v, i);
            self.low.insert(v, i);
            self.stack.push(v);
            self.on_stack.insert(v);
            for &w in self.edges.get(v).map(Vec::as_slice).unwrap_or(&[]) {
                if !self.index.contains_key(w) {
                    self.visit(w);
                    let lw = self.low[w];
                    let lv = self.low[v];
                    self.low.insert(v, lv.min(lw));
                } else if self.on_stack.contains(w) {
                    let iw = self.index[w];
                    let lv = self.low[v];
                    self.low.insert(v, lv.min(iw));
                }
            }
            if self.low[v] == self.index[v] {
                let mut component = Vec::new();
                while let Some(w) = self.stack.pop() {
                    self.on_stack.remove(w);
                    component.push(w);
                    if w == v {
                        break;
                    }
                }
                self.components.push(component);
            }
        }
    }
    let mut walk = Walk {
        edges,
        index: BTreeMap::new(),
        low: BTreeMap::new(),
        stack: Vec::new(),
        on_stack: BTreeSet::new(),
        components: Vec::new(),
    };
    for &v in edges.keys() {
        if !walk.index.contains_key(v) {
            walk.visit(v);
        }
    }
    let mut cycles = Vec::new();
    for component in walk.components {
        let members: BTreeSet<&str> = component.iter().copied().collect();
        let Some(&start) = members.iter().next() else {
            continue;
        };
        let self_loop = edges.get(start).is_some_and(|e| e.contains(&start));
        if members.len() == 1 && !self_loop {
            continue;
        }
        cycles.push(path_back(edges, &members, start));
    }
    cycles
}

/// The shortest path from `start` back to itself inside `members` (breadth first), without the
/// final return to `start`.
fn path_back<'a>(
    edges: &BTreeMap<&'a str, Vec<&'a str>>,
    members: &BTreeSet<&'a str>,
    start: &'a str,
) -> Vec<&'a str> {
    let mut previous: BTreeMap<&str, &str> = BTreeMap::new();
    let mut queue = std::collections::VecDeque::from([start]);
    while let Some(v) = queue.pop_front() {
        for &w in edges.get(v).map(Vec::as_slice).unwrap_or(&[]) {
            if !members.contains(w) {
                continue;
            }
            if w == start {
                let mut path = vec![v];
                let mut at = v;
                while at != start {
                    match previous.get(at) {
                        Some(p) => {
                            path.push(p);
                            at = p;
                        }
                        None => break,
                    }
                }
                path.reverse();
                return path;
            }
            if !previous.contains_key(w) && w != start {
                previous.insert(w, v);
                queue.push_back(w);
            }
        }
    }
    vec![start]
}

/// One published host port range of one entry.
struct Published<'a> {
    service: &'a Service,
    host_ip: Option<&'a str>,
    first: u32,
    last: u32,
    protocol: &'a str,
    span: Span,
}

/// Two entries publishing the same host port (same protocol, overlapping addresses and ranges),
/// reported on both; and a fixed host port on a service with several replicas.
fn host_ports(model: &ComposeModel, at: &Places<'_>, out: &mut Vec<Diagnostic>) {
    let mut published = Vec::new();
    for service in &model.services {
        let count = service.ports.len();
        for (index, port) in service.ports.iter().enumerate() {
            let Some((first, last)) = port.published.as_deref().and_then(port_range) else {
                continue;
            };
            let span = at.list_item(service, "ports", index, count);
            if service.replicas > 1 && first == last {
                out.push(crate::diagnostic(
                    rules::HOST_PORT_TWICE,
                    Severity::Error,
                    format!(
                        "`{}` runs {} replicas, but each would publish host port {first}/{}: only \
                         one can; give a range (`{first}-{}:{}`) or leave the host port out",
                        service.name,
                        service.replicas,
                        port.protocol,
                        first + service.replicas - 1,
                        port.target
                    ),
                    span,
                ));
            }
            published.push(Published {
                service,
                host_ip: host_ip(port),
                first,
                last,
                protocol: &port.protocol,
                span,
            });
        }
    }
    for (i, a) in published.iter().enumerate() {
        for (j, b) in published.iter().enumerate() {
            if i == j || !clash(a, b) {
                continue;
            }
            let port = a.first.max(b.first);
            let other = if a.service.name == b.service.name {
                format!("another entry of `{}`", b.service.name)
            } else {
                format!("`{}`", b.service.name)
            };
            out.push(crate::diagnostic(
                rules::HOST_PORT_TWICE,
                Severity::Error,
                format!(
                    "host port {port}/{} is also published by {other} (line {}): the second \
                     container would fail to start; pick another host port",
                    a.protocol, b.span.line
                ),
                a.span,
            ));
        }
    }
}

/// `None`/`0.0.0.0`/`::` mean every address of the host.
fn host_ip(port: &PortDef) -> Option<&str> {
    port.host_ip
        .as_deref()
        .filter(|ip| !ip.is_empty() && *ip != "0.0.0.0" && *ip != "::")
}

fn clash(a: &Published<'_>, b: &Published<'_>) -> bool {
    let same_address = match (a.host_ip, b.host_ip) {
        (Some(x), Some(y)) => x == y,
        _ => true,
    };
    same_address && a.protocol == b.protocol && a.first <= b.last && b.first <= a.last
}

/// "8080" or "8080-8081" → first and last port.
fn port_range(published: &str) -> Option<(u32, u32)> {
    let (first, last) = match published.split_once('-') {
        Some((a, b)) => (a.trim().parse().ok()?, b.trim().parse().ok()?),
        None => {
            let p = published.trim().parse().ok()?;
            (p, p)
        }
    };
    (first <= last).then_some((first, last))
}
