//! `compose_load` over a real project folder through the command's own function (the files
//! crate reads `.env`, the override, an `extends: file:` and an `include:`), and the values it
//! resolves beside what Debian's docker-compose 1.29.2 prints for the same folder
//! (`docker-compose config`; it knows no `include:`, so that part is compared without it).

use std::path::Path;
use std::process::Command;
use tugboat_compose::yaml::{parse, Node};
use tugboat_compose::{ComposeLoad, ComposeRequest, VariableFrom, VolumeKind};
use tugboat_lib::chosen::ChosenPaths;
use tugboat_lib::commands::compose::load_compose;

const MAIN: &str = r#"services:
  web:
    image: "tugboat-fixture/busybox:${TUGBOAT_IT_TAG:-1}"
    command: httpd -f -p 80
    ports: ["${WEB_PORT}:80"]
    environment:
      GREETING: ${TUGBOAT_IT_GREETING:-hello}
      FROM_ENV: $FROM_DOTENV
    volumes: ["./site:/www:ro", "data:/data"]
    depends_on:
      db: {condition: service_healthy}
  db:
    extends: {file: common/base.yaml, service: base}
    healthcheck: {test: ["CMD", "true"], interval: 2s}
volumes:
  data: {}
"#;

const BASE: &str = r#"services:
  base:
    image: tugboat-fixture/busybox:1
    command: ["sleep", "3600"]
    volumes: ["./seed:/seed"]
    environment: [ROLE=db]
"#;

const OVERRIDE: &str = "services:\n  web:\n    environment:\n      EXTRA: \"1\"\n";

/// The project folder: compose.yaml, .env, the override, common/base.yaml, and an included
/// cache/compose.yaml with its own .env.
fn project(dir: &Path) {
    std::fs::create_dir_all(dir.join("common")).unwrap();
    std::fs::create_dir_all(dir.join("cache")).unwrap();
    std::fs::write(dir.join("compose.yaml"), MAIN).unwrap();
    std::fs::write(dir.join("common/base.yaml"), BASE).unwrap();
    std::fs::write(dir.join("compose.override.yaml"), OVERRIDE).unwrap();
    std::fs::write(
        dir.join(".env"),
        "WEB_PORT=8089\nFROM_DOTENV=\"quoted value\"\n",
    )
    .unwrap();
    std::fs::write(
        dir.join("cache/compose.yaml"),
        "services:\n  cache:\n    image: \"tugboat-fixture/busybox:${CACHE_TAG}\"\n    volumes: ['./conf:/conf']\n",
    )
    .unwrap();
    std::fs::write(dir.join("cache/.env"), "CACHE_TAG=1\n").unwrap();
}

fn request(dir: &Path, text: &str) -> ComposeRequest {
    ComposeRequest {
        text: text.into(),
        path: Some(dir.join("compose.yaml").display().to_string()),
        project_dir: None,
        env_files: Vec::new(),
        overrides: vec!["compose.override.yaml".into()],
        profiles: Vec::new(),
        project_name: Some("tugboat-it-load".into()),
    }
}

async fn load_in(dir: &Path, text: &str) -> ComposeLoad {
    let chosen = ChosenPaths::default();
    chosen.allow_edit_in(dir);
    load_compose(&chosen, request(dir, text)).await.unwrap()
}

#[tokio::test]
async fn a_project_folder_loads_with_env_override_extends_and_include() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().canonicalize().unwrap();
    project(&dir);
    let text = format!("include:\n  - cache/compose.yaml\n{MAIN}");
    let loaded = load_in(&dir, &text).await;
    assert!(loaded.diagnostics.is_empty(), "{:#?}", loaded.diagnostics);
    let model = loaded.model.as_ref().unwrap();
    assert_eq!(model.name, "tugboat-it-load");
    let d = dir.display();
    for file in [
        format!("{d}/compose.yaml"),
        format!("{d}/.env"),
        format!("{d}/compose.override.yaml"),
        format!("{d}/common/base.yaml"),
        format!("{d}/cache/compose.yaml"),
        format!("{d}/cache/.env"),
    ] {
        assert!(
            loaded.files.contains(&file),
            "{file} not in {:?}",
            loaded.files
        );
    }
    let web = model.service("web").unwrap();
    assert_eq!(web.ports[0].published.as_deref(), Some("8089"));
    assert!(web
        .environment
        .contains(&("EXTRA".into(), Some("1".into()))));
    let cache = model.service("cache").unwrap();
    assert_eq!(cache.image.as_deref(), Some("tugboat-fixture/busybox:1"));
    assert_eq!(cache.volumes[0].source, Some(format!("{d}/cache/conf")));
    assert_eq!(cache.span.line, 2, "shown on the include line");
    let port = loaded
        .variables
        .iter()
        .find(|v| v.name == "WEB_PORT")
        .unwrap();
    assert_eq!(
        (port.from, port.value.as_deref()),
        (VariableFrom::EnvFile, Some("8089"))
    );
    assert!(loaded
        .config
        .as_deref()
        .unwrap()
        .contains("tugboat-it-load_data"));
}

