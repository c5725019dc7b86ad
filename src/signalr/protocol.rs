//! The SignalR JSON hub protocol: record framing, the handshake and message types 1–9.
//!
//! Shared by the simulator (server side) and the RTE client. Written by hand because no
//! maintained Rust crate speaks the ASP.NET Core SignalR *client and server* JSON protocol;
//! the rules followed here are collected in `shared/SIGNALR.md` (HubProtocol.md facts).

use bytes::Bytes;
use serde::Deserialize;
use serde_json::{Map, Value};
use std::borrow::Cow;
use std::collections::BTreeMap;
use std::fmt;

/// The ASCII record separator that ends every JSON hub protocol message.
pub const RECORD_SEPARATOR: u8 = 0x1e;
/// Same as [`RECORD_SEPARATOR`], as a `char`.
pub const RS: char = '\u{1e}';

/// Highest JSON hub protocol version we accept in a handshake (as current .NET servers do).
pub const MAX_PROTOCOL_VERSION: i64 = 2;

/// Message `headers`: a string-to-string map that receivers must accept and may ignore.
pub type Headers = BTreeMap<String, String>;

/// What a Completion carries: nothing (void), a result value, or an error text.
#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    Void,
    Result(Value),
    Error(String),
}

/// One hub protocol message.
#[derive(Debug, Clone, PartialEq)]
pub enum HubMessage {
    /// Type 1. No `invocation_id` means fire-and-forget: the callee must not reply.
    Invocation {
        invocation_id: Option<String>,
        target: String,
        arguments: Vec<Value>,
        stream_ids: Option<Vec<String>>,
        headers: Option<Headers>,
    },
    /// Type 2.
    StreamItem {
        invocation_id: String,
        item: Value,
        headers: Option<Headers>,
    },
    /// Type 3.
    Completion {
        invocation_id: String,
        outcome: Outcome,
        headers: Option<Headers>,
    },
    /// Type 4.
    StreamInvocation {
        invocation_id: String,
        target: String,
        arguments: Vec<Value>,
        stream_ids: Option<Vec<String>>,
        headers: Option<Headers>,
    },
    /// Type 5.
    CancelInvocation {
        invocation_id: String,
        headers: Option<Headers>,
    },
    /// Type 6.
    Ping,
    /// Type 7.
    Close {
        error: Option<String>,
        allow_reconnect: bool,
    },
    /// Type 8 (stateful reconnect only).
    Ack { sequence_id: u64 },
    /// Type 9 (stateful reconnect only).
    Sequence { sequence_id: u64 },
    /// A message type this implementation does not know; receivers log and drop it.
    Unknown { message_type: i64 },
}

/// Why a record could not be understood.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ProtocolError {
    /// The record is not a JSON object.
    NotJson(String),
    /// No numeric `type` field.
    MissingType,
    /// A required field is missing or has the wrong JSON type.
    BadField {
        message_type: i64,
        field: &'static str,
    },
    /// A Completion carried both `result` and `error`.
    ResultAndError,
    /// The handshake response was not `{}` or `{"error":..}`.
    BadHandshake(String),
}

impl fmt::Display for ProtocolError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ProtocolError::NotJson(e) => write!(f, "record is not a JSON object: {e}"),
            ProtocolError::MissingType => write!(f, "record has no numeric 'type'"),
            ProtocolError::BadField {
                message_type,
                field,
            } => write!(
                f,
                "message type {message_type}: missing or invalid '{field}'"
            ),
            ProtocolError::ResultAndError => {
                write!(f, "Completion carries both 'result' and 'error'")
            }
            ProtocolError::BadHandshake(e) => write!(f, "bad handshake: {e}"),
        }
    }
}

impl std::error::Error for ProtocolError {}

