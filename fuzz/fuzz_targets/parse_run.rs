//! A pasted `docker run …` line: reading it never panics, and whatever it reads to, if the
//! form is valid, its own command line reads back to the same container spec.
#![no_main]

use libfuzzer_sys::fuzz_target;
use tugboat_runspec::cli::parse_run;

fuzz_target!(|data: &[u8]| {
    let Ok(line) = std::str::from_utf8(data) else {
        return;
    };
    let parsed = parse_run(line);
    if !parsed.errors.is_empty() {
        return;
    }
    let Ok(spec) = parsed.form.validate() else {
        return;
    };
    let again = parse_run(&spec.command_line());
    assert!(
        again.errors.is_empty() && again.unsupported.is_empty(),
        "{:?} → {}",
        line,
        spec.command_line()
    );
    let spec_again = again
        .form
        .validate()
        .expect("the preview of a valid form is valid");
    assert_eq!(spec, spec_again, "{line:?}");
});
