#!/usr/bin/env bash
# Checks the engine bookkeeping of scripts/lib.sh against a stand-in engine script (no engine
# is started or stopped): an engine started here is stopped on exit, without
# TUGBOAT_TEST_DOCKER_HOST in its environment (test-engine.sh would then leave it running), and
# a given engine is never stopped. Run: scripts/check-lib.sh
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cat >"$work/engine.sh" <<'STUB'
#!/usr/bin/env bash
echo "$1 host=${TUGBOAT_TEST_DOCKER_HOST:-}" >>"$CALLS"
[ "$1" = start ] && echo "DOCKER_HOST=unix:///stub/docker.sock"
exit 0
STUB
chmod +x "$work/engine.sh"

# A script that starts the engine and exits with status 3 ($1 given: a caller's engine).
run() {
  env -u TUGBOAT_TEST_DOCKER_HOST CALLS="$work/calls" TUGBOAT_TEST_ENGINE_SCRIPT="$work/engine.sh" \
    ${1:+TUGBOAT_TEST_DOCKER_HOST=$1} bash -c "
      source '$here/lib.sh'
      trap stop_started EXIT
      start_test_engine 2>/dev/null
      [ \"\$TUGBOAT_TEST_DOCKER_HOST\" = \"${1:-unix:///stub/docker.sock}\" ] || exit 9
      exit 3"
}

fail() { echo "check-lib: $*" >&2; exit 1; }
rc=0; run "" || rc=$?
[ "$rc" = 3 ] || fail "exit status $rc, want the script's own 3"
[ "$(cat "$work/calls")" = $'start host=\nstop host=' ] ||
  fail "own engine: calls were: $(cat "$work/calls")"
rm "$work/calls"; touch "$work/calls"
rc=0; run "unix:///theirs.sock" || rc=$?
[ "$rc" = 3 ] || fail "exit status $rc with a given engine"
[ ! -s "$work/calls" ] || fail "a given engine was started or stopped: $(cat "$work/calls")"
echo "check-lib: ok"
