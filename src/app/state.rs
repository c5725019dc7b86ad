//! The console's state: plain data, everything the screen shows is derived from it.
//! Only `update()` changes it; `draw()` only reads it.

use super::keymap::Keymap;
use crate::model::rest::Availability;
use crate::rte::{ConnectionState, SubscriptionKey};
use chrono::{DateTime, Duration, FixedOffset, Offset, Utc};
use serde::Deserialize;
use std::collections::{BTreeMap, BTreeSet, HashSet, VecDeque};

/// Seconds per sparkline bucket (the sparkline shows the busiest moment of each bucket).
pub const SPARK_BUCKET_SECS: i64 = 10;
/// Buckets kept per queue: 60 × 10 s = the last ten minutes.
pub const SPARK_BUCKETS: usize = 60;
/// How long a toast stays on screen.
pub const TOAST_SECS: i64 = 6;

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
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Level {
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
    /// Closed sparkline buckets, oldest first.
    pub history: VecDeque<i64>,
    /// The busiest moment of the open bucket.
    pub bucket_max: i64,
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

    /// The sparkline samples, oldest first, including the open bucket.
    pub fn spark_samples(&self) -> impl Iterator<Item = i64> + '_ {
        self.history
            .iter()
            .copied()
            .chain(std::iter::once(self.bucket_max))
    }
}

/// An agent's wrap-up period.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct WrapUp {
    pub id: String,
    pub started: Option<DateTime<Utc>>,
    pub ends: Option<DateTime<Utc>>,
    /// Termination was requested (UserWrapUpRequestTerminate); the end event follows.
    pub terminating: bool,
}

/// What an agent is doing, derived from the status fields.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Activity {
    Talking,
    WrapUp,
    Idle,
}

impl Activity {
    pub fn word(self) -> &'static str {
        match self {
            Activity::Talking => "talking",
            Activity::WrapUp => "wrap-up",
            Activity::Idle => "idle",
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
    pub versions: AgentVersions,
}

impl AgentRow {
    pub fn activity(&self) -> Activity {
        if self.wrap_up.is_some() {
            Activity::WrapUp
        } else if self.talking {
            Activity::Talking
        } else {
            Activity::Idle
        }
    }

