//! The console's runner as the end-to-end rigs need it: effects of `update()` carried out
//! against the real REST backend and RTE session, results coming back on `done` as
//! events, the way `console::runner` does (the rigs feed the events themselves, so
//! that they can stop and compare with the simulator's truth between any two).
#![allow(dead_code)]

use evtop::app::{Effect, Event};
use evtop::console::runner::{AppliedEvents, ConsoleApi};
use evtop::rte::SessionHandle;
use std::sync::Arc;
use tokio::sync::mpsc;

/// What carrying out effects needs.
pub struct Effects {
    pub backend: Arc<dyn ConsoleApi>,
    pub session: SessionHandle,
    pub done: mpsc::UnboundedSender<Event>,
    pub applied: AppliedEvents,
}

impl Effects {
    /// Carries out effects as the runner does: subscriptions through the session, REST
    /// loads and actions spawned with their result sent back. Quitting and suspending are
    /// the rig's own business.
    pub async fn run(&self, effects: Vec<Effect>) {
        for effect in effects {
            match effect {
                Effect::Subscribe(keys) => self.session.subscribe(keys).await,
                Effect::Unsubscribe(keys) => self.session.unsubscribe(keys).await,
                Effect::Reconnect => self.session.reconnect().await,
                Effect::Api { what, action } => {
                    let api = self.backend.clone();
                    let done = self.done.clone();
                    tokio::spawn(async move {
                        let result = api.act(action).await;
                        let _ = done.send(Event::ActionDone { what, result });
                    });
                }
                Effect::RefreshSnapshot => {
                    let api = self.backend.clone();
                    let done = self.done.clone();
                    let applied = self.applied.clone();
                    tokio::spawn(async move {
                        let ev = match api.snapshot(applied).await {
                            Ok(s) => Event::Snapshot(Box::new(s)),
                            Err(e) => Event::SnapshotFailed(e),
                        };
                        let _ = done.send(ev);
                    });
                }
                Effect::ReadCallRecords { start, end } => {
                    evtop::console::runner::spawn_call_records(
                        self.backend.clone(),
                        self.done.clone(),
                        start,
                        end,
                    );
                }
                Effect::Quit | Effect::Suspend | Effect::Bell => {}
            }
        }
    }
}

/// `Deref`/`DerefMut` from a rig to the [`Console`] it wraps (its `console` field), so a
/// test calls the console's methods on the rig.
macro_rules! rig_derefs_to_console {
    ($rig:ty) => {
        impl std::ops::Deref for $rig {
            type Target = $crate::runner_support::Console;
            fn deref(&self) -> &Self::Target {
                &self.console
            }
        }

        impl std::ops::DerefMut for $rig {
            fn deref_mut(&mut self) -> &mut Self::Target {
                &mut self.console
            }
        }
    };
}
pub(crate) use rig_derefs_to_console;

/// The console as the end-to-end rigs drive it: the state `update()` changes, its
/// effects carried out against the real backend and session ([`Effects`]), and what
/// comes back — session updates, load and action results — read one event at a time.
/// Each rig wraps it with what it checks (a recorder, counters, the simulator's clock).
pub struct Console {
    pub backend: Arc<dyn ConsoleApi>,
    pub session: SessionHandle,
    pub updates: mpsc::Receiver<evtop::rte::SessionUpdate>,
    pub done_tx: mpsc::UnboundedSender<Event>,
    pub done_rx: mpsc::UnboundedReceiver<Event>,
    pub state: evtop::app::state::State,
    pub applied: AppliedEvents,
}

impl Console {
    /// A console starting at `now` on `backend` and a session spawned with `updates`.
    pub fn new(
        backend: Arc<dyn ConsoleApi>,
        (session, updates): (SessionHandle, mpsc::Receiver<evtop::rte::SessionUpdate>),
        now: chrono::DateTime<chrono::Utc>,
    ) -> Console {
        let (done_tx, done_rx) = mpsc::unbounded_channel();
        Console {
            backend,
            session,
            updates,
            done_tx,
            done_rx,
            state: evtop::app::state::State::new(now),
            applied: AppliedEvents::default(),
        }
    }

    /// Carries out effects as the runner does.
    pub async fn run(&mut self, effects: Vec<Effect>) {
        Effects {
            backend: self.backend.clone(),
            session: self.session.clone(),
            done: self.done_tx.clone(),
            applied: self.applied.clone(),
        }
        .run(effects)
        .await;
    }

    /// One event into `update()`, its effects carried out.
    pub async fn feed(&mut self, event: Event) {
        let effects = evtop::app::update(&mut self.state, event);
        self.applied.set(self.state.live_seq);
        self.run(effects).await;
    }

    /// The next session update or effect result; with `tick`, a clock tick
    /// (`Event::Tick(Utc::now())`) at each of its beats; `None` at `deadline`.
    /// Panics if the session ended.
    pub async fn next(
        &mut self,
        deadline: tokio::time::Instant,
        tick: Option<&mut tokio::time::Interval>,
    ) -> Option<Event> {
        let beat = async {
            match tick {
                Some(t) => {
                    t.tick().await;
                }
                None => std::future::pending::<()>().await,
            }
        };
        tokio::select! {
            u = self.updates.recv() => Some(Event::Session(u.expect("the session ended"))),
            Some(e) = self.done_rx.recv() => Some(e),
            _ = beat => Some(Event::Tick(chrono::Utc::now())),
            _ = tokio::time::sleep_until(deadline) => None,
        }
    }
}
