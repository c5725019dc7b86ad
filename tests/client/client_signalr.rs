//! The SignalR client against a hand-made hub on loopback: negotiate v1/v0/redirect,
//! handshake followed by records in the same frame, records split across frames,
//! Binary frames, invocations and Completions, pings after silence, server timeout,
//! Close with and without allowReconnect, unknown message types.

use axum::extract::ws::{Message, WebSocket, WebSocketUpgrade};
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::IntoResponse;
use axum::routing::{any, post};
use axum::{Json, Router};
use evtop::api::Secret;
use evtop::signalr::protocol::{HubMessage, RecordReader, RS};
use evtop::signalr::{connect, HubError, HubEvent, HubOptions};
use serde_json::{json, Value};
use std::collections::HashMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;
use tokio::time::timeout;

#[derive(Default)]
struct Hub {
    pings: AtomicUsize,
    addr: std::sync::OnceLock<String>,
}

const TOKEN: &str = "tok";

fn authorized(headers: &HeaderMap) -> bool {
    headers.get("authorization").and_then(|v| v.to_str().ok()) == Some("Bearer tok")
}

async fn negotiate(
    State(hub): State<Arc<Hub>>,
    Path(mode): Path<String>,
    headers: HeaderMap,
) -> impl IntoResponse {
    if mode == "redirect" {
        // Redirect with a replacement token; the client must use it afterwards.
        let addr = hub.addr.get().unwrap();
        if headers.get("authorization").and_then(|v| v.to_str().ok()) != Some("Bearer first") {
            return StatusCode::UNAUTHORIZED.into_response();
        }
        return Json(json!({"url": format!("http://{addr}/normal"), "accessToken": TOKEN}))
            .into_response();
    }
    if !authorized(&headers) {
        return StatusCode::UNAUTHORIZED.into_response();
    }
    if mode == "v0" {
        return Json(json!({"connectionId": "c0",
            "availableTransports": [{"transport": "WebSockets", "transferFormats": ["Text"]}]}))
        .into_response();
    }
    Json(
        json!({"negotiateVersion": 1, "connectionId": "c1", "connectionToken": "ct1",
        "availableTransports": [{"transport": "WebSockets", "transferFormats": ["Text", "Binary"]}],
        "somethingNew": true}),
    )
    .into_response()
}

async fn upgrade(
    State(hub): State<Arc<Hub>>,
    Path(mode): Path<String>,
    Query(q): Query<HashMap<String, String>>,
    ws: WebSocketUpgrade,
) -> impl IntoResponse {
    let want_id = if mode == "v0" { "c0" } else { "ct1" };
    if q.get("id").map(String::as_str) != Some(want_id)
        || q.get("access_token").map(String::as_str) != Some(TOKEN)
    {
        return StatusCode::NOT_FOUND.into_response();
    }
    ws.on_upgrade(move |socket| run_hub(socket, mode, hub))
}

async fn run_hub(mut socket: WebSocket, mode: String, hub: Arc<Hub>) {
    let mut reader = RecordReader::default();
    let mut handshaken = false;
    while let Some(Ok(msg)) = socket.recv().await {
        let bytes = match msg {
            Message::Text(t) => t.as_bytes().to_vec(),
            Message::Binary(b) => b.to_vec(),
            _ => continue,
        };
        for record in reader.push(&bytes) {
            if !handshaken {
                handshaken = true;
                // Handshake answer plus a Ping and an unknown type in the same frame.
                let frame = format!("{{}}{RS}{{\"type\":6}}{RS}{{\"type\":99,\"x\":1}}{RS}");
                if socket.send(Message::Text(frame.into())).await.is_err() {
                    return;
                }
                match mode.as_str() {
                    "closer" => {
                        let close = HubMessage::Close {
                            error: Some("Connection closed with an error.".into()),
                            allow_reconnect: false,
                        };
                        let _ = socket.send(Message::Text(close.encode().into())).await;
                    }
                    "bouncer" => {
                        let close = HubMessage::Close {
                            error: None,
                            allow_reconnect: true,
                        };
                        let _ = socket.send(Message::Text(close.encode().into())).await;
                    }
                    _ => {}
                }
                continue;
            }
            let Ok(message) = HubMessage::parse(&record) else {
                return;
            };
            match message {
                HubMessage::Ping => {
                    hub.pings.fetch_add(1, Ordering::SeqCst);
                }
                HubMessage::Invocation {
                    invocation_id,
                    target,
                    arguments,
                    ..
                } => match (target.as_str(), invocation_id) {
                    ("Echo", Some(id)) => {
                        // The Completion split across two Binary frames.
                        let rec = HubMessage::completion_result(id, arguments[0].clone())
                            .encode()
                            .into_bytes();
                        let (a, b) = rec.split_at(rec.len() / 2);
                        let _ = socket.send(Message::Binary(a.to_vec().into())).await;
                        let _ = socket.send(Message::Binary(b.to_vec().into())).await;
                    }
                    ("Fail", Some(id)) => {
                        let rec = HubMessage::completion_error(id, "Unauthorized").encode();
                        let _ = socket.send(Message::Text(rec.into())).await;
                    }
                    ("Push", None) => {
                        // Two events in one frame, one with headers.
                        let one = HubMessage::invocation(None, "MessageReceived", vec![json!(1)]);
                        let two = json!({"type": 1, "target": "MessageReceived",
                            "arguments": [2], "headers": {"a": "b"}});
                        let frame = format!("{}{}{RS}", one.encode(), two);
                        let _ = socket.send(Message::Text(frame.into())).await;
                    }
                    _ => {}
                },
                _ => {}
            }
        }
    }
}

