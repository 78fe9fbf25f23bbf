//! How the container is reached and who it is: the network (`--network`), legacy links
//! (`--link`), the host name, the user and the working directory.

use super::{opt, problem, Problems};
use crate::values;

/// The network to join, if one is named: a network name or `container:<name>`.
pub fn network(text: &str, errs: &mut Problems) -> Option<String> {
    let n = opt(text)?;
    let ok = n.starts_with("container:")
        || n.chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '-'));
    if ok {
        Some(n)
    } else {
        problem(errs, "network", format!("`{n}` is not a network name"));
        None
    }
}

/// With the host network a container uses the host's ports directly, so it publishes none.
pub fn ports_on_host_network(network: Option<&str>, publishes: bool, errs: &mut Problems) {
    if network == Some("host") && publishes {
        problem(errs, "ports", "with the host network the container uses the host's ports directly: remove the published ports");
    }
}

/// `target[:alias]` links whose names are valid; problems are on `links[i]`.
pub fn links(rows: &[String], errs: &mut Problems) -> Vec<String> {
    let mut out = Vec::new();
    for (i, l) in rows.iter().enumerate() {
        let l = l.trim();
        if l.is_empty() {
            continue;
        }
        let (target, alias) = l.split_once(':').unwrap_or((l, l));
        match (
            values::container_name(target),
            values::container_name(alias),
        ) {
            (Ok(_), Ok(_)) => out.push(l.to_owned()),
            (Err(m), _) | (_, Err(m)) => problem(errs, format!("links[{i}]"), m),
        }
    }
    out
}

pub fn hostname(text: &str, errs: &mut Problems) -> Option<String> {
    let h = opt(text)?;
    if h.len() <= 63
        && h.chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '.')
        && !h.starts_with('-')
    {
        Some(h)
    } else {
        problem(
            errs,
            "hostname",
            format!("`{h}` is not a host name: letters, digits and `-`, up to 63 characters"),
        );
        None
    }
}

pub fn user(text: &str, errs: &mut Problems) -> Option<String> {
    let u = opt(text)?;
    if u.chars().any(char::is_whitespace) {
        problem(
            errs,
            "user",
            format!("`{u}`: a user is a name or id, optionally :group, with no spaces"),
        );
        None
    } else {
        Some(u)
    }
}

pub fn workdir(text: &str, errs: &mut Problems) -> Option<String> {
    let w = opt(text)?;
    if w.starts_with('/') {
        Some(w)
    } else {
        problem(
            errs,
            "workdir",
            format!("`{w}` must be an absolute path inside the container, such as /app"),
        );
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_paths_are_checked_on_their_fields() {
        let mut errs = Problems::new();
        assert_eq!(network("my-net", &mut errs).as_deref(), Some("my-net"));
        assert_eq!(
            network("container:web", &mut errs).as_deref(),
            Some("container:web")
        );
        assert_eq!(
            links(&["db:database".into(), " ".into()], &mut errs),
            ["db:database"]
        );
        assert_eq!(
            hostname("web-1.local", &mut errs).as_deref(),
            Some("web-1.local")
        );
        assert_eq!(user("1000:1000", &mut errs).as_deref(), Some("1000:1000"));
        assert_eq!(workdir("/app", &mut errs).as_deref(), Some("/app"));
        ports_on_host_network(Some("bridge"), true, &mut errs);
        assert!(errs.is_empty(), "{errs:?}");

        network("my net", &mut errs);
        ports_on_host_network(Some("host"), true, &mut errs);
        links(&["db:x y".into()], &mut errs);
        hostname("-web", &mut errs);
        user("ann smith", &mut errs);
        workdir("app", &mut errs);
        let fields: Vec<&str> = errs.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(
            fields,
            ["network", "ports", "links[0]", "hostname", "user", "workdir"]
        );
    }
}
