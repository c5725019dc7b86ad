//! The faces of the binary, and the only place that wires the simulator, the REST client,
//! the RTE session, the console and the terminal together.

pub mod boot;
pub mod console;
pub mod demo;
pub mod doctor;
pub mod events;
pub mod sim;

use crate::api::{ApiClient, Login};
use crate::cli::ModelArgs;
use color_eyre::eyre::{eyre, WrapErr};

/// The demo login, written once for `evtop demo` and `evtop events --demo`: starts the
/// built-in simulator (from the model flags) and logs in as its supervisor. The simulator
/// lives as long as the returned handle.
pub async fn start_demo(
    model: &ModelArgs,
) -> color_eyre::Result<(crate::sim::SimHandle, ApiClient)> {
    let sim = crate::sim::start(sim::model_config(model)?)
        .await
        .wrap_err("cannot start the simulator")?;
    let login = Login::with_secret_key(
        sim.base_url(),
        crate::sim::SUPERVISOR_EMAIL,
        crate::sim::SUPERVISOR_SECRET,
    );
    let api = ApiClient::connect(&login)
        .await
        .map_err(|e| eyre!("{}", e.user_message()))?;
    Ok((sim, api))
}
