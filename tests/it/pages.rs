//! Page objects for the end-to-end tests: where each thing the user sees is found, said once.
//! Tests ask for a container's row, a part of it or a form field by name; the CSS selectors
//! (built on the UI's `data-testid`s and `data-*` attributes) are assembled here only.

use crate::e2e::{App, LIMIT};
use std::time::Duration;

/// `[data-testid='<testid>'][data-<attr>='<value>']…`
fn by(testid: &str, attrs: &[(&str, &str)]) -> String {
    let mut css = format!("[data-testid='{testid}']");
    for (attr, value) in attrs {
        css.push_str(&format!("[data-{attr}='{value}']"));
    }
    css
}

/// The Containers view.
pub(crate) struct Containers;

impl Containers {
    /// Launches the app on `host` and opens the Containers view.
    pub(crate) async fn open(host: &str) -> App {
        let app = App::launch(host).await;
        app.wait(&App::css("home-view"), Duration::from_secs(30))
            .await;
        app.click(&App::css("nav-containers")).await;
        app.wait(&App::css("containers-view"), LIMIT).await;
        app
    }

    /// Narrows the list to one container by its id, as a user would on a busy engine. Other
    /// tests create containers on the same engine meanwhile, and each new one is inserted
    /// above older rows: a row moving between WebDriver's aim and its click would get someone
    /// else's click. The id stays the same across a rename.
    pub(crate) async fn show_only(app: &App, id: &str) {
        app.type_into("container-filter", &id[..12]).await;
    }

    /// Opens the inspect panel of a container from its name in the list.
    pub(crate) async fn open_inspect(app: &App, name: &str, id: &str) {
        Self::show_only(app, id).await;
        app.click(&Row::named(name).part("row-name")).await;
        app.wait(&Self::inspect_panel(id), LIMIT).await;
    }

    /// The inspect panel showing container `id`.
    pub(crate) fn inspect_panel(id: &str) -> String {
        by("inspect-panel", &[("id", id)])
    }

    /// Opens one tab of the open inspect panel (`overview`, `json`, or an inside tab such as
    /// `logs`) and waits for the panel to show it.
    pub(crate) async fn open_tab(app: &App, id: &str, tab: &str) {
        app.click(&App::css(&format!("inspect-tab-{tab}"))).await;
        app.wait(&by("inspect-panel", &[("id", id), ("tab", tab)]), LIMIT)
            .await;
    }

    /// The body of an inside tab of the inspect panel.
    pub(crate) fn tab_body(tab: &str) -> String {
        App::css(&format!("inspect-body-{tab}"))
    }

    /// A line of the remove dialog's list of what goes.
    pub(crate) fn removal_item(name: &str) -> String {
        by("removal-item", &[("name", name)])
    }

    /// A Compose project's group of rows.
    pub(crate) fn compose_group(project: &str) -> String {
        by("compose-group", &[("project", project)])
    }

    /// Something in a Compose project's group header (`group-stop`…).
    pub(crate) fn compose_group_part(project: &str, testid: &str) -> String {
        format!("{} {}", Self::compose_group(project), App::css(testid))
    }

    /// An item (`stop`, `kill`, `rename`…) of the open "⋯" menu of a row.
    pub(crate) fn row_menu_item(item: &str) -> String {
        format!(
            "{} {}",
            App::css("row-menu"),
            App::css(&format!("row-menu-{item}"))
        )
    }
}

/// One container's row in the list, by the container's name.
pub(crate) struct Row(String);

impl Row {
    pub(crate) fn named(name: &str) -> Row {
        Row(by("container-row", &[("name", name)]))
    }

    /// The row itself.
    pub(crate) fn css(&self) -> String {
        self.0.clone()
    }

    /// The row while the container is in `state` (running, paused, exited…).
    pub(crate) fn in_state(&self, state: &str) -> String {
        format!("{}[data-state='{state}']", self.0)
    }

    /// Something inside the row: `row-name`, `row-stats`, `row-more`, `port-link`, or a
    /// button `action-<action>`.
    pub(crate) fn part(&self, testid: &str) -> String {
        format!("{} {}", self.0, App::css(testid))
    }
}

/// The home screen's event feed.
pub(crate) struct EventFeed;

impl EventFeed {
    /// The feed's line for `action` on the container named `name`.
    pub(crate) fn container_event(name: &str, action: &str) -> String {
        by("event-row", &[("name", name), ("action", action)])
    }

    /// The feed's line for an object of `kind` (volume, network…) with `id`.
    pub(crate) fn event_of(kind: &str, id: &str) -> String {
        by("event-row", &[("kind", kind), ("id", id)])
    }
}

/// The onboarding screen's line for one endpoint tried.
pub(crate) fn onboarding_attempt(host: &str) -> String {
    by("onboarding-attempt", &[("host", host)])
}

/// The run form.
pub(crate) struct RunForm;

impl RunForm {
    /// Launches the app on `host` and opens the run form from the Containers view.
    pub(crate) async fn open(host: &str) -> App {
        let app = App::launch(host).await;
        app.wait(&App::css("home-view"), Duration::from_secs(30))
            .await;
        app.click(&App::css("nav-containers")).await;
        app.click(&App::css("open-run-form")).await;
        app.wait(&App::css("run-form"), Duration::from_secs(5))
            .await;
        app
    }

    /// Replaces the text of the field `testid` (`run-image`, `run-name`, `port-host`…).
    pub(crate) async fn fill(app: &App, testid: &str, text: &str) {
        let e = app.wait(&App::css(testid), Duration::from_secs(5)).await;
        e.clear().await.unwrap();
        e.send_keys(text).await.unwrap();
    }

    /// Waits for the preview to settle on a command containing `needle`.
    pub(crate) async fn preview_has(app: &App, needle: &str) -> String {
        app.wait_text(
            &App::css("run-command-line-text"),
            needle,
            Duration::from_secs(5),
        )
        .await
    }

    /// Presses Run and waits for the started container: its (id, name).
    pub(crate) async fn run_and_wait(app: &App) -> (String, String) {
        app.click(&App::css("run-submit")).await;
        let started = app
            .wait(&App::css("run-started"), Duration::from_secs(20))
            .await;
        (
            started.attr("data-id").await.unwrap().unwrap(),
            started.attr("data-name").await.unwrap().unwrap(),
        )
    }

    /// The error shown under `field` (`memory`, `capAdd[0]`…).
    pub(crate) fn field_error(field: &str) -> String {
        by("field-error", &[("field", field)])
    }

    /// The warning shown under `field`.
    pub(crate) fn field_warning(field: &str) -> String {
        by("field-warning", &[("field", field)])
    }
}

