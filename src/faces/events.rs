//! `evtop events`: connect like the console and print every RTE event as one JSON line
//! on stdout; connection changes and refused subscriptions go to stderr, the log to
//! `--log-file` (or the default log file) like the console's.
//!
//! Line shape (stable): `{"event", "entityType", "entityId", "timestamp", "subscription",
//! "data"}` plus `"decodeError"` when a known event's payload did not decode. `data` is
//! camelCase, like the hub's `MessageReceived`.
//!
//! After every reconnect (and when events held back while subscribing were dropped) a
//! `{"event":"Resync","reason","detail","since"}` line says that changes since `since`
//! may be missing; with `--snapshot-on-reconnect` the queues' current REST status follows
//! as `QueueSnapshot` lines (see [`resync`]).

mod resync;

pub use resync::{write_queue_snapshot, write_resync_line};

use crate::api::ApiClient;
use crate::cli::EventsArgs;
use crate::model::casing::snake_to_camel;
use crate::model::events::Casing;
use crate::model::{EventKind, EventPayload, RteEvent};
use crate::rte::session::{Session, SessionOptions};
use crate::rte::subscriptions::Entities;
use crate::rte::{ConnectionState, SessionUpdate, SubscriptionKey};
use color_eyre::eyre::{eyre, WrapErr};
use serde_json::{Map, Value};
use std::future::Future;
use std::io::Write;
use tokio::io::{AsyncWrite, AsyncWriteExt};

/// `evtop events`.
pub async fn run(args: EventsArgs) -> color_eyre::Result<()> {
    // The log goes where the console's would (`--log-file`, else the state directory);
    // logging off is said once when the user named the file.
    match crate::logging::init(args.connect.log_file.as_deref()) {
        Ok(path) => tracing::info!(path = %path.display(), "evtop events starting"),
        Err(e) if args.connect.log_file.is_some() => {
            crate::say!(
                "evtop events: logging is off: {}",
                crate::sanitize::sanitize(&e)
            )
        }
        Err(_) => {}
    }
    // The demo's simulator lives until the stream ends.
    let mut sim = None;
    let api = if args.demo {
        let (handle, api) = super::start_demo(&args.model, false).await?;
        crate::say!("evtop events: demo simulator at {}", handle.base_url());
        sim = Some(handle);
        api
    } else {
        let mut prompter = crate::config::TerminalPrompter;
        let login = crate::config::resolve(&args.connect, &mut prompter)?;
        // Checked before streaming (as the console does): a wrong secret or an untrusted
        // certificate is one clear error, not a reconnect loop.
        let mut options = crate::api::ClientOptions::from_login(&login);
        options.notices = crate::api::Notices::to(|line| crate::say!("evtop events: {line}"));
        ApiClient::connect_verified_with(&login, options)
            .await
            .map_err(|e| eyre!("{}", e.user_message()))?
    };
    let selection = Selection::from_args(&args);
    for kind in &selection.kinds {
        if let EventKind::Other(name) = kind {
            crate::say!(
                "evtop events: {} is not an event evtop knows (asking the server anyway); \
                 known: {}",
                crate::sanitize::sanitize(name),
                EventKind::ALL
                    .iter()
                    .map(EventKind::name)
                    .collect::<Vec<_>>()
                    .join(", ")
            );
        }
    }
    let keys = selection
        .subscriptions(&api)
        .await
        .map_err(|e| eyre!("{}", e.user_message()))?;
    // stdout is written asynchronously so that a reader that stops reading (a full
    // pipe) cannot keep a stop signal from ending the stream.
    let resync = Resync {
        snapshot: args.snapshot_on_reconnect,
    };
    let stop = crate::signals::stop_requested();
    let options = SessionOptions::default();
    let outcome = match PipeStdout::open() {
        Some(pipe) => stream(api, options, resync, keys, pipe, std::io::stderr(), stop).await,
        None => {
            let out = tokio::io::stdout();
            stream(api, options, resync, keys, out, std::io::stderr(), stop).await
        }
    };
    if let Some(handle) = sim {
        handle.shutdown().await;
    }
    match outcome? {
        StreamEnd::Failed(reason) => Err(eyre!("RTE connection failed: {reason}")),
        StreamEnd::AllRefused => Err(eyre!(
            "the server refused (or does not offer) every subscription: nothing to stream \
             (check --filter/--queue/--user and what this login may see)"
        )),
        _ => Ok(()),
    }
}

