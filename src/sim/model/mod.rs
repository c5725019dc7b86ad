//! The contact-center model: pure and deterministic. A seeded RNG and a simulated clock
//! advanced in fixed steps of [`STEP_MS`]: the same scenario and seed give the same
//! event sequence, whatever the wall clock does. No I/O here; the server feeds the
//! events this produces to subscribers.

mod actions;
mod build;
mod emit;
mod history;
mod queue_events;
mod snapshot;
mod status;
pub mod today;
pub mod transcript;
pub mod truth;

pub use actions::ActionError;

use crate::model::payloads::{QueueStatus, UserStatus};
use crate::model::rest::Availability;
use crate::model::RteEvent;
use chrono::{DateTime, Duration, Utc};
use rand::rngs::StdRng;
use rand::Rng;

/// One model step, in simulated milliseconds.
pub const STEP_MS: i64 = 100;

/// The simulated organization and everything happening in it.
pub struct Model {
    rng: StdRng,
    now: DateTime<Utc>,
    pub(crate) org_id: String,
    pub(crate) org_name: String,
    pub(crate) queues: Vec<QueueState>,
    pub(crate) users: Vec<UserState>,
    /// Live calls (waiting, ringing or talking), in arrival order.
    pub(crate) calls: Vec<Call>,
    pub(crate) lists: Vec<ListState>,
    rates: Rates,
    next_alert_at: DateTime<Utc>,
    next_offer_at: DateTime<Utc>,
    caller_seq: u64,
    out: Vec<RteEvent>,
    /// Finished queue calls (see `history`).
    pub(crate) history: std::collections::VecDeque<history::CallRecord>,
    /// Counter and key of ids made without the RNG (`derived_id`).
    id_seq: u64,
    id_key: u64,
    /// Click-to-call requests received (`POST …/action/mobile/call/`), newest last.
    pub(crate) mobile_calls: Vec<MobileCall>,
}

/// A click-to-call request: the user's mobile is to ring and call `number`.
#[derive(Debug, Clone)]
pub(crate) struct MobileCall {
    pub user: usize,
    pub number: String,
    pub at: DateTime<Utc>,
}

/// Scenario-wide rates.
#[derive(Debug, Clone)]
pub(crate) struct Rates {
    pub availability_changes_per_agent_hour: f64,
    pub alerts_per_hour: f64,
    pub offers_per_hour: f64,
    pub ring_secs: f64,
    pub no_answer_ratio: f64,
}

#[derive(Debug, Clone)]
pub(crate) struct QueueState {
    pub id: String,
    pub name: String,
    pub number: String,
    pub arrivals_per_minute: f64,
    pub mean_talk_secs: f64,
    pub wrap_up_secs: u32,
    pub patience_secs: f64,
    pub max_queue_length: u32,
    pub list: Option<usize>,
    pub next_arrival_at: Option<DateTime<Utc>>,
    pub not_served: i64,
    pub answered: i64,
    pub open_status: i64,
    pub last_status: Option<QueueStatus>,
}

#[derive(Debug, Clone)]
pub(crate) struct UserState {
    pub id: String,
    pub first_name: String,
    pub last_name: String,
    pub email: String,
    pub title: String,
    pub number: String,
    pub is_agent: bool,
    /// Attached queues: (queue index, priority).
    pub queues: Vec<(usize, i64)>,
    pub availability: Availability,
    /// Id of the current availability event (what `DELETE …/availability/{id}` ends).
    pub availability_id: String,
    pub availability_since: DateTime<Utc>,
    pub availability_note: String,
    pub activity: Activity,
    pub idle_since: DateTime<Utc>,
    pub talking_changed: DateTime<Utc>,
    pub next_availability_change: Option<DateTime<Utc>>,
    pub last_status: Option<UserStatus>,
}