impl HubMessage {
    /// The numeric message type written on the wire.
    pub fn message_type(&self) -> i64 {
        match self {
            HubMessage::Invocation { .. } => 1,
            HubMessage::StreamItem { .. } => 2,
            HubMessage::Completion { .. } => 3,
            HubMessage::StreamInvocation { .. } => 4,
            HubMessage::CancelInvocation { .. } => 5,
            HubMessage::Ping => 6,
            HubMessage::Close { .. } => 7,
            HubMessage::Ack { .. } => 8,
            HubMessage::Sequence { .. } => 9,
            HubMessage::Unknown { message_type } => *message_type,
        }
    }

    /// Convenience: a Completion with a result value.
    pub fn completion_result(invocation_id: impl Into<String>, result: Value) -> Self {
        HubMessage::Completion {
            invocation_id: invocation_id.into(),
            outcome: Outcome::Result(result),
            headers: None,
        }
    }

    /// Convenience: a Completion with an error text.
    pub fn completion_error(invocation_id: impl Into<String>, error: impl Into<String>) -> Self {
        HubMessage::Completion {
            invocation_id: invocation_id.into(),
            outcome: Outcome::Error(error.into()),
            headers: None,
        }
    }

    /// Convenience: an Invocation.
    pub fn invocation(
        invocation_id: Option<String>,
        target: impl Into<String>,
        arguments: Vec<Value>,
    ) -> Self {
        HubMessage::Invocation {
            invocation_id,
            target: target.into(),
            arguments,
            stream_ids: None,
            headers: None,
        }
    }

    /// The message as a JSON object (without the record separator).
    pub fn to_json(&self) -> Value {
        let mut m = Map::new();
        m.insert("type".into(), Value::from(self.message_type()));
        let put_headers = |m: &mut Map<String, Value>, h: &Option<Headers>| {
            if let Some(h) = h {
                let obj = h
                    .iter()
                    .map(|(k, v)| (k.clone(), Value::String(v.clone())))
                    .collect();
                m.insert("headers".into(), Value::Object(obj));
            }
        };
        match self {
            HubMessage::Invocation {
                invocation_id,
                target,
                arguments,
                stream_ids,
                headers,
            } => {
                if let Some(id) = invocation_id {
                    m.insert("invocationId".into(), Value::String(id.clone()));
                }
                put_call(&mut m, target, arguments, stream_ids);
                put_headers(&mut m, headers);
            }
            HubMessage::StreamInvocation {
                invocation_id,
                target,
                arguments,
                stream_ids,
                headers,
            } => {
                m.insert("invocationId".into(), Value::String(invocation_id.clone()));
                put_call(&mut m, target, arguments, stream_ids);
                put_headers(&mut m, headers);
            }
            HubMessage::StreamItem {
                invocation_id,
                item,
                headers,
            } => {
                m.insert("invocationId".into(), Value::String(invocation_id.clone()));
                m.insert("item".into(), item.clone());
                put_headers(&mut m, headers);
            }
            HubMessage::Completion {
                invocation_id,
                outcome,
                headers,
            } => {
                m.insert("invocationId".into(), Value::String(invocation_id.clone()));
                match outcome {
                    Outcome::Void => {}
                    Outcome::Result(v) => {
                        m.insert("result".into(), v.clone());
                    }
                    Outcome::Error(e) => {
                        m.insert("error".into(), Value::String(e.clone()));
                    }
                }
                put_headers(&mut m, headers);
            }
            HubMessage::CancelInvocation {
                invocation_id,
                headers,
            } => {
                m.insert("invocationId".into(), Value::String(invocation_id.clone()));
                put_headers(&mut m, headers);
            }
            HubMessage::Ping | HubMessage::Unknown { .. } => {}
            HubMessage::Close {
                error,
                allow_reconnect,
            } => {
                if let Some(e) = error {
                    m.insert("error".into(), Value::String(e.clone()));
                }
                if *allow_reconnect {
                    m.insert("allowReconnect".into(), Value::Bool(true));
                }
            }
            HubMessage::Ack { sequence_id } | HubMessage::Sequence { sequence_id } => {
                m.insert("sequenceId".into(), Value::from(*sequence_id));
            }
        }
        Value::Object(m)
    }

