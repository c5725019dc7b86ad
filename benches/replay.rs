//! Recording and replay costs, on one core, with a synthetic shift: the fixture tenant
//! (7 queues, 40 agents), a REST snapshot, then `HOURS` hours at `RATE` RTE events a
//! second (QueueStatus and UserStatus in turn, each new), one line per event as the
//! session hands them on at that rate, and the 1 Hz clock tick.
//!
//! `cargo bench --bench replay` prints
//! - the recorder's cost per event (encoding on this thread, and the file writes on the
//!   recorder's writer thread: CPU time of both)
//!   and what that is at 2,000 events/s in % of one core, next to the console's own
//!   apply cost per event (decoding the event from its JSON text and `update()`);
//! - bytes per event and per hour;
//! - opening the recording (reading, indexing, the one full pass that leaves state
//!   copies every 20,000 lines) and seek times: 40 seeks to random moments, forward and
//!   back, and start → end → start (target: every seek < 1 s).
//!
//! `HOURS` (default 8) and `RATE` (default 50) are environment variables.

use chrono::{Duration as Span, Utc};
use evtop::app::fixture::{queue_status, snapshot, user_status, AGENTS, QUEUES};
use evtop::app::{update, Event, State};
use evtop::model::RteEvent;
use evtop::record::{read_file, Header, Player, Recorder};
use evtop::rte::SessionUpdate;
use rand::{Rng, SeedableRng};
use std::time::{Duration, Instant};

fn thread_cpu() -> Option<Duration> {
    let text = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    let ns: u64 = text.split_whitespace().next()?.parse().ok()?;
    Some(Duration::from_nanos(ns))
}

/// CPU time of this process's threads named `name` so far (the recorder's writer).
fn threads_cpu(name: &str) -> Duration {
    let mut total = Duration::ZERO;
    for task in std::fs::read_dir("/proc/self/task")
        .into_iter()
        .flatten()
        .flatten()
    {
        let path = task.path();
        let named = std::fs::read_to_string(path.join("comm")).is_ok_and(|c| c.trim() == name);
        let ns = std::fs::read_to_string(path.join("schedstat"))
            .ok()
            .and_then(|t| t.split_whitespace().next()?.parse::<u64>().ok());
        if let (true, Some(ns)) = (named, ns) {
            total += Duration::from_nanos(ns);
        }
    }
    total
}

/// CPU time of `f` on this thread (wall time where the kernel does not say).
fn cpu<T>(f: impl FnOnce() -> T) -> (T, Duration) {
    let (c0, t0) = (thread_cpu(), Instant::now());
    let out = f();
    let spent = match (c0, thread_cpu()) {
        (Some(a), Some(b)) => b - a,
        _ => t0.elapsed(),
    };
    (out, spent)
}

/// Event `i` of the shift, received at `at`, as the live path has it: decoded from the
/// `MessageReceived` text (so it carries the text it came in, as from the hub).
fn event(i: usize, at: chrono::DateTime<Utc>) -> RteEvent {
    let id = format!("ev-{i}");
    let made = if i.is_multiple_of(2) {
        let (q, _) = QUEUES[(i / 2) % QUEUES.len()];
        let w = (i % 9) as i64;
        queue_status(q, &id, at, w, w * 15, (i % 4) as i64)
    } else {
        let (u, _, _) = AGENTS[(i / 2) % AGENTS.len()];
        let (q, _) = QUEUES[i % QUEUES.len()];
        user_status(u, &id, at, i.is_multiple_of(3), Some(q))
    };
    let Event::Session(SessionUpdate::Events(mut batch)) = made else {
        unreachable!("the fixture wraps one event")
    };
    let ev = batch.pop().expect("one event");
    let text = ev
        .message_json(evtop::model::events::Casing::Camel)
        .to_string();
    RteEvent::from_message_text(&text)
}

