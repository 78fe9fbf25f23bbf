//! `ssh://[user@]host[:port]` engines the way the docker CLI reaches them: the system `ssh`
//! (so the user's ssh config, agent and known hosts apply) runs `docker system dial-stdio` on
//! the remote, and HTTP travels over the child's stdin/stdout. One child per connection; hyper
//! keeps connections alive, so a list refresh does not start a new ssh.
//!
//! bollard's `ssh` feature goes through the `openssh` crate, which writes the user's
//! known_hosts itself and cannot be given a config file, so we spawn `ssh` ourselves and hand
//! bollard a hyper client over it as a custom transport (as `tls.rs` does for TLS).
//!
//! `TUGBOAT_SSH_CONFIG`, when set, is passed to ssh as `-F <file>`: it exists so tests (and
//! users who keep a separate config for their engines) never read or write the real `~/.ssh`.

use crate::error::EngineError;
use bollard::{BollardRequest, Docker};
use hyper_util::client::legacy::connect::{Connected, Connection};
use hyper_util::client::legacy::Client;
use hyper_util::rt::{TokioExecutor, TokioIo};
use std::future::Future;
use std::io;
use std::pin::Pin;
use std::process::Stdio;
use std::task::{Context, Poll};
use tokio::io::{AsyncRead, AsyncReadExt, AsyncWrite, ReadBuf};
use tokio::process::{ChildStdin, ChildStdout, Command};
use tokio::sync::oneshot;

/// bollard's default read limit for a request, in seconds.
const REQUEST_TIMEOUT_S: u64 = 120;

/// The environment variable naming an ssh config file for every engine connection.
pub const SSH_CONFIG_ENV: &str = "TUGBOAT_SSH_CONFIG";

/// Where an `ssh://` host points.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SshTarget {
    pub user: Option<String>,
    pub host: String,
    pub port: Option<u16>,
}

impl SshTarget {
    /// Parses `ssh://[user@]host[:port]`, saying what is wrong with a bad one.
    pub fn parse(url: &str) -> Result<SshTarget, EngineError> {
        let bad = |why: &str| {
            EngineError::InvalidInput(format!(
                "host: `{url}` {why}; an ssh engine is written ssh://[user@]host[:port]"
            ))
        };
        let rest = url
            .strip_prefix("ssh://")
            .ok_or_else(|| bad("does not start with ssh://"))?;
        let rest = rest.strip_suffix('/').unwrap_or(rest);
        if rest.contains('/') || rest.contains('?') {
            return Err(bad("has a path or query, which ssh engines do not take"));
        }
        let (user, hostport) = match rest.rsplit_once('@') {
            Some((u, h)) if !u.is_empty() => (Some(u.to_string()), h),
            Some(_) => return Err(bad("has an empty user before @")),
            None => (None, rest),
        };
        let (host, port) = match hostport.rsplit_once(':') {
            Some((h, p)) if !hostport.starts_with('[') || h.ends_with(']') => {
                let port = p
                    .parse::<u16>()
                    .ok()
                    .filter(|p| *p > 0)
                    .ok_or_else(|| bad("has a port that is not a number from 1 to 65535"))?;
                (h, Some(port))
            }
            _ => (hostport, None),
        };
        let host = host.trim_start_matches('[').trim_end_matches(']');
        if host.is_empty() {
            return Err(bad("has no host"));
        }
        if host.starts_with('-') || user.as_deref().is_some_and(|u| u.starts_with('-')) {
            // ssh would read it as an option.
            return Err(bad("has a host or user starting with `-`"));
        }
        Ok(SshTarget {
            user,
            host: host.to_string(),
            port,
        })
    }

    /// The ssh arguments (without the program): options, destination, remote command.
    pub fn args(&self, config: Option<&std::ffi::OsStr>) -> Vec<std::ffi::OsString> {
        let mut args: Vec<std::ffi::OsString> = Vec::new();
        if let Some(file) = config {
            args.push("-F".into());
            args.push(file.into());
        }
        // BatchMode: never ask for a password or a host key on a terminal nobody sees.
        // LogLevel=ERROR: stderr carries ssh's errors only, not its banners and warnings.
        for o in ["BatchMode=yes", "LogLevel=ERROR"] {
            args.push("-o".into());
            args.push(o.into());
        }
        if let Some(port) = self.port {
            args.push("-p".into());
            args.push(port.to_string().into());
        }
        args.push("--".into());
        args.push(match &self.user {
            Some(u) => format!("{u}@{}", self.host).into(),
            None => self.host.clone().into(),
        });
        for a in ["docker", "system", "dial-stdio"] {
            args.push(a.into());
        }
        args
    }
}

