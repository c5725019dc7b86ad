//! Same seed → same event sequence, over the wire: two simulators with the same seed,
//! paused, advanced by the same simulated time, send identical MessageReceived data.

use crate::sim_support;

use serde_json::{json, Value};
use sim_support::*;
use std::time::Duration;

async fn events_of(seed: u64) -> Vec<Value> {
    let mut cfg = paused_config();
    cfg.seed = seed;
    let sim = start(cfg).await;
    let st = state(&sim).await;
    let mut hub = Hub::connect(&sim).await;
    let mut items = queue_status_of_every_queue(&st);
    for u in st["Users"].as_array().unwrap() {
        for k in [
            "UserStatus",
            "UserRealTimeTranscriptPhrase",
            "UserWrapUpTerminated",
        ] {
            items.push((u["Id"].as_str().unwrap().to_owned(), k));
        }
    }
    for chunk in items.chunks(150) {
        hub.subscribe(chunk.to_vec()).await;
    }
    admin(&sim, "control", json!({"advance_secs": 120})).await;
    let mut out = Vec::new();
    while let Some(ev) = hub.next_event(Duration::from_secs(1)).await {
        out.push(ev["data"].clone());
    }
    sim.shutdown().await;
    out
}

#[tokio::test]
async fn same_seed_same_events_over_the_wire() {
    let (a, b) = tokio::join!(events_of(7), events_of(7));
    assert!(a.len() > 100, "only {} events", a.len());
    assert_eq!(a, b);
    let c = events_of(8).await;
    assert_ne!(a, c, "another seed gives other events");
}
