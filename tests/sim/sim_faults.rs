//! Every fault of `POST /_sim/faults`, observed from the client side.

use crate::sim_support;

use evtop::signalr::protocol::HubMessage;
use serde_json::{json, Value};
use sim_support::*;
use std::time::Duration;

#[tokio::test]
async fn drop_websockets_cuts_sockets_without_a_close_message() {
    let sim = start(paused_config()).await;
    let mut a = Hub::connect(&sim).await;
    let mut b = Hub::connect(&sim).await;
    admin(&sim, "faults", json!({"drop_websockets": true})).await;
    for hub in [&mut a, &mut b] {
        let mut got = Vec::new();
        while let Some(rec) = hub.next_record(Duration::from_secs(3)).await {
            got.push(rec);
        }
        assert!(
            got.iter().all(|r| !r.contains("\"type\":7")),
            "no Close record expected: {got:?}"
        );
    }
    // New connections work.
    let mut c = Hub::connect(&sim).await;
    assert!(matches!(
        c.invoke("ActiveSubscriptions", vec![]).await,
        evtop::signalr::Outcome::Result(_)
    ));
    sim.shutdown().await;
}

#[tokio::test]
async fn refuse_tokens_refuses_the_next_n() {
    let sim = start(paused_config()).await;
    admin(&sim, "faults", json!({"refuse_tokens": 2})).await;
    assert_eq!(get(&sim, "/token/me/rte/").await.0, 401);
    assert_eq!(get(&sim, "/token/me/rte/").await.0, 401);
    assert_eq!(get(&sim, "/token/me/rte/").await.0, 200);
    sim.shutdown().await;
}

#[tokio::test]
async fn failing_rest_with_retry_after_and_clear() {
    let sim = start(paused_config()).await;
    admin(
        &sim,
        "faults",
        json!({"rest_error_rate": 1.0, "rest_error_status": 429}),
    )
    .await;
    let r = http()
        .get(format!("{}/queues", sim.base_url()))
        .basic_auth(
            evtop::sim::SUPERVISOR_EMAIL,
            Some(evtop::sim::SUPERVISOR_SECRET),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 429);
    assert_eq!(r.headers()["retry-after"], "1");
    admin(&sim, "faults", json!({"rest_error_status": 500})).await;
    assert_eq!(get(&sim, "/users/me").await.0, 500);
    // Discovery and the admin API are not affected.
    let r = http()
        .get(format!("{}/api/user/?user=a@b", sim.base_url()))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    // Half the requests fail.
    admin(
        &sim,
        "faults",
        json!({"rest_error_rate": 0.5, "rest_error_status": 503}),
    )
    .await;
    let mut failed = 0;
    for _ in 0..60 {
        if get(&sim, "/users/me").await.0 == 503 {
            failed += 1;
        }
    }
    assert!((10..=50).contains(&failed), "{failed} of 60 failed");
    let settings = admin(&sim, "faults", json!({"clear": true})).await;
    assert_eq!(settings["rest_error_rate"], 0.0);
    assert_eq!(get(&sim, "/users/me").await.0, 200);
    // Bad fault requests are refused.
    let r = http()
        .post(format!("{}/_sim/faults", sim.base_url()))
        .json(&json!({"rest_error_rate": 7}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 400);
    let r = http()
        .post(format!("{}/_sim/faults", sim.base_url()))
        .json(&json!({"no_such_fault": true}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 400);
    sim.shutdown().await;
}

#[tokio::test]
async fn malformed_frame_reaches_clients() {
    let sim = start(paused_config()).await;
    let mut hub = Hub::connect(&sim).await;
    admin(&sim, "faults", json!({"malformed_frame": true})).await;
    let rec = hub.next_record(WAIT).await.expect("a frame");
    assert!(HubMessage::parse(&rec).is_err(), "{rec} should not parse");
    sim.shutdown().await;
}

#[tokio::test]
async fn stop_pings_silences_keepalive_until_cleared() {
    let mut cfg = paused_config();
    cfg.keepalive = Duration::from_millis(150);
    let sim = start(cfg).await;
    let mut hub = Hub::connect(&sim).await;
    assert!(matches!(
        hub.next(Duration::from_secs(2)).await,
        Some(HubMessage::Ping)
    ));
    admin(&sim, "faults", json!({"stop_pings": true})).await;
    // A ping may already be on its way; after that, silence.
    let _ = hub.next(Duration::from_millis(300)).await;
    assert!(
        hub.next(Duration::from_millis(800)).await.is_none(),
        "pings stopped"
    );
    admin(&sim, "faults", json!({"stop_pings": false})).await;
    assert!(matches!(
        hub.next(Duration::from_secs(2)).await,
        Some(HubMessage::Ping)
    ));
    sim.shutdown().await;
}

#[tokio::test]
async fn close_with_error_allows_reconnect() {
    let sim = start(paused_config()).await;
    let mut hub = Hub::connect(&sim).await;
    admin(
        &sim,
        "faults",
        json!({"close_with_error": "Maintenance break"}),
    )
    .await;
    match hub.next(WAIT).await {
        Some(HubMessage::Close {
            error,
            allow_reconnect,
        }) => {
            assert_eq!(error.as_deref(), Some("Maintenance break"));
            assert!(allow_reconnect);
        }
        other => panic!("{other:?}"),
    }
    assert!(hub.next(Duration::from_secs(2)).await.is_none(), "closed");
    sim.shutdown().await;
}

#[tokio::test]
async fn wss_endpoint_without_scheme_switch() {
    let sim = start(paused_config()).await;
    admin(&sim, "faults", json!({"wss_without_scheme": true})).await;
    let t = token(&sim).await;
    assert!(
        t.wss_endpoint.starts_with("127.0.0.1:"),
        "{}",
        t.wss_endpoint
    );
    let faults: Value = http()
        .get(format!("{}/_sim/faults", sim.base_url()))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(faults["wss_without_scheme"], true);
    sim.shutdown().await;
}