/// stdout when it is a pipe (`evtop events | jq`): written by the runtime's own thread
/// without blocking, where tokio's stdout copies every write and hands it to a helper
/// thread (about 10 % of the CPU under a firehose). The pipe is switched back to
/// blocking when this is dropped, since other programs may share it.
struct PipeStdout(tokio::net::unix::pipe::Sender);

/// The pipe size asked for (the buffer's flush size, [`FLUSH_AT`]).
#[cfg(target_os = "linux")]
const PIPE_ROOM: libc::c_int = FLUSH_AT as libc::c_int;

impl PipeStdout {
    /// `None` when stdout is not a pipe (a terminal, a file) or cannot be used so.
    fn open() -> Option<PipeStdout> {
        use std::os::fd::AsFd;
        use std::os::fd::AsRawFd;
        let fd = std::io::stdout().as_fd().try_clone_to_owned().ok()?;
        let sender = tokio::net::unix::pipe::Sender::from_owned_fd(fd).ok()?;
        // A roomier pipe (Linux allows 1 MiB unprivileged): a flush goes out in one
        // write instead of 16 wake-ups of the reader. Best effort.
        #[cfg(target_os = "linux")]
        // SAFETY: fcntl on a descriptor `sender` owns; no memory is involved.
        unsafe {
            libc::fcntl(sender.as_raw_fd(), libc::F_SETPIPE_SZ, PIPE_ROOM);
        }
        Some(PipeStdout(sender))
    }
}

impl Drop for PipeStdout {
    fn drop(&mut self) {
        use std::os::fd::AsRawFd;
        let fd = self.0.as_raw_fd();
        // SAFETY: fcntl on a descriptor this value owns; no memory is involved.
        unsafe {
            let flags = libc::fcntl(fd, libc::F_GETFL);
            if flags >= 0 {
                libc::fcntl(fd, libc::F_SETFL, flags & !libc::O_NONBLOCK);
            }
        }
    }
}

impl AsyncWrite for PipeStdout {
    fn poll_write(
        mut self: std::pin::Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
        buf: &[u8],
    ) -> std::task::Poll<std::io::Result<usize>> {
        std::pin::Pin::new(&mut self.0).poll_write(cx, buf)
    }

    fn poll_flush(
        mut self: std::pin::Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
    ) -> std::task::Poll<std::io::Result<()>> {
        std::pin::Pin::new(&mut self.0).poll_flush(cx)
    }

    fn poll_shutdown(
        mut self: std::pin::Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
    ) -> std::task::Poll<std::io::Result<()>> {
        std::pin::Pin::new(&mut self.0).poll_shutdown(cx)
    }
}

/// What to subscribe to, from `--filter`, `--queue` and `--user`.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Selection {
    /// Event kinds (all when empty).
    pub kinds: Vec<EventKind>,
    pub queues: Vec<String>,
    pub users: Vec<String>,
}

impl Selection {
    pub fn from_args(args: &EventsArgs) -> Self {
        Selection {
            kinds: args
                .filters
                .iter()
                .map(|f| EventKind::parse(f.trim()))
                .collect(),
            queues: args.queues.clone(),
            users: args.users.clone(),
        }
    }

