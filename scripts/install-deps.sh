#!/usr/bin/env bash
# Installs what building, running and testing Tugboat needs on Debian/Ubuntu. Idempotent: it only
# installs what is missing. Usage: scripts/install-deps.sh [run|test]
source "$(dirname "$0")/lib.sh"
what="${1:-test}"

# Building and running the app.
PKGS=(build-essential pkg-config curl file libwebkit2gtk-4.1-dev libgtk-3-dev librsvg2-dev
  libsoup-3.0-dev nodejs npm)
if [ "$what" = test ]; then
  # A real engine, its CLI and compose, a registry, the fixture image's busybox, a display,
  # the WebKit WebDriver, screenshots, and the tools the scripts use.
  PKGS+=(docker.io docker-compose docker-registry apache2-utils busybox-static xvfb xauth
    webkit2gtk-driver imagemagick procps iproute2 psmisc xdotool
    openssl openssh-client openssh-server)
  # openssl makes the TLS tests' certificates; openssh-server is the local sshd of the ssh://
  # engine tests (started by the test on a loopback port with its own config, not as a service).
fi

missing=()
for p in "${PKGS[@]}"; do
  # nodejs/npm may come from elsewhere (nvm, NodeSource): a working command is enough.
  case "$p" in
    nodejs) command -v node >/dev/null 2>&1 && continue ;;
    npm) command -v npm >/dev/null 2>&1 && continue ;;
  esac
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ "${#missing[@]}" -gt 0 ]; then
  say "installing system packages: ${missing[*]}"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

command -v cargo >/dev/null 2>&1 || die "cargo is missing: install Rust from https://rustup.rs and run this again"
if [ "$what" = test ]; then
  rustup component list --installed 2>/dev/null | grep -q clippy || rustup component add clippy rustfmt
  if ! command -v tauri-driver >/dev/null 2>&1; then
    say "installing tauri-driver"
    cargo install tauri-driver --locked --version 2.1.0
  fi
fi

say "installing UI packages"
cd "$ROOT/ui"
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund
fi