/// What an agent is doing.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Activity {
    Idle,
    Ringing { call: String },
    Talking { call: String, queue: usize },
    WrapUp(WrapUp),
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) struct WrapUp {
    pub id: String,
    pub started: DateTime<Utc>,
    pub max_secs: i64,
    pub call_id: Option<String>,
    pub leg_id: String,
    pub queue: Option<usize>,
}

#[derive(Debug, Clone)]
pub(crate) struct Call {
    pub id: String,
    pub leg_id: String,
    pub queue: usize,
    pub caller: String,
    pub arrived: DateTime<Utc>,
    pub patience_until: DateTime<Utc>,
    pub state: CallState,
}

#[derive(Debug, Clone)]
pub(crate) enum CallState {
    Waiting,
    Ringing {
        agent: usize,
        /// When the agent's phone started ringing.
        since: DateTime<Utc>,
        until: DateTime<Utc>,
        answers: bool,
    },
    Talking {
        agent: usize,
        since: DateTime<Utc>,
        ends: DateTime<Utc>,
        script: usize,
        line: usize,
        final_next: bool,
        next_phrase_at: DateTime<Utc>,
    },
}

#[derive(Debug, Clone)]
pub(crate) struct ListState {
    pub id: String,
    pub name: String,
    pub queue: Option<usize>,
    pub requests: Vec<CallbackReq>,
}

#[derive(Debug, Clone)]
pub(crate) struct CallbackReq {
    pub id: String,
    pub contact_name: String,
    pub number: String,
    pub message: String,
    pub note: String,
    pub created: DateTime<Utc>,
    pub modified: DateTime<Utc>,
    pub assigned: Option<String>,
    pub closed: bool,
    pub call_id: Option<String>,
    pub last_modified_user: Option<String>,
    pub last_attempt_user: Option<String>,
    pub last_attempt_at: Option<DateTime<Utc>>,
    pub last_attempt_note: String,
    pub attempts: i64,
}

impl Model {
    /// The simulated time.
    pub fn now(&self) -> DateTime<Utc> {
        self.now
    }

    /// The organization id (RootEntityId of every event).
    pub fn organization_id(&self) -> &str {
        &self.org_id
    }

    /// Advances one step and returns the events it produced, in order.
    pub fn step(&mut self) -> Vec<RteEvent> {
        self.now += Duration::milliseconds(STEP_MS);
        self.arrivals();
        self.ring_outcomes();
        self.conversations();
        self.abandons();
        self.wrap_up_timers();
        self.allocate();
        self.availability_changes();
        self.alerts_and_offers();
        self.expire_callbacks();
        self.take_events()
    }

    /// Open callback requests past their expiry close by themselves.
    fn expire_callbacks(&mut self) {
        for l in 0..self.lists.len() {
            for r in 0..self.lists[l].requests.len() {
                let req = &mut self.lists[l].requests[r];
                if !req.closed && req.expiry() <= self.now {
                    req.closed = true;
                    req.modified = self.now;
                    req.last_modified_user = None;
                    req.note = "Expired".into();
                    self.emit_callback_changed(l, r, false);
                }
            }
        }
    }

    /// Advances `steps` steps and returns all their events.
    pub fn advance(&mut self, steps: u64) -> Vec<RteEvent> {
        let mut all = Vec::new();
        for _ in 0..steps {
            all.extend(self.step());
        }
        all
    }

    /// Events produced so far (by actions), followed by the QueueStatus / UserStatus
    /// changes they caused.
    pub fn take_events(&mut self) -> Vec<RteEvent> {
        self.flush_status();
        std::mem::take(&mut self.out)
    }

    // ---- randomness -------------------------------------------------------------------

    pub(crate) fn new_id(&mut self) -> String {
        let bytes: [u8; 16] = self.rng.random();
        uuid::Builder::from_random_bytes(bytes)
            .into_uuid()
            .to_string()
    }

    fn chance(&mut self, p: f64) -> bool {
        self.rng.random::<f64>() < p
    }

