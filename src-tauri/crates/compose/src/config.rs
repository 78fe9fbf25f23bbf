//! The resolved project printed as YAML, like `docker compose config`: keys sorted, long
//! syntax everywhere, paths absolute, variables substituted, durations as Go durations.
//!
//! The emitter is hand-written and small: it prints only what the model holds (mappings,
//! lists, strings, numbers, booleans), quoting a string whenever YAML could read it as
//! something else; saphyr's emitter would need its own document type built first.

use crate::model::*;
use serde_json::{json, Map, Value};
use tugboat_runspec::values::duration_text;

/// The model as YAML text.
pub fn render(model: &ComposeModel) -> String {
    let mut out = String::new();
    emit_map(&document(model), 0, &mut out);
    out
}

fn document(model: &ComposeModel) -> Map<String, Value> {
    let mut doc = Map::new();
    doc.insert("name".into(), json!(model.name));
    let services: Map<String, Value> = model
        .services
        .iter()
        .map(|s| (s.name.clone(), Value::Object(service(s))))
        .collect();
    doc.insert("services".into(), Value::Object(services));
    if !model.networks.is_empty() {
        let nets = model
            .networks
            .iter()
            .map(|n| {
                let mut m = Map::new();
                m.insert("name".into(), json!(n.name));
                opt(&mut m, "driver", n.driver.as_ref().map(|d| json!(d)));
                flag(&mut m, "external", n.external);
                flag(&mut m, "internal", n.internal);
                flag(&mut m, "attachable", n.attachable);
                labels(&mut m, &n.labels);
                (n.key.clone(), Value::Object(m))
            })
            .collect();
        doc.insert("networks".into(), Value::Object(nets));
    }
    if !model.volumes.is_empty() {
        let vols = model
            .volumes
            .iter()
            .map(|v| {
                let mut m = Map::new();
                m.insert("name".into(), json!(v.name));
                opt(&mut m, "driver", v.driver.as_ref().map(|d| json!(d)));
                flag(&mut m, "external", v.external);
                labels(&mut m, &v.labels);
                (v.key.clone(), Value::Object(m))
            })
            .collect();
        doc.insert("volumes".into(), Value::Object(vols));
    }
    doc
}

fn opt(m: &mut Map<String, Value>, key: &str, v: Option<Value>) {
    if let Some(v) = v {
        m.insert(key.into(), v);
    }
}

fn flag(m: &mut Map<String, Value>, key: &str, on: bool) {
    if on {
        m.insert(key.into(), json!(true));
    }
}

fn list(m: &mut Map<String, Value>, key: &str, items: &[String]) {
    if !items.is_empty() {
        m.insert(key.into(), json!(items));
    }
}

fn labels(m: &mut Map<String, Value>, labels: &[(String, String)]) {
    if !labels.is_empty() {
        let l: Map<String, Value> = labels.iter().map(|(k, v)| (k.clone(), json!(v))).collect();
        m.insert("labels".into(), Value::Object(l));
    }
}

fn pairs(items: &[MaybePair]) -> Value {
    Value::Object(
        items
            .iter()
            .map(|(k, v)| (k.clone(), v.as_ref().map_or(Value::Null, |v| json!(v))))
            .collect(),
    )
}

fn duration(ns: Option<f64>) -> Option<Value> {
    ns.map(|n| json!(duration_text(n as i64)))
}

/// A port number as a number, a range as text.
fn port(text: &str) -> Value {
    text.parse::<u64>()
        .map_or_else(|_| json!(text), |n| json!(n))
}

