//! Shared test fixtures: the test engine and its docker CLI, uniquely named and labelled
//! objects with cleanup, private daemons a test may kill, and a socket proxy that records and can
//! freeze traffic.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{UnixListener, UnixStream};

/// Every object a test creates carries this label, with the test's own value.
pub const TEST_LABEL: &str = "dev.tugboat.test";

/// The engine the tests run against. Never optional: a missing engine fails the test.
pub fn test_host() -> String {
    std::env::var("TUGBOAT_TEST_DOCKER_HOST").unwrap_or_else(|_| {
        panic!(
            "TUGBOAT_TEST_DOCKER_HOST is not set. Run the tests through scripts/test.sh, which \
             starts a private engine; tests do not skip when the engine is missing."
        )
    })
}

pub fn fixture_image() -> String {
    std::env::var("TUGBOAT_FIXTURE_IMAGE").unwrap_or_else(|_| "tugboat-fixture/busybox:1".into())
}

/// `tugboat-test-<what>-<random>`: unique across parallel tests and runs.
pub fn unique(what: &str) -> String {
    let id = uuid::Uuid::new_v4().simple().to_string();
    format!("tugboat-test-{what}-{}", &id[..10])
}

/// The docker CLI pointed at one engine.
#[derive(Clone)]
pub struct Cli {
    pub host: String,
}

impl Cli {
    pub fn new(host: &str) -> Cli {
        Cli { host: host.into() }
    }

    pub fn try_run(&self, args: &[&str]) -> Result<String, String> {
        let out = Command::new("docker")
            .args(args)
            .env("DOCKER_HOST", &self.host)
            .output()
            .map_err(|e| format!("cannot run docker: {e}"))?;
        if out.status.success() {
            Ok(String::from_utf8_lossy(&out.stdout).trim().to_owned())
        } else {
            Err(String::from_utf8_lossy(&out.stderr).trim().to_owned())
        }
    }

    /// Runs the CLI and returns trimmed stdout; panics with stderr on failure.
    pub fn run(&self, args: &[&str]) -> String {
        self.try_run(args)
            .unwrap_or_else(|e| panic!("docker {} failed: {e}", args.join(" ")))
    }

    pub fn lines(&self, args: &[&str]) -> Vec<String> {
        self.run(args)
            .lines()
            .filter(|l| !l.trim().is_empty())
            .map(str::to_owned)
            .collect()
    }

    pub fn server_version(&self) -> String {
        self.run(&["version", "--format", "{{.Server.Version}}"])
    }

    pub fn server_api_version(&self) -> String {
        self.run(&["version", "--format", "{{.Server.APIVersion}}"])
    }

    pub fn container_count(&self, all: bool) -> usize {
        let args: &[&str] = if all { &["ps", "-aq"] } else { &["ps", "-q"] };
        self.lines(args).len()
    }
}

/// Removes every container and volume carrying `TEST_LABEL=<value>` when dropped.
pub struct Labelled {
    pub cli: Cli,
    pub value: String,
}

impl Labelled {
    pub fn new(cli: &Cli) -> Labelled {
        Labelled {
            cli: cli.clone(),
            value: unique("label"),
        }
    }

    /// `--label dev.tugboat.test=<value>`
    pub fn label_arg(&self) -> String {
        format!("{TEST_LABEL}={}", self.value)
    }

    /// `docker run -d --name <name> --label <this label> <options…> <fixture image> <command…>`,
    /// returning the new container's id.
    pub fn run_detached(&self, name: &str, options: &[&str], command: &[&str]) -> String {
        let label = self.label_arg();
        let image = fixture_image();
        let mut args = vec!["run", "-d", "--name", name, "--label", &label];
        args.extend_from_slice(options);
        args.push(&image);
        args.extend_from_slice(command);
        self.cli.run(&args)
    }
}

impl Drop for Labelled {
    fn drop(&mut self) {
        let filter = format!("label={}", self.label_arg());
        if let Ok(ids) = self.cli.try_run(&["ps", "-aq", "--filter", &filter]) {
            for id in ids.lines().filter(|l| !l.is_empty()) {
                let _ = self.cli.try_run(&["rm", "-fv", id]);
            }
        }
        if let Ok(vols) = self
            .cli
            .try_run(&["volume", "ls", "-q", "--filter", &filter])
        {
            for v in vols.lines().filter(|l| !l.is_empty()) {
                let _ = self.cli.try_run(&["volume", "rm", "-f", v]);
            }
        }
    }
}