#[tokio::test]
async fn missing_files_are_file_missing_on_the_line_that_names_them() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().canonicalize().unwrap();
    project(&dir);
    let text = format!("include:\n  - nowhere/compose.yaml\n{MAIN}");
    let mut req = request(&dir, &text);
    req.env_files = vec!["missing.env".into()];
    let chosen = ChosenPaths::default();
    chosen.allow_edit_in(&dir);
    let loaded = load_compose(&chosen, req).await.unwrap();
    let missing: Vec<(u32, &str)> = loaded
        .diagnostics
        .iter()
        .filter(|d| d.rule == "file-missing")
        .map(|d| (d.span.line, d.message.as_str()))
        .collect();
    assert_eq!(missing.len(), 2, "{missing:?}");
    assert!(missing
        .iter()
        .any(|(l, m)| *l == 1 && m.contains("missing.env")));
    assert!(missing
        .iter()
        .any(|(l, m)| *l == 2 && m.contains("nowhere/compose.yaml")));
}

#[tokio::test]
async fn files_outside_the_opened_folders_are_not_read() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().canonicalize().unwrap();
    project(&dir);
    // Nothing opened: the .env next to the file is not read, the override is refused.
    let loaded = load_compose(&ChosenPaths::default(), request(&dir, MAIN))
        .await
        .unwrap();
    assert_eq!(loaded.files, [format!("{}/compose.yaml", dir.display())]);
    let refused = loaded
        .diagnostics
        .iter()
        .find(|d| d.rule == "file-missing")
        .unwrap();
    assert!(
        refused.message.contains("not inside a folder opened here"),
        "{}",
        refused.message
    );
}

fn get<'a>(node: &'a Node, path: &[&str]) -> &'a Node {
    path.iter().fold(node, |n, k| {
        n.get(k).unwrap_or_else(|| panic!("no {k} in {n:?}"))
    })
}

#[tokio::test]
async fn resolved_values_match_docker_compose_config() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().canonicalize().unwrap();
    project(&dir);
    let out = Command::new("docker-compose")
        .args([
            "-f",
            "compose.yaml",
            "-f",
            "compose.override.yaml",
            "config",
        ])
        .current_dir(&dir)
        .env_remove("TUGBOAT_IT_TAG")
        .env_remove("TUGBOAT_IT_GREETING")
        .output()
        .expect("docker-compose 1.29.2 is installed (Debian's package)");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let theirs = parse(&String::from_utf8(out.stdout).unwrap()).unwrap();
    let ours = load_in(&dir, MAIN).await;
    let model = ours.model.as_ref().unwrap();

    let (web, their_web) = (
        model.service("web").unwrap(),
        get(&theirs, &["services", "web"]),
    );
    assert_eq!(web.image.as_deref(), get(their_web, &["image"]).as_str());
    for (k, v) in get(their_web, &["environment"]).as_map().unwrap() {
        let ours = web
            .environment
            .iter()
            .find(|(n, _)| Some(n.as_str()) == k.as_str());
        assert_eq!(
            ours.and_then(|(_, v)| v.as_deref()),
            v.as_str(),
            "environment {k:?}"
        );
    }
    assert_eq!(
        web.environment.len(),
        get(their_web, &["environment"]).as_map().unwrap().len()
    );
    let their_port = &get(their_web, &["ports"]).as_seq().unwrap()[0];
    assert_eq!(
        web.ports[0].published.as_deref(),
        get(their_port, &["published"]).as_str()
    );
    assert_eq!(
        Some(web.ports[0].target.as_str()),
        get(their_port, &["target"]).as_str()
    );
    // Their short volume strings (`/abs/site:/www:ro`) against our long form.
    let their_binds: Vec<(String, String)> = get(their_web, &["volumes"])
        .as_seq()
        .unwrap()
        .iter()
        .map(|v| {
            let parts: Vec<&str> = v.as_str().unwrap().split(':').collect();
            (parts[0].to_string(), parts[1].to_string())
        })
        .collect();
    for v in &web.volumes {
        let pair = (v.source.clone().unwrap(), v.target.clone());
        assert!(
            their_binds.contains(&pair),
            "{pair:?} not in {their_binds:?}"
        );
    }
    assert!(web
        .volumes
        .iter()
        .any(|v| v.kind == VolumeKind::Bind && v.read_only));

    let (db, their_db) = (
        model.service("db").unwrap(),
        get(&theirs, &["services", "db"]),
    );
    assert_eq!(db.image.as_deref(), get(their_db, &["image"]).as_str());
    let their_cmd: Vec<&str> = get(their_db, &["command"])
        .as_seq()
        .unwrap()
        .iter()
        .map(|n| n.as_str().unwrap())
        .collect();
    assert_eq!(db.command.as_deref().unwrap(), their_cmd.as_slice());
    let their_seed = get(their_db, &["volumes"]).as_seq().unwrap()[0]
        .as_str()
        .unwrap();
    assert_eq!(
        format!(
            "{}:{}",
            db.volumes[0].source.as_deref().unwrap(),
            db.volumes[0].target
        ),
        their_seed.trim_end_matches(":rw"),
        "a relative bind in an extends file is relative to that file"
    );
    assert_eq!(
        db.environment,
        [(
            "ROLE".to_string(),
            get(their_db, &["environment", "ROLE"])
                .as_str()
                .map(String::from)
        )]
    );
    let hc = db.healthcheck.as_ref().unwrap();
    assert_eq!(hc.interval_ns, Some(2e9));
    assert_eq!(
        get(their_db, &["healthcheck", "interval"]).as_str(),
        Some("2s")
    );
}