    /// Seconds of wrap-up left, when on wrap-up with a known end.
    pub fn wrap_up_left_secs(&self, now: DateTime<Utc>) -> Option<i64> {
        let ends = self.wrap_up.as_ref()?.ends?;
        Some((ends - now).num_seconds().max(0))
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

/// An open callback request (from the REST snapshot and CallbackChanged).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct CallbackRow {
    pub id: String,
    pub list_id: String,
    pub contact_name: String,
    pub contact_number: String,
    pub assigned_user_id: Option<String>,
    pub due: Option<DateTime<Utc>>,
    pub expiry: Option<DateTime<Utc>>,
    pub created: Option<DateTime<Utc>>,
    pub attempts: i64,
    /// When the latest attempt was made (counts attempts CallbackChanged does not).
    pub last_attempt_at: Option<DateTime<Utc>>,
    pub last_attempt_note: String,
    pub version: Option<DateTime<Utc>>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ToastLevel {
    Info,
    Error,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Toast {
    pub text: String,
    pub level: ToastLevel,
    pub until: DateTime<Utc>,
    /// Toasts of one group replace each other instead of piling up (e.g. a burst of
    /// refused subscriptions becomes one counting toast).
    pub group: Option<&'static str>,
}

/// The panes. Queues and agents are always laid out; the lower area shows one of
/// callbacks, transcript and event log (see `View::lower`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Hash)]
pub enum Pane {
    #[default]
    Queues,
    Agents,
    Callbacks,
    Transcript,
    Log,
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
}

impl QueueColumn {
    pub const ALL: [QueueColumn; 12] = [
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
    ];

    pub fn title(self) -> &'static str {
        match self {
            QueueColumn::Level => "level",
            QueueColumn::Name => "name",
            QueueColumn::Open => "open",
            QueueColumn::Waiting => "waiting",
            QueueColumn::Longest => "longest wait",
            QueueColumn::Connected => "alloc/conn",
            QueueColumn::Free => "free",
            QueueColumn::Serving => "serving",
            QueueColumn::WrapUp => "wrap-up",
            QueueColumn::ShortAway => "short away",
            QueueColumn::LongAway => "long away",
            QueueColumn::Fetch => "fetch",
        }
    }
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
            AgentColumn::Name => "name",
            AgentColumn::Availability => "availability",
            AgentColumn::Activity => "activity",
            AgentColumn::Queue => "queue",
            AgentColumn::InState => "time in state",
        }
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

/// Sort column plus direction.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Sort<C> {
    pub column: C,
    pub descending: bool,
}

/// Modal input state.
#[derive(Debug, Clone, Default)]
pub enum Mode {
    #[default]
    Normal,
    /// Typing a filter for a pane (tui-input).
    Filter {
        pane: Pane,
        input: tui_input::Input,
    },
    Help,
    /// Wall mode: quitting needs a `y`.
    ConfirmQuit,
    /// The `:` command palette.
    Palette(super::palette::Palette),
    /// A server action's prompt: pick a target, type a note, or confirm.
    Prompt(super::actions::Prompt),
}

/// Selection, filters, sort and other view choices.
#[derive(Debug, Clone, Default)]
pub struct View {
    pub focus: Pane,
    pub selected_queue: Option<String>,
    pub selected_agent: Option<String>,
    pub queue_filter: String,
    pub agent_filter: String,
    /// Show only the agents of this queue (Enter on a queue).
    pub agent_queue: Option<String>,
    pub agent_state: AgentStateFilter,
    pub queue_sort: Sort<QueueColumn>,
    pub agent_sort: Sort<AgentColumn>,
    pub mode: Mode,
    pub theme_index: usize,
    pub theme_names: Vec<String>,
    /// Callbacks pane: selection, sort, text filter.
    pub selected_callback: Option<String>,
    pub callback_sort: Sort<super::callbacks::CallbackColumn>,
    pub callback_filter: String,
    /// Which pane the lower area shows while queues or agents have the focus.
    pub lower: super::callbacks::LowerPane,
    /// Transcript pane: follow the newest phrase, or stay scrolled.
    pub transcript: super::transcript::TranscriptView,
    /// Event log pane: filters and scroll.
    pub log: super::eventlog::LogView,
    /// Help overlay: lines scrolled off the top.
    pub help_scroll: usize,
    /// The terminal's size as last seen (0 = unknown); bounds the help scroll.
    pub screen_rows: u16,
    pub screen_cols: u16,
}

/// Event ids seen lately, to drop duplicates (bounded).
#[derive(Debug, Clone, Default)]
pub struct RecentIds {
    order: VecDeque<String>,
    set: HashSet<String>,
}

impl RecentIds {
    const CAP: usize = 4096;

