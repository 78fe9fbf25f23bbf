#!/usr/bin/env bash
# Starts (or stops) the private Docker engine the tests run against, and builds the busybox
# fixture image in it. Usage: scripts/test-engine.sh start|stop
# `start` prints `DOCKER_HOST=…` on stdout. Give TUGBOAT_TEST_DOCKER_HOST to use an engine of
# your own instead; then nothing is started or stopped. TUGBOAT_TEST_ENGINE_{DIR,BRIDGE,CIDR}
# place a second engine beside the first (scripts/test-swarm-engine.sh does), and
# TUGBOAT_TEST_ENGINE_IPTABLES=false keeps it off the NAT tables the first one writes.
source "$(dirname "$0")/lib.sh"

DIR="${TUGBOAT_TEST_ENGINE_DIR:-/tmp/tugboat-engine}"
SOCK="$DIR/docker.sock"
PIDFILE="$DIR/dockerd.pid"
FIXTURE="${TUGBOAT_FIXTURE_IMAGE:-tugboat-fixture/busybox:1}"
BRIDGE="${TUGBOAT_TEST_ENGINE_BRIDGE:-tugboat0}"
BRIDGE_CIDR="${TUGBOAT_TEST_ENGINE_CIDR:-10.213.0.1/24}"

alive() { [ -f "$PIDFILE" ] && kill -0 "$(cat "$PIDFILE")" 2>/dev/null; }

stop() {
  if alive; then
    local pid
    pid="$(cat "$PIDFILE")"
    $SUDO kill "$pid" 2>/dev/null || true
    for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    $SUDO kill -9 "$pid" 2>/dev/null || true
  fi
  # dockerd starts its own containerd under the exec root; do not leave it behind.
  pkill -f "containerd --config $DIR/exec/containerd" 2>/dev/null || true
  rm -f "$PIDFILE" "$DIR/exec/containerd/containerd.pid"
  $SUDO ip link del "$BRIDGE" 2>/dev/null || true
}

start() {
  if [ -n "${TUGBOAT_TEST_DOCKER_HOST:-}" ]; then
    echo "DOCKER_HOST=$TUGBOAT_TEST_DOCKER_HOST"
    return
  fi
  stop
  $SUDO mkdir -p "$DIR"
  # The engine keeps its default bridge's subnet in its network store and takes it back on the
  # next start, whatever the bridge now holds: when the subnet asked for changes, that store
  # goes (this engine's own networks with it) so the new one is used.
  if [ "$(cat "$DIR/bridge-cidr" 2>/dev/null)" != "$BRIDGE_CIDR" ]; then
    $SUDO rm -f "$DIR/data/network/files/local-kv.db"
    echo "$BRIDGE_CIDR" | $SUDO tee "$DIR/bridge-cidr" >/dev/null
  fi
  # A bridge of our own, so a system engine's docker0 is never touched. (Never --bridge=none:
  # a daemon started that way deletes docker0.)
  if ! ip link show "$BRIDGE" >/dev/null 2>&1; then
    $SUDO ip link add "$BRIDGE" type bridge
    $SUDO ip addr add "$BRIDGE_CIDR" dev "$BRIDGE"
  fi
  $SUDO ip link set "$BRIDGE" up
  local extra=(--bridge="$BRIDGE")
  # Two daemons rewriting the same NAT tables fight; beside another engine, published ports go
  # through docker-proxy instead.
  if [ "${TUGBOAT_TEST_ENGINE_IPTABLES:-}" = false ] ||
    { [ -S /var/run/docker.sock ] && DOCKER_HOST=unix:///var/run/docker.sock docker version >/dev/null 2>&1; }; then
    extra+=(--iptables=false)
  fi
  $SUDO sh -c "dockerd --host 'unix://$SOCK' --data-root '$DIR/data' --exec-root '$DIR/exec' \
    --pidfile '$PIDFILE' ${extra[*]:-} >'$DIR/dockerd.log' 2>&1 &"
  for _ in $(seq 1 150); do
    DOCKER_HOST="unix://$SOCK" docker version >/dev/null 2>&1 && break
    sleep 0.2
  done
  DOCKER_HOST="unix://$SOCK" docker version >/dev/null 2>&1 || {
    tail -20 "$DIR/dockerd.log" >&2
    die "the test engine did not start (log: $DIR/dockerd.log)"
  }
  echo "DOCKER_HOST=unix://$SOCK"
}

fixture() {
  local host="$1"
  if DOCKER_HOST="$host" docker image inspect "$FIXTURE" >/dev/null 2>&1; then return; fi
  local ctx
  ctx="$(mktemp -d)"
  cp /bin/busybox "$ctx/busybox"
  cat >"$ctx/Dockerfile" <<'DOCKERFILE'
FROM scratch
COPY busybox /bin/busybox
RUN ["/bin/busybox", "--install", "-s", "/bin"]
CMD ["sh"]
DOCKERFILE
  DOCKER_HOST="$host" docker build -q -t "$FIXTURE" "$ctx" >/dev/null
  rm -rf "$ctx"
}

# tugboat-fixture/registry:2: the registry tutorial's image for a machine with no internet,
# built FROM scratch from this machine's docker-registry (Debian's), the libraries ldd lists,
# the loader, and a config with no auth listening on :5000 storing in /var/lib/registry.
REGISTRY_FIXTURE="tugboat-fixture/registry:2"
registry_fixture() {
  local host="$1"
  if DOCKER_HOST="$host" docker image inspect "$REGISTRY_FIXTURE" >/dev/null 2>&1; then return; fi
  local bin ctx lib
  bin="$(command -v docker-registry)" || die "docker-registry is not installed (apt-get install docker-registry)"
  ctx="$(mktemp -d)"
  mkdir -p "$ctx/root/usr/bin" "$ctx/root/etc/docker/registry" "$ctx/root/var/lib/registry"
  cp -L "$bin" "$ctx/root/usr/bin/docker-registry"
  # Every absolute path ldd prints (libraries and the loader), kept at the same path.
  for lib in $(ldd "$bin" | grep -o '/[^ ]*'); do
    mkdir -p "$ctx/root$(dirname "$lib")"
    cp -L "$lib" "$ctx/root$lib"
  done
  cat >"$ctx/root/etc/docker/registry/config.yml" <<'CONFIG'
version: 0.1
storage:
  filesystem:
    rootdirectory: /var/lib/registry
  delete:
    enabled: true
http:
  addr: :5000
CONFIG
  cat >"$ctx/Dockerfile" <<'DOCKERFILE'
FROM scratch
COPY root/ /
VOLUME ["/var/lib/registry"]
EXPOSE 5000
ENTRYPOINT ["/usr/bin/docker-registry"]
CMD ["serve", "/etc/docker/registry/config.yml"]
DOCKERFILE
  DOCKER_HOST="$host" docker build -q -t "$REGISTRY_FIXTURE" "$ctx" >/dev/null
  rm -rf "$ctx"
}

case "${1:-}" in
  start)
    line="$(start)"
    fixture "${line#DOCKER_HOST=}"
    [ "${TUGBOAT_TEST_ENGINE_REGISTRY_FIXTURE:-}" = no ] || registry_fixture "${line#DOCKER_HOST=}"
    echo "$line"
    ;;
  stop) [ -n "${TUGBOAT_TEST_DOCKER_HOST:-}" ] || stop ;;
  *) die "usage: $0 start|stop" ;;
esac
