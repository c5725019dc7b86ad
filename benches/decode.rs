//! Throughput of the RTE receive path: frame → records → hub messages → typed events.
//!
//! `cargo bench --bench decode` prints events per second for QueueStatus and UserStatus
//! pushes in camelCase, the shape the simulator and the platform send. Plain timing
//! harness (no statistics crate) so the figure is cheap to reproduce on CI machines.

use evtop::model::events::Casing;
use evtop::model::{EventPayload, RteEvent};
use evtop::signalr::{HubMessage, RecordReader};
use serde_json::Value;
use std::hint::black_box;
use std::time::{Duration, Instant};

fn seed_example(name: &str) -> Value {
    let all: Value =
        serde_json::from_str(include_str!("../tests/fixtures/seed004_examples.json")).unwrap();
    all[format!("event:{name}")].clone()
}

/// One WebSocket text frame carrying `per_frame` MessageReceived records.
fn frame_of(name: &str, per_frame: usize) -> Vec<u8> {
    let ev = RteEvent::from_data(seed_example(name));
    let rec = HubMessage::invocation(
        None,
        "MessageReceived",
        vec![ev.message_json(Casing::Camel)],
    )
    .encode();
    rec.repeat(per_frame).into_bytes()
}

fn run(label: &str, frame: &[u8], per_frame: usize, budget: Duration) {
    let mut reader = RecordReader::with_limit(1 << 20);
    let start = Instant::now();
    let mut events = 0u64;
    while start.elapsed() < budget {
        for record in reader.push(frame) {
            if let Ok(HubMessage::Invocation { mut arguments, .. }) = HubMessage::parse(&record) {
                let ev = RteEvent::from_message(arguments.pop().unwrap_or(Value::Null));
                assert!(!matches!(ev.payload, EventPayload::Raw(_)));
                black_box(ev);
                events += 1;
            }
        }
    }
    let secs = start.elapsed().as_secs_f64();
    println!(
        "{label:<28} {:>10.0} events/s  ({:.2} µs/event, {} bytes/frame, {per_frame} per frame)",
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
        run(name, &frame_of(name, 1), 1, budget);
    }
    run(
        "QueueStatus x16 per frame",
        &frame_of("QueueStatus", 16),
        16,
        budget,
    );
}
