//! The console application: State, Event, update(), Effect and the effects runner.

pub mod actions;
pub mod callbacks;
pub mod effect;
pub mod event;
pub mod eventlog;
pub mod fixture;
pub mod keyconfig;
pub mod keymap;
pub mod launch;
pub mod palette;
pub mod panes;
pub mod runner;
pub mod state;
pub mod terminal;
pub mod transcript;
pub mod update;
pub mod view;

pub use effect::{ApiAction, Effect};
pub use event::{Event, Snapshot};
pub use state::State;
pub use update::update;

/// `evtop demo`.
pub async fn run_demo(_args: crate::cli::DemoArgs) -> color_eyre::Result<()> {
    Err(color_eyre::eyre::eyre!("the console is not built yet"))
}

/// `evtop console`.
pub async fn run_console(_args: crate::cli::ConsoleArgs) -> color_eyre::Result<()> {
    Err(color_eyre::eyre::eyre!("the console is not built yet"))
}
