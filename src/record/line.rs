//! One line of a recording: `{"t": receive time, "kind": …, "body": …}`, and the
//! conversion between console [`Event`]s and lines. Only inputs that come from the world
//! are recorded (see [`encode`]); the REST types keep their platform (PascalCase) shape,
//! RTE events their `MessageReceived` argument as the hub sent it.

use crate::app::event::{Event, ReadMarks, RecordsFailure, Snapshot};
use crate::app::failure::{ActionError, Failure};
use crate::model::events::Casing;
use crate::model::rest::{
    CallbackList, CallbackRequest, CurrentAvailability, Queue, ServiceCall, User,
};
use crate::model::{EventKind, RteEvent};
use crate::rte::{ConnectionState, SessionUpdate, SubscriptionKey};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;
use std::time::Duration;

/// The format number written in the header; a reader skips a file's lines of kinds it
/// does not know, whatever the number.
pub const FORMAT: u32 = 1;

/// The first line of a recording (and of each rotated part).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Header {
    pub format: u32,
    /// The evtop version that wrote it.
    pub evtop: String,
    /// Tenant (silo or host) name.
    pub silo: String,
    /// Who was logged in (the API user's e-mail).
    pub user: String,
    pub started: DateTime<Utc>,
    /// The recording machine's offset from UTC, in seconds (times show in it on replay).
    pub utc_offset_secs: i32,
    /// The same as `+HH:MM`, for people.
    pub time_zone: String,
}

impl Header {
    pub fn new(silo: &str, user: &str, started: DateTime<Utc>, utc_offset_secs: i32) -> Self {
        let sign = if utc_offset_secs < 0 { '-' } else { '+' };
        let abs = utc_offset_secs.unsigned_abs();
        Header {
            format: FORMAT,
            evtop: env!("CARGO_PKG_VERSION").to_owned(),
            silo: silo.to_owned(),
            user: user.to_owned(),
            started,
            utc_offset_secs,
            time_zone: format!("{sign}{:02}:{:02}", abs / 3600, abs % 3600 / 60),
        }
    }
}

/// The REST snapshot as recorded (outer keys snake_case, REST rows PascalCase).
#[derive(Serialize, Deserialize)]
struct SnapshotBody {
    me: User,
    silo: String,
    users: Vec<User>,
    queues: Vec<Queue>,
    queue_users: Vec<(String, Vec<String>)>,
    /// Added after the first format: older recordings have none.
    #[serde(default)]
    checked_in: Vec<(String, Vec<(String, bool)>)>,
    #[serde(default)]
    my_queues: Option<Vec<String>>,
    availability: Vec<(String, CurrentAvailability)>,
    callback_lists: Vec<CallbackList>,
    callback_requests: Vec<CallbackRequest>,
    read: [u64; 3],
}

#[derive(Serialize, Deserialize)]
#[serde(tag = "state", rename_all = "snake_case")]
enum Connection {
    Connecting,
    Live,
    Reconnecting {
        attempt: u32,
        reason: String,
        retry_in: Duration,
    },
    Failed {
        reason: String,
    },
}

#[derive(Serialize, Deserialize)]
struct Key {
    entity_id: String,
    event: String,
}

impl Key {
    fn of(k: &SubscriptionKey) -> Key {
        Key {
            entity_id: k.entity_id.clone(),
            event: k.event.name().to_owned(),
        }
    }
    fn key(self) -> SubscriptionKey {
        SubscriptionKey::new(self.entity_id, EventKind::parse(&self.event))
    }
}

/// The call records read for today's figures (`GET /servicecall`), or why not.
#[derive(Serialize, Deserialize)]
struct CallRecordsBody {
    start: DateTime<Utc>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    calls: Option<Vec<ServiceCall>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    failure: Option<String>,
    #[serde(default)]
    refused: bool,
}

#[derive(Serialize, Deserialize)]
struct Rejected {
    key: Key,
    message: String,
}

#[derive(Serialize, Deserialize)]
struct NotOffered {
    names: Vec<String>,
    skipped: usize,
}

#[derive(Serialize, Deserialize)]
struct ActionBody {
    what: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    ok: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    failure: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    message: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    reason: Option<String>,
}

