//! Checks on a context form before anything is written, with the docker CLI's rules: the name
//! pattern `^[a-zA-Z0-9][a-zA-Z0-9_.+-]+$` and the reserved `default`; Tugboat also checks the
//! endpoint's scheme and shape, which the CLI leaves to the first connection.

use super::{ContextForm, DEFAULT_CONTEXT};
use crate::error::EngineError;

/// The CLI's name rule. Two characters at least: the first a letter or digit, the rest also
/// `_ . + -`. Checked by hand: one character class each, no pattern library needed.
pub fn check_name(name: &str) -> Result<(), EngineError> {
    let invalid = || {
        EngineError::InvalidInput(format!(
            "name: `{name}` is not a valid context name; use two or more letters, digits or \
             _ . + -, starting with a letter or digit (the docker CLI's rule \
             ^[a-zA-Z0-9][a-zA-Z0-9_.+-]+$)"
        ))
    };
    if name.is_empty() {
        return Err(EngineError::InvalidInput(
            "name: give the context a name, such as `home-server`".into(),
        ));
    }
    if name == DEFAULT_CONTEXT {
        return Err(EngineError::InvalidInput(
            "name: `default` is reserved for the context the CLI uses when none is chosen; \
             pick another name"
                .into(),
        ));
    }
    let mut chars = name.chars();
    let first_ok = chars.next().is_some_and(|c| c.is_ascii_alphanumeric());
    let rest_ok = chars.all(|c| c.is_ascii_alphanumeric() || "_.+-".contains(c));
    if !first_ok || !rest_ok || name.chars().count() < 2 {
        return Err(invalid());
    }
    Ok(())
}

/// The endpoint: one of the schemes an engine listens on, with something after it.
pub fn check_host(host: &str) -> Result<(), EngineError> {
    const KNOWN: [&str; 4] = ["unix://", "tcp://", "ssh://", "npipe://"];
    let host = host.trim();
    if host.is_empty() {
        return Err(EngineError::InvalidInput(
            "host: give the engine's address, such as unix:///var/run/docker.sock, \
             tcp://server:2376 or ssh://user@server"
                .into(),
        ));
    }
    let Some(scheme) = KNOWN.iter().find(|s| host.starts_with(*s)) else {
        return Err(EngineError::InvalidInput(format!(
            "host: `{host}` must start with unix://, tcp://, ssh:// or npipe://"
        )));
    };
    let rest = &host[scheme.len()..];
    if rest.is_empty() {
        return Err(EngineError::InvalidInput(format!(
            "host: `{host}` names no {}",
            match *scheme {
                "unix://" => "socket path (unix:///var/run/docker.sock)",
                "tcp://" => "host and port (tcp://server:2376)",
                "ssh://" => "user and host (ssh://user@server)",
                _ => "pipe (npipe:////./pipe/docker_engine)",
            }
        )));
    }
    if *scheme == "unix://" && !rest.starts_with('/') {
        return Err(EngineError::InvalidInput(format!(
            "host: the socket in `{host}` must be a full path, as in unix:///var/run/docker.sock"
        )));
    }
    if *scheme == "tcp://" {
        let authority = rest.split('/').next().unwrap_or("");
        let port = authority.rsplit_once(':').map(|(_, p)| p);
        if port.is_none_or(|p| p.parse::<u16>().is_err()) {
            return Err(EngineError::InvalidInput(format!(
                "host: `{host}` needs a port: 2376 for TLS or 2375 unencrypted, as in \
                 tcp://server:2376"
            )));
        }
    }
    if *scheme == "ssh://" {
        let authority = rest.split('/').next().unwrap_or("");
        let machine = authority.rsplit_once('@').map_or(authority, |(_, h)| h);
        let (name, port) = match machine.rsplit_once(':') {
            Some((n, p)) => (n, Some(p)),
            None => (machine, None),
        };
        if name.is_empty() || port.is_some_and(|p| p.parse::<u16>().is_err()) {
            return Err(EngineError::InvalidInput(format!(
                "host: `{host}` must be ssh://user@host or ssh://user@host:port"
            )));
        }
    }
    if host.contains(char::is_whitespace) && *scheme != "unix://" && *scheme != "npipe://" {
        return Err(EngineError::InvalidInput(format!(
            "host: `{host}` has a space in it; an address has none"
        )));
    }
    Ok(())
}

/// Name, endpoint and TLS together. `tls` files must be full paths (they are read from there
/// and copied into the store); the CLI would take relative ones from its working folder,
/// which an app does not have in any useful sense.
pub fn check_form(form: &ContextForm) -> Result<(), EngineError> {
    check_name(&form.name)?;
    check_host(&form.host)?;
    if let Some(tls) = &form.tls {
        for (field, path) in [("ca", &tls.ca), ("cert", &tls.cert), ("key", &tls.key)] {
            if let Some(p) = path.as_deref().filter(|p| !p.trim().is_empty()) {
                if !std::path::Path::new(p).is_absolute() {
                    return Err(EngineError::InvalidInput(format!(
                        "tls.{field}: `{p}` is not a full path; pick the file again"
                    )));
                }
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_follow_the_cli_pattern() {
        for ok in ["ab", "home-server", "a.b+c_d-1", "9x"] {
            assert_eq!(check_name(ok), Ok(()), "{ok}");
        }
        for bad in ["a", "-ab", "_ab", "a b", "a/b", "ä1", "x:y"] {
            let err = check_name(bad).unwrap_err().to_string();
            assert!(err.starts_with("name: "), "{bad}: {err}");
            assert!(err.contains("^[a-zA-Z0-9][a-zA-Z0-9_.+-]+$"), "{err}");
        }
        assert!(check_name("default")
            .unwrap_err()
            .to_string()
            .contains("reserved"));
        assert!(check_name("").unwrap_err().to_string().starts_with("name:"));
    }

    #[test]
    fn hosts_name_the_field_and_what_is_valid() {
        for ok in [
            "unix:///var/run/docker.sock",
            "tcp://10.0.0.2:2376",
            "tcp://[::1]:2375",
            "ssh://me@box",
            "ssh://me@box:2222",
            "ssh://box",
            "npipe:////./pipe/docker_engine",
        ] {
            assert_eq!(check_host(ok), Ok(()), "{ok}");
        }
        for (bad, says) in [
            ("", "give the engine's address"),
            (
                "ftp://x",
                "must start with unix://, tcp://, ssh:// or npipe://",
            ),
            ("unix://", "socket path"),
            ("unix://docker.sock", "full path"),
            ("tcp://box", "needs a port"),
            ("tcp://box:http", "needs a port"),
            ("ssh://me@box:x", "ssh://user@host:port"),
            ("ssh://me@", "ssh://user@host"),
        ] {
            let err = check_host(bad).unwrap_err().to_string();
            assert!(err.starts_with("host: "), "{bad}: {err}");
            assert!(err.contains(says), "{bad}: {err}");
        }
    }

    #[test]
    fn tls_files_must_be_full_paths() {
        let form = ContextForm {
            name: "tls1".into(),
            host: "tcp://h:2376".into(),
            tls: Some(super::super::ContextTls {
                ca: Some("ca.pem".into()),
                ..Default::default()
            }),
            ..Default::default()
        };
        let err = check_form(&form).unwrap_err().to_string();
        assert!(err.starts_with("tls.ca: "), "{err}");
    }
}
