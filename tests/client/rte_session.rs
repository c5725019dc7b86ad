//! The RTE session against a small scripted tenant on loopback (token endpoint + hub):
//! subscriptions in batches, refused ones surfaced, automatic reconnect with every
//! subscription restored and `Resynced`, 401 on the token retried, a final Close
//! reported as `Failed`, shutdown.

use axum::extract::ws::{Message, WebSocket, WebSocketUpgrade};
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::IntoResponse;
use axum::routing::{any, get, post};
use axum::{Json, Router};
use evtop::api::{ApiClient, ClientOptions, RetryPolicy, Secret};
use evtop::model::EventKind;
use evtop::rte::{
    Backoff, ConnectionState, Session, SessionOptions, SessionUpdate, SubscriptionKey,
};
use evtop::signalr::protocol::{HubMessage, RecordReader};
use evtop::signalr::HubOptions;
use serde_json::{json, Value};
use std::collections::BTreeSet;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::sync::{broadcast, mpsc};
use tokio::time::timeout;

#[derive(Clone, Debug)]
enum Control {
    Drop,
    Close {
        allow_reconnect: bool,
    },
    Push,
    /// Send this `MessageReceived` argument as is.
    Raw(Value),
}

struct Tenant {
    addr: String,
    refuse_tokens: AtomicUsize,
    connections: AtomicUsize,
    subscribe_calls: AtomicUsize,
    /// Keys held by the newest connection.
    current: Mutex<BTreeSet<(String, String)>>,
    control: broadcast::Sender<Control>,
}

async fn token(State(t): State<Arc<Tenant>>) -> impl IntoResponse {
    if t.refuse_tokens
        .fetch_update(Ordering::SeqCst, Ordering::SeqCst, |n| n.checked_sub(1))
        .is_ok()
    {
        return StatusCode::UNAUTHORIZED.into_response();
    }
    // No scheme, camelCase-ish acronym: the client must cope.
    Json(json!({"WssEndpoint": format!("{}/hub", t.addr), "Token": "jwt"})).into_response()
}

async fn negotiate(State(t): State<Arc<Tenant>>) -> impl IntoResponse {
    let n = t.connections.fetch_add(1, Ordering::SeqCst);
    Json(
        json!({"negotiateVersion": 1, "connectionId": format!("c{n}"),
        "connectionToken": format!("t{n}"), "availableTransports": []}),
    )
}

async fn upgrade(State(t): State<Arc<Tenant>>, ws: WebSocketUpgrade) -> impl IntoResponse {
    ws.on_upgrade(move |s| hub(s, t))
}

fn event(entity: &str, kind: &str) -> String {
    let data = json!({"eventType": kind, "entityId": entity, "queueId": entity,
        "nbrOfRequesters": 4, "userId": entity, "available": true});
    HubMessage::invocation(
        None,
        "MessageReceived",
        vec![json!({"subscription": {"entityId": entity, "eventType": kind}, "data": data})],
    )
    .encode()
}

async fn hub(mut socket: WebSocket, t: Arc<Tenant>) {
    let mut control = t.control.subscribe();
    let mut reader = RecordReader::default();
    let mut handshaken = false;
    let mut mine: BTreeSet<(String, String)> = BTreeSet::new();
    t.current.lock().unwrap().clear();
    loop {
        tokio::select! {
            c = control.recv() => match c {
                Ok(Control::Drop) | Err(_) => return,
                Ok(Control::Close { allow_reconnect }) => {
                    let m = HubMessage::Close { error: Some("maintenance".into()), allow_reconnect };
                    let _ = socket.send(Message::Text(m.encode().into())).await;
                    return;
                }
                Ok(Control::Raw(arg)) => {
                    let m = HubMessage::invocation(None, "MessageReceived", vec![arg]);
                    let _ = socket.send(Message::Text(m.encode().into())).await;
                }
                Ok(Control::Push) => {
                    for (entity, kind) in &mine {
                        let _ = socket.send(Message::Text(event(entity, kind).into())).await;
                    }
                }
            },
            msg = socket.recv() => {
                let Some(Ok(msg)) = msg else { return };
                let Message::Text(text) = msg else { continue };
                for record in reader.push(text.as_bytes()) {
                    if !handshaken {
                        handshaken = true;
                        let _ = socket.send(Message::Text("{}\u{1e}".into())).await;
                        continue;
                    }
                    let Ok(HubMessage::Invocation { invocation_id: Some(id), target, arguments, .. }) =
                        HubMessage::parse(&record) else { continue };
                    let items = arguments.first().and_then(Value::as_array).cloned().unwrap_or_default();
                    let mut results = Vec::new();
                    for item in items {
                        let entity = item["EntityId"].as_str().unwrap_or_default().to_owned();
                        let name = item["EventName"].as_str().unwrap_or_default().to_owned();
                        let ok = entity != "forbidden";
                        if target == "Subscribe" && ok {
                            mine.insert((entity.clone(), name.clone()));
                        }
                        if target == "Unsubscribe" {
                            mine.remove(&(entity.clone(), name.clone()));
                        }
                        results.push(json!({"subscribed": ok,
                            "message": if ok { Value::Null } else { json!("Unauthorized") },
                            "entityId": entity, "eventName": name.to_lowercase()}));
                    }
                    if target == "Subscribe" {
                        t.subscribe_calls.fetch_add(1, Ordering::SeqCst);
                    }
                    *t.current.lock().unwrap() = mine.clone();
                    let reply = HubMessage::completion_result(id, Value::Array(results));
                    let _ = socket.send(Message::Text(reply.encode().into())).await;
                }
            }
        }
    }
}