const FAILURES: [(Failure, &str); 9] = [
    (Failure::Unauthorized, "unauthorized"),
    (Failure::Forbidden, "forbidden"),
    (Failure::NotFound, "not_found"),
    (Failure::Conflict, "conflict"),
    (Failure::RateLimited, "rate_limited"),
    (Failure::Server, "server"),
    (Failure::Timeout, "timeout"),
    (Failure::Unreachable, "unreachable"),
    (Failure::Other, "other"),
];

/// Writes `{"t":…,"kind":…,"body":` … `}\n` around `body`.
fn line(out: &mut Vec<u8>, t: DateTime<Utc>, kind: &str, body: impl FnOnce(&mut Vec<u8>)) {
    out.extend_from_slice(b"{\"t\":");
    write_time(out, t);
    out.extend_from_slice(b",\"kind\":\"");
    out.extend_from_slice(kind.as_bytes());
    out.extend_from_slice(b"\",\"body\":");
    body(out);
    out.extend_from_slice(b"}\n");
}

/// `"2026-03-02T10:32:05.123456789Z"`: RFC 3339 in UTC with nanoseconds, written digit by
/// digit (chrono's formatter costs more than the rest of a line of 20 events); years
/// outside 0..=9999 and leap seconds go through chrono.
fn write_time(out: &mut Vec<u8>, t: DateTime<Utc>) {
    use chrono::{Datelike, Timelike};
    let (date, time) = (t.date_naive(), t.time());
    let nanos = time.nanosecond();
    if !(0..=9999).contains(&date.year()) || nanos >= 1_000_000_000 {
        let _ = serde_json::to_writer(&mut *out, &t);
        return;
    }
    let mut text = *b"\"0000-00-00T00:00:00.000000000Z\"";
    let fields = [
        (1..5, date.year() as u32),
        (6..8, date.month()),
        (9..11, date.day()),
        (12..14, time.hour()),
        (15..17, time.minute()),
        (18..20, time.second()),
        (21..30, nanos),
    ];
    for (range, mut value) in fields {
        for digit in text[range].iter_mut().rev() {
            *digit = b'0' + (value % 10) as u8;
            value /= 10;
        }
    }
    out.extend_from_slice(&text);
}

fn json<T: Serialize>(value: &T) -> impl FnOnce(&mut Vec<u8>) + '_ {
    move |out| {
        let _ = serde_json::to_writer(out, value);
    }
}

/// The header line.
pub fn encode_header(header: &Header, out: &mut Vec<u8>) {
    line(out, header.started, "header", json(header));
}

