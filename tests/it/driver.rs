//! Starting the real app under tauri-driver for WebDriver: shared by the end-to-end tests and
//! the UI benchmark (`benches/app.rs` includes this file), so both drive the same way.

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
    /// What the driver and the app (RUST_LOG=info) printed: for failure messages. Only the
    /// e2e tests read it; the bench, which includes this file too, does not.
    #[allow(dead_code)]
    pub log: std::path::PathBuf,
}

/// Starts tauri-driver with `DOCKER_HOST=docker_host` and opens `app` through it.
pub async fn launch(app: &Path, docker_host: &str) -> Session {
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
    let driver = Command::new("tauri-driver")
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
    let start = Instant::now();
    while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(
            start.elapsed() < Duration::from_secs(20),
            "tauri-driver did not listen on {port}; log: {}",
            std::fs::read_to_string(&log).unwrap_or_default()
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let mut caps = serde_json::Map::new();
    caps.insert(
        "tauri:options".into(),
        serde_json::json!({ "application": app }),
    );
    // tauri-driver may accept the request before the WebKitWebDriver behind it listens:
    // retry that start-up race for a few seconds (the app has not started yet then).
    let mut attempt = 0;
    let client = loop {
        attempt += 1;
        match ClientBuilder::new(HttpConnector::new())
            .capabilities(caps.clone())
            .connect(&format!("http://127.0.0.1:{port}"))
            .await
        {
            Ok(c) => break c,
            Err(e) if attempt < 10 && e.to_string().contains("did not respond") => {
                tokio::time::sleep(Duration::from_millis(500)).await;
            }
            Err(e) => panic!(
                "WebDriver session failed: {e}; tauri-driver log: {}",
                std::fs::read_to_string(&log).unwrap_or_default()
            ),
        }
    };
    Session {
        client,
        process,
        log,
    }
}

/// Kills the driver's whole process group (driver, WebKitWebDriver, app) when dropped, also
/// when a test panics.
pub struct DriverProcess(Child);
impl Drop for DriverProcess {
    fn drop(&mut self) {
        let _ = Command::new("kill")
            .args(["-9", "--", &format!("-{}", self.0.id())])
            .status();
        let _ = self.0.wait();
    }
}
