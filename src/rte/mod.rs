//! The RTE session: token, subscriptions, reconnect with backoff, typed event stream.
//!
//! The console and `evtop events` talk to a running session only through the types in
//! this file: they send [`SessionCommand`]s and receive [`SessionUpdate`]s.
//!
//! ```no_run
//! # async fn demo(resolved: evtop::api::Login) -> Result<(), evtop::api::ApiError> {
//! use evtop::api::ApiClient;
//! use evtop::model::EventKind;
//! use evtop::rte::{subscriptions, Session, SessionOptions, SessionUpdate};
//!
//! let api = ApiClient::connect(&resolved).await?; // discovery + login
//! let keys = subscriptions::everything_visible(&api, EventKind::ALL).await?;
//! let (session, mut updates) = Session::spawn(api.clone(), SessionOptions::default());
//! session.subscribe(keys).await;
//! while let Some(update) = updates.recv().await {
//!     match update {
//!         SessionUpdate::Events(batch) => { /* apply each to the state, then draw once */ }
//!         SessionUpdate::Resynced => { let _queues = api.queues().await?; }
//!         SessionUpdate::State(state) => { /* status line */ }
//!         SessionUpdate::SubscriptionRejected { key, message } => { /* toast */ }
//!         SessionUpdate::NotOffered { names, .. } => { /* log which */ }
//!         SessionUpdate::SubscriptionsRestored(keys) => { /* count them again */ }
//!     }
//! }
//! # Ok(()) }
//! ```

pub mod backoff;
pub mod held;
pub mod offered;
pub mod session;
pub mod subscriptions;

pub use backoff::Backoff;
pub use session::{Session, SessionHandle, SessionOptions};

use crate::model::{EventKind, RteEvent};
use std::time::Duration;

/// One subscription: an event on an entity (user, queue or call list id).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct SubscriptionKey {
    pub entity_id: String,
    pub event: EventKind,
}

impl SubscriptionKey {
    pub fn new(entity_id: impl Into<String>, event: EventKind) -> Self {
        SubscriptionKey {
            entity_id: entity_id.into(),
            event,
        }
    }
}

/// Where the RTE connection stands, for the status line.
#[derive(Debug, Clone, PartialEq)]
pub enum ConnectionState {
    /// First connection attempt under way.
    Connecting,
    /// Connected, handshake done, subscriptions (re)established.
    Live,
    /// Lost; retrying. `attempt` counts from 1 since the last stable live period
    /// (see `SessionOptions::stable_after`).
    Reconnecting {
        attempt: u32,
        reason: String,
        retry_in: Duration,
    },
    /// Given up (e.g. the server closed without allowReconnect, or credentials refused).
    Failed { reason: String },
}

/// What a session reports to its owner.
#[derive(Debug, Clone)]
pub enum SessionUpdate {
    State(ConnectionState),
    /// Events in arrival order, as many as were read at once (never empty): consumers
    /// apply a batch and then draw or write once.
    Events(Vec<RteEvent>),
    /// The hub refused a subscription (`subscribed:false`) with this message.
    SubscriptionRejected {
        key: SubscriptionKey,
        message: String,
    },
    /// Subscriptions reported as rejected because their `Subscribe` kept failing were
    /// made after all (a later try on the same connection succeeded).
    SubscriptionsRestored(Vec<SubscriptionKey>),
    /// A reconnect happened: counters may be stale, take a fresh REST snapshot.
    Resynced,
    /// The hub does not offer these events (`AvailableSubscriptions`): this many wanted
    /// subscriptions were not made. Sent when the set of names changes (empty: a later
    /// connection's hub offers them all again).
    NotOffered {
        names: Vec<String>,
        skipped: usize,
    },
}

/// What the owner asks of a session.
#[derive(Debug, Clone)]
pub enum SessionCommand {
    Subscribe(Vec<SubscriptionKey>),
    Unsubscribe(Vec<SubscriptionKey>),
    /// After `Failed`: try again (the user asked; a final close is not retried alone).
    Reconnect,
    Shutdown,
}
