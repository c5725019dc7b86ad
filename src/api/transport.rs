//! One HTTP exchange as evtop makes it, for REST, discovery, login and the hub's
//! negotiate: redirects followed by hand under a strict policy, and the answer read with a
//! byte bound.
//!
//! Redirects are not left to reqwest: it would re-send a POST body on a 307 to any
//! origin, and keeps `Authorization` on an https → http hop to the same host. The policy
//! ([`check_redirect`]): never to plain http except loopback → loopback (or with
//! `--insecure-http`), never https → http on any origin, and nothing that carries
//! credentials or a body goes to another origin. A refused redirect is an error naming
//! its target.

use super::url::{host_label, is_loopback_host};
use super::{ApiError, Secret};
use reqwest::header::{CONTENT_LENGTH, CONTENT_TYPE, LOCATION, RETRY_AFTER};
use reqwest::Method;
use std::time::Duration;
use url::Url;

/// Most redirect hops followed for one request.
pub const MAX_REDIRECTS: usize = 5;
/// How much of an error answer's body is read (for its message).
const MAX_ERROR_BODY: usize = 64 * 1024;

/// The credentials a request carries.
#[derive(Clone, Copy)]
pub enum Auth<'a> {
    None,
    Basic(&'a str, &'a Secret),
    Bearer(&'a Secret),
}

/// One request: where, how, with what.
pub struct Request<'a> {
    pub method: Method,
    pub url: Url,
    pub auth: Auth<'a>,
    /// A JSON body.
    pub body: Option<Vec<u8>>,
    /// For the whole exchange, answer body included.
    pub timeout: Duration,
    /// Largest answer body read; a longer one is refused unread (past the limit).
    pub max_body: usize,
    pub insecure_http: bool,
    /// Extra headers (e.g. `X-Requested-With` on negotiate).
    pub headers: Vec<(&'static str, &'static str)>,
}

/// What came back.
#[derive(Debug)]
pub struct Answer {
    pub status: u16,
    pub retry_after: Option<Duration>,
    pub body: Vec<u8>,
}

/// Sends `request`, following redirects by the policy, and reads the answer.
pub async fn exchange(
    http: &reqwest::Client,
    mut request: Request<'_>,
    what: &str,
) -> Result<Answer, ApiError> {
    for _ in 0..=MAX_REDIRECTS {
        let mut builder = http
            .request(request.method.clone(), request.url.clone())
            .timeout(request.timeout);
        builder = match request.auth {
            Auth::None => builder,
            Auth::Basic(user, secret) => builder.basic_auth(user, Some(secret.expose())),
            Auth::Bearer(token) => builder.bearer_auth(token.expose()),
        };
        for (name, value) in &request.headers {
            builder = builder.header(*name, *value);
        }
        if let Some(body) = &request.body {
            builder = builder
                .header(CONTENT_TYPE, "application/json")
                .body(body.clone());
        }
        let host = host_label(&request.url);
        let mut resp = builder
            .send()
            .await
            .map_err(|e| ApiError::from_transport(&e, what, &host))?;
        let status = resp.status();
        if status.is_redirection() {
            if let Some(location) = resp.headers().get(LOCATION) {
                let next = location
                    .to_str()
                    .ok()
                    .and_then(|l| request.url.join(l).ok())
                    .ok_or_else(|| ApiError::Redirect {
                        what: what.to_owned(),
                        target: crate::sanitize::excerpt(&String::from_utf8_lossy(
                            location.as_bytes(),
                        )),
                        reason: "the target is not a URL".into(),
                    })?;
                let sensitive = !matches!(request.auth, Auth::None) || request.body.is_some();
                check_redirect(&request.url, &next, sensitive, request.insecure_http).map_err(
                    |reason| ApiError::Redirect {
                        what: what.to_owned(),
                        target: target_label(&next),
                        reason,
                    },
                )?;
                tracing::info!("{what}: redirected ({status}) to {}", target_label(&next));
                // 303, and 301/302 after a POST, continue as a GET without the body.
                let keep_method = matches!(status.as_u16(), 307 | 308)
                    || request.method == Method::GET
                    || request.method == Method::HEAD;
                if !keep_method {
                    request.method = Method::GET;
                    request.body = None;
                }
                request.url = next;
                continue;
            }
        }
        let retry_after = resp
            .headers()
            .get(RETRY_AFTER)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| super::retry::parse_retry_after(v, chrono::Utc::now()));
        let limit = if status.is_success() {
            request.max_body
        } else {
            MAX_ERROR_BODY.min(request.max_body)
        };
        let too_large = || ApiError::TooLarge {
            what: what.to_owned(),
            limit: crate::limits::bytes_label(request.max_body),
        };
        let announced = resp
            .headers()
            .get(CONTENT_LENGTH)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.parse::<u64>().ok());
        if status.is_success() && announced.is_some_and(|n| n > limit as u64) {
            return Err(too_large());
        }
        let mut body = Vec::new();
        while let Some(chunk) = resp
            .chunk()
            .await
            .map_err(|e| ApiError::from_transport(&e, what, &host))?
        {
            let room = limit - body.len();
            if chunk.len() > room {
                if status.is_success() {
                    return Err(too_large());
                }
                // An error answer: its start is enough for the message.
                body.extend_from_slice(&chunk[..room]);
                break;
            }
            body.extend_from_slice(&chunk);
        }
        return Ok(Answer {
            status: status.as_u16(),
            retry_after,
            body,
        });
    }
    Err(ApiError::Redirect {
        what: what.to_owned(),
        target: target_label(&request.url),
        reason: format!("more than {MAX_REDIRECTS} redirects"),
    })
}