/// Appends the line for `event` received at `t`; false (nothing written) for what is not
/// recorded: keys, mouse, sizes, frame feedback, shutdown. `secrets` are masked in free
/// text, with anything that looks like a token.
pub fn encode(event: &Event, t: DateTime<Utc>, secrets: &[String], out: &mut Vec<u8>) -> bool {
    let scrub = |s: &str| crate::credentials::scrub(s, secrets);
    match event {
        Event::Key(_)
        | Event::Resize { .. }
        | Event::LogRows(_)
        | Event::PaneAreas(_)
        | Event::Click { .. }
        | Event::Shutdown => return false,
        Event::Tick(now) => line(out, t, "tick", json(now)),
        Event::Reload => line(out, t, "reload", json(&())),
        Event::SnapshotFailed(e) => line(out, t, "snapshot_failed", json(&scrub(e))),
        Event::Snapshot(s) => {
            let body = SnapshotBody {
                me: s.me.clone(),
                silo: s.silo.clone(),
                users: s.users.clone(),
                queues: s.queues.clone(),
                queue_users: s.queue_users.clone(),
                checked_in: s.checked_in.clone(),
                my_queues: s.my_queues.clone(),
                availability: s.availability.clone(),
                callback_lists: s.callback_lists.clone(),
                callback_requests: s.callback_requests.clone(),
                read: [s.read.queues, s.read.availability, s.read.callbacks],
            };
            line(out, t, "snapshot", json(&body))
        }
        Event::CallRecords { start, result } => {
            let body = match result {
                Ok(calls) => CallRecordsBody {
                    start: *start,
                    calls: Some(calls.clone()),
                    failure: None,
                    refused: false,
                },
                Err(e) => CallRecordsBody {
                    start: *start,
                    calls: None,
                    failure: Some(scrub(&e.message)),
                    refused: e.refused,
                },
            };
            line(out, t, "call_records", json(&body))
        }
        Event::ActionDone { what, result } => {
            let mut body = ActionBody {
                what: what.clone(),
                ok: None,
                failure: None,
                message: None,
                reason: None,
            };
            match result {
                Ok(detail) => body.ok = Some(scrub(detail)),
                Err(e) => {
                    body.failure = FAILURES
                        .iter()
                        .find(|(f, _)| *f == e.failure)
                        .map(|(_, n)| (*n).to_owned());
                    body.message = Some(scrub(&e.message));
                    body.reason = e.reason.as_deref().map(scrub);
                }
            }
            line(out, t, "action_done", json(&body))
        }
        Event::Session(update) => match update {
            SessionUpdate::Events(batch) => line(out, t, "events", |out| write_batch(batch, out)),
            SessionUpdate::State(cs) => {
                let body = match cs {
                    ConnectionState::Connecting => Connection::Connecting,
                    ConnectionState::Live => Connection::Live,
                    ConnectionState::Reconnecting {
                        attempt,
                        reason,
                        retry_in,
                    } => Connection::Reconnecting {
                        attempt: *attempt,
                        reason: scrub(reason),
                        retry_in: *retry_in,
                    },
                    ConnectionState::Failed { reason } => Connection::Failed {
                        reason: scrub(reason),
                    },
                };
                line(out, t, "connection", json(&body))
            }
            SessionUpdate::SubscriptionRejected { key, message } => {
                let body = Rejected {
                    key: Key::of(key),
                    message: scrub(message),
                };
                line(out, t, "subscription_rejected", json(&body))
            }
            SessionUpdate::SubscriptionsRestored(keys) => {
                let body: Vec<Key> = keys.iter().map(Key::of).collect();
                line(out, t, "subscriptions_restored", json(&body))
            }
            SessionUpdate::Resynced => line(out, t, "resynced", json(&())),
            SessionUpdate::NotOffered { names, skipped } => {
                let body = NotOffered {
                    names: names.clone(),
                    skipped: *skipped,
                };
                line(out, t, "not_offered", json(&body))
            }
        },
    }
    true
}

/// What the console reads of an event's subscription (the event's name and entity), when
/// the data does not say the same; its ids and organization are left out (a third of an
/// event's size, read by nothing).
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SubscriptionBrief<'a> {
    #[serde(skip_serializing_if = "str::is_empty")]
    event_type: &'a str,
    #[serde(skip_serializing_if = "str::is_empty")]
    entity_type: &'a str,
    #[serde(skip_serializing_if = "str::is_empty")]
    entity_id: &'a str,
}

/// `[{"subscription":…,"data":…},…]`: each event's `data` as the hub sent it when known.
fn write_batch(batch: &[RteEvent], out: &mut Vec<u8>) {
    out.push(b'[');
    for (i, ev) in batch.iter().enumerate() {
        if i > 0 {
            out.push(b',');
        }
        let sub = &ev.subscription;
        let env = &ev.envelope;
        // The data names the same event and entity (as the platform's always do): the
        // subscription says nothing more.
        let same = (sub.event_type.is_empty()
            || sub.event_type.eq_ignore_ascii_case(&env.event_type))
            && (sub.entity_id.is_empty() || sub.entity_id == env.entity_id)
            && (sub.entity_type.is_empty()
                || sub.entity_type.eq_ignore_ascii_case(&env.entity_type))
            && ev.wire.is_some();
        out.push(b'{');
        if !same {
            out.extend_from_slice(b"\"subscription\":");
            let _ = serde_json::to_writer(
                &mut *out,
                &SubscriptionBrief {
                    event_type: &sub.event_type,
                    entity_type: &sub.entity_type,
                    entity_id: &sub.entity_id,
                },
            );
            out.push(b',');
        }
        out.extend_from_slice(b"\"data\":");
        match &ev.wire {
            Some(wire) => out.extend_from_slice(&wire.json),
            None => ev.write_data(Casing::Pascal, out),
        }
        out.push(b'}');
    }
    out.push(b']');
}

/// A line as read, its body left as text.
#[derive(Deserialize)]
struct RawLine<'a> {
    t: DateTime<Utc>,
    kind: &'a str,
    #[serde(borrow)]
    body: &'a RawValue,
}

/// What a line says.
#[derive(Debug)]
pub enum Decoded {
    Header(Header),
    Event(DateTime<Utc>, Event),
    /// A kind this build does not know (a newer format): skipped.
    Unknown,
}

