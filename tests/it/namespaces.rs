//! A container's namespaces and cgroups against the real engine: for a container run with
//! `-m 64m --pids-limit 50` running `sleep`, PID 1 inside runs `sleep` and pairs with the host
//! PID `docker inspect` gives (not 1); the memory limit reads 64 MiB from inspect and from the
//! cgroup file inside; the pids limit 50; the hostname inside is the container's; the overlay
//! layers are listed. A stopped container gives words and what inspect knows. The memory
//! "try it" ends with exit code 137 and OOMKilled.

use crate::support::*;
use tugboat_engine::namespaces::try_it::oom_try_it;
use tugboat_engine::namespaces::LimitKind;
use tugboat_runspec::form::LabelRow;

#[tokio::test]
async fn a_limited_sleeper_seen_from_inside_and_from_the_host() {
    let (_, cli, labels, engine) = TestEngine::start().await.into_parts();
    let name = unique("ns-sleep");
    let id = labels.run_detached(
        &name,
        &["-m", "64m", "--pids-limit", "50"],
        &["sleep", "600"],
    );
    let ns = engine.namespaces(&name).await.unwrap();
    assert!(ns.running, "{ns:#?}");
    assert!(ns.words.is_none());

    // PID: 1 inside is sleep; its host PID is State.Pid, which is not 1.
    let state_pid: u32 = cli
        .run(&["inspect", "-f", "{{.State.Pid}}", &name])
        .parse()
        .unwrap();
    assert_ne!(state_pid, 1);
    let one = ns
        .pid
        .inside
        .iter()
        .find(|p| p.pid == 1)
        .expect("PID 1 inside");
    assert_eq!(one.args, "sleep 600", "{:#?}", ns.pid);
    assert!(
        ns.pid.inside_source.starts_with("inside the container: ps"),
        "{}",
        ns.pid.inside_source
    );
    assert_eq!(
        ns.pid.state_pid.as_ref().unwrap().value,
        state_pid.to_string()
    );
    let pair = ns
        .pid
        .pairs
        .iter()
        .find(|p| p.inside_pid == 1)
        .expect("PID 1 paired");
    assert_eq!(pair.host_pid, state_pid);
    assert!(
        ns.pid
            .host
            .iter()
            .any(|h| h.pid == state_pid && h.args == "sleep 600"),
        "{:#?}",
        ns.pid.host
    );
    assert!(ns.pid.problems.is_empty(), "{:?}", ns.pid.problems);
    // Only sleep and Tugboat's own ps: the other commands inside were not yet started.
    assert_eq!(ns.pid.inside.len(), 2, "{:#?}", ns.pid.inside);
    assert!(ns.pid.inside.iter().any(|p| p.ours), "{:#?}", ns.pid.inside);

    // UTS: the hostname inside is the one inspect gives (by default the short id).
    let configured = ns.uts.configured.as_ref().unwrap();
    assert_eq!(configured.value, id[..12]);
    let inside = ns.uts.inside.as_ref().expect("hostname read inside");
    assert_eq!(inside.value, configured.value);
    assert_eq!(inside.source, "inside the container: hostname");
    let info_name = cli.run(&["info", "-f", "{{.Name}}"]);
    assert_eq!(ns.uts.host.as_ref().unwrap().value, info_name);

    // Network: eth0 inside has the address inspect records.
    let ip = cli.run(&["inspect", "-f", "{{.NetworkSettings.IPAddress}}", &name]);
    assert!(
        ns.network
            .interfaces
            .iter()
            .any(|a| a.interface == "eth0" && a.address.starts_with(&format!("{ip}/"))),
        "{:#?}",
        ns.network
    );
    let bridge = ns
        .network
        .links
        .iter()
        .find(|l| l.network == "bridge")
        .expect("on the default bridge");
    assert_eq!(
        bridge.ip_address.as_ref().unwrap().value.split('/').next(),
        Some(ip.as_str())
    );

    // Mount: the layers on overlay2; `/` inside is that overlay.
    let driver = cli.run(&["inspect", "-f", "{{.GraphDriver.Name}}", &name]);
    assert_eq!(ns.mount.driver.as_ref().unwrap().value, driver);
    if driver.starts_with("overlay") {
        assert!(!ns.mount.lower_dirs.is_empty(), "{:#?}", ns.mount);
        let upper = cli.run(&["inspect", "-f", "{{.GraphDriver.Data.UpperDir}}", &name]);
        assert_eq!(ns.mount.upper_dir.as_deref(), Some(upper.as_str()));
        let root = ns.mount.root.as_ref().expect("/ read from /proc/mounts");
        assert_eq!(root.fs_type, "overlay");
        assert_eq!(root.upper_dir.as_deref(), Some(upper.as_str()));
    } else {
        // Only overlay lists layers this way; the test engine is overlay2, so this is not
        // expected to run: the driver's name says why the layers were not compared.
        println!("storage driver {driver}: overlay layers not compared");
    }

    // cgroups: 64 MiB from inspect and from the file; pids limit 50 from both.
    let limit = |k: LimitKind| ns.cgroups.limits.iter().find(|l| l.kind == k).unwrap();
    let memory = limit(LimitKind::Memory);
    assert_eq!(memory.set_value, Some(64.0 * 1024.0 * 1024.0));
    assert_eq!(memory.set.value, "64 MiB");
    assert_eq!(memory.set.source, "docker inspect: HostConfig.Memory");
    assert_eq!(
        memory.kernel_value,
        Some(64.0 * 1024.0 * 1024.0),
        "{memory:#?}"
    );
    let file = &memory.files[0];
    let on_disk = cli.run(&["exec", &name, "cat", &file.path]);
    assert_eq!(file.raw, on_disk);
    assert!(memory.kernel.as_ref().unwrap().source.contains(&file.path));
    assert!(memory.usage.is_some(), "one stats sample: {memory:#?}");
    let pids = limit(LimitKind::Pids);
    assert_eq!(pids.set_value, Some(50.0));
    assert_eq!(pids.kernel_value, Some(50.0), "{pids:#?}");
    let cpus = limit(LimitKind::Cpus);
    assert_eq!(cpus.set.value, "no limit");
    assert_eq!(cpus.kernel.as_ref().unwrap().value, "no limit", "{cpus:#?}");
    let version = cli.run(&["info", "-f", "{{.CgroupVersion}}"]);
    assert_eq!(ns.cgroups.version.as_ref().unwrap().value, version);
}

