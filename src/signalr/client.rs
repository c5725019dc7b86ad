//! The SignalR client connection: negotiate, WebSocket, JSON handshake, then a task that
//! owns the socket: it splits frames into records, answers invocations with ids, sends a
//! Ping after `keepalive` of silence and gives up after `server_timeout` without hearing
//! from the server. The owner holds a [`HubConnection`] (invoke / send / close) and reads
//! [`HubEvent`]s; the last event is always [`HubEvent::Closed`].
//!
//! The receive path copies nothing it does not have to: a record that lies whole in its
//! WebSocket message stays a slice of it, and an invocation's arguments stay JSON text
//! in that slice ([`Invocation`]) for the owner to decode. Invocations are handed on in
//! batches: every one read from the messages that were ready at once (up to
//! [`crate::limits::HUB_BATCH`] bytes), so a busy hub costs one hand-off per batch, not
//! one per event.

use super::negotiate::{hub_base_url, negotiate};
use super::protocol::{
    HandshakeRequest, HandshakeResponse, HubMessage, Incoming, Outcome, RecordReader,
};
use crate::api::Secret;
use crate::shared_text::SharedText;
use bytes::Bytes;
use futures_util::{FutureExt, SinkExt, StreamExt};
use serde_json::Value;
use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::{mpsc, oneshot};
use tokio::time::Instant;
use tokio_tungstenite::tungstenite::client::IntoClientRequest;
use tokio_tungstenite::tungstenite::http::HeaderValue;
use tokio_tungstenite::tungstenite::{Message, Utf8Bytes};

/// Timers and limits of a hub connection.
#[derive(Debug, Clone)]
pub struct HubOptions {
    /// Send a Ping after this long without sending anything (15 s).
    pub keepalive: Duration,
    /// Close when nothing arrived for this long (30 s).
    pub server_timeout: Duration,
    /// Negotiate + WebSocket open + handshake must finish within this (15 s).
    pub handshake_timeout: Duration,
    /// How long `invoke` waits for its Completion (30 s).
    pub invoke_timeout: Duration,
    /// Allow ws:// / http:// to hosts other than loopback.
    pub insecure_http: bool,
    /// Largest record accepted (1 MiB); a longer one is dropped (logged, counted) and
    /// the connection stays.
    pub max_record: usize,
    /// Largest WebSocket message (or frame) accepted (2 MiB: a message may batch several
    /// records). A longer one loses the framing: the connection ends and is retried.
    pub max_message: usize,
    /// The TLS config for wss:// (the REST client's, so both trust the same roots);
    /// `None`: the system's roots.
    pub tls: Option<Arc<rustls::ClientConfig>>,
}

impl Default for HubOptions {
    fn default() -> Self {
        HubOptions {
            keepalive: Duration::from_secs(15),
            server_timeout: Duration::from_secs(30),
            handshake_timeout: Duration::from_secs(15),
            invoke_timeout: Duration::from_secs(30),
            insecure_http: false,
            max_record: crate::limits::HUB_RECORD,
            max_message: crate::limits::HUB_MESSAGE,
            tls: None,
        }
    }
}

/// Why a connection ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CloseReason {
    pub message: String,
    /// False only when the server's Close said so (or the client closed).
    pub allow_reconnect: bool,
}

/// What can go wrong connecting or invoking.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum HubError {
    #[error("the hub refused the token (401)")]
    Unauthorized,
    #[error("bad hub URL: {0}")]
    BadUrl(String),
    #[error("{0}")]
    Api(crate::api::ApiError),
    #[error("negotiate failed: {0}")]
    Negotiate(String),
    #[error("{0}")]
    Transport(String),
    #[error("the hub refused the handshake: {0}")]
    Handshake(String),
    #[error("no answer from the hub within {0:?}")]
    Timeout(Duration),
    #[error("the hub answered '{target}' with an error: {message}")]
    Invocation { target: String, message: String },
    #[error("connection closed: {}", .0.message)]
    Closed(CloseReason),
}

/// What the connection reports to its owner.
#[derive(Debug, Clone, PartialEq)]
pub enum HubEvent {
    /// The server invoked client methods (e.g. `MessageReceived`), in arrival order;
    /// never empty.
    Invocations(Vec<Invocation>),
    /// The connection is over; nothing follows.
    Closed(CloseReason),
}

