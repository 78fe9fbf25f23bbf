#!/usr/bin/env bash
# Tugboat's whole test suite, from a fresh Debian/Ubuntu machine: installs what is missing,
# starts a private Docker engine, a virtual display and the WebDriver, runs every check and test
# (format, lint, types, Rust unit + integration + end-to-end, UI unit), and stops what it started.
source "$(dirname "$0")/lib.sh"
cd "$ROOT"

"$ROOT/scripts/install-deps.sh" test

say "building the UI"
(cd ui && npm run build)

say "checking formatting and lints"
cargo fmt --all --check
(cd ui && npm run check && npm run lint)
cargo clippy --workspace --all-targets --locked -- -D warnings

say "UI unit tests (vitest)"
(cd ui && npm test)

started=()
# An engine given by the caller is theirs to stop; one started here is stopped here (the
# variable is exported below for the tests, so `stop` must not see it).
engine_given="${TUGBOAT_TEST_DOCKER_HOST:-}"
cleanup() {
  local rc=$?
  for pid in "${started[@]}"; do kill "$pid" 2>/dev/null || true; done
  if [ -z "$engine_given" ]; then
    env -u TUGBOAT_TEST_DOCKER_HOST "$ROOT/scripts/test-engine.sh" stop || true
  fi
  exit $rc
}
trap cleanup EXIT

say "starting the test engine"
engine_line="$("$ROOT/scripts/test-engine.sh" start | tail -1)"
export TUGBOAT_TEST_DOCKER_HOST="${engine_line#DOCKER_HOST=}"
export TUGBOAT_FIXTURE_IMAGE="${TUGBOAT_FIXTURE_IMAGE:-tugboat-fixture/busybox:1}"
echo "test engine: $TUGBOAT_TEST_DOCKER_HOST"

if [ -z "${DISPLAY:-}" ]; then
  say "starting a virtual display"
  display=99
  while [ -e "/tmp/.X${display}-lock" ]; do display=$((display + 1)); done
  Xvfb ":$display" -screen 0 1400x900x24 -nolisten tcp >/dev/null 2>&1 &
  started+=("$!")
  export DISPLAY=":$display"
  for _ in $(seq 1 50); do [ -e "/tmp/.X11-unix/X$display" ] && break; sleep 0.1; done
fi

say "building the app"
cargo build --locked --bin tugboat
export TUGBOAT_APP_BIN="$CARGO_TARGET_DIR/debug/tugboat"

say "Rust unit, integration and end-to-end tests"
# End-to-end tests each start their own tauri-driver; TUGBOAT_SHOTS keeps their screenshots.
export TUGBOAT_SHOTS="${TUGBOAT_SHOTS:-$ROOT/target/e2e-shots}"
cargo test --workspace --locked
