//! The corpus: realistic compose files written for these tests (corpus/), loaded as the editor
//! loads them. A valid file loads with no error and the model says what the file says; an
//! invalid one (`<name>.expected` beside it) gives exactly the recorded diagnostics, rule and
//! line, no more and no fewer. Plus the generated long file and the alias bomb's bound.

#![allow(clippy::unwrap_used, clippy::panic)] // helpers outside #[test]s unwrap too

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use tugboat_compose::*;

include!("../corpus/generate.rs");

fn corpus() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus")
}

/// Reads the corpus folder from disk, as the shell's source reads the user's folder.
struct Disk;

impl Source for Disk {
    fn read(&self, path: &Path) -> Result<String, String> {
        std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))
    }
    fn exists(&self, path: &Path) -> bool {
        path.is_file()
    }
}

/// Files that are only parts of another file's project (an override, an `extends` base).
const PARTS: [&str; 2] = ["base.override.yaml", "extends-base.yaml"];

/// How each file is loaded: its env file or override, as `docker compose` would be told.
fn options(name: &str) -> LoadOptions {
    let dir = corpus();
    let mut options = LoadOptions {
        path: Some(dir.join(name).display().to_string()),
        project_dir: Some(dir.display().to_string()),
        environment: BTreeMap::new(),
        ..Default::default()
    };
    match name {
        "interpolation.yaml" => {
            options.env_files = vec![dir.join("interpolation.env").display().to_string()]
        }
        "base.yaml" => {
            options.overrides = vec![dir.join("base.override.yaml").display().to_string()]
        }
        _ => {}
    }
    options
}

fn load_file(name: &str) -> (String, ComposeLoad) {
    let text = std::fs::read_to_string(corpus().join(name)).unwrap();
    let loaded = load(&text, &options(name), &Disk);
    (text, loaded)
}

fn yaml_files() -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(corpus())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".yaml"))
        .collect();
    names.sort();
    names
}

/// `rule line` pairs from a `.expected` file (`#` lines are comments).
fn expected(path: &Path) -> Vec<(String, u32)> {
    let mut pairs: Vec<(String, u32)> = std::fs::read_to_string(path)
        .unwrap()
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(|l| {
            let (rule, line) = l.split_once(' ').unwrap();
            (rule.to_string(), line.trim().parse().unwrap())
        })
        .collect();
    pairs.sort_by(|a, b| (a.1, &a.0).cmp(&(b.1, &b.0)));
    pairs
}

fn found(loaded: &ComposeLoad) -> Vec<(String, u32)> {
    let mut pairs: Vec<(String, u32)> = loaded
        .diagnostics
        .iter()
        .map(|d| (d.rule.clone(), d.span.line))
        .collect();
    pairs.sort_by(|a, b| (a.1, &a.0).cmp(&(b.1, &b.0)));
    pairs
}

#[test]
fn the_corpus_has_realistic_files_of_every_kind() {
    let names = yaml_files();
    assert!(names.len() >= 15, "{names:?}");
    let invalid = names
        .iter()
        .filter(|n| corpus().join(n.replace(".yaml", ".expected")).exists())
        .count();
    assert!(invalid >= 5, "{invalid} invalid files");
}