    /// An exponentially distributed delay with the given mean (seconds), at least 1 step.
    fn exp_delay(&mut self, mean_secs: f64) -> Duration {
        let u: f64 = self.rng.random();
        let secs = -(1.0 - u).ln() * mean_secs.max(0.001);
        Duration::milliseconds(((secs * 1000.0) as i64).clamp(STEP_MS, 365 * 86_400_000))
    }

    fn uniform_secs(&mut self, lo: f64, hi: f64) -> Duration {
        let s = if hi > lo {
            self.rng.random_range(lo..hi)
        } else {
            lo
        };
        Duration::milliseconds((s * 1000.0) as i64)
    }

    fn caller_number(&mut self) -> String {
        self.caller_seq += 1;
        let n: u32 = self.rng.random_range(1_000_000..9_999_999);
        format!("+35840{n}")
    }

    // ---- the step's parts -------------------------------------------------------------

    fn arrivals(&mut self) {
        for q in 0..self.queues.len() {
            let rate = self.queues[q].arrivals_per_minute;
            if rate <= 0.0 {
                continue;
            }
            loop {
                let due = match self.queues[q].next_arrival_at {
                    Some(t) => t,
                    None => {
                        let t = self.now + self.exp_delay(60.0 / rate);
                        self.queues[q].next_arrival_at = Some(t);
                        t
                    }
                };
                if due > self.now {
                    break;
                }
                let next = due + self.exp_delay(60.0 / rate);
                self.queues[q].next_arrival_at = Some(next);
                self.arrive(q);
            }
        }
    }

    /// A caller enters queue `q`: waits, or overflows into the queue's callback list.
    pub(crate) fn arrive(&mut self, q: usize) {
        let waiting = self.waiting_in(q) as u32;
        let caller = self.caller_number();
        if waiting >= self.queues[q].max_queue_length {
            let id = self.record_overflow(q, caller.clone());
            self.emit_queue_overflow(q, &id, &caller);
            if let Some(l) = self.queues[q].list {
                let msg = format!("Jono täynnä: {}", self.queues[q].name);
                self.create_request(l, caller, msg, None);
            }
            return;
        }
        let id = self.new_id();
        let leg_id = self.new_leg_id();
        let patience = self.queues[q].patience_secs;
        let patience_until = self.now + self.uniform_secs(patience * 0.5, patience * 1.5);
        self.calls.push(Call {
            id,
            leg_id,
            queue: q,
            caller,
            arrived: self.now,
            patience_until,
            state: CallState::Waiting,
        });
        self.emit_queue_arrived(self.calls.len() - 1);
    }

    pub(crate) fn new_leg_id(&mut self) -> String {
        let n: u64 = self.rng.random_range(100_000_000..999_999_999);
        format!("leg-{n}")
    }

    pub(crate) fn waiting_in(&self, q: usize) -> usize {
        self.calls
            .iter()
            .filter(|c| c.queue == q && matches!(c.state, CallState::Waiting))
            .count()
    }

    fn ring_outcomes(&mut self) {
        let mut i = 0;
        while i < self.calls.len() {
            if let CallState::Ringing {
                agent,
                until,
                answers,
                ..
            } = self.calls[i].state
            {
                if until <= self.now {
                    if answers {
                        self.connect(i, agent);
                    } else {
                        self.no_answer(i, agent);
                    }
                }
            }
            i += 1;
        }
    }

    fn connect(&mut self, call: usize, agent: usize) {
        let q = self.calls[call].queue;
        let mean = self.queues[q].mean_talk_secs.max(5.0);
        let talk = self.exp_delay(mean).max(Duration::seconds(10));
        let talk = talk.min(Duration::milliseconds((mean * 4000.0) as i64));
        let script = self.rng.random_range(0..transcript::SCRIPTS.len());
        let first_phrase = self.uniform_secs(0.3, 1.2);
        self.calls[call].state = CallState::Talking {
            agent,
            since: self.now,
            ends: self.now + talk,
            script,
            line: 0,
            final_next: false,
            next_phrase_at: self.now + first_phrase,
        };
        let call_id = self.calls[call].id.clone();
        self.users[agent].activity = Activity::Talking {
            call: call_id,
            queue: q,
        };
        self.users[agent].talking_changed = self.now;
        self.emit_user_connected(call, agent);
        self.emit_queue_connected(call, agent);
    }

