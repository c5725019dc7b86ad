//! Today's calls (see `state::today`): live answers from the agents' events, the reads
//! of the call records (`/servicecall` since local midnight) and their merge by call id,
//! and the new day at local midnight.
//!
//! A read is asked for at start and after each snapshot (so after every reconnect), when
//! an answer needs its wait, when a queue's not-served count rises (a caller left
//! unserved), and otherwise every [`REFRESH_SECS`]; at most one runs, and those asked
//! for meanwhile are one more read when it ends, no sooner than [`MIN_GAP_SECS`] after
//! the last one began.

use crate::app::effect::Effect;
use crate::app::event::RecordsFailure;
use crate::app::state::today::{day_of, DayCall, DaySource, Outcome, REFRESH_SECS, RETRY_SECS};
use crate::app::state::{LogKind, LogLevel, State};
use crate::model::payloads as p;
use crate::model::rest::ServiceCall;
use crate::model::{EventPayload, RteEvent};
use crate::sanitize::clean;
use chrono::{DateTime, Duration, Utc};
use std::collections::HashSet;

/// Reads prompted by events begin at least this long after the previous one began.
pub const MIN_GAP_SECS: i64 = 5;
/// Answers waiting for the agent's status, at most (a server that never sends one
/// cannot grow the state).
const MAX_PENDING: usize = 10_000;

/// Takes in what one RTE event says about today's calls.
pub(super) fn observe(state: &mut State, ev: &RteEvent) {
    match &ev.payload {
        EventPayload::UserCallInUserConnected(c) => {
            connected(state, super::user_id_of(&c.user_id, ev), &c.call_id)
        }
        EventPayload::UserStatus(s) => {
            let user = lower(super::user_id_of(&s.user_id, ev));
            status(state, &user, s)
        }
        EventPayload::QueueStatus(q) => {
            let id = lower(super::user_id_of(&q.queue_id, ev));
            let n = q.nbr_of_not_served_requesters;
            let before = match state.today.not_served.get_mut(&*id) {
                Some(count) => Some(std::mem::replace(count, n)),
                None => state.today.not_served.insert(id.into_owned(), n),
            };
            if matches!(before, Some(b) if n > b) {
                prompt(state);
            }
        }
        _ => {}
    }
}

/// `id` in lower case, copied only when it is not already.
fn lower(id: &str) -> std::borrow::Cow<'_, str> {
    if id.bytes().any(|b| b.is_ascii_uppercase()) {
        std::borrow::Cow::Owned(id.to_ascii_lowercase())
    } else {
        std::borrow::Cow::Borrowed(id)
    }
}

/// An agent answered a call: counted when the agent's status names the queue.
fn connected(state: &mut State, user: &str, call: &str) {
    if call.is_empty() || user.is_empty() {
        return;
    }
    let seq = state.live_seq;
    let today = &mut state.today;
    if today.call(call).is_some() {
        return;
    }
    today
        .pending
        .insert(user.to_ascii_lowercase(), (call.to_owned(), seq));
    if today.pending.len() > MAX_PENDING {
        today.pending.clear();
    }
    // Its wait is in the records.
    prompt(state);
}

fn status(state: &mut State, user: &str, s: &p::UserStatus) {
    let Some((call, seq)) = state.today.pending.remove(user) else {
        return;
    };
    let Some(queue) = s.active_queue_id.as_deref().filter(|q| !q.is_empty()) else {
        return;
    };
    if state.today.call(&call).is_some() {
        return;
    }
    state.today.put(
        &call,
        DayCall {
            queue_id: queue.to_ascii_lowercase(),
            outcome: Outcome::Answered,
            wait_secs: None,
            talk_secs: None,
            from_records: false,
            live_seq: seq,
        },
    );
    state.dirty = true;
}

/// Something says the records have news: read them soon.
fn prompt(state: &mut State) {
    let f = &mut state.today.fetch;
    if f.refused.is_some() {
        return;
    }
    f.prompted = true;
}

/// `r`: read the records now, whatever the gap.
pub fn read_now(state: &mut State) {
    prompt(state);
    state.today.fetch.last_start = None;
}

