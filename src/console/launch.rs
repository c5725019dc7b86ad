//! Starting the console for real: themes, logging, state, signals, the terminal guard and
//! the runner. `evtop console` and `evtop demo` only differ in where the API and session
//! come from.

use super::runner::{self, ConsoleApi, Io};
use super::session::SessionLink;
use super::terminal::TerminalGuard;
use crate::app::event::Event;
use crate::app::state::{State, Thresholds, ToastLevel};
use crate::app::uiconfig::UiFile;
use crate::cli::UiArgs;
use crate::ui::theme::{self, Theme};
use chrono::{Local, Offset, Utc};
use color_eyre::eyre::eyre;
use crossterm::event::EventStream;
use futures_util::StreamExt;
use std::path::Path;
use std::sync::Arc;
use tokio::sync::mpsc;

/// Sends `Event::Shutdown` on SIGTERM, SIGHUP or an external SIGINT (in raw mode Ctrl-C
/// is a key, not a signal), so the terminal is restored on the way out.
fn watch_signals(inbox: mpsc::UnboundedSender<Event>) {
    #[cfg(unix)]
    tokio::spawn(async move {
        use tokio::signal::unix::{signal, SignalKind};
        let (Ok(mut term), Ok(mut hup), Ok(mut int)) = (
            signal(SignalKind::terminate()),
            signal(SignalKind::hangup()),
            signal(SignalKind::interrupt()),
        ) else {
            tracing::warn!("cannot watch SIGTERM/SIGHUP/SIGINT");
            return;
        };
        tokio::select! {
            _ = term.recv() => tracing::info!("SIGTERM"),
            _ = hup.recv() => tracing::info!("SIGHUP"),
            _ = int.recv() => tracing::info!("SIGINT"),
        }
        let _ = inbox.send(Event::Shutdown);
    });
    #[cfg(not(unix))]
    drop(inbox);
}

/// What is checked before anything starts: a bad theme or threshold is an error on a
/// normal screen, before the simulator or the network is touched.
pub struct Prepared {
    pub ui: UiArgs,
    pub themes: Vec<Theme>,
    pub theme_index: usize,
    pub thresholds: Thresholds,
    /// The key bindings (defaults, or with the config file's `[keys]` applied).
    pub keymap: crate::app::keymap::Keymap,
}

/// Validates the UI flags.
pub fn prepare(ui: &UiArgs) -> color_eyre::Result<Prepared> {
    prepare_with_file(ui, &UiFile::default(), None)
}

/// Validates the UI flags over the config file's `[ui]` table (flags win). An error
/// caused by the file names the file and the key.
pub fn prepare_with_file(
    flags: &UiArgs,
    file: &UiFile,
    config_path: Option<&Path>,
) -> color_eyre::Result<Prepared> {
    let ui = file.under(flags);
    let in_file = |message: String| match config_path {
        Some(path) => eyre!("config file {}: {message}", path.display()),
        None => eyre!("config file: {message}"),
    };
    let (themes, theme_index) = theme::select(ui.theme.as_deref(), theme::no_color_requested())
        .map_err(|e| {
            if flags.theme.is_none() && file.theme.is_some() {
                in_file(format!("[ui] theme: {e}"))
            } else {
                eyre!("{e}")
            }
        })?;
    let thresholds = Thresholds::default()
        .with_flags(
            ui.callers_threshold.as_deref(),
            ui.wait_threshold.as_deref(),
        )
        .map_err(|e| eyre!(e))?;
    Ok(Prepared {
        ui,
        themes,
        theme_index,
        thresholds,
        keymap: crate::app::keymap::Keymap::default(),
    })
}

/// Runs the console on the real terminal until the user quits or a signal arrives.
pub async fn launch(
    prepared: Prepared,
    log_file: Option<&Path>,
    api: Arc<dyn ConsoleApi>,
    session: SessionLink,
) -> color_eyre::Result<()> {
    let Prepared {
        ui,
        themes,
        theme_index,
        thresholds,
        keymap,
    } = prepared;
    let log = crate::logging::init(log_file);
    let mut state = State::new(Utc::now());
    state.wall = ui.wall;
    state.thresholds = thresholds;
    state.keymap = keymap;
    state.utc_offset = Local::now().offset().fix();
    state.view.theme_names = themes.iter().map(|t| t.name.clone()).collect();
    state.view.theme_index = theme_index;
    match &log {
        Ok(path) => tracing::info!(path = %path.display(), wall = ui.wall, "console starting"),
        Err(e) => state.toast(ToastLevel::Info, format!("Logging is off: {e}")),
    }
    let (inbox_tx, inbox_rx) = mpsc::unbounded_channel();
    watch_signals(inbox_tx);
    let (guard, mut terminal) = TerminalGuard::enter(ui.mouse)?;
    let io = Io {
        input: EventStream::new().boxed(),
        session: session.updates,
        commands: session.commands,
        inbox: inbox_rx,
    };
    let result = runner::run(&mut terminal, &mut state, &themes, api, io).await;
    drop(terminal);
    drop(guard);
    let stats = result?;
    tracing::info!(
        frames = stats.frames,
        events = stats.events,
        "console stopped"
    );
    Ok(())
}
