//! End to end: the real app binary in a real window (Xvfb), driven through tauri-driver and
//! WebKitWebDriver like a user would, against real engines. Each test starts its own
//! tauri-driver so it can give the app its own DOCKER_HOST.

use crate::pages::*;
use crate::support::*;
use fantoccini::elements::Element;
use fantoccini::{Client, Locator};
use std::path::PathBuf;
use std::process::Command;
use std::time::{Duration, Instant};
pub(crate) use tugboat_testkit::driver::free_port;

/// Every test that opens the app holds one of these first (`ONE_WINDOW.lock().await`): one
/// window per virtual display, so a test's window never shares a display, a keyboard focus or
/// a screenshot with another test's. The displays are listed in `TUGBOAT_E2E_DISPLAYS`
/// (`":99 :100"`: scripts/test.sh starts them); without it, `$DISPLAY` alone, one window at a
/// time.
pub(crate) static ONE_WINDOW: Windows = Windows {
    open: tokio::sync::Semaphore::const_new(0),
    free: std::sync::Mutex::new(None),
};

pub(crate) struct Windows {
    open: tokio::sync::Semaphore,
    /// The displays no test holds; None until the first lock reads the environment.
    free: std::sync::Mutex<Option<Vec<Option<String>>>>,
}

thread_local! {
    /// The display of the window slot this test holds. A test's body runs on its own thread
    /// (`block_on` polls the test's future there, whatever the runtime flavour), so
    /// `App::launch` in the body finds it here.
    static HELD_DISPLAY: std::cell::RefCell<Option<String>> = const { std::cell::RefCell::new(None) };
}

/// A window slot, given back when the test ends (also when it panics).
pub(crate) struct WindowSlot {
    display: Option<String>,
    _permit: tokio::sync::SemaphorePermit<'static>,
}

impl Windows {
    pub(crate) async fn lock(&'static self) -> WindowSlot {
        {
            let mut free = self.free.lock().unwrap_or_else(|e| e.into_inner());
            if free.is_none() {
                let displays: Vec<Option<String>> = std::env::var("TUGBOAT_E2E_DISPLAYS")
                    .map(|v| v.split_whitespace().map(|d| Some(d.to_owned())).collect())
                    .unwrap_or_default();
                let displays = if displays.is_empty() {
                    vec![None]
                } else {
                    displays
                };
                self.open.add_permits(displays.len());
                *free = Some(displays);
            }
        }
        let permit = self.open.acquire().await.unwrap();
        let display = self
            .free
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .as_mut()
            .and_then(Vec::pop)
            .expect("a permit stands for a free display");
        HELD_DISPLAY.with(|d| *d.borrow_mut() = display.clone());
        WindowSlot {
            display,
            _permit: permit,
        }
    }
}

impl Drop for WindowSlot {
    fn drop(&mut self) {
        HELD_DISPLAY.with(|d| *d.borrow_mut() = None);
        // Slots come only from ONE_WINDOW. The permit is released after this, once the
        // display is back in the list.
        let mut free = ONE_WINDOW.free.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(free) = free.as_mut() {
            free.push(self.display.take());
        }
    }
}

/// How long a test waits for something the user would see before calling it missing: a limit
/// for a busy 2-core machine, not a speed target. How fast things appear is measured by the
/// benchmark (`benches/app.rs`), never asserted here.
pub(crate) const LIMIT: Duration = Duration::from_secs(10);

pub(crate) fn app_binary() -> PathBuf {
    let bin = std::env::var("TUGBOAT_APP_BIN").unwrap_or_else(|_| {
        panic!("TUGBOAT_APP_BIN is not set: run the tests through scripts/test.sh, which builds the app")
    });
    let bin = PathBuf::from(bin);
    assert!(bin.exists(), "app binary {} does not exist", bin.display());
    bin
}

pub(crate) struct App {
    pub(crate) client: Client,
    log: PathBuf,
    /// The X display the window is on (None: `$DISPLAY`), for xdotool.
    display: Option<String>,
    /// The app's settings folder when the test gave none (see `driver::Session::settings`).
    _settings: Option<tempfile::TempDir>,
    /// Dropped last: kills the driver, WebKitWebDriver and the app, also when a test panics.
    _driver: tugboat_testkit::driver::DriverProcess,
}

