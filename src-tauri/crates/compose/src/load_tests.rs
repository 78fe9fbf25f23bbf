//! The loader end to end over files held in memory: env precedence, variables with spans,
//! overrides, extends, include, profiles, normalisation and the problems it reports.

use crate::load::{load, ComposeLoad, LoadOptions, Source, VariableFrom};
use crate::model::*;
use std::collections::BTreeMap;
use std::path::Path;

#[derive(Default)]
struct Files(BTreeMap<String, String>);

impl Files {
    fn with(mut self, path: &str, text: &str) -> Self {
        self.0.insert(path.into(), text.into());
        self
    }
}

impl Source for Files {
    fn read(&self, path: &Path) -> Result<String, String> {
        self.0
            .get(&path.display().to_string())
            .cloned()
            .ok_or_else(|| "no such file".into())
    }
}

fn options() -> LoadOptions {
    LoadOptions {
        path: Some("/p/app/compose.yaml".into()),
        home: Some("/home/me".into()),
        ..LoadOptions::default()
    }
}

fn rules(l: &ComposeLoad) -> Vec<(String, u32)> {
    l.diagnostics
        .iter()
        .map(|d| (d.rule.clone(), d.span.line))
        .collect()
}

fn service<'a>(l: &'a ComposeLoad, name: &str) -> &'a Service {
    l.model
        .as_ref()
        .and_then(|m| m.service(name))
        .unwrap_or_else(|| panic!("no service {name}: {:?}", l.diagnostics))
}

#[test]
fn a_plain_file_resolves_with_defaults() {
    let text = "services:\n  web:\n    image: busybox\n    ports: ['8080:80', '127.0.0.1::53/udp']\n    volumes: ['./site:/www:ro', 'data:/data', '/cache', '~/x:/x']\n    command: httpd -f -p \"80 81\"\nvolumes:\n  data: {}\n";
    let l = load(text, &options(), &Files::default());
    assert!(l.diagnostics.is_empty(), "{:?}", l.diagnostics);
    let m = l.model.as_ref().unwrap();
    assert_eq!(m.name, "app", "the folder's name");
    assert_eq!(m.working_dir, "/p/app");
    assert_eq!(m.config_files, ["/p/app/compose.yaml"]);
    let web = service(&l, "web");
    assert_eq!(web.span.line, 2);
    assert_eq!(
        web.ports,
        [
            PortDef {
                host_ip: None,
                published: Some("8080".into()),
                target: "80".into(),
                protocol: "tcp".into()
            },
            PortDef {
                host_ip: Some("127.0.0.1".into()),
                published: None,
                target: "53".into(),
                protocol: "udp".into()
            },
        ]
    );
    let vols: Vec<_> = web
        .volumes
        .iter()
        .map(|v| (v.kind, v.source.clone(), v.target.as_str(), v.read_only))
        .collect();
    assert_eq!(
        vols,
        [
            (
                VolumeKind::Bind,
                Some("/p/app/site".to_string()),
                "/www",
                true
            ),
            (VolumeKind::Volume, Some("data".into()), "/data", false),
            (VolumeKind::Volume, None, "/cache", false),
            (VolumeKind::Bind, Some("/home/me/x".into()), "/x", false),
        ]
    );
    assert_eq!(
        web.command.as_deref().unwrap(),
        ["httpd", "-f", "-p", "80 81"]
    );
    assert_eq!(web.networks[0].name, "default");
    assert_eq!(web.replicas, 1);
    let nets: Vec<_> = m.networks.iter().map(|n| n.name.as_str()).collect();
    assert_eq!(nets, ["app_default"]);
    assert_eq!(m.volumes[0].name, "app_data");
    assert!(l.config.as_deref().unwrap().contains("app_default"));
}

