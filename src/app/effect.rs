//! What `update()` asks the runner to do: the only I/O of the console.

use crate::model::rest::Availability;
use crate::rte::SubscriptionKey;

/// A REST action on the server. Refused in `--wall` mode by the one dispatcher.
#[derive(Debug, Clone, PartialEq)]
pub enum ApiAction {
    TerminateWrapUp {
        user_id: String,
        wrap_up_id: Option<String>,
    },
    SetAvailability {
        user_id: String,
        availability: Availability,
        note: String,
    },
    AssignCallback {
        list_id: String,
        request_id: String,
        user_id: String,
    },
    CloseCallback {
        list_id: String,
        request_id: String,
        note: String,
    },
    AutoAllocation {
        user_id: String,
    },
    /// Call the request's contact from the supervisor's own phone, as an attempt of
    /// that request (`callout/activate` for `me`).
    CallBack {
        list_id: String,
        request_id: String,
        number: String,
    },
}

impl ApiAction {
    /// The agent or callback request the action changes: two actions on one target are
    /// not in flight together.
    pub fn target(&self) -> &str {
        match self {
            ApiAction::TerminateWrapUp { user_id, .. }
            | ApiAction::SetAvailability { user_id, .. }
            | ApiAction::AutoAllocation { user_id } => user_id,
            ApiAction::AssignCallback { request_id, .. }
            | ApiAction::CloseCallback { request_id, .. }
            | ApiAction::CallBack { request_id, .. } => request_id,
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub enum Effect {
    /// Load (again) users, queues, memberships, availabilities and callbacks.
    RefreshSnapshot,
    Subscribe(Vec<SubscriptionKey>),
    Unsubscribe(Vec<SubscriptionKey>),
    /// Connect the RTE session again (after the server closed it for good, or now
    /// instead of at the end of a retry wait).
    Reconnect,
    /// Run an action; `what` names it for the result toast.
    Api {
        what: String,
        action: ApiAction,
    },
    /// Read the queue call records that arrived in `[start, end)` (`GET /servicecall`).
    ReadCallRecords {
        start: chrono::DateTime<chrono::Utc>,
        end: chrono::DateTime<chrono::Utc>,
    },
    /// Ring the terminal bell (an alert rule entered alert; rate-limited by the app).
    Bell,
    /// Stop the process the way the shell's Ctrl-Z does, the terminal restored first
    /// (and the screen redrawn whole when `fg` continues it).
    Suspend,
    Quit,
}