    fn no_answer(&mut self, call: usize, agent: usize) {
        self.emit_no_answer(call, agent);
        self.emit_queue_cancelled(call, agent);
        self.calls[call].state = CallState::Waiting;
        let u = &mut self.users[agent];
        u.activity = Activity::Idle;
        u.idle_since = self.now;
    }

    fn conversations(&mut self) {
        let mut i = 0;
        while i < self.calls.len() {
            let CallState::Talking {
                agent,
                ends,
                next_phrase_at,
                ..
            } = self.calls[i].state
            else {
                i += 1;
                continue;
            };
            if ends <= self.now {
                self.hang_up(i, agent);
                continue; // the call was removed; `i` now points at the next one
            }
            if next_phrase_at <= self.now {
                self.next_phrase(i, agent);
            }
            i += 1;
        }
    }

    fn next_phrase(&mut self, call: usize, agent: usize) {
        let CallState::Talking {
            since,
            script,
            line,
            final_next,
            ..
        } = self.calls[call].state
        else {
            return;
        };
        let lines = transcript::SCRIPTS[script % transcript::SCRIPTS.len()];
        let (role, text) = lines[line % lines.len()];
        let offset = (self.now - since).num_milliseconds().max(0);
        if final_next {
            let confidence = 0.8 + self.rng.random::<f64>() * 0.19;
            self.emit_phrase(
                call,
                agent,
                role,
                text.to_owned(),
                false,
                confidence,
                offset,
            );
            let pause = self.uniform_secs(0.6, 2.0);
            if let CallState::Talking {
                line,
                final_next,
                next_phrase_at,
                ..
            } = &mut self.calls[call].state
            {
                *line += 1;
                *final_next = false;
                *next_phrase_at = self.now + pause;
            }
        } else {
            let confidence = 0.5 + self.rng.random::<f64>() * 0.3;
            let partial = transcript::intermediate(text);
            self.emit_phrase(call, agent, role, partial, true, confidence, offset);
            let wait = Duration::milliseconds(transcript::duration_ms(text) / 2 + 300);
            if let CallState::Talking {
                final_next,
                next_phrase_at,
                ..
            } = &mut self.calls[call].state
            {
                *final_next = true;
                *next_phrase_at = self.now + wait;
            }
        }
    }

    /// Ends the talking call at index `call`: disconnect, then wrap-up if the queue has one.
    fn hang_up(&mut self, call: usize, agent: usize) {
        let remote = self.chance(0.6);
        self.emit_disconnected(call, agent, if remote { "remote" } else { "local" });
        let c = self.calls.remove(call);
        self.record_leaving(&c);
        self.users[agent].talking_changed = self.now;
        let secs = self.queues[c.queue].wrap_up_secs;
        if secs > 0 {
            self.start_wrap_up(agent, Some(c.id), c.leg_id, Some(c.queue), secs as i64);
        } else {
            self.users[agent].activity = Activity::Idle;
            self.users[agent].idle_since = self.now;
        }
    }

    /// Puts an agent on wrap-up: UserWrapUpEnabled, then UserWrapUpStarted.
    pub(crate) fn start_wrap_up(
        &mut self,
        agent: usize,
        call_id: Option<String>,
        leg_id: String,
        queue: Option<usize>,
        max_secs: i64,
    ) {
        let w = WrapUp {
            id: self.new_id(),
            started: self.now,
            max_secs,
            call_id,
            leg_id,
            queue,
        };
        self.users[agent].activity = Activity::WrapUp(w.clone());
        self.emit_wrap_up_enabled(agent, &w);
        self.emit_wrap_up_started(agent, &w);
    }

