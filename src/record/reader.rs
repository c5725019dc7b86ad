//! Reading a recording: an index of its lines (receive time, where the line is), built in
//! one pass without decoding the bodies; lines are decoded when applied. A line that is
//! not JSON, or of a kind this build does not know, is skipped and counted; a last line
//! cut short (a recorder killed mid-write) is dropped without complaint.

use super::line::{self, Decoded, Header};
use crate::app::event::Event;
use chrono::{DateTime, Utc};
use std::io;
use std::path::Path;

/// Where one line is in the recording's text, and when it was received.
#[derive(Debug, Clone, Copy)]
pub struct Entry {
    pub t: DateTime<Utc>,
    pub offset: usize,
    pub len: u32,
}

/// A recording in memory: its text and the index of its event lines.
pub struct Recording {
    text: Vec<u8>,
    pub header: Option<Header>,
    pub entries: Vec<Entry>,
    /// Lines skipped: not JSON, or of a kind this build does not know.
    pub skipped: usize,
    /// The last line was cut short (dropped).
    pub truncated: bool,
}

/// Reads the file at `path`, plain or zstd-compressed (told by its first bytes).
pub fn read_file(path: &Path) -> io::Result<Recording> {
    let bytes = std::fs::read(path)?;
    if !bytes.starts_with(&ZSTD_MAGIC) {
        return Ok(read_text(bytes));
    }
    let (text, cut) = unzstd(&bytes);
    let mut rec = read_text(text);
    rec.truncated |= cut;
    Ok(rec)
}

/// The first bytes of a zstd frame.
const ZSTD_MAGIC: [u8; 4] = [0x28, 0xb5, 0x2f, 0xfd];

/// Decompresses `bytes` (one frame or several, as appending runs leave them) as far as
/// they go: a stream cut short (the recorder killed) gives what its whole blocks hold,
/// and `true`.
fn unzstd(bytes: &[u8]) -> (Vec<u8>, bool) {
    use std::io::Read;
    let mut text = Vec::with_capacity(bytes.len().saturating_mul(8).min(1 << 28));
    let cut = match zstd::stream::read::Decoder::with_buffer(bytes) {
        Ok(mut d) => d.read_to_end(&mut text).is_err(),
        Err(_) => true,
    };
    (text, cut)
}

/// The receive time of a line written by [`line`] (`{"t":"…",`), read without decoding
/// the rest; `None` for another shape.
fn quick_time(line: &[u8]) -> Option<DateTime<Utc>> {
    let rest = line.strip_prefix(b"{\"t\":\"")?;
    let end = memchr::memchr(b'"', rest)?;
    let text = std::str::from_utf8(&rest[..end]).ok()?;
    DateTime::parse_from_rfc3339(text).ok().map(|t| t.to_utc())
}

/// Whether a line's kind is one this build reads (known kinds are checked cheaply; the
/// body is decoded later).
fn known_kind(line: &[u8]) -> Option<bool> {
    let at = memchr::memmem::find(line, b"\"kind\":\"")? + 8;
    let end = memchr::memchr(b'"', &line[at..])? + at;
    Some(matches!(
        &line[at..end],
        b"tick"
            | b"reload"
            | b"snapshot_failed"
            | b"snapshot"
            | b"action_done"
            | b"events"
            | b"connection"
            | b"subscription_rejected"
            | b"subscriptions_restored"
            | b"resynced"
            | b"not_offered"
    ))
}

/// Indexes `text`.
pub fn read_text(text: Vec<u8>) -> Recording {
    let mut rec = Recording {
        text: Vec::new(),
        header: None,
        entries: Vec::new(),
        skipped: 0,
        truncated: false,
    };
    let mut offset = 0;
    while offset < text.len() {
        let (line, next, complete) = match memchr::memchr(b'\n', &text[offset..]) {
            Some(n) => (&text[offset..offset + n], offset + n + 1, true),
            None => (&text[offset..], text.len(), false),
        };
        let trimmed = line.strip_suffix(b"\r").unwrap_or(line);
        if trimmed.iter().all(u8::is_ascii_whitespace) {
            offset = next;
            continue;
        }
        match (quick_time(trimmed), known_kind(trimmed)) {
            (Some(t), Some(true)) if complete || line_parses(trimmed) => rec.entries.push(Entry {
                t,
                offset,
                len: trimmed.len() as u32,
            }),
            _ => match std::str::from_utf8(trimmed).map(line::decode) {
                Ok(Ok(Decoded::Header(h))) => {
                    if rec.header.is_none() {
                        rec.header = Some(h);
                    }
                }
                Ok(Ok(Decoded::Event(t, _))) => rec.entries.push(Entry {
                    t,
                    offset,
                    len: trimmed.len() as u32,
                }),
                _ if !complete => rec.truncated = true,
                _ => rec.skipped += 1,
            },
        }
        offset = next;
    }
    // Receive times only grow in a recording; a file appended to by two runs may step
    // back: order by time, keeping file order among equals.
    if rec.entries.windows(2).any(|w| w[1].t < w[0].t) {
        rec.entries.sort_by_key(|e| e.t);
    }
    rec.text = text;
    rec
}

fn line_parses(line: &[u8]) -> bool {
    std::str::from_utf8(line)
        .map(|s| line::decode(s).is_ok())
        .unwrap_or(false)
}

impl Recording {
    /// Decodes entry `i`; `None` when its body does not decode (counted by the caller).
    pub fn event(&self, i: usize) -> Option<Event> {
        let e = self.entries.get(i)?;
        let bytes = &self.text[e.offset..e.offset + e.len as usize];
        match line::decode(std::str::from_utf8(bytes).ok()?) {
            Ok(Decoded::Event(_, ev)) => Some(ev),
            _ => None,
        }
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    pub fn first_time(&self) -> Option<DateTime<Utc>> {
        self.entries.first().map(|e| e.t)
    }

    pub fn last_time(&self) -> Option<DateTime<Utc>> {
        self.entries.last().map(|e| e.t)
    }

    /// How many entries were received at or before `t`.
    pub fn count_until(&self, t: DateTime<Utc>) -> usize {
        self.entries.partition_point(|e| e.t <= t)
    }
}
