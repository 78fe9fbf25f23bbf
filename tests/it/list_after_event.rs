//! The container list read right after an engine event: it must already say what the event
//! announced. The engine (20.10 here) writes `die` before it has updated the snapshot its list
//! endpoint reads, so a naive refetch on the event shows a dead container as running.

use crate::support::*;
use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use tugboat_engine::connection::Engine;
use tugboat_engine::containers::ContainerState;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_container_fetched_the_moment_it_dies_is_listed_as_exited() {
    let host = test_host();
    let cli = Cli::new(&host);
    let labels = Labelled::new(&cli);
    let engine = Engine::connect(&host)
        .await
        .expect("connect to the test engine");
    // Volumes and a published port give the engine's exit clean-up some work, which widens
    // the gap between the event and the snapshot (it exists without them too).
    let mut options: Vec<String> = (0..30).map(|i| format!("-v=/scratch{i}")).collect();
    options.push("-p=127.0.0.1::80".into());
    let options: Vec<&str> = options.iter().map(String::as_str).collect();
    // Three containers, three chances for the race: each must be right.
    for round in 0..3 {
        let name = unique(&format!("dying{round}"));
        let id = labels.run_detached(&name, &options, &["sleep", "300"]);
        let since = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_secs()
            .saturating_sub(1)
            .to_string();
        let mut events = Command::new("docker")
            .args([
                "events",
                "--since",
                &since,
                "--filter",
                &format!("container={id}"),
                "--filter",
                "event=die",
                "--format",
                "{{.Status}}",
            ])
            .env("DOCKER_HOST", &host)
            .stdout(Stdio::piped())
            .spawn()
            .expect("docker events runs");
        let stdout = events.stdout.take().unwrap();
        // `--since` means the event is never missed. The pause lets the CLI subscribe before the
        // kill, so the event arrives live, as the app's does; were it late, the event would be
        // replayed after the clean-up and the check would be easier, never falsely failing.
        tokio::time::sleep(std::time::Duration::from_millis(500)).await;
        // The kill runs beside the reader: `docker kill` itself returns only once the
        // container has stopped, which is too late to see the race.
        let reader = tokio::task::spawn_blocking(move || {
            let mut line = String::new();
            BufReader::new(stdout).read_line(&mut line).map(|_| line)
        });
        let killer = {
            let cli = cli.clone();
            let id = id.clone();
            tokio::task::spawn_blocking(move || cli.run(&["kill", &id]))
        };
        let line = reader.await.unwrap().expect("the die event");
        assert_eq!(line.trim(), "die");
        let rows = engine
            .containers_by_id(std::slice::from_ref(&id))
            .await
            .expect("list by id");
        let _ = events.kill();
        let _ = events.wait();
        killer.await.unwrap();
        assert_eq!(rows.len(), 1, "{rows:?}");
        assert_eq!(
            rows[0].state,
            ContainerState::Exited,
            "round {round}: listed right after its die event: {:?}",
            rows[0]
        );
    }
}
