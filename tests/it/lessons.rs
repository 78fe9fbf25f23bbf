//! Learn's built-in lessons, walked against a real engine of their own (a private dockerd, so
//! "finish leaves the engine as it was" compares the whole engine, not a label's share of a
//! busy one). Each lesson is walked twice: with every step done by the app ("Do it for me",
//! the same engine calls the Learn view makes; a step the app cannot do is typed, as the user
//! would) and with every command typed with the docker CLI. Before each step its check must fail (a check never passes early); after it, it must
//! pass at once.

use std::collections::BTreeSet;
use std::io::{Read, Write};
use tugboat_engine::connection::Engine;
use tugboat_lessons::builtin::{builtin_text, BUILTIN};
use tugboat_lessons::command::read_command;
use tugboat_lessons::format::read_lesson_with;
use tugboat_lessons::Check;
use tugboat_testkit::{fixture_image, Cli, PrivateDaemon};

/// What the engine holds, as the CLI lists it: containers, images, volumes, networks.
pub(crate) fn snapshot(cli: &Cli) -> [BTreeSet<String>; 4] {
    let lines =
        |args: &[&str]| -> BTreeSet<String> { cli.run(args).lines().map(str::to_owned).collect() };
    [
        lines(&[
            "ps",
            "-a",
            "--no-trunc",
            "--format",
            "{{.ID}} {{.Names}} {{.State}}",
        ]),
        lines(&[
            "images",
            "--no-trunc",
            "--format",
            "{{.Repository}}:{{.Tag}} {{.ID}}",
        ]),
        lines(&["volume", "ls", "-q"]),
        lines(&["network", "ls", "--no-trunc", "-q"]),
    ]
}

/// `GET path` on a port of this machine; the body, or why not.
pub fn http_get(port: u16, path: &str) -> Result<String, String> {
    let mut s = std::net::TcpStream::connect(("127.0.0.1", port)).map_err(|e| e.to_string())?;
    s.set_read_timeout(Some(std::time::Duration::from_secs(5)))
        .map_err(|e| e.to_string())?;
    write!(s, "GET {path} HTTP/1.0\r\nHost: localhost\r\n\r\n").map_err(|e| e.to_string())?;
    let mut out = String::new();
    s.read_to_string(&mut out).map_err(|e| e.to_string())?;
    Ok(out)
}

/// Lets traffic through the bridge of a network the lesson made on the private engine. That
/// engine runs without iptables (so it leaves the test engine's rules alone), and this
/// machine's FORWARD policy, set by the test engine, drops bridged packets no rule accepts: a
/// user's own engine, which writes its rules, needs none of this. The rule goes with the guard.
struct LetThrough(String);

impl LetThrough {
    fn network(cli: &Cli, name: &str) -> LetThrough {
        let id = cli.run(&["network", "inspect", "-f", "{{.Id}}", name]);
        let bridge = format!("br-{}", &id.trim()[..12]);
        let rule = ["DOCKER-USER", "-i", &bridge, "-o", &bridge, "-j", "ACCEPT"];
        let ok = std::process::Command::new("iptables")
            .arg("-I")
            .args(rule)
            .status()
            .unwrap()
            .success();
        assert!(ok, "iptables -I {}", rule.join(" "));
        LetThrough(bridge)
    }
}

impl Drop for LetThrough {
    fn drop(&mut self) {
        let b = &self.0;
        let _ = std::process::Command::new("iptables")
            .args(["-D", "DOCKER-USER", "-i", b, "-o", b, "-j", "ACCEPT"])
            .status();
    }
}

/// The steps whose commands fail as the lesson says they will, with what the app shows then
/// (`(lesson, step index, printed text)`): the limits lesson's memory hog, which the OOM killer
/// ends (exit 137, having printed nothing), and the networks lesson's ping from the default
/// network, whose name lookup has no answer there.
const EXPECTED_FAILURES: &[(&str, usize, &str)] =
    &[("limits", 2, "(nothing)"), ("networks", 5, "bad address")];

