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