fn service(s: &Service) -> Map<String, Value> {
    let mut m = Map::new();
    if let Some(b) = &s.build {
        let mut bm = Map::new();
        bm.insert("context".into(), json!(b.context));
        bm.insert("dockerfile".into(), json!(b.dockerfile));
        if !b.args.is_empty() {
            bm.insert("args".into(), pairs(&b.args));
        }
        opt(&mut bm, "target", b.target.as_ref().map(|t| json!(t)));
        m.insert("build".into(), Value::Object(bm));
    }
    list(&mut m, "cap_add", &s.cap_add);
    list(&mut m, "cap_drop", &s.cap_drop);
    opt(&mut m, "command", s.command.as_ref().map(|c| json!(c)));
    opt(
        &mut m,
        "container_name",
        s.container_name.as_ref().map(|c| json!(c)),
    );
    opt(&mut m, "cpus", s.cpus.map(|c| json!(c)));
    if !s.depends_on.is_empty() {
        let d: Map<String, Value> = s
            .depends_on
            .iter()
            .map(|d| {
                (
                    d.service.clone(),
                    json!({"condition": d.condition, "required": d.required, "restart": d.restart}),
                )
            })
            .collect();
        m.insert("depends_on".into(), Value::Object(d));
    }
    list(&mut m, "dns", &s.dns);
    opt(
        &mut m,
        "entrypoint",
        s.entrypoint.as_ref().map(|c| json!(c)),
    );
    if !s.environment.is_empty() {
        m.insert("environment".into(), pairs(&s.environment));
    }
    list(&mut m, "expose", &s.expose);
    list(&mut m, "extra_hosts", &s.extra_hosts);
    if let Some(h) = &s.healthcheck {
        let mut hm = Map::new();
        if !h.test.is_empty() {
            hm.insert("test".into(), json!(h.test));
        }
        opt(&mut hm, "interval", duration(h.interval_ns));
        opt(&mut hm, "timeout", duration(h.timeout_ns));
        opt(&mut hm, "retries", h.retries.map(|r| json!(r)));
        opt(&mut hm, "start_period", duration(h.start_period_ns));
        flag(&mut hm, "disable", h.disable);
        m.insert("healthcheck".into(), Value::Object(hm));
    }
    opt(&mut m, "hostname", s.hostname.as_ref().map(|c| json!(c)));
    opt(&mut m, "image", s.image.as_ref().map(|c| json!(c)));
    flag(&mut m, "init", s.init);
    labels(&mut m, &s.labels);
    opt(&mut m, "mem_limit", s.memory_bytes.map(|b| json!(b as u64)));
    opt(
        &mut m,
        "network_mode",
        s.network_mode.as_ref().map(|c| json!(c)),
    );
    if !s.networks.is_empty() {
        let n: Map<String, Value> = s
            .networks
            .iter()
            .map(|n| {
                let mut nm = Map::new();
                list(&mut nm, "aliases", &n.aliases);
                opt(
                    &mut nm,
                    "ipv4_address",
                    n.ipv4_address.as_ref().map(|a| json!(a)),
                );
                let v = if nm.is_empty() {
                    Value::Null
                } else {
                    Value::Object(nm)
                };
                (n.name.clone(), v)
            })
            .collect();
        m.insert("networks".into(), Value::Object(n));
    }
    opt(&mut m, "platform", s.platform.as_ref().map(|c| json!(c)));
    if !s.ports.is_empty() {
        let p: Vec<Value> = s
            .ports
            .iter()
            .map(|p| {
                let mut pm = Map::new();
                pm.insert("mode".into(), json!("ingress"));
                opt(&mut pm, "host_ip", p.host_ip.as_ref().map(|h| json!(h)));
                pm.insert("target".into(), port(&p.target));
                opt(&mut pm, "published", p.published.as_ref().map(|h| json!(h)));
                pm.insert("protocol".into(), json!(p.protocol));
                Value::Object(pm)
            })
            .collect();
        m.insert("ports".into(), Value::Array(p));
    }
    flag(&mut m, "privileged", s.privileged);
    list(&mut m, "profiles", &s.profiles);
    opt(
        &mut m,
        "pull_policy",
        s.pull_policy.as_ref().map(|c| json!(c)),
    );
    flag(&mut m, "read_only", s.read_only);
    opt(&mut m, "restart", s.restart.as_ref().map(|c| json!(c)));
    if s.replicas != 1 {
        m.insert("scale".into(), json!(s.replicas));
    }
    opt(
        &mut m,
        "shm_size",
        s.shm_size_bytes.map(|b| json!(b as u64)),
    );
    flag(&mut m, "stdin_open", s.stdin_open);
    opt(
        &mut m,
        "stop_grace_period",
        duration(s.stop_grace_period_ns),
    );
    opt(
        &mut m,
        "stop_signal",
        s.stop_signal.as_ref().map(|c| json!(c)),
    );
    flag(&mut m, "tty", s.tty);
    opt(&mut m, "user", s.user.as_ref().map(|c| json!(c)));
    if !s.volumes.is_empty() {
        let v: Vec<Value> = s
            .volumes
            .iter()
            .map(|v| {
                let mut vm = Map::new();
                vm.insert("type".into(), json!(v.kind));
                opt(&mut vm, "source", v.source.as_ref().map(|s| json!(s)));
                vm.insert("target".into(), json!(v.target));
                flag(&mut vm, "read_only", v.read_only);
                Value::Object(vm)
            })
            .collect();
        m.insert("volumes".into(), Value::Array(v));
    }
    opt(
        &mut m,
        "working_dir",
        s.working_dir.as_ref().map(|c| json!(c)),
    );
    m
}

/// A string YAML reads back as the same string without quotes.
fn plain_ok(s: &str) -> bool {
    let Some(first) = s.chars().next() else {
        return false;
    };
    let looks_typed = matches!(
        s,
        "true"
            | "True"
            | "TRUE"
            | "false"
            | "False"
            | "FALSE"
            | "null"
            | "Null"
            | "NULL"
            | "~"
            | "yes"
            | "no"
            | "on"
            | "off"
            | "y"
            | "n"
            | "Yes"
            | "No"
            | "On"
            | "Off"
    ) || s.parse::<f64>().is_ok()
        || s.starts_with("0x")
        || s.starts_with("0o")
        || s.starts_with('.');
    !looks_typed
        && (first.is_alphanumeric() || first == '/' || first == '_')
        && s.chars().all(|c| {
            c.is_alphanumeric() || matches!(c, '_' | '-' | '.' | '/' | ':' | '=' | '@' | '+' | ',')
        })
        && !s.ends_with(':')
        && !s.contains(": ")
}

