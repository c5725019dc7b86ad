//! The REST snapshot into the state: users, queues, memberships, availabilities and
//! callbacks (at start, on `r`, after a reconnect or an unclear action failure), and the
//! subscriptions that follow from it; and the snapshot's life (requested, failed,
//! retried).
//!
//! A snapshot is read while events keep arriving, so each part says when it was read
//! ([`ReadMarks`]): a queue, agent or callback request that an event set after that
//! keeps the event's values, whatever order the two arrive in.

use super::bounds::{count, seconds, MAX_CALLBACKS};
use super::effect::Effect;
use super::event::{ReadMarks, Snapshot};
use super::state::{Activity, AgentRow, CallbackRow, Since, State, ToastLevel, WrapUp};
use crate::model::rest::{Availability, CallbackRequest, CurrentAvailability};
use crate::sanitize::clean;
use chrono::{DateTime, Duration, Utc};
use std::collections::{BTreeMap, BTreeSet};

/// Seconds before a failed load is tried again, by failures in a row (then the last).
const RETRY_SECS: [i64; 5] = [2, 4, 8, 16, 30];

/// Asks the runner for a fresh snapshot. While one is being loaded the requests
/// coalesce: one more load follows when it ends.
pub fn request(state: &mut State) -> Vec<Effect> {
    if state.snapshot.in_flight {
        state.snapshot.again = true;
        return Vec::new();
    }
    state.snapshot.in_flight = true;
    state.snapshot.retry_at = None;
    vec![Effect::RefreshSnapshot]
}

/// The clock: a failed load whose wait is over is tried again.
pub fn on_tick(state: &mut State) -> Vec<Effect> {
    match state.snapshot.retry_at {
        Some(at) if at <= state.now && !state.snapshot.in_flight => {
            state.dirty = true;
            request(state)
        }
        _ => Vec::new(),
    }
}

/// How long the next retry waits after `failures` loads failed in a row.
pub fn retry_delay_secs(failures: u32) -> i64 {
    let i = (failures.max(1) as usize - 1).min(RETRY_SECS.len() - 1);
    RETRY_SECS[i]
}

/// Seconds until the failed load is tried again, when one is due.
pub fn retry_in_secs(state: &State) -> Option<i64> {
    let at: DateTime<Utc> = state.snapshot.retry_at?;
    Some((at - state.now).num_seconds().max(0))
}

/// A load ended: the one asked for meanwhile starts now.
fn load_ended(state: &mut State) -> Vec<Effect> {
    state.snapshot.in_flight = false;
    if std::mem::take(&mut state.snapshot.again) {
        return request(state);
    }
    Vec::new()
}

/// A snapshot could not be loaded: a toast, and the pane says why until one loads.
pub fn failed(state: &mut State, message: &str) -> Vec<Effect> {
    let effects = load_ended(state);
    let message = clean(message).into_owned();
    state.snapshot.failures = state.snapshot.failures.saturating_add(1);
    let delay = retry_delay_secs(state.snapshot.failures);
    if !state.snapshot.in_flight {
        // (A load asked for meanwhile has already started: it is the retry.)
        state.snapshot.retry_at = Some(state.now + Duration::seconds(delay));
    }
    state.toast(
        ToastLevel::Error,
        format!("Could not load queues and agents: {message} (retrying in {delay} s; r now)"),
    );
    state.snapshot.error = Some(message);
    effects
}

