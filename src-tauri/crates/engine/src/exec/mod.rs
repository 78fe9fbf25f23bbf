//! Terminal sessions inside a container: `docker exec -it` (a new process beside the main one,
//! on a TTY of its own) and `docker attach` (the keyboard and screen of the main process, when it
//! was started with `-it`). A session is opened, then [`TerminalSession::run`] pumps keystrokes
//! in and screen bytes out until the process ends, the user detaches, or the caller cancels;
//! its [`Resize`] handle changes the TTY's size meanwhile. What each session *says* (`docker
//! exec -it …`, `docker attach …`) is runspec's (`exec_spec`).

use crate::error::EngineError;
use crate::Engine;
use bollard::container::LogOutput;
use bollard::exec::{CreateExecOptions, StartExecOptions, StartExecResults};
use bollard::query_parameters::{
    AttachContainerOptionsBuilder, ResizeContainerTTYOptionsBuilder, ResizeExecOptionsBuilder,
};
use bytes::{Bytes, BytesMut};
use futures_util::{Stream, StreamExt};
use serde::Serialize;
use std::pin::Pin;
use std::time::Duration;
use tokio::io::{AsyncWrite, AsyncWriteExt};
use tokio::sync::mpsc;
use tokio_util::sync::CancellationToken;
use tugboat_runspec::exec_spec::{ExecRequest, DETACH_BYTES, DETACH_KEYS};

/// The exit status the engine gives an exec whose process never started: no such program, no
/// such user or working directory (runc's "could not start" status, 126, or the shell's 127).
const NOT_STARTED_CODES: [i32; 2] = [126, 127];

/// How long the end of a session waits for the engine to record the exit code: the stream can
/// close a moment before the engine marks the exec as finished.
const EXIT_CODE_WAIT: Duration = Duration::from_secs(10);

/// How long a closed session waits for the engine to end it (a detach, or a shell's exit).
const DETACH_WAIT: Duration = Duration::from_secs(3);

/// How a session ended, for the terminal to say in words.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct TerminalEnd {
    /// The process's exit code: the exec's, or the main process's when an attached container
    /// stopped. None after a detach (it is still running).
    pub exit_code: Option<i32>,
    /// The session detached and the container kept running (attach only).
    pub detached: bool,
    /// Set when the command never started (the engine wrote its reason on the screen): what to
    /// try instead, in words.
    pub not_started: Option<String>,
}

/// Changes the size of a session's TTY; cheap to clone, usable while the session runs.
#[derive(Clone)]
pub struct Resize {
    engine: Engine,
    target: Target,
}

#[derive(Clone)]
enum Target {
    Exec(String),
    Container(String),
}

impl Resize {
    /// Sets the TTY to `cols` × `rows`: the process gets SIGWINCH and redraws.
    pub async fn to(&self, cols: u16, rows: u16) -> Result<(), EngineError> {
        if cols == 0 || rows == 0 {
            return Err(EngineError::InvalidInput(format!(
                "cols, rows: {cols}×{rows} is not a terminal size; both must be at least 1"
            )));
        }
        let (w, h) = (i32::from(cols), i32::from(rows));
        match &self.target {
            Target::Exec(id) => {
                let options = ResizeExecOptionsBuilder::new().w(w).h(h).build();
                self.engine.docker.resize_exec(id, options).await?;
            }
            Target::Container(id) => {
                let options = ResizeContainerTTYOptionsBuilder::new().w(w).h(h).build();
                self.engine.docker.resize_container_tty(id, options).await?;
            }
        }
        Ok(())
    }
}

type Output = Pin<Box<dyn Stream<Item = Result<LogOutput, bollard::errors::Error>> + Send>>;
type Screen = futures_util::stream::ReadyChunks<Output>;

/// An open terminal session; [`TerminalSession::run`] drives it.
pub struct TerminalSession {
    output: Output,
    input: Pin<Box<dyn AsyncWrite + Send>>,
    resize: Resize,
    kind: Kind,
}

enum Kind {
    Exec {
        id: String,
        request: ExecRequest,
        /// What the container runs as its main process: a program the image surely has, to
        /// suggest when the command asked for is not there.
        main: Option<String>,
    },
    Attach {
        container: String,
    },
}

/// The parts of `docker inspect` a terminal needs.
struct Inspected {
    id: String,
    name: String,
    running: bool,
    paused: bool,
    status: String,
    tty: bool,
    open_stdin: bool,
    main: Option<String>,
}

