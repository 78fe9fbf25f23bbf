//! The swarm test engine, and taking turns on it.
//!
//! Swarm mode is a whole-engine state: a test that inits a swarm changes what every other test
//! on that engine sees (new networks, services, a node), and a test that leaves it ends every
//! other test's services. So swarm tests never run on the shared test engine: they use a second
//! private engine (`TUGBOAT_TEST_SWARM_HOST`, started by scripts/test-swarm-engine.sh), one test
//! at a time across every test process, through a [`SwarmLease`] (an OS file lock, so tests in
//! other binaries and other checkouts on this machine wait too).

use crate::engine::Cli;
use std::fs::File;

/// The engine swarm tests run against. Never optional: a missing engine fails the test.
pub fn swarm_host() -> String {
    std::env::var("TUGBOAT_TEST_SWARM_HOST").unwrap_or_else(|_| {
        panic!(
            "TUGBOAT_TEST_SWARM_HOST is not set. Run the tests through scripts/test.sh, which \
             starts the swarm test engine (scripts/test-swarm-engine.sh); tests do not skip \
             when it is missing."
        )
    })
}

/// One test's turn on the swarm test engine. While it is held no other lease exists for the
/// same engine; when it is dropped the engine leaves any swarm (`docker swarm leave --force`,
/// which also ends the swarm's services, secrets and configs), so the next test starts plain.
pub struct SwarmLease {
    cli: Cli,
    host: String,
    _lock: File,
}

impl SwarmLease {
    /// Waits for the turn and hands over the engine outside any swarm (a swarm left behind by
    /// a test that crashed is left first): for tests that init the swarm themselves.
    pub fn plain() -> SwarmLease {
        let host = swarm_host();
        let lock = lock_file(&host);
        // Blocks until every other lease on this engine is dropped, in any process.
        lock.lock().expect("lock the swarm test engine");
        let cli = Cli::new(&host);
        let lease = SwarmLease {
            cli,
            host,
            _lock: lock,
        };
        lease.leave();
        lease
    }

    /// Waits for the turn and makes the engine a single-node swarm, advertising 127.0.0.1.
    pub fn single_node() -> SwarmLease {
        let lease = SwarmLease::plain();
        lease
            .cli
            .run(&["swarm", "init", "--advertise-addr", "127.0.0.1"]);
        lease
    }

    /// Waits for the turn without blocking the async runtime's thread.
    pub async fn plain_async() -> SwarmLease {
        tokio::task::spawn_blocking(SwarmLease::plain)
            .await
            .expect("swarm lease")
    }

    /// As [`SwarmLease::single_node`], without blocking the async runtime's thread.
    pub async fn single_node_async() -> SwarmLease {
        tokio::task::spawn_blocking(SwarmLease::single_node)
            .await
            .expect("swarm lease")
    }

    /// `unix:///…` of the swarm test engine, for `DOCKER_HOST` or `Engine::connect`.
    pub fn host(&self) -> &str {
        &self.host
    }

    /// The docker CLI pointed at the swarm test engine.
    pub fn cli(&self) -> &Cli {
        &self.cli
    }

    /// `docker info`'s swarm state: `inactive`, `active`, `pending`, `error` or `locked`.
    pub fn state(&self) -> String {
        self.cli
            .run(&["info", "--format", "{{.Swarm.LocalNodeState}}"])
            .trim()
            .to_owned()
    }

    fn leave(&self) {
        if self.state() != "inactive" {
            // Errors are looked at through the state below, not the CLI's words.
            let _ = self.cli.try_run(&["swarm", "leave", "--force"]);
        }
        assert_eq!(
            self.state(),
            "inactive",
            "the swarm test engine is still in a swarm"
        );
    }
}

impl Drop for SwarmLease {
    fn drop(&mut self) {
        if self.state() != "inactive" {
            let _ = self.cli.try_run(&["swarm", "leave", "--force"]);
        }
    }
}

/// One lock file per engine host, so leases on different engines never wait on each other.
fn lock_file(host: &str) -> File {
    let name: String = host
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
        .collect();
    let path = std::env::temp_dir().join(format!("tugboat-swarm-lease-{name}.lock"));
    File::options()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&path)
        .unwrap_or_else(|e| panic!("open {}: {e}", path.display()))
}
