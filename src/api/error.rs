//! [`ApiError`]: every way a REST call can fail, each with a message a supervisor
//! understands. Messages never contain a secret: they name the operation (method and
//! path, never the query or headers) and at most a sanitized, shortened server message.

use std::time::Duration;

/// A failed REST call (or discovery, or login).
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ApiError {
    #[error("the server refused the login (401): check user and secret key")]
    Unauthorized,
    #[error("the server refused the password (401): check user and password")]
    BadPassword,
    #[error("not allowed (403) to {what}: this user lacks the permission")]
    Forbidden { what: String },
    #[error("not found (404): {what}{}", reason(.message))]
    NotFound { what: String, message: String },
    #[error("conflict (409) on {what}: {message}")]
    Conflict { what: String, message: String },
    #[error("the server rejected {what} ({status}): {message}")]
    Rejected {
        what: String,
        status: u16,
        message: String,
    },
    #[error("too many requests (429) on {what}{}", retry_hint(.retry_after))]
    RateLimited {
        what: String,
        retry_after: Option<Duration>,
    },
    #[error("server error ({status}) on {what}: try again later")]
    Server { what: String, status: u16 },
    #[error("no answer in time from {host} for {what}")]
    Timeout { what: String, host: String },
    #[error("secure connection to {host} failed: {detail}")]
    Tls { host: String, detail: String },
    #[error("refused to follow the redirect of {what} to {target}: {reason}")]
    Redirect {
        what: String,
        target: String,
        reason: String,
    },
    #[error("the answer to {what} is larger than {limit}, the limit; not read further")]
    TooLarge { what: String, limit: String },
    #[error("CA file: {detail}")]
    CaFile { path: String, detail: String },
    #[error("cannot reach {host}: {detail}")]
    Connect { host: String, detail: String },
    #[error(
        "refusing plain http:// to {host}: use https, or --insecure-http if you really mean it"
    )]
    InsecureHttp { host: String },
    #[error("bad URL '{url}': {detail}")]
    BadUrl { url: String, detail: String },
    #[error(
        "discovery at {discovery} knows no user '{user}': check the user name, or give --api-url"
    )]
    UnknownUser { user: String, discovery: String },
    #[error("unexpected answer to {what}: {detail}")]
    Decode { what: String, detail: String },
    #[error("{0}")]
    Other(String),
}

/// ": the server's words", or nothing when it said none.
fn reason(message: &str) -> String {
    if message.trim().is_empty() {
        String::new()
    } else {
        format!(": {message}")
    }
}

fn retry_hint(retry_after: &Option<Duration>) -> String {
    match retry_after {
        Some(d) => format!(": retry in {} s", d.as_secs().max(1)),
        None => ": slow down and retry later".to_owned(),
    }
}

impl ApiError {
    /// The message for the status line (same as Display).
    pub fn user_message(&self) -> String {
        self.to_string()
    }

    /// The server's own words about the failure, when it gave some (a JSON `Message`).
    pub fn server_reason(&self) -> Option<&str> {
        match self {
            ApiError::NotFound { message, .. } => Some(message.as_str()),
            ApiError::Conflict { message, .. } | ApiError::Rejected { message, .. } => {
                Some(message.as_str())
            }
            _ => None,
        }
        .filter(|m| !m.is_empty() && *m != "no details given")
    }

    /// True for failures that may go away by themselves (worth retrying an idempotent call).
    pub fn is_transient(&self) -> bool {
        matches!(
            self,
            ApiError::RateLimited { .. }
                | ApiError::Server { .. }
                | ApiError::Timeout { .. }
                | ApiError::Connect { .. }
        )
    }

    /// The HTTP status the server answered with, when the failure was one.
    pub fn status(&self) -> Option<u16> {
        Some(match self {
            ApiError::Unauthorized | ApiError::BadPassword => 401,
            ApiError::Forbidden { .. } => 403,
            ApiError::NotFound { .. } => 404,
            ApiError::Conflict { .. } => 409,
            ApiError::RateLimited { .. } => 429,
            ApiError::Server { status, .. } | ApiError::Rejected { status, .. } => *status,
            _ => return None,
        })
    }

    /// True when the credentials were refused.
    pub fn is_auth(&self) -> bool {
        matches!(self, ApiError::Unauthorized | ApiError::BadPassword)
    }

    /// Maps an HTTP error status to an error. `what` names the operation ("GET /queues"),
    /// `body` is the answer's text (used only for its `Message`, sanitized and shortened).
    pub fn from_status(
        status: u16,
        what: &str,
        body: &str,
        retry_after: Option<Duration>,
    ) -> ApiError {
        let what = what.to_owned();
        match status {
            401 => ApiError::Unauthorized,
            403 => ApiError::Forbidden { what },
            404 => ApiError::NotFound {
                what,
                message: json_message(body),
            },
            409 => ApiError::Conflict {
                what,
                message: server_message(body),
            },
            429 => ApiError::RateLimited { what, retry_after },
            500..=599 => ApiError::Server { what, status },
            _ => ApiError::Rejected {
                what,
                status,
                message: server_message(body),
            },
        }
    }