/// After every event: the new day at midnight, and the read that is due, if any.
pub fn poll(state: &mut State) -> Vec<Effect> {
    let now = state.now;
    let (day, start) = day_of(now, state.utc_offset);
    if start != state.today.day_start {
        // A new day, or the local offset became known at start.
        let new_day = day != state.today.day && state.today.source != DaySource::Unknown;
        let offset = state.utc_offset;
        state.today.start_day(now, offset);
        if new_day {
            state.add_log(
                LogKind::Connection,
                LogLevel::Info,
                "A new day: today's counts start from zero",
            );
        }
        read_now(state);
    }
    let f = &state.today.fetch;
    if f.in_flight || f.refused.is_some() {
        return Vec::new();
    }
    let gap_over = f
        .last_start
        .is_none_or(|t| now >= t + Duration::seconds(MIN_GAP_SECS));
    let due = match (f.prompted, f.due_at) {
        (true, _) => gap_over,
        (false, Some(at)) => now >= at,
        (false, None) => true,
    };
    if !due {
        return Vec::new();
    }
    let start = state.today.day_start;
    let f = &mut state.today.fetch;
    f.in_flight = true;
    f.prompted = false;
    f.asked_seq = state.live_seq;
    f.last_start = Some(now);
    f.due_at = None;
    // The whole day: a server whose clock runs ahead of ours still gives every call.
    vec![Effect::ReadCallRecords {
        start,
        end: start + Duration::days(1),
    }]
}

/// The answer to a read.
pub fn on_records(
    state: &mut State,
    start: DateTime<Utc>,
    result: Result<Vec<ServiceCall>, RecordsFailure>,
) {
    let now = state.now;
    state.today.fetch.in_flight = false;
    state.dirty = true;
    if start != state.today.day_start {
        // Read for a day that has ended.
        read_now(state);
        return;
    }
    match result {
        Ok(records) => merge(state, &records),
        Err(e) if e.refused => {
            let since = state
                .today
                .since
                .with_timezone(&state.utc_offset)
                .format("%H:%M");
            let message = clean(&e.message).into_owned();
            state.add_log(
                LogKind::Connection,
                LogLevel::Warn,
                format!(
                    "Call records refused ({message}): answers are counted from agent events since {since}; abandoned and SL% not known"
                ),
            );
            let t = &mut state.today;
            t.fetch.refused = Some(message);
            if t.source != DaySource::Records {
                t.source = DaySource::Events;
            }
        }
        Err(e) => {
            let message = clean(&e.message).into_owned();
            if state.today.fetch.error.is_none() {
                state.add_log(
                    LogKind::Connection,
                    LogLevel::Warn,
                    format!("Call records not read: {message}; trying again"),
                );
            }
            let f = &mut state.today.fetch;
            f.error = Some(message);
            f.due_at = Some(now + Duration::seconds(RETRY_SECS));
        }
    }
}

/// The records replace what live events told of the same calls; live answers told
/// before the read was asked for and missing from it were not today's (or not queue
/// calls) and go.
fn merge(state: &mut State, records: &[ServiceCall]) {
    let now = state.now;
    let names: std::collections::HashMap<String, String> = state
        .queues
        .values()
        .map(|q| (q.name.to_lowercase(), q.id.to_ascii_lowercase()))
        .collect();
    let day_start = state.today.day_start;
    let mut seen = HashSet::new();
    for r in records {
        if r.id.is_empty() {
            continue;
        }
        if matches!(r.arrival_time.at(), Some(t) if t < day_start) {
            continue;
        }
        let queue = if r.queue_id.is_empty() {
            match names.get(&clean(&r.queue_name).to_lowercase()) {
                Some(id) => id.clone(),
                None => continue,
            }
        } else {
            r.queue_id.to_ascii_lowercase()
        };
        let call = DayCall {
            queue_id: queue,
            outcome: outcome_of(r),
            wait_secs: Some(r.wait_time.max(0)),
            talk_secs: r.end_time.at().map(|_| r.duration.max(0)),
            from_records: true,
            live_seq: 0,
        };
        let id = r.id.to_ascii_lowercase();
        state.today.put(&id, call);
        seen.insert(id);
    }
    let asked = state.today.fetch.asked_seq;
    for id in state.today.live_only_up_to(asked) {
        if !seen.contains(&id) {
            state.today.remove(&id);
        }
    }
    let t = &mut state.today;
    t.pending.retain(|_, (call, _)| !seen.contains(call));
    t.source = DaySource::Records;
    t.fetch.error = None;
    t.fetch.due_at = Some(now + Duration::seconds(REFRESH_SECS));
}

