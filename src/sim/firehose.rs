//! Firehose mode: N extra events per second on top of the model, for benchmarks — a mix
//! of QueueStatus (churning counts) and UserStatus (churning activity), one round of
//! queues and users after the other. Not part of the deterministic model.
//!
//! Each event's `data` is written once, straight from its payload (no JSON tree), and
//! the events of a tick go onto the bus in chunks, so a hub connection puts many records
//! in one WebSocket frame. The firehose can be paused and resumed
//! (`POST /_sim/control {"firehose": false}`) and counts what it published
//! (`GET /_sim/firehose`: [`Firehose::status`]).

use super::state::{lock, Published, Shared};
use crate::model::events::{Envelope, EventKind, EventPayload};
use crate::model::payloads::{QueueStatus, UserStatus};
use crate::model::{RteEvent, Stamp};
use rand::rngs::SmallRng;
use rand::{Rng, SeedableRng};
use serde_json::{json, Value};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::watch;

/// Ticks per second of the firehose pump.
const TICKS_PER_SEC: u32 = 100;
/// Events per message on the bus (a hub connection joins them into one frame).
pub const CHUNK: usize = 64;

/// The firehose's weights: of every `queue + user` events, `queue` are QueueStatus and
/// `user` UserStatus. Written `queue:1,user:1` (or `QueueStatus:1,UserStatus:1`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FirehoseMix {
    pub queue: u32,
    pub user: u32,
}

impl Default for FirehoseMix {
    /// QueueStatus only (what the firehose always sent).
    fn default() -> Self {
        FirehoseMix { queue: 1, user: 0 }
    }
}

impl std::str::FromStr for FirehoseMix {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, String> {
        let mut mix = FirehoseMix { queue: 0, user: 0 };
        for part in s.split(',').map(str::trim).filter(|p| !p.is_empty()) {
            let (name, weight) = part.split_once(':').unwrap_or((part, "1"));
            let weight: u32 = weight
                .trim()
                .parse()
                .ok()
                .filter(|w| *w <= 1000)
                .ok_or_else(|| format!("'{part}': a weight is a whole number 0..1000"))?;
            match name.trim().to_ascii_lowercase().as_str() {
                "queue" | "queuestatus" => mix.queue = weight,
                "user" | "userstatus" => mix.user = weight,
                _ => {
                    return Err(format!(
                        "'{name}': the firehose sends queue (QueueStatus) and user (UserStatus)"
                    ))
                }
            }
        }
        if mix.queue + mix.user == 0 {
            return Err("the firehose mix needs a weight above 0, e.g. queue:1,user:1".into());
        }
        Ok(mix)
    }
}

impl std::fmt::Display for FirehoseMix {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "queue:{},user:{}", self.queue, self.user)
    }
}

/// The firehose's switch and counters, shared with the admin API and the hub.
#[derive(Debug)]
pub struct Firehose {
    running: watch::Sender<bool>,
    published: AtomicU64,
    queue_status: AtomicU64,
    user_status: AtomicU64,
    delivered: AtomicU64,
}

impl Default for Firehose {
    fn default() -> Self {
        Firehose {
            running: watch::Sender::new(true),
            published: AtomicU64::new(0),
            queue_status: AtomicU64::new(0),
            user_status: AtomicU64::new(0),
            delivered: AtomicU64::new(0),
        }
    }
}

impl Firehose {
    /// Pauses (`false`) or resumes (`true`) the pump; a resumed pump does not catch up.
    pub fn set_running(&self, on: bool) {
        self.running.send_replace(on);
    }

    pub fn running(&self) -> bool {
        *self.running.borrow()
    }

    /// Events the firehose put on the bus while at least one hub connection listened.
    pub fn published(&self) -> u64 {
        self.published.load(Ordering::Relaxed)
    }

    /// Counts `n` MessageReceived records written to hub connections (any event, the
    /// model's too).
    pub fn note_delivered(&self, n: u64) {
        self.delivered.fetch_add(n, Ordering::Relaxed);
    }

    /// `GET /_sim/firehose`: `Rate` (0 without a firehose), `Mix`, `Running`,
    /// `Published` (of which `QueueStatus` and `UserStatus`), `Delivered` (records sent
    /// by every hub connection).
    pub fn status(&self, rate: Option<u32>, mix: FirehoseMix) -> Value {
        json!({
            "Rate": rate.unwrap_or(0),
            "Mix": mix.to_string(),
            "Running": rate.is_some() && self.running(),
            "Published": self.published(),
            "QueueStatus": self.queue_status.load(Ordering::Relaxed),
            "UserStatus": self.user_status.load(Ordering::Relaxed),
            "Delivered": self.delivered.load(Ordering::Relaxed),
        })
    }
}

/// What the firehose writes events about, read from the model once.
struct Entities {
    org: String,
    /// (id, lower-case id, name)
    queues: Vec<(String, String, String)>,
    /// (lower-case id, the user's status at start)
    users: Vec<(String, UserStatus)>,
}