    /// The message as one record: JSON text followed by the record separator.
    pub fn encode(&self) -> String {
        let mut s = self.to_json().to_string();
        s.push(RS);
        s
    }

    /// Parses one record (without its separator).
    pub fn parse(record: &str) -> Result<HubMessage, ProtocolError> {
        let value: Value =
            serde_json::from_str(record).map_err(|e| ProtocolError::NotJson(e.to_string()))?;
        Self::from_json(value)
    }

    /// Reads a message from a parsed JSON value. Unknown fields are ignored; unknown
    /// message types become [`HubMessage::Unknown`].
    pub fn from_json(value: Value) -> Result<HubMessage, ProtocolError> {
        let Value::Object(mut obj) = value else {
            return Err(ProtocolError::NotJson("not an object".into()));
        };
        let message_type = obj
            .get("type")
            .and_then(Value::as_i64)
            .ok_or(ProtocolError::MissingType)?;
        let bad = |field| ProtocolError::BadField {
            message_type,
            field,
        };
        let headers = take_headers(&mut obj);
        let msg = match message_type {
            1 | 4 => {
                let invocation_id = match obj.remove("invocationId") {
                    None | Some(Value::Null) => None,
                    Some(Value::String(s)) => Some(s),
                    Some(_) => return Err(bad("invocationId")),
                };
                let target = take_string(&mut obj, "target").ok_or(bad("target"))?;
                let arguments = match obj.remove("arguments") {
                    Some(Value::Array(a)) => a,
                    _ => return Err(bad("arguments")),
                };
                let stream_ids = match obj.remove("streamIds") {
                    None | Some(Value::Null) => None,
                    Some(Value::Array(a)) => Some(
                        a.into_iter()
                            .map(|v| v.as_str().map(str::to_owned))
                            .collect::<Option<Vec<_>>>()
                            .ok_or(bad("streamIds"))?,
                    ),
                    Some(_) => return Err(bad("streamIds")),
                };
                if message_type == 1 {
                    HubMessage::Invocation {
                        invocation_id,
                        target,
                        arguments,
                        stream_ids,
                        headers,
                    }
                } else {
                    HubMessage::StreamInvocation {
                        invocation_id: invocation_id.ok_or(bad("invocationId"))?,
                        target,
                        arguments,
                        stream_ids,
                        headers,
                    }
                }
            }
            2 => HubMessage::StreamItem {
                invocation_id: take_string(&mut obj, "invocationId").ok_or(bad("invocationId"))?,
                item: obj.remove("item").ok_or(bad("item"))?,
                headers,
            },
            3 => {
                let invocation_id =
                    take_string(&mut obj, "invocationId").ok_or(bad("invocationId"))?;
                let result = obj.remove("result");
                let error = obj.remove("error");
                let outcome = match (result, error) {
                    (Some(_), Some(_)) => return Err(ProtocolError::ResultAndError),
                    (Some(r), None) => Outcome::Result(r),
                    (None, Some(Value::String(e))) => Outcome::Error(e),
                    (None, Some(_)) => return Err(bad("error")),
                    (None, None) => Outcome::Void,
                };
                HubMessage::Completion {
                    invocation_id,
                    outcome,
                    headers,
                }
            }
            5 => HubMessage::CancelInvocation {
                invocation_id: take_string(&mut obj, "invocationId").ok_or(bad("invocationId"))?,
                headers,
            },
            6 => HubMessage::Ping,
            7 => HubMessage::Close {
                error: match obj.remove("error") {
                    None | Some(Value::Null) => None,
                    Some(Value::String(s)) => Some(s),
                    Some(_) => return Err(bad("error")),
                },
                allow_reconnect: obj
                    .get("allowReconnect")
                    .and_then(Value::as_bool)
                    .unwrap_or(false),
            },
            8 | 9 => {
                let sequence_id = obj
                    .get("sequenceId")
                    .and_then(Value::as_u64)
                    .ok_or(bad("sequenceId"))?;
                if message_type == 8 {
                    HubMessage::Ack { sequence_id }
                } else {
                    HubMessage::Sequence { sequence_id }
                }
            }
            other => HubMessage::Unknown {
                message_type: other,
            },
        };
        Ok(msg)
    }
}

