//! Today's calls (see `state::today`): the queue call events, live answers from the
//! agents' events, the reads of the call records (`/servicecall` since local midnight)
//! and their merge by call id, and the new day at local midnight.
//!
//! A read is asked for at start and after each snapshot (so after every reconnect), when
//! an answer needs its wait or a queue's not-served count rises (a caller left unserved)
//! while no queue call events tell them, and otherwise every [`REFRESH_SECS`]; at most
//! one runs, and those asked for meanwhile are one more read when it ends, no sooner
//! than [`MIN_GAP_SECS`] after the last one began.
//!
//! The queue call events' payloads are not public (see `payloads::QueueCallIn`, the
//! simulator's guess): each field is optional, a shape that does not decode counts
//! nothing, and the first raw samples of each event go to the log at debug level.

use crate::app::effect::Effect;
use crate::app::event::RecordsFailure;
use crate::app::state::today::{
    day_of, DayCall, DaySource, Origin, Outcome, REFRESH_SECS, RETRY_SECS,
};
use crate::app::state::{LogKind, LogLevel, State};
use crate::app::subscriptions::QUEUE_CALL_EVENTS;
use crate::model::payloads as p;
use crate::model::rest::ServiceCall;
use crate::model::{EventKind, EventPayload, RteEvent};
use crate::rte::ConnectionState;
use crate::sanitize::clean;
use chrono::{DateTime, Duration, Utc};
use std::collections::HashSet;

/// Reads prompted by events begin at least this long after the previous one began.
pub const MIN_GAP_SECS: i64 = 5;
/// Answers waiting for the agent's status, at most (a server that never sends one
/// cannot grow the state); callers waiting in queues remembered, at most.
const MAX_PENDING: usize = 10_000;
/// Raw samples of each queue call event written to the debug log, and their bytes.
const SAMPLES: u32 = 3;
const SAMPLE_BYTES: usize = 2_048;

/// Takes in what one RTE event says about today's calls.
pub(super) fn observe(state: &mut State, ev: &RteEvent) {
    let ts = ev.envelope.timestamp.at();
    if let Some(t) = ts {
        if t >= state.today.day_start + Duration::days(1) && t <= state.now + Duration::days(1) {
            // Stamped in the next day: the day ends before it is counted.
            let now = state.now.max(t);
            new_day_if_due(state, now);
        }
        if t < state.today.since && state.today.source != DaySource::Records {
            // Before counting (re)started: told by the records, or not counted.
            if !matches!(
                ev.payload,
                EventPayload::UserStatus(_) | EventPayload::QueueStatus(_)
            ) {
                return;
            }
        }
    }
    match &ev.payload {
        EventPayload::UserCallInUserConnected(c) => {
            connected(state, super::user_id_of(&c.user_id, ev), &c.call_id)
        }
        EventPayload::QueueCallInArrived(c) => {
            sample(state, ev);
            let queue = super::user_id_of(&c.queue_id, ev).to_ascii_lowercase();
            if let (Some(at), false) = (c.arrival_time.at().or(ts), c.call_id.is_empty()) {
                let a = &mut state.today.arrivals;
                if a.len() >= MAX_PENDING {
                    a.clear();
                }
                a.insert(c.call_id.to_ascii_lowercase(), (queue, at));
            }
        }
        EventPayload::QueueCallInUserConnected(c) => {
            sample(state, ev);
            queue_outcome(state, ev, c, Outcome::Answered, ts);
        }
        EventPayload::QueueCallInOverflow(c) => {
            sample(state, ev);
            queue_outcome(state, ev, c, Outcome::Overflowed, ts);
        }
        EventPayload::QueueCallInDisconnected(c) => {
            sample(state, ev);
            let id = c.call_id.to_ascii_lowercase();
            let reason = c.reason.to_ascii_lowercase();
            let answered = state
                .today
                .call(&id)
                .is_some_and(|k| k.outcome == Outcome::Answered);
            // The caller hung up waiting: said so, or no agent had the call.
            if reason.contains("abandon")
                || (!answered && c.user_id.is_empty() && !reason.contains("answer"))
            {
                queue_outcome(state, ev, c, Outcome::Abandoned, ts);
            } else if let (Some(k), Some(t)) = (state.today.call(&id), ts) {
                // The end of a conversation the queue's events told of: its talk time.
                if let (Origin::QueueEvents, None, Some(a)) = (k.origin, k.talk_secs, k.answered_at)
                {
                    let call = DayCall {
                        talk_secs: Some((t - a).num_seconds().max(0)),
                        ..k.clone()
                    };
                    state.today.put(&id, call);
                    state.dirty = true;
                }
            }
            state.today.arrivals.remove(&id);
        }
        EventPayload::Raw(_) if EventKind::BEYOND_SEED.contains(&ev.kind) => {
            // A shape that did not decode: kept for whoever reads the log, not counted.
            sample(state, ev);
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
            if matches!(before, Some(b) if n > b) && !state.today.queue_events {
                prompt(state);
            }
        }
        _ => {}
    }
}

