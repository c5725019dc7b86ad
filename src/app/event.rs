//! Everything that can happen to the console, as one enum fed to `update()`.

use super::failure::ActionError;
use crate::model::rest::{
    CallbackList, CallbackRequest, CurrentAvailability, Queue, ServiceCall, User,
};
use crate::rte::SessionUpdate;
use chrono::{DateTime, Utc};
use crossterm::event::KeyEvent;

/// The REST snapshot: the initial picture, and again after a reconnect.
#[derive(Debug, Clone, Default)]
pub struct Snapshot {
    pub me: User,
    /// Silo or host name shown in the status line.
    pub silo: String,
    pub users: Vec<User>,
    pub queues: Vec<Queue>,
    /// Queue id → ids of the users attached to it.
    pub queue_users: Vec<(String, Vec<String>)>,
    /// Queue id → (member id, checked in) for the members whose row says
    /// (`QueueAttachedUser.Active`); a member not listed here is not known either way.
    pub checked_in: Vec<(String, Vec<(String, bool)>)>,
    /// The queues the signed-in user serves (`GET /queues/?OnlyForUser=`), as ids;
    /// `None` when the tenant did not answer.
    pub my_queues: Option<Vec<String>>,
    /// User id → current availability.
    pub availability: Vec<(String, CurrentAvailability)>,
    pub callback_lists: Vec<CallbackList>,
    pub callback_requests: Vec<CallbackRequest>,
    /// When each part was read, as the count of applied RTE events at that moment.
    pub read: ReadMarks,
}

/// For each part of a snapshot, `State::live_seq` as it was just before the part was
/// requested: a row that an event set after that (a higher `live_seq`) keeps the
/// event's values. The default, `u64::MAX`, says "read after every event" (tests,
/// fixtures).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReadMarks {
    pub queues: u64,
    pub availability: u64,
    pub callbacks: u64,
}

impl ReadMarks {
    /// Every part read after every event applied so far.
    pub const LATEST: ReadMarks = ReadMarks {
        queues: u64::MAX,
        availability: u64::MAX,
        callbacks: u64::MAX,
    };
}

impl Default for ReadMarks {
    fn default() -> Self {
        Self::LATEST
    }
}

/// Why the call records could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecordsFailure {
    /// User-facing sentence.
    pub message: String,
    /// The tenant refuses them (403, 404, …): not asked again today. Else a passing
    /// failure, tried again.
    pub refused: bool,
}

/// An input to `update()`.
#[derive(Debug, Clone)]
pub enum Event {
    Key(KeyEvent),
    /// The terminal's size, at start and whenever it changes: redraw.
    Resize {
        cols: u16,
        rows: u16,
    },
    /// Rows the event log pane showed in the last frame (0: not shown): scrolling stops
    /// where the oldest entries fill it.
    LogRows(u16),
    /// Where each pane was drawn in the last frame.
    PaneAreas(Vec<crate::app::pane::PaneArea>),
    /// A left mouse click (`--mouse`) at a column and row of the screen.
    Click {
        col: u16,
        row: u16,
    },
    /// The 1 Hz clock (and the time source of the state).
    Tick(DateTime<Utc>),
    /// Load the REST snapshot (again): the runner sends it at start.
    Reload,
    Snapshot(Box<Snapshot>),
    SnapshotFailed(String),
    Session(SessionUpdate),
    /// SIGTERM/SIGHUP or the owner asks to stop: quit without asking, even on a wall.
    Shutdown,
    /// The call records asked for by `Effect::ReadCallRecords` (window start and answer).
    CallRecords {
        start: DateTime<Utc>,
        result: Result<Vec<ServiceCall>, RecordsFailure>,
    },
    /// An action (REST call) finished: a toast tells the outcome.
    ActionDone {
        what: String,
        result: Result<String, ActionError>,
    },
}
