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

/// A simulator on loopback with its clock paused (tests move it), hub pings every
/// `keepalive`, over TLS when asked: what the end-to-end console rigs start from.
#[allow(dead_code)]
pub async fn paused_sim(keepalive: Duration, tls: bool) -> evtop::sim::SimHandle {
    paused_sim_with(keepalive, tls, |_| {}).await
}

/// [`paused_sim`] with the configuration changed first (the scenario's switches, the
/// simulated start time).
#[allow(dead_code)]
pub async fn paused_sim_with(
    keepalive: Duration,
    tls: bool,
    change: impl FnOnce(&mut evtop::sim::SimConfig),
) -> evtop::sim::SimHandle {
    let mut cfg = evtop::sim::SimConfig::default_on_loopback();
    cfg.speed = 0.0;
    cfg.tls = tls;
    cfg.keepalive = keepalive;
    change(&mut cfg);
    tokio::time::timeout(Duration::from_secs(20), evtop::sim::start(cfg))
        .await
        .expect("sim starts in time")
        .expect("sim starts")
}

/// The supervisor's REST client to `sim`: `retries` tries from `first_delay` up to
/// 100 ms, 5 s per request, trusting the simulator's CA when it serves TLS.
#[allow(dead_code)]
pub fn supervisor_api(
    sim: &evtop::sim::SimHandle,
    retries: u32,
    first_delay: Duration,
) -> evtop::api::ApiClient {
    use evtop::api::{ClientOptions, RetryPolicy};
    let options = ClientOptions {
        retry: RetryPolicy {
            max_retries: retries,
            base_delay: first_delay,
            max_delay: Duration::from_millis(100),
        },
        timeout: Duration::from_secs(5),
        tls: sim.ca_pem().map(|pem| {
            evtop::api::tls::client_config_with(&evtop::api::tls::pem_certificates(pem))
        }),
        ..ClientOptions::default()
    };
    evtop::api::ApiClient::new(
        &sim.base_url(),
        evtop::sim::SUPERVISOR_EMAIL,
        evtop::api::Secret::new(evtop::sim::SUPERVISOR_SECRET),
        options,
    )
    .expect("client")
}