/// One invocation of a client method, kept as the record it came in (shared bytes).
/// Its arguments are not read yet: decode them from [`Invocation::arguments_at`] on in
/// one pass (which also checks the rest of the record), or take
/// [`Invocation::argument_values`].
#[derive(Debug, Clone, PartialEq)]
pub struct Invocation {
    record: SharedText,
    target: Text,
    arguments_at: usize,
}

/// The target: a range of the record, or (escaped in the record) its own text.
#[derive(Debug, Clone, PartialEq)]
enum Text {
    In(std::ops::Range<usize>),
    Own(String),
}

impl Invocation {
    /// From a record read up to its arguments: `target` borrows from `text`, which is
    /// `record` as text.
    fn new(record: &Bytes, text: &str, target: &str, arguments_at: usize) -> Invocation {
        let (t, p) = (text.as_ptr() as usize, target.as_ptr() as usize);
        let target = if p >= t && p + target.len() <= t + text.len() {
            Text::In(p - t..p - t + target.len())
        } else {
            Text::Own(target.to_owned())
        };
        Invocation {
            record: SharedText::of(record, text),
            target,
            arguments_at,
        }
    }

    /// An invocation built from values (a record the fast path did not take): written
    /// out again as a record of its own.
    fn from_values(target: String, arguments: Vec<Value>) -> Invocation {
        let mut record = String::from("{\"arguments\":");
        let arguments_at = record.len();
        record.push_str(&Value::Array(arguments).to_string());
        record.push_str(",\"target\":");
        record.push_str(&Value::String(target.clone()).to_string());
        record.push_str(",\"type\":1}");
        Invocation {
            record: SharedText::from(record),
            target: Text::Own(target),
            arguments_at,
        }
    }

    /// The client method invoked.
    pub fn target(&self) -> &str {
        match &self.target {
            Text::In(r) => self.record.as_str().get(r.clone()).unwrap_or_default(),
            Text::Own(s) => s,
        }
    }

    /// The whole record; share its bytes to keep a slice of its text.
    pub fn record(&self) -> &SharedText {
        &self.record
    }

    /// Byte index in the record of the `[` that opens the arguments.
    pub fn arguments_at(&self) -> usize {
        self.arguments_at
    }

    /// The arguments parsed into values, reading the whole record as a hub message;
    /// `None` when the record turns out malformed.
    pub fn argument_values(&self) -> Option<Vec<Value>> {
        match HubMessage::parse(self.record.as_str()).ok()? {
            HubMessage::Invocation { arguments, .. } => Some(arguments),
            _ => None,
        }
    }
}

enum Command {
    Invoke {
        id: String,
        target: String,
        arguments: Vec<Value>,
        reply: oneshot::Sender<Result<Value, HubError>>,
    },
    Send {
        target: String,
        arguments: Vec<Value>,
    },
    Close,
}

/// The owner's side of a live hub connection. Dropping it closes the connection.
#[derive(Debug)]
pub struct HubConnection {
    commands: mpsc::Sender<Command>,
    next_id: AtomicU64,
    connection_id: Option<String>,
    invoke_timeout: Duration,
    dropped: Arc<AtomicU64>,
}

impl std::fmt::Debug for Command {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Command::Invoke { id, target, .. } => write!(f, "Invoke({id}, {target})"),
            Command::Send { target, .. } => write!(f, "Send({target})"),
            Command::Close => f.write_str("Close"),
        }
    }
}

/// What the WebSocket stream yields.
type WsItem = Result<Message, tokio_tungstenite::tungstenite::Error>;

type Socket =
    tokio_tungstenite::WebSocketStream<tokio_tungstenite::MaybeTlsStream<tokio::net::TcpStream>>;

/// Connects to a hub: `endpoint` as the token endpoint gives it (with or without scheme),
/// `token` the RTE token. Returns the handle and the event stream.
pub async fn connect(
    http: &reqwest::Client,
    endpoint: &str,
    token: &Secret,
    options: &HubOptions,
) -> Result<(HubConnection, mpsc::Receiver<HubEvent>), HubError> {
    connect_observed(http, endpoint, token, options, &mut |_| {}).await
}

