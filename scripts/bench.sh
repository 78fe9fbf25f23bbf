#!/usr/bin/env bash
# Tugboat's benchmarks: builds a release app, starts the test engine and a virtual display, and
# prints each figure beside its baseline measured in the same run. Copy the output into
# BENCHMARKS.md. TUGBOAT_BENCH_CONTAINERS (default 1000) and TUGBOAT_BENCH_RUNS (5) tune it.
source "$(dirname "$0")/lib.sh"
cd "$ROOT"
"$ROOT/scripts/install-deps.sh" test
(cd ui && npm run build)
cargo build --release --locked --bin tugboat
started=()
# An engine given by the caller is theirs to stop; one started here is stopped here.
# `test-engine.sh stop` leaves alone any engine named in TUGBOAT_TEST_DOCKER_HOST, and this
# script exports that variable once its engine runs: so stop without it.
engine_given="${TUGBOAT_TEST_DOCKER_HOST:-}"
cleanup() {
  local rc=$?
  for pid in "${started[@]}"; do kill "$pid" 2>/dev/null || true; done
  if [ -z "$engine_given" ]; then
    if [ -n "${TUGBOAT_TEST_DOCKER_HOST:-}" ]; then
      DOCKER_HOST="$TUGBOAT_TEST_DOCKER_HOST" docker ps -aq --filter label=dev.tugboat.bench | xargs -r env DOCKER_HOST="$TUGBOAT_TEST_DOCKER_HOST" docker rm -f >/dev/null 2>&1 || true
    fi
    env -u TUGBOAT_TEST_DOCKER_HOST "$ROOT/scripts/test-engine.sh" stop || true
  fi
  exit $rc
}
trap cleanup EXIT
line="$("$ROOT/scripts/test-engine.sh" start | tail -1)"
export TUGBOAT_TEST_DOCKER_HOST="${line#DOCKER_HOST=}"
if [ -z "${DISPLAY:-}" ]; then
  display=99
  while [ -e "/tmp/.X${display}-lock" ]; do display=$((display + 1)); done
  Xvfb ":$display" -screen 0 1400x900x24 -nolisten tcp >/dev/null 2>&1 &
  started+=("$!")
  export DISPLAY=":$display"
  sleep 0.5
fi
export TUGBOAT_APP_BIN="$CARGO_TARGET_DIR/release/tugboat"
cargo bench --locked --bench app
