use super::*;
use crate::model::{
    DependCondition, Dependency, NetworkDef, PortDef, ServiceNetwork, ServiceVolume, VolumeDef,
    VolumeKind,
};
use tugboat_runspec::form::MountKind;

fn service(name: &str, deps: &[(&str, DependCondition)]) -> Service {
    Service {
        name: name.into(),
        image: Some("tugboat-fixture/busybox:1".into()),
        replicas: 1,
        depends_on: deps
            .iter()
            .map(|(d, c)| Dependency {
                service: (*d).into(),
                condition: *c,
                restart: false,
                required: true,
            })
            .collect(),
        ..Service::default()
    }
}

fn model(services: Vec<Service>) -> ComposeModel {
    ComposeModel {
        name: "shop".into(),
        working_dir: "/work/shop".into(),
        config_files: vec!["/work/shop/compose.yaml".into()],
        services,
        ..ComposeModel::default()
    }
}

fn everything_here(m: &ComposeModel) -> Existing {
    Existing {
        images: m.services.iter().map(|s| image_of(&m.name, s)).collect(),
        ..Existing::default()
    }
}

fn plan_of(m: &ComposeModel, options: &UpOptions, existing: &Existing) -> UpPlan {
    plan(m, options, existing, &[], &[]).unwrap()
}

fn actions(p: &UpPlan) -> Vec<(String, ReplicaAction)> {
    p.levels
        .iter()
        .flatten()
        .flat_map(|s| {
            s.replicas
                .iter()
                .map(|r| (r.name.clone(), r.action.clone()))
        })
        .collect()
}

#[test]
fn services_start_in_levels_after_what_they_depend_on() {
    let m = model(vec![
        service("web", &[("api", DependCondition::ServiceStarted)]),
        service(
            "api",
            &[
                ("db", DependCondition::ServiceHealthy),
                ("cache", DependCondition::ServiceStarted),
            ],
        ),
        service("db", &[]),
        service("cache", &[]),
        service("worker", &[("db", DependCondition::ServiceStarted)]),
    ]);
    assert_eq!(
        start_levels(&m, &[]).unwrap(),
        vec![
            vec!["cache".to_string(), "db".into()],
            vec!["api".into(), "worker".into()],
            vec!["web".into()],
        ]
    );
    // Asking for web brings what it needs, not worker.
    assert_eq!(
        start_levels(&m, &["web".into()]).unwrap(),
        vec![
            vec!["cache".to_string(), "db".into()],
            vec!["api".into()],
            vec!["web".into()],
        ]
    );
    let err = start_levels(&m, &["shop".into()]).unwrap_err();
    assert!(
        err.contains("no service `shop`") && err.contains("web, api"),
        "{err}"
    );
}

#[test]
fn a_cycle_is_an_error_that_names_it() {
    let m = model(vec![
        service("a", &[("b", DependCondition::ServiceStarted)]),
        service("b", &[("c", DependCondition::ServiceStarted)]),
        service("c", &[("a", DependCondition::ServiceStarted)]),
        service("d", &[]),
    ]);
    let err = start_levels(&m, &[]).unwrap_err();
    assert!(err.contains("a → b → c → a"), "{err}");
    let own = model(vec![service(
        "x",
        &[("x", DependCondition::ServiceStarted)],
    )]);
    assert!(start_levels(&own, &[]).unwrap_err().contains("x → x"));
}

#[test]
fn a_missing_dependency_is_an_error_unless_not_required() {
    let mut m = model(vec![service(
        "web",
        &[("db", DependCondition::ServiceStarted)],
    )]);
    let err = start_levels(&m, &[]).unwrap_err();
    assert!(err.contains("web depends on `db`"), "{err}");
    m.services[0].depends_on[0].required = false;
    assert_eq!(
        start_levels(&m, &[]).unwrap(),
        vec![vec!["web".to_string()]]
    );
}

#[test]
fn the_hash_changes_with_the_containers_settings_only() {
    let a = service("web", &[]);
    let mut b = a.clone();
    b.replicas = 3;
    b.depends_on = service("web", &[("db", DependCondition::ServiceHealthy)]).depends_on;
    b.profiles = vec!["debug".into()];
    assert_eq!(
        config_hash(&a),
        config_hash(&b),
        "replicas, depends_on, profiles"
    );
    let mut c = a.clone();
    c.environment = vec![("GREETING".into(), Some("hi".into()))];
    assert_ne!(config_hash(&a), config_hash(&c));
    assert_eq!(config_hash(&a).len(), 64);
    assert_eq!(config_hash(&a), config_hash(&a.clone()));
}

