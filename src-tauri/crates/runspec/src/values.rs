//! Parsers for single values of `docker run`, each returning a message that says what is wrong
//! and what would be valid. They accept what the docker CLI accepts, so a pasted command means
//! the same here as in a terminal.

use crate::form::{MountKind, MountRow, PortRow};
use crate::reference::ImageReference;

/// Docker's rule for container names: `[a-zA-Z0-9][a-zA-Z0-9_.-]+` (a leading `/` is allowed).
pub fn container_name(name: &str) -> Result<String, String> {
    let n = name.strip_prefix('/').unwrap_or(name);
    if n.is_empty() {
        return Err("a name is needed".into());
    }
    if n.chars().count() < 2 {
        return Err(format!(
            "`{n}` is too short: a name has at least 2 characters"
        ));
    }
    if !n.starts_with(|c: char| c.is_ascii_alphanumeric()) {
        return Err(format!("`{n}` must start with a letter or digit"));
    }
    if let Some(bad) = n
        .chars()
        .find(|c| !(c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '-')))
    {
        return Err(format!(
            "`{n}` contains `{bad}`: only letters, digits, `_`, `.` and `-` are allowed"
        ));
    }
    Ok(n.to_owned())
}

/// An image reference to run, as the engine reads it (the grammar is in [`crate::reference`]).
pub fn image_reference(text: &str) -> Result<String, String> {
    let r = text.trim();
    if r.is_empty() {
        return Err("choose an image to run, such as busybox or nginx:1.27".into());
    }
    ImageReference::parse(r).map(|_| r.to_owned())
}

/// Volume names follow the same rule as container names.
pub fn volume_name(name: &str) -> Result<String, String> {
    container_name(name).map_err(|m| m.replace("a name", "a volume name"))
}

/// A port or a range `a-b`, each in 1..=65535.
pub fn port_range(text: &str, what: &str) -> Result<(u16, u16), String> {
    let t = text.trim();
    let one = |p: &str| -> Result<u16, String> {
        let p = p.trim();
        if p.is_empty() || !p.chars().all(|c| c.is_ascii_digit()) {
            return Err(format!(
                "{what} `{t}` is not a number: use a port like 8080 or a range like 8000-8010"
            ));
        }
        match p.parse::<u64>() {
            Ok(0) => Err(format!("{what} 0 is not a port: ports go from 1 to 65535")),
            Ok(n) if n > 65535 => Err(format!("{what} {n} is above 65535")),
            Ok(n) => Ok(n as u16),
            Err(_) => Err(format!("{what} {p} is above 65535")),
        }
    };
    match t.split_once('-') {
        Some((a, b)) => {
            let (a, b) = (one(a)?, one(b)?);
            if a > b {
                return Err(format!(
                    "{what} range {t} runs backwards: write the lower port first"
                ));
            }
            Ok((a, b))
        }
        None => one(t).map(|p| (p, p)),
    }
}

pub fn protocol(text: &str) -> Result<String, String> {
    match text.trim().to_ascii_lowercase().as_str() {
        "" | "tcp" => Ok("tcp".into()),
        "udp" => Ok("udp".into()),
        "sctp" => Ok("sctp".into()),
        other => Err(format!("protocol `{other}` is not one of tcp, udp or sctp")),
    }
}

/// An address to publish on: IPv4 or IPv6 (brackets optional).
pub fn host_ip(text: &str) -> Result<Option<String>, String> {
    let t = text.trim().trim_start_matches('[').trim_end_matches(']');
    if t.is_empty() {
        return Ok(None);
    }
    t.parse::<std::net::IpAddr>()
        .map(|ip| Some(ip.to_string()))
        .map_err(|_| format!("host address `{text}` is not an IP address like 127.0.0.1 or ::1"))
}