    /// Ends an agent's wrap-up with a reason (`timer` or `manual`).
    pub(crate) fn end_wrap_up(&mut self, agent: usize, reason: &str) {
        let Activity::WrapUp(w) = self.users[agent].activity.clone() else {
            return;
        };
        let elapsed = (self.now - w.started).num_seconds();
        self.emit_wrap_up_terminated(agent, &w, reason, elapsed);
        self.users[agent].activity = Activity::Idle;
        self.users[agent].idle_since = self.now;
    }

    fn abandons(&mut self) {
        let mut i = 0;
        while i < self.calls.len() {
            let c = &self.calls[i];
            if matches!(c.state, CallState::Waiting) && c.patience_until <= self.now {
                let c = self.calls.remove(i);
                self.record_leaving(&c);
                if let Some(l) = self.queues[c.queue].list {
                    if self.chance(0.5) {
                        let msg =
                            format!("Soittaja katkaisi jonossa: {}", self.queues[c.queue].name);
                        self.create_request(l, c.caller, msg, Some(c.id));
                    }
                }
                continue;
            }
            i += 1;
        }
    }

    fn wrap_up_timers(&mut self) {
        for u in 0..self.users.len() {
            if let Activity::WrapUp(w) = &self.users[u].activity {
                if w.max_secs > 0 && w.started + Duration::seconds(w.max_secs) <= self.now {
                    self.end_wrap_up(u, "timer");
                }
            }
        }
    }

    /// Is the agent free to take a call of queue `q`?
    fn can_take(&self, u: usize, q: usize) -> bool {
        let user = &self.users[u];
        user.is_agent
            && user.availability == Availability::Available
            && user.activity == Activity::Idle
            && user.queues.iter().any(|(qq, _)| *qq == q)
    }

    fn allocate(&mut self) {
        for i in 0..self.calls.len() {
            if !matches!(self.calls[i].state, CallState::Waiting) {
                continue;
            }
            let q = self.calls[i].queue;
            let best = (0..self.users.len())
                .filter(|&u| self.can_take(u, q))
                .min_by_key(|&u| (self.users[u].idle_since, u));
            let Some(agent) = best else { continue };
            let ring = self.rates.ring_secs.max(0.1);
            let until = self.now + self.uniform_secs(ring * 0.5, ring * 1.5);
            let answers = !self.chance(self.rates.no_answer_ratio);
            self.calls[i].state = CallState::Ringing {
                agent,
                since: self.now,
                until,
                answers,
            };
            self.users[agent].activity = Activity::Ringing {
                call: self.calls[i].id.clone(),
            };
            self.emit_allocated(i, agent);
            self.emit_queue_allocated(i, agent);
        }
    }

    fn availability_changes(&mut self) {
        let rate = self.rates.availability_changes_per_agent_hour;
        if rate <= 0.0 {
            return;
        }
        for u in 0..self.users.len() {
            let Some(due) = self.users[u].next_availability_change else {
                continue;
            };
            if due > self.now {
                continue;
            }
            if self.users[u].activity != Activity::Idle {
                self.users[u].next_availability_change = Some(self.now + Duration::seconds(10));
                continue;
            }
            let (next, hold) = if self.users[u].availability == Availability::Available {
                let roll: f64 = self.rng.random();
                let away = if roll < 0.45 {
                    Availability::Brb
                } else if roll < 0.7 {
                    Availability::Busy
                } else if roll < 0.85 {
                    Availability::DoNotDisturb
                } else if roll < 0.95 {
                    Availability::Away
                } else {
                    Availability::OffWork
                };
                (away, self.exp_delay(180.0))
            } else {
                (Availability::Available, self.exp_delay(3600.0 / rate))
            };
            let note = match next {
                Availability::Brb => "Kahvilla",
                Availability::Busy => "Palaverissa",
                Availability::DoNotDisturb => "Koulutus",
                Availability::Away => "Lounas",
                Availability::OffWork => "Työpäivä päättyi",
                Availability::Available => "",
            };
            self.change_availability(u, next, note.to_owned());
            self.users[u].next_availability_change = Some(self.now + hold);
        }
    }

