//! Agent events into the agent rows: UserStatus, availability, wrap-up, and the calls
//! an agent is on.

use super::began::{activity_began, exact_start, ActivityFields};
use super::{fresh, set_clean, user_id_of};
use crate::app::bounds::seconds;
use crate::app::state::{AgentRow, Call, Since, State, WrapUp};
use crate::model::payloads as p;
use crate::model::rest::Availability;
use crate::model::{EventPayload, RteEvent};
use crate::sanitize::clean;
use chrono::{DateTime, Duration, Utc};
use std::collections::BTreeSet;

/// Applies an agent or agent-call event.
pub(super) fn apply(state: &mut State, ev: &RteEvent, ts: Option<DateTime<Utc>>) {
    let now = state.now;
    let at = ts.unwrap_or(now).min(now);
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
                    match s.active_queue_id.as_deref().filter(|q| !q.is_empty()) {
                        Some(q) => set_clean(a.active_queue_id.get_or_insert_default(), q),
                        None => a.active_queue_id = None,
                    }
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
                None
            });
        }
        EventPayload::UserAvailability(u) => {
            with_agent(state, user_id_of(&u.user_id, ev), ts, |a| {
                if fresh(&mut a.versions.availability, ts) {
                    set_availability(a, &u.availability, &u.note);
                }
                None
            });
        }
        EventPayload::UserWrapUpStarted(w) => {
            with_agent(state, user_id_of(&w.user_id, ev), ts, |a| {
                if fresh(&mut a.versions.wrap_up, ts) {
                    a.activity_known = true;
                    a.talking = false;
                    a.ringing_call = None;
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
                Some(at)
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
                None
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
                    a.talking = false;
                    a.ringing_call = None;
                }
                Some(at)
            });
        }
        EventPayload::UserCallInUserAllocated(c) => {
            let user = user_id_of(&c.user_id, ev).to_owned();
            upsert_call(state, &c.call_id, &user, &c.caller_number, ts, false);
            let ringing = state
                .calls
                .get(&c.call_id)
                .is_some_and(|call| call.user_id == user && !call.connected);
            if ringing {
                // The agent's phone rings: a queue call goes only to an agent who is not
                // on a call or on wrap-up, so this is known whatever was unknown before.
                with_agent(state, &user, ts, |a| {
                    a.ringing_call = Some(c.call_id.clone());
                    a.talking = false;
                    a.wrap_up = None;
                    a.activity_known = true;
                    Some(at)
                });
            }
        }
        EventPayload::UserCallInUserConnected(c) => {
            let user = user_id_of(&c.user_id, ev).to_owned();
            upsert_call(state, &c.call_id, &user, &c.caller_number, ts, true);
            // A call connected to the agent: talking, until UserStatus says otherwise.
            with_agent(state, &user, ts, |a| {
                if a.ringing_call.as_deref() == Some(c.call_id.as_str()) {
                    a.ringing_call = None;
                }
                if !a.activity_known || a.versions.status.is_none_or(|v| ts.is_none_or(|t| t >= v))
                {
                    a.talking = true;
                    a.talking_changed = ts.or(a.talking_changed);
                    a.activity_known = true;
                }
                Some(at)
            });
        }
        EventPayload::UserCallInUserCancelled(c) => {
            let user = user_id_of(&c.user_id, ev).to_owned();
            end_call(state, &c.call_id, &user);
            stop_ringing(state, &user, &c.call_id, ts);
        }
        EventPayload::UserCallInOverflow(overflow) => {
            let p::UserCallInOverflow {
                call_id, user_id, ..
            } = &**overflow;
            back_to_queue(state, call_id, user_id, ev, ts);
        }
        EventPayload::UserCallInUserOverflow(p::UserCallInUserOverflow {
            call_id,
            user_id,
            ..
        }) => back_to_queue(state, call_id, user_id, ev, ts),
        EventPayload::UserCallInDisconnected(c) => {
            let user = user_id_of(&c.user_id, ev).to_owned();
            end_call(state, &c.call_id, &user);
            let on_another_call = state
                .calls
                .values()
                .any(|c| c.user_id == user && c.connected);
            with_agent(state, &user, ts, |a| {
                if a.ringing_call.as_deref() == Some(c.call_id.as_str()) {
                    a.ringing_call = None;
                }
                if !on_another_call && a.versions.status.is_none_or(|v| ts.is_none_or(|t| t >= v)) {
                    a.talking = false;
                    a.talking_changed = ts.or(a.talking_changed);
                    a.activity_known = true;
                }
                Some(at)
            });
        }
        EventPayload::UserCallInHoldStart(h) => set_hold(state, &h.call_id, true),
        EventPayload::UserCallInHoldEnd(h) => set_hold(state, &h.call_id, false),
        _ => {}
    }
}

