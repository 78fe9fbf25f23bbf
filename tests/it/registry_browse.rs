//! Browsing the real test registry (htpasswd auth, plain HTTP on localhost) through
//! `registry::api`: the catalog and tags equal what the registry's API gives curl, a manifest's
//! digest is what `docker push` printed and its layer sizes are the blobs' sizes, a composed
//! multi-platform list shows both platforms, deleting a tag lists every tag on its digest and
//! then they are gone, wrong or missing credentials are a 401, and plain HTTP is used only
//! where the engine allows it. Every repository is `it/<unique>`; nothing else is touched.

use crate::support::*;
use std::io::Write;
use std::process::{Command, Stdio};
use tugboat_engine::registry::api::{PlainHttpPolicy, RegistryClient, RegistryError};
use tugboat_engine::registry::{DockerConfig, RegistryCredentials};

pub(crate) fn registry() -> String {
    std::env::var("TUGBOAT_TEST_REGISTRY")
        .expect("TUGBOAT_TEST_REGISTRY (the test command starts one)")
}

fn user() -> (String, String) {
    (
        std::env::var("TUGBOAT_TEST_REGISTRY_USER").expect("TUGBOAT_TEST_REGISTRY_USER"),
        std::env::var("TUGBOAT_TEST_REGISTRY_PASSWORD").expect("TUGBOAT_TEST_REGISTRY_PASSWORD"),
    )
}

/// curl against the registry with the test account: (status, headers, body).
pub(crate) fn curl(
    method: &str,
    path: &str,
    extra: &[&str],
    stdin: Option<&[u8]>,
) -> (u16, String, Vec<u8>) {
    let (u, p) = user();
    let url = format!("http://{}{path}", registry());
    let dir = tempfile::tempdir().unwrap();
    let headers = dir.path().join("h");
    let mut cmd = Command::new("curl");
    cmd.args(["-s", "-X", method, "-u", &format!("{u}:{p}"), "-D"])
        .arg(&headers)
        .args(extra)
        .arg(&url)
        .stdout(Stdio::piped())
        .stdin(if stdin.is_some() {
            Stdio::piped()
        } else {
            Stdio::null()
        });
    if method == "HEAD" {
        cmd.arg("-I");
    }
    let mut child = cmd.spawn().expect("curl runs");
    if let Some(body) = stdin {
        child.stdin.take().unwrap().write_all(body).unwrap();
    }
    let out = child.wait_with_output().unwrap();
    let headers = std::fs::read_to_string(headers).unwrap_or_default();
    let status = headers
        .lines()
        .rev()
        .find(|l| l.starts_with("HTTP/"))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    (status, headers, out.stdout)
}

pub(crate) fn header(headers: &str, name: &str) -> Option<String> {
    headers.lines().find_map(|l| {
        let (k, v) = l.split_once(':')?;
        k.trim()
            .eq_ignore_ascii_case(name)
            .then(|| v.trim().to_owned())
    })
}

pub(crate) fn json(body: &[u8]) -> serde_json::Value {
    serde_json::from_slice(body)
        .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(body)))
}

/// A docker CLI logged in to the test registry with a config folder of its own (never
/// ~/.docker), and the test's repository; removes the local tags it made when dropped.
pub(crate) struct Pusher {
    cli: Cli,
    pub(crate) config: tempfile::TempDir,
    pub(crate) repository: String,
    local: std::cell::RefCell<Vec<String>>,
}

impl Pusher {
    pub(crate) fn new(cli: &Cli, what: &str) -> Pusher {
        let config = tempfile::tempdir().unwrap();
        let (u, p) = user();
        let mut login = Command::new("docker")
            .arg("--config")
            .arg(config.path())
            .args(["login", "-u", &u, "--password-stdin", &registry()])
            .env("DOCKER_HOST", &cli.host)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        login.stdin.take().unwrap().write_all(p.as_bytes()).unwrap();
        let out = login.wait_with_output().unwrap();
        assert!(
            out.status.success(),
            "docker login: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        Pusher {
            cli: cli.clone(),
            config,
            repository: format!("it/{}", unique(what)),
            local: Default::default(),
        }
    }

