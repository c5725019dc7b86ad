//! The tenant-wide totals of the wall (and the queue pane's footer): distinct agents,
//! not agents once per queue they serve; closed queues are no capacity; each level says
//! which queue drives it.

use super::state::{Activity, Level, QueueRow, State};
use crate::model::rest::Availability;

/// A count of agents, some of whom may not be known yet (activity unknown).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct AgentCount {
    /// Agents known to be counted.
    pub known: usize,
    /// Agents who would count if their unknown activity is idle: the true figure is
    /// between `known` and `known + maybe`.
    pub maybe: usize,
}

impl AgentCount {
    /// Raises what is known to `n` when another source says at least `n` (the upper
    /// bound, `known + maybe`, stays).
    pub fn at_least(&mut self, n: i64) {
        let n = usize::try_from(n).unwrap_or(0);
        if self.maybe > 0 && n > self.known {
            let upper = self.known + self.maybe;
            self.known = n.min(upper);
            self.maybe = upper - self.known;
        }
    }

    /// "4", or "≥4" while some agents are not known yet.
    pub fn label(self) -> String {
        if self.maybe > 0 {
            format!("≥{}", self.known)
        } else {
            self.known.to_string()
        }
    }
}

/// What the wall shows, worst first.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Totals {
    /// Callers waiting in every queue.
    pub waiting: i64,
    /// The worst queue's level by its callers waiting, and that queue's name.
    pub waiting_level: Level,
    pub waiting_queue: Option<String>,
    pub longest_secs: i64,
    pub longest_level: Level,
    pub longest_queue: Option<String>,
    /// Distinct agents available and idle in an open queue.
    pub free: AgentCount,
    /// Distinct agents on wrap-up.
    pub wrap_up: AgentCount,
    /// Queues in alert.
    pub alerts: usize,
}

/// Only an open queue (OpenStatus 5 "Open" or 6 "Open?") offers capacity: a closed one,
/// one without a handler or one whose status is not known does not.
fn is_open(q: &QueueRow) -> bool {
    matches!(q.open_status, 5 | 6)
}

pub fn totals(state: &State) -> Totals {
    let now = state.data_now();
    let t = &state.thresholds;
    let mut out = Totals::default();
    // Only the queues of the set shown (`:view`), and the agents of those queues.
    let queues = || state.queues.values().filter(|q| state.in_view(q));
    for q in queues() {
        out.waiting += q.waiting;
        let waiting_level = if q.waiting >= t.waiting_alert {
            Level::Alert
        } else if q.waiting >= t.waiting_warn {
            Level::Warn
        } else {
            Level::Ok
        };
        if waiting_level > out.waiting_level {
            out.waiting_level = waiting_level;
            out.waiting_queue = Some(q.name.clone());
        }
        let longest = q.longest_wait_secs(now);
        if longest > out.longest_secs {
            out.longest_secs = longest;
            out.longest_queue = Some(q.name.clone());
        }
        if q.level(t, now) == Level::Alert {
            out.alerts += 1;
        }
    }
    out.longest_level = if out.longest_secs >= t.longest_wait_alert_secs {
        Level::Alert
    } else if out.longest_secs >= t.longest_wait_warn_secs {
        Level::Warn
    } else {
        Level::Ok
    };
    if out.longest_level == Level::Ok {
        out.longest_queue = None;
    }
    // The agents of the open queues, gathered once (not every queue per agent: 600
    // agents × 40 queues each frame of a wall).
    let in_open_queue: std::collections::HashSet<&str> = state
        .members
        .iter()
        .filter(|(queue, _)| {
            state
                .queues
                .get(*queue)
                .is_some_and(|q| is_open(q) && state.in_view(q))
        })
        .flat_map(|(_, members)| members.iter().map(String::as_str))
        .collect();
    let open_queue_of = |agent: &str| state.members.is_empty() || in_open_queue.contains(agent);
    let in_set = state.agents_in_view();
    for a in state.agents.values().filter(|a| {
        in_set
            .as_ref()
            .is_none_or(|set| set.contains(a.id.as_str()))
    }) {
        let activity = a.activity();
        // An availability not confirmed since a gap may be anything.
        let available = if a.unconfirmed || a.availability.is_none() {
            None
        } else {
            Some(a.availability == Some(Availability::Available))
        };
        match activity {
            Activity::WrapUp => out.wrap_up.known += 1,
            // Unknown and not read since a gap: may be on wrap-up.
            Activity::Unknown if a.wrap_up_unconfirmed => out.wrap_up.maybe += 1,
            _ => {}
        }
        if !open_queue_of(&a.id) {
            continue;
        }
        match (activity, available) {
            (Activity::Idle, Some(true)) => out.free.known += 1,
            (Activity::Idle | Activity::Unknown, Some(true) | None) => out.free.maybe += 1,
            _ => {}
        }
    }
    // Each queue's own counts (the platform's) are agents of the tenant too: while
    // some activities are unknown, the busiest open queue says at least that many.
    let open_queues = || queues().filter(|q| is_open(q));
    out.free
        .at_least(open_queues().map(|q| q.free).max().unwrap_or(0));
    out.wrap_up
        .at_least(queues().map(|q| q.wrap_up).max().unwrap_or(0));
    out
}