/// A call rang at the agent and stopped without being answered.
/// The agent did not answer: the call goes back to the queue.
fn back_to_queue(
    state: &mut State,
    call_id: &str,
    user_id: &str,
    ev: &RteEvent,
    ts: Option<DateTime<Utc>>,
) {
    let user = user_id_of(user_id, ev).to_owned();
    if state
        .calls
        .get(call_id)
        .is_some_and(|c| c.user_id == user && !c.connected)
    {
        state.calls.remove(call_id);
    }
    stop_ringing(state, &user, call_id, ts);
}

fn stop_ringing(state: &mut State, user: &str, call_id: &str, ts: Option<DateTime<Utc>>) {
    let at = ts.unwrap_or(state.now).min(state.now);
    with_agent(state, user, ts, |a| {
        if a.ringing_call.as_deref() == Some(call_id) {
            a.ringing_call = None;
        }
        Some(at)
    });
}

fn set_availability(a: &mut AgentRow, wire: &str, note: &str) {
    match Availability::parse(wire) {
        Some(av) => {
            a.availability = Some(av);
            a.availability_raw.clear();
        }
        None => {
            a.availability = None;
            set_clean(&mut a.availability_raw, wire);
        }
    }
    set_clean(&mut a.note, note);
    a.unconfirmed = false;
}

/// Runs `f` on a known agent and restarts its "time in state" when the activity or
/// the availability changed. `f` returns when the activity changed, if the event says
/// it is itself that change (a call connected, a wrap-up ended); otherwise the start is
/// derived from the status ([`activity_began`]). Events about users that are not
/// agents of this console are ignored.
fn with_agent(
    state: &mut State,
    user_id: &str,
    ts: Option<DateTime<Utc>>,
    f: impl FnOnce(&mut AgentRow) -> Option<DateTime<Utc>>,
) {
    let now = state.now;
    let live_seq = state.live_seq;
    let Some(a) = state.agents.get_mut(user_id) else {
        return;
    };
    let activity_before = a.activity();
    let availability_before = (a.availability, a.availability_raw.clone());
    a.live_seq = live_seq;
    // An event from before a gap was closed (sent while the subscriptions were being
    // made again, some in place and some not) may be followed by changes the console
    // did not get: it does not tell the activity.
    let before_watch = ts.is_some_and(|t| a.gap_at.is_some_and(|w| t < w));
    let kept = before_watch.then(|| ActivityFields::of(a));
    let changed_at = f(a);
    if let Some(kept) = kept {
        kept.restore(a);
    } else if a.activity_known {
        // A known activity says whether the agent is on wrap-up.
        a.wrap_up_unconfirmed = false;
    }
    if a.activity() != activity_before {
        let at = ts.unwrap_or(now).min(now);
        a.activity_since = Some(activity_began(a, activity_before, changed_at, at, now));
    } else if !a.activity_since.is_some_and(Since::is_exact) {
        // The same activity, whose start only a bound said (a wrap-up REST reported):
        // the event may give the platform's own start.
        if let Some(t) = exact_start(a) {
            a.activity_since = Some(Since::Exact(t.min(now)));
        }
    }
    if (a.availability, a.availability_raw.clone()) != availability_before {
        a.availability_since = Some(match ts {
            Some(t) => Since::Exact(t.min(now)),
            None => Since::NoLaterThan(now),
        });
    }
    a.refresh_since();
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
