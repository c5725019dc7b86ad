//! The EnreachVoice simulator: one loopback port serving discovery, the REST API (from
//! the path table), the RTE SignalR hub, and the `/_sim/` admin API; a deterministic
//! contact-center model behind it; scenarios, faults and a firehose mode.
//!
//! ```no_run
//! # async fn demo() -> color_eyre::Result<()> {
//! let sim = evtop::sim::start(evtop::sim::SimConfig::default_on_loopback()).await?;
//! println!("{}", sim.base_url()); // http://127.0.0.1:PORT — discovery and API URL
//! sim.shutdown().await;
//! # Ok(()) }
//! ```

pub mod admin;
pub mod auth;
mod engine;
pub mod errors;
pub mod faults;
mod firehose;
pub use firehose::FirehoseMix;
pub mod hub;
pub mod model;
pub mod published;
pub mod requests;
pub mod rest;
pub mod scenario;
pub mod state;
pub mod tls;

use crate::api::paths::PathTable;
use crate::model::events::Casing;
use axum::response::IntoResponse;
use chrono::{DateTime, Utc};
use color_eyre::eyre::WrapErr;
use scenario::Scenario;
use state::{Credential, Shared};
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::sync::{broadcast, watch};
use tokio::task::JoinHandle;

/// The demo supervisor of the built-in scenario.
pub const SUPERVISOR_EMAIL: &str = "supervisor@example.com";
pub const SUPERVISOR_SECRET: &str = "demo-secret";
pub const SUPERVISOR_PASSWORD: &str = "demo-password";
/// The demo agent of the built-in scenario (may only see its own user events).
pub const AGENT_EMAIL: &str = "agent@example.com";
pub const AGENT_SECRET: &str = "agent-secret";

/// Seed used when neither the flag nor the scenario gives one.
pub const DEFAULT_SEED: u64 = 42;

/// Everything a simulator needs to start.
#[derive(Debug, Clone)]
pub struct SimConfig {
    pub listen: SocketAddr,
    pub scenario: Scenario,
    pub seed: u64,
    /// Simulated-time speed-up; 0 starts paused (advance with `/_sim/control`).
    pub speed: f64,
    /// Extra events per second for benchmarks (see [`FirehoseMix`]).
    pub firehose: Option<u32>,
    /// Which events the firehose sends (default: QueueStatus only).
    pub firehose_mix: FirehoseMix,
    pub casing: Casing,
    /// Ping after this long without sending (SignalR default 15 s).
    pub keepalive: Duration,
    /// Drop a client silent for this long (SignalR default 30 s).
    pub client_timeout: Duration,
    /// Wait this long for the handshake (SignalR default 15 s).
    pub handshake_timeout: Duration,
    /// RTE token lifetime.
    pub token_ttl: Duration,
    /// Simulated start time; default: now (so the console shows realistic clocks).
    pub start_time: Option<DateTime<Utc>>,
    /// REST paths served (the table with config overrides).
    pub paths: PathTable,
    /// Serve https/wss with a CA generated at start (see [`SimHandle::ca_pem`]).
    pub tls: bool,
}

impl SimConfig {
    /// 127.0.0.1:0 (a free port), the built-in scenario, real-time speed.
    pub fn default_on_loopback() -> Self {
        Self::with_scenario(Scenario::builtin())
    }

    /// Defaults around a given scenario (its seed, speed and casing are used).
    pub fn with_scenario(scenario: Scenario) -> Self {
        let casing = match scenario.casing.as_deref() {
            Some(c) if c.eq_ignore_ascii_case("pascal") => Casing::Pascal,
            _ => Casing::Camel,
        };
        SimConfig {
            listen: SocketAddr::from(([127, 0, 0, 1], 0)),
            seed: scenario.seed.unwrap_or(DEFAULT_SEED),
            speed: scenario.speed.unwrap_or(1.0),
            firehose: None,
            firehose_mix: FirehoseMix::default(),
            casing,
            keepalive: Duration::from_secs(15),
            client_timeout: Duration::from_secs(30),
            handshake_timeout: Duration::from_secs(15),
            token_ttl: Duration::from_secs(scenario.token_ttl_secs.max(1)),
            start_time: None,
            paths: PathTable::default(),
            tls: false,
            scenario,
        }
    }
}