/// The Network map section: the picture and "Can A reach B?".
pub(crate) struct NetworkMap;

impl NetworkMap {
    /// Launches the app on `host` and opens the Network map.
    pub(crate) async fn open(host: &str) -> App {
        let app = App::launch(host).await;
        app.wait(&App::css("home-view"), Duration::from_secs(30))
            .await;
        app.click(&App::css("nav-topology")).await;
        app.wait(&App::css("topology-view"), LIMIT).await;
        app
    }

    /// Narrows the map to what matches `text` (a network's name shows all its containers), as
    /// a user would on a busy engine: other tests' containers then cannot shift the picture.
    pub(crate) async fn filter(app: &App, text: &str) {
        let filter = app.wait(&App::css("topology-filter"), LIMIT).await;
        filter.clear().await.unwrap();
        if text.is_empty() {
            // WebDriver's clear fires no `input` event, and sending no keys is refused: say
            // the field changed the way typing would.
            let arg = serde_json::to_value(&filter).unwrap();
            app.client()
                .execute(
                    "arguments[0].dispatchEvent(new Event('input', {bubbles: true}))",
                    vec![arg],
                )
                .await
                .unwrap();
        } else {
            filter.send_keys(text).await.unwrap();
        }
    }

    pub(crate) fn network(name: &str) -> String {
        by("topology-network", &[("name", name)])
    }

    pub(crate) fn container(name: &str) -> String {
        by("topology-container", &[("name", name)])
    }

    /// The answer to "can `from` reach `to`?".
    pub(crate) fn reach_result(from: &str, to: &str) -> String {
        by("reach-result", &[("from", from), ("to", to)])
    }

    /// One name of the answer, with what inspect and the live check said (`yes`/`no`).
    pub(crate) fn reach_name(name: &str, expected: &str, live: &str) -> String {
        by(
            "reach-name",
            &[("name", name), ("expected", expected), ("live", live)],
        )
    }
}

/// The Ports section.
pub(crate) struct PortsPage;

impl PortsPage {
    /// Launches the app on `host` and opens the Ports page.
    pub(crate) async fn open(host: &str) -> App {
        let app = App::launch(host).await;
        app.wait(&App::css("home-view"), Duration::from_secs(30))
            .await;
        app.click(&App::css("nav-ports")).await;
        app.wait(&App::css("ports-view"), LIMIT).await;
        app
    }

    pub(crate) async fn filter(app: &App, text: &str) {
        app.type_into("ports-filter", text).await;
    }

    /// A published port of container `name`.
    pub(crate) fn published(name: &str) -> String {
        by("port-row", &[("name", name), ("published", "true")])
    }
}

/// The Volumes view.
pub(crate) struct Volumes;

impl Volumes {
    /// Launches the app on `host` and opens the Volumes view.
    pub(crate) async fn open(host: &str) -> App {
        let app = App::launch(host).await;
        app.wait(&App::css("home-view"), Duration::from_secs(30))
            .await;
        app.click(&App::css("nav-volumes")).await;
        app.wait(&App::css("volumes-view"), LIMIT).await;
        app
    }

    /// Narrows the list with its filter (name, driver, label or container), as a user would
    /// on an engine where other tests make volumes meanwhile.
    pub(crate) async fn filter(app: &App, text: &str) {
        app.type_into("volume-filter", text).await;
    }

    /// A volume's row in the list.
    pub(crate) fn row(name: &str) -> String {
        by("volume-row", &[("name", name)])
    }

    /// Something inside a volume's row (`volume-users`, `volume-action-remove`…).
    pub(crate) fn row_part(name: &str, testid: &str) -> String {
        format!("{} {}", Self::row(name), App::css(testid))
    }

    /// An input of the create form's label row: `Label key` or `Label value`.
    pub(crate) fn label_input(which: &str) -> String {
        format!(
            "{} input[aria-label='{which}']",
            App::css("volume-create-label")
        )
    }

    /// Replaces the text of the input `css`.
    pub(crate) async fn fill_css(app: &App, css: &str, text: &str) {
        let e = app.wait(css, LIMIT).await;
        e.clear().await.unwrap();
        e.send_keys(text).await.unwrap();
    }

    /// Every line of the prune dialog's list.
    pub(crate) fn prune_items() -> String {
        App::css("volume-prune-item")
    }
}

/// The Disk section and its clean-up dialog.
pub(crate) struct Disk;

impl Disk {
    /// Launches the app on `host` and opens the Disk section once it has measured.
    pub(crate) async fn open(host: &str) -> App {
        let app = App::launch(host).await;
        app.wait(&App::css("home-view"), Duration::from_secs(30))
            .await;
        app.click(&App::css("nav-disk")).await;
        app.wait(&Self::kind("images"), Duration::from_secs(60))
            .await;
        app
    }

    /// The table row of one kind (`images`, `containers`, `volumes`, `buildCache`).
    pub(crate) fn kind(kind: &str) -> String {
        by("disk-kind", &[("kind", kind)])
    }

    /// Something in a kind's row: `disk-kind-size`, `disk-kind-toggle`…
    pub(crate) fn kind_part(kind: &str, testid: &str) -> String {
        format!("{} {}", Self::kind(kind), App::css(testid))
    }

    /// A part of the prune preview (`containers`, `networks`, `volumes`, `images`, `buildCache`).
    pub(crate) fn prune_part(part: &str) -> String {
        by("prune-part", &[("part", part)])
    }

    /// An object a part of the prune preview lists, by its id.
    pub(crate) fn prune_item(part: &str, id: &str) -> String {
        format!(
            "{} {}",
            Self::prune_part(part),
            by("prune-item", &[("id", id)])
        )
    }
}

/// The Networks view.
pub(crate) struct Networks;

impl Networks {
    /// Launches the app on `host` and opens the Networks view.
    pub(crate) async fn open(host: &str) -> App {
        let app = App::launch(host).await;
        app.wait(&App::css("home-view"), Duration::from_secs(30))
            .await;
        app.click(&App::css("nav-networks")).await;
        app.wait(&App::css("networks-view"), LIMIT).await;
        app
    }

    /// Narrows the list to names containing `text`: other tests add networks meanwhile.
    pub(crate) async fn filter(app: &App, text: &str) {
        app.type_into("network-filter", text).await;
    }

    /// A network's row, by its name.
    pub(crate) fn row(name: &str) -> String {
        by("network-row", &[("name", name)])
    }

    /// Something inside a network's row (`network-row-name`, `network-row-remove`…).
    pub(crate) fn row_part(name: &str, testid: &str) -> String {
        format!("{} {}", Self::row(name), App::css(testid))
    }