#[test]
fn canonical_json_sorts_keys_at_every_depth() {
    let v = serde_json::json!({"b": 1, "a": {"y": [2, {"d": 1, "c": 2}], "x": "s"}});
    assert_eq!(
        canonical_json(&v),
        r#"{"a":{"x":"s","y":[2,{"c":2,"d":1}]},"b":1}"#
    );
}

#[test]
fn nothing_there_means_create_everything_with_the_compose_names() {
    let m = model(vec![
        service("web", &[("db", DependCondition::ServiceHealthy)]),
        service("db", &[]),
    ]);
    let p = plan_of(&m, &UpOptions::default(), &Existing::default());
    assert_eq!(p.networks.len(), 1);
    assert_eq!(p.networks[0].name, "shop_default");
    assert!(p.networks[0].create);
    assert!(p.networks[0]
        .labels
        .contains(&("com.docker.compose.network".into(), "default".into())));
    assert_eq!(
        p.images.iter().map(|i| &i.action).collect::<Vec<_>>(),
        vec![&ImageAction::Pull, &ImageAction::Pull]
    );
    assert_eq!(
        actions(&p),
        vec![
            ("shop-db-1".to_string(), ReplicaAction::Create),
            ("shop-web-1".into(), ReplicaAction::Create)
        ]
    );
    let web = &p.levels[1][0];
    assert_eq!(
        web.waits,
        vec![Wait {
            service: "db".into(),
            condition: Condition::Healthy
        }]
    );
    let ids: Vec<String> = p.steps().into_iter().map(|s| s.id).collect();
    assert_eq!(
        ids,
        vec![
            "network:shop_default",
            "image:db",
            "image:web",
            "container:shop-db-1",
            "container:shop-web-1"
        ]
    );
    assert_eq!(
        p.command,
        "docker compose -p shop -f /work/shop/compose.yaml up -d"
    );
}

#[test]
fn existing_containers_are_kept_started_recreated_or_removed() {
    let mut web = service("web", &[]);
    web.replicas = 2;
    let m = model(vec![web.clone(), service("db", &[]), service("cache", &[])]);
    let same = config_hash(&web);
    let db_hash = config_hash(&m.services[1]);
    let c = |id: &str, service: &str, number: u32, hash: &str, running: bool| ExistingContainer {
        id: id.into(),
        name: format!("shop-{service}-{number}"),
        service: service.into(),
        number,
        config_hash: Some(hash.into()),
        running,
    };
    let mut existing = everything_here(&m);
    existing.networks.insert("shop_default".into());
    existing.containers = vec![
        c("w1", "web", 1, &same, true),
        c("w2", "web", 2, &same, false),
        c("w3", "web", 3, &same, true),
        c("d1", "db", 1, "an-older-hash", true),
    ];
    let p = plan_of(&m, &UpOptions::default(), &existing);
    assert!(!p.networks[0].create, "the network is there");
    assert!(p.images.iter().all(|i| i.action == ImageAction::Use));
    let got = actions(&p);
    assert!(got.contains(&("shop-web-1".into(), ReplicaAction::Keep { id: "w1".into() })));
    assert!(got.contains(&(
        "shop-web-2".into(),
        ReplicaAction::Start { id: "w2".into() }
    )));
    assert!(got.contains(&(
        "shop-web-3".into(),
        ReplicaAction::Remove { id: "w3".into() }
    )));
    assert!(got.contains(&(
        "shop-db-1".into(),
        ReplicaAction::Recreate {
            id: "d1".into(),
            running: true
        }
    )));
    assert!(got.contains(&("shop-cache-1".into(), ReplicaAction::Create)));

    // Forced, every replica is recreated; scaled down to 1, web 2 goes too.
    let forced = UpOptions {
        force_recreate: true,
        scale: vec![("web".into(), 1)],
        ..UpOptions::default()
    };
    existing.containers[3].config_hash = Some(db_hash);
    let got = actions(&plan_of(&m, &forced, &existing));
    assert!(got.contains(&(
        "shop-web-1".into(),
        ReplicaAction::Recreate {
            id: "w1".into(),
            running: true
        }
    )));
    assert!(got.contains(&(
        "shop-web-2".into(),
        ReplicaAction::Remove { id: "w2".into() }
    )));
    assert!(got.contains(&(
        "shop-db-1".into(),
        ReplicaAction::Recreate {
            id: "d1".into(),
            running: true
        }
    )));
}

