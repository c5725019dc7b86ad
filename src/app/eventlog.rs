//! The event log: what a supervisor should notice, newest last, bounded. Alerts,
//! overflows, supervision offers, action results and connection changes.

use super::state::State;
use super::view::text_matches;
use crate::model::payloads as p;
use crate::model::{EventPayload, RteEvent};
use crate::rte::ConnectionState;
use crate::sanitize::clean;
use chrono::{DateTime, Utc};
use std::collections::VecDeque;

/// Entries kept; older ones fall off.
pub const LOG_CAP: usize = 1000;

/// What an entry is about (the log's kind filter).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum LogKind {
    Alert,
    Overflow,
    Supervision,
    Action,
    Connection,
}

impl LogKind {
    pub const ALL: [LogKind; 5] = [
        LogKind::Alert,
        LogKind::Overflow,
        LogKind::Supervision,
        LogKind::Action,
        LogKind::Connection,
    ];

    pub fn word(self) -> &'static str {
        match self {
            LogKind::Alert => "alert",
            LogKind::Overflow => "overflow",
            LogKind::Supervision => "monitor",
            LogKind::Action => "action",
            LogKind::Connection => "connection",
        }
    }
}

/// How an entry reads: good news, neutral, or trouble.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LogLevel {
    Ok,
    Info,
    Warn,
    Alert,
}

#[derive(Debug, Clone, PartialEq)]
pub struct LogEntry {
    pub at: DateTime<Utc>,
    pub kind: LogKind,
    pub level: LogLevel,
    pub text: String,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct EventLog {
    pub entries: VecDeque<LogEntry>,
    /// Entries dropped off the top.
    pub dropped: usize,
}

impl EventLog {
    pub fn push(&mut self, at: DateTime<Utc>, kind: LogKind, level: LogLevel, text: String) {
        self.entries.push_back(LogEntry {
            at,
            kind,
            level,
            text,
        });
        if self.entries.len() > LOG_CAP {
            self.entries.pop_front();
            self.dropped += 1;
        }
    }
}

/// The log pane's filters and scroll.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LogView {
    /// Show only this kind (None: all).
    pub kind: Option<LogKind>,
    pub filter: String,
    /// Entries scrolled up from the newest.
    pub scroll: usize,
}

impl LogView {
    /// all → alert → overflow → … → all.
    pub fn next_kind(&mut self) {
        self.kind = match self.kind {
            None => Some(LogKind::ALL[0]),
            Some(k) => {
                let i = LogKind::ALL.iter().position(|x| *x == k).unwrap_or(0);
                LogKind::ALL.get(i + 1).copied()
            }
        };
        self.scroll = 0;
    }
}

/// The entries shown, oldest first.
pub fn visible(state: &State) -> Vec<&LogEntry> {
    let v = &state.view.log;
    state
        .log
        .entries
        .iter()
        .filter(|e| v.kind.is_none_or(|k| e.kind == k))
        .filter(|e| text_matches(&e.text, &v.filter))
        .collect()
}

/// Adds an entry at the state's time.
pub fn log(state: &mut State, kind: LogKind, level: LogLevel, text: impl Into<String>) {
    let now = state.now;
    state.log.push(now, kind, level, text.into());
    state.dirty = true;
}

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
pub fn observe(state: &mut State, ev: &RteEvent) {
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
            log(state, LogKind::Alert, LogLevel::Alert, text);
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
            log(state, LogKind::Overflow, LogLevel::Warn, text);
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
            log(state, LogKind::Overflow, LogLevel::Warn, text);
        }
        EventPayload::UserCallAvailableForMonitoring(m) => {
            log(
                state,
                LogKind::Supervision,
                LogLevel::Info,
                monitoring_text(m),
            );
        }
        EventPayload::UserWrapUpTerminated(t) => {
            let user = or_entity(&t.user_id, entity);
            if state.agents.contains_key(user) && t.reason == "manual" {
                let who = agent_name(state, user, "");
                log(
                    state,
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

/// Records a connection change (called by `update()` when the state changes).
pub fn connection_changed(state: &mut State, cs: &ConnectionState) {
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
    log(state, LogKind::Connection, level, text);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bounded_and_filtered() {
        let mut s = State::new(Utc::now());
        for i in 0..(LOG_CAP + 3) {
            log(&mut s, LogKind::Action, LogLevel::Ok, format!("entry {i}"));
        }
        log(&mut s, LogKind::Alert, LogLevel::Alert, "Sales: waiting 90");
        assert_eq!(s.log.entries.len(), LOG_CAP);
        assert_eq!(s.log.dropped, 4);
        s.view.log.next_kind();
        assert_eq!(s.view.log.kind, Some(LogKind::Alert));
        assert_eq!(visible(&s).len(), 1);
        s.view.log.kind = None;
        s.view.log.filter = "entry 100".into();
        let shown: Vec<&str> = visible(&s).iter().map(|e| e.text.as_str()).collect();
        assert_eq!(
            shown,
            ["entry 100", "entry 1000", "entry 1001", "entry 1002"]
        );
        for _ in 0..=LogKind::ALL.len() {
            s.view.log.next_kind();
        }
        assert_eq!(s.view.log.kind, None, "cycles back to all");
    }
}