#[test]
fn env_precedence_process_over_dotenv_and_env_file_replaces_dotenv() {
    let files = Files::default()
        .with("/p/app/.env", "TAG=dotenv\nPORT=1000\n")
        .with("/p/app/prod.env", "PORT=2000\n");
    let text =
        "services:\n  web:\n    image: \"busybox:${TAG:-none}\"\n    ports: [\"${PORT}:80\"]\n";
    let mut o = options();
    let l = load(text, &o, &files);
    assert_eq!(service(&l, "web").image.as_deref(), Some("busybox:dotenv"));
    assert_eq!(l.model.as_ref().unwrap().env_files, ["/p/app/.env"]);
    o.environment.insert("TAG".into(), "process".into());
    let l = load(text, &o, &files);
    assert_eq!(service(&l, "web").image.as_deref(), Some("busybox:process"));
    let tag = l.variables.iter().find(|v| v.name == "TAG").unwrap();
    assert_eq!(tag.from, VariableFrom::Process);
    o.env_files = vec!["prod.env".into()];
    let l = load(text, &o, &files);
    assert_eq!(
        service(&l, "web").ports[0].published.as_deref(),
        Some("2000")
    );
    o.environment.clear();
    let l = load(text, &o, &files);
    assert_eq!(
        service(&l, "web").image.as_deref(),
        Some("busybox:none"),
        "no .env once --env-file is given"
    );
    o.env_files = vec!["missing.env".into()];
    let l = load(text, &o, &files);
    assert!(rules(&l).contains(&("file-missing".into(), 1)));
}

#[test]
fn variable_uses_have_spans_and_problems() {
    let text = "services:\n  web:\n    image: \"x:${TAG}\"\n    environment:\n      A: ${NEED:?set NEED please}\n      B: $$literal\n";
    let l = load(text, &options(), &Files::default());
    let tag = &l.variables[0];
    assert_eq!(
        (tag.name.as_str(), tag.from, tag.span.line),
        ("TAG", VariableFrom::Unset, 3)
    );
    let start = text.find("${TAG}").unwrap() as u32;
    assert_eq!((tag.span.start, tag.span.end), (start, start + 6));
    let r = rules(&l);
    assert!(r.contains(&("undefined-variable".into(), 3)), "{r:?}");
    assert!(r.contains(&("required-variable".into(), 5)), "{r:?}");
    let need = l
        .diagnostics
        .iter()
        .find(|d| d.rule == "required-variable")
        .unwrap();
    assert!(need.message.contains("set NEED please"));
    let web = service(&l, "web");
    assert!(web
        .environment
        .contains(&("B".into(), Some("$literal".into()))));
}

#[test]
fn syntax_errors_give_no_model() {
    let l = load("services:\n  web: [\n", &options(), &Files::default());
    assert!(l.model.is_none());
    assert_eq!(l.diagnostics[0].rule, "yaml-syntax");
}

#[test]
fn overrides_merge_over_the_main_file() {
    let files = Files::default().with(
        "/p/app/compose.override.yaml",
        "services:\n  web:\n    image: b\n    environment: [B=2]\n    ports: ['9090:90']\n    command: [new]\n",
    );
    let mut o = options();
    o.overrides = vec!["compose.override.yaml".into()];
    let text = "services:\n  web:\n    image: a\n    environment: {A: '1'}\n    ports: ['8080:80']\n    command: old cmd\n";
    let l = load(text, &o, &files);
    let web = service(&l, "web");
    assert_eq!(web.image.as_deref(), Some("b"));
    assert_eq!(
        web.environment,
        [
            ("A".into(), Some("1".into())),
            ("B".into(), Some("2".into()))
        ]
    );
    assert_eq!(web.ports.len(), 2);
    assert_eq!(web.command.as_deref().unwrap(), ["new"]);
    assert_eq!(web.span.line, 2, "the main file's key keeps its place");
    assert_eq!(l.model.as_ref().unwrap().config_files.len(), 2);
    assert!(l
        .files
        .contains(&"/p/app/compose.override.yaml".to_string()));
}

#[test]
fn problems_in_an_override_show_on_line_one_naming_the_file() {
    let files = Files::default().with("/p/app/o.yaml", "services:\n  web:\n    image: [\n");
    let mut o = options();
    o.overrides = vec!["o.yaml".into()];
    let l = load("services:\n  web:\n    image: a\n", &o, &files);
    let d = &l.diagnostics[0];
    assert_eq!((d.rule.as_str(), d.span.line), ("yaml-syntax", 1));
    assert!(
        d.message.starts_with("/p/app/o.yaml, line"),
        "{}",
        d.message
    );
}

