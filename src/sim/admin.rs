//! The loopback-only admin API under `/_sim/`, for tests and demos. No auth.
//!
//! - `GET /_sim/state`: the simulator's truth (PascalCase): `Queues`, `Users`, `Agents`
//!   (with `Availability` and `AvailabilitySince`, `Activity` — `Idle`, `Ringing`,
//!   `Talking`, `WrapUp` — and `ActivitySince`, `ActiveQueueId`, `WrapUp`, `Status`),
//!   `QueueFigures` (per queue, each attached agent once: free, on wrap-up, away, callers
//!   waiting, longest wait, open), `Totals` (tenant-wide, each agent once; free agents
//!   only from open queues), `Calls`, `CallbackLists`, `Callbacks`, `Now`. The types and
//!   their exact definitions are in [`super::model::truth`].
//! - `GET /_sim/faults`: the fault settings in force.
//! - `GET /_sim/connections`: each open hub connection, `[{"Id", "UserId",
//!   "Subscriptions": [{"EntityId", "EventName"}]}]` — its server-side subscriptions.
//! - `GET /_sim/published?since=SEQ`: the events published after `SEQ` (default 0), from
//!   a ring of the last 10,000: `{"Oldest", "Last", "Events": [{"Seq", "EventName",
//!   "EntityId", "Data"}]}` (at most `limit`, default and at most 10,000, per answer).
//! - `GET /_sim/requests`: the REST requests received (method, raw path, query, JSON
//!   body with passwords and secret keys replaced), oldest first.
//! - `POST /_sim/faults`: a [`FaultRequest`](super::faults::FaultRequest).
//! - `POST /_sim/control`: a [`ControlRequest`]: advance the clock, change the speed
//!   (0 pauses), put an agent on wrap-up, set an availability, make a call arrive,
//!   pause or resume the firehose, offer or hide the queue call events, refuse routes
//!   (403): the switches that leave the console one source of today's figures.
//! - `GET /_sim/firehose`: the firehose's rate, mix and counters
//!   ([`Firehose::status`](super::firehose::Firehose::status)).

use super::errors::ApiError;
use super::faults::FaultRequest;
use super::model::STEP_MS;
use super::published::KEPT;
use super::state::{lock, Shared};
use crate::model::rest::Availability;
use axum::body::Bytes;
use axum::extract::{ConnectInfo, Query, Request, State};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde::Deserialize;
use serde_json::{json, Value};
use std::sync::Arc;

/// The body of `POST /_sim/control`; every field optional, applied in this order.
#[derive(Debug, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ControlRequest {
    /// New simulated-time speed; 0 pauses the ticker.
    pub speed: Option<f64>,
    /// Put this agent (user id) on wrap-up now.
    pub wrap_up: Option<WrapUpOrder>,
    /// Set a user's availability (emits UserAvailability + UserStatus).
    pub availability: Option<AvailabilityOrder>,
    /// A caller arrives in this queue (id) now.
    pub call_queue_id: Option<String>,
    /// Advance simulated time by this many seconds now (events are published).
    pub advance_secs: Option<f64>,
    /// Pause (`false`) or resume (`true`) the firehose.
    pub firehose: Option<bool>,
    /// Offer (`true`) or hide (`false`) the `QueueCallIn*` events to the hub
    /// connections made from now on.
    pub queue_call_events: Option<bool>,
    /// Routes (path-table keys) answered with 403 from now on (`[]`: none).
    pub refused_routes: Option<Vec<String>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct WrapUpOrder {
    pub user_id: String,
    /// Max wrap-up duration; default 300.
    pub max_secs: Option<i64>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct AvailabilityOrder {
    pub user_id: String,
    /// `Available`, `Busy`, `DoNotDisturb`/`dnd`, `OffWork`, `BRB`, `Away`.
    pub availability: String,
    pub note: String,
}

pub fn router(shared: &Arc<Shared>) -> Router<Arc<Shared>> {
    Router::new()
        .route("/_sim/state", get(state))
        .route("/_sim/faults", get(get_faults).post(post_faults))
        .route("/_sim/control", post(control))
        .route("/_sim/requests", get(requests))
        .route("/_sim/connections", get(connections))
        .route("/_sim/published", get(published))
        .route("/_sim/firehose", get(firehose))
        .route_layer(axum::middleware::from_fn_with_state(
            shared.clone(),
            loopback_only,
        ))
}

/// Refuses the admin API to anyone not on loopback.
async fn loopback_only(
    ConnectInfo(super::tls::Peer(peer)): ConnectInfo<super::tls::Peer>,
    req: Request,
    next: Next,
) -> Response {
    if !peer.ip().is_loopback() {
        return ApiError::new(
            axum::http::StatusCode::FORBIDDEN,
            "The admin API is loopback-only",
        )
        .into_response();
    }
    next.run(req).await
}

async fn state(State(shared): State<Arc<Shared>>) -> Json<Value> {
    Json(lock(&shared.model).state_json())
}

async fn firehose(State(shared): State<Arc<Shared>>) -> Json<Value> {
    let c = &shared.config;
    Json(shared.firehose.status(c.firehose, c.firehose_mix))
}

async fn requests(State(shared): State<Arc<Shared>>) -> Json<Value> {
    Json(super::requests::list(&shared))
}

async fn connections(State(shared): State<Arc<Shared>>) -> Json<Value> {
    Json(shared.hub_views.json())
}

/// The query of `GET /_sim/published`.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct PublishedQuery {
    since: u64,
    limit: Option<usize>,
}

