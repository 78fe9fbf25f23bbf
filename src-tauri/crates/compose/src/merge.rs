//! Compose's merge rules over node trees: an override file over the main file, a service over
//! the one it `extends`. Mappings merge key by key; `command`, `entrypoint` and
//! `healthcheck.test` are replaced whole; `environment`, `labels`, `build.args`, `depends_on`,
//! `networks`, `extra_hosts` merge as mappings whatever form each side wrote them in;
//! `volumes` merge by container path (the override's mount for a path replaces the base's);
//! other lists (ports, dns, cap_add…) append, dropping exact repeats.

use crate::yaml::{Node, Value};
use tugboat_textspan::Span;

/// Merges `over` into `base` (a whole file's root mapping over another's).
pub fn merge_files(base: Node, over: Node) -> Node {
    merge_at(base, over, &[])
}

/// Merges a service over the service it extends.
pub fn merge_service(base: Node, over: Node) -> Node {
    merge_at(base, over, &["services", "*"])
}

fn merge_at(base: Node, over: Node, path: &[&str]) -> Node {
    let depth = path.len();
    let in_service = depth >= 2 && path[0] == "services";
    let key = path.last().copied().unwrap_or("");
    if in_service && depth == 3 {
        match key {
            "command" | "entrypoint" => return over,
            "environment" | "labels" | "depends_on" | "networks" | "extra_hosts" => {
                return merge_maps(to_map(base, key), to_map(over, key), path);
            }
            "build" => return merge_maps(build_map(base), build_map(over), path),
            "volumes" => return merge_volumes(base, over),
            _ => {}
        }
    }
    if in_service && depth == 4 && path[2] == "healthcheck" && key == "test" {
        return over;
    }
    if in_service && depth == 4 && path[2] == "build" && key == "args" {
        return merge_maps(to_map(base, key), to_map(over, key), path);
    }
    match (&base.value, &over.value) {
        (Value::Map(_), Value::Map(_)) => merge_maps(base, over, path),
        (Value::Seq(_), Value::Seq(_)) => append_unique(base, over),
        _ => over,
    }
}

fn merge_maps(base: Node, over: Node, path: &[&str]) -> Node {
    let span = base.span;
    let (Value::Map(mut entries), Value::Map(over_entries)) = (base.value, over.value) else {
        return Node {
            value: Value::Map(Vec::new()),
            span,
        };
    };
    for (key, value) in over_entries {
        let name = key.as_str().unwrap_or_default().to_string();
        let child = |p: &[&str]| -> Vec<String> { p.iter().map(|s| s.to_string()).collect() };
        let mut sub: Vec<String> = child(path);
        sub.push(if path.len() == 1 && path[0] == "services" {
            "*".into()
        } else {
            name.clone()
        });
        let sub_refs: Vec<&str> = sub.iter().map(String::as_str).collect();
        match entries.iter().position(|(k, _)| k.as_str() == Some(&name)) {
            Some(i) => {
                let (k, old) = entries.remove(i);
                let merged = if old.is_null() {
                    value
                } else if value.is_null() && !matches!(old.value, Value::Scalar { .. }) {
                    // `web:` with nothing under it in an override keeps the base as it was.
                    old
                } else {
                    merge_at(old, value, &sub_refs)
                };
                entries.insert(i, (k, merged));
            }
            None => entries.push((key, value)),
        }
    }
    Node {
        value: Value::Map(entries),
        span,
    }
}

fn append_unique(base: Node, over: Node) -> Node {
    let span = base.span;
    let (mut items, more) = match (base.value, over.value) {
        (Value::Seq(items), Value::Seq(more)) => (items, more),
        (_, value) => {
            return Node {
                value,
                span: over.span,
            }
        }
    };
    for item in more {
        if !items.iter().any(|i| same(i, &item)) {
            items.push(item);
        }
    }
    Node {
        value: Value::Seq(items),
        span,
    }
}

