//! `evtop console`: the console against a real tenant, wired from the config file, the
//! REST client, the RTE session and the runner. `evtop demo` shares its wiring.

use super::boot;
use crate::app::{keyconfig, keymap, uiconfig};
use crate::console::{backend, launch, session};

/// The config file (`--config`, else the default one when it exists) and its `[ui]`
/// table, read before anything starts. Credentials are not looked at here.
pub(super) fn load_config(
    config: Option<&std::path::Path>,
) -> color_eyre::Result<(
    Option<std::path::PathBuf>,
    crate::config::ConfigFile,
    uiconfig::UiFile,
)> {
    use color_eyre::eyre::eyre;
    let connect = crate::cli::ConnectArgs {
        config: config.map(ToOwned::to_owned),
        ..Default::default()
    };
    let (path, file) = crate::config::load(&connect)?;
    let ui = uiconfig::UiFile::parse(&file.ui, path.as_deref().and_then(|p| p.parent())).map_err(
        |e| match &path {
            Some(p) => eyre!("config file {}: {e}", p.display()),
            None => eyre!("config file: {e}"),
        },
    )?;
    Ok((path, file, ui))
}

/// The keymap with the config file's `[keys]` applied.
pub(super) fn keymap_from(
    file: &crate::config::ConfigFile,
    path: Option<&std::path::Path>,
) -> color_eyre::Result<keymap::Keymap> {
    keyconfig::with_overrides(&keymap::Keymap::default(), &file.keys).map_err(|e| match path {
        Some(p) => color_eyre::eyre::eyre!("config file {}: {e}", p.display()),
        None => color_eyre::eyre::eyre!("config file: {e}"),
    })
}

/// `evtop console`: a real tenant. With `--wall` nothing is asked (missing credentials
/// are an error naming what to set) and an unreachable tenant is waited for.
pub async fn run(args: crate::cli::ConsoleArgs) -> color_eyre::Result<()> {
    use color_eyre::eyre::eyre;
    let (path, file, ui_file) = load_config(args.connect.config.as_deref())?;
    let mut prepared = launch::prepare_with_file(&args.ui, &ui_file, path.as_deref())?;
    prepared.keymap = keymap_from(&file, path.as_deref())?;
    let wall = prepared.ui.wall;
    let resolved = if wall {
        crate::config::resolve_with(&args.connect, path, &file, &mut crate::config::NoPrompt)
            .map_err(|e| eyre!("{}", wall_config_message(&e)))?
    } else {
        crate::config::resolve_with(
            &args.connect,
            path,
            &file,
            &mut crate::config::TerminalPrompter,
        )?
    };
    let api = if wall {
        let backoff = crate::rte::session::SessionOptions::default().backoff;
        let connecting = boot::connect_patiently(&resolved, backoff, |notice| {
            crate::say!("{notice}");
        });
        tokio::select! {
            result = connecting => result.map_err(|e| eyre!("{}", e.user_message()))?,
            _ = crate::signals::stop_requested() => {
                crate::say!(
                    "evtop: stopped while waiting for {}",
                    boot::target_host(&resolved)
                );
                return Ok(());
            }
        }
    } else {
        crate::api::ApiClient::connect_verified(&resolved)
            .await
            .map_err(|e| eyre!("{}", e.user_message()))?
    };
    let silo = api.base_url().host_str().unwrap_or_default().to_owned();
    let session = session::spawn(api.clone(), wall);
    let backend = std::sync::Arc::new(backend::RestBackend::new(api, silo));
    launch::launch(prepared, args.connect.log_file.as_deref(), backend, session).await
}

/// A config error in wall mode; missing credentials say what to set, since a wall
/// display never asks.
fn wall_config_message(e: &crate::config::ConfigError) -> String {
    use crate::config::ConfigError;
    match e {
        ConfigError::MissingUser | ConfigError::MissingSecret { .. } => format!(
            "{e}. --wall never asks for credentials: set EVTOP_USER and EVTOP_SECRET \
             (or EVTOP_PASSWORD), or `username` and `secret_key` (or `password`) in a \
             [profiles.NAME] table of the config file"
        ),
        other => other.to_string(),
    }
}
