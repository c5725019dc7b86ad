//! Starting the console for real: themes, logging, state, signals, the terminal guard and
//! the runner. `evtop console` and `evtop demo` only differ in where the API and session
//! come from.

use super::runner::{self, ConsoleApi, Io};
use super::session::SessionLink;
use super::terminal::TerminalGuard;
use crate::app::event::Event;
use crate::app::state::{State, ToastLevel};
use crate::config::console::ConsoleSettings;
use chrono::{Local, Offset};
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

/// Runs the console on the real terminal until the user quits or a signal arrives.
pub async fn launch(
    prepared: ConsoleSettings,
    log_file: Option<&Path>,
    api: Arc<dyn ConsoleApi>,
    session: SessionLink,
    record: Option<super::record::RecordTo>,
    clock: super::clock::Clock,
) -> color_eyre::Result<()> {
    let ConsoleSettings {
        ui,
        themes,
        theme_index,
        thresholds,
        keymap,
        alerts,
        views,
        view,
        service_levels,
    } = prepared;
    super::terminal::require_terminal()?;
    let log = crate::logging::init(log_file);
    let mut state = State::new(clock.now());
    state.wall = ui.wall;
    state.thresholds = thresholds;
    state.keymap = keymap;
    state.limits = alerts.agents;
    state.alerts.rules = alerts;
    state.views = views;
    state.view.queue_set = view;
    state.today.set_levels(service_levels);
    state.utc_offset = Local::now().offset().fix();
    state.view.theme_names = themes.iter().map(|t| t.name.clone()).collect();
    state.view.theme_index = theme_index;
    match &log {
        Ok(path) => tracing::info!(path = %path.display(), wall = ui.wall, "console starting"),
        Err(e) => state.toast(ToastLevel::Info, format!("Logging is off: {e}")),
    }
    let mut recorder = match &record {
        Some(to) => Some(to.open(state.utc_offset.local_minus_utc())?),
        None => None,
    };
    let (inbox_tx, inbox_rx) = mpsc::unbounded_channel();
    watch_signals(inbox_tx);
    let (guard, mut terminal) = TerminalGuard::enter(ui.mouse)?;
    let io = Io {
        input: EventStream::new().boxed(),
        session: session.updates,
        commands: session.commands,
        inbox: inbox_rx,
        clock,
    };
    let result = runner::run_recorded(
        &mut terminal,
        &mut state,
        &themes,
        api,
        io,
        recorder.as_mut(),
    )
    .await;
    drop(terminal);
    drop(guard);
    let stats = result?;
    if let Some(r) = recorder.as_mut() {
        r.flush();
        tracing::info!(lines = r.lines, error = ?r.error, "recording ended");
    }
    tracing::info!(
        frames = stats.frames,
        events = stats.events,
        "console stopped"
    );
    Ok(())
}
