//! A stack through the real window, on a single-node swarm: a compose file opened in the
//! Compose section shows, in its Swarm panel, the error of a service with `build:` and no
//! `image:` on its line; the quick fix adds `image:` (the image is then made as a build and
//! push would: tagged on the engine); Deploy brings every step to done and `docker stack ls`
//! agrees; Swarm → Stacks lists it; the remove dialog lists exactly what goes, and after
//! Remove the CLI finds nothing of it.

use crate::e2e::{App, LIMIT};
use crate::pages::{ComposeEditor, SwarmStacks};
use crate::support::*;
use fantoccini::Locator;
use tugboat_engine::swarm::stack::NAMESPACE;
use tugboat_testkit::swarm::SwarmLease;

/// Removes the image tag the test made, pass or fail.
struct Tag<'a>(&'a Cli, String);

impl Drop for Tag<'_> {
    fn drop(&mut self) {
        let _ = self.0.try_run(&["image", "rm", &self.1]);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_compose_file_is_deployed_listed_and_removed_as_a_stack() {
    let _window = crate::e2e::ONE_WINDOW.lock().await;
    let lease = SwarmLease::single_node_async().await;
    let cli = lease.cli();
    let id = uuid::Uuid::new_v4().simple().to_string();
    let stack = format!("e2e-stack-{}", &id[..8]);
    let root = tempfile::tempdir().unwrap();
    let dir = root.path().join(&stack);
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("token.txt"), "e2e-secret").unwrap();
    let file = dir.join("compose.yaml");
    let image = fixture_image();
    std::fs::write(
        &file,
        format!(
            "services:\n  web:\n    build: .\n    command: [httpd, -f, -p, '8080']\n  api:\n    image: {image}\n    command: [httpd, -f, -p, '8081']\n    secrets: [token]\nsecrets:\n  token:\n    file: ./token.txt\n"
        ),
    )
    .unwrap();

    let app = ComposeEditor::open(lease.host(), &file).await;
    ComposeEditor::panel(&app, "deploy").await;
    let name = app.wait(&App::css("stack-deploy-name"), LIMIT).await;
    assert_eq!(
        name.prop("value").await.unwrap().as_deref(),
        Some(stack.as_str())
    );

    // `build:` without `image:` is an error on its line; Deploy waits.
    let problem = SwarmStacks::deploy_problem("swarm-needs-image", 3);
    app.wait(&problem, LIMIT).await;
    let deploy = app.wait(&App::css("stack-deploy-run"), LIMIT).await;
    assert!(
        !deploy.is_enabled().await.unwrap(),
        "Deploy waits for the fix"
    );
    app.shot("stack-deploy-needs-image").await;

    // The fix adds `image: <stack>_web`; the image is made as a build and push would make it.
    let web_image = format!("{stack}_web");
    cli.run(&["tag", &image, &web_image]);
    let _tag = Tag(cli, web_image.clone());
    app.click(&format!(
        "{problem} [data-testid='stack-deploy-problem-fix']"
    ))
    .await;
    app.wait_gone(&problem, LIMIT).await;
    assert!(
        ComposeEditor::text(&app)
            .await
            .contains(&format!("image: {web_image}\n    build: .")),
        "the fix adds the image above build"
    );
    // `build:` is now only ignored, with a warning on its line (4 after the fix).
    app.wait(&SwarmStacks::deploy_problem("swarm-ignored", 4), LIMIT)
        .await;
    let command = app
        .wait_text(
            &App::css("stack-deploy-command"),
            "docker stack deploy",
            LIMIT,
        )
        .await;
    assert!(
        command.contains(&format!(
            "docker stack deploy -c {} {stack}",
            file.display()
        )),
        "{command}"
    );

    app.click(&App::css("stack-deploy-run")).await;
    app.wait(&App::css("stack-deploy-done"), LIMIT * 2).await;
    for row in app
        .client()
        .find_all(Locator::Css(&App::css("compose-up-row")))
        .await
        .unwrap()
    {
        let state = row.attr("data-state").await.unwrap().unwrap_or_default();
        let step = row.attr("data-id").await.unwrap().unwrap_or_default();
        assert_eq!(state, "done", "step {step}");
    }
    app.shot("stack-deploy-done").await;
    let listed = cli.lines(&["stack", "ls", "--format", "{{.Name}} {{.Services}}"]);
    assert!(
        listed.contains(&format!("{stack} 2")),
        "docker stack ls: {listed:?}"
    );

    // Swarm → Stacks lists it; the dialog lists exactly what the CLI would remove.
    // The fix left the file unsaved: leaving Compose asks, and Save keeps it.
    app.click(&App::css("nav-swarm")).await;
    app.click(&App::css("compose-unsaved-save")).await;
    SwarmStacks::open(&app).await;
    app.wait(&SwarmStacks::row(&stack), LIMIT).await;
    app.click(&format!(
        "{} [data-testid='swarm-stack-open']",
        SwarmStacks::row(&stack)
    ))
    .await;
    app.wait(
        &format!("[data-testid='swarm-stack-service'][data-service='{stack}_api']"),
        LIMIT,
    )
    .await;
    app.shot("swarm-stacks").await;
    let names = SwarmStacks::remove_preview(&app, &stack).await;
    assert_eq!(
        names,
        vec![
            format!("{stack}_api"),
            format!("{stack}_default"),
            format!("{stack}_token"),
            format!("{stack}_web"),
        ]
    );
    let rm = app.text("stack-remove-command").await;
    assert!(rm.contains(&format!("docker stack rm {stack}")), "{rm}");
    app.shot("stack-remove-dialog").await;
    app.click(&App::css("stack-remove-confirm")).await;
    app.wait_gone(&SwarmStacks::row(&stack), LIMIT).await;
    app.wait(&App::css("swarm-stacks-notice"), LIMIT).await;

    assert!(
        !cli.lines(&["stack", "ls", "--format", "{{.Name}}"])
            .contains(&stack),
        "docker stack ls still lists {stack}"
    );
    let label = format!("label={NAMESPACE}={stack}");
    // The manager removes at once; this node's own list of networks follows a moment later.
    for kind in ["service", "network", "secret"] {
        let until = std::time::Instant::now() + LIMIT * 3;
        while !cli
            .lines(&[kind, "ls", "--filter", &label, "-q"])
            .is_empty()
        {
            let left = cli.lines(&[kind, "ls", "--filter", &label]);
            assert!(
                std::time::Instant::now() < until,
                "a {kind} of {stack} is left: {left:?}"
            );
            tokio::time::sleep(std::time::Duration::from_millis(300)).await;
        }
    }
    app.close().await;
}