/// Replaces what the snapshot covers and (un)subscribes to match.
pub fn apply(state: &mut State, snap: Snapshot) -> Vec<Effect> {
    let now = state.now;
    let mut effects = load_ended(state);
    state.identity.user_id = snap.me.id.clone();
    state.identity.name = clean(&snap.me.display_name()).into_owned();
    state.identity.silo = clean(&snap.silo).into_owned();

    let read = snap.read;
    let live = state.live_lost_at.is_none();
    let queue_ids: BTreeSet<String> = snap.queues.iter().map(|q| q.id.clone()).collect();
    // A queue that an event brought after the list was read stays.
    state
        .queues
        .retain(|id, row| queue_ids.contains(id) || row.live_seq > read.queues);
    for q in &snap.queues {
        if q.id.is_empty() {
            continue;
        }
        let row = state.queues.entry(q.id.clone()).or_default();
        row.id = q.id.clone();
        row.name = clean(&q.name).into_owned();
        // Counters an event set after they were read are newer than the snapshot's.
        let newer_live = row.live_seq > read.queues;
        if let Some(st) = q.status.as_ref().filter(|_| !newer_live) {
            row.open_status = st.open_status;
            row.waiting = count(st.queue_length);
            row.max_wait_secs = seconds(st.max_wait_time);
            row.max_wait_at = Some(now);
            row.allocated = 0;
            row.connected = count(st.ongoing_calls);
            row.from_rest = true;
            row.free = count(st.free_agents);
            row.serving = count(st.serving_agents);
            row.wrap_up = count(st.agents_on_wrap_up);
            row.bucket_max = row.bucket_max.max(row.waiting);
        }
        if row.bucket_start.is_none() {
            row.bucket_start = Some(now);
            row.bucket_live = live;
        }
    }

    state.members = BTreeMap::new();
    for (queue_id, users) in &snap.queue_users {
        let set = state.members.entry(queue_id.clone()).or_default();
        set.extend(users.iter().filter(|u| !u.is_empty()).cloned());
    }
    state.checked_in = BTreeMap::new();
    state.checked_in_at = (!snap.checked_in.is_empty()).then_some(now);
    for (queue_id, flags) in &snap.checked_in {
        let map = state.checked_in.entry(queue_id.clone()).or_default();
        map.extend(flags.iter().filter(|(u, _)| !u.is_empty()).cloned());
    }
    if snap.my_queues.is_some() {
        state.my_queues = snap.my_queues.clone();
    }
    let any_members = state.members.values().any(|m| !m.is_empty());
    let member_ids: BTreeSet<&String> = state.members.values().flatten().collect();
    let agent_ids: BTreeSet<String> = snap
        .users
        .iter()
        .filter(|u| !u.id.is_empty() && (!any_members || member_ids.contains(&u.id)))
        .map(|u| u.id.clone())
        .collect();
    state.agents.retain(|id, _| agent_ids.contains(id));
    for u in snap.users.iter().filter(|u| agent_ids.contains(&u.id)) {
        let row = state.agents.entry(u.id.clone()).or_default();
        row.id = u.id.clone();
        row.name = clean(&u.display_name()).into_owned();
        row.email = clean(&u.email).into_owned();
        if row.watch_since.is_none() {
            // New: nothing known until its availability is read or an event says.
            row.unconfirmed = true;
            row.wrap_up_unconfirmed = true;
            row.watch_from(now);
        }
    }
    for (user_id, cur) in &snap.availability {
        let Some(row) = state.agents.get_mut(user_id) else {
            continue;
        };
        if row.live_seq > read.availability {
            // An event set it after it was read: the event is newer.
            continue;
        }
        apply_availability(row, cur, now);
    }

    apply_callbacks(state, &snap.callback_requests, read);

    state.callback_lists = snap
        .callback_lists
        .iter()
        .map(|l| (l.id.clone(), clean(&l.name).into_owned()))
        .collect();
    state.callback_list_queues = snap
        .callback_lists
        .iter()
        .filter_map(|l| Some((l.id.clone(), l.queue_id.clone()?)))
        .collect();
    // Service-level targets name queues by name or id.
    state.today.apply_levels(
        state
            .queues
            .values()
            .map(|q| (q.id.as_str(), q.name.as_str())),
    );
    state.snapshot.loaded = true;
    state.snapshot.error = None;
    state.snapshot.failures = 0;
    state.snapshot.retry_at = None;
    super::panes::fix_selection(state);
    state.dirty = true;
    effects.extend(super::subscriptions::sync(state));
    effects
}

