#!/usr/bin/env bash
# Runs the coverage-guided fuzz targets in fuzz/ (libFuzzer through cargo fuzz) for a while
# each: the `docker run` parser with its round trip, every single-value parser, env files, and
# the Dockerfile parser (spans inside the text), and the compose loader (bounded YAML, spans
# inside the text; seeded with the compose test corpus).
# Usage: scripts/fuzz.sh [seconds per target, default 60] [target …]
# A crash stops the run and leaves the input under fuzz/artifacts/<target>/.
source "$(dirname "$0")/lib.sh"
cd "$ROOT/fuzz"
secs="${1:-60}"
shift || true
targets=("$@")
[ "${#targets[@]}" -gt 0 ] || targets=(parse_run values env_file dockerfile_parse compose_load)
command -v cargo-fuzz >/dev/null 2>&1 || cargo install cargo-fuzz --locked
# cargo fuzz needs nightly-only compiler flags (sanitizers); these machines have one stable
# toolchain, which accepts them when told it is bootstrapping itself.
export RUSTC_BOOTSTRAP=1
# Its own target dir: sanitizer builds share nothing with the app's.
export CARGO_TARGET_DIR="$ROOT/fuzz/target"
for t in "${targets[@]}"; do
  say "fuzzing $t for ${secs}s"
  mkdir -p "corpus/$t"
  # The compose target starts from the realistic files of the loader's tests.
  [ "$t" != compose_load ] || cp -n "$ROOT"/src-tauri/crates/compose/corpus/*.yaml "corpus/$t/" 2>/dev/null || true
  log="$(mktemp)"
  if cargo fuzz run "$t" "corpus/$t" -- -max_total_time="$secs" -max_len=4096 >"$log" 2>&1; then
    grep -E "^Done" "$log" || true
    rm -f "$log"
  else
    grep -E -A12 "panicked|ERROR: libFuzzer" "$log" | head -40 >&2
    die "$t found a crash (full log: $log); the input is under fuzz/artifacts/$t"
  fi
done