impl Entities {
    fn of(m: &super::model::Model) -> Entities {
        let users = m.rest_users();
        Entities {
            org: m.organization_id().to_owned(),
            queues: m
                .rest_queues()
                .into_iter()
                .map(|q| (q.id.to_ascii_lowercase(), q))
                .map(|(lower, q)| (q.id, lower, q.name))
                .collect(),
            users: (0..users.len())
                .map(|u| (users[u].id.to_ascii_lowercase(), m.user_status(u)))
                .collect(),
        }
    }
}

/// Makes the firehose's events: which kind comes next, the churning payloads, the
/// `data` text in the simulator's casing.
struct Maker {
    entities: Entities,
    mix: FirehoseMix,
    casing: crate::model::events::Casing,
    rng: SmallRng,
    /// Position in the mix's round (`0..queue+user`), and the next queue and user.
    slot: u32,
    next_queue: usize,
    next_user: usize,
    buf: Vec<u8>,
}

impl Maker {
    fn new(entities: Entities, mix: FirehoseMix, casing: crate::model::events::Casing) -> Self {
        let mix = match (entities.queues.is_empty(), entities.users.is_empty()) {
            (true, _) => FirehoseMix { queue: 0, ..mix },
            (_, true) => FirehoseMix { user: 0, ..mix },
            _ => mix,
        };
        Maker {
            entities,
            mix,
            casing,
            rng: SmallRng::seed_from_u64(0x_f1de_4053),
            slot: 0,
            next_queue: 0,
            next_user: 0,
            buf: Vec::with_capacity(2048),
        }
    }

    /// False when there is nothing to send (no entities of the kinds in the mix).
    fn can_send(&self) -> bool {
        self.mix.queue + self.mix.user > 0
    }

    fn envelope(&mut self, entity_id: &str, now: Stamp) -> Envelope {
        let id = uuid::Builder::from_random_bytes(self.rng.random()).into_uuid();
        Envelope {
            root_entity_type: "Organization".into(),
            root_entity_id: self.entities.org.as_str().into(),
            entity_id: entity_id.into(),
            id: id.to_string(),
            timestamp: now,
            message_ttl_seconds: 60,
            organization_id: self.entities.org.as_str().into(),
            ..Default::default()
        }
    }

    /// The next event of the mix, ready for the wire.
    fn next(&mut self, now: &Stamp) -> Published {
        let queue = self.slot < self.mix.queue;
        self.slot = (self.slot + 1) % (self.mix.queue + self.mix.user);
        let (kind, lower, event) = if queue {
            let i = self.next_queue % self.entities.queues.len();
            self.next_queue = self.next_queue.wrapping_add(1);
            let (id, lower, name) = &self.entities.queues[i];
            let (id, lower, name) = (id.clone(), lower.clone(), name.clone());
            let rng = &mut self.rng;
            let waiting = rng.random_range(0..20);
            let payload = QueueStatus {
                queue_id: id.clone(),
                queue_name: name,
                nbr_of_providers: rng.random_range(0..12),
                nbr_of_requesters: waiting + rng.random_range(0..8),
                nbr_of_queuing_requesters: waiting,
                nbr_of_agents_immediately_free: rng.random_range(0..5),
                max_wait_time: rng.random_range(0..600),
                open_status: 5,
                ..Default::default()
            };
            let env = self.envelope(&id, *now);
            (
                EventKind::QueueStatus,
                lower,
                RteEvent::new(
                    EventKind::QueueStatus,
                    env,
                    EventPayload::QueueStatus(payload),
                ),
            )
        } else {
            let i = self.next_user % self.entities.users.len();
            self.next_user = self.next_user.wrapping_add(1);
            let (lower, start) = &self.entities.users[i];
            let (lower, mut payload) = (lower.clone(), start.clone());
            let rng = &mut self.rng;
            payload.available = rng.random_bool(0.8);
            payload.talking = payload.available && rng.random_bool(0.5);
            payload.serving = payload.available;
            payload.can_be_allocated_to = payload.available && !payload.talking;
            payload.talking_status_changed = *now;
            payload.availability_status = if payload.available {
                "Available"
            } else {
                "Busy"
            }
            .to_owned();
            let user_id = payload.user_id.clone();
            let env = self.envelope(&user_id, *now);
            (
                EventKind::UserStatus,
                lower,
                RteEvent::new(
                    EventKind::UserStatus,
                    env,
                    EventPayload::UserStatus(payload),
                ),
            )
        };
        self.buf.clear();
        event.write_data(self.casing, &mut self.buf);
        Published {
            kind,
            entity_id: lower,
            // serde_json writes UTF-8.
            data: String::from_utf8_lossy(&self.buf).into_owned(),
        }
    }
}

