//! The runner: one `select!` loop over terminal input, session updates, effect results,
//! outside requests (signals) and a 1 Hz clock. It feeds `update()` (the terminal's size
//! and the first snapshot request included), carries out the effects, and draws only when something changed — within 33 ms of a key, at most 10
//! frames a second for live data alone — inside a
//! synchronized-output bracket so the terminal never shows half a frame.

use crate::app::effect::{ApiAction, Effect};
use crate::app::event::{Event, Snapshot};
use crate::app::failure::ActionError;
use crate::app::state::State;
use crate::app::update::update;
use crate::rte::{SessionCommand, SessionUpdate};
use crate::ui::{self, Theme};
use chrono::Utc;
use crossterm::event::{Event as TermEvent, KeyEventKind};
use futures_util::stream::BoxStream;
use futures_util::StreamExt;
use ratatui::backend::{Backend, CrosstermBackend, TestBackend};
use ratatui::Terminal;
use std::future::Future;
use std::io::{self, Write};
use std::pin::Pin;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};
use tokio::sync::mpsc;

/// The shortest time between two frames (30 fps): what a key press waits at most.
pub const FRAME: Duration = Duration::from_millis(33);
/// The shortest time between two frames that only live data asked for (10 fps): a busy
/// tenant pushes hundreds of events a second, and nobody reads counters faster.
pub const DATA_FRAME: Duration = Duration::from_millis(100);

pub type BoxFut<T> = Pin<Box<dyn Future<Output = T> + Send + 'static>>;

/// How many RTE events the console has applied (`State::live_seq`), shared with the
/// snapshot loader so that each part of a snapshot can say when it was read.
#[derive(Debug, Clone, Default)]
pub struct AppliedEvents(Arc<AtomicU64>);

impl AppliedEvents {
    pub fn get(&self) -> u64 {
        self.0.load(Ordering::Acquire)
    }

    pub fn set(&self, seq: u64) {
        self.0.store(seq, Ordering::Release);
    }
}

/// What the console needs from the tenant's REST API. Errors are user-facing sentences
/// (what happened and what to try).
pub trait ConsoleApi: Send + Sync + 'static {
    /// Users, queues, memberships, availabilities and callbacks; each part marked with
    /// `applied.get()` as it was just before that part was requested.
    fn snapshot(&self, applied: AppliedEvents) -> BoxFut<Result<Snapshot, String>>;
    /// Runs an action; `Ok` carries an optional detail for the toast.
    fn act(&self, action: ApiAction) -> BoxFut<Result<String, ActionError>>;
    /// The queue call records that arrived in `[start, end)` (`GET /servicecall`). A
    /// backend without them refuses.
    fn call_records(
        &self,
        start: chrono::DateTime<Utc>,
        end: chrono::DateTime<Utc>,
    ) -> BoxFut<Result<Vec<crate::model::rest::ServiceCall>, crate::app::event::RecordsFailure>>
    {
        let _ = (start, end);
        Box::pin(async {
            Err(crate::app::event::RecordsFailure {
                message: "no call records here".into(),
                refused: true,
            })
        })
    }
}

/// Reads the call records and sends the answer back as an event.
pub fn spawn_call_records(
    api: Arc<dyn ConsoleApi>,
    done: mpsc::UnboundedSender<Event>,
    start: chrono::DateTime<Utc>,
    end: chrono::DateTime<Utc>,
) {
    tokio::spawn(async move {
        let result = api.call_records(start, end).await;
        let _ = done.send(Event::CallRecords { start, result });
    });
}

/// Brackets a frame in synchronized output (DEC mode 2026) where the backend supports it.
pub trait SyncOutput {
    fn begin_frame(&mut self) -> io::Result<()>;
    fn end_frame(&mut self) -> io::Result<()>;
}

impl<W: Write> SyncOutput for CrosstermBackend<W> {
    fn begin_frame(&mut self) -> io::Result<()> {
        crossterm::queue!(self, crossterm::terminal::BeginSynchronizedUpdate)
    }
    fn end_frame(&mut self) -> io::Result<()> {
        crossterm::execute!(self, crossterm::terminal::EndSynchronizedUpdate)
    }
}

impl SyncOutput for TestBackend {
    fn begin_frame(&mut self) -> io::Result<()> {
        Ok(())
    }
    fn end_frame(&mut self) -> io::Result<()> {
        Ok(())
    }
}

/// The runner's connections to the world.
pub struct Io {
    /// Terminal input (crossterm's EventStream, or a scripted stream in tests).
    pub input: BoxStream<'static, io::Result<TermEvent>>,
    /// Updates from the RTE session.
    pub session: BoxStream<'static, SessionUpdate>,
    /// Commands to the RTE session.
    pub commands: mpsc::UnboundedSender<SessionCommand>,
    /// Events from elsewhere (signal handlers, the demo's owner).
    pub inbox: mpsc::UnboundedReceiver<Event>,
    /// Where the ticks' time comes from.
    pub clock: super::clock::Clock,
}

