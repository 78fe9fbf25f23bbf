//! End to end, the networks and volumes areas together, as a learner would use them: create a
//! network and a volume in their sections, run a container attached to both from the run form,
//! and find it on the network map with the address the engine gave it.

use crate::e2e::{App, ONE_WINDOW};
use crate::support::*;
use std::time::Duration;

/// Removes what the test made through the app (which carries no test label) in the order the
/// engine allows: the container before the network and the volume it uses.
struct MadeThroughTheApp {
    cli: Cli,
    container: String,
    network: String,
    volume: String,
}

impl Drop for MadeThroughTheApp {
    fn drop(&mut self) {
        let _ = self.cli.try_run(&["rm", "-fv", &self.container]);
        let _ = self.cli.try_run(&["network", "rm", &self.network]);
        let _ = self.cli.try_run(&["volume", "rm", "-f", &self.volume]);
    }
}

async fn fill(app: &App, testid: &str, text: &str) {
    let e = app.wait(&App::css(testid), Duration::from_secs(10)).await;
    e.clear().await.unwrap();
    e.send_keys(text).await.unwrap();
}

/// Picks `value` in the select `testid` once it is offered (lists load after the form opens).
async fn select(app: &App, testid: &str, value: &str) {
    app.wait(
        &format!("{} option[value='{value}']", App::css(testid)),
        Duration::from_secs(10),
    )
    .await;
    let field = app.wait(&App::css(testid), Duration::from_secs(10)).await;
    // WebDriver picks an option by clicking it, which needs the select on screen.
    app.client()
        .execute(
            "arguments[0].scrollIntoView({block: 'center'})",
            vec![serde_json::to_value(&field).unwrap()],
        )
        .await
        .unwrap();
    field
        .select_by_value(value)
        .await
        .unwrap_or_else(|e| panic!("{testid} offers {value:?}: {e}"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_network_and_a_volume_made_in_the_app_hold_a_container_run_from_the_form() {
    let _window = ONE_WINDOW.lock().await;
    let host = test_host();
    let cli = Cli::new(&host);
    let made = MadeThroughTheApp {
        cli: Cli::new(&host),
        container: unique("attached"),
        network: unique("learn-net"),
        volume: unique("learn-vol"),
    };
    let app = App::launch(&host).await;
    app.wait(&App::css("home-view"), Duration::from_secs(30))
        .await;

    // A network, from the Networks section.
    app.click(&App::css("nav-networks")).await;
    app.click(&App::css("open-network-create")).await;
    fill(&app, "network-create-name", &made.network).await;
    app.click(&App::css("network-create-apply")).await;
    app.wait(
        &format!("[data-testid='network-row'][data-name='{}']", made.network),
        Duration::from_secs(15),
    )
    .await;

    // A volume, from the Volumes section.
    app.click(&App::css("nav-volumes")).await;
    app.click(&App::css("open-volume-create")).await;
    fill(&app, "volume-create-name", &made.volume).await;
    app.click(&App::css("volume-create-submit")).await;
    app.wait(
        &format!("[data-testid='volume-row'][data-name='{}']", made.volume),
        Duration::from_secs(15),
    )
    .await;

    // A container on both, from the run form: the network is offered by name.
    app.click(&App::css("nav-containers")).await;
    app.click(&App::css("open-run-form")).await;
    fill(&app, "run-image", &fixture_image()).await;
    fill(&app, "run-name", &made.container).await;
    fill(&app, "run-command", "sleep 300").await;
    select(&app, "run-network", &made.network).await;
    app.click_expecting(&App::css("add-mount"), &App::css("mount-kind"))
        .await;
    select(&app, "mount-kind", "volume").await;
    fill(&app, "mount-source", &made.volume).await;
    fill(&app, "mount-target", "/data").await;
    app.wait_text(
        &App::css("run-command-line-text"),
        &format!("--network {}", made.network),
        Duration::from_secs(10),
    )
    .await;
    app.click(&App::css("run-submit")).await;
    app.wait(&App::css("run-started"), Duration::from_secs(30))
        .await;

    // The engine agrees: on the network, with the volume mounted.
    let on = cli.run(&[
        "inspect",
        "--format",
        &format!(
            "{{{{(index .NetworkSettings.Networks \"{}\").IPAddress}}}}",
            made.network
        ),
        &made.container,
    ]);
    let ip = on.trim().to_owned();
    assert!(
        ip.parse::<std::net::Ipv4Addr>().is_ok(),
        "the container has an address on {}: {on:?}",
        made.network
    );
    let mounts = cli.run(&[
        "inspect",
        "--format",
        "{{range .Mounts}}{{.Name}}:{{.Destination}} {{end}}",
        &made.container,
    ]);
    assert!(
        mounts.contains(&format!("{}:/data", made.volume)),
        "the volume is mounted at /data: {mounts}"
    );

    // The map shows the network with the container on it, at that address.
    app.click(&App::css("nav-topology")).await;
    app.wait(
        &format!(
            "[data-testid='topology-network'][data-name='{}']",
            made.network
        ),
        Duration::from_secs(15),
    )
    .await;
    let node = format!(
        "[data-testid='topology-container'][data-name='{}']",
        made.container
    );
    let shown = eventually(
        Duration::from_secs(15),
        "the container on the map with its address",
        || async {
            let text: String = app
                .client()
                .execute(
                    "const n = document.querySelector(arguments[0]); \
                     return n ? n.getAttribute('title') + '\\n' + n.textContent : '';",
                    vec![serde_json::json!(node)],
                )
                .await
                .ok()
                .and_then(|v| v.as_str().map(str::to_owned))
                .unwrap_or_default();
            (text.contains(&made.network) && text.contains(&ip)).then_some(text)
        },
    )
    .await;
    app.shot("map-with-app-made-network").await;
    eprintln!("on the map: {shown}");
}
