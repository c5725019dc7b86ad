//! The faces of the binary, and the only place that wires the simulator, the REST client,
//! the RTE session, the console and the terminal together.

pub mod boot;
pub mod config;
pub mod console;
pub mod demo;
pub mod docs;
pub mod doctor;
pub mod events;
pub mod record;
pub mod replay;
pub mod sim;
pub mod snapshot;

use crate::api::{ApiClient, ClientOptions, Login};
use crate::cli::ModelArgs;
use color_eyre::eyre::{eyre, WrapErr};

/// The demo login, written once for `evtop demo` and `evtop events --demo`: starts the
/// built-in simulator (from the model flags) and logs in as its supervisor. The simulator
/// lives as long as the returned handle.
/// With `tls` the simulator serves https/wss and the client trusts its CA (held in
/// memory) besides the system's roots.
pub async fn start_demo(
    model: &ModelArgs,
    tls: bool,
) -> color_eyre::Result<(crate::sim::SimHandle, ApiClient)> {
    start_demo_with(model, tls, None).await
}

/// [`start_demo`], the simulator publishing `firehose` events a second when given.
pub async fn start_demo_with(
    model: &ModelArgs,
    tls: bool,
    firehose: Option<u32>,
) -> color_eyre::Result<(crate::sim::SimHandle, ApiClient)> {
    let mut cfg = sim::model_config(model)?;
    cfg.tls = tls;
    cfg.firehose = firehose;
    let sim = crate::sim::start(cfg)
        .await
        .wrap_err("cannot start the simulator")?;
    let login = Login::with_secret_key(
        sim.base_url(),
        crate::sim::SUPERVISOR_EMAIL,
        crate::sim::SUPERVISOR_SECRET,
    );
    let mut options = ClientOptions::from_login(&login);
    if let Some(pem) = sim.ca_pem() {
        options.tls = Some(crate::api::tls::client_config_with(
            &crate::api::tls::pem_certificates(pem),
        ));
    }
    let api = ApiClient::connect_with(&login, options)
        .await
        .map_err(|e| eyre!("{}", e.user_message()))?;
    Ok((sim, api))
}
