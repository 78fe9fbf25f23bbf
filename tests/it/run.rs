//! `docker run` from a spec against the real engine: the app's container and the one the docker
//! CLI makes from the preview command agree on every field the form sets.

use crate::support::*;
use serde_json::Value;
use tugboat_engine::{Engine, EngineError};
use tugboat_runspec::{EnvRow, LabelRow, MountKind, MountRow, PortRow, RunForm};

/// `docker inspect`, with the environment and the binds sorted: their order means nothing to
/// the container (the engine mounts by path depth), and the docker CLI (28) does not keep the
/// order the flags were given in.
fn inspect(cli: &Cli, name: &str) -> Value {
    let text = cli.run(&["inspect", name]);
    let mut v: Value = serde_json::from_str(&text).expect("inspect JSON");
    let mut c = v[0].take();
    for list in ["/Config/Env", "/HostConfig/Binds"] {
        if let Some(items) = c.pointer_mut(list).and_then(Value::as_array_mut) {
            items.sort_by_key(|e| e.as_str().unwrap_or_default().to_owned());
        }
    }
    c
}

/// Every field the run form can set, as `docker inspect` shows it.
const FORM_FIELDS: &[&str] = &[
    "/Config/Image",
    "/Config/Cmd",
    "/Config/Entrypoint",
    "/Config/Env",
    "/Config/Labels",
    "/Config/User",
    "/Config/WorkingDir",
    "/Config/Tty",
    "/Config/OpenStdin",
    "/Config/StdinOnce",
    "/Config/AttachStdin",
    "/Config/AttachStdout",
    "/Config/AttachStderr",
    "/Config/ExposedPorts",
    "/Config/Healthcheck",
    "/Config/Hostname",
    "/Config/Volumes",
    "/HostConfig/PortBindings",
    "/HostConfig/PublishAllPorts",
    "/HostConfig/Binds",
    "/HostConfig/Tmpfs",
    "/HostConfig/RestartPolicy",
    "/HostConfig/AutoRemove",
    "/HostConfig/Memory",
    "/HostConfig/MemoryReservation",
    "/HostConfig/MemorySwap",
    "/HostConfig/NanoCpus",
    "/HostConfig/CpuShares",
    "/HostConfig/PidsLimit",
    "/HostConfig/NetworkMode",
    "/HostConfig/Links",
];

#[tokio::test]
async fn the_app_and_the_docker_cli_make_the_same_container_from_one_spec() {
    let host = test_host();
    let cli = Cli::new(&host);
    let labels = Labelled::new(&cli);
    let volume = unique("vol");
    cli.run(&["volume", "create", "--label", &labels.label_arg(), &volume]);
    let network = unique("net");
    cli.run(&["network", "create", &network]);
    let bind = tempfile::tempdir().unwrap();
    let (ours, theirs) = (unique("app"), unique("cli"));

    let form = RunForm {
        image: fixture_image(),
        name: ours.clone(),
        command: "sh -c 'sleep 300'".into(),
        interactive: true,
        tty: true,
        ports: vec![
            PortRow {
                container_port: "80".into(),
                ..Default::default()
            },
            PortRow {
                host_ip: "127.0.0.1".into(),
                container_port: "53".into(),
                protocol: "udp".into(),
                ..Default::default()
            },
            PortRow {
                container_port: "7000-7001".into(),
                ..Default::default()
            },
        ],
        mounts: vec![
            MountRow {
                kind: MountKind::Volume,
                source: volume.clone(),
                target: "/data".into(),
                read_only: true,
                ..Default::default()
            },
            MountRow {
                kind: MountKind::Bind,
                source: bind.path().display().to_string(),
                target: "/srv".into(),
                ..Default::default()
            },
            MountRow {
                kind: MountKind::Tmpfs,
                target: "/cache".into(),
                ..Default::default()
            },
            MountRow {
                kind: MountKind::Volume,
                target: "/scratch".into(),
                ..Default::default()
            },
        ],
        env: vec![
            EnvRow {
                name: "GREETING".into(),
                value: "hello there".into(),
            },
            EnvRow {
                name: "EMPTY".into(),
                value: "".into(),
            },
        ],
        restart: "on-failure:2".into(),
        memory: "64m".into(),
        memory_reservation: "32m".into(),
        memory_swap: "128m".into(),
        cpus: "0.5".into(),
        cpu_shares: "512".into(),
        pids_limit: "100".into(),
        network: network.clone(),
        hostname: "box".into(),
        user: "65534:65534".into(),
        workdir: "/tmp".into(),
        labels: vec![
            LabelRow {
                key: "team".into(),
                value: "core".into(),
            },
            LabelRow {
                key: "dev.tugboat.test".into(),
                value: labels.value.clone(),
            },
        ],
        health_cmd: "true".into(),
        health_interval: "30s".into(),
        health_timeout: "5s".into(),
        health_retries: "3".into(),
        health_start_period: "1s".into(),
        ..Default::default()
    };
    let spec = form.validate().expect("a valid spec");
    let engine = Engine::connect(&host).await.unwrap();
    let outcome = engine.run(&spec).await.expect("run");
    assert!(outcome.started, "{outcome:?}");
    assert_eq!(outcome.name, ours);

    // The CLI runs the preview, only with its own name.
    let mut twin = spec.clone();
    twin.name = Some(theirs.clone());
    let argv = twin.argv();
    assert_eq!(&argv[..2], ["docker", "run"]);
    let args: Vec<&str> = argv[1..].iter().map(String::as_str).collect();
    cli.run(&args);

    let (a, b) = (inspect(&cli, &ours), inspect(&cli, &theirs));
    for field in FORM_FIELDS {
        assert_eq!(
            a.pointer(field),
            b.pointer(field),
            "{field} differs between the app's container and `{}`",
            shell_words::join(&argv)
        );
    }
    // And the values are the ones asked for, not two identical defaults.
    assert_eq!(
        a.pointer("/HostConfig/Memory"),
        Some(&Value::from(64 * 1024 * 1024))
    );
    assert_eq!(
        a.pointer("/HostConfig/NanoCpus"),
        Some(&Value::from(500_000_000))
    );
    assert_eq!(
        a.pointer("/HostConfig/RestartPolicy/MaximumRetryCount"),
        Some(&Value::from(2))
    );
    assert_eq!(
        a.pointer("/HostConfig/NetworkMode"),
        Some(&Value::from(network.clone()))
    );
    assert_eq!(
        a.pointer("/Config/Healthcheck/Test/1"),
        Some(&Value::from("true"))
    );
    assert!(a["Config"]["Env"]
        .as_array()
        .unwrap()
        .contains(&Value::from("GREETING=hello there")));

    // Read back into the form (what "recreate with changes" starts from), the app's container
    // makes the same container again. The anonymous volume comes back by its name, so a
    // recreate keeps its data: that is the one intended difference.
    let plan = engine.recreate_plan(&ours).await.expect("plan");
    assert!(plan.not_carried.is_empty(), "{:?}", plan.not_carried);
    assert_eq!(plan.refusal, None);
    let mut read_back = plan.form.clone();
    let again = unique("again");
    read_back.name = again.clone();
    let spec_again = read_back.validate().expect("the read-back form is valid");
    assert!(engine.run(&spec_again).await.expect("run").started);
    let c = inspect(&cli, &again);
    let anon = a["Mounts"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["Destination"] == "/scratch")
        .and_then(|m| m["Name"].as_str())
        .expect("the anonymous volume")
        .to_owned();
    for field in FORM_FIELDS {
        if matches!(*field, "/HostConfig/Binds" | "/Config/Volumes") {
            continue;
        }
        assert_eq!(
            a.pointer(field),
            c.pointer(field),
            "{field} differs after reading the container back into the form"
        );
    }
    let mut binds: Vec<Value> = a["HostConfig"]["Binds"].as_array().unwrap().clone();
    binds.push(Value::from(format!("{anon}:/scratch")));
    let mut binds_again = c["HostConfig"]["Binds"].as_array().unwrap().clone();
    let key = |v: &Value| v.as_str().unwrap_or_default().to_owned();
    binds.sort_by_key(key);
    binds_again.sort_by_key(key);
    assert_eq!(binds, binds_again);

    for name in [&ours, &theirs, &again] {
        cli.run(&["rm", "-fv", name]);
    }
    let _ = cli.try_run(&["volume", "rm", &anon]);
    cli.run(&["network", "rm", &network]);
}

