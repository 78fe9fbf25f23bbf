//! The test engine and its docker CLI, uniquely named and labelled objects with cleanup, and
//! private daemons a test may kill.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};
use tugboat_engine::Engine;

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

/// The registry tutorial's `registry:2` for machines that cannot pull it: scripts/test-engine.sh
/// builds it on the test engine from this machine's docker-registry.
pub fn registry_fixture() -> String {
    "tugboat-fixture/registry:2".into()
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

    /// `docker create --name <name> --label <this label> <options…> <fixture image> <command…>`,
    /// returning the new container's id.
    pub fn create(&self, name: &str, options: &[&str], command: &[&str]) -> String {
        let label = self.label_arg();
        let image = fixture_image();
        let mut args = vec!["create", "--name", name, "--label", &label];
        args.extend_from_slice(options);
        args.push(&image);
        args.extend_from_slice(command);
        self.cli.run(&args)
    }
}

impl Labelled {
    /// `docker volume create --label <this label> <name>`.
    pub fn volume(&self, name: &str) -> String {
        self.cli
            .run(&["volume", "create", "--label", &self.label_arg(), name])
    }
}

/// What most tests start with: the shared test engine's address, its CLI, a label for this
/// test's objects (removed when `labels` is dropped) and a connected engine client.
/// Destructure it: `let TestEngine { host, cli, labels, engine } = TestEngine::start().await;`
pub struct TestEngine {
    pub host: String,
    pub cli: Cli,
    pub labels: Labelled,
    pub engine: Engine,
}

impl TestEngine {
    pub async fn start() -> TestEngine {
        let host = test_host();
        let cli = Cli::new(&host);
        let labels = Labelled::new(&cli);
        let engine = Engine::connect(&host)
            .await
            .unwrap_or_else(|e| panic!("the test engine at {host} answers: {e}"));
        TestEngine {
            host,
            cli,
            labels,
            engine,
        }
    }

    /// The fixture's parts, for a one-line `let (host, cli, labels, engine) = …` (a part a
    /// test does not use is `_`; the labels, which clean up, are always kept).
    pub fn into_parts(self) -> (String, Cli, Labelled, Engine) {
        (self.host, self.cli, self.labels, self.engine)
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
    /// More dockerd arguments, e.g. a TLS listener besides the unix socket.
    extra: Vec<String>,
}

impl PrivateDaemon {
    pub fn start() -> PrivateDaemon {
        Self::start_with_args(Vec::new())
    }

    /// Starts a daemon with more arguments (e.g. `--tlsverify … -H tcp://127.0.0.1:p`); it still
    /// listens on its own unix socket too, which the test's CLI uses.
    pub fn start_with_args(extra: Vec<String>) -> PrivateDaemon {
        let dir = PathBuf::from(format!(
            "/tmp/tbd-{}",
            &uuid::Uuid::new_v4().simple().to_string()[..8]
        ));
        let socket = dir.join("docker.sock");
        Self::start_at_with_args(dir, socket, extra)
    }

    /// Starts a daemon listening on `socket` (its folder is created).
    pub fn start_at(dir: PathBuf, socket: PathBuf) -> PrivateDaemon {
        Self::start_at_with_args(dir, socket, Vec::new())
    }

    fn start_at_with_args(dir: PathBuf, socket: PathBuf, extra: Vec<String>) -> PrivateDaemon {
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
            extra,
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
        self.load_image(&fixture_image());
    }

    /// Copies an image from the test engine.
    pub fn load_image(&self, reference: &str) {
        let mut save = Command::new("docker")
            .args(["save", reference])
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
        assert!(save.wait().unwrap().success(), "docker save {reference}");
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
            .args(&self.extra)
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
            // A daemon restoring tens of thousands of containers (the scale bench) takes a
            // while before it answers.
            if start.elapsed() > Duration::from_secs(180) {
                let log = std::fs::read_to_string(self.dir.join("dockerd.log")).unwrap_or_default();
                panic!("private dockerd did not start:\n{log}");
            }
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    /// The daemon's folder (its `data` and `exec` roots are inside).
    pub fn dir(&self) -> &std::path::Path {
        &self.dir
    }

    /// Stops the daemon cleanly, lets `edit` change its data root (`<dir>/data`) while it is
    /// down, and starts it again on it.
    pub fn edit_while_stopped(&mut self, edit: impl FnOnce(&std::path::Path)) {
        self.stop();
        self.reap_containerd();
        edit(&self.dir.join("data"));
        self.launch();
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