#[test]
fn every_valid_file_loads_without_errors_and_every_invalid_one_gives_exactly_its_expected_diagnostics(
) {
    let mut failures = Vec::new();
    for name in yaml_files() {
        if PARTS.contains(&name.as_str())
            || name.starts_with("alias-bomb")
            || name == "invalid-yaml.yaml"
        {
            continue;
        }
        let (_, loaded) = load_file(&name);
        let expected_file = corpus().join(name.replace(".yaml", ".expected"));
        if expected_file.exists() {
            let want = expected(&expected_file);
            let got = found(&loaded);
            if want != got {
                failures.push(format!(
                    "{name}: expected {want:?}\n  got {got:?}\n  {:#?}",
                    loaded
                        .diagnostics
                        .iter()
                        .map(|d| &d.message)
                        .collect::<Vec<_>>()
                ));
            }
        } else {
            let errors: Vec<_> = loaded
                .diagnostics
                .iter()
                .filter(|d| d.severity == Severity::Error)
                .map(|d| format!("line {}: {} ({})", d.span.line, d.message, d.rule))
                .collect();
            if !errors.is_empty() || loaded.model.is_none() {
                failures.push(format!("{name}: {errors:#?}"));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

fn model_of(name: &str) -> ComposeModel {
    let (_, loaded) = load_file(name);
    loaded
        .model
        .unwrap_or_else(|| panic!("{name}: no model: {:#?}", loaded.diagnostics))
}

fn names(model: &ComposeModel) -> Vec<&str> {
    model.services.iter().map(|s| s.name.as_str()).collect()
}

#[test]
fn web_and_db_wait_for_health_and_publish_the_port() {
    let m = model_of("web-db.yaml");
    assert_eq!(names(&m), vec!["db", "web"]);
    let web = m.service("web").unwrap();
    assert_eq!(
        web.depends_on,
        vec![Dependency {
            service: "db".into(),
            condition: DependCondition::ServiceHealthy,
            restart: false,
            required: true
        }]
    );
    assert_eq!(web.ports[0].published.as_deref(), Some("8080"));
    assert_eq!(web.ports[0].target, "8080");
    let db = m.service("db").unwrap();
    let health = db.healthcheck.as_ref().unwrap();
    assert_eq!(health.test, vec!["CMD-SHELL", "nc -z localhost 5432"]);
    assert_eq!(health.interval_ns, Some(2e9));
    assert_eq!(health.retries, Some(10));
    let keys: Vec<_> = m.volumes.iter().map(|v| v.key.as_str()).collect();
    assert_eq!(keys, vec!["data", "site"]);
}

#[test]
fn profiles_leave_out_services_until_asked_for() {
    let m = model_of("profiles.yaml");
    assert_eq!(names(&m), vec!["app"]);
    let mut o = options("profiles.yaml");
    o.profiles = vec!["tools".into()];
    let text = std::fs::read_to_string(corpus().join("profiles.yaml")).unwrap();
    let loaded = load(&text, &o, &Disk);
    let m = loaded.model.unwrap();
    assert_eq!(names(&m), vec!["app", "migrate", "seed"]);
    assert!(loaded
        .diagnostics
        .iter()
        .all(|d| d.severity != Severity::Error));
}

#[test]
fn anchors_and_merge_keys_fill_in_the_defaults() {
    let m = model_of("anchors.yaml");
    let worker = m.service("worker").unwrap();
    let env: BTreeMap<_, _> = worker.environment.iter().cloned().collect();
    assert_eq!(env.get("TZ"), Some(&Some("UTC".to_string())));
    assert_eq!(env.get("QUEUE"), Some(&Some("jobs".to_string())));
    assert_eq!(worker.restart.as_deref(), Some("unless-stopped"));
    // Keys written beside a merge win over the merged ones.
    assert_eq!(
        m.service("scheduler").unwrap().restart.as_deref(),
        Some("no")
    );
}

#[test]
fn extends_takes_settings_from_another_file_and_overrides_some() {
    let m = model_of("extends.yaml");
    let web = m.service("web").unwrap();
    let env: BTreeMap<_, _> = web.environment.iter().cloned().collect();
    assert_eq!(env.get("LOG_LEVEL"), Some(&Some("debug".to_string())));
    assert_eq!(env.get("REGION"), Some(&Some("eu".to_string())));
    assert_eq!(web.restart.as_deref(), Some("on-failure"));
    let jobs = m.service("jobs").unwrap();
    assert_eq!(jobs.image.as_deref(), Some("tugboat-fixture/busybox:1"));
}

#[test]
fn interpolation_reads_the_env_file_and_the_defaults() {
    let (_, loaded) = load_file("interpolation.yaml");
    let m = loaded.model.unwrap();
    let web = m.service("web").unwrap();
    assert_eq!(web.image.as_deref(), Some("tugboat-fixture/busybox:1"));
    assert_eq!(web.ports[0].published.as_deref(), Some("8088"));
    assert_eq!(web.ports[0].host_ip.as_deref(), Some("127.0.0.1"));
    let env: BTreeMap<_, _> = web.environment.iter().cloned().collect();
    assert_eq!(env.get("PRICE"), Some(&Some("$5 a month".to_string())));
    assert_eq!(env.get("SECRET"), Some(&Some("s3cr3t".to_string())));
    assert_eq!(env.get("DEBUG"), Some(&Some("yes".to_string())));
    assert_eq!(env.get("GREETING"), Some(&Some("hello world".to_string())));
    let labels: BTreeMap<_, _> = web.labels.iter().cloned().collect();
    assert_eq!(labels.get("version").map(String::as_str), Some("dev"));
}

#[test]
fn an_override_file_merges_over_the_base() {
    let m = model_of("base.yaml");
    assert_eq!(names(&m), vec!["cache", "tools", "web"]);
    let web = m.service("web").unwrap();
    let env: BTreeMap<_, _> = web.environment.iter().cloned().collect();
    assert_eq!(env.get("MODE"), Some(&Some("development".to_string())));
    let published: Vec<_> = web
        .ports
        .iter()
        .filter_map(|p| p.published.as_deref())
        .collect();
    assert_eq!(published, vec!["8080", "9229"]);
}

#[test]
fn long_syntax_and_replicas_are_read() {
    let m = model_of("long-syntax.yaml");
    let app = m.service("app").unwrap();
    assert_eq!(app.replicas, 2);
    assert_eq!(app.ports[0].published.as_deref(), Some("8082-8083"));
    assert_eq!(app.ports[1].protocol, "udp");
    let kinds: Vec<_> = app.volumes.iter().map(|v| v.kind).collect();
    assert_eq!(
        kinds,
        vec![VolumeKind::Volume, VolumeKind::Bind, VolumeKind::Tmpfs]
    );
    assert!(app.volumes[1].read_only);
    assert_eq!(app.memory_bytes, Some(256.0 * 1024.0 * 1024.0));
}

#[test]
fn the_generated_long_file_loads_clean() {
    let text = long_compose(2_000);
    assert!(text.lines().count() >= 2_000);
    let loaded = load(&text, &LoadOptions::default(), &NoFiles);
    let errors: Vec<_> = loaded
        .diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .collect();
    assert!(errors.is_empty(), "{:#?}", &errors[..errors.len().min(5)]);
    let m = loaded.model.unwrap();
    assert!(m.services.len() >= 40, "{} services", m.services.len());
    assert_eq!(m.volumes.len(), m.services.len());
}

#[test]
fn the_alias_bomb_fails_fast_with_one_limit_error() {
    let (_, loaded) = load_file("alias-bomb.yaml");
    let limits: Vec<_> = loaded
        .diagnostics
        .iter()
        .filter(|d| d.rule == "yaml-limit")
        .collect();
    assert_eq!(limits.len(), 1, "{:#?}", loaded.diagnostics);
    assert!(limits[0].message.contains("250"), "{}", limits[0].message);
}

#[test]
fn a_yaml_syntax_error_is_one_diagnostic_on_its_line() {
    let (_, loaded) = load_file("invalid-yaml.yaml");
    let rules: Vec<_> = loaded.diagnostics.iter().map(|d| d.rule.as_str()).collect();
    assert_eq!(rules, vec!["yaml-syntax"], "{:#?}", loaded.diagnostics);
    // The unclosed quote opens on line 4; the parser notices it at the latest at the end.
    let line = loaded.diagnostics[0].span.line;
    assert!((4..=6).contains(&line), "line {line}");
}
