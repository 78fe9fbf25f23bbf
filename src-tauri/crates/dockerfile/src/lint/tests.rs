//! Each rule fires where it should and stays quiet where it shouldn't; each fix, applied, makes
//! its finding go and leaves a file that parses.

use super::*;

fn diags(text: &str) -> Vec<Diagnostic> {
    lint(text, &LintContext::default()).diagnostics
}

fn of(text: &str, rule: &str) -> Vec<Diagnostic> {
    diags(text).into_iter().filter(|d| d.rule == rule).collect()
}

fn fires(text: &str, rule: &str) -> Diagnostic {
    let found = of(text, rule);
    assert_eq!(
        found.len(),
        1,
        "{rule} should fire once on:\n{text}\ngot: {:#?}",
        diags(text)
    );
    found.into_iter().next().unwrap()
}

fn quiet(text: &str, rule: &str) {
    let found = of(text, rule);
    assert!(
        found.is_empty(),
        "{rule} should not fire on:\n{text}\ngot: {found:#?}"
    );
}

/// Apply edits given in UTF-16 offsets, last first so earlier offsets stay valid.
fn apply(text: &str, edits: &[TextEdit]) -> String {
    let mut units: Vec<u16> = text.encode_utf16().collect();
    let mut edits = edits.to_vec();
    edits.sort_by_key(|e| std::cmp::Reverse(e.start));
    for e in edits {
        units.splice(e.start as usize..e.end as usize, e.insert.encode_utf16());
    }
    String::from_utf16(&units).unwrap()
}

/// Apply the finding's fix; the result must parse cleanly and no longer have the finding.
fn fixed(text: &str, rule: &str) -> String {
    let d = fires(text, rule);
    let fix = d
        .fix
        .unwrap_or_else(|| panic!("{rule} should offer a fix on:\n{text}"));
    let out = apply(text, &fix.edits);
    assert!(
        crate::parse(&out).errors.is_empty(),
        "fix made a parse error:\n{out}"
    );
    quiet(&out, rule);
    out
}

#[test]
fn parse_errors_come_back_as_diagnostics() {
    let d = fires("FROM busybox:1\nHEALTHCHECK BOGUS x\n", PARSE_ERROR);
    assert_eq!((d.severity, d.span.line), (Severity::Error, 2));
}

#[test]
fn df001_no_from() {
    let d = fires("RUN echo hi\n", "DF001");
    assert_eq!(d.span.line, 1);
    fires("", "DF001");
    quiet("FROM busybox:1\n", "DF001");
}

#[test]
fn df002_unknown_instruction_and_its_fix() {
    let text = "FROM busybox:1\nRUNN echo hi\n";
    let d = fires(text, "DF002");
    assert_eq!(d.span.line, 2);
    assert!(d.message.contains("RUN"), "{}", d.message);
    assert_eq!(fixed(text, "DF002"), "FROM busybox:1\nRUN echo hi\n");
    quiet("FROM busybox:1\nrun echo hi\n", "DF002");
    // Nothing close: reported, no fix.
    assert!(fires("FROM busybox:1\nXYZZYQ a\n", "DF002").fix.is_none());
}

#[test]
fn df003_untagged_or_latest_base() {
    let d = fires("FROM busybox\n", "DF003");
    assert!(d.message.contains("busybox:latest"), "{}", d.message);
    assert_eq!((d.span.start, d.span.end), (5, 12));
    fires("FROM tugboat-fixture/busybox:latest\n", "DF003");
    fires(
        "FROM --platform=linux/amd64 localhost:5000/app AS x\n",
        "DF003",
    );
    quiet("FROM localhost:5000/app:1.2\n", "DF003");
    quiet("FROM busybox@sha256:0123456789abcdef\n", "DF003");
    quiet("FROM scratch\n", "DF003");
    // A previous stage's name is not an image.
    quiet("FROM busybox:1 AS base\nFROM base\n", "DF003");
    // ARG-substituted bases: the default decides; no default means it can't be judged.
    fires("ARG TAG=latest\nFROM busybox:${TAG}\n", "DF003");
    quiet("ARG TAG=1.36\nFROM busybox:$TAG\n", "DF003");
    quiet("ARG TAG\nFROM busybox:$TAG\n", "DF003");
    fires("ARG IMAGE=busybox\nFROM $IMAGE\n", "DF003");
    quiet("FROM busybox:${TAG:-1.36}\n", "DF003");
}