    /// Maps a transport failure from reqwest.
    pub fn from_transport(err: &reqwest::Error, what: &str, host: &str) -> ApiError {
        let what = what.to_owned();
        let host = host.to_owned();
        let chain = error_chain(err);
        if err.is_timeout() {
            return ApiError::Timeout { what, host };
        }
        let lower = chain.to_ascii_lowercase();
        if is_tls_error(err) || lower.contains("certificate") || lower.contains("tls handshake") {
            return ApiError::Tls {
                host,
                detail: super::tls::explain(&innermost(err)),
            };
        }
        if err.is_connect() || err.is_request() {
            return ApiError::Connect {
                host,
                detail: shorten(&crate::sanitize::sanitize(&innermost(err)), 200),
            };
        }
        if err.is_decode() || err.is_body() {
            return ApiError::Decode {
                what,
                detail: shorten(&innermost(err), 200),
            };
        }
        ApiError::Connect {
            host,
            detail: shorten(&crate::sanitize::sanitize(&innermost(err)), 200),
        }
    }
}

/// `{"Message": "..."}` from an error body, else the body's start; sanitized.
pub fn server_message(body: &str) -> String {
    let text = serde_json::from_str::<serde_json::Value>(body)
        .ok()
        .and_then(|v| crate::model::casing::from_platform::<crate::model::rest::ErrorBody>(v).ok())
        .map(|b| b.message)
        .filter(|m| !m.trim().is_empty())
        .unwrap_or_else(|| body.trim().to_owned());
    if text.is_empty() {
        return "no details given".to_owned();
    }
    shorten(&crate::sanitize::sanitize(&text), 200)
}

/// The `Message` of a JSON error body, sanitized and short; empty when there is none (a
/// proxy's HTML 404 page says nothing worth showing).
fn json_message(body: &str) -> String {
    serde_json::from_str::<serde_json::Value>(body)
        .ok()
        .and_then(|v| crate::model::casing::from_platform::<crate::model::rest::ErrorBody>(v).ok())
        .map(|b| shorten(&crate::sanitize::sanitize(b.message.trim()), 200))
        .unwrap_or_default()
}

fn shorten(text: &str, max_chars: usize) -> String {
    if text.chars().count() <= max_chars {
        return text.to_owned();
    }
    let mut s: String = text.chars().take(max_chars).collect();
    s.push('…');
    s
}

/// True when a rustls error is somewhere in the chain (also nested inside `io::Error`s).
fn is_tls_error(err: &(dyn std::error::Error + 'static)) -> bool {
    let mut current: Option<&(dyn std::error::Error + 'static)> = Some(err);
    while let Some(e) = current {
        let mut inner: Option<&(dyn std::error::Error + 'static)> = Some(e);
        while let Some(i) = inner {
            if i.downcast_ref::<rustls::Error>().is_some() {
                return true;
            }
            inner = i
                .downcast_ref::<std::io::Error>()
                .and_then(|io| io.get_ref())
                .map(|b| b as &(dyn std::error::Error + 'static));
        }
        current = e.source();
    }
    false
}

/// All messages of an error's source chain, joined (reqwest hides the useful part deep).
fn error_chain(err: &(dyn std::error::Error + 'static)) -> String {
    let mut parts = vec![err.to_string()];
    let mut source = err.source();
    while let Some(s) = source {
        parts.push(s.to_string());
        source = s.source();
    }
    parts.join(": ")
}

/// The deepest message of the chain (e.g. "Connection refused (os error 111)").
fn innermost(err: &(dyn std::error::Error + 'static)) -> String {
    let mut last = err.to_string();
    let mut source = err.source();
    while let Some(s) = source {
        last = s.to_string();
        source = s.source();
    }
    last
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A 404 can be the server's answer to a question ("nothing to allocate"), not only a
    /// missing thing: its words are kept (sanitized, short).
    #[test]
    fn a_not_found_keeps_the_servers_reason() {
        let body = r#"{"Message":"No callback request available for allocation\u001b[2J"}"#;
        let e = ApiError::from_status(404, "POST /callbacks/auto-allocation-request", body, None);
        assert_eq!(
            e.to_string(),
            "not found (404): POST /callbacks/auto-allocation-request: No callback request available for allocation"
        );
        let e = ApiError::from_status(404, "GET /queues/q1", "", None);
        assert_eq!(e.to_string(), "not found (404): GET /queues/q1");
    }

    #[test]
    fn statuses_map_to_plain_messages() {
        assert_eq!(
            ApiError::from_status(401, "GET /users/me", "", None).to_string(),
            "the server refused the login (401): check user and secret key"
        );
        let e = ApiError::from_status(429, "GET /queues", "", Some(Duration::from_secs(3)));
        assert!(e.to_string().contains("retry in 3 s"), "{e}");
        assert!(e.is_transient());
        let e = ApiError::from_status(503, "GET /queues", "<html>", None);
        assert_eq!(
            e,
            ApiError::Server {
                what: "GET /queues".into(),
                status: 503
            }
        );
        let e = ApiError::from_status(400, "POST /x", r#"{"Message":"bad \u001b[31mnote"}"#, None);
        assert_eq!(e.to_string(), "the server rejected POST /x (400): bad note");
        assert!(!e.is_transient());
    }
}
