//! The console's I/O shell around the pure `app`: the runner (one `select!` over the
//! terminal, the RTE session, effect results and the clock; frame pacing), the REST
//! backend, the RTE session link, terminal hygiene, and the launch that ties them up.

pub mod backend;
pub mod clock;
pub mod launch;
pub mod record;
pub mod runner;
pub mod session;
pub mod terminal;
