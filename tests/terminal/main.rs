//! Real-terminal tests in tmux.

mod tmux_e2e;
mod tmux_truth;
