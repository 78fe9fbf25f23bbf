//! Any bytes as an env file: never a panic, and a file with an error loads no rows at all.
#![no_main]

use libfuzzer_sys::fuzz_target;
use tugboat_runspec::envfile::parse_env_file;

fuzz_target!(|data: &[u8]| {
    let out = parse_env_file(data);
    if !out.errors.is_empty() {
        assert!(out.rows.is_empty());
    }
    for row in &out.rows {
        assert!(!row.name.is_empty() && !row.name.contains('='));
        assert!(!row.name.chars().any(char::is_whitespace));
    }
});
