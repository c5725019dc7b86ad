//! Recording and replay of what the console state receives.
//!
//! A recording is JSON lines: a header (`kind: "header"`), then one line per input that
//! `update()` took from the world — REST snapshots, RTE event batches, connection and
//! subscription changes, action results, clock ticks — each with its receive time `t`.
//! Keys, mouse and terminal sizes are not recorded (they belong to whoever watches), nor
//! any secret: credentials never reach `update()`, and free text (close reasons, error
//! sentences) is scrubbed of tokens on the way out ([`scrub`]).
//!
//! - `line`: the line format, and `Event` ↔ line.
//! - `writer`: the recorder (encodes on the caller's thread, hands batches on).
//! - `disk`: its writer thread (append, compress `.zst`, rotate).
//! - `reader`: a file → header + timed events, skipping what it does not know.
//! - `player`: a replay's state at any time, with checkpoints for fast seeking.

pub mod control;
mod disk;
pub mod line;
pub mod player;
pub mod reader;
pub mod writer;

pub use line::{Header, FORMAT};
pub use player::Player;
pub use reader::{read_file, read_text, Recording};
pub use writer::Recorder;
