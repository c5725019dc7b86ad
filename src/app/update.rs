//! `update()`: the pure state machine of the console. No I/O: it changes the state and
//! returns the effects the runner must carry out. Each kind of event goes to its place:
//! keys to [`super::dispatch`], the REST snapshot to [`super::snapshot`], RTE events to
//! [`super::live`]; the clock and the session's connection changes live here.

use super::effect::Effect;
use super::event::Event;
use super::state::{
    LogKind, LogLevel, QueueRow, State, ToastLevel, SPARK_BUCKETS, SPARK_BUCKET_SECS,
};
use crate::rte::{ConnectionState, SessionUpdate};
use crate::sanitize::clean;
use chrono::{DateTime, Duration, Utc};

/// Applies one event; returns what the runner must do.
pub fn update(state: &mut State, event: Event) -> Vec<Effect> {
    let mut effects = apply(state, event);
    effects.extend(super::live::calls::poll(state));
    super::live::agent_day::roll(state);
    effects
}

fn apply(state: &mut State, event: Event) -> Vec<Effect> {
    match event {
        Event::Key(key) => {
            let mut effects = super::dispatch::on_key(state, key);
            effects.extend(super::subscriptions::sync_transcript(state));
            effects
        }
        Event::Resize { cols, rows } => {
            state.view.screen_cols = cols;
            state.view.screen_rows = rows;
            state.dirty = true;
            Vec::new()
        }
        Event::PaneAreas(areas) => {
            state.view.pane_areas = areas;
            Vec::new()
        }
        Event::Click { col, row } => {
            if matches!(state.view.mode, super::state::Mode::Normal) {
                super::panes::click(state, col, row);
                if state.view.focus == super::pane::Pane::Agents {
                    return super::subscriptions::sync_transcript(state);
                }
            }
            Vec::new()
        }
        Event::LogRows(rows) => {
            state.view.log.rows = rows;
            let top = super::panes::log_top(state);
            if state.view.log.scroll > top {
                state.view.log.scroll = top;
                state.dirty = true;
            }
            Vec::new()
        }
        Event::Tick(now) => {
            on_tick(state, now);
            prune_transcripts(state);
            let mut effects = super::snapshot::on_tick(state);
            effects.extend(super::alerts::evaluate(state));
            effects
        }
        Event::Reload => {
            super::live::calls::read_now(state);
            super::snapshot::request(state)
        }
        Event::Snapshot(snapshot) => {
            // After a reconnect: what the records say now.
            super::live::calls::read_now(state);
            let effects = super::snapshot::apply(state, *snapshot);
            super::live::agent_day::after_snapshot(state);
            effects
        }
        Event::CallRecords { start, result } => {
            super::live::agent_day::on_records(state, start, &result);
            super::live::calls::on_records(state, start, result);
            Vec::new()
        }
        Event::SnapshotFailed(message) => super::snapshot::failed(state, &message),
        Event::Session(update) => on_session(state, update),
        Event::Shutdown => {
            state.quitting = true;
            vec![Effect::Quit]
        }
        Event::ActionDone { what, result } => super::actions::on_done(state, &what, result),
    }
}

// ---------------------------------------------------------------------------------------
// Clock

fn on_tick(state: &mut State, now: DateTime<Utc>) {
    state.now = now;
    state.toasts.retain(|t| t.until > now);
    let live = state.live_lost_at.is_none();
    for q in state.queues.values_mut() {
        roll_sparkline(q, now, live);
    }
    state.dirty = true;
}

/// Closes the sparkline buckets that ended by `now`. A bucket that saw no live data is
/// a gap (`None`): an outage is not drawn as a flat line.
fn roll_sparkline(q: &mut QueueRow, now: DateTime<Utc>, live: bool) {
    let bucket = Duration::seconds(SPARK_BUCKET_SECS);
    let Some(mut start) = q.bucket_start else {
        q.bucket_start = Some(now);
        q.bucket_live = live;
        return;
    };
    let mut pushed = 0;
    while now - start >= bucket {
        q.history.push_back(q.bucket_live.then_some(q.bucket_max));
        if q.history.len() > SPARK_BUCKETS {
            q.history.pop_front();
        }
        q.bucket_max = q.waiting;
        // The next bucket begins now if live; buckets passed whole while not live are
        // gaps.
        q.bucket_live = live && now - (start + bucket) < bucket;
        start += bucket;
        pushed += 1;
        if pushed > SPARK_BUCKETS {
            // A long pause (suspend): start over from now.
            start = now;
        }
    }
    q.bucket_start = Some(start);
    q.bucket_live |= live;
}

