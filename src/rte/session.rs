//! The resilient RTE session: fetch a token, connect the hub, (re)subscribe everything
//! in batches, forward typed events, and reconnect forever with backoff when the
//! connection is lost. The owner talks to it only through [`SessionHandle`] (commands)
//! and the [`SessionUpdate`] receiver.
//!
//! Each connection first asks the hub which events it offers (`AvailableSubscriptions`,
//! logged) and does not subscribe to the others: they stay wanted, are reported once as
//! `NotOffered`, and are tried again on a connection whose hub offers them.
//!
//! A `Subscribe` batch the hub answers with an error (not per-key refusals) is tried
//! again after `subscribe_retry` delays, `subscribe_attempts` times in all; then each of
//! its keys is reported as `SubscriptionRejected` ("Subscribe failed …"), stays wanted
//! and is tried again: while live, once per `resubscribe_backoff` delay (quietly; those
//! that succeed come back as `SubscriptionsRestored`), on the next connection, and when
//! the owner subscribes it again.
//! [`SessionHandle::subscriptions`] tells what the hub holds for this connection.
//!
//! Update order per connection: `State(Connecting | Reconnecting)`, `NotOffered` and
//! rejected subscriptions if any, `State(Live)`, then `Resynced` on every live period after the
//! first, then events. After a close without allowReconnect: `State(Failed)`, and the
//! session waits for `Reconnect` (or `Shutdown`) instead of retrying on its own.

mod subscribing;

use super::backoff::{jitter_rng, Backoff};
use super::held::Held;
use super::offered::{event_names, Offered};
use super::{ConnectionState, SessionCommand, SessionUpdate, SubscriptionKey};
use crate::api::ApiClient;
use crate::model::RteEvent;
use crate::signalr::{HubConnection, HubError, HubEvent, HubOptions, Invocation};
use serde_json::Value;
use std::collections::BTreeSet;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::sync::mpsc;

/// Knobs of a session.
#[derive(Debug, Clone)]
pub struct SessionOptions {
    pub hub: HubOptions,
    pub backoff: Backoff,
    /// Subscriptions per `Subscribe` call.
    pub batch_size: usize,
    /// Whose token to fetch: `"me"` or a user id.
    pub token_user: String,
    /// Keep reconnecting even when the server closes without allowReconnect (wall mode).
    pub reconnect_on_final_close: bool,
    /// Capacity of the update channel.
    pub update_capacity: usize,
    /// A live period at least this long resets the backoff (so the next retry is
    /// immediate); shorter ones keep counting, so a server that breaks every connection
    /// right away does not cause a tight reconnect loop.
    pub stable_after: Duration,
    /// Estimated bytes of events held back while subscribing (see [`Held`]).
    pub held_limit: usize,
    /// Delays between tries of a `Subscribe` batch answered with an error (the first
    /// retry waits `base`).
    pub subscribe_retry: Backoff,
    /// Tries of such a batch in all before its keys are reported as refused.
    pub subscribe_attempts: u32,
    /// While live, reported keys are tried again after these delays (the first waits
    /// `base`).
    pub resubscribe_backoff: Backoff,
}

impl Default for SessionOptions {
    fn default() -> Self {
        SessionOptions {
            hub: HubOptions::default(),
            backoff: Backoff::default(),
            batch_size: 100,
            token_user: "me".into(),
            reconnect_on_final_close: false,
            update_capacity: 4096,
            stable_after: Duration::from_secs(5),
            held_limit: crate::limits::HELD_EVENTS,
            subscribe_retry: Backoff {
                base: Duration::from_millis(500),
                max: Duration::from_secs(4),
                jitter: 0.2,
            },
            subscribe_attempts: 4,
            resubscribe_backoff: Backoff {
                base: Duration::from_secs(5),
                max: Duration::from_secs(60),
                jitter: 0.2,
            },
        }
    }
}