/// A step of [`connect`] that has just succeeded (for `evtop doctor`, which times them).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ConnectStep {
    Negotiated,
    WebSocketOpen,
    HandshakeDone,
}

/// [`connect`], telling `progress` as each step succeeds.
pub async fn connect_observed(
    http: &reqwest::Client,
    endpoint: &str,
    token: &Secret,
    options: &HubOptions,
    progress: &mut (dyn FnMut(ConnectStep) + Send),
) -> Result<(HubConnection, mpsc::Receiver<HubEvent>), HubError> {
    crate::install_crypto_provider();
    let limit = options.handshake_timeout;
    tokio::time::timeout(
        limit,
        connect_inner(http, endpoint, token, options, progress),
    )
    .await
    .map_err(|_| HubError::Timeout(limit))?
}

async fn connect_inner(
    http: &reqwest::Client,
    endpoint: &str,
    token: &Secret,
    options: &HubOptions,
    progress: &mut (dyn FnMut(ConnectStep) + Send),
) -> Result<(HubConnection, mpsc::Receiver<HubEvent>), HubError> {
    let base = hub_base_url(endpoint, options.insecure_http)?;
    let negotiated = negotiate(http, base, token, options.insecure_http).await?;
    progress(ConnectStep::Negotiated);
    let mut request = negotiated
        .websocket_url()
        .as_str()
        .into_client_request()
        .map_err(|e| HubError::BadUrl(e.to_string()))?;
    let bearer = HeaderValue::from_str(&format!("Bearer {}", negotiated.token.expose()))
        .map_err(|_| HubError::BadUrl("the token is not a valid header value".into()))?;
    request.headers_mut().insert("Authorization", bearer);
    // Read buffer: tungstenite zero-fills the free part of it (up to this size) before
    // every read, so its 128 KiB default costs a 128 KiB memset per socket read; 32 KiB
    // holds a firehose frame of 64 records and still reads a busy socket in few calls.
    let limits = tokio_tungstenite::tungstenite::protocol::WebSocketConfig::default()
        .read_buffer_size(32 * 1024)
        .max_message_size(Some(options.max_message))
        .max_frame_size(Some(options.max_message));
    let tls = match &options.tls {
        Some(config) => config.clone(),
        None => crate::api::tls::client_config(None).map_err(HubError::Api)?,
    };
    let connector = tokio_tungstenite::Connector::Rustls(tls);
    // No Nagle: hub messages are small and latency matters (invoke, pings).
    let (mut ws, _) = tokio_tungstenite::connect_async_tls_with_config(
        request,
        Some(limits),
        true,
        Some(connector),
    )
    .await
    .map_err(websocket_error)?;
    progress(ConnectStep::WebSocketOpen);

    ws.send(Message::text(HandshakeRequest::json_v1().encode()))
        .await
        .map_err(|e| HubError::Transport(format!("handshake send failed: {e}")))?;
    let mut reader = RecordReader::with_limit(options.max_record);
    let leftover = read_handshake(&mut ws, &mut reader).await?;
    progress(ConnectStep::HandshakeDone);

    let (commands, command_rx) = mpsc::channel(64);
    // Batches, each at most HUB_BATCH bytes plus one message: a bound in bytes.
    let (event_tx, events) = mpsc::channel(EVENT_BATCHES);
    let dropped = Arc::new(AtomicU64::new(0));
    let task = ConnectionTask {
        ws,
        reader,
        commands: command_rx,
        events: event_tx,
        pending: HashMap::new(),
        keepalive: options.keepalive,
        server_timeout: options.server_timeout,
        max_message: options.max_message,
        dropped: dropped.clone(),
        batch: Vec::new(),
        batch_bytes: 0,
    };
    tokio::spawn(task.run(leftover));
    Ok((
        HubConnection {
            commands,
            next_id: AtomicU64::new(0),
            connection_id: negotiated.connection_id,
            invoke_timeout: options.invoke_timeout,
            dropped,
        },
        events,
    ))
}

