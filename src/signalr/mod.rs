//! SignalR: the JSON hub protocol codec shared by client and simulator, and the client
//! connection.

pub mod client;
pub mod negotiate;
pub mod protocol;

pub use client::{
    connect, connect_observed, CloseReason, ConnectStep, HubConnection, HubError, HubEvent,
    HubOptions, Invocation,
};
pub use protocol::{
    HandshakeRequest, HandshakeResponse, HubMessage, Incoming, Outcome, RecordReader,
};
