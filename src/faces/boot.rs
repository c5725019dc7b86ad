//! Getting to a logged-in API client before the console takes the screen. A wall display
//! may boot before the network is up, so it waits for the tenant with the session's
//! backoff instead of failing; an interactive console fails fast with the reason.

use crate::api::Login;
use crate::api::{ApiClient, ApiError};
use crate::rte::backoff::{jitter_rng, Backoff};
use std::fmt;
use std::time::Duration;

/// One failed attempt that will be retried.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WaitNotice {
    /// The host that was tried (API URL or discovery service).
    pub host: String,
    /// What went wrong, in words.
    pub reason: String,
    /// The delay before the next attempt.
    pub retry_in: Duration,
    /// 1-based number of the failed attempt.
    pub attempt: u32,
}

impl fmt::Display for WaitNotice {
    /// `evtop: waiting for HOST: REASON; retry in N s` (N rounded up).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let secs = self.retry_in.as_millis().div_ceil(1000);
        write!(
            f,
            "evtop: waiting for {}: {}; retry in {secs} s",
            self.host, self.reason
        )
    }
}

/// The host `ApiClient::connect` talks to first: the API URL when given, else discovery.
pub fn target_host(login: &Login) -> String {
    let url = login.api_url.as_deref().unwrap_or(&login.discovery_url);
    match url::Url::parse(url) {
        Ok(u) => match (u.host_str(), u.port()) {
            (Some(h), Some(p)) => format!("{h}:{p}"),
            (Some(h), None) => h.to_owned(),
            _ => crate::sanitize::sanitize(url),
        },
        Err(_) => crate::sanitize::sanitize(url),
    }
}

/// Connects, retrying transient failures (unreachable, timeouts, 5xx, 429) forever with
/// `backoff`; `on_wait` hears of each retry. Permanent failures (refused login, bad URL,
/// plain http to a remote host, …) end it at once, since waiting cannot fix them.
pub async fn connect_patiently(
    login: &Login,
    backoff: Backoff,
    mut on_wait: impl FnMut(&WaitNotice),
) -> Result<ApiClient, ApiError> {
    let host = target_host(login);
    let mut rng = jitter_rng();
    let mut attempt: u32 = 0;
    loop {
        match ApiClient::connect_verified(login).await {
            Ok(client) => return Ok(client),
            Err(e) if e.is_transient() => {
                attempt = attempt.saturating_add(1);
                // The backoff's first retry is immediate; wait at least its base
                // between attempts so a dead network is not hammered.
                let retry_in = backoff
                    .delay(attempt.saturating_add(1), &mut rng)
                    .max(backoff.base.min(backoff.max));
                on_wait(&WaitNotice {
                    host: host.clone(),
                    reason: crate::sanitize::sanitize(&e.user_message()),
                    retry_in,
                    attempt,
                });
                tokio::time::sleep(retry_in).await;
            }
            Err(e) => return Err(e),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn notice_reads_as_one_line() {
        let n = WaitNotice {
            host: "api.example.com".into(),
            reason: "cannot reach api.example.com: connection refused".into(),
            retry_in: Duration::from_millis(1500),
            attempt: 2,
        };
        assert_eq!(
            n.to_string(),
            "evtop: waiting for api.example.com: cannot reach api.example.com: connection refused; retry in 2 s"
        );
    }

    #[test]
    fn target_host_prefers_the_api_url() {
        let mut r = Login::with_secret_key("http://127.0.0.1:8089/", "u", "s");
        assert_eq!(target_host(&r), "127.0.0.1:8089");
        r.api_url = None;
        assert_eq!(target_host(&r), "discover.enreachvoice.com");
    }

    #[tokio::test]
    async fn permanent_failures_are_not_retried() {
        let r = Login::with_secret_key("not a url", "u", "s");
        let mut notices = 0;
        let result = tokio::time::timeout(
            Duration::from_secs(5),
            connect_patiently(&r, Backoff::default(), |_| notices += 1),
        )
        .await
        .expect("does not wait");
        assert!(matches!(result, Err(ApiError::BadUrl { .. })), "{result:?}");
        assert_eq!(notices, 0);
    }
}
