//! `evtop demo`: the built-in simulator on a loopback port and the console logged in as
//! its supervisor.

use super::console;

/// `evtop demo`: the built-in simulator on a loopback port and the console logged in as
/// its supervisor. The config file's `[ui]` and `[keys]` apply; its credentials do not.
pub async fn run(args: crate::cli::DemoArgs) -> color_eyre::Result<()> {
    let (path, file, ui_file) = console::load_config(args.config.as_deref())?;
    let mut prepared =
        crate::console::launch::prepare_with_file(&args.ui, &ui_file, path.as_deref())?;
    prepared.keymap = console::keymap_from(&file, path.as_deref())?;
    let wall = prepared.ui.wall;
    let (sim, api) = super::start_demo(&args.model).await?;
    let silo = format!("demo {}", sim.addr());
    let session = crate::console::session::spawn(api.clone(), wall);
    let backend = std::sync::Arc::new(crate::console::backend::RestBackend::new(api, silo));
    let result =
        crate::console::launch::launch(prepared, args.log_file.as_deref(), backend, session).await;
    sim.shutdown().await;
    result
}
