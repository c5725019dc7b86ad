//! The console's shell and the faces as a user starts them: runner, actions end to end, CLI, wall boot, `evtop events`.

#[path = "../support/actions.rs"]
mod actions_support;
mod app_actions_sim;
mod app_cli;
mod app_runner;
mod config_ui_cli;
mod console_wall_boot;
mod events_cli;
#[path = "../support/session.rs"]
mod session_support;
