//! The simulator's truth in the console's terms, for `GET /_sim/state`: what each agent
//! is doing and since when, each queue's figures, and the tenant-wide totals a wall
//! draws, counted over distinct agents. Test oracles read the same types back.
//!
//! Definitions (what the console must match):
//! - An agent's activity is `Idle`, `Ringing`, `Talking` or `WrapUp` (the model puts no
//!   call on hold); `ActivitySince` is when that activity began, `AvailabilitySince`
//!   when the current availability began (the `StartDate` of `availability/current`).
//! - Per queue, every agent attached to it counts once: free = Available and idle,
//!   away = any availability but Available, on wrap-up = wrapping up (whichever queue
//!   the call came from).
//! - The totals count each agent attached to at least one queue once, however many
//!   queues it serves; `AgentsFree` counts only agents attached to an open queue
//!   (OpenStatus 5 or 6): a closed queue is no capacity.

use super::*;
use serde::{Deserialize, Serialize};

/// What an agent is doing, as `/_sim/state` names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum AgentActivity {
    Idle,
    Ringing,
    Talking,
    WrapUp,
}

/// One agent's truth.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct AgentTruth {
    pub id: String,
    pub activity: AgentActivity,
    #[serde(with = "stamp")]
    pub activity_since: DateTime<Utc>,
    /// `Available`, `Busy`, `DoNotDisturb`, `OffWork`, `BRB` or `Away`.
    pub availability: String,
    #[serde(with = "stamp")]
    pub availability_since: DateTime<Utc>,
    /// The queue of the call being rung, talked or wrapped up, if any.
    pub active_queue_id: Option<String>,
    /// Ids of the queues the agent is attached to.
    pub queues: Vec<String>,
    /// Queue calls the agent answered today (since 00:00 of the simulated day),
    /// including the one being talked.
    #[serde(default)]
    pub answered_today: i64,
    /// Seconds talked in today's answered calls that ended.
    #[serde(default)]
    pub talk_secs_today: i64,
}

/// One queue's figures; agent counts are over the agents attached to it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct QueueFigures {
    pub queue_id: String,
    pub name: String,
    pub open_status: i64,
    /// OpenStatus 5 (Open) or 6 (Open?).
    pub open: bool,
    pub callers_waiting: i64,
    pub longest_wait_secs: i64,
    /// Calls of this queue ringing at an agent / connected to one.
    pub calls_ringing: i64,
    pub calls_talking: i64,
    pub agents_attached: i64,
    pub agents_checked_in: i64,
    pub agents_free: i64,
    pub agents_on_wrap_up: i64,
    pub agents_away: i64,
    /// The queue's calls of the simulated day.
    #[serde(default)]
    pub today: super::today::QueueToday,
}

/// Tenant-wide totals, each agent counted once.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct Totals {
    /// Agents attached to at least one queue.
    pub agents: i64,
    /// Available and idle, attached to at least one open queue.
    pub agents_free: i64,
    pub agents_on_wrap_up: i64,
    pub agents_away: i64,
    pub agents_talking: i64,
    pub agents_ringing: i64,
    /// Callers waiting in all queues (each caller waits in one queue).
    pub callers_waiting: i64,
    pub longest_wait_secs: i64,
    /// The queue with the longest wait (none when nobody waits).
    pub longest_wait_queue_id: Option<String>,
    pub open_queues: i64,
}

/// Timestamps as the rest of `/_sim/state` writes them (RFC 3339, milliseconds, `Z`).
mod stamp {
    use chrono::{DateTime, Utc};
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(t: &DateTime<Utc>, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&crate::model::time::format(t))
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<DateTime<Utc>, D::Error> {
        let text = String::deserialize(d)?;
        crate::model::time::parse(&text)
            .ok_or_else(|| serde::de::Error::custom(format!("not a timestamp: {text}")))
    }
}

impl Model {
    /// When agent `u`'s current activity began.
    pub(crate) fn activity_since(&self, u: usize) -> DateTime<Utc> {
        let user = &self.users[u];
        let call_since = |id: &str| {
            self.calls
                .iter()
                .find(|c| c.id == id)
                .and_then(|c| match c.state {
                    CallState::Ringing { since, .. } | CallState::Talking { since, .. } => {
                        Some(since)
                    }
                    CallState::Waiting => None,
                })
        };
        match &user.activity {
            Activity::Idle => user.idle_since,
            Activity::Ringing { call } => call_since(call).unwrap_or(self.now),
            Activity::Talking { call, .. } => call_since(call).unwrap_or(user.talking_changed),
            Activity::WrapUp(w) => w.started,
        }
    }

    /// The queue of agent `u`'s current call or wrap-up.
    fn active_queue(&self, u: usize) -> Option<usize> {
        match &self.users[u].activity {
            Activity::Talking { queue, .. } => Some(*queue),
            Activity::Ringing { call } => {
                self.calls.iter().find(|c| &c.id == call).map(|c| c.queue)
            }
            Activity::WrapUp(w) => w.queue,
            Activity::Idle => None,
        }
    }

