//! Real-terminal tests in tmux.

mod tmux_demo_clock;
mod tmux_e2e;
mod tmux_replay;
mod tmux_truth;
#[path = "../support/ui.rs"]
mod ui_support;
