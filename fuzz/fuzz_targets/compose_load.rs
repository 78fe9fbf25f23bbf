//! Any bytes as a compose file through the whole loader (YAML with anchors, aliases and merge
//! keys under its bounds, interpolation, schema, model, checks): never a panic, and every
//! diagnostic's span lies inside the text, on a character boundary (UTF-16, as the editor
//! counts), with 1-based lines within the file. Alias bombs and deep nesting must end in a
//! diagnostic, not in memory or time running out (libFuzzer's -rss_limit_mb and -timeout).
#![no_main]

use libfuzzer_sys::fuzz_target;
use tugboat_compose::{load, LoadOptions, NoFiles};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let loaded = load(text, &LoadOptions::default(), &NoFiles);
    let units: Vec<u16> = text.encode_utf16().collect();
    let lines = text.split('\n').count() as u32;
    let boundary = |at: u32| {
        let at = at as usize;
        at == 0 || at == units.len() || !(0xDC00..=0xDFFF).contains(&units[at])
    };
    let spans = loaded
        .diagnostics
        .iter()
        .map(|d| d.span)
        .chain(loaded.variables.iter().map(|v| v.span));
    for s in spans {
        assert!(s.start <= s.end && s.end as usize <= units.len(), "{s:?}");
        assert!(boundary(s.start) && boundary(s.end), "{s:?}");
        assert!(1 <= s.line && s.line <= s.end_line && s.end_line <= lines, "{s:?}");
    }
    for d in &loaded.diagnostics {
        for edit in d.fix.iter().flat_map(|f| &f.edits) {
            assert!(edit.start <= edit.end && edit.end as usize <= units.len(), "{edit:?}");
        }
    }
});