/// Splits a `-p` value: `[ip:][hostPort[-end]:]containerPort[-end][/proto]`, with IPv6
/// addresses in brackets (`[::1]:80:80/udp`).
pub fn publish_flag(value: &str) -> Result<PortRow, String> {
    let v = value.trim();
    let (addr, proto) = match v.rsplit_once('/') {
        Some((a, p)) => (a, p),
        None => (v, ""),
    };
    let (ip, rest) = if let Some(after) = addr.strip_prefix('[') {
        let (ip, rest) = after
            .split_once(']')
            .ok_or_else(|| format!("`{value}`: an IPv6 address needs a closing `]`"))?;
        let rest = rest
            .strip_prefix(':')
            .ok_or_else(|| format!("`{value}`: after `[{ip}]` write `:hostPort:containerPort`"))?;
        (ip.to_owned(), rest)
    } else {
        let parts: Vec<&str> = addr.split(':').collect();
        match parts.len() {
            1 | 2 => (String::new(), addr),
            3 => (parts[0].to_owned(), &addr[parts[0].len() + 1..]),
            _ => {
                return Err(format!(
                "`{value}` has too many `:`: write an IPv6 address in brackets, like [::1]:8080:80"
            ))
            }
        }
    };
    let (host_port, container_port) = match rest.split_once(':') {
        Some((h, c)) => (h.to_owned(), c.to_owned()),
        None => (String::new(), rest.to_owned()),
    };
    // The form writes tcp, the default, as an empty protocol (its picker's "tcp" choice).
    let protocol = proto.trim().to_ascii_lowercase();
    Ok(PortRow {
        host_ip: ip,
        host_port,
        container_port,
        protocol: if protocol == "tcp" {
            String::new()
        } else {
            protocol
        },
    })
}

/// Sizes as the docker CLI reads them (`512m`, `1.5g`, `1GB`, `10 mb`, `2048`): binary units,
/// a bare number is bytes. `None` for empty or 0, which both mean "no limit".
pub fn size(text: &str, what: &str) -> Result<Option<i64>, String> {
    let t = text.trim();
    if t.is_empty() {
        return Ok(None);
    }
    let bad =
        || format!("{what} `{t}` is not a size: use a number with a unit, like 512m, 1.5g or 2g");
    let num_end = t
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(t.len());
    let (num, unit) = t.split_at(num_end);
    if num.is_empty() || num.matches('.').count() > 1 || num.starts_with('.') || num.ends_with('.')
    {
        return Err(bad());
    }
    let unit = unit.strip_prefix(' ').unwrap_or(unit).to_ascii_lowercase();
    let unit = unit.strip_suffix('b').unwrap_or(&unit);
    let unit = unit.strip_suffix('i').unwrap_or(unit);
    let factor: f64 = match unit {
        "" => 1.0,
        "k" => 1024.0,
        "m" => 1024.0 * 1024.0,
        "g" => 1024.0f64.powi(3),
        "t" => 1024.0f64.powi(4),
        "p" => 1024.0f64.powi(5),
        _ => return Err(bad()),
    };
    let value: f64 = num.parse().map_err(|_| bad())?;
    let bytes = (value * factor).floor();
    if bytes > i64::MAX as f64 / 2.0 {
        return Err(format!("{what} `{t}` is larger than any machine's memory"));
    }
    if bytes == 0.0 {
        return Ok(None);
    }
    Ok(Some(bytes as i64))
}

/// The smallest memory limit the engine accepts.
pub const MIN_MEMORY: i64 = 6 * 1024 * 1024;

/// Formats bytes the way a person would type them back (`512m`, `1.5g`, `1048576`).
pub fn size_text(bytes: i64) -> String {
    const UNITS: [(&str, i64); 4] = [
        ("t", 1 << 40),
        ("g", 1 << 30),
        ("m", 1 << 20),
        ("k", 1 << 10),
    ];
    for (u, f) in UNITS {
        if bytes >= f && bytes % f == 0 {
            return format!("{}{u}", bytes / f);
        }
    }
    bytes.to_string()
}

/// CPUs as typed (`1.5`) in the engine's unit, billionths of a CPU.
pub fn nano_cpus(cpus: Option<&str>) -> Option<i64> {
    cpus.and_then(|c| c.parse::<f64>().ok())
        .map(|c| (c * 1e9).round() as i64)
}

