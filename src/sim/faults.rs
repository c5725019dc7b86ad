//! Injected faults: dropped WebSockets, refused tokens, failing or slow REST, malformed
//! frames, silent pings, Close with an error. Set through `POST /_sim/faults`.

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
}

impl Default for FaultSettings {
    fn default() -> Self {
        FaultSettings {
            refuse_tokens: 0,
            rest_error_rate: 0.0,
            rest_error_status: 503,
            rest_delay_ms: 0,
            stop_pings: false,
            wss_without_scheme: false,
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

    /// Applies a request; returns the hub controls to broadcast.
    pub fn apply(&self, req: &FaultRequest) -> Result<Vec<Control>, String> {
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
        self.stop_pings.store(s.stop_pings, Ordering::Relaxed);
        controls.push(Control::Refresh);
        if req.malformed_frame {
            controls.push(Control::Malformed);
        }
        if let Some(text) = &req.close_with_error {
            controls.push(Control::CloseWithError(text.clone()));
        }
        if let Some(text) = &req.close_final {
            controls.push(Control::CloseFinal(text.clone()));
        }
        if req.drop_websockets {
            controls.push(Control::Drop);
        }
        Ok(controls)
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
    fn rest_failure(&self) -> Option<ApiError> {
        let s = self.settings();
        if s.rest_error_rate <= 0.0 {
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
    let delay = shared.faults.settings().rest_delay_ms;
    if delay > 0 {
        tokio::time::sleep(std::time::Duration::from_millis(delay)).await;
    }
    if let Some(e) = shared.faults.rest_failure() {
        return e.into_response();
    }
    next.run(req).await
}
