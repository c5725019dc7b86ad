//! The console application: State, Event, update(), Effect and the effects runner.

pub mod actions;
pub mod backend;
pub mod boot;
pub mod callbacks;
pub mod effect;
pub mod event;
pub mod eventlog;
pub mod fixture;
pub mod keyconfig;
pub mod keymap;
pub mod launch;
mod live;
pub mod palette;
pub mod panes;
pub mod runner;
mod snapshot;
pub mod state;
pub mod terminal;
pub mod transcript;
pub mod uiconfig;
pub mod update;
pub mod view;

pub use effect::{ApiAction, Effect};
pub use event::{Event, Snapshot};
pub use state::State;
pub use update::update;
