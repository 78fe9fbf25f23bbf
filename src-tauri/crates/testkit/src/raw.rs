//! The engine's API without a client: the in-process baseline the benchmarks print beside
//! Tugboat's own calls.

/// One raw GET on the engine's socket, in this process, reading the whole answer: the
/// baseline for our own calls, without the start-up of a client process. HTTP/1.0, so the
/// engine closes the connection after the body and reading to the end reads exactly it.
pub fn raw_get(socket: &str, path: &str) -> usize {
    use std::io::{Read, Write};
    let mut stream = std::os::unix::net::UnixStream::connect(socket).expect("engine socket");
    write!(stream, "GET {path} HTTP/1.0\r\nHost: docker\r\n\r\n").expect("send GET");
    let mut answer = Vec::new();
    stream.read_to_end(&mut answer).expect("read the answer");
    assert!(
        answer.starts_with(b"HTTP/1.0 200") || answer.starts_with(b"HTTP/1.1 200"),
        "GET {path}: {}",
        String::from_utf8_lossy(&answer[..answer.len().min(200)])
    );
    answer.len()
}

/// One raw POST of a JSON body on the engine's socket, in this process: the status code and the
/// answer's body. For benches that make thousands of objects, where a CLI process per object
/// would be the slow part.
pub fn raw_post(socket: &str, path: &str, json: &str) -> (u16, String) {
    use std::io::{Read, Write};
    let mut stream = std::os::unix::net::UnixStream::connect(socket).expect("engine socket");
    write!(
        stream,
        "POST {path} HTTP/1.0\r\nHost: docker\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n{json}",
        json.len()
    )
    .expect("send POST");
    let mut answer = String::new();
    stream.read_to_string(&mut answer).expect("read the answer");
    let status = answer
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    let body = answer
        .split_once("\r\n\r\n")
        .map(|(_, b)| b.to_owned())
        .unwrap_or_default();
    (status, body)
}