#[test]
fn df004_shell_form_cmd_and_fix_to_exec_form() {
    let text = "FROM busybox:1\nCMD node server.js --port \"80 80\"\n";
    assert_eq!(fires(text, "DF004").span.line, 2);
    assert_eq!(
        fixed(text, "DF004"),
        "FROM busybox:1\nCMD [\"node\", \"server.js\", \"--port\", \"80 80\"]\n"
    );
    fires("FROM busybox:1\nENTRYPOINT /app/run\n", "DF004");
    quiet("FROM busybox:1\nCMD [\"node\", \"server.js\"]\n", "DF004");
    quiet(
        "FROM busybox:1\nENTRYPOINT exec java $JAVA_OPTS -jar /app.jar\n",
        "DF004",
    );
    // Shell features can't become an array: reported without a fix.
    assert!(fires("FROM busybox:1\nCMD echo $HOME && ls\n", "DF004")
        .fix
        .is_none());
}

#[test]
fn df005_more_than_one_cmd_and_fix_removes_the_earlier() {
    let text = "FROM busybox:1\nCMD [\"a\"]\nRUN true\nCMD [\"b\"]\n";
    let d = fires(text, "DF005");
    assert_eq!(d.span.line, 2);
    assert!(d.message.contains("line 4"), "{}", d.message);
    assert_eq!(
        fixed(text, "DF005"),
        "FROM busybox:1\nRUN true\nCMD [\"b\"]\n"
    );
    // One per stage is fine, even in two stages.
    quiet(
        "FROM busybox:1 AS a\nCMD [\"a\"]\nFROM busybox:1\nCMD [\"b\"]\n",
        "DF005",
    );
    quiet("FROM busybox:1\nENTRYPOINT [\"a\"]\nCMD [\"b\"]\n", "DF005");
}

#[test]
fn df006_apt_get_update_alone() {
    let text = "FROM debian:12\nRUN apt-get update\nRUN apt-get install -y curl\n";
    assert_eq!(fires(text, "DF006").span.line, 2);
    quiet(
        "FROM debian:12\nRUN apt-get update && apt-get install -y curl\n",
        "DF006",
    );
    quiet("FROM debian:12\nRUN echo apt-get update\n", "DF006");
}

#[test]
fn df007_apt_get_install_without_yes_and_fix() {
    let text = "FROM debian:12\nRUN apt-get update && apt-get install curl \\\n    git\n";
    let d = fires(text, "DF007");
    assert_eq!(d.span.line, 2);
    assert_eq!(
        fixed(text, "DF007"),
        "FROM debian:12\nRUN apt-get update && apt-get install -y curl \\\n    git\n"
    );
    quiet("FROM debian:12\nRUN apt-get install -y curl\n", "DF007");
    quiet("FROM debian:12\nRUN apt-get -qy install curl\n", "DF007");
    quiet(
        "FROM debian:12\nRUN apt-get install --no-install-recommends --yes curl\n",
        "DF007",
    );
}

#[test]
fn df008_apt_lists_not_cleaned_and_fix() {
    let text = "FROM debian:12\nRUN apt-get update && apt-get install -y curl\n";
    let out = fixed(text, "DF008");
    assert_eq!(
        out,
        "FROM debian:12\nRUN apt-get update && apt-get install -y curl \\\n    && rm -rf /var/lib/apt/lists/*\n"
    );
    quiet(&out, "DF007");
    // A heredoc script is read too.
    fires(
        "FROM debian:12\nRUN <<EOF\napt-get update\napt-get install -y curl\nEOF\n",
        "DF008",
    );
    quiet(
        "FROM debian:12\nRUN <<EOF\napt-get update\napt-get install -y curl\nrm -rf /var/lib/apt/lists/*\nEOF\n",
        "DF008",
    );
    quiet(
        "FROM debian:12\nRUN --mount=type=cache,target=/var/lib/apt/lists apt-get update && apt-get install -y curl\n",
        "DF008",
    );
}

