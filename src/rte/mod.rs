//! The RTE session: token, subscriptions, reconnect with backoff, typed event stream.

pub mod events;
