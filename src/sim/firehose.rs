//! Firehose mode: N extra QueueStatus events per second with churning counts, on top of
//! the model, for benchmarks. Not part of the deterministic model.

use super::state::{lock, Shared};
use crate::model::events::{Envelope, EventKind, EventPayload};
use crate::model::payloads::QueueStatus;
use crate::model::{RteEvent, Stamp};
use rand::rngs::SmallRng;
use rand::{Rng, SeedableRng};
use std::sync::Arc;
use std::time::Duration;

/// Ticks per second of the firehose pump.
const TICKS_PER_SEC: u32 = 100;

pub async fn run(shared: Arc<Shared>, per_second: u32) {
    if per_second == 0 {
        return;
    }
    let (queues, org) = {
        let m = lock(&shared.model);
        let q: Vec<(String, String)> = m
            .rest_queues()
            .into_iter()
            .map(|q| (q.id, q.name))
            .collect();
        (q, m.organization_id().to_owned())
    };
    if queues.is_empty() {
        return;
    }
    let mut rng = SmallRng::seed_from_u64(u64::from(per_second));
    let mut interval = tokio::time::interval(Duration::from_secs(1) / TICKS_PER_SEC);
    interval.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    let mut shutdown = shared.shutdown.clone();
    let mut carry = 0u64;
    let mut next_queue = 0usize;
    loop {
        tokio::select! {
            _ = interval.tick() => {}
            _ = shutdown.changed() => return,
        }
        carry += u64::from(per_second);
        let n = carry / u64::from(TICKS_PER_SEC);
        carry %= u64::from(TICKS_PER_SEC);
        let mut batch = Vec::with_capacity(n as usize);
        for _ in 0..n {
            let (id, name) = &queues[next_queue % queues.len()];
            next_queue += 1;
            let waiting = rng.random_range(0..20);
            let payload = QueueStatus {
                queue_id: id.clone(),
                queue_name: name.clone(),
                nbr_of_providers: rng.random_range(0..12),
                nbr_of_requesters: waiting + rng.random_range(0..8),
                nbr_of_queuing_requesters: waiting,
                nbr_of_agents_immediately_free: rng.random_range(0..5),
                max_wait_time: rng.random_range(0..600),
                open_status: 5,
                ..Default::default()
            };
            let env = Envelope {
                root_entity_type: "Organization".into(),
                root_entity_id: org.clone(),
                entity_id: id.clone(),
                id: uuid::Uuid::new_v4().to_string(),
                timestamp: Stamp::At(chrono::Utc::now()),
                message_ttl_seconds: 60,
                organization_id: org.clone(),
                ..Default::default()
            };
            batch.push(RteEvent::new(
                EventKind::QueueStatus,
                env,
                EventPayload::QueueStatus(payload),
            ));
        }
        shared.publish(batch);
    }
}
