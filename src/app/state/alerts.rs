//! Alert rules from the config file: per queue (by id or name, else the default rules),
//! a warn and an alert threshold for each measure, a hold time before a level is entered
//! (`for`, so a blip never fires) and a clear margin (hysteresis, so a value hovering at
//! a threshold does not flap). Every crossing, up or down, goes into the event log with
//! the rule and the value; entering alert rings the terminal bell when asked to, at most
//! once per `bell_every`.
//!
//! The rules and what they hold (the data); `app::alerts` evaluates them on the clock.

use super::queues::Level;
use chrono::{DateTime, Duration, Utc};
use std::collections::BTreeMap;

/// What a rule watches.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Measure {
    /// Callers waiting, at or above.
    Callers,
    /// The longest wait in seconds, at or above.
    LongestWait,
    /// Today's service level in per cent, below.
    ServiceLevelBelow,
    /// Free agents, below.
    FreeBelow,
    /// Calls abandoned today, above.
    AbandonedAbove,
}

impl Measure {
    pub const ALL: [Measure; 5] = [
        Measure::Callers,
        Measure::LongestWait,
        Measure::ServiceLevelBelow,
        Measure::FreeBelow,
        Measure::AbandonedAbove,
    ];

    /// The config key.
    pub fn key(self) -> &'static str {
        match self {
            Measure::Callers => "callers",
            Measure::LongestWait => "longest_wait",
            Measure::ServiceLevelBelow => "sl_below",
            Measure::FreeBelow => "free_below",
            Measure::AbandonedAbove => "abandoned_above",
        }
    }

    /// A low value is the bad one.
    pub fn below(self) -> bool {
        matches!(self, Measure::ServiceLevelBelow | Measure::FreeBelow)
    }

    /// Does `v` cross `threshold` (without margin)?
    pub fn crosses(self, v: f64, threshold: f64) -> bool {
        match self {
            Measure::Callers | Measure::LongestWait => v >= threshold,
            Measure::AbandonedAbove => v > threshold,
            Measure::ServiceLevelBelow | Measure::FreeBelow => v < threshold,
        }
    }

    /// Is `v` still short of clearing `threshold` by `margin`?
    pub fn holds(self, v: f64, threshold: f64, margin: f64) -> bool {
        if self.below() {
            self.crosses(v, threshold + margin)
        } else {
            self.crosses(v, threshold - margin)
        }
    }

    pub fn format(self, v: f64) -> String {
        match self {
            Measure::LongestWait => {
                let s = (v as i64).max(0);
                format!("{}:{:02}", s / 60, s % 60)
            }
            Measure::ServiceLevelBelow => format!("{v:.1} %"),
            _ => format!("{}", v as i64),
        }
    }

    pub fn words(self) -> &'static str {
        match self {
            Measure::Callers => "callers waiting",
            Measure::LongestWait => "longest wait",
            Measure::ServiceLevelBelow => "SL%",
            Measure::FreeBelow => "free agents",
            Measure::AbandonedAbove => "abandoned today",
        }
    }
}

/// A warn and an alert threshold (either may be absent).
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Pair {
    pub warn: Option<f64>,
    pub alert: Option<f64>,
}

/// The rules of one queue (or the default ones).
#[derive(Debug, Clone, PartialEq)]
pub struct RuleSet {
    pub measures: BTreeMap<Measure, Pair>,
    /// How long a condition must hold before its level is entered.
    pub hold: Duration,
    /// Clear margin in per cent of the threshold (at least one unit).
    pub clear_percent: f64,
}

impl Default for RuleSet {
    fn default() -> Self {
        RuleSet {
            measures: BTreeMap::new(),
            hold: Duration::seconds(30),
            clear_percent: 10.0,
        }
    }
}

impl RuleSet {
    pub fn margin(&self, threshold: f64) -> f64 {
        (threshold.abs() * self.clear_percent / 100.0).max(1.0)
    }
}

/// Every rule, and the bell.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Rules {
    pub default: Option<RuleSet>,
    /// By queue id or name (lower-case).
    pub queues: BTreeMap<String, RuleSet>,
    pub bell: bool,
    /// The bell rings at most once per this.
    pub bell_every: Duration,
    /// `[alerts.agents]`: the agent state limits.
    pub agents: super::limits::AgentLimits,
}

impl Rules {
    pub fn is_empty(&self) -> bool {
        self.default.is_none() && self.queues.is_empty()
    }

    /// The rules of a queue: its own (by id, then name), else the default.
    pub fn for_queue(&self, id: &str, name: &str) -> Option<&RuleSet> {
        self.queues
            .get(&id.to_lowercase())
            .or_else(|| self.queues.get(&name.to_lowercase()))
            .or(self.default.as_ref())
    }
}

/// One (queue, measure)'s state.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Watch {
    pub level: Level,
    /// Since when the value has crossed the warn / alert threshold, unbroken.
    pub warn_since: Option<DateTime<Utc>>,
    pub alert_since: Option<DateTime<Utc>>,
}

/// The rules and what they found.
#[derive(Debug, Clone, Default)]
pub struct Alerts {
    pub rules: Rules,
    pub watches: BTreeMap<(String, Measure), Watch>,
    pub last_bell: Option<DateTime<Utc>>,
    /// Bells rung (for the record).
    pub bells: u64,
}

impl Alerts {
    /// The worst level the rules hold for a queue now.
    pub fn level_of(&self, queue_id: &str) -> Level {
        Measure::ALL
            .iter()
            .filter_map(|m| self.watches.get(&(queue_id.to_owned(), *m)))
            .map(|w| w.level)
            .max()
            .unwrap_or_default()
    }
}