    /// The details panel of network `id`.
    pub(crate) fn panel(id: &str) -> String {
        by("network-panel", &[("id", id)])
    }

    /// A container's line in the details panel, by the container's name.
    pub(crate) fn endpoint(container: &str) -> String {
        by("network-endpoint", &[("name", container)])
    }

    /// The option of the connect dialog's picker for `id`.
    pub(crate) fn connect_choice(id: &str) -> String {
        format!(
            "{} option[value='{id}']",
            App::css("network-connect-target")
        )
    }
}

/// The Events page.
pub(crate) struct Events;

impl Events {
    /// Launches the app on `host` and opens the Events page.
    pub(crate) async fn open(host: &str) -> App {
        let app = App::launch(host).await;
        app.wait(&App::css("home-view"), Duration::from_secs(30))
            .await;
        app.click(&App::css("nav-events")).await;
        app.wait(&App::css("events-view"), LIMIT).await;
        app
    }

    /// Types `value` into a filter field (`events-filter-label`…), replacing what it held.
    pub(crate) async fn set_filter(app: &App, testid: &str, value: &str) {
        let field = app.wait(&App::css(testid), LIMIT).await;
        // WebDriver's clear sends no input event, so the page would not hear of it: type
        // something and erase it, as a person would, when the field is to end up empty.
        field.clear().await.unwrap();
        let typed = if value.is_empty() { "x\u{E003}" } else { value };
        field.send_keys(typed).await.unwrap();
    }

    /// The row of the event `action` on the object `id`.
    pub(crate) fn row(action: &str, id: &str) -> String {
        by("event-row", &[("action", action), ("id", id)])
    }

    /// Any row whose action is not `action`.
    pub(crate) fn row_not(action: &str) -> String {
        format!("{}:not([data-action='{action}'])", App::css("event-row"))
    }
}

/// The Files tab of a container's inspect panel.
pub(crate) struct ContainerFiles;

impl ContainerFiles {
    /// The browser, showing folder `path` (absolute).
    pub(crate) fn showing(path: &str) -> String {
        by("container-files", &[("path", path)])
    }

    /// The row of the entry at `path`.
    pub(crate) fn entry(path: &str) -> String {
        by("container-file", &[("path", path)])
    }

    /// The button that opens folder `path`.
    pub(crate) fn open(path: &str) -> String {
        format!("{} {}", Self::entry(path), App::css("container-file-open"))
    }

    /// The Download… button of the entry at `path`.
    pub(crate) fn download(path: &str) -> String {
        format!(
            "{} {}",
            Self::entry(path),
            App::css("container-file-download")
        )
    }
}

/// A logs view: a container's Logs tab, or merged logs of several.
pub(crate) struct Logs;

impl Logs {
    /// Opens the Logs tab of container `name` (`id`) from the Containers view.
    pub(crate) async fn open_tab(app: &App, name: &str, id: &str) {
        Containers::open_inspect(app, name, id).await;
        Containers::open_tab(app, id, "logs").await;
        app.wait(
            &format!(
                "{} {}",
                Containers::tab_body("logs"),
                Self::part("logs-view")
            ),
            LIMIT,
        )
        .await;
    }

    /// Something of the logs view by its testid (`logs-pause`, `logs-search`…).
    pub(crate) fn part(testid: &str) -> String {
        App::css(testid)
    }

    /// The list once it holds exactly `rows` entries (painted, after filters).
    pub(crate) fn list_with(rows: usize) -> String {
        by("logs-list", &[("rows", &rows.to_string())])
    }

    /// The painted row whose text is `text`'s entry, as the search's current hit.
    pub(crate) fn current_row() -> String {
        format!("{}.current", App::css("log-row"))
    }

    /// The texts of the lines on screen (the list is virtualised: only those), top first.
    pub(crate) async fn texts(app: &App) -> Vec<String> {
        let v = app
            .client()
            .execute(
                "return [...document.querySelectorAll(\"[data-testid='logs-list'] [data-testid='log-text']\")].map(n => n.textContent)",
                vec![],
            )
            .await
            .unwrap();
        serde_json::from_value(v).unwrap()
    }

    /// How many elements match `css` inside the list.
    pub(crate) async fn count_in_list(app: &App, css: &str) -> usize {
        let v = app
            .client()
            .execute(
                "return document.querySelectorAll(\"[data-testid='logs-list'] \" + arguments[0]).length",
                vec![serde_json::Value::String(css.to_owned())],
            )
            .await
            .unwrap();
        usize::try_from(v.as_u64().unwrap()).unwrap()
    }

    /// The number in "Paused — N new lines".
    pub(crate) async fn paused_count(app: &App) -> u64 {
        let t = app.text("logs-paused").await;
        t.split_whitespace()
            .find_map(|w| w.replace(',', "").parse().ok())
            .unwrap_or_else(|| panic!("no count in {t:?}"))
    }
}

/// The Images view.
pub(crate) struct Images;

impl Images {
    /// Launches the app on `host` and opens the Images view.
    pub(crate) async fn open(host: &str) -> App {
        let app = App::launch(host).await;
        app.wait(&App::css("home-view"), Duration::from_secs(30))
            .await;
        Self::show(&app).await;
        app
    }

    /// Opens the Images view of an app already launched.
    pub(crate) async fn show(app: &App) {
        app.click(&App::css("nav-images")).await;
        app.wait(&App::css("images-view"), LIMIT).await;
    }

    /// Narrows the list to images whose tag, digest or id matches `text`: other tests add
    /// images meanwhile, and a row moving under a click would get someone else's click.
    pub(crate) async fn filter(app: &App, text: &str) {
        app.type_into("image-filter", text).await;
    }

    /// An image's row, by its first repo:tag (or its short id when it has none).
    pub(crate) fn row(reference: &str) -> String {
        by("image-row", &[("ref", reference)])
    }

    /// Something inside an image's row (`image-row-details`, `image-row-used`…).
    pub(crate) fn row_part(reference: &str, testid: &str) -> String {
        format!("{} {}", Self::row(reference), App::css(testid))
    }

    /// The details panel of image `id` (full `sha256:…`).
    pub(crate) fn panel(id: &str) -> String {
        by("image-panel", &[("id", id)])
    }

    /// Filters to `reference`, opens its details and waits for the panel.
    pub(crate) async fn open_details(app: &App, reference: &str, id: &str) {
        Self::filter(app, reference).await;
        app.click(&Self::row_part(reference, "image-row-details"))
            .await;
        app.wait(&Self::panel(id), LIMIT).await;
    }

