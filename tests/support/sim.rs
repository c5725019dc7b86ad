//! Helpers for the simulator's integration tests: start a sim on 127.0.0.1:0, call its
//! REST API with reqwest, and talk to its hub over a real WebSocket with the codec.
#![allow(dead_code)]

use chrono::TimeZone;
use evtop::model::rest::RteToken;
use evtop::signalr::protocol::{
    HandshakeRequest, HandshakeResponse, HubMessage, Outcome, RecordReader,
};
use evtop::sim::{SimConfig, SimHandle, SUPERVISOR_EMAIL, SUPERVISOR_SECRET};
use futures_util::{SinkExt, StreamExt};
use serde_json::{json, Value};
use std::time::Duration;
use tokio_tungstenite::tungstenite::client::IntoClientRequest;
use tokio_tungstenite::tungstenite::Message;

pub const WAIT: Duration = Duration::from_secs(10);

/// A paused sim (speed 0) with a fixed start time: nothing happens until a test says so.
pub fn paused_config() -> SimConfig {
    let mut cfg = SimConfig::default_on_loopback();
    cfg.speed = 0.0;
    cfg.start_time = Some(chrono::Utc.with_ymd_and_hms(2025, 3, 3, 9, 0, 0).unwrap());
    cfg
}

pub async fn start(cfg: SimConfig) -> SimHandle {
    tokio::time::timeout(WAIT, evtop::sim::start(cfg))
        .await
        .expect("sim starts in time")
        .expect("sim starts")
}

pub fn http() -> reqwest::Client {
    reqwest::Client::builder().timeout(WAIT).build().unwrap()
}

/// A plain HTTP client that also trusts the sim's generated CA when it serves TLS.
pub fn http_for(sim: &SimHandle) -> reqwest::Client {
    let mut b = reqwest::Client::builder().timeout(WAIT);
    if let Some(pem) = sim.ca_pem() {
        b = b.add_root_certificate(reqwest::Certificate::from_pem(pem.as_bytes()).unwrap());
    }
    b.build().unwrap()
}

/// A sim like [`paused_config`] over https/wss.
pub fn paused_tls_config() -> SimConfig {
    let mut cfg = paused_config();
    cfg.tls = true;
    cfg
}

/// The TLS config an evtop client needs for this sim (system roots + its CA).
pub fn client_tls(sim: &SimHandle) -> std::sync::Arc<rustls::ClientConfig> {
    let pem = sim.ca_pem().expect("a TLS sim");
    evtop::api::tls::client_config_with(&evtop::api::tls::pem_certificates(pem))
}

/// GET with the supervisor's Basic auth; returns (status, JSON body or Null).
pub async fn get(sim: &SimHandle, path: &str) -> (u16, Value) {
    get_as(sim, path, SUPERVISOR_EMAIL, SUPERVISOR_SECRET).await
}

pub async fn get_as(sim: &SimHandle, path: &str, user: &str, secret: &str) -> (u16, Value) {
    let r = http_for(sim)
        .get(format!("{}{path}", sim.base_url()))
        .basic_auth(user, Some(secret))
        .header("Accept", "application/json")
        .header("X-Json-Serializer", "2")
        .send()
        .await
        .unwrap();
    let status = r.status().as_u16();
    (status, r.json().await.unwrap_or(Value::Null))
}

pub async fn post(sim: &SimHandle, path: &str, body: Value) -> (u16, Value) {
    post_as(sim, path, body, SUPERVISOR_EMAIL, SUPERVISOR_SECRET).await
}

pub async fn post_as(
    sim: &SimHandle,
    path: &str,
    body: Value,
    user: &str,
    secret: &str,
) -> (u16, Value) {
    let r = http_for(sim)
        .post(format!("{}{path}", sim.base_url()))
        .basic_auth(user, Some(secret))
        .json(&body)
        .send()
        .await
        .unwrap();
    let status = r.status().as_u16();
    (status, r.json().await.unwrap_or(Value::Null))
}

/// DELETE with the supervisor's Basic auth.
pub async fn delete(sim: &SimHandle, path: &str) -> (u16, Value) {
    let r = http()
        .delete(format!("{}{path}", sim.base_url()))
        .basic_auth(SUPERVISOR_EMAIL, Some(SUPERVISOR_SECRET))
        .send()
        .await
        .unwrap();
    let status = r.status().as_u16();
    (status, r.json().await.unwrap_or(Value::Null))
}