/// Drops old transcripts (called on the clock tick).
fn prune_transcripts(state: &mut State) {
    let now = state.now;
    let calls = &state.calls;
    state
        .transcripts
        .prune(&|id: &str| calls.contains_key(id), now);
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
                stale_marks(state, &cs);
                connection_changed(state, &cs);
                state.connection = cs;
                state.connection_since = state.now;
                state.dirty = true;
            }
            Vec::new()
        }
        SessionUpdate::Events(batch) => {
            super::live::on_rte_events(state, &batch);
            Vec::new()
        }
        SessionUpdate::SubscriptionRejected { key, message } => {
            let target = state
                .queue_name(&key.entity_id)
                .or_else(|| state.agents.get(&key.entity_id).map(|a| a.name.as_str()))
                .unwrap_or(&key.entity_id)
                .to_owned();
            state.subscribed.remove(&key);
            if let Some(agent) = state.agents.get_mut(&key.entity_id) {
                agent.no_access = true;
            }
            state.refused.insert(key.clone());
            let what = format!("{} for {}", key.event.name(), clean(&target));
            refused(state, what, clean(&message).into_owned());
            Vec::new()
        }
        // Counted as held again ("live (N of M subscriptions)").
        SessionUpdate::SubscriptionsRestored(keys) => {
            for key in keys {
                state.refused.remove(&key);
                let entity = key.entity_id.clone();
                state.subscribed.insert(key);
                if !state.refused.iter().any(|k| k.entity_id == entity) {
                    if let Some(agent) = state.agents.get_mut(&entity) {
                        agent.no_access = false;
                    }
                }
            }
            state.dirty = true;
            Vec::new()
        }
        SessionUpdate::Resynced => {
            // Events were missed (a reconnect, or held events dropped): what agents do
            // may have changed unseen, and calls may have ended. The reload confirms
            // availabilities and wrap-ups; activities wait for their next event.
            let now = state.now;
            for a in state.agents.values_mut() {
                a.forget_activity(now);
            }
            state.calls.clear();
            state.dirty = true;
            super::snapshot::request(state)
        }
        // The session logged which; they are not counted as held.
        SessionUpdate::NotOffered { names, .. } => {
            state.not_offered = names.iter().map(|n| n.to_ascii_lowercase()).collect();
            state.dirty = true;
            Vec::new()
        }
    }
}

/// Toast group of refused subscriptions.
const REFUSED: &str = "refused";
/// Refusals of one burst listed one by one in the event log; the rest are counted.
const REFUSALS_LOGGED: usize = 3;

/// A refused subscription: one toast that counts a burst of them (a login that may not
/// see other agents gets hundreds at once), and the first few in the event log.
fn refused(state: &mut State, what: String, message: String) {
    let text = format!("{what} refused: {message}");
    if state.toast_of_group(REFUSED).is_none() {
        state.refused_in_burst = 0;
    }
    state.refused_in_burst += 1;
    let n = state.refused_in_burst;
    if n <= REFUSALS_LOGGED {
        state.add_log(LogKind::Connection, LogLevel::Warn, text.clone());
    } else if n == REFUSALS_LOGGED + 1 {
        state.add_log(
            LogKind::Connection,
            LogLevel::Warn,
            "more subscriptions refused: counted in the toast, not listed",
        );
    }
    let toast = if n == 1 {
        text
    } else {
        format!(
            "{n} subscriptions refused: {message} (latest: {what}) — this login may not see them"
        )
    };
    state.toast_in_group(REFUSED, ToastLevel::Error, toast);
}

/// When the live data stopped: set when leaving "live", cleared when live again.
/// Refusals are counted afresh from leaving "live" on: a reconnect subscribes anew, and
/// what it refuses comes before its "live".
fn stale_marks(state: &mut State, next: &ConnectionState) {
    let was_live = state.connection == ConnectionState::Live;
    match next {
        ConnectionState::Live => {
            state.live_lost_at = None;
            // The sparklines' open buckets have live data again.
            for q in state.queues.values_mut() {
                q.bucket_live = true;
            }
            // Subscriptions are in place from now: an activity still unknown has not
            // changed since.
            let now = state.now;
            for a in state.agents.values_mut() {
                a.watch_from(now);
            }
        }
        // Refusals are cleared when leaving live, so those of a reconnect's restore
        // (reported before Live) count in "live (N of M subscriptions)".
        _ if was_live => {
            state.live_lost_at = Some(state.now);
            state.refused.clear();
        }
        _ => {}
    }
}

/// Records a connection change (called by `update()` when the state changes).
fn connection_changed(state: &mut State, cs: &ConnectionState) {
    let (level, text) = match cs {
        ConnectionState::Connecting => (LogLevel::Info, "Connecting to the live events…".into()),
        ConnectionState::Live => (LogLevel::Ok, "Live events connected".into()),
        ConnectionState::Reconnecting {
            attempt, reason, ..
        } => (
            LogLevel::Warn,
            format!(
                "Connection lost ({}); reconnecting, attempt {attempt}",
                clean(reason)
            ),
        ),
        ConnectionState::Failed { reason } => (
            LogLevel::Alert,
            format!("Connection failed: {}", clean(reason)),
        ),
    };
    state.add_log(LogKind::Connection, level, text);
}