/// A record as the client's receive path reads it. An Invocation in the usual shape
/// (`type`, `target` and `invocationId` before `arguments`, keys plain) is read only up to
/// its `arguments`: those stay unread in the record, for the owner to decode in one pass
/// from `arguments_at` (and to validate: the members before `arguments` are read here,
/// the rest of the record is the decoder's to check). Everything else is a full
/// [`HubMessage`] with its rules and errors.
#[derive(Debug)]
pub enum Incoming<'a> {
    Invocation {
        invocation_id: Option<Cow<'a, str>>,
        target: Cow<'a, str>,
        /// Byte index of the `[` that opens the arguments.
        arguments_at: usize,
    },
    Other(HubMessage),
}

/// A JSON string, borrowed from the record when it has no escapes.
#[derive(Deserialize)]
struct Text<'a>(#[serde(borrow)] Cow<'a, str>);

impl<'a> Incoming<'a> {
    /// Parses one record (without its separator).
    pub fn parse(record: &'a str) -> Result<Incoming<'a>, ProtocolError> {
        if let Some((invocation_id, target, arguments_at)) = Self::invocation_head(record) {
            return Ok(Incoming::Invocation {
                invocation_id,
                target,
                arguments_at,
            });
        }
        HubMessage::parse(record).map(Incoming::Other)
    }

    /// The members of an Invocation before its `arguments`, if the record has the usual
    /// shape.
    #[allow(clippy::type_complexity)]
    fn invocation_head(record: &'a str) -> Option<(Option<Cow<'a, str>>, Cow<'a, str>, usize)> {
        use crate::json_walk::{after, digit, next, open, plain_string, value, Next};
        let mut at = open(record, 0)?;
        let mut first = true;
        let (mut message_type, mut invocation_id, mut target) = (None, None, None);
        // The usual spellings (`1`, plain text) read here; any other through serde_json.
        let text = |v: usize| match plain_string(record, v) {
            Some((t, end)) => Some((Cow::Borrowed(t), end)),
            None => value::<Text>(record, v).map(|(t, end)| (t.0, end)),
        };
        loop {
            let Next::Member(key, v) = next(record, at, first)? else {
                return None;
            };
            first = false;
            let end = match key {
                "type" => {
                    let (t, end) = digit(record, v).or_else(|| value::<i64>(record, v))?;
                    message_type = Some(t);
                    end
                }
                "invocationId" => {
                    let (id, end) = value::<Option<Text>>(record, v)?;
                    invocation_id = id.map(|t| t.0);
                    end
                }
                "target" => {
                    let (t, end) = text(v)?;
                    target = Some(t);
                    end
                }
                "arguments" => {
                    let opens = record.as_bytes().get(v) == Some(&b'[');
                    return match (message_type, target, opens) {
                        (Some(1), Some(target), true) => Some((invocation_id, target, v)),
                        _ => None,
                    };
                }
                _ => value::<serde::de::IgnoredAny>(record, v)?.1,
            };
            at = after(record, end)?.ok()?;
        }
    }
}

fn put_call(
    m: &mut Map<String, Value>,
    target: &str,
    arguments: &[Value],
    stream_ids: &Option<Vec<String>>,
) {
    m.insert("target".into(), Value::String(target.to_owned()));
    m.insert("arguments".into(), Value::Array(arguments.to_vec()));
    if let Some(ids) = stream_ids {
        m.insert("streamIds".into(), Value::from(ids.clone()));
    }
}

fn take_string(obj: &mut Map<String, Value>, key: &str) -> Option<String> {
    match obj.remove(key) {
        Some(Value::String(s)) => Some(s),
        _ => None,
    }
}

/// Headers are optional and must be tolerated; values that are not strings are dropped.
fn take_headers(obj: &mut Map<String, Value>) -> Option<Headers> {
    match obj.remove("headers") {
        Some(Value::Object(h)) => Some(
            h.into_iter()
                .filter_map(|(k, v)| match v {
                    Value::String(s) => Some((k, s)),
                    _ => None,
                })
                .collect(),
        ),
        _ => None,
    }
}

/// The handshake request a client sends first: `{"protocol":"json","version":1}` + RS.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HandshakeRequest {
    pub protocol: String,
    pub version: i64,
}