/// Sends commands to a running session. Dropping every handle shuts the session down.
#[derive(Debug, Clone)]
pub struct SessionHandle {
    commands: mpsc::Sender<SessionCommand>,
    dropped_held: Arc<Mutex<Option<DroppedHeld>>>,
    active: Arc<Mutex<BTreeSet<SubscriptionKey>>>,
}

/// Events held back while subscribing that were dropped (the oldest first) because
/// they were over [`SessionOptions::held_limit`]; the session then sends `Resynced`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DroppedHeld {
    pub events: usize,
    /// Their estimated size.
    pub bytes: usize,
    pub limit: usize,
}

impl DroppedHeld {
    /// The one line that says so.
    pub fn line(&self) -> String {
        format!(
            "{} events held back while subscribing were over the {} limit: the oldest were dropped (about {} MiB)",
            self.events,
            crate::limits::bytes_label(self.limit),
            self.bytes.div_ceil(1 << 20)
        )
    }
}

impl SessionHandle {
    /// Adds subscriptions (kept across reconnects).
    pub async fn subscribe(&self, keys: Vec<SubscriptionKey>) {
        self.send(SessionCommand::Subscribe(keys)).await;
    }

    pub async fn unsubscribe(&self, keys: Vec<SubscriptionKey>) {
        self.send(SessionCommand::Unsubscribe(keys)).await;
    }

    /// After `Failed` (or while waiting to retry): connect again now.
    pub async fn reconnect(&self) {
        self.send(SessionCommand::Reconnect).await;
    }

    /// Closes the connection and ends the session.
    pub async fn shutdown(&self) {
        self.send(SessionCommand::Shutdown).await;
    }

    pub async fn send(&self, command: SessionCommand) {
        let _ = self.commands.send(command).await;
    }

    /// What the last `Resynced` was about, if held events were dropped (taken once).
    pub fn take_dropped_held(&self) -> Option<DroppedHeld> {
        self.dropped_held.lock().ok()?.take()
    }

    /// The subscriptions the hub accepted on the current connection (empty between
    /// connections): what the session believes the server holds.
    pub fn subscriptions(&self) -> BTreeSet<SubscriptionKey> {
        self.active.lock().map(|a| a.clone()).unwrap_or_default()
    }

    /// True when the session has ended.
    pub fn is_closed(&self) -> bool {
        self.commands.is_closed()
    }
}

/// Starts sessions.
pub struct Session;

impl Session {
    /// Spawns a session on the current tokio runtime.
    pub fn spawn(
        api: ApiClient,
        options: SessionOptions,
    ) -> (SessionHandle, mpsc::Receiver<SessionUpdate>) {
        Self::spawn_subscribed(api, options, Vec::new())
    }

    /// Spawns a session that subscribes `keys` from its first connection on, so that
    /// its first `Live` already covers them (a later `subscribe` may race the connect).
    pub fn spawn_subscribed(
        api: ApiClient,
        options: SessionOptions,
        keys: Vec<SubscriptionKey>,
    ) -> (SessionHandle, mpsc::Receiver<SessionUpdate>) {
        let (commands, command_rx) = mpsc::channel(64);
        let (update_tx, updates) = mpsc::channel(options.update_capacity.max(16));
        let mut hub = options.hub.clone();
        hub.insecure_http |= api.insecure_http();
        // One TLS config for REST and the hub: the same roots, the same private CA.
        hub.tls.get_or_insert_with(|| api.tls_config());
        let dropped_held = Arc::new(Mutex::new(None));
        let active = Arc::new(Mutex::new(BTreeSet::new()));
        let runner = Runner {
            api,
            options: SessionOptions { hub, ..options },
            commands: command_rx,
            updates: update_tx,
            desired: keys.into_iter().collect(),
            ever_live: false,
            live_since: None,
            held: None,
            offered: None,
            reported_not_offered: Vec::new(),
            dropped_held: dropped_held.clone(),
            active: active.clone(),
            failed: BTreeSet::new(),
            resubscribe: None,
        };
        tokio::spawn(runner.run());
        (
            SessionHandle {
                commands,
                dropped_held,
                active,
            },
            updates,
        )
    }
}

