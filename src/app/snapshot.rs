//! The REST snapshot into the state: users, queues, memberships, availabilities and
//! callbacks (at start, on `r`, after a reconnect or an unclear action failure), and the
//! subscriptions that follow from it; and the snapshot's life (requested, failed).

use super::bounds::{count, seconds};
use super::effect::Effect;
use super::event::Snapshot;
use super::state::{CallbackRow, State, ToastLevel, WrapUp};
use crate::model::rest::Availability;
use crate::sanitize::clean;
use std::collections::{BTreeMap, BTreeSet};

/// Asks the runner for a fresh snapshot. While one is being loaded the requests
/// coalesce: one more load follows when it ends.
pub fn request(state: &mut State) -> Vec<Effect> {
    if state.snapshot.in_flight {
        state.snapshot.again = true;
        return Vec::new();
    }
    state.snapshot.in_flight = true;
    vec![Effect::RefreshSnapshot]
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
    state.toast(
        ToastLevel::Error,
        format!("Could not load queues and agents: {message} (r retries)"),
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

    let queue_ids: BTreeSet<String> = snap.queues.iter().map(|q| q.id.clone()).collect();
    state.queues.retain(|id, _| queue_ids.contains(id));
    for q in &snap.queues {
        if q.id.is_empty() {
            continue;
        }
        let row = state.queues.entry(q.id.clone()).or_default();
        row.id = q.id.clone();
        row.name = clean(&q.name).into_owned();
        if let Some(st) = &q.status {
            row.open_status = st.open_status;
            row.waiting = count(st.queue_length);
            row.max_wait_secs = seconds(st.max_wait_time);
            row.max_wait_at = Some(now);
            row.connected = count(st.ongoing_calls);
            row.free = count(st.free_agents);
            row.serving = count(st.serving_agents);
            row.wrap_up = count(st.agents_on_wrap_up);
            row.bucket_max = row.bucket_max.max(row.waiting);
        }
        if row.bucket_start.is_none() {
            row.bucket_start = Some(now);
        }
    }

    state.members = BTreeMap::new();
    for (queue_id, users) in &snap.queue_users {
        let set = state.members.entry(queue_id.clone()).or_default();
        set.extend(users.iter().filter(|u| !u.is_empty()).cloned());
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
        if row.state_since.is_none() {
            row.state_since = Some(now);
        }
    }
    for (user_id, cur) in &snap.availability {
        let Some(row) = state.agents.get_mut(user_id) else {
            continue;
        };
        let before = row.state_key();
        if let Some(a) = Availability::from_event_type_id(cur.event_type_id) {
            row.availability = Some(a);
            row.availability_raw.clear();
        }
        row.note = clean(&cur.note).into_owned();
        match cur.wrap_up_end.at() {
            Some(end) if end > now => {
                let wrap = row.wrap_up.get_or_insert_with(WrapUp::default);
                wrap.ends = Some(end);
            }
            _ => {}
        }
        if row.state_key() != before {
            row.state_since = cur.timestamp.at().or(Some(now));
        }
    }

    state.callbacks.clear();
    for r in snap.callback_requests.iter().filter(|r| !r.is_closed) {
        state.callbacks.insert(
            r.id.clone(),
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
                version: r.modified.at(),
            },
        );
    }

    state.callback_lists = snap
        .callback_lists
        .iter()
        .map(|l| (l.id.clone(), clean(&l.name).into_owned()))
        .collect();
    state.snapshot.loaded = true;
    state.snapshot.error = None;
    super::panes::fix_selection(state);
    state.dirty = true;
    effects.extend(super::subscriptions::sync(state));
    effects
}
