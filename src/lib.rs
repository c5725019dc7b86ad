//! evtop: a terminal supervisor console for EnreachVoice contact centers.
//!
//! The crate is one binary with four faces (see `cli`): the console, a demo that runs the
//! console against the built-in simulator, the simulator alone, and a headless event
//! printer. The library half exists so integration tests and benchmarks can drive every
//! part for real.

/// `eprintln!` that ignores a closed stderr (`evtop … 2>&1 | head`): `eprintln!` would
/// panic there, and a panic while reporting an error aborts the process.
#[macro_export]
macro_rules! say {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stderr(), $($arg)*);
    }};
}

/// `println!` that ignores a closed stdout (`evtop sim | head -1`).
#[macro_export]
macro_rules! tell {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stdout(), $($arg)*);
    }};
}

pub mod api;
pub mod app;
pub mod cli;
pub mod config;
pub mod console;
pub mod credentials;
pub mod doctor;
pub mod faces;
pub mod json_walk;
pub mod limits;
pub mod logging;
pub mod model;
pub mod record;
pub mod rte;
pub mod sanitize;
pub mod shared_text;
pub mod signalr;
pub mod signals;
pub mod sim;
pub mod ui;

/// Installs the process-wide TLS crypto provider (ring). Safe to call more than once.
pub fn install_crypto_provider() {
    let _ = rustls::crypto::ring::default_provider().install_default();
}
