//! The RTE session as the console sees it: a stream of updates and a command sender.

use crate::rte::{SessionCommand, SessionUpdate};
use futures_util::stream::BoxStream;
use tokio::sync::mpsc;

/// A running RTE session as the console sees it.
pub struct SessionLink {
    pub updates: BoxStream<'static, SessionUpdate>,
    pub commands: mpsc::UnboundedSender<SessionCommand>,
}

/// Connects the console to a session of the RTE client: commands go through a small
/// forwarding task (the session's handle is async), updates become a stream.
pub fn spawn(api: crate::api::ApiClient, wall: bool) -> SessionLink {
    use crate::rte::session::{Session, SessionOptions};
    use futures_util::StreamExt;
    let options = SessionOptions {
        // A wall display reconnects forever, even after a final close.
        reconnect_on_final_close: wall,
        ..SessionOptions::default()
    };
    let (handle, updates) = Session::spawn(api, options);
    let (commands, mut command_rx) = tokio::sync::mpsc::unbounded_channel();
    tokio::spawn(async move {
        while let Some(command) = command_rx.recv().await {
            let stop = matches!(command, crate::rte::SessionCommand::Shutdown);
            handle.send(command).await;
            if stop {
                break;
            }
        }
    });
    let updates =
        futures_util::stream::unfold(
            updates,
            |mut rx| async move { rx.recv().await.map(|u| (u, rx)) },
        )
        .boxed();
    SessionLink { updates, commands }
}
