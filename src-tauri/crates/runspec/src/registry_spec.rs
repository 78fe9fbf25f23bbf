//! `docker login`, `docker logout` and a local registry (`docker run -d -p 5000:5000 --name
//! registry registry:2`): the forms, their checks, and the lines each equals. The password is
//! never part of a line (`--password-stdin`) and never printed by `Debug`.

use crate::form::FieldError;
use crate::validate::{problem, Problems};
use serde::{Deserialize, Serialize};

/// What the CLI and the engine call Docker Hub when no registry is named.
pub const DOCKER_HUB: &str = "docker.io";

/// The image the registry tutorial runs.
pub const REGISTRY_IMAGE: &str = "registry:2";

/// The log in form as typed.
#[derive(Clone, Default, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct LoginForm {
    /// host[:port]; empty or `docker.io` for Docker Hub.
    pub server: String,
    pub username: String,
    pub password: String,
}

impl std::fmt::Debug for LoginForm {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("LoginForm")
            .field("server", &self.server)
            .field("username", &self.username)
            .field("password", &"<hidden>")
            .finish()
    }
}

/// A registry as the CLI names it in `docker login <server>`: the bare host[:port], or
/// `docker.io` for Docker Hub (whatever spelling of it was typed).
pub fn registry_name(server: &str) -> Result<String, String> {
    let s = server.trim();
    let s = s
        .strip_prefix("https://")
        .or_else(|| s.strip_prefix("http://"))
        .unwrap_or(s);
    let host = s.split('/').next().unwrap_or_default();
    if host.is_empty() {
        return Ok(DOCKER_HUB.to_owned());
    }
    if matches!(
        host,
        "docker.io" | "index.docker.io" | "registry-1.docker.io" | "registry.hub.docker.com"
    ) {
        return Ok(DOCKER_HUB.to_owned());
    }
    let (name, port) = match host.rsplit_once(':') {
        // An IPv6 address in brackets keeps its colons.
        Some((n, p)) if !p.contains(']') => (n, Some(p)),
        _ => (host, None),
    };
    let name_ok = !name.is_empty()
        && (name.starts_with('[') && name.ends_with(']')
            || name
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '.' || c == '-'));
    if !name_ok {
        return Err(format!(
            "`{host}` is not a registry address: give a host name and an optional port, \
             such as localhost:5000 or registry.example.com"
        ));
    }
    if let Some(p) = port {
        if p.parse::<u16>().map_or(true, |p| p == 0) {
            return Err(format!(
                "`{p}` is not a port: give a number from 1 to 65535, such as localhost:5000"
            ));
        }
    }
    Ok(host.to_ascii_lowercase())
}

/// A checked log in: the registry named as the CLI names it.
#[derive(Clone, PartialEq, Eq)]
pub struct Login {
    pub registry: String,
    pub username: String,
    pub password: String,
}

impl std::fmt::Debug for Login {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Login")
            .field("registry", &self.registry)
            .field("username", &self.username)
            .field("password", &"<hidden>")
            .finish()
    }
}

impl LoginForm {
    pub fn validate(&self) -> Result<Login, Problems> {
        let mut errs = Problems::new();
        let registry = registry_name(&self.server)
            .map_err(|m| problem(&mut errs, "server", m))
            .ok();
        let username = self.username.trim();
        if username.is_empty() {
            problem(&mut errs, "username", "a user name is needed");
        } else if username.contains(':') {
            // Basic auth joins user and password with ':', so a name with one cannot be sent.
            problem(&mut errs, "username", "a user name may not contain `:`");
        }
        if self.password.is_empty() {
            problem(
                &mut errs,
                "password",
                "a password (or an access token) is needed",
            );
        }
        match registry {
            Some(registry) if errs.is_empty() => Ok(Login {
                registry,
                username: username.to_owned(),
                password: self.password.clone(),
            }),
            _ => Err(errs),
        }
    }