    /// The subscriptions: the given queues/users if any were named, otherwise every
    /// queue, user and callback list the user may see.
    pub async fn subscriptions(
        &self,
        api: &ApiClient,
    ) -> Result<Vec<SubscriptionKey>, crate::api::ApiError> {
        let kinds: &[EventKind] = if self.kinds.is_empty() {
            EventKind::ALL
        } else {
            &self.kinds
        };
        let entities = if self.queues.is_empty() && self.users.is_empty() {
            Entities::fetch(api).await?
        } else {
            Entities {
                queues: self.queues.clone(),
                users: self.users.clone(),
                callback_lists: Vec::new(),
            }
        };
        Ok(entities.subscriptions(kinds))
    }
}

/// Why [`stream`] returned.
#[derive(Debug, Clone, PartialEq)]
pub enum StreamEnd {
    /// The stop future fired (Ctrl-C, SIGTERM, a test).
    Stopped,
    /// stdout was closed (broken pipe): a quiet, successful end.
    OutputClosed,
    /// The server ended the session for good.
    Failed(String),
    /// The server refused every subscription: there is nothing to stream.
    AllRefused,
}

/// What to write after a reconnect besides the `Resync` line.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Resync {
    /// Also the queues' current status (`GET /queues`) as `QueueSnapshot` lines.
    pub snapshot: bool,
}

