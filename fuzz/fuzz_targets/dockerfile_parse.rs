//! Any bytes as a Dockerfile: never a panic, and every span lies inside the text, on a
//! character boundary (UTF-16, as the editor counts), with 1-based lines within the file.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let df = tugboat_dockerfile::parse(text);
    let units: Vec<u16> = text.encode_utf16().collect();
    let lines = text.split('\n').count() as u32;
    let boundary = |at: u32| {
        let at = at as usize;
        at == 0 || at == units.len() || !(0xDC00..=0xDFFF).contains(&units[at])
    };
    for s in df.all_spans() {
        assert!(s.start <= s.end && s.end as usize <= units.len(), "{s:?}");
        assert!(boundary(s.start) && boundary(s.end), "{s:?}");
        assert!(1 <= s.line && s.line <= s.end_line && s.end_line <= lines, "{s:?}");
    }
});