#[tokio::test]
async fn a_memory_limit_reaches_the_containers_cgroup() {
    let host = test_host();
    let cli = Cli::new(&host);
    let labels = Labelled::new(&cli);
    let form = RunForm {
        image: fixture_image(),
        name: unique("mem"),
        command: "sleep 300".into(),
        memory: "48m".into(),
        labels: vec![LabelRow {
            key: "dev.tugboat.test".into(),
            value: labels.value.clone(),
        }],
        ..Default::default()
    };
    let spec = form.validate().unwrap();
    let engine = Engine::connect(&host).await.unwrap();
    let out = engine.run(&spec).await.unwrap();
    assert!(out.started);
    let want = (48 * 1024 * 1024).to_string();
    assert_eq!(
        cli.run(&["inspect", "-f", "{{.HostConfig.Memory}}", &out.name]),
        want
    );
    // cgroup v1 and v2 name the file differently; the kernel's own number must match.
    let inside = cli.run(&[
        "exec", &out.name, "sh", "-c",
        "cat /sys/fs/cgroup/memory.max 2>/dev/null || cat /sys/fs/cgroup/memory/memory.limit_in_bytes",
    ]);
    assert_eq!(inside, want);
}

#[tokio::test]
async fn a_container_that_will_not_start_is_reported_and_left_for_the_user() {
    let host = test_host();
    let cli = Cli::new(&host);
    let labels = Labelled::new(&cli);
    let form = RunForm {
        image: fixture_image(),
        name: unique("nostart"),
        command: "/no/such/program".into(),
        labels: vec![LabelRow {
            key: "dev.tugboat.test".into(),
            value: labels.value.clone(),
        }],
        ..Default::default()
    };
    let engine = Engine::connect(&host).await.unwrap();
    let out = engine
        .run(&form.validate().unwrap())
        .await
        .expect("create succeeds");
    assert!(!out.started);
    // The engine's own words vary between versions; what it refused is named in them.
    let why = out.start_error.unwrap();
    assert!(why.contains("/no/such/program"), "{why}");
    // Nothing was removed behind the user's back.
    assert_eq!(
        cli.run(&["inspect", "-f", "{{.State.Status}}", &out.name]),
        "created"
    );

    let missing = RunForm {
        image: "tugboat-test/no-such-image:1".into(),
        ..Default::default()
    };
    let err = engine.run(&missing.validate().unwrap()).await.unwrap_err();
    assert!(matches!(err, EngineError::NotFound(_)), "{err:?}");
}
