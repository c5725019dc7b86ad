//! The panes, the ground floor of the console's vocabulary: what can have the focus, what
//! the lower area can show, and the Tab order.

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

/// The pane shown in the lower area while queues or agents have the focus.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum LowerPane {
    #[default]
    Callbacks,
    Transcript,
    Log,
}

impl LowerPane {
    pub fn pane(self) -> Pane {
        match self {
            LowerPane::Callbacks => Pane::Callbacks,
            LowerPane::Transcript => Pane::Transcript,
            LowerPane::Log => Pane::Log,
        }
    }

    pub fn of(pane: Pane) -> Option<LowerPane> {
        match pane {
            Pane::Callbacks => Some(LowerPane::Callbacks),
            Pane::Transcript => Some(LowerPane::Transcript),
            Pane::Log => Some(LowerPane::Log),
            Pane::Queues | Pane::Agents => None,
        }
    }
}

/// Tab order.
pub const ORDER: [Pane; 5] = [
    Pane::Queues,
    Pane::Agents,
    Pane::Callbacks,
    Pane::Transcript,
    Pane::Log,
];