#[test]
fn images_follow_the_pull_policy_and_builds() {
    let mut built = service("app", &[]);
    built.image = None;
    built.build = Some(crate::model::BuildDef {
        context: "/work/shop/app".into(),
        dockerfile: "Dockerfile".into(),
        args: vec![],
        target: None,
    });
    let m = model(vec![service("db", &[]), built]);
    let none = Existing::default();
    let p = plan_of(&m, &UpOptions::default(), &none);
    let app = p.images.iter().find(|i| i.service == "app").unwrap();
    assert_eq!(
        app.reference, "shop-app",
        "tagged <project>-<service> as compose v2 does"
    );
    assert!(matches!(app.action, ImageAction::Build { .. }));

    let here = everything_here(&m);
    let p = plan_of(&m, &UpOptions::default(), &here);
    assert!(p.images.iter().all(|i| i.action == ImageAction::Use));
    let again = UpOptions {
        build: true,
        pull: PullPolicy::Always,
        ..UpOptions::default()
    };
    let p = plan_of(&m, &again, &here);
    let image = |s: &str| {
        p.images
            .iter()
            .find(|i| i.service == s)
            .unwrap()
            .action
            .clone()
    };
    assert_eq!(image("db"), ImageAction::Pull);
    assert!(matches!(image("app"), ImageAction::Build { .. }));
    assert_eq!(
        p.command,
        "docker compose -p shop -f /work/shop/compose.yaml up -d --pull always --build"
    );

    let never = UpOptions {
        pull: PullPolicy::Never,
        ..UpOptions::default()
    };
    let err = plan(&m, &never, &none, &[], &[]).unwrap_err();
    assert!(
        err.contains("db: image `tugboat-fixture/busybox:1` is not on this engine"),
        "{err}"
    );
}

#[test]
fn external_networks_and_volumes_must_exist() {
    let mut web = service("web", &[]);
    web.networks = vec![ServiceNetwork {
        name: "edge".into(),
        aliases: vec!["www".into()],
        ipv4_address: None,
    }];
    web.volumes = vec![ServiceVolume {
        kind: VolumeKind::Volume,
        source: Some("data".into()),
        target: "/data".into(),
        read_only: false,
    }];
    let mut m = model(vec![web]);
    m.networks = vec![NetworkDef {
        key: "edge".into(),
        name: "proxy-edge".into(),
        external: true,
        ..NetworkDef::default()
    }];
    m.volumes = vec![VolumeDef {
        key: "data".into(),
        name: "shop_data".into(),
        ..VolumeDef::default()
    }];
    let mut existing = everything_here(&m);
    let err = plan(&m, &UpOptions::default(), &existing, &[], &[]).unwrap_err();
    assert!(
        err.contains("network `proxy-edge` is declared external"),
        "{err}"
    );
    existing.networks.insert("proxy-edge".into());
    let p = plan_of(&m, &UpOptions::default(), &existing);
    assert!(!p.networks[0].create);
    assert!(p.volumes[0].create);
    assert!(p.volumes[0]
        .labels
        .contains(&("com.docker.compose.volume".into(), "data".into())));
    m.volumes[0].external = true;
    let err = plan(&m, &UpOptions::default(), &existing, &[], &[]).unwrap_err();
    assert!(
        err.contains("volume `shop_data` is declared external"),
        "{err}"
    );
}

