//! REST: discovery, auth, typed endpoints and errors.

pub mod client;
pub mod discovery;
pub mod error;
pub mod login;
pub mod paths;
pub mod retry;
pub mod secret;
pub mod tls;
pub mod transport;
pub mod url;

pub use client::{ApiClient, ClientOptions, Notices};
pub use error::ApiError;
pub use login::{Credential, Login, DEFAULT_DISCOVERY_URL};
pub use paths::{Endpoint, PathTable, ROUTES};
pub use retry::RetryPolicy;
pub use secret::Secret;