/// Runs a session, printing events to `out` and status to `err`, until `stop` fires,
/// `out` closes or the session fails.
pub async fn stream<W: AsyncWrite + Unpin, E: Write>(
    api: ApiClient,
    options: SessionOptions,
    resync_options: Resync,
    keys: Vec<SubscriptionKey>,
    mut out: W,
    mut err: E,
    stop: impl Future<Output = ()>,
) -> color_eyre::Result<StreamEnd> {
    if keys.is_empty() {
        let _ = writeln!(
            err,
            "evtop events: nothing to subscribe to (check --filter/--queue/--user)"
        );
    }
    let count = keys.len();
    let mut refusals = Refusals::default();
    let mut skipped = 0usize;
    // Live periods so far (a `Resynced` after the first is a reconnect's).
    let mut lives = 0usize;
    // Since when changes may be missing: the stream's start, then the moment each live
    // connection was seen lost (and why).
    let mut gap_since = chrono::Utc::now();
    let mut lost_because = String::new();
    let mut was_live = false;
    let (handle, mut updates) = Session::spawn_subscribed(api.clone(), options, keys);
    tokio::pin!(stop);
    // Lines wait here until the first of them has waited LINGER (or there are many): a
    // few writes a second under a firehose, not one per batch, each handed on without
    // waiting for it to be written.
    let mut buffer: Vec<u8> = Vec::with_capacity(FLUSH_AT + 64 * 1024);
    let mut due: Option<tokio::time::Instant> = None;
    let end = loop {
        if buffer.is_empty() {
            due = None;
        } else if due.is_none() {
            due = Some(tokio::time::Instant::now() + LINGER);
        }
        let now_due = due.is_some_and(|d| tokio::time::Instant::now() >= d);
        if !buffer.is_empty() && (now_due || buffer.len() >= FLUSH_AT) {
            let written = tokio::select! {
                _ = &mut stop => break StreamEnd::Stopped,
                written = out.write_all(&buffer) => written,
            };
            buffer.clear();
            if let Err(e) = written {
                if e.kind() == std::io::ErrorKind::BrokenPipe {
                    break StreamEnd::OutputClosed;
                }
                handle.shutdown().await;
                return Err(e).wrap_err("cannot write to stdout");
            }
        }
        let update = tokio::select! {
            _ = &mut stop => break StreamEnd::Stopped,
            _ = tokio::time::sleep_until(due.unwrap_or_else(tokio::time::Instant::now)),
                if due.is_some() && !buffer.is_empty() => continue,
            update = updates.recv() => update,
        };
        let Some(update) = update else {
            break StreamEnd::Failed("the session ended".into());
        };
        match update {
            SessionUpdate::Events(batch) => {
                for event in &batch {
                    write_event_line(event, &mut buffer);
                }
                continue;
            }
            SessionUpdate::State(state) => {
                if state == ConnectionState::Live {
                    if let Some(summary) = refusals.summary() {
                        let _ = writeln!(err, "evtop events: {summary}");
                    }
                }
                // A failure is said once, by whoever reports the end (`evtop: RTE
                // connection failed: …`), not here too.
                if let ConnectionState::Failed { reason } = state {
                    break StreamEnd::Failed(reason);
                }
                let live = state == ConnectionState::Live;
                if was_live && !live {
                    gap_since = chrono::Utc::now();
                    if let ConnectionState::Reconnecting { reason, .. } = &state {
                        lost_because = crate::sanitize::excerpt(reason);
                    }
                }
                was_live = live;
                lives += usize::from(live);
                // What the hub holds now (refused, failed and not-offered keys are not).
                let accepted = if live {
                    handle.subscriptions().len().min(count)
                } else {
                    count.saturating_sub(refusals.total + skipped)
                };
                let _ = writeln!(err, "evtop events: {}", describe(&state, accepted, count));
                // Only the first connection ends the stream for that: a later one whose
                // subscribing failed is reported and tried again.
                if live && accepted == 0 && count > 0 && lives == 1 {
                    break StreamEnd::AllRefused;
                }
            }
            SessionUpdate::SubscriptionRejected { key, message } => {
                if let Some(line) = refusals.note(&key, &message) {
                    let _ = writeln!(err, "evtop events: {line}");
                }
            }
            SessionUpdate::Resynced => {
                let dropped = handle.take_dropped_held();
                if let Some(dropped) = &dropped {
                    let _ = writeln!(err, "evtop events: {}", dropped.line());
                }
                if lives > 1 {
                    let _ = writeln!(err, "evtop events: resubscribed after reconnect");
                }
                let (reason, detail) = match &dropped {
                    Some(d) => ("events_dropped", d.line()),
                    None => ("reconnect", lost_because.clone()),
                };
                write_resync_line(reason, &detail, gap_since, &mut buffer);
                if resync_options.snapshot {
                    let queues = tokio::select! {
                        _ = &mut stop => break StreamEnd::Stopped,
                        queues = api.queues() => queues,
                    };
                    if let Err(e) = &queues {
                        let _ = writeln!(
                            err,
                            "evtop events: the queue snapshot after the reconnect failed: {}",
                            crate::sanitize::sanitize(&e.user_message())
                        );
                    }
                    write_queue_snapshot(&queues, chrono::Utc::now(), &mut buffer);
                }
            }
            SessionUpdate::SubscriptionsRestored(keys) => {
                let _ = writeln!(
                    err,
                    "evtop events: {} subscriptions made after all: live ({} of {count} subscriptions)",
                    keys.len(),
                    handle.subscriptions().len().min(count)
                );
            }
            SessionUpdate::NotOffered { names, skipped: n } => {
                skipped = n;
                if names.is_empty() {
                    continue;
                }
                let _ = writeln!(
                    err,
                    "evtop events: the server does not offer {}: {n} subscriptions skipped",
                    names.join(", ")
                );
            }
        }
    };
    // Events read before the end are still printed, unless stdout is gone or stuck.
    // (A write handed on before is finished by the flush.)
    if end != StreamEnd::OutputClosed {
        let _ = tokio::time::timeout(LAST_WRITE, write_all(&mut out, &buffer)).await;
    }
    handle.shutdown().await;
    Ok(end)
}

/// Buffered lines are written once they reach this many bytes, even while more events
/// are ready.
const FLUSH_AT: usize = 1024 * 1024;
/// The longest a line waits in the buffer (for more lines to write with it).
const LINGER: std::time::Duration = std::time::Duration::from_millis(10);
/// How long the lines still buffered at the end may take to write (a stuck reader must
/// not keep a stop signal from ending the stream).
const LAST_WRITE: std::time::Duration = std::time::Duration::from_millis(500);

/// Writes `bytes` and waits until they are written. (The batches before are only handed
/// on: tokio's stdout writes one in the background while the next is read and decoded,
/// and reports a failure at the next write.)
async fn write_all<W: AsyncWrite + Unpin>(out: &mut W, bytes: &[u8]) -> std::io::Result<()> {
    if !bytes.is_empty() {
        out.write_all(bytes).await?;
    }
    out.flush().await
}