/// A running simulator.
pub struct SimHandle {
    addr: SocketAddr,
    shared: Arc<Shared>,
    shutdown: watch::Sender<bool>,
    tasks: Vec<JoinHandle<()>>,
    ca_pem: Option<String>,
}

impl SimHandle {
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// `http://127.0.0.1:PORT` (`https://` with TLS): both the discovery URL and the
    /// API URL.
    pub fn base_url(&self) -> String {
        self.shared.base_url.clone()
    }

    /// With TLS: the generated CA's certificate (PEM) that clients must trust.
    pub fn ca_pem(&self) -> Option<&str> {
        self.ca_pem.as_deref()
    }

    /// The hub's URL as the token endpoint names it (`ws://…/rte` or `wss://…/rte`).
    pub fn hub_url(&self) -> String {
        let base = self.base_url();
        match base.strip_prefix("https://") {
            Some(rest) => format!("wss://{rest}/rte"),
            None => format!("{}/rte", base.replacen("http://", "ws://", 1)),
        }
    }

    /// The simulated time now (what `GET /_sim/state` calls `Now`): a test's console
    /// clock follows it, as a real console's clock follows the platform's.
    pub fn now(&self) -> DateTime<Utc> {
        state::lock(&self.shared.model).now()
    }

    /// [`SimHandle::now`] as a console clock (the demo's: its events are stamped in
    /// simulated time).
    pub fn clock(&self) -> crate::console::clock::Clock {
        let shared = self.shared.clone();
        let speed = *state::lock(&self.shared.speed);
        crate::console::clock::Clock::from_fn(speed, move || state::lock(&shared.model).now())
    }

    /// Each queue's (id, calls) whose outcome came at or after `since` (see
    /// [`model::Model::today_since`]): the truth of figures counted from events.
    pub fn today_since(
        &self,
        since: DateTime<Utc>,
        arrived_today: bool,
    ) -> Vec<(String, model::today::QueueToday)> {
        let m = state::lock(&self.shared.model);
        let ids = m.queue_ids();
        ids.into_iter()
            .zip(m.today_since(since, arrived_today))
            .collect()
    }

    /// The admin API's state document (same as `GET /_sim/state`).
    pub fn state_json(&self) -> serde_json::Value {
        state::lock(&self.shared.model).state_json()
    }

    /// Stops serving: hub clients get `{"type":7,"allowReconnect":true}`.
    pub async fn shutdown(mut self) {
        let _ = self.shutdown.send(true);
        for t in std::mem::take(&mut self.tasks) {
            let abort = t.abort_handle();
            if tokio::time::timeout(Duration::from_secs(5), t)
                .await
                .is_err()
            {
                abort.abort();
            }
        }
    }
}

impl Drop for SimHandle {
    /// A handle dropped without [`SimHandle::shutdown`] still stops the simulator's tasks.
    fn drop(&mut self) {
        let _ = self.shutdown.send(true);
    }
}