#[test]
fn df009_add_where_copy_would_do_and_fix() {
    let text = "FROM busybox:1\nADD app.py /app/\n";
    assert_eq!(fixed(text, "DF009"), "FROM busybox:1\nCOPY app.py /app/\n");
    assert_eq!(
        fixed("FROM busybox:1\nadd a b\n", "DF009"),
        "FROM busybox:1\ncopy a b\n"
    );
    quiet(
        "FROM busybox:1\nADD https://example.com/x.txt /x\n",
        "DF009",
    );
    quiet("FROM busybox:1\nADD rootfs.tar.gz /\n", "DF009");
    quiet("FROM busybox:1\nADD --checksum=sha256:00 a /a\n", "DF009");
}

#[test]
fn df010_relative_workdir() {
    let d = fires("FROM busybox:1\nWORKDIR app\n", "DF010");
    assert_eq!(d.span.line, 2);
    quiet("FROM busybox:1\nWORKDIR /app\n", "DF010");
    quiet("FROM busybox:1\nWORKDIR /app\nWORKDIR src\n", "DF010");
    quiet("FROM busybox:1\nARG DIR=/x\nWORKDIR $DIR\n", "DF010");
    // Inherited from the stage it builds on.
    quiet(
        "FROM busybox:1 AS base\nWORKDIR /app\nFROM base\nWORKDIR src\n",
        "DF010",
    );
}

#[test]
fn df011_copy_everything_before_the_install() {
    let text = "FROM node:22\nWORKDIR /app\nCOPY . .\nRUN npm ci\n";
    let d = fires(text, "DF011");
    assert_eq!(d.span.line, 3);
    assert!(d.message.contains("npm ci"), "{}", d.message);
    fires(
        "FROM python:3.12\nCOPY . /src\nRUN pip install -r requirements.txt\n",
        "DF011",
    );
    fires("FROM golang:1.22\nCOPY . .\nRUN go mod download\n", "DF011");
    quiet(
        "FROM node:22\nCOPY package.json package-lock.json ./\nRUN npm ci\nCOPY . .\nRUN npm run build\n",
        "DF011",
    );
    // A build needs the sources: not an install.
    quiet(
        "FROM golang:1.22\nCOPY go.mod ./\nRUN go mod download\nCOPY . .\nRUN go build ./...\n",
        "DF011",
    );
}

#[test]
fn df012_consecutive_runs_and_join_fix() {
    let text = "FROM busybox:1\nRUN mkdir /a\nRUN touch /a/b\n";
    let d = fires(text, "DF012");
    assert_eq!(d.span.line, 3);
    assert_eq!(
        fixed(text, "DF012"),
        "FROM busybox:1\nRUN mkdir /a \\\n    && touch /a/b\n"
    );
    quiet(
        "FROM busybox:1\nRUN mkdir /a\nCOPY x /a\nRUN touch /a/b\n",
        "DF012",
    );
    quiet(
        "FROM busybox:1\nRUN mkdir /a\nRUN --mount=type=cache,target=/c touch /a/b\n",
        "DF012",
    );
    quiet(
        "FROM busybox:1\nRUN [\"mkdir\", \"/a\"]\nRUN touch /a/b\n",
        "DF012",
    );
}

#[test]
fn df013_runs_as_root() {
    let d = fires("FROM busybox:1\nRUN true\n", "DF013");
    assert_eq!(d.span.line, 1);
    assert_eq!(
        fires("FROM busybox:1\nUSER app\nUSER root\n", "DF013")
            .span
            .line,
        3
    );
    quiet("FROM busybox:1\nUSER 1000:1000\n", "DF013");
    // Only the final stage matters, and it inherits from the stage it builds on.
    quiet(
        "FROM busybox:1 AS b\nRUN true\nFROM busybox:1\nUSER app\n",
        "DF013",
    );
    quiet(
        "FROM busybox:1 AS base\nUSER app\nFROM base\nCMD [\"x\"]\n",
        "DF013",
    );
}

