//! The console application: State, Event, update(), Effect and the effects runner.

pub mod actions;
pub mod callbacks;
pub mod effect;
pub mod event;
pub mod eventlog;
pub mod fixture;
pub mod keymap;
mod live;
pub mod palette;
pub mod panes;
mod snapshot;
pub mod state;
pub mod transcript;
pub mod update;
pub mod view;

pub use effect::{ApiAction, Effect};
pub use event::{Event, Snapshot};
pub use state::State;
pub use update::update;
