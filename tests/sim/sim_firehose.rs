//! Firehose mode: N extra MessageReceived per second reach a subscriber. Prints the rate
//! measured; set EVTOP_FIREHOSE_RATE to try other rates.

use crate::sim_support;

use sim_support::*;
use std::time::Duration;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn firehose_delivers_the_requested_rate() {
    let rate: u32 = std::env::var("EVTOP_FIREHOSE_RATE")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(2000);
    let mut cfg = paused_config();
    cfg.firehose = Some(rate);
    let sim = start(cfg).await;
    let st = state(&sim).await;
    let mut hub = Hub::connect(&sim).await;
    let queues = queue_status_of_every_queue(&st);
    hub.subscribe(queues).await;
    // Warm up, then count for 2 s.
    let _ = hub
        .next_event(Duration::from_secs(2))
        .await
        .expect("firehose events");
    let window = Duration::from_secs(2);
    let started = tokio::time::Instant::now();
    let mut count = 0u64;
    while started.elapsed() < window {
        if hub.next_event(Duration::from_secs(1)).await.is_some() {
            count += 1;
        }
    }
    let per_sec = count as f64 / started.elapsed().as_secs_f64();
    println!("firehose: asked {rate}/s, received {per_sec:.0}/s");
    assert!(
        per_sec >= f64::from(rate) * 0.5,
        "asked {rate}/s, got {per_sec:.0}/s"
    );
    sim.shutdown().await;
}
