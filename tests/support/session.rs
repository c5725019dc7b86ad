//! RTE session options for tests against the simulator: short keepalive and timeouts and a
//! fast backoff, so recovery is seen in seconds rather than the production 15/30 s.

use evtop::rte::{Backoff, SessionOptions};
use evtop::signalr::HubOptions;
use std::time::Duration;

/// Keepalive 1 s, the given server timeout, 5 s handshake/invoke, backoff 100–500 ms.
pub fn fast_session_options(server_timeout: Duration) -> SessionOptions {
    SessionOptions {
        hub: HubOptions {
            keepalive: Duration::from_secs(1),
            server_timeout,
            handshake_timeout: Duration::from_secs(5),
            invoke_timeout: Duration::from_secs(5),
            ..HubOptions::default()
        },
        backoff: Backoff {
            base: Duration::from_millis(100),
            max: Duration::from_millis(500),
            jitter: 0.2,
        },
        ..SessionOptions::default()
    }
}
