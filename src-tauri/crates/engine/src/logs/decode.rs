//! The engine's log records into lines. We always ask for timestamps, so every record the
//! engine sends starts `<RFC 3339 nano time> ` and its payload ends with `\n` unless the
//! container's line was longer than the engine's 16 KiB copy buffer: then the line comes as
//! several records, each with the first record's time, and only the last ends with `\n`.
//!
//! Non-TTY containers: each multiplexed frame is one record, on its own stream (stdout or
//! stderr). TTY containers: one raw byte stream where records follow each other with no frame,
//! so a record start is known only after a `\n` or after 16 KiB of payload. Lines are joined,
//! `\r\n` ends a line, a lone `\r` keeps only what follows it (progress bars), invalid UTF-8 is
//! shown as `\xNN`, and a line is capped at [`LINE_CAP`] bytes, the rest counted in `cut`.

use bollard::container::LogOutput;
use serde::Serialize;

/// The most of one line kept; the rest is counted, not held.
pub const LINE_CAP: usize = 64 * 1024;

/// The engine's log copier cuts longer lines into records of this many payload bytes.
const PARTIAL_RECORD: usize = 16 * 1024;

/// Longer than any RFC 3339 time with nanoseconds and an offset: what is not a time by then is
/// payload.
const TIMESTAMP_MAX: usize = 40;

/// Where a line was written: the container's stdout or stderr, or its terminal (a TTY container
/// has one stream, both mixed).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub enum LogStream {
    Stdout,
    Stderr,
    Tty,
}

/// One finished line, before it is told which container it came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decoded {
    pub stream: LogStream,
    /// The engine's time for the line, as it sent it; empty if it sent none.
    pub timestamp: String,
    /// The same time in nanoseconds since the epoch, to order and filter by; 0 if none.
    pub key: i128,
    pub text: String,
    pub cut: u32,
}

/// Turns the engine's chunks into lines, one lane per stream so that a partial stdout line is
/// not mixed with stderr.
#[derive(Debug)]
pub struct Decoder {
    stdout: Lane,
    stderr: Lane,
    tty: Lane,
}

impl Default for Decoder {
    fn default() -> Self {
        Decoder {
            stdout: Lane::new(LogStream::Stdout),
            stderr: Lane::new(LogStream::Stderr),
            tty: Lane::new(LogStream::Tty),
        }
    }
}

impl Decoder {
    /// Adds one chunk from the engine; finished lines are pushed to `out`.
    pub fn feed(&mut self, chunk: &LogOutput, out: &mut Vec<Decoded>) {
        match chunk {
            LogOutput::StdOut { message } => self.stdout.frame(message, out),
            LogOutput::StdErr { message } => self.stderr.frame(message, out),
            LogOutput::Console { message } => self.tty.bytes(message, out),
            // Logs never carry stdin.
            LogOutput::StdIn { .. } => {}
        }
    }