impl Engine {
    async fn terminal_target(&self, container: &str) -> Result<Inspected, EngineError> {
        let c = self.docker.inspect_container(container, None).await?;
        let state = c.state.unwrap_or_default();
        let config = c.config.unwrap_or_default();
        Ok(Inspected {
            id: c.id.unwrap_or_else(|| container.to_owned()),
            name: c
                .name
                .map(|n| n.trim_start_matches('/').to_owned())
                .unwrap_or_else(|| container.to_owned()),
            running: state.running.unwrap_or(false),
            paused: state.paused.unwrap_or(false),
            status: state
                .status
                .map(|s| s.to_string())
                .unwrap_or_else(|| "not running".into()),
            tty: config.tty.unwrap_or(false),
            open_stdin: config.open_stdin.unwrap_or(false),
            main: c.path.filter(|p| !p.is_empty()),
        })
    }

    /// Refuses, in words, a container no terminal can open in.
    fn check_running(t: &Inspected) -> Result<(), EngineError> {
        if t.paused {
            return Err(EngineError::Conflict(format!(
                "{} is paused: unpause it to open a terminal",
                t.name
            )));
        }
        if !t.running {
            return Err(EngineError::Conflict(format!(
                "{} is {}: start the container to open a terminal",
                t.name, t.status
            )));
        }
        Ok(())
    }

    /// `docker exec -it …`: starts `request.cmd` in `container` on a new TTY of
    /// `request.cols`×`request.rows`, with stdin attached.
    pub async fn exec_open(
        &self,
        container: &str,
        request: ExecRequest,
    ) -> Result<TerminalSession, EngineError> {
        if let Err(errs) = request.validate() {
            let words: Vec<String> = errs
                .into_iter()
                .map(|e| format!("{}: {}", e.field, e.message))
                .collect();
            return Err(EngineError::InvalidInput(words.join("; ")));
        }
        let target = self.terminal_target(container).await?;
        Self::check_running(&target)?;
        let options = CreateExecOptions::<String> {
            attach_stdin: Some(true),
            attach_stdout: Some(true),
            attach_stderr: Some(true),
            tty: Some(true),
            env: (!request.env.is_empty()).then(|| request.env.clone()),
            cmd: Some(request.cmd.clone()),
            user: request.user.clone(),
            working_dir: request.working_dir.clone(),
            ..Default::default()
        };
        let created = self.docker.create_exec(&target.id, options).await?;
        let start = StartExecOptions {
            detach: false,
            tty: true,
            output_capacity: None,
        };
        let StartExecResults::Attached { output, input } =
            self.docker.start_exec(&created.id, Some(start)).await?
        else {
            return Err(EngineError::Protocol(
                "the engine started the exec detached, though it was asked to attach".into(),
            ));
        };
        let resize = Resize {
            engine: self.clone(),
            target: Target::Exec(created.id.clone()),
        };
        // API 1.41 takes no size at create: set it now, as the docker CLI does. The process may
        // not have its TTY yet for a few milliseconds, so a refusal is tried again briefly; a
        // process that never started is reported when the session ends, not here.
        for attempt in 0..3u64 {
            match resize.to(request.cols, request.rows).await {
                Ok(()) => break,
                Err(e) => {
                    tracing::debug!(attempt, error = %e, "first exec resize refused");
                    tokio::time::sleep(Duration::from_millis(20 * (attempt + 1))).await;
                }
            }
        }
        tracing::info!(container = %target.name, exec = %created.id, "exec session opened");
        Ok(TerminalSession {
            output,
            input,
            resize,
            kind: Kind::Exec {
                id: created.id,
                request,
                main: target.main,
            },
        })
    }

    /// `docker attach`: the stdin, stdout and stderr of `container`'s main process, which must
    /// have been started with `-it` (a TTY and an open stdin). Detaching with ctrl-p ctrl-q
    /// leaves it running.
    pub async fn attach_open(
        &self,
        container: &str,
        cols: u16,
        rows: u16,
    ) -> Result<TerminalSession, EngineError> {
        let target = self.terminal_target(container).await?;
        Self::check_running(&target)?;
        if !target.tty || !target.open_stdin {
            let missing = match (target.open_stdin, target.tty) {
                (false, false) => "-i and -t (keep stdin open, allocate a TTY)",
                (false, true) => "-i (keep stdin open)",
                _ => "-t (allocate a TTY)",
            };
            return Err(EngineError::Conflict(format!(
                "{} was started without {missing}, so its main process has no keyboard to \
                 attach to. Open a terminal with exec instead (a new process beside it), or \
                 run it again with -it (Interactive and TTY in the run form)",
                target.name
            )));
        }
        let options = AttachContainerOptionsBuilder::new()
            .stdin(true)
            .stdout(true)
            .stderr(true)
            .stream(true)
            .logs(false)
            .detach_keys(DETACH_KEYS)
            .build();
        let attached = self
            .docker
            .attach_container(&target.id, Some(options))
            .await?;
        let resize = Resize {
            engine: self.clone(),
            target: Target::Container(target.id.clone()),
        };
        if let Err(e) = resize.to(cols, rows).await {
            tracing::debug!(error = %e, "first attach resize refused");
        }
        tracing::info!(container = %target.name, "attach session opened");
        Ok(TerminalSession {
            output: attached.output,
            input: attached.input,
            resize,
            kind: Kind::Attach {
                container: target.id,
            },
        })
    }
}

