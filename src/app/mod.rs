//! The pure console: `Event` → [`update()`] → `Vec<Effect>`, over a [`State`] that is
//! plain data. No tokio, no terminal, no simulator, no drawing here: the I/O shell is
//! `crate::console`, the drawing `crate::ui` (which reads this, never the reverse).
//!
//! Glossary (ground floor up):
//! - `pane`: which panes exist, the lower area, the Tab order.
//! - `keymap`: the one vocabulary of [`keymap::Action`]s (name, description, destructive)
//!   and the key bindings.
//! - `state/`: data only, one file per part (queues, agents, callbacks, transcripts, log,
//!   prompt); `event`, `effect`, `failure`: what comes in and what goes out.
//! - `panes/`: per pane, which rows show, in what order, what is selected (named like
//!   `ui/<name>.rs`).
//! - `live/` (RTE events → state), `snapshot` (REST → state, and its life),
//!   `subscriptions` (the one place that decides what to subscribe to).
//! - `actions` (the one dispatcher of server actions, where the read-only rule lives),
//!   `palette` (`:` lines), `help` (the `?` lines), `dispatch` (every key action for every
//!   pane, in one match), `update` (routes each event).
//!
//! Where to add…
//! - **a pane**: `pane.rs` (the enum, the Tab order), `state/<name>.rs` (its data and
//!   view choices in `View`), `panes/<name>.rs` (rows, selection, filter, sort),
//!   `dispatch.rs` (the keys that act in it), `keymap.rs` (a `Context` and bindings),
//!   `ui/<name>.rs` + `ui/mod.rs` (drawing).
//! - **a REST action**: `state/prompt.rs` (an `Intent`), `effect.rs` (an `ApiAction`),
//!   `actions.rs` (prompt and confirmation), `keymap.rs` (an `Action` and its key),
//!   `dispatch.rs` (key → intent), `palette.rs` (its `:` row), `console/backend.rs` (the
//!   REST call), and the route in `api/paths.rs` + `api/client.rs`.
//! - **an RTE event**: `model/payloads.rs` + `model/events.rs` (its payload and name),
//!   `subscriptions.rs` (subscribe to it), `live/` (apply it), and what shows it.

pub mod actions;
pub mod alerts;
pub mod bounds;
pub mod dispatch;
pub mod effect;
pub mod event;
pub mod failure;
pub mod fixture;
pub mod help;
pub mod hints;
pub mod keymap;
mod live;
pub mod palette;
pub mod pane;
pub mod panes;
pub mod snapshot;
pub mod sort_keys;
pub mod state;
pub mod subscriptions;
pub mod totals;
pub mod update;

pub use effect::{ApiAction, Effect};
pub use event::{Event, ReadMarks, Snapshot};
pub use failure::{ActionError, Failure};
pub use state::State;
pub use update::update;
