//! RTE events into the state: queue counters, agents' status, availability and
//! wrap-up, calls, transcripts, callback requests, alerts and the event log. Stale and
//! repeated events are ignored per field group, so out-of-order delivery cannot turn the
//! clock back. To follow a new RTE event, apply it here (and subscribe to it in
//! `subscriptions.rs`).

pub mod agent_day;
mod agents;
mod began;
mod callbacks;
pub mod calls;
mod log;
mod queues;

use super::state::{State, ToastLevel};
use crate::model::{EventPayload, RteEvent};
use crate::sanitize::clean;
use chrono::{DateTime, Utc};

/// Applies a batch of RTE events, in order, and marks the screen dirty once.
pub fn on_rte_events(state: &mut State, batch: &[RteEvent]) {
    if batch.is_empty() {
        return;
    }
    state.last_event_at = Some(state.now);
    state.dirty = true;
    for ev in batch {
        on_rte_event(state, ev);
    }
}

/// Applies one RTE event (the batch has marked the screen dirty).
fn on_rte_event(state: &mut State, ev: &RteEvent) {
    if !state.recent_ids.insert(&ev.envelope.id) {
        return;
    }
    state.live_seq += 1;
    let ts = ev.envelope.timestamp.at();
    match &ev.payload {
        EventPayload::QueueStatus(q) => queues::apply_queue_status(state, ev, q, ts),
        EventPayload::UserStatus(_)
        | EventPayload::UserAvailability(_)
        | EventPayload::UserWrapUpStarted(_)
        | EventPayload::UserWrapUpRequestTerminate(_)
        | EventPayload::UserWrapUpTerminated(_)
        | EventPayload::UserCallInUserAllocated(_)
        | EventPayload::UserCallInUserConnected(_)
        | EventPayload::UserCallInUserCancelled(_)
        | EventPayload::UserCallInOverflow(_)
        | EventPayload::UserCallInUserOverflow(_)
        | EventPayload::UserCallInDisconnected(_)
        | EventPayload::UserCallInHoldStart(_)
        | EventPayload::UserCallInHoldEnd(_) => agents::apply(state, ev, ts),
        EventPayload::UserRealTimeTranscriptPhrase(p) => {
            let user = user_id_of(&p.user_id, ev).to_owned();
            let now = state.now;
            state.transcripts.apply(p, &user, now);
        }
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
        EventPayload::CallbackChanged(c) => callbacks::apply_callback(state, c),
        _ => {}
    }
    calls::observe(state, ev);
    agent_day::observe(state, ev);
    log::observe(state, ev);
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

/// Sets `slot` to the sanitized `text`, reusing its buffer (no allocation per event when
/// the text is what it was, as it mostly is).
fn set_clean(slot: &mut String, text: &str) {
    let text = clean(text);
    if *slot != *text {
        slot.clear();
        slot.push_str(&text);
    }
}

fn user_id_of<'a>(field: &'a str, ev: &'a RteEvent) -> &'a str {
    if field.is_empty() {
        ev.entity_id()
    } else {
        field
    }
}
