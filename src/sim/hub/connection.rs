//! One hub connection: handshake, then a loop over client records, events for its
//! subscriptions, keepalive pings, the client timeout, faults and shutdown. Every frame
//! sent holds whole records only.

use super::methods::Session;
use crate::signalr::protocol::{HandshakeRequest, HandshakeResponse, HubMessage, RecordReader, RS};
use crate::sim::state::{lock, Control, HubConn, Shared};
use axum::extract::ws::{Message, WebSocket};
use futures_util::{SinkExt, StreamExt};
use std::collections::BTreeMap;
use std::sync::Arc;
use tokio::sync::broadcast::error::RecvError;
use tokio::time::{sleep_until, Instant};

/// Largest record a client may send (the .NET default MaximumReceiveMessageSize).
const MAX_RECORD: usize = 32 * 1024;
/// Records joined into one outgoing frame: batches are taken from the bus until a frame
/// holds at least this many.
const MAX_BATCH: usize = 256;
/// A frame is sent when it reaches this size, even within a batch (clients refuse
/// messages over a few MiB).
const MAX_FRAME: usize = 512 * 1024;

/// The .NET server's text when it closes a connection because of an error.
const CLOSED_WITH_ERROR: &str = "Connection closed with an error.";

type Sink = futures_util::stream::SplitSink<WebSocket, Message>;

async fn send(tx: &mut Sink, text: String) -> bool {
    tx.send(Message::Text(text.into())).await.is_ok()
}

fn close_record(error: Option<&str>, allow_reconnect: bool) -> String {
    HubMessage::Close {
        error: error.map(str::to_owned),
        allow_reconnect,
    }
    .encode()
}

pub async fn serve(shared: Arc<Shared>, socket: WebSocket, key: String, conn: HubConn) {
    run(&shared, socket, &conn).await;
    shared.hub_views.remove(&conn.connection_id);
    lock(&shared.connections).remove(&key);
}

/// The records of one reply, sent (late, with `completion_delay_ms`); false when the
/// socket is gone.
async fn reply(shared: &Shared, id: &str, tx: &mut Sink, out: String) -> bool {
    let delay = shared.faults.completion_delay(id);
    if !delay.is_zero() {
        tokio::time::sleep(delay).await;
    }
    send(tx, out).await
}

