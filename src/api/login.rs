//! [`Login`]: everything the REST client needs to reach and log in to a tenant. The
//! config layer builds it from flags, environment, profile and prompt; the client never
//! looks at where it came from.

use super::{PathTable, Secret};

/// The default discovery service.
pub const DEFAULT_DISCOVERY_URL: &str = "https://discover.enreachvoice.com";

/// What proves who the user is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Credential {
    /// The API secret key (HTTP Basic password).
    SecretKey(Secret),
    /// A password, exchanged once for the secret key.
    Password(Secret),
}

/// How to reach and log in to one tenant.
#[derive(Debug, Clone)]
pub struct Login {
    pub username: String,
    pub credential: Credential,
    /// Explicit REST base URL; `None` means: use discovery.
    pub api_url: Option<String>,
    pub discovery_url: String,
    pub insecure_http: bool,
    pub paths: PathTable,
    /// A private CA's certificates (PEM), trusted besides the system's roots.
    pub ca_file: Option<std::path::PathBuf>,
    /// Largest REST answer body in bytes (`None`: the default, 32 MiB).
    pub max_body: Option<usize>,
}

impl Login {
    /// A login with a known secret key and API URL (tests, the demo).
    pub fn with_secret_key(
        api_url: impl Into<String>,
        username: impl Into<String>,
        secret_key: impl Into<Secret>,
    ) -> Self {
        Login {
            username: username.into(),
            credential: Credential::SecretKey(secret_key.into()),
            api_url: Some(api_url.into()),
            discovery_url: DEFAULT_DISCOVERY_URL.into(),
            insecure_http: false,
            paths: PathTable::default(),
            ca_file: None,
            max_body: None,
        }
    }
}