/// The REST requests the sim received (`GET /_sim/requests`), oldest first.
pub async fn requests(sim: &SimHandle) -> Vec<Value> {
    http()
        .get(format!("{}/_sim/requests", sim.base_url()))
        .send()
        .await
        .unwrap()
        .json::<Value>()
        .await
        .unwrap()
        .as_array()
        .cloned()
        .unwrap_or_default()
}

/// `POST /_sim/<what>` (admin API).
pub async fn admin(sim: &SimHandle, what: &str, body: Value) -> Value {
    let r = http_for(sim)
        .post(format!("{}/_sim/{what}", sim.base_url()))
        .json(&body)
        .send()
        .await
        .unwrap();
    assert!(r.status().is_success(), "admin {what}: {}", r.status());
    r.json().await.unwrap()
}

/// `(queue id, "QueueStatus")` for every queue of a `/_sim/state` answer.
pub fn queue_status_of_every_queue(state: &Value) -> Vec<(String, &'static str)> {
    state["Queues"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|q| Some((q["Id"].as_str()?.to_owned(), "QueueStatus")))
        .collect()
}

pub async fn state(sim: &SimHandle) -> Value {
    http_for(sim)
        .get(format!("{}/_sim/state", sim.base_url()))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap()
}

/// An RTE token for a user.
pub async fn token_as(sim: &SimHandle, user: &str, secret: &str) -> RteToken {
    let (status, body) = get_as(sim, "/token/me/rte/", user, secret).await;
    assert_eq!(status, 200, "{body}");
    evtop::model::casing::from_platform(body).unwrap()
}

pub async fn token(sim: &SimHandle) -> RteToken {
    token_as(sim, SUPERVISOR_EMAIL, SUPERVISOR_SECRET).await
}

type Ws =
    tokio_tungstenite::WebSocketStream<tokio_tungstenite::MaybeTlsStream<tokio::net::TcpStream>>;

/// A raw hub client: negotiate, WebSocket, handshake, then records in and out.
pub struct Hub {
    pub ws: Ws,
    reader: RecordReader,
    raw_records: std::collections::VecDeque<String>,
    queued: std::collections::VecDeque<HubMessage>,
    next_id: u64,
}

/// `POST {hub}/negotiate?negotiateVersion=1` with the token; returns the `id` to open.
pub async fn negotiate(sim: &SimHandle, token: &str) -> String {
    let r = http_for(sim)
        .post(format!(
            "{}/rte/negotiate?negotiateVersion=1",
            sim.base_url()
        ))
        .bearer_auth(token)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 200);
    let v: Value = r.json().await.unwrap();
    v["connectionToken"].as_str().unwrap().to_owned()
}

/// Opens the WebSocket for `id` with the token in the Authorization header.
pub async fn open_ws(
    sim: &SimHandle,
    id: &str,
    token: &str,
) -> Result<Ws, tokio_tungstenite::tungstenite::Error> {
    let url = format!("{}/rte?id={id}", sim.base_url().replace("http://", "ws://"));
    let mut req = url.into_client_request().unwrap();
    req.headers_mut()
        .insert("Authorization", format!("Bearer {token}").parse().unwrap());
    let (ws, _) = tokio::time::timeout(WAIT, tokio_tungstenite::connect_async(req))
        .await
        .expect("ws connect in time")?;
    Ok(ws)
}

impl Hub {
    /// Negotiate + WebSocket + handshake (json, version 1) as the supervisor.
    pub async fn connect(sim: &SimHandle) -> Hub {
        let t = token(sim).await;
        Hub::connect_with(sim, &t.token).await
    }

    pub async fn connect_as(sim: &SimHandle, user: &str, secret: &str) -> Hub {
        let t = token_as(sim, user, secret).await;
        Hub::connect_with(sim, &t.token).await
    }

