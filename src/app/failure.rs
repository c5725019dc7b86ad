//! Why a server action failed, as the console needs to know it: the kind (what to try,
//! whether to reload) and the REST client's sentence for the toast.

/// Kinds of failure of a REST action. The console's backend builds it from the REST
/// client's typed error (`api::ApiError`), never from its wording.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Failure {
    Unauthorized,
    Forbidden,
    NotFound,
    Conflict,
    RateLimited,
    Server,
    Timeout,
    Unreachable,
    Other,
}

impl Failure {
    /// What to try next; `None` where the REST client's sentence already says it (a
    /// 429's "retry in N s", a 5xx's "try again later"), so the toast never says it twice.
    pub fn hint(self) -> Option<&'static str> {
        Some(match self {
            Failure::Unauthorized => "check the user and secret key, then restart evtop",
            Failure::Forbidden => "this login may not do that: use a supervisor account",
            Failure::NotFound => "reloading the panes to show what the server has",
            Failure::Conflict => {
                "it changed meanwhile: reloading the panes to show the current state"
            }
            Failure::RateLimited | Failure::Server => return None,
            Failure::Timeout => {
                "it may or may not have happened: reloading the panes to show what the server says"
            }
            Failure::Unreachable => "check the network, then try again",
            Failure::Other => "try again, or r to reload",
        })
    }

    /// Whether the panes may now differ from the server: reload them rather than leave
    /// the supervisor guessing (the action may have happened, or its target changed).
    pub fn needs_reload(self) -> bool {
        matches!(
            self,
            Failure::NotFound | Failure::Conflict | Failure::Timeout
        )
    }
}

impl Failure {
    /// What to try, in a few words for the message line (`None`: `short` says it).
    pub fn short_hint(self) -> Option<&'static str> {
        Some(match self {
            Failure::Unauthorized => "check user and secret key",
            Failure::Forbidden => "needs a supervisor login",
            Failure::NotFound | Failure::Conflict => "reloading",
            Failure::Timeout => "it may have happened: reloading",
            Failure::Unreachable => "check the network",
            Failure::Other => "r reloads",
            Failure::RateLimited | Failure::Server => return None,
        })
    }

    /// A few words for the message line; the full sentence (path, status) goes to the
    /// event log.
    pub fn short(self) -> &'static str {
        match self {
            Failure::Unauthorized => "login refused",
            Failure::Forbidden => "not allowed for this login",
            Failure::NotFound => "not found",
            Failure::Conflict => "it changed meanwhile",
            Failure::RateLimited => "the server is busy: retry in a moment",
            Failure::Server => "the server had an error: try again later",
            Failure::Timeout => "no answer in time",
            Failure::Unreachable => "cannot reach the server",
            Failure::Other => "refused",
        }
    }
}

/// A failed action: its kind, the REST client's message (method, path, status: for the
/// log) and the server's own words when it gave some (for the message line).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ActionError {
    pub failure: Failure,
    pub message: String,
    pub reason: Option<String>,
}

impl ActionError {
    pub fn new(failure: Failure, message: impl Into<String>) -> Self {
        ActionError {
            failure,
            message: message.into(),
            reason: None,
        }
    }

    /// With the server's own words ("No callback request available for allocation").
    pub fn with_reason(mut self, reason: Option<&str>) -> Self {
        self.reason = reason
            .map(str::trim)
            .filter(|r| !r.is_empty())
            .map(str::to_owned);
        self
    }
}