fn scalar(v: &Value) -> String {
    match v {
        Value::Null => "null".into(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => n.to_string(),
        Value::String(s) if plain_ok(s) => s.clone(),
        // JSON's double-quoted string is also YAML's.
        other => serde_json::to_string(other).unwrap_or_default(),
    }
}

fn key(k: &str) -> String {
    if plain_ok(k) && !k.contains(':') {
        k.to_string()
    } else {
        serde_json::to_string(k).unwrap_or_default()
    }
}

fn emit_value(v: &Value, indent: usize, out: &mut String) {
    match v {
        Value::Object(m) if !m.is_empty() => {
            out.push('\n');
            emit_map(m, indent, out);
        }
        Value::Array(a) if !a.is_empty() => {
            out.push('\n');
            emit_list(a, indent, out);
        }
        Value::Object(_) => out.push_str(" {}\n"),
        Value::Array(_) => out.push_str(" []\n"),
        other => {
            out.push(' ');
            out.push_str(&scalar(other));
            out.push('\n');
        }
    }
}

fn emit_map(m: &Map<String, Value>, indent: usize, out: &mut String) {
    for (i, (k, v)) in m.iter().enumerate() {
        // The first key of a list item goes on the `- ` line.
        if i > 0 || !out.ends_with("- ") {
            out.push_str(&" ".repeat(indent));
        }
        out.push_str(&key(k));
        out.push(':');
        emit_value(v, indent + 2, out);
    }
}

fn emit_list(a: &[Value], indent: usize, out: &mut String) {
    for v in a {
        out.push_str(&" ".repeat(indent));
        out.push_str("- ");
        match v {
            Value::Object(m) if !m.is_empty() => emit_map(m, indent + 2, out),
            Value::Array(inner) if !inner.is_empty() => {
                out.push('\n');
                emit_list(inner, indent + 2, out);
            }
            other => {
                let mut line = String::new();
                emit_value(other, 0, &mut line);
                out.push_str(line.trim_start());
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::yaml::parse;

    fn model() -> ComposeModel {
        ComposeModel {
            name: "shop".into(),
            services: vec![Service {
                name: "web".into(),
                image: Some("busybox:1".into()),
                command: Some(vec!["httpd".into(), "-f".into(), "a: b".into()]),
                environment: vec![("A".into(), Some("yes".into())), ("B".into(), None)],
                ports: vec![PortDef {
                    host_ip: None,
                    published: Some("8080".into()),
                    target: "80".into(),
                    protocol: "tcp".into(),
                }],
                networks: vec![ServiceNetwork {
                    name: "default".into(),
                    ..ServiceNetwork::default()
                }],
                replicas: 1,
                healthcheck: Some(Healthcheck {
                    test: vec!["CMD".into(), "true".into()],
                    interval_ns: Some(90e9),
                    ..Healthcheck::default()
                }),
                ..Service::default()
            }],
            networks: vec![NetworkDef {
                key: "default".into(),
                name: "shop_default".into(),
                ..NetworkDef::default()
            }],
            ..ComposeModel::default()
        }
    }

    #[test]
    fn the_output_reads_back_as_the_same_values() {
        let text = render(&model());
        let root = parse(&text).unwrap_or_else(|e| panic!("{e:?}\n{text}"));
        let web = root.get("services").unwrap().get("web").unwrap();
        let cmd: Vec<_> = web
            .get("command")
            .unwrap()
            .as_seq()
            .unwrap()
            .iter()
            .map(|n| n.as_str().unwrap())
            .collect();
        assert_eq!(cmd, ["httpd", "-f", "a: b"]);
        let env = web.get("environment").unwrap();
        assert_eq!(env.get("A").unwrap().as_str(), Some("yes"));
        assert!(env.get("B").unwrap().is_null());
        let port = &web.get("ports").unwrap().as_seq().unwrap()[0];
        assert_eq!(port.get("target").unwrap().as_int(), Some(80));
        assert_eq!(port.get("published").unwrap().as_str(), Some("8080"));
        assert_eq!(
            web.get("healthcheck")
                .unwrap()
                .get("interval")
                .unwrap()
                .as_str(),
            Some("1m30s")
        );
        assert!(web
            .get("networks")
            .unwrap()
            .get("default")
            .unwrap()
            .is_null());
        assert_eq!(
            root.get("networks")
                .unwrap()
                .get("default")
                .unwrap()
                .get("name")
                .unwrap()
                .as_str(),
            Some("shop_default")
        );
    }

    #[test]
    fn keys_are_sorted() {
        let text = render(&model());
        let services = text.split("services:\n").nth(1).unwrap();
        let keys: Vec<&str> = services
            .lines()
            .filter(|l| {
                l.starts_with("    ") && !l.starts_with("     ") && !l.trim_start().starts_with('-')
            })
            .map(|l| l.trim().split(':').next().unwrap())
            .collect();
        let mut sorted = keys.clone();
        sorted.sort();
        assert_eq!(keys, sorted, "{text}");
    }
}