fn env(name: &str, default: f64) -> f64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn main() {
    let hours = env("HOURS", 8.0);
    let rate = env("RATE", 50.0) as usize;
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("shift.jsonl");
    let start = Utc::now() - Span::hours(hours.ceil() as i64 + 1);
    let header = Header::new("bench", "supervisor@example.com", start, 0);
    let mut rec = Recorder::create(&path, header, u64::MAX, vec![]).expect("recorder");
    let secs = (hours * 3600.0) as usize;
    let total = secs * rate;
    println!("synthetic shift: {hours} h at {rate} events/s = {total} events");

    // The recorder, and the console's apply path for comparison, per event.
    let mut state = evtop::app::fixture::busy_state();
    let (mut rec_cpu, mut apply_cpu, mut n) = (Duration::ZERO, Duration::ZERO, 0usize);
    rec.record_at(&Event::Reload, start);
    rec.record_at(&Event::Snapshot(Box::new(snapshot())), start);
    for s in 0..secs {
        let second = start + Span::seconds(s as i64);
        // Made outside the timed parts: what the session would hand on.
        let batch: Vec<(chrono::DateTime<Utc>, String)> = (0..rate)
            .map(|k| {
                let at = second + Span::milliseconds((k * 1000 / rate) as i64);
                let e = event(n + k, at);
                (
                    at,
                    e.message_json(evtop::model::events::Casing::Camel)
                        .to_string(),
                )
            })
            .collect();
        let to_record: Vec<(chrono::DateTime<Utc>, Event)> = batch
            .iter()
            .map(|(at, text)| {
                let ev = RteEvent::from_message_text(text);
                (*at, Event::Session(SessionUpdate::Events(vec![ev])))
            })
            .collect();
        // Timed a second's worth at a time (reading the CPU clock costs microseconds).
        let ((), c) = cpu(|| {
            for (_, text) in &batch {
                let ev = Event::Session(SessionUpdate::Events(vec![RteEvent::from_message_text(
                    text,
                )]));
                let _ = update(&mut state, ev);
            }
        });
        apply_cpu += c;
        let ((), c) = cpu(|| {
            for (at, ev) in &to_record {
                rec.record_at(ev, *at);
            }
        });
        rec_cpu += c;
        n += batch.len();
        let tick = Event::Tick(second + Span::seconds(1));
        let ((), c) = cpu(|| rec.record_at(&tick, second + Span::seconds(1)));
        rec_cpu += c;
        let _ = update(&mut state, tick);
    }
    rec.flush();
    // The file work is on the recorder's writer thread.
    let writer_cpu = threads_cpu("evtop-record");
    rec_cpu += writer_cpu;
    let bytes = rec.size();
    drop(rec);
    let per_event_rec = rec_cpu.as_secs_f64() * 1e6 / n as f64;
    let per_event_apply = apply_cpu.as_secs_f64() * 1e6 / n as f64;
    println!(
        "recorder: {per_event_rec:.2} µs CPU per event (ticks included; {:.2} µs of it on the writer thread) = {:.2} % of a core at 2,000 events/s; \
         the console's decode + update(): {per_event_apply:.2} µs per event ({:.1} % of it)",
        writer_cpu.as_secs_f64() * 1e6 / n as f64,
        per_event_rec * 2000.0 / 1e4,
        100.0 * per_event_rec / per_event_apply
    );
    println!(
        "size: {bytes} bytes, {:.0} bytes per event, {:.1} MB per hour at {rate} events/s",
        bytes as f64 / n as f64,
        bytes as f64 / hours / 1e6
    );

    let (recording, read) = cpu(|| read_file(&path).expect("read"));
    let lines = recording.len();
    let (mut player, open) = cpu(|| Player::open(recording, State::new(start)));
    println!(
        "open: read + index {:.2} s, full pass with state copies {:.2} s ({lines} lines, {} skipped)",
        read.as_secs_f64(),
        open.as_secs_f64(),
        player.skipped()
    );
    let (first, last) = player.span().expect("not empty");
    let span_ms = (last - first).num_milliseconds();
    let mut rng = rand::rngs::SmallRng::seed_from_u64(15);
    let mut worst = Duration::ZERO;
    let mut sum = Duration::ZERO;
    let seeks = 40;
    for _ in 0..seeks {
        let t = first + Span::milliseconds(rng.random_range(0..=span_ms));
        let t0 = Instant::now();
        player.seek(t);
        let d = t0.elapsed();
        worst = worst.max(d);
        sum += d;
    }
    let mut ends = Vec::new();
    for t in [last, first, last] {
        let t0 = Instant::now();
        player.seek(t);
        ends.push(t0.elapsed().as_secs_f64() * 1e3);
    }
    println!(
        "seek: {seeks} random seeks, mean {:.1} ms, worst {:.1} ms; start→end {:.1} ms, end→start {:.1} ms, start→end {:.1} ms (target < 1000 ms)",
        sum.as_secs_f64() * 1e3 / seeks as f64,
        worst.as_secs_f64() * 1e3,
        ends[0],
        ends[1],
        ends[2]
    );
}
