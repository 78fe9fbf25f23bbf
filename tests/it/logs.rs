//! `docker logs` through the app's pipeline against the real engine: lines in order (tail, then
//! follow), TTY and non-TTY, long lines joined and capped, stderr told apart, an unreadable
//! driver explained, merged containers in time order, the ring's drop count, cancel, older
//! pages, and the saved file byte for byte as `docker logs` prints it.

use crate::support::*;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio_util::sync::CancellationToken;
use tugboat_engine::logs::feed::{follow, FeedLimits, FeedStats};
use tugboat_engine::logs::{LogBatch, LogLine, LogStream, LogsEnd, LogsError, LogsRequest};
use tugboat_engine::{Engine, EngineError};

const LIMIT: Duration = Duration::from_secs(30);

fn request(ids: &[&str], tail: Option<u32>, follow: bool) -> LogsRequest {
    LogsRequest {
        ids: ids.iter().map(|s| s.to_string()).collect(),
        tail,
        since: None,
        until: None,
        follow,
    }
}

/// Runs a feed to its end (or until `stop` says so, then cancels it), collecting every batch.
async fn collect(
    engine: &Engine,
    req: LogsRequest,
    limits: FeedLimits,
    stop: impl Fn(&[LogLine]) -> bool + Send + 'static,
) -> (Vec<LogBatch>, Result<LogsEnd, LogsError>) {
    let cancel = CancellationToken::new();
    let batches = Arc::new(Mutex::new(Vec::<LogBatch>::new()));
    let seen = Arc::new(Mutex::new(Vec::<LogLine>::new()));
    let (b, s, c) = (batches.clone(), seen.clone(), cancel.clone());
    let end = tokio::time::timeout(
        LIMIT,
        follow(
            engine,
            &req,
            limits,
            Arc::new(FeedStats::default()),
            &cancel,
            move |batch| {
                let mut seen = s.lock().unwrap();
                seen.extend(batch.lines.iter().cloned());
                if stop(&seen) {
                    c.cancel();
                }
                b.lock().unwrap().push(batch);
                true
            },
        ),
    )
    .await
    .expect("the feed ends or is cancelled within 30 s");
    let batches = batches.lock().unwrap().clone();
    (batches, end)
}

fn lines(batches: &[LogBatch]) -> Vec<LogLine> {
    batches
        .iter()
        .flat_map(|b| b.lines.iter().cloned())
        .collect()
}

fn texts(lines: &[LogLine]) -> Vec<String> {
    lines.iter().map(|l| l.text.clone()).collect()
}

/// Waits until `docker logs NAME` prints `n` lines.
async fn until_logged(cli: &Cli, name: &str, n: usize) {
    let (cli, name) = (cli.clone(), name.to_owned());
    eventually(LIMIT, "the container wrote its lines", || {
        let got = cli.lines(&["logs", &name]).len();
        async move { (got >= n).then_some(()) }
    })
    .await;
}

/// A container that prints `line-1..line-300`, waits for /go, then prints up to `line-400`.
const NUMBERED: &str = "for i in $(seq 1 300); do echo line-$i; done; \
     while [ ! -f /go ]; do sleep 0.1; done; \
     for i in $(seq 301 400); do echo line-$i; done; sleep 600";