fn websocket_error(e: tokio_tungstenite::tungstenite::Error) -> HubError {
    use tokio_tungstenite::tungstenite::Error as WsError;
    match e {
        WsError::Http(resp) if matches!(resp.status().as_u16(), 401 | 403) => {
            HubError::Unauthorized
        }
        WsError::Http(resp) => {
            HubError::Transport(format!("WebSocket upgrade refused ({})", resp.status()))
        }
        other if is_tls_failure(&other) => HubError::Transport(format!(
            "secure WebSocket failed: {}",
            crate::api::tls::explain(&other.to_string())
        )),
        other => HubError::Transport(format!(
            "WebSocket failed: {}",
            crate::sanitize::excerpt(&other.to_string())
        )),
    }
}

/// True when the WebSocket failed in TLS (rustls errors arrive as `Tls` or inside `Io`).
fn is_tls_failure(e: &tokio_tungstenite::tungstenite::Error) -> bool {
    use tokio_tungstenite::tungstenite::Error as WsError;
    match e {
        WsError::Tls(_) => true,
        WsError::Io(io) => io
            .get_ref()
            .is_some_and(|inner| inner.downcast_ref::<rustls::Error>().is_some()),
        _ => false,
    }
}

/// A WebSocket read error as a close reason; an oversize message is named as such.
fn read_error(e: &tokio_tungstenite::tungstenite::Error, max_message: usize) -> String {
    use tokio_tungstenite::tungstenite::error::CapacityError;
    use tokio_tungstenite::tungstenite::Error as WsError;
    match e {
        WsError::Capacity(CapacityError::MessageTooLong { .. }) => format!(
            "the hub sent a WebSocket message over {} (the limit)",
            crate::limits::bytes_label(max_message)
        ),
        other => format!(
            "connection lost: {}",
            crate::sanitize::excerpt(&other.to_string())
        ),
    }
}

/// Reads until the handshake response record; returns the records that followed it in
/// the same frame(s).
async fn read_handshake(
    ws: &mut Socket,
    reader: &mut RecordReader,
) -> Result<Vec<String>, HubError> {
    loop {
        let bytes = match ws.next().await {
            Some(Ok(Message::Text(t))) => t.as_bytes().to_vec(),
            Some(Ok(Message::Binary(b))) => b.to_vec(),
            Some(Ok(Message::Close(_))) | None => {
                return Err(HubError::Handshake("the hub closed the connection".into()))
            }
            Some(Ok(_)) => continue,
            Some(Err(e)) => {
                return Err(HubError::Transport(format!(
                    "handshake: {}",
                    crate::sanitize::excerpt(&e.to_string())
                )))
            }
        };
        let mut records = reader.push(&bytes).into_iter();
        if reader.take_oversize() > 0 {
            return Err(HubError::Handshake(format!(
                "the handshake answer is over {}",
                crate::limits::bytes_label(reader.limit())
            )));
        }
        if let Some(first) = records.next() {
            let response =
                HandshakeResponse::parse(&first).map_err(|e| HubError::Handshake(e.to_string()))?;
            if let Some(err) = response.error {
                return Err(HubError::Handshake(crate::sanitize::excerpt(&err)));
            }
            return Ok(records.collect());
        }
    }
}

impl HubConnection {
    /// The server's connection id (absent for some servers).
    pub fn connection_id(&self) -> Option<&str> {
        self.connection_id.as_deref()
    }

    /// Records dropped so far on this connection: malformed or over the record limit.
    pub fn dropped_records(&self) -> u64 {
        self.dropped.load(Ordering::Relaxed)
    }

    /// Counts (and logs) a record its owner found malformed when decoding an
    /// [`Invocation`]'s arguments: that record is dropped, the connection stays.
    pub fn note_malformed(&self, what: &str) {
        note_dropped(&self.dropped, what);
    }

    /// Invokes a hub method and waits for its Completion (void → `Null`).
    pub async fn invoke(&self, target: &str, arguments: Vec<Value>) -> Result<Value, HubError> {
        let id = self.next_id.fetch_add(1, Ordering::Relaxed).to_string();
        let (reply, answer) = oneshot::channel();
        self.commands
            .send(Command::Invoke {
                id,
                target: target.to_owned(),
                arguments,
                reply,
            })
            .await
            .map_err(|_| closed("the connection is closed"))?;
        match tokio::time::timeout(self.invoke_timeout, answer).await {
            Err(_) => Err(HubError::Timeout(self.invoke_timeout)),
            Ok(Err(_)) => Err(closed("the connection is closed")),
            Ok(Ok(result)) => result,
        }
    }

