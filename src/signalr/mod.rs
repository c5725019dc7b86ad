//! SignalR: the JSON hub protocol codec shared by client and simulator, and the client
//! connection.

pub mod protocol;

pub use protocol::{HandshakeRequest, HandshakeResponse, HubMessage, Outcome, RecordReader};
