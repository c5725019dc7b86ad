//! The simulator's SignalR hub over real HTTP + WebSocket: negotiate, upgrade rules,
//! handshake versions and errors, keepalive pings, the client timeout, hub methods.

use crate::sim_support;

use evtop::signalr::protocol::{HubMessage, Outcome};
use evtop::sim::{AGENT_EMAIL, AGENT_SECRET};
use serde_json::{json, Value};
use sim_support::*;
use std::time::Duration;
use tokio_tungstenite::tungstenite;

async fn negotiate_raw(
    sim: &evtop::sim::SimHandle,
    query: &str,
    token: Option<&str>,
) -> (u16, Value) {
    let mut req = http().post(format!("{}/rte/negotiate{query}", sim.base_url()));
    if let Some(t) = token {
        req = req.bearer_auth(t);
    }
    let r = req.send().await.unwrap();
    let status = r.status().as_u16();
    (status, r.json().await.unwrap_or(Value::Null))
}

fn status_of(e: tungstenite::Error) -> u16 {
    match e {
        tungstenite::Error::Http(resp) => resp.status().as_u16(),
        other => panic!("expected an HTTP refusal, got {other}"),
    }
}

#[tokio::test]
async fn token_and_negotiate_v0_v1() {
    let sim = start(paused_config()).await;
    let t = token(&sim).await;
    assert!(t.wss_endpoint.starts_with("ws://127.0.0.1:"));
    assert!(t.wss_endpoint.ends_with("/rte"));

    let (s, v0) = negotiate_raw(&sim, "", Some(&t.token)).await;
    assert_eq!(s, 200);
    assert!(v0["connectionId"].is_string());
    assert!(v0.get("connectionToken").is_none(), "v0 has no token: {v0}");
    assert_eq!(v0["availableTransports"][0]["transport"], "WebSockets");

    let (s, v1) = negotiate_raw(&sim, "?negotiateVersion=1", Some(&t.token)).await;
    assert_eq!(s, 200);
    assert_eq!(v1["negotiateVersion"], 1);
    assert!(v1["connectionToken"].is_string());
    assert_ne!(v1["connectionToken"], v1["connectionId"]);
    let (_, v9) = negotiate_raw(&sim, "?negotiateVersion=9", Some(&t.token)).await;
    assert_eq!(
        v9["negotiateVersion"], 1,
        "answers with its highest version"
    );

    // The token in the query works too; missing or unknown tokens are refused.
    let q = format!("?negotiateVersion=1&access_token={}", t.token);
    assert_eq!(negotiate_raw(&sim, &q, None).await.0, 200);
    assert_eq!(
        negotiate_raw(&sim, "?negotiateVersion=1", None).await.0,
        401
    );
    assert_eq!(negotiate_raw(&sim, "", Some("a.b.c")).await.0, 401);
    let r = http()
        .get(format!("{}/rte/negotiate", sim.base_url()))
        .bearer_auth(&t.token)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 405);

    // v0: the connectionId is the id to open.
    let id = v0["connectionId"].as_str().unwrap();
    let ws = open_ws(&sim, id, &t.token).await.expect("v0 id opens");
    let mut hub = Hub::raw(ws);
    assert_eq!(
        hub.handshake("{\"protocol\":\"json\",\"version\":1}\u{1e}")
            .await
            .error,
        None
    );
    sim.shutdown().await;
}

#[tokio::test]
async fn upgrade_checks_id_token_and_reuse() {
    let sim = start(paused_config()).await;
    let t = token(&sim).await;
    assert_eq!(
        status_of(open_ws(&sim, "unknown-id", &t.token).await.unwrap_err()),
        404
    );
    let id = negotiate(&sim, &t.token).await;
    assert_eq!(
        status_of(open_ws(&sim, &id, "not-a-token").await.unwrap_err()),
        401
    );
    let _first = open_ws(&sim, &id, &t.token).await.expect("first socket");
    assert_eq!(
        status_of(open_ws(&sim, &id, &t.token).await.unwrap_err()),
        409
    );

    // access_token in the query instead of the header (browsers do this).
    let id = negotiate(&sim, &t.token).await;
    let url = format!(
        "{}/rte?id={id}&access_token={}",
        sim.base_url().replace("http://", "ws://"),
        t.token
    );
    let (ws, _) = tokio_tungstenite::connect_async(url)
        .await
        .expect("query token");
    let mut hub = Hub::raw(ws);
    assert_eq!(
        hub.handshake("{\"protocol\":\"json\",\"version\":1}\u{1e}")
            .await
            .error,
        None
    );
    sim.shutdown().await;
}

