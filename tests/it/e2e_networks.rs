//! End to end, the Networks section: create a network in the form, see its row, connect a
//! container from its details (the engine reports it with its alias), then disconnect and
//! remove it, all through the real window, checked with the CLI.

use crate::e2e::{App, LIMIT, ONE_WINDOW};
use crate::pages::*;
use crate::support::*;
use serde_json::Value;

/// Removes the network when the test ends, pass or fail (it carries no test label: the form
/// made it).
struct RemoveNetwork(Cli, String);
impl Drop for RemoveNetwork {
    fn drop(&mut self) {
        let _ = self.0.try_run(&["network", "rm", &self.1]);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn create_connect_and_remove_a_network_through_the_window() {
    let _window = ONE_WINDOW.lock().await;
    let (host, cli, labels, _) = TestEngine::start().await.into_parts();
    let net = unique("e2e-net");
    // Containers go first (labels drops before the network guard), then the network.
    let _network = RemoveNetwork(cli.clone(), net.clone());
    let labels = labels;
    let r = uuid::Uuid::new_v4().as_u128();
    let subnet = format!("10.{}.{}.0/24", 200 + (r % 50), (r >> 8) % 256);
    let app = Networks::open(&host).await;

    // Create it in the form: the command is previewed, then the row appears from the event.
    app.click(&App::css("open-network-create")).await;
    RunForm::fill(&app, "network-create-name", &net).await;
    RunForm::fill(&app, "network-create-subnet", &subnet).await;
    // The whole line: a preview of the name alone may still be showing for a moment.
    app.wait_text(
        &App::css("network-create-command-text"),
        &format!("$ docker network create --subnet {subnet} {net}"),
        LIMIT,
    )
    .await;
    app.shot("network-create-form").await;
    app.click(&App::css("network-create-apply")).await;
    Networks::filter(&app, &net).await;
    let row = app.wait(&Networks::row(&net), LIMIT).await;
    let id = row.attr("data-id").await.unwrap().unwrap();
    let inspected: Value = serde_json::from_str(&cli.run(&[
        "network",
        "inspect",
        "-f",
        "{{json .IPAM.Config}}",
        &net,
    ]))
    .unwrap();
    assert_eq!(inspected[0]["Subnet"], subnet.as_str());
    app.shot("networks-list").await;
    // A look at the narrow layout, at the window's minimum size (the picture is for people;
    // the layout checks live in e2e_layout).
    if app.client().set_window_size(760, 520).await.is_ok() {
        app.wait(&Networks::row(&net), LIMIT).await;
        app.shot("networks-list-min").await;
        let _ = app.client().set_window_size(1200, 800).await;
    }

    // Connect a running container from the network's details, with an alias.
    let web = unique("e2e-net-web");
    let web_id = labels.run_detached(&web, &[], &["sleep", "300"]);
    app.click(&Networks::row_part(&net, "network-row-name"))
        .await;
    app.wait(&Networks::panel(&id), LIMIT).await;
    app.click(&App::css("network-connect-open")).await;
    app.click(&Networks::connect_choice(&web_id)).await;
    RunForm::fill(&app, "network-connect-aliases", "api").await;
    app.wait_text(
        &App::css("network-connect-command-text"),
        &format!("docker network connect --alias api {net} {web}"),
        LIMIT,
    )
    .await;
    app.click(&App::css("network-connect-apply")).await;
    let endpoint = app.wait_text(&Networks::endpoint(&web), "api", LIMIT).await;
    assert!(endpoint.contains("running"), "{endpoint}");
    let containers: Value =
        serde_json::from_str(&cli.run(&["network", "inspect", "-f", "{{json .Containers}}", &net]))
            .unwrap();
    assert!(containers.get(&web_id).is_some(), "{containers}");
    let aliases = cli.run(&[
        "inspect",
        "-f",
        &format!("{{{{json (index .NetworkSettings.Networks \"{net}\").Aliases}}}}"),
        &web,
    ]);
    assert!(aliases.contains("\"api\""), "{aliases}");
    app.shot("network-details").await;
    // The row counts it too.
    app.wait_text(
        &Networks::row_part(&net, "network-row-containers"),
        &web,
        LIMIT,
    )
    .await;

    // Disconnect it, then remove the network from the list.
    app.click(&format!(
        "{} {}",
        Networks::endpoint(&web),
        App::css("network-disconnect")
    ))
    .await;
    app.wait(&App::css("network-endpoints-none"), LIMIT).await;
    let after: Value =
        serde_json::from_str(&cli.run(&["network", "inspect", "-f", "{{json .Containers}}", &net]))
            .unwrap();
    assert!(after.get(&web_id).is_none(), "{after}");
    app.click(&App::css("network-panel-close")).await;
    app.click(&Networks::row_part(&net, "network-row-remove"))
        .await;
    app.wait_text(
        &App::css("network-remove-command-text"),
        &format!("docker network rm {net}"),
        LIMIT,
    )
    .await;
    app.click(&App::css("network-remove-confirm")).await;
    app.wait_gone(&Networks::row(&net), LIMIT).await;
    assert!(cli.try_run(&["network", "inspect", &net]).is_err());
    app.close().await;
}
