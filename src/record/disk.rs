//! The recorder's file side, on a thread of its own: it takes batches of whole lines
//! (about a second's worth), writes each with one large write (compressed first when the
//! file name ends in `.zst`), and rotates at the size limit, counted in bytes on disk: the
//! file becomes `FILE.1` (replacing an older one) and a new one starts with the header,
//! the last snapshot and the last connection state, so that each part replays alone. A
//! compressed part is one complete zstd frame; each batch ends a zstd block, so a file cut
//! short (the process killed) decodes up to its last batch.

use super::line::{self, Header};
use chrono::{DateTime, Utc};
use std::fs::{File, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{mpsc, Arc, Mutex};

/// The zstd level: the fastest of the normal levels (a firehose recording compresses
/// about 19 times; what costs CPU is the recording's volume, not the ratio).
const LEVEL: i32 = 1;

/// Whole lines to write, and the newest lines that start each part.
pub(super) struct Batch {
    pub bytes: Vec<u8>,
    pub last_t: Option<DateTime<Utc>>,
    /// The newest snapshot line, when the batch holds one.
    pub snapshot: Option<Vec<u8>>,
    /// The newest connection line, when the batch holds one.
    pub connection: Option<Vec<u8>>,
}

pub(super) enum Job {
    Write(Batch),
    /// Answered once everything sent before is on disk (or failed).
    Sync(mpsc::Sender<()>),
}

/// What the recorder reads of the writer: the first error and the current part's size.
#[derive(Default)]
pub(super) struct Shared {
    pub error: Mutex<Option<String>>,
    pub size: AtomicU64,
}

/// A file, counting what is written to it.
struct Counted {
    file: File,
    written: u64,
}

impl Write for Counted {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let n = self.file.write(buf)?;
        self.written += n as u64;
        Ok(n)
    }
    fn flush(&mut self) -> io::Result<()> {
        self.file.flush()
    }
}

enum Sink {
    Plain(Counted),
    Zstd(zstd::stream::write::Encoder<'static, Counted>),
}

impl Sink {
    fn open(path: &Path, compressed: bool) -> io::Result<Sink> {
        let file = open(path)?;
        let written = file.metadata().map(|m| m.len()).unwrap_or(0);
        let counted = Counted { file, written };
        Ok(if compressed {
            Sink::Zstd(zstd::stream::write::Encoder::new(counted, LEVEL)?)
        } else {
            Sink::Plain(counted)
        })
    }

    /// Writes `bytes` and passes them on to the file (a compressed block is ended).
    fn write(&mut self, bytes: &[u8]) -> io::Result<()> {
        match self {
            Sink::Plain(f) => f.write_all(bytes),
            Sink::Zstd(z) => {
                z.write_all(bytes)?;
                z.flush()
            }
        }
    }

    /// Bytes in the file.
    fn size(&self) -> u64 {
        match self {
            Sink::Plain(f) => f.written,
            Sink::Zstd(z) => z.get_ref().written,
        }
    }

    /// Ends the zstd frame (the file is then a complete stream).
    fn finish(self) -> io::Result<()> {
        match self {
            Sink::Plain(_) => Ok(()),
            Sink::Zstd(z) => z.finish().map(|_| ()),
        }
    }
}

/// The writer: owns the file.
pub(super) struct Disk {
    path: PathBuf,
    compressed: bool,
    sink: Option<Sink>,
    max_bytes: u64,
    header: Header,
    last_t: Option<DateTime<Utc>>,
    last_snapshot: Vec<u8>,
    last_connection: Vec<u8>,
    /// Uncompressed and on-disk bytes this run wrote to the current part (the ratio
    /// that predicts a compressed batch's size).
    raw: u64,
    stored: u64,
    shared: Arc<Shared>,
}

impl Disk {
    /// Opens (appends to) `path` and writes the header; compressed when the name ends in
    /// `.zst`.
    pub fn open(
        path: &Path,
        header: Header,
        max_bytes: u64,
        shared: Arc<Shared>,
    ) -> io::Result<Disk> {
        let compressed = path.extension().is_some_and(|e| e == "zst");
        let mut disk = Disk {
            path: path.to_owned(),
            compressed,
            sink: Some(Sink::open(path, compressed)?),
            max_bytes,
            header,
            last_t: None,
            last_snapshot: Vec::new(),
            last_connection: Vec::new(),
            raw: 0,
            stored: 0,
            shared,
        };
        let mut head = Vec::new();
        line::encode_header(&disk.header, &mut head);
        disk.put(&head)?;
        Ok(disk)
    }