/// Most chunks a burst of output is joined from before it goes out: one message per burst
/// instead of one per read keeps a flood from queueing thousands of tiny messages.
const BURST_CHUNKS: usize = 64;

fn into_bytes(item: LogOutput) -> Bytes {
    match item {
        LogOutput::StdOut { message }
        | LogOutput::StdErr { message }
        | LogOutput::Console { message }
        | LogOutput::StdIn { message } => message,
    }
}

impl TerminalSession {
    /// The handle that resizes this session's TTY.
    pub fn resize(&self) -> Resize {
        self.resize.clone()
    }

    /// Pumps `input` (keystrokes and pastes, as bytes) to the process and its screen bytes to
    /// `output` (false from it stops the session, as the view is gone) until the process ends
    /// or detaches, or `cancel` fires. A cancelled exec session closes its connection (the
    /// engine then closes the TTY, which ends a shell); a cancelled attach session detaches
    /// first, so the container keeps running.
    pub async fn run(
        self,
        mut input: mpsc::Receiver<Vec<u8>>,
        cancel: &CancellationToken,
        mut output: impl FnMut(Bytes) -> bool,
    ) -> Result<TerminalEnd, EngineError> {
        let TerminalSession {
            output: screen,
            input: mut keyboard,
            resize,
            kind,
        } = self;
        // The engine writes a TTY's bytes raw (no frame headers); bollard's reader returns
        // each read whole, and bursts are joined here.
        let mut screen = screen.ready_chunks(BURST_CHUNKS);
        let mut input_open = true;
        let cancelled = loop {
            tokio::select! {
                _ = cancel.cancelled() => break true,
                typed = input.recv(), if input_open => match typed {
                    Some(bytes) => {
                        if let Err(e) = write_all(&mut keyboard, &bytes).await {
                            // The process may have just ended: its output end says how.
                            tracing::debug!(error = %e, "terminal input not delivered");
                            input_open = false;
                        }
                    }
                    None => input_open = false,
                },
                chunk = screen.next() => match chunk {
                    Some(items) => {
                        let mut burst = BytesMut::new();
                        let mut failed = None;
                        for item in items {
                            match item {
                                Ok(item) => burst.extend_from_slice(&into_bytes(item)),
                                Err(e) => failed = Some(e),
                            }
                        }
                        if !burst.is_empty() && !output(burst.freeze()) {
                            break true;
                        }
                        if let Some(e) = failed {
                            tracing::debug!(error = %e, "terminal stream ended with an error");
                            break false;
                        }
                    }
                    None => break false,
                },
            }
        };
        match kind {
            Kind::Exec { id, request, main } => {
                if cancelled {
                    hang_up(&mut keyboard, &mut screen).await;
                    return Err(EngineError::Cancelled);
                }
                exec_end(&resize.engine, &id, &request, main.as_deref()).await
            }
            Kind::Attach { container } => {
                if cancelled {
                    // Detach the way a person would, so the engine does not treat the closed
                    // connection as the end of the main process's stdin.
                    let _ = write_all(&mut keyboard, &DETACH_BYTES).await;
                    let _ = tokio::time::timeout(DETACH_WAIT, async {
                        while screen.next().await.is_some() {}
                    })
                    .await;
                    return Err(EngineError::Cancelled);
                }
                attach_end(&resize.engine, &container).await
            }
        }
    }
}

