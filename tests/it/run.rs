//! `docker run` from a spec against the real engine: the app's container and the one the docker
//! CLI makes from the preview command agree on every field the form sets.

use crate::support::*;
use serde_json::Value;
use tugboat_engine::EngineError;
use tugboat_runspec::{EnvRow, LabelRow, LimitsForm, MountKind, MountRow, PortRow, RunForm};

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
    let (_, cli, labels, engine) = TestEngine::start().await.into_parts();
    let volume = unique("vol");
    labels.volume(&volume);
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
        limits: LimitsForm {
            memory: "64m".into(),
            memory_reservation: "32m".into(),
            memory_swap: "128m".into(),
            cpus: "0.5".into(),
            cpu_shares: "512".into(),
            pids_limit: "100".into(),
        },
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
    let (_, cli, labels, engine) = TestEngine::start().await.into_parts();
    let form = RunForm {
        image: fixture_image(),
        name: unique("mem"),
        command: "sleep 300".into(),
        limits: LimitsForm {
            memory: "48m".into(),
            ..Default::default()
        },
        labels: vec![LabelRow {
            key: "dev.tugboat.test".into(),
            value: labels.value.clone(),
        }],
        ..Default::default()
    };
    let spec = form.validate().unwrap();
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
    let (_, cli, labels, engine) = TestEngine::start().await.into_parts();
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

/// The less common settings, as `docker inspect` shows them.
const ADVANCED_FIELDS: &[&str] = &[
    "/HostConfig/ReadonlyRootfs",
    "/HostConfig/Privileged",
    "/HostConfig/Init",
    "/HostConfig/CapAdd",
    "/HostConfig/CapDrop",
    "/HostConfig/SecurityOpt",
    "/HostConfig/ExtraHosts",
    "/HostConfig/Dns",
    "/HostConfig/Ulimits",
    "/HostConfig/ShmSize",
    "/HostConfig/Devices",
    "/HostConfig/LogConfig",
    "/Config/StopSignal",
    "/Config/StopTimeout",
    "/Config/ExposedPorts",
];

/// A network of the test's own with a subnet (a fixed `--ip` needs one). Subnets are picked at
/// random in 10.220-229.x.0/24 and another is tried if one is taken.
fn network_with_subnet(cli: &Cli, name: &str) -> String {
    for _ in 0..20 {
        let n = uuid::Uuid::new_v4().as_u128();
        let subnet = format!("10.{}.{}.0/24", 220 + n % 10, (n >> 8) % 256);
        if cli
            .try_run(&["network", "create", "--subnet", &subnet, name])
            .is_ok()
        {
            return subnet;
        }
    }
    panic!("no free subnet for a test network");
}