    pub fn agent_truth(&self, u: usize) -> AgentTruth {
        let user = &self.users[u];
        let start = self.day_start();
        let end = self.now + Duration::milliseconds(1);
        let (mut answered_today, mut talk_secs_today) = (0, 0);
        for c in self.records_between(start, end) {
            if let (Some(at), Some(agent)) = (c.answered, c.agent) {
                if agent == u {
                    answered_today += 1;
                    talk_secs_today += super::today::whole_secs(at, c.ended);
                }
            }
        }
        answered_today += self
            .talking_calls()
            .filter(|(c, agent, _)| *agent == u && c.arrived >= start && c.arrived < end)
            .count() as i64;
        AgentTruth {
            id: user.id.clone(),
            activity: match user.activity {
                Activity::Idle => AgentActivity::Idle,
                Activity::Ringing { .. } => AgentActivity::Ringing,
                Activity::Talking { .. } => AgentActivity::Talking,
                Activity::WrapUp(_) => AgentActivity::WrapUp,
            },
            activity_since: self.activity_since(u),
            availability: user.availability.name().to_owned(),
            availability_since: user.availability_since,
            active_queue_id: self.active_queue(u).map(|q| self.queues[q].id.clone()),
            queues: user
                .queues
                .iter()
                .map(|(q, _)| self.queues[*q].id.clone())
                .collect(),
            answered_today,
            talk_secs_today,
        }
    }

    fn queue_is_open(&self, q: usize) -> bool {
        matches!(self.queues[q].open_status, 5 | 6)
    }

    pub fn queue_figures(&self, q: usize) -> QueueFigures {
        self.queue_figures_with(q, self.today().swap_remove(q))
    }

    /// Every queue's figures (the day's calls counted once for all).
    pub fn all_queue_figures(&self) -> Vec<QueueFigures> {
        self.today()
            .into_iter()
            .enumerate()
            .map(|(q, t)| self.queue_figures_with(q, t))
            .collect()
    }

    fn queue_figures_with(&self, q: usize, today: super::today::QueueToday) -> QueueFigures {
        let s = self.queue_status(q);
        let attached = || {
            self.users
                .iter()
                .filter(move |u| u.is_agent && u.queues.iter().any(|(qq, _)| *qq == q))
        };
        let away = attached()
            .filter(|u| u.availability != Availability::Available)
            .count() as i64;
        QueueFigures {
            queue_id: self.queues[q].id.clone(),
            name: self.queues[q].name.clone(),
            open_status: self.queues[q].open_status,
            open: self.queue_is_open(q),
            callers_waiting: s.nbr_of_queuing_requesters,
            longest_wait_secs: s.max_wait_time,
            calls_ringing: s.nbr_of_allocated,
            calls_talking: s.nbr_of_connected,
            agents_attached: attached().count() as i64,
            agents_checked_in: s.nbr_of_agents_checked_in_queue,
            agents_free: s.nbr_of_agents_immediately_free,
            agents_on_wrap_up: s.nbr_of_agents_on_wrap_up,
            agents_away: away,
            today,
        }
    }

    pub fn totals(&self) -> Totals {
        let attached: Vec<&UserState> = self
            .users
            .iter()
            .filter(|u| u.is_agent && !u.queues.is_empty())
            .collect();
        let count = |f: &dyn Fn(&UserState) -> bool| attached.iter().filter(|u| f(u)).count();
        let longest = (0..self.queues.len())
            .map(|q| (self.max_wait_secs(q), q))
            .filter(|(w, q)| *w > 0 || self.waiting_in(*q) > 0)
            .max_by_key(|&(w, q)| (w, std::cmp::Reverse(q)));
        Totals {
            agents: attached.len() as i64,
            agents_free: count(&|u| {
                u.availability == Availability::Available
                    && u.activity == Activity::Idle
                    && u.queues.iter().any(|(q, _)| self.queue_is_open(*q))
            }) as i64,
            agents_on_wrap_up: count(&|u| matches!(u.activity, Activity::WrapUp(_))) as i64,
            agents_away: count(&|u| u.availability != Availability::Available) as i64,
            agents_talking: count(&|u| matches!(u.activity, Activity::Talking { .. })) as i64,
            agents_ringing: count(&|u| matches!(u.activity, Activity::Ringing { .. })) as i64,
            callers_waiting: (0..self.queues.len())
                .map(|q| self.waiting_in(q) as i64)
                .sum(),
            longest_wait_secs: longest.map_or(0, |(w, _)| w),
            longest_wait_queue_id: longest.map(|(_, q)| self.queues[q].id.clone()),
            open_queues: (0..self.queues.len())
                .filter(|&q| self.queue_is_open(q))
                .count() as i64,
        }
    }
}