    /// The line shown while typing: the server and user as they stand, even half-typed.
    pub fn argv(&self) -> Vec<String> {
        login_argv(
            &registry_name(&self.server).unwrap_or_else(|_| self.server.trim().to_owned()),
            self.username.trim(),
        )
    }
}

impl Login {
    pub fn argv(&self) -> Vec<String> {
        login_argv(&self.registry, &self.username)
    }
}

/// `docker login [SERVER] -u USER --password-stdin`; Docker Hub is the CLI's default, so no
/// server is named for it.
pub fn login_argv(registry: &str, username: &str) -> Vec<String> {
    let mut argv = vec!["docker".to_owned(), "login".to_owned()];
    if registry != DOCKER_HUB && !registry.is_empty() {
        argv.push(registry.to_owned());
    }
    argv.extend(["-u".to_owned(), username.to_owned()]);
    argv.push("--password-stdin".to_owned());
    argv
}

/// `docker logout [SERVER]`.
pub fn logout_argv(registry: &str) -> Vec<String> {
    let mut argv = vec!["docker".to_owned(), "logout".to_owned()];
    if registry != DOCKER_HUB && !registry.is_empty() {
        argv.push(registry.to_owned());
    }
    argv
}

/// The local registry card as typed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct LocalRegistryForm {
    /// The port on this machine (`-p PORT:5000`).
    pub host_port: String,
    /// The container's name (`--name`).
    pub name: String,
    /// The registry image; empty means `registry:2`.
    pub image: String,
}

impl Default for LocalRegistryForm {
    fn default() -> Self {
        LocalRegistryForm {
            host_port: "5000".into(),
            name: "registry".into(),
            image: REGISTRY_IMAGE.into(),
        }
    }
}

/// A checked local registry: what is run and what the command says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LocalRegistry {
    pub host_port: u16,
    pub name: String,
    pub image: String,
}

impl LocalRegistryForm {
    pub fn validate(&self) -> Result<LocalRegistry, Problems> {
        let mut errs = Problems::new();
        let port = self.host_port.trim();
        let host_port = match port.parse::<u16>() {
            Ok(p) if p > 0 => Some(p),
            _ => {
                problem(
                    &mut errs,
                    "hostPort",
                    format!("`{port}` is not a port: give a number from 1 to 65535, such as 5000"),
                );
                None
            }
        };
        let name = self.name.trim();
        if let Err(m) = crate::values::container_name(name) {
            problem(&mut errs, "name", m);
        }
        let image = match self.image.trim() {
            "" => REGISTRY_IMAGE,
            i => i,
        };
        if let Err(m) = crate::reference::ImageReference::parse(image) {
            problem(&mut errs, "image", m);
        }
        match host_port {
            Some(host_port) if errs.is_empty() => Ok(LocalRegistry {
                host_port,
                name: name.to_owned(),
                image: image.to_owned(),
            }),
            _ => Err(errs),
        }
    }
}

impl LocalRegistry {
    /// Where the engine's host reaches it: `localhost:PORT` (the engine allows localhost
    /// registries over plain HTTP).
    pub fn address(&self) -> String {
        format!("localhost:{}", self.host_port)
    }

    /// `docker run -d -p PORT:5000 --name NAME IMAGE`.
    pub fn argv(&self) -> Vec<String> {
        [
            "docker",
            "run",
            "-d",
            "-p",
            &format!("{}:5000", self.host_port),
            "--name",
            &self.name,
            &self.image,
        ]
        .iter()
        .map(|s| s.to_string())
        .collect()
    }

    /// What to type next to put an image there: `docker tag IMG localhost:PORT/IMG` and
    /// `docker push localhost:PORT/IMG`. The image's own registry host, if any, is dropped.
    pub fn push_argvs(&self, image: &str) -> Vec<Vec<String>> {
        let path = strip_registry(image);
        let target = format!("{}/{path}", self.address());
        vec![
            vec![
                "docker".into(),
                "tag".into(),
                image.to_owned(),
                target.clone(),
            ],
            vec!["docker".into(), "push".into(), target],
        ]
    }
}