async fn walk(daemon: &PrivateDaemon, id: &str, typed: bool) {
    let cli = daemon.cli();
    let engine = Engine::connect(&daemon.host()).await.unwrap();
    let lesson = read_lesson_with(builtin_text(id).unwrap(), Some(&fixture_image())).unwrap();
    let before = snapshot(&cli);
    assert!(
        engine
            .lesson_present(&lesson.makes)
            .await
            .unwrap()
            .is_empty(),
        "{id}: nothing the lesson makes is here before it starts"
    );
    let mut through = Vec::new();
    for (n, step) in lesson.steps.iter().enumerate() {
        let checked = !matches!(step.check, Check::Look);
        if checked {
            let early = step
                .check
                .verdict(&engine.lesson_facts(&step.check.asks()).await.unwrap());
            assert!(
                !early.passed,
                "{id} step {}: `{}` passed before its command ran: {}",
                n + 1,
                step.command,
                early.seen
            );
        }
        let expected = EXPECTED_FAILURES
            .iter()
            .find(|(l, i, _)| *l == id && *i == n)
            .map(|(_, _, says)| *says);
        let expect_failure = expected.is_some();
        // A step the app cannot do (it needs a terminal, or a flag the app does not run) is
        // typed in both walks, as the user would.
        let failed = if typed || step.terminal_only.is_some() {
            let words = shell_words::split(&step.command).unwrap();
            let args: Vec<&str> = words[1..].iter().map(String::as_str).collect();
            match cli.try_run(&args) {
                Ok(_) => false,
                Err(e) => {
                    assert!(expect_failure, "{id} step {}: {e}", n + 1);
                    true
                }
            }
        } else {
            let action = read_command(&step.command).unwrap();
            let printed = engine
                .lesson_do(&action)
                .await
                .unwrap_or_else(|e| panic!("{id} step {}: {e}", n + 1));
            match expected {
                Some("(nothing)") => assert_eq!(printed.text, "", "{id} step {}", n + 1),
                Some(says) => assert!(
                    printed.text.contains(says),
                    "{id} step {}: {}",
                    n + 1,
                    printed.text
                ),
                None => {}
            }
            printed.failed
        };
        assert_eq!(
            failed,
            expect_failure,
            "{id} step {}: `{}`",
            n + 1,
            step.command
        );
        if checked {
            let now = step
                .check
                .verdict(&engine.lesson_facts(&step.check.asks()).await.unwrap());
            assert!(
                now.passed,
                "{id} step {}: `{}` ran but its check says: {}",
                n + 1,
                step.command,
                now.seen
            );
        }
        if let Ok(tugboat_lessons::Action::NetworkCreate { name }) = read_command(&step.command) {
            through.push(LetThrough::network(&cli, &name));
        }
        if id == "ports" && step.command.contains("-p 8080:80") {
            // What the step tells the user to open.
            let id_short = cli.run(&["inspect", "-f", "{{.Config.Hostname}}", "learn-web"]);
            let page = http_get(8080, "/hostname").unwrap();
            assert!(page.contains(id_short.trim()), "{page}");
        }
    }
    drop(through);
    let present = engine.lesson_present(&lesson.makes).await.unwrap();
    let finished = engine.lesson_finish(&present).await;
    assert!(finished.refused.is_empty(), "{id}: {:?}", finished.refused);
    assert_eq!(finished.removed, present);
    assert_eq!(
        snapshot(&cli),
        before,
        "{id}: finish leaves the engine as it was"
    );
}

/// Every built-in lesson in turn on one engine of its own.
async fn walk_all(typed: bool) {
    // The ports lesson publishes the tutorial's 8080, which other tests publish too.
    let _ports = crate::TUTORIAL_PORTS.lock().await;
    let daemon = PrivateDaemon::start();
    daemon.load_fixture();
    for (id, _) in BUILTIN {
        walk(&daemon, id, typed).await;
    }
}

#[tokio::test]
async fn every_builtin_lesson_done_by_the_app_checks_each_step_and_finish_restores_the_engine() {
    walk_all(false).await;
}

#[tokio::test]
async fn every_builtin_lesson_typed_with_the_cli_checks_each_step_and_finish_restores_the_engine() {
    walk_all(true).await;
}
