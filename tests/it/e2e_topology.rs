//! End to end, the Network map and Ports sections: the real app, the real engine, checked with
//! the CLI.

use crate::e2e::{LIMIT, ONE_WINDOW};
use crate::pages::*;
use crate::support::*;
use std::time::Duration;

/// A network this test made, removed (after this test's containers) when the test ends.
struct TestNetwork(Labelled, String);

impl Drop for TestNetwork {
    fn drop(&mut self) {
        let filter = format!("label={}", self.0.label_arg());
        if let Ok(ids) = self.0.cli.try_run(&["ps", "-aq", "--filter", &filter]) {
            for id in ids.lines().filter(|l| !l.is_empty()) {
                let _ = self.0.cli.try_run(&["rm", "-fv", id]);
            }
        }
        let _ = self.0.cli.try_run(&["network", "rm", &self.1]);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_map_shows_a_user_network_and_a_reaches_b_by_name() {
    let _window = ONE_WINDOW.lock().await;
    let (host, cli, labels, _) = TestEngine::start().await.into_parts();
    let net = unique("e2e-net");
    cli.run(&["network", "create", "--label", &labels.label_arg(), &net]);
    let labels = TestNetwork(labels, net.clone());
    let a = unique("e2e-a");
    let b = unique("e2e-b");
    labels
        .0
        .run_detached(&a, &["--network", &net], &["sleep", "600"]);
    labels.0.run_detached(
        &b,
        &["--network", &net, "-p", "127.0.0.1::80"],
        &["sleep", "600"],
    );

    let app = NetworkMap::open(&host).await;
    NetworkMap::filter(&app, &net).await;
    app.wait(&NetworkMap::network(&net), LIMIT).await;
    let b_box = app.wait(&NetworkMap::container(&b), LIMIT).await;
    app.wait(&NetworkMap::container(&a), LIMIT).await;
    // B's box says its address on the network, as the engine reports it.
    let b_ip = cli.run(&[
        "inspect",
        "-f",
        &format!("{{{{(index .NetworkSettings.Networks \"{net}\").IPAddress}}}}"),
        &b,
    ]);
    let drawn = b_box.text().await.unwrap();
    assert!(drawn.contains(&b_ip), "{drawn:?} shows {b_ip}");
    app.shot("topology-map").await;

    // Click A, then B: the answer is yes, by B's name, from the settings and the live check.
    app.click(&NetworkMap::container(&a)).await;
    app.click(&NetworkMap::container(&b)).await;
    let result = app
        .wait(&NetworkMap::reach_result(&a, &b), Duration::from_secs(30))
        .await;
    app.wait(
        &NetworkMap::reach_name(&b, "yes", "yes"),
        Duration::from_secs(30),
    )
    .await;
    let verdict = result.text().await.unwrap();
    assert!(verdict.contains("Yes, they share a network"), "{verdict}");
    assert!(
        verdict.contains(&format!("docker network inspect {net}")),
        "{verdict}"
    );
    app.shot("topology-reach").await;

    // The whole engine's map (other tests' containers too): no two boxes overlap.
    NetworkMap::filter(&app, "").await;
    let overlaps = app
        .client()
        .execute(
            "const r = [...document.querySelectorAll(\"[data-testid^='topology-']\")] \
               .filter(e => ['topology-network', 'topology-container'].includes(e.dataset.testid)) \
               .map(e => e.getBoundingClientRect()); \
             let n = 0; \
             for (let i = 0; i < r.length; i++) for (let j = i + 1; j < r.length; j++) \
               if (r[i].left < r[j].right && r[j].left < r[i].right \
                   && r[i].top < r[j].bottom && r[j].top < r[i].bottom) n++; \
             return [r.length, n];",
            vec![],
        )
        .await
        .unwrap();
    let counts: Vec<u64> = serde_json::from_value(overlaps).unwrap();
    assert!(counts[0] >= 3, "boxes drawn: {counts:?}");
    assert_eq!(counts[1], 0, "overlapping boxes: {counts:?}");
    app.shot("topology-all").await;

    // The smallest window: the answer moves under the map, both still there.
    crate::e2e_layout::resize(&app, 760, 520).await;
    NetworkMap::filter(&app, &net).await;
    app.wait(&NetworkMap::reach_result(&a, &b), LIMIT).await;
    app.wait(&NetworkMap::container(&b), LIMIT).await;
    app.shot("topology-760x520").await;
    app.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_ports_page_shows_a_published_port_as_docker_port_does() {
    let _window = ONE_WINDOW.lock().await;
    let (host, cli, labels, _) = TestEngine::start().await.into_parts();
    let name = unique("e2e-ports");
    labels.run_detached(&name, &["-p", "127.0.0.1::80"], &["sleep", "600"]);
    let port = cli
        .run(&["port", &name, "80/tcp"])
        .rsplit(':')
        .next()
        .unwrap()
        .to_owned();

    let app = PortsPage::open(&host).await;
    PortsPage::filter(&app, &name).await;
    let row = app.wait(&PortsPage::published(&name), LIMIT).await;
    assert_eq!(
        row.attr("data-host-port").await.unwrap().as_deref(),
        Some(port.as_str())
    );
    let text = row.text().await.unwrap();
    assert!(text.contains("127.0.0.1"), "{text}");
    assert!(text.contains("80/tcp"), "{text}");
    assert!(text.contains(&format!("docker port {name}")), "{text}");
    app.wait(
        &format!("{} [data-testid='port-link']", PortsPage::published(&name)),
        LIMIT,
    )
    .await;
    app.shot("ports-page").await;
    crate::e2e_layout::resize(&app, 760, 520).await;
    app.wait(&PortsPage::published(&name), LIMIT).await;
    app.shot("ports-760x520").await;
    app.close().await;
}