impl App {
    /// Starts tauri-driver with `DOCKER_HOST=docker_host` and opens the app through it.
    pub(crate) async fn launch(docker_host: &str) -> App {
        Self::launch_with_env(docker_host, &[]).await
    }

    /// As [`App::launch`], with `env` added to the app's environment: a test gives the app a
    /// `DOCKER_CONFIG` of its own, so the user's `~/.docker` is never read or written.
    pub(crate) async fn launch_with_env(
        docker_host: &str,
        env: &[(&str, &std::ffi::OsStr)],
    ) -> App {
        Self::launch_program(&app_binary(), docker_host, env).await
    }

    /// As [`App::launch_with_env`], with another build of the app (an installed one).
    pub(crate) async fn launch_program(
        program: &std::path::Path,
        docker_host: &str,
        env: &[(&str, &std::ffi::OsStr)],
    ) -> App {
        let display = HELD_DISPLAY.with(|d| d.borrow().clone());
        let session =
            tugboat_testkit::driver::launch_with_env(program, docker_host, display.as_deref(), env)
                .await;
        App {
            client: session.client,
            log: session.log,
            display,
            _settings: session.settings,
            _driver: session.process,
        }
    }

    /// xdotool, on the display this app's window is on (GTK's own dialogs, the window's size:
    /// what WebDriver cannot reach).
    pub(crate) fn xdotool(&self) -> Command {
        let mut xdotool = Command::new("xdotool");
        if let Some(display) = &self.display {
            xdotool.env("DISPLAY", display);
        }
        xdotool
    }

    /// The WebDriver session, for what the helpers here do not cover (scripts, window size).
    pub(crate) fn client(&self) -> &Client {
        &self.client
    }

    pub(crate) fn css(testid: &str) -> String {
        format!("[data-testid='{testid}']")
    }

    pub(crate) async fn find(&self, css: &str) -> Option<Element> {
        self.client.find(Locator::Css(css)).await.ok()
    }

    /// Waits for an element; `limit` is when we give up, not a performance target.
    pub(crate) async fn wait(&self, css: &str, limit: Duration) -> Element {
        let start = Instant::now();
        loop {
            if let Some(e) = self.find(css).await {
                return e;
            }
            if start.elapsed() > limit {
                self.shot(&format!("missing-{}", sanitize(css))).await;
                panic!("{css} did not appear within {limit:?}");
            }
            tokio::time::sleep(Duration::from_millis(40)).await;
        }
    }

    pub(crate) async fn wait_gone(&self, css: &str, limit: Duration) {
        let start = Instant::now();
        while self.find(css).await.is_some() {
            if start.elapsed() > limit {
                self.shot(&format!("stuck-{}", sanitize(css))).await;
                panic!("{css} still shown after {limit:?}");
            }
            tokio::time::sleep(Duration::from_millis(40)).await;
        }
    }

    pub(crate) async fn text(&self, testid: &str) -> String {
        let e = self.wait(&Self::css(testid), Duration::from_secs(10)).await;
        e.text().await.unwrap_or_default().trim().to_owned()
    }

    /// Saves a screenshot of the window. The app has WebKit paint without a compositor
    /// (src-tauri/src/webview.rs); WebKit's WebDriver then answers a screenshot only after the
    /// page's next paint, which a page holding still never has (seen: the onboarding screen's
    /// screenshot waited forever). So while it is taken, one pixel in the corner changes each
    /// frame, nearly transparent, and is gone afterwards.
    pub(crate) async fn shot(&self, name: &str) {
        let nudge = self
            .client
            .execute(
                r#"const dot = document.createElement('div');
                   dot.style.cssText = 'position:fixed;right:0;bottom:0;width:1px;height:1px;pointer-events:none;z-index:2147483647';
                   document.documentElement.appendChild(dot);
                   let on = false;
                   const timer = setInterval(() => {
                     on = !on;
                     dot.style.background = on ? 'rgba(0,0,0,0.01)' : 'transparent';
                   }, 16);
                   window.__tugboatShotDone = () => { clearInterval(timer); dot.remove(); };
                   return true;"#,
                vec![],
            )
            .await;
        let taken = tokio::time::timeout(Duration::from_secs(30), self.client.screenshot()).await;
        if nudge.is_ok() {
            let _ = self
                .client
                .execute("window.__tugboatShotDone?.(); return true;", vec![])
                .await;
        }
        match taken {
            Ok(Ok(png)) => save_shot(name, &png),
            // Said, not fatal: a failing test's own message matters more than its picture.
            Ok(Err(e)) => eprintln!("screenshot {name:?} not taken: {e}"),
            Err(_) => eprintln!("screenshot {name:?} not taken: no answer in 30 s"),
        }
    }

