//! Real-terminal tests in tmux.

mod tmux_e2e;
