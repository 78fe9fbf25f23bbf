// The long corpus file: a generated project of about `lines` lines in the shapes real compose
// files use (an anchor of defaults merged into every service, extension fields, variables with
// defaults, long-form depends_on with healthchecks, ports, named volumes and binds, two
// networks, labels, limits). Included by tests/corpus.rs and benches/compose_load.rs, so the
// test proves valid what the bench times. Every service publishes its own host port and waits
// for the one before it, so the file is valid for Tugboat and for docker-compose 1.29.2 alike.

/// One service of about 44 lines.
fn long_service(i: usize) -> String {
    let depends = if i == 0 {
        String::new()
    } else {
        format!(
            "    depends_on:\n      svc{prev}:\n        condition: service_healthy\n",
            prev = i - 1
        )
    };
    let tier = ["web", "api", "worker", "cache"][i % 4];
    format!(
        r#"  # service {i}: a {tier} node
  svc{i}:
    <<: *defaults
    image: "tugboat-fixture/busybox:${{TAG:-1}}"
    command: ["httpd", "-f", "-p", "80", "-h", "/www"]
    hostname: svc{i}
    ports:
      - "127.0.0.1:{port}:80"
    environment:
      <<: *default-env
      SERVICE_INDEX: "{i}"
      UPSTREAM: "svc{i}.internal:80"
      GREETING: "${{GREETING:-hello from {i}}}"
    volumes:
      - data{i}:/data
      - ./conf/svc{i}:/etc/svc:ro
    networks:
      front:
        aliases:
          - {tier}-{i}
      back: {{}}
{depends}    healthcheck:
      test: ["CMD", "wget", "-q", "-O", "/dev/null", "http://localhost/"]
      interval: 10s
      timeout: 3s
      retries: 3
      start_period: 5s
    labels:
      org.example.service: svc{i}
      org.example.tier: "{tier}"
    deploy:
      resources:
        limits:
          cpus: "0.25"
          memory: 64M
    ulimits:
      nofile:
        soft: 1024
        hard: 2048
    stop_grace_period: 20s
    x-owner: team-{tier}

"#,
        port = 20_000 + i,
    )
}

/// A compose file of at least `lines` lines.
fn long_compose(lines: usize) -> String {
    let mut text = String::from(
        r#"# A generated project: many services sharing defaults through an anchor.
x-defaults: &defaults
  restart: unless-stopped
  logging:
    driver: json-file
    options:
      max-size: "10m"
      max-file: "3"
  environment: &default-env
    TZ: UTC
    LOG_LEVEL: ${LOG_LEVEL:-info}

services:
"#,
    );
    let mut count = 0;
    while text.lines().count() + count + 8 < lines {
        text.push_str(&long_service(count));
        count += 1;
    }
    text.push_str("networks:\n  front:\n    driver: bridge\n  back:\n    internal: true\n\nvolumes:\n");
    for i in 0..count {
        text.push_str(&format!("  data{i}:\n"));
    }
    text
}
