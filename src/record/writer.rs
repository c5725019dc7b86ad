//! The recorder: encodes one line per input into a buffer on the console's thread and
//! hands the buffer, about a second's worth of whole lines, to the writer thread
//! ([`super::disk`]) on the clock tick (or sooner when it grows large); the writer does
//! the file work (compression, rotation, the system calls). Buffers come back emptied, so
//! their memory is reused.

use super::disk::{Batch, Disk, Job, Shared};
use super::line::{self, Header};
use crate::app::event::Event;
use chrono::{DateTime, Utc};
use std::io;
use std::path::Path;
use std::sync::atomic::Ordering;
use std::sync::{mpsc, Arc};
use std::thread::JoinHandle;

/// Handed to the writer before the tick once this much is waiting.
const HAND_OFF_AT: usize = 4 * 1024 * 1024;
/// Batches waiting for the writer before the recorder waits for it (a slow disk).
const QUEUED: usize = 8;

pub struct Recorder {
    buf: Vec<u8>,
    jobs: Option<mpsc::SyncSender<Job>>,
    spare: mpsc::Receiver<Vec<u8>>,
    writer: Option<JoinHandle<()>>,
    shared: Arc<Shared>,
    secrets: Vec<String>,
    last_t: Option<DateTime<Utc>>,
    /// The newest snapshot and connection lines since the last hand-off (the writer
    /// starts each rotated part with them).
    snapshot: Option<Vec<u8>>,
    connection: Option<Vec<u8>>,
    /// Lines written (all parts), for tests and the log.
    pub lines: u64,
    /// The first write error; recording stops there (the console goes on).
    pub error: Option<String>,
}

impl Recorder {
    /// Opens (appends to) `path` and writes the header (zstd-compressed when the name
    /// ends in `.zst`). `secrets` are masked wherever they would appear in free text.
    pub fn create(
        path: &Path,
        header: Header,
        max_bytes: u64,
        secrets: Vec<String>,
    ) -> io::Result<Recorder> {
        let shared = Arc::new(Shared::default());
        let disk = Disk::open(path, header, max_bytes.max(4096), shared.clone())?;
        let (jobs, jobs_rx) = mpsc::sync_channel(QUEUED);
        let (spare_tx, spare) = mpsc::channel();
        let writer = std::thread::Builder::new()
            .name("evtop-record".into())
            .spawn(move || disk.run(jobs_rx, spare_tx))?;
        Ok(Recorder {
            buf: Vec::new(),
            jobs: Some(jobs),
            spare,
            writer: Some(writer),
            shared,
            secrets,
            last_t: None,
            snapshot: None,
            connection: None,
            lines: 1,
            error: None,
        })
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
            Event::Snapshot(_) => self.snapshot = Some(self.buf[start..].to_vec()),
            Event::Session(crate::rte::SessionUpdate::State(_)) => {
                self.connection = Some(self.buf[start..].to_vec())
            }
            _ => {}
        }
        if matches!(event, Event::Tick(_)) || self.buf.len() >= HAND_OFF_AT {
            self.hand_off();
        }
    }

    /// Gives what is waiting to the writer (without waiting for it).
    fn hand_off(&mut self) {
        if self.error.is_none() {
            self.error = self.shared.error.lock().ok().and_then(|e| e.clone());
        }
        if self.buf.is_empty() || self.error.is_some() {
            return;
        }
        let Some(jobs) = &self.jobs else { return };
        let next = self
            .spare
            .try_recv()
            .unwrap_or_else(|_| Vec::with_capacity(self.buf.capacity()));
        let batch = Batch {
            bytes: std::mem::replace(&mut self.buf, next),
            last_t: self.last_t,
            snapshot: self.snapshot.take(),
            connection: self.connection.take(),
        };
        if jobs.send(Job::Write(batch)).is_err() {
            self.error = Some("the recording's writer stopped".into());
        }
    }

    /// Writes what is waiting and waits until it is on disk (or failed: see `error`).
    pub fn flush(&mut self) {
        self.hand_off();
        if let Some(jobs) = &self.jobs {
            let (done, wait) = mpsc::channel();
            if jobs.send(Job::Sync(done)).is_ok() {
                let _ = wait.recv();
            }
        }
        if self.error.is_none() {
            self.error = self.shared.error.lock().ok().and_then(|e| e.clone());
        }
    }

    /// The receive time written on the last line.
    pub fn last_time(&self) -> Option<DateTime<Utc>> {
        self.last_t
    }

    /// The current part's size in bytes on disk (what the writer has written).
    pub fn size(&self) -> u64 {
        self.shared.size.load(Ordering::Relaxed)
    }
}