/// Binds, spawns the server and the ticker, and returns at once.
pub async fn start(cfg: SimConfig) -> color_eyre::Result<SimHandle> {
    cfg.scenario.check()?;
    let listener = tokio::net::TcpListener::bind(cfg.listen)
        .await
        .wrap_err_with(|| format!("cannot listen on {}", cfg.listen))?;
    let addr = listener.local_addr()?;
    let tls = match cfg.tls {
        true => Some(tls::SimTls::generate().map_err(|e| color_eyre::eyre::eyre!(e))?),
        false => None,
    };
    let scheme = if tls.is_some() { "https" } else { "http" };
    let base_url = format!("{scheme}://{addr}");
    let start_time = cfg.start_time.unwrap_or_else(|| {
        let now = Utc::now();
        DateTime::from_timestamp_millis(now.timestamp_millis()).unwrap_or(now)
    });
    let model = model::Model::new(&cfg.scenario, cfg.seed, start_time);
    let credentials = cfg
        .scenario
        .users
        .iter()
        .filter_map(|u| {
            model.user_by_email(&u.email).map(|idx| Credential {
                email: u.email.clone(),
                secret_key: u.secret_key.clone(),
                password: u.password.clone(),
                role: u.role,
                user: idx,
            })
        })
        .collect();
    let (shutdown_tx, shutdown_rx) = watch::channel(false);
    // Batches: the firehose's hold firehose::CHUNK events, so 1,024 of them are 65,536
    // events a slow connection may fall behind before it loses some.
    let (events, _) = broadcast::channel(1024);
    let (control, _) = broadcast::channel(64);
    let shared = Arc::new(Shared {
        base_url,
        model: Mutex::new(model),
        events,
        control,
        shutdown: shutdown_rx.clone(),
        credentials,
        tokens: auth::Tokens::default(),
        faults: faults::Faults::new(cfg.scenario.wss_without_scheme),
        connections: Mutex::new(Default::default()),
        speed: Mutex::new(cfg.speed),
        requests: Mutex::new(Default::default()),
        hub_views: Default::default(),
        published: Mutex::new(Default::default()),
        firehose: Default::default(),
        switches: Mutex::new(state::Switches {
            queue_call_events: cfg.scenario.queue_call_events,
            refused_routes: cfg.scenario.refused_routes.clone(),
        }),
        config: cfg,
    });
    let app = rest::router(&shared)
        .merge(hub::router())
        .merge(admin::router(&shared))
        .fallback(not_found)
        .with_state(shared.clone());
    let stop = shutdown_rx.clone();
    let ca_pem = tls.as_ref().map(|t| t.ca_pem().to_owned());
    let server = match &tls {
        Some(t) => tokio::spawn(serve(t.listener(listener)?, app, stop)),
        None => tokio::spawn(serve(listener, app, stop)),
    };
    let mut tasks = vec![server, tokio::spawn(engine::run(shared.clone()))];
    if let Some(n) = shared.config.firehose {
        let mix = shared.config.firehose_mix;
        tasks.push(tokio::spawn(firehose::run(shared.clone(), n, mix)));
    }
    Ok(SimHandle {
        addr,
        shared,
        shutdown: shutdown_tx,
        tasks,
        ca_pem,
    })
}

/// Serves the app on a plain or TLS listener until shutdown.
async fn serve<L>(listener: L, app: axum::Router, mut stop: watch::Receiver<bool>)
where
    L: axum::serve::Listener<Addr = SocketAddr>,
    for<'a> tls::Peer: axum::extract::connect_info::Connected<axum::serve::IncomingStream<'a, L>>,
{
    let serve = axum::serve(
        listener,
        app.into_make_service_with_connect_info::<tls::Peer>(),
    )
    .with_graceful_shutdown(async move {
        let _ = stop.wait_for(|v| *v).await;
    });
    if let Err(e) = serve.await {
        tracing::error!(error = %e, "simulator server failed");
    }
}

async fn not_found() -> axum::response::Response {
    errors::ApiError::not_found("No HTTP resource was found that matches the request URI.")
        .into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_follow_signalr() {
        let cfg = SimConfig::default_on_loopback();
        assert_eq!(cfg.keepalive, Duration::from_secs(15));
        assert_eq!(cfg.client_timeout, Duration::from_secs(30));
        assert_eq!(cfg.casing, Casing::Camel);
        assert!(cfg.listen.ip().is_loopback());
        assert_eq!(cfg.listen.port(), 0);
        let emails: Vec<&str> = cfg
            .scenario
            .users
            .iter()
            .map(|u| u.email.as_str())
            .collect();
        assert_eq!(emails, [SUPERVISOR_EMAIL, AGENT_EMAIL]);
        assert_eq!(cfg.scenario.users[0].secret_key, SUPERVISOR_SECRET);
        assert_eq!(
            cfg.scenario.users[0].password.as_deref(),
            Some(SUPERVISOR_PASSWORD)
        );
        assert_eq!(cfg.scenario.users[1].secret_key, AGENT_SECRET);
    }
}