/// The pump: `per_second` events a second in the given mix until shutdown; idle while
/// paused.
pub async fn run(shared: Arc<Shared>, per_second: u32, mix: FirehoseMix) {
    if per_second == 0 {
        return;
    }
    let entities = Entities::of(&lock(&shared.model));
    let mut maker = Maker::new(entities, mix, shared.casing());
    if !maker.can_send() {
        return;
    }
    let mut running = shared.firehose.running.subscribe();
    let mut interval = tokio::time::interval(Duration::from_secs(1) / TICKS_PER_SEC);
    interval.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Skip);
    let mut shutdown = shared.shutdown.clone();
    // Events owed are counted from the time since (re)start, so a late tick is made up
    // by the next one and the rate holds.
    let mut since = tokio::time::Instant::now();
    let mut sent = 0u64;
    loop {
        if !*running.borrow_and_update() {
            tokio::select! {
                _ = running.wait_for(|on| *on) => {}
                _ = shutdown.changed() => return,
            }
            // Start afresh: no burst for the time paused.
            interval.reset();
            since = tokio::time::Instant::now();
            sent = 0;
            continue;
        }
        tokio::select! {
            _ = interval.tick() => {}
            _ = running.changed() => continue,
            _ = shutdown.changed() => return,
        }
        let owed = (since.elapsed().as_secs_f64() * f64::from(per_second)) as u64;
        // At most a second's worth at once (after a stall the rest is dropped).
        let mut n = owed.saturating_sub(sent).min(u64::from(per_second));
        sent = owed;
        if shared.events.receiver_count() == 0 {
            continue;
        }
        let now = Stamp::At(chrono::Utc::now());
        // A pause stops the tick within a chunk: what a late tick owes is not published
        // after the pause was answered (benchmarks compare counts taken then).
        while n > 0 && *running.borrow() {
            let take = n.min(CHUNK as u64);
            n -= take;
            let chunk: Vec<Published> = (0..take).map(|_| maker.next(&now)).collect();
            let queues = chunk
                .iter()
                .filter(|p| p.kind == EventKind::QueueStatus)
                .count() as u64;
            if shared.publish_wire(chunk) {
                let f = &shared.firehose;
                f.published.fetch_add(take, Ordering::Relaxed);
                f.queue_status.fetch_add(queues, Ordering::Relaxed);
                f.user_status.fetch_add(take - queues, Ordering::Relaxed);
            }
            // A tick can owe up to a second's worth (a slow debug build never catches
            // up): without yielding per chunk the pump holds its worker, and the hub
            // connection it woke waits in that worker's LIFO slot, which no other
            // worker may steal, so the connection stalls without falling behind.
            tokio::task::yield_now().await;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mix_parses_both_spellings_and_refuses_nonsense() {
        let m: FirehoseMix = "queue:1,user:1".parse().unwrap();
        assert_eq!(m, FirehoseMix { queue: 1, user: 1 });
        let m: FirehoseMix = "QueueStatus:3, UserStatus:1".parse().unwrap();
        assert_eq!(m, FirehoseMix { queue: 3, user: 1 });
        let m: FirehoseMix = "user".parse().unwrap();
        assert_eq!(m, FirehoseMix { queue: 0, user: 1 });
        assert_eq!(m.to_string(), "queue:0,user:1");
        for bad in ["", "queue:0", "calls:1", "queue:x", "queue:-1", "user:5000"] {
            assert!(bad.parse::<FirehoseMix>().is_err(), "{bad}");
        }
    }

    fn maker(mix: FirehoseMix) -> Maker {
        let m = crate::sim::model::Model::new(
            &crate::sim::scenario::Scenario::builtin(),
            7,
            chrono::Utc::now(),
        );
        Maker::new(Entities::of(&m), mix, crate::model::events::Casing::Camel)
    }

    #[test]
    fn the_mix_is_followed_and_each_event_decodes_to_its_kind() {
        let mut m = maker(FirehoseMix { queue: 1, user: 2 });
        let now = Stamp::At(chrono::Utc::now());
        let events: Vec<Published> = (0..300).map(|_| m.next(&now)).collect();
        let queues = events
            .iter()
            .filter(|p| p.kind == EventKind::QueueStatus)
            .count();
        assert_eq!(queues, 100);
        let mut ids = std::collections::HashSet::new();
        for p in &events {
            let data: Value = serde_json::from_str(&p.data).expect("valid JSON");
            let ev = RteEvent::from_data(data);
            assert_eq!(ev.kind, p.kind, "{}", p.data);
            assert!(ev.decode_error.is_none(), "{}", p.data);
            assert_eq!(ev.entity_id().to_ascii_lowercase(), p.entity_id);
            assert!(ids.insert(ev.envelope.id.clone()), "event ids are unique");
            match &ev.payload {
                EventPayload::QueueStatus(q) => assert_eq!(q.queue_id, ev.entity_id()),
                EventPayload::UserStatus(u) => {
                    assert_eq!(u.user_id, ev.entity_id());
                    assert_eq!(u.available, u.availability_status == "Available");
                }
                other => panic!("{other:?}"),
            }
            // camelCase, as the platform sends it.
            assert!(p.data.starts_with("{\"rootEntityType\""), "{}", p.data);
        }
    }
}
