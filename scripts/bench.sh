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
cleanup() {
  local rc=$?
  for pid in "${started[@]}"; do kill "$pid" 2>/dev/null || true; done
  if [ -z "${TUGBOAT_TEST_DOCKER_HOST_GIVEN:-}" ]; then
    DOCKER_HOST="$TUGBOAT_TEST_DOCKER_HOST" docker ps -aq --filter label=dev.tugboat.bench | xargs -r env DOCKER_HOST="$TUGBOAT_TEST_DOCKER_HOST" docker rm -f >/dev/null 2>&1 || true
    "$ROOT/scripts/test-engine.sh" stop || true
  fi
  exit $rc
}
trap cleanup EXIT
[ -n "${TUGBOAT_TEST_DOCKER_HOST:-}" ] && export TUGBOAT_TEST_DOCKER_HOST_GIVEN=1
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
