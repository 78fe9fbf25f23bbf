//! The Ports page against the real engine: published ports agree with `docker port`, a port a
//! container exposes without publishing is listed, and a host port another program holds is
//! flagged on the stopped container that wants it.

use crate::support::*;
use tugboat_engine::ports::PortEntry;

fn of<'a>(ports: &'a [PortEntry], name: &str) -> Vec<&'a PortEntry> {
    ports.iter().filter(|p| p.container_name == name).collect()
}

#[tokio::test]
async fn published_ports_agree_with_docker_port_and_exposed_ones_are_listed() {
    let (_, cli, labels, engine) = TestEngine::start().await.into_parts();
    let web = unique("ports-web");
    labels.run_detached(
        &web,
        &["-p", "127.0.0.1::80", "-p", "8053/udp", "--expose", "9999"],
        &["sleep", "600"],
    );
    let ports = engine.ports().await.unwrap();
    let mine = of(&ports, &web);

    // `docker port web`: "80/tcp -> 127.0.0.1:49153", one line per binding.
    let mut cli_lines: Vec<String> = cli
        .lines(&["port", &web])
        .into_iter()
        // Every-address bindings are listed once per family (0.0.0.0 and ::); the app shows one.
        .filter(|l| !l.contains("-> [::]:") && !l.contains("-> :::"))
        .collect();
    cli_lines.sort();
    let mut app_lines: Vec<String> = mine
        .iter()
        .filter(|p| p.published)
        .map(|p| {
            format!(
                "{}/{} -> {}:{}",
                p.container_port,
                p.protocol,
                p.host_ip.as_deref().unwrap_or("0.0.0.0"),
                p.host_port.unwrap()
            )
        })
        .collect();
    app_lines.sort();
    assert_eq!(app_lines, cli_lines);
    assert_eq!(app_lines.len(), 2, "{app_lines:?}");

    let exposed: Vec<_> = mine.iter().filter(|p| !p.published).collect();
    assert_eq!(exposed.len(), 1, "{mine:?}");
    assert_eq!(
        (exposed[0].container_port, exposed[0].host_port),
        (9999, None)
    );
    assert_eq!(exposed[0].protocol, "tcp");
    assert!(mine
        .iter()
        .all(|p| p.command == format!("docker port {web}")));
    assert!(mine.iter().all(|p| p.conflict.is_none()), "{mine:?}");
}

#[tokio::test]
async fn a_host_port_held_by_another_program_is_flagged() {
    let (_, _, labels, engine) = TestEngine::start().await.into_parts();
    // A listener of this test's own on every address, on a port the kernel picks.
    let listener = std::net::TcpListener::bind("0.0.0.0:0").unwrap();
    let held = listener.local_addr().unwrap().port();
    let waiting = unique("ports-waiting");
    labels.create(&waiting, &["-p", &format!("{held}:80")], &["sleep", "600"]);

    let ports = engine.ports().await.unwrap();
    let mine = of(&ports, &waiting);
    assert_eq!(mine.len(), 1, "{mine:?}");
    assert_eq!(mine[0].host_port, Some(held));
    let flag = mine[0]
        .conflict
        .as_deref()
        .expect("the held port is flagged");
    assert!(flag.contains("another program"), "{flag}");

    // Once the program lets go, the flag goes too.
    drop(listener);
    let ports = engine.ports().await.unwrap();
    assert_eq!(of(&ports, &waiting)[0].conflict, None);
}
