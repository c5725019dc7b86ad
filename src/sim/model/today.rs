//! Each queue's figures for the simulated day, the truth behind the console's ANS, ABND
//! and SL%. The day is the tenant's calendar day; the simulated tenant keeps UTC, so it
//! starts at 00:00 UTC. A call belongs to the day it arrived on (as `/servicecall`'s
//! `StartTime` selects it) and counts once its outcome is known: answered when an agent
//! connects, abandoned when the caller gives up, overflowed when the queue was full.
//! Waits are whole seconds, as `/servicecall` gives them (`WaitTime`), so a count drawn
//! from that route can equal these exactly.

use super::history::CallOutcome;
use super::*;
use serde::{Deserialize, Serialize};

/// The service-level target every simulated queue has: answered within 20 s.
pub const SERVICE_LEVEL_TARGET_SECS: i64 = 20;

/// One queue's day so far.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct QueueToday {
    /// Answered + abandoned + overflowed.
    pub offered: i64,
    pub answered: i64,
    /// The caller hung up while waiting or while an agent's phone rang.
    pub abandoned: i64,
    /// The queue was full when the call came.
    pub overflowed: i64,
    /// Answered with a wait of at most [`SERVICE_LEVEL_TARGET_SECS`].
    pub answered_within_target: i64,
    pub target_secs: i64,
    /// Seconds the answered calls waited, summed, and the longest of them.
    pub wait_sum: i64,
    pub longest_wait: i64,
    /// Seconds of conversation of the answered calls that have ended, and how many.
    pub handle_sum: i64,
    pub handled: i64,
}

impl QueueToday {
    fn count(&mut self, outcome: CallOutcome, wait: i64, talk: Option<i64>) {
        self.offered += 1;
        match outcome {
            CallOutcome::Answered => {
                self.answered += 1;
                self.wait_sum += wait;
                self.longest_wait = self.longest_wait.max(wait);
                if wait <= self.target_secs {
                    self.answered_within_target += 1;
                }
                if let Some(t) = talk {
                    self.handle_sum += t;
                    self.handled += 1;
                }
            }
            CallOutcome::Abandoned => self.abandoned += 1,
            CallOutcome::Overflow => self.overflowed += 1,
        }
    }

    /// Service level in per cent of the offered calls; `None` before the first call.
    pub fn service_level(&self) -> Option<f64> {
        (self.offered > 0).then(|| self.answered_within_target as f64 * 100.0 / self.offered as f64)
    }
}

/// Whole seconds from `a` to `b`, never negative (what `/servicecall` writes).
pub(crate) fn whole_secs(a: DateTime<Utc>, b: DateTime<Utc>) -> i64 {
    (b - a).num_seconds().max(0)
}

impl Model {
    /// When the simulated day began: 00:00 UTC of `now`.
    pub fn day_start(&self) -> DateTime<Utc> {
        let date = self.now.date_naive();
        date.and_hms_opt(0, 0, 0)
            .map(|t| t.and_utc())
            .unwrap_or(self.now)
    }

    /// Calls being talked now (answered, not ended), oldest arrival first.
    pub(crate) fn talking_calls(&self) -> impl Iterator<Item = (&Call, usize, DateTime<Utc>)> {
        self.calls.iter().filter_map(|c| match c.state {
            CallState::Talking { agent, since, .. } => Some((c, agent, since)),
            _ => None,
        })
    }

    /// Every queue's day so far, by queue index.
    pub fn today(&self) -> Vec<QueueToday> {
        self.counted(None, true)
    }

    /// Every queue's calls whose outcome came after `since` (answered: when the agent
    /// connected; abandoned: when the caller hung up; overflowed: on arrival), and
    /// with `arrived_today` only those that arrived today: what a console counts from
    /// the events it saw since `since` (the queue call events know the arrival, the
    /// agents' events do not). An outcome at `since` itself came before a console that
    /// started on the simulator paused at that moment, and is not counted.
    pub fn today_since(&self, since: DateTime<Utc>, arrived_today: bool) -> Vec<QueueToday> {
        self.counted(Some(since), arrived_today)
    }

    /// Each queue's calls, finished and being talked, whose outcome came after `since`
    /// (every outcome when `None`), of those that arrived today or (without
    /// `arrived_today`) since a day before `since`.
    fn counted(&self, since: Option<DateTime<Utc>>, arrived_today: bool) -> Vec<QueueToday> {
        let start = self.day_start();
        let mut out = vec![
            QueueToday {
                target_secs: SERVICE_LEVEL_TARGET_SECS,
                ..QueueToday::default()
            };
            self.queues.len()
        ];
        let from = match since {
            Some(since) if !arrived_today => since - Duration::days(1),
            _ => start,
        };
        let after = |t: DateTime<Utc>| since.is_none_or(|s| t > s);
        let end = self.now + Duration::milliseconds(1);
        for c in self.records_between(from, end) {
            let left = c.answered.unwrap_or(c.ended);
            if !after(left) {
                continue;
            }
            let talk = c.answered.map(|a| whole_secs(a, c.ended));
            out[c.queue].count(c.outcome, whole_secs(c.arrived, left), talk);
        }
        for (c, _, answered) in self.talking_calls() {
            if after(answered) && (!arrived_today || c.arrived >= start) {
                out[c.queue].count(CallOutcome::Answered, whole_secs(c.arrived, answered), None);
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_call_counts_once_by_its_outcome_and_waits_in_whole_seconds() {
        let mut t = QueueToday {
            target_secs: 20,
            ..QueueToday::default()
        };
        t.count(CallOutcome::Answered, 20, Some(100));
        t.count(CallOutcome::Answered, 21, None);
        t.count(CallOutcome::Abandoned, 50, None);
        t.count(CallOutcome::Overflow, 0, None);
        assert_eq!(
            (t.offered, t.answered, t.abandoned, t.overflowed),
            (4, 2, 1, 1)
        );
        assert_eq!(t.answered_within_target, 1);
        assert_eq!((t.wait_sum, t.longest_wait), (41, 21));
        assert_eq!((t.handle_sum, t.handled), (100, 1));
        assert_eq!(t.service_level(), Some(25.0));
        assert_eq!(QueueToday::default().service_level(), None);
    }
}