    /// Fire-and-forget invocation (no Completion expected).
    pub async fn send(&self, target: &str, arguments: Vec<Value>) -> Result<(), HubError> {
        self.commands
            .send(Command::Send {
                target: target.to_owned(),
                arguments,
            })
            .await
            .map_err(|_| closed("the connection is closed"))
    }

    /// Sends Close and ends the connection.
    pub async fn close(&self) {
        let _ = self.commands.send(Command::Close).await;
    }
}

fn closed(message: &str) -> HubError {
    HubError::Closed(CloseReason {
        message: message.to_owned(),
        allow_reconnect: true,
    })
}

struct ConnectionTask {
    ws: Socket,
    reader: RecordReader,
    commands: mpsc::Receiver<Command>,
    events: mpsc::Sender<HubEvent>,
    pending: HashMap<String, (String, oneshot::Sender<Result<Value, HubError>>)>,
    keepalive: Duration,
    server_timeout: Duration,
    max_message: usize,
    dropped: Arc<AtomicU64>,
    /// Invocations read and not yet handed on, and the bytes of their records.
    batch: Vec<Invocation>,
    batch_bytes: usize,
}

/// Batches of invocations waiting for the owner at most.
const EVENT_BATCHES: usize = 16;

/// Dropped records logged one by one per connection; after that only every
/// [`DROP_LOG_EVERY`]th is, with the count (a hostile hub cannot flood the log).
const DROPS_LOGGED: u64 = 5;
const DROP_LOG_EVERY: u64 = 1000;

/// Counts a dropped record and logs it (the first few, then every thousandth).
fn note_dropped(dropped: &AtomicU64, what: &str) {
    let n = dropped.fetch_add(1, Ordering::Relaxed) + 1;
    if n <= DROPS_LOGGED {
        tracing::warn!("dropped {} from the hub", crate::sanitize::excerpt(what));
    } else if n.is_multiple_of(DROP_LOG_EVERY) {
        tracing::warn!("{n} hub records dropped so far on this connection");
    }
}

/// `part`'s text, when `part` is a slice of `whole`, whose text is `text` (O(1): the
/// slice is checked to fall on character boundaries, not read).
fn slice_of<'t>(text: &'t str, whole: &Bytes, part: &Bytes) -> Option<&'t str> {
    let start = (part.as_ptr() as usize).checked_sub(whole.as_ptr() as usize)?;
    text.get(start..start.checked_add(part.len())?)
}

/// What handling input decided.
enum Flow {
    Continue,
    Stop(CloseReason),
}

fn lost(message: impl Into<String>) -> Flow {
    Flow::Stop(CloseReason {
        message: message.into(),
        allow_reconnect: true,
    })
}