    /// Opens a tab of the open panel (`overview`, `json`, or one a helper adds) and waits for
    /// the panel to show it.
    pub(crate) async fn open_tab(app: &App, id: &str, tab: &str) {
        app.click(&App::css(&format!("image-tab-{tab}"))).await;
        app.wait(&by("image-panel", &[("id", id), ("tab", tab)]), LIMIT)
            .await;
    }

    /// Clicks one of the open panel's actions (`remove`, `tag`, `run`, …).
    pub(crate) async fn open_action(app: &App, action: &str) {
        app.click(&App::css(&format!("image-action-{action}")))
            .await;
    }

    /// Clicks one of the toolbar's tools (`prune`, `pull`, …).
    pub(crate) async fn open_tool(app: &App, tool: &str) {
        app.click(&App::css(&format!("image-tool-{tool}"))).await;
    }
}

/// The Registries section, opened on an app given its own docker config folder.
pub(crate) struct Registries;

impl Registries {
    /// Launches the app on `host` with `DOCKER_CONFIG=config` and opens the Registries view.
    pub(crate) async fn open(host: &str, config: &std::path::Path) -> App {
        let app = App::launch_with_env(host, &[("DOCKER_CONFIG", config.as_os_str())]).await;
        app.wait(&App::css("home-view"), Duration::from_secs(30))
            .await;
        app.click(&App::css("nav-registries")).await;
        app.wait(&App::css("registries-view"), LIMIT).await;
        app
    }

    /// A registry's row in the list (`docker.io` or host:port).
    pub(crate) fn row(registry: &str) -> String {
        by("registry-row", &[("registry", registry)])
    }

    /// Something inside a registry's row (`registry-state`, `registry-logout`…).
    pub(crate) fn row_part(registry: &str, testid: &str) -> String {
        format!("{} {}", Self::row(registry), App::css(testid))
    }

    /// Replaces the text of a field of the log in dialog (`login-server`, `login-username`,
    /// `login-password`).
    pub(crate) async fn fill(app: &App, testid: &str, text: &str) {
        let e = app.wait(&App::css(testid), LIMIT).await;
        e.clear().await.unwrap();
        e.send_keys(text).await.unwrap();
    }
}

/// An image's Layers and History tabs (`components/layers/`).
pub(crate) struct ImageLayersTab;

impl ImageLayersTab {
    /// A layer's row in the list, by its place (0 = the lowest).
    pub(crate) fn layer(index: usize) -> String {
        by("layer-row", &[("index", &index.to_string())])
    }

    /// A path in the chosen layer's tree, with its change (`added`, `changed`, `deleted`).
    pub(crate) fn change(path: &str, change: &str) -> String {
        by("layer-change", &[("path", path), ("change", change)])
    }

    /// A step of the History tab that made a layer (`true`) or not (`false`).
    pub(crate) fn step(made_layer: bool) -> String {
        by("history-step", &[("made-layer", &made_layer.to_string())])
    }
}

/// `text` as WebDriver keys: a line break is the Enter key (a "\n" character is not a key).
fn keys(text: &str) -> String {
    text.replace('\n', &fantoccini::key::Key::Enter.to_string())
}

/// The Dockerfiles view (`components/dockerfiles/`): a build context folder, its Dockerfile in
/// the shared CodeMirror editor, the panels beside it.
pub(crate) struct Dockerfiles;

// Shared by the area's end-to-end tests (lint, build, layers land in other branches): some
// helpers are not called by this branch's own tests yet.
#[allow(dead_code)]
impl Dockerfiles {
    /// The title of the folder dialog "Open folder…" opens.
    pub(crate) const FOLDER_DIALOG: &'static str = "Open a build context folder";

    /// Launches the app on `host` and opens the Dockerfiles view.
    pub(crate) async fn open(host: &str) -> App {
        let app = App::launch(host).await;
        app.wait(&App::css("home-view"), Duration::from_secs(30))
            .await;
        app.click(&App::css("nav-dockerfiles")).await;
        app.wait(&App::css("dockerfiles-view"), LIMIT).await;
        app
    }

    /// Opens `folder` as the build context through the folder dialog and waits for its
    /// Dockerfile in the editor (a folder with several Dockerfiles shows the chooser instead:
    /// see [`Dockerfiles::choice`]).
    pub(crate) async fn open_folder(app: &App, folder: &std::path::Path) {
        app.answer_file_dialog(
            &App::css("dockerfile-open-folder"),
            Self::FOLDER_DIALOG,
            crate::e2e::FileDialog::OpenFolder,
            folder.to_str().unwrap(),
        )
        .await;
        app.wait(
            &by("dockerfiles-view", &[("folder", folder.to_str().unwrap())]),
            LIMIT,
        )
        .await;
        app.wait(&App::css("code-editor-content"), LIMIT).await;
    }

    /// A Dockerfile offered by the chooser, by name.
    pub(crate) fn choice(name: &str) -> String {
        by("dockerfile-choice", &[("name", name)])
    }

    /// Types `text` where the editor's cursor is, as a person would (WebDriver keys into
    /// CodeMirror's content element). "\n" is Enter; the editor may indent after it.
    pub(crate) async fn type_text(app: &App, text: &str) {
        let content = app.wait(&App::css("code-editor-content"), LIMIT).await;
        content.send_keys(&keys(text)).await.unwrap();
    }

    /// Moves the cursor to the end of the text (Ctrl+End), then types `text`.
    pub(crate) async fn type_at_end(app: &App, text: &str) {
        use fantoccini::key::Key;
        let content = app.wait(&App::css("code-editor-content"), LIMIT).await;
        content
            .send_keys(&format!("{}{}{}", Key::Control, Key::End, Key::Null))
            .await
            .unwrap();
        content.send_keys(&keys(text)).await.unwrap();
    }

    /// Selects all the text (Ctrl+A) and types `text` over it.
    pub(crate) async fn replace_text(app: &App, text: &str) {
        use fantoccini::key::Key;
        let content = app.wait(&App::css("code-editor-content"), LIMIT).await;
        content
            .send_keys(&format!("{}a{}", Key::Control, Key::Null))
            .await
            .unwrap();
        content.send_keys(&keys(text)).await.unwrap();
    }

    /// The editor's text as shown: its lines joined with "\n" (a small file shows whole).
    pub(crate) async fn editor_text(app: &App) -> String {
        app.wait(&App::css("code-editor-content"), LIMIT).await;
        let v = app
            .client()
            .execute(
                "const c = document.querySelector(\"[data-testid='code-editor-content']\");\
                 return Array.from(c.querySelectorAll('.cm-line')).map(l => l.textContent).join('\\n');",
                vec![],
            )
            .await
            .unwrap();
        v.as_str().unwrap_or_default().to_owned()
    }

