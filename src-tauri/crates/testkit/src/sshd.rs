//! A private OpenSSH server on a loopback port for `ssh://` engine tests: its own host key,
//! its own authorized key, and `DOCKER_HOST` set for every session so the remote
//! `docker system dial-stdio` reaches the test engine. Nothing of the user's `~/.ssh` is read
//! or written: the client side is a config file (for `TUGBOAT_SSH_CONFIG`) naming the test's
//! key and a known_hosts file in the server's temp dir.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// A running `sshd -D` of the test's own; stopped on drop.
pub struct Sshd {
    child: Child,
    port: u16,
    dir: tempfile::TempDir,
}

fn keygen(path: &Path) {
    let ok = Command::new("ssh-keygen")
        .args(["-q", "-t", "ed25519", "-N", "", "-f"])
        .arg(path)
        .status()
        .expect("ssh-keygen runs")
        .success();
    assert!(ok, "ssh-keygen made {}", path.display());
}

impl Sshd {
    /// An sshd whose sessions have `DOCKER_HOST=<docker_host>`.
    pub fn start(docker_host: &str) -> Sshd {
        Sshd::start_with_env(&[("DOCKER_HOST", docker_host)])
    }

    /// An sshd whose sessions get `env` (sshd's `SetEnv`), e.g. a PATH without docker.
    pub fn start_with_env(env: &[(&str, &str)]) -> Sshd {
        let sshd = Path::new("/usr/sbin/sshd");
        assert!(
            sshd.exists(),
            "/usr/sbin/sshd is missing: install openssh-server (scripts/install-deps.sh)"
        );
        // sshd insists on its privilege-separation directory.
        std::fs::create_dir_all("/run/sshd").expect("/run/sshd");
        let dir = tempfile::tempdir().expect("temp dir");
        let d = dir.path();
        keygen(&d.join("host_key"));
        keygen(&d.join("client_key"));
        keygen(&d.join("stranger_key"));
        std::fs::copy(d.join("client_key.pub"), d.join("authorized_keys")).expect("authorized");
        let port = crate::tls::free_port();
        let set_env: Vec<String> = env.iter().map(|(k, v)| format!("{k}={v}")).collect();
        let config = format!(
            "Port {port}\nListenAddress 127.0.0.1\nHostKey {d}/host_key\n\
             AuthorizedKeysFile {d}/authorized_keys\nPermitRootLogin prohibit-password\n\
             PasswordAuthentication no\nKbdInteractiveAuthentication no\nUsePAM no\n\
             StrictModes no\nPidFile {d}/sshd.pid\nSetEnv {}\n",
            set_env.join(" "),
            d = d.display()
        );
        std::fs::write(d.join("sshd_config"), config).expect("sshd_config");
        // The client: the test's key only (no agent), known hosts in the temp dir, the new
        // host key taken on first sight. `stranger` is the same server dialled with a key
        // it does not know (IdentityFile adds up across matching blocks, so the test's key
        // is named only for 127.0.0.1).
        let client = format!(
            "Host stranger\n  HostName 127.0.0.1\n  IdentityFile {d}/stranger_key\n\n\
             Host 127.0.0.1\n  IdentityFile {d}/client_key\n\n\
             Host *\n  IdentitiesOnly yes\n  IdentityAgent none\n\
             \x20 UserKnownHostsFile {d}/known_hosts\n  GlobalKnownHostsFile /dev/null\n\
             \x20 StrictHostKeyChecking accept-new\n",
            d = d.display()
        );
        std::fs::write(d.join("ssh_config"), client).expect("ssh_config");
        let child = Command::new(sshd)
            .args(["-D", "-e", "-f"])
            .arg(d.join("sshd_config"))
            .stdout(Stdio::null())
            .stderr(std::fs::File::create(d.join("sshd.log")).expect("sshd.log"))
            .spawn()
            .expect("sshd starts");
        let server = Sshd { child, port, dir };
        let deadline = Instant::now() + Duration::from_secs(15);
        while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(
                Instant::now() < deadline,
                "sshd did not listen on {port}: {}",
                std::fs::read_to_string(server.dir.path().join("sshd.log")).unwrap_or_default()
            );
            std::thread::sleep(Duration::from_millis(50));
        }
        server
    }

    pub fn port(&self) -> u16 {
        self.port
    }

    /// `ssh://root@127.0.0.1:PORT`.
    pub fn host(&self) -> String {
        format!("ssh://root@127.0.0.1:{}", self.port)
    }

    /// The same server, dialled with a key it does not hold (`Host stranger` in the config).
    pub fn stranger_host(&self) -> String {
        format!("ssh://root@stranger:{}", self.port)
    }

    /// The client config file to give as `TUGBOAT_SSH_CONFIG` (or `ssh -F`).
    pub fn client_config(&self) -> PathBuf {
        self.dir.path().join("ssh_config")
    }
}

impl Drop for Sshd {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