impl ConnectionTask {
    async fn run(mut self, leftover: Vec<String>) {
        let mut last_sent = Instant::now();
        let mut last_heard = Instant::now();
        let mut reason = None;
        for record in leftover {
            if let Flow::Stop(r) = self.on_record(&Bytes::from(record), None).await {
                reason = Some(r);
                break;
            }
        }
        let mut client_closed = false;
        while reason.is_none() {
            let ping_at = last_sent + self.keepalive;
            let dead_at = last_heard + self.server_timeout;
            let flow = tokio::select! {
                frame = self.ws.next() => {
                    last_heard = Instant::now();
                    self.on_ready_frames(frame).await
                }
                command = self.commands.recv() => {
                    last_sent = Instant::now();
                    match command {
                        Some(Command::Close) | None => {
                            client_closed = true;
                            Flow::Stop(CloseReason {
                                message: "closed by the client".into(),
                                allow_reconnect: false,
                            })
                        }
                        Some(c) => self.on_command(c).await,
                    }
                }
                _ = tokio::time::sleep_until(ping_at) => {
                    last_sent = Instant::now();
                    self.write(&HubMessage::Ping).await
                }
                _ = tokio::time::sleep_until(dead_at) => lost(
                    "Server timeout elapsed without receiving a message from the server."
                ),
            };
            if let Flow::Stop(r) = flow {
                reason = Some(r);
            }
        }
        let reason = reason.unwrap_or_else(|| CloseReason {
            message: "closed".into(),
            allow_reconnect: true,
        });
        // What arrived before the end still reaches the owner, before `Closed`.
        self.hand_on().await;
        tracing::debug!("hub connection ended: {}", reason.message);
        let dropped = self.dropped.load(Ordering::Relaxed);
        if dropped > 0 {
            tracing::warn!(
                "{dropped} hub records dropped on this connection (malformed or too large)"
            );
        }
        if client_closed {
            let _ = self
                .ws
                .send(Message::text(
                    HubMessage::Close {
                        error: None,
                        allow_reconnect: false,
                    }
                    .encode(),
                ))
                .await;
        }
        let _ = tokio::time::timeout(Duration::from_secs(1), self.ws.close(None)).await;
        for (_, (_, reply)) in self.pending.drain() {
            let _ = reply.send(Err(HubError::Closed(reason.clone())));
        }
        let _ = self.events.send(HubEvent::Closed(reason)).await;
    }

    /// Reads `first` and every further message that is ready without waiting (up to
    /// HUB_BATCH bytes of invocations), then hands the invocations on at once.
    async fn on_ready_frames(&mut self, first: Option<WsItem>) -> Flow {
        let mut flow = self.on_frame(first).await;
        while matches!(flow, Flow::Continue) && self.batch_bytes < crate::limits::HUB_BATCH {
            match self.ws.next().now_or_never() {
                Some(frame) => flow = self.on_frame(frame).await,
                None => break,
            }
        }
        self.hand_on().await;
        flow
    }

    /// Sends the batch to the owner (waiting while the owner is behind).
    async fn hand_on(&mut self) {
        if self.batch.is_empty() {
            return;
        }
        self.batch_bytes = 0;
        let batch = std::mem::take(&mut self.batch);
        let _ = self.events.send(HubEvent::Invocations(batch)).await;
    }

    async fn on_frame(&mut self, frame: Option<WsItem>) -> Flow {
        // A text frame was checked to be UTF-8 by the WebSocket layer: its records (cut
        // at the ASCII separator) are read as text without checking them again.
        let (bytes, text): (Bytes, Option<Utf8Bytes>) = match frame {
            Some(Ok(Message::Text(t))) => (Bytes::from(t.clone()), Some(t)),
            Some(Ok(Message::Binary(b))) => (b, None),
            Some(Ok(Message::Close(frame))) => {
                return lost(match frame {
                    Some(f) => format!(
                        "the hub closed the WebSocket ({}{}{})",
                        u16::from(f.code),
                        if f.reason.is_empty() { "" } else { ": " },
                        crate::sanitize::excerpt(&f.reason)
                    ),
                    None => "the hub closed the WebSocket".into(),
                })
            }
            Some(Ok(_)) => return Flow::Continue,
            Some(Err(e)) => return lost(read_error(&e, self.max_message)),
            None => return lost("connection lost"),
        };
        let mut records = Vec::new();
        self.reader.push_shared(&bytes, |r| records.push(r));
        for _ in 0..self.reader.take_oversize() {
            let limit = crate::limits::bytes_label(self.reader.limit());
            self.note_dropped(&format!("a record over {limit}"));
        }
        for record in records {
            let checked = text
                .as_ref()
                .and_then(|t| slice_of(t.as_str(), &bytes, &record));
            if let Flow::Stop(r) = self.on_record(&record, checked).await {
                return Flow::Stop(r);
            }
        }
        Flow::Continue
    }

