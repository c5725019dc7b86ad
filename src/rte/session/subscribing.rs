//! Subscribing on a connection: batches, a batch the hub answers with an error tried
//! again with backoff and then reported, quiet tries of those while live, and
//! unsubscribing. What the hub accepted is kept in `Runner::active`.

use super::{End, Runner};
use crate::model::EventKind;
use crate::rte::backoff::jitter_rng;
use crate::rte::subscriptions::{hub_argument, rejected};
use crate::rte::{SessionUpdate, SubscriptionKey};
use crate::signalr::{HubConnection, HubEvent};
use serde_json::Value;
use std::time::Duration;
use tokio::sync::mpsc;

impl Runner {
    /// Subscribes `keys` in batches; refused ones are reported and dropped. Keys whose
    /// event the hub does not offer are kept wanted but not sent.
    pub(super) async fn subscribe(
        &mut self,
        conn: &HubConnection,
        events: &mut mpsc::Receiver<HubEvent>,
        keys: Vec<SubscriptionKey>,
    ) -> Result<(), End> {
        let keys = match &self.offered {
            Some(offered) => {
                let (keys, skipped) = offered.split(keys);
                if !skipped.is_empty() && !self.report_not_offered(&skipped).await {
                    return Err(End::Stop);
                }
                keys
            }
            // Not known: the documented events are asked for; those beyond the RTE
            // document (the queue call events) only when a hub says it offers them,
            // so that a tenant without them sees no refusals. They stay wanted.
            None => {
                let (documented, beyond): (Vec<_>, Vec<_>) = keys
                    .into_iter()
                    .partition(|k| !EventKind::BEYOND_SEED.contains(&k.event));
                self.desired.extend(beyond);
                documented
            }
        };
        for batch in keys.chunks(self.options.batch_size.max(1)) {
            self.desired.extend(batch.iter().cloned());
            let (refused, failed) = match self.subscribe_batch(conn, events, batch).await? {
                Ok(answer) => {
                    let refused = rejected(batch, answer);
                    let accepted: Vec<SubscriptionKey> = batch
                        .iter()
                        .filter(|k| !refused.iter().any(|(r, _)| r == *k))
                        .cloned()
                        .collect();
                    // Reported before on this connection (the owner asked again).
                    let restored: Vec<SubscriptionKey> = accepted
                        .iter()
                        .filter(|k| self.failed.contains(*k))
                        .cloned()
                        .collect();
                    for k in batch {
                        self.failed.remove(k);
                    }
                    self.set_active(|active| active.extend(accepted.iter().cloned()));
                    if !restored.is_empty()
                        && !self
                            .emit(SessionUpdate::SubscriptionsRestored(restored))
                            .await
                    {
                        return Err(End::Stop);
                    }
                    (refused, Vec::new())
                }
                // The hub kept failing the whole call: every key of it is reported, and
                // stays wanted (tried again later).
                Err(message) => (
                    Vec::new(),
                    batch.iter().map(|k| (k.clone(), message.clone())).collect(),
                ),
            };
            for (key, message) in refused {
                self.desired.remove(&key);
                if !self
                    .emit(SessionUpdate::SubscriptionRejected { key, message })
                    .await
                {
                    return Err(End::Stop);
                }
            }
            if !failed.is_empty() && self.resubscribe.is_none() {
                let mut rng = jitter_rng();
                let delay = self.options.resubscribe_backoff.delay(2, &mut rng);
                self.resubscribe = Some((tokio::time::Instant::now() + delay, 1));
            }
            for (key, message) in failed {
                self.failed.insert(key.clone());
                if !self
                    .emit(SessionUpdate::SubscriptionRejected { key, message })
                    .await
                {
                    return Err(End::Stop);
                }
            }
        }
        Ok(())
    }

