//! Cost of the console's apply path, on one core: `update()` given RTE events the way the
//! session hands them on (batches of `SessionUpdate::Events`), into a busy console state
//! (the render bench's: 7 queues, 40 agents, sparklines). Each event is new (its own id,
//! a later timestamp), half QueueStatus, half UserStatus, so every one is applied, not
//! dropped as a repeat or a stale one.
//!
//! `cargo bench --bench apply` prints µs per event of CPU time (this thread's, from
//! /proc/thread-self/schedstat; wall-clock time where that file is missing) for batches
//! of 1 and 64, and with a 120×40 frame drawn (TestBackend) every 2,000 events — what
//! 20,000 events/s at the console's 10 frames/s for live data cost. Plain timing harness
//! (no statistics crate). `BENCH_MS` sets the time per row.

use chrono::Duration as Span;
use evtop::app::fixture::{busy_state, queue_status, user_status, AGENTS, QUEUES};
use evtop::app::{update, Event, State};
use evtop::model::RteEvent;
use evtop::rte::SessionUpdate;
use evtop::ui::{self, Theme};
use ratatui::backend::TestBackend;
use ratatui::Terminal;
use std::time::{Duration, Instant};

/// CPU time of this thread so far, if the kernel says.
fn thread_cpu() -> Option<Duration> {
    let text = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    let ns: u64 = text.split_whitespace().next()?.parse().ok()?;
    Some(Duration::from_nanos(ns))
}

/// The RteEvent inside a fixture's one-event update.
fn only_event(event: Event) -> RteEvent {
    match event {
        Event::Session(SessionUpdate::Events(mut batch)) if batch.len() == 1 => {
            batch.pop().expect("one event")
        }
        _ => unreachable!("the fixture wraps one event"),
    }
}

/// `n` new events after `state.now`: queue and agent ones in turn, ids `ev-{from + i}`.
fn events(state: &State, from: usize, n: usize) -> Vec<RteEvent> {
    (from..from + n)
        .map(|i| {
            let at = state.now + Span::milliseconds(i as i64);
            let id = format!("ev-{i}");
            if i % 2 == 0 {
                let (q, _) = QUEUES[(i / 2) % QUEUES.len()];
                let w = (i % 9) as i64;
                only_event(queue_status(q, &id, at, w, w * 15, (i % 4) as i64))
            } else {
                let (u, _, _) = AGENTS[(i / 2) % AGENTS.len()];
                let (q, _) = QUEUES[i % QUEUES.len()];
                only_event(user_status(u, &id, at, i % 3 == 0, Some(q)))
            }
        })
        .collect()
}

fn run(label: &str, per_batch: usize, draw_every: Option<usize>, budget: Duration) {
    let mut state = busy_state();
    let theme = Theme::builtin("default").expect("the default theme is built in");
    let mut term = Terminal::new(TestBackend::new(120, 40)).expect("test terminal");
    let chunk = 20_000;
    let (mut applied, mut since_draw, mut frames) = (0usize, 0usize, 0u64);
    let mut cpu = Duration::ZERO;
    let mut wall = Duration::ZERO;
    while wall < budget {
        // Made outside the timed part: what the session would hand on.
        let batches: Vec<Vec<RteEvent>> = events(&state, applied, chunk)
            .chunks(per_batch)
            .map(<[RteEvent]>::to_vec)
            .collect();
        let (t0, c0) = (Instant::now(), thread_cpu());
        for batch in batches {
            since_draw += batch.len();
            let effects = update(&mut state, Event::Session(SessionUpdate::Events(batch)));
            std::hint::black_box(effects);
            if let Some(every) = draw_every {
                if since_draw >= every && state.dirty {
                    term.draw(|f| ui::draw(f, &state, &theme)).expect("draw");
                    state.dirty = false;
                    since_draw = 0;
                    frames += 1;
                }
            }
        }
        let spent = t0.elapsed();
        wall += spent;
        cpu += match (c0, thread_cpu()) {
            (Some(a), Some(b)) => b - a,
            _ => spent,
        };
        applied += chunk;
        // Keep the console's clock with the events (as its 1 Hz tick would).
        let now = state.now + Span::milliseconds(chunk as i64);
        update(&mut state, Event::Tick(now));
    }
    assert!(
        state.live_seq as usize >= applied,
        "every event was applied"
    );
    let per = cpu.as_secs_f64() * 1e6 / applied as f64;
    let frames = if draw_every.is_some() {
        format!(", {frames} frames drawn")
    } else {
        String::new()
    };
    println!(
        "{label:<40} {per:>6.2} µs per event (CPU)  ({applied} events, {per_batch} per update{frames})"
    );
}

fn main() {
    let budget = Duration::from_millis(
        std::env::var("BENCH_MS")
            .ok()
            .and_then(|v| v.parse().ok())
            .unwrap_or(2000),
    );
    run("update(), one event per batch", 1, None, budget);
    run("update(), batches of 64", 64, None, budget);
    run(
        "update() + a 120x40 frame per 2,000 events",
        64,
        Some(2000),
        budget,
    );
}