#[tokio::test]
async fn a_stopped_container_says_what_needs_it_running_and_keeps_what_inspect_knows() {
    let (_, _cli, labels, engine) = TestEngine::start().await.into_parts();
    let name = unique("ns-stopped");
    labels.create(
        &name,
        &["-m", "48m", "--hostname", "quiet"],
        &["sleep", "600"],
    );
    let ns = engine.namespaces(&name).await.unwrap();
    assert!(!ns.running);
    let words = ns.words.as_deref().unwrap();
    assert!(words.contains("Start it"), "{words}");
    assert!(ns.pid.inside.is_empty() && ns.pid.host.is_empty());
    assert!(ns.uts.inside.is_none());
    assert_eq!(ns.uts.configured.as_ref().unwrap().value, "quiet");
    let memory = ns
        .cgroups
        .limits
        .iter()
        .find(|l| l.kind == LimitKind::Memory)
        .unwrap();
    assert_eq!(memory.set_value, Some(48.0 * 1024.0 * 1024.0));
    assert!(memory.kernel.is_none() && memory.usage.is_none());
}

#[tokio::test]
async fn the_memory_try_it_is_killed_with_137_and_oom_killed() {
    let (_, cli, labels, engine) = TestEngine::start().await.into_parts();
    let name = unique("ns-oom");
    let mut form = oom_try_it(&name, &fixture_image());
    // This test's label too, so the test's cleanup removes it.
    let (key, value) = labels
        .label_arg()
        .split_once('=')
        .map(|(k, v)| (k.to_owned(), v.to_owned()))
        .unwrap();
    form.labels.push(LabelRow { key, value });
    let spec = form.validate().unwrap();
    let outcome = engine.run(&spec).await.unwrap();
    assert!(outcome.started, "{outcome:?}");
    // `docker wait` returns when it dies; the kernel kills it within a second or two.
    let code = tokio::time::timeout(std::time::Duration::from_secs(60), async {
        tokio::task::spawn_blocking({
            let cli = cli.clone();
            let name = name.clone();
            move || cli.run(&["wait", &name])
        })
        .await
        .unwrap()
    })
    .await
    .expect("the hog dies within 60 s");
    assert_eq!(code, "137");
    let details = engine.container(&name).await.unwrap();
    assert_eq!(details.exit_code, Some(137));
    assert!(details.oom_killed, "{details:?}");
    assert_eq!(details.memory_bytes, Some(32.0 * 1024.0 * 1024.0));
}
