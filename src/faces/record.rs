//! `evtop record FILE`: the console without a screen, recording what it receives. It runs
//! the console's own runner (snapshot loads, subscriptions, reconnects as the console
//! does them) over a 1×1 off-screen terminal, so the recording is the one the console
//! would have made.

use crate::app::event::Event;
use crate::app::state::State;
use crate::cli::RecordCmdArgs;
use crate::console::backend::RestBackend;
use crate::console::record::RecordTo;
use crate::console::runner::{self, Io};
use crate::console::session;
use chrono::{Local, Offset};
use color_eyre::eyre::eyre;
use futures_util::StreamExt;
use ratatui::backend::TestBackend;
use ratatui::Terminal;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::mpsc;

/// `evtop record`.
pub async fn run(args: RecordCmdArgs) -> color_eyre::Result<()> {
    let _ = crate::logging::init(args.connect.log_file.as_deref());
    let mut sim = None;
    let (api, user, secrets) = if args.demo {
        let (handle, api) =
            super::start_demo_with(&args.model, false, args.firehose.filter(|r| *r > 0)).await?;
        sim = Some(handle);
        let secrets = vec![crate::sim::SUPERVISOR_SECRET.to_owned()];
        (api, crate::sim::SUPERVISOR_EMAIL.to_owned(), secrets)
    } else {
        let login = crate::config::resolve(&args.connect, &mut crate::config::TerminalPrompter)?;
        let api = crate::api::ApiClient::connect_verified(&login)
            .await
            .map_err(|e| eyre!("cannot connect: {}", e.user_message()))?;
        let secrets = crate::console::record::login_secrets(&login);
        (api, login.username.clone(), secrets)
    };
    let silo = match &sim {
        Some(s) => format!("demo {}", s.addr()),
        None => api.base_url().host_str().unwrap_or_default().to_owned(),
    };
    let to = RecordTo {
        path: args.file.clone(),
        max_bytes: args.record_max_mb.saturating_mul(1024 * 1024),
        silo: silo.clone(),
        user,
        secrets,
    };
    // A recorded demo keeps the simulator's time, as the demo's console does.
    let clock = match &sim {
        Some(s) => s.clock(),
        None => crate::console::clock::Clock::system(),
    };
    let mut state = State::new(clock.now());
    state.utc_offset = Local::now().offset().fix();
    let mut recorder = to.open(state.utc_offset.local_minus_utc())?;
    let link = session::spawn(api.clone(), false);
    let backend = Arc::new(RestBackend::new(api, silo));
    let (inbox_tx, inbox_rx) = mpsc::unbounded_channel();
    let stop = inbox_tx.clone();
    let seconds = args.seconds;
    tokio::spawn(async move {
        match seconds {
            Some(s) if s.is_finite() && s >= 0.0 => tokio::select! {
                _ = tokio::time::sleep(Duration::from_secs_f64(s)) => {}
                _ = crate::signals::stop_requested() => {}
            },
            _ => crate::signals::stop_requested().await,
        }
        let _ = stop.send(Event::Shutdown);
    });
    let io = Io {
        input: futures_util::stream::pending().boxed(),
        session: link.updates,
        commands: link.commands,
        inbox: inbox_rx,
        clock,
    };
    let mut terminal = Terminal::new(TestBackend::new(1, 1))?;
    let themes = [crate::ui::Theme::fallback()];
    let result = runner::run_recorded(
        &mut terminal,
        &mut state,
        &themes,
        backend,
        io,
        Some(&mut recorder),
    )
    .await;
    drop(inbox_tx);
    recorder.flush();
    if let Some(s) = sim {
        s.shutdown().await;
    }
    let stats = result?;
    crate::say!(
        "evtop: recorded {} lines ({} events applied) to {}",
        recorder.lines,
        stats.events,
        args.file.display()
    );
    match recorder.error.take() {
        Some(e) => Err(eyre!("recording stopped: {e}")),
        None => Ok(()),
    }
}