    /// The stream ended: a last line without `\n` is a line too.
    pub fn finish(&mut self, out: &mut Vec<Decoded>) {
        for lane in [&mut self.stdout, &mut self.stderr, &mut self.tty] {
            lane.finish(out);
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum At {
    /// Where a record starts: a time, then a space, is expected.
    RecordStart,
    Payload,
}

#[derive(Debug)]
struct Lane {
    stream: LogStream,
    at: At,
    /// Bytes read at a record start until they prove to be a time (or not).
    head: Vec<u8>,
    /// The time of the line being built: its first record's.
    timestamp: Option<(String, i128)>,
    line: Vec<u8>,
    cut: u64,
    /// The last byte was `\r`: the line starts over unless `\n` comes next.
    cr: bool,
    /// Payload bytes in the current record, to know where a TTY record may end without `\n`.
    record_len: usize,
    /// Whether the line holds anything yet (a line may be empty but still a line).
    open: bool,
}

impl Lane {
    fn new(stream: LogStream) -> Lane {
        Lane {
            stream,
            at: At::RecordStart,
            head: Vec::new(),
            timestamp: None,
            line: Vec::new(),
            cut: 0,
            cr: false,
            record_len: 0,
            open: false,
        }
    }

    /// One multiplexed frame: exactly one record.
    fn frame(&mut self, bytes: &[u8], out: &mut Vec<Decoded>) {
        self.settle_head(out);
        self.at = At::RecordStart;
        self.bytes(bytes, out);
        // A frame that held only a time with no space after it (never seen): its bytes are text.
        self.settle_head(out);
    }

    fn bytes(&mut self, bytes: &[u8], out: &mut Vec<Decoded>) {
        for &b in bytes {
            match self.at {
                At::Payload => self.payload(b, out),
                At::RecordStart => {
                    if b == b' ' {
                        let head = std::mem::take(&mut self.head);
                        if let Some(key) = timestamp_key(&head) {
                            if self.timestamp.is_none() {
                                self.timestamp =
                                    Some((String::from_utf8_lossy(&head).into_owned(), key));
                            }
                            self.open = true;
                            self.at = At::Payload;
                            self.record_len = 0;
                        } else {
                            self.as_payload(head, out);
                            self.payload(b, out);
                        }
                    } else if b == b'\n' || self.head.len() >= TIMESTAMP_MAX || !time_byte(b) {
                        let head = std::mem::take(&mut self.head);
                        self.as_payload(head, out);
                        self.payload(b, out);
                    } else {
                        self.head.push(b);
                    }
                }
            }
        }
    }

    /// Bytes taken for a time that are not one: they were text all along.
    fn as_payload(&mut self, head: Vec<u8>, out: &mut Vec<Decoded>) {
        self.at = At::Payload;
        self.record_len = 0;
        for h in head {
            self.payload(h, out);
        }
    }

    fn settle_head(&mut self, out: &mut Vec<Decoded>) {
        if !self.head.is_empty() {
            let head = std::mem::take(&mut self.head);
            self.as_payload(head, out);
        }
    }

    fn payload(&mut self, b: u8, out: &mut Vec<Decoded>) {
        self.open = true;
        if b == b'\n' {
            self.end_line(out);
            self.at = At::RecordStart;
            return;
        }
        if self.cr {
            // A `\r` not followed by `\n`: what was before it is overwritten on a terminal.
            self.cr = false;
            self.line.clear();
            self.cut = 0;
        }
        if b == b'\r' {
            self.cr = true;
        } else if self.line.len() < LINE_CAP {
            self.line.push(b);
        } else {
            self.cut += 1;
        }
        self.record_len += 1;
        if self.stream == LogStream::Tty && self.record_len == PARTIAL_RECORD {
            // The engine may have cut the line here: a time may follow.
            self.at = At::RecordStart;
        }
    }

    fn end_line(&mut self, out: &mut Vec<Decoded>) {
        let (timestamp, key) = self.timestamp.take().unwrap_or_default();
        let mut bytes = std::mem::take(&mut self.line);
        let mut cut = self.cut;
        if cut > 0 {
            // The cap may have split a character: drop its first bytes rather than show them
            // as escapes.
            let whole = whole_chars(&bytes);
            cut += (bytes.len() - whole) as u64;
            bytes.truncate(whole);
        }
        out.push(Decoded {
            stream: self.stream,
            timestamp,
            key,
            text: escaped(&bytes),
            cut: u32::try_from(cut).unwrap_or(u32::MAX),
        });
        self.cut = 0;
        self.cr = false;
        self.open = false;
        self.record_len = 0;
    }

    fn finish(&mut self, out: &mut Vec<Decoded>) {
        self.settle_head(out);
        if self.open {
            self.end_line(out);
        }
        self.at = At::RecordStart;
    }
}

fn time_byte(b: u8) -> bool {
    b.is_ascii_digit() || matches!(b, b'-' | b':' | b'.' | b'T' | b'Z' | b'+')
}

/// Nanoseconds since the epoch if `head` is an RFC 3339 time.
pub fn timestamp_key(head: &[u8]) -> Option<i128> {
    let text = std::str::from_utf8(head).ok()?;
    let at = chrono::DateTime::parse_from_rfc3339(text).ok()?;
    Some(i128::from(at.timestamp()) * 1_000_000_000 + i128::from(at.timestamp_subsec_nanos()))
}

/// How many leading bytes of a cut line are whole characters: a character the cap split
/// leaves an incomplete sequence at the end.
fn whole_chars(bytes: &[u8]) -> usize {
    match std::str::from_utf8(bytes) {
        Ok(_) => bytes.len(),
        Err(e) if e.error_len().is_none() => e.valid_up_to(),
        Err(_) => {
            // Invalid bytes earlier on; only an incomplete sequence at the very end is dropped.
            let tail_start = bytes.len().saturating_sub(3);
            (tail_start..bytes.len())
                .find(|&i| {
                    bytes[i] >= 0xC0
                        && std::str::from_utf8(&bytes[i..])
                            .err()
                            .is_some_and(|e| e.error_len().is_none())
                })
                .unwrap_or(bytes.len())
        }
    }
}

/// Text as is; each byte that is not part of valid UTF-8 as `\xNN`, so binary output shows
/// what it is instead of replacement marks.
pub fn escaped(bytes: &[u8]) -> String {
    let mut text = String::with_capacity(bytes.len());
    for chunk in bytes.utf8_chunks() {
        text.push_str(chunk.valid());
        for b in chunk.invalid() {
            text.push_str(&format!("\\x{b:02X}"));
        }
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;
    use bytes::Bytes;

    const T1: &str = "2026-11-30T11:20:25.670576961Z";
    const T2: &str = "2026-11-30T11:20:26.000000001Z";

    fn stdout(s: impl Into<Vec<u8>>) -> LogOutput {
        LogOutput::StdOut {
            message: Bytes::from(s.into()),
        }
    }
    fn stderr(s: impl Into<Vec<u8>>) -> LogOutput {
        LogOutput::StdErr {
            message: Bytes::from(s.into()),
        }
    }
    fn console(s: impl Into<Vec<u8>>) -> LogOutput {
        LogOutput::Console {
            message: Bytes::from(s.into()),
        }
    }

    fn decode(chunks: &[LogOutput]) -> Vec<Decoded> {
        let mut d = Decoder::default();
        let mut lines = Vec::new();
        for c in chunks {
            d.feed(c, &mut lines);
        }
        d.finish(&mut lines);
        lines
    }

    fn texts(lines: &[Decoded]) -> Vec<&str> {
        lines.iter().map(|l| l.text.as_str()).collect()
    }

    #[test]
    fn multiplexed_frames_become_lines_with_their_stream_and_time() {
        let lines = decode(&[
            stdout(format!("{T1} hello\n")),
            stderr(format!("{T2} oops\n")),
        ]);
        assert_eq!(texts(&lines), ["hello", "oops"]);
        assert_eq!(lines[0].stream, LogStream::Stdout);
        assert_eq!(lines[1].stream, LogStream::Stderr);
        assert_eq!(lines[0].timestamp, T1);
        assert_eq!(lines[1].timestamp, T2);
        assert!(lines[1].key > lines[0].key);
        assert_eq!(lines[0].key, 1_796_037_625_670_576_961);
    }

    #[test]
    fn partial_records_of_a_long_line_are_joined_under_the_first_time() {
        let a = "a".repeat(PARTIAL_RECORD);
        let lines = decode(&[
            stdout(format!("{T1} {a}")),
            stderr(format!("{T2} between\n")),
            stdout(format!("{T1} {a}")),
            stdout(format!("{T1} end\n")),
        ]);
        assert_eq!(lines.len(), 2);
        assert_eq!(lines[0].text, "between");
        assert_eq!(lines[1].text, format!("{a}{a}end"));
        assert_eq!(lines[1].timestamp, T1);
        assert_eq!(lines[1].stream, LogStream::Stdout);
    }

    #[test]
    fn tty_bytes_split_anywhere_and_records_without_a_frame() {
        let raw = format!("{T1} one\r\n{T2} two\r\n{T2} thr");
        let bytes = raw.as_bytes();
        // Fed in pieces that cut through times, words and the \r\n.
        let chunks: Vec<LogOutput> = bytes.chunks(7).map(|c| console(c.to_vec())).collect();
        let lines = decode(&chunks);
        assert_eq!(texts(&lines), ["one", "two", "thr"]);
        assert!(lines.iter().all(|l| l.stream == LogStream::Tty));
        assert_eq!(lines[1].timestamp, T2);
    }

    #[test]
    fn a_long_tty_line_drops_the_times_of_its_later_records() {
        let b = "b".repeat(PARTIAL_RECORD);
        let raw = format!("{T1} {b}{T1} {b}{T1} tail\r\n{T2} next\r\n");
        let lines = decode(&[console(raw)]);
        assert_eq!(texts(&lines), [format!("{b}{b}tail").as_str(), "next"]);
    }

    #[test]
    fn a_tty_line_of_exactly_one_record_is_not_mistaken_for_a_cut() {
        let b = "b".repeat(PARTIAL_RECORD);
        let raw = format!("{T1} {b}\n{T2} 2024 is a year\n");
        let lines = decode(&[console(raw)]);
        assert_eq!(texts(&lines), [b.as_str(), "2024 is a year"]);
    }

    #[test]
    fn a_lone_carriage_return_keeps_what_follows_it() {
        let lines = decode(&[
            console(format!("{T1} 10%\r50%\r100%\r\n")),
            stdout(format!("{T1} a\rb\n")),
            stdout(format!("{T1} ends with cr\r\n")),
        ]);
        assert_eq!(texts(&lines), ["100%", "b", "ends with cr"]);
    }

    #[test]
    fn invalid_utf8_is_shown_escaped() {
        let mut raw = format!("{T1} ok é ").into_bytes();
        raw.extend_from_slice(&[0xff, 0xfe, b'x', 0xc3]);
        raw.push(b'\n');
        let lines = decode(&[stdout(raw)]);
        assert_eq!(lines[0].text, "ok é \\xFF\\xFEx\\xC3");
        assert_eq!(lines[0].cut, 0);
    }

    #[test]
    fn a_line_is_capped_and_the_rest_counted() {
        let long = "x".repeat(100 * 1024);
        let mut chunks = vec![];
        for piece in long.as_bytes().chunks(PARTIAL_RECORD) {
            chunks.push(stdout([format!("{T1} ").as_bytes(), piece].concat()));
        }
        chunks.push(stdout(format!("{T1} \n")));
        let lines = decode(&chunks);
        assert_eq!(lines.len(), 1);
        assert_eq!(lines[0].text.len(), LINE_CAP);
        assert_eq!(lines[0].cut as usize, 100 * 1024 - LINE_CAP);
    }

    #[test]
    fn the_cap_does_not_split_a_character() {
        let mut raw = format!("{T1} ").into_bytes();
        raw.extend(std::iter::repeat_n(b'a', LINE_CAP - 1));
        raw.extend("é and more".as_bytes());
        raw.push(b'\n');
        let lines = decode(&[stdout(raw)]);
        assert_eq!(lines[0].text, "a".repeat(LINE_CAP - 1));
        assert_eq!(lines[0].cut as usize, "é and more".len());
    }

    #[test]
    fn a_last_line_without_newline_and_empty_lines_are_lines() {
        let lines = decode(&[
            stdout(format!("{T1} \n")),
            stdout(format!("{T1} no newline")),
        ]);
        assert_eq!(texts(&lines), ["", "no newline"]);
    }

    #[test]
    fn records_without_a_time_are_text() {
        let lines = decode(&[stdout("plain words\n"), console("12:30 lunch\n")]);
        assert_eq!(texts(&lines), ["plain words", "12:30 lunch"]);
        assert_eq!(lines[0].timestamp, "");
        assert_eq!(lines[0].key, 0);
    }
}