impl HandshakeRequest {
    /// The JSON protocol at version 1, as the official JavaScript client sends it.
    pub fn json_v1() -> Self {
        HandshakeRequest {
            protocol: "json".into(),
            version: 1,
        }
    }

    pub fn encode(&self) -> String {
        let mut s =
            serde_json::json!({"protocol": self.protocol, "version": self.version}).to_string();
        s.push(RS);
        s
    }

    /// Parses a handshake request record (without separator).
    pub fn parse(record: &str) -> Result<Self, ProtocolError> {
        let v: Value = serde_json::from_str(record)
            .map_err(|_| ProtocolError::BadHandshake("not JSON".into()))?;
        let protocol = v
            .get("protocol")
            .and_then(Value::as_str)
            .ok_or_else(|| ProtocolError::BadHandshake("no 'protocol'".into()))?;
        let version = v
            .get("version")
            .and_then(Value::as_i64)
            .ok_or_else(|| ProtocolError::BadHandshake("no 'version'".into()))?;
        Ok(HandshakeRequest {
            protocol: protocol.to_owned(),
            version,
        })
    }

    /// What a server answers to this request: `Ok` or the .NET server's error text.
    pub fn validate(&self) -> Result<(), String> {
        if self.protocol != "json" {
            return Err(format!(
                "The protocol '{}' is not supported.",
                self.protocol
            ));
        }
        if self.version > MAX_PROTOCOL_VERSION || self.version < 0 {
            return Err(format!(
                "The server does not support version {} of the '{}' protocol.",
                self.version, self.protocol
            ));
        }
        Ok(())
    }
}

/// The server's handshake answer: `{}` (success) or `{"error": ...}`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HandshakeResponse {
    pub error: Option<String>,
}

impl HandshakeResponse {
    pub fn encode(&self) -> String {
        let mut s = match &self.error {
            None => "{}".to_owned(),
            Some(e) => serde_json::json!({ "error": e }).to_string(),
        };
        s.push(RS);
        s
    }

    /// Parses a handshake response record. A response with a `type` field is rejected
    /// (a server that skipped the handshake answer).
    pub fn parse(record: &str) -> Result<Self, ProtocolError> {
        let v: Value = serde_json::from_str(record)
            .map_err(|_| ProtocolError::BadHandshake("response is not JSON".into()))?;
        let Value::Object(obj) = v else {
            return Err(ProtocolError::BadHandshake(
                "response is not an object".into(),
            ));
        };
        if obj.contains_key("type") {
            return Err(ProtocolError::BadHandshake(
                "expected a handshake response from the server".into(),
            ));
        }
        let error = obj.get("error").and_then(Value::as_str).map(str::to_owned);
        Ok(HandshakeResponse { error })
    }
}

/// Splits a byte stream into records. Frames may hold several records, and a record may
/// be split across frames; incomplete tails are kept until the rest arrives.
///
/// A record longer than the limit is dropped whole, whatever the framing: complete in one
/// frame, or still without its separator once the limit is passed (its bytes are then
/// discarded up to the next separator, so at most `limit` bytes are ever buffered and the
/// records after it are read as usual). Dropped records are counted, see
/// [`RecordReader::take_oversize`].
#[derive(Debug, Default)]
pub struct RecordReader {
    pending: Vec<u8>,
    /// Upper bound on a single record in bytes (0: no bound).
    max_record: usize,
    /// Inside an oversize record: discard bytes up to the next separator.
    skipping: bool,
    /// Oversize records dropped since the last [`RecordReader::take_oversize`].
    oversize: u64,
}