#[tokio::test]
async fn handshake_versions_and_errors() {
    let sim = start(paused_config()).await;
    let t = token(&sim).await;
    let cases = [
        ("{\"protocol\":\"json\",\"version\":0}", None),
        ("{\"protocol\":\"json\",\"version\":1}", None),
        ("{\"protocol\":\"json\",\"version\":2}", None),
        (
            "{\"protocol\":\"json\",\"version\":3}",
            Some("The server does not support version 3 of the 'json' protocol."),
        ),
        (
            "{\"protocol\":\"messagepack\",\"version\":1}",
            Some("The protocol 'messagepack' is not supported."),
        ),
        (
            "{nope",
            Some("An unexpected error occurred during connection handshake."),
        ),
    ];
    for (text, want) in cases {
        let id = negotiate(&sim, &t.token).await;
        let mut hub = Hub::raw(open_ws(&sim, &id, &t.token).await.unwrap());
        let answer = hub.handshake(&format!("{text}\u{1e}")).await;
        assert_eq!(answer.error.as_deref(), want, "{text}");
        if want.is_some() {
            assert!(
                hub.next(Duration::from_secs(3)).await.is_none(),
                "closed after an error"
            );
        } else {
            // Works: a method call gets its answer.
            assert!(matches!(
                hub.invoke("AvailableSubscriptions", vec![]).await,
                Outcome::Result(_)
            ));
        }
    }
    // The handshake and a first invocation in one frame.
    let id = negotiate(&sim, &t.token).await;
    let mut hub = Hub::raw(open_ws(&sim, &id, &t.token).await.unwrap());
    let frame = format!(
        "{{\"protocol\":\"json\",\"version\":1}}\u{1e}{}",
        HubMessage::invocation(Some("7".into()), "ActiveSubscriptions", vec![]).encode()
    );
    assert_eq!(hub.handshake(&frame).await.error, None);
    match hub.next(WAIT).await {
        Some(HubMessage::Completion {
            invocation_id,
            outcome: Outcome::Result(v),
            ..
        }) => {
            assert_eq!(invocation_id, "7");
            assert_eq!(v, json!([]));
        }
        other => panic!("{other:?}"),
    }
    sim.shutdown().await;
}

#[tokio::test]
async fn pings_follow_silence() {
    let mut cfg = paused_config();
    cfg.keepalive = Duration::from_millis(200);
    let sim = start(cfg).await;
    let mut hub = Hub::connect(&sim).await;
    let started = tokio::time::Instant::now();
    let mut pings = 0;
    while pings < 3 {
        match hub.next(Duration::from_secs(3)).await {
            Some(HubMessage::Ping) => pings += 1,
            Some(other) => panic!("unexpected {other:?}"),
            None => panic!("no ping within 3 s"),
        }
    }
    let took = started.elapsed();
    assert!(
        took >= Duration::from_millis(500),
        "pings too fast: {took:?}"
    );
    assert!(took < Duration::from_secs(3), "pings too slow: {took:?}");
    sim.shutdown().await;
}

