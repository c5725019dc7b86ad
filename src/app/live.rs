//! RTE events into the state: queue counters, agents' status, availability and
//! wrap-up, calls, transcripts, callback requests and alerts. Stale and repeated events
//! are ignored per field group, so out-of-order delivery cannot turn the clock back.

use super::state::*;
use crate::model::payloads as p;
use crate::model::rest::Availability;
use crate::model::{EventPayload, RteEvent};
use crate::sanitize::clean;
use chrono::{DateTime, Duration, Utc};
use std::collections::BTreeSet;

/// Accepts an event for a field group unless it is older than what the group shows.
/// Events without a timestamp are accepted (nothing to compare).
fn fresh(slot: &mut Option<DateTime<Utc>>, ts: Option<DateTime<Utc>>) -> bool {
    match (ts, *slot) {
        (Some(t), Some(last)) if t < last => false,
        (Some(t), _) => {
            *slot = Some(t);
            true
        }
        (None, _) => true,
    }
}

/// What "time in state" measures: a change of either restarts it.
pub(super) fn agent_key(a: &AgentRow) -> (Activity, Option<Availability>, String) {
    (a.activity(), a.availability, a.availability_raw.clone())
}

fn user_id_of<'a>(field: &'a str, ev: &'a RteEvent) -> &'a str {
    if field.is_empty() {
        ev.entity_id()
    } else {
        field
    }
}

/// The largest count shown; a server's nonsense beyond it cannot overflow the arithmetic
/// of sparklines and totals.
const MAX_COUNT: i64 = 9_999_999;
/// Queue rows the console keeps at most (a tenant has tens; this only stops a runaway).
const MAX_QUEUES: usize = 2_000;
/// The longest duration taken from the server (ten years).
const MAX_SECS: i64 = 10 * 365 * 24 * 3600;

/// A count from the server, within 0..=MAX_COUNT.
pub(super) fn count(n: i64) -> i64 {
    n.clamp(0, MAX_COUNT)
}

/// A duration in seconds from the server, within 0..=MAX_SECS.
pub(super) fn seconds(n: i64) -> i64 {
    n.clamp(0, MAX_SECS)
}

/// Applies a batch of RTE events, in order.
pub(super) fn on_rte_events(state: &mut State, batch: &[RteEvent]) {
    for ev in batch {
        on_rte_event(state, ev);
    }
}

