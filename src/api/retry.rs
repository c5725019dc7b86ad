//! Retry policy for idempotent REST calls (GETs): transient failures are retried with
//! exponential backoff; a `Retry-After` from a 429 is honoured when it is short enough.

use super::ApiError;
use std::time::Duration;

/// How GETs are retried. Actions (POSTs) are never retried by the client.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetryPolicy {
    /// Retries after the first try (0 = no retry).
    pub max_retries: u32,
    /// Delay before the first retry; doubled for each further one.
    pub base_delay: Duration,
    /// Upper bound of one delay, also the longest `Retry-After` honoured: a longer one
    /// is returned to the caller as [`ApiError::RateLimited`].
    pub max_delay: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy {
            max_retries: 3,
            base_delay: Duration::from_millis(300),
            max_delay: Duration::from_secs(10),
        }
    }
}

impl RetryPolicy {
    /// No retries at all.
    pub fn none() -> Self {
        RetryPolicy {
            max_retries: 0,
            ..RetryPolicy::default()
        }
    }

    /// The wait before retry number `retry` (1-based) after `error`, or `None` when the
    /// call should not be retried.
    pub fn delay_for(&self, retry: u32, error: &ApiError) -> Option<Duration> {
        if retry == 0 || retry > self.max_retries || !error.is_transient() {
            return None;
        }
        if let ApiError::RateLimited {
            retry_after: Some(wait),
            ..
        } = error
        {
            return (*wait <= self.max_delay).then_some(*wait);
        }
        let factor = 2u32.saturating_pow(retry - 1);
        Some(self.base_delay.saturating_mul(factor).min(self.max_delay))
    }
}

/// Reads a `Retry-After` header value: delay-seconds or an HTTP date.
pub fn parse_retry_after(value: &str, now: chrono::DateTime<chrono::Utc>) -> Option<Duration> {
    let value = value.trim();
    if let Ok(secs) = value.parse::<u64>() {
        return Some(Duration::from_secs(secs));
    }
    let when = chrono::DateTime::parse_from_rfc2822(value).ok()?;
    let delta = when.with_timezone(&chrono::Utc) - now;
    Some(delta.to_std().unwrap_or(Duration::ZERO))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn server() -> ApiError {
        ApiError::Server {
            what: "GET /queues".into(),
            status: 503,
        }
    }

    #[test]
    fn backoff_doubles_and_stops() {
        let p = RetryPolicy {
            max_retries: 4,
            base_delay: Duration::from_millis(100),
            max_delay: Duration::from_millis(350),
        };
        let delays: Vec<_> = (1..=5).map(|n| p.delay_for(n, &server())).collect();
        assert_eq!(
            delays,
            vec![
                Some(Duration::from_millis(100)),
                Some(Duration::from_millis(200)),
                Some(Duration::from_millis(350)),
                Some(Duration::from_millis(350)),
                None
            ]
        );
    }

    #[test]
    fn permanent_errors_are_not_retried() {
        let p = RetryPolicy::default();
        assert_eq!(p.delay_for(1, &ApiError::Unauthorized), None);
        assert_eq!(
            p.delay_for(
                1,
                &ApiError::NotFound {
                    what: "x".into(),
                    message: String::new()
                }
            ),
            None
        );
        assert_eq!(RetryPolicy::none().delay_for(1, &server()), None);
    }

    #[test]
    fn retry_after_is_honoured_when_short() {
        let p = RetryPolicy::default();
        let limited = |s| ApiError::RateLimited {
            what: "GET /queues".into(),
            retry_after: Some(Duration::from_secs(s)),
        };
        assert_eq!(p.delay_for(1, &limited(2)), Some(Duration::from_secs(2)));
        assert_eq!(p.delay_for(1, &limited(600)), None);
    }

    #[test]
    fn retry_after_reads_seconds_and_dates() {
        let now = chrono::DateTime::parse_from_rfc3339("2026-01-01T00:00:00Z")
            .unwrap()
            .with_timezone(&chrono::Utc);
        assert_eq!(parse_retry_after(" 7 ", now), Some(Duration::from_secs(7)));
        assert_eq!(
            parse_retry_after("Thu, 01 Jan 2026 00:00:05 GMT", now),
            Some(Duration::from_secs(5))
        );
        assert_eq!(parse_retry_after("soon", now), None);
    }
}