#[tokio::test]
async fn the_less_common_settings_make_the_same_container_with_the_app_and_the_cli() {
    let (_, cli, labels, engine) = TestEngine::start().await.into_parts();
    let network = unique("net");
    let subnet = network_with_subnet(&cli, &network);
    let ip = |last: u8| subnet.replace("0/24", &last.to_string());
    let (ours, theirs) = (unique("app"), unique("cli"));
    let _cleanup = [
        remove_when_done(&cli, &ours),
        remove_when_done(&cli, &theirs),
    ];
    let platform = cli.run(&[
        "image",
        "inspect",
        "-f",
        "{{.Os}}/{{.Architecture}}",
        &fixture_image(),
    ]);

    let form = RunForm {
        image: fixture_image(),
        name: ours.clone(),
        command: "sleep 300".into(),
        network: network.clone(),
        labels: vec![LabelRow {
            key: "dev.tugboat.test".into(),
            value: labels.value.clone(),
        }],
        read_only: true,
        init: true,
        cap_add: vec!["NET_ADMIN".into()],
        cap_drop: vec!["MKNOD".into()],
        security_opts: vec!["no-new-privileges".into()],
        add_hosts: vec!["db:10.0.0.5".into()],
        dns: vec!["1.1.1.1".into()],
        network_aliases: vec!["web".into()],
        ip: ip(10),
        expose: vec!["9000".into(), "7000-7001/udp".into()],
        ulimits: vec!["nofile=1024:2048".into()],
        shm_size: "128m".into(),
        devices: vec!["/dev/null:/dev/nothing:r".into()],
        log_driver: "json-file".into(),
        log_opts: vec!["max-size=1m".into()],
        stop_signal: "SIGINT".into(),
        stop_timeout: "30".into(),
        platform: platform.clone(),
        pull: "never".into(),
        ..Default::default()
    };
    let spec = form.validate().expect("a valid spec");
    let outcome = engine.run(&spec).await.expect("run");
    assert!(outcome.started, "{outcome:?}");

    let mut twin = spec.clone();
    twin.name = Some(theirs.clone());
    twin.advanced.ip = Some(ip(11));
    let argv = twin.argv();
    let args: Vec<&str> = argv[1..].iter().map(String::as_str).collect();
    cli.run(&args);

    let (a, b) = (inspect(&cli, &ours), inspect(&cli, &theirs));
    let endpoint = format!("/NetworkSettings/Networks/{network}");
    // The aliases asked for: an engine before API 1.45 adds the container's short id of its own.
    let aliases = |c: &Value| -> Vec<Value> {
        let short_id = &c["Id"].as_str().unwrap_or_default()[..12];
        c.pointer(&format!("{endpoint}/Aliases"))
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_default()
            .into_iter()
            .filter(|a| a != short_id)
            .collect()
    };
    assert_eq!(aliases(&a), vec![Value::from("web")]);
    assert_eq!(aliases(&a), aliases(&b));
    let fields = ADVANCED_FIELDS;
    for field in fields {
        assert_eq!(
            a.pointer(field),
            b.pointer(field),
            "{field} differs between the app's container and `{}`",
            shell_words::join(&argv)
        );
    }
    // The values are the ones asked for, not two identical defaults.
    for (field, want) in [
        ("/HostConfig/ReadonlyRootfs", serde_json::json!(true)),
        ("/HostConfig/Init", serde_json::json!(true)),
        ("/HostConfig/CapAdd", serde_json::json!(["CAP_NET_ADMIN"])),
        ("/HostConfig/ExtraHosts", serde_json::json!(["db:10.0.0.5"])),
        ("/HostConfig/Dns", serde_json::json!(["1.1.1.1"])),
        ("/HostConfig/ShmSize", serde_json::json!(128 << 20)),
        ("/HostConfig/Ulimits/0/Hard", serde_json::json!(2048)),
        (
            "/HostConfig/Devices/0/PathInContainer",
            serde_json::json!("/dev/nothing"),
        ),
        (
            "/HostConfig/LogConfig/Config/max-size",
            serde_json::json!("1m"),
        ),
        ("/Config/StopSignal", serde_json::json!("SIGINT")),
        ("/Config/StopTimeout", serde_json::json!(30)),
        ("/Config/ExposedPorts/9000~1tcp", serde_json::json!({})),
        ("/Config/ExposedPorts/7001~1udp", serde_json::json!({})),
    ] {
        assert_eq!(a.pointer(field), Some(&want), "{field}");
    }
    assert_eq!(
        a.pointer(&format!("{endpoint}/IPAMConfig/IPv4Address")),
        Some(&Value::from(ip(10)))
    );
    assert_eq!(
        b.pointer(&format!("{endpoint}/IPAMConfig/IPv4Address")),
        Some(&Value::from(ip(11)))
    );
    // What the settings do, seen from inside: the root filesystem can't be written.
    assert!(cli.try_run(&["exec", &ours, "touch", "/written"]).is_err());

    // Read back into the form, the settings carry over to a recreated container (its own
    // address: the first one is still taken).
    let plan = engine.recreate_plan(&ours).await.expect("plan");
    let mut read_back = plan.form.clone();
    assert_eq!(read_back.ip, ip(10));
    assert_eq!(
        read_back.platform, "",
        "the engine does not keep the platform asked for"
    );
    let again = unique("again");
    let _cleanup_again = remove_when_done(&cli, &again);
    read_back.name = again.clone();
    read_back.ip = ip(12);
    read_back.platform = platform;
    read_back.pull = "never".into();
    let spec_again = read_back.validate().expect("the read-back form is valid");
    assert_eq!(
        spec_again.advanced.ulimits, spec.advanced.ulimits,
        "the read-back spec"
    );
    assert!(engine.run(&spec_again).await.expect("run").started);
    let c = inspect(&cli, &again);
    assert_eq!(aliases(&a), aliases(&c));
    for field in fields {
        assert_eq!(
            a.pointer(field),
            c.pointer(field),
            "{field} differs after reading the container back into the form"
        );
    }
    for name in [&ours, &theirs, &again] {
        cli.run(&["rm", "-fv", name]);
    }
    cli.run(&["network", "rm", &network]);
}

