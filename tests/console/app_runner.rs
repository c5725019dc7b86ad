//! The runner against a scripted terminal, a fake REST API and a fake RTE session:
//! snapshot → subscriptions → live events on screen → keys → quit; frames only on change.

use crossterm::event::{Event as TermEvent, KeyCode, KeyEvent};
use evtop::app::effect::ApiAction;
use evtop::app::fixture::{self, fixed_now};
use evtop::app::{Event, Snapshot, State};
use evtop::console::runner::{self, AppliedEvents, BoxFut, ConsoleApi, Io, RunStats, SyncOutput};
use evtop::model::EventKind;
use evtop::rte::{ConnectionState, SessionCommand, SessionUpdate, SubscriptionKey};
use evtop::ui::Theme;
use ratatui::backend::{Backend, ClearType, TestBackend, WindowSize};
use ratatui::buffer::Cell;
use ratatui::layout::{Position, Size};
use ratatui::Terminal;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::{mpsc, watch};
use tokio::time::timeout;

/// TestBackend that publishes the screen text after every flush.
struct Recording {
    inner: TestBackend,
    screen: watch::Sender<String>,
}

impl Recording {
    fn text(&self) -> String {
        let buf = self.inner.buffer();
        let mut out = String::new();
        for y in 0..buf.area.height {
            for x in 0..buf.area.width {
                out.push_str(buf[(x, y)].symbol());
            }
            out.push('\n');
        }
        out
    }
}