    /// Clicks the first element matching `css`, scrolled to the middle of its view first so a
    /// sticky bar cannot cover it, once it has stopped moving: WebDriver clicks a point, and a
    /// layout shift between scrolling and clicking would send the click elsewhere.
    ///
    /// Lost clicks were traced to exactly that: the run form's preview answers ~150 ms after a
    /// change and its field errors push the button down, after a short stability check had
    /// passed, so mousedown or mouseup landed on the error text (seen in 8 of 120 clicks on
    /// "Add a port"). So the click first waits until nothing on the page is `aria-busy` (a
    /// form marks itself busy until its preview is in), then for the element to hold still
    /// for several samples.
    pub(crate) async fn click(&self, css: &str) {
        self.wait_gone("[aria-busy='true']", Duration::from_secs(10))
            .await;
        let element = self.wait(css, Duration::from_secs(10)).await;
        let arg = serde_json::to_value(&element).unwrap();
        let _ = self
            .client
            .execute(
                "arguments[0].scrollIntoView({block: 'center'})",
                vec![arg.clone()],
            )
            .await;
        let rect = || async {
            self.client
                .execute(
                    "const r = arguments[0].getBoundingClientRect(); return [r.x, r.y, r.width, r.height];",
                    vec![arg.clone()],
                )
                .await
                .ok()
        };
        let settled = Instant::now();
        let mut last = rect().await;
        let mut still = 0;
        while still < 3 && settled.elapsed() < Duration::from_secs(3) {
            tokio::time::sleep(Duration::from_millis(50)).await;
            let now = rect().await;
            still = if now == last { still + 1 } else { 0 };
            last = now;
        }
        element
            .click()
            .await
            .unwrap_or_else(|e| panic!("click {css}: {e:?}"));
    }

    /// Types `text` into the field `testid`, replacing what it held, and waits until the field
    /// holds exactly that. A field under a dialog that is closing, or one being re-rendered,
    /// can refuse WebDriver's clear or keys for a moment (seen once in CI on the image filter
    /// just after the pull dialog closed): the whole step is tried again for up to 10 s, then
    /// fails naming the field, the step and WebDriver's answer.
    pub(crate) async fn type_into(&self, testid: &str, text: &str) {
        let css = Self::css(testid);
        let start = Instant::now();
        let mut attempt = 0;
        loop {
            attempt += 1;
            let field = self.wait(&css, Duration::from_secs(10)).await;
            let outcome = match field.clear().await {
                Err(e) => Err(format!("clear: {e}")),
                Ok(()) => match field.send_keys(text).await {
                    Err(e) => Err(format!("send_keys: {e}")),
                    Ok(()) => match field.prop("value").await {
                        Ok(Some(v)) if v == text => Ok(()),
                        Ok(v) => Err(format!("the field holds {v:?}")),
                        Err(e) => Err(format!("reading the value: {e}")),
                    },
                },
            };
            match outcome {
                Ok(()) => return,
                Err(why) if start.elapsed() > Duration::from_secs(10) => {
                    self.shot(&format!("typing-{}", sanitize(&css))).await;
                    panic!("typing {text:?} into {css} failed {attempt} times; last: {why}");
                }
                Err(why) => {
                    eprintln!("typing into {css}, attempt {attempt}: {why}; trying again");
                    tokio::time::sleep(Duration::from_millis(200)).await;
                }
            }
        }
    }