/// Reads one line (without its newline). `Err`: not a line of a recording.
pub fn decode(text: &str) -> Result<Decoded, serde_json::Error> {
    let raw: RawLine = serde_json::from_str(text)?;
    let body = raw.body.get();
    let event = match raw.kind {
        "header" => return Ok(Decoded::Header(serde_json::from_str(body)?)),
        "tick" => Event::Tick(serde_json::from_str(body)?),
        "reload" => Event::Reload,
        "snapshot_failed" => Event::SnapshotFailed(serde_json::from_str(body)?),
        "snapshot" => {
            let value: serde_json::Value = serde_json::from_str(body)?;
            let s: SnapshotBody = crate::model::casing::from_platform(value)?;
            Event::Snapshot(Box::new(Snapshot {
                me: s.me,
                silo: s.silo,
                users: s.users,
                queues: s.queues,
                queue_users: s.queue_users,
                checked_in: s.checked_in,
                my_queues: s.my_queues,
                availability: s.availability,
                callback_lists: s.callback_lists,
                callback_requests: s.callback_requests,
                read: ReadMarks {
                    queues: s.read[0],
                    availability: s.read[1],
                    callbacks: s.read[2],
                },
            }))
        }
        "call_records" => {
            let value: serde_json::Value = serde_json::from_str(body)?;
            let b: CallRecordsBody = crate::model::casing::from_platform(value)?;
            let result = match b.calls {
                Some(calls) => Ok(calls),
                None => Err(RecordsFailure {
                    message: b.failure.unwrap_or_default(),
                    refused: b.refused,
                }),
            };
            Event::CallRecords {
                start: b.start,
                result,
            }
        }
        "action_done" => {
            let b: ActionBody = serde_json::from_str(body)?;
            let result = match (b.ok, b.failure) {
                (Some(detail), _) => Ok(detail),
                (None, failure) => {
                    let failure = FAILURES
                        .iter()
                        .find(|(_, n)| Some(*n) == failure.as_deref())
                        .map(|(f, _)| *f)
                        .unwrap_or(Failure::Other);
                    let mut e = ActionError::new(failure, b.message.unwrap_or_default());
                    e.reason = b.reason;
                    Err(e)
                }
            };
            Event::ActionDone {
                what: b.what,
                result,
            }
        }
        "events" => {
            let msgs: Vec<&RawValue> = serde_json::from_str(body)?;
            let batch: Vec<RteEvent> = msgs
                .iter()
                .map(|m| RteEvent::from_message_text(m.get()))
                .collect();
            if batch.is_empty() {
                return Ok(Decoded::Unknown);
            }
            Event::Session(SessionUpdate::Events(batch))
        }
        "connection" => Event::Session(SessionUpdate::State(
            match serde_json::from_str::<Connection>(body)? {
                Connection::Connecting => ConnectionState::Connecting,
                Connection::Live => ConnectionState::Live,
                Connection::Reconnecting {
                    attempt,
                    reason,
                    retry_in,
                } => ConnectionState::Reconnecting {
                    attempt,
                    reason,
                    retry_in,
                },
                Connection::Failed { reason } => ConnectionState::Failed { reason },
            },
        )),
        "subscription_rejected" => {
            let r: Rejected = serde_json::from_str(body)?;
            Event::Session(SessionUpdate::SubscriptionRejected {
                key: r.key.key(),
                message: r.message,
            })
        }
        "subscriptions_restored" => {
            let keys: Vec<Key> = serde_json::from_str(body)?;
            Event::Session(SessionUpdate::SubscriptionsRestored(
                keys.into_iter().map(Key::key).collect(),
            ))
        }
        "resynced" => Event::Session(SessionUpdate::Resynced),
        "not_offered" => {
            let n: NotOffered = serde_json::from_str(body)?;
            Event::Session(SessionUpdate::NotOffered {
                names: n.names,
                skipped: n.skipped,
            })
        }
        _ => return Ok(Decoded::Unknown),
    };
    Ok(Decoded::Event(raw.t, event))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    fn round_trip(event: Event) -> (String, String) {
        let mut out = Vec::new();
        let t: DateTime<Utc> = "2026-03-02T10:32:05.123456789Z".parse().unwrap();
        assert!(encode(&event, t, &[], &mut out));
        let text = std::str::from_utf8(&out).unwrap().trim_end();
        match decode(text).unwrap() {
            Decoded::Event(t2, back) => {
                assert_eq!(t2, t);
                (format!("{event:?}"), format!("{back:?}"))
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn every_recorded_kind_reads_back_as_it_was() {
        let key = SubscriptionKey::new("u1", EventKind::UserStatus);
        let events = vec![
            Event::Tick("2026-03-02T10:32:05.5Z".parse().unwrap()),
            Event::Reload,
            Event::SnapshotFailed("GET /users: 503".into()),
            Event::Snapshot(Box::default()),
            Event::ActionDone {
                what: "Set availability".into(),
                result: Ok("done".into()),
            },
            Event::ActionDone {
                what: "Close callback".into(),
                result: Err(ActionError::new(Failure::Conflict, "PUT /x: 409")
                    .with_reason(Some("already closed"))),
            },
            Event::Session(SessionUpdate::State(ConnectionState::Reconnecting {
                attempt: 3,
                reason: "closed".into(),
                retry_in: Duration::from_nanos(1_234_567_891),
            })),
            Event::Session(SessionUpdate::State(ConnectionState::Failed {
                reason: "refused".into(),
            })),
            Event::Session(SessionUpdate::State(ConnectionState::Live)),
            Event::Session(SessionUpdate::SubscriptionRejected {
                key: key.clone(),
                message: "no access".into(),
            }),
            Event::Session(SessionUpdate::SubscriptionsRestored(vec![
                key,
                SubscriptionKey::new("q1", EventKind::Other("NewThing".into())),
            ])),
            Event::Session(SessionUpdate::Resynced),
            Event::Session(SessionUpdate::NotOffered {
                names: vec!["UserAlert".into()],
                skipped: 4,
            }),
            Event::CallRecords {
                start: "2026-03-02T00:00:00+02:00".parse().unwrap(),
                result: Ok(vec![ServiceCall {
                    id: "c1".into(),
                    queue_id: "q1".into(),
                    queue_name: "Sales".into(),
                    answer_user_id: Some("u1".into()),
                    wait_time: 12,
                    ..ServiceCall::default()
                }]),
            },
            Event::CallRecords {
                start: "2026-03-02T00:00:00Z".parse().unwrap(),
                result: Err(RecordsFailure {
                    message: "GET /servicecall: 403".into(),
                    refused: true,
                }),
            },
        ];
        for event in events {
            let (want, got) = round_trip(event);
            assert_eq!(want, got);
        }
    }

    #[test]
    fn receive_times_are_written_with_nanoseconds_and_read_back_exactly() {
        for (t, text) in [
            (
                "2026-03-02T10:32:05.123456789Z",
                "2026-03-02T10:32:05.123456789Z",
            ),
            ("2026-12-31T23:59:59Z", "2026-12-31T23:59:59.000000000Z"),
            ("0001-01-01T00:00:00.5Z", "0001-01-01T00:00:00.500000000Z"),
        ] {
            let t: DateTime<Utc> = t.parse().unwrap();
            let mut out = Vec::new();
            write_time(&mut out, t);
            assert_eq!(
                String::from_utf8(out.clone()).unwrap(),
                format!("\"{text}\"")
            );
            assert_eq!(serde_json::from_slice::<DateTime<Utc>>(&out).unwrap(), t);
        }
        // A leap second (nanoseconds past 10⁹) still reads back as it was.
        let leap = chrono::NaiveDate::from_ymd_opt(2016, 12, 31)
            .and_then(|d| d.and_hms_nano_opt(23, 59, 59, 1_500_000_000))
            .unwrap()
            .and_utc();
        let mut out = Vec::new();
        write_time(&mut out, leap);
        assert_eq!(serde_json::from_slice::<DateTime<Utc>>(&out).unwrap(), leap);
    }

    #[test]
    fn keys_and_sizes_are_not_recorded() {
        use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
        let mut out = Vec::new();
        let t = Utc::now();
        for event in [
            Event::Key(KeyEvent::new(KeyCode::Char('a'), KeyModifiers::NONE)),
            Event::Resize { cols: 1, rows: 1 },
            Event::Shutdown,
        ] {
            assert!(!encode(&event, t, &[], &mut out));
        }
        assert!(out.is_empty());
    }
}
