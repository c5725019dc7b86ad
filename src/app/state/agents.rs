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
/// already on a call when the console starts is not known to be talking; and after a
/// gap in the live events (a reconnect) what was known may have changed unseen.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Activity {
    Talking,
    Ringing,
    WrapUp,
    Idle,
    Unknown,
}

impl Activity {
    pub fn word(self) -> &'static str {
        match self {
            Activity::Talking => "talking",
            Activity::Ringing => "ringing",
            Activity::WrapUp => "wrap-up",
            Activity::Idle => "idle",
            Activity::Unknown => "—",
        }
    }
}

/// When something began: exactly (a platform timestamp), or at the latest then — the
/// time since is then a lower bound (`≥4:12`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Since {
    Exact(DateTime<Utc>),
    NoLaterThan(DateTime<Utc>),
}

impl Since {
    pub fn at(self) -> DateTime<Utc> {
        match self {
            Since::Exact(t) | Since::NoLaterThan(t) => t,
        }
    }

    pub fn is_exact(self) -> bool {
        matches!(self, Since::Exact(_))
    }

    /// The start of a state that began when the later of two things began (an agent's
    /// state is its activity and its availability). An exact start later than a bound
    /// is exact; otherwise the later moment is a bound.
    pub fn later(self, other: Since) -> Since {
        match (self, other) {
            (Since::Exact(a), Since::Exact(b)) => Since::Exact(a.max(b)),
            (Since::Exact(e), Since::NoLaterThan(b)) | (Since::NoLaterThan(b), Since::Exact(e)) => {
                if e >= b {
                    Since::Exact(e)
                } else {
                    Since::NoLaterThan(b)
                }
            }
            (Since::NoLaterThan(a), Since::NoLaterThan(b)) => Since::NoLaterThan(a.max(b)),
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
    /// The call ringing at the agent (UserCallInUserAllocated), until it is answered,
    /// cancelled or overflows.
    pub ringing_call: Option<String>,
    /// When the current activity began; when the current availability began.
    pub activity_since: Option<Since>,
    pub availability_since: Option<Since>,
    /// Since when the console gets every change of this agent (subscribed and live):
    /// an activity unknown then and not reported since has not changed since.
    pub watch_since: Option<DateTime<Utc>>,
    /// When the console last lost track of the agent (a gap in the live events): an
    /// event older than that was sent while the subscriptions were being made again,
    /// and changes after it may be missing.
    pub gap_at: Option<DateTime<Utc>>,
    /// When the current (activity, availability) began: the later of the two
    /// ([`AgentRow::refresh_since`]).
    pub state_since: Option<DateTime<Utc>>,
    /// `state_since` is a moment the state began at the latest, not when it began (no
    /// platform timestamp said): the time in state is at least that (`≥4:12`).
    pub state_since_lower_bound: bool,
    /// An event has said what the agent is doing (UserStatus, a call connected or
    /// ended, a wrap-up), or REST that it is on wrap-up, with no gap in the live events
    /// since: until then the activity is unknown.
    pub activity_known: bool,
    /// The availability is as of before a gap in the live events (or was never read):
    /// the next snapshot or availability event confirms it.
    pub unconfirmed: bool,
    /// Whether the agent is on wrap-up is not known since a gap (or was never read):
    /// the next snapshot or status event says.
    pub wrap_up_unconfirmed: bool,
    /// The hub refused a subscription for this agent: this login may not see them.
    pub no_access: bool,
    pub versions: AgentVersions,
    /// `State::live_seq` when an event last touched the status, availability or
    /// wrap-up (0: never).
    pub live_seq: u64,
}

impl AgentRow {
    pub fn activity(&self) -> Activity {
        if !self.activity_known {
            Activity::Unknown
        } else if self.wrap_up.is_some() {
            Activity::WrapUp
        } else if self.talking {
            Activity::Talking
        } else if self.ringing_call.is_some() {
            Activity::Ringing
        } else {
            Activity::Idle
        }
    }

    /// Sets `state_since` from the activity's and the availability's starts.
    pub fn refresh_since(&mut self) {
        let since = match (self.activity_since, self.availability_since) {
            (Some(a), Some(b)) => Some(a.later(b)),
            (a, b) => a.or(b),
        };
        self.state_since = since.map(Since::at);
        self.state_since_lower_bound = since.is_some_and(|s| !s.is_exact());
    }

    /// The console watches this agent from `now` (live with its subscriptions in
    /// place): an activity still unknown began at the latest now.
    pub fn watch_from(&mut self, now: DateTime<Utc>) {
        self.watch_since = Some(now);
        if !self.activity_known {
            self.activity_since = Some(Since::NoLaterThan(now));
            self.refresh_since();
        }
    }

    /// After a gap in the live events: what the agent does may have changed unseen
    /// (a wrap-up the reload still reports comes back, without its start), and its
    /// availability waits for the reload to be confirmed.
    pub fn forget_activity(&mut self, now: DateTime<Utc>) {
        self.activity_known = false;
        self.talking = false;
        self.ringing_call = None;
        self.wrap_up = None;
        // Serving, fetch mode and the call's queue were the status's: unknown too.
        self.active_queue_id = None;
        self.versions.status = None;
        self.unconfirmed = true;
        self.wrap_up_unconfirmed = true;
        self.gap_at = Some(now);
        self.watch_from(now);
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
