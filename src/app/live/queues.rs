//! QueueStatus into the queue rows.

use super::{fresh, set_clean, user_id_of};
use crate::app::bounds::{count, seconds, MAX_QUEUES};
use crate::app::state::{QueueRow, State};
use crate::model::payloads as p;
use crate::model::RteEvent;
use crate::sanitize::clean;
use chrono::{DateTime, Utc};

pub(super) fn apply_queue_status(
    state: &mut State,
    ev: &RteEvent,
    q: &p::QueueStatus,
    ts: Option<DateTime<Utc>>,
) {
    let id = user_id_of(&q.queue_id, ev);
    if id.is_empty() {
        return;
    }
    let now = state.now;
    let live_seq = state.live_seq;
    if !state.queues.contains_key(id) {
        if state.queues.len() >= MAX_QUEUES {
            // A server pushing ever new queue ids cannot grow the state without bound.
            return;
        }
        let row = QueueRow {
            id: id.to_owned(),
            bucket_start: Some(now),
            bucket_live: true,
            ..QueueRow::default()
        };
        state.queues.insert(id.to_owned(), row);
    }
    let Some(row) = state.queues.get_mut(id) else {
        return;
    };
    if !fresh(&mut row.version, ts) {
        return;
    }
    if row.name.is_empty() || !q.queue_name.is_empty() {
        let name = if clean(&q.queue_name).is_empty() {
            id
        } else {
            &q.queue_name
        };
        set_clean(&mut row.name, name);
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
    row.bucket_live = true;
    row.live_seq = live_seq;
    row.from_rest = false;
}