/// Removes a container (and its anonymous volumes) when dropped: when the test ends, pass or
/// fail. For containers the app creates, which carry no test label.
pub struct RemoveContainer(Cli, String);
impl Drop for RemoveContainer {
    fn drop(&mut self) {
        let _ = self.0.try_run(&["rm", "-fv", &self.1]);
    }
}
pub fn remove_when_done(cli: &Cli, name: &str) -> RemoveContainer {
    RemoveContainer(cli.clone(), name.to_owned())
}

/// Polls `check` until it returns Some or `limit` passes. The limit is how long we are willing
/// to wait before calling it a failure, not a performance assertion.
pub async fn eventually<T, F, Fut>(limit: Duration, what: &str, mut check: F) -> T
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = Option<T>>,
{
    let start = Instant::now();
    loop {
        if let Some(v) = check().await {
            return v;
        }
        if start.elapsed() > limit {
            panic!("gave up after {limit:?} waiting for: {what}");
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// A Docker daemon of a test's own, which the test may kill and restart. Its socket, data and
/// state live in a fresh folder, it gets a bridge interface of its own and leaves iptables
/// alone, so it can run beside the shared test engine and a system engine.
///
/// Never `--bridge=none`: a daemon started that way deletes the `docker0` interface, which
/// breaks the networking of whichever engine owns it.
pub struct PrivateDaemon {
    dir: PathBuf,
    socket: PathBuf,
    bridge: String,
    child: Option<Child>,
}

impl PrivateDaemon {
    pub fn start() -> PrivateDaemon {
        let dir = PathBuf::from(format!(
            "/tmp/tbd-{}",
            &uuid::Uuid::new_v4().simple().to_string()[..8]
        ));
        let socket = dir.join("docker.sock");
        Self::start_at(dir, socket)
    }

    /// Starts a daemon listening on `socket` (its folder is created).
    pub fn start_at(dir: PathBuf, socket: PathBuf) -> PrivateDaemon {
        std::fs::create_dir_all(&dir).expect("create daemon folder");
        let tag = uuid::Uuid::new_v4().simple().to_string();
        let bridge = format!("tbd{}", &tag[..8]);
        // 10.213.<n>.0/24: a subnet of the test run's own, on an interface of its own.
        let n = u8::from_str_radix(&tag[8..10], 16).unwrap_or(7) % 250 + 1;
        let ip = |args: &[&str]| {
            let ok = Command::new("ip")
                .args(args)
                .status()
                .map(|s| s.success())
                .unwrap_or(false);
            assert!(ok, "ip {} failed", args.join(" "));
        };
        ip(&["link", "add", &bridge, "type", "bridge"]);
        ip(&["addr", "add", &format!("10.213.{n}.1/24"), "dev", &bridge]);
        ip(&["link", "set", &bridge, "up"]);
        let mut d = PrivateDaemon {
            dir,
            socket,
            bridge,
            child: None,
        };
        d.launch();
        d
    }

    pub fn host(&self) -> String {
        format!("unix://{}", self.socket.display())
    }

    /// Copies the fixture image from the test engine (`docker save | docker load`): this
    /// daemon starts empty and these machines can't pull.
    pub fn load_fixture(&self) {
        let mut save = Command::new("docker")
            .args(["save", &fixture_image()])
            .env("DOCKER_HOST", test_host())
            .stdout(Stdio::piped())
            .spawn()
            .expect("docker save");
        let load = Command::new("docker")
            .args(["load", "-q"])
            .env("DOCKER_HOST", self.host())
            .stdin(save.stdout.take().unwrap())
            .output()
            .expect("docker load");
        assert!(save.wait().unwrap().success(), "docker save of the fixture");
        assert!(
            load.status.success(),
            "{}",
            String::from_utf8_lossy(&load.stderr)
        );
    }

    pub fn cli(&self) -> Cli {
        Cli::new(&self.host())
    }

    fn launch(&mut self) {
        let log = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(self.dir.join("dockerd.log"))
            .expect("daemon log");
        let child = Command::new("dockerd")
            .arg("--host")
            .arg(self.host())
            .arg("--data-root")
            .arg(self.dir.join("data"))
            .arg("--exec-root")
            .arg(self.dir.join("exec"))
            .arg("--pidfile")
            .arg(self.dir.join("dockerd.pid"))
            .arg(format!("--bridge={}", self.bridge))
            .args(["--iptables=false", "--ip-masq=false"])
            .stdin(Stdio::null())
            .stdout(log.try_clone().expect("log"))
            .stderr(log)
            .spawn()
            .expect("dockerd must be installed (scripts/install-deps.sh installs it)");
        self.child = Some(child);
        let cli = self.cli();
        let start = Instant::now();
        while cli
            .try_run(&["version", "--format", "{{.Server.Version}}"])
            .is_err()
        {
            if start.elapsed() > Duration::from_secs(40) {
                let log = std::fs::read_to_string(self.dir.join("dockerd.log")).unwrap_or_default();
                panic!("private dockerd did not start:\n{log}");
            }
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    /// `kill -9` the daemon: no clean shutdown, like a crash.
    pub fn kill9(&mut self) {
        if let Some(mut c) = self.child.take() {
            let _ = c.kill();
            let _ = c.wait();
        }
    }

    /// Starts the daemon again on the same data. Like a service manager would, it first reaps
    /// the containerd the killed daemon left behind (a live one makes dockerd wait, then fail).
    pub fn restart(&mut self) {
        self.kill9();
        self.reap_containerd();
        self.launch();
    }

    fn reap_containerd(&self) {
        let pattern = format!("{}/exec/containerd", self.dir.display());
        let _ = Command::new("pkill").args(["-9", "-f", &pattern]).status();
        let start = Instant::now();
        while start.elapsed() < Duration::from_secs(5)
            && Command::new("pgrep")
                .args(["-f", &pattern])
                .output()
                .map(|o| !o.stdout.is_empty())
                .unwrap_or(false)
        {
            std::thread::sleep(Duration::from_millis(50));
        }
        // Where PID 1 does not reap orphans, the killed containerd lingers as a zombie that
        // dockerd's pidfile check takes for alive; without the pidfile it starts a new one.
        let _ = std::fs::remove_file(self.dir.join("exec/containerd/containerd.pid"));
    }

    fn stop(&mut self) {
        if let Some(mut c) = self.child.take() {
            let _ = Command::new("kill").arg(c.id().to_string()).status();
            let start = Instant::now();
            while start.elapsed() < Duration::from_secs(10) {
                if let Ok(Some(_)) = c.try_wait() {
                    break;
                }
                std::thread::sleep(Duration::from_millis(50));
            }
            let _ = c.kill();
            let _ = c.wait();
        }
    }
}

impl Drop for PrivateDaemon {
    fn drop(&mut self) {
        self.stop();
        self.reap_containerd();
        let _ = Command::new("ip")
            .args(["link", "del", &self.bridge])
            .status();
        let _ = Command::new("umount")
            .arg("-R")
            .arg(self.dir.join("data"))
            .stderr(Stdio::null())
            .status();
        // TUGBOAT_KEEP_DAEMON_DIRS=1 keeps the folder (and dockerd.log) for a post-mortem.
        if std::env::var_os("TUGBOAT_KEEP_DAEMON_DIRS").is_none() {
            let _ = std::fs::remove_dir_all(&self.dir);
        }
    }
}

/// A unix-socket proxy in front of an engine. It records each connection's request line, and
/// `freeze_existing` makes every connection open so far go silent without closing (a half-open
/// stream), while new connections still pass.
pub struct SocketProxy {
    pub path: PathBuf,
    requests: Arc<Mutex<Vec<String>>>,
    /// Every request line, also the later ones on a kept-alive connection.
    every: Arc<Mutex<Vec<String>>>,
    frozen_upto: Arc<AtomicU64>,
    next_conn: Arc<AtomicU64>,
    task: tokio::task::JoinHandle<()>,
    _dir: tempfile::TempDir,
}

impl SocketProxy {
    pub fn start(upstream: &str) -> SocketProxy {
        let upstream = PathBuf::from(upstream.strip_prefix("unix://").expect("unix:// engine"));
        let dir = tempfile::Builder::new()
            .prefix("tbp")
            .tempdir_in("/tmp")
            .unwrap();
        let path = dir.path().join("proxy.sock");
        let listener = UnixListener::bind(&path).unwrap();
        let requests = Arc::new(Mutex::new(Vec::new()));
        let every = Arc::new(Mutex::new(Vec::new()));
        let frozen_upto = Arc::new(AtomicU64::new(0));
        let next_conn = Arc::new(AtomicU64::new(1));
        let (r, e, f, n) = (
            requests.clone(),
            every.clone(),
            frozen_upto.clone(),
            next_conn.clone(),
        );
        let task = tokio::spawn(async move {
            while let Ok((client, _)) = listener.accept().await {
                let id = n.fetch_add(1, Ordering::SeqCst);
                let (r, e, f, upstream) = (r.clone(), e.clone(), f.clone(), upstream.clone());
                tokio::spawn(async move {
                    if let Ok(server) = UnixStream::connect(&upstream).await {
                        pump_pair(id, client, server, (r, e), f).await;
                    }
                });
            }
        });
        SocketProxy {
            path,
            requests,
            every,
            frozen_upto,
            next_conn,
            task,
            _dir: dir,
        }
    }

    pub fn host(&self) -> String {
        format!("unix://{}", self.path.display())
    }

    /// The first request line of each connection.
    pub fn request_lines(&self) -> Vec<String> {
        self.requests.lock().unwrap().clone()
    }

    /// Every request line sent through the proxy, in order (`GET /v1.41/containers/json HTTP/1.1`).
    pub fn every_request_line(&self) -> Vec<String> {
        self.every.lock().unwrap().clone()
    }

    pub fn freeze_existing(&self) {
        let last = self.next_conn.load(Ordering::SeqCst) - 1;
        self.frozen_upto.store(last, Ordering::SeqCst);
    }
}

impl Drop for SocketProxy {
    fn drop(&mut self) {
        self.task.abort();
    }
}

/// Request lines, recorded as they pass.
type Lines = Arc<Mutex<Vec<String>>>;

async fn pump_pair(
    id: u64,
    client: UnixStream,
    server: UnixStream,
    (requests, every): (Lines, Lines),
    frozen_upto: Arc<AtomicU64>,
) {
    let (mut cr, mut cw) = client.into_split();
    let (mut sr, mut sw) = server.into_split();
    let frozen = move || id <= frozen_upto.load(Ordering::SeqCst);
    let frozen2 = frozen.clone();
    let up = async move {
        let mut buf = vec![0u8; 16 * 1024];
        let mut first = true;
        loop {
            let n = match cr.read(&mut buf).await {
                Ok(0) | Err(_) => break,
                Ok(n) => n,
            };
            let text = String::from_utf8_lossy(&buf[..n]);
            if first {
                first = false;
                if let Some(line) = text.lines().next() {
                    requests.lock().unwrap().push(line.to_owned());
                }
            }
            // A request line: a method, a path, the protocol. (Bodies the app sends are JSON.)
            for line in text.lines() {
                let parts: Vec<&str> = line.split(' ').collect();
                if let [method, path, proto] = parts[..] {
                    if method.chars().all(|c| c.is_ascii_uppercase())
                        && path.starts_with('/')
                        && proto.starts_with("HTTP/1.")
                    {
                        every.lock().unwrap().push(line.to_owned());
                    }
                }
            }
            if sw.write_all(&buf[..n]).await.is_err() {
                break;
            }
        }
    };
    let down = async move {
        let mut buf = vec![0u8; 16 * 1024];
        loop {
            let n = match sr.read(&mut buf).await {
                Ok(0) | Err(_) => break,
                Ok(n) => n,
            };
            if frozen2() {
                // Half-open: keep both sockets, deliver nothing, forever.
                std::future::pending::<()>().await;
            }
            if cw.write_all(&buf[..n]).await.is_err() {
                break;
            }
        }
    };
    tokio::join!(up, down);
}

/// Writes a screenshot where the test run collects them (TUGBOAT_SHOTS), for people to look at.
pub fn save_shot(name: &str, png: &[u8]) {
    if let Ok(dir) = std::env::var("TUGBOAT_SHOTS") {
        let dir = Path::new(&dir);
        let _ = std::fs::create_dir_all(dir);
        if let Ok(mut f) = std::fs::File::create(dir.join(format!("{name}.png"))) {
            let _ = f.write_all(png);
        }
    }
}

/// A unix-socket proxy in front of an engine that can play a misbehaving one: it can leave
/// every `/info` request unanswered (connection open, nothing sent), and it can write events of
/// its own into each `/events` answer, between the engine's. It records every request line.
///
/// It reads HTTP/1.1 as bollard sends it: one request at a time per connection (no
/// pipelining), each starting a fresh read; answers to `/events` are chunked, and injected
/// events go in only between two of the engine's chunks.
pub struct EdgeProxy {
    pub path: PathBuf,
    requests: Arc<Mutex<Vec<String>>>,
    hang_info: Arc<std::sync::atomic::AtomicBool>,
    inject: tokio::sync::broadcast::Sender<Vec<u8>>,
    event_streams: Arc<AtomicU64>,
    task: tokio::task::JoinHandle<()>,
    _dir: tempfile::TempDir,
}

impl EdgeProxy {
    pub fn start(upstream: &str) -> EdgeProxy {
        let upstream = PathBuf::from(upstream.strip_prefix("unix://").expect("unix:// engine"));
        let dir = tempfile::Builder::new()
            .prefix("tbe")
            .tempdir_in("/tmp")
            .unwrap();
        let path = dir.path().join("edge.sock");
        let listener = UnixListener::bind(&path).unwrap();
        let requests = Arc::new(Mutex::new(Vec::new()));
        let hang_info = Arc::new(std::sync::atomic::AtomicBool::new(false));
        let inject = tokio::sync::broadcast::channel(64).0;
        let event_streams = Arc::new(AtomicU64::new(0));
        let shared = EdgeShared {
            requests: requests.clone(),
            hang_info: hang_info.clone(),
            inject: inject.clone(),
            event_streams: event_streams.clone(),
        };
        let task = tokio::spawn(async move {
            while let Ok((client, _)) = listener.accept().await {
                let (shared, upstream) = (shared.clone(), upstream.clone());
                tokio::spawn(async move {
                    if let Ok(server) = UnixStream::connect(&upstream).await {
                        edge_pump(client, server, shared).await;
                    }
                });
            }
        });
        EdgeProxy {
            path,
            requests,
            hang_info,
            inject,
            event_streams,
            task,
            _dir: dir,
        }
    }

    pub fn host(&self) -> String {
        format!("unix://{}", self.path.display())
    }

    /// Every request line seen, in order (`GET /v1.41/info HTTP/1.1`).
    pub fn request_lines(&self) -> Vec<String> {
        self.requests.lock().unwrap().clone()
    }

    /// From now on, `/info` requests get no answer (until turned off; those already hung stay).
    pub fn hang_info(&self, on: bool) {
        self.hang_info.store(on, Ordering::SeqCst);
    }

    /// How many `/events` answers have started (their headers passed through).
    pub fn event_streams(&self) -> u64 {
        self.event_streams.load(Ordering::SeqCst)
    }

    /// Writes one event line (JSON) into every open `/events` answer.
    pub fn inject_event(&self, json: &str) {
        let line = format!("{json}\n");
        let chunk = format!("{:x}\r\n{line}\r\n", line.len()).into_bytes();
        self.inject.send(chunk).expect("an open /events stream");
    }
}

impl Drop for EdgeProxy {
    fn drop(&mut self) {
        self.task.abort();
    }
}

#[derive(Clone)]
struct EdgeShared {
    requests: Arc<Mutex<Vec<String>>>,
    hang_info: Arc<std::sync::atomic::AtomicBool>,
    inject: tokio::sync::broadcast::Sender<Vec<u8>>,
    event_streams: Arc<AtomicU64>,
}

/// Where a chunked HTTP answer stands, to know when a chunk of our own may go in.
#[derive(Default)]
struct ChunkedAnswer {
    head: Vec<u8>,
    head_done: bool,
    size_line: Vec<u8>,
    /// Bytes of the current chunk still to come, its closing CRLF included.
    remaining: usize,
}

impl ChunkedAnswer {
    fn feed(&mut self, mut bytes: &[u8]) {
        while !bytes.is_empty() {
            if !self.head_done {
                self.head.push(bytes[0]);
                bytes = &bytes[1..];
                self.head_done = self.head.ends_with(b"\r\n\r\n");
            } else if self.remaining > 0 {
                let n = self.remaining.min(bytes.len());
                self.remaining -= n;
                bytes = &bytes[n..];
            } else {
                self.size_line.push(bytes[0]);
                bytes = &bytes[1..];
                if self.size_line.ends_with(b"\r\n") {
                    let text = String::from_utf8_lossy(&self.size_line);
                    let size = usize::from_str_radix(text.trim(), 16).unwrap_or(0);
                    self.remaining = size + 2;
                    self.size_line.clear();
                }
            }
        }
    }

    fn between_chunks(&self) -> bool {
        self.head_done && self.remaining == 0 && self.size_line.is_empty()
    }
}

async fn edge_pump(client: UnixStream, server: UnixStream, shared: EdgeShared) {
    let (mut cr, mut cw) = client.into_split();
    let (mut sr, mut sw) = server.into_split();
    let is_events = Arc::new(std::sync::atomic::AtomicBool::new(false));
    let hung = Arc::new(std::sync::atomic::AtomicBool::new(false));
    let (ev, hg, requests, hang_info) = (
        is_events.clone(),
        hung.clone(),
        shared.requests.clone(),
        shared.hang_info.clone(),
    );
    let up = async move {
        let mut buf = vec![0u8; 16 * 1024];
        loop {
            let n = match cr.read(&mut buf).await {
                Ok(0) | Err(_) => break,
                Ok(n) => n,
            };
            let text = String::from_utf8_lossy(&buf[..n]);
            let line = text.lines().next().unwrap_or("").to_owned();
            let path = line.split_whitespace().nth(1).unwrap_or("");
            let is_request = ["GET ", "POST ", "HEAD ", "PUT ", "DELETE "]
                .iter()
                .any(|m| line.starts_with(m));
            if is_request {
                requests.lock().unwrap().push(line.clone());
                let bare = path.split('?').next().unwrap_or("");
                if bare.ends_with("/info") && hang_info.load(Ordering::SeqCst) {
                    // No answer, ever; the connection stays open.
                    hg.store(true, Ordering::SeqCst);
                    std::future::pending::<()>().await;
                }
                if bare.ends_with("/events") {
                    ev.store(true, Ordering::SeqCst);
                }
            }
            if sw.write_all(&buf[..n]).await.is_err() {
                break;
            }
        }
    };
    let down = async move {
        let mut buf = vec![0u8; 16 * 1024];
        let mut answer = ChunkedAnswer::default();
        let mut injected = shared.inject.subscribe();
        let mut counted = false;
        loop {
            let may_inject = is_events.load(Ordering::SeqCst) && answer.between_chunks();
            tokio::select! {
                r = sr.read(&mut buf) => {
                    let n = match r {
                        Ok(0) | Err(_) => break,
                        Ok(n) => n,
                    };
                    if is_events.load(Ordering::SeqCst) {
                        answer.feed(&buf[..n]);
                        if answer.head_done && !counted {
                            counted = true;
                            shared.event_streams.fetch_add(1, Ordering::SeqCst);
                        }
                    }
                    if hung.load(Ordering::SeqCst) {
                        std::future::pending::<()>().await;
                    }
                    if cw.write_all(&buf[..n]).await.is_err() {
                        break;
                    }
                }
                chunk = injected.recv(), if may_inject => {
                    if let Ok(chunk) = chunk {
                        if cw.write_all(&chunk).await.is_err() {
                            break;
                        }
                    }
                }
            }
        }
    };
    tokio::join!(up, down);
}