async fn start() -> (String, Arc<Hub>) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap().to_string();
    let hub = Arc::new(Hub::default());
    hub.addr.set(addr.clone()).unwrap();
    let app = Router::new()
        .route("/{mode}/negotiate", post(negotiate))
        .route("/{mode}", any(upgrade))
        .with_state(hub.clone());
    tokio::spawn(async move {
        let _ = axum::serve(listener, app).await;
    });
    (addr, hub)
}

fn http() -> reqwest::Client {
    reqwest::Client::new()
}

fn quick() -> HubOptions {
    HubOptions {
        keepalive: Duration::from_millis(150),
        server_timeout: Duration::from_secs(5),
        handshake_timeout: Duration::from_secs(5),
        invoke_timeout: Duration::from_secs(5),
        ..HubOptions::default()
    }
}

const T: Duration = Duration::from_secs(10);

#[tokio::test]
async fn invoke_echo_and_events_through_split_and_batched_frames() {
    let (addr, hub) = start().await;
    let endpoint = format!("ws://{addr}/normal");
    let (conn, mut events) = timeout(
        T,
        connect(&http(), &endpoint, &Secret::new(TOKEN), &quick()),
    )
    .await
    .unwrap()
    .unwrap();
    assert_eq!(conn.connection_id(), Some("c1"));
    let answer = timeout(T, conn.invoke("Echo", vec![json!({"hello": [1, 2]})]))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(answer, json!({"hello": [1, 2]}));

    let err = conn.invoke("Fail", vec![]).await.unwrap_err();
    assert_eq!(
        err,
        HubError::Invocation {
            target: "Fail".into(),
            message: "Unauthorized".into()
        }
    );

    conn.send("Push", vec![]).await.unwrap();
    let mut got = Vec::new();
    while got.len() < 2 {
        match timeout(T, events.recv()).await.unwrap().unwrap() {
            HubEvent::Invocations(batch) => {
                for invocation in batch {
                    assert_eq!(invocation.target(), "MessageReceived");
                    got.push(invocation.argument_values().unwrap()[0].clone());
                }
            }
            other => panic!("{other:?}"),
        }
    }
    assert_eq!(got, vec![json!(1), json!(2)]);

    // Quiet for a while: the client pings on its own.
    timeout(T, async {
        while hub.pings.load(Ordering::SeqCst) < 2 {
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    })
    .await
    .expect("client never pinged");

    conn.close().await;
    match timeout(T, events.recv()).await.unwrap().unwrap() {
        HubEvent::Closed(reason) => assert!(!reason.allow_reconnect),
        other => panic!("{other:?}"),
    }
}

#[tokio::test]
async fn negotiate_v0_and_redirect_and_schemeless_endpoint() {
    let (addr, _hub) = start().await;
    let (conn, _events) = connect(
        &http(),
        &format!("http://{addr}/v0"),
        &Secret::new(TOKEN),
        &quick(),
    )
    .await
    .unwrap();
    assert_eq!(conn.connection_id(), Some("c0"));

    // No scheme: loopback means plain ws; the redirect swaps the token.
    let (conn, _events) = connect(
        &http(),
        &format!("{addr}/redirect"),
        &Secret::new("first"),
        &quick(),
    )
    .await
    .unwrap();
    assert_eq!(conn.invoke("Echo", vec![json!(5)]).await.unwrap(), json!(5));
}

#[tokio::test]
async fn bad_token_is_unauthorized() {
    let (addr, _hub) = start().await;
    let err = connect(
        &http(),
        &format!("ws://{addr}/normal"),
        &Secret::new("wrong"),
        &quick(),
    )
    .await
    .unwrap_err();
    assert_eq!(err, HubError::Unauthorized);
}

#[tokio::test]
async fn server_close_tells_whether_to_reconnect() {
    let (addr, _hub) = start().await;
    for (mode, allow) in [("closer", false), ("bouncer", true)] {
        let (_conn, mut events) = connect(
            &http(),
            &format!("ws://{addr}/{mode}"),
            &Secret::new(TOKEN),
            &quick(),
        )
        .await
        .unwrap();
        match timeout(T, events.recv()).await.unwrap().unwrap() {
            HubEvent::Closed(reason) => {
                assert_eq!(reason.allow_reconnect, allow, "{mode}");
                if !allow {
                    assert!(reason.message.contains("Connection closed with an error."));
                }
            }
            other => panic!("{other:?}"),
        }
    }
}

#[tokio::test]
async fn silent_server_times_out() {
    let (addr, _hub) = start().await;
    let options = HubOptions {
        // Keep sending pings so only the server's silence matters.
        keepalive: Duration::from_millis(50),
        server_timeout: Duration::from_millis(400),
        ..quick()
    };
    let (conn, mut events) = connect(
        &http(),
        &format!("ws://{addr}/normal"),
        &Secret::new(TOKEN),
        &options,
    )
    .await
    .unwrap();
    let started = std::time::Instant::now();
    match timeout(T, events.recv()).await.unwrap().unwrap() {
        HubEvent::Closed(reason) => {
            assert!(reason.allow_reconnect);
            assert!(
                reason.message.contains("Server timeout"),
                "{}",
                reason.message
            );
        }
        other => panic!("{other:?}"),
    }
    assert!(started.elapsed() >= Duration::from_millis(350));
    // Invoking on a dead connection fails fast instead of hanging.
    let err = timeout(T, conn.invoke("Echo", vec![json!(1)]))
        .await
        .unwrap()
        .unwrap_err();
    assert!(matches!(err, HubError::Closed(_)), "{err:?}");
}

#[tokio::test]
async fn unknown_values_pass_through_untouched() {
    let v: Value = json!({"type": 99});
    assert!(matches!(
        HubMessage::from_json(v).unwrap(),
        HubMessage::Unknown { message_type: 99 }
    ));
}