    pub async fn connect_with(sim: &SimHandle, token: &str) -> Hub {
        let id = negotiate(sim, token).await;
        let ws = open_ws(sim, &id, token).await.expect("upgrade");
        let mut hub = Hub::raw(ws);
        let answer = hub.handshake(&HandshakeRequest::json_v1().encode()).await;
        assert_eq!(answer.error, None);
        hub
    }

    pub fn raw(ws: Ws) -> Hub {
        Hub {
            ws,
            reader: RecordReader::default(),
            raw_records: Default::default(),
            queued: Default::default(),
            next_id: 0,
        }
    }

    /// Sends a handshake text and reads the handshake answer.
    pub async fn handshake(&mut self, text: &str) -> HandshakeResponse {
        self.send_text(text).await;
        let rec = self.next_record(WAIT).await.expect("handshake answer");
        HandshakeResponse::parse(&rec).expect("a handshake response")
    }

    pub async fn send_text(&mut self, text: &str) {
        self.ws
            .send(Message::Text(text.to_owned().into()))
            .await
            .unwrap();
    }

    pub async fn send(&mut self, msg: &HubMessage) {
        self.send_text(&msg.encode()).await;
    }

    /// The next raw record, or None on timeout / close.
    pub async fn next_record(&mut self, within: Duration) -> Option<String> {
        let deadline = tokio::time::Instant::now() + within;
        loop {
            if let Some(r) = self.pending_record() {
                return Some(r);
            }
            let msg = tokio::time::timeout_at(deadline, self.ws.next())
                .await
                .ok()??;
            match msg.ok()? {
                Message::Text(t) => {
                    assert!(
                        t.as_str().ends_with('\u{1e}'),
                        "frame does not end on a record: {t}"
                    );
                    self.stash(t.as_bytes());
                }
                Message::Binary(b) => self.stash(&b),
                Message::Close(_) => return None,
                _ => {}
            }
        }
    }

    fn stash(&mut self, bytes: &[u8]) {
        for r in self.reader.push(bytes) {
            self.raw_records.push_back(r);
        }
    }

    fn pending_record(&mut self) -> Option<String> {
        self.raw_records.pop_front()
    }

    /// The next message (Pings included), or None on timeout / close.
    pub async fn next(&mut self, within: Duration) -> Option<HubMessage> {
        if let Some(m) = self.queued.pop_front() {
            return Some(m);
        }
        let rec = self.next_record(within).await?;
        Some(HubMessage::parse(&rec).unwrap_or_else(|e| panic!("bad record {rec:?}: {e}")))
    }

    /// Invokes a method and waits for its Completion (other messages are kept).
    pub async fn invoke(&mut self, target: &str, args: Vec<Value>) -> Outcome {
        self.next_id += 1;
        let id = self.next_id.to_string();
        self.send(&HubMessage::invocation(Some(id.clone()), target, args))
            .await;
        let deadline = tokio::time::Instant::now() + WAIT;
        let mut kept = Vec::new();
        loop {
            let left = deadline.saturating_duration_since(tokio::time::Instant::now());
            let rec = self.next_record(left).await.expect("completion in time");
            let msg = HubMessage::parse(&rec).unwrap();
            match msg {
                HubMessage::Completion {
                    invocation_id,
                    outcome,
                    ..
                } if invocation_id == id => {
                    self.queued.extend(kept);
                    return outcome;
                }
                other => kept.push(other),
            }
        }
    }

    pub async fn subscribe(&mut self, items: Vec<(String, &str)>) -> Value {
        let arg: Vec<Value> = items
            .into_iter()
            .map(|(id, ev)| json!({"EntityId": id, "EventName": ev}))
            .collect();
        match self.invoke("Subscribe", vec![Value::Array(arg)]).await {
            Outcome::Result(v) => v,
            other => panic!("Subscribe failed: {other:?}"),
        }
    }

    /// The next MessageReceived argument, skipping pings.
    pub async fn next_event(&mut self, within: Duration) -> Option<Value> {
        let deadline = tokio::time::Instant::now() + within;
        loop {
            let left = deadline.saturating_duration_since(tokio::time::Instant::now());
            match self.next(left).await? {
                HubMessage::Invocation {
                    target,
                    mut arguments,
                    ..
                } if target == "MessageReceived" => {
                    return arguments.pop();
                }
                _ => continue,
            }
        }
    }
}
