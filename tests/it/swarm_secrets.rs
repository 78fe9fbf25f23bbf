//! Swarm secrets through the app's engine code on the swarm test engine (under a `SwarmLease`):
//! one made from text and one from a file are what `docker secret ls` lists, a service given
//! one sees its value in the task, removing it while used is refused naming the service, and
//! the values appear in nothing the app logs (a TRACE subscriber with the app's bollard cap
//! captures every line).

use crate::support::*;
use base64::Engine as _;
use std::io::Write;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use tugboat_engine::swarm::objects::{ObjectCreateLine, ObjectKind, SecretBytes};
use tugboat_engine::{Engine, EngineError};
use tugboat_runspec::service_spec::{ObjectRef, ServiceForm, ServiceMode};
use tugboat_testkit::swarm::SwarmLease;

/// Everything the subscriber writes, kept to search afterwards.
#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl Write for Captured {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

fn line(name: &str, file: Option<String>) -> ObjectCreateLine {
    ObjectCreateLine {
        name: name.into(),
        file,
        labels: vec![("tugboat.test".into(), "swarm-secrets".into())],
    }
}

// The default (current-thread) runtime keeps every task on this thread, so the thread's
// default subscriber sees all the lines the engine code and bollard emit.
#[tokio::test]
async fn secrets_from_text_and_file_reach_the_task_are_kept_while_used_and_never_logged() {
    let lease = SwarmLease::single_node_async().await;
    let cli = lease.cli();
    let out = Captured::default();
    let writer = out.clone();
    // TRACE for everything, under the cap the app's `log_filter` (src-tauri/src/lib.rs) puts on
    // bollard, whose own debug lines print request bodies whatever the app does.
    let subscriber = tracing_subscriber::fmt()
        .with_env_filter(tracing_subscriber::EnvFilter::new("trace,bollard=info"))
        .with_ansi(false)
        .with_writer(move || writer.clone())
        .finish();
    let _logging = tracing::subscriber::set_default(subscriber);

    let engine = Engine::connect(lease.host()).await.unwrap();
    let text_name = unique("sec-text");
    let file_name = unique("sec-file");
    let text_value = format!("ebb-{}", unique("v"));
    let file_value = format!("flood-{}", unique("v"));

    // From text, as the secrets tab's "From text" sends it.
    let text_id = engine
        .swarm_object_create(
            ObjectKind::Secret,
            &line(&text_name, None),
            SecretBytes::from_bytes(text_value.clone().into_bytes()).unwrap(),
        )
        .await
        .unwrap();
    // From a file, read the way the command layer reads a picked file.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("value.txt");
    std::fs::write(&path, &file_value).unwrap();
    let bytes = match tugboat_files::read::read_capped(
        &path,
        tugboat_engine::swarm::objects::MAX_VALUE_BYTES,
        "source",
    )
    .await
    .unwrap()
    {
        tugboat_files::read::Capped::Whole(b) => b,
        other => panic!("{other:?}"),
    };
    let file_id = engine
        .swarm_object_create(
            ObjectKind::Secret,
            &line(&file_name, Some(path.display().to_string())),
            SecretBytes::from_bytes(bytes).unwrap(),
        )
        .await
        .unwrap();

    let listed = cli.lines(&[
        "secret",
        "ls",
        "--filter",
        "label=tugboat.test=swarm-secrets",
        "--format",
        "{{.ID}} {{.Name}}",
    ]);
    assert!(
        listed.contains(&format!("{text_id} {text_name}")),
        "{listed:?}"
    );
    assert!(
        listed.contains(&format!("{file_id} {file_name}")),
        "{listed:?}"
    );

    // A service given the file's secret prints it and then idles.
    let svc = unique("svc-sec");
    let form = ServiceForm {
        name: svc.clone(),
        image: fixture_image(),
        command: Some(vec![
            "sh".into(),
            "-c".into(),
            format!("cat /run/secrets/{file_name}; echo; trap 'exit 0' TERM; sleep 300 & wait"),
        ]),
        mode: ServiceMode::Replicated { replicas: 1 },
        secrets: vec![ObjectRef {
            source: file_name.clone(),
            target: None,
        }],
        ..ServiceForm::default()
    };
    let created = engine
        .service_create(&form.validate().unwrap(), None)
        .await
        .unwrap();
    assert!(
        created.command.contains(&format!("--secret {file_name}")),
        "{}",
        created.command
    );
    let deadline = Instant::now() + Duration::from_secs(30);
    let container = loop {
        let tasks = engine
            .service_tasks(Some(&created.id), false)
            .await
            .unwrap();
        if let Some(c) = tasks
            .iter()
            .find(|t| t.state == "running")
            .and_then(|t| t.container_id.clone())
        {
            break c;
        }
        assert!(
            Instant::now() < deadline,
            "no running task within 30 s: {tasks:?}"
        );
        tokio::time::sleep(Duration::from_millis(300)).await;
    };
    let seen = cli.run(&[
        "exec",
        &container,
        "cat",
        &format!("/run/secrets/{file_name}"),
    ]);
    assert_eq!(seen, file_value);

    // In use: refused, naming the service; the secret is still there.
    let refused = engine
        .swarm_object_remove(ObjectKind::Secret, &file_id)
        .await
        .unwrap_err();
    assert!(
        matches!(&refused, EngineError::Conflict(m) if m.contains(&svc)),
        "{refused:?}"
    );
    let preview = engine
        .swarm_object_remove_preview(ObjectKind::Secret, &file_id)
        .await
        .unwrap();
    assert_eq!(preview.used_by, vec![svc.clone()]);
    assert_eq!(preview.command, format!("docker secret rm {file_name}"));
    assert_eq!(
        cli.lines(&[
            "secret",
            "ls",
            "-q",
            "--filter",
            &format!("name={file_name}")
        ]),
        vec![file_id.clone()]
    );

    // Unused once the service is gone: removed.
    engine.service_remove(&created.id).await.unwrap();
    engine
        .swarm_object_remove(ObjectKind::Secret, &text_id)
        .await
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(20);
    while let Err(e) = engine
        .swarm_object_remove(ObjectKind::Secret, &file_id)
        .await
    {
        assert!(Instant::now() < deadline, "still refused: {e:?}");
        tokio::time::sleep(Duration::from_millis(300)).await;
    }

    // Nothing logged holds a value, as text or as the base64 the request body carries.
    let logged = String::from_utf8(out.0.lock().unwrap().clone()).unwrap();
    assert!(
        !logged.is_empty(),
        "the subscriber captured the engine's lines"
    );
    let b64 = |v: &str| base64::engine::general_purpose::STANDARD.encode(v.as_bytes());
    for value in [&text_value, &file_value] {
        assert!(!logged.contains(value.as_str()), "{value} was logged");
        assert!(
            !logged.contains(&b64(value)),
            "{value} was logged in base64"
        );
    }
}
