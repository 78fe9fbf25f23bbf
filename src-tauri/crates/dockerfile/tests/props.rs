//! Properties of the parser on generated text: it never panics, every span lies inside the
//! text on a character boundary with sane lines, and splitting instructions over continuation
//! lines (with comments and blank lines between) changes neither their number nor their text.
//! The cargo-fuzz target `fuzz/fuzz_targets/dockerfile_parse.rs` checks the same on any bytes.

use proptest::prelude::*;
use tugboat_dockerfile::{parse, Dockerfile};

/// Pieces that make the parser take its less common paths.
const PIECES: &[&str] = &[
    "FROM ",
    "from ",
    "RUN ",
    "CMD ",
    "ENTRYPOINT ",
    "COPY ",
    "ADD ",
    "ENV ",
    "ARG ",
    "LABEL ",
    "ONBUILD ",
    "HEALTHCHECK ",
    "SHELL ",
    "EXPOSE ",
    "USER ",
    "WORKDIR ",
    "NONE",
    "CMD",
    " AS ",
    "--mount=type=cache,target=/c",
    "--from=",
    "--",
    "--link ",
    "\\\n",
    "`\n",
    "\n",
    "\r\n",
    "\n\n",
    "#",
    "# escape=`\n",
    "# escape=\\\n",
    "# syntax=x\n",
    "<<EOF",
    "<<-EOF",
    "<<'EOF'",
    "3<<\"E\"",
    "EOF",
    "\tEOF",
    "E",
    "[",
    "]",
    "[\"a\", \"b\"]",
    "[1]",
    "\"",
    "'",
    "=",
    "a=b",
    " ",
    "\t",
    "x",
    "é",
    "😀",
    "\u{feff}",
    "\\",
    "`",
    ",",
    "{",
    "}",
];

fn dockerfile_like() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(PIECES), 0..80).prop_map(|p| p.concat())
}

/// Every span inside the text, on UTF-16 character boundaries, lines within the file.
fn check_spans(text: &str, df: &Dockerfile) -> Result<(), TestCaseError> {
    let units: Vec<u16> = text.encode_utf16().collect();
    let lines = text.split('\n').count() as u32;
    let boundary = |at: u32| {
        let at = at as usize;
        at == 0 || at == units.len() || !(0xDC00..=0xDFFF).contains(&units[at])
    };
    for s in df.all_spans() {
        prop_assert!(
            s.start <= s.end && s.end as usize <= units.len(),
            "{s:?} in {text:?}"
        );
        prop_assert!(
            boundary(s.start) && boundary(s.end),
            "{s:?} splits a character in {text:?}"
        );
        prop_assert!(
            1 <= s.line && s.line <= s.end_line && s.end_line <= lines,
            "{s:?} lines in {text:?}"
        );
    }
    Ok(())
}

/// An instruction that fits on one line: keyword and words.
fn instruction() -> impl Strategy<Value = (String, Vec<String>)> {
    (
        prop::sample::select(
            &[
                "RUN", "COPY", "ENV", "LABEL", "EXPOSE", "CMD", "USER", "VOLUME",
            ][..],
        ),
        prop::collection::vec("[a-z0-9/._=-]{1,8}", 2..6),
    )
        .prop_map(|(k, w)| (k.to_string(), w))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn never_panics_and_spans_stay_inside(text in dockerfile_like()) {
        let df = parse(&text);
        check_spans(&text, &df)?;
    }

    #[test]
    fn never_panics_on_any_text(text in any::<String>()) {
        let df = parse(&text);
        check_spans(&text, &df)?;
    }

    #[test]
    fn continuation_lines_keep_instructions(
        ins in prop::collection::vec(instruction(), 1..8),
        splits in prop::collection::vec(0usize..4, 40),
        backtick in any::<bool>(),
    ) {
        let esc = if backtick { '`' } else { '\\' };
        let header = if backtick { "# escape=`\n" } else { "" };
        let mut one = String::from(header);
        let mut split = String::from(header);
        let mut choice = splits.iter().cycle();
        for (keyword, words) in &ins {
            one.push_str(&format!("{keyword} {}\n", words.join(" ")));
            split.push_str(keyword);
            for w in words {
                // Break before some words: the escape (maybe with spaces after it), then a
                // comment line or a blank line or nothing, then the word's indent.
                match choice.next().copied().unwrap_or(0) {
                    1 => split.push_str(&format!(" {esc}\n  # note\n ")),
                    2 => split.push_str(&format!(" {esc}  \n\n ")),
                    3 => split.push_str(&format!(" {esc}\n ")),
                    _ => split.push(' '),
                }
                split.push_str(w);
            }
            split.push('\n');
        }
        let a = parse(&one);
        let b = parse(&split);
        prop_assert_eq!(a.instructions.len(), ins.len());
        prop_assert_eq!(b.instructions.len(), ins.len());
        for (x, y) in a.instructions.iter().zip(&b.instructions) {
            prop_assert_eq!(x.kind, y.kind);
            // Words keep their values; only the whitespace between them differs.
            let xs: Vec<_> = x.text.split_whitespace().collect();
            let ys: Vec<_> = y.text.split_whitespace().collect();
            prop_assert_eq!(xs, ys);
            // Pairs too (the old `ENV k v` form keeps the spaces of its value as written).
            let pairs = |i: &tugboat_dockerfile::Instruction| -> Vec<(String, String)> {
                i.pairs
                    .iter()
                    .map(|p| {
                        let v = p.value.as_deref().unwrap_or("");
                        (p.key.clone(), v.split_whitespace().collect::<Vec<_>>().join(" "))
                    })
                    .collect()
            };
            prop_assert_eq!(pairs(x), pairs(y));
        }
        check_spans(&split, &b)?;
    }
}