/// How one connection ended.
enum End {
    /// Shutdown asked, or the owner is gone.
    Stop,
    Lost {
        reason: String,
        allow_reconnect: bool,
        was_live: bool,
    },
}

struct Runner {
    api: ApiClient,
    options: SessionOptions,
    commands: mpsc::Receiver<SessionCommand>,
    updates: mpsc::Sender<SessionUpdate>,
    desired: BTreeSet<SubscriptionKey>,
    ever_live: bool,
    /// When the current (or last) live period began.
    live_since: Option<tokio::time::Instant>,
    /// Events that arrive while a connection restores its subscriptions, held back so
    /// that the owner sees `Live` (and `Resynced`) before them; `None` once live.
    held: Option<Held>,
    /// What this connection's hub offers (`None`: not known, subscribe everything).
    offered: Option<Offered>,
    /// The not-offered names last reported, so a reconnect does not repeat them.
    reported_not_offered: Vec<String>,
    /// Shared with the handles: the drop behind the last `Resynced`.
    dropped_held: Arc<Mutex<Option<DroppedHeld>>>,
    /// Shared with the handles: what the hub accepted on this connection.
    active: Arc<Mutex<BTreeSet<SubscriptionKey>>>,
    /// Keys reported because their `Subscribe` kept failing on this connection.
    failed: BTreeSet<SubscriptionKey>,
    /// The next quiet try of `failed` while live, and how many came before it.
    resubscribe: Option<(tokio::time::Instant, u32)>,
}

impl Runner {
    async fn run(mut self) {
        let mut rng = jitter_rng();
        if !self
            .emit(SessionUpdate::State(ConnectionState::Connecting))
            .await
        {
            return;
        }
        let mut attempt = 0u32;
        loop {
            let (reason, allow_reconnect, was_live) = match self.connection().await {
                End::Stop => return,
                End::Lost {
                    reason,
                    allow_reconnect,
                    was_live,
                } => (reason, allow_reconnect, was_live),
            };
            tracing::info!("RTE connection lost: {reason}");
            let stable = self
                .live_since
                .is_some_and(|t| t.elapsed() >= self.options.stable_after);
            if was_live && stable {
                attempt = 0;
            }
            if !allow_reconnect && !self.options.reconnect_on_final_close {
                if !self
                    .emit(SessionUpdate::State(ConnectionState::Failed { reason }))
                    .await
                    || !self.wait_for_reconnect().await
                {
                    return;
                }
                attempt = 0;
                if !self
                    .emit(SessionUpdate::State(ConnectionState::Connecting))
                    .await
                {
                    return;
                }
                continue;
            }
            attempt = attempt.saturating_add(1);
            let retry_in = self.options.backoff.delay(attempt, &mut rng);
            let state = ConnectionState::Reconnecting {
                attempt,
                reason,
                retry_in,
            };
            if !self.emit(SessionUpdate::State(state)).await || !self.wait(retry_in).await {
                return;
            }
        }
    }

    /// Sends an update; false when the owner is gone.
    async fn emit(&self, update: SessionUpdate) -> bool {
        self.updates.send(update).await.is_ok()
    }

    /// After a final close: waits, still taking (un)subscriptions, until the owner asks
    /// to reconnect (true) or shuts the session down (false).
    async fn wait_for_reconnect(&mut self) -> bool {
        loop {
            match self.commands.recv().await {
                Some(SessionCommand::Reconnect) => return true,
                command => {
                    if !self.note_offline(command) {
                        return false;
                    }
                }
            }
        }
    }

    /// Sleeps while still taking commands; a `Reconnect` cuts it short; false on
    /// shutdown.
    async fn wait(&mut self, delay: Duration) -> bool {
        let sleep = tokio::time::sleep(delay);
        tokio::pin!(sleep);
        loop {
            tokio::select! {
                _ = &mut sleep => return true,
                command = self.commands.recv() => match command {
                    Some(SessionCommand::Reconnect) => return true,
                    command => if !self.note_offline(command) {
                        return false;
                    },
                },
            }
        }
    }

