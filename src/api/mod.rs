//! REST: discovery, auth, typed endpoints and errors.

pub mod paths;

pub use paths::{Endpoint, PathTable, ROUTES};