async fn numbered_in_order(tty: bool) {
    let (_, cli, labels, engine) = TestEngine::start().await.into_parts();
    let name = unique(if tty { "logs-tty" } else { "logs-plain" });
    let options: &[&str] = if tty { &["-t"] } else { &[] };
    labels.run_detached(&name, options, &["sh", "-c", NUMBERED]);
    until_logged(&cli, &name, 300).await;

    let go = {
        let (cli, name) = (cli.clone(), name.clone());
        tokio::spawn(async move {
            tokio::time::sleep(Duration::from_millis(300)).await;
            cli.run(&["exec", &name, "touch", "/go"]);
        })
    };
    let (batches, end) = collect(
        &engine,
        request(&[&name], Some(100), true),
        FeedLimits::default(),
        |seen| seen.last().is_some_and(|l| l.text == "line-400"),
    )
    .await;
    go.await.unwrap();
    assert!(
        matches!(end, Err(LogsError::Engine(EngineError::Cancelled))),
        "{end:?}"
    );
    let got = lines(&batches);
    let want: Vec<String> = (201..=400).map(|i| format!("line-{i}")).collect();
    assert_eq!(texts(&got), want);
    let stream = if tty {
        LogStream::Tty
    } else {
        LogStream::Stdout
    };
    assert!(got.iter().all(|l| l.stream == stream && l.source == 0));
    assert!(got.iter().all(|l| l.timestamp.ends_with('Z') && l.cut == 0));
    assert!(
        got.windows(2).all(|w| w[0].timestamp <= w[1].timestamp),
        "times never go back"
    );
    assert!(batches
        .iter()
        .all(|b| b.lines.len() <= 2_000 && b.skipped == 0));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn numbered_lines_arrive_in_order_tail_then_follow() {
    numbered_in_order(false).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_tty_containers_lines_arrive_in_order_without_carriage_returns() {
    numbered_in_order(true).await;
}

/// Prints a 100 KB line, then `after`, to stdout; `err` to stderr.
const LONG: &str = "head -c 102400 /dev/zero | tr '\\0' x; echo; echo after; echo err >&2";

async fn long_line_joined(tty: bool) {
    let (_, cli, labels, engine) = TestEngine::start().await.into_parts();
    let name = unique("logs-long");
    let options: &[&str] = if tty { &["-t"] } else { &[] };
    labels.run_detached(&name, options, &["sh", "-c", LONG]);
    cli.run(&["wait", &name]);
    let (batches, end) = collect(
        &engine,
        request(&[&name], None, false),
        FeedLimits::default(),
        |_| false,
    )
    .await;
    assert_eq!(end.unwrap().lines, 3.0);
    let got = lines(&batches);
    assert_eq!(got.len(), 3);
    // stdout's lines in order; stderr's line may land anywhere around them (the engine copies
    // the two streams side by side, and a long line is sent once it is whole).
    let long_at = got.iter().position(|l| l.text.len() > 100).unwrap();
    let long = &got[long_at];
    assert!(long.text.bytes().all(|b| b == b'x'));
    assert_eq!(long.text.len(), 64 * 1024);
    assert_eq!(long.cut as usize, 102_400 - 64 * 1024);
    let after = got.iter().position(|l| l.text == "after").unwrap();
    assert!(long_at < after, "stdout keeps its order");
    let err = got.iter().find(|l| l.text == "err").unwrap();
    if tty {
        assert!(got.iter().all(|l| l.stream == LogStream::Tty));
    } else {
        assert_eq!(long.stream, LogStream::Stdout);
        assert_eq!(err.stream, LogStream::Stderr);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_100_kb_line_arrives_joined_and_capped_and_stderr_is_told_apart() {
    long_line_joined(false).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_100_kb_tty_line_arrives_joined_and_capped() {
    long_line_joined(true).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_container_logging_to_none_says_so_in_words() {
    let (_, _cli, labels, engine) = TestEngine::start().await.into_parts();
    let name = unique("logs-none");
    labels.run_detached(&name, &["--log-driver", "none"], &["echo", "hi"]);
    let sources = engine
        .log_sources(std::slice::from_ref(&name))
        .await
        .unwrap();
    assert_eq!(sources[0].driver, "none");
    assert_eq!(sources[0].name, name);
    let (batches, end) = collect(
        &engine,
        request(&[&name], Some(10), true),
        FeedLimits::default(),
        |_| false,
    )
    .await;
    assert!(lines(&batches).is_empty());
    match end {
        Err(LogsError::Unreadable(message)) => {
            assert!(message.contains(&name), "{message}");
            assert!(message.contains("logging driver none"), "{message}");
        }
        other => panic!("expected unreadable, got {other:?}"),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_containers_merge_in_time_order() {
    let (_, cli, labels, engine) = TestEngine::start().await.into_parts();
    let (a, b) = (unique("logs-a"), unique("logs-b"));
    // Interleaved in time: both start writing at the same whole second (after both have
    // started), a at once and b 0.1 s later, each every 0.2 s.
    let at = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs()
        + 5;
    let script = |tag: &str, delay: &str| {
        format!(
            "while [ $(date +%s) -lt {at} ]; do sleep 0.05; done; sleep {delay}; \
             for i in 1 2 3 4 5; do echo {tag}-$i; sleep 0.2; done"
        )
    };
    labels.run_detached(&a, &[], &["sh", "-c", &script("a", "0")]);
    labels.run_detached(&b, &[], &["sh", "-c", &script("b", "0.1")]);
    until_logged(&cli, &a, 5).await;
    until_logged(&cli, &b, 5).await;
    let (batches, end) = collect(
        &engine,
        request(&[&a, &b], Some(3), false),
        FeedLimits::default(),
        |_| false,
    )
    .await;
    assert_eq!(end.unwrap().lines, 6.0);
    let got = lines(&batches);
    let mut keys: Vec<String> = got.iter().map(|l| l.timestamp.clone()).collect();
    let before = keys.clone();
    keys.sort();
    assert_eq!(before, keys, "the merged view is in time order");
    let tagged: Vec<(u16, String)> = got.iter().map(|l| (l.source, l.text.clone())).collect();
    assert_eq!(
        tagged,
        [
            (0, "a-3".to_string()),
            (1, "b-3".to_string()),
            (0, "a-4".to_string()),
            (1, "b-4".to_string()),
            (0, "a-5".to_string()),
            (1, "b-5".to_string()),
        ]
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_merged_follow_goes_on_from_each_containers_last_line() {
    let (_, cli, labels, engine) = TestEngine::start().await.into_parts();
    let (a, b) = (unique("logs-fa"), unique("logs-fb"));
    let script = |tag: &str| {
        format!(
            "echo {tag}-1; echo {tag}-2; while [ ! -f /go ]; do sleep 0.1; done; \
             echo {tag}-3; sleep 600"
        )
    };
    labels.run_detached(&a, &[], &["sh", "-c", &script("a")]);
    labels.run_detached(&b, &[], &["sh", "-c", &script("b")]);
    until_logged(&cli, &a, 2).await;
    until_logged(&cli, &b, 2).await;
    let go = {
        let (cli, a, b) = (cli.clone(), a.clone(), b.clone());
        tokio::spawn(async move {
            tokio::time::sleep(Duration::from_millis(500)).await;
            cli.run(&["exec", &a, "touch", "/go"]);
            cli.run(&["exec", &b, "touch", "/go"]);
        })
    };
    let (batches, end) = collect(
        &engine,
        request(&[&a, &b], None, true),
        FeedLimits::default(),
        |seen| seen.iter().filter(|l| l.text.ends_with("-3")).count() == 2,
    )
    .await;
    go.await.unwrap();
    assert!(matches!(
        end,
        Err(LogsError::Engine(EngineError::Cancelled))
    ));
    let mut got = texts(&lines(&batches));
    assert_eq!(got.len(), 6, "each line once: {got:?}");
    let first_four: Vec<String> = got.drain(..4).collect();
    for t in ["a-1", "a-2", "b-1", "b-2"] {
        assert!(first_four.contains(&t.to_string()), "{first_four:?}");
    }
    got.sort();
    assert_eq!(got, ["a-3", "b-3"]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_view_that_falls_behind_is_told_how_many_lines_were_dropped() {
    let (_, cli, labels, engine) = TestEngine::start().await.into_parts();
    let name = unique("logs-flood");
    labels.run_detached(&name, &[], &["sh", "-c", "seq 1 5000"]);
    until_logged(&cli, &name, 5000).await;
    // A small ring and small batches: most lines cannot fit and are dropped, oldest first.
    let limits = FeedLimits {
        every: Duration::from_millis(20),
        batch_lines: 10,
        ring_lines: 100,
        ring_bytes: 16 * 1024 * 1024,
    };
    let (batches, end) = collect(&engine, request(&[&name], None, false), limits, |_| false).await;
    let sent = end.unwrap().lines as u64;
    let got = lines(&batches);
    let skipped: u64 = batches.iter().map(|b| u64::from(b.skipped)).sum();
    assert_eq!(sent, got.len() as u64);
    assert_eq!(sent + skipped, 5000, "every line is either sent or counted");
    assert!(skipped > 0);
    assert!(batches.iter().all(|b| b.lines.len() <= 10));
    assert_eq!(
        got.last().unwrap().text,
        "5000",
        "the newest lines are kept"
    );
    let numbers: Vec<u32> = got.iter().map(|l| l.text.parse().unwrap()).collect();
    assert!(numbers.windows(2).all(|w| w[0] < w[1]));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn cancel_ends_a_follow_with_cancelled() {
    let (_, cli, labels, engine) = TestEngine::start().await.into_parts();
    let name = unique("logs-cancel");
    labels.run_detached(&name, &[], &["sh", "-c", "echo ready; sleep 600"]);
    until_logged(&cli, &name, 1).await;
    let (batches, end) = collect(
        &engine,
        request(&[&name], Some(10), true),
        FeedLimits::default(),
        |seen| !seen.is_empty(),
    )
    .await;
    assert_eq!(texts(&lines(&batches)), ["ready"]);
    assert!(
        matches!(end, Err(LogsError::Engine(EngineError::Cancelled))),
        "{end:?}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_follow_ends_when_the_container_stops() {
    let (_, _cli, labels, engine) = TestEngine::start().await.into_parts();
    let name = unique("logs-stops");
    labels.run_detached(&name, &[], &["sh", "-c", "sleep 1; echo bye"]);
    let (batches, end) = collect(
        &engine,
        request(&[&name], None, true),
        FeedLimits::default(),
        |_| false,
    )
    .await;
    assert_eq!(texts(&lines(&batches)), ["bye"]);
    assert_eq!(end.unwrap().lines, 1.0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_older_page_is_the_lines_just_before_a_moment() {
    let (_, cli, labels, engine) = TestEngine::start().await.into_parts();
    let name = unique("logs-page");
    labels.run_detached(
        &name,
        &[],
        &["sh", "-c", "for i in $(seq 1 300); do echo line-$i; done"],
    );
    cli.run(&["wait", &name]);
    let (batches, _) = collect(
        &engine,
        request(&[&name], None, false),
        FeedLimits::default(),
        |_| false,
    )
    .await;
    let all = lines(&batches);
    assert_eq!(all.len(), 300);

    let before = &all[200].timestamp; // line-201's time
    let page = engine.log_page(&name, before, 50).await.unwrap();
    let want: Vec<String> = (151..=200).map(|i| format!("line-{i}")).collect();
    assert_eq!(texts(&page), want);

    let near_start = engine
        .log_page(&name, &all[29].timestamp, 50)
        .await
        .unwrap();
    let want: Vec<String> = (1..=29).map(|i| format!("line-{i}")).collect();
    assert_eq!(texts(&near_start), want, "fewer when the log has no more");

    match engine.log_page(&name, before, 0).await {
        Err(LogsError::Engine(EngineError::InvalidInput(m))) => assert!(m.starts_with("count: ")),
        other => panic!("{other:?}"),
    }
    match engine.log_page(&name, "yesterday", 10).await {
        Err(LogsError::Engine(EngineError::InvalidInput(m))) => {
            assert!(m.starts_with("before: "))
        }
        other => panic!("{other:?}"),
    }
}

/// What `docker logs [FLAGS] NAME > file 2>&1` writes.
fn docker_logs_bytes(flags: &str, name: &str) -> Vec<u8> {
    let out = std::process::Command::new("sh")
        .arg("-c")
        .arg(format!("docker logs {flags} {name} 2>&1"))
        .env("DOCKER_HOST", test_host())
        .output()
        .unwrap();
    assert!(out.status.success());
    out.stdout
}

fn part_files(dir: &std::path::Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".part"))
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_saved_log_is_byte_for_byte_what_docker_logs_prints() {
    let (_, cli, labels, engine) = TestEngine::start().await.into_parts();
    let name = unique("logs-save");
    let script = "for i in $(seq 1 2000); do echo out-$i; echo err-$i >&2; done; \
                  printf '10%%\\r100%%\\n'; printf '\\377\\376 bytes\\n'; \
                  head -c 40000 /dev/zero | tr '\\0' y; echo; printf 'no newline at the end'";
    labels.run_detached(&name, &[], &["sh", "-c", script]);
    cli.run(&["wait", &name]);
    let dir = tempfile::tempdir().unwrap();
    for (timestamps, flags) in [(false, ""), (true, "--timestamps")] {
        let dest = dir.path().join(format!("{name}-{timestamps}.log"));
        let mut progress = Vec::new();
        let saved = engine
            .save_logs(&name, &dest, timestamps, &CancellationToken::new(), |b| {
                progress.push(b)
            })
            .await
            .unwrap();
        let ours = std::fs::read(&dest).unwrap();
        let theirs = docker_logs_bytes(flags, &name);
        assert_eq!(ours.len(), theirs.len(), "timestamps: {timestamps}");
        assert!(ours == theirs, "the saved file is what docker logs prints");
        assert_eq!(saved.bytes, ours.len() as u64);
        // 4,004 lines as written; but dockerd reads stdout and stderr through two pipes, so
        // under load the last stdout text (no newline) may be stamped before a stderr line and
        // run into it. The count is of what docker logs prints.
        let newlines = theirs.iter().filter(|b| **b == b'\n').count() as u64;
        let unended = u64::from(theirs.last().is_some_and(|b| *b != b'\n'));
        assert_eq!(saved.lines, newlines + unended);
        assert!((4003..=4004).contains(&saved.lines), "{}", saved.lines);
        assert_eq!(progress.last(), Some(&saved.bytes));
    }
    assert!(part_files(dir.path()).is_empty());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_cancelled_save_leaves_nothing() {
    let (_, cli, labels, engine) = TestEngine::start().await.into_parts();
    let name = unique("logs-save-cancel");
    labels.run_detached(&name, &[], &["sh", "-c", "seq 1 1000"]);
    cli.run(&["wait", &name]);
    let dir = tempfile::tempdir().unwrap();
    let dest = dir.path().join("cancelled.log");
    let cancel = CancellationToken::new();
    cancel.cancel();
    let r = engine.save_logs(&name, &dest, false, &cancel, |_| {}).await;
    assert!(
        matches!(r, Err(LogsError::Engine(EngineError::Cancelled))),
        "{r:?}"
    );
    assert!(!dest.exists());
    assert!(
        part_files(dir.path()).is_empty(),
        "no temporary file is left"
    );

    let none = unique("logs-save-none");
    labels.run_detached(&none, &["--log-driver", "none"], &["true"]);
    let dest = dir.path().join("none.log");
    let r = engine
        .save_logs(&none, &dest, false, &CancellationToken::new(), |_| {})
        .await;
    assert!(matches!(r, Err(LogsError::Unreadable(_))), "{r:?}");
    assert!(!dest.exists());
    assert!(part_files(dir.path()).is_empty());
}
