//! Injected faults: dropped WebSockets, refused tokens, failing or slow REST (on every
//! path or those containing a `path` text), malformed frames, silent pings, Close with an
//! error, and hub faults (a Subscribe answered with an error, slow completions, refused
//! negotiate or WebSocket upgrade). The hub faults that act on open connections can be
//! aimed at one connection id (`connection`, from `GET /_sim/connections`). Set through
//! `POST /_sim/faults`.

use super::errors::ApiError;
use super::state::{lock, Control, Shared};
use axum::extract::{Request, State};
use axum::http::StatusCode;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use serde::{Deserialize, Serialize};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

/// The body of `POST /_sim/faults`: every field optional, applied in this order:
/// `clear` first, then the settings, then the one-shot actions.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct FaultRequest {
    /// Reset every fault.
    pub clear: bool,
    /// Drop every hub WebSocket now, without a Close message.
    pub drop_websockets: bool,
    /// The next N token requests answer 401.
    pub refuse_tokens: Option<u32>,
    /// Share (0..1) of REST requests that fail with `rest_error_status`.
    pub rest_error_rate: Option<f64>,
    /// Status for failing REST requests (default 503; 429 and 503 carry Retry-After).
    pub rest_error_status: Option<u16>,
    /// Delay every REST answer by this many milliseconds.
    pub rest_delay_ms: Option<u64>,
    /// Send one frame of invalid JSON to every hub connection.
    pub malformed_frame: bool,
    /// Stop (true) or resume (false) keepalive pings.
    pub stop_pings: Option<bool>,
    /// Send `{"type":7,"error":TEXT,"allowReconnect":true}` to every connection and close.
    pub close_with_error: Option<String>,
    /// Send `{"type":7,"error":TEXT}` (reconnecting not allowed) to every connection and
    /// close.
    pub close_final: Option<String>,
    /// Write the token's WSSEndpoint without a scheme.
    pub wss_without_scheme: Option<bool>,
    /// `rest_error_rate` and `rest_delay_ms` apply only to request paths that contain
    /// this text (ASCII case ignored; a substring, so `/queues` also hits
    /// `/users/{id}/queues`); empty: every path.
    pub path: Option<String>,
    /// The next N `Subscribe` invocations are answered with a Completion error.
    pub subscribe_error: Option<u32>,
    /// Every Completion is sent this many milliseconds late.
    pub completion_delay_ms: Option<u64>,
    /// The next N negotiate requests answer 503.
    pub refuse_negotiate: Option<u32>,
    /// The next N WebSocket upgrade requests answer 503.
    pub refuse_upgrade: Option<u32>,
    /// Aim `drop_websockets`, `close_with_error`, `close_final`, `malformed_frame`,
    /// `subscribe_error` and `completion_delay_ms` at this open connection only.
    pub connection: Option<String>,
}

/// Hub faults in force for every connection or for one.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct HubFaults {
    pub subscribe_error: u32,
    pub completion_delay_ms: u64,
}

/// The fault settings in force (`GET /_sim/faults`).
#[derive(Debug, Clone, Serialize)]
pub struct FaultSettings {
    pub refuse_tokens: u32,
    pub rest_error_rate: f64,
    pub rest_error_status: u16,
    pub rest_delay_ms: u64,
    pub stop_pings: bool,
    pub wss_without_scheme: bool,
    /// The REST path filter (empty: every path).
    pub path: String,
    pub refuse_negotiate: u32,
    pub refuse_upgrade: u32,
    /// Hub faults for every connection.
    pub subscribe_error: u32,
    pub completion_delay_ms: u64,
    /// Hub faults aimed at one connection, by id.
    pub connections: std::collections::BTreeMap<String, HubFaults>,
}

/// Connections that may have faults of their own at once.
const MAX_AIMED: usize = 1024;
/// Longest path filter kept.
const MAX_PATH: usize = 1024;

impl Default for FaultSettings {
    fn default() -> Self {
        FaultSettings {
            refuse_tokens: 0,
            rest_error_rate: 0.0,
            rest_error_status: 503,
            rest_delay_ms: 0,
            stop_pings: false,
            wss_without_scheme: false,
            path: String::new(),
            refuse_negotiate: 0,
            refuse_upgrade: 0,
            subscribe_error: 0,
            completion_delay_ms: 0,
            connections: Default::default(),
        }
    }
}

/// Shared fault state.
pub struct Faults {
    settings: Mutex<FaultSettings>,
    stop_pings: AtomicBool,
    rng: Mutex<StdRng>,
    scenario_without_scheme: bool,
}