/// Equal ignoring where they were written.
pub fn same(a: &Node, b: &Node) -> bool {
    match (&a.value, &b.value) {
        (Value::Scalar { text: x, .. }, Value::Scalar { text: y, .. }) => x == y,
        (Value::Seq(x), Value::Seq(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(a, b)| same(a, b))
        }
        (Value::Map(x), Value::Map(y)) => {
            x.len() == y.len()
                && x.iter()
                    .zip(y)
                    .all(|((ka, va), (kb, vb))| same(ka, kb) && same(va, vb))
        }
        _ => false,
    }
}

/// A list form (`["A=1", "B"]`, `[db, cache]`) as the mapping form; a mapping stays.
/// `environment`/`labels`/`args` split on `=`; `extra_hosts` on `=` or the first `:`;
/// `depends_on`/`networks` items become keys with a null value.
pub fn to_map(node: Node, key: &str) -> Node {
    let span = node.span;
    let Value::Seq(items) = node.value else {
        return node;
    };
    let mut entries: Vec<(Node, Node)> = Vec::with_capacity(items.len());
    for item in items {
        let Some(text) = item.as_str().map(str::to_string) else {
            continue;
        };
        let split = match key {
            "depends_on" | "networks" => None,
            "extra_hosts" => text
                .split_once('=')
                .or_else(|| text.split_once(':'))
                .map(|(k, v)| (k.to_string(), v.to_string())),
            _ => text
                .split_once('=')
                .map(|(k, v)| (k.to_string(), v.to_string())),
        };
        let (k, v) = match split {
            Some((k, v)) => (k, Node::scalar(v, false, item.span)),
            None => (text, Node::scalar("", true, item.span)),
        };
        let k = Node::scalar(k, false, item.span);
        match entries
            .iter()
            .position(|(old, _)| old.as_str() == k.as_str())
        {
            Some(i) => entries[i].1 = v,
            None => entries.push((k, v)),
        }
    }
    Node {
        value: Value::Map(entries),
        span,
    }
}

/// `build: ./dir` as `build: {context: ./dir}`.
pub fn build_map(node: Node) -> Node {
    match node.value {
        Value::Scalar { .. } if !node.is_null() => {
            let span = node.span;
            Node {
                value: Value::Map(vec![(Node::scalar("context", true, span), node)]),
                span,
            }
        }
        _ => node,
    }
}

/// The container path a `volumes:` item mounts at (short `src:dst[:opts]` or long `target:`).
pub fn volume_target(item: &Node) -> Option<String> {
    if let Some(target) = item.get("target").and_then(Node::as_str) {
        return Some(target.to_string());
    }
    let text = item.as_str()?;
    tugboat_runspec::values::volume_flag(text)
        .ok()
        .map(|row| row.target)
}

fn merge_volumes(base: Node, over: Node) -> Node {
    let span = base.span;
    let (mut items, more) = match (base.value, over.value) {
        (Value::Seq(items), Value::Seq(more)) => (items, more),
        (_, value) => {
            return Node {
                value,
                span: over.span,
            }
        }
    };
    for item in more {
        let target = volume_target(&item);
        match items
            .iter()
            .position(|i| target.is_some() && volume_target(i) == target)
        {
            Some(i) => items[i] = item,
            None => items.push(item),
        }
    }
    Node {
        value: Value::Seq(items),
        span,
    }
}