    /// Waits until the editor's text (as [`Dockerfiles::editor_text`]) equals `want`.
    pub(crate) async fn wait_editor_text(app: &App, want: &str) {
        let start = std::time::Instant::now();
        loop {
            let now = Self::editor_text(app).await;
            if now == want {
                return;
            }
            if start.elapsed() > LIMIT {
                app.shot("editor-text").await;
                panic!("the editor shows {now:?}, not {want:?}");
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// The editor holding a diagnostic on `line` (1-based).
    pub(crate) fn diagnostic_on_line(line: u32) -> String {
        format!("[data-testid='code-editor'][data-diagnostic-lines~='{line}']")
    }

    /// The editor holding a diagnostic of `rule` on `line`.
    pub(crate) fn rule_on_line(rule: &str, line: u32) -> String {
        format!("[data-testid='code-editor'][data-diagnostic-rules~='{rule}@{line}']")
    }

    /// Waits for a diagnostic on `line`.
    pub(crate) async fn wait_diagnostic_on_line(app: &App, line: u32) {
        app.wait(&Self::diagnostic_on_line(line), LIMIT).await;
    }

    /// The editor marking `line` (a failing build step).
    pub(crate) fn highlighted_line(line: u32) -> String {
        format!("[data-testid='code-editor'][data-highlighted-lines~='{line}']")
    }

    /// Shows the panel `id` (its tab `dockerfile-panel-tab-<id>`) and waits for its body.
    pub(crate) async fn open_panel(app: &App, id: &str) {
        app.click(&App::css(&format!("dockerfile-panel-tab-{id}")))
            .await;
        app.wait(&App::css(&format!("dockerfile-panel-{id}")), LIMIT)
            .await;
    }

    /// Shows the `dockerfile` or `ignore` file tab.
    pub(crate) async fn open_file_tab(app: &App, which: &str) {
        app.click(&App::css(&format!("dockerfile-tab-{which}")))
            .await;
        app.wait(
            &format!(
                "[data-testid='code-editor'][data-language='{}']",
                if which == "ignore" {
                    "ignore"
                } else {
                    "dockerfile"
                }
            ),
            LIMIT,
        )
        .await;
    }

    /// Presses Save and waits until the Dockerfile tab is no longer marked unsaved.
    pub(crate) async fn save(app: &App) {
        app.click(&App::css("dockerfile-save")).await;
        app.wait(
            "[data-testid='dockerfile-tab-dockerfile'][data-dirty='false']",
            LIMIT,
        )
        .await;
    }

    /// The bar offered when a save found the file changed on disk.
    pub(crate) fn conflict() -> String {
        App::css("dockerfile-conflict")
    }
}

/// The Dockerfiles view's editor as the linter's tests use it: open a folder as the build
/// context, type into the CodeMirror editor, read the findings it marks and the Problems panel.
pub(crate) struct DockerfileEditor;

impl DockerfileEditor {
    /// Launches the app on `host`, opens the Dockerfiles view and the build context `folder`
    /// through the system's folder dialog, and waits for the editor.
    pub(crate) async fn open_folder(host: &str, folder: &std::path::Path) -> App {
        let app = App::launch(host).await;
        app.wait(&App::css("home-view"), Duration::from_secs(30))
            .await;
        app.click(&App::css("nav-dockerfiles")).await;
        app.wait(&App::css("dockerfiles-view"), LIMIT).await;
        app.answer_file_dialog(
            &App::css("dockerfile-empty-open"),
            "Open a build context folder",
            crate::e2e::FileDialog::OpenFolder,
            folder.to_str().unwrap(),
        )
        .await;
        app.wait(&App::css("code-editor-content"), LIMIT).await;
        app
    }

    /// Types `keys` where the editor's cursor is (WebDriver key codes allowed).
    pub(crate) async fn type_keys(app: &App, keys: &str) {
        if keys.is_empty() {
            return; // WebDriver refuses an empty text
        }
        let content = app.wait(&App::css("code-editor-content"), LIMIT).await;
        content.send_keys(keys).await.unwrap();
    }

    /// Types whole lines at the cursor. Escape before each Enter closes the completion list,
    /// so Enter starts a new line instead of accepting a suggestion.
    pub(crate) async fn type_lines(app: &App, lines: &[&str]) {
        let escape = fantoccini::key::Key::Escape.to_string();
        let enter = fantoccini::key::Key::Enter.to_string();
        for (i, line) in lines.iter().enumerate() {
            if i > 0 {
                Self::type_keys(app, &format!("{escape}{enter}")).await;
            }
            Self::type_keys(app, line).await;
        }
        Self::type_keys(app, &escape).await;
    }

    /// The editor's whole text, as its lines show it. WebKit keeps a typed space in the
    /// editable DOM as a no-break space (the document itself holds a plain one, as the linter's
    /// findings show), so those are read back as spaces.
    pub(crate) async fn text(app: &App) -> String {
        let v = app
            .client()
            .execute(
                "return Array.from(document.querySelectorAll(\"[data-testid='code-editor-content'] .cm-line\")).map(l => l.textContent).join('\\n')",
                vec![],
            )
            .await
            .unwrap();
        v.as_str().unwrap_or_default().replace('\u{a0}', " ")
    }

    /// A Problems panel row for `rule` on `line`.
    pub(crate) fn problem(rule: &str, line: u32) -> String {
        format!("[data-testid='lint-problem'][data-rule='{rule}'][data-line='{line}']")
    }

    /// The editor marking `rule` on `line` (its `data-diagnostic-rules` words).
    pub(crate) fn marked(rule: &str, line: u32) -> String {
        format!("[data-testid='code-editor'][data-diagnostic-rules~='{rule}@{line}']")
    }
}

/// The Dockerfiles section's build side: opening a folder as the build context, the Context and
/// Build panels, and the editor's marked lines.
pub(crate) struct DockerfileBuild;

impl DockerfileBuild {
    /// Shows the Dockerfiles section and opens `folder` through the system folder dialog.
    pub(crate) async fn open_folder(app: &App, folder: &str) {
        app.click(&App::css("nav-dockerfiles")).await;
        app.wait(&App::css("dockerfiles-view"), LIMIT).await;
        let opener = if app.find(&App::css("dockerfile-empty-open")).await.is_some() {
            App::css("dockerfile-empty-open")
        } else {
            App::css("dockerfile-open-folder")
        };
        app.answer_file_dialog(
            &opener,
            "Open a build context folder",
            crate::e2e::FileDialog::OpenFolder,
            folder,
        )
        .await;
        app.wait(&by("dockerfiles-view", &[("folder", folder)]), LIMIT)
            .await;
    }

    /// Waits until the build log has a line containing `needle`, scrolling the log from its top
    /// to its end as a reader would: the log is a virtual list, so only the lines in view are in
    /// the page, and a fast build may have scrolled a step's output away before it was seen.
    pub(crate) async fn wait_log_line(app: &App, needle: &str, limit: Duration) {
        let script = "const [needle, top] = arguments;\
             const list = document.querySelector(\"[data-testid='build-log'] .frame > div\");\
             if (!list) return { found: false, end: true };\
             if (top !== null) list.scrollTop = top;\
             const lines = Array.from(document.querySelectorAll(\"[data-testid='build-log-line']\"));\
             return { found: lines.some((l) => l.textContent.includes(needle)),\
                      end: list.scrollTop + list.clientHeight >= list.scrollHeight - 1,\
                      next: list.scrollTop + Math.max(list.clientHeight - 20, 20),\
                      seen: lines.map((l) => l.textContent).join(' | ') };";
        let deadline = std::time::Instant::now() + limit;
        let mut top: Option<f64> = None;
        loop {
            let v = app
                .client()
                .execute(script, vec![needle.into(), top.into()])
                .await
                .unwrap();
            if v["found"].as_bool() == Some(true) {
                return;
            }
            assert!(
                std::time::Instant::now() < deadline,
                "the build log never showed a line with {needle:?} within {limit:?}; it shows: {}",
                v["seen"]
            );
            // Next view down; from the top again once the end was reached (more may come).
            top = if v["end"].as_bool() == Some(true) {
                Some(0.0)
            } else {
                v["next"].as_f64()
            };
            tokio::time::sleep(Duration::from_millis(150)).await;
        }
    }

    /// Shows the panel `id` (`context`, `build`) beside the editor.
    pub(crate) async fn panel(app: &App, id: &str) {
        app.click(&App::css(&format!("dockerfile-panel-tab-{id}")))
            .await;
        app.wait(&App::css(&format!("dockerfile-panel-{id}")), LIMIT)
            .await;
    }

    /// Replaces the first tag of the build form with `tag` and waits for the line to show it.
    pub(crate) async fn set_tag(app: &App, tag: &str) {
        let field = app.wait(&App::css("build-tag"), LIMIT).await;
        field.clear().await.unwrap();
        field.send_keys(tag).await.unwrap();
        app.wait_text(&App::css("build-command-text"), &format!("-t {tag}"), LIMIT)
            .await;
    }

    /// A step row by state (`running`, `cached`, `done`, `failed`) and Dockerfile line.
    pub(crate) fn step(state: &str, line: u32) -> String {
        by(
            "build-step",
            &[("state", state), ("line", &line.to_string())],
        )
    }

    /// The editor's lines marked (a failing step): `(line number, text)` of each.
    pub(crate) async fn marked_lines(app: &App) -> Vec<(u64, String)> {
        let found = app
            .client()
            .execute(
                "const lines = [...document.querySelectorAll(\"[data-testid='code-editor'][data-language='dockerfile'] .cm-content > .cm-line\")];
                 return lines.flatMap((l, i) => l.dataset.marked === 'true' ? [[i + 1, l.textContent]] : []);",
                vec![],
            )
            .await
            .unwrap();
        serde_json::from_value(found).unwrap()
    }
}

/// The Compose view's Form panel (`components/compose/form/`): the services of the open compose
/// file as a form, written back into the YAML.
pub(crate) struct ComposeForm;

impl ComposeForm {
    /// Launches the app on `host` and opens the Compose view.
    pub(crate) async fn launch(host: &str) -> App {
        let app = App::launch(host).await;
        app.wait(&App::css("home-view"), Duration::from_secs(30))
            .await;
        app.click(&App::css("nav-compose")).await;
        app.wait(&App::css("compose-view"), LIMIT).await;
        app
    }

    /// Opens the compose file `path` through the system's file dialog and waits for the editor.
    pub(crate) async fn open_file(app: &App, path: &std::path::Path) {
        app.answer_file_dialog(
            &App::css("compose-open-file"),
            "Open a compose file",
            crate::e2e::FileDialog::OpenFile,
            path.to_str().unwrap(),
        )
        .await;
        app.wait(
            &by("compose-view", &[("path", path.to_str().unwrap())]),
            LIMIT,
        )
        .await;
        app.wait(&App::css("compose-editor-content"), LIMIT).await;
    }

    /// Moves the editor's cursor to the end of the text (Ctrl+End), then types `text`.
    pub(crate) async fn type_at_end(app: &App, text: &str) {
        use fantoccini::key::Key;
        let content = app.wait(&App::css("compose-editor-content"), LIMIT).await;
        content
            .send_keys(&format!("{}{}{}", Key::Control, Key::End, Key::Null))
            .await
            .unwrap();
        content.send_keys(text).await.unwrap();
    }

    /// Presses Save and waits until the file is no longer marked unsaved.
    pub(crate) async fn save(app: &App) {
        app.click(&App::css("compose-save")).await;
        app.wait_gone(&App::css("compose-dirty"), LIMIT).await;
    }

    /// Shows the Form panel (tab `compose-panel-tab-form`) and waits for the form.
    pub(crate) async fn open_panel(app: &App) {
        app.click(&App::css("compose-panel-tab-form")).await;
        app.wait(&App::css("compose-panel-form"), LIMIT).await;
        app.wait(&App::css("compose-form"), LIMIT).await;
    }

    /// The button choosing service `name`.
    pub(crate) fn service(name: &str) -> String {
        by("compose-form-service", &[("service", name)])
    }

    /// Shows service `name`'s fields.
    pub(crate) async fn choose(app: &App, name: &str) {
        app.click(&Self::service(name)).await;
        app.wait(
            &by("compose-form-service-body", &[("service", name)]),
            LIMIT,
        )
        .await;
    }

    /// Types `text` into the `n`th (0-based) field `testid` of the shown service (`port-host`,
    /// `port-container`…), replacing what it held.
    pub(crate) async fn fill_nth(app: &App, css: &str, n: usize, text: &str) {
        let start = std::time::Instant::now();
        let field = loop {
            let all = app
                .client()
                .find_all(fantoccini::Locator::Css(css))
                .await
                .unwrap();
            if let Some(e) = all.into_iter().nth(n) {
                break e;
            }
            assert!(start.elapsed() < LIMIT, "no field {n} of {css}");
            tokio::time::sleep(Duration::from_millis(50)).await;
        };
        field.clear().await.unwrap();
        field.send_keys(text).await.unwrap();
    }

    /// The `n`th environment row's name and value fields.
    pub(crate) fn env_name() -> &'static str {
        "[data-testid='env-row'] input[aria-label='Variable name']"
    }

    pub(crate) fn env_value() -> &'static str {
        "[data-testid='env-row'] input[aria-label='Value']"
    }

    /// Adds a service through the form's "Add a service" row.
    pub(crate) async fn add_service(app: &App, name: &str, image: &str) {
        app.click(&App::css("compose-form-add-service")).await;
        Self::fill_nth(app, &App::css("compose-form-new-name"), 0, name).await;
        Self::fill_nth(app, &App::css("compose-form-new-image"), 0, image).await;
        app.click(&App::css("compose-form-add-confirm")).await;
        app.wait(&Self::service(name), LIMIT).await;
    }

    /// A project network listed in the form.
    pub(crate) fn network(name: &str) -> String {
        format!("[data-testid='compose-form-network'][data-network='{name}']")
    }
}

/// The Compose section's editor (`components/compose/`): a compose file opened through the
/// system's file dialog, the shared CodeMirror editor, the Problems and Resolved panels.
pub(crate) struct ComposeEditor;

impl ComposeEditor {
    /// The title of the file dialog "Open file…" opens.
    pub(crate) const FILE_DIALOG: &'static str = "Open a compose file";

