//! The remove dialog's preview against the real engine: the volumes it lists under "also remove
//! their anonymous volumes (-v)" are exactly those `docker rm -v` then removes.

use crate::support::*;

fn volume_exists(cli: &Cli, name: &str) -> bool {
    cli.try_run(&["volume", "inspect", name]).is_ok()
}

/// The anonymous volume a container made for `destination`.
fn volume_at(cli: &Cli, container: &str, destination: &str) -> String {
    let format = format!(
        "{{{{range .Mounts}}}}{{{{if eq .Destination \"{destination}\"}}}}{{{{.Name}}}}{{{{end}}}}{{{{end}}}}"
    );
    let name = cli.run(&["inspect", "-f", &format, container]);
    assert_eq!(
        name.len(),
        64,
        "{container} has a generated volume at {destination}"
    );
    name
}

#[tokio::test]
async fn rm_v_lists_only_anonymous_volumes_no_other_container_uses_and_the_engine_agrees() {
    let (_, cli, labels, engine) = TestEngine::start().await.into_parts();

    // `alone` has an anonymous volume of its own; `shared` has one that `borrower` also uses
    // (`--volumes-from`); `named` mounts a volume whose name looks generated but is named in
    // its settings.
    let alone = unique("rmv-alone");
    let alone_id = labels.run_detached(&alone, &["-v", "/data"], &["sleep", "300"]);
    let shared = unique("rmv-shared");
    let shared_id = labels.run_detached(&shared, &["-v", "/data"], &["sleep", "300"]);
    let borrower = unique("rmv-borrower");
    let borrower_id =
        labels.run_detached(&borrower, &["--volumes-from", &shared], &["sleep", "300"]);
    let hex_name = uuid::Uuid::new_v4().simple().to_string().repeat(2);
    labels.volume(&hex_name);
    let named = unique("rmv-named");
    let named_id = labels.run_detached(
        &named,
        &[
            "--mount",
            &format!("type=volume,source={hex_name},target=/n"),
        ],
        &["sleep", "300"],
    );
    let alone_volume = volume_at(&cli, &alone, "/data");
    let shared_volume = volume_at(&cli, &shared, "/data");

    let listed = |ids: &[&String]| {
        let ids: Vec<String> = ids.iter().map(|s| s.to_string()).collect();
        let engine = &engine;
        async move {
            let mut out = engine.removal_preview(&ids).await.expect("preview");
            out.sort_by(|a, b| a.name.cmp(&b.name));
            out.into_iter()
                .map(|r| (r.name, r.anonymous_volumes))
                .collect::<Vec<_>>()
        }
    };

    assert_eq!(
        listed(&[&alone_id]).await,
        vec![(alone.clone(), vec![alone_volume.clone()])]
    );
    assert_eq!(
        listed(&[&shared_id]).await,
        vec![(shared.clone(), vec![])],
        "another container uses it, so -v keeps it"
    );
    assert_eq!(
        listed(&[&named_id]).await,
        vec![(named.clone(), vec![])],
        "named in its settings, so -v keeps it"
    );
    // Removed together, the shared volume goes, and is listed once.
    let both = listed(&[&shared_id, &borrower_id]).await;
    let all: Vec<&String> = both.iter().flat_map(|(_, v)| v).collect();
    assert_eq!(all, vec![&shared_volume], "listed once: {both:?}");

    // What the engine does with `docker rm -fv` matches each listing.
    cli.run(&["rm", "-fv", &alone]);
    assert!(!volume_exists(&cli, &alone_volume), "listed, and removed");
    cli.run(&["rm", "-fv", &named]);
    assert!(volume_exists(&cli, &hex_name), "not listed, and kept");
    cli.run(&["rm", "-fv", &shared]);
    assert!(volume_exists(&cli, &shared_volume), "not listed, and kept");
    cli.run(&["rm", "-fv", &borrower]);
    assert!(
        !volume_exists(&cli, &shared_volume),
        "listed for the pair, and removed with its last user"
    );
}