/// An agent's `availability/current` (read before any event about the agent that the
/// console applied): the availability since its `StartDate`, and whether the agent is
/// on wrap-up (`WrapUpEnd` ahead) — a wrap-up whose start REST does not give.
fn apply_availability(row: &mut AgentRow, cur: &CurrentAvailability, now: DateTime<Utc>) {
    let activity_before = row.activity();
    let availability_before = row.availability;
    if let Some(a) = Availability::from_event_type_id(cur.event_type_id) {
        row.availability = Some(a);
        row.availability_raw.clear();
    }
    row.note = clean(&cur.note).into_owned();
    row.unconfirmed = false;
    row.wrap_up_unconfirmed = false;
    // The platform's own start of this availability (StartDate) beats our clock.
    let began = cur.start_date.at().filter(|t| *t <= now);
    if row.availability != availability_before || began.is_some() {
        row.availability_since = Some(match began {
            Some(t) => Since::Exact(t),
            None => Since::NoLaterThan(cur.timestamp.at().unwrap_or(now).min(now)),
        });
    }
    match cur.wrap_up_end.at() {
        Some(end) if end > now => {
            // Another end is another wrap-up, begun unseen.
            if row.wrap_up.as_ref().is_none_or(|w| w.ends != Some(end)) {
                row.wrap_up = Some(WrapUp {
                    ends: Some(end),
                    ..WrapUp::default()
                });
            }
            if !row.activity_known {
                row.activity_known = true;
                row.talking = false;
                row.ringing_call = None;
            }
        }
        _ if row.wrap_up.is_some() => {
            // The wrap-up ended unseen: what the agent does now is not known.
            row.wrap_up = None;
            row.activity_known = false;
        }
        _ => {}
    }
    if row.activity() != activity_before {
        // A wrap-up REST reports began before it was read (its event may still be on
        // the way); an activity that became unknown, at the latest now.
        row.activity_since = Some(match row.wrap_up.as_ref().and_then(|w| w.started) {
            Some(t) if row.activity() == Activity::WrapUp => Since::Exact(t),
            _ => Since::NoLaterThan(now),
        });
    }
    row.refresh_since();
}

/// Replaces the callback rows with the snapshot's open requests, except rows an event
/// set after they were read, and requests an event closed after that.
fn apply_callbacks(state: &mut State, requests: &[CallbackRequest], read: ReadMarks) {
    state
        .callbacks
        .retain(|_, row| row.live_seq > read.callbacks);
    state
        .callbacks_closed
        .retain(|_, seq| *seq > read.callbacks);
    for r in requests.iter().filter(|r| !r.is_closed && !r.id.is_empty()) {
        if state.callbacks.contains_key(&r.id) || state.callbacks_closed.contains_key(&r.id) {
            continue;
        }
        if state.callbacks.len() >= MAX_CALLBACKS {
            break;
        }
        state.callbacks.insert(r.id.clone(), callback_row(r));
    }
}

fn callback_row(r: &CallbackRequest) -> CallbackRow {
    CallbackRow {
        id: r.id.clone(),
        list_id: r.call_list_id.clone(),
        contact_name: clean(&r.contact_name).into_owned(),
        contact_number: clean(&r.contact_number).into_owned(),
        assigned_user_id: r.assigned_user_id.clone(),
        due: r.due_date.at(),
        expiry: r.expiry_date.at(),
        created: r.creation_time.at(),
        attempts: r.attempt_count,
        last_attempt_at: r.last_attempt_timestamp.at(),
        last_attempt_note: clean(&r.last_attempt_note).into_owned(),
        last_attempt_user_id: None,
        message: clean(&r.contact_message).into_owned(),
        note: clean(&r.note).into_owned(),
        version: r.modified.at(),
        live_seq: 0,
    }
}