/// `--privileged` can't start on the test engine (it runs without every capability itself),
/// but the engine creates the container: the app and the CLI create the same one.
#[tokio::test]
async fn a_privileged_container_is_created_as_the_cli_creates_it() {
    let (_, cli, labels, engine) = TestEngine::start().await.into_parts();
    let (ours, theirs) = (unique("app"), unique("cli"));
    let _cleanup = [
        remove_when_done(&cli, &ours),
        remove_when_done(&cli, &theirs),
    ];
    let spec = RunForm {
        image: fixture_image(),
        name: ours.clone(),
        command: "sleep 300".into(),
        privileged: true,
        labels: vec![LabelRow {
            key: "dev.tugboat.test".into(),
            value: labels.value.clone(),
        }],
        ..Default::default()
    }
    .validate()
    .expect("valid");
    assert!(spec
        .advanced
        .warnings()
        .iter()
        .any(|w| w.field == "privileged"));
    engine.run(&spec).await.expect("created");
    let mut twin = spec.clone();
    twin.name = Some(theirs.clone());
    let argv = twin.argv();
    let args: Vec<&str> = argv[1..].iter().map(String::as_str).collect();
    let _ = cli.try_run(&args);
    let (a, b) = (inspect(&cli, &ours), inspect(&cli, &theirs));
    assert_eq!(
        a.pointer("/HostConfig/Privileged"),
        Some(&Value::from(true))
    );
    for field in ADVANCED_FIELDS {
        assert_eq!(a.pointer(field), b.pointer(field), "{field}");
    }
}

/// What a container is, as far as the tutorial's commands set it: every field those flags
/// touch, with the mounts by what they mount (`-v` and `--mount` reach the same volume by two
/// routes), and links without the container's own name.
fn made_of(cli: &Cli, name: &str) -> Value {
    let c = inspect(cli, name);
    let mut out = serde_json::Map::new();
    for field in [
        "/Config/Image",
        "/Config/Cmd",
        "/Config/Entrypoint",
        "/Config/Env",
        "/Config/User",
        "/Config/WorkingDir",
        "/Config/Tty",
        "/Config/OpenStdin",
        "/Config/StdinOnce",
        "/Config/AttachStdin",
        "/Config/AttachStdout",
        "/Config/AttachStderr",
        "/Config/ExposedPorts",
        "/Config/Volumes",
        "/HostConfig/PortBindings",
        "/HostConfig/PublishAllPorts",
        "/HostConfig/RestartPolicy",
        "/HostConfig/AutoRemove",
        "/HostConfig/Memory",
        "/HostConfig/NetworkMode",
        "/HostConfig/ReadonlyRootfs",
        "/HostConfig/Tmpfs",
    ] {
        out.insert(
            field.into(),
            c.pointer(field).cloned().unwrap_or(Value::Null),
        );
    }
    // No ports: the CLI sends an empty map, the app none. The same container either way.
    if out["/HostConfig/PortBindings"] == serde_json::json!({}) {
        out.insert("/HostConfig/PortBindings".into(), Value::Null);
    }
    let mut mounts: Vec<String> = c["Mounts"]
        .as_array()
        .cloned()
        .unwrap_or_default()
        .iter()
        .map(|m| {
            let what = if m["Type"] == "volume" {
                &m["Name"]
            } else {
                &m["Source"]
            };
            format!("{} {} {} rw={}", m["Type"], what, m["Destination"], m["RW"])
        })
        .collect();
    mounts.sort();
    out.insert("mounts".into(), Value::from(mounts));
    let links: Vec<String> = c["HostConfig"]["Links"]
        .as_array()
        .cloned()
        .unwrap_or_default()
        .iter()
        .map(|l| l.as_str().unwrap_or_default().replace(name, "SELF"))
        .collect();
    out.insert("links".into(), Value::from(links));
    Value::Object(out)
}