impl Backend for Recording {
    type Error = std::convert::Infallible;
    fn draw<'a, I>(&mut self, content: I) -> Result<(), Self::Error>
    where
        I: Iterator<Item = (u16, u16, &'a Cell)>,
    {
        self.inner.draw(content)
    }
    fn hide_cursor(&mut self) -> Result<(), Self::Error> {
        self.inner.hide_cursor()
    }
    fn show_cursor(&mut self) -> Result<(), Self::Error> {
        self.inner.show_cursor()
    }
    fn get_cursor_position(&mut self) -> Result<Position, Self::Error> {
        self.inner.get_cursor_position()
    }
    fn set_cursor_position<P: Into<Position>>(&mut self, p: P) -> Result<(), Self::Error> {
        self.inner.set_cursor_position(p)
    }
    fn clear(&mut self) -> Result<(), Self::Error> {
        self.inner.clear()
    }
    fn clear_region(&mut self, t: ClearType) -> Result<(), Self::Error> {
        self.inner.clear_region(t)
    }
    fn size(&self) -> Result<Size, Self::Error> {
        self.inner.size()
    }
    fn window_size(&mut self) -> Result<WindowSize, Self::Error> {
        self.inner.window_size()
    }
    fn flush(&mut self) -> Result<(), Self::Error> {
        let text = self.text();
        self.screen.send_replace(text);
        Ok(())
    }
}

impl SyncOutput for Recording {
    fn begin_frame(&mut self) -> std::io::Result<()> {
        Ok(())
    }
    fn end_frame(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

struct FakeApi;

impl ConsoleApi for FakeApi {
    fn snapshot(&self, _applied: AppliedEvents) -> BoxFut<Result<Snapshot, String>> {
        Box::pin(async { Ok(fixture::snapshot()) })
    }
    fn act(&self, _action: ApiAction) -> BoxFut<Result<String, evtop::app::ActionError>> {
        Box::pin(async { Ok(String::new()) })
    }
}

struct Harness {
    keys: mpsc::UnboundedSender<std::io::Result<TermEvent>>,
    session: mpsc::UnboundedSender<SessionUpdate>,
    commands: mpsc::UnboundedReceiver<SessionCommand>,
    inbox: mpsc::UnboundedSender<Event>,
    screen: watch::Receiver<String>,
    run: tokio::task::JoinHandle<color_eyre::Result<RunStats>>,
}

fn start(w: u16, h: u16, wall: bool) -> Harness {
    let (keys_tx, keys_rx) = mpsc::unbounded_channel();
    let (session_tx, session_rx) = mpsc::unbounded_channel();
    let (cmd_tx, cmd_rx) = mpsc::unbounded_channel();
    let (inbox_tx, inbox_rx) = mpsc::unbounded_channel();
    let (screen_tx, screen_rx) = watch::channel(String::new());
    let io = Io {
        input: runner::receiver_stream(keys_rx),
        session: runner::receiver_stream(session_rx),
        commands: cmd_tx,
        inbox: inbox_rx,
        clock: evtop::console::clock::Clock::system(),
    };
    let run = tokio::spawn(async move {
        let backend = Recording {
            inner: TestBackend::new(w, h),
            screen: screen_tx,
        };
        let mut terminal = Terminal::new(backend)?;
        let mut state = State::new(fixed_now());
        state.wall = wall;
        let themes = vec![Theme::fallback()];
        runner::run(&mut terminal, &mut state, &themes, Arc::new(FakeApi), io).await
    });
    Harness {
        keys: keys_tx,
        session: session_tx,
        commands: cmd_rx,
        inbox: inbox_tx,
        screen: screen_rx,
        run,
    }
}

async fn screen_shows(h: &mut Harness, what: &str) {
    let found = timeout(
        Duration::from_secs(10),
        h.screen.wait_for(|s| s.contains(what)),
    )
    .await
    .map(|r| r.is_ok())
    .unwrap_or(false);
    assert!(
        found,
        "screen never showed {what:?}:\n{}",
        h.screen.borrow().clone()
    );
}

/// Waits (bounded) for the runner to end: no panic, no error.
async fn finished(run: tokio::task::JoinHandle<color_eyre::Result<RunStats>>) -> RunStats {
    timeout(Duration::from_secs(10), run)
        .await
        .expect("the console stops in time")
        .expect("no panic")
        .expect("no error")
}

/// Asks the console to stop the way a signal does, and waits for it.
async fn shut_down(h: Harness) -> RunStats {
    h.inbox.send(Event::Shutdown).unwrap();
    finished(h.run).await
}

fn session_event(e: Event) -> SessionUpdate {
    match e {
        Event::Session(u) => u,
        _ => unreachable!(),
    }
}

#[tokio::test]
async fn snapshot_subscriptions_live_events_keys_and_quit() {
    let mut h = start(100, 30, false);
    let cmd = timeout(Duration::from_secs(10), h.commands.recv())
        .await
        .expect("subscribe in time");
    let Some(SessionCommand::Subscribe(keys)) = cmd else {
        panic!("{cmd:?}")
    };
    assert!(keys.contains(&SubscriptionKey::new("q-sales", EventKind::QueueStatus)));
    screen_shows(&mut h, "Customer Support").await;

    h.session
        .send(SessionUpdate::State(ConnectionState::Live))
        .unwrap();
    let now = chrono::Utc::now();
    h.session
        .send(session_event(fixture::queue_status(
            "q-support",
            "ev-1",
            now,
            9,
            40,
            0,
        )))
        .unwrap();
    screen_shows(&mut h, "■ ALERT").await;
    screen_shows(&mut h, "● live").await;

    h.keys
        .send(Ok(TermEvent::Key(KeyEvent::from(KeyCode::Char('?')))))
        .unwrap();
    screen_shows(&mut h, "Keys — Esc closes").await;
    h.keys
        .send(Ok(TermEvent::Key(KeyEvent::from(KeyCode::Esc))))
        .unwrap();
    h.keys
        .send(Ok(TermEvent::Key(KeyEvent::from(KeyCode::Char('q')))))
        .unwrap();
    let stats = finished(h.run).await;
    assert!(stats.frames >= 3);
    let mut saw_shutdown = false;
    while let Ok(c) = h.commands.try_recv() {
        saw_shutdown |= matches!(c, SessionCommand::Shutdown);
    }
    assert!(saw_shutdown, "the session is told to shut down");
}

#[tokio::test]
async fn a_burst_of_events_is_drawn_in_few_frames() {
    let mut h = start(80, 24, false);
    screen_shows(&mut h, "Customer Support").await;
    let now = chrono::Utc::now();
    for i in 0..500 {
        h.session
            .send(session_event(fixture::queue_status(
                "q-sales",
                &format!("burst-{i}"),
                now + chrono::Duration::milliseconds(i),
                i % 5,
                0,
                1,
            )))
            .unwrap();
    }
    h.session
        .send(session_event(fixture::queue_status(
            "q-sales",
            "burst-last",
            now + chrono::Duration::seconds(1),
            42,
            0,
            1,
        )))
        .unwrap();
    screen_shows(&mut h, "42").await;
    let stats = shut_down(h).await;
    assert!(stats.events >= 501);
    assert!(
        stats.frames < 60,
        "frames are capped, not one per event: {stats:?}"
    );
}

#[tokio::test]
async fn idle_console_draws_about_once_a_second() {
    let mut h = start(80, 24, false);
    screen_shows(&mut h, "Customer Support").await;
    // Measure what an idle console does over three seconds.
    tokio::time::sleep(Duration::from_secs(3)).await;
    let stats = shut_down(h).await;
    assert!(
        stats.frames <= 6 && stats.events <= 7,
        "an idle console wakes only for the 1 Hz clock: {stats:?}"
    );
}

#[tokio::test]
async fn wall_mode_ignores_a_stray_q_but_obeys_shutdown() {
    let mut h = start(80, 24, true);
    screen_shows(&mut h, "Customer Support").await;
    h.keys
        .send(Ok(TermEvent::Key(KeyEvent::from(KeyCode::Char('q')))))
        .unwrap();
    screen_shows(&mut h, "Quit the wall display? y / N").await;
    h.keys
        .send(Ok(TermEvent::Key(KeyEvent::from(KeyCode::Char('n')))))
        .unwrap();
    h.session
        .send(SessionUpdate::State(ConnectionState::Live))
        .unwrap();
    screen_shows(&mut h, "● live").await;
    assert!(
        !h.run.is_finished(),
        "a stray q does not stop a wall display"
    );
    shut_down(h).await;
}

/// Live data alone is drawn at most 10 times a second: a busy tenant's steady stream of
/// events (here 100 a second for 2 s) does not redraw the screen 30 times a second.
#[tokio::test]
async fn a_steady_stream_of_events_is_drawn_at_ten_frames_a_second_at_most() {
    let mut h = start(120, 40, false);
    screen_shows(&mut h, "Customer Support").await;
    let now = chrono::Utc::now();
    let started = std::time::Instant::now();
    let mut i = 0;
    while started.elapsed() < Duration::from_secs(2) {
        h.session
            .send(session_event(fixture::queue_status(
                "q-sales",
                &format!("steady-{i}"),
                now + chrono::Duration::milliseconds(i),
                i % 7,
                0,
                1,
            )))
            .unwrap();
        i += 1;
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    let elapsed = started.elapsed().as_secs_f64();
    let stats = shut_down(h).await;
    assert!(stats.events as i64 >= i, "{stats:?}");
    // The snapshot's first frame, then ≤ 10 a second (+2 for the edges).
    let most = (elapsed * 10.0).ceil() as u64 + 3;
    assert!(
        stats.frames <= most,
        "{} frames in {elapsed:.1} s (at most {most}): {stats:?}",
        stats.frames
    );
}