#[test]
fn a_replica_is_the_container_docker_compose_would_make() {
    let mut web = service("web", &[]);
    web.command = Some(vec!["httpd".into(), "-f".into()]);
    web.entrypoint = Some(vec!["/bin/sh".into(), "-c".into()]);
    web.environment = vec![("A".into(), Some("1".into())), ("UNSET".into(), None)];
    web.ports = vec![PortDef {
        host_ip: Some("127.0.0.1".into()),
        published: Some("8080".into()),
        target: "80".into(),
        protocol: "tcp".into(),
    }];
    web.volumes = vec![
        ServiceVolume {
            kind: VolumeKind::Volume,
            source: Some("data".into()),
            target: "/data".into(),
            read_only: true,
        },
        ServiceVolume {
            kind: VolumeKind::Bind,
            source: Some("/work/shop/conf".into()),
            target: "/conf".into(),
            read_only: false,
        },
    ];
    web.networks = vec![
        ServiceNetwork {
            name: "front".into(),
            aliases: vec!["www".into()],
            ipv4_address: None,
        },
        ServiceNetwork {
            name: "back".into(),
            aliases: vec![],
            ipv4_address: Some("10.5.0.9".into()),
        },
    ];
    web.restart = Some("on-failure:3".into());
    web.stop_grace_period_ns = Some(5e9);
    web.healthcheck = Some(crate::model::Healthcheck {
        test: vec!["CMD".into(), "wget".into(), "-q".into(), "localhost".into()],
        interval_ns: Some(1e9),
        timeout_ns: Some(2e9),
        retries: Some(3),
        start_period_ns: None,
        disable: false,
    });
    let mut m = model(vec![web]);
    m.env_files = vec!["/work/shop/.env".into()];
    m.networks = ["front", "back"]
        .iter()
        .map(|k| NetworkDef {
            key: (*k).into(),
            name: format!("shop_{k}"),
            ..NetworkDef::default()
        })
        .collect();
    m.volumes = vec![VolumeDef {
        key: "data".into(),
        name: "shop_data".into(),
        ..VolumeDef::default()
    }];
    let p = plan_of(&m, &UpOptions::default(), &everything_here(&m));
    let s = &p.levels[0][0];
    let r = &s.replicas[0];
    let spec = &r.spec;
    assert_eq!(spec.name.as_deref(), Some("shop-web-1"));
    assert_eq!(spec.entrypoint.as_deref(), Some("/bin/sh"));
    assert_eq!(
        spec.cmd,
        Some(vec!["-c".to_string(), "httpd".into(), "-f".into()])
    );
    assert_eq!(spec.env, vec!["A=1"]);
    assert_eq!(spec.ports[0].flag_value(), "127.0.0.1:8080:80");
    assert_eq!(spec.mounts[0].kind, MountKind::Volume);
    assert_eq!(spec.mounts[0].volume_value(), "shop_data:/data:ro");
    assert_eq!(spec.mounts[1].volume_value(), "/work/shop/conf:/conf");
    assert_eq!(spec.network.as_deref(), Some("shop_front"));
    assert_eq!(spec.advanced.network_aliases, vec!["web", "www"]);
    assert_eq!(
        r.more_networks,
        vec![Endpoint {
            network: "shop_back".into(),
            aliases: vec!["web".into()],
            ipv4: Some("10.5.0.9".into()),
        }]
    );
    assert_eq!(
        (spec.restart.as_str(), spec.restart_max_retries),
        ("on-failure", Some(3))
    );
    assert_eq!(spec.advanced.stop_timeout, Some(5));
    let health = spec.health.as_ref().unwrap();
    assert_eq!(
        health.exec,
        Some(vec!["wget".to_string(), "-q".into(), "localhost".into()])
    );
    assert_eq!(s.health_budget_ns, Some(3_000_000_000 * 4));
    let label = |k: &str| {
        spec.labels
            .iter()
            .find(|(key, _)| key == k)
            .map(|(_, v)| v.clone())
    };
    assert_eq!(label("com.docker.compose.project").as_deref(), Some("shop"));
    assert_eq!(label("com.docker.compose.service").as_deref(), Some("web"));
    assert_eq!(
        label("com.docker.compose.container-number").as_deref(),
        Some("1")
    );
    assert_eq!(label("com.docker.compose.oneoff").as_deref(), Some("False"));
    assert_eq!(
        label("com.docker.compose.config-hash"),
        Some(s.config_hash.clone())
    );
    assert_eq!(
        label("com.docker.compose.project.working_dir").as_deref(),
        Some("/work/shop")
    );
    assert_eq!(
        label("com.docker.compose.project.config_files").as_deref(),
        Some("/work/shop/compose.yaml")
    );
    assert_eq!(
        label("com.docker.compose.project.environment_file").as_deref(),
        Some("/work/shop/.env")
    );
    assert_eq!(
        label("com.docker.compose.version").as_deref(),
        Some("2.0.0")
    );
}

#[test]
fn container_name_allows_one_replica_only() {
    let mut web = service("web", &[]);
    web.container_name = Some("my-web".into());
    let m = model(vec![web]);
    let p = plan_of(&m, &UpOptions::default(), &everything_here(&m));
    assert_eq!(p.levels[0][0].replicas[0].name, "my-web");
    let scaled = UpOptions {
        scale: vec![("web".into(), 2)],
        ..UpOptions::default()
    };
    let err = plan(&m, &scaled, &everything_here(&m), &[], &[]).unwrap_err();
    assert!(err.contains("container_name"), "{err}");
}

#[test]
fn the_command_says_every_option() {
    let m = model(vec![service("web", &[])]);
    let options = UpOptions {
        services: vec!["web".into()],
        pull: PullPolicy::Never,
        build: false,
        force_recreate: true,
        scale: vec![("web".into(), 3)],
    };
    assert_eq!(
        up_command(
            &m,
            &["/work/shop/prod.env".into()],
            &["debug".into()],
            &options
        ),
        "docker compose -p shop -f /work/shop/compose.yaml --env-file /work/shop/prod.env \
         --profile debug up -d --pull never --force-recreate --scale 'web=3' web"
    );
}