    /// A record; `checked` is its text when it is already known to be UTF-8.
    async fn on_record(&mut self, record: &Bytes, checked: Option<&str>) -> Flow {
        let Some(text) = checked.or_else(|| simdutf8::basic::from_utf8(record).ok()) else {
            self.note_dropped("a record that is not UTF-8");
            return Flow::Continue;
        };
        let message = match Incoming::parse(text) {
            Ok(Incoming::Invocation {
                invocation_id,
                target,
                arguments_at,
            }) => {
                let invocation = Invocation::new(record, text, &target, arguments_at);
                let reply_to = invocation_id.map(|id| id.into_owned());
                self.batch_bytes += record.len();
                self.batch.push(invocation);
                return self.no_result(reply_to).await;
            }
            Ok(Incoming::Other(m)) => m,
            Err(e) => {
                // The separator still delimits the next record: only this one is lost.
                self.note_dropped(&format!("a malformed record ({e})"));
                return Flow::Continue;
            }
        };
        match message {
            HubMessage::Completion {
                invocation_id,
                outcome,
                ..
            } => {
                if let Some((target, reply)) = self.pending.remove(&invocation_id) {
                    let result = match outcome {
                        Outcome::Void => Ok(Value::Null),
                        Outcome::Result(v) => Ok(v),
                        Outcome::Error(message) => Err(HubError::Invocation {
                            target,
                            message: crate::sanitize::excerpt(&message),
                        }),
                    };
                    let _ = reply.send(result);
                }
                Flow::Continue
            }
            HubMessage::Invocation {
                invocation_id,
                target,
                arguments,
                ..
            } => {
                let invocation = Invocation::from_values(target, arguments);
                self.batch_bytes += invocation.record.len();
                self.batch.push(invocation);
                self.no_result(invocation_id).await
            }
            HubMessage::Close {
                error,
                allow_reconnect,
            } => Flow::Stop(CloseReason {
                message: match error {
                    Some(e) => format!(
                        "the hub closed the connection: {}",
                        crate::sanitize::excerpt(&e)
                    ),
                    None => "the hub closed the connection".into(),
                },
                allow_reconnect,
            }),
            // Pings only prove life; stream and stateful-reconnect messages and unknown
            // types are not used by this client.
            _ => Flow::Continue,
        }
    }

    /// An invocation with an id asks for a client result; we provide none.
    async fn no_result(&mut self, invocation_id: Option<String>) -> Flow {
        match invocation_id {
            Some(id) => {
                self.write(&HubMessage::completion_error(
                    id,
                    "Client didn't provide a result.",
                ))
                .await
            }
            None => Flow::Continue,
        }
    }

    /// Counts a dropped record and logs it (the first few, then every thousandth).
    fn note_dropped(&self, what: &str) {
        note_dropped(&self.dropped, what);
    }

    async fn on_command(&mut self, command: Command) -> Flow {
        match command {
            Command::Invoke {
                id,
                target,
                arguments,
                reply,
            } => {
                let message = HubMessage::invocation(Some(id.clone()), target.clone(), arguments);
                self.pending.retain(|_, (_, r)| !r.is_closed());
                self.pending.insert(id, (target, reply));
                self.write(&message).await
            }
            Command::Send { target, arguments } => {
                self.write(&HubMessage::invocation(None, target, arguments))
                    .await
            }
            Command::Close => Flow::Continue,
        }
    }

    async fn write(&mut self, message: &HubMessage) -> Flow {
        match self.ws.send(Message::text(message.encode())).await {
            Ok(()) => Flow::Continue,
            Err(e) => lost(format!(
                "connection lost while sending: {}",
                crate::sanitize::excerpt(&e.to_string())
            )),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_record_cut_from_a_text_frame_is_read_as_its_slice_of_the_text() {
        let frame = Bytes::from("{\"a\":\"ä\"}\u{1e}{\"b\":1}\u{1e}");
        let text = std::str::from_utf8(&frame).unwrap();
        let first = frame.slice(0..10);
        assert_eq!(slice_of(text, &frame, &first), Some("{\"a\":\"ä\"}"));
        let second = frame.slice(11..18);
        assert_eq!(slice_of(text, &frame, &second), Some("{\"b\":1}"));
        // Not a slice of the frame (a record joined from pieces): read and checked.
        let joined = Bytes::from(second.to_vec());
        assert_eq!(slice_of(text, &frame, &joined), None);
        // A cut inside a character is not text.
        let cut = frame.slice(0..7);
        assert_eq!(slice_of(text, &frame, &cut), None);
    }
}