#[test]
fn extends_same_file_and_other_file() {
    let files = Files::default().with(
        "/p/common/base.yaml",
        "services:\n  base:\n    image: busybox\n    build: ./ctx\n    environment: [FROM_BASE=1]\n    volumes: ['./data:/data']\n",
    );
    let text = "services:\n  a:\n    extends: {file: ../common/base.yaml, service: base}\n    environment: [OWN=1]\n  b:\n    extends: a\n    image: mine\n  c:\n    extends: nope\n";
    let l = load(text, &options(), &files);
    let a = service(&l, "a");
    assert_eq!(a.image.as_deref(), Some("busybox"));
    assert_eq!(
        a.build.as_ref().unwrap().context,
        "/p/common/ctx",
        "relative to the base's file"
    );
    assert_eq!(a.volumes[0].source.as_deref(), Some("/p/common/data"));
    assert_eq!(
        a.environment,
        [
            ("FROM_BASE".into(), Some("1".into())),
            ("OWN".into(), Some("1".into()))
        ]
    );
    let b = service(&l, "b");
    assert_eq!(b.image.as_deref(), Some("mine"));
    assert_eq!(b.environment.len(), 2);
    assert!(
        rules(&l).contains(&("schema".into(), 9)),
        "{:?}",
        l.diagnostics
    );
}

#[test]
fn extends_in_a_loop_is_an_error_not_a_hang() {
    let text = "services:\n  a:\n    extends: b\n  b:\n    extends: a\n";
    let l = load(text, &options(), &Files::default());
    assert!(l.diagnostics.iter().any(|d| d.message.contains("loop")));
}

#[test]
fn include_brings_services_with_their_own_folder_and_env() {
    let files = Files::default()
        .with("/p/db/compose.yaml", "services:\n  db:\n    image: \"pg:${PGTAG}\"\n    volumes: ['./init:/init']\nvolumes:\n  dbdata: {}\n")
        .with("/p/db/.env", "PGTAG=16\n");
    let text = "include:\n  - ../db/compose.yaml\n  - path: missing.yaml\nservices:\n  web:\n    image: w\n    depends_on: [db]\n";
    let l = load(text, &options(), &files);
    let db = service(&l, "db");
    assert_eq!(db.image.as_deref(), Some("pg:16"));
    assert_eq!(db.volumes[0].source.as_deref(), Some("/p/db/init"));
    assert_eq!(db.span.line, 2, "on the include line");
    assert!(l
        .model
        .as_ref()
        .unwrap()
        .volumes
        .iter()
        .any(|v| v.name == "app_dbdata"));
    assert!(
        rules(&l).contains(&("file-missing".into(), 3)),
        "{:?}",
        l.diagnostics
    );
}

#[test]
fn profiles_keep_active_and_named_services() {
    let text = "services:\n  web:\n    image: a\n  debug:\n    image: b\n    profiles: [dev]\n    depends_on: [tool]\n  tool:\n    image: c\n    profiles: [tools]\n";
    let l = load(text, &options(), &Files::default());
    let names: Vec<_> = l
        .model
        .as_ref()
        .unwrap()
        .services
        .iter()
        .map(|s| s.name.as_str())
        .collect();
    assert_eq!(names, ["web"]);
    assert_eq!(
        l.model.as_ref().unwrap().inactive_services,
        ["debug", "tool"]
    );
    let mut o = options();
    o.profiles = vec!["dev".into()];
    let l = load(text, &o, &Files::default());
    assert_eq!(l.model.as_ref().unwrap().services.len(), 2);
    let mut o = options();
    o.services = vec!["debug".into()];
    let l = load(text, &o, &Files::default());
    assert_eq!(
        l.model.as_ref().unwrap().services.len(),
        3,
        "named, with what it depends on"
    );
}