#[tokio::test]
async fn silent_clients_are_dropped_and_talking_ones_kept() {
    let mut cfg = paused_config();
    cfg.keepalive = Duration::from_millis(100);
    cfg.client_timeout = Duration::from_millis(800);
    let sim = start(cfg).await;

    // A client that keeps pinging stays.
    let mut alive = Hub::connect(&sim).await;
    for _ in 0..8 {
        alive.send(&HubMessage::Ping).await;
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    assert!(matches!(
        alive.invoke("ActiveSubscriptions", vec![]).await,
        Outcome::Result(_)
    ));

    // A silent one gets Close (allowReconnect) and the socket ends.
    let mut silent = Hub::connect(&sim).await;
    let started = tokio::time::Instant::now();
    let close = loop {
        match silent.next(Duration::from_secs(5)).await {
            Some(HubMessage::Ping) => continue,
            Some(m) => break m,
            None => panic!("no Close before the socket ended"),
        }
    };
    assert!(
        matches!(
            close,
            HubMessage::Close {
                allow_reconnect: true,
                error: Some(_)
            }
        ),
        "{close:?}"
    );
    assert!(started.elapsed() >= Duration::from_millis(700));
    assert!(silent.next(Duration::from_secs(3)).await.is_none());
    sim.shutdown().await;
}

#[tokio::test]
async fn subscribe_validation_and_agent_permissions() {
    let sim = start(paused_config()).await;
    let st = state(&sim).await;
    let queue = st["Queues"][0]["Id"].as_str().unwrap().to_owned();
    let users = st["Users"].as_array().unwrap();
    let id_of = |email: &str| {
        users.iter().find(|u| u["Email"] == email).unwrap()["Id"]
            .as_str()
            .unwrap()
            .to_owned()
    };
    let agent = id_of(AGENT_EMAIL);
    let sup = id_of(evtop::sim::SUPERVISOR_EMAIL);

    let mut hub = Hub::connect(&sim).await;
    let r = hub
        .subscribe(vec![
            ("not-a-guid".into(), "QueueStatus"),
            (queue.clone(), "NoSuchEvent"),
            (queue.clone(), "QueueStatus"),
            (agent.clone(), "UserStatus"),
        ])
        .await;
    assert_eq!(r[0]["message"], "Invalid EntityId");
    assert_eq!(r[0]["subscribed"], false);
    assert_eq!(r[1]["message"], "Invalid event name");
    assert_eq!(
        r[2],
        json!({"subscribed": true, "message": null, "entityId": queue, "eventName": "queuestatus"})
    );
    assert_eq!(r[3]["subscribed"], true);
    let Outcome::Result(active) = hub.invoke("activesubscriptions", vec![]).await else {
        panic!()
    };
    assert_eq!(active.as_array().unwrap().len(), 2);
    assert_eq!(active[0]["rootEntityType"], "Organization");
    let Outcome::Result(r) = hub
        .invoke(
            "Unsubscribe",
            vec![json!([{"EntityId": queue, "EventName": "QueueStatus"}])],
        )
        .await
    else {
        panic!()
    };
    assert_eq!(r[0]["subscribed"], false);
    let Outcome::Result(active) = hub.invoke("ActiveSubscriptions", vec![]).await else {
        panic!()
    };
    assert_eq!(active.as_array().unwrap().len(), 1);

    // The agent: own user events and queues yes, other users' events "Unauthorized".
    let mut agent_hub = Hub::connect_as(&sim, AGENT_EMAIL, AGENT_SECRET).await;
    let r = agent_hub
        .subscribe(vec![
            (sup.clone(), "UserStatus"),
            (agent.clone(), "UserStatus"),
            (queue.clone(), "QueueStatus"),
        ])
        .await;
    assert_eq!(r[0]["message"], "Unauthorized");
    assert_eq!(r[0]["subscribed"], false);
    assert_eq!(r[1]["subscribed"], true);
    assert_eq!(r[2]["subscribed"], true);
    sim.shutdown().await;
}

#[tokio::test]
async fn unknown_methods_and_fire_and_forget() {
    let sim = start(paused_config()).await;
    let mut hub = Hub::connect(&sim).await;
    match hub.invoke("NoSuchMethod", vec![json!(1)]).await {
        Outcome::Error(e) => assert!(e.contains("NoSuchMethod"), "{e}"),
        other => panic!("{other:?}"),
    }
    match hub.invoke("Subscribe", vec![json!("not an array")]).await {
        Outcome::Error(e) => assert!(e.contains("Subscribe"), "{e}"),
        other => panic!("{other:?}"),
    }
    // No invocationId: no reply at all; the next thing received is the next call's answer.
    hub.send(&HubMessage::invocation(None, "NoSuchMethod", vec![]))
        .await;
    hub.send(&HubMessage::invocation(None, "UnsubscribeAll", vec![]))
        .await;
    hub.send(&HubMessage::invocation(
        Some("x1".into()),
        "AvailableSubscriptions",
        vec![],
    ))
    .await;
    match hub.next(WAIT).await {
        Some(HubMessage::Completion {
            invocation_id,
            outcome: Outcome::Result(v),
            ..
        }) => {
            assert_eq!(invocation_id, "x1");
            assert!(v
                .as_array()
                .unwrap()
                .contains(&json!("UserWrapUpTerminated")));
        }
        other => panic!("{other:?}"),
    }
    // Headers and unknown fields and types are tolerated.
    hub.send_text("{\"type\":6,\"headers\":{\"a\":\"b\"},\"extra\":1}\u{1e}{\"type\":42}\u{1e}")
        .await;
    assert!(matches!(
        hub.invoke("UNSUBSCRIBEALL", vec![]).await,
        Outcome::Result(Value::Bool(true))
    ));
    sim.shutdown().await;
}