    /// Records `id`; false when it was already seen.
    pub fn insert(&mut self, id: &str) -> bool {
        if id.is_empty() {
            return true;
        }
        if self.set.contains(id) {
            return false;
        }
        if self.order.len() >= Self::CAP {
            if let Some(old) = self.order.pop_front() {
                self.set.remove(&old);
            }
        }
        self.order.push_back(id.to_owned());
        self.set.insert(id.to_owned());
        true
    }
}

/// Who is logged in, where.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Identity {
    pub user_id: String,
    pub name: String,
    pub silo: String,
}

/// The whole console state.
#[derive(Debug, Clone)]
pub struct State {
    /// The current time, advanced by ticks (never read from the clock in update/draw).
    pub now: DateTime<Utc>,
    /// Offset for displaying the clock (the runner sets the local one).
    pub utc_offset: FixedOffset,
    pub wall: bool,
    pub identity: Identity,
    pub connection: ConnectionState,
    /// When the connection state last changed.
    pub connection_since: DateTime<Utc>,
    /// Local time the last RTE event arrived.
    pub last_event_at: Option<DateTime<Utc>>,
    /// A REST snapshot has been applied at least once.
    pub snapshot_loaded: bool,
    pub snapshot_error: Option<String>,
    pub queues: BTreeMap<String, QueueRow>,
    pub agents: BTreeMap<String, AgentRow>,
    /// Queue id → ids of the agents attached to it.
    pub members: BTreeMap<String, BTreeSet<String>>,
    pub calls: BTreeMap<String, Call>,
    /// (call id, user id) of calls that ended: late events must not bring them back.
    pub ended_calls: BTreeSet<(String, String)>,
    pub callbacks: BTreeMap<String, CallbackRow>,
    /// Callback list id → name.
    pub callback_lists: BTreeMap<String, String>,
    /// Live transcripts per call (bounded).
    pub transcripts: super::transcript::Transcripts,
    /// Alerts, overflows, supervision offers, action results, connection changes.
    pub log: super::eventlog::EventLog,
    /// Actions sent and not answered yet (by their `what`): not sent twice.
    pub actions_in_flight: BTreeSet<String>,
    pub toasts: Vec<Toast>,
    /// Subscriptions refused in the current burst (while its toast shows).
    pub refused_in_burst: usize,
    pub view: View,
    pub thresholds: Thresholds,
    pub keymap: Keymap,
    /// What the session has been asked to subscribe.
    pub subscribed: BTreeSet<SubscriptionKey>,
    pub recent_ids: RecentIds,
    /// Something visible changed since the last draw.
    pub dirty: bool,
    pub quitting: bool,
}

impl State {
    pub fn new(now: DateTime<Utc>) -> State {
        State {
            now,
            utc_offset: Utc.fix(),
            wall: false,
            identity: Identity::default(),
            connection: ConnectionState::Connecting,
            connection_since: now,
            last_event_at: None,
            snapshot_loaded: false,
            snapshot_error: None,
            queues: BTreeMap::new(),
            agents: BTreeMap::new(),
            members: BTreeMap::new(),
            calls: BTreeMap::new(),
            ended_calls: BTreeSet::new(),
            callbacks: BTreeMap::new(),
            callback_lists: BTreeMap::new(),
            transcripts: Default::default(),
            log: Default::default(),
            actions_in_flight: BTreeSet::new(),
            toasts: Vec::new(),
            refused_in_burst: 0,
            view: View {
                theme_names: vec!["default".into()],
                ..View::default()
            },
            thresholds: Thresholds::default(),
            keymap: Keymap::default(),
            subscribed: BTreeSet::new(),
            recent_ids: RecentIds::default(),
            dirty: true,
            quitting: false,
        }
    }

    /// Shows a message for a few seconds (sanitized: it may quote server text).
    pub fn toast(&mut self, level: ToastLevel, text: impl Into<String>) {
        self.push_toast(level, text.into(), None);
    }

    /// A toast that replaces the showing one of the same group (and becomes the newest).
    pub fn toast_in_group(&mut self, group: &'static str, level: ToastLevel, text: String) {
        let now = self.now;
        self.toasts
            .retain(|t| t.group != Some(group) || t.until <= now);
        self.push_toast(level, text, Some(group));
    }

    /// The showing toast of a group, if any.
    pub fn toast_of_group(&self, group: &str) -> Option<&Toast> {
        self.toasts
            .iter()
            .rev()
            .find(|t| t.group == Some(group) && t.until > self.now)
    }

    fn push_toast(&mut self, level: ToastLevel, text: String, group: Option<&'static str>) {
        self.toasts.push(Toast {
            text: crate::sanitize::clean(&text).into_owned(),
            level,
            until: self.now + Duration::seconds(TOAST_SECS),
            group,
        });
        if self.toasts.len() > 5 {
            self.toasts.remove(0);
        }
        self.dirty = true;
    }

    pub fn theme_name(&self) -> &str {
        self.view
            .theme_names
            .get(self.view.theme_index)
            .map(String::as_str)
            .unwrap_or("default")
    }

    pub fn queue_name(&self, id: &str) -> Option<&str> {
        self.queues.get(id).map(|q| q.name.as_str())
    }

    /// The call an agent is on, if any.
    pub fn call_of(&self, user_id: &str) -> Option<&Call> {
        self.calls.values().find(|c| c.user_id == user_id)
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