/// The `docker run` lines of the Docker tutorial Tugboat was made from
/// (`docker-notes.md`), each made once by the app (pasted, read into the form, run) and once by
/// the docker CLI, must be the same container. Images other than the local fixture can't be
/// pulled here, so `{image}` stands for the fixture wherever the line names one; the flags are
/// the tutorial's. Names, volumes and host folders are the test's own (`{name}`, `{vol}`,
/// `{dir}`, `{other}`). Tugboat always runs in the background, so the CLI gets `-d` where the
/// line has none (`-it` without it would need a terminal).
#[tokio::test]
async fn the_tutorials_docker_run_lines_make_the_same_container_with_the_app_and_the_cli() {
    let lines = [
        "docker run {image}",
        "docker run -it {image}",
        "docker run -d {image}",
        "docker run -p 8080:80 {image}",
        "docker run -p 8080:80/tcp {image}",
        "docker run -v {dir}:/container/dir {image}",
        "docker run -itd -p 4000:80 {image} nginx",
        "docker run -itd --name {name} -p 8085:80 {image}",
        "docker run -it {image} echo \"Hello India\"",
        "docker run -it --mount source={vol},destination=/app -d {image}",
        "docker run -it --mount source={vol},destination=/test -d {image}",
        "docker run -it -v {dir}:/demo -d {image}",
        "docker run -itd --name {name} {image}",
        "docker run -itd  --name {name} --link {other} {image}",
        "docker run -dp 8080:80 {image}",
        "docker run --read-only -d {image}",
    ];
    let _ports = crate::TUTORIAL_PORTS.lock().await;
    let (_, cli, labels, engine) = TestEngine::start().await.into_parts();
    let dir = tempfile::tempdir().unwrap();
    let vol = unique("vol");
    labels.volume(&vol);
    let other = unique("linked");
    labels.run_detached(&other, &["-it"], &[]);
    let fill = |line: &str, name: &str| {
        line.replace("{image}", &fixture_image())
            .replace("{dir}", &dir.path().display().to_string())
            .replace("{vol}", &vol)
            .replace("{other}", &other)
            .replace("{name}", name)
    };

    let mut same = 0;
    let mut differ = Vec::new();
    for template in lines {
        let (ours, theirs) = (unique("app"), unique("cli"));
        let _cleanup = [
            remove_when_done(&cli, &ours),
            remove_when_done(&cli, &theirs),
        ];
        // The app: paste, form, run.
        let pasted = fill(template, &ours);
        let parsed = tugboat_runspec::cli::parse_run(&pasted);
        assert!(
            parsed.errors.is_empty() && parsed.unsupported.is_empty(),
            "{pasted}: {parsed:?}"
        );
        let mut form = parsed.form;
        form.name = ours.clone();
        form.labels.push(LabelRow {
            key: "dev.tugboat.test".into(),
            value: labels.value.clone(),
        });
        let spec = form
            .validate()
            .unwrap_or_else(|e| panic!("{pasted}: {e:?}"));
        engine
            .run(&spec)
            .await
            .unwrap_or_else(|e| panic!("{pasted}: {e}"));
        let a = made_of(&cli, &ours);
        // The ports of one run must not stand in the other's way.
        cli.run(&["rm", "-fv", &ours]);

        // The CLI: the same line, with its own name and the test's label.
        let typed = fill(template, &theirs);
        let mut words = shell_words::split(&typed).unwrap();
        let label = labels.label_arg();
        let mut extra = vec!["--label", label.as_str()];
        if !template.contains("{name}") {
            extra.extend(["--name", theirs.as_str()]);
        }
        let detached = words
            .iter()
            .any(|w| w.starts_with('-') && !w.starts_with("--") && w.contains('d'));
        if !detached {
            extra.push("-d");
        }
        words.splice(2..2, extra.iter().map(|s| s.to_string()));
        let args: Vec<&str> = words[1..].iter().map(String::as_str).collect();
        // A container that is created but can't start (busybox has no nginx) is still made.
        let _ = cli.try_run(&args);
        let b = made_of(&cli, &theirs);
        cli.run(&["rm", "-fv", &theirs]);
        if a == b {
            same += 1;
        } else {
            differ.push(format!("{template}\n  app: {a}\n  cli: {b}"));
        }
    }
    assert!(differ.is_empty(), "{}", differ.join("\n"));
    assert_eq!(same, lines.len());

    // One tutorial line asks for less memory than the engine allows: both refuse it.
    let small = "docker run -m 4m -dit --name web1 nginx";
    let err = tugboat_runspec::cli::parse_run(small)
        .form
        .validate()
        .unwrap_err();
    assert!(err
        .iter()
        .any(|e| e.field == "memory" && e.message.contains("6 MB")));
    let refused = cli
        .try_run(&[
            "run",
            "-m",
            "4m",
            "-dit",
            "--name",
            &unique("small"),
            &fixture_image(),
        ])
        .unwrap_err();
    assert!(
        refused.to_lowercase().contains("minimum memory"),
        "{refused}"
    );
    let _ = cli.try_run(&["volume", "rm", &vol]);
}