/// Whether a redirect from `from` to `to` may be followed; `sensitive` when the request
/// carries credentials or a body. `Err` says why not.
pub fn check_redirect(
    from: &Url,
    to: &Url,
    sensitive: bool,
    insecure_http: bool,
) -> Result<(), String> {
    let plain = |u: &Url| matches!(u.scheme(), "http" | "ws");
    let secure = |u: &Url| matches!(u.scheme(), "https" | "wss");
    if !plain(to) && !secure(to) {
        return Err(format!("'{}' is not http(s)", to.scheme()));
    }
    if secure(from) && plain(to) {
        return Err("it would downgrade https to plain http".into());
    }
    let loopback = |u: &Url| is_loopback_host(u.host_str().unwrap_or_default());
    if plain(to) && !insecure_http && !(loopback(from) && loopback(to)) {
        return Err("plain http is refused for hosts other than loopback".into());
    }
    if sensitive && !same_origin(from, to) {
        return Err(
            "it would carry the credentials (or the request body) to another origin".into(),
        );
    }
    Ok(())
}

/// Same scheme (http and ws count as one, https and wss too), host and port.
fn same_origin(a: &Url, b: &Url) -> bool {
    let family = |u: &Url| {
        match u.scheme() {
            "ws" => "http",
            "wss" => "https",
            s => s,
        }
        .to_owned()
    };
    family(a) == family(b)
        && a.host_str().map(str::to_ascii_lowercase) == b.host_str().map(str::to_ascii_lowercase)
        && a.port_or_known_default() == b.port_or_known_default()
}

/// A redirect target for messages: scheme, host, port and path (no query, which may hold
/// a token, and no user info), sanitized.
pub fn target_label(url: &Url) -> String {
    let mut shown = format!("{}://{}", url.scheme(), host_label(url));
    shown.push_str(url.path());
    crate::sanitize::excerpt(&shown)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn u(s: &str) -> Url {
        Url::parse(s).unwrap()
    }

    #[test]
    fn the_redirect_policy() {
        let ok = |a, b, s| check_redirect(&u(a), &u(b), s, false).is_ok();
        // Same origin, https: fine, with credentials too.
        assert!(ok(
            "https://api.example.com/a",
            "https://api.example.com/b",
            true
        ));
        // Another origin: only without credentials or body.
        assert!(ok(
            "https://a.example.com/",
            "https://b.example.com/",
            false
        ));
        assert!(!ok(
            "https://a.example.com/",
            "https://b.example.com/",
            true
        ));
        assert!(!ok(
            "https://a.example.com/",
            "https://a.example.com:8443/",
            true
        ));
        // Never down to plain http, not even on the same host.
        assert!(!ok(
            "https://api.example.com/",
            "http://api.example.com/",
            false
        ));
        assert!(!ok("https://127.0.0.1:1/", "http://127.0.0.1:1/", false));
        // Plain http only loopback → loopback.
        assert!(ok("http://127.0.0.1:1/", "http://localhost:1/x", false));
        assert!(!ok("http://127.0.0.1:1/", "http://evil.example/", false));
        assert!(ok("http://127.0.0.1:1/", "https://api.example.com/", false));
        assert!(!ok(
            "https://api.example.com/",
            "ftp://api.example.com/",
            false
        ));
        // --insecure-http allows plain http, still not a downgrade.
        assert!(check_redirect(&u("http://a.test/"), &u("http://a.test/x"), true, true).is_ok());
        assert!(check_redirect(&u("https://a.test/"), &u("http://a.test/x"), true, true).is_err());
    }

    #[test]
    fn targets_are_shown_without_query_or_user_info() {
        assert_eq!(
            target_label(&u("http://user:pw@evil.example:8080/p?access_token=secret")),
            "http://evil.example:8080/p"
        );
    }
}
