//! What every request handler and connection shares: the model, the event bus, tokens,
//! hub connections and faults.

use super::auth::Tokens;
use super::faults::Faults;
use super::model::Model;
use super::scenario::Role;
use super::SimConfig;
use crate::model::events::{Casing, EventKind};
use crate::model::RteEvent;
use std::collections::HashMap;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Instant;
use tokio::sync::{broadcast, watch};

/// One event ready for the wire: `data` is already serialized in the configured casing,
/// so fan-out to many subscribers costs no re-serialization.
#[derive(Debug)]
pub struct Published {
    pub kind: EventKind,
    /// Lower-case entity id (what subscriptions are keyed on).
    pub entity_id: String,
    pub data: String,
}

/// Orders to every live hub connection (faults and shutdown).
#[derive(Debug, Clone)]
pub enum Control {
    /// Drop the socket without a Close message.
    Drop,
    /// Send `{"type":7,"error":..,"allowReconnect":true}` and close.
    CloseWithError(String),
    /// Send `{"type":7,"error":..}` (no reconnect allowed) and close.
    CloseFinal(String),
    /// Send one frame that is not valid JSON.
    Malformed,
    /// Fault settings changed (e.g. pings stopped or resumed).
    Refresh,
    /// The order is for this connection id only.
    For(String, Box<Control>),
}

/// An API user who may log in.
#[derive(Clone)]
pub struct Credential {
    pub email: String,
    pub secret_key: String,
    pub password: Option<String>,
    pub role: Role,
    /// Index of the user in the model.
    pub user: usize,
}

impl std::fmt::Debug for Credential {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Credential")
            .field("email", &self.email)
            .field("role", &self.role)
            .field("user", &self.user)
            .finish_non_exhaustive()
    }
}

/// A negotiated (or directly opened) hub connection.
#[derive(Debug, Clone)]
pub struct HubConn {
    pub connection_id: String,
    pub user: usize,
    pub role: Role,
    pub connected: bool,
    pub created: Instant,
}

/// Everything the server shares.
pub struct Shared {
    pub config: SimConfig,
    pub base_url: String,
    pub model: Mutex<Model>,
    /// Events in order, in batches (a hub connection writes a batch's records for it in
    /// one frame).
    pub events: broadcast::Sender<Arc<[Published]>>,
    pub control: broadcast::Sender<Control>,
    pub shutdown: watch::Receiver<bool>,
    pub credentials: Vec<Credential>,
    pub tokens: Tokens,
    pub faults: Faults,
    /// Hub connections by the `id` query value (connectionToken for v1, connectionId for v0).
    pub connections: Mutex<HashMap<String, HubConn>>,
    /// Simulated-time speed (changeable from the admin API); 0 = paused.
    pub speed: Mutex<f64>,
    /// The REST requests received, newest last (see `requests`).
    pub requests: Mutex<std::collections::VecDeque<serde_json::Value>>,
    /// Open hub connections and their subscriptions (`GET /_sim/connections`).
    pub hub_views: super::hub::registry::Registry,
    /// Every event published, numbered (`GET /_sim/published`).
    pub published: Mutex<super::published::Log>,
    /// The firehose's switch and counters (idle without `--firehose`).
    pub firehose: super::firehose::Firehose,
    /// What the tenant offers, changeable from the admin API.
    pub switches: Mutex<Switches>,
}

/// Which of the day's sources the simulated tenant gives: the scenario's
/// `queue_call_events` and `refused_routes`, then `POST /_sim/control`.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Switches {
    pub queue_call_events: bool,
    /// Path-table keys answered with 403.
    pub refused_routes: Vec<String>,
}

impl Switches {
    /// Event names hidden from `AvailableSubscriptions` besides the scenario's.
    pub fn hidden_events(&self) -> Vec<String> {
        if self.queue_call_events {
            return Vec::new();
        }
        crate::model::EventKind::BEYOND_SEED
            .iter()
            .map(|k| k.name().to_owned())
            .collect()
    }
}

/// Locks a mutex, recovering the data if a holder panicked (the model has no invariants
/// that a half-finished step could break badly enough to stop serving).
pub fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

impl Shared {
    pub fn casing(&self) -> Casing {
        self.config.casing
    }

    /// Sends model events to subscribers, in order, as one batch (numbered in the
    /// published log).
    pub fn publish(&self, events: Vec<RteEvent>) {
        if events.is_empty() {
            return;
        }
        let casing = self.casing();
        let mut data = Vec::with_capacity(1024);
        let batch: Vec<Published> = events
            .into_iter()
            .map(|e| {
                data.clear();
                e.write_data(casing, &mut data);
                Published {
                    entity_id: e.entity_id().to_ascii_lowercase(),
                    kind: e.kind,
                    // serde_json writes UTF-8.
                    data: String::from_utf8_lossy(&data).into_owned(),
                }
            })
            .collect();
        self.publish_wire(batch);
    }

    /// Numbers a batch of events already written for the wire in the published log and
    /// sends it to subscribers (the log's lock is held while sending, so its order is the
    /// bus's); false when no hub connection listens.
    pub fn publish_wire(&self, batch: Vec<Published>) -> bool {
        if batch.is_empty() {
            return false;
        }
        let batch: Arc<[Published]> = batch.into();
        let mut log = lock(&self.published);
        log.push(batch.clone());
        self.events.receiver_count() > 0 && self.events.send(batch).is_ok()
    }

    /// Runs an action on the model and publishes what it produced.
    pub fn with_model<R>(&self, f: impl FnOnce(&mut Model) -> R) -> R {
        let (r, events) = {
            let mut m = lock(&self.model);
            let r = f(&mut m);
            (r, m.take_events())
        };
        self.publish(events);
        r
    }

    pub fn credential_by_email(&self, email: &str) -> Option<&Credential> {
        self.credentials
            .iter()
            .find(|c| c.email.eq_ignore_ascii_case(email))
    }

    pub fn speed(&self) -> f64 {
        *lock(&self.speed)
    }
}
