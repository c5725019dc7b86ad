//! `AvailableSubscriptions` once per connection: events the hub does not offer are not
//! subscribed (no refusals collected), said once per set of names, and not again after
//! a reconnect.

use crate::session_support;
use crate::sim_support;

use evtop::api::{ApiClient, Login};
use evtop::model::EventKind;
use evtop::rte::subscriptions::Entities;
use evtop::rte::{ConnectionState, Session, SessionUpdate};
use evtop::sim::{SUPERVISOR_EMAIL, SUPERVISOR_SECRET};
use serde_json::json;
use sim_support::{admin, paused_config, start};
use std::time::Duration;
use tokio::time::{timeout_at, Instant};

const T: Duration = Duration::from_secs(15);

#[tokio::test]
async fn events_the_hub_does_not_offer_are_skipped_not_refused() {
    let mut cfg = paused_config();
    cfg.keepalive = Duration::from_millis(300);
    cfg.scenario.hidden_events = vec!["UserAvailability".into()];
    let sim = start(cfg).await;
    let api = ApiClient::connect(&Login::with_secret_key(
        sim.base_url(),
        SUPERVISOR_EMAIL,
        SUPERVISOR_SECRET,
    ))
    .await
    .unwrap();
    let entities = Entities::fetch(&api).await.unwrap();
    let keys = entities.subscriptions(&[EventKind::QueueStatus, EventKind::UserAvailability]);
    let users = entities.users.len();
    let (handle, mut updates) = Session::spawn_subscribed(
        api,
        session_support::fast_session_options(Duration::from_secs(2)),
        keys,
    );
    let deadline = Instant::now() + T;
    let mut seen = Vec::new();
    loop {
        let u = timeout_at(deadline, updates.recv()).await.unwrap().unwrap();
        let live = matches!(u, SessionUpdate::State(ConnectionState::Live));
        seen.push(u);
        if live {
            break;
        }
    }
    assert!(
        !seen
            .iter()
            .any(|u| matches!(u, SessionUpdate::SubscriptionRejected { .. })),
        "{seen:?}"
    );
    let not_offered: Vec<_> = seen
        .iter()
        .filter_map(|u| match u {
            SessionUpdate::NotOffered { names, skipped } => Some((names.clone(), *skipped)),
            _ => None,
        })
        .collect();
    assert_eq!(not_offered, [(vec!["UserAvailability".to_owned()], users)]);

    // Offered events flow.
    let queue = entities.queues[0].clone();
    admin(&sim, "control", json!({"call_queue_id": queue})).await;
    loop {
        if let SessionUpdate::Events(batch) =
            timeout_at(deadline, updates.recv()).await.unwrap().unwrap()
        {
            assert!(batch.iter().all(|e| e.kind != EventKind::UserAvailability));
            if batch.iter().any(|e| e.kind == EventKind::QueueStatus) {
                break;
            }
        }
    }

    // A reconnect asks again, and does not repeat the same line.
    admin(&sim, "faults", json!({"drop_websockets": true})).await;
    let mut after = Vec::new();
    loop {
        let u = timeout_at(deadline, updates.recv()).await.unwrap().unwrap();
        if matches!(u, SessionUpdate::Resynced) {
            break;
        }
        after.push(u);
    }
    assert!(
        !after.iter().any(|u| matches!(
            u,
            SessionUpdate::NotOffered { .. } | SessionUpdate::SubscriptionRejected { .. }
        )),
        "{after:?}"
    );
    handle.shutdown().await;
    sim.shutdown().await;
}

/// A hub that cannot say what it offers is asked for the documented events only: the
/// queue call events (beyond the RTE document) wait for a hub that offers them, so a
/// tenant without them sees no refusals.
#[tokio::test]
async fn without_an_offer_the_events_beyond_the_document_are_not_asked_for() {
    use crate::hostile_support::{Script, Silo, QUEUE, SECRET, USER};
    use evtop::api::{ClientOptions, RetryPolicy, Secret};
    use evtop::rte::SubscriptionKey;
    let silo = Silo::start(Script {
        offered: Some(json!({"error": "no such method"})),
        ..Script::default()
    })
    .await;
    let api = ApiClient::new(
        &silo.base_url(),
        USER,
        Secret::new(SECRET),
        ClientOptions {
            retry: RetryPolicy::none(),
            ..ClientOptions::default()
        },
    )
    .unwrap();
    let status = SubscriptionKey::new(QUEUE, EventKind::QueueStatus);
    let calls = SubscriptionKey::new(QUEUE, EventKind::QueueCallInArrived);
    let (handle, mut updates) = Session::spawn_subscribed(
        api,
        session_support::fast_session_options(Duration::from_secs(2)),
        vec![status.clone(), calls],
    );
    let deadline = Instant::now() + T;
    loop {
        let u = timeout_at(deadline, updates.recv()).await.unwrap().unwrap();
        assert!(
            !matches!(u, SessionUpdate::SubscriptionRejected { .. }),
            "{u:?}"
        );
        if matches!(u, SessionUpdate::State(ConnectionState::Live)) {
            break;
        }
    }
    assert_eq!(
        handle.subscriptions().into_iter().collect::<Vec<_>>(),
        [status]
    );
    handle.shutdown().await;
}
