//! The Dockerfile parser's benchmark: parse of a generated 5,000-line Dockerfile (multi-stage,
//! continuation lines, heredocs, cache mounts, ENV/LABEL pairs, comments), median and p95 of
//! RUNS runs, printed beside a floor measured in the same run (only splitting the same text
//! into lines). The issue's target is parse + lint ≤ 50 ms; the linter's figure joins here.
//! Beside the wall-clock time, the CPU time the thread spent on a core (CLOCK_THREAD_CPUTIME_ID):
//! on these shared 2-core machines the wall clock includes waiting for a core, the CPU time
//! does not.
//! Run alone: `cargo bench -p tugboat-dockerfile --bench dockerfile` (no engine needed).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::print_stdout)]

use std::hint::black_box;
use std::time::{Duration, Instant};

const LINES: usize = 5_000;
const RUNS: usize = 31;

/// One stage of about 50 lines, in the shapes real Dockerfiles use.
fn block(i: usize) -> String {
    format!(
        r#"# stage {i}: dependencies first, then the code
FROM --platform=$BUILDPLATFORM golang:1.22-alpine AS build{i}
ARG VERSION_{i}=1.{i}.0
ENV CGO_ENABLED=0 \
    GOFLAGS="-trimpath -mod=readonly" \
    APP_NAME=app{i}
LABEL org.opencontainers.image.title="app {i}" \
      org.opencontainers.image.version=$VERSION_{i}
WORKDIR /src/app{i}
COPY go.mod go.sum ./
RUN --mount=type=cache,target=/go/pkg/mod,sharing=locked \
    go mod download
COPY --chown=1000:1000 --chmod=0644 . .
RUN --mount=type=cache,target=/go/pkg/mod \
    --mount=type=cache,target=/root/.cache/go-build \
    # build the binary
    go build -ldflags="-s -w -X main.version=$VERSION_{i}" \
        -o /out/app{i} ./cmd/app
RUN <<EOF
set -eux
apk add --no-cache ca-certificates tzdata
adduser -D -u 10001 app
mkdir -p /data/app{i}
EOF
COPY <<'CONF' /etc/app{i}.conf
listen = ":8080"
data = "/data/app{i}"
log_level = "info"
CONF
RUN apk add --no-cache \
        curl \
        jq \
        git \
    && rm -rf /var/cache/apk/*
EXPOSE 8080/tcp 9090
VOLUME ["/data/app{i}"]
USER app:app
HEALTHCHECK --interval=30s --timeout=3s --retries=3 \
    CMD ["wget", "-q", "--spider", "http://127.0.0.1:8080/health"]
STOPSIGNAL SIGTERM
ONBUILD COPY . /src/app{i}
SHELL ["/bin/ash", "-eo", "pipefail", "-c"]
ENTRYPOINT ["/out/app{i}"]
CMD ["--config", "/etc/app{i}.conf"]

"#
    )
}

fn generated() -> String {
    let mut text = String::new();
    let mut i = 0;
    while text.lines().count() < LINES {
        text.push_str(&block(i));
        i += 1;
    }
    text.lines().take(LINES).collect::<Vec<_>>().join("\n") + "\n"
}

/// Nanoseconds this thread has run on a core.
fn cpu_ns() -> u64 {
    let t = rustix::time::clock_gettime(rustix::time::ClockId::ThreadCPUTime);
    t.tv_sec as u64 * 1_000_000_000 + t.tv_nsec as u64
}

fn median_p95(mut times: Vec<Duration>) -> (f64, f64) {
    times.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    (
        ms(times[times.len() / 2]),
        ms(times[times.len() * 95 / 100]),
    )
}

/// Wall-clock median and p95, and the median CPU time, in ms.
fn measure(mut f: impl FnMut()) -> (f64, f64, f64) {
    f(); // warm-up
    let mut cpu = Vec::with_capacity(RUNS);
    let times = (0..RUNS)
        .map(|_| {
            let c = cpu_ns();
            let t = Instant::now();
            f();
            let elapsed = t.elapsed();
            cpu.push(Duration::from_nanos(cpu_ns() - c));
            elapsed
        })
        .collect();
    let (median, p95) = median_p95(times);
    (median, p95, median_p95(cpu).0)
}

fn main() {
    let text = generated();
    let df = tugboat_dockerfile::parse(&text);
    // The generated file must parse clean, or the figure would time the error paths.
    assert!(
        df.errors.is_empty(),
        "{:?}",
        &df.errors[..df.errors.len().min(3)]
    );
    println!(
        "Dockerfile of {} lines ({} KiB): {} instructions, {} stages",
        text.lines().count(),
        text.len() / 1024,
        df.instructions.len(),
        df.stages.len()
    );
    let report = |what: &str, (median, p95, cpu): (f64, f64, f64)| {
        println!("{what:<24} median {median:6.2} ms, p95 {p95:6.2} ms, CPU median {cpu:6.2} ms");
    };
    println!("{RUNS} runs each");
    report(
        "floor (lines only):",
        measure(|| {
            black_box(black_box(&text).lines().count());
        }),
    );
    report(
        "parse:",
        measure(|| {
            black_box(tugboat_dockerfile::parse(black_box(&text)));
        }),
    );
    report(
        "parse + JSON for IPC:",
        measure(|| {
            let df = tugboat_dockerfile::parse(black_box(&text));
            black_box(serde_json::to_string(&df).unwrap());
        }),
    );
}
