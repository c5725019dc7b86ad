//! What the modal prompts hold while open: a server action on its way to the confirmation
//! (`Intent`, `Prompt`) and the `:` palette's input line.

use super::super::effect::ApiAction;
use crate::model::rest::Availability;
use tui_input::Input;

/// A server action the user asked for; `None` fields are still to be chosen.
#[derive(Debug, Clone, PartialEq)]
pub enum Intent {
    TerminateWrapUp {
        user_id: String,
    },
    SetAvailability {
        user_id: String,
        availability: Option<Availability>,
        note: Option<String>,
    },
    AllocateCallback {
        request_id: String,
        user_id: Option<String>,
    },
    AutoAllocate {
        user_id: String,
    },
    CloseCallback {
        request_id: String,
        note: Option<String>,
    },
    /// Call the request's contact from the supervisor's own phone.
    CallBack {
        request_id: String,
    },
}

impl Intent {
    /// The callback request an agent is being picked for.
    pub fn request_id(&self) -> Option<&str> {
        match self {
            Intent::AllocateCallback { request_id, .. } => Some(request_id),
            _ => None,
        }
    }
}

/// What the prompt overlay shows and edits.
#[derive(Debug, Clone)]
pub enum Prompt {
    /// "… ? y/N": `y` runs the action, anything else cancels.
    Confirm {
        question: String,
        what: String,
        action: ApiAction,
    },
    /// A searchable list of agents (for allocating a callback request).
    PickAgent {
        intent: Intent,
        title: String,
        input: Input,
        /// Index into the matching agents.
        selected: usize,
    },
    /// One of the six availabilities.
    PickAvailability {
        intent: Intent,
        title: String,
        selected: usize,
    },
    /// A free-text note (may be left empty).
    Note {
        intent: Intent,
        title: String,
        input: Input,
    },
}

/// The palette's state (lives in `Mode::Palette`).
#[derive(Debug, Clone, Default)]
pub struct Palette {
    pub input: Input,
    /// The highlighted completion candidate.
    pub selected: usize,
    /// Why the last Enter did nothing.
    pub error: Option<String>,
    /// ↑/↓ chose a candidate since the line was last edited: Enter takes that candidate.
    pub navigated: bool,
    /// Which earlier line ↑ recalled on an empty line (0 = the newest).
    pub history_pos: Option<usize>,
}
