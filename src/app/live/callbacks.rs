//! CallbackChanged into the callback rows.

use crate::app::bounds::{MAX_CALLBACKS, MAX_CLOSED_CALLBACKS};
use crate::app::state::{CallbackRow, State};
use crate::model::payloads as p;
use crate::sanitize::clean;

pub(super) fn apply_callback(state: &mut State, c: &p::CallbackChanged) {
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
        remember_closed(state, &c.call_back_id);
        return;
    }
    if !state.callbacks.contains_key(&c.call_back_id) && state.callbacks.len() >= MAX_CALLBACKS {
        // A server inventing ids cannot grow the state without end.
        return;
    }
    state.callbacks_closed.remove(&c.call_back_id);
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
            last_attempt_user_id: c.last_attempt_user_id.clone(),
            message: clean(&c.contact_message).into_owned(),
            note: clean(&c.note).into_owned(),
            version: ts,
            live_seq: state.live_seq,
        },
    );
}

/// Remembers that an event closed this request, forgetting the oldest close when full.
fn remember_closed(state: &mut State, id: &str) {
    state.callbacks_closed.insert(id.to_owned(), state.live_seq);
    if state.callbacks_closed.len() > MAX_CLOSED_CALLBACKS {
        let oldest = state
            .callbacks_closed
            .iter()
            .min_by_key(|(_, seq)| **seq)
            .map(|(id, _)| id.clone());
        if let Some(id) = oldest {
            state.callbacks_closed.remove(&id);
        }
    }
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
