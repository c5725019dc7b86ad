//! The admin views a test counts losses with (`GET /_sim/connections`, `GET
//! /_sim/published`) and the faults aimed at one path, at the hub, or at one connection.

use crate::sim_support;

use evtop::signalr::Outcome;
use serde_json::{json, Value};
use sim_support::*;
use std::time::{Duration, Instant};

async fn admin_get(sim: &evtop::sim::SimHandle, path: &str) -> Value {
    http_for(sim)
        .get(format!("{}/_sim/{path}", sim.base_url()))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap()
}

/// `POST /_sim/faults` that may fail: (status, body).
async fn faults(sim: &evtop::sim::SimHandle, body: Value) -> (u16, Value) {
    let r = http_for(sim)
        .post(format!("{}/_sim/faults", sim.base_url()))
        .json(&body)
        .send()
        .await
        .unwrap();
    (r.status().as_u16(), r.json().await.unwrap_or(Value::Null))
}

/// Each open connection's subscriptions, by connection id, as (entity, event) pairs.
async fn connections(sim: &evtop::sim::SimHandle) -> Vec<(String, Vec<(String, String)>)> {
    admin_get(sim, "connections")
        .await
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            let subs = c["Subscriptions"]
                .as_array()
                .unwrap()
                .iter()
                .map(|s| {
                    (
                        s["EntityId"].as_str().unwrap().to_owned(),
                        s["EventName"].as_str().unwrap().to_owned(),
                    )
                })
                .collect();
            (c["Id"].as_str().unwrap().to_owned(), subs)
        })
        .collect()
}