/// How an ssh child ended before the engine answered, classified for the user.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SshProblem {
    /// There is no `ssh` program on this machine.
    NotInstalled,
    /// The remote took none of the keys offered.
    KeyRefused { stderr: String },
    /// The remote's host key is unknown or changed (StrictHostKeyChecking refused it).
    HostKeyRejected { stderr: String },
    /// The host name does not resolve.
    UnknownHost { stderr: String },
    /// Nothing listens for ssh there, or the network does not reach it.
    Unreachable { stderr: String },
    /// The remote has no `docker` command (the shell's exit 127).
    NoDockerOnRemote,
    /// The remote `docker` ran but could not reach its engine.
    RemoteEngineUnreachable { stderr: String },
    /// ssh ended some other way.
    Other { code: Option<i32>, stderr: String },
}

impl SshProblem {
    /// Classifies how an ssh child ended. ssh reports its own failures with exit 255 and one
    /// of a fixed set of message prefixes (its CLI protocol, stable across OpenSSH releases),
    /// so those prefixes are what tell the failures apart; any other exit code is the remote
    /// command's.
    pub fn from_exit(code: Option<i32>, stderr: &str) -> SshProblem {
        let stderr = stderr.trim().to_string();
        let has = |prefix: &str| stderr.lines().any(|l| l.contains(prefix));
        match code {
            Some(255) if has("Permission denied") => SshProblem::KeyRefused { stderr },
            Some(255)
                if has("Host key verification failed")
                    || has("REMOTE HOST IDENTIFICATION HAS CHANGED")
                    || has("No ED25519 host key is known")
                    || has("host key is known") =>
            {
                SshProblem::HostKeyRejected { stderr }
            }
            Some(255) if has("Could not resolve hostname") => SshProblem::UnknownHost { stderr },
            Some(255)
                if has("Connection refused")
                    || has("Connection timed out")
                    || has("No route to host")
                    || has("Network is unreachable") =>
            {
                SshProblem::Unreachable { stderr }
            }
            Some(127) => SshProblem::NoDockerOnRemote,
            Some(c) if c != 255 => SshProblem::RemoteEngineUnreachable { stderr },
            _ => SshProblem::Other { code, stderr },
        }
    }
}

impl std::fmt::Display for SshProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let said = |s: &str| {
            if s.is_empty() {
                String::new()
            } else {
                format!(" (ssh said: {s})")
            }
        };
        match self {
            SshProblem::NotInstalled => write!(
                f,
                "there is no `ssh` program on this machine. Install the OpenSSH client \
                 (openssh-client) to reach engines over ssh://."
            ),
            SshProblem::KeyRefused { stderr } => write!(
                f,
                "the remote refused every key offered{}. Add your public key to the remote \
                 user's ~/.ssh/authorized_keys, or load the right key into your ssh agent.",
                said(stderr)
            ),
            SshProblem::HostKeyRejected { stderr } => write!(
                f,
                "the remote's host key is unknown or has changed{}. Run `ssh` to the host once \
                 in a terminal to check and accept its key.",
                said(stderr)
            ),
            SshProblem::UnknownHost { stderr } => write!(
                f,
                "the host name does not resolve{}. Check the name, or add it to your ssh config.",
                said(stderr)
            ),
            SshProblem::Unreachable { stderr } => write!(
                f,
                "nothing answered for ssh there{}. Check that sshd runs on the host and the \
                 port is right.",
                said(stderr)
            ),
            SshProblem::NoDockerOnRemote => write!(
                f,
                "the remote has no `docker` command on its PATH. Install the docker CLI on the \
                 remote host (it runs `docker system dial-stdio` there)."
            ),
            SshProblem::RemoteEngineUnreachable { stderr } => write!(
                f,
                "docker on the remote could not reach its engine{}. Check that dockerd runs \
                 there and the ssh user may use its socket (the docker group).",
                said(stderr)
            ),
            SshProblem::Other { code, stderr } => match code {
                Some(c) => write!(f, "ssh ended with exit code {c}{}", said(stderr)),
                None => write!(f, "ssh was stopped by a signal{}", said(stderr)),
            },
        }
    }
}

