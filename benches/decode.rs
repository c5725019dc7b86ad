//! Throughput of the RTE receive path, on one core: WebSocket frame bytes → records →
//! hub messages → typed events, the way the hub connection and the session do it
//! (`RecordReader::push_shared`, `Incoming::parse` up to the arguments, then
//! `RteEvent::from_invocation`: one pass over each record).
//!
//! `cargo bench --bench decode` prints events per second of CPU time (this thread's, from
//! /proc/thread-self/schedstat, so other load on the machine does not lower the figure;
//! wall-clock time where that file is missing) for QueueStatus and UserStatus pushes in
//! camelCase, the shape the simulator and the platform send, one record per frame (as
//! the platform frames them) and 16 per frame (as the simulator's firehose does). The
//! last rows add writing the `evtop events` line. Plain timing harness (no statistics
//! crate) so the figure is cheap to reproduce. `BENCH_MS` sets the time per row.

use bytes::Bytes;
use evtop::model::events::Casing;
use evtop::model::{EventPayload, RteEvent};
use evtop::shared_text::SharedText;
use evtop::signalr::{Incoming, RecordReader};
use serde_json::Value;
use std::hint::black_box;
use std::time::{Duration, Instant};

fn seed_example(name: &str) -> Value {
    let all: Value =
        serde_json::from_str(include_str!("../tests/fixtures/seed004_examples.json")).unwrap();
    all[format!("event:{name}")].clone()
}

/// One WebSocket text frame carrying `per_frame` MessageReceived records, written as the
/// hub writes them (subscription first, as the simulator and the seed's example do).
fn frame_of(name: &str, per_frame: usize) -> Bytes {
    let mut ev = RteEvent::from_data(seed_example(name));
    let entity_id = ev.entity_id().to_owned();
    let sub = std::sync::Arc::make_mut(&mut ev.subscription);
    sub.event_type = name.to_owned();
    sub.entity_type = ev.kind.entity_type().to_owned();
    sub.entity_id = entity_id;
    let subscription = serde_json::to_string(&*ev.subscription).unwrap();
    let data = ev.data_json(Casing::Camel);
    let rec = format!(
        "{{\"type\":1,\"target\":\"MessageReceived\",\"arguments\":[{{\"subscription\":{subscription},\"data\":{data}}}]}}\u{1e}"
    );
    Bytes::from(rec.repeat(per_frame))
}

/// CPU time of this thread so far, if the kernel says.
fn thread_cpu() -> Option<Duration> {
    let text = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    let ns: u64 = text.split_whitespace().next()?.parse().ok()?;
    Some(Duration::from_nanos(ns))
}

fn run(label: &str, frame: &Bytes, per_frame: usize, budget: Duration, line: bool) {
    let mut reader = RecordReader::with_limit(evtop::limits::HUB_RECORD);
    let mut out = Vec::with_capacity(1 << 16);
    let start = Instant::now();
    let cpu0 = thread_cpu();
    let mut events = 0u64;
    let mut records = Vec::with_capacity(per_frame);
    while start.elapsed() < budget {
        // What the connection task gets: a frame's bytes, shared.
        let frame = frame.clone();
        reader.push_shared(&frame, |r| records.push(r));
        for record in records.drain(..) {
            let text = std::str::from_utf8(&record).unwrap();
            if let Ok(Incoming::Invocation { arguments_at, .. }) = Incoming::parse(text) {
                let record = SharedText::of(&record, text);
                let ev = RteEvent::from_invocation(&record, arguments_at).expect("usual shape");
                assert!(!matches!(ev.payload, EventPayload::Raw(_)));
                if line {
                    evtop::faces::events::write_event_line(&ev, &mut out);
                    out.clear();
                }
                black_box(ev);
                events += 1;
            }
        }
    }
    let wall = start.elapsed().as_secs_f64();
    let (secs, clock) = match (cpu0, thread_cpu()) {
        (Some(a), Some(b)) => ((b - a).as_secs_f64(), "CPU"),
        _ => (wall, "wall"),
    };
    println!(
        "{label:<34} {:>9.0} events per {clock}-second  ({:.2} µs/event, {} bytes/frame, {per_frame} per frame)",
        events as f64 / secs,
        secs * 1e6 / events as f64,
        frame.len()
    );
}

fn main() {
    let budget = Duration::from_millis(
        std::env::var("BENCH_MS")
            .ok()
            .and_then(|v| v.parse().ok())
            .unwrap_or(2000),
    );
    for name in [
        "QueueStatus",
        "UserStatus",
        "UserRealTimeTranscriptPhrase",
        "CallbackChanged",
    ] {
        run(name, &frame_of(name, 1), 1, budget, false);
    }
    for name in ["QueueStatus", "UserStatus"] {
        run(
            &format!("{name} x16 per frame"),
            &frame_of(name, 16),
            16,
            budget,
            false,
        );
    }
    for name in ["QueueStatus", "UserStatus"] {
        run(
            &format!("{name} + events line"),
            &frame_of(name, 1),
            1,
            budget,
            true,
        );
    }
}