/// Applies one RTE event.
pub(super) fn on_rte_event(state: &mut State, ev: &RteEvent) {
    state.last_event_at = Some(state.now);
    state.dirty = true;
    if !state.recent_ids.insert(&ev.envelope.id) {
        return;
    }
    let ts = ev.envelope.timestamp.at();
    let now = state.now;
    match &ev.payload {
        EventPayload::QueueStatus(q) => apply_queue_status(state, ev, q, ts),
        EventPayload::UserStatus(s) => {
            with_agent(state, user_id_of(&s.user_id, ev), ts, |a| {
                if fresh(&mut a.versions.status, ts) {
                    a.talking = s.talking;
                    a.talking_changed = s.talking_status_changed.at();
                    a.available = s.available;
                    a.serving = s.serving;
                    a.fetch_mode = s.fetch_mode;
                    a.can_be_allocated = s.can_be_allocated_to;
                    a.active_queue_id = s
                        .active_queue_id
                        .as_deref()
                        .filter(|q| !q.is_empty())
                        .map(|q| clean(q).into_owned());
                }
                if !s.availability_status.is_empty() && fresh(&mut a.versions.availability, ts) {
                    set_availability(a, &s.availability_status, &s.note);
                }
                if fresh(&mut a.versions.wrap_up, ts) {
                    match (s.wrap_up_start.at(), s.wrap_up_end.at()) {
                        (None, None) => a.wrap_up = None,
                        (started, ends) => {
                            let w = a.wrap_up.get_or_insert_with(WrapUp::default);
                            w.started = started.or(w.started);
                            w.ends = ends.or(w.ends);
                        }
                    }
                }
            });
        }
        EventPayload::UserAvailability(u) => {
            with_agent(state, user_id_of(&u.user_id, ev), ts, |a| {
                if fresh(&mut a.versions.availability, ts) {
                    set_availability(a, &u.availability, &u.note);
                }
            });
        }
        EventPayload::UserWrapUpStarted(w) => {
            with_agent(state, user_id_of(&w.user_id, ev), ts, |a| {
                if fresh(&mut a.versions.wrap_up, ts) {
                    let started = ts.unwrap_or(now);
                    a.wrap_up = Some(WrapUp {
                        id: w.wrap_up_id.clone(),
                        started: Some(started),
                        ends: (w.max_wrap_up_duration_sec > 0).then(|| {
                            started + Duration::seconds(seconds(w.max_wrap_up_duration_sec))
                        }),
                        terminating: false,
                    });
                }
            });
        }
        EventPayload::UserWrapUpRequestTerminate(r) => {
            with_agent(state, user_id_of(&r.user_id, ev), ts, |a| {
                if let Some(w) = a.wrap_up.as_mut() {
                    let same = r
                        .wrap_up_id
                        .as_deref()
                        .is_none_or(|id| id.is_empty() || w.id.is_empty() || id == w.id);
                    if same && fresh(&mut a.versions.wrap_up, ts) {
                        w.terminating = true;
                    }
                }
            });
        }
        EventPayload::UserWrapUpTerminated(t) => {
            with_agent(state, user_id_of(&t.user_id, ev), ts, |a| {
                let same = a.wrap_up.as_ref().is_none_or(|w| {
                    t.wrap_up_id.is_empty() || w.id.is_empty() || w.id == t.wrap_up_id
                });
                if same && fresh(&mut a.versions.wrap_up, ts) {
                    a.wrap_up = None;
                }
            });
        }
        EventPayload::UserCallInUserAllocated(c) => {
            let user = user_id_of(&c.user_id, ev).to_owned();
            upsert_call(state, &c.call_id, &user, &c.caller_number, ts, false);
        }
        EventPayload::UserCallInUserConnected(c) => {
            let user = user_id_of(&c.user_id, ev).to_owned();
            upsert_call(state, &c.call_id, &user, &c.caller_number, ts, true);
        }
        EventPayload::UserCallInUserCancelled(c) => {
            let user = user_id_of(&c.user_id, ev).to_owned();
            end_call(state, &c.call_id, &user);
        }
        EventPayload::UserCallInDisconnected(c) => {
            let user = user_id_of(&c.user_id, ev).to_owned();
            end_call(state, &c.call_id, &user);
        }
        EventPayload::UserCallInHoldStart(h) => set_hold(state, &h.call_id, true),
        EventPayload::UserCallInHoldEnd(h) => set_hold(state, &h.call_id, false),
        EventPayload::UserAlert(alert) => {
            let user = user_id_of(&alert.user_id, ev);
            let who = state
                .agents
                .get(user)
                .map(|a| a.name.clone())
                .unwrap_or_default();
            let text = format!(
                "Alert{}: {} {}",
                if who.is_empty() {
                    String::new()
                } else {
                    format!(" for {who}")
                },
                clean(&alert.condition_name),
                clean(&alert.value)
            );
            state.toast(ToastLevel::Error, text.trim_end().to_owned());
        }
        EventPayload::CallbackChanged(c) => apply_callback(state, c),
        _ => {}
    }
    super::panes::observe_rte(state, ev);
}

fn apply_queue_status(
    state: &mut State,
    ev: &RteEvent,
    q: &p::QueueStatus,
    ts: Option<DateTime<Utc>>,
) {
    let id = user_id_of(&q.queue_id, ev).to_owned();
    if id.is_empty() {
        return;
    }
    let now = state.now;
    if !state.queues.contains_key(&id) && state.queues.len() >= MAX_QUEUES {
        // A server pushing ever new queue ids cannot grow the state without bound.
        return;
    }
    let row = state.queues.entry(id.clone()).or_insert_with(|| QueueRow {
        id: id.clone(),
        bucket_start: Some(now),
        ..QueueRow::default()
    });
    if !fresh(&mut row.version, ts) {
        return;
    }
    if row.name.is_empty() || !q.queue_name.is_empty() {
        let name = clean(&q.queue_name);
        row.name = if name.is_empty() {
            id.clone()
        } else {
            name.into_owned()
        };
    }
    row.open_status = q.open_status;
    row.waiting = count(q.nbr_of_queuing_requesters);
    row.max_wait_secs = seconds(q.max_wait_time);
    row.max_wait_at = Some(now);
    row.allocated = count(q.nbr_of_allocated);
    row.connected = count(q.nbr_of_connected);
    row.free = count(q.nbr_of_agents_immediately_free);
    row.serving = count(q.nbr_of_serving_agents_estimate);
    row.wrap_up = count(q.nbr_of_agents_on_wrap_up);
    row.short_away = count(q.nbr_of_agents_short_term_away);
    row.long_away = count(q.nbr_of_agents_long_term_away);
    row.fetch_mode = count(q.nbr_of_agents_on_fetch_mode);
    row.bucket_max = row.bucket_max.max(row.waiting);
}

fn set_availability(a: &mut AgentRow, wire: &str, note: &str) {
    match Availability::parse(wire) {
        Some(av) => {
            a.availability = Some(av);
            a.availability_raw.clear();
        }
        None => {
            a.availability = None;
            a.availability_raw = clean(wire).into_owned();
        }
    }
    a.note = clean(note).into_owned();
}

