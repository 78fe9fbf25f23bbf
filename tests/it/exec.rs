//! Terminal sessions against the real engine: `docker exec -it` output and exit code, typed
//! input, resize reaching the TTY, a command that cannot start, and `docker attach` with a
//! detach that leaves the container running.

use crate::support::*;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::sync::mpsc;
use tokio::task::JoinHandle;
use tokio_util::sync::CancellationToken;
use tugboat_engine::exec::{Resize, TerminalEnd, TerminalSession};
use tugboat_engine::{Engine, EngineError};
use tugboat_runspec::exec_spec::{ExecRequest, DETACH_BYTES};

const LIMIT: Duration = Duration::from_secs(20);

/// A session running in a task, as the app runs it: keys go in through `keys`, the screen
/// collects in `screen`.
struct Running {
    keys: mpsc::Sender<Vec<u8>>,
    screen: Arc<Mutex<Vec<u8>>>,
    resize: Resize,
    cancel: CancellationToken,
    ended: JoinHandle<Result<TerminalEnd, EngineError>>,
}

impl Running {
    fn start(session: TerminalSession) -> Running {
        let (keys, typed) = mpsc::channel(64);
        let screen = Arc::new(Mutex::new(Vec::new()));
        let cancel = CancellationToken::new();
        let resize = session.resize();
        let ended = tokio::spawn({
            let (screen, cancel) = (screen.clone(), cancel.clone());
            async move {
                session
                    .run(typed, &cancel, |bytes| {
                        screen.lock().unwrap().extend_from_slice(&bytes);
                        true
                    })
                    .await
            }
        });
        Running {
            keys,
            screen,
            resize,
            cancel,
            ended,
        }
    }

    async fn type_keys(&self, text: &str) {
        self.keys.send(text.as_bytes().to_vec()).await.unwrap();
    }

    fn screen(&self) -> String {
        String::from_utf8_lossy(&self.screen.lock().unwrap()).into_owned()
    }

    async fn wait_for(&self, needle: &str) {
        let waited = tokio::time::timeout(LIMIT, async {
            while !self.screen().contains(needle) {
                tokio::time::sleep(Duration::from_millis(50)).await;
            }
        })
        .await;
        assert!(
            waited.is_ok(),
            "`{needle}` not on the screen within {LIMIT:?}; the screen:\n{}",
            self.screen()
        );
    }

    async fn end(self) -> Result<TerminalEnd, EngineError> {
        tokio::time::timeout(LIMIT, self.ended)
            .await
            .expect("the session ends")
            .unwrap()
    }
}

fn request(cmd: &[&str]) -> ExecRequest {
    ExecRequest {
        cmd: cmd.iter().map(|s| s.to_string()).collect(),
        cols: 80,
        rows: 24,
        ..Default::default()
    }
}

fn running_sleeper(labels: &Labelled, what: &str) -> String {
    let name = unique(what);
    labels.run_detached(&name, &[], &["sleep", "600"]);
    name
}

#[tokio::test]
async fn an_exec_shows_its_output_and_ends_with_its_exit_code() {
    let (_, _, labels, engine) = TestEngine::start().await.into_parts();
    let name = running_sleeper(&labels, "exec-out");
    let mut req = request(&[
        "sh",
        "-c",
        "echo \"$GREETING from $(pwd) as $(id -u)\"; exit 3",
    ]);
    req.env = vec!["GREETING=hello-exec".into()];
    req.working_dir = Some("/etc".into());
    req.user = Some("1234".into());
    let session = engine.exec_open(&name, req).await.unwrap();
    let run = Running::start(session);
    run.wait_for("hello-exec from /etc as 1234").await;
    let screen = run.screen();
    let end = run.end().await.unwrap();
    assert_eq!(end.exit_code, Some(3), "{screen}");
    assert_eq!(end.not_started, None);
    assert!(!end.detached);
}

#[tokio::test]
async fn typed_input_goes_through_cat_and_ctrl_d_ends_it() {
    let (_, _, labels, engine) = TestEngine::start().await.into_parts();
    let name = running_sleeper(&labels, "exec-cat");
    let session = engine.exec_open(&name, request(&["cat"])).await.unwrap();
    let run = Running::start(session);
    run.type_keys("round-trip-1\r").await;
    // The TTY echoes the line as typed, then cat writes it back: twice on the screen.
    eventually(LIMIT, "the line echoed and written back by cat", || async {
        (run.screen().matches("round-trip-1").count() >= 2).then_some(())
    })
    .await;
    run.type_keys("\u{4}").await;
    assert_eq!(run.end().await.unwrap().exit_code, Some(0));
}

#[tokio::test]
async fn the_first_size_and_a_resize_reach_the_tty() {
    let (_, _, labels, engine) = TestEngine::start().await.into_parts();
    let name = running_sleeper(&labels, "exec-size");
    let mut req = request(&["sh"]);
    (req.cols, req.rows) = (91, 27);
    let session = engine.exec_open(&name, req).await.unwrap();
    let run = Running::start(session);
    run.type_keys("stty size\r").await;
    run.wait_for("27 91").await;
    run.resize.to(132, 43).await.unwrap();
    run.type_keys("stty size\r").await;
    run.wait_for("43 132").await;
    run.type_keys("exit 5\r").await;
    assert_eq!(run.end().await.unwrap().exit_code, Some(5));
}