    /// Applies a command while not connected; false on shutdown.
    fn note_offline(&mut self, command: Option<SessionCommand>) -> bool {
        match command {
            None | Some(SessionCommand::Shutdown) => false,
            Some(SessionCommand::Subscribe(keys)) => {
                self.desired.extend(keys);
                true
            }
            Some(SessionCommand::Unsubscribe(keys)) => {
                for k in &keys {
                    self.desired.remove(k);
                }
                true
            }
            // Already on the way to a connection.
            Some(SessionCommand::Reconnect) => true,
        }
    }

    /// Replaces what the hub is believed to hold on this connection.
    fn set_active(&self, f: impl FnOnce(&mut BTreeSet<SubscriptionKey>)) {
        if let Ok(mut active) = self.active.lock() {
            f(&mut active);
        }
    }

    /// One connection: token, hub, subscriptions, then events until it ends.
    async fn connection(&mut self) -> End {
        self.set_active(BTreeSet::clear);
        // A new connection subscribes every wanted key anew.
        self.failed.clear();
        self.resubscribe = None;
        let end = self.connection_inner().await;
        self.set_active(BTreeSet::clear);
        end
    }

    async fn connection_inner(&mut self) -> End {
        let lost = |reason: String| End::Lost {
            reason,
            allow_reconnect: true,
            was_live: false,
        };
        let api = self.api.clone();
        let hub_options = self.options.hub.clone();
        let token_user = self.options.token_user.clone();
        let connecting = async move {
            let token = api.rte_token(&token_user).await.map_err(|e| match e {
                // The login itself was accepted: a refused token is the token route's
                // doing (expired, rotated), not the user's credentials.
                crate::api::ApiError::Unauthorized => {
                    "the RTE token was refused (retrying)".to_owned()
                }
                e => format!("RTE token: {}", e.user_message()),
            })?;
            let secret = crate::api::Secret::new(token.token.clone());
            crate::signalr::connect(api.http(), &token.wss_endpoint, &secret, &hub_options)
                .await
                .map_err(|e| match e {
                    HubError::Unauthorized => "the hub refused the RTE token (401)".to_owned(),
                    other => other.to_string(),
                })
        };
        tokio::pin!(connecting);
        let (conn, mut events) = loop {
            tokio::select! {
                result = &mut connecting => match result {
                    Ok(pair) => break pair,
                    Err(reason) => return lost(reason),
                },
                command = self.commands.recv() => if !self.note_offline(command) {
                    return End::Stop;
                },
            }
        };

        // Restore every subscription, in batches, holding back the events that already
        // flow so that they come after `Live`.
        let keys: Vec<SubscriptionKey> = self.desired.iter().cloned().collect();
        self.held = Some(Held::new(self.options.held_limit));
        if let Err(end) = self.ask_offered(&conn, &mut events).await {
            self.held = None;
            return end;
        }
        if !self.reported_not_offered.is_empty() && !self.skips_any(&keys) {
            // What was skipped before is offered now (or nothing is known any more).
            self.reported_not_offered.clear();
            let cleared = SessionUpdate::NotOffered {
                names: Vec::new(),
                skipped: 0,
            };
            if !self.emit(cleared).await {
                return End::Stop;
            }
        }
        if let Err(end) = self.subscribe(&conn, &mut events, keys).await {
            self.held = None;
            return end;
        }
        let held = self
            .held
            .take()
            .unwrap_or_else(|| Held::new(self.options.held_limit));
        if !self.emit(SessionUpdate::State(ConnectionState::Live)).await {
            return End::Stop;
        }
        self.live_since = Some(tokio::time::Instant::now());
        // Events were lost while subscribing: the owner refetches, as after a reconnect.
        let dropped = (held.dropped > 0).then_some(DroppedHeld {
            events: held.dropped,
            bytes: held.dropped_bytes,
            limit: self.options.held_limit,
        });
        if let Some(d) = dropped {
            tracing::warn!("{}; the owner refetches", d.line());
            if let Ok(mut slot) = self.dropped_held.lock() {
                *slot = Some(d);
            }
        }
        if (self.ever_live || dropped.is_some()) && !self.emit(SessionUpdate::Resynced).await {
            return End::Stop;
        }
        self.ever_live = true;
        let held = held.into_events();
        if !held.is_empty() && !self.emit(SessionUpdate::Events(held)).await {
            conn.close().await;
            return End::Stop;
        }

        loop {
            let resubscribe_at = self.resubscribe.map(|(at, _)| at);
            tokio::select! {
                _ = tokio::time::sleep_until(resubscribe_at.unwrap_or_else(tokio::time::Instant::now)),
                    if resubscribe_at.is_some() =>
                {
                    if let Err(mut end) = self.resubscribe_failed(&conn, &mut events).await {
                        if let End::Lost { was_live, .. } = &mut end {
                            *was_live = true;
                        }
                        return end;
                    }
                }
                event = events.recv() => match event {
                    Some(HubEvent::Invocations(batch)) => {
                        if !self.forward(&conn, batch).await {
                            conn.close().await;
                            return End::Stop;
                        }
                    }
                    Some(HubEvent::Closed(reason)) => return End::Lost {
                        reason: reason.message,
                        allow_reconnect: reason.allow_reconnect,
                        was_live: true,
                    },
                    None => return End::Lost {
                        reason: "connection lost".into(),
                        allow_reconnect: true,
                        was_live: true,
                    },
                },
                command = self.commands.recv() => {
                    let result = match command {
                        None | Some(SessionCommand::Shutdown) => {
                            conn.close().await;
                            return End::Stop;
                        }
                        Some(SessionCommand::Subscribe(keys)) => {
                            // Wanted but not held (a batch that failed) is tried again.
                            let active = self.active.lock().map(|a| a.clone()).unwrap_or_default();
                            let new: Vec<_> =
                                keys.into_iter().filter(|k| !active.contains(k)).collect();
                            self.subscribe(&conn, &mut events, new).await
                        }
                        Some(SessionCommand::Unsubscribe(keys)) => {
                            self.unsubscribe(&conn, &mut events, keys).await
                        }
                        // Connected already.
                        Some(SessionCommand::Reconnect) => Ok(()),
                    };
                    if let Err(mut end) = result {
                        if let End::Lost { was_live, .. } = &mut end {
                            *was_live = true;
                        }
                        return end;
                    }
                }
            }
        }
    }

