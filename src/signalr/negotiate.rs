//! Hub URL rules and the negotiate step (`POST {base}/negotiate?negotiateVersion=1`,
//! with v0 fallback and `url` redirects).

use super::client::HubError;
use crate::api::transport::{check_redirect, exchange, target_label, Auth, Request};
use crate::api::url::{check_scheme, is_loopback_host};
use crate::api::{ApiError, Secret};
use serde_json::Value;
use std::time::Duration;
use url::Url;

/// One negotiate exchange (the handshake timeout bounds the whole connect anyway).
const NEGOTIATE_TIMEOUT: Duration = Duration::from_secs(15);

/// Most redirect hops followed (as the JS client).
const MAX_REDIRECTS: usize = 100;

/// Turns the token endpoint's `WSSEndpoint` into an http(s) base URL for negotiate.
/// No scheme → `https://` (`http://` for loopback hosts); `ws`/`wss` → `http`/`https`.
pub fn hub_base_url(endpoint: &str, insecure_http: bool) -> Result<Url, HubError> {
    let text = endpoint.trim();
    let with_scheme = if text.contains("://") {
        text.to_owned()
    } else {
        let host = text
            .split(['/', '?'])
            .next()
            .unwrap_or_default()
            .rsplit_once(':')
            .filter(|(_, port)| port.chars().all(|c| c.is_ascii_digit()))
            .map(|(h, _)| h)
            .unwrap_or_else(|| text.split(['/', '?']).next().unwrap_or_default());
        if is_loopback_host(host) {
            format!("http://{text}")
        } else {
            format!("https://{text}")
        }
    };
    let mut url = Url::parse(&with_scheme).map_err(|e| HubError::BadUrl(e.to_string()))?;
    let scheme = match url.scheme() {
        "ws" | "http" => "http",
        "wss" | "https" => "https",
        other => return Err(HubError::BadUrl(format!("unsupported scheme '{other}'"))),
    };
    url.set_scheme(scheme)
        .map_err(|_| HubError::BadUrl("cannot change the scheme".into()))?;
    check_scheme(&url, insecure_http).map_err(HubError::Api)?;
    Ok(url)
}

/// What negotiate settled: where to open the WebSocket and with which token.
#[derive(Debug, Clone)]
pub struct Negotiated {
    /// http(s) base URL (possibly redirected).
    pub base: Url,
    /// The `id` query value (connectionToken for v1, connectionId for v0).
    pub id: Secret,
    pub connection_id: Option<String>,
    /// The token in force (a redirect may replace it).
    pub token: Secret,
}

impl Negotiated {
    /// The WebSocket URL: ws(s)://base?id=…&access_token=…  (contains secrets: never log).
    pub fn websocket_url(&self) -> Url {
        let mut url = self.base.clone();
        let scheme = if url.scheme() == "https" { "wss" } else { "ws" };
        let _ = url.set_scheme(scheme);
        url.query_pairs_mut()
            .append_pair("id", self.id.expose())
            .append_pair("access_token", self.token.expose());
        url
    }
}

/// The negotiate URL for a base: `…/negotiate?negotiateVersion=1`, other query kept.
pub fn negotiate_url(base: &Url) -> Url {
    let mut url = base.clone();
    let path = base.path();
    let new_path = if path.ends_with('/') {
        format!("{path}negotiate")
    } else {
        format!("{path}/negotiate")
    };
    url.set_path(&new_path);
    if !url.query_pairs().any(|(k, _)| k == "negotiateVersion") {
        url.query_pairs_mut().append_pair("negotiateVersion", "1");
    }
    url
}

