//! The network list with 1,000 networks (`TUGBOAT_BENCH_NETWORKS`), beside the raw API in the
//! same run: `engine.networks()` (what the keeper fetches: `GET /networks` and
//! `GET /containers/json?all=1` together, the second for the containers on each network), the
//! kept list (`NetworkKeeper::list`, what `network_list` answers from), the raw `GET /networks`
//! alone, the raw pair, and `docker network ls`.
//!
//! The networks are `--config-only`: they are listed like any other but take no addresses, so
//! the engine's default pools (about 30 bridge networks) do not run out. They carry the label
//! `dev.tugboat.bench.networks` and are removed at the end.

use super::{docker, raw_get, row, stats, time_ms};
use std::time::{Duration, Instant};
use tugboat_engine::networks::keeper::NetworkKeeper;
use tugboat_engine::supervisor::{ConnectionState, Supervisor, SupervisorConfig};
use tugboat_engine::{Engine, EnvSnapshot};
use tugboat_testkit::raw::raw_post;

const LABEL: &str = "dev.tugboat.bench.networks";

fn bench_networks(host: &str) -> Vec<String> {
    docker(
        host,
        &["network", "ls", "-q", "--filter", &format!("label={LABEL}")],
    )
    .lines()
    .map(str::to_owned)
    .collect()
}

/// Makes the engine hold `n` bench networks, 8 requests at a time.
fn ensure_networks(host: &str, socket: &str, n: usize) {
    let have = bench_networks(host).len();
    let todo: Vec<usize> = (have..n).collect();
    std::thread::scope(|s| {
        for chunk in todo.chunks(todo.len().div_ceil(8).max(1)) {
            s.spawn(move || {
                for &i in chunk {
                    let body = format!(
                        r#"{{"Name":"tugboat-bench-net-{i}","ConfigOnly":true,"Labels":{{"{LABEL}":"1"}},"IPAM":{{"Config":[{{"Subnet":"10.{}.{}.0/24"}}]}}}}"#,
                        100 + i / 256,
                        i % 256
                    );
                    let (status, answer) = raw_post(socket, "/networks/create", &body);
                    assert_eq!(status, 201, "create tugboat-bench-net-{i}: {answer}");
                }
            });
        }
    });
}

pub async fn bench(host: &str, runs: usize) {
    let socket = host.strip_prefix("unix://").unwrap_or(host).to_owned();
    let n: usize = std::env::var("TUGBOAT_BENCH_NETWORKS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1000);
    let made = Instant::now();
    ensure_networks(host, &socket, n);
    let total = docker(host, &["network", "ls", "-q"]).lines().count();
    println!(
        "\nNetwork list: {n} bench networks ready in {:.1} s; the engine lists {total}",
        made.elapsed().as_secs_f64()
    );

    let engine = Engine::connect(host).await.expect("connect");
    let env = EnvSnapshot {
        docker_host: Some(host.to_owned()),
        ..Default::default()
    };
    let (handle, supervisor) = Supervisor::new(SupervisorConfig::new(env));
    tokio::spawn(supervisor.run());
    let mut status = handle.watch_status();
    let _ = tokio::time::timeout(
        Duration::from_secs(10),
        status.wait_for(|s| s.state == ConnectionState::Connected),
    )
    .await;
    let kept = std::sync::Arc::new(NetworkKeeper::default());
    tokio::spawn(kept.clone().keep(handle.clone()));
    kept.list().await.expect("fill");

    let rounds = runs.max(5) * 3;
    let (mut filled, mut served, mut raw, mut raw_pair, mut cli) =
        (vec![], vec![], vec![], vec![], vec![]);
    let mut rows = 0;
    for _ in 0..rounds {
        let t = Instant::now();
        rows = engine.networks().await.expect("networks").len();
        filled.push(t.elapsed().as_secs_f64() * 1000.0);
        let t = Instant::now();
        kept.list().await.expect("kept list");
        served.push(t.elapsed().as_secs_f64() * 1000.0);
        raw.push(time_ms(|| {
            raw_get(&socket, "/networks");
        }));
        raw_pair.push(time_ms(|| {
            std::thread::scope(|s| {
                s.spawn(|| raw_get(&socket, "/networks"));
                s.spawn(|| raw_get(&socket, "/containers/json?all=1"));
            });
        }));
        cli.push(time_ms(|| {
            docker(host, &["network", "ls"]);
        }));
    }
    let label = format!("network_list from the engine ({rows} rows)");
    row(
        &label,
        stats(filled.clone()),
        "raw GET /networks",
        stats(raw.clone()),
    );
    row(
        &label,
        stats(filled.clone()),
        "raw GET /networks + /containers",
        stats(raw_pair),
    );
    row(&label, stats(filled), "docker network ls", stats(cli));
    row(
        "network_list served (kept list)",
        stats(served),
        "raw GET (not the same work)",
        stats(raw),
    );
    handle.shutdown();

    // The bench's networks go: they are this run's objects.
    let ids = bench_networks(host);
    for chunk in ids.chunks(100) {
        let mut args = vec!["network", "rm"];
        args.extend(chunk.iter().map(String::as_str));
        docker(host, &args);
    }
    println!("removed {} bench networks", ids.len());
}
