#!/usr/bin/env bash
# Starts (or stops) the second private engine, the one swarm tests turn into a single-node swarm
# and back (testkit's `swarm::SwarmLease` takes turns on it). Swarm mode adds networks
# (`ingress`, `docker_gwbridge`) and services other tests must never see appear and vanish
# under them, so it never happens on the shared test engine.
# Usage: scripts/test-swarm-engine.sh start|stop; `start` prints `DOCKER_HOST=…`. Give
# TUGBOAT_TEST_SWARM_HOST to use an engine of your own; then nothing is started or stopped.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
dir=/tmp/tugboat-swarm-engine
if [ "${1:-}" = stop ] && [ -z "${TUGBOAT_TEST_SWARM_HOST:-}" ] && [ -S "$dir/docker.sock" ]; then
  # Leave a swarm a crashed test left behind, so the next start is a plain engine again.
  DOCKER_HOST="unix://$dir/docker.sock" docker swarm leave --force >/dev/null 2>&1 || true
fi
# The bridge is a /20 (4,094 addresses): tasks without a network of their own join it, and the
# swarm_lists bench runs 100 services x 10 tasks at once.
env -u TUGBOAT_TEST_DOCKER_HOST ${TUGBOAT_TEST_SWARM_HOST:+TUGBOAT_TEST_DOCKER_HOST=$TUGBOAT_TEST_SWARM_HOST} \
  TUGBOAT_TEST_ENGINE_DIR="$dir" TUGBOAT_TEST_ENGINE_BRIDGE=tugboat1 \
  TUGBOAT_TEST_ENGINE_CIDR=10.214.0.1/20 TUGBOAT_TEST_ENGINE_IPTABLES=false \
  TUGBOAT_TEST_ENGINE_REGISTRY_FIXTURE=no "$here/test-engine.sh" "$@"
if [ "${1:-}" = stop ] && [ -z "${TUGBOAT_TEST_SWARM_HOST:-}" ]; then
  ip link del docker_gwbridge 2>/dev/null || true
fi
