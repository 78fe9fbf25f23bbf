//! The installers. The Linux bundles are built by `scripts/package.sh` (the test command makes
//! a debug `.deb` and names it in `TUGBOAT_DEB`): the `.deb` installs with dpkg, its program
//! starts under Xvfb and shows the home screen, its desktop entry names the app and its
//! category, and `dpkg -r` leaves none of its files behind. The macOS and Windows bundles cannot
//! be built here; their configuration is checked instead, with the icons every platform needs.

use crate::e2e::{App, ONE_WINDOW};
use crate::support::*;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

const LIMIT: Duration = Duration::from_secs(30);

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn tauri_conf() -> serde_json::Value {
    serde_json::from_str(&std::fs::read_to_string(root().join("tauri.conf.json")).unwrap()).unwrap()
}

/// Width and height from a PNG's header.
fn png_size(path: &Path) -> (u32, u32) {
    let bytes = std::fs::read(path).unwrap();
    assert_eq!(
        &bytes[..8],
        b"\x89PNG\r\n\x1a\n",
        "{} is a PNG",
        path.display()
    );
    let word = |at: usize| u32::from_be_bytes(bytes[at..at + 4].try_into().unwrap());
    (word(16), word(20))
}

#[test]
fn every_platforms_installer_is_configured_with_its_icons() {
    let conf = tauri_conf();
    assert_eq!(conf["productName"], "Tugboat");
    let id = conf["identifier"].as_str().unwrap();
    assert!(
        id.split('.').count() >= 3 && id.chars().all(|c| c.is_ascii_lowercase() || c == '.'),
        "a reverse-DNS identifier: {id}"
    );
    let bundle = &conf["bundle"];
    assert_eq!(bundle["active"], true);
    let targets: Vec<&str> = bundle["targets"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t.as_str().unwrap())
        .collect();
    for wanted in ["deb", "rpm", "appimage", "dmg", "msi"] {
        assert!(targets.contains(&wanted), "{wanted} in {targets:?}");
    }
    // Shown by software centres and the desktop entry.
    assert_eq!(bundle["category"], "DeveloperTool");
    assert!(!bundle["shortDescription"].as_str().unwrap().is_empty());
    assert!(!bundle["longDescription"].as_str().unwrap().is_empty());
    assert!(bundle["macOS"]["minimumSystemVersion"].is_string());
    assert_eq!(bundle["windows"]["wix"]["language"], "en-US");

    // Each icon the bundles take exists and is what its name says: PNGs of their size, the
    // macOS .icns and the Windows .ico by their headers.
    let icons: Vec<PathBuf> = bundle["icon"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| root().join(i.as_str().unwrap()))
        .collect();
    let mut kinds = Vec::new();
    for icon in &icons {
        let name = icon.file_name().unwrap().to_string_lossy().into_owned();
        match icon.extension().and_then(|e| e.to_str()) {
            Some("png") => {
                let side: u32 = name
                    .split('x')
                    .next()
                    .and_then(|s| s.parse().ok())
                    .unwrap_or_else(|| panic!("{name}: a size in its name"));
                let scale = if name.contains("@2x") { 2 } else { 1 };
                assert_eq!(png_size(icon), (side * scale, side * scale), "{name}");
                kinds.push("png");
            }
            Some("icns") => {
                assert_eq!(&std::fs::read(icon).unwrap()[..4], b"icns", "{name}");
                kinds.push("icns");
            }
            Some("ico") => {
                assert_eq!(&std::fs::read(icon).unwrap()[..4], b"\0\0\x01\0", "{name}");
                kinds.push("ico");
            }
            other => panic!("{name}: an icon of an unknown kind {other:?}"),
        }
    }
    for kind in ["png", "icns", "ico"] {
        assert!(kinds.contains(&kind), "a {kind} icon among {icons:?}");
    }
    // All of them are made from one drawing (package.sh says how).
    assert!(root().join("icons/tugboat.svg").exists());
}

fn dpkg(args: &[&str]) -> std::process::Output {
    Command::new("dpkg")
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("dpkg {args:?}: {e}"))
}

/// Removes the package if the test stops before it does.
struct Installed(&'static str);

impl Drop for Installed {
    fn drop(&mut self) {
        let _ = dpkg(&["-r", self.0]);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_deb_installs_starts_and_is_removed_without_a_trace() {
    let deb = std::env::var("TUGBOAT_DEB").unwrap_or_else(|_| {
        panic!(
            "TUGBOAT_DEB is not set: scripts/test.sh builds the .deb (scripts/package.sh --debug)"
        )
    });
    let _window = ONE_WINDOW.lock().await;
    let name = "tugboat";
    let info = dpkg(&["--info", &deb]);
    let info = String::from_utf8_lossy(&info.stdout).into_owned();
    assert!(info.contains(&format!("Package: {name}")), "{info}");
    assert!(
        info.contains("libwebkit2gtk-4.1"),
        "it depends on WebKitGTK: {info}"
    );

    let installed = dpkg(&["-i", &deb]);
    assert!(
        installed.status.success(),
        "dpkg -i: {}",
        String::from_utf8_lossy(&installed.stderr)
    );
    let guard = Installed(name);
    let listed = String::from_utf8_lossy(&dpkg(&["-L", name]).stdout).into_owned();
    let files: Vec<PathBuf> = listed
        .lines()
        .map(PathBuf::from)
        .filter(|p| p.is_file())
        .collect();
    let program = PathBuf::from("/usr/bin/tugboat");
    assert!(files.contains(&program), "{listed}");
    let entry = files
        .iter()
        .find(|f| {
            f.starts_with("/usr/share/applications")
                && f.extension().is_some_and(|e| e == "desktop")
        })
        .unwrap_or_else(|| panic!("a desktop entry among {listed}"));
    let desktop = std::fs::read_to_string(entry).unwrap();
    for line in [
        "Name=Tugboat",
        "Exec=tugboat",
        "Icon=tugboat",
        "Type=Application",
    ] {
        assert!(desktop.lines().any(|l| l == line), "{line} in {desktop}");
    }
    assert!(
        desktop
            .lines()
            .any(|l| l.starts_with("Categories=") && l.contains("Development")),
        "{desktop}"
    );
    assert!(
        files
            .iter()
            .any(|f| f.starts_with("/usr/share/icons/hicolor")),
        "icons in {listed}"
    );

    // The installed program, as a user would start it: the home screen on the test engine.
    let app = App::launch_program(&program, &test_host(), &[]).await;
    app.wait(&App::css("home-view"), LIMIT).await;
    app.shot("installed-deb-home").await;
    app.close().await;

    let removed = dpkg(&["-r", name]);
    assert!(
        removed.status.success(),
        "dpkg -r: {}",
        String::from_utf8_lossy(&removed.stderr)
    );
    drop(guard);
    let left: Vec<&PathBuf> = files.iter().filter(|f| f.exists()).collect();
    assert!(left.is_empty(), "left behind: {left:?}");
    let status = dpkg(&["-s", name]);
    let status = String::from_utf8_lossy(&status.stdout);
    assert!(
        !status.contains("config-files"),
        "no config files kept: {status}"
    );
}
