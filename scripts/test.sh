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

trap stop_started EXIT
start_test_engine
start_swarm_engine
start_test_registry
export TUGBOAT_FIXTURE_IMAGE="${TUGBOAT_FIXTURE_IMAGE:-tugboat-fixture/busybox:1}"
start_display

say "building the app"
cargo build --locked --bin tugboat
export TUGBOAT_APP_BIN="$CARGO_TARGET_DIR/debug/tugboat"

say "bundling the debug build as a .deb (the install test installs and removes it)"
TUGBOAT_DEB="$("$ROOT/scripts/package.sh" --debug | grep '\.deb$')"
export TUGBOAT_DEB

say "Rust unit, integration and end-to-end tests"
# End-to-end tests each start their own tauri-driver; TUGBOAT_SHOTS keeps their screenshots.
export TUGBOAT_SHOTS="${TUGBOAT_SHOTS:-$ROOT/target/e2e-shots}"
# A failure's message, not pages of backtrace: a CI summary keeps only the end of the output,
# so the reasons are printed again last.
TEST_LOG="$(mktemp)"
set +e
RUST_BACKTRACE=0 cargo test --workspace --locked 2>&1 | tee "$TEST_LOG"
status=${PIPESTATUS[0]}
set -e
if [ "$status" -ne 0 ]; then
  say "why each test failed"
  grep -A3 "panicked at" "$TEST_LOG" | cut -c1-400 || true
fi
rm -f "$TEST_LOG"
exit "$status"
