//! `update()`: the pure state machine of the console. No I/O: it changes the state and
//! returns the effects the runner must carry out.

use super::effect::{ApiAction, Effect};
use super::event::{Event, Snapshot};
use super::keymap::Action;
use super::state::*;
use super::view::{selected_index, visible_agents, visible_queues};
use crate::model::payloads as p;
use crate::model::rest::Availability;
use crate::model::{EventKind, EventPayload, RteEvent};
use crate::rte::{ConnectionState, SessionUpdate, SubscriptionKey};
use crate::sanitize::clean;
use chrono::{DateTime, Duration, Utc};
use crossterm::event::{Event as TermEvent, KeyCode, KeyEvent, KeyEventKind, KeyModifiers};
use std::collections::{BTreeMap, BTreeSet};
use tui_input::backend::crossterm::EventHandler as _;

/// Rows moved by PageUp/PageDown.
const PAGE: isize = 10;

/// The events the console subscribes to for every agent.
pub const AGENT_EVENTS: &[EventKind] = &[
    EventKind::UserStatus,
    EventKind::UserAvailability,
    EventKind::UserWrapUpStarted,
    EventKind::UserWrapUpRequestTerminate,
    EventKind::UserWrapUpTerminated,
    EventKind::UserCallInUserAllocated,
    EventKind::UserCallInUserConnected,
    EventKind::UserCallInUserCancelled,
    EventKind::UserCallInDisconnected,
    EventKind::UserCallInHoldStart,
    EventKind::UserCallInHoldEnd,
    EventKind::UserAlert,
];

/// Applies one event; returns what the runner must do.
pub fn update(state: &mut State, event: Event) -> Vec<Effect> {
    match event {
        Event::Key(key) => {
            let mut effects = on_key(state, key);
            effects.extend(super::transcript::sync_subscription(state));
            effects
        }
        Event::Resize => {
            state.dirty = true;
            Vec::new()
        }
        Event::Tick(now) => {
            on_tick(state, now);
            super::transcript::on_tick(state);
            Vec::new()
        }
        Event::Snapshot(snapshot) => apply_snapshot(state, *snapshot),
        Event::SnapshotFailed(message) => {
            let message = clean(&message).into_owned();
            state.toast(
                ToastLevel::Error,
                format!("Could not load queues and agents: {message} (r retries)"),
            );
            state.snapshot_error = Some(message);
            Vec::new()
        }
        Event::Session(update) => on_session(state, update),
        Event::Shutdown => {
            state.quitting = true;
            vec![Effect::Quit]
        }
        Event::ActionDone { what, result } => super::actions::on_done(state, &what, result),
    }
}

/// The one dispatcher for server actions: refused on a wall display.
pub fn run_action(state: &mut State, what: String, action: ApiAction) -> Vec<Effect> {
    if state.wall {
        state.toast(
            ToastLevel::Error,
            format!("{what}: refused, this is a read-only wall display"),
        );
        return Vec::new();
    }
    vec![Effect::Api { what, action }]
}

// ---------------------------------------------------------------------------------------
// Clock

fn on_tick(state: &mut State, now: DateTime<Utc>) {
    state.now = now;
    state.toasts.retain(|t| t.until > now);
    for q in state.queues.values_mut() {
        roll_sparkline(q, now);
    }
    state.dirty = true;
}

fn roll_sparkline(q: &mut QueueRow, now: DateTime<Utc>) {
    let bucket = Duration::seconds(SPARK_BUCKET_SECS);
    let Some(mut start) = q.bucket_start else {
        q.bucket_start = Some(now);
        return;
    };
    let mut pushed = 0;
    while now - start >= bucket {
        q.history.push_back(q.bucket_max);
        if q.history.len() > SPARK_BUCKETS {
            q.history.pop_front();
        }
        q.bucket_max = q.waiting;
        start += bucket;
        pushed += 1;
        if pushed > SPARK_BUCKETS {
            // A long pause (suspend): start over from now.
            start = now;
        }
    }
    q.bucket_start = Some(start);
}

// ---------------------------------------------------------------------------------------
// REST snapshot