/// Refused subscriptions: the first few are printed one by one, the rest counted by
/// message and summed up when the connection is live (a login that may not see other
/// agents would otherwise print a line for each of hundreds).
#[derive(Debug, Default)]
struct Refusals {
    total: usize,
    /// Counted, not printed yet: message → count.
    unlisted: std::collections::BTreeMap<String, usize>,
}

/// Refusals printed one by one before the rest are only counted.
const REFUSALS_LISTED: usize = 3;

impl Refusals {
    /// Notes a refusal; the line to print now, if it is one of the first few.
    fn note(&mut self, key: &SubscriptionKey, message: &str) -> Option<String> {
        self.total += 1;
        let message = crate::sanitize::sanitize(message);
        if self.total <= REFUSALS_LISTED {
            return Some(format!(
                "subscription refused: {} on {}: {message}",
                key.event,
                crate::sanitize::sanitize(&key.entity_id),
            ));
        }
        *self.unlisted.entry(message).or_default() += 1;
        None
    }

    /// "N more subscriptions refused (Unauthorized: N)", once for what was counted.
    fn summary(&mut self) -> Option<String> {
        if self.unlisted.is_empty() {
            return None;
        }
        let n: usize = self.unlisted.values().sum();
        let by_message: Vec<String> = std::mem::take(&mut self.unlisted)
            .into_iter()
            .map(|(m, c)| format!("{m}: {c}"))
            .collect();
        Some(format!(
            "{n} more subscriptions refused ({})",
            by_message.join(", ")
        ))
    }
}

fn describe(state: &ConnectionState, accepted: usize, count: usize) -> String {
    match state {
        ConnectionState::Connecting => "connecting".into(),
        ConnectionState::Live if accepted == count => format!("live ({count} subscriptions)"),
        ConnectionState::Live => format!("live ({accepted} of {count} subscriptions)"),
        ConnectionState::Reconnecting {
            attempt,
            reason,
            retry_in,
        } => format!(
            "reconnecting (attempt {attempt}, in {:.1} s): {reason}",
            retry_in.as_secs_f64()
        ),
        ConnectionState::Failed { reason } => format!("failed: {reason}"),
    }
}

/// Appends the JSON line for one event, newline included, to `out`: fields in the
/// documented order, `data` in camelCase. When the hub sent `data` in camelCase it is
/// copied as it came (no re-encoding); otherwise it is written from the typed payload.
/// C1 controls and bidi overrides are escaped (see [`safe_for_terminal`]).
pub fn write_event_line(event: &RteEvent, out: &mut Vec<u8>) {
    let start = out.len();
    let entity_type = if event.envelope.entity_type.is_empty() {
        event.kind.entity_type()
    } else {
        &event.envelope.entity_type
    };
    let text = |out: &mut Vec<u8>, s: &str| {
        let _ = serde_json::to_writer(&mut *out, s);
    };
    out.extend_from_slice(b"{\"event\":");
    text(out, event.kind.name());
    out.extend_from_slice(b",\"entityType\":");
    text(out, entity_type);
    out.extend_from_slice(b",\"entityId\":");
    text(out, event.entity_id());
    out.extend_from_slice(b",\"timestamp\":");
    let _ = serde_json::to_writer(&mut *out, &event.envelope.timestamp);
    out.extend_from_slice(b",\"subscription\":");
    subscription_json(&event.subscription, out);
    out.extend_from_slice(b",\"data\":");
    match (&event.wire, &event.payload) {
        (Some(wire), _) if wire.camel => one_line(&wire.json, out),
        // Unknown events: the original data (keys were folded; give them camelCase back).
        (_, EventPayload::Raw(raw)) => {
            let _ = serde_json::to_writer(&mut *out, &camel_keys(raw.clone()));
        }
        _ => event.write_data(Casing::Camel, out),
    }
    if let Some(e) = &event.decode_error {
        out.extend_from_slice(b",\"decodeError\":");
        text(out, e);
    }
    out.push(b'}');
    escape_terminal_controls(out, start);
    out.push(b'\n');
}

