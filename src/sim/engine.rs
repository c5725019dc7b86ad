//! The ticker: advances the model in fixed simulated steps, as many as real time times
//! `speed` calls for, and publishes what happened.

use super::model::STEP_MS;
use super::state::{lock, Shared};
use std::sync::Arc;
use std::time::Duration;
use tokio::time::Instant;

/// Real-time tick of the ticker.
const TICK: Duration = Duration::from_millis(100);
/// At most this many model steps per tick (a stalled process must not spiral).
const MAX_STEPS_PER_TICK: u64 = 2000;
/// Model steps taken under one hold of the model's lock.
const STEPS_PER_CHUNK: u64 = 25;

pub async fn run(shared: Arc<Shared>) {
    let mut interval = tokio::time::interval(TICK);
    interval.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    let mut shutdown = shared.shutdown.clone();
    let mut last = Instant::now();
    let mut debt_ms = 0.0f64;
    loop {
        tokio::select! {
            _ = interval.tick() => {}
            _ = shutdown.changed() => return,
        }
        let now = Instant::now();
        let real_ms = now.duration_since(last).as_secs_f64() * 1000.0;
        last = now;
        let speed = shared.speed();
        if speed <= 0.0 {
            debt_ms = 0.0;
            continue;
        }
        debt_ms += real_ms * speed;
        let steps = ((debt_ms / STEP_MS as f64).floor() as u64).min(MAX_STEPS_PER_TICK);
        if steps == 0 {
            continue;
        }
        debt_ms = (debt_ms - (steps * STEP_MS as u64) as f64).min(STEP_MS as f64 * 10.0);
        // In chunks, the model's lock released and the worker yielded between them: a
        // tick that owes many steps (a fast speed on a slow or loaded machine) must not
        // hold the model, which REST handlers wait for on a worker thread, nor the
        // worker, whose other tasks (a hub connection's pings and closes) would starve.
        let mut left = steps;
        while left > 0 {
            let chunk = left.min(STEPS_PER_CHUNK);
            left -= chunk;
            let events = lock(&shared.model).advance(chunk);
            shared.publish(events);
            tokio::task::yield_now().await;
        }
    }
}
