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

/// Where a pane was drawn in the last frame (from the runner): for mouse clicks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PaneArea {
    pub pane: Pane,
    pub x: u16,
    pub y: u16,
    pub width: u16,
    pub height: u16,
}

impl PaneArea {
    pub fn contains(&self, col: u16, row: u16) -> bool {
        (self.x..self.x.saturating_add(self.width)).contains(&col)
            && (self.y..self.y.saturating_add(self.height)).contains(&row)
    }
}
