//! The event log: what a supervisor should notice, newest last, bounded. Alerts,
//! overflows, supervision offers, action results and connection changes.

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
    /// Entry rows the pane showed in the last frame (0: not shown yet).
    pub rows: u16,
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