    /// Waits until the element's text contains `needle`.
    pub(crate) async fn wait_text(&self, css: &str, needle: &str, limit: Duration) -> String {
        let start = Instant::now();
        loop {
            if let Some(e) = self.find(css).await {
                let t = e.text().await.unwrap_or_default();
                if t.contains(needle) {
                    return t;
                }
                if start.elapsed() > limit {
                    self.shot(&format!("text-{}", sanitize(css))).await;
                    panic!("{css} reads {t:?}, never contained {needle:?} within {limit:?}");
                }
            } else if start.elapsed() > limit {
                panic!("{css} did not appear within {limit:?}");
            }
            tokio::time::sleep(Duration::from_millis(40)).await;
        }
    }

    pub(crate) async fn close(self) {
        let _ = self.client.clone().close().await;
    }

    /// Clicks `css` and waits for `expect` to appear. In long runs a WebDriver click very
    /// rarely never reaches the page (seen on plain buttons whose handler only adds a row).
    /// Such a lost click is a failure in CI (`CI=true`): a test must not pass by clicking
    /// again. Elsewhere it is clicked again (at most three clicks, 3 s apart), and each extra
    /// click is logged, so a local run still shows what a person would see.
    pub(crate) async fn click_expecting(&self, css: &str, expect: &str) {
        for attempt in 1..=3 {
            self.click(css).await;
            let start = Instant::now();
            while start.elapsed() < Duration::from_secs(3) {
                if self.find(expect).await.is_some() {
                    return;
                }
                tokio::time::sleep(Duration::from_millis(50)).await;
            }
            self.shot(&format!("click-{attempt}-{}", sanitize(css)))
                .await;
            lost_click(&format!("click {attempt} on {css} did not bring {expect}"));
        }
        panic!("{css} clicked three times, {expect} never appeared");
    }

