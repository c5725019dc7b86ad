//! A hostile silo on loopback: discovery, REST, negotiate and the hub like a small tenant
//! (one supervisor, one queue), each of which a test can script to misbehave: huge bodies
//! streamed without being held, stalls, redirects, oversize or malformed hub records.
//! Every request is recorded (method, path, Authorization, body) so that tests can see
//! what a client re-sent where.
#![allow(dead_code)]

use axum::body::{Body, Bytes};
use axum::extract::ws::{Message, WebSocket, WebSocketUpgrade};
use axum::extract::{Request, State};
use axum::http::{HeaderMap, Method, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::any;
use axum::Router;
use evtop::signalr::protocol::{HubMessage, RecordReader, RS};
use serde_json::{json, Value};
use std::collections::HashMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

pub const USER: &str = "sup@hostile.test";
pub const SECRET: &str = "hostile-secret-key";
pub const QUEUE: &str = "q-hostile";

/// How the silo answers one REST path (or negotiate).
#[derive(Clone, Debug)]
pub enum Answer {
    Json(Value),
    /// 200 with a body of this many bytes (a JSON array that never ends well), streamed
    /// in 64 KiB chunks so the silo itself holds none of it.
    Huge(usize),
    /// Accepts the request and never answers.
    Stall,
    /// A redirect with this status to `location`.
    Redirect {
        status: u16,
        location: String,
    },
    Status(u16, String),
}

/// What the hub sends on its first connection once the client subscribed.
#[derive(Clone, Debug)]
pub enum Frame {
    /// One WebSocket text message, as is.
    Text(String),
    /// One `MessageReceived` record whose total size is `bytes`, in WebSocket messages of
    /// at most `per_message` bytes (`None`: one message), generated piece by piece.
    BigRecord {
        bytes: usize,
        per_message: Option<usize>,
    },
    /// A valid QueueStatus event whose queue name is this marker.
    Event(String),
    /// `records` QueueStatus events of about `bytes_each` bytes, one per WebSocket
    /// message, named `flood-<n> xxx…` (generated one at a time).
    Flood { records: usize, bytes_each: usize },
}

#[derive(Clone, Debug, Default)]
pub struct Script {
    /// Answers by path (no query), instead of the tenant's own.
    pub rest: HashMap<String, Answer>,
    pub negotiate: Option<Answer>,
    /// Sent after the first Subscribe of the first connection.
    pub hub: Vec<Frame>,
    /// Sent on the first connection before its first Subscribe is answered (events
    /// that the client holds back until it is live).
    pub before_answer: Vec<Frame>,
    /// The answer to `AvailableSubscriptions` (default: an empty list); `{"error": text}`
    /// answers with a hub error instead.
    pub offered: Option<Value>,
}

/// One request the silo saw.
#[derive(Clone, Debug)]
pub struct Seen {
    pub method: String,
    pub path: String,
    pub authorization: Option<String>,
    pub body: Vec<u8>,
}

pub struct Silo {
    pub addr: std::net::SocketAddr,
    pub script: Mutex<Script>,
    pub seen: Mutex<Vec<Seen>>,
    /// WebSocket connections accepted so far.
    pub connections: AtomicUsize,
    /// The scheme the token's WSSEndpoint names (ws or wss).
    pub ws_scheme: Mutex<&'static str>,
    /// With TLS: the CA that signed its certificate.
    pub ca_pem: Option<String>,
}

impl Silo {
    /// A silo on 127.0.0.1:0 with `script`, serving plain http.
    pub async fn start(script: Script) -> Arc<Silo> {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let silo = Silo::new(listener.local_addr().unwrap(), script);
        let app = silo.router();
        tokio::spawn(async move {
            let _ = axum::serve(listener, app).await;
        });
        silo
    }

    /// The same over https/wss, with a certificate from a CA made for it.
    pub async fn start_tls(script: Script) -> Arc<Silo> {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let tls = evtop::sim::tls::SimTls::generate().unwrap();
        let mut silo = Silo::new(listener.local_addr().unwrap(), script);
        let inner = Arc::get_mut(&mut silo).unwrap();
        inner.ca_pem = Some(tls.ca_pem().to_owned());
        *inner.ws_scheme.get_mut().unwrap() = "wss";
        let app = silo.router();
        let listener = tls.listener(listener).unwrap();
        tokio::spawn(async move {
            let _ = axum::serve(listener, app).await;
        });
        silo
    }

    pub fn new(addr: std::net::SocketAddr, script: Script) -> Arc<Silo> {
        Arc::new(Silo {
            addr,
            script: Mutex::new(script),
            seen: Mutex::new(Vec::new()),
            connections: AtomicUsize::new(0),
            ws_scheme: Mutex::new("ws"),
            ca_pem: None,
        })
    }

    /// The TLS config that trusts this silo's CA.
    pub fn client_tls(&self) -> Option<Arc<rustls::ClientConfig>> {
        let pem = self.ca_pem.as_deref()?;
        Some(evtop::api::tls::client_config_with(
            &evtop::api::tls::pem_certificates(pem),
        ))
    }

    pub fn router(self: &Arc<Silo>) -> Router {
        Router::new()
            .route("/hub", any(upgrade))
            .fallback(rest)
            .with_state(self.clone())
    }

    pub fn base_url(&self) -> String {
        let scheme = if self.ca_pem.is_some() {
            "https"
        } else {
            "http"
        };
        format!("{scheme}://{}", self.addr)
    }

    /// The requests seen for `path`.
    pub fn seen(&self, path: &str) -> Vec<Seen> {
        let seen = self.seen.lock().unwrap();
        seen.iter().filter(|s| s.path == path).cloned().collect()
    }

    pub fn all_seen(&self) -> Vec<Seen> {
        self.seen.lock().unwrap().clone()
    }
}

fn json_response(value: Value) -> Response {
    (
        [("content-type", "application/json; charset=utf-8")],
        value.to_string(),
    )
        .into_response()
}

fn answer(a: Answer) -> Response {
    match a {
        Answer::Json(v) => json_response(v),
        Answer::Huge(bytes) => {
            let chunk = Bytes::from(vec![b' '; 64 * 1024]);
            let mut left = bytes;
            let first = Bytes::from_static(b"[");
            let stream = futures_util::stream::iter(std::iter::once(first).chain(
                std::iter::from_fn(move || {
                    if left == 0 {
                        return None;
                    }
                    let n = left.min(chunk.len());
                    left -= n;
                    Some(chunk.slice(..n))
                }),
            ))
            .map(Ok::<_, std::io::Error>);
            (
                [("content-type", "application/json")],
                Body::from_stream(stream),
            )
                .into_response()
        }
        Answer::Stall => unreachable!("stalls are handled by the caller"),
        Answer::Redirect { status, location } => Response::builder()
            .status(status)
            .header("location", location)
            .body(Body::empty())
            .unwrap(),
        Answer::Status(status, body) => {
            (StatusCode::from_u16(status).unwrap(), body).into_response()
        }
    }
}

use futures_util::StreamExt as _;

async fn rest(State(silo): State<Arc<Silo>>, req: Request) -> Response {
    let method = req.method().clone();
    let path = req.uri().path().to_owned();
    let authorization = req
        .headers()
        .get("authorization")
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    let body = axum::body::to_bytes(req.into_body(), 1 << 20)
        .await
        .map(|b| b.to_vec())
        .unwrap_or_default();
    silo.seen.lock().unwrap().push(Seen {
        method: method.to_string(),
        path: path.clone(),
        authorization: authorization.clone(),
        body,
    });
    let scripted = {
        let script = silo.script.lock().unwrap();
        if path.ends_with("/negotiate") {
            script.negotiate.clone()
        } else {
            script.rest.get(&path).cloned()
        }
    };
    if let Some(a) = scripted {
        if matches!(a, Answer::Stall) {
            tokio::time::sleep(Duration::from_secs(3600)).await;
        }
        return answer(a);
    }
    let expected = format!(
        "Basic {}",
        base64_encode(format!("{USER}:{SECRET}").as_bytes())
    );
    let authorized = authorization.as_deref() == Some(expected.as_str());
    let base = silo.base_url();
    match (method, path.as_str()) {
        (Method::GET, "/api/user/") => json_response(json!([{"ApiEndpoint": base}])),
        (Method::POST, p) if p.starts_with("/authuser/") => {
            json_response(json!({"SecretKey": SECRET}))
        }
        (Method::POST, "/hub/negotiate") => json_response(json!({
            "negotiateVersion": 1, "connectionId": "c", "connectionToken": "ct",
            "availableTransports": [{"transport": "WebSockets", "transferFormats": ["Text"]}]
        })),
        _ if !authorized => StatusCode::UNAUTHORIZED.into_response(),
        (Method::GET, "/users/me") => json_response(user()),
        (Method::GET, "/users") => json_response(json!([user()])),
        (Method::GET, "/queues") => json_response(json!([{
            "Id": QUEUE, "Name": "Hostile", "Numbers": [], "TypeId": 1,
            "Status": {"OpenStatus": 1, "MaxWaitTime": 0, "QueueLength": 0,
                "OngoingCalls": 0, "AgentsOnWrapUp": 0, "FreeAgents": 1, "ServingAgents": 1}
        }])),
        (Method::GET, "/callbacklists/") => json_response(json!([])),
        (Method::GET, p) if p.starts_with("/token/") => {
            let scheme = *silo.ws_scheme.lock().unwrap();
            json_response(
                json!({"WSSEndpoint": format!("{scheme}://{}/hub", silo.addr), "Token": "jwt"}),
            )
        }
        _ => StatusCode::NOT_FOUND.into_response(),
    }
}

fn user() -> Value {
    json!({"Id": "u-sup", "OrganizationID": "o-1", "Email": USER, "FirstName": "Sue", "LastName": "Pervisor"})
}

fn base64_encode(bytes: &[u8]) -> String {
    use base64::Engine;
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

async fn upgrade(
    State(silo): State<Arc<Silo>>,
    headers: HeaderMap,
    ws: WebSocketUpgrade,
) -> Response {
    let _ = headers;
    let first = silo.connections.fetch_add(1, Ordering::SeqCst) == 0;
    let offered = silo.script.lock().unwrap().offered.clone();
    let (frames, early) = if first {
        let mut script = silo.script.lock().unwrap();
        (
            std::mem::take(&mut script.hub),
            std::mem::take(&mut script.before_answer),
        )
    } else {
        (Vec::new(), Vec::new())
    };
    ws.max_message_size(1 << 20)
        .on_upgrade(move |socket| hub(socket, frames, early, offered))
}

/// A QueueStatus `MessageReceived` record naming `marker` as the queue's name.
pub fn event_record(marker: &str) -> String {
    let data = json!({"eventType": "QueueStatus", "entityId": QUEUE, "queueId": QUEUE,
        "queueName": marker, "nbrOfRequesters": 1, "maxWaitTime": 0});
    HubMessage::invocation(
        None,
        "MessageReceived",
        vec![
            json!({"subscription": {"entityId": QUEUE, "eventType": "QueueStatus"}, "data": data}),
        ],
    )
    .encode()
}

async fn send_frame(socket: &mut WebSocket, frame: Frame) -> bool {
    match frame {
        Frame::Text(t) => socket.send(Message::Text(t.into())).await.is_ok(),
        Frame::Event(marker) => socket
            .send(Message::Text(event_record(&marker).into()))
            .await
            .is_ok(),
        Frame::Flood {
            records,
            bytes_each,
        } => {
            let filler = "x".repeat(bytes_each.saturating_sub(300));
            for n in 0..records {
                let record = event_record(&format!("flood-{n} {filler}"));
                if socket.send(Message::Text(record.into())).await.is_err() {
                    return false;
                }
            }
            true
        }
        Frame::BigRecord { bytes, per_message } => {
            let head = r#"{"type":1,"target":"MessageReceived","arguments":[""#;
            let tail = format!(r#""]}}{RS}"#);
            let filler = bytes.saturating_sub(head.len() + tail.len());
            let per = per_message.unwrap_or(usize::MAX);
            if per == usize::MAX {
                let mut one = String::with_capacity(bytes);
                one.push_str(head);
                one.extend(std::iter::repeat_n('x', filler));
                one.push_str(&tail);
                return socket.send(Message::Text(one.into())).await.is_ok();
            }
            let mut left = filler;
            let mut first = true;
            while left > 0 || first {
                let mut part = String::new();
                if first {
                    part.push_str(head);
                    first = false;
                }
                let n = left.min(per.saturating_sub(part.len()).max(1));
                part.extend(std::iter::repeat_n('x', n));
                left -= n;
                if socket.send(Message::Text(part.into())).await.is_err() {
                    return false;
                }
            }
            socket.send(Message::Text(tail.into())).await.is_ok()
        }
    }
}

async fn hub(
    mut socket: WebSocket,
    mut frames: Vec<Frame>,
    mut early: Vec<Frame>,
    offered: Option<Value>,
) {
    let mut reader = RecordReader::default();
    let mut handshaken = false;
    let mut ping = tokio::time::interval(Duration::from_millis(500));
    loop {
        tokio::select! {
            _ = ping.tick(), if handshaken => {
                if socket.send(Message::Text(HubMessage::Ping.encode().into())).await.is_err() {
                    return;
                }
            }
            msg = socket.recv() => {
                let Some(Ok(msg)) = msg else { return };
                let Message::Text(text) = msg else { continue };
                for record in reader.push(text.as_bytes()) {
                    if !handshaken {
                        handshaken = true;
                        let _ = socket.send(Message::Text(format!("{{}}{RS}").into())).await;
                        continue;
                    }
                    let Ok(HubMessage::Invocation { invocation_id: Some(id), target, arguments, .. }) =
                        HubMessage::parse(&record) else { continue };
                    let items = arguments.first().and_then(Value::as_array).cloned().unwrap_or_default();
                    let results: Vec<Value> = items.iter().map(|item| json!({
                        "subscribed": true, "message": null,
                        "entityId": item["EntityId"], "eventName": item["EventName"]})).collect();
                    if target == "Subscribe" {
                        for frame in std::mem::take(&mut early) {
                            if !send_frame(&mut socket, frame).await {
                                return;
                            }
                        }
                    }
                    let reply = match (&offered, target.as_str()) {
                        (Some(answer), "AvailableSubscriptions") => match answer["error"].as_str() {
                            Some(error) => HubMessage::completion_error(id, error),
                            None => HubMessage::completion_result(id, answer.clone()),
                        },
                        _ => HubMessage::completion_result(id, Value::Array(results)),
                    };
                    if socket.send(Message::Text(reply.encode().into())).await.is_err() {
                        return;
                    }
                    if target == "Subscribe" {
                        for frame in std::mem::take(&mut frames) {
                            if !send_frame(&mut socket, frame).await {
                                return;
                            }
                        }
                    }
                }
            }
        }
    }
}
