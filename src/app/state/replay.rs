//! What the status line says during a replay (`evtop replay`): the replay's own clock,
//! its speed, whether it is paused, and the `:goto` line being typed.

use chrono::{DateTime, Utc};

#[derive(Debug, Clone, PartialEq)]
pub struct ReplayBadge {
    /// The replay clock (what has been applied is what was received by then).
    pub at: DateTime<Utc>,
    pub speed: f64,
    pub paused: bool,
    /// Lines of the recording skipped (unknown or unreadable).
    pub skipped: usize,
    /// `:goto` being typed (the text after `goto `), when it is.
    pub goto: Option<String>,
}