#[test]
fn df014_maintainer_and_fix_to_label() {
    let text = "FROM busybox:1\nMAINTAINER Ada \"the\" Dev <ada@example.com>\n";
    assert_eq!(
        fixed(text, "DF014"),
        "FROM busybox:1\nLABEL org.opencontainers.image.authors=\"Ada \\\"the\\\" Dev <ada@example.com>\"\n"
    );
    quiet(
        "FROM busybox:1\nLABEL org.opencontainers.image.authors=ada\n",
        "DF014",
    );
}

#[test]
fn df015_expose_out_of_range_or_bad_protocol() {
    let text = "FROM busybox:1\nEXPOSE 80 70000 53/udp 8080/http 0 9000-8000\n";
    let found = of(text, "DF015");
    assert_eq!(found.len(), 4, "{found:#?}");
    assert!(found[0].message.contains("70000"));
    assert_eq!(
        found[0].span.start,
        "FROM busybox:1\nEXPOSE 80 ".len() as u32
    );
    quiet(
        "FROM busybox:1\nEXPOSE 80 443/tcp 53/UDP 8000-8010 $PORT\n",
        "DF015",
    );
}

#[test]
fn df016_undefined_arg() {
    let d = fires("FROM busybox:1\nCOPY app /srv/$APP_DIR\n", "DF016");
    assert!(d.message.contains("APP_DIR"), "{}", d.message);
    assert_eq!((d.span.end - d.span.start, d.span.line), (8, 2));
    quiet(
        "FROM busybox:1\nARG APP_DIR=x\nCOPY app /srv/$APP_DIR\n",
        "DF016",
    );
    quiet(
        "FROM busybox:1\nENV APP_DIR=x\nWORKDIR /srv/${APP_DIR}\n",
        "DF016",
    );
    // ARG before FROM serves FROM lines only, unless declared again in the stage.
    quiet("ARG V=1\nFROM busybox:$V\n", "DF016");
    fires("ARG V=1\nFROM busybox:$V\nLABEL v=$V\n", "DF016");
    quiet("ARG V=1\nFROM busybox:$V\nARG V\nLABEL v=$V\n", "DF016");
    fires("FROM busybox:$V\n", "DF016");
    // ENV carries over to a stage built on this one; ARG does not.
    quiet(
        "FROM busybox:1 AS a\nENV D=/x\nFROM a\nWORKDIR $D\n",
        "DF016",
    );
    fires(
        "FROM busybox:1 AS a\nARG D=/x\nFROM a\nWORKDIR $D\n",
        "DF016",
    );
    // Shell commands, defaults, escapes and well-known image variables are left alone.
    quiet("FROM busybox:1\nRUN echo $SHELL_ONLY\n", "DF016");
    quiet(
        "FROM busybox:1\nWORKDIR ${D:-/app}\nENV PATH=/x:$PATH\nLABEL a=\\$X\n",
        "DF016",
    );
    quiet("FROM --platform=$BUILDPLATFORM busybox:1\n", "DF016");
}

#[test]
fn df017_duplicate_stage_names() {
    let d = fires(
        "FROM busybox:1 AS build\nFROM busybox:1 AS Build\n",
        "DF017",
    );
    assert_eq!(d.span.line, 2);
    quiet("FROM busybox:1 AS build\nFROM busybox:1 AS test\n", "DF017");
}