/// Moves every span in a tree to `span`: for nodes from another file, whose own positions mean
/// nothing in the text being edited (diagnostics point at the line that brought them in).
pub fn relocate(node: &mut Node, span: Span) {
    node.span = span;
    match &mut node.value {
        Value::Scalar { .. } => {}
        Value::Seq(items) => items.iter_mut().for_each(|n| relocate(n, span)),
        Value::Map(entries) => entries.iter_mut().for_each(|(k, v)| {
            relocate(k, span);
            relocate(v, span);
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::yaml::parse;

    fn merged(base: &str, over: &str) -> Node {
        merge_files(parse(base).unwrap(), parse(over).unwrap())
    }

    fn texts(node: &Node) -> Vec<String> {
        node.as_seq()
            .unwrap()
            .iter()
            .map(|n| n.as_str().unwrap_or("").to_string())
            .collect()
    }

    #[test]
    fn mappings_merge_and_scalars_replace() {
        let m = merged(
            "services:\n  web:\n    image: a\n    restart: always\n",
            "services:\n  web:\n    image: b\n  db:\n    image: pg\n",
        );
        let web = m.get("services").unwrap().get("web").unwrap();
        assert_eq!(web.get("image").unwrap().as_str(), Some("b"));
        assert_eq!(web.get("restart").unwrap().as_str(), Some("always"));
        assert!(m.get("services").unwrap().get("db").is_some());
    }

    #[test]
    fn command_replaces_and_lists_append_unique() {
        let m = merged(
            "services:\n  web:\n    command: [a, b]\n    ports: ['80:80']\n    dns: [1.1.1.1]\n    healthcheck: {test: [CMD, a], retries: 3}\n",
            "services:\n  web:\n    command: [c]\n    ports: ['80:80', '443:443']\n    dns: [8.8.8.8]\n    healthcheck: {test: [CMD, b]}\n",
        );
        let web = m.get("services").unwrap().get("web").unwrap();
        assert_eq!(texts(web.get("command").unwrap()), ["c"]);
        assert_eq!(texts(web.get("ports").unwrap()), ["80:80", "443:443"]);
        assert_eq!(texts(web.get("dns").unwrap()), ["1.1.1.1", "8.8.8.8"]);
        let hc = web.get("healthcheck").unwrap();
        assert_eq!(texts(hc.get("test").unwrap()), ["CMD", "b"]);
        assert_eq!(hc.get("retries").unwrap().as_int(), Some(3));
    }

    #[test]
    fn environment_merges_across_list_and_map_forms() {
        let m = merged(
            "services:\n  web:\n    environment: [A=1, B=2, C]\n",
            "services:\n  web:\n    environment: {B: '3', D: x}\n",
        );
        let env = m
            .get("services")
            .unwrap()
            .get("web")
            .unwrap()
            .get("environment")
            .unwrap();
        let pairs: Vec<(String, Option<String>)> = env
            .as_map()
            .unwrap()
            .iter()
            .map(|(k, v)| {
                (
                    k.as_str().unwrap().to_string(),
                    (!v.is_null()).then(|| v.as_str().unwrap().to_string()),
                )
            })
            .collect();
        assert_eq!(
            pairs,
            [
                ("A".to_string(), Some("1".to_string())),
                ("B".into(), Some("3".into())),
                ("C".into(), None),
                ("D".into(), Some("x".into()))
            ]
        );
    }

    #[test]
    fn volumes_merge_by_target_and_build_by_key() {
        let m = merged(
            "services:\n  web:\n    build: ./app\n    volumes: ['data:/data', './a:/a']\n",
            "services:\n  web:\n    build: {target: dev}\n    volumes: ['other:/data:ro', {type: bind, source: ./b, target: /b}]\n",
        );
        let web = m.get("services").unwrap().get("web").unwrap();
        let vols = web.get("volumes").unwrap().as_seq().unwrap();
        assert_eq!(vols.len(), 3);
        assert_eq!(vols[0].as_str(), Some("other:/data:ro"));
        let build = web.get("build").unwrap();
        assert_eq!(build.get("context").unwrap().as_str(), Some("./app"));
        assert_eq!(build.get("target").unwrap().as_str(), Some("dev"));
    }

    #[test]
    fn depends_on_list_and_map_merge() {
        let m = merged(
            "services:\n  web:\n    depends_on: [db]\n",
            "services:\n  web:\n    depends_on: {cache: {condition: service_healthy}}\n",
        );
        let d = m
            .get("services")
            .unwrap()
            .get("web")
            .unwrap()
            .get("depends_on")
            .unwrap();
        let keys: Vec<_> = d
            .as_map()
            .unwrap()
            .iter()
            .map(|(k, _)| k.as_str().unwrap())
            .collect();
        assert_eq!(keys, ["db", "cache"]);
    }
}
