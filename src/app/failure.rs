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

/// A failed action: its kind and the REST client's message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ActionError {
    pub failure: Failure,
    pub message: String,
}

impl ActionError {
    pub fn new(failure: Failure, message: impl Into<String>) -> Self {
        ActionError {
            failure,
            message: message.into(),
        }
    }
}