/// Ends an exec's process when its session is closed. Closing the connection is not enough:
/// the engine keeps the TTY open and the process runs on with no one to type to it, and the
/// API has no call to signal an exec's process. So the session does what a person would:
/// ctrl-c (ends a foreground program), then ctrl-d (ends a shell at an empty prompt). A program
/// that ignores both (a full-screen editor) keeps running until the container stops.
async fn hang_up(keyboard: &mut Pin<Box<dyn AsyncWrite + Send>>, screen: &mut Screen) {
    for key in [[0x03u8], [0x04u8]] {
        if write_all(keyboard, &key).await.is_err() {
            break;
        }
        // Each key on its own: a line editor may drop what follows a ctrl-c in the same read.
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let _ = tokio::time::timeout(DETACH_WAIT, async {
        while screen.next().await.is_some() {}
    })
    .await;
    let _ = keyboard.shutdown().await;
}

async fn write_all(
    keyboard: &mut Pin<Box<dyn AsyncWrite + Send>>,
    bytes: &[u8],
) -> std::io::Result<()> {
    keyboard.write_all(bytes).await?;
    keyboard.flush().await
}

/// The exit code of a finished exec (waiting briefly for the engine to record it), and what to
/// try instead when the command never started.
async fn exec_end(
    engine: &Engine,
    id: &str,
    request: &ExecRequest,
    main: Option<&str>,
) -> Result<TerminalEnd, EngineError> {
    let deadline = tokio::time::Instant::now() + EXIT_CODE_WAIT;
    let inspected = loop {
        let i = engine.docker.inspect_exec(id).await?;
        if i.running != Some(true) || tokio::time::Instant::now() >= deadline {
            break i;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    };
    // Exit codes are 0-255 (or a signal's 128+n): they fit an i32, which the UI reads exactly.
    let code = inspected.exit_code.and_then(|c| i32::try_from(c).ok());
    // A process that ran has a pid; one the engine could not start has none (0).
    let never_ran = inspected.pid.unwrap_or(0) == 0;
    let not_started = match code {
        Some(c) if never_ran && NOT_STARTED_CODES.contains(&c) => {
            Some(not_started_advice(request, main))
        }
        _ => None,
    };
    Ok(TerminalEnd {
        exit_code: code,
        detached: false,
        not_started,
    })
}

/// What to say when an exec's process never started: the program may be missing (an image
/// without a shell is common: distroless, scratch), or the user or working directory asked for.
pub fn not_started_advice(request: &ExecRequest, main: Option<&str>) -> String {
    let program = request.cmd.first().map(String::as_str).unwrap_or_default();
    let mut words = format!("{program} could not start in this container.");
    let shell = matches!(
        program.rsplit('/').next(),
        Some("sh" | "bash" | "ash" | "zsh")
    );
    if shell {
        words.push_str(&format!(
            " This image may have no {program}: not every image has a shell (distroless and \
             scratch images have none)."
        ));
        if program.ends_with("bash") {
            words.push_str(" Try sh, which more images have.");
        }
    } else {
        words.push_str(&format!(" The image may have no program called {program}."));
    }
    match main {
        Some(main) if main != program => words.push_str(&format!(
            " Try a command it has, e.g. {main} (what the container itself runs)."
        )),
        _ => words.push_str(" Try a command the image has."),
    }
    if let Some(user) = &request.user {
        words.push_str(&format!(" Check that user {user} exists in the image."));
    }
    if let Some(dir) = &request.working_dir {
        words.push_str(&format!(" Check that {dir} exists in the container."));
    }
    words
}

/// How long an attach session's end watches for the main process to stop: the stream closes on
/// a detach and when the process exits alike, and the engine marks the exit a moment after.
const EXIT_SETTLE: Duration = Duration::from_secs(1);

/// After an attach stream closed: detached (the container still runs), or the main process
/// ended and this is its exit code.
async fn attach_end(engine: &Engine, container: &str) -> Result<TerminalEnd, EngineError> {
    let deadline = tokio::time::Instant::now() + EXIT_SETTLE;
    loop {
        let c = engine.docker.inspect_container(container, None).await?;
        let state = c.state.unwrap_or_default();
        let running = state.running.unwrap_or(false);
        if !running || tokio::time::Instant::now() >= deadline {
            return Ok(TerminalEnd {
                exit_code: if running {
                    None
                } else {
                    state.exit_code.and_then(|c| i32::try_from(c).ok())
                },
                detached: running,
                not_started: None,
            });
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn request(cmd: &[&str]) -> ExecRequest {
        ExecRequest {
            cmd: cmd.iter().map(|s| s.to_string()).collect(),
            cols: 80,
            rows: 24,
            ..Default::default()
        }
    }

    #[test]
    fn a_missing_shell_is_explained_with_a_command_the_image_has() {
        let words = not_started_advice(&request(&["bash"]), Some("nginx"));
        assert!(words.contains("may have no bash"), "{words}");
        assert!(words.contains("Try sh"), "{words}");
        assert!(words.contains("e.g. nginx"), "{words}");
        let words = not_started_advice(&request(&["/bin/sh"]), Some("/bin/sh"));
        assert!(words.contains("may have no /bin/sh"), "{words}");
        assert!(
            !words.contains("e.g."),
            "the main process is no alternative: {words}"
        );
    }

    #[test]
    fn a_missing_program_user_or_folder_is_named() {
        let mut r = request(&["htop"]);
        r.user = Some("ghost".into());
        r.working_dir = Some("/nope".into());
        let words = not_started_advice(&r, Some("sleep"));
        assert!(words.contains("no program called htop"), "{words}");
        assert!(words.contains("user ghost"), "{words}");
        assert!(words.contains("/nope exists"), "{words}");
    }
}