impl Faults {
    pub fn new(wss_without_scheme: bool) -> Self {
        Faults {
            settings: Mutex::new(FaultSettings {
                wss_without_scheme,
                ..Default::default()
            }),
            stop_pings: AtomicBool::new(false),
            rng: Mutex::new(StdRng::seed_from_u64(uuid::Uuid::new_v4().as_u128() as u64)),
            scenario_without_scheme: wss_without_scheme,
        }
    }

    pub fn settings(&self) -> FaultSettings {
        lock(&self.settings).clone()
    }

    pub fn pings_stopped(&self) -> bool {
        self.stop_pings.load(Ordering::Relaxed)
    }

    /// Applies a request; returns the hub controls to broadcast. `is_open` tells whether
    /// a connection id names an open connection (a fault aimed at another is refused).
    pub fn apply(
        &self,
        req: &FaultRequest,
        is_open: impl Fn(&str) -> bool,
    ) -> Result<Vec<Control>, String> {
        if let Some(id) = &req.connection {
            if !is_open(id) {
                return Err(format!(
                    "no open hub connection '{}' (see GET /_sim/connections)",
                    crate::sanitize::excerpt(id)
                ));
            }
        }
        if req.path.as_ref().is_some_and(|p| p.len() > MAX_PATH) {
            return Err(format!("path is longer than {MAX_PATH} bytes"));
        }
        if let Some(rate) = req.rest_error_rate {
            if !(0.0..=1.0).contains(&rate) {
                return Err("rest_error_rate must be between 0 and 1".into());
            }
        }
        if let Some(status) = req.rest_error_status {
            if StatusCode::from_u16(status).is_err() || status < 400 {
                return Err("rest_error_status must be an HTTP error status (400..599)".into());
            }
        }
        let mut controls = Vec::new();
        let mut s = lock(&self.settings);
        if req.clear {
            *s = FaultSettings {
                wss_without_scheme: self.scenario_without_scheme,
                ..Default::default()
            };
        }
        if let Some(n) = req.refuse_tokens {
            s.refuse_tokens = n;
        }
        if let Some(rate) = req.rest_error_rate {
            s.rest_error_rate = rate;
        }
        if let Some(status) = req.rest_error_status {
            s.rest_error_status = status;
        }
        if let Some(ms) = req.rest_delay_ms {
            s.rest_delay_ms = ms;
        }
        if let Some(stop) = req.stop_pings {
            s.stop_pings = stop;
        }
        if let Some(v) = req.wss_without_scheme {
            s.wss_without_scheme = v;
        }
        if let Some(path) = &req.path {
            s.path = path.to_ascii_lowercase();
        }
        if let Some(n) = req.refuse_negotiate {
            s.refuse_negotiate = n;
        }
        if let Some(n) = req.refuse_upgrade {
            s.refuse_upgrade = n;
        }
        match &req.connection {
            None => {
                if let Some(n) = req.subscribe_error {
                    s.subscribe_error = n;
                }
                if let Some(ms) = req.completion_delay_ms {
                    s.completion_delay_ms = ms;
                }
            }
            Some(id) if req.subscribe_error.is_some() || req.completion_delay_ms.is_some() => {
                if !s.connections.contains_key(id) && s.connections.len() >= MAX_AIMED {
                    return Err(format!("at most {MAX_AIMED} connections may have faults"));
                }
                let aimed = s.connections.entry(id.clone()).or_default();
                if let Some(n) = req.subscribe_error {
                    aimed.subscribe_error = n;
                }
                if let Some(ms) = req.completion_delay_ms {
                    aimed.completion_delay_ms = ms;
                }
                if *aimed == HubFaults::default() {
                    s.connections.remove(id);
                }
            }
            Some(_) => {}
        }
        self.stop_pings.store(s.stop_pings, Ordering::Relaxed);
        controls.push(Control::Refresh);
        let mut orders = Vec::new();
        if req.malformed_frame {
            orders.push(Control::Malformed);
        }
        if let Some(text) = &req.close_with_error {
            orders.push(Control::CloseWithError(text.clone()));
        }
        if let Some(text) = &req.close_final {
            orders.push(Control::CloseFinal(text.clone()));
        }
        if req.drop_websockets {
            orders.push(Control::Drop);
        }
        controls.extend(orders.into_iter().map(|c| match &req.connection {
            Some(id) => Control::For(id.clone(), Box::new(c)),
            None => c,
        }));
        Ok(controls)
    }