/// Subscriptions written before, per thread: every event of a subscription carries the
/// same shared one, so its JSON is written once and copied after. Bounded like the
/// decoder's tables (emptied when full).
const SUBSCRIPTIONS_KEPT: usize = 1024;

/// A kept subscription's address → (the subscription, its JSON). The entry holds the
/// subscription, so its address names no other while it is kept, and a subscription never
/// changes: the JSON written once stays right.
type KeptSubscriptions = std::collections::HashMap<
    usize,
    (std::sync::Arc<crate::model::Subscription>, Vec<u8>),
    std::hash::BuildHasherDefault<crate::model::keycache::WordHash>,
>;

thread_local! {
    static SUBSCRIPTION_JSON: std::cell::RefCell<KeptSubscriptions> =
        std::cell::RefCell::new(KeptSubscriptions::default());
}

/// Appends `subscription` as JSON (camelCase, as serde writes it).
fn subscription_json(subscription: &std::sync::Arc<crate::model::Subscription>, out: &mut Vec<u8>) {
    let address = std::sync::Arc::as_ptr(subscription) as usize;
    let copied = SUBSCRIPTION_JSON.with(|kept| {
        let mut kept = kept.try_borrow_mut().ok()?;
        if let Some((_, json)) = kept.get(&address) {
            out.extend_from_slice(json);
            return Some(());
        }
        if kept.len() >= SUBSCRIPTIONS_KEPT {
            kept.clear();
        }
        let json = serde_json::to_vec(&**subscription).ok()?;
        out.extend_from_slice(&json);
        kept.insert(address, (subscription.clone(), json));
        Some(())
    });
    if copied.is_none() {
        let _ = serde_json::to_writer(&mut *out, &**subscription);
    }
}

/// Copies JSON text onto the line: a line break in it can only be whitespace between
/// tokens (JSON strings cannot hold one unescaped), so it becomes a space.
fn one_line(json: &[u8], out: &mut Vec<u8>) {
    let from = out.len();
    out.extend_from_slice(json);
    if memchr::memchr2(b'\n', b'\r', json).is_some() {
        for b in &mut out[from..] {
            if *b == b'\n' || *b == b'\r' {
                *b = b' ';
            }
        }
    }
}

/// The JSON line for one event, as a value (what [`write_event_line`] writes).
pub fn event_line(event: &RteEvent) -> Value {
    let mut out = Vec::new();
    write_event_line(event, &mut out);
    serde_json::from_slice(&out).unwrap_or(Value::Null)
}

fn camel_keys(value: Value) -> Value {
    match value {
        Value::Object(obj) => Value::Object(
            obj.into_iter()
                .map(|(k, v)| (snake_to_camel(&k), camel_keys(v)))
                .collect::<Map<_, _>>(),
        ),
        Value::Array(items) => Value::Array(items.into_iter().map(camel_keys).collect()),
        other => other,
    }
}

/// JSON text with C1 controls, bidi marks and overrides, zero-width characters and line
/// separators escaped (`\u009b`), so a line printed
/// on a terminal cannot drive it; the JSON value is unchanged. (serde_json already
/// escapes C0 controls.)
pub fn safe_for_terminal(json_text: &str) -> String {
    let mut out = json_text.as_bytes().to_vec();
    escape_terminal_controls(&mut out, 0);
    String::from_utf8(out).unwrap_or_default()
}