/// Runs negotiate, following redirects.
pub async fn negotiate(
    http: &reqwest::Client,
    base: Url,
    token: &Secret,
    insecure_http: bool,
) -> Result<Negotiated, HubError> {
    let mut base = base;
    let mut token = token.clone();
    for _ in 0..MAX_REDIRECTS {
        let request = Request {
            method: reqwest::Method::POST,
            url: negotiate_url(&base),
            auth: Auth::Bearer(&token),
            body: None,
            timeout: NEGOTIATE_TIMEOUT,
            max_body: crate::limits::NEGOTIATE_BODY,
            insecure_http,
            headers: vec![("X-Requested-With", "XMLHttpRequest")],
        };
        let answer = exchange(http, request, "negotiate")
            .await
            .map_err(|e| match e {
                ApiError::TooLarge { .. } | ApiError::Redirect { .. } => {
                    HubError::Negotiate(e.to_string())
                }
                other => HubError::Transport(format!("negotiate failed: {other}")),
            })?;
        match answer.status {
            401 | 403 => return Err(HubError::Unauthorized),
            404 => {
                return Err(HubError::Negotiate(
                    "404: not a SignalR endpoint (or a proxy is in the way)".into(),
                ))
            }
            s if !(200..300).contains(&s) => {
                return Err(HubError::Negotiate(format!("the hub answered {s}")))
            }
            _ => {}
        }
        let body: Value = serde_json::from_slice(&answer.body)
            .map_err(|e| HubError::Negotiate(format!("answer is not JSON: {e}")))?;
        if let Some(err) = body.get("error").and_then(Value::as_str) {
            return Err(HubError::Negotiate(crate::sanitize::excerpt(err)));
        }
        if body.get("ProtocolVersion").is_some() {
            return Err(HubError::Negotiate(
                "the server is classic ASP.NET SignalR, which is not supported".into(),
            ));
        }
        if let Some(next) = body.get("url").and_then(Value::as_str) {
            let next_base = hub_base_url(next, insecure_http)?;
            let new_token = body.get("accessToken").and_then(Value::as_str);
            // The same policy as HTTP redirects: no downgrade, no plain http off
            // loopback, and our token goes to another origin only if it gave its own.
            check_redirect(&base, &next_base, new_token.is_none(), insecure_http).map_err(
                |reason| {
                    HubError::Negotiate(format!(
                        "refused the negotiate redirect to {}: {reason}",
                        target_label(&next_base)
                    ))
                },
            )?;
            base = next_base;
            if let Some(t) = new_token {
                token = Secret::new(t);
            }
            continue;
        }
        if let Some(transports) = body.get("availableTransports").and_then(Value::as_array) {
            let websockets = transports.iter().any(|t| {
                t.get("transport")
                    .and_then(Value::as_str)
                    .is_some_and(|n| n.eq_ignore_ascii_case("WebSockets"))
            });
            if !transports.is_empty() && !websockets {
                return Err(HubError::Negotiate(
                    "the hub does not offer WebSockets".into(),
                ));
            }
        }
        let version = body
            .get("negotiateVersion")
            .and_then(Value::as_i64)
            .unwrap_or(0);
        let connection_id = body
            .get("connectionId")
            .and_then(Value::as_str)
            .map(str::to_owned);
        let connection_token = body.get("connectionToken").and_then(Value::as_str);
        let id = match (version >= 1, connection_token, &connection_id) {
            (true, Some(t), _) => t.to_owned(),
            (_, _, Some(c)) => c.clone(),
            _ => {
                return Err(HubError::Negotiate(
                    "the answer has no connection id".into(),
                ))
            }
        };
        return Ok(Negotiated {
            base,
            id: Secret::new(id),
            connection_id,
            token,
        });
    }
    Err(HubError::Negotiate("too many redirects".into()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn endpoint_with_or_without_scheme() {
        let u = hub_base_url("rte.example.com/rte", false).unwrap();
        assert_eq!(u.as_str(), "https://rte.example.com/rte");
        let u = hub_base_url("wss://rte.example.com/rte", false).unwrap();
        assert_eq!(u.as_str(), "https://rte.example.com/rte");
        let u = hub_base_url("ws://127.0.0.1:8089/rte", false).unwrap();
        assert_eq!(u.as_str(), "http://127.0.0.1:8089/rte");
        let u = hub_base_url("127.0.0.1:8089/rte", false).unwrap();
        assert_eq!(u.as_str(), "http://127.0.0.1:8089/rte");
        assert!(matches!(
            hub_base_url("ws://rte.example.com/rte", false),
            Err(HubError::Api(crate::api::ApiError::InsecureHttp { .. }))
        ));
    }

    #[test]
    fn negotiate_url_keeps_query_and_adds_version_once() {
        let base = Url::parse("https://h/rte?tenant=1").unwrap();
        assert_eq!(
            negotiate_url(&base).as_str(),
            "https://h/rte/negotiate?tenant=1&negotiateVersion=1"
        );
        let base = Url::parse("https://h/rte/?negotiateVersion=1").unwrap();
        assert_eq!(
            negotiate_url(&base).as_str(),
            "https://h/rte/negotiate?negotiateVersion=1"
        );
    }

    #[test]
    fn websocket_url_carries_id_and_token() {
        let n = Negotiated {
            base: Url::parse("https://h/rte").unwrap(),
            id: Secret::new("abc"),
            connection_id: None,
            token: Secret::new("t k"),
        };
        assert_eq!(
            n.websocket_url().as_str(),
            "wss://h/rte?id=abc&access_token=t+k"
        );
    }
}