    /// Runs the writer until the recorder hangs up; emptied buffers go back on `spare`.
    pub fn run(mut self, jobs: mpsc::Receiver<Job>, spare: mpsc::Sender<Vec<u8>>) {
        for job in jobs {
            match job {
                Job::Write(mut batch) => {
                    if self.sink.is_some() {
                        if let Err(e) = self.write(&batch) {
                            self.fail(e);
                        }
                    }
                    batch.bytes.clear();
                    let _ = spare.send(batch.bytes);
                }
                Job::Sync(done) => {
                    let _ = done.send(());
                }
            }
        }
        if let Some(sink) = self.sink.take() {
            if let Err(e) = sink.finish() {
                self.fail(e);
            }
        }
    }

    fn fail(&mut self, e: io::Error) {
        let message = format!("writing {}: {e}", self.path.display());
        tracing::warn!("recording stopped: {message}");
        self.sink = None;
        let mut error = self.shared.error.lock().unwrap_or_else(|p| p.into_inner());
        error.get_or_insert(message);
    }

    fn write(&mut self, batch: &Batch) -> io::Result<()> {
        if let Some(s) = &batch.snapshot {
            self.last_snapshot.clone_from(s);
        }
        if let Some(c) = &batch.connection {
            self.last_connection.clone_from(c);
        }
        if batch.last_t.is_some() {
            self.last_t = batch.last_t;
        }
        let size = self.size();
        if size > 0 && size + self.expected(batch.bytes.len()) > self.max_bytes {
            self.rotate()?;
        }
        self.put(&batch.bytes)
    }

    fn put(&mut self, bytes: &[u8]) -> io::Result<()> {
        let sink = self
            .sink
            .as_mut()
            .ok_or_else(|| io::Error::other("closed"))?;
        let before = sink.size();
        sink.write(bytes)?;
        let after = sink.size();
        self.raw += bytes.len() as u64;
        self.stored += after - before;
        self.shared.size.store(after, Ordering::Relaxed);
        Ok(())
    }

    fn size(&self) -> u64 {
        self.sink.as_ref().map(Sink::size).unwrap_or(0)
    }

    /// What `raw` bytes will take on disk (compressed: at this part's ratio so far).
    fn expected(&self, raw: usize) -> u64 {
        let raw = raw as u64;
        if self.compressed && self.raw > 0 {
            raw * self.stored / self.raw
        } else {
            raw
        }
    }

    /// `FILE` → `FILE.1`; a new `FILE` begins with the header and the carried lines.
    fn rotate(&mut self) -> io::Result<()> {
        if let Some(sink) = self.sink.take() {
            sink.finish()?;
        }
        let mut old = self.path.clone().into_os_string();
        old.push(".1");
        std::fs::rename(&self.path, &old)?;
        self.sink = Some(Sink::open(&self.path, self.compressed)?);
        (self.raw, self.stored) = (0, 0);
        let mut head = Vec::new();
        self.header.started = self.last_t.unwrap_or_else(Utc::now);
        line::encode_header(&self.header, &mut head);
        head.extend_from_slice(&self.last_snapshot);
        head.extend_from_slice(&self.last_connection);
        self.put(&head)
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