async fn start(refuse_tokens: usize) -> Arc<Tenant> {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap().to_string();
    let tenant = Arc::new(Tenant {
        addr,
        refuse_tokens: AtomicUsize::new(refuse_tokens),
        connections: AtomicUsize::new(0),
        subscribe_calls: AtomicUsize::new(0),
        current: Mutex::new(BTreeSet::new()),
        control: broadcast::channel(256).0,
    });
    let app = Router::new()
        .route("/token/{user}/rte/", get(token))
        .route("/hub/negotiate", post(negotiate))
        .route("/hub", any(upgrade))
        .with_state(tenant.clone());
    tokio::spawn(async move {
        let _ = axum::serve(listener, app).await;
    });
    tenant
}

fn session(t: &Tenant) -> (evtop::rte::SessionHandle, mpsc::Receiver<SessionUpdate>) {
    let api = ApiClient::new(
        &format!("http://{}", t.addr),
        "sup@example.com",
        Secret::new("k"),
        ClientOptions {
            retry: RetryPolicy::none(),
            ..ClientOptions::default()
        },
    )
    .unwrap();
    let options = SessionOptions {
        hub: HubOptions {
            keepalive: Duration::from_secs(1),
            server_timeout: Duration::from_secs(5),
            handshake_timeout: Duration::from_secs(5),
            invoke_timeout: Duration::from_secs(5),
            ..HubOptions::default()
        },
        backoff: Backoff {
            base: Duration::from_millis(50),
            max: Duration::from_millis(200),
            jitter: 0.2,
        },
        batch_size: 2,
        ..SessionOptions::default()
    };
    Session::spawn(api, options)
}

const T: Duration = Duration::from_secs(10);

/// Next update that is not an event.
async fn next_status(updates: &mut mpsc::Receiver<SessionUpdate>) -> SessionUpdate {
    let deadline = tokio::time::Instant::now() + T;
    loop {
        let update = tokio::time::timeout_at(deadline, updates.recv());
        match update.await.expect("no update in time") {
            Some(SessionUpdate::Events(_)) => continue,
            Some(other) => return other,
            None => panic!("session ended"),
        }
    }
}

async fn wait_live(updates: &mut mpsc::Receiver<SessionUpdate>) -> Vec<SessionUpdate> {
    let mut seen = Vec::new();
    loop {
        let u = next_status(updates).await;
        let live = matches!(u, SessionUpdate::State(ConnectionState::Live));
        seen.push(u);
        if live {
            return seen;
        }
    }
}

/// Collects events until every wanted (entity, kind) arrived.
async fn events_for(updates: &mut mpsc::Receiver<SessionUpdate>, want: &[(&str, EventKind)]) {
    let mut missing: BTreeSet<(String, EventKind)> = want
        .iter()
        .map(|(e, k)| (e.to_string(), k.clone()))
        .collect();
    while !missing.is_empty() {
        match timeout(T, updates.recv())
            .await
            .expect("events missing")
            .unwrap()
        {
            SessionUpdate::Events(batch) => {
                for ev in batch {
                    missing.remove(&(ev.entity_id().to_owned(), ev.kind.clone()));
                }
            }
            SessionUpdate::State(ConnectionState::Failed { reason }) => panic!("{reason}"),
            _ => {}
        }
    }
}

