//! Callback request rows (from the REST snapshot and `CallbackChanged`) and the columns
//! of the callbacks pane.

use chrono::{DateTime, Utc};

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
    /// Who made the latest attempt, when the platform says.
    pub last_attempt_user_id: Option<String>,
    /// The caller's own message, and the note on the request.
    pub message: String,
    pub note: String,
    pub version: Option<DateTime<Utc>>,
    /// `State::live_seq` when a CallbackChanged last set the row (0: from REST).
    pub live_seq: u64,
}

/// Callback columns (sort keys).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum CallbackColumn {
    #[default]
    Due,
    Expiry,
    Created,
    Contact,
    List,
    Agent,
    Attempts,
}

impl CallbackColumn {
    pub const ALL: [CallbackColumn; 7] = [
        CallbackColumn::Due,
        CallbackColumn::Expiry,
        CallbackColumn::Created,
        CallbackColumn::Contact,
        CallbackColumn::List,
        CallbackColumn::Agent,
        CallbackColumn::Attempts,
    ];

    pub fn title(self) -> &'static str {
        match self {
            CallbackColumn::Due => "DUE",
            CallbackColumn::Expiry => "EXPIRY",
            CallbackColumn::Created => "CREATED",
            CallbackColumn::Contact => "CONTACT",
            CallbackColumn::List => "LIST",
            CallbackColumn::Agent => "AGENT",
            CallbackColumn::Attempts => "TRIES",
        }
    }

    /// The most tried first when chosen; times soonest first, words A to Z.
    pub fn starts_descending(self) -> bool {
        self == CallbackColumn::Attempts
    }

    pub fn next(self) -> CallbackColumn {
        let i = Self::ALL.iter().position(|c| *c == self).unwrap_or(0);
        Self::ALL[(i + 1) % Self::ALL.len()]
    }
}
