//! The console's state: plain data, everything the screen shows is derived from it.
//! Only `update()` changes it; `draw()` only reads it. One file per part, named like the
//! pane that shows it.

pub mod agent_day;
pub mod agents;
pub mod alerts;
pub mod callbacks;
pub mod limits;
pub mod log;
pub mod prompt;
pub mod queues;
pub mod replay;
pub mod today;
pub mod transcripts;

pub use super::pane::{LowerPane, Pane};
pub use agents::*;
pub use callbacks::*;
pub use log::*;
pub use prompt::*;
pub use queues::*;
pub use replay::ReplayBadge;
pub use transcripts::*;

use super::keymap::Keymap;
use crate::rte::{ConnectionState, SubscriptionKey};
use chrono::{DateTime, Duration, FixedOffset, Offset, Utc};
use std::collections::{BTreeMap, BTreeSet, HashSet, VecDeque};

/// How long a toast stays on screen.
pub const TOAST_SECS: i64 = 6;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ToastLevel {
    Info,
    Error,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Toast {
    pub text: String,
    pub level: ToastLevel,
    /// The same message this many times in a row (shown as ×N, not stacked).
    pub count: u32,
    pub until: DateTime<Utc>,
    /// Toasts of one group replace each other instead of piling up (e.g. a burst of
    /// refused subscriptions becomes one counting toast).
    pub group: Option<&'static str>,
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
    /// The selected callback request in full (Enter on the callbacks pane).
    CallbackDetails,
    /// The selected agent in full, with the queues they serve (Enter on the agents pane).
    AgentDetails,
    /// The `:` command palette.
    Palette(Palette),
    /// A server action's prompt: pick a target, type a note, or confirm.
    Prompt(Prompt),
}

/// The built-in queue set: the queues the signed-in user serves
/// (`GET /queues/?OnlyForUser=`); a `[views.mine]` table in the config file wins.
pub const MY_QUEUES_VIEW: &str = "mine";

/// Lines the palette remembers for ↑.
pub const PALETTE_HISTORY: usize = 50;

/// Selection, filters, sort and other view choices.
#[derive(Debug, Clone, Default)]
pub struct View {
    pub focus: Pane,
    /// Lines run from the palette, newest last (at most [`PALETTE_HISTORY`]).
    pub palette_history: Vec<String>,
    pub selected_queue: Option<String>,
    pub selected_agent: Option<String>,
    pub queue_filter: String,
    /// The queue set shown (`--view NAME`, `:view NAME`): a name of `State::views`;
    /// `None` shows every queue.
    pub queue_set: Option<String>,
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
    pub callback_sort: Sort<CallbackColumn>,
    pub callback_filter: String,
    /// Which pane the lower area shows while queues or agents have the focus.
    pub lower: LowerPane,
    /// The focused pane alone on the screen (`z`).
    pub zoomed: bool,
    /// Where each pane was drawn in the last frame (for mouse clicks).
    pub pane_areas: Vec<crate::app::pane::PaneArea>,
    /// Transcript pane: follow the newest phrase, or stay scrolled.
    pub transcript: TranscriptView,
    /// Event log pane: filters and scroll.
    pub log: LogView,
    /// Help overlay: lines scrolled off the top.
    pub help_scroll: usize,
    /// The terminal's size as last seen (0 = unknown); bounds the help scroll.
    pub screen_rows: u16,
    pub screen_cols: u16,
}

/// Event ids seen lately, to drop duplicates (bounded). Ids are UUIDs as a rule: those
/// are kept as numbers (no copy of the text, a cheap hash); any other id as text.
#[derive(Debug, Clone, Default)]
pub struct RecentIds {
    order: VecDeque<RecentId>,
    uuids: HashSet<u128, std::hash::BuildHasherDefault<crate::model::keycache::WordHash>>,
    texts: HashSet<Box<str>>,
}

#[derive(Debug, Clone)]
enum RecentId {
    Uuid(u128),
    Text(Box<str>),
}

impl RecentIds {
    const CAP: usize = 4096;

    /// Records `id`; false when it was already seen.
    pub fn insert(&mut self, id: &str) -> bool {
        if id.is_empty() {
            return true;
        }
        // The text as written decides: `A…` and `a…` are different ids, as before.
        let hyphenated_lower = id.len() == 36 && !id.bytes().any(|b| b.is_ascii_uppercase());
        let key = match uuid::Uuid::try_parse(id) {
            Ok(u) if hyphenated_lower => RecentId::Uuid(u.as_u128()),
            _ => RecentId::Text(id.into()),
        };
        let new = match &key {
            RecentId::Uuid(u) => !self.uuids.contains(u),
            RecentId::Text(t) => !self.texts.contains(t),
        };
        if !new {
            return false;
        }
        if self.order.len() >= Self::CAP {
            match self.order.pop_front() {
                Some(RecentId::Uuid(u)) => {
                    self.uuids.remove(&u);
                }
                Some(RecentId::Text(t)) => {
                    self.texts.remove(&t);
                }
                None => {}
            }
        }
        match &key {
            RecentId::Uuid(u) => self.uuids.insert(*u),
            RecentId::Text(t) => self.texts.insert(t.clone()),
        };
        self.order.push_back(key);
        true
    }
}

/// Seconds without a live connection before the screen says STALE.
pub const STALE_AFTER_SECS: i64 = 5;

/// The REST snapshot's life: loaded at least once, a load in flight, the last failure.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SnapshotStatus {
    /// A snapshot has been applied at least once.
    pub loaded: bool,
    /// A load is running (the runner was asked and has not answered yet).
    pub in_flight: bool,
    /// Asked again while one was running: load once more when it ends, since what it
    /// read may predate the reason for asking.
    pub again: bool,
    /// Why the last load failed, until one succeeds.
    pub error: Option<String>,
    /// Loads that failed in a row (the retry waits longer each time).
    pub failures: u32,
    /// When the failed load is tried again on its own (none while one runs).
    pub retry_at: Option<DateTime<Utc>>,
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
    /// How many RTE events have been applied (duplicates not counted): rows remember
    /// the count when an event last set them, and a REST snapshot says what the count
    /// was when it read each part, so a snapshot never undoes a newer event.
    pub live_seq: u64,
    /// The REST snapshot: loaded yet, loading now, why the last load failed.
    pub snapshot: SnapshotStatus,
    pub queues: BTreeMap<String, QueueRow>,
    /// Today's calls per queue (answered, abandoned, service level).
    pub today: today::Today,
    /// Each agent's day: answers, talk, wrap-up, time per availability.
    pub agent_day: agent_day::AgentDays,
    pub agents: BTreeMap<String, AgentRow>,
    /// Queue id → ids of the agents attached to it.
    pub members: BTreeMap<String, BTreeSet<String>>,
    /// Queue id → member id → checked in, where the last read of the members said.
    pub checked_in: BTreeMap<String, BTreeMap<String, bool>>,
    /// When those were read (they change without an event telling).
    pub checked_in_at: Option<DateTime<Utc>>,
    /// The queues the signed-in user serves (the built-in view "mine"); `None` until
    /// the tenant says.
    pub my_queues: Option<Vec<String>>,
    pub calls: BTreeMap<String, Call>,
    /// (call id, user id) of calls that ended: late events must not bring them back.
    pub ended_calls: BTreeSet<(String, String)>,
    pub callbacks: BTreeMap<String, CallbackRow>,
    /// Callback requests closed by an event → the `live_seq` of that event: a snapshot
    /// read before the close does not bring them back (bounded).
    pub callbacks_closed: BTreeMap<String, u64>,
    /// Callback list id → name.
    pub callback_lists: BTreeMap<String, String>,
    /// The queue a callback list serves (list id → queue id), where REST says.
    pub callback_list_queues: BTreeMap<String, String>,
    /// Live transcripts per call (bounded).
    pub transcripts: Transcripts,
    /// Alerts, overflows, supervision offers, action results, connection changes.
    pub log: EventLog,
    /// Actions sent and not answered yet (by their `what`): not sent twice.
    /// (what → the agent or request it changes).
    pub actions_in_flight: BTreeMap<String, String>,
    pub toasts: Vec<Toast>,
    /// Subscriptions refused in the current burst (while its toast shows).
    pub refused_in_burst: usize,
    /// Subscriptions the hub refused on this connection: what this login may not see.
    pub refused: BTreeSet<SubscriptionKey>,
    /// Event names the hub does not offer (`AvailableSubscriptions`), lower-case: their
    /// subscriptions were never made, so they are not counted as held.
    pub not_offered: BTreeSet<String>,
    /// When the connection stopped being live (None while live, and before the first
    /// time): the figures are as of then.
    pub live_lost_at: Option<DateTime<Utc>>,
    pub view: View,
    pub thresholds: Thresholds,
    /// How long an agent may stay in a state before the row is marked.
    pub limits: limits::AgentLimits,
    /// The config file's queue sets: `[views.NAME] queues = [names or ids]`.
    pub views: BTreeMap<String, Vec<String>>,
    /// Alert rules from the config file and what they hold now.
    pub alerts: alerts::Alerts,
    pub keymap: Keymap,
    /// What the session has been asked to subscribe.
    pub subscribed: BTreeSet<SubscriptionKey>,
    pub recent_ids: RecentIds,
    /// Something visible changed since the last draw.
    pub dirty: bool,
    pub quitting: bool,
    /// Replaying a recording (`evtop replay`): read-only, and the status line says when.
    pub replay: Option<ReplayBadge>,
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
            live_seq: 0,
            snapshot: SnapshotStatus::default(),
            queues: BTreeMap::new(),
            today: today::Today::new(now, Utc.fix()),
            agent_day: agent_day::AgentDays::new(today::day_of(now, Utc.fix()).0, now),
            agents: BTreeMap::new(),
            members: BTreeMap::new(),
            checked_in: BTreeMap::new(),
            checked_in_at: None,
            my_queues: None,
            calls: BTreeMap::new(),
            ended_calls: BTreeSet::new(),
            callbacks: BTreeMap::new(),
            callbacks_closed: BTreeMap::new(),
            callback_lists: BTreeMap::new(),
            callback_list_queues: BTreeMap::new(),
            transcripts: Default::default(),
            log: Default::default(),
            actions_in_flight: BTreeMap::new(),
            toasts: Vec::new(),
            refused_in_burst: 0,
            refused: BTreeSet::new(),
            not_offered: BTreeSet::new(),
            live_lost_at: None,
            view: View {
                theme_names: vec!["default".into()],
                ..View::default()
            },
            thresholds: Thresholds::default(),
            limits: Default::default(),
            views: BTreeMap::new(),
            alerts: Default::default(),
            keymap: Keymap::default(),
            subscribed: BTreeSet::new(),
            recent_ids: RecentIds::default(),
            dirty: true,
            quitting: false,
            replay: None,
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

    /// The message line: the newest message still showing, and how many older ones show
    /// with it (all of them are in the event log).
    pub fn message(&self) -> Option<(&Toast, usize)> {
        let fresh: Vec<&Toast> = self.toasts.iter().filter(|t| t.until > self.now).collect();
        let newest = *fresh.last()?;
        Some((newest, fresh.len() - 1))
    }

    /// The showing toast of a group, if any.
    pub fn toast_of_group(&self, group: &str) -> Option<&Toast> {
        self.toasts
            .iter()
            .rev()
            .find(|t| t.group == Some(group) && t.until > self.now)
    }

    fn push_toast(&mut self, level: ToastLevel, text: String, group: Option<&'static str>) {
        let text = crate::sanitize::clean(&text).into_owned();
        let until = self.now + Duration::seconds(TOAST_SECS);
        if let Some(last) = self.toasts.last_mut() {
            if last.text == text && last.level == level && last.until > self.now {
                // A repeat counts instead of stacking.
                last.count += 1;
                last.until = until;
                self.dirty = true;
                return;
            }
        }
        self.toasts.push(Toast {
            text,
            level,
            count: 1,
            until,
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

    /// Adds an event log entry at the state's time.
    pub fn add_log(&mut self, kind: LogKind, level: LogLevel, text: impl Into<String>) {
        let now = self.now;
        self.log.push(now, kind, level, text.into());
        self.dirty = true;
    }

    /// Since when the figures are stale: the connection has not been live for more than
    /// [`STALE_AFTER_SECS`] (a blip shorter than that is not worth a banner).
    pub fn stale_since(&self) -> Option<DateTime<Utc>> {
        let lost = self.live_lost_at?;
        ((self.now - lost).num_seconds() >= STALE_AFTER_SECS).then_some(lost)
    }

    /// The clock the figures run on: now while live, and the moment the connection was
    /// lost while not (a longest wait does not count up on data nobody updates).
    pub fn data_now(&self) -> DateTime<Utc> {
        self.live_lost_at
            .map_or(self.now, |lost| lost.min(self.now))
    }

    /// Subscriptions in place and asked for, when the hub refused some. What the hub
    /// does not offer at all is neither held nor asked: the tenant has no such events.
    pub fn partial_visibility(&self) -> Option<(usize, usize)> {
        if self.refused.is_empty() {
            return None;
        }
        let have = self
            .subscribed
            .iter()
            .filter(|k| {
                !self
                    .not_offered
                    .contains(&k.event.name().to_ascii_lowercase())
            })
            .count();
        Some((have, have + self.refused.len()))
    }

    /// The call an agent is on, if any.
    pub fn call_of(&self, user_id: &str) -> Option<&Call> {
        self.calls.values().find(|c| c.user_id == user_id)
    }
}

impl State {
    /// The agents of the queue set shown (members of its queues); `None` when every
    /// queue is shown (every agent counts).
    pub fn agents_in_view(&self) -> Option<std::collections::HashSet<&str>> {
        self.view.queue_set.as_ref()?;
        Some(
            self.members
                .iter()
                .filter(|(queue, _)| self.queues.get(*queue).is_some_and(|q| self.in_view(q)))
                .flat_map(|(_, members)| members.iter().map(String::as_str))
                .collect(),
        )
    }

    /// The queues of a set by its name: the config file's `[views.NAME]`, or for
    /// [`MY_QUEUES_VIEW`] (unless the file defines it) the queues the signed-in user
    /// serves, once known. `None`: not known, every queue is shown.
    pub fn view_queues(&self, name: &str) -> Option<&[String]> {
        match self.views.get(name) {
            Some(queues) => Some(queues),
            None if name == MY_QUEUES_VIEW => self.my_queues.as_deref(),
            None => None,
        }
    }

    /// Whether a member is checked in to a queue, where the last read said.
    pub fn is_checked_in(&self, queue_id: &str, user_id: &str) -> Option<bool> {
        self.checked_in.get(queue_id)?.get(user_id).copied()
    }

    /// Whether `queue` is in the queue set shown (every queue when none is chosen): the
    /// set names queues by name (any case) or id.
    pub fn in_view(&self, queue: &QueueRow) -> bool {
        let Some(name) = &self.view.queue_set else {
            return true;
        };
        self.view_queues(name).is_none_or(|queues| {
            queues
                .iter()
                .any(|q| q == &queue.id || q.eq_ignore_ascii_case(&queue.name))
        })
    }
}

#[cfg(test)]
mod recent_ids_tests {
    use super::RecentIds;

    #[test]
    fn repeats_are_refused_by_their_exact_text_and_the_memory_is_bounded() {
        let mut r = RecentIds::default();
        let id = "6f1c2a4e-0b3d-4c5e-9f7a-1b2c3d4e5f60";
        assert!(r.insert(id));
        assert!(!r.insert(id));
        // The same UUID written otherwise is another id (as the text compared before).
        assert!(r.insert(&id.to_ascii_uppercase()));
        assert!(!r.insert(&id.to_ascii_uppercase()));
        assert!(r.insert("{6f1c2a4e-0b3d-4c5e-9f7a-1b2c3d4e5f60}"));
        assert!(r.insert("not-a-uuid"));
        assert!(!r.insert("not-a-uuid"));
        assert!(r.insert(""));
        assert!(r.insert(""));
        // Old ids are forgotten past the bound, the newest kept.
        for i in 0..RecentIds::CAP {
            assert!(r.insert(&format!("{:08x}-0000-4000-8000-{:012x}", i, i)));
        }
        assert!(r.insert(id), "forgotten");
        assert!(!r.insert(&format!("{:08x}-0000-4000-8000-{:012x}", 4095, 4095)));
        assert!(r.order.len() <= RecentIds::CAP);
        assert_eq!(r.order.len(), r.uuids.len() + r.texts.len());
    }
}