/// Runs `f` on a known agent and restarts its "time in state" when the state changed.
/// Events about users that are not agents of this console are ignored.
fn with_agent(
    state: &mut State,
    user_id: &str,
    ts: Option<DateTime<Utc>>,
    f: impl FnOnce(&mut AgentRow),
) {
    let now = state.now;
    let Some(a) = state.agents.get_mut(user_id) else {
        return;
    };
    let before = agent_key(a);
    f(a);
    if agent_key(a) != before {
        let began = state_began(a, before.0).or(ts).unwrap_or(now);
        a.state_since = Some(began.min(now));
    }
}

/// When the agent's new state began, when the event says so: a wrap-up at its start,
/// a change between talking and idle at TalkingStatusChanged (more exact than the
/// event's timestamp, which may come later).
fn state_began(a: &AgentRow, activity_before: Activity) -> Option<DateTime<Utc>> {
    let activity = a.activity();
    if activity == activity_before {
        // Only the availability changed: the event's own time.
        return None;
    }
    match (activity_before, activity) {
        (_, Activity::WrapUp) => a.wrap_up.as_ref().and_then(|w| w.started),
        // Wrap-up ended: that moment, not the older end of the talk.
        (Activity::WrapUp, _) => None,
        _ => a.talking_changed,
    }
}

fn upsert_call(
    state: &mut State,
    call_id: &str,
    user_id: &str,
    caller: &str,
    ts: Option<DateTime<Utc>>,
    connected: bool,
) {
    if call_id.is_empty()
        || state
            .ended_calls
            .contains(&(call_id.to_owned(), user_id.to_owned()))
    {
        return;
    }
    let call = state
        .calls
        .entry(call_id.to_owned())
        .or_insert_with(|| Call {
            call_id: call_id.to_owned(),
            user_id: user_id.to_owned(),
            caller: clean(caller).into_owned(),
            connected: false,
            on_hold: false,
            since: ts,
        });
    call.user_id = user_id.to_owned();
    if connected && !call.connected {
        call.connected = true;
        call.since = ts.or(call.since);
    }
}

fn end_call(state: &mut State, call_id: &str, user_id: &str) {
    if state
        .calls
        .get(call_id)
        .is_some_and(|c| c.user_id == user_id || user_id.is_empty())
    {
        state.calls.remove(call_id);
    }
    state
        .ended_calls
        .insert((call_id.to_owned(), user_id.to_owned()));
    if state.ended_calls.len() > 4096 {
        // Bounded memory: forget the oldest half (by key order, good enough for late dupes).
        let keep: BTreeSet<_> = state.ended_calls.iter().skip(2048).cloned().collect();
        state.ended_calls = keep;
    }
}

fn set_hold(state: &mut State, call_id: &str, on: bool) {
    if let Some(c) = state.calls.get_mut(call_id) {
        c.on_hold = on;
    }
}

fn apply_callback(state: &mut State, c: &p::CallbackChanged) {
    if c.call_back_id.is_empty() {
        return;
    }
    let ts = c.modified.at();
    if let Some(existing) = state.callbacks.get(&c.call_back_id) {
        if let (Some(t), Some(last)) = (ts, existing.version) {
            if t < last {
                return;
            }
        }
    }
    if c.is_closed {
        state.callbacks.remove(&c.call_back_id);
        return;
    }
    state.callbacks.insert(
        c.call_back_id.clone(),
        CallbackRow {
            id: c.call_back_id.clone(),
            list_id: c.call_list_id.clone(),
            contact_name: clean(&c.contact_name).into_owned(),
            contact_number: clean(&c.contact_number).into_owned(),
            assigned_user_id: c.assigned_user_id.clone(),
            due: c.due_date.at(),
            expiry: c.expiry_date.at(),
            created: c.creation_time.at(),
            attempts: attempts_after(state.callbacks.get(&c.call_back_id), c),
            last_attempt_at: c.last_attempt_timestamp.at(),
            last_attempt_note: clean(&c.last_attempt_note).into_owned(),
            version: ts,
        },
    );
}

/// The attempt count after a CallbackChanged, which carries no count: the length of
/// its attempt history when it has one, else the known count plus one when the latest
/// attempt is newer than the one known (at least one when there was any).
fn attempts_after(known: Option<&CallbackRow>, c: &p::CallbackChanged) -> i64 {
    if let Some(serde_json::Value::Array(history)) = &c.callback_attempts {
        return history.len() as i64;
    }
    let latest = c.last_attempt_timestamp.at();
    match known {
        Some(row) if latest.is_some() && latest > row.last_attempt_at => row.attempts + 1,
        Some(row) => row.attempts,
        None => i64::from(latest.is_some()),
    }
}