    /// `AvailableSubscriptions`, once per connection: logged, and kept to skip the
    /// events the hub does not offer. A hub that cannot answer leaves it unknown.
    async fn ask_offered(
        &mut self,
        conn: &HubConnection,
        events: &mut mpsc::Receiver<HubEvent>,
    ) -> Result<(), End> {
        self.offered = match self
            .invoke_pumping(conn, events, "AvailableSubscriptions", Vec::new())
            .await?
        {
            Ok(answer) => {
                let offered = Offered::from_answer(&answer);
                match &offered {
                    Some(o) => tracing::info!(
                        "the hub offers {} events: {}",
                        o.names().len(),
                        o.names().join(", ")
                    ),
                    None => tracing::info!("the hub's AvailableSubscriptions named no event"),
                }
                offered
            }
            Err(message) => {
                tracing::info!("AvailableSubscriptions refused: {message}");
                None
            }
        };
        Ok(())
    }

    /// True when this connection's hub does not offer some of `keys`' events.
    fn skips_any(&self, keys: &[SubscriptionKey]) -> bool {
        self.offered
            .as_ref()
            .is_some_and(|o| keys.iter().any(|k| !o.offers(&k.event)))
    }

    /// Keeps skipped keys wanted and reports their names (once per set of names);
    /// false when the owner is gone.
    async fn report_not_offered(&mut self, skipped: &[SubscriptionKey]) -> bool {
        self.desired.extend(skipped.iter().cloned());
        let names = event_names(skipped);
        tracing::info!(
            "not subscribing to {} (the hub does not offer them): {} subscriptions skipped",
            names.join(", "),
            skipped.len()
        );
        if names == self.reported_not_offered {
            return true;
        }
        self.reported_not_offered = names.clone();
        self.emit(SessionUpdate::NotOffered {
            names,
            skipped: skipped.len(),
        })
        .await
    }