    /// True when this negotiate request must be refused (counts one down).
    pub fn take_negotiate_refusal(&self) -> bool {
        take(&mut lock(&self.settings).refuse_negotiate)
    }

    /// True when this WebSocket upgrade must be refused (counts one down).
    pub fn take_upgrade_refusal(&self) -> bool {
        take(&mut lock(&self.settings).refuse_upgrade)
    }

    /// True when this connection's Subscribe must be answered with an error (counts one
    /// down: the connection's own fault first, then the one for every connection).
    pub fn take_subscribe_error(&self, connection: &str) -> bool {
        let mut s = lock(&self.settings);
        if let Some(aimed) = s.connections.get_mut(connection) {
            if take(&mut aimed.subscribe_error) {
                return true;
            }
        }
        take(&mut s.subscribe_error)
    }

    /// How late this connection's Completions are sent.
    pub fn completion_delay(&self, connection: &str) -> std::time::Duration {
        let s = lock(&self.settings);
        let ms = s
            .connections
            .get(connection)
            .map_or(0, |a| a.completion_delay_ms)
            .max(s.completion_delay_ms);
        std::time::Duration::from_millis(ms)
    }

    /// True when this token request must be refused (counts one refusal down).
    pub fn take_token_refusal(&self) -> bool {
        let mut s = lock(&self.settings);
        if s.refuse_tokens > 0 {
            s.refuse_tokens -= 1;
            true
        } else {
            false
        }
    }

    /// The error this REST request should fail with, if any.
    fn rest_failure(&self, path: &str) -> Option<ApiError> {
        let s = self.settings();
        if s.rest_error_rate <= 0.0 || !path_matches(&s.path, path) {
            return None;
        }
        let roll: f64 = lock(&self.rng).random();
        if roll >= s.rest_error_rate {
            return None;
        }
        let status =
            StatusCode::from_u16(s.rest_error_status).unwrap_or(StatusCode::SERVICE_UNAVAILABLE);
        let mut e = ApiError::new(status, "Injected failure (evtop sim fault)");
        if status == StatusCode::TOO_MANY_REQUESTS || status == StatusCode::SERVICE_UNAVAILABLE {
            e.retry_after = Some(1);
        }
        Some(e)
    }
}

/// Middleware on the REST routes: delay and failure injection.
pub async fn rest_faults(State(shared): State<Arc<Shared>>, req: Request, next: Next) -> Response {
    let path = req.uri().path().to_owned();
    let s = shared.faults.settings();
    if s.rest_delay_ms > 0 && path_matches(&s.path, &path) {
        tokio::time::sleep(std::time::Duration::from_millis(s.rest_delay_ms)).await;
    }
    if let Some(e) = shared.faults.rest_failure(&path) {
        return e.into_response();
    }
    next.run(req).await
}

/// Counts a "next N" fault down; true when one was left.
fn take(n: &mut u32) -> bool {
    if *n > 0 {
        *n -= 1;
        true
    } else {
        false
    }
}

/// True when the path filter (lower case; empty: all) is in the request path.
fn path_matches(filter: &str, path: &str) -> bool {
    filter.is_empty() || path.to_ascii_lowercase().contains(filter)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn request(v: serde_json::Value) -> FaultRequest {
        serde_json::from_value(v).unwrap()
    }

    #[test]
    fn a_path_filter_is_a_case_blind_substring() {
        assert!(path_matches("", "/anything"));
        assert!(path_matches("/queues", "/users/x/Queues/"));
        assert!(!path_matches("/queues", "/users/me"));
    }

    #[test]
    fn aimed_faults_need_an_open_connection_and_count_down_first() {
        let f = Faults::new(false);
        let aimed = request(serde_json::json!({"connection": "c1", "subscribe_error": 1}));
        assert!(f.apply(&aimed, |_| false).is_err());
        f.apply(&aimed, |id| id == "c1").unwrap();
        f.apply(&request(serde_json::json!({"subscribe_error": 1})), |_| {
            true
        })
        .unwrap();
        assert!(f.take_subscribe_error("c1"));
        assert!(f.take_subscribe_error("c1"), "then the one for everyone");
        assert!(!f.take_subscribe_error("c1"));
        let drop = request(serde_json::json!({"connection": "c1", "drop_websockets": true}));
        let controls = f.apply(&drop, |_| true).unwrap();
        assert!(controls
            .iter()
            .any(|c| matches!(c, Control::For(id, inner) if id == "c1" && matches!(**inner, Control::Drop))));
        assert!(!controls.iter().any(|c| matches!(c, Control::Drop)));
    }
}