    /// Launches the app on `host`, shows the Compose section and opens the compose file at
    /// `path` through the file dialog; waits for it in the editor.
    pub(crate) async fn open(host: &str, path: &std::path::Path) -> App {
        let app = App::launch(host).await;
        app.wait(&App::css("home-view"), Duration::from_secs(30))
            .await;
        app.click(&App::css("nav-compose")).await;
        app.wait(&App::css("compose-empty"), LIMIT).await;
        app.answer_file_dialog(
            &App::css("compose-empty-open"),
            Self::FILE_DIALOG,
            crate::e2e::FileDialog::OpenFile,
            path.to_str().unwrap(),
        )
        .await;
        app.wait(
            &by("compose-view", &[("path", path.to_str().unwrap())]),
            LIMIT,
        )
        .await;
        app.wait(&App::css("compose-editor-content"), LIMIT).await;
        app
    }

    /// Moves the cursor to the end of the text (Ctrl+End), then types `text` ("\n" is Enter).
    pub(crate) async fn type_at_end(app: &App, text: &str) {
        use fantoccini::key::Key;
        let content = app.wait(&App::css("compose-editor-content"), LIMIT).await;
        content
            .send_keys(&format!("{}{}{}", Key::Control, Key::End, Key::Null))
            .await
            .unwrap();
        content.send_keys(&keys(text)).await.unwrap();
    }

