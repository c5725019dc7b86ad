//! The recorder: appends one line per input to a file, flushing whole lines only (at
//! least once a second, on the clock tick), and rotates at a size limit: the file
//! becomes `FILE.1` (replacing an older one) and a new one starts with the header, the
//! last snapshot and the last connection state, so that each part replays alone.

use super::line::{self, Header};
use crate::app::event::Event;
use chrono::{DateTime, Utc};
use std::fs::{File, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

/// Flushed to the file once this much is waiting, or on the clock tick.
const FLUSH_AT: usize = 64 * 1024;

pub struct Recorder {
    path: PathBuf,
    file: File,
    buf: Vec<u8>,
    /// Bytes in the current file.
    size: u64,
    max_bytes: u64,
    secrets: Vec<String>,
    header: Header,
    last_t: Option<DateTime<Utc>>,
    /// The newest snapshot and connection lines: written again after a rotation.
    last_snapshot: Vec<u8>,
    last_connection: Vec<u8>,
    /// Lines written (all parts), for tests and the log.
    pub lines: u64,
    /// The first write error; recording stops there (the console goes on).
    pub error: Option<String>,
}

impl Recorder {
    /// Opens (appends to) `path` and writes the header. `secrets` are masked wherever
    /// they would appear in free text.
    pub fn create(
        path: &Path,
        header: Header,
        max_bytes: u64,
        secrets: Vec<String>,
    ) -> io::Result<Recorder> {
        let file = open(path)?;
        let size = file.metadata().map(|m| m.len()).unwrap_or(0);
        let mut r = Recorder {
            path: path.to_owned(),
            file,
            buf: Vec::with_capacity(FLUSH_AT * 2),
            size,
            max_bytes: max_bytes.max(4096),
            secrets,
            header,
            last_t: None,
            last_snapshot: Vec::new(),
            last_connection: Vec::new(),
            lines: 0,
            error: None,
        };
        line::encode_header(&r.header, &mut r.buf);
        r.lines += 1;
        r.flush();
        Ok(r)
    }

    /// Records `event` as received now.
    pub fn record(&mut self, event: &Event) {
        self.record_at(event, Utc::now());
    }

    /// Records `event` as received at `t` (made later than the previous line's time
    /// by at least 1 ns, so that times order lines).
    pub fn record_at(&mut self, event: &Event, t: DateTime<Utc>) {
        if self.error.is_some() {
            return;
        }
        let t = match self.last_t {
            Some(last) if t <= last => last + chrono::Duration::nanoseconds(1),
            _ => t,
        };
        let start = self.buf.len();
        if !line::encode(event, t, &self.secrets, &mut self.buf) {
            return;
        }
        self.last_t = Some(t);
        self.lines += 1;
        match event {
            Event::Snapshot(_) => {
                self.last_snapshot.clear();
                self.last_snapshot.extend_from_slice(&self.buf[start..]);
            }
            Event::Session(crate::rte::SessionUpdate::State(_)) => {
                self.last_connection.clear();
                self.last_connection.extend_from_slice(&self.buf[start..]);
            }
            _ => {}
        }
        if matches!(event, Event::Tick(_)) || self.buf.len() >= FLUSH_AT {
            self.flush();
        }
    }

    /// Writes what is waiting (whole lines), rotating first when the file is full.
    pub fn flush(&mut self) {
        if self.buf.is_empty() || self.error.is_some() {
            return;
        }
        if self.size > 0 && self.size + self.buf.len() as u64 > self.max_bytes {
            if let Err(e) = self.rotate() {
                self.fail(format!("rotating {}: {e}", self.path.display()));
                return;
            }
        }
        match self.file.write_all(&self.buf) {
            Ok(()) => {
                self.size += self.buf.len() as u64;
                self.buf.clear();
            }
            Err(e) => self.fail(format!("writing {}: {e}", self.path.display())),
        }
    }

    fn fail(&mut self, message: String) {
        tracing::warn!("recording stopped: {message}");
        self.error = Some(message);
        self.buf.clear();
    }

    /// `FILE` → `FILE.1`; a new `FILE` begins with the header and the carried lines.
    fn rotate(&mut self) -> io::Result<()> {
        let _ = self.file.flush();
        let mut old = self.path.clone().into_os_string();
        old.push(".1");
        std::fs::rename(&self.path, &old)?;
        self.file = open(&self.path)?;
        self.size = 0;
        let mut head = Vec::new();
        self.header.started = self.last_t.unwrap_or_else(Utc::now);
        line::encode_header(&self.header, &mut head);
        head.extend_from_slice(&self.last_snapshot);
        head.extend_from_slice(&self.last_connection);
        self.file.write_all(&head)?;
        self.size += head.len() as u64;
        Ok(())
    }

    /// The receive time written on the last line.
    pub fn last_time(&self) -> Option<DateTime<Utc>> {
        self.last_t
    }

    /// The current file's size in bytes (what is flushed).
    pub fn size(&self) -> u64 {
        self.size
    }
}

impl Drop for Recorder {
    fn drop(&mut self) {
        self.flush();
    }
}

fn open(path: &Path) -> io::Result<File> {
    let mut o = OpenOptions::new();
    o.create(true).append(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        o.mode(0o600);
    }
    o.open(path)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::record::reader::read_file;

    #[test]
    fn a_full_file_rotates_and_each_part_starts_with_header_and_snapshot() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("r.jsonl");
        let header = Header::new("silo", "me@example.com", Utc::now(), 7200);
        let mut r = Recorder::create(&path, header, 4096, vec![]).unwrap();
        r.record(&Event::Snapshot(Box::default()));
        let t0 = Utc::now();
        for i in 0..200 {
            r.record(&Event::Tick(t0 + chrono::Duration::seconds(i)));
        }
        drop(r);
        let old = dir.path().join("r.jsonl.1");
        assert!(old.exists(), "rotated");
        let len = std::fs::metadata(&path).unwrap().len();
        assert!(len <= 4096, "the current part is bounded: {len}");
        let part = read_file(&path).unwrap();
        let h = part.header.as_ref().expect("header in the new part");
        assert_eq!((h.silo.as_str(), h.time_zone.as_str()), ("silo", "+02:00"));
        assert_eq!((part.skipped, part.truncated), (0, false));
        assert!(matches!(part.event(0), Some(Event::Snapshot(_))));
        assert!(read_file(&old).unwrap().len() > 10);
    }
}