impl std::error::Error for SshProblem {}

/// A bollard client that speaks HTTP to the engine behind `host` (`ssh://…`).
pub(crate) fn docker_over_ssh(host: &str) -> Result<Docker, EngineError> {
    let target = SshTarget::parse(host)?;
    let connector = SshConnector {
        args: std::sync::Arc::new(target.args(std::env::var_os(SSH_CONFIG_ENV).as_deref())),
    };
    let client = Client::builder(TokioExecutor::new()).build(connector);
    let transport = move |req: BollardRequest| {
        let client = client.clone();
        async move {
            client
                .request(req)
                .await
                .map_err(bollard::errors::Error::from)
        }
    };
    // The authority is never dialled (the connector ignores it); it names the engine in
    // request URIs and logs.
    Ok(Docker::connect_with_custom_transport(
        transport,
        Some("http://docker.ssh".to_string()),
        REQUEST_TIMEOUT_S,
        bollard::API_DEFAULT_VERSION,
    )?)
}

/// Starts one ssh child per connection hyper asks for.
#[derive(Clone)]
struct SshConnector {
    args: std::sync::Arc<Vec<std::ffi::OsString>>,
}

impl tower_service::Service<http::Uri> for SshConnector {
    type Response = TokioIo<SshStream>;
    type Error = io::Error;
    type Future = Pin<Box<dyn Future<Output = io::Result<Self::Response>> + Send>>;

    fn poll_ready(&mut self, _cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Poll::Ready(Ok(()))
    }

    fn call(&mut self, _uri: http::Uri) -> Self::Future {
        let args = self.args.clone();
        Box::pin(async move { SshStream::spawn(&args).map(TokioIo::new) })
    }
}

/// The child's stdout and stdin as one duplex stream. When stdout ends, the read waits for
/// the child's exit: a failed ssh surfaces as an I/O error holding its [`SshProblem`].
struct SshStream {
    stdin: ChildStdin,
    stdout: ChildStdout,
    ended: Option<oneshot::Receiver<(Option<i32>, String)>>,
}

impl SshStream {
    fn spawn(args: &[std::ffi::OsString]) -> io::Result<SshStream> {
        let mut child = Command::new("ssh")
            .args(args)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .kill_on_drop(true)
            .spawn()
            .map_err(|e| {
                if e.kind() == io::ErrorKind::NotFound {
                    io::Error::new(io::ErrorKind::NotFound, SshProblem::NotInstalled)
                } else {
                    e
                }
            })?;
        let (Some(stdin), Some(stdout), Some(mut stderr)) =
            (child.stdin.take(), child.stdout.take(), child.stderr.take())
        else {
            return Err(io::Error::other("ssh started without its pipes"));
        };
        let (tx, rx) = oneshot::channel();
        tokio::spawn(async move {
            // Bounded: an ssh that chatters forever on stderr cannot grow memory.
            let mut text = Vec::new();
            let _ = (&mut stderr).take(64 * 1024).read_to_end(&mut text).await;
            let code = child.wait().await.ok().and_then(|s| s.code());
            let text = String::from_utf8_lossy(&text).into_owned();
            if code != Some(0) {
                tracing::debug!(?code, stderr = %text, "ssh to the engine ended");
            }
            let _ = tx.send((code, text));
        });
        Ok(SshStream {
            stdin,
            stdout,
            ended: Some(rx),
        })
    }
}

impl Connection for SshStream {
    fn connected(&self) -> Connected {
        Connected::new()
    }
}

