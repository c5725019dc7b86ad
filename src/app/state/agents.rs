//! Agent rows: availability, what the agent is doing (talking, wrap-up, idle), the calls
//! they are on, and the columns and state filter of the agents pane.

use crate::model::rest::Availability;
use chrono::{DateTime, Utc};

/// An agent's wrap-up period.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct WrapUp {
    pub id: String,
    pub started: Option<DateTime<Utc>>,
    pub ends: Option<DateTime<Utc>>,
    /// Termination was requested (UserWrapUpRequestTerminate); the end event follows.
    pub terminating: bool,
}

/// What an agent is doing, derived from the status fields. `Unknown` until an event
/// says: the RTE pushes changes only, and REST has no talking status, so an agent
/// already on a call when the console starts is not known to be talking.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Activity {
    Talking,
    WrapUp,
    Idle,
    Unknown,
}

impl Activity {
    pub fn word(self) -> &'static str {
        match self {
            Activity::Talking => "talking",
            Activity::WrapUp => "wrap-up",
            Activity::Idle => "idle",
            Activity::Unknown => "—",
        }
    }
}

/// Last applied envelope timestamp per group of agent fields, so that a stale event of
/// one kind never overwrites newer data from the same or another kind.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct AgentVersions {
    pub status: Option<DateTime<Utc>>,
    pub availability: Option<DateTime<Utc>>,
    pub wrap_up: Option<DateTime<Utc>>,
}

/// One agent (user).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct AgentRow {
    pub id: String,
    pub name: String,
    pub email: String,
    pub availability: Option<Availability>,
    /// Availability as received when it is not one of the known six.
    pub availability_raw: String,
    pub note: String,
    pub talking: bool,
    pub available: bool,
    pub serving: bool,
    pub fetch_mode: bool,
    pub can_be_allocated: bool,
    pub active_queue_id: Option<String>,
    pub wrap_up: Option<WrapUp>,
    /// When `talking` last changed, as UserStatus's TalkingStatusChanged says.
    pub talking_changed: Option<DateTime<Utc>>,
    /// When the current (activity, availability) began.
    pub state_since: Option<DateTime<Utc>>,
    /// `state_since` is when the console first saw this state, not when it began (no
    /// platform timestamp said): the time in state is at least that (`≥4:12`).
    pub state_since_lower_bound: bool,
    /// An event has said whether the agent is talking (UserStatus, a call connected or
    /// ended, a wrap-up): until then the activity is unknown.
    pub activity_known: bool,
    /// The hub refused a subscription for this agent: this login may not see them.
    pub no_access: bool,
    pub versions: AgentVersions,
    /// `State::live_seq` when an event last touched the status, availability or
    /// wrap-up (0: never).
    pub live_seq: u64,
}

impl AgentRow {
    pub fn activity(&self) -> Activity {
        if self.wrap_up.is_some() {
            Activity::WrapUp
        } else if self.talking {
            Activity::Talking
        } else if self.activity_known {
            Activity::Idle
        } else {
            Activity::Unknown
        }
    }

    /// Seconds of wrap-up left, when on wrap-up with a known end.
    pub fn wrap_up_left_secs(&self, now: DateTime<Utc>) -> Option<i64> {
        let ends = self.wrap_up.as_ref()?.ends?;
        Some((ends - now).num_seconds().max(0))
    }

    /// What "time in state" measures: a change of either restarts it.
    pub fn state_key(&self) -> (Activity, Option<Availability>, String) {
        (
            self.activity(),
            self.availability,
            self.availability_raw.clone(),
        )
    }

    pub fn availability_word(&self) -> &str {
        match self.availability {
            Some(a) => a.name(),
            None if !self.availability_raw.is_empty() => &self.availability_raw,
            None => "?",
        }
    }
}

/// A call an agent is on, from the UserCallIn* events.
#[derive(Debug, Clone, PartialEq)]
pub struct Call {
    pub call_id: String,
    pub user_id: String,
    pub caller: String,
    pub connected: bool,
    pub on_hold: bool,
    pub since: Option<DateTime<Utc>>,
}

/// Agent columns (sort keys).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum AgentColumn {
    #[default]
    Name,
    Availability,
    Activity,
    Queue,
    InState,
}

impl AgentColumn {
    pub const ALL: [AgentColumn; 5] = [
        AgentColumn::Name,
        AgentColumn::Availability,
        AgentColumn::Activity,
        AgentColumn::Queue,
        AgentColumn::InState,
    ];

    pub fn title(self) -> &'static str {
        match self {
            AgentColumn::Name => "AGENT",
            AgentColumn::Availability => "AVAILABILITY",
            AgentColumn::Activity => "ACTIVITY",
            AgentColumn::Queue => "QUEUE",
            AgentColumn::InState => "IN STATE",
        }
    }

    /// The longest time in state first when chosen; words A to Z.
    pub fn starts_descending(self) -> bool {
        self == AgentColumn::InState
    }
}

/// Which agents to show by what they are doing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum AgentStateFilter {
    #[default]
    All,
    Available,
    Talking,
    WrapUp,
    Away,
}

impl AgentStateFilter {
    pub fn next(self) -> Self {
        match self {
            AgentStateFilter::All => AgentStateFilter::Available,
            AgentStateFilter::Available => AgentStateFilter::Talking,
            AgentStateFilter::Talking => AgentStateFilter::WrapUp,
            AgentStateFilter::WrapUp => AgentStateFilter::Away,
            AgentStateFilter::Away => AgentStateFilter::All,
        }
    }

    pub fn word(self) -> &'static str {
        match self {
            AgentStateFilter::All => "all",
            AgentStateFilter::Available => "available",
            AgentStateFilter::Talking => "talking",
            AgentStateFilter::WrapUp => "wrap-up",
            AgentStateFilter::Away => "away",
        }
    }

    pub fn matches(self, a: &AgentRow) -> bool {
        match self {
            AgentStateFilter::All => true,
            AgentStateFilter::Available => {
                a.availability == Some(Availability::Available) && a.activity() == Activity::Idle
            }
            AgentStateFilter::Talking => a.activity() == Activity::Talking,
            AgentStateFilter::WrapUp => a.activity() == Activity::WrapUp,
            AgentStateFilter::Away => {
                a.availability.is_some() && a.availability != Some(Availability::Available)
            }
        }
    }
}