/// A complete record: a slice of the input, or joined from several inputs.
enum Piece<'a> {
    Slice(&'a [u8]),
    Joined(Vec<u8>),
}

impl RecordReader {
    /// A reader that drops records larger than `max_record` bytes.
    pub fn with_limit(max_record: usize) -> Self {
        RecordReader {
            max_record,
            ..RecordReader::default()
        }
    }

    /// The record limit in bytes (`usize::MAX` when unbounded).
    pub fn limit(&self) -> usize {
        if self.max_record == 0 {
            usize::MAX
        } else {
            self.max_record
        }
    }

    /// Adds a frame's bytes and returns every record completed by it, in order, except
    /// oversize ones. Records are returned as text; invalid UTF-8 is replaced (and will
    /// fail to parse).
    pub fn push(&mut self, bytes: &[u8]) -> Vec<String> {
        let mut out = Vec::new();
        self.split(bytes, |piece| {
            out.push(match piece {
                Piece::Slice(s) => String::from_utf8_lossy(s).into_owned(),
                Piece::Joined(v) => String::from_utf8(v)
                    .unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned()),
            })
        });
        out
    }

    /// The same as [`RecordReader::push`] for a frame held in [`Bytes`]: a record that
    /// lies whole in the frame is handed out as a slice of it (shared, not copied); only
    /// a record split across frames is joined into new bytes. Records are raw bytes; the
    /// caller checks UTF-8 (a text frame's records are valid whenever the frame is).
    pub fn push_shared(&mut self, frame: &Bytes, mut each: impl FnMut(Bytes)) {
        self.split(frame, |piece| {
            each(match piece {
                Piece::Slice(s) => frame.slice_ref(s),
                Piece::Joined(v) => Bytes::from(v),
            })
        });
    }

    /// The splitting itself: calls `each` for every complete, non-empty record within
    /// the limit.
    fn split(&mut self, bytes: &[u8], mut each: impl FnMut(Piece<'_>)) {
        let limit = self.limit();
        let mut rest = bytes;
        while let Some(pos) = memchr::memchr(RECORD_SEPARATOR, rest) {
            let (head, tail) = rest.split_at(pos);
            rest = &tail[1..];
            if std::mem::take(&mut self.skipping) {
                // The end of a record already counted as oversize.
                continue;
            }
            if self.pending.len().saturating_add(head.len()) > limit {
                self.pending.clear();
                self.oversize += 1;
                continue;
            }
            if self.pending.is_empty() {
                if !head.is_empty() {
                    each(Piece::Slice(head));
                }
            } else {
                self.pending.extend_from_slice(head);
                each(Piece::Joined(std::mem::take(&mut self.pending)));
            }
        }
        if self.skipping {
            return;
        }
        if self.pending.len().saturating_add(rest.len()) > limit {
            self.pending.clear();
            self.skipping = true;
            self.oversize += 1;
        } else {
            self.pending.extend_from_slice(rest);
        }
    }

    /// How many oversize records were dropped since the last call (and resets the count).
    pub fn take_oversize(&mut self) -> u64 {
        std::mem::take(&mut self.oversize)
    }

    /// True when part of a record is waiting for the rest.
    pub fn has_partial(&self) -> bool {
        !self.pending.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn several_records_in_one_frame() {
        let mut r = RecordReader::default();
        let frame = format!("{{}}{RS}{{\"type\":6}}{RS}{{\"type\":6}}{RS}");
        let recs = r.push(frame.as_bytes());
        assert_eq!(recs, vec!["{}", "{\"type\":6}", "{\"type\":6}"]);
        assert!(!r.has_partial());
    }

    #[test]
    fn record_split_across_frames() {
        let mut r = RecordReader::default();
        let msg = HubMessage::invocation(None, "MessageReceived", vec![json!({"a": "ä"})]).encode();
        let bytes = msg.as_bytes();
        // Split inside a multi-byte character, too.
        let cut = msg.find('ä').unwrap() + 1;
        assert!(r.push(&bytes[..cut]).is_empty());
        assert!(r.has_partial());
        let recs = r.push(&bytes[cut..]);
        assert_eq!(recs.len(), 1);
        let parsed = HubMessage::parse(&recs[0]).unwrap();
        assert_eq!(
            parsed,
            HubMessage::invocation(None, "MessageReceived", vec![json!({"a": "ä"})])
        );
    }

    #[test]
    fn oversize_records_are_dropped_whatever_the_framing() {
        let mut r = RecordReader::with_limit(16);
        // Complete in one frame, between two good records.
        let frame = format!("{{\"type\":6}}{RS}{}{RS}{{}}{RS}", "x".repeat(17));
        assert_eq!(r.push(frame.as_bytes()), vec!["{\"type\":6}", "{}"]);
        assert_eq!(r.take_oversize(), 1);
        assert_eq!(r.take_oversize(), 0);
        // Split: the buffer never holds more than the limit, and the record after it is
        // read as usual.
        assert!(r.push(&[b'y'; 10]).is_empty());
        assert!(r.push(&[b'y'; 10]).is_empty());
        assert!(!r.has_partial(), "nothing buffered past the limit");
        assert!(r.push(&[b'y'; 1000]).is_empty());
        assert_eq!(r.push(format!("yy{RS}{{}}{RS}").as_bytes()), vec!["{}"]);
        assert_eq!(r.take_oversize(), 1);
        // Exactly the limit is fine, split or not.
        let exact = "z".repeat(16);
        assert_eq!(
            r.push(format!("{exact}{RS}").as_bytes()),
            vec![exact.clone()]
        );
        assert!(r.push(&exact.as_bytes()[..9]).is_empty());
        assert_eq!(
            r.push(format!("{}{RS}", &exact[9..]).as_bytes()),
            vec![exact]
        );
        assert_eq!(r.take_oversize(), 0);
    }

    #[test]
    fn every_message_type_round_trips() {
        let msgs = vec![
            HubMessage::Invocation {
                invocation_id: Some("0".into()),
                target: "Subscribe".into(),
                arguments: vec![json!([{"EntityId": "x", "EventName": "QueueStatus"}])],
                stream_ids: Some(vec!["s1".into()]),
                headers: Some(Headers::from([("k".into(), "v".into())])),
            },
            HubMessage::StreamItem {
                invocation_id: "1".into(),
                item: json!(5),
                headers: None,
            },
            HubMessage::completion_result("2", json!(null)),
            HubMessage::completion_error("3", "boom"),
            HubMessage::Completion {
                invocation_id: "4".into(),
                outcome: Outcome::Void,
                headers: None,
            },
            HubMessage::StreamInvocation {
                invocation_id: "5".into(),
                target: "Counter".into(),
                arguments: vec![],
                stream_ids: None,
                headers: None,
            },
            HubMessage::CancelInvocation {
                invocation_id: "5".into(),
                headers: None,
            },
            HubMessage::Ping,
            HubMessage::Close {
                error: Some("Connection closed with an error.".into()),
                allow_reconnect: true,
            },
            HubMessage::Close {
                error: None,
                allow_reconnect: false,
            },
            HubMessage::Ack { sequence_id: 7 },
            HubMessage::Sequence { sequence_id: 8 },
        ];
        for m in msgs {
            let wire = m.encode();
            assert!(wire.ends_with(RS));
            let back = HubMessage::parse(wire.trim_end_matches(RS)).unwrap();
            assert_eq!(back, m, "round trip of {wire}");
        }
    }

    #[test]
    fn null_result_is_a_result_not_void() {
        let m = HubMessage::parse(r#"{"type":3,"invocationId":"1","result":null}"#).unwrap();
        assert_eq!(m, HubMessage::completion_result("1", Value::Null));
    }

    #[test]
    fn unknown_fields_and_headers_are_tolerated() {
        let m = HubMessage::parse(
            r#"{"type":1,"target":"MessageReceived","arguments":[1],"headers":{"Authorization":"x","n":5},"extra":{"deep":true}}"#,
        )
        .unwrap();
        match m {
            HubMessage::Invocation {
                target, headers, ..
            } => {
                assert_eq!(target, "MessageReceived");
                // Non-string header values are dropped, string ones kept.
                assert_eq!(headers.unwrap().len(), 1);
            }
            other => panic!("unexpected {other:?}"),
        }
        assert_eq!(
            HubMessage::parse(r#"{"type":6,"headers":{"a":"b"}}"#).unwrap(),
            HubMessage::Ping
        );
    }

    #[test]
    fn unknown_types_are_kept_as_unknown() {
        assert_eq!(
            HubMessage::parse(r#"{"type":42,"whatever":1}"#).unwrap(),
            HubMessage::Unknown { message_type: 42 }
        );
    }

    #[test]
    fn protocol_violations_are_errors_not_panics() {
        assert_eq!(
            HubMessage::parse(r#"{"type":3,"invocationId":"1","result":1,"error":"x"}"#),
            Err(ProtocolError::ResultAndError)
        );
        assert!(matches!(
            HubMessage::parse("not json"),
            Err(ProtocolError::NotJson(_))
        ));
        assert_eq!(
            HubMessage::parse(r#"{"target":"x"}"#),
            Err(ProtocolError::MissingType)
        );
        assert!(matches!(
            HubMessage::parse(r#"{"type":1,"arguments":[]}"#),
            Err(ProtocolError::BadField {
                field: "target",
                ..
            })
        ));
        assert!(matches!(
            HubMessage::parse(r#"{"type":2,"invocationId":"1"}"#),
            Err(ProtocolError::BadField { field: "item", .. })
        ));
        assert!(HubMessage::parse("[1,2]").is_err());
    }

    #[test]
    fn fire_and_forget_invocation_has_no_id() {
        let wire = HubMessage::invocation(None, "MessageReceived", vec![]).encode();
        assert!(!wire.contains("invocationId"));
    }

    #[test]
    fn handshake_versions_and_errors() {
        for v in 0..=2 {
            let req = HandshakeRequest::parse(&format!(r#"{{"protocol":"json","version":{v}}}"#))
                .unwrap();
            assert!(req.validate().is_ok());
        }
        let high = HandshakeRequest::parse(r#"{"protocol":"json","version":3}"#).unwrap();
        assert_eq!(
            high.validate().unwrap_err(),
            "The server does not support version 3 of the 'json' protocol."
        );
        let mp = HandshakeRequest::parse(r#"{"protocol":"messagepack","version":1}"#).unwrap();
        assert_eq!(
            mp.validate().unwrap_err(),
            "The protocol 'messagepack' is not supported."
        );
        assert_eq!(
            HandshakeRequest::json_v1().encode(),
            format!("{{\"protocol\":\"json\",\"version\":1}}{RS}")
        );
        assert_eq!(
            HandshakeResponse { error: None }.encode(),
            format!("{{}}{RS}")
        );
        assert_eq!(
            HandshakeResponse::parse(r#"{"error":"nope"}"#)
                .unwrap()
                .error
                .as_deref(),
            Some("nope")
        );
        assert!(HandshakeResponse::parse(r#"{"type":6}"#).is_err());
    }

    #[test]
    fn handshake_response_followed_by_messages_in_one_frame() {
        let mut r = RecordReader::default();
        let recs = r.push(format!("{{}}{RS}{{\"type\":6}}{RS}").as_bytes());
        assert_eq!(HandshakeResponse::parse(&recs[0]).unwrap().error, None);
        assert_eq!(HubMessage::parse(&recs[1]).unwrap(), HubMessage::Ping);
    }
}
