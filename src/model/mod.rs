//! Platform data types shared by the client, the simulator and the console: RTE event
//! payloads and REST bodies, with the casing and time rules of the platform.

pub mod casing;
pub mod direct;
pub mod events;
pub mod fields;
pub mod keycache;
pub mod lenient;
pub mod name;
pub mod payloads;
pub mod rest;
pub mod subcache;
pub mod time;

pub use events::{Envelope, EventKind, EventPayload, RteEvent, Subscription};
pub use name::Name;
pub use time::Stamp;