    /// Clicks `opener` and answers the system file dialog it opens, titled `title`, with
    /// `path`. WebDriver sees only the web page, so this drives GTK's own dialog with xdotool
    /// the way a person would: focus it, type the path, press Enter.
    pub(crate) async fn answer_file_dialog(
        &self,
        opener: &str,
        title: &str,
        kind: FileDialog,
        path: &str,
    ) {
        let xdo = |args: &[&str]| {
            self.xdotool()
                .args(args)
                .output()
                .map(|o| {
                    (
                        o.status.success(),
                        String::from_utf8_lossy(&o.stdout).into_owned(),
                    )
                })
                .unwrap_or((false, String::new()))
        };
        self.click(opener).await;
        let start = Instant::now();
        let mut clicked_again = false;
        let window = loop {
            let (ok, out) = xdo(&["search", "--onlyvisible", "--name", title]);
            if let Some(id) = out.lines().next().filter(|_| ok) {
                break id.to_owned();
            }
            // A click that never reached the page (see click_expecting) gets one more outside
            // CI; GTK builds its first file chooser slowly on a busy 2-core machine, so not
            // too soon.
            if !clicked_again && start.elapsed() > Duration::from_secs(12) {
                self.shot("file-dialog-late").await;
                lost_click(&format!(
                    "no dialog {title:?} 12 s after clicking {opener}: clicking again"
                ));
                self.click(opener).await;
                clicked_again = true;
            }
            if start.elapsed() > Duration::from_secs(30) {
                self.shot("missing-file-dialog").await;
                let windows = xdo(&["search", "--onlyvisible", "--name", "."]).1;
                let names: Vec<String> = windows
                    .lines()
                    .map(|w| xdo(&["getwindowname", w]).1.trim().to_owned())
                    .collect();
                let errors = self.page_errors().await;
                panic!(
                    "no file dialog titled {title:?} appeared; visible windows: {names:?}; \
                     errors on the page: {errors:?}; app log ends with:\n{}",
                    self.log_tail(40)
                );
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        };
        // Between keys: GTK acts on a shortcut (Ctrl+L opens the location field) in its own
        // main loop, and nothing outside the dialog can see when it has. These pauses are the
        // one wait here without a condition to poll; a dialog that got the keys too early is
        // still caught below, as a dialog that did not close.
        let pause = || tokio::time::sleep(Duration::from_millis(300));
        // The dialog maps before it takes keys: focus it, and type only once X says it has
        // the focus.
        let start = Instant::now();
        loop {
            xdo(&["windowfocus", "--sync", &window]);
            if xdo(&["getwindowfocus"]).1.trim() == window {
                break;
            }
            if start.elapsed() > LIMIT {
                panic!("the file dialog {title:?} never took the keyboard focus");
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        match kind {
            // The name field has focus and takes a full path.
            FileDialog::Save => {
                xdo(&["key", "--clearmodifiers", "ctrl+a"]);
                xdo(&["type", "--delay", "10", path]);
            }
            // The location field (Ctrl+L) takes a full path.
            FileDialog::OpenFile => {
                xdo(&["key", "--clearmodifiers", "ctrl+l"]);
                pause().await;
                xdo(&["type", "--delay", "10", path]);
            }
            // Enter on a folder's path goes into it; Open (Alt+O), with nothing selected,
            // then chooses the folder the dialog is in.
            FileDialog::OpenFolder => {
                xdo(&["key", "--clearmodifiers", "ctrl+l"]);
                pause().await;
                xdo(&[
                    "type",
                    "--delay",
                    "10",
                    &format!("{}/", path.trim_end_matches('/')),
                ]);
                pause().await;
                xdo(&["key", "Return"]);
                pause().await;
                xdo(&["key", "--clearmodifiers", "alt+o"]);
            }
        }
        if !matches!(kind, FileDialog::OpenFolder) {
            pause().await;
            xdo(&["key", "Return"]);
        }
        let start = Instant::now();
        while xdo(&["search", "--onlyvisible", "--name", title]).0 {
            if start.elapsed() > Duration::from_secs(10) {
                panic!("the file dialog {title:?} did not close after answering it");
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// The texts of the field and dialog errors the page shows.
    pub(crate) async fn page_errors(&self) -> Vec<String> {
        let mut out = Vec::new();
        if let Ok(found) = self.client.find_all(Locator::Css(".ferr, .err")).await {
            for e in found {
                out.push(e.text().await.unwrap_or_default());
            }
        }
        out
    }

    /// Everything the driver and the app printed on stderr so far.
    pub(crate) fn log_text(&self) -> String {
        std::fs::read_to_string(&self.log).unwrap_or_default()
    }

    /// The last `lines` lines the driver and the app printed.
    pub(crate) fn log_tail(&self, lines: usize) -> String {
        let log = std::fs::read_to_string(&self.log).unwrap_or_default();
        let all: Vec<&str> = log.lines().collect();
        all[all.len().saturating_sub(lines)..].join("\n")
    }
}

/// A click that did not reach the page. In CI (`CI=true`) the test fails here; elsewhere the
/// caller clicks again, and this says so.
fn lost_click(what: &str) {
    if std::env::var("CI").as_deref() == Ok("true") {
        panic!("{what}: a lost click fails the test in CI (no retries there)");
    }
    eprintln!("{what}: clicking again (outside CI only)");
}

/// Which of GTK's file dialogs [`App::answer_file_dialog`] answers.
#[derive(Debug, Clone, Copy)]
pub(crate) enum FileDialog {
    Save,
    OpenFile,
    OpenFolder,
}

fn sanitize(s: &str) -> String {
    s.chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn home_screen_shows_what_docker_version_and_docker_ps_show() {
    let _window = ONE_WINDOW.lock().await;
    let host = test_host();
    let cli = Cli::new(&host);
    let app = App::launch(&host).await;
    app.wait(&App::css("home-view"), Duration::from_secs(30))
        .await;

    assert_eq!(app.text("engine-version").await, cli.server_version());
    let api = app.text("engine-api-version").await;
    assert!(
        api.starts_with(&cli.server_api_version()),
        "API shown as {api}, engine says {}",
        cli.server_api_version()
    );
    assert_eq!(
        app.text("engine-storage-driver").await,
        cli.run(&["info", "--format", "{{.Driver}}"])
    );
    // Other tests create containers in parallel: wait until a CLI snapshot and the screen agree.
    let start = Instant::now();
    loop {
        let before = (cli.container_count(true), cli.container_count(false));
        let shown = (
            app.text("count-containers").await,
            app.text("count-running").await,
        );
        let after = (cli.container_count(true), cli.container_count(false));
        if before == after && shown == (after.0.to_string(), after.1.to_string()) {
            break;
        }
        assert!(
            start.elapsed() < Duration::from_secs(20),
            "screen shows {shown:?} containers/running, docker ps shows {after:?}"
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    // Like `docker info`, the count includes intermediate images from builds.
    assert_eq!(
        app.text("count-images").await,
        cli.run(&["info", "--format", "{{.Images}}"])
    );

    // Disk usage is measured on request and agrees with docker system df.
    app.wait(&App::css("disk-usage-button"), LIMIT)
        .await
        .click()
        .await
        .unwrap();
    let row = app
        .wait(
            "[data-testid='disk-usage-row'][data-kind='images']",
            Duration::from_secs(20),
        )
        .await;
    let cells = row.find_all(Locator::Css("td")).await.unwrap();
    let total = cells[1].text().await.unwrap();
    let cli_images = cli.run(&["system", "df", "--format", "{{.TotalCount}}"]);
    assert_eq!(total.trim(), cli_images.lines().next().unwrap());
    app.shot("home").await;
    app.close().await;
}

/// Whole `docker ps -a` calls (`GET /v…/containers/json` without filters) the proxy saw; a
/// kept list's patch asks for its rows by id, with a filter.
fn whole_list_calls(proxy: &EngineProxy) -> usize {
    proxy
        .request_lines()
        .iter()
        .filter_map(|l| l.split(' ').nth(1).map(str::to_owned))
        .filter(|target| {
            let (path, query) = target.split_once('?').unwrap_or((target, ""));
            path.ends_with("/containers/json") && !query.contains("filters")
        })
        .count()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_home_counts_and_the_containers_list_share_one_docker_ps_at_start() {
    let _window = ONE_WINDOW.lock().await;
    // An engine of its own: another test's change would make the list learnt again, rightly.
    let daemon = PrivateDaemon::start();
    daemon.load_fixture();
    let cli = daemon.cli();
    for _ in 0..2 {
        cli.run(&["create", &fixture_image(), "true"]);
    }
    let proxy = EngineProxy::start(&daemon.host());
    let app = App::launch(&proxy.host()).await;
    app.wait_text(&App::css("count-containers"), "2", Duration::from_secs(30))
        .await;
    app.click(&App::css("nav-containers")).await;
    app.wait(
        "[data-testid='containers-view'][data-list-rows='2']",
        Duration::from_secs(30),
    )
    .await;
    // A change now is a patch of the kept list by id; the counts shown follow it.
    cli.run(&["create", &fixture_image(), "true"]);
    app.wait(
        "[data-testid='containers-view'][data-list-rows='3']",
        Duration::from_secs(30),
    )
    .await;
    app.click(&App::css("nav-home")).await;
    app.wait_text(&App::css("count-containers"), "3", Duration::from_secs(30))
        .await;
    assert_eq!(
        whole_list_calls(&proxy),
        1,
        "the first facts, the Containers view and the counts after a change read one list: {:?}",
        proxy.request_lines()
    );
    app.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_container_started_with_the_cli_appears_in_the_event_feed() {
    let _window = ONE_WINDOW.lock().await;
    let (host, _, labels, _) = TestEngine::start().await.into_parts();
    let app = App::launch(&host).await;
    app.wait(&App::css("event-feed"), Duration::from_secs(30))
        .await;

    let name = unique("feed");
    labels.run_detached(&name, &[], &["sleep", "30"]);
    // How soon it appears (the issue asks for 2 s) is measured by the benchmark.
    let row = app
        .wait(&EventFeed::container_event(&name, "start"), LIMIT)
        .await;
    let text = row.text().await.unwrap();
    assert!(
        text.contains(&name) && text.contains("started"),
        "row reads: {text}"
    );
    assert!(
        app.find(&EventFeed::container_event(&name, "create"))
            .await
            .is_some(),
        "the create event is listed too"
    );
    app.shot("event-feed").await;
    app.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn stopping_the_daemon_shows_the_banner_and_the_app_recovers_without_restart() {
    let _window = ONE_WINDOW.lock().await;
    let mut daemon = PrivateDaemon::start();
    let app = App::launch(&daemon.host()).await;
    app.wait(&App::css("home-view"), Duration::from_secs(30))
        .await;
    app.wait(
        "[data-testid='engine-state'][data-state='connected']",
        LIMIT,
    )
    .await;

    daemon.kill9();
    // How soon it shows (the issue asks for 2 s) is measured by the benchmark.
    let banner = app.wait(&App::css("engine-banner"), LIMIT).await;
    let text = banner.text().await.unwrap();
    assert!(
        text.contains(&daemon.host().replace("unix://", "")),
        "banner: {text}"
    );
    app.shot("engine-lost").await;

    daemon.restart();
    app.wait_gone(&App::css("engine-banner"), Duration::from_secs(10))
        .await;
    app.wait(
        "[data-testid='engine-state'][data-state='connected']",
        LIMIT,
    )
    .await;
    // Events flow again on the new connection, in the same window.
    let volume = unique("vol");
    daemon.cli().run(&["volume", "create", &volume]);
    app.wait(&EventFeed::event_of("volume", &volume), LIMIT)
        .await;
    app.wait(&App::css("count-volumes"), LIMIT).await;
    let start = Instant::now();
    while app.text("count-volumes").await != "1" {
        assert!(start.elapsed() < LIMIT, "volume count did not update");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    app.shot("engine-recovered").await;
    app.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_dead_socket_shows_onboarding_and_the_app_continues_when_an_engine_appears() {
    let _window = ONE_WINDOW.lock().await;
    let dir = PathBuf::from(format!(
        "/tmp/tbd-{}",
        &uuid::Uuid::new_v4().simple().to_string()[..8]
    ));
    let socket = dir.join("docker.sock");
    let host = format!("unix://{}", socket.display());
    let app = App::launch(&host).await;

    app.wait(&App::css("onboarding"), Duration::from_secs(30))
        .await;
    let attempt = app.wait(&onboarding_attempt(&host), LIMIT).await;
    assert_eq!(
        attempt.attr("data-ok").await.unwrap().as_deref(),
        Some("false")
    );
    let why = attempt.text().await.unwrap();
    assert!(why.contains("no socket"), "attempt reads: {why}");
    assert!(
        why.contains("DOCKER_HOST"),
        "says where the endpoint came from: {why}"
    );
    assert!(app.find(&App::css("retry-button")).await.is_some());
    app.shot("onboarding").await;

    // An engine appears at that socket: the same window moves on to the home screen.
    let _daemon = PrivateDaemon::start_at(dir, socket);
    app.wait(&App::css("home-view"), Duration::from_secs(15))
        .await;
    app.wait(&App::css("engine-version"), Duration::from_secs(10))
        .await;
    app.close().await;
}

/// The test rig itself: one WebDriver session calls a cheap command of the app 200 times in a
/// row from async scripts, the way tests and the bench read the app's state. Each call must
/// answer; a session that drops (see `crate::driver` for why it used to, 2–15 calls in) fails
/// here rather than in some other test, and nothing is retried.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_hundred_commands_called_from_async_scripts_keep_the_session() {
    let _window = ONE_WINDOW.lock().await;
    let host = test_host();
    let app = App::launch(&host).await;
    app.wait(&App::css("home-view"), Duration::from_secs(30))
        .await;
    let script = r#"
        const [n, done] = arguments;
        window.__TAURI_INTERNALS__
            .invoke('container_action_preview', { action: { kind: 'start' }, targets: ['c' + n] })
            .then((p) => done(p.commands[0]), (e) => done('failed: ' + JSON.stringify(e)));
    "#;
    for n in 0..200 {
        let answer = app
            .client
            .execute_async(script, vec![n.into()])
            .await
            .unwrap_or_else(|e| {
                panic!(
                    "call {n} of 200 lost the session: {e:?}; driver and app log:\n{}",
                    app.log_tail(30)
                )
            });
        assert_eq!(
            answer.as_str(),
            Some(format!("docker start c{n}").as_str()),
            "call {n}"
        );
    }
    app.close().await;
}
