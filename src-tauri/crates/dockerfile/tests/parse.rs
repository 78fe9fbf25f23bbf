//! One small test per construct of the parser: directives, continuations, comments, forms,
//! heredocs, flags, pairs, stages, ONBUILD, HEALTHCHECK, spans, and the errors it collects.

#![allow(clippy::unwrap_used)] // helpers outside #[test]s unwrap too
use tugboat_dockerfile::{parse, ArgForm, Dockerfile, Instruction, InstructionKind as K, Span};

fn ok(text: &str) -> Dockerfile {
    let df = parse(text);
    assert!(df.errors.is_empty(), "{text:?} gave errors {:?}", df.errors);
    df
}

fn only(text: &str) -> Instruction {
    let df = ok(text);
    assert_eq!(df.instructions.len(), 1, "{text:?}");
    df.instructions[0].clone()
}

/// The text a span covers, counted in UTF-16 units as the editor does.
fn cut(text: &str, span: Span) -> String {
    let units: Vec<u16> = text.encode_utf16().collect();
    String::from_utf16(&units[span.start as usize..span.end as usize]).unwrap()
}

fn values(ws: &[tugboat_dockerfile::Word]) -> Vec<&str> {
    ws.iter().map(|w| w.value.as_str()).collect()
}

fn first_error(text: &str) -> String {
    let df = parse(text);
    assert!(!df.errors.is_empty(), "{text:?} should give an error");
    df.errors[0].message.clone()
}

#[test]
fn keywords_are_case_insensitive_and_kept_as_written() {
    for (text, kind) in [
        ("FROM a", K::From),
        ("from a", K::From),
        ("Run echo", K::Run),
        ("cOpY a b", K::Copy),
        ("stopsignal SIGTERM", K::Stopsignal),
        ("MAINTAINER me", K::Maintainer),
        ("FOO bar", K::Unknown),
    ] {
        let ins = only(text);
        assert_eq!(ins.kind, kind, "{text}");
        assert_eq!(ins.keyword, text.split(' ').next().unwrap());
    }
}

#[test]
fn directives_are_read_only_at_the_top() {
    let df = ok("# syntax=docker/dockerfile:1\n# escape=`\nFROM a\n");
    let names: Vec<_> = df
        .directives
        .iter()
        .map(|d| (d.name.as_str(), d.value.as_str()))
        .collect();
    assert_eq!(names, [("syntax", "docker/dockerfile:1"), ("escape", "`")]);
    assert_eq!(df.escape, "`");

    // After a blank line, a comment or an instruction, `# escape=` is just a comment.
    for text in [
        "\n# escape=`\nFROM a",
        "# hi\n# escape=`\nFROM a",
        "FROM a\n# escape=`\n",
    ] {
        let df = ok(text);
        assert!(df.directives.is_empty(), "{text:?}");
        assert_eq!(df.escape, "\\");
    }
    // An unknown directive ends the directive lines.
    assert!(ok("# foo=bar\n# escape=`\nFROM a").directives.is_empty());
    // Directive names are case-insensitive.
    assert_eq!(ok("#ESCAPE = `\nFROM a").escape, "`");
}

#[test]
fn bad_and_repeated_directives_are_errors() {
    assert!(first_error("# escape=x\nFROM a").contains("not `x`"));
    assert!(first_error("# syntax=a\n# syntax=b\nFROM a").contains("only one"));
}

#[test]
fn continuation_lines_join_and_skip_comments_and_blank_lines() {
    let text =
        "RUN apt-get update && \\\n    # a comment inside\n\n    apt-get install -y curl\nCMD x";
    let df = ok(text);
    assert_eq!(df.instructions.len(), 2);
    let run = &df.instructions[0];
    assert_eq!(run.text, "apt-get update &&     apt-get install -y curl");
    assert_eq!((run.span.line, run.span.end_line), (1, 4));
    assert_eq!(df.instructions[1].span.line, 5);
}

#[test]
fn the_escape_directive_changes_the_continuation_character() {
    let text = "# escape=`\nFROM a\nRUN dir c:\\ `\n  /b\n";
    let df = ok(text);
    assert_eq!(df.instructions[1].text, "dir c:\\   /b");
    // With the default escape, a backtick at the end is just text.
    let df = ok("FROM a\nRUN echo `\nRUN b");
    assert_eq!(df.instructions.len(), 3);
}

