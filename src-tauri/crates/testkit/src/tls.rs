//! Certificates made by a test with the system's `openssl` (installed by scripts/install-deps.sh):
//! a CA, a server certificate for 127.0.0.1/localhost, a client certificate, a second CA that
//! signed nothing the server shows, an already expired server certificate and one for another
//! host name. Each lives in a temp folder that goes with the value.

use std::path::{Path, PathBuf};
use std::process::Command;

pub struct Certs {
    dir: tempfile::TempDir,
}

fn openssl(dir: &Path, args: &[&str]) {
    let out = Command::new("openssl")
        .args(args)
        .current_dir(dir)
        .output()
        .expect("openssl must be installed (scripts/install-deps.sh installs it)");
    assert!(
        out.status.success(),
        "openssl {}: {}",
        args.join(" "),
        String::from_utf8_lossy(&out.stderr)
    );
}

impl Certs {
    pub fn make() -> Certs {
        let dir = tempfile::tempdir().expect("temp dir");
        let d = dir.path();
        let ca = |name: &str| {
            openssl(
                d,
                &[
                    "req",
                    "-x509",
                    "-newkey",
                    "rsa:2048",
                    "-nodes",
                    "-days",
                    "2",
                    "-subj",
                    &format!("/CN={name}"),
                    "-keyout",
                    &format!("{name}-key.pem"),
                    "-out",
                    &format!("{name}.pem"),
                ],
            )
        };
        ca("ca");
        ca("other-ca");
        std::fs::write(
            d.join("server.ext"),
            "subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\n",
        )
        .unwrap();
        std::fs::write(
            d.join("elsewhere.ext"),
            "subjectAltName=DNS:engine.example.test\nextendedKeyUsage=serverAuth\n",
        )
        .unwrap();
        std::fs::write(d.join("client.ext"), "extendedKeyUsage=clientAuth\n").unwrap();
        let signed = |name: &str, ext: &str, cn: &str| {
            openssl(
                d,
                &[
                    "req",
                    "-newkey",
                    "rsa:2048",
                    "-nodes",
                    "-subj",
                    &format!("/CN={cn}"),
                    "-keyout",
                    &format!("{name}-key.pem"),
                    "-out",
                    &format!("{name}.csr"),
                ],
            );
            openssl(
                d,
                &[
                    "x509",
                    "-req",
                    "-in",
                    &format!("{name}.csr"),
                    "-CA",
                    "ca.pem",
                    "-CAkey",
                    "ca-key.pem",
                    "-set_serial",
                    "0x1",
                    "-days",
                    "2",
                    "-extfile",
                    ext,
                    "-out",
                    &format!("{name}.pem"),
                ],
            );
        };
        signed("server", "server.ext", "127.0.0.1");
        signed("client", "client.ext", "tugboat-test-client");
        signed("elsewhere", "elsewhere.ext", "engine.example.test");
        // Expired: `openssl ca` is the one tool in OpenSSL 3.0 that sets dates in the past.
        std::fs::write(d.join("index.txt"), "").unwrap();
        std::fs::write(d.join("serial"), "1000\n").unwrap();
        std::fs::write(
            d.join("ca.cnf"),
            format!(
                "[ca]\ndefault_ca=tb\n[tb]\ndatabase={0}/index.txt\nnew_certs_dir={0}\n\
                 serial={0}/serial\ndefault_md=sha256\npolicy=any\nunique_subject=no\n\
                 [any]\ncommonName=supplied\n",
                d.display()
            ),
        )
        .unwrap();
        openssl(
            d,
            &[
                "req",
                "-newkey",
                "rsa:2048",
                "-nodes",
                "-subj",
                "/CN=127.0.0.1",
                "-keyout",
                "expired-key.pem",
                "-out",
                "expired.csr",
            ],
        );
        openssl(
            d,
            &[
                "ca",
                "-batch",
                "-config",
                "ca.cnf",
                "-cert",
                "ca.pem",
                "-keyfile",
                "ca-key.pem",
                "-in",
                "expired.csr",
                "-out",
                "expired.pem",
                "-notext",
                "-startdate",
                "20200101000000Z",
                "-enddate",
                "20210101000000Z",
                "-extfile",
                "server.ext",
            ],
        );
        Certs { dir }
    }

    pub fn path(&self, file: &str) -> PathBuf {
        self.dir.path().join(file)
    }

    /// A folder laid out as `DOCKER_CERT_PATH` wants it (ca.pem, cert.pem, key.pem), trusting
    /// `ca` ("ca" or "other-ca").
    pub fn cert_path(&self, ca: &str) -> PathBuf {
        let out = self.dir.path().join(format!("certpath-{ca}"));
        std::fs::create_dir_all(&out).unwrap();
        std::fs::copy(self.path(&format!("{ca}.pem")), out.join("ca.pem")).unwrap();
        std::fs::copy(self.path("client.pem"), out.join("cert.pem")).unwrap();
        std::fs::copy(self.path("client-key.pem"), out.join("key.pem")).unwrap();
        out
    }

    /// dockerd's arguments to require TLS with client certificates on `tcp://127.0.0.1:port`.
    pub fn dockerd_args(&self, port: u16) -> Vec<String> {
        vec![
            "--tlsverify".into(),
            format!("--tlscacert={}", self.path("ca.pem").display()),
            format!("--tlscert={}", self.path("server.pem").display()),
            format!("--tlskey={}", self.path("server-key.pem").display()),
            "--host".into(),
            format!("tcp://127.0.0.1:{port}"),
        ]
    }
}

/// A loopback TCP port free at the time of asking.
pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free loopback port")
}

/// `openssl s_server` showing `cert` on a loopback port: a TLS endpoint whose certificate is
/// the point of the test (expired, another host's), so no second dockerd is needed for it.
pub struct TlsServer {
    child: std::process::Child,
    pub port: u16,
}

impl TlsServer {
    pub fn start(certs: &Certs, cert: &str) -> TlsServer {
        let port = free_port();
        let child = Command::new("openssl")
            .args(["s_server", "-quiet", "-accept"])
            .arg(format!("127.0.0.1:{port}"))
            .arg("-cert")
            .arg(certs.path(&format!("{cert}.pem")))
            .arg("-key")
            .arg(certs.path(&format!("{cert}-key.pem")))
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .expect("openssl s_server");
        let start = std::time::Instant::now();
        while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(
                start.elapsed() < std::time::Duration::from_secs(20),
                "openssl s_server did not listen on {port}"
            );
            std::thread::sleep(std::time::Duration::from_millis(50));
        }
        TlsServer { child, port }
    }
}

impl Drop for TlsServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