/// Go-style durations as the docker CLI takes them: `30s`, `1m30s`, `500ms`, `1h`.
pub fn duration_ns(text: &str, what: &str) -> Result<Option<i64>, String> {
    let t = text.trim();
    if t.is_empty() {
        return Ok(None);
    }
    let bad = || {
        format!(
            "{what} `{t}` is not a duration: use a number with a unit, like 30s, 1m30s or 500ms"
        )
    };
    let mut total: f64 = 0.0;
    let mut rest = t;
    while !rest.is_empty() {
        let n_end = rest
            .find(|c: char| !(c.is_ascii_digit() || c == '.'))
            .ok_or_else(bad)?;
        if n_end == 0 {
            return Err(bad());
        }
        let n: f64 = rest[..n_end].parse().map_err(|_| bad())?;
        rest = &rest[n_end..];
        let u_end = rest
            .find(|c: char| c.is_ascii_digit() || c == '.')
            .unwrap_or(rest.len());
        let unit = &rest[..u_end];
        rest = &rest[u_end..];
        let f = match unit {
            "ns" => 1.0,
            "us" | "µs" => 1e3,
            "ms" => 1e6,
            "s" => 1e9,
            "m" => 60e9,
            "h" => 3600e9,
            _ => return Err(bad()),
        };
        total += n * f;
    }
    if total <= 0.0 {
        return Err(format!("{what} must be longer than zero"));
    }
    Ok(Some(total as i64))
}

/// Formats nanoseconds back into a Go duration (`1m30s`).
pub fn duration_text(ns: i64) -> String {
    if ns % 1_000_000_000 != 0 {
        return format!("{}ms", ns / 1_000_000);
    }
    let mut s = ns / 1_000_000_000;
    let mut out = String::new();
    for (u, f) in [("h", 3600), ("m", 60)] {
        if s >= f {
            out.push_str(&format!("{}{u}", s / f));
            s %= f;
        }
    }
    if s > 0 || out.is_empty() {
        out.push_str(&format!("{s}s"));
    }
    out
}

/// Whether a host path is absolute here or on Windows (`/data`, `C:\data`, `C:/data`).
pub fn is_absolute_host_path(p: &str) -> bool {
    let b = p.as_bytes();
    p.starts_with('/')
        || (b.len() >= 3
            && b[0].is_ascii_alphabetic()
            && b[1] == b':'
            && (b[2] == b'\\' || b[2] == b'/'))
}

/// Splits a `-v` value: `[source:]target[:options]`, keeping a Windows drive letter with its
/// path (`C:\data:/data:ro`).
pub fn volume_flag(value: &str) -> Result<MountRow, String> {
    let v = value.trim();
    let b = v.as_bytes();
    let drive = b.len() >= 3
        && b[0].is_ascii_alphabetic()
        && b[1] == b':'
        && (b[2] == b'\\' || b[2] == b'/');
    let (head, tail) = if drive { v.split_at(2) } else { ("", v) };
    let mut parts: Vec<String> = tail.split(':').map(str::to_owned).collect();
    if drive {
        parts[0] = format!("{head}{}", parts[0]);
    }
    let (source, target, opts) = match parts.as_slice() {
        [t] => (String::new(), t.clone(), String::new()),
        [s, t] => (s.clone(), t.clone(), String::new()),
        [s, t, o] => (s.clone(), t.clone(), o.clone()),
        _ => {
            return Err(format!(
                "`{value}` has too many `:`: write source:target[:options]"
            ))
        }
    };
    let mut row = MountRow {
        kind: if source.is_empty() {
            MountKind::Volume
        } else if is_absolute_host_path(&source)
            || source.starts_with('.')
            || source.contains('/')
            || source.contains('\\')
        {
            MountKind::Bind
        } else {
            MountKind::Volume
        },
        source,
        target,
        read_only: false,
        selinux: String::new(),
    };
    for o in opts.split(',').filter(|o| !o.is_empty()) {
        match o {
            "ro" | "readonly" => row.read_only = true,
            "rw" => row.read_only = false,
            "z" | "Z" => row.selinux = o.to_owned(),
            other => {
                return Err(format!(
                    "`{value}`: option `{other}` is not one Tugboat supports (ro, rw, z, Z)"
                ))
            }
        }
    }
    Ok(row)
}