#[test]
fn continuation_allows_spaces_after_the_escape_and_crlf_lines() {
    let df = ok("RUN a \\  \r\n b\r\nCMD c\r\n");
    assert_eq!(df.instructions[0].text, "a  b");
    assert_eq!(df.instructions[1].text, "c");
}

#[test]
fn comments_and_leading_whitespace() {
    let df = ok("  # comment\n\t EXPOSE 80 # not a comment\n");
    assert_eq!(df.instructions.len(), 1);
    assert_eq!(df.instructions[0].words.len(), 5);
}

#[test]
fn exec_form_is_a_json_array_of_strings() {
    let ins = only(r#"CMD ["node", "server.js", "--port=\"80\""]"#);
    assert_eq!(ins.form, ArgForm::Exec);
    assert_eq!(values(&ins.exec), ["node", "server.js", "--port=\"80\""]);
    assert_eq!(ins.exec[1].raw, "\"server.js\"");
}

#[test]
fn invalid_json_falls_back_to_shell_form() {
    for text in [
        "CMD [node, server.js]",
        "CMD ['node']",
        "CMD [\"a\"",
        "ENTRYPOINT echo [\"x\"]",
    ] {
        let ins = only(text);
        assert_eq!(ins.form, ArgForm::Shell, "{text}");
        assert_eq!(ins.text, text.split_once(' ').unwrap().1);
    }
}

#[test]
fn a_json_array_of_non_strings_is_an_error() {
    assert!(first_error("CMD [1, 2]").contains("only strings"));
}

#[test]
fn json_after_the_first_value_is_ignored_as_buildkit_does() {
    let ins = only(r#"CMD ["a"] trailing"#);
    assert_eq!(ins.form, ArgForm::Exec);
    assert_eq!(values(&ins.exec), ["a"]);
}

#[test]
fn heredocs_read_the_lines_up_to_their_delimiter() {
    let text = "FROM a\nRUN <<EOF\necho hi\necho there\nEOF\nCMD x\n";
    let df = ok(text);
    let run = &df.instructions[1];
    assert_eq!(run.heredocs.len(), 1);
    let h = &run.heredocs[0];
    assert_eq!(
        (h.name.as_str(), h.strip_tabs, h.expand),
        ("EOF", false, true)
    );
    assert_eq!(h.content, "echo hi\necho there\n");
    assert_eq!((run.span.line, run.span.end_line), (2, 5));
    assert_eq!(cut(text, h.marker_span), "<<EOF");
    assert_eq!(df.instructions[2].kind, K::Cmd);
}

#[test]
fn heredoc_variants_dash_quotes_fd_and_several_per_line() {
    let text = "COPY <<-\"A\" 3<<'B' /dest/\n\tone\n\tA\ntwo $X\nB\n";
    let ins = only(text);
    let hs = &ins.heredocs;
    assert_eq!(hs.len(), 2);
    assert_eq!(
        (
            hs[0].name.as_str(),
            hs[0].strip_tabs,
            hs[0].expand,
            hs[0].fd
        ),
        ("A", true, false, None)
    );
    assert_eq!(hs[0].content, "\tone\n");
    assert_eq!(
        (hs[1].name.as_str(), hs[1].fd, hs[1].expand),
        ("B", Some(3), false)
    );
    assert_eq!(hs[1].content, "two $X\n");
    assert_eq!(ins.copy_dest().unwrap().value, "/dest/");
}

#[test]
fn heredocs_only_on_run_copy_add_in_shell_form() {
    let df = ok("CMD cat <<EOF\nFROM a\n");
    assert_eq!(df.instructions.len(), 2);
    let df = ok("RUN [\"cat\", \"<<EOF\"]\nFROM a\n");
    assert_eq!(df.instructions.len(), 2);
}

#[test]
fn an_unclosed_heredoc_is_an_error_at_its_marker() {
    let text = "RUN <<EOF\necho\n";
    let df = parse(text);
    assert_eq!(df.errors.len(), 1);
    assert!(df.errors[0].message.contains("never closed"));
    assert_eq!(cut(text, df.errors[0].span), "<<EOF");
}

#[test]
fn arg_before_from_has_no_stage() {
    let df = ok("ARG V=1\nFROM a:$V\nARG V\nRUN x");
    let stages: Vec<_> = df.instructions.iter().map(|i| i.stage).collect();
    assert_eq!(stages, [None, Some(0), Some(0), Some(0)]);
    let arg = &df.instructions[0];
    assert_eq!(arg.arg_defs()[0].key, "V");
    assert_eq!(arg.arg_defs()[0].value.as_deref(), Some("1"));
    assert_eq!(df.instructions[2].arg_defs()[0].value, None);
}

#[test]
fn stages_have_index_name_base_platform_and_span() {
    let text = "FROM --platform=$BUILDPLATFORM golang:1.22 AS Build\nRUN go build\n\nFROM alpine\nCOPY --from=build /app /app\n";
    let df = ok(text);
    assert_eq!(df.stages.len(), 2);
    let b = &df.stages[0];
    assert_eq!(
        (b.index, b.name.as_deref(), b.base.as_str()),
        (0, Some("Build"), "golang:1.22")
    );
    assert_eq!(b.platform.as_deref(), Some("$BUILDPLATFORM"));
    assert_eq!((b.span.line, b.span.end_line), (1, 2));
    assert_eq!(cut(text, b.base_span), "golang:1.22");
    assert_eq!(cut(text, b.name_span.unwrap()), "Build");
    assert_eq!(df.stages[1].instruction, 2);
    assert_eq!(df.stage_named("build").unwrap().index, 0);
    assert_eq!(df.stage_named("1").unwrap().base, "alpine");
    assert_eq!(df.instructions[3].copy_from(), Some("build"));
    assert_eq!(df.instructions[3].stage, Some(1));
}

#[test]
fn from_errors() {
    assert!(first_error("FROM").contains("FROM takes"));
    assert!(first_error("FROM a b").contains("FROM takes"));
    assert!(first_error("FROM a IS b").contains("`AS`"));
    assert!(first_error("FROM a AS 1x").contains("stage name"));
}

#[test]
fn flags_with_values_booleans_and_mount_parts() {
    let ins = only(
        "RUN --mount=type=cache,target=/root/.cache,sharing=locked --network=none pip install x",
    );
    assert_eq!(ins.flags.len(), 2);
    let mount = ins.flag("mount").unwrap();
    let parts: Vec<_> = mount
        .parts
        .iter()
        .map(|p| (p.key.as_str(), p.value.as_deref()))
        .collect();
    assert_eq!(
        parts,
        [
            ("type", Some("cache")),
            ("target", Some("/root/.cache")),
            ("sharing", Some("locked"))
        ]
    );
    assert_eq!(ins.flag_value("network"), Some("none"));
    assert_eq!(ins.text, "pip install x");

    let copy = only("COPY --link --chown=1000:1000 --chmod=755 a /b");
    let names: Vec<_> = copy
        .flags
        .iter()
        .map(|f| (f.name.as_str(), f.value.as_deref()))
        .collect();
    assert_eq!(
        names,
        [
            ("link", None),
            ("chown", Some("1000:1000")),
            ("chmod", Some("755"))
        ]
    );
    assert_eq!(values(copy.copy_sources()), ["a"]);
}

#[test]
fn flag_errors_name_what_is_valid() {
    let m = first_error("COPY --form=build a b");
    assert!(m.contains("--form") && m.contains("--from"), "{m}");
    assert!(first_error("WORKDIR --x /a").contains("takes no flags"));
    assert!(first_error("COPY --from a b").contains("needs a value"));
}

#[test]
fn env_and_label_pairs_new_and_old_forms() {
    let ins = only("ENV A=1 B=\"two words\" C=x\\ y");
    let pairs: Vec<_> = ins
        .env_pairs()
        .iter()
        .map(|p| (p.key.as_str(), p.value.as_deref().unwrap()))
        .collect();
    assert_eq!(pairs, [("A", "1"), ("B", "two words"), ("C", "x y")]);
    let old = only("ENV PATH /usr/local/bin:$PATH");
    assert_eq!(old.pairs[0].key, "PATH");
    assert_eq!(old.pairs[0].value.as_deref(), Some("/usr/local/bin:$PATH"));
    let label = only("LABEL org.opencontainers.image.title=\"My app\"");
    assert_eq!(label.pairs[0].value.as_deref(), Some("My app"));
}

#[test]
fn env_errors() {
    assert!(first_error("ENV A").contains("needs a value"));
    assert!(first_error("ENV A=1 B").contains("has no `=`"));
    assert!(first_error("ENV").contains("needs a name"));
}

#[test]
fn onbuild_parses_its_trigger() {
    let ins = only("ONBUILD COPY --from=deps . /app");
    let inner = ins.inner.as_ref().unwrap();
    assert_eq!(inner.kind, K::Copy);
    assert_eq!(inner.copy_from(), Some("deps"));
    assert!(first_error("ONBUILD ONBUILD RUN x").contains("ONBUILD ONBUILD"));
    assert!(first_error("ONBUILD FROM x").contains("can't be an ONBUILD trigger"));
}

#[test]
fn onbuild_run_may_have_a_heredoc() {
    let df = ok("ONBUILD RUN <<EOF\necho\nEOF\nFROM a");
    assert_eq!(df.instructions.len(), 2);
    assert_eq!(
        df.instructions[0].inner.as_ref().unwrap().heredocs[0].content,
        "echo\n"
    );
}

#[test]
fn healthcheck_flags_and_command() {
    let ins = only(
        "HEALTHCHECK --interval=30s --retries=3 CMD [\"curl\", \"-f\", \"http://localhost/\"]",
    );
    assert_eq!(ins.flag_value("interval"), Some("30s"));
    let cmd = ins.inner.as_ref().unwrap();
    assert_eq!((cmd.kind, cmd.form), (K::Cmd, ArgForm::Exec));
    assert_eq!(values(&cmd.exec), ["curl", "-f", "http://localhost/"]);
    assert!(only("HEALTHCHECK NONE").inner.is_none());
    assert!(first_error("HEALTHCHECK PING x").contains("`CMD <command>` or `NONE`"));
    assert!(first_error("HEALTHCHECK --timeout=3s CMD").contains("needs a command"));
}

#[test]
fn shell_must_be_json() {
    assert_eq!(only("SHELL [\"pwsh\", \"-c\"]").form, ArgForm::Exec);
    assert!(first_error("SHELL /bin/bash -c").contains("JSON array"));
}

#[test]
fn accessors_for_expose_workdir_user_copy() {
    let df = ok("EXPOSE 80 443/tcp\nWORKDIR /app\nUSER node:node\nCOPY [\"a b\", \"c\", \"/d/\"]");
    assert_eq!(values(df.instructions[0].expose_ports()), ["80", "443/tcp"]);
    assert_eq!(df.instructions[1].workdir_path(), Some("/app"));
    assert_eq!(df.instructions[2].user(), Some("node:node"));
    assert_eq!(values(df.instructions[3].copy_sources()), ["a b", "c"]);
    assert_eq!(df.instructions[3].copy_dest().unwrap().value, "/d/");
}

#[test]
fn copy_needs_a_destination() {
    assert!(first_error("COPY onlyone").contains("source and a destination"));
}

#[test]
fn spans_are_utf16_offsets_with_1_based_lines() {
    // "é" is one UTF-16 unit but two bytes; "😀" is two units and four bytes.
    let text = "LABEL x=\"é😀\"\nRUN echo 😀 done\n";
    let df = ok(text);
    let run = &df.instructions[1];
    assert_eq!(run.span.line, 2);
    assert_eq!(cut(text, run.span), "RUN echo 😀 done");
    assert_eq!(cut(text, run.keyword_span), "RUN");
    assert_eq!(cut(text, run.text_span), "echo 😀 done");
    assert_eq!(run.span.start, 14);
}

#[test]
fn spans_of_words_on_continuation_lines_point_at_their_line() {
    let text = "COPY a \\\n  b \\\n  /dest\n";
    let ins = only(text);
    let dest = ins.copy_dest().unwrap();
    assert_eq!(cut(text, dest.span), "/dest");
    assert_eq!(dest.span.line, 3);
    assert_eq!(ins.words[1].span.line, 2);
}

#[test]
fn errors_do_not_stop_the_parse() {
    let df = parse("FROM\nENV A\nRUN ok\nCOPY x\n");
    assert_eq!(df.instructions.len(), 4);
    let lines: Vec<_> = df.errors.iter().map(|e| e.span.line).collect();
    assert_eq!(lines, [1, 2, 4]);
}

#[test]
fn serialises_camel_case_for_the_ui() {
    let json = serde_json::to_value(ok("FROM a AS b\nRUN x")).unwrap();
    assert_eq!(json["instructions"][1]["kind"], "run");
    assert_eq!(json["instructions"][1]["keywordSpan"]["endLine"], 2);
    assert_eq!(json["stages"][0]["nameSpan"]["start"], 10);
}
