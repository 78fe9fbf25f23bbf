#!/usr/bin/env bash
# Builds and starts Tugboat on this machine, installing the build dependencies it lacks.
# It connects to the Docker engine the way the docker CLI does (DOCKER_HOST, contexts, default).
source "$(dirname "$0")/lib.sh"
cd "$ROOT"
"$ROOT/scripts/install-deps.sh" run
(cd ui && npm run build)
cargo build --release --locked --bin tugboat
exec "$CARGO_TARGET_DIR/release/tugboat" "$@"
