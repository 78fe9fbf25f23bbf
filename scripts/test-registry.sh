#!/usr/bin/env bash
# Starts (or stops) the private image registry the tests push to and pull from: Debian's
# docker-registry (distribution 2.8) with htpasswd basic auth and deletes allowed, on its own
# port and storage, never the system's. Usage: scripts/test-registry.sh start|stop
# `start` prints `REGISTRY=localhost:<port>` on stdout. Give TUGBOAT_TEST_REGISTRY to use a
# registry of your own instead (with TUGBOAT_TEST_REGISTRY_USER and _PASSWORD); then nothing is
# started or stopped. The engine treats localhost registries as plain-HTTP allowed.
source "$(dirname "$0")/lib.sh"

DIR="${TUGBOAT_TEST_REGISTRY_DIR:-/tmp/tugboat-registry}"
PORT="${TUGBOAT_TEST_REGISTRY_PORT:-5117}"
PIDFILE="$DIR/registry.pid"
# A test-only account; the registry is reachable from this machine only.
USER_NAME="${TUGBOAT_TEST_REGISTRY_USER:-tugboat}"
PASSWORD="${TUGBOAT_TEST_REGISTRY_PASSWORD:-tugboat-test-pass}"

alive() { [ -f "$PIDFILE" ] && kill -0 "$(cat "$PIDFILE")" 2>/dev/null; }

stop() {
  if alive; then
    local pid
    pid="$(cat "$PIDFILE")"
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$pid" 2>/dev/null || true
  fi
  rm -f "$PIDFILE"
}

start() {
  if [ -n "${TUGBOAT_TEST_REGISTRY:-}" ]; then
    echo "REGISTRY=$TUGBOAT_TEST_REGISTRY"
    return
  fi
  stop
  # Fresh storage each start: tests find only what they pushed.
  rm -rf "$DIR"
  mkdir -p "$DIR/data"
  htpasswd -Bbn "$USER_NAME" "$PASSWORD" >"$DIR/htpasswd"
  cat >"$DIR/config.yml" <<CONFIG
version: 0.1
log:
  level: warn
storage:
  filesystem:
    rootdirectory: $DIR/data
  delete:
    enabled: true
http:
  addr: 127.0.0.1:$PORT
auth:
  htpasswd:
    realm: tugboat-test
    path: $DIR/htpasswd
CONFIG
  docker-registry serve "$DIR/config.yml" >"$DIR/registry.log" 2>&1 &
  echo "$!" >"$PIDFILE"
  for _ in $(seq 1 100); do
    # 401 means it is up and asking for credentials.
    [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$PORT/v2/")" = 401 ] && break
    sleep 0.1
  done
  [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$PORT/v2/")" = 401 ] || {
    tail -20 "$DIR/registry.log" >&2
    die "the test registry did not start (log: $DIR/registry.log)"
  }
  echo "REGISTRY=localhost:$PORT"
}

case "${1:-}" in
  start) start ;;
  stop) [ -n "${TUGBOAT_TEST_REGISTRY:-}" ] || stop ;;
  *) die "usage: $0 start|stop" ;;
esac