#[test]
fn long_forms_and_limits() {
    let text = "\
name: My_Shop
services:
  web:
    image: a
    depends_on:
      db: {condition: service_healthy, restart: true}
    healthcheck:
      test: wget -q -O- localhost
      interval: 1m30s
      retries: 3
    mem_limit: 512m
    deploy: {replicas: 3, resources: {limits: {cpus: '0.5'}}}
    networks:
      back: {aliases: [api]}
    labels: [a=b]
    extra_hosts: {host1: 10.0.0.1}
    env_file: [web.env]
  db:
    image: b
    healthcheck: {test: [CMD, 'true'], disable: false}
    network_mode: host
networks:
  back:
    external: true
";
    let files = Files::default().with("/p/app/web.env", "FROM_FILE=1\n");
    let l = load(text, &options(), &files);
    assert!(l.diagnostics.is_empty(), "{:?}", l.diagnostics);
    let m = l.model.as_ref().unwrap();
    assert_eq!(m.name, "my_shop");
    let web = service(&l, "web");
    assert_eq!(web.depends_on[0].condition, DependCondition::ServiceHealthy);
    assert!(web.depends_on[0].restart && web.depends_on[0].required);
    let hc = web.healthcheck.as_ref().unwrap();
    assert_eq!(hc.test, ["CMD-SHELL", "wget -q -O- localhost"]);
    assert_eq!((hc.interval_ns, hc.retries), (Some(90e9), Some(3)));
    assert_eq!(web.memory_bytes, Some(512.0 * 1024.0 * 1024.0));
    assert_eq!((web.replicas, web.cpus), (3, Some(0.5)));
    assert_eq!(web.networks[0].aliases, ["api"]);
    assert_eq!(web.labels, [("a".into(), "b".into())]);
    assert_eq!(web.extra_hosts, ["host1:10.0.0.1"]);
    assert_eq!(web.environment, [("FROM_FILE".into(), Some("1".into()))]);
    let db = service(&l, "db");
    assert!(db.networks.is_empty());
    assert_eq!(
        m.networks
            .iter()
            .map(|n| (n.name.as_str(), n.external))
            .collect::<Vec<_>>(),
        [("back", true)],
        "no default network: nobody uses it"
    );
}

#[test]
fn bad_ports_and_volumes_are_reported_on_their_line() {
    let text = "services:\n  web:\n    image: a\n    ports: ['80:80:80:80', '8080:99999']\n    volumes:\n      - 'data:relative'\n";
    let l = load(text, &options(), &Files::default());
    let r = rules(&l);
    assert_eq!(
        r.iter().filter(|(k, _)| k == "port-syntax").count(),
        2,
        "{r:?}"
    );
    assert!(r.contains(&("volume-syntax".into(), 6)), "{r:?}");
}

#[test]
fn unsupported_keys_say_what_compose_would_do() {
    let text = "services:\n  web:\n    image: a\n    secrets: [s]\n    logging: {driver: none}\nsecrets:\n  s: {file: ./s}\n";
    let l = load(text, &options(), &Files::default());
    let u: Vec<_> = l
        .diagnostics
        .iter()
        .filter(|d| d.rule == "unsupported")
        .collect();
    assert_eq!(u.len(), 3);
    assert!(u.iter().any(|d| d.message.contains("/run/secrets")));
}

#[test]
fn an_unsaved_file_has_no_folder_and_reads_nothing() {
    let l = load(
        "services:\n  web:\n    image: a\n    volumes: ['./x:/x']\n",
        &LoadOptions::default(),
        &crate::NoFiles,
    );
    let m = l.model.unwrap();
    assert_eq!(m.name, "default");
    assert_eq!(m.services[0].volumes[0].source.as_deref(), Some("./x"));
}

#[test]
fn compose_project_name_and_profiles_from_the_env_file() {
    let files = Files::default().with(
        "/p/app/.env",
        "COMPOSE_PROJECT_NAME=FromEnv\nCOMPOSE_PROFILES=dev, tools\n",
    );
    let text = "name: from-file\nservices:\n  web:\n    image: a\n    profiles: [tools]\n";
    let l = load(text, &options(), &files);
    let m = l.model.unwrap();
    assert_eq!(m.name, "fromenv", "COMPOSE_PROJECT_NAME over name:");
    assert_eq!(m.services.len(), 1, "COMPOSE_PROFILES activates tools");
    let mut o = options();
    o.project_name = Some("cli".into());
    o.profiles = vec!["other".into()];
    let m = load(text, &o, &files).model.unwrap();
    assert_eq!(
        (m.name.as_str(), m.services.len()),
        ("cli", 0),
        "-p and --profile win"
    );
}
