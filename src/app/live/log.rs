//! What the event log records of the RTE events: alerts, overflows, monitoring offers
//! and manual wrap-up ends.

use crate::app::state::{LogKind, LogLevel, State};
use crate::model::payloads as p;
use crate::model::{EventPayload, RteEvent};
use crate::sanitize::clean;

/// The user an event is about: its `UserId`, or the subscription's entity when empty.
fn or_entity<'a>(user_id: &'a str, entity: &'a str) -> &'a str {
    if user_id.is_empty() {
        entity
    } else {
        user_id
    }
}

fn agent_name(state: &State, id: &str, fallback: &str) -> String {
    state
        .agents
        .get(id)
        .map(|a| a.name.clone())
        .filter(|n| !n.is_empty())
        .unwrap_or_else(|| {
            if fallback.is_empty() {
                id.to_owned()
            } else {
                clean(fallback).into_owned()
            }
        })
}

/// Records what the log cares about in a new RTE event (called by `update()`).
pub(super) fn observe(state: &mut State, ev: &RteEvent) {
    let entity = ev.entity_id();
    match &ev.payload {
        EventPayload::UserAlert(a) => {
            let user = or_entity(&a.user_id, entity);
            let who = state
                .agents
                .get(user)
                .map(|a| format!(" for {}", a.name))
                .unwrap_or_default();
            let text = format!(
                "Alert{who}: {} {} (limit {})",
                clean(&a.condition_name),
                clean(&a.value),
                clean(&a.condition_value)
            );
            state.add_log(LogKind::Alert, LogLevel::Alert, text);
        }
        EventPayload::UserCallInOverflow(o) => {
            let user = or_entity(&o.user_id, entity);
            let who = agent_name(state, user, &o.username);
            let text = format!(
                "Call from {} overflowed from {} in {} ({})",
                clean(&o.caller_number),
                who,
                clean(&o.tech_queue_name),
                clean(&o.overflow_reason)
            );
            state.add_log(LogKind::Overflow, LogLevel::Warn, text);
        }
        EventPayload::UserCallInUserOverflow(o) => {
            let user = or_entity(&o.user_id, entity);
            let who = agent_name(state, user, &o.username);
            let text = format!(
                "Call from {} left {} unanswered ({})",
                clean(&o.caller_number),
                who,
                clean(&o.reason)
            );
            state.add_log(LogKind::Overflow, LogLevel::Warn, text);
        }
        EventPayload::UserCallAvailableForMonitoring(m) => {
            state.add_log(LogKind::Supervision, LogLevel::Info, monitoring_text(m));
        }
        EventPayload::UserWrapUpTerminated(t) => {
            let user = or_entity(&t.user_id, entity);
            if state.agents.contains_key(user) && t.reason == "manual" {
                let who = agent_name(state, user, "");
                state.add_log(
                    LogKind::Action,
                    LogLevel::Ok,
                    format!("{who}: wrap-up ended (manual)"),
                );
            }
        }
        _ => {}
    }
}

fn monitoring_text(m: &p::UserCallAvailableForMonitoring) -> String {
    format!(
        "Call of {} from {} in {} can be monitored (dial {})",
        clean(&m.target_user_name),
        clean(&m.caller_number),
        clean(&m.queue_name),
        clean(&m.supervision_call_in_number)
    )
}
