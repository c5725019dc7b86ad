//! Queue rows: the counters of `QueueStatus` (and the REST snapshot), their levels
//! against the thresholds, the sparkline history, and the columns they sort by.

use chrono::{DateTime, Utc};
use serde::Deserialize;
use std::collections::VecDeque;

/// Seconds per sparkline bucket (the sparkline shows the busiest moment of each bucket).
pub const SPARK_BUCKET_SECS: i64 = 10;
/// Buckets kept per queue: 60 × 10 s = the last ten minutes.
pub const SPARK_BUCKETS: usize = 60;
/// When a queue row turns warn or alert. Either measure can trigger a level.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Thresholds {
    pub waiting_warn: i64,
    pub waiting_alert: i64,
    pub longest_wait_warn_secs: i64,
    pub longest_wait_alert_secs: i64,
}

impl Default for Thresholds {
    fn default() -> Self {
        Thresholds {
            waiting_warn: 3,
            waiting_alert: 6,
            longest_wait_warn_secs: 60,
            longest_wait_alert_secs: 180,
        }
    }
}

/// Severity of a queue row.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub enum Level {
    #[default]
    Ok,
    Warn,
    Alert,
}

impl Level {
    /// Glyph and word: the level is readable without colour.
    pub fn label(self) -> &'static str {
        match self {
            Level::Ok => "· ok",
            Level::Warn => "▲ WARN",
            Level::Alert => "■ ALERT",
        }
    }
}

/// Queue open status (OpenStatus 0–6) in words.
pub fn open_status_word(code: i64) -> &'static str {
    match code {
        1 => "No handler",
        2 => "No handler?",
        3 => "Closed",
        4 => "Closed?",
        5 => "Open",
        6 => "Open?",
        _ => "NA",
    }
}

/// One service queue.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct QueueRow {
    pub id: String,
    pub name: String,
    pub open_status: i64,
    /// Callers waiting (NbrOfQueuingRequesters / QueueLength).
    pub waiting: i64,
    /// MaxWaitTime as last reported, in seconds.
    pub max_wait_secs: i64,
    /// Local time when `max_wait_secs` was reported: the longest wait ticks on from there.
    pub max_wait_at: Option<DateTime<Utc>>,
    pub allocated: i64,
    pub connected: i64,
    pub free: i64,
    pub serving: i64,
    pub wrap_up: i64,
    pub short_away: i64,
    pub long_away: i64,
    pub fetch_mode: i64,
    /// Envelope timestamp of the last QueueStatus applied (stale events are ignored).
    pub version: Option<DateTime<Utc>>,
    /// `State::live_seq` when a QueueStatus last set the counters (0: never).
    pub live_seq: u64,
    /// The counters are REST's (`GET /queues`), which neither splits the calls into
    /// ringing and connected nor says who is away: those show as not known until a
    /// QueueStatus.
    pub from_rest: bool,
    /// Closed sparkline buckets, oldest first; `None` for a bucket without live data
    /// (an outage: the sparkline shows a gap, not a flat line).
    pub history: VecDeque<Option<i64>>,
    /// The busiest moment of the open bucket.
    pub bucket_max: i64,
    /// The open bucket has seen live data.
    pub bucket_live: bool,
    pub bucket_start: Option<DateTime<Utc>>,
}

impl QueueRow {
    /// The longest wait now: the reported value plus the time since, while callers wait.
    pub fn longest_wait_secs(&self, now: DateTime<Utc>) -> i64 {
        if self.waiting <= 0 {
            return 0;
        }
        let since = self
            .max_wait_at
            .map(|at| (now - at).num_seconds().max(0))
            .unwrap_or(0);
        self.max_wait_secs.max(0) + since
    }

    pub fn level(&self, t: &Thresholds, now: DateTime<Utc>) -> Level {
        let wait = self.longest_wait_secs(now);
        if self.waiting >= t.waiting_alert || wait >= t.longest_wait_alert_secs {
            Level::Alert
        } else if self.waiting >= t.waiting_warn || wait >= t.longest_wait_warn_secs {
            Level::Warn
        } else {
            Level::Ok
        }
    }

    /// The sparkline samples, oldest first, including the open bucket; `None` where
    /// there was no live data.
    pub fn spark_samples(&self) -> impl Iterator<Item = Option<i64>> + '_ {
        self.history
            .iter()
            .copied()
            .chain(std::iter::once(self.bucket_live.then_some(self.bucket_max)))
    }
}

/// Queue columns (sort keys).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum QueueColumn {
    Level,
    #[default]
    Name,
    Open,
    Waiting,
    Longest,
    Connected,
    Free,
    Serving,
    WrapUp,
    ShortAway,
    LongAway,
    Fetch,
    /// Today's calls (see `state::today`).
    Answered,
    Abandoned,
    ServiceLevel,
    Offered,
    AvgWait,
    AvgTalk,
}

impl QueueColumn {
    pub const ALL: [QueueColumn; 18] = [
        QueueColumn::Level,
        QueueColumn::Name,
        QueueColumn::Open,
        QueueColumn::Waiting,
        QueueColumn::Longest,
        QueueColumn::Connected,
        QueueColumn::Free,
        QueueColumn::Serving,
        QueueColumn::WrapUp,
        QueueColumn::ShortAway,
        QueueColumn::LongAway,
        QueueColumn::Fetch,
        QueueColumn::Answered,
        QueueColumn::Abandoned,
        QueueColumn::ServiceLevel,
        QueueColumn::Offered,
        QueueColumn::AvgWait,
        QueueColumn::AvgTalk,
    ];

    /// The column's header, as the pane shows it (also in "sort: …" and the toasts).
    pub fn title(self) -> &'static str {
        match self {
            QueueColumn::Level => "LEVEL",
            QueueColumn::Name => "QUEUE",
            QueueColumn::Open => "OPEN",
            QueueColumn::Waiting => "CALLERS",
            QueueColumn::Longest => "LONGEST",
            QueueColumn::Connected => "ALLOC/CONN",
            QueueColumn::Free => "FREE",
            QueueColumn::Serving => "SERV",
            QueueColumn::WrapUp => "WRAP",
            QueueColumn::ShortAway => "S-AWAY",
            QueueColumn::LongAway => "L-AWAY",
            QueueColumn::Fetch => "FETCH",
            QueueColumn::Answered => "ANS",
            QueueColumn::Abandoned => "ABND",
            QueueColumn::ServiceLevel => "SL%",
            QueueColumn::Offered => "OFFERED",
            QueueColumn::AvgWait => "AVG WAIT",
            QueueColumn::AvgTalk => "AVG TALK",
        }
    }

    /// Counts and levels sort worst (largest) first when chosen; names A to Z.
    pub fn starts_descending(self) -> bool {
        !matches!(self, QueueColumn::Name | QueueColumn::Open)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn open_status_words() {
        let words: Vec<&str> = (0..=7).map(open_status_word).collect();
        assert_eq!(
            words,
            [
                "NA",
                "No handler",
                "No handler?",
                "Closed",
                "Closed?",
                "Open",
                "Open?",
                "NA"
            ]
        );
    }
}