/// Environment variable names: not empty, no `=`, no white space.
pub fn env_name(name: &str) -> Result<String, String> {
    let n = name.trim();
    if n.is_empty() || n.starts_with('=') {
        return Err("a variable needs a name before `=`".into());
    }
    if n.contains('=') || n.chars().any(char::is_whitespace) {
        return Err(format!("variable name `{n}` may not contain `=` or spaces"));
    }
    Ok(n.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn image_references_follow_the_engines_grammar() {
        for good in [
            "busybox",
            "nginx:1.27",
            "library/nginx:1.27-alpine",
            "localhost:5000/team/app:dev",
            "registry.example.com/a/b__c/d-e.f",
            "tugboat-fixture/busybox:1",
            "busybox@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
            "[::1]:5000/app",
        ] {
            assert_eq!(image_reference(good).as_deref(), Ok(good), "{good}");
        }
        for (bad, says) in [
            ("", "choose an image"),
            ("-d", "is not valid"),
            ("\u{b}\u{b}-d", "is not valid"),
            ("ngi\u{1}nx", "control characters"),
            ("my app", "spaces"),
            ("Nginx", "lowercase"),
            ("nginx:", "not a tag"),
            ("nginx:-x", "not a tag"),
            ("nginx@sha256:xyz", "not a digest"),
            ("a//b", "is not valid"),
            ("a..b", "is not valid"),
            ("bad_host!.com/x", "not a registry"),
        ] {
            let err = image_reference(bad).unwrap_err();
            assert!(err.contains(says), "{bad:?}: {err}");
        }
    }

    #[test]
    fn ports_from_targets_md() {
        assert_eq!(port_range("80", "port"), Ok((80, 80)));
        assert_eq!(port_range("8000-8010", "port"), Ok((8000, 8010)));
        assert_eq!(
            port_range("80801", "host port").unwrap_err(),
            "host port 80801 is above 65535"
        );
        assert!(port_range("0", "port").unwrap_err().contains("1 to 65535"));
        assert!(port_range("90-80", "port")
            .unwrap_err()
            .contains("backwards"));
        assert!(port_range("http", "port")
            .unwrap_err()
            .contains("not a number"));
        assert!(port_range("99999999999999999999", "port")
            .unwrap_err()
            .contains("above 65535"));
    }

    #[test]
    fn publish_flags_split_like_the_cli() {
        let p = |s: &str| publish_flag(s).unwrap();
        let row = |ip: &str, h: &str, c: &str, pr: &str| PortRow {
            host_ip: ip.into(),
            host_port: h.into(),
            container_port: c.into(),
            protocol: pr.into(),
        };
        assert_eq!(p("80"), row("", "", "80", ""));
        assert_eq!(p("8080:80"), row("", "8080", "80", ""));
        assert_eq!(p("127.0.0.1::80"), row("127.0.0.1", "", "80", ""));
        assert_eq!(p("[::1]:80:80/udp"), row("::1", "80", "80", "udp"));
        assert_eq!(p("8080:80/tcp"), row("", "8080", "80", ""));
        assert_eq!(p("53/UDP"), row("", "", "53", "udp"));
        assert_eq!(p("8000-8010:80-90"), row("", "8000-8010", "80-90", ""));
        assert!(publish_flag("::1:80:80").unwrap_err().contains("brackets"));
        assert!(publish_flag("[::1:80:80").unwrap_err().contains("`]`"));
    }

    #[test]
    fn sizes_from_targets_md() {
        let mib = 1024 * 1024;
        assert_eq!(size("512m", "memory"), Ok(Some(512 * mib)));
        assert_eq!(size("1.5g", "memory"), Ok(Some(1536 * mib)));
        assert_eq!(size("1GB", "memory"), Ok(Some(1024 * mib)));
        assert_eq!(size("2g", "memory"), Ok(Some(2048 * mib)));
        assert_eq!(size("10 mb", "memory"), Ok(Some(10 * mib)));
        assert_eq!(size("0", "memory"), Ok(None));
        assert_eq!(size("", "memory"), Ok(None));
        assert!(size("-1", "memory")
            .unwrap_err()
            .contains("`-1` is not a size"));
        assert!(size("lots", "memory").is_err());
        assert!(size("1.2.3g", "memory").is_err());
        assert!(size("5x", "memory").is_err());
        assert!(size("99999999999p", "memory")
            .unwrap_err()
            .contains("larger"));
        assert_eq!(size_text(512 * mib), "512m");
        assert_eq!(size_text(1536 * mib), "1536m");
        assert_eq!(size_text(2 << 30), "2g");
        assert_eq!(size_text(1000), "1000");
    }

    #[test]
    fn durations() {
        assert_eq!(duration_ns("30s", "interval"), Ok(Some(30_000_000_000)));
        assert_eq!(duration_ns("1m30s", "interval"), Ok(Some(90_000_000_000)));
        assert_eq!(duration_ns("500ms", "interval"), Ok(Some(500_000_000)));
        assert!(duration_ns("30", "interval").is_err());
        assert!(duration_ns("soon", "interval").is_err());
        assert!(duration_ns("0s", "interval").is_err());
        assert_eq!(duration_text(90_000_000_000), "1m30s");
        assert_eq!(duration_text(3_600_000_000_000), "1h");
        assert_eq!(duration_text(500_000_000), "500ms");
    }

    #[test]
    fn volume_flags_and_windows_drives() {
        let v = volume_flag("data:/var/lib/data:ro").unwrap();
        assert_eq!(
            (v.kind, v.source.as_str(), v.target.as_str(), v.read_only),
            (MountKind::Volume, "data", "/var/lib/data", true)
        );
        let b = volume_flag("/srv/site:/usr/share/site:z").unwrap();
        assert_eq!((b.kind, b.selinux.as_str()), (MountKind::Bind, "z"));
        let w = volume_flag(r"C:\data:/data:rw").unwrap();
        assert_eq!(
            (w.kind, w.source.as_str(), w.target.as_str()),
            (MountKind::Bind, r"C:\data", "/data")
        );
        let anon = volume_flag("/cache").unwrap();
        assert_eq!((anon.kind, anon.source.as_str()), (MountKind::Volume, ""));
        let rel = volume_flag("./data:/data").unwrap();
        assert_eq!(
            rel.kind,
            MountKind::Bind,
            "relative paths are binds, refused later with a reason"
        );
        assert!(volume_flag("a:b:c:d").is_err());
        assert!(volume_flag("data:/d:nocopy")
            .unwrap_err()
            .contains("nocopy"));
    }

    #[test]
    fn names_and_env() {
        assert!(container_name("web-1").is_ok());
        assert!(container_name("a").is_err());
        assert!(container_name("_x").is_err());
        assert!(container_name("we b").is_err());
        assert_eq!(
            env_name("=x").unwrap_err(),
            "a variable needs a name before `=`"
        );
        assert!(env_name("A B").is_err());
        assert_eq!(env_name("PATH"), Ok("PATH".into()));
        assert_eq!(host_ip("[::1]"), Ok(Some("::1".into())));
        assert!(host_ip("localhost").is_err());
    }

    #[test]
    fn names_follow_dockers_rule() {
        assert!(container_name("web").is_ok());
        assert!(container_name("/web_1.a-b").is_ok());
        assert!(container_name("a").unwrap_err().contains("at least 2"));
        assert!(container_name("-web").unwrap_err().contains("start with"));
        assert!(container_name("we b").unwrap_err().contains("` `"));
        assert!(container_name("wéb").unwrap_err().contains("é"));
        assert!(container_name("").is_err());
    }
}
