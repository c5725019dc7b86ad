//! The RTE hub: SignalR negotiate (v0 and v1) and the WebSocket endpoint, with the token
//! as `Authorization: Bearer` or `access_token` query value.

mod connection;
mod methods;
pub mod registry;

pub use methods::EMITTED;

use super::auth::bearer_token;
use super::errors::ApiError;
use super::state::{lock, HubConn, Shared};
use axum::extract::ws::rejection::WebSocketUpgradeRejection;
use axum::extract::ws::WebSocketUpgrade;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde_json::json;
use std::collections::HashMap;
use std::sync::Arc;
use std::time::{Duration, Instant};

/// Path of the hub (the token's WSSEndpoint ends with it).
pub const HUB_PATH: &str = "/rte";

/// Negotiated connections not opened within this time are forgotten.
const PENDING_TTL: Duration = Duration::from_secs(120);

pub fn router() -> Router<Arc<Shared>> {
    Router::new()
        .route(HUB_PATH, get(upgrade))
        .route(&format!("{HUB_PATH}/"), get(upgrade))
        .route(&format!("{HUB_PATH}/negotiate"), post(negotiate))
}

fn plain(status: StatusCode, text: &str) -> Response {
    (status, text.to_owned()).into_response()
}

/// `POST /rte/negotiate[?negotiateVersion=1]`.
async fn negotiate(
    State(shared): State<Arc<Shared>>,
    headers: HeaderMap,
    Query(q): Query<HashMap<String, String>>,
) -> Response {
    let Some((user, role)) = bearer_token(&headers, &q).and_then(|t| shared.tokens.check(&t))
    else {
        return plain(StatusCode::UNAUTHORIZED, "Unauthorized");
    };
    if shared.faults.take_negotiate_refusal() {
        return plain(
            StatusCode::SERVICE_UNAVAILABLE,
            "Injected failure (evtop sim fault)",
        );
    }
    let version = match q.get("negotiateVersion").map(|v| v.trim().parse::<i64>()) {
        None => 0,
        Some(Ok(v)) if v >= 0 => v.min(1),
        Some(_) => {
            return ApiError::bad_request("negotiateVersion must be a non-negative integer")
                .into_response()
        }
    };
    let connection_id = uuid::Uuid::new_v4().simple().to_string();
    let connection_token = uuid::Uuid::new_v4().simple().to_string();
    let key = if version >= 1 {
        connection_token.clone()
    } else {
        connection_id.clone()
    };
    {
        let mut conns = lock(&shared.connections);
        conns.retain(|_, c| c.connected || c.created.elapsed() < PENDING_TTL);
        conns.insert(
            key,
            HubConn {
                connection_id: connection_id.clone(),
                user,
                role,
                connected: false,
                created: Instant::now(),
            },
        );
    }
    let transports = json!([{"transport": "WebSockets", "transferFormats": ["Text"]}]);
    let body = if version >= 1 {
        json!({
            "negotiateVersion": 1,
            "connectionId": connection_id,
            "connectionToken": connection_token,
            "availableTransports": transports,
        })
    } else {
        json!({
            "negotiateVersion": 0,
            "connectionId": connection_id,
            "availableTransports": transports,
        })
    };
    Json(body).into_response()
}

/// `GET /rte?id=…` (WebSocket upgrade). Without `id` (skipNegotiation) a connection is
/// created on the spot.
async fn upgrade(
    State(shared): State<Arc<Shared>>,
    headers: HeaderMap,
    Query(q): Query<HashMap<String, String>>,
    ws: Result<WebSocketUpgrade, WebSocketUpgradeRejection>,
) -> Response {
    let Some((user, role)) = bearer_token(&headers, &q).and_then(|t| shared.tokens.check(&t))
    else {
        return plain(StatusCode::UNAUTHORIZED, "Unauthorized");
    };
    if shared.faults.take_upgrade_refusal() {
        return plain(
            StatusCode::SERVICE_UNAVAILABLE,
            "Injected failure (evtop sim fault)",
        );
    }
    let ws = match ws {
        Ok(ws) => ws,
        Err(_) => {
            return plain(
                StatusCode::BAD_REQUEST,
                "Only the WebSockets transport is supported: send a WebSocket upgrade",
            )
        }
    };
    let (key, conn) = {
        let mut conns = lock(&shared.connections);
        match q.get("id") {
            Some(id) => match conns.get_mut(id) {
                None => return plain(StatusCode::NOT_FOUND, "No Connection with that ID"),
                Some(c) if c.connected => {
                    return plain(StatusCode::CONFLICT, "Connection ID is already in use")
                }
                Some(c) => {
                    c.connected = true;
                    (id.clone(), c.clone())
                }
            },
            None => {
                let id = uuid::Uuid::new_v4().simple().to_string();
                let c = HubConn {
                    connection_id: id.clone(),
                    user,
                    role,
                    connected: true,
                    created: Instant::now(),
                };
                conns.insert(id.clone(), c.clone());
                (id, c)
            }
        }
    };
    let shared2 = shared.clone();
    let key2 = key.clone();
    ws.max_message_size(1 << 20)
        .on_failed_upgrade(move |_| {
            lock(&shared2.connections).remove(&key2);
        })
        .on_upgrade(move |socket| connection::serve(shared, socket, key, conn))
}
