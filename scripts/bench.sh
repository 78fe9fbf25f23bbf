#!/usr/bin/env bash
# Tugboat's benchmarks: builds a release app, starts the test engine and a virtual display, and
# prints each figure beside its baseline measured in the same run. Copy the output into
# BENCHMARKS.md. TUGBOAT_BENCH_CONTAINERS (default 1000) and TUGBOAT_BENCH_RUNS (5) tune it.
source "$(dirname "$0")/lib.sh"
cd "$ROOT"
"$ROOT/scripts/install-deps.sh" test
(cd ui && npm run build)
# With the app, in the same call: the cold-start floor (benches/floor), a hello-world Tauri
# window built the same way, on the same Tauri build.
cargo build --release --locked -p tugboat -p tugboat-floor --bin tugboat --bin tugboat-floor
# On an engine this script started, its bench containers go before the engine stops (the
# engine's data stays in its folder for the next run); on one the caller gave, they stay.
remove_bench_containers() {
  [ -n "${TUGBOAT_TEST_DOCKER_HOST:-}" ] || return 0
  DOCKER_HOST="$TUGBOAT_TEST_DOCKER_HOST" docker ps -aq --filter label=dev.tugboat.bench |
    xargs -r env DOCKER_HOST="$TUGBOAT_TEST_DOCKER_HOST" docker rm -f >/dev/null 2>&1 || true
}
cleanup() {
  local rc=$?
  [ -z "$STARTED_ENGINE" ] || remove_bench_containers
  stop_started "$rc"
}
trap cleanup EXIT
start_test_engine
start_swarm_engine
start_test_registry
TUGBOAT_E2E_WINDOWS=1 start_display
export TUGBOAT_APP_BIN="$CARGO_TARGET_DIR/release/tugboat"
export TUGBOAT_FLOOR_BIN="$CARGO_TARGET_DIR/release/tugboat-floor"
cargo bench --locked --bench app
cargo bench --locked --bench calm
cargo bench --locked --bench volumes
cargo bench --locked --bench stats
cargo bench --locked --bench logs
cargo bench --locked --bench exec
cargo bench --locked --bench compose_up
cargo bench --locked --bench stack_deploy
cargo bench --locked --bench swarm_lists
cargo bench --locked -p tugboat-dockerfile --bench dockerfile
cargo bench --locked -p tugboat-compose --bench compose_load
