//! Starting the real app under tauri-driver for WebDriver: shared by the end-to-end tests and
//! the UI benchmark, so both drive the same way.
//!
//! Sessions that called the app's commands with `execute/async` in a loop were seen to drop
//! ("connection reset" between tauri-driver and WebKitWebDriver, 2–15 calls in). What was
//! found, reading tauri-driver 2.1 and trying it here (WebKitWebDriver 2.50, libsoup 3.2):
//!
//! - tauri-driver is a hyper proxy: its client to WebKitWebDriver keeps pooled keep-alive
//!   connections and is built with `retry_canceled_requests(false)`, and any failure of a
//!   forwarded request makes it drop the client's connection with no answer. So nothing on
//!   the way repairs a lost request; one failure ends the WebDriver command.
//! - WebKitWebDriver keeps idle connections open (tried up to 60 s idle), answers script
//!   errors and script timeouts normally, and keeps the connection after each; 200 invokes in
//!   a row (the test `two_hundred_commands_called_from_async_scripts_keep_the_session`, and
//!   over 700 more from a plain HTTP client on one connection) all answered. Not the cause.
//! - It does lose answers in one case: a command that reaches a session while an
//!   `execute/async` script is still pending is answered, but the pending script's answer
//!   never comes, not even the script timeout. The request is left hanging on its pooled
//!   connection, and whoever gives up on it first closes that connection under a request in
//!   flight. A driver with two clients on one session, or a watcher script left pending
//!   while other commands are sent, gets exactly this.
//! - A session asked for before WebKitWebDriver listens fails in the proxy (the old rig
//!   retried that by matching the error's text).
//!
//! So the rig: waits until both tauri-driver and WebKitWebDriver listen before asking for
//! the session, once; drives each app through one fantoccini `Client`, which sends one
//! command at a time, never two; and never leaves an async script pending while it sends
//! another command (the bench installs its watchers with a synchronous script and then waits
//! on them with one async command). Nothing is retried: a dropped session fails the test.

use fantoccini::{Client, ClientBuilder};
use hyper_util::client::legacy::connect::HttpConnector;
use std::os::unix::process::CommandExt;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free local port")
}

/// A WebDriver session on the app, and the processes behind it.
pub struct Session {
    pub client: Client,
    pub process: DriverProcess,
    /// What the driver and the app (RUST_LOG=info) printed: for failure messages.
    pub log: std::path::PathBuf,
    /// The app's own settings folder (`TUGBOAT_CONFIG_DIR`) when the test gave none: the app
    /// remembers the last engine there, and a test must never write the user's settings or
    /// start on an engine another test left behind.
    pub settings: Option<tempfile::TempDir>,
}

/// Starts tauri-driver with `DOCKER_HOST=docker_host` and opens `app` through it, on the
/// display in `$DISPLAY`.
pub async fn launch(app: &Path, docker_host: &str) -> Session {
    launch_on(app, docker_host, None).await
}

/// As [`launch`], on X display `display` (`:100`) instead of `$DISPLAY` when given: tests that
/// run side by side each get a display of their own, so keyboard focus never moves between
/// their windows.
pub async fn launch_on(app: &Path, docker_host: &str, display: Option<&str>) -> Session {
    launch_with_env(app, docker_host, display, &[]).await
}

/// As [`launch_on`], with `env` added to the app's environment: a test gives the app a
/// `DOCKER_CONFIG` of its own this way, so it never reads or writes the user's `~/.docker`.
/// tauri-driver starts the app as its own child, so the app inherits what the driver is given.
pub async fn launch_with_env(
    app: &Path,
    docker_host: &str,
    display: Option<&str>,
    env: &[(&str, &std::ffi::OsStr)],
) -> Session {
    let port = free_port();
    let native_port = free_port();
    let log = tempfile::Builder::new()
        .prefix("tauri-driver-")
        .suffix(".log")
        .tempfile()
        .unwrap()
        .keep()
        .unwrap()
        .1;
    let logf = std::fs::File::create(&log).unwrap();
    let mut driver = Command::new("tauri-driver");
    if let Some(display) = display {
        driver.env("DISPLAY", display);
    }
    for (key, value) in env {
        driver.env(key, value);
    }
    let settings = if env.iter().any(|(k, _)| *k == "TUGBOAT_CONFIG_DIR") {
        None
    } else {
        let dir = tempfile::tempdir().unwrap();
        driver.env("TUGBOAT_CONFIG_DIR", dir.path());
        Some(dir)
    };
    let driver = driver
        .args([
            "--port",
            &port.to_string(),
            "--native-port",
            &native_port.to_string(),
        ])
        .env("DOCKER_HOST", docker_host)
        .env("RUST_LOG", "info")
        .stdin(Stdio::null())
        .stdout(logf.try_clone().unwrap())
        .stderr(logf)
        // Its own process group, so the driver, WebKitWebDriver and the app go together.
        .process_group(0)
        .spawn()
        .expect("tauri-driver must be installed (scripts/install-deps.sh installs it)");
    let process = DriverProcess(driver);
    // tauri-driver listens on `port` and starts WebKitWebDriver, which listens on
    // `native_port` a moment later; a session asked for before both listen would fail. Both
    // ports are ours to wait for, so the session is asked for once, never retried.
    let start = Instant::now();
    for p in [port, native_port] {
        while std::net::TcpStream::connect(("127.0.0.1", p)).is_err() {
            assert!(
                start.elapsed() < Duration::from_secs(20),
                "tauri-driver (port {port}) or WebKitWebDriver (port {native_port}) did not \
                 listen on {p}; log: {}",
                std::fs::read_to_string(&log).unwrap_or_default()
            );
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }
    let mut caps = serde_json::Map::new();
    caps.insert(
        "tauri:options".into(),
        serde_json::json!({ "application": app }),
    );
    let client = ClientBuilder::new(HttpConnector::new())
        .capabilities(caps)
        .connect(&format!("http://127.0.0.1:{port}"))
        .await
        .unwrap_or_else(|e| {
            panic!(
                "WebDriver session failed: {e}; tauri-driver log: {}",
                std::fs::read_to_string(&log).unwrap_or_default()
            )
        });
    Session {
        client,
        process,
        log,
        settings,
    }
}

/// Kills the driver's whole process group (driver, WebKitWebDriver, app) when dropped, also
/// when a test panics.
pub struct DriverProcess(Child);
impl DriverProcess {
    /// The driver's process id: the app and WebKit run below it.
    pub fn pid(&self) -> u32 {
        self.0.id()
    }
}
impl Drop for DriverProcess {
    fn drop(&mut self) {
        let _ = Command::new("kill")
            .args(["-9", "--", &format!("-{}", self.0.id())])
            .status();
        let _ = self.0.wait();
    }
}
