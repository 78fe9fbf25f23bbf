#!/usr/bin/env bash
# Builds Tugboat's installers with the Tauri bundler (the @tauri-apps/cli the UI's packages
# install): on Linux the .deb and the .rpm. Usage: scripts/package.sh [--debug]
#   --debug  bundles the debug build the tests already made (fast; what the install test uses).
# Prints the path of each bundle it made, one per line, last.
#
# The AppImage is not built here: its bundler downloads linuxdeploy and its plugins from GitHub
# at build time, and these machines do not reach GitHub. On a machine that does, add
# `appimage` to --bundles. The macOS .dmg and the Windows .msi are configured in
# tauri.conf.json; build them on those systems with `npx --prefix ui tauri build` (README).
source "$(dirname "$0")/lib.sh"
cd "$ROOT"

profile=release
args=()
if [ "${1:-}" = --debug ]; then
  profile=debug
  args+=(--debug)
fi

"$ROOT/scripts/install-deps.sh" run
say "building the UI"
(cd ui && npm run build >&2)
# The UI is built above: the Tauri CLI would run tauri.conf.json's beforeBuildCommand from the
# folder above this one (it looks for the app beside a src-tauri folder, which this layout has
# not), so the command is switched off for this build.
say "bundling the $profile build (.deb, .rpm)"
"$ROOT/ui/node_modules/.bin/tauri" build "${args[@]}" --bundles deb,rpm --ci \
  --config '{"build":{"beforeBuildCommand":null}}' >&2

out="$CARGO_TARGET_DIR/$profile/bundle"
ls -1 "$out"/deb/*.deb "$out"/rpm/*.rpm