/// Answered when an agent or queue answered it; overflowed when the record says so;
/// else the caller gave up.
fn outcome_of(r: &ServiceCall) -> Outcome {
    let result = r.result.to_ascii_lowercase();
    if r.answer_time.at().is_some()
        || r.answer_queue_id.as_deref().is_some_and(|q| !q.is_empty())
        || result.contains("answer")
    {
        Outcome::Answered
    } else if result.contains("overflow") {
        Outcome::Overflowed
    } else {
        Outcome::Abandoned
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::event::Event;
    use crate::app::fixture::{self, call_connected, call_records, loaded_state, user_status};
    use crate::app::update::update;
    use crate::model::Stamp;

    fn answer(id: &str, queue: &str, wait: i64) -> ServiceCall {
        let t = fixture::fixed_now() - Duration::minutes(30);
        ServiceCall {
            id: id.into(),
            queue_id: queue.into(),
            arrival_time: Stamp::At(t),
            answer_time: Stamp::At(t + Duration::seconds(wait)),
            wait_time: wait,
            result: "Answered".into(),
            ..ServiceCall::default()
        }
    }

    fn records(state: &mut State, list: Vec<ServiceCall>) -> Vec<Effect> {
        let start = state.today.day_start;
        update(
            state,
            Event::CallRecords {
                start,
                result: Ok(list),
            },
        )
    }

    #[test]
    fn unknown_until_read_then_live_answers_merge_with_the_records_by_call_id() {
        let mut s = loaded_state();
        assert!(s.today.fetch.in_flight, "the snapshot asked for a read");
        let now = s.now;
        assert_eq!(s.today.figures("q-sales").answered, None, "not read yet");
        records(&mut s, vec![answer("c1", "q-sales", 5)]);
        assert_eq!(s.today.source, DaySource::Records);
        assert_eq!(s.today.figures("q-sales").answered, Some(1));
        // A live answer: counted when the agent's status names the queue.
        update(&mut s, call_connected("u-aino", "e1", now, "c2", "+358"));
        assert_eq!(s.today.figures("q-sales").answered, Some(1));
        update(
            &mut s,
            user_status("u-aino", "e2", now, true, Some("q-sales")),
        );
        let f = s.today.figures("q-sales");
        assert_eq!(f.answered, Some(2));
        assert_eq!(
            f.service_level,
            Some(100.0),
            "over the calls whose wait is known"
        );
        // The same call again (a repeat, or in the next read) counts once.
        update(&mut s, call_connected("u-aino", "e3", now, "c2", "+358"));
        update(
            &mut s,
            user_status("u-aino", "e4", now, true, Some("q-sales")),
        );
        assert_eq!(s.today.figures("q-sales").answered, Some(2));
        // The next read gives its wait; a live answer it lacks was not today's.
        update(&mut s, call_connected("u-eero", "e5", now, "c3", "+358"));
        update(
            &mut s,
            user_status("u-eero", "e6", now, true, Some("q-sales")),
        );
        assert_eq!(s.today.figures("q-sales").answered, Some(3));
        s.today.fetch.in_flight = true;
        s.today.fetch.asked_seq = s.live_seq;
        records(
            &mut s,
            vec![answer("c1", "q-sales", 5), answer("c2", "q-sales", 40)],
        );
        let f = s.today.figures("q-sales");
        assert_eq!(f.answered, Some(2));
        assert_eq!(f.service_level, Some(50.0));
    }

    #[test]
    fn reads_wait_for_the_gap_and_one_runs_at_a_time() {
        let mut s = loaded_state();
        let effects = records(&mut s, Vec::new());
        assert!(effects.is_empty(), "just read: {effects:?}");
        let now = s.now;
        update(&mut s, call_connected("u-aino", "e1", now, "c9", "+358"));
        assert!(s.today.waits_for_clock());
        let later = now + Duration::seconds(MIN_GAP_SECS);
        let effects = update(&mut s, Event::Tick(later));
        assert!(matches!(
            effects.as_slice(),
            [Effect::ReadCallRecords { start, .. }] if *start == s.today.day_start
        ));
        update(&mut s, call_connected("u-eero", "e2", later, "c10", "+358"));
        let effects = update(&mut s, Event::Tick(later + Duration::seconds(60)));
        assert!(effects.is_empty(), "one read at a time");
        // What was asked for meanwhile is read when the running one ends.
        let effects = records(&mut s, Vec::new());
        assert!(matches!(
            effects.as_slice(),
            [Effect::ReadCallRecords { .. }]
        ));
        let effects = records(&mut s, Vec::new());
        assert!(effects.is_empty());
        // `r` reads at once.
        let effects = update(&mut s, Event::Reload);
        assert!(effects
            .iter()
            .any(|e| matches!(e, Effect::ReadCallRecords { .. })));
    }

    #[test]
    fn refused_records_count_answers_since_start_and_leave_the_rest_unknown() {
        let mut s = loaded_state();
        let start = s.today.day_start;
        update(
            &mut s,
            Event::CallRecords {
                start,
                result: Err(RecordsFailure {
                    message: "404 Not Found".into(),
                    refused: true,
                }),
            },
        );
        assert_eq!(s.today.source, DaySource::Events);
        let now = s.now;
        update(&mut s, call_connected("u-aino", "e1", now, "c1", "+358"));
        update(
            &mut s,
            user_status("u-aino", "e2", now, true, Some("q-sales")),
        );
        let f = s.today.figures("q-sales");
        assert_eq!(f.answered, Some(1));
        assert_eq!(
            (f.abandoned, f.offered, f.service_level),
            (None, None, None)
        );
        assert!(s.today.label(s.utc_offset).starts_with("since 10:05"));
        assert!(s
            .log
            .entries
            .iter()
            .any(|e| e.text.contains("Call records refused")));
        let effects = update(&mut s, Event::Tick(now + Duration::seconds(600)));
        assert!(effects.is_empty(), "not asked again today");
    }

    #[test]
    fn midnight_starts_a_new_day_and_reads_it() {
        let mut s = loaded_state();
        let start = s.today.day_start;
        records(&mut s, call_records(start));
        assert!(s.today.figures("q-sales").answered.unwrap() > 0);
        let midnight = s.today.day_start + Duration::days(1);
        let effects = update(&mut s, Event::Tick(midnight + Duration::seconds(1)));
        assert_eq!(s.today.day_start, midnight);
        assert_eq!(s.today.calls_known(), 0);
        assert!(matches!(
            effects.as_slice(),
            [Effect::ReadCallRecords { start, .. }] if *start == midnight
        ));
        // The answer to a read of yesterday is dropped.
        update(
            &mut s,
            Event::CallRecords {
                start: midnight - Duration::days(1),
                result: Ok(call_records(midnight - Duration::days(1))),
            },
        );
        assert_eq!(s.today.calls_known(), 0);
    }

    #[test]
    fn a_rise_of_the_not_served_count_asks_for_a_read() {
        let mut s = loaded_state();
        records(&mut s, Vec::new());
        let now = s.now;
        update(
            &mut s,
            fixture::queue_status("q-sales", "e1", now, 2, 10, 1),
        );
        assert!(!s.today.fetch.prompted, "the first count is a baseline");
        update(
            &mut s,
            fixture::queue_status("q-sales", "e2", now, 3, 10, 1),
        );
        assert!(s.today.fetch.prompted);
    }
}
