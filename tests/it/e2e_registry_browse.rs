//! End to end, browsing the real test registry in the app's Registries view: the app, given a
//! docker config folder logged in to the registry (never ~/.docker), lists the test's
//! repository, its tags as the registry's API lists them, and a tag's manifest with the digest
//! `docker push` printed and the layer sizes of the registry's blobs; plain HTTP is said.

use crate::e2e::{App, LIMIT, ONE_WINDOW};
use crate::registry_browse::{curl, header, json, registry, Pusher};
use crate::support::*;
use std::time::Duration;

fn attr_css(testid: &str, name: &str) -> String {
    format!("[data-testid='{testid}'][data-name='{name}']")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn browse_the_registry_catalog_tags_and_a_manifest() {
    let _window = ONE_WINDOW.lock().await;
    let (host, cli, _labels, _) = TestEngine::start().await.into_parts();
    let pusher = Pusher::new(&cli, "e2e-browse");
    let pushed = pusher.push(&fixture_image(), "one");
    pusher.push(&fixture_image(), "two");

    let app = App::launch_with_env(
        &host,
        &[("DOCKER_CONFIG", pusher.config.path().as_os_str())],
    )
    .await;
    app.wait(&App::css("home-view"), Duration::from_secs(30))
        .await;
    app.click(&App::css("nav-registries")).await;
    app.wait(&App::css("registry-browser"), LIMIT).await;
    let field = app.wait(&App::css("registry-host"), LIMIT).await;
    field.clear().await.unwrap();
    field.send_keys(&registry()).await.unwrap();
    app.click(&App::css("registry-browse")).await;

    let repo = attr_css("registry-repo", &pusher.repository);
    app.wait(&repo, LIMIT).await;
    let plain = app.text("registry-plain-http").await;
    assert!(plain.contains("Plain HTTP"), "{plain}");
    app.click(&repo).await;
    app.wait(&attr_css("registry-tag", "two"), LIMIT).await;
    let mut shown = Vec::new();
    for e in app
        .client()
        .find_all(fantoccini::Locator::Css(&App::css("registry-tag")))
        .await
        .unwrap()
    {
        shown.push(e.attr("data-name").await.unwrap().unwrap());
    }
    shown.sort();
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
    assert_eq!(shown, theirs);

    app.click(&attr_css("registry-tag", "one")).await;
    let digest = app
        .wait_text(&App::css("remote-digest"), "sha256:", LIMIT)
        .await;
    assert_eq!(digest, pushed);
    let command = app.text("registry-command").await;
    assert!(
        command.contains(&format!(
            "docker buildx imagetools inspect {}/{}:one",
            registry(),
            pusher.repository
        )),
        "{command}"
    );
    let mut layers = Vec::new();
    for e in app
        .client()
        .find_all(fantoccini::Locator::Css(&App::css("remote-layer")))
        .await
        .unwrap()
    {
        let digest = e.attr("data-digest").await.unwrap().unwrap();
        let bytes = e.attr("data-bytes").await.unwrap().unwrap();
        layers.push((digest, bytes));
    }
    assert!(!layers.is_empty());
    for (digest, bytes) in &layers {
        let (status, headers, _) = curl(
            "HEAD",
            &format!("/v2/{}/blobs/{digest}", pusher.repository),
            &[],
            None,
        );
        assert_eq!(status, 200, "{headers}");
        assert_eq!(
            header(&headers, "content-length").as_deref(),
            Some(bytes.as_str())
        );
    }
    app.shot("registry-browse").await;
    app.close().await;
}