fn keys() -> Vec<SubscriptionKey> {
    vec![
        SubscriptionKey::new("q1", EventKind::QueueStatus),
        SubscriptionKey::new("u1", EventKind::UserStatus),
        SubscriptionKey::new("forbidden", EventKind::UserStatus),
    ]
}

#[tokio::test]
async fn subscriptions_survive_a_drop() {
    let t = start(0).await;
    let (handle, mut updates) = session(&t);
    handle.subscribe(keys()).await;
    assert!(matches!(
        next_status(&mut updates).await,
        SessionUpdate::State(ConnectionState::Connecting)
    ));
    let seen = wait_live(&mut updates).await;
    // Subscribed in the background before the first connect, refusal surfaced.
    assert!(seen.iter().any(|u| matches!(u,
        SessionUpdate::SubscriptionRejected { key, message }
            if key.entity_id == "forbidden" && message == "Unauthorized")));
    assert_eq!(t.subscribe_calls.load(Ordering::SeqCst), 2, "batches of 2");
    t.control.send(Control::Push).unwrap();
    events_for(
        &mut updates,
        &[
            ("q1", EventKind::QueueStatus),
            ("u1", EventKind::UserStatus),
        ],
    )
    .await;

    t.control.send(Control::Drop).unwrap();
    match next_status(&mut updates).await {
        SessionUpdate::State(ConnectionState::Reconnecting {
            attempt, retry_in, ..
        }) => {
            assert_eq!(attempt, 1);
            assert_eq!(retry_in, Duration::ZERO, "first retry at once");
        }
        other => panic!("{other:?}"),
    }
    let seen = wait_live(&mut updates).await;
    // The refused key is not retried.
    assert!(!seen
        .iter()
        .any(|u| matches!(u, SessionUpdate::SubscriptionRejected { .. })));
    assert!(matches!(
        next_status(&mut updates).await,
        SessionUpdate::Resynced
    ));
    assert_eq!(t.connections.load(Ordering::SeqCst), 2);
    assert_eq!(
        t.current.lock().unwrap().len(),
        2,
        "every subscription restored"
    );
    t.control.send(Control::Push).unwrap();
    events_for(
        &mut updates,
        &[
            ("q1", EventKind::QueueStatus),
            ("u1", EventKind::UserStatus),
        ],
    )
    .await;

    // Unsubscribe while live; then shut down.
    handle
        .unsubscribe(vec![SubscriptionKey::new("u1", EventKind::UserStatus)])
        .await;
    timeout(T, async {
        while t.current.lock().unwrap().len() != 1 {
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    })
    .await
    .expect("unsubscribe not sent");
    handle.shutdown().await;
    timeout(T, async { while updates.recv().await.is_some() {} })
        .await
        .expect("session did not end");
}

#[tokio::test]
async fn refused_token_is_retried_with_the_reason() {
    let t = start(2).await;
    let (handle, mut updates) = session(&t);
    handle.subscribe(keys()[..1].to_vec()).await;
    let seen = wait_live(&mut updates).await;
    let reasons: Vec<(u32, String)> = seen
        .iter()
        .filter_map(|u| match u {
            SessionUpdate::State(ConnectionState::Reconnecting {
                attempt, reason, ..
            }) => Some((*attempt, reason.clone())),
            _ => None,
        })
        .collect();
    assert_eq!(reasons.len(), 2, "{seen:?}");
    assert_eq!(reasons[1].0, 2);
    // The token route's 401 is not the login's: no "check user and secret key".
    assert_eq!(reasons[0].1, "the RTE token was refused (retrying)");
    t.control.send(Control::Push).unwrap();
    events_for(&mut updates, &[("q1", EventKind::QueueStatus)]).await;
}

#[tokio::test]
async fn close_with_allow_reconnect_reconnects_without_it_fails() {
    let t = start(0).await;
    let (handle, mut updates) = session(&t);
    handle.subscribe(keys()[..1].to_vec()).await;
    wait_live(&mut updates).await;
    t.control
        .send(Control::Close {
            allow_reconnect: true,
        })
        .unwrap();
    wait_live(&mut updates).await;
    assert_eq!(t.connections.load(Ordering::SeqCst), 2);

    t.control
        .send(Control::Close {
            allow_reconnect: false,
        })
        .unwrap();
    loop {
        match next_status(&mut updates).await {
            SessionUpdate::State(ConnectionState::Failed { reason }) => {
                assert!(reason.contains("maintenance"), "{reason}");
                break;
            }
            SessionUpdate::Resynced => {}
            other => panic!("{other:?}"),
        }
    }
    // No retry on its own after a final close…
    assert!(
        timeout(Duration::from_millis(600), updates.recv())
            .await
            .is_err(),
        "no reconnect attempt without being asked"
    );
    assert_eq!(t.connections.load(Ordering::SeqCst), 2);
    // …until the owner asks (the console's `r`): then back with every subscription.
    handle.reconnect().await;
    match next_status(&mut updates).await {
        SessionUpdate::State(ConnectionState::Connecting) => {}
        other => panic!("{other:?}"),
    }
    wait_live(&mut updates).await;
    assert_eq!(t.connections.load(Ordering::SeqCst), 3);
    t.control.send(Control::Push).unwrap();
    events_for(&mut updates, &[("q1", EventKind::QueueStatus)]).await;
    handle.shutdown().await;
    assert!(
        timeout(T, async { while updates.recv().await.is_some() {} })
            .await
            .is_ok(),
        "the session ends on shutdown"
    );
}

#[tokio::test]
async fn every_seed_event_arrives_typed_in_both_casings() {
    use evtop::model::casing::keys_to_camel;
    use evtop::model::EventPayload;
    let examples: serde_json::Map<String, Value> =
        serde_json::from_str(include_str!("../fixtures/seed004_examples.json")).unwrap();
    let t = start(0).await;
    let (handle, mut updates) = session(&t);
    handle.subscribe(keys()[..1].to_vec()).await;
    wait_live(&mut updates).await;
    let mut sent = Vec::new();
    for (key, data) in &examples {
        if !key.starts_with("event:") {
            continue;
        }
        let name = data["EventType"].as_str().unwrap();
        for (casing, d) in [
            ("Pascal", data.clone()),
            ("camel", keys_to_camel(data.clone())),
        ] {
            let subscription = json!({"eventType": name, "entityId": "e"});
            t.control
                .send(Control::Raw(
                    json!({"subscription": subscription, "data": d}),
                ))
                .unwrap();
            sent.push((name.to_owned(), casing));
        }
    }
    assert!(
        sent.len() >= 2 * 30,
        "seed fixture too small: {}",
        sent.len()
    );
    let mut received = std::collections::VecDeque::new();
    for (name, casing) in &sent {
        while received.is_empty() {
            match timeout(T, updates.recv()).await.unwrap().unwrap() {
                SessionUpdate::Events(batch) => received.extend(batch),
                other => panic!("connection disturbed: {other:?}"),
            }
        }
        let ev = received.pop_front().unwrap();
        assert_eq!(ev.kind.name(), name, "{casing}");
        assert!(
            ev.decode_error.is_none(),
            "{name} {casing}: {:?}",
            ev.decode_error
        );
        assert!(
            !matches!(ev.payload, EventPayload::Raw(_)),
            "{name} {casing} raw"
        );
    }
}

#[tokio::test]
async fn short_live_periods_do_not_reset_the_backoff() {
    let t = start(0).await;
    let (handle, mut updates) = session(&t);
    handle.subscribe(keys()[..1].to_vec()).await;
    wait_live(&mut updates).await;
    let mut attempts = Vec::new();
    for _ in 0..3 {
        t.control.send(Control::Drop).unwrap();
        for u in wait_live(&mut updates).await {
            if let SessionUpdate::State(ConnectionState::Reconnecting {
                attempt, retry_in, ..
            }) = u
            {
                attempts.push((attempt, retry_in));
            }
        }
    }
    let numbers: Vec<u32> = attempts.iter().map(|(a, _)| *a).collect();
    assert_eq!(numbers, vec![1, 2, 3], "{attempts:?}");
    assert_eq!(attempts[0].1, Duration::ZERO);
    assert!(attempts[2].1 > Duration::ZERO);
}
