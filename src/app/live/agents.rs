//! Agent events into the agent rows: UserStatus, availability, wrap-up, and the calls
//! an agent is on.

use super::{fresh, user_id_of};
use crate::app::bounds::seconds;
use crate::app::state::{Activity, AgentRow, Call, State, WrapUp};
use crate::model::rest::Availability;
use crate::model::{EventPayload, RteEvent};
use crate::sanitize::clean;
use chrono::{DateTime, Duration, Utc};
use std::collections::BTreeSet;

/// Applies an agent or agent-call event.
pub(super) fn apply(state: &mut State, ev: &RteEvent, ts: Option<DateTime<Utc>>) {
    let now = state.now;
    match &ev.payload {
        EventPayload::UserStatus(s) => {
            with_agent(state, user_id_of(&s.user_id, ev), ts, |a| {
                if fresh(&mut a.versions.status, ts) {
                    a.activity_known = true;
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
                    a.activity_known = true;
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
                    // Out of wrap-up: idle unless a call says otherwise.
                    a.activity_known = true;
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
            // A call connected to the agent: talking, until UserStatus says otherwise.
            with_agent(state, &user, ts, |a| {
                if !a.activity_known || a.versions.status.is_none_or(|v| ts.is_none_or(|t| t >= v))
                {
                    a.talking = true;
                    a.talking_changed = ts.or(a.talking_changed);
                    a.activity_known = true;
                }
            });
        }
        EventPayload::UserCallInUserCancelled(c) => {
            let user = user_id_of(&c.user_id, ev).to_owned();
            end_call(state, &c.call_id, &user);
        }
        EventPayload::UserCallInDisconnected(c) => {
            let user = user_id_of(&c.user_id, ev).to_owned();
            end_call(state, &c.call_id, &user);
            let on_another_call = state
                .calls
                .values()
                .any(|c| c.user_id == user && c.connected);
            with_agent(state, &user, ts, |a| {
                if !on_another_call && a.versions.status.is_none_or(|v| ts.is_none_or(|t| t >= v)) {
                    a.talking = false;
                    a.talking_changed = ts.or(a.talking_changed);
                    a.activity_known = true;
                }
            });
        }
        EventPayload::UserCallInHoldStart(h) => set_hold(state, &h.call_id, true),
        EventPayload::UserCallInHoldEnd(h) => set_hold(state, &h.call_id, false),
        _ => {}
    }
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
    let live_seq = state.live_seq;
    let Some(a) = state.agents.get_mut(user_id) else {
        return;
    };
    let before = a.state_key();
    a.live_seq = live_seq;
    f(a);
    if a.state_key() != before {
        let began = state_began(a, before.0).or(ts);
        a.state_since_lower_bound = began.is_none();
        a.state_since = Some(began.unwrap_or(now).min(now));
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