    fn docker(&self, args: &[&str]) -> String {
        let out = Command::new("docker")
            .arg("--config")
            .arg(self.config.path())
            .args(args)
            .env("DOCKER_HOST", &self.cli.host)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "docker {args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    /// Tags `image` as `<registry>/<repository>:<tag>`, pushes it, and gives the digest the
    /// push printed.
    pub(crate) fn push(&self, image: &str, tag: &str) -> String {
        let target = format!("{}/{}:{tag}", registry(), self.repository);
        self.docker(&["tag", image, &target]);
        self.local.borrow_mut().push(target.clone());
        let out = self.docker(&["push", &target]);
        let line = out
            .lines()
            .find(|l| l.starts_with(&format!("{tag}: digest: ")))
            .unwrap_or_else(|| panic!("no digest line in {out}"));
        line.split_whitespace().nth(2).unwrap().to_owned()
    }

    fn config(&self) -> DockerConfig {
        DockerConfig::at(self.config.path())
    }
}

impl Drop for Pusher {
    fn drop(&mut self) {
        for t in self.local.borrow().iter() {
            let _ = self.cli.try_run(&["rmi", t]);
        }
    }
}

/// A second image, different from the fixture (its own config), made by committing a labelled
/// container; removed locally when the test's labels are dropped (by its tag, in `Pusher`).
fn other_image(labels: &Labelled, pusher: &Pusher) -> String {
    let name = unique("browse-src");
    labels.create(&name, &[], &["true"]);
    let image = format!("{}-other:1", unique("browse"));
    labels
        .cli
        .run(&["commit", "--change", "ENV TUGBOAT_OTHER=1", &name, &image]);
    pusher.local.borrow_mut().push(image.clone());
    image
}

async fn client(engine: &tugboat_engine::Engine, pusher: &Pusher) -> RegistryClient {
    let policy = engine.plain_http_policy().await.unwrap();
    RegistryClient::connect_with_config(&registry(), &policy, &pusher.config())
        .await
        .unwrap()
}

#[tokio::test]
async fn catalog_and_tags_equal_the_registrys_own_api() {
    let (_, cli, _labels, engine) = TestEngine::start().await.into_parts();
    let pusher = Pusher::new(&cli, "browse-list");
    for tag in ["a", "b", "c"] {
        pusher.push(&fixture_image(), tag);
    }
    let client = client(&engine, &pusher).await;
    let access = client.access();
    assert!(access.plain_http, "{access:?}");
    assert!(access
        .plain_http_reason
        .as_deref()
        .unwrap()
        .contains("insecure-registries"));
    assert_eq!(access.username.as_deref(), Some(user().0.as_str()));

    let catalog = client.catalog().await.unwrap();
    assert!(catalog.complete);
    // The registry's own catalog, page by page as its Link headers lead.
    let mut theirs: Vec<String> = Vec::new();
    let mut next = Some("/v2/_catalog?n=1000".to_owned());
    while let Some(path) = next.take() {
        let (status, headers, body) = curl("GET", &path, &[], None);
        assert_eq!(status, 200, "{headers}");
        theirs.extend(
            json(&body)["repositories"]
                .as_array()
                .unwrap()
                .iter()
                .map(|v| v.as_str().unwrap().to_owned()),
        );
        next = header(&headers, "link").map(|l| {
            l.trim_start_matches('<')
                .split('>')
                .next()
                .unwrap()
                .to_owned()
        });
    }
    // Other tests push at the same time: compare this test's repositories only.
    let mine = |l: &[String]| -> Vec<String> {
        l.iter()
            .filter(|r| **r == pusher.repository)
            .cloned()
            .collect()
    };
    assert_eq!(mine(&catalog.repositories), vec![pusher.repository.clone()]);
    assert_eq!(mine(&catalog.repositories), mine(&theirs));

    let (status, _, body) = curl(
        "GET",
        &format!("/v2/{}/tags/list", pusher.repository),
        &[],
        None,
    );
    assert_eq!(status, 200);
    let mut theirs: Vec<String> = json(&body)["tags"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap().to_owned())
        .collect();
    theirs.sort();
    let mut tags = client.tags(&pusher.repository, 100).await.unwrap();
    tags.tags.sort();
    assert_eq!(tags.tags, theirs);
    assert_eq!(theirs, ["a", "b", "c"]);
    assert!(tags.complete);

    // One name a page: the catalog's pages are followed through the Link header (this
    // registry ignores `n` on tags lists, so the catalog is where paging shows).
    let paged = client.catalog_in_pages(1, 100_000).await.unwrap();
    assert!(paged.complete);
    assert!(paged.repositories.contains(&pusher.repository));
    assert!(paged.repositories.len() > 1 || theirs.len() == 1);
    let mut sorted = paged.repositories.clone();
    sorted.sort();
    sorted.dedup();
    assert_eq!(sorted.len(), paged.repositories.len(), "no page read twice");
    let cut = client.tags(&pusher.repository, 2).await.unwrap();
    assert_eq!(cut.tags.len(), 2);
    assert!(!cut.complete, "a list cut at the limit says so");

    let missing = client.tags("it/no-such-repository-here", 10).await;
    assert!(
        matches!(missing, Err(RegistryError::NotFound(_))),
        "{missing:?}"
    );
}

#[tokio::test]
async fn a_manifest_has_the_pushed_digest_and_the_blobs_sizes() {
    let (_, cli, _labels, engine) = TestEngine::start().await.into_parts();
    let pusher = Pusher::new(&cli, "browse-manifest");
    let pushed = pusher.push(&fixture_image(), "v1");
    let client = client(&engine, &pusher).await;
    let m = client.manifest(&pusher.repository, "v1").await.unwrap();
    assert_eq!(m.digest, pushed);
    assert!(!m.multi_platform);
    assert_eq!(m.platforms.len(), 1);
    let p = &m.platforms[0];
    assert_eq!(p.digest, pushed);
    assert_eq!(p.os, "linux");
    let arch = cli.run(&[
        "image",
        "inspect",
        "-f",
        "{{.Architecture}}",
        &fixture_image(),
    ]);
    assert_eq!(p.architecture, arch);
    assert!(p.created.is_some());
    assert!(!p.layers.is_empty());
    let mut total = 0.0;
    for layer in &p.layers {
        let (status, headers, _) = curl(
            "HEAD",
            &format!("/v2/{}/blobs/{}", pusher.repository, layer.digest),
            &[],
            None,
        );
        assert_eq!(status, 200, "{headers}");
        let len: f64 = header(&headers, "content-length").unwrap().parse().unwrap();
        assert_eq!(layer.size, len, "{}", layer.digest);
        total += len;
    }
    assert_eq!(p.compressed_size, total);

    // By digest, the same manifest.
    let by_digest = client.manifest(&pusher.repository, &pushed).await.unwrap();
    assert_eq!(by_digest.digest, pushed);
    assert_eq!(by_digest.platforms[0].layers, p.layers);
}

#[tokio::test]
async fn a_composed_list_shows_both_platforms() {
    let (_, cli, labels, engine) = TestEngine::start().await.into_parts();
    let pusher = Pusher::new(&cli, "browse-index");
    let first = pusher.push(&fixture_image(), "amd");
    let other = other_image(&labels, &pusher);
    let second = pusher.push(&other, "arm");
    assert_ne!(first, second);
    let child = |digest: &str| {
        let (status, _, body) = curl(
            "GET",
            &format!("/v2/{}/manifests/{digest}", pusher.repository),
            &[
                "-H",
                "Accept: application/vnd.docker.distribution.manifest.v2+json",
            ],
            None,
        );
        assert_eq!(status, 200);
        body.len()
    };
    // The platform of each entry is what the list says; the two images stand for two builds.
    let list = serde_json::json!({
        "schemaVersion": 2,
        "mediaType": "application/vnd.docker.distribution.manifest.list.v2+json",
        "manifests": [
            {"mediaType": "application/vnd.docker.distribution.manifest.v2+json", "digest": first,
             "size": child(&first), "platform": {"os": "linux", "architecture": "amd64"}},
            {"mediaType": "application/vnd.docker.distribution.manifest.v2+json", "digest": second,
             "size": child(&second), "platform": {"os": "linux", "architecture": "arm64", "variant": "v8"}},
        ]
    });
    let (status, headers, body) = curl(
        "PUT",
        &format!("/v2/{}/manifests/multi", pusher.repository),
        &[
            "-H",
            "Content-Type: application/vnd.docker.distribution.manifest.list.v2+json",
            "--data-binary",
            "@-",
        ],
        Some(list.to_string().as_bytes()),
    );
    assert_eq!(status, 201, "{headers}{}", String::from_utf8_lossy(&body));
    let list_digest = header(&headers, "docker-content-digest").unwrap();

    let client = client(&engine, &pusher).await;
    let m = client.manifest(&pusher.repository, "multi").await.unwrap();
    assert!(m.multi_platform);
    assert_eq!(m.digest, list_digest);
    let platforms: Vec<(String, String, Option<String>, String)> = m
        .platforms
        .iter()
        .map(|p| {
            (
                p.os.clone(),
                p.architecture.clone(),
                p.variant.clone(),
                p.digest.clone(),
            )
        })
        .collect();
    assert_eq!(
        platforms,
        [
            ("linux".into(), "amd64".into(), None, first.clone()),
            (
                "linux".into(),
                "arm64".into(),
                Some("v8".into()),
                second.clone()
            ),
        ]
    );
    let single = client.manifest(&pusher.repository, "amd").await.unwrap();
    assert_eq!(m.platforms[0].layers, single.platforms[0].layers);
    assert!(m
        .platforms
        .iter()
        .all(|p| !p.layers.is_empty() && p.unread.is_none()));
}

#[tokio::test]
async fn deleting_a_tag_lists_every_tag_on_its_digest_then_they_are_gone() {
    let (_, cli, labels, engine) = TestEngine::start().await.into_parts();
    let pusher = Pusher::new(&cli, "browse-delete");
    let digest = pusher.push(&fixture_image(), "old");
    assert_eq!(pusher.push(&fixture_image(), "same"), digest);
    let other = other_image(&labels, &pusher);
    let kept = pusher.push(&other, "keep");
    assert_ne!(kept, digest);

    let client = client(&engine, &pusher).await;
    let preview = client
        .delete_preview(&pusher.repository, "old")
        .await
        .unwrap();
    assert_eq!(preview.digest, digest);
    assert_eq!(preview.tags, ["old", "same"]);
    assert!(preview.complete);

    // A digest other than the one shown deletes nothing.
    let refused = client.delete_tag(&pusher.repository, "old", &kept).await;
    assert!(
        matches!(refused, Err(RegistryError::Changed(_))),
        "{refused:?}"
    );
    assert_eq!(
        client
            .tags(&pusher.repository, 100)
            .await
            .unwrap()
            .tags
            .len(),
        3
    );

    client
        .delete_tag(&pusher.repository, "old", &preview.digest)
        .await
        .unwrap();
    let (status, _, body) = curl(
        "GET",
        &format!("/v2/{}/tags/list", pusher.repository),
        &[],
        None,
    );
    assert_eq!(status, 200);
    assert_eq!(json(&body)["tags"], serde_json::json!(["keep"]));
    assert_eq!(
        client.tags(&pusher.repository, 100).await.unwrap().tags,
        ["keep"]
    );
    let gone = client.manifest(&pusher.repository, "old").await;
    assert!(matches!(gone, Err(RegistryError::NotFound(_))), "{gone:?}");
}

#[tokio::test]
async fn wrong_or_missing_credentials_are_a_401() {
    let (_, _cli, _labels, engine) = TestEngine::start().await.into_parts();
    let policy = engine.plain_http_policy().await.unwrap();
    let wrong = RegistryCredentials {
        server: registry(),
        username: user().0,
        secret: "not-the-password".into(),
        identity_token: false,
    };
    let client = RegistryClient::connect(&registry(), &policy, Some(wrong))
        .await
        .unwrap();
    let e = client.catalog().await.unwrap_err();
    assert!(matches!(e, RegistryError::Unauthorized(_)), "{e:?}");

    let empty = tempfile::tempdir().unwrap();
    let anonymous =
        RegistryClient::connect_with_config(&registry(), &policy, &DockerConfig::at(empty.path()))
            .await
            .unwrap();
    assert_eq!(anonymous.access().username, None);
    let e = anonymous.tags("it/anything", 10).await.unwrap_err();
    assert!(matches!(e, RegistryError::Unauthorized(_)), "{e:?}");
}

#[tokio::test]
async fn plain_http_only_where_the_engine_allows_it() {
    let (_, _cli, _labels, engine) = TestEngine::start().await.into_parts();
    // The engine's own list always holds 127.0.0.0/8: localhost is allowed.
    let policy = engine.plain_http_policy().await.unwrap();
    assert!(policy.allows(&registry()).await.is_some());
    // With nothing allowed, the HTTPS failure is the answer: no silent plain HTTP.
    let none = PlainHttpPolicy::default();
    let e = RegistryClient::connect(&registry(), &none, None)
        .await
        .unwrap_err();
    assert!(matches!(e, RegistryError::Tls(_)), "{e:?}");
    assert!(e.to_string().contains("plain HTTP"), "{e}");
    // Nothing listens: unreachable, not a TLS problem.
    let e = RegistryClient::connect("127.0.0.1:1", &policy, None)
        .await
        .unwrap_err();
    assert!(matches!(e, RegistryError::Unreachable(_)), "{e:?}");
}
