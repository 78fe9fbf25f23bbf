//! Our own checks (`checks::check`), each on a model built by hand (so a check is tested apart
//! from the loader) and, where the line matters, on a file through `load`.

#![allow(clippy::unwrap_used, clippy::panic)] // helpers outside #[test]s unwrap too

use tugboat_compose::checks::{self, check};
use tugboat_compose::yaml::Node;
use tugboat_compose::*;

fn span(line: u32) -> Span {
    Span {
        start: line * 100,
        end: line * 100 + 5,
        line,
        end_line: line,
    }
}

fn service(name: &str, line: u32) -> Service {
    Service {
        name: name.into(),
        span: span(line),
        image: Some("tugboat-fixture/busybox:1".into()),
        replicas: 1,
        networks: vec![ServiceNetwork {
            name: "default".into(),
            ..Default::default()
        }],
        ..Default::default()
    }
}

fn depends(on: &str, condition: DependCondition) -> Dependency {
    Dependency {
        service: on.into(),
        condition,
        restart: false,
        required: true,
    }
}

fn port(published: &str, target: &str) -> PortDef {
    PortDef {
        host_ip: None,
        published: Some(published.into()),
        target: target.into(),
        protocol: "tcp".into(),
    }
}

fn model(services: Vec<Service>) -> ComposeModel {
    ComposeModel {
        name: "demo".into(),
        services,
        ..Default::default()
    }
}

/// A tree with no services: every finding falls back to the service's own span.
fn empty_root() -> Node {
    Node::scalar("", true, Span::default())
}

fn run(m: &ComposeModel) -> Vec<Diagnostic> {
    check(m, &empty_root(), &[])
}

fn rules_of(found: &[Diagnostic]) -> Vec<(&str, u32)> {
    found
        .iter()
        .map(|d| (d.rule.as_str(), d.span.line))
        .collect()
}

#[test]
fn a_valid_model_has_no_findings() {
    let mut web = service("web", 2);
    web.depends_on = vec![depends("db", DependCondition::ServiceStarted)];
    web.ports = vec![port("8080", "80")];
    let mut db = service("db", 8);
    db.ports = vec![port("5432", "5432")];
    assert_eq!(run(&model(vec![web, db])), vec![]);
}

#[test]
fn depends_on_a_missing_service_is_an_error_with_a_suggestion() {
    let mut web = service("web", 2);
    web.depends_on = vec![depends("dbb", DependCondition::ServiceStarted)];
    let found = run(&model(vec![web, service("db", 8)]));
    assert_eq!(rules_of(&found), vec![("depends-on-missing", 2)]);
    assert_eq!(found[0].severity, Severity::Error);
    assert!(found[0].message.contains("`dbb`"), "{}", found[0].message);
    assert!(
        found[0].message.contains("did you mean `db`?"),
        "{}",
        found[0].message
    );
}

#[test]
fn depends_on_a_service_left_out_by_profiles_names_the_profile() {
    let mut web = service("web", 2);
    web.depends_on = vec![depends("debugger", DependCondition::ServiceStarted)];
    let mut m = model(vec![web]);
    m.inactive_services = vec!["debugger".into()];
    let found = run(&m);
    assert_eq!(rules_of(&found), vec![("depends-on-missing", 2)]);
    assert!(
        found[0].message.contains("profiles"),
        "{}",
        found[0].message
    );

    // `required: false` makes it fine.
    m.services[0].depends_on[0].required = false;
    assert_eq!(run(&m), vec![]);
}

#[test]
fn a_cycle_is_named_and_reported_on_each_edge() {
    let mut web = service("web", 2);
    web.depends_on = vec![depends("api", DependCondition::ServiceStarted)];
    let mut api = service("api", 6);
    api.depends_on = vec![depends("web", DependCondition::ServiceStarted)];
    let found = run(&model(vec![web, api]));
    assert_eq!(
        rules_of(&found),
        vec![("depends-on-cycle", 2), ("depends-on-cycle", 6)]
    );
    for d in &found {
        assert!(d.message.contains("`api` → `web` → `api`"), "{}", d.message);
    }
}

#[test]
fn a_service_depending_on_itself_is_a_cycle() {
    let mut web = service("web", 2);
    web.depends_on = vec![depends("web", DependCondition::ServiceStarted)];
    let found = run(&model(vec![web]));
    assert_eq!(rules_of(&found), vec![("depends-on-cycle", 2)]);
    assert!(
        found[0].message.contains("`web` → `web`"),
        "{}",
        found[0].message
    );
}

