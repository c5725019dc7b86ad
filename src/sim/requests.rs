//! The requests the REST API received, as they arrived (method, raw path, query, JSON
//! body), for `GET /_sim/requests`: tests check the bodies and paths a client really
//! sends. Passwords and secret keys in bodies are replaced before they are kept.

use super::state::{lock, Shared};
use axum::body::Body;
use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use serde_json::{json, Value};
use std::sync::Arc;

/// Requests kept (the oldest go first).
pub const KEPT: usize = 500;
/// Bodies longer than this are kept as their length only.
const MAX_BODY: usize = 64 * 1024;

/// Middleware: records the request, then serves it.
pub async fn record(State(shared): State<Arc<Shared>>, req: Request, next: Next) -> Response {
    let (parts, body) = req.into_parts();
    let bytes = match axum::body::to_bytes(body, MAX_BODY * 16).await {
        Ok(b) => b,
        Err(_) => {
            return super::errors::ApiError::bad_request("The request body is too large")
                .into_response()
        }
    };
    let kept_body = if bytes.is_empty() {
        Value::Null
    } else if bytes.len() > MAX_BODY {
        json!({ "Bytes": bytes.len() })
    } else {
        serde_json::from_slice::<Value>(&bytes)
            .map(redact_credentials)
            .unwrap_or_else(|_| Value::String(String::from_utf8_lossy(&bytes).into_owned()))
    };
    let entry = json!({
        "Method": parts.method.as_str(),
        "Path": parts.uri.path(),
        "Query": parts.uri.query(),
        "Body": kept_body,
    });
    {
        let mut log = lock(&shared.requests);
        if log.len() >= KEPT {
            log.pop_front();
        }
        log.push_back(entry);
    }
    next.run(Request::from_parts(parts, Body::from(bytes)))
        .await
}

/// The recorded requests, oldest first.
pub fn list(shared: &Shared) -> Value {
    Value::Array(lock(&shared.requests).iter().cloned().collect())
}

/// Replaces the values of `Password` and `SecretKey` (any casing, any depth).
fn redact_credentials(value: Value) -> Value {
    match value {
        Value::Object(map) => Value::Object(
            map.into_iter()
                .map(|(k, v)| {
                    let folded = k.to_ascii_lowercase().replace('_', "");
                    if folded == "password" || folded == "secretkey" {
                        (k, Value::String("<redacted>".into()))
                    } else {
                        (k, redact_credentials(v))
                    }
                })
                .collect(),
        ),
        Value::Array(items) => Value::Array(items.into_iter().map(redact_credentials).collect()),
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn credentials_are_not_kept() {
        let v = redact_credentials(
            json!({"UserName": "a@b", "Password": "pw", "inner": [{"secret_key": "s"}]}),
        );
        assert_eq!(
            v,
            json!({"UserName": "a@b", "Password": "<redacted>", "inner": [{"secret_key": "<redacted>"}]})
        );
    }
}