    /// Presses Backspace `n` times where the cursor is.
    pub(crate) async fn backspace(app: &App, n: usize) {
        let content = app.wait(&App::css("compose-editor-content"), LIMIT).await;
        let key = fantoccini::key::Key::Backspace.to_string();
        content.send_keys(&key.repeat(n)).await.unwrap();
    }

    /// The editor's text as shown: its lines joined with "\n"; WebKit's no-break spaces for
    /// typed spaces read back as spaces.
    pub(crate) async fn text(app: &App) -> String {
        let v = app
            .client()
            .execute(
                "const c = document.querySelector(\"[data-testid='compose-editor-content']\");\
                 return Array.from(c.querySelectorAll('.cm-line')).map(l => l.textContent).join('\\n');",
                vec![],
            )
            .await
            .unwrap();
        v.as_str().unwrap_or_default().replace('\u{a0}', " ")
    }

    /// The editor marking `rule` on `line`.
    pub(crate) fn marked(rule: &str, line: u32) -> String {
        format!("[data-testid='compose-editor'][data-diagnostic-rules~='{rule}@{line}']")
    }

    /// A Problems panel row of `rule` on `line`.
    pub(crate) fn problem(rule: &str, line: u32) -> String {
        by(
            "compose-problem",
            &[("rule", rule), ("line", &line.to_string())],
        )
    }

    /// Shows the panel `id` (`problems`, `config`, …).
    pub(crate) async fn panel(app: &App, id: &str) {
        app.click(&App::css(&format!("compose-panel-tab-{id}")))
            .await;
        app.wait(&App::css(&format!("compose-panel-{id}")), LIMIT)
            .await;
    }

    /// The Resolved panel's row for the variable `name`.
    pub(crate) fn variable(name: &str) -> String {
        by("compose-variable", &[("name", name)])
    }
}

/// The Swarm section's Services tab (`components/swarm/services/`): the services list, a
/// service's detail pane with its tasks, the service form (create and update) and the scale and
/// remove dialogs.
pub(crate) struct SwarmServices;

impl SwarmServices {
    /// Opens the Swarm section's Services tab of a launched app.
    pub(crate) async fn open(app: &App) {
        app.click(&App::css("nav-swarm")).await;
        app.wait(&App::css("swarm-tab-services"), Duration::from_secs(30))
            .await;
        app.click(&App::css("swarm-tab-services")).await;
        app.wait(&App::css("services-view"), LIMIT).await;
    }

    /// The list's row of service `name`.
    pub(crate) fn row(name: &str) -> String {
        by("service-row", &[("name", name)])
    }

    /// Opens service `name`'s detail pane from its row.
    pub(crate) async fn open_detail(app: &App, name: &str) {
        app.click(&format!(
            "{} [data-testid='service-row-name']",
            Self::row(name)
        ))
        .await;
        app.wait(&by("service-detail", &[("name", name)]), LIMIT)
            .await;
    }

    /// Waits until the open detail's Tasks tab counts `n` running tasks.
    pub(crate) async fn wait_running(app: &App, n: usize, limit: Duration) {
        app.wait(
            &format!("[data-testid='service-tasks'][data-running='{n}']"),
            limit,
        )
        .await;
    }

    /// Types `text` into the form field with test id `testid` (cleared first).
    pub(crate) async fn fill(app: &App, testid: &str, text: &str) {
        let field = app.wait(&App::css(testid), LIMIT).await;
        field.clear().await.unwrap();
        field.send_keys(text).await.unwrap();
    }

    /// Types `text` into the last field matching `css` (the row just added), cleared first.
    pub(crate) async fn fill_nth(app: &App, css: &str, text: &str) {
        app.wait(css, LIMIT).await;
        let all = app
            .client()
            .find_all(fantoccini::Locator::Css(css))
            .await
            .unwrap();
        let field = all.last().unwrap();
        field.clear().await.unwrap();
        field.send_keys(text).await.unwrap();
    }