    /// Sets a user's availability and emits UserAvailability.
    pub(crate) fn change_availability(&mut self, u: usize, a: Availability, note: String) {
        let id = self.derived_id();
        let user = &mut self.users[u];
        user.availability = a;
        user.availability_id = id;
        user.availability_since = self.now;
        user.availability_note = note;
        self.emit_availability(u);
    }

    fn alerts_and_offers(&mut self) {
        if self.rates.alerts_per_hour > 0.0 && self.next_alert_at <= self.now {
            self.next_alert_at = self.now + self.exp_delay(3600.0 / self.rates.alerts_per_hour);
            let longest = (0..self.queues.len()).max_by_key(|&q| (self.max_wait_secs(q), q));
            if let Some(q) = longest {
                for s in self.supervisors() {
                    self.emit_alert(s, q);
                }
            }
        }
        if self.rates.offers_per_hour > 0.0 && self.next_offer_at <= self.now {
            self.next_offer_at = self.now + self.exp_delay(3600.0 / self.rates.offers_per_hour);
            let talking: Vec<usize> = (0..self.calls.len())
                .filter(|&i| matches!(self.calls[i].state, CallState::Talking { .. }))
                .collect();
            if !talking.is_empty() {
                let pick = talking[self.rng.random_range(0..talking.len())];
                for s in self.supervisors() {
                    self.emit_monitoring_offer(s, pick);
                }
            }
        }
    }

    pub(crate) fn supervisors(&self) -> Vec<usize> {
        (0..self.users.len())
            .filter(|&u| !self.users[u].is_agent)
            .collect()
    }

    pub(crate) fn max_wait_secs(&self, q: usize) -> i64 {
        self.calls
            .iter()
            .filter(|c| c.queue == q && matches!(c.state, CallState::Waiting))
            .map(|c| (self.now - c.arrived).num_seconds())
            .max()
            .unwrap_or(0)
    }

    /// Adds a callback request to list `l` and emits CallbackChanged (Created).
    pub(crate) fn create_request(
        &mut self,
        l: usize,
        number: String,
        message: String,
        call_id: Option<String>,
    ) -> String {
        let id = self.new_id();
        let n = self
            .rng
            .random_range(0..crate::sim::scenario::FIRST_NAMES.len());
        let m = self
            .rng
            .random_range(0..crate::sim::scenario::LAST_NAMES.len());
        let contact_name = format!(
            "{} {}",
            crate::sim::scenario::FIRST_NAMES[n],
            crate::sim::scenario::LAST_NAMES[m]
        );
        self.lists[l].requests.push(CallbackReq {
            id: id.clone(),
            contact_name,
            number,
            message,
            note: String::new(),
            created: self.now,
            modified: self.now,
            assigned: None,
            closed: false,
            call_id,
            last_modified_user: None,
            last_attempt_user: None,
            last_attempt_at: None,
            last_attempt_note: String::new(),
            attempts: 0,
        });
        let r = self.lists[l].requests.len() - 1;
        self.emit_callback_changed(l, r, true);
        id
    }
}

/// A callback request is due this long after it was created…
pub(crate) const CALLBACK_DUE_AFTER_SECS: i64 = 3600;
/// …and expires (closes by itself on the platform) this long after.
pub(crate) const CALLBACK_EXPIRES_AFTER_SECS: i64 = 9000;

impl CallbackReq {
    /// When the request is due to be handled.
    pub(crate) fn due(&self) -> DateTime<Utc> {
        self.created + Duration::seconds(CALLBACK_DUE_AFTER_SECS)
    }

    /// When the request expires if nobody handles it.
    pub(crate) fn expiry(&self) -> DateTime<Utc> {
        self.created + Duration::seconds(CALLBACK_EXPIRES_AFTER_SECS)
    }
}

#[cfg(test)]
mod tests;