/// Figures about a run, for tests and measurements.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct RunStats {
    pub frames: u64,
    pub events: u64,
}

/// Turns an mpsc receiver into a stream.
pub fn receiver_stream<T: Send + 'static>(rx: mpsc::UnboundedReceiver<T>) -> BoxStream<'static, T> {
    futures_util::stream::unfold(rx, |mut rx| async move { rx.recv().await.map(|v| (v, rx)) })
        .boxed()
}

/// Draws a frame; returns what it showed that the app scrolls by.
fn draw_frame<B>(
    terminal: &mut Terminal<B>,
    state: &State,
    theme: &Theme,
) -> color_eyre::Result<ui::Viewport>
where
    B: Backend + SyncOutput,
    B::Error: Send + Sync + 'static,
{
    terminal.backend_mut().begin_frame()?;
    let mut viewport = ui::Viewport::default();
    let drawn = terminal
        .draw(|f| viewport = ui::draw_measured(f, state, theme))
        .map(|_| ());
    terminal.backend_mut().end_frame()?;
    drawn?;
    Ok(viewport)
}

/// Terminal input as app events. With `--mouse`, the wheel moves like ↑/↓ in the focused
/// pane (through the keymap, so a rebound key follows); other mouse input is ignored.
fn term_event(ev: TermEvent) -> Option<Event> {
    use crossterm::event::{KeyCode, KeyEvent, KeyModifiers, MouseEventKind};
    match ev {
        TermEvent::Key(k) if k.kind != KeyEventKind::Release => Some(Event::Key(k)),
        TermEvent::Resize(cols, rows) => Some(Event::Resize { cols, rows }),
        TermEvent::Mouse(m) => match m.kind {
            MouseEventKind::ScrollUp => {
                Some(Event::Key(KeyEvent::new(KeyCode::Up, KeyModifiers::NONE)))
            }
            MouseEventKind::ScrollDown => {
                Some(Event::Key(KeyEvent::new(KeyCode::Down, KeyModifiers::NONE)))
            }
            MouseEventKind::Down(crossterm::event::MouseButton::Left) => Some(Event::Click {
                col: m.column,
                row: m.row,
            }),
            _ => None,
        },
        _ => None,
    }
}

struct Executor {
    api: Arc<dyn ConsoleApi>,
    done: mpsc::UnboundedSender<Event>,
    commands: mpsc::UnboundedSender<SessionCommand>,
    applied: AppliedEvents,
}

impl Executor {
    /// Carries out one effect; false when the console must stop.
    fn run(&self, effect: Effect) -> bool {
        match effect {
            Effect::RefreshSnapshot => {
                // `update()` asks for one load at a time (the snapshot in flight is part
                // of the state).
                let api = self.api.clone();
                let done = self.done.clone();
                let applied = self.applied.clone();
                tokio::spawn(async move {
                    let result = api.snapshot(applied).await;
                    let _ = done.send(match result {
                        Ok(s) => Event::Snapshot(Box::new(s)),
                        Err(e) => Event::SnapshotFailed(e),
                    });
                });
            }
            Effect::Reconnect => {
                let _ = self.commands.send(SessionCommand::Reconnect);
            }
            Effect::ReadCallRecords { start, end } => {
                spawn_call_records(self.api.clone(), self.done.clone(), start, end);
            }
            Effect::Bell => {
                // BEL between frames: the terminal beeps or flashes, as its user chose.
                let mut out = io::stdout();
                let _ = out.write_all(b"\x07").and_then(|_| out.flush());
            }
            Effect::Subscribe(keys) => {
                tracing::debug!(count = keys.len(), "subscribe");
                let _ = self.commands.send(SessionCommand::Subscribe(keys));
            }
            Effect::Unsubscribe(keys) => {
                let _ = self.commands.send(SessionCommand::Unsubscribe(keys));
            }
            Effect::Api { what, action } => {
                tracing::info!(%what, "action");
                let api = self.api.clone();
                let done = self.done.clone();
                tokio::spawn(async move {
                    let result = api.act(action).await;
                    let _ = done.send(Event::ActionDone { what, result });
                });
            }
            Effect::Quit => {
                let _ = self.commands.send(SessionCommand::Shutdown);
                return false;
            }
            // Needs the terminal: done by the loop (see `run`).
            Effect::Suspend => {}
        }
        true
    }
}

/// Runs the console until it quits. The first thing it does is load the REST snapshot.
pub async fn run<B>(
    terminal: &mut Terminal<B>,
    state: &mut State,
    themes: &[Theme],
    api: Arc<dyn ConsoleApi>,
    io: Io,
) -> color_eyre::Result<RunStats>
where
    B: Backend + SyncOutput,
    B::Error: Send + Sync + 'static,
{
    run_recorded(terminal, state, themes, api, io, None).await
}