impl Drop for Recorder {
    /// Writes what is waiting and closes the file (a compressed one ends its frame).
    fn drop(&mut self) {
        self.hand_off();
        self.jobs = None;
        if let Some(writer) = self.writer.take() {
            let _ = writer.join();
        }
    }
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

    /// A shift of `seconds`: a snapshot, then 20 QueueStatus events and a tick a second
    /// (the tick hands the second's lines to the writer).
    fn shift(r: &mut Recorder, t0: DateTime<Utc>, seconds: i64) {
        use crate::app::fixture::{queue_status, snapshot, QUEUES};
        r.record_at(&Event::Snapshot(Box::new(snapshot())), t0);
        for s in 0..seconds {
            let second = t0 + chrono::Duration::seconds(s);
            for k in 0..20 {
                let at = second + chrono::Duration::milliseconds(k * 50);
                let (q, _) = QUEUES[(s * 20 + k) as usize % QUEUES.len()];
                let ev = queue_status(q, &format!("e{s}-{k}"), at, k % 7, s, k % 3);
                r.record_at(&ev, at);
            }
            let tick = second + chrono::Duration::seconds(1);
            r.record_at(&Event::Tick(tick), tick);
        }
    }

    fn lines_of(path: &Path) -> Vec<String> {
        let rec = read_file(path).unwrap();
        (0..rec.len())
            .map(|i| format!("{:?}", rec.event(i).expect("decodes")))
            .collect()
    }

    #[test]
    fn a_zst_name_records_compressed_and_reads_back_as_the_plain_one() {
        let dir = tempfile::tempdir().unwrap();
        let t0: DateTime<Utc> = "2026-03-02T08:00:00Z".parse().unwrap();
        let mut sizes = Vec::new();
        for name in ["r.jsonl", "r.jsonl.zst"] {
            let header = Header::new("silo", "me@example.com", t0, 0);
            let mut r = Recorder::create(&dir.path().join(name), header, u64::MAX, vec![]).unwrap();
            shift(&mut r, t0, 30);
            drop(r);
            sizes.push(std::fs::metadata(dir.path().join(name)).unwrap().len());
        }
        let zst = std::fs::read(dir.path().join("r.jsonl.zst")).unwrap();
        assert_eq!(&zst[..4], &[0x28, 0xb5, 0x2f, 0xfd], "a zstd frame");
        let whole = zstd::decode_all(&zst[..]).expect("one complete stream");
        assert_eq!(whole, std::fs::read(dir.path().join("r.jsonl")).unwrap());
        assert!(sizes[1] * 5 < sizes[0], "compressed: {sizes:?}");
        let plain = lines_of(&dir.path().join("r.jsonl"));
        assert_eq!(plain.len(), 1 + 30 * 21);
        assert_eq!(lines_of(&dir.path().join("r.jsonl.zst")), plain);
    }