#[test]
fn a_longer_cycle_is_found_beside_services_outside_it() {
    let mut a = service("a", 1);
    a.depends_on = vec![depends("b", DependCondition::ServiceStarted)];
    let mut b = service("b", 2);
    b.depends_on = vec![depends("c", DependCondition::ServiceStarted)];
    let mut c = service("c", 3);
    c.depends_on = vec![
        depends("a", DependCondition::ServiceStarted),
        depends("d", DependCondition::ServiceStarted),
    ];
    let d = service("d", 4);
    let found = run(&model(vec![a, b, c, d]));
    let cycle: Vec<_> = found
        .iter()
        .filter(|d| d.rule == "depends-on-cycle")
        .collect();
    assert_eq!(cycle.len(), 3, "{found:#?}");
    assert!(
        cycle[0].message.contains("`a` → `b` → `c` → `a`"),
        "{}",
        cycle[0].message
    );
}

#[test]
fn the_same_host_port_in_two_services_is_reported_on_both() {
    let mut web = service("web", 2);
    web.ports = vec![port("8080", "80")];
    let mut api = service("api", 9);
    api.ports = vec![port("8080", "3000")];
    let found = run(&model(vec![web, api]));
    assert_eq!(
        rules_of(&found),
        vec![("host-port-twice", 2), ("host-port-twice", 9)]
    );
    assert!(
        found[0].message.contains("8080/tcp"),
        "{}",
        found[0].message
    );
    assert!(
        found[0].message.contains("`api` (line 9)") || found[0].message.contains("`web` (line 2)")
    );
}

#[test]
fn overlapping_ranges_clash_but_other_protocols_and_addresses_do_not() {
    let mut web = service("web", 2);
    web.ports = vec![port("8000-8010", "80-90")];
    let mut api = service("api", 9);
    api.ports = vec![port("8005", "3000")];
    assert_eq!(run(&model(vec![web.clone(), api.clone()])).len(), 2);

    // udp and tcp on the same number are two different ports.
    api.ports[0].protocol = "udp".into();
    assert_eq!(run(&model(vec![web.clone(), api.clone()])), vec![]);

    // Two different host addresses do not clash…
    api.ports[0].protocol = "tcp".into();
    api.ports[0].host_ip = Some("127.0.0.1".into());
    web.ports[0].host_ip = Some("127.0.0.2".into());
    assert_eq!(run(&model(vec![web.clone(), api.clone()])), vec![]);
    // …but every address (0.0.0.0) clashes with any one.
    web.ports[0].host_ip = Some("0.0.0.0".into());
    assert_eq!(run(&model(vec![web, api])).len(), 2);
}

#[test]
fn ephemeral_host_ports_never_clash() {
    let mut web = service("web", 2);
    web.ports = vec![PortDef {
        host_ip: None,
        published: None,
        target: "80".into(),
        protocol: "tcp".into(),
    }];
    let mut api = service("api", 9);
    api.ports = web.ports.clone();
    assert_eq!(run(&model(vec![web, api])), vec![]);
}

#[test]
fn a_fixed_host_port_with_replicas_is_an_error() {
    let mut web = service("web", 2);
    web.ports = vec![port("8080", "80")];
    web.replicas = 3;
    let found = run(&model(vec![web.clone()]));
    assert_eq!(rules_of(&found), vec![("host-port-twice", 2)]);
    assert!(
        found[0].message.contains("8080-8082:80"),
        "{}",
        found[0].message
    );

    web.ports = vec![port("8080-8082", "80")];
    assert_eq!(run(&model(vec![web])), vec![]);
}

#[test]
fn container_name_with_replicas_is_an_error() {
    let mut web = service("web", 2);
    web.container_name = Some("my-web".into());
    assert_eq!(run(&model(vec![web.clone()])), vec![]);
    web.replicas = 2;
    let found = run(&model(vec![web]));
    assert_eq!(rules_of(&found), vec![(checks::CONTAINER_NAME_REPLICAS, 2)]);
    assert_eq!(found[0].severity, Severity::Error);
}

#[test]
fn the_same_container_name_twice_is_an_error_on_both() {
    let mut web = service("web", 2);
    web.container_name = Some("app".into());
    let mut api = service("api", 7);
    api.container_name = Some("app".into());
    let found = run(&model(vec![web, api]));
    assert_eq!(
        rules_of(&found),
        vec![
            (checks::CONTAINER_NAME_TWICE, 2),
            (checks::CONTAINER_NAME_TWICE, 7)
        ]
    );
}

#[test]
fn neither_image_nor_build_is_an_error() {
    let mut web = service("web", 2);
    web.image = None;
    let found = run(&model(vec![web.clone()]));
    assert_eq!(rules_of(&found), vec![(checks::NO_IMAGE, 2)]);
    web.build = Some(BuildDef {
        context: "/src".into(),
        dockerfile: "Dockerfile".into(),
        ..Default::default()
    });
    assert_eq!(run(&model(vec![web])), vec![]);
}