impl AsyncRead for SshStream {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        let before = buf.filled().len();
        match Pin::new(&mut self.stdout).poll_read(cx, buf) {
            Poll::Ready(Ok(())) if buf.filled().len() == before => {
                // stdout ended: say how ssh ended, if it failed.
                let Some(ended) = self.ended.as_mut() else {
                    return Poll::Ready(Ok(()));
                };
                match Pin::new(ended).poll(cx) {
                    Poll::Pending => Poll::Pending,
                    Poll::Ready(result) => {
                        self.ended = None;
                        match result {
                            Ok((code, stderr)) if code != Some(0) => Poll::Ready(Err(
                                io::Error::other(SshProblem::from_exit(code, &stderr)),
                            )),
                            _ => Poll::Ready(Ok(())),
                        }
                    }
                }
            }
            other => other,
        }
    }
}

impl AsyncWrite for SshStream {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        Pin::new(&mut self.stdin).poll_write(cx, buf)
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.stdin).poll_flush(cx)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.stdin).poll_shutdown(cx)
    }
}

/// The [`SshProblem`] somewhere down `err`'s sources (I/O errors keep theirs behind `get_ref`).
pub(crate) fn find_problem<'a>(
    err: &'a (dyn std::error::Error + 'static),
) -> Option<&'a SshProblem> {
    let mut cur: Option<&'a (dyn std::error::Error + 'static)> = Some(err);
    while let Some(e) = cur {
        if let Some(p) = e.downcast_ref::<SshProblem>() {
            return Some(p);
        }
        if let Some(inner) = e.downcast_ref::<io::Error>().and_then(|io| io.get_ref()) {
            let inner: &'a (dyn std::error::Error + 'static) = inner;
            cur = Some(inner);
            continue;
        }
        cur = e.source();
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn targets_parse_with_user_and_port_and_bad_ones_say_why() {
        assert_eq!(
            SshTarget::parse("ssh://root@127.0.0.1:2222").unwrap(),
            SshTarget {
                user: Some("root".into()),
                host: "127.0.0.1".into(),
                port: Some(2222)
            }
        );
        assert_eq!(
            SshTarget::parse("ssh://engine.lan").unwrap(),
            SshTarget {
                user: None,
                host: "engine.lan".into(),
                port: None
            }
        );
        let e = SshTarget::parse("ssh://root@host:99999").unwrap_err();
        assert!(e.to_string().contains("port"), "{e}");
        assert!(SshTarget::parse("ssh://-oProxyCommand=x").is_err());
        assert!(SshTarget::parse("ssh://").is_err());
    }

    #[test]
    fn args_run_dial_stdio_with_batch_mode_port_and_config() {
        let t = SshTarget::parse("ssh://root@127.0.0.1:2222").unwrap();
        let args: Vec<String> = t
            .args(Some(std::ffi::OsStr::new("/tmp/cfg")))
            .into_iter()
            .map(|a| a.into_string().unwrap())
            .collect();
        assert_eq!(
            args.join(" "),
            "-F /tmp/cfg -o BatchMode=yes -o LogLevel=ERROR -p 2222 -- root@127.0.0.1 docker \
             system dial-stdio"
        );
    }

    #[test]
    fn exits_are_classified_by_code_and_ssh_prefixes() {
        assert!(matches!(
            SshProblem::from_exit(Some(255), "root@h: Permission denied (publickey)."),
            SshProblem::KeyRefused { .. }
        ));
        assert!(matches!(
            SshProblem::from_exit(Some(255), "Host key verification failed."),
            SshProblem::HostKeyRejected { .. }
        ));
        assert!(matches!(
            SshProblem::from_exit(Some(255), "ssh: Could not resolve hostname x: Name"),
            SshProblem::UnknownHost { .. }
        ));
        assert!(matches!(
            SshProblem::from_exit(
                Some(255),
                "ssh: connect to host h port 1: Connection refused"
            ),
            SshProblem::Unreachable { .. }
        ));
        assert_eq!(
            SshProblem::from_exit(Some(127), "sh: docker: not found"),
            SshProblem::NoDockerOnRemote
        );
        assert!(matches!(
            SshProblem::from_exit(Some(1), "Cannot connect to the Docker daemon"),
            SshProblem::RemoteEngineUnreachable { .. }
        ));
        assert!(matches!(
            SshProblem::from_exit(Some(255), "something new"),
            SshProblem::Other { .. }
        ));
    }
}
