//! `evtop console`: the console against a real tenant, wired from the config file, the
//! REST client, the RTE session and the runner. ``evtop demo` shares its parts.

use super::boot;
use crate::console::{backend, launch, session};

/// `evtop console`: a real tenant. With `--wall` nothing is asked (missing credentials
/// are an error naming what to set) and an unreachable tenant is waited for.
pub async fn run(args: crate::cli::ConsoleArgs) -> color_eyre::Result<()> {
    use color_eyre::eyre::eyre;
    let (path, file, settings) =
        crate::config::console::load(args.connect.config.as_deref(), &args.ui)?;
    let wall = settings.ui.wall;
    let callout_mobile = crate::config::selected_profile(&args.connect, path.as_ref(), &file)?
        .callout_mobile
        .unwrap_or(false);
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
    let silo_name = silo.clone();
    let backend = std::sync::Arc::new(
        backend::RestBackend::new(api, silo).with_callout_mobile(callout_mobile),
    );
    let record = crate::console::record::RecordTo::from_args(
        &args.record,
        &silo_name,
        &resolved.username,
        crate::console::record::login_secrets(&resolved),
    );
    launch::launch(
        settings,
        args.connect.log_file.as_deref(),
        backend,
        session,
        record,
        crate::console::clock::Clock::system(),
    )
    .await
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