async fn run(shared: &Arc<Shared>, socket: WebSocket, conn: &HubConn) {
    // Subscribe to the buses first, so nothing published after the handshake is missed.
    let mut events = shared.events.subscribe();
    let mut control = shared.control.subscribe();
    let mut shutdown = shared.shutdown.clone();
    let (mut tx, mut rx) = socket.split();
    let mut reader = RecordReader::with_limit(MAX_RECORD);

    // ---- handshake -----------------------------------------------------------------
    let deadline = Instant::now() + shared.config.handshake_timeout;
    let mut pending: Vec<String> = Vec::new();
    while pending.is_empty() {
        tokio::select! {
            msg = rx.next() => match msg {
                Some(Ok(Message::Text(t))) => {
                    let records = reader.push(t.as_bytes());
                    if reader.take_oversize() > 0 {
                        let _ = send(&mut tx, HandshakeResponse { error: Some("Handshake was canceled.".into()) }.encode()).await;
                        return;
                    }
                    // A bare separator is an empty (hence invalid) handshake.
                    pending = if records.is_empty() && t.as_bytes().contains(&0x1e) {
                        vec![String::new()]
                    } else {
                        records
                    };
                }
                Some(Ok(Message::Binary(b))) => {
                    pending = reader.push(&b);
                    if reader.take_oversize() > 0 {
                        return;
                    }
                }
                Some(Ok(Message::Close(_))) | None | Some(Err(_)) => return,
                Some(Ok(_)) => {}
            },
            _ = sleep_until(deadline) => {
                let _ = send(&mut tx, HandshakeResponse { error: Some("Handshake was canceled.".into()) }.encode()).await;
                return;
            }
            _ = shutdown.changed() => return,
        }
    }
    let first = pending.remove(0);
    let answer = match HandshakeRequest::parse(&first) {
        Err(_) => Err("An unexpected error occurred during connection handshake.".to_owned()),
        Ok(req) => req.validate(),
    };
    if let Err(error) = answer {
        let _ = send(&mut tx, HandshakeResponse { error: Some(error) }.encode()).await;
        let _ = tx.close().await;
        return;
    }
    if !send(&mut tx, HandshakeResponse { error: None }.encode()).await {
        return;
    }

    let (user_id, org_id) = {
        let m = lock(&shared.model);
        (
            m.user_id(conn.user).to_owned(),
            m.organization_id().to_owned(),
        )
    };
    let mut session = Session {
        user_id,
        org_id,
        role: conn.role,
        subscriptions: BTreeMap::new(),
        offered: {
            let mut hidden = shared.config.scenario.hidden_events.clone();
            hidden.extend(lock(&shared.switches).hidden_events());
            super::methods::offered(&hidden)
        },
    };
    let keepalive = shared.config.keepalive;
    let client_timeout = shared.config.client_timeout;
    let mut last_sent = Instant::now();
    let mut last_received = Instant::now();
    let id = conn.connection_id.as_str();
    let publish_view = |session: &Session| {
        shared
            .hub_views
            .set(id, &session.user_id, session.subscriptions.keys());
    };
    publish_view(&session);

    // Records that came in the same frame as the handshake.
    let step = handle_records(&mut session, pending, |target| {
        target.eq_ignore_ascii_case("subscribe") && shared.faults.take_subscribe_error(id)
    });
    publish_view(&session);
    match step {
        Step::Reply(out) => {
            if !out.is_empty() {
                if !reply(shared, id, &mut tx, out).await {
                    return;
                }
                last_sent = Instant::now();
            }
        }
        Step::Close(record) => {
            let _ = send(&mut tx, record).await;
            let _ = tx.close().await;
            return;
        }
    }

    loop {
        let pings = !shared.faults.pings_stopped();
        tokio::select! {
            msg = rx.next() => {
                let bytes = match msg {
                    Some(Ok(Message::Text(t))) => t.as_bytes().to_vec(),
                    Some(Ok(Message::Binary(b))) => b.to_vec(),
                    Some(Ok(Message::Ping(_))) | Some(Ok(Message::Pong(_))) => {
                        last_received = Instant::now();
                        continue;
                    }
                    Some(Ok(Message::Close(_))) | None | Some(Err(_)) => return,
                };
                last_received = Instant::now();
                let records = reader.push(&bytes);
                if reader.take_oversize() > 0 {
                    // As the .NET server: an oversize message closes with an error.
                    let _ = send(&mut tx, close_record(Some(CLOSED_WITH_ERROR), true)).await;
                    let _ = tx.close().await;
                    return;
                }
                let step = handle_records(&mut session, records, |target| {
                    target.eq_ignore_ascii_case("subscribe") && shared.faults.take_subscribe_error(id)
                });
                publish_view(&session);
                match step {
                    Step::Reply(out) => {
                        if !out.is_empty() {
                            if !reply(shared, id, &mut tx, out).await { return; }
                            last_sent = Instant::now();
                        }
                    }
                    Step::Close(record) => {
                        if !record.is_empty() {
                            let _ = send(&mut tx, record).await;
                        }
                        let _ = tx.close().await;
                        return;
                    }
                }
            }
            ev = events.recv() => {
                // The records of every batch ready now, in frames of about MAX_BATCH
                // records (a big batch is cut at MAX_FRAME bytes).
                let mut out = String::new();
                let mut records = 0u64;
                let mut next = ev;
                loop {
                    match next {
                        Ok(batch) => {
                            for p in batch.iter() {
                                if let Some(rec) = session.message_for(&p.kind, &p.entity_id, &p.data) {
                                    out.push_str(&rec);
                                    records += 1;
                                }
                                if out.len() >= MAX_FRAME {
                                    if !send(&mut tx, std::mem::take(&mut out)).await { return; }
                                    shared.firehose.note_delivered(std::mem::take(&mut records));
                                    last_sent = Instant::now();
                                }
                            }
                        }
                        Err(RecvError::Lagged(n)) => {
                            // A client too slow for the bus has missed events: the
                            // connection ends (as a server drops a slow client) instead
                            // of going on silently without them, so the client
                            // reconnects and reloads.
                            tracing::warn!(skipped = n, "hub connection fell behind the event bus: closing it");
                            let _ = send(&mut tx, close_record(Some(CLOSED_WITH_ERROR), true)).await;
                            return;
                        }
                        Err(RecvError::Closed) => return,
                    }
                    if records >= MAX_BATCH as u64 { break; }
                    next = match events.try_recv() {
                        Ok(p) => Ok(p),
                        Err(tokio::sync::broadcast::error::TryRecvError::Lagged(n)) => Err(RecvError::Lagged(n)),
                        Err(_) => break,
                    };
                }
                if !out.is_empty() {
                    if !send(&mut tx, out).await { return; }
                    shared.firehose.note_delivered(records);
                    last_sent = Instant::now();
                }
            }
            c = control.recv() => match c.map(|c| match c {
                Control::For(target, order) if target == id => *order,
                Control::For(..) => Control::Refresh,
                other => other,
            }) {
                Ok(Control::Drop) => return,
                Ok(Control::CloseWithError(text)) => {
                    let _ = send(&mut tx, close_record(Some(&text), true)).await;
                    let _ = tx.close().await;
                    return;
                }
                Ok(Control::CloseFinal(text)) => {
                    let _ = send(&mut tx, close_record(Some(&text), false)).await;
                    let _ = tx.close().await;
                    return;
                }
                Ok(Control::Malformed) => {
                    let mut bad = String::from(r#"{"type":1,"target":"MessageReceived","arguments":[{"#);
                    bad.push(RS);
                    if !send(&mut tx, bad).await { return; }
                    last_sent = Instant::now();
                }
                Ok(Control::Refresh | Control::For(..)) | Err(RecvError::Lagged(_)) => {}
                Err(RecvError::Closed) => return,
            },
            _ = sleep_until(last_sent + keepalive), if pings => {
                if !send(&mut tx, HubMessage::Ping.encode()).await { return; }
                last_sent = Instant::now();
            }
            _ = sleep_until(last_received + client_timeout) => {
                let _ = send(&mut tx, close_record(Some(CLOSED_WITH_ERROR), true)).await;
                let _ = tx.close().await;
                return;
            }
            _ = shutdown.changed() => {
                let _ = send(&mut tx, close_record(None, true)).await;
                let _ = tx.close().await;
                return;
            }
        }
    }
}

/// What to do after a batch of client records.
enum Step {
    /// Send these records (possibly none).
    Reply(String),
    /// Send this record (possibly empty) and close.
    Close(String),
}

/// Runs the records of a batch. `fail` says whether an invocation of this target is to
/// be answered with an injected error (`subscribe_error`).
fn handle_records(
    session: &mut Session,
    records: Vec<String>,
    fail: impl Fn(&str) -> bool,
) -> Step {
    let mut out = String::new();
    for record in records {
        let msg = match HubMessage::parse(&record) {
            Ok(m) => m,
            Err(e) => {
                tracing::debug!(error = %e, "bad record from a hub client");
                return Step::Close(close_record(Some(CLOSED_WITH_ERROR), true));
            }
        };
        match msg {
            HubMessage::Invocation {
                invocation_id,
                target,
                arguments,
                ..
            } => {
                let result = if invocation_id.is_some() && fail(&target) {
                    Err(format!(
                        "Failed to invoke '{target}' due to an error on the server. (evtop sim fault)"
                    ))
                } else {
                    session.invoke(&target, &arguments)
                };
                if let Some(id) = invocation_id {
                    let reply = match result {
                        Ok(v) => HubMessage::completion_result(id, v),
                        Err(e) => HubMessage::completion_error(id, e),
                    };
                    out.push_str(&reply.encode());
                }
            }
            HubMessage::StreamInvocation {
                invocation_id,
                target,
                ..
            } => {
                let text = format!(
                    "The client attempted to invoke the non-streaming '{target}' method with a streaming invocation."
                );
                out.push_str(&HubMessage::completion_error(invocation_id, text).encode());
            }
            HubMessage::Close { .. } => return Step::Close(out),
            // Pings, acks, completions, stream items, cancels and unknown types: nothing to do.
            _ => {}
        }
    }
    Step::Reply(out)
}