/// [`run`], with every input `update()` receives also given to `recorder` (which keeps
/// only what came from the world: see `crate::record`).
pub async fn run_recorded<B>(
    terminal: &mut Terminal<B>,
    state: &mut State,
    themes: &[Theme],
    api: Arc<dyn ConsoleApi>,
    mut io: Io,
    mut recorder: Option<&mut crate::record::Recorder>,
) -> color_eyre::Result<RunStats>
where
    B: Backend + SyncOutput,
    B::Error: Send + Sync + 'static,
{
    let fallback = Theme::fallback();
    let (done_tx, mut done_rx) = mpsc::unbounded_channel();
    let exec = Executor {
        api,
        done: done_tx,
        commands: io.commands.clone(),
        applied: AppliedEvents::default(),
    };
    let mut stats = RunStats::default();
    state.now = io.clock.now();
    let size = terminal.size().unwrap_or_default();
    let start = [
        Event::Resize {
            cols: size.width,
            rows: size.height,
        },
        Event::Reload,
    ];
    for event in start {
        if let Some(r) = recorder.as_deref_mut() {
            r.record(&event);
        }
        for effect in update(state, event) {
            if !exec.run(effect) {
                return Ok(stats);
            }
        }
    }
    let mut tick = tokio::time::interval(io.clock.tick_every());
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Skip);
    let mut last_frame: Option<Instant> = None;
    // Something the user did (a key, a resize, an action's result) is waiting to be drawn.
    let mut urgent = false;
    let (mut input_open, mut session_open, mut inbox_open) = (true, true, true);
    loop {
        let gap = if urgent { FRAME } else { DATA_FRAME };
        let since = last_frame.map(|t| t.elapsed()).unwrap_or(gap);
        if state.dirty && since >= gap {
            let theme = themes.get(state.view.theme_index).unwrap_or(&fallback);
            let viewport = draw_frame(terminal, state, theme)?;
            state.dirty = false;
            if viewport.log_rows != state.view.log.rows {
                update(state, Event::LogRows(viewport.log_rows));
            }
            if viewport.panes != state.view.pane_areas {
                update(state, Event::PaneAreas(viewport.panes));
            }
            urgent = false;
            last_frame = Some(Instant::now());
            stats.frames += 1;
        }
        let frame_wait = gap.saturating_sub(since);
        let mut from_user = false;
        let event = tokio::select! {
            ev = io.input.next(), if input_open => match ev {
                Some(Ok(ev)) => {
                    from_user = true;
                    term_event(ev)
                }
                Some(Err(e)) => return Err(color_eyre::eyre::eyre!("reading the terminal: {e}")),
                None => {
                    input_open = false;
                    None
                }
            },
            upd = io.session.next(), if session_open => match upd {
                Some(u) => Some(Event::Session(u)),
                None => {
                    session_open = false;
                    None
                }
            },
            Some(ev) = done_rx.recv() => {
                from_user = true;
                Some(ev)
            }
            ev = io.inbox.recv(), if inbox_open => match ev {
                Some(ev) => {
                    from_user = true;
                    Some(ev)
                }
                None => {
                    inbox_open = false;
                    None
                }
            },
            _ = tick.tick() => Some(Event::Tick(io.clock.now())),
            _ = tokio::time::sleep(frame_wait), if state.dirty => None,
        };
        let Some(event) = event else { continue };
        stats.events += 1;
        if let Some(r) = recorder.as_deref_mut() {
            r.record(&event);
        }
        let effects = update(state, event);
        exec.applied.set(state.live_seq);
        for effect in effects {
            if effect == Effect::Suspend {
                if super::terminal::suspend_and_resume()? {
                    // The shell drew over the screen: paint it whole again.
                    terminal.clear()?;
                    state.dirty = true;
                }
                continue;
            }
            if !exec.run(effect) {
                return Ok(stats);
            }
        }
        urgent |= from_user && state.dirty;
    }
}

#[cfg(test)]
mod term_event_tests {
    use super::*;
    use crossterm::event::{KeyCode, KeyModifiers, MouseEvent, MouseEventKind};

    fn mouse(kind: MouseEventKind) -> TermEvent {
        TermEvent::Mouse(MouseEvent {
            kind,
            column: 3,
            row: 4,
            modifiers: KeyModifiers::NONE,
        })
    }

    #[test]
    fn wheel_moves_like_arrows_and_a_left_click_is_a_click() {
        match term_event(mouse(MouseEventKind::ScrollDown)) {
            Some(Event::Key(k)) => assert_eq!(k.code, KeyCode::Down),
            other => panic!("{other:?}"),
        }
        match term_event(mouse(MouseEventKind::ScrollUp)) {
            Some(Event::Key(k)) => assert_eq!(k.code, KeyCode::Up),
            other => panic!("{other:?}"),
        }
        assert!(term_event(mouse(MouseEventKind::Moved)).is_none());
        match term_event(mouse(MouseEventKind::Down(
            crossterm::event::MouseButton::Left,
        ))) {
            Some(Event::Click { col: 3, row: 4 }) => {}
            other => panic!("{other:?}"),
        }
        assert!(term_event(mouse(MouseEventKind::Down(
            crossterm::event::MouseButton::Right
        )))
        .is_none());
    }
}