    /// One quiet try of the keys whose `Subscribe` kept failing on this live connection:
    /// one call per batch, no report while they still fail; those made are sent as
    /// `SubscriptionsRestored`, a per-key refusal as `SubscriptionRejected`.
    pub(super) async fn resubscribe_failed(
        &mut self,
        conn: &HubConnection,
        events: &mut mpsc::Receiver<HubEvent>,
    ) -> Result<(), End> {
        let tries = self.resubscribe.map_or(1, |(_, n)| n);
        self.resubscribe = None;
        let keys: Vec<SubscriptionKey> = self
            .failed
            .iter()
            .filter(|k| self.desired.contains(*k))
            .cloned()
            .collect();
        let desired = &self.desired;
        self.failed.retain(|k| desired.contains(k));
        let mut restored = Vec::new();
        for batch in keys.chunks(self.options.batch_size.max(1)) {
            let answer = match self
                .invoke_pumping(conn, events, "Subscribe", vec![hub_argument(batch)])
                .await?
            {
                Ok(answer) => answer,
                Err(message) => {
                    tracing::info!(
                        "Subscribe of {} keys still fails: {}",
                        batch.len(),
                        crate::sanitize::excerpt(&message)
                    );
                    continue;
                }
            };
            let refused = rejected(batch, answer);
            for k in batch {
                self.failed.remove(k);
                if !refused.iter().any(|(r, _)| r == k) {
                    restored.push(k.clone());
                }
            }
            self.set_active(|active| active.extend(restored.iter().cloned()));
            for (key, message) in refused {
                self.desired.remove(&key);
                if !self
                    .emit(SessionUpdate::SubscriptionRejected { key, message })
                    .await
                {
                    return Err(End::Stop);
                }
            }
        }
        if !restored.is_empty() {
            tracing::info!("{} subscriptions made after all", restored.len());
            if !self
                .emit(SessionUpdate::SubscriptionsRestored(restored))
                .await
            {
                return Err(End::Stop);
            }
        }
        if !self.failed.is_empty() {
            let mut rng = jitter_rng();
            let delay = self.options.resubscribe_backoff.delay(tries + 2, &mut rng);
            self.resubscribe = Some((tokio::time::Instant::now() + delay, tries + 1));
        }
        Ok(())
    }

    /// One `Subscribe` batch, tried again with backoff while the hub answers it with an
    /// error. Inner `Err`: the last error, worded for the owner.
    async fn subscribe_batch(
        &mut self,
        conn: &HubConnection,
        events: &mut mpsc::Receiver<HubEvent>,
        batch: &[SubscriptionKey],
    ) -> Result<Result<Value, String>, End> {
        let attempts = self.options.subscribe_attempts.max(1);
        let mut rng = jitter_rng();
        let mut attempt = 1u32;
        loop {
            let message = match self
                .invoke_pumping(conn, events, "Subscribe", vec![hub_argument(batch)])
                .await?
            {
                Ok(answer) => return Ok(Ok(answer)),
                Err(message) => crate::sanitize::excerpt(&message),
            };
            if attempt >= attempts {
                tracing::warn!(
                    "Subscribe of {} keys failed {attempt} times: {message}",
                    batch.len()
                );
                return Ok(Err(format!(
                    "Subscribe failed {attempt} times: {message} (tried again later)"
                )));
            }
            let delay = self.options.subscribe_retry.delay(attempt + 1, &mut rng);
            tracing::info!(
                "Subscribe of {} keys failed ({message}); try {} in {} ms",
                batch.len(),
                attempt + 1,
                delay.as_millis()
            );
            self.pump_for(conn, events, delay).await?;
            attempt += 1;
        }
    }

    /// Waits, still forwarding the events that arrive; `Err` when the connection ends.
    async fn pump_for(
        &mut self,
        conn: &HubConnection,
        events: &mut mpsc::Receiver<HubEvent>,
        delay: Duration,
    ) -> Result<(), End> {
        let sleep = tokio::time::sleep(delay);
        tokio::pin!(sleep);
        loop {
            tokio::select! {
                _ = &mut sleep => return Ok(()),
                event = events.recv() => self.while_waiting(conn, event).await?,
            }
        }
    }

    pub(super) async fn unsubscribe(
        &mut self,
        conn: &HubConnection,
        events: &mut mpsc::Receiver<HubEvent>,
        keys: Vec<SubscriptionKey>,
    ) -> Result<(), End> {
        for k in &keys {
            self.desired.remove(k);
            self.failed.remove(k);
        }
        for batch in keys.chunks(self.options.batch_size.max(1)) {
            match self
                .invoke_pumping(conn, events, "Unsubscribe", vec![hub_argument(batch)])
                .await?
            {
                Ok(_) => self.set_active(|active| {
                    for k in batch {
                        active.remove(k);
                    }
                }),
                Err(message) => tracing::warn!(
                    "Unsubscribe refused: {}",
                    crate::sanitize::excerpt(&message)
                ),
            }
        }
        Ok(())
    }
}
