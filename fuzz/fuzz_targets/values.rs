//! Every single-value parser of the run form, on any text: an answer (value or error message),
//! never a panic; sizes that parse format back to the same number of bytes.
#![no_main]

use libfuzzer_sys::fuzz_target;
use tugboat_runspec::values;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let _ = values::container_name(text);
    let _ = values::volume_name(text);
    let _ = values::port_range(text, "port");
    let _ = values::protocol(text);
    let _ = values::host_ip(text);
    let _ = values::publish_flag(text);
    let _ = values::volume_flag(text);
    let _ = values::env_name(text);
    let _ = values::duration_ns(text, "interval");
    if let Ok(Some(bytes)) = values::size(text, "memory") {
        let back = values::size(&values::size_text(bytes), "memory");
        assert_eq!(back, Ok(Some(bytes)), "{text:?}");
    }
});