#[tokio::test]
async fn a_command_the_image_lacks_ends_with_words_on_what_to_try() {
    let (_, _, labels, engine) = TestEngine::start().await.into_parts();
    let name = running_sleeper(&labels, "exec-noshell");
    // The fixture (busybox) has sh but no bash: the same as an image without any shell.
    let session = engine.exec_open(&name, request(&["bash"])).await.unwrap();
    let run = Running::start(session);
    let end = run.end().await.unwrap();
    assert_eq!(end.exit_code, Some(126));
    let words = end
        .not_started
        .expect("the end says the command never started");
    assert!(words.contains("may have no bash"), "{words}");
    assert!(words.contains("Try sh"), "{words}");
    assert!(
        words.contains("e.g. sleep"),
        "the main process is suggested: {words}"
    );

    // A command that ran and failed with the same code is not mistaken for a missing one.
    let session = engine
        .exec_open(&name, request(&["sh", "-c", "exit 126"]))
        .await
        .unwrap();
    let end = Running::start(session).end().await.unwrap();
    assert_eq!(end.exit_code, Some(126));
    assert_eq!(end.not_started, None);
}

#[tokio::test]
async fn a_stopped_container_and_a_bad_request_are_refused_in_words() {
    let (_, _, labels, engine) = TestEngine::start().await.into_parts();
    let name = unique("exec-stopped");
    labels.create(&name, &[], &["sleep", "600"]);
    let refused = engine
        .exec_open(&name, request(&["sh"]))
        .await
        .err()
        .unwrap();
    assert!(matches!(refused, EngineError::Conflict(_)), "{refused:?}");
    assert!(
        refused
            .to_string()
            .contains("start the container to open a terminal"),
        "{refused}"
    );
    let mut bad = request(&["sh"]);
    bad.working_dir = Some("tmp".into());
    let refused = engine.exec_open(&name, bad).await.err().unwrap();
    assert!(
        matches!(refused, EngineError::InvalidInput(_)),
        "{refused:?}"
    );
    assert!(refused.to_string().starts_with("workingDir:"), "{refused}");
    let missing = engine
        .exec_open(&unique("no-such"), request(&["sh"]))
        .await
        .err()
        .unwrap();
    assert!(matches!(missing, EngineError::NotFound(_)), "{missing:?}");
}

#[tokio::test]
async fn a_cancelled_exec_leaves_no_process_behind() {
    let (_, cli, labels, engine) = TestEngine::start().await.into_parts();
    let name = running_sleeper(&labels, "exec-cancel");
    let session = engine.exec_open(&name, request(&["sh"])).await.unwrap();
    let run = Running::start(session);
    run.type_keys("echo marker-$((40+2))\r").await;
    run.wait_for("marker-42").await;
    let processes = || cli.lines(&["top", &name, "-o", "pid,comm"]).len();
    assert_eq!(processes(), 3, "the header, sleep and the shell");
    run.cancel.cancel();
    assert!(matches!(run.end().await, Err(EngineError::Cancelled)));
    eventually(
        LIMIT,
        "the shell gone once its session was closed",
        || async { (processes() == 2).then_some(()) },
    )
    .await;
}

async fn attach_to_it_container(engine: &Engine, labels: &Labelled) -> (String, Running) {
    let name = unique("attach");
    labels.run_detached(&name, &["-it"], &["sh"]);
    let session = engine.attach_open(&name, 80, 24).await.unwrap();
    let run = Running::start(session);
    // Nothing is printed on attach (as with `docker attach`): ask the shell for something.
    run.type_keys("echo attached-$((2+3))\r").await;
    run.wait_for("attached-5").await;
    (name, run)
}

#[tokio::test]
async fn attach_then_detach_keys_leave_the_container_running() {
    let (_, cli, labels, engine) = TestEngine::start().await.into_parts();
    let (name, run) = attach_to_it_container(&engine, &labels).await;
    run.keys.send(DETACH_BYTES.to_vec()).await.unwrap();
    let end = run.end().await.unwrap();
    assert!(end.detached, "{end:?}");
    assert_eq!(end.exit_code, None);
    assert_eq!(
        cli.run(&["inspect", "-f", "{{.State.Running}}", &name]),
        "true"
    );

    // Closing the session (the tab) detaches too, and the shell still answers afterwards.
    let session = engine.attach_open(&name, 80, 24).await.unwrap();
    let run = Running::start(session);
    run.type_keys("echo again-$((3+4))\r").await;
    run.wait_for("again-7").await;
    run.cancel.cancel();
    assert!(matches!(run.end().await, Err(EngineError::Cancelled)));
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert_eq!(
        cli.run(&["inspect", "-f", "{{.State.Running}}", &name]),
        "true"
    );
    let session = engine.attach_open(&name, 80, 24).await.unwrap();
    let run = Running::start(session);
    run.type_keys("exit 4\r").await;
    let end = run.end().await.unwrap();
    assert_eq!((end.exit_code, end.detached), (Some(4), false), "{end:?}");
}

#[tokio::test]
async fn attach_to_a_container_without_it_is_refused_with_what_to_do() {
    let (_, _, labels, engine) = TestEngine::start().await.into_parts();
    let name = running_sleeper(&labels, "attach-no-tty");
    let refused = engine.attach_open(&name, 80, 24).await.err().unwrap();
    assert!(matches!(refused, EngineError::Conflict(_)), "{refused:?}");
    let words = refused.to_string();
    assert!(words.contains("without -i and -t"), "{words}");
    assert!(words.contains("exec instead"), "{words}");
}
