//! The console's shell and the faces as a user starts them: runner, actions end to end, CLI, wall boot, `evtop events`, `evtop doctor`.

#[path = "../support/actions.rs"]
mod actions_support;
mod agent_day_sim;
mod app_actions_sim;
mod app_cli;
mod app_runner;
mod bounded_files;
#[path = "../support/child.rs"]
mod child_support;
mod config_ui_cli;
mod console_truth;
mod console_wall_boot;
mod doctor_checks;
mod doctor_cli;
mod events_cli;
mod events_resync_cli;
mod record_replay;
#[path = "../support/runner.rs"]
mod runner_support;
#[path = "../support/session.rs"]
mod session_support;
#[path = "../support/sim.rs"]
mod sim_support;
mod snapshot_cli;
mod soak_reconnect;
mod tooling_cli;
#[path = "../support/ui.rs"]
mod ui_support;