/// Waits until the sim lists `n` open connections; returns them.
async fn wait_connections(
    sim: &evtop::sim::SimHandle,
    n: usize,
) -> Vec<(String, Vec<(String, String)>)> {
    let deadline = Instant::now() + WAIT;
    loop {
        let c = connections(sim).await;
        if c.len() == n {
            return c;
        }
        assert!(Instant::now() < deadline, "expected {n} connections: {c:?}");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

fn queue_ids(state: &Value) -> Vec<String> {
    queue_status_of_every_queue(state)
        .into_iter()
        .map(|(id, _)| id)
        .collect()
}

#[tokio::test]
async fn connections_list_each_connection_with_its_server_side_subscriptions() {
    let sim = start(paused_config()).await;
    assert!(connections(&sim).await.is_empty());
    let queues = queue_ids(&state(&sim).await);
    let mut a = Hub::connect(&sim).await;
    let mut b = Hub::connect(&sim).await;
    a.subscribe(vec![
        (queues[0].clone(), "QueueStatus"),
        (queues[1].clone(), "QueueStatus"),
    ])
    .await;
    b.subscribe(vec![(queues[1].to_uppercase(), "queuestatus")])
        .await;
    let open = wait_connections(&sim, 2).await;
    let mut subs: Vec<Vec<(String, String)>> = open.iter().map(|(_, s)| s.clone()).collect();
    subs.sort();
    let mut expected = vec![
        vec![(queues[1].clone(), "QueueStatus".to_owned())],
        vec![
            (queues[0].clone(), "QueueStatus".to_owned()),
            (queues[1].clone(), "QueueStatus".to_owned()),
        ],
    ];
    expected.sort();
    assert_eq!(subs, expected);
    // An Unsubscribe shows at once; a dropped connection leaves the list.
    let args = json!([{"EntityId": queues[0], "EventName": "QueueStatus"}]);
    assert!(matches!(
        a.invoke("Unsubscribe", vec![args]).await,
        Outcome::Result(_)
    ));
    let open = connections(&sim).await;
    assert!(open.iter().all(|(_, s)| s.len() == 1), "{open:?}");
    drop(b);
    let open = wait_connections(&sim, 1).await;
    assert_eq!(
        open[0].1,
        vec![(queues[1].clone(), "QueueStatus".to_owned())]
    );
    sim.shutdown().await;
}

#[tokio::test]
async fn published_events_are_numbered_and_read_from_a_sequence_on() {
    let sim = start(paused_config()).await;
    let queues = queue_ids(&state(&sim).await);
    let before = admin_get(&sim, "published").await;
    let last = before["Last"].as_u64().unwrap();
    // Published even when nobody listens.
    admin(&sim, "control", json!({"call_queue_id": queues[0]})).await;
    let after = admin_get(&sim, &format!("published?since={last}")).await;
    let events = after["Events"].as_array().unwrap();
    assert!(!events.is_empty(), "{after}");
    let seqs: Vec<u64> = events.iter().map(|e| e["Seq"].as_u64().unwrap()).collect();
    assert_eq!(
        seqs,
        ((last + 1)..=after["Last"].as_u64().unwrap()).collect::<Vec<_>>()
    );
    let status = events
        .iter()
        .find(|e| e["EventName"] == "QueueStatus" && e["EntityId"] == queues[0].as_str())
        .unwrap_or_else(|| panic!("no QueueStatus of the queue: {after}"));
    assert!(status["Data"].is_object(), "{status}");
    let tail = admin_get(&sim, &format!("published?since={}", after["Last"])).await;
    assert_eq!(tail["Events"], json!([]));
    let one = admin_get(&sim, &format!("published?since={last}&limit=1")).await;
    assert_eq!(one["Events"].as_array().unwrap().len(), 1);
    let r = http_for(&sim)
        .get(format!("{}/_sim/published?since=-1", sim.base_url()))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 400);
    sim.shutdown().await;
}

#[tokio::test]
async fn rest_faults_can_be_limited_to_paths_containing_a_text() {
    let sim = start(paused_config()).await;
    admin(
        &sim,
        "faults",
        json!({"rest_error_rate": 1.0, "rest_error_status": 503, "path": "/QUEUES"}),
    )
    .await;
    assert_eq!(get(&sim, "/queues").await.0, 503);
    assert_eq!(get(&sim, "/users/me").await.0, 200);
    assert_eq!(admin_get(&sim, "faults").await["path"], "/queues");
    admin(&sim, "faults", json!({"path": ""})).await;
    assert_eq!(get(&sim, "/users/me").await.0, 503);
    admin(&sim, "faults", json!({"clear": true})).await;
    assert_eq!(get(&sim, "/queues").await.0, 200);
    sim.shutdown().await;
}

#[tokio::test]
async fn subscribe_error_answers_the_next_subscribes_with_a_completion_error() {
    let sim = start(paused_config()).await;
    let queues = queue_ids(&state(&sim).await);
    let mut hub = Hub::connect(&sim).await;
    admin(&sim, "faults", json!({"subscribe_error": 2})).await;
    let args = json!([{"EntityId": queues[0], "EventName": "QueueStatus"}]);
    for _ in 0..2 {
        match hub.invoke("Subscribe", vec![args.clone()]).await {
            Outcome::Error(e) => assert!(e.contains("error on the server"), "{e}"),
            other => panic!("expected an error, got {other:?}"),
        }
    }
    // Other methods are not affected, and the failed Subscribes held nothing.
    assert_eq!(
        hub.invoke("ActiveSubscriptions", vec![]).await,
        Outcome::Result(json!([]))
    );
    assert_eq!(connections(&sim).await[0].1, vec![]);
    hub.subscribe(vec![(queues[0].clone(), "QueueStatus")])
        .await;
    assert_eq!(connections(&sim).await[0].1.len(), 1);
    sim.shutdown().await;
}

#[tokio::test]
async fn faults_aimed_at_one_connection_leave_the_others_alone() {
    let sim = start(paused_config()).await;
    let queues = queue_ids(&state(&sim).await);
    let mut a = Hub::connect(&sim).await;
    let a_subs = a.subscribe(vec![(queues[0].clone(), "QueueStatus")]).await;
    assert_eq!(a_subs[0]["subscribed"], true);
    let mut b = Hub::connect(&sim).await;
    let open = wait_connections(&sim, 2).await;
    let a_id = open.iter().find(|(_, s)| s.len() == 1).unwrap().0.clone();
    let b_id = open.iter().find(|(_, s)| s.is_empty()).unwrap().0.clone();

    // Unknown ids are refused.
    let (status, body) = faults(&sim, json!({"connection": "nope", "drop_websockets": true})).await;
    assert_eq!(status, 400, "{body}");

    // A Subscribe error for b only.
    admin(
        &sim,
        "faults",
        json!({"connection": b_id, "subscribe_error": 1}),
    )
    .await;
    let args = json!([{"EntityId": queues[1], "EventName": "QueueStatus"}]);
    assert!(matches!(
        a.invoke("Subscribe", vec![args.clone()]).await,
        Outcome::Result(_)
    ));
    assert!(matches!(
        b.invoke("Subscribe", vec![args.clone()]).await,
        Outcome::Error(_)
    ));
    assert!(matches!(
        b.invoke("Subscribe", vec![args]).await,
        Outcome::Result(_)
    ));

    // Slow completions for a only: at least the delay on a.
    admin(
        &sim,
        "faults",
        json!({"connection": a_id, "completion_delay_ms": 300}),
    )
    .await;
    let started = Instant::now();
    assert!(matches!(
        a.invoke("ActiveSubscriptions", vec![]).await,
        Outcome::Result(_)
    ));
    assert!(started.elapsed() >= Duration::from_millis(300));
    let settings = admin_get(&sim, "faults").await;
    assert_eq!(settings["connections"][&a_id]["completion_delay_ms"], 300);

    // Drop a only: b still gets its events.
    admin(
        &sim,
        "faults",
        json!({"connection": a_id, "drop_websockets": true}),
    )
    .await;
    let open = wait_connections(&sim, 1).await;
    assert_eq!(open[0].0, b_id);
    admin(&sim, "control", json!({"call_queue_id": queues[1]})).await;
    let ev = b.next_event(WAIT).await.expect("b still gets events");
    assert_eq!(ev["subscription"]["entityId"], queues[1].as_str());
    sim.shutdown().await;
}

#[tokio::test]
async fn refuse_negotiate_and_refuse_upgrade_refuse_the_next_n() {
    let sim = start(paused_config()).await;
    let t = token(&sim).await;
    admin(
        &sim,
        "faults",
        json!({"refuse_negotiate": 1, "refuse_upgrade": 1}),
    )
    .await;
    let try_negotiate = || async {
        http_for(&sim)
            .post(format!(
                "{}/rte/negotiate?negotiateVersion=1",
                sim.base_url()
            ))
            .bearer_auth(&t.token)
            .send()
            .await
            .unwrap()
            .status()
            .as_u16()
    };
    assert_eq!(try_negotiate().await, 503);
    let id = negotiate(&sim, &t.token).await;
    let refused = open_ws(&sim, &id, &t.token)
        .await
        .expect_err("upgrade refused");
    assert!(refused.to_string().contains("503"), "{refused}");
    // The next ones work.
    let _hub = Hub::connect(&sim).await;
    wait_connections(&sim, 1).await;
    sim.shutdown().await;
}

/// The views and a path-limited fault over https (the admin API is the same there).
#[tokio::test]
async fn over_tls_the_views_and_path_faults_answer_the_same() {
    let sim = start(paused_tls_config()).await;
    assert!(sim.base_url().starts_with("https://"));
    let queues = queue_ids(&state(&sim).await);
    admin(&sim, "control", json!({"call_queue_id": queues[0]})).await;
    let published = admin_get(&sim, "published").await;
    assert!(published["Last"].as_u64().unwrap() > 0, "{published}");
    assert_eq!(admin_get(&sim, "connections").await, json!([]));
    admin(
        &sim,
        "faults",
        json!({"path": "/users/me", "rest_error_rate": 1.0, "rest_error_status": 503}),
    )
    .await;
    assert_eq!(get(&sim, "/users/me").await.0, 503);
    assert_eq!(get(&sim, "/queues").await.0, 200);
    sim.shutdown().await;
}