fn apply_snapshot(state: &mut State, snap: Snapshot) -> Vec<Effect> {
    let now = state.now;
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
            row.waiting = st.queue_length;
            row.max_wait_secs = st.max_wait_time;
            row.max_wait_at = Some(now);
            row.connected = st.ongoing_calls;
            row.free = st.free_agents;
            row.serving = st.serving_agents;
            row.wrap_up = st.agents_on_wrap_up;
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
        let before = agent_key(row);
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
        if agent_key(row) != before {
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
    state.snapshot_loaded = true;
    state.snapshot_error = None;
    fix_selection(state);
    state.dirty = true;

    let mut wanted = BTreeSet::new();
    for id in state.queues.keys() {
        wanted.insert(SubscriptionKey::new(id.clone(), EventKind::QueueStatus));
    }
    for id in state.agents.keys() {
        for kind in AGENT_EVENTS {
            wanted.insert(SubscriptionKey::new(id.clone(), kind.clone()));
        }
    }
    for list in &snap.callback_lists {
        if !list.id.is_empty() {
            wanted.insert(SubscriptionKey::new(
                list.id.clone(),
                EventKind::CallbackChanged,
            ));
        }
    }
    wanted.extend(super::panes::extra_subscriptions(state));
    let add: Vec<SubscriptionKey> = wanted.difference(&state.subscribed).cloned().collect();
    let remove: Vec<SubscriptionKey> = state.subscribed.difference(&wanted).cloned().collect();
    state.subscribed = wanted;
    let mut effects = Vec::new();
    if !remove.is_empty() {
        effects.push(Effect::Unsubscribe(remove));
    }
    if !add.is_empty() {
        effects.push(Effect::Subscribe(add));
    }
    effects.extend(super::transcript::sync_subscription(state));
    effects
}

// ---------------------------------------------------------------------------------------
// RTE session

fn on_session(state: &mut State, update: SessionUpdate) -> Vec<Effect> {
    match update {
        SessionUpdate::State(cs) => {
            // Close reasons can carry server text: sanitize before storing.
            let cs = match cs {
                ConnectionState::Reconnecting {
                    attempt,
                    reason,
                    retry_in,
                } => ConnectionState::Reconnecting {
                    attempt,
                    reason: clean(&reason).into_owned(),
                    retry_in,
                },
                ConnectionState::Failed { reason } => ConnectionState::Failed {
                    reason: clean(&reason).into_owned(),
                },
                other => other,
            };
            if cs != state.connection {
                super::eventlog::connection_changed(state, &cs);
                state.connection = cs;
                state.connection_since = state.now;
                state.dirty = true;
            }
            Vec::new()
        }
        SessionUpdate::Event(ev) => {
            on_rte_event(state, &ev);
            Vec::new()
        }
        SessionUpdate::SubscriptionRejected { key, message } => {
            let target = state
                .queue_name(&key.entity_id)
                .or_else(|| state.agents.get(&key.entity_id).map(|a| a.name.as_str()))
                .unwrap_or(&key.entity_id)
                .to_owned();
            state.subscribed.remove(&key);
            state.toast(
                ToastLevel::Error,
                format!(
                    "{} for {} refused: {}",
                    key.event.name(),
                    clean(&target),
                    clean(&message)
                ),
            );
            Vec::new()
        }
        SessionUpdate::Resynced => vec![Effect::RefreshSnapshot],
    }
}

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
fn agent_key(a: &AgentRow) -> (Activity, Option<Availability>, String) {
    (a.activity(), a.availability, a.availability_raw.clone())
}

fn user_id_of<'a>(field: &'a str, ev: &'a RteEvent) -> &'a str {
    if field.is_empty() {
        ev.entity_id()
    } else {
        field
    }
}

fn on_rte_event(state: &mut State, ev: &RteEvent) {
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
                        ends: (w.max_wrap_up_duration_sec > 0)
                            .then(|| started + Duration::seconds(w.max_wrap_up_duration_sec)),
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
    row.waiting = q.nbr_of_queuing_requesters;
    row.max_wait_secs = q.max_wait_time;
    row.max_wait_at = Some(now);
    row.allocated = q.nbr_of_allocated;
    row.connected = q.nbr_of_connected;
    row.free = q.nbr_of_agents_immediately_free;
    row.serving = q.nbr_of_serving_agents_estimate;
    row.wrap_up = q.nbr_of_agents_on_wrap_up;
    row.short_away = q.nbr_of_agents_short_term_away;
    row.long_away = q.nbr_of_agents_long_term_away;
    row.fetch_mode = q.nbr_of_agents_on_fetch_mode;
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

// ---------------------------------------------------------------------------------------
// Keys

fn on_key(state: &mut State, key: KeyEvent) -> Vec<Effect> {
    if key.kind == KeyEventKind::Release {
        return Vec::new();
    }
    state.dirty = true;
    match &mut state.view.mode {
        Mode::Filter { pane, input } => {
            let pane = *pane;
            match key.code {
                KeyCode::Enter => state.view.mode = Mode::Normal,
                KeyCode::Esc => {
                    set_filter(state, pane, String::new());
                    state.view.mode = Mode::Normal;
                }
                _ if key.modifiers.contains(KeyModifiers::CONTROL)
                    && key.code == KeyCode::Char('c') =>
                {
                    set_filter(state, pane, String::new());
                    state.view.mode = Mode::Normal;
                }
                _ => {
                    input.handle_event(&TermEvent::Key(key));
                    let text = clean(input.value()).into_owned();
                    set_filter(state, pane, text);
                }
            }
            fix_selection(state);
            Vec::new()
        }
        Mode::Help => {
            on_help_key(state, key);
            Vec::new()
        }
        Mode::ConfirmQuit => {
            if matches!(key.code, KeyCode::Char('y') | KeyCode::Char('Y')) {
                state.quitting = true;
                vec![Effect::Quit]
            } else {
                state.view.mode = Mode::Normal;
                Vec::new()
            }
        }
        Mode::Palette(_) => super::palette::on_key(state, key),
        Mode::Prompt(_) => super::actions::on_prompt_key(state, key),
        Mode::Normal => match state.keymap.lookup(&key, state.view.focus) {
            Some(action) => dispatch(state, action),
            None => Vec::new(),
        },
    }
}

/// Keys of the help overlay: close, or scroll when it does not fit the screen.
fn on_help_key(state: &mut State, key: KeyEvent) {
    let (cols, rows) = (state.view.screen_cols, state.view.screen_rows);
    let max = crate::ui::overlay::help_max_scroll(state, cols, rows);
    let page = crate::ui::overlay::help_page(state.view.screen_rows).max(1);
    let scroll = state.view.help_scroll.min(max);
    state.view.help_scroll = match key.code {
        KeyCode::Esc | KeyCode::Char('?') | KeyCode::Char('q') | KeyCode::Enter => {
            state.view.mode = Mode::Normal;
            0
        }
        KeyCode::Char('j') | KeyCode::Down => scroll.saturating_add(1).min(max),
        KeyCode::Char('k') | KeyCode::Up => scroll.saturating_sub(1),
        KeyCode::PageDown | KeyCode::Char(' ') => scroll.saturating_add(page).min(max),
        KeyCode::PageUp => scroll.saturating_sub(page),
        KeyCode::Home | KeyCode::Char('g') => 0,
        KeyCode::End | KeyCode::Char('G') => max,
        _ => scroll,
    };
}

fn set_filter(state: &mut State, pane: Pane, text: String) {
    match pane {
        Pane::Queues => state.view.queue_filter = text,
        Pane::Agents => state.view.agent_filter = text,
        other => super::panes::set_filter_of(state, other, text),
    }
}

/// Runs a key action. View actions only on a wall display.
pub fn dispatch(state: &mut State, action: Action) -> Vec<Effect> {
    state.dirty = true;
    if state.wall && !action.allowed_in_wall() {
        state.toast(ToastLevel::Info, "Read-only wall display: view keys only");
        return Vec::new();
    }
    if let Some(effects) = super::panes::dispatch_extra(state, action) {
        return effects;
    }
    match action {
        Action::Up => move_selection(state, -1),
        Action::Down => move_selection(state, 1),
        Action::PageUp => move_selection(state, -PAGE),
        Action::PageDown => move_selection(state, PAGE),
        Action::Top => move_selection(state, isize::MIN / 2),
        Action::Bottom => move_selection(state, isize::MAX / 2),
        Action::NextPane | Action::PrevPane => {}
        Action::Drill => {
            if state.view.focus == Pane::Queues {
                if let Some(q) = current_queue(state) {
                    state.view.agent_queue = Some(q);
                    state.view.focus = Pane::Agents;
                    state.view.selected_agent = None;
                    fix_selection(state);
                }
            }
        }
        Action::Back => match state.view.focus {
            Pane::Queues | Pane::Callbacks | Pane::Transcript | Pane::Log => {
                state.view.queue_filter.clear()
            }
            Pane::Agents => {
                state.view.agent_filter.clear();
                state.view.agent_queue = None;
                state.view.agent_state = AgentStateFilter::All;
                fix_selection(state);
            }
        },
        Action::Filter => {
            let pane = state.view.focus;
            let current = match pane {
                Pane::Agents => state.view.agent_filter.clone(),
                _ => state.view.queue_filter.clone(),
            };
            state.view.mode = Mode::Filter {
                pane,
                input: tui_input::Input::new(current),
            };
        }
        Action::Sort => match state.view.focus {
            Pane::Queues | Pane::Callbacks | Pane::Transcript | Pane::Log => {
                let cols = QueueColumn::ALL;
                let i = cols
                    .iter()
                    .position(|c| *c == state.view.queue_sort.column)
                    .unwrap_or(0);
                state.view.queue_sort.column = cols[(i + 1) % cols.len()];
                let title = state.view.queue_sort.column.title();
                state.toast(ToastLevel::Info, format!("Queues sorted by {title}"));
            }
            Pane::Agents => {
                let cols = AgentColumn::ALL;
                let i = cols
                    .iter()
                    .position(|c| *c == state.view.agent_sort.column)
                    .unwrap_or(0);
                state.view.agent_sort.column = cols[(i + 1) % cols.len()];
                let title = state.view.agent_sort.column.title();
                state.toast(ToastLevel::Info, format!("Agents sorted by {title}"));
            }
        },
        Action::SortReverse => match state.view.focus {
            Pane::Agents => state.view.agent_sort.descending ^= true,
            _ => state.view.queue_sort.descending ^= true,
        },
        Action::StateFilter => {
            state.view.agent_state = state.view.agent_state.next();
            fix_selection(state);
        }
        Action::CycleTheme => {
            let n = state.view.theme_names.len().max(1);
            state.view.theme_index = (state.view.theme_index + 1) % n;
            let name = state.theme_name().to_owned();
            state.toast(ToastLevel::Info, format!("Theme: {name}"));
        }
        Action::Help => {
            state.view.help_scroll = 0;
            state.view.mode = Mode::Help;
        }
        Action::Refresh => {
            state.toast(ToastLevel::Info, "Reloading queues and agents…");
            return vec![Effect::RefreshSnapshot];
        }
        Action::Quit | Action::Interrupt => {
            if state.wall {
                state.view.mode = Mode::ConfirmQuit;
            } else {
                state.quitting = true;
                return vec![Effect::Quit];
            }
        }
        // Handled by `panes::dispatch_extra`.
        Action::Palette
        | Action::ShowQueues
        | Action::ShowAgents
        | Action::ShowCallbacks
        | Action::ShowTranscript
        | Action::ShowLog
        | Action::FollowTranscript
        | Action::LogKindFilter
        | Action::OlderCall
        | Action::NewerCall
        | Action::TerminateWrapUp
        | Action::SetAvailability
        | Action::AutoAllocate
        | Action::AllocateCallback
        | Action::CloseCallback
        | Action::CallBack => {}
    }
    Vec::new()
}

fn current_queue(state: &State) -> Option<String> {
    let rows = visible_queues(state);
    let i = selected_index(
        rows.iter().map(|q| q.id.as_str()),
        state.view.selected_queue.as_deref(),
    )?;
    rows.get(i).map(|q| q.id.clone())
}

fn move_selection(state: &mut State, delta: isize) {
    let ids: Vec<String> = match state.view.focus {
        Pane::Agents => visible_agents(state).iter().map(|a| a.id.clone()).collect(),
        _ => visible_queues(state).iter().map(|q| q.id.clone()).collect(),
    };
    if ids.is_empty() {
        return;
    }
    let selected = match state.view.focus {
        Pane::Agents => state.view.selected_agent.as_deref(),
        _ => state.view.selected_queue.as_deref(),
    };
    let i = selected_index(ids.iter().map(String::as_str), selected).unwrap_or(0) as isize;
    let j = i.saturating_add(delta).clamp(0, ids.len() as isize - 1) as usize;
    let id = ids[j].clone();
    match state.view.focus {
        Pane::Agents => state.view.selected_agent = Some(id),
        _ => state.view.selected_queue = Some(id),
    }
}

/// Keeps each pane's selection on a visible row (the first one when the old row left).
fn fix_selection(state: &mut State) {
    let queues: Vec<String> = visible_queues(state).iter().map(|q| q.id.clone()).collect();
    if !state
        .view
        .selected_queue
        .as_ref()
        .is_some_and(|s| queues.contains(s))
    {
        state.view.selected_queue = queues.first().cloned();
    }
    let agents: Vec<String> = visible_agents(state).iter().map(|a| a.id.clone()).collect();
    if !state
        .view
        .selected_agent
        .as_ref()
        .is_some_and(|s| agents.contains(s))
    {
        state.view.selected_agent = agents.first().cloned();
    }
}
