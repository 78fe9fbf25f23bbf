# Shared helpers for Tugboat's scripts. Sourced, not run.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi

# A cargo target dir outside the clone survives fresh clones (CI) and only speeds builds up;
# everything still builds from nothing when it is empty.
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/tugboat/target}"
export CARGO_TERM_COLOR="${CARGO_TERM_COLOR:-never}"

say() { printf '\n== %s\n' "$*" >&2; }
die() { printf 'error: %s\n' "$*" >&2; exit 1; }

# --- The test engine and the display, started once here for test.sh and bench.sh -------------
# Each start remembers whether it started something; `stop_started` (run it from an EXIT trap)
# stops only that. An engine the caller gave in TUGBOAT_TEST_DOCKER_HOST is theirs: it is used
# and never stopped. The engine script is replaceable (TUGBOAT_TEST_ENGINE_SCRIPT) so
# scripts/check-lib.sh can check this bookkeeping without a real engine.

ENGINE_SCRIPT="${TUGBOAT_TEST_ENGINE_SCRIPT:-$ROOT/scripts/test-engine.sh}"
REGISTRY_SCRIPT="${TUGBOAT_TEST_REGISTRY_SCRIPT:-$ROOT/scripts/test-registry.sh}"
SWARM_SCRIPT="${TUGBOAT_TEST_SWARM_SCRIPT:-$ROOT/scripts/test-swarm-engine.sh}"
STARTED_ENGINE=""
STARTED_SWARM=""
STARTED_REGISTRY=""
STARTED_PIDS=()

# Starts the private test engine unless one was given; exports TUGBOAT_TEST_DOCKER_HOST.
start_test_engine() {
  if [ -n "${TUGBOAT_TEST_DOCKER_HOST:-}" ]; then
    say "using the given test engine $TUGBOAT_TEST_DOCKER_HOST"
    return
  fi
  say "starting the test engine"
  local line
  line="$("$ENGINE_SCRIPT" start | tail -1)"
  export TUGBOAT_TEST_DOCKER_HOST="${line#DOCKER_HOST=}"
  STARTED_ENGINE=1
  echo "test engine: $TUGBOAT_TEST_DOCKER_HOST" >&2
}

# Stops the test engine if start_test_engine started it. test-engine.sh leaves alone an engine
# named in TUGBOAT_TEST_DOCKER_HOST, which start_test_engine exported: so stop without it.
stop_test_engine() {
  [ -n "$STARTED_ENGINE" ] || return 0
  env -u TUGBOAT_TEST_DOCKER_HOST "$ENGINE_SCRIPT" stop || true
  STARTED_ENGINE=""
}

# Starts the second private engine, the one swarm tests use, unless one was given in
# TUGBOAT_TEST_SWARM_HOST; exports TUGBOAT_TEST_SWARM_HOST.
start_swarm_engine() {
  if [ -n "${TUGBOAT_TEST_SWARM_HOST:-}" ]; then
    say "using the given swarm test engine $TUGBOAT_TEST_SWARM_HOST"
    return
  fi
  say "starting the swarm test engine"
  local line
  line="$("$SWARM_SCRIPT" start | tail -1)"
  export TUGBOAT_TEST_SWARM_HOST="${line#DOCKER_HOST=}"
  STARTED_SWARM=1
  echo "swarm test engine: $TUGBOAT_TEST_SWARM_HOST" >&2
}

stop_swarm_engine() {
  [ -n "$STARTED_SWARM" ] || return 0
  env -u TUGBOAT_TEST_SWARM_HOST "$SWARM_SCRIPT" stop || true
  STARTED_SWARM=""
}

# Starts the private test registry (htpasswd auth) unless one was given; exports
# TUGBOAT_TEST_REGISTRY (host:port) and its test account.
start_test_registry() {
  export TUGBOAT_TEST_REGISTRY_USER="${TUGBOAT_TEST_REGISTRY_USER:-tugboat}"
  export TUGBOAT_TEST_REGISTRY_PASSWORD="${TUGBOAT_TEST_REGISTRY_PASSWORD:-tugboat-test-pass}"
  if [ -n "${TUGBOAT_TEST_REGISTRY:-}" ]; then
    say "using the given test registry $TUGBOAT_TEST_REGISTRY"
    return
  fi
  say "starting the test registry"
  local line
  line="$("$REGISTRY_SCRIPT" start | tail -1)"
  export TUGBOAT_TEST_REGISTRY="${line#REGISTRY=}"
  STARTED_REGISTRY=1
  echo "test registry: $TUGBOAT_TEST_REGISTRY" >&2
}

stop_test_registry() {
  [ -n "$STARTED_REGISTRY" ] || return 0
  env -u TUGBOAT_TEST_REGISTRY "$REGISTRY_SCRIPT" stop || true
  STARTED_REGISTRY=""
}

# Starts virtual displays unless DISPLAY is set: one per app window the end-to-end tests may
# open side by side (TUGBOAT_E2E_WINDOWS, default 2; each window gets a display of its own so
# keyboard focus never moves between tests). Exports DISPLAY (the first) and
# TUGBOAT_E2E_DISPLAYS (all of them, for tests/it/e2e.rs).
start_display() {
  [ -z "${DISPLAY:-}" ] || return 0
  local windows="${TUGBOAT_E2E_WINDOWS:-2}" display=99 displays=()
  say "starting $windows virtual display(s)"
  while [ "${#displays[@]}" -lt "$windows" ]; do
    while [ -e "/tmp/.X${display}-lock" ]; do display=$((display + 1)); done
    Xvfb ":$display" -screen 0 1400x900x24 -nolisten tcp >/dev/null 2>&1 &
    STARTED_PIDS+=("$!")
    for _ in $(seq 1 50); do [ -e "/tmp/.X11-unix/X$display" ] && break; sleep 0.1; done
    displays+=(":$display")
    display=$((display + 1))
  done
  export DISPLAY="${displays[0]}"
  export TUGBOAT_E2E_DISPLAYS="${displays[*]}"
}

# Stops what this script started (display, engine) and exits with the script's status (or the
# status given): for `trap stop_started EXIT`.
stop_started() {
  local rc=${1:-$?}
  for pid in "${STARTED_PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  STARTED_PIDS=()
  stop_test_registry
  stop_swarm_engine
  stop_test_engine
  exit "$rc"
}
