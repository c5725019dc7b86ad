//! `evtop demo`: the built-in simulator on a loopback port and the console logged in as
//! its supervisor.

use crate::console::{backend::RestBackend, launch, session};
use std::sync::Arc;

/// `evtop demo`: the built-in simulator on a loopback port and the console logged in as
/// its supervisor. The config file's `[ui]` and `[keys]` apply; its credentials do not.
pub async fn run(args: crate::cli::DemoArgs) -> color_eyre::Result<()> {
    let (_, _, settings) = crate::config::console::load(args.config.as_deref(), &args.ui)?;
    let wall = settings.ui.wall;
    let (sim, api) = super::start_demo(&args.model, args.tls).await?;
    let silo = format!("demo {}", sim.addr());
    let session = session::spawn(api.clone(), wall);
    let record = crate::console::record::RecordTo::from_args(
        &args.record,
        &silo,
        crate::sim::SUPERVISOR_EMAIL,
        vec![crate::sim::SUPERVISOR_SECRET.to_owned()],
    );
    let backend = Arc::new(RestBackend::new(api, silo));
    // The console reads the simulator's clock: a sped-up demo stamps its events in
    // simulated time.
    let result = launch::launch(
        settings,
        args.log_file.as_deref(),
        backend,
        session,
        record,
        sim.clock(),
    )
    .await;
    sim.shutdown().await;
    result
}