    /// Waits until the service form's preview is in (the form is not busy).
    pub(crate) async fn form_settled(app: &App) {
        app.wait("[data-testid='service-form'][aria-busy='false']", LIMIT)
            .await;
    }

    /// A line of the remove dialog's preview: `kind` is `service` or `task`.
    pub(crate) fn remove_item(kind: &str) -> String {
        by("service-remove-item", &[("kind", kind)])
    }
}

/// The Engines section (`components/engines/`): docker contexts and the sockets found.
pub(crate) struct Engines;

impl Engines {
    /// Launches the app on `host` with `DOCKER_CONFIG=config` and opens the Engines view.
    pub(crate) async fn open(host: &str, config: &std::path::Path) -> App {
        let app = App::launch_with_env(host, &[("DOCKER_CONFIG", config.as_os_str())]).await;
        app.wait(&App::css("home-view"), Duration::from_secs(30))
            .await;
        app.click(&App::css("nav-engines")).await;
        app.wait(&App::css("engines-view"), LIMIT).await;
        app
    }

    /// A context's row in the list.
    pub(crate) fn row(name: &str) -> String {
        by("context-row", &[("name", name)])
    }

    /// Something inside a context's row (`context-use`, `context-remove`, `context-host`…).
    pub(crate) fn row_part(name: &str, testid: &str) -> String {
        format!("{} {}", Self::row(name), App::css(testid))
    }

    /// Replaces the text of a field of the context dialog (`context-name`, `context-address`…).
    pub(crate) async fn fill(app: &App, testid: &str, text: &str) {
        let e = app.wait(&App::css(testid), LIMIT).await;
        e.clear().await.unwrap();
        e.send_keys(text).await.unwrap();
    }
}

/// The engine badge in the sidebar and the switcher it (or Ctrl-E) opens.
pub(crate) struct EngineSwitcher;

impl EngineSwitcher {
    /// Ctrl-E then `digit`, typed into whatever has focus: two keystrokes.
    pub(crate) async fn switch_by_digit(app: &App, digit: char) {
        let focused = app.client().active_element().await.unwrap();
        focused
            .send_keys(&format!(
                "{}e{}",
                fantoccini::key::Key::Control,
                fantoccini::key::Key::Null
            ))
            .await
            .unwrap();
        app.wait(&App::css("engine-switcher"), LIMIT).await;
        // The list loads the choices first; a digit before that would be lost.
        app.wait(&App::css("engine-choice"), LIMIT).await;
        let focused = app.client().active_element().await.unwrap();
        focused.send_keys(&digit.to_string()).await.unwrap();
        app.wait_gone(&App::css("engine-switcher"), LIMIT).await;
    }

    /// The choice labelled `label` (a context's name, "Configured").
    pub(crate) fn choice(label: &str) -> String {
        by("engine-choice", &[("label", label)])
    }

    /// Waits until the badge names `name` (read from its attribute: the text may be cut
    /// short with an ellipsis in the narrow sidebar).
    pub(crate) async fn wait_badge(app: &App, name: &str) {
        app.wait(&by("engine-badge", &[("name", name)]), LIMIT)
            .await;
    }
}

/// Swarm → Stacks (`components/swarm/stacks/`): the stacks on the swarm and the remove dialog;
/// and the compose editor's Swarm panel (`stack-deploy-*`).
pub(crate) struct SwarmStacks;

impl SwarmStacks {
    /// Shows the Swarm section's Stacks tab.
    pub(crate) async fn open(app: &App) {
        app.click(&App::css("nav-swarm")).await;
        app.click(&App::css("swarm-tab-stacks")).await;
        app.wait(&App::css("swarm-stacks"), LIMIT).await;
    }

    /// The row of `stack`.
    pub(crate) fn row(stack: &str) -> String {
        by("swarm-stack-row", &[("stack", stack)])
    }

    /// A problem of the Swarm panel: `rule` on `line`.
    pub(crate) fn deploy_problem(rule: &str, line: u32) -> String {
        by(
            "stack-deploy-problem",
            &[("rule", rule), ("line", &line.to_string())],
        )
    }

    /// Opens the remove dialog of `stack` and waits for its preview; the names it lists.
    pub(crate) async fn remove_preview(app: &App, stack: &str) -> Vec<String> {
        app.click(&format!(
            "{} [data-testid='swarm-stack-remove']",
            Self::row(stack)
        ))
        .await;
        app.wait(&App::css("stack-remove-command"), LIMIT).await;
        let mut names = Vec::new();
        for item in app
            .client()
            .find_all(fantoccini::Locator::Css(&App::css("stack-remove-item")))
            .await
            .unwrap()
        {
            names.push(item.text().await.unwrap());
        }
        names.sort();
        names
    }
}

/// The command palette (Ctrl/Cmd-K) and the shortcuts sheet (`?`), driven by keys only.
pub(crate) struct Palette;

impl Palette {
    /// Presses `keys` (fantoccini key codes and characters) in whatever has focus, as a person
    /// at the keyboard would. `Key::Null` releases held modifiers.
    pub(crate) async fn press(app: &App, keys: &str) {
        let focused = app.client().active_element().await.unwrap();
        focused.send_keys(keys).await.unwrap();
    }

    /// Ctrl-K, then `query` typed into the palette's search field.
    pub(crate) async fn search(app: &App, query: &str) {
        use fantoccini::key::Key;
        Self::press(app, &format!("{}k{}", Key::Control, Key::Null)).await;
        app.wait(&App::css("palette-input"), LIMIT).await;
        let active = app.client().active_element().await.unwrap();
        assert_eq!(
            active.attr("data-testid").await.unwrap().as_deref(),
            Some("palette-input"),
            "the palette opens with its search field focused"
        );
        active.send_keys(query).await.unwrap();
    }

    /// An entry of the results, by its title.
    pub(crate) fn entry(title: &str) -> String {
        by("palette-entry", &[("title", title)])
    }

    /// Presses ↓ until the entry titled `title` is the chosen one (at most 30 times).
    pub(crate) async fn choose(app: &App, title: &str) {
        use fantoccini::key::Key;
        app.wait(&Self::entry(title), LIMIT).await;
        let chosen = format!("{}[aria-selected='true']", Self::entry(title));
        for _ in 0..30 {
            if app.find(&chosen).await.is_some() {
                return;
            }
            Self::press(app, &Key::Down.to_string()).await;
        }
        panic!("{title} was never chosen with the arrow keys");
    }
}
