//! The pure console: `update()`, the dispatcher and `draw()` on a test backend; no network, no terminal.

#[path = "../support/actions.rs"]
mod actions_support;
mod app_actions;
mod app_agent_day;
mod app_honest;
mod app_reload;
mod app_update;
mod architecture;
mod robustness_props;
mod ui_actions_snapshots;
mod ui_help_scroll;
mod ui_hostile_strings;
mod ui_snapshots;
#[path = "../support/ui.rs"]
mod ui_support;