async fn published(
    State(shared): State<Arc<Shared>>,
    query: Result<Query<PublishedQuery>, axum::extract::rejection::QueryRejection>,
) -> Result<Json<Value>, ApiError> {
    let Query(q) =
        query.map_err(|_| ApiError::bad_request("since and limit are non-negative integers"))?;
    let limit = q.limit.unwrap_or(KEPT).min(KEPT);
    Ok(Json(lock(&shared.published).since(q.since, limit)))
}

async fn get_faults(State(shared): State<Arc<Shared>>) -> Json<Value> {
    Json(serde_json::to_value(shared.faults.settings()).unwrap_or(Value::Null))
}

async fn post_faults(
    State(shared): State<Arc<Shared>>,
    body: Bytes,
) -> Result<Json<Value>, ApiError> {
    let req: FaultRequest = json_object(&body, "fault")?;
    let controls = shared
        .faults
        .apply(&req, |id| shared.hub_views.contains(id))
        .map_err(ApiError::bad_request)?;
    for c in controls {
        let _ = shared.control.send(c);
    }
    Ok(Json(
        serde_json::to_value(shared.faults.settings()).unwrap_or(Value::Null),
    ))
}

async fn control(State(shared): State<Arc<Shared>>, body: Bytes) -> Result<Json<Value>, ApiError> {
    let req: ControlRequest = json_object(&body, "control")?;
    if let Some(speed) = req.speed {
        if !(speed >= 0.0 && speed.is_finite()) {
            return Err(ApiError::bad_request("speed must be >= 0"));
        }
        *lock(&shared.speed) = speed;
    }
    if let Some(w) = req.wrap_up {
        let u = user(&shared, &w.user_id)?;
        shared.with_model(|m| m.force_wrap_up(u, w.max_secs.unwrap_or(300).max(1)));
    }
    if let Some(a) = req.availability {
        let u = user(&shared, &a.user_id)?;
        let av = Availability::parse(&a.availability).ok_or_else(|| {
            ApiError::bad_request(format!("unknown availability '{}'", a.availability))
        })?;
        shared.with_model(|m| m.set_availability(u, av, &a.note));
    }
    if let Some(q) = req.call_queue_id {
        let qi = lock(&shared.model)
            .queue_index(&q)
            .ok_or_else(|| ApiError::not_found(format!("Queue '{q}' not found")))?;
        shared.with_model(|m| m.inject_call(qi));
    }
    if let Some(on) = req.firehose {
        shared.firehose.set_running(on);
    }
    if let Some(routes) = req.refused_routes {
        if let Some(bad) = routes
            .iter()
            .find(|k| crate::api::paths::route_by_key(k).is_none())
        {
            return Err(ApiError::bad_request(format!(
                "refused_routes: unknown route '{}'",
                crate::sanitize::sanitize(bad)
            )));
        }
        lock(&shared.switches).refused_routes = routes;
    }
    if let Some(on) = req.queue_call_events {
        lock(&shared.switches).queue_call_events = on;
    }
    let mut published = 0usize;
    if let Some(secs) = req.advance_secs {
        if !(0.0..=86_400.0).contains(&secs) {
            return Err(ApiError::bad_request(
                "advance_secs must be within 0..86400",
            ));
        }
        let steps = (secs * 1000.0 / STEP_MS as f64).round() as u64;
        let events = lock(&shared.model).advance(steps);
        published = events.len();
        shared.publish(events);
    }
    let now = crate::model::time::format(&lock(&shared.model).now());
    Ok(Json(
        json!({"Now": now, "Speed": shared.speed(), "EventsPublished": published}),
    ))
}

fn user(shared: &Shared, id: &str) -> Result<usize, ApiError> {
    lock(&shared.model)
        .user_index(id)
        .ok_or_else(|| ApiError::not_found(format!("User '{id}' not found")))
}

/// Reads an admin body: a JSON object (empty body = `{}`) of known fields.
fn json_object<T: serde::de::DeserializeOwned>(body: &[u8], what: &str) -> Result<T, ApiError> {
    let value: Value = if body.iter().all(u8::is_ascii_whitespace) {
        json!({})
    } else {
        serde_json::from_slice(body)
            .map_err(|e| ApiError::bad_request(format!("bad {what} request: {e}")))?
    };
    if !value.is_object() {
        return Err(ApiError::bad_request(format!(
            "a {what} request is a JSON object"
        )));
    }
    serde_json::from_value(value)
        .map_err(|e| ApiError::bad_request(format!("bad {what} request: {e}")))
}