#[test]
fn df018_copy_from_unknown_stage() {
    let text = "FROM busybox:1 AS builder\nFROM busybox:1\nCOPY --from=buidler /a /a\n";
    let d = fires(text, "DF018");
    assert!(d.message.contains("builder"), "{}", d.message);
    assert_eq!(
        fixed(text, "DF018"),
        "FROM busybox:1 AS builder\nFROM busybox:1\nCOPY --from=builder /a /a\n"
    );
    fires(
        "FROM busybox:1\nCOPY --from=1 /a /a\nFROM busybox:1\n",
        "DF018",
    );
    fires(
        "FROM busybox:1\nCOPY --from=later /a /a\nFROM busybox:1 AS later\n",
        "DF018",
    );
    quiet(
        "FROM busybox:1 AS b\nFROM busybox:1\nCOPY --from=0 /a /a\nCOPY --from=B /a /a\n",
        "DF018",
    );
    // Image references (a `/`, `:` or `@`) are not stages.
    quiet(
        "FROM busybox:1\nCOPY --from=nginx:1.27 /etc/nginx /n\n",
        "DF018",
    );
    quiet(
        "FROM busybox:1\nCOPY --from=ghcr.io/o/tool /bin/t /t\n",
        "DF018",
    );
}

#[test]
fn df019_secret_names_in_env_and_arg() {
    let d = fires("FROM busybox:1\nENV DB_PASSWORD=hunter2\n", "DF019");
    assert!(d.message.contains("--mount=type=secret"), "{}", d.message);
    fires("FROM busybox:1\nARG GITHUB_TOKEN\n", "DF019");
    fires("FROM busybox:1\nARG apiKey\n", "DF019");
    fires("ARG NPM_SECRET\nFROM busybox:1\n", "DF019");
    quiet(
        "FROM busybox:1\nENV SSH_KEY_PATH=/run/k PUBLIC_KEY=x TOKENIZER=y\n",
        "DF019",
    );
}

#[test]
fn df020_large_context_without_dockerignore() {
    let text = "FROM busybox:1\n";
    let big = LintContext {
        context_bytes: Some(300.0 * 1024.0 * 1024.0),
        has_dockerignore: false,
    };
    let found: Vec<_> = lint(text, &big)
        .diagnostics
        .into_iter()
        .filter(|d| d.rule == "DF020")
        .collect();
    assert_eq!(found.len(), 1);
    assert!(found[0].message.contains("300 MB"), "{}", found[0].message);
    let ignored = LintContext {
        has_dockerignore: true,
        ..big
    };
    assert!(lint(text, &ignored)
        .diagnostics
        .iter()
        .all(|d| d.rule != "DF020"));
    let small = LintContext {
        context_bytes: Some(1e6),
        has_dockerignore: false,
    };
    assert!(lint(text, &small)
        .diagnostics
        .iter()
        .all(|d| d.rule != "DF020"));
    quiet(text, "DF020");
}

#[test]
fn df021_instruction_before_from() {
    assert_eq!(fires("LABEL a=b\nFROM busybox:1\n", "DF021").span.line, 1);
    quiet("ARG V=1\nFROM busybox:1\n", "DF021");
}

#[test]
fn every_rule_has_a_unique_id_and_slug() {
    let mut ids: Vec<_> = RULES.iter().map(|r| r.id).collect();
    let mut slugs: Vec<_> = RULES.iter().map(|r| r.slug).collect();
    ids.sort();
    ids.dedup();
    slugs.sort();
    slugs.dedup();
    assert_eq!((ids.len(), slugs.len()), (RULES.len(), RULES.len()));
}

#[test]
fn spans_and_fixes_count_utf16_units() {
    // The label holds characters wider than one byte (é) and than one unit (🐳).
    let text = "FROM busybox:1\nLABEL a=\"é🐳\"\nADD x /x\n";
    let d = fires(text, "DF009");
    let before: String = text.split("ADD").next().unwrap().to_string();
    assert_eq!(d.span.start as usize, before.encode_utf16().count());
    assert_eq!(
        fixed(text, "DF009"),
        "FROM busybox:1\nLABEL a=\"é🐳\"\nCOPY x /x\n"
    );
}

#[test]
fn a_clean_file_has_no_findings() {
    let text = "\
FROM node:22-alpine AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci
COPY . .
RUN npm run build

FROM nginx:1.27-alpine
COPY --from=build /app/dist /usr/share/nginx/html
EXPOSE 8080
USER nginx
CMD [\"nginx\", \"-g\", \"daemon off;\"]
";
    assert_eq!(diags(text), Vec::new());
}