    #[test]
    fn a_second_run_appending_to_a_zst_file_adds_a_frame_and_both_runs_replay() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("r.zst");
        let t0: DateTime<Utc> = "2026-03-02T08:00:00Z".parse().unwrap();
        for run in 0..2 {
            let start = t0 + chrono::Duration::minutes(run * 10);
            let header = Header::new("silo", "me@example.com", start, 0);
            let mut r = Recorder::create(&path, header, u64::MAX, vec![]).unwrap();
            shift(&mut r, start, 5);
        }
        let rec = read_file(&path).unwrap();
        assert_eq!(
            (rec.len(), rec.skipped, rec.truncated),
            (2 * (1 + 5 * 21), 0, false)
        );
        assert_eq!(rec.last_time(), Some(t0 + chrono::Duration::seconds(605)));
    }

    #[test]
    fn a_compressed_recording_rotates_on_its_size_on_disk_and_each_part_is_a_whole_stream() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("r.zst");
        let t0: DateTime<Utc> = "2026-03-02T08:00:00Z".parse().unwrap();
        let header = Header::new("silo", "me@example.com", t0, 0);
        let max = 4096;
        let mut r = Recorder::create(&path, header, max, vec![]).unwrap();
        // ~16 KiB of lines a second: a plain file would rotate every second.
        shift(&mut r, t0, 60);
        drop(r);
        let old = dir.path().join("r.zst.1");
        let size = std::fs::metadata(&path).unwrap().len();
        assert!(old.exists(), "rotated ({size} bytes in the current part)");
        let parts = [std::fs::read(&old).unwrap(), std::fs::read(&path).unwrap()];
        for part in &parts {
            assert!(part.len() as u64 <= max + max / 4, "{} bytes", part.len());
            let text = zstd::decode_all(&part[..]).expect("a complete stream");
            assert!(text.starts_with(b"{\"t\":"), "starts with a line");
            assert!(
                text.len() as u64 > 2 * max,
                "the limit counts compressed bytes"
            );
        }
        let current = read_file(&path).unwrap();
        assert_eq!(
            current.header.as_ref().map(|h| h.silo.as_str()),
            Some("silo")
        );
        assert!(matches!(current.event(0), Some(Event::Snapshot(_))));
        assert_eq!((current.skipped, current.truncated), (0, false));
    }

    #[test]
    fn a_compressed_recording_cut_short_replays_up_to_the_cut() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("r.zst");
        let t0: DateTime<Utc> = "2026-03-02T08:00:00Z".parse().unwrap();
        let header = Header::new("silo", "me@example.com", t0, 0);
        let mut r = Recorder::create(&path, header, u64::MAX, vec![]).unwrap();
        shift(&mut r, t0, 40);
        // What a killed recorder leaves: the blocks written so far, no end of frame.
        r.flush();
        let on_disk = std::fs::read(&path).unwrap();
        drop(r);
        let whole = lines_of(&path);
        let cut_path = dir.path().join("cut.zst");
        for cut in [on_disk.len() - 1, on_disk.len() * 2 / 3, on_disk.len() / 3] {
            std::fs::write(&cut_path, &on_disk[..cut]).unwrap();
            let rec = read_file(&cut_path).unwrap();
            assert!(rec.truncated, "cut at {cut}");
            assert_eq!(rec.skipped, 0);
            let got = lines_of(&cut_path);
            assert!(
                got.len() > 10 && got.len() < whole.len(),
                "{} of {}",
                got.len(),
                whole.len()
            );
            assert_eq!(
                got[..],
                whole[..got.len()],
                "the lines before the cut, as recorded"
            );
            let mut player = crate::record::Player::open(rec, crate::app::State::new(t0));
            let (_, last) = player.span().unwrap();
            player.seek(last);
            assert!(!player.state().queues.is_empty(), "replayed to the cut");
        }
    }

    #[test]
    fn lines_reach_the_file_in_one_piece_at_the_tick_not_line_by_line() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("r.jsonl");
        let t0: DateTime<Utc> = "2026-03-02T08:00:00Z".parse().unwrap();
        let header = Header::new("silo", "me@example.com", t0, 0);
        let mut r = Recorder::create(&path, header, u64::MAX, vec![]).unwrap();
        r.flush();
        let header_only = std::fs::metadata(&path).unwrap().len();
        use crate::app::fixture::queue_status;
        // ~300 KiB of events within a second.
        for k in 0..1000 {
            let at = t0 + chrono::Duration::microseconds(k * 900);
            r.record_at(&queue_status("q1", &format!("e{k}"), at, 1, 2, 3), at);
        }
        assert_eq!(std::fs::metadata(&path).unwrap().len(), header_only);
        let tick = t0 + chrono::Duration::seconds(1);
        r.record_at(&Event::Tick(tick), tick);
        r.flush();
        assert!(std::fs::metadata(&path).unwrap().len() > header_only + 300_000);
        assert_eq!(r.size(), std::fs::metadata(&path).unwrap().len());
        assert_eq!(read_file(&path).unwrap().len(), 1001);
    }
}