#[test]
fn waiting_for_health_of_a_service_without_healthcheck_warns() {
    let mut web = service("web", 2);
    web.depends_on = vec![depends("db", DependCondition::ServiceHealthy)];
    let db = service("db", 8);
    let found = run(&model(vec![web.clone(), db.clone()]));
    assert_eq!(
        rules_of(&found),
        vec![(checks::HEALTHY_WITHOUT_HEALTHCHECK, 2)]
    );
    assert_eq!(found[0].severity, Severity::Warning);
    assert!(found[0].message.contains("image"), "{}", found[0].message);

    // With a healthcheck: fine.
    let mut healthy = db.clone();
    healthy.healthcheck = Some(Healthcheck {
        test: vec!["CMD".into(), "true".into()],
        ..Default::default()
    });
    assert_eq!(run(&model(vec![web.clone(), healthy.clone()])), vec![]);

    // A disabled healthcheck never becomes healthy: an error.
    healthy.healthcheck = Some(Healthcheck {
        disable: true,
        ..Default::default()
    });
    let found = run(&model(vec![web, healthy]));
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].severity, Severity::Error);
}

#[test]
fn an_undeclared_network_or_volume_is_an_error() {
    let mut web = service("web", 2);
    web.networks = vec![ServiceNetwork {
        name: "front".into(),
        ..Default::default()
    }];
    web.volumes = vec![ServiceVolume {
        kind: VolumeKind::Volume,
        source: Some("data".into()),
        target: "/data".into(),
        read_only: false,
    }];
    let mut m = model(vec![web]);
    let found = run(&m);
    let mut rules: Vec<_> = found.iter().map(|d| d.rule.as_str()).collect();
    rules.sort();
    assert_eq!(
        rules,
        vec![checks::UNDEFINED_NETWORK, checks::UNDEFINED_VOLUME]
    );

    m.networks = vec![NetworkDef {
        key: "front".into(),
        name: "demo_front".into(),
        ..Default::default()
    }];
    m.volumes = vec![VolumeDef {
        key: "data".into(),
        name: "demo_data".into(),
        ..Default::default()
    }];
    assert_eq!(run(&m), vec![]);
}

#[test]
fn binds_and_anonymous_volumes_need_no_declaration() {
    let mut web = service("web", 2);
    web.volumes = vec![
        ServiceVolume {
            kind: VolumeKind::Bind,
            source: Some("/srv/site".into()),
            target: "/www".into(),
            read_only: true,
        },
        ServiceVolume {
            kind: VolumeKind::Volume,
            source: None,
            target: "/cache".into(),
            read_only: false,
        },
    ];
    assert_eq!(run(&model(vec![web])), vec![]);
}

#[test]
fn ports_with_host_networking_warn() {
    let mut web = service("web", 2);
    web.networks = vec![];
    web.network_mode = Some("host".into());
    web.ports = vec![port("8080", "80")];
    let found = run(&model(vec![web]));
    assert_eq!(rules_of(&found), vec![(checks::NETWORK_MODE, 2)]);
    assert_eq!(found[0].severity, Severity::Warning);
}

#[test]
fn network_mode_of_a_missing_service_is_an_error() {
    let mut web = service("web", 2);
    web.networks = vec![];
    web.network_mode = Some("service:vpn".into());
    let found = run(&model(vec![web.clone()]));
    assert_eq!(rules_of(&found), vec![("depends-on-missing", 2)]);
    assert_eq!(run(&model(vec![web, service("vpn", 9)])), vec![]);
}

#[test]
fn a_fixed_address_needs_a_network_with_a_subnet() {
    let mut web = service("web", 2);
    web.networks = vec![ServiceNetwork {
        name: "back".into(),
        aliases: vec![],
        ipv4_address: Some("172.28.0.10".into()),
    }];
    let mut m = model(vec![web]);
    m.networks = vec![NetworkDef {
        key: "back".into(),
        name: "demo_back".into(),
        ..Default::default()
    }];
    // The tree is empty here: no subnet is declared.
    let found = run(&m);
    assert_eq!(rules_of(&found), vec![(checks::UNDEFINED_NETWORK, 2)]);
    assert!(found[0].message.contains("subnet"), "{}", found[0].message);
}

#[test]
fn a_misspelt_image_is_one_problem_not_two() {
    let text = "services:\n  web:\n    imagee: tugboat-fixture/busybox:1\n";
    let loaded = load(text, &LoadOptions::default(), &NoFiles);
    let rules: Vec<_> = loaded.diagnostics.iter().map(|d| d.rule.as_str()).collect();
    assert_eq!(rules, vec!["unknown-key"], "{:#?}", loaded.diagnostics);
    // Without the typo, the missing image is said.
    let loaded = load(
        "services:\n  web:\n    command: [\"true\"]\n",
        &LoadOptions::default(),
        &NoFiles,
    );
    let rules: Vec<_> = loaded
        .diagnostics
        .iter()
        .map(|d| (d.rule.as_str(), d.span.line))
        .collect();
    assert_eq!(
        rules,
        vec![(checks::NO_IMAGE, 2)],
        "{:#?}",
        loaded.diagnostics
    );
}