/// An image name without its registry host (`localhost:5000/app:1` → `app:1`): the first
/// path part is a host when it has a `.` or `:` or is `localhost`, as the engine decides.
pub fn strip_registry(image: &str) -> &str {
    match image.split_once('/') {
        Some((first, rest))
            if first.contains('.') || first.contains(':') || first == "localhost" =>
        {
            rest
        }
        _ => image,
    }
}

/// The field errors of a form, for previews that show no line while invalid.
pub fn errors_of<T>(r: &Result<T, Problems>) -> Vec<FieldError> {
    r.as_ref().err().cloned().unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::argv::command_line;

    #[test]
    fn registry_names_follow_the_cli() {
        assert_eq!(registry_name("").unwrap(), "docker.io");
        assert_eq!(registry_name("index.docker.io").unwrap(), "docker.io");
        assert_eq!(
            registry_name("https://index.docker.io/v1/").unwrap(),
            "docker.io"
        );
        assert_eq!(registry_name("localhost:5117").unwrap(), "localhost:5117");
        assert_eq!(
            registry_name(" https://Reg.Example/v2/ ").unwrap(),
            "reg.example"
        );
        let bad = registry_name("reg example").unwrap_err();
        assert!(bad.contains("localhost:5000"), "{bad}");
        let port = registry_name("localhost:99999").unwrap_err();
        assert!(port.contains("65535"), "{port}");
    }

    #[test]
    fn login_line_never_holds_the_password() {
        let form = LoginForm {
            server: "localhost:5117".into(),
            username: "ann".into(),
            password: "hunter2".into(),
        };
        let login = form.validate().unwrap();
        let line = command_line(&login.argv());
        assert_eq!(line, "docker login localhost:5117 -u ann --password-stdin");
        assert!(!format!("{form:?}{login:?}").contains("hunter2"));
        let hub = LoginForm {
            server: "docker.io".into(),
            ..form
        };
        assert_eq!(
            command_line(&hub.validate().unwrap().argv()),
            "docker login -u ann --password-stdin"
        );
        assert_eq!(command_line(&logout_argv("docker.io")), "docker logout");
        assert_eq!(
            command_line(&logout_argv("localhost:5117")),
            "docker logout localhost:5117"
        );
    }

    #[test]
    fn login_errors_name_their_fields() {
        let errs = LoginForm::default().validate().unwrap_err();
        let fields: Vec<_> = errs.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["username", "password"]);
        let errs = LoginForm {
            server: "bad host".into(),
            username: "a:b".into(),
            password: "x".into(),
        }
        .validate()
        .unwrap_err();
        let fields: Vec<_> = errs.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["server", "username"]);
    }

    #[test]
    fn local_registry_lines() {
        let reg = LocalRegistryForm::default().validate().unwrap();
        assert_eq!(
            command_line(&reg.argv()),
            "docker run -d -p 5000:5000 --name registry registry:2"
        );
        let lines: Vec<_> = reg
            .push_argvs("busybox:1")
            .iter()
            .map(|a| command_line(a))
            .collect();
        assert_eq!(
            lines,
            [
                "docker tag busybox:1 localhost:5000/busybox:1",
                "docker push localhost:5000/busybox:1"
            ]
        );
        assert_eq!(strip_registry("localhost:5117/it/x:1"), "it/x:1");
        assert_eq!(
            strip_registry("tugboat-fixture/busybox:1"),
            "tugboat-fixture/busybox:1"
        );
        let errs = LocalRegistryForm {
            host_port: "0".into(),
            name: "bad name!".into(),
            image: "Not Valid".into(),
        }
        .validate()
        .unwrap_err();
        let fields: Vec<_> = errs.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["hostPort", "name", "image"]);
    }
}