/// The first raw samples of each queue call event, to the log at debug level:
/// sanitized and bounded.
fn sample(state: &mut State, ev: &RteEvent) {
    let n = state
        .today
        .samples_logged
        .entry(ev.kind.name().to_owned())
        .or_default();
    if *n >= SAMPLES {
        return;
    }
    *n += 1;
    let raw = match &ev.wire {
        Some(w) => String::from_utf8_lossy(&w.json).into_owned(),
        None => format!("{:?}", ev.payload),
    };
    let mut end = raw.len().min(SAMPLE_BYTES);
    while !raw.is_char_boundary(end) {
        end -= 1;
    }
    let cut = if end < raw.len() { " …" } else { "" };
    tracing::debug!(
        event = %ev.kind,
        decode_error = ?ev.decode_error.as_deref().map(crate::sanitize::sanitize),
        "queue call event sample: {}{cut}",
        crate::sanitize::sanitize(&raw[..end])
    );
}

/// A queue call's outcome from its queue's event: answered (with its wait), abandoned
/// or overflowed. A call the records told of stays as they said; a call that arrived
/// before today is not today's.
fn queue_outcome(
    state: &mut State,
    ev: &RteEvent,
    c: &p::QueueCallIn,
    outcome: Outcome,
    ts: Option<DateTime<Utc>>,
) {
    let id = c.call_id.to_ascii_lowercase();
    if id.is_empty() {
        return;
    }
    let known = state.today.arrivals.get(&id).cloned();
    let queue = match (c.queue_id.is_empty(), ev.entity_id(), &known) {
        (false, _, _) => c.queue_id.to_ascii_lowercase(),
        (true, e, _) if !e.is_empty() => e.to_ascii_lowercase(),
        (true, _, Some((q, _))) => q.clone(),
        _ => return,
    };
    let arrived = c.arrival_time.at().or(known.map(|k| k.1));
    if matches!(arrived, Some(a) if a < state.today.day_start) {
        return;
    }
    if let Some(k) = state.today.call(&id) {
        if k.origin == Origin::Records || (k.origin == Origin::QueueEvents && k.outcome == outcome)
        {
            return;
        }
    }
    let wait = c
        .wait_time
        .filter(|w| *w >= 0)
        .or_else(|| Some((ts? - arrived?).num_seconds().max(0)));
    let seq = state.live_seq;
    state.today.put(
        &id,
        DayCall {
            queue_id: queue,
            outcome,
            wait_secs: wait,
            talk_secs: None,
            origin: Origin::QueueEvents,
            live_seq: seq,
            answered_at: ts.filter(|_| outcome == Outcome::Answered),
        },
    );
    state.dirty = true;
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
    if today.call(call).is_some() || today.queue_events {
        // Known, or the queue's own events tell every answer (and whether it is today's).
        return;
    }
    today
        .pending
        .insert(user.to_ascii_lowercase(), (call.to_owned(), seq));
    if today.pending.len() > MAX_PENDING {
        today.pending.clear();
    }
    // Its wait is in the records (the queue's event tells it, when there are those).
    if !state.today.queue_events {
        prompt(state);
    }
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
            origin: Origin::AgentEvents,
            live_seq: seq,
            answered_at: None,
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

/// The new day at midnight (or the local offset became known at start).
fn new_day_if_due(state: &mut State, now: DateTime<Utc>) {
    let (day, start) = day_of(now, state.utc_offset);
    if start == state.today.day_start || day < state.today.day {
        // The same day, or an earlier one: a server clock ahead of ours began the day
        // (an event stamped after midnight); our clock does not take it back.
        return;
    }
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

/// Whether the hub offers the queue call events and the console holds them: known once
/// live (the offer comes before).
fn queue_events_held(state: &State) -> bool {
    !state.queues.is_empty()
        && QUEUE_CALL_EVENTS.iter().all(|k| {
            let name = k.name().to_ascii_lowercase();
            !state.not_offered.contains(&name)
        })
        && !state
            .refused
            .iter()
            .any(|k| QUEUE_CALL_EVENTS.contains(&k.event))
}

/// Counting from events starts again when the connection comes back (events were
/// missed) or the queue call events come or go; the records source is read again
/// instead (after the snapshot).
fn watch_events(state: &mut State) {
    let live = state.connection == ConnectionState::Live;
    let now = state.now;
    let mut why = None;
    if live {
        let held = queue_events_held(state);
        let t = &mut state.today;
        if held != t.queue_events {
            t.queue_events = held;
            let source = if held {
                DaySource::QueueEvents
            } else {
                DaySource::Events
            };
            if t.source.from_events() && t.source != source {
                t.source = source;
                why = Some(if held {
                    "queue call events are offered"
                } else {
                    "queue call events are no longer offered"
                });
            }
        }
        if !t.live && t.was_live && t.source.from_events() && why.is_none() {
            why = Some("events were missed while the connection was down");
        }
        t.was_live = true;
    }
    state.today.live = live;
    if let Some(why) = why {
        // Nothing counted yet (the offer is learnt at start): nothing lost, nothing said.
        let quiet = state.today.calls_known() == 0 && state.today.pending.is_empty();
        state.today.restart_counting(now);
        if quiet {
            return;
        }
        let since = now.with_timezone(&state.utc_offset).format("%H:%M:%S");
        state.add_log(
            LogKind::Connection,
            LogLevel::Info,
            format!("Today's counts start again at {since}: {why}"),
        );
        state.dirty = true;
    }
}

/// After every event: the new day at midnight, the events' source, and the read that
/// is due, if any.
pub fn poll(state: &mut State) -> Vec<Effect> {
    let now = state.now;
    new_day_if_due(state, now);
    watch_events(state);
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
                if state.today.queue_events {
                    format!("Call records refused ({message}): today's calls are counted from queue call events since {since}")
                } else {
                    format!(
                        "Call records refused ({message}): answers are counted from agent events since {since}; abandoned and SL% not known"
                    )
                },
            );
            let t = &mut state.today;
            t.fetch.refused = Some(message);
            if t.source != DaySource::Records {
                t.source = if t.queue_events {
                    DaySource::QueueEvents
                } else {
                    DaySource::Events
                };
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
            origin: Origin::Records,
            live_seq: 0,
            answered_at: None,
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
    use crate::model::payloads as p;
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

    /// A queue call event of `queue` about `call`, stamped `at`.
    #[allow(clippy::too_many_arguments)]
    fn queue_event(
        kind: EventKind,
        id: &str,
        queue: &str,
        call: &str,
        at: DateTime<Utc>,
        arrived: impl Into<Option<DateTime<Utc>>>,
        wait: Option<i64>,
        reason: &str,
    ) -> Event {
        let payload = p::QueueCallIn {
            call_id: call.into(),
            queue_id: queue.into(),
            arrival_time: arrived.into().map(Stamp::At).unwrap_or_default(),
            wait_time: wait,
            reason: reason.into(),
            ..p::QueueCallIn::default()
        };
        let payload = match kind {
            EventKind::QueueCallInArrived => EventPayload::QueueCallInArrived(payload),
            EventKind::QueueCallInUserConnected => EventPayload::QueueCallInUserConnected(payload),
            EventKind::QueueCallInOverflow => EventPayload::QueueCallInOverflow(payload),
            _ => EventPayload::QueueCallInDisconnected(payload),
        };
        fixture::rte(kind, fixture::envelope(id, queue, at), payload)
    }

    /// The loaded state on a hub that offers the queue call events.
    fn with_queue_events() -> State {
        let mut s = loaded_state();
        update(
            &mut s,
            Event::Session(crate::rte::SessionUpdate::NotOffered {
                names: Vec::new(),
                skipped: 0,
            }),
        );
        let now = s.now;
        update(&mut s, Event::Tick(now));
        assert!(s.today.queue_events);
        s
    }

    #[test]
    fn queue_call_events_count_each_call_once_with_the_records() {
        let mut s = with_queue_events();
        let now = s.now;
        let ago = |secs| now - Duration::seconds(secs);
        records(&mut s, vec![answer("c1", "q-sales", 5)]);
        assert_eq!(
            s.today.label(s.utc_offset),
            "today (call records + queue events)"
        );
        use EventKind::*;
        for e in [
            // c1 again (the records have it), c2 answered in 30 s (from its arrival),
            // c3 answered in 10 s, c4 abandoned, c5 overflowed.
            queue_event(
                QueueCallInUserConnected,
                "e1",
                "q-sales",
                "c1",
                now,
                ago(60),
                Some(99),
                "",
            ),
            queue_event(
                QueueCallInArrived,
                "e2",
                "q-sales",
                "c2",
                ago(30),
                ago(30),
                None,
                "",
            ),
            queue_event(
                QueueCallInUserConnected,
                "e3",
                "q-sales",
                "C2",
                now,
                None,
                None,
                "",
            ),
            queue_event(
                QueueCallInUserConnected,
                "e4",
                "q-sales",
                "c3",
                now,
                ago(10),
                Some(10),
                "",
            ),
            queue_event(
                QueueCallInDisconnected,
                "e5",
                "q-sales",
                "c3",
                now,
                ago(10),
                Some(10),
                "Answered",
            ),
            queue_event(
                QueueCallInDisconnected,
                "e6",
                "q-sales",
                "c4",
                now,
                ago(50),
                Some(50),
                "Abandoned",
            ),
            queue_event(
                QueueCallInOverflow,
                "e7",
                "q-sales",
                "c5",
                now,
                now,
                Some(0),
                "QueueFull",
            ),
        ] {
            update(&mut s, e);
        }
        let f = s.today.figures("q-sales");
        assert_eq!(
            (f.offered, f.answered, f.abandoned, f.overflowed),
            (Some(5), Some(3), Some(1), Some(1))
        );
        assert_eq!(f.service_level, Some(40.0), "c1 (5 s) and c3 (10 s) of 5");
        assert_eq!(f.longest_wait_secs, Some(30));
        // c2's conversation ends 95 s after it was answered: its talk time.
        assert_eq!(f.avg_talk_secs, Some(0), "c3 ended as it was answered");
        update(
            &mut s,
            queue_event(
                QueueCallInDisconnected,
                "e10",
                "q-sales",
                "c2",
                now + Duration::seconds(95),
                ago(30),
                Some(30),
                "Answered",
            ),
        );
        let f = s.today.figures("q-sales");
        assert_eq!(f.avg_talk_secs, Some(48), "(0 + 95) / 2, rounded");
        assert_eq!(f.answered, Some(3));
        // An agent's event for a call the queue told of adds nothing.
        update(&mut s, call_connected("u-aino", "e8", now, "c3", "+358"));
        update(
            &mut s,
            user_status("u-aino", "e9", now, true, Some("q-sales")),
        );
        assert_eq!(s.today.figures("q-sales").answered, Some(3));
        assert!(!s.today.fetch.prompted, "the queue's events gave the wait");
        // The next read has c2 with its own wait; the others stay (records may lag).
        s.today.fetch.in_flight = true;
        s.today.fetch.asked_seq = s.live_seq;
        records(
            &mut s,
            vec![answer("c1", "q-sales", 5), answer("c2", "q-sales", 12)],
        );
        let f = s.today.figures("q-sales");
        assert_eq!((f.offered, f.answered), (Some(5), Some(3)));
        assert_eq!(f.service_level, Some(60.0));
    }

    #[test]
    fn without_records_queue_call_events_count_since_start_and_again_after_a_gap() {
        let mut s = with_queue_events();
        let start = s.today.day_start;
        update(
            &mut s,
            Event::CallRecords {
                start,
                result: Err(RecordsFailure {
                    message: "403 Forbidden".into(),
                    refused: true,
                }),
            },
        );
        assert_eq!(s.today.source, DaySource::QueueEvents);
        assert!(s.today.label(s.utc_offset).ends_with("(queue events)"));
        let now = s.now;
        use EventKind::*;
        update(
            &mut s,
            queue_event(
                QueueCallInUserConnected,
                "e1",
                "q-sales",
                "c1",
                now,
                now - Duration::seconds(25),
                Some(25),
                "",
            ),
        );
        update(
            &mut s,
            queue_event(
                QueueCallInDisconnected,
                "e2",
                "q-sales",
                "c2",
                now,
                now - Duration::seconds(5),
                None,
                "Abandoned",
            ),
        );
        // Before counting began, or a call of yesterday's: not counted.
        let before = s.today.since - Duration::seconds(1);
        update(
            &mut s,
            queue_event(
                QueueCallInOverflow,
                "e3",
                "q-sales",
                "c3",
                before,
                now,
                Some(0),
                "",
            ),
        );
        update(
            &mut s,
            queue_event(
                QueueCallInUserConnected,
                "e4",
                "q-sales",
                "c4",
                now,
                start - Duration::seconds(1),
                Some(5),
                "",
            ),
        );
        // A shape that does not decode counts nothing and breaks nothing.
        let mut raw = RteEvent::new(
            QueueCallInOverflow,
            fixture::envelope("e5", "q-sales", now),
            EventPayload::Raw(serde_json::json!({"call_id": {"x": 1}})),
        );
        raw.decode_error = Some("invalid type".into());
        update(
            &mut s,
            Event::Session(crate::rte::SessionUpdate::Events(vec![raw])),
        );
        let f = s.today.figures("q-sales");
        assert_eq!(
            (f.offered, f.answered, f.abandoned, f.service_level),
            (Some(2), Some(1), Some(1), Some(0.0))
        );
        // The connection drops and comes back: what came meanwhile is not known.
        let later = now + Duration::seconds(90);
        update(&mut s, Event::Tick(later));
        update(
            &mut s,
            Event::Session(crate::rte::SessionUpdate::State(
                ConnectionState::Reconnecting {
                    attempt: 1,
                    reason: "gone".into(),
                    retry_in: std::time::Duration::from_secs(1),
                },
            )),
        );
        update(
            &mut s,
            Event::Session(crate::rte::SessionUpdate::State(ConnectionState::Live)),
        );
        assert_eq!(s.today.since, later);
        assert_eq!(s.today.figures("q-sales").offered, Some(0));
        assert!(s.log.entries.iter().any(|e| e.text.contains("start again")));
        // The hub stops offering them: answers from the agents' events, from now.
        update(
            &mut s,
            Event::Session(crate::rte::SessionUpdate::NotOffered {
                names: vec!["QueueCallInUserConnected".into()],
                skipped: 4,
            }),
        );
        assert_eq!(s.today.source, DaySource::Events);
        assert_eq!(s.today.figures("q-sales").offered, None);
    }

    #[test]
    fn an_event_stamped_after_midnight_starts_the_day_and_our_clock_does_not_take_it_back() {
        let mut s = loaded_state();
        let start = s.today.day_start;
        records(&mut s, call_records(start));
        let midnight = start + Duration::days(1);
        // The server's clock runs 3 s ahead of ours.
        let ours = midnight - Duration::seconds(2);
        update(&mut s, Event::Tick(ours));
        update(
            &mut s,
            call_connected(
                "u-aino",
                "e1",
                midnight + Duration::seconds(1),
                "c1",
                "+358",
            ),
        );
        assert_eq!(s.today.day_start, midnight);
        assert_eq!(s.today.calls_known(), 0);
        update(&mut s, Event::Tick(ours + Duration::seconds(1)));
        assert_eq!(s.today.day_start, midnight, "not back to yesterday");
    }
}