/// [`safe_for_terminal`] in place on the UTF-8 text from `from` on. Such characters can
/// only stand inside JSON strings, where a `\uXXXX` escape means the same. Fast when
/// there are none: only the lead bytes 0x7F, 0xC2 and 0xE2 are looked at.
fn escape_terminal_controls(buf: &mut Vec<u8>, from: usize) {
    // (U+FEFF and the rarer invisibles have other lead bytes: the sanitizer drops them
    // wherever this text is shown.)
    let needs = |c: char| matches!(c, '\u{7f}'..='\u{9f}' | '\u{200b}'..='\u{200f}' | '\u{2028}'..='\u{202e}' | '\u{2060}'..='\u{2069}');
    let mut at = from;
    while let Some(i) = memchr::memchr3(0x7f, 0xc2, 0xe2, &buf[at..]) {
        let i = at + i;
        let end = (i + 3).min(buf.len());
        let c = std::str::from_utf8(&buf[i..end])
            .ok()
            .or_else(|| std::str::from_utf8(&buf[i..(i + 2).min(buf.len())]).ok())
            .or_else(|| std::str::from_utf8(&buf[i..i + 1]).ok())
            .and_then(|t| t.chars().next());
        match c {
            Some(c) if needs(c) => {
                let escaped = format!("\\u{:04x}", c as u32);
                at = i + escaped.len();
                buf.splice(i..i + c.len_utf8(), escaped.into_bytes());
            }
            _ => at = i + 1,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn line_of(arg: &str) -> String {
        let mut out = Vec::new();
        write_event_line(&RteEvent::from_message_text(arg), &mut out);
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn a_subscription_is_written_as_it_is_now_and_the_kept_ones_stay_bounded() {
        let mut ev = RteEvent::from_message_text(
            r#"{"subscription":{"id":"s-kept","eventType":"QueueStatus","entityId":"q1"},"data":{"eventType":"QueueStatus","queueId":"q1"}}"#,
        );
        let first = event_line(&ev);
        assert_eq!(event_line(&ev), first);
        assert_eq!(first["subscription"]["entityId"], "q1");
        // The same id with other content (a server reusing ids): the new content.
        std::sync::Arc::make_mut(&mut ev.subscription).entity_id = "q2".into();
        let line = event_line(&ev);
        assert_eq!(line["subscription"]["entityId"], "q2");
        assert_eq!(line["subscription"]["id"], "s-kept");
        // Many subscriptions: each written as it is, and the kept ones stay bounded.
        for i in 0..SUBSCRIPTIONS_KEPT * 2 + 3 {
            let mut sub = (*ev.subscription).clone();
            sub.entity_id = format!("q-{i}");
            ev.subscription = std::sync::Arc::new(sub);
            assert_eq!(
                event_line(&ev)["subscription"]["entityId"],
                format!("q-{i}")
            );
        }
        SUBSCRIPTION_JSON.with(|kept| assert!(kept.borrow().len() <= SUBSCRIPTIONS_KEPT));
    }

    #[test]
    fn camel_case_data_is_passed_on_as_the_hub_sent_it() {
        // A field evtop does not know, spacing and a line break: kept (the break as a
        // space), since the data came in camelCase.
        let arg = "{\"subscription\":{\"eventType\":\"QueueStatus\"},\"data\":{\"eventType\":\"QueueStatus\",\n \"queueName\": \"Q\", \"futureField\": {\"x\": [1]}}}";
        let line = line_of(arg);
        assert_eq!(line.matches('\n').count(), 1, "{line}");
        assert!(
            line.contains(r#""data":{"eventType":"QueueStatus",  "queueName": "Q", "futureField": {"x": [1]}}"#),
            "{line}"
        );
        // PascalCase data is written from the typed payload, in camelCase.
        let arg = r#"{"subscription":{"eventType":"QueueStatus"},"data":{"EventType":"QueueStatus","QueueName":"Q","FutureField":1}}"#;
        let v: Value = serde_json::from_str(&line_of(arg)).unwrap();
        assert_eq!(v["data"]["queueName"], "Q");
        assert_eq!(v["data"]["nbrOfAgentsOnWrapUp"], 0);
        assert!(v["data"].get("futureField").is_none());
        assert!(v["data"].get("QueueName").is_none());
    }

    #[test]
    fn terminal_controls_in_passed_on_data_are_escaped() {
        let arg = "{\"subscription\":{\"eventType\":\"QueueStatus\"},\"data\":{\"queueName\":\"a\u{9b}31m\u{202e}b\u{7f}\"}}";
        let line = line_of(arg);
        assert!(!line.contains('\u{9b}') && !line.contains('\u{202e}') && !line.contains('\u{7f}'));
        let v: Value = serde_json::from_str(&line).unwrap();
        assert_eq!(v["data"]["queueName"], "a\u{9b}31m\u{202e}b\u{7f}");
    }

    #[test]
    fn line_has_the_stable_shape() {
        let ex: Value =
            serde_json::from_str(include_str!("../../tests/fixtures/seed004_examples.json"))
                .unwrap();
        let ev = RteEvent::from_message(ex["messagereceived:UserStatus"].clone());
        let line = event_line(&ev);
        assert_eq!(line["event"], "UserStatus");
        assert_eq!(line["entityType"], "User");
        assert_eq!(line["entityId"], "aa9730c4-ce86-e611-80c9-00505689257e");
        assert_eq!(line["data"]["canBeAllocatedTo"], true);
        assert_eq!(line["data"]["messageTTLSeconds"], 60);
        assert_eq!(line["subscription"]["eventType"], "UserStatus");
        assert!(line.get("decodeError").is_none());
        let mut text = Vec::new();
        write_event_line(&ev, &mut text);
        let text = String::from_utf8(text).unwrap();
        assert!(
            text.starts_with(r#"{"event":"UserStatus","entityType":"User","#),
            "{text}"
        );
        assert!(
            text.ends_with("}\n") && text.matches('\n').count() == 1,
            "{text}"
        );
        assert_eq!(serde_json::from_str::<Value>(&text).unwrap(), line);
    }

    #[tokio::test]
    async fn named_entities_narrow_the_subscriptions_without_asking_the_server() {
        // Nothing listens there: naming queues/users must not call the API.
        let api = ApiClient::new(
            "http://127.0.0.1:9",
            "u",
            crate::api::Secret::new("s"),
            crate::api::ClientOptions::default(),
        )
        .unwrap();
        let args = EventsArgs {
            filters: vec!["queuestatus".into(), "UserStatus".into()],
            queues: vec!["q1".into()],
            users: vec!["u1".into(), "u2".into()],
            ..EventsArgs::default()
        };
        let keys = Selection::from_args(&args)
            .subscriptions(&api)
            .await
            .unwrap();
        assert_eq!(
            keys,
            vec![
                SubscriptionKey::new("q1", EventKind::QueueStatus),
                SubscriptionKey::new("u1", EventKind::UserStatus),
                SubscriptionKey::new("u2", EventKind::UserStatus),
            ]
        );
        let only_queue = EventsArgs {
            queues: vec!["q1".into()],
            ..EventsArgs::default()
        };
        let keys = Selection::from_args(&only_queue)
            .subscriptions(&api)
            .await
            .unwrap();
        assert_eq!(
            keys,
            vec![SubscriptionKey::new("q1", EventKind::QueueStatus)]
        );
    }

    #[test]
    fn unknown_events_keep_their_data() {
        let ev = RteEvent::from_data(
            json!({"EventType": "BrandNew", "EntityId": "e1", "SomeField": {"InnerThing": 1}}),
        );
        let line = event_line(&ev);
        assert_eq!(line["event"], "BrandNew");
        assert_eq!(line["entityId"], "e1");
        assert_eq!(line["data"]["someField"]["innerThing"], 1);
    }

    #[test]
    fn terminal_controls_are_escaped_but_json_is_unchanged() {
        let v = json!({"note": "a\u{1b}[2Jb\u{9b}31mc\u{202e}d"});
        let text = safe_for_terminal(&v.to_string());
        assert!(!text.chars().any(|c| c.is_control()));
        assert!(!text.contains('\u{202e}'));
        let back: Value = serde_json::from_str(&text).unwrap();
        assert_eq!(back, v);
    }
}