    /// Invokes a hub method while still forwarding events that arrive meanwhile.
    /// Outer `Err`: the connection ended; inner `Err`: the hub answered with an error.
    async fn invoke_pumping(
        &mut self,
        conn: &HubConnection,
        events: &mut mpsc::Receiver<HubEvent>,
        target: &str,
        arguments: Vec<Value>,
    ) -> Result<Result<Value, String>, End> {
        let call = conn.invoke(target, arguments);
        tokio::pin!(call);
        loop {
            tokio::select! {
                result = &mut call => return match result {
                    Ok(v) => Ok(Ok(v)),
                    Err(HubError::Invocation { message, .. }) => Ok(Err(message)),
                    Err(HubError::Closed(reason)) => Err(End::Lost {
                        reason: reason.message,
                        allow_reconnect: reason.allow_reconnect,
                        was_live: false,
                    }),
                    Err(other) => Err(End::Lost {
                        reason: format!("{target}: {other}"),
                        allow_reconnect: true,
                        was_live: false,
                    }),
                },
                event = events.recv() => self.while_waiting(conn, event).await?,
            }
        }
    }

    /// An event that arrived while the session waits on the hub (an answer, a retry's
    /// delay): invocations are forwarded; the connection's end is the wait's end.
    async fn while_waiting(
        &mut self,
        conn: &HubConnection,
        event: Option<HubEvent>,
    ) -> Result<(), End> {
        match event {
            Some(HubEvent::Invocations(batch)) => {
                if self.forward(conn, batch).await {
                    Ok(())
                } else {
                    Err(End::Stop)
                }
            }
            Some(HubEvent::Closed(reason)) => Err(End::Lost {
                reason: reason.message,
                allow_reconnect: reason.allow_reconnect,
                was_live: false,
            }),
            None => Err(End::Lost {
                reason: "connection lost".into(),
                allow_reconnect: true,
                was_live: false,
            }),
        }
    }

    /// Decodes the `MessageReceived`s of a batch and forwards them as one update (or
    /// holds them while restoring, bounded in bytes); false when the owner is gone. A
    /// record whose arguments turn out malformed is dropped and counted on the connection.
    async fn forward(&mut self, conn: &HubConnection, batch: Vec<Invocation>) -> bool {
        let mut events = Vec::with_capacity(batch.len());
        for invocation in &batch {
            if !invocation.target().eq_ignore_ascii_case("MessageReceived") {
                tracing::debug!(
                    "ignoring hub method {}",
                    crate::sanitize::excerpt(invocation.target())
                );
                continue;
            }
            // The usual record, in one pass; any other shape through a full parse.
            let event =
                match RteEvent::from_invocation(invocation.record(), invocation.arguments_at()) {
                    Some(event) => event,
                    None => match invocation.argument_values() {
                        Some(arguments) => match arguments.first() {
                            Some(argument) => RteEvent::from_message_text(&argument.to_string()),
                            None => continue,
                        },
                        None => {
                            conn.note_malformed("a malformed MessageReceived record");
                            continue;
                        }
                    },
                };
            match self.held.as_mut() {
                Some(held) => held.push(event, invocation.record().len()),
                None => events.push(event),
            }
        }
        events.is_empty() || self.emit(SessionUpdate::Events(events)).await
    }
}
