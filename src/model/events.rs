//! RTE events: the `MessageReceived({subscription, data})` argument decoded into a typed
//! payload, in either casing. Unknown events are kept as raw JSON, never an error.
//!
//! The receive path reads the argument's text in one pass: the subscription typed, the
//! `data` object kept as a slice of the frame ([`WireData`], no copy) and then read once
//! into the envelope and the typed payload together: keys are matched to fields by their
//! exact spelling ([`super::fields`], folded once per new spelling), values read leniently
//! ([`super::lenient`]). Which payload type to read is known from the subscription's event
//! type; only when `data` names another event (or the subscription none) is it read again.

use super::casing::camel_keys_in_place;
use super::fields;
use super::lenient::{self, CamelCheck, Lenient};
use super::name::Name;
use super::payloads::*;
use super::time::Stamp;
use crate::shared_text::SharedText;
use bytes::Bytes;
use serde::de::{self, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, Visitor};
use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;
use serde_json::Value;
use std::fmt;
use std::sync::Arc;

/// Declares the event list once: the enum of kinds, the payload enum, and the name table.
macro_rules! rte_events {
    (
        documented { $($dvariant:ident($dty:ty) => $dname:literal, $dentity:literal;)* }
        beyond_seed { $($xvariant:ident($xty:ty) => $xname:literal, $xentity:literal;)* }
    ) => {
        rte_events!(@all [$($dvariant)*] [$($xvariant)*]
            $($dvariant($dty) => $dname, $dentity;)* $($xvariant($xty) => $xname, $xentity;)*);
    };
    (@all [$($dvariant:ident)*] [$($xvariant:ident)*]
        $($variant:ident($ty:ty) => $name:literal, $entity:literal;)*) => {
        /// Every event name of the platform's RTE document, and those a tenant may offer
        /// beyond it ([`EventKind::BEYOND_SEED`]).
        #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum EventKind {
            $($variant,)*
            /// An event name this build does not know.
            Other(String),
        }

        impl EventKind {
            /// All kinds of the RTE document, in document order.
            pub const ALL: &'static [EventKind] = &[$(EventKind::$dvariant,)*];

            /// Kinds outside the RTE document that a tenant's `AvailableSubscriptions`
            /// may list (see PLATFORM.md, "RTE beyond the seed"): their payloads are
            /// not public and are read leniently.
            pub const BEYOND_SEED: &'static [EventKind] = &[$(EventKind::$xvariant,)*];

            /// The wire name (`EventName` / `EventType`).
            pub fn name(&self) -> &str {
                match self {
                    $(EventKind::$variant => $name,)*
                    EventKind::Other(n) => n,
                }
            }

            /// The entity type an event is subscribed on: `User`, `Queue` or `CallList`.
            pub fn entity_type(&self) -> &'static str {
                match self {
                    $(EventKind::$variant => $entity,)*
                    EventKind::Other(_) => "User",
                }
            }

            /// Looks a name up case-insensitively (the hub answers `queuestatus`).
            pub fn parse(name: &str) -> EventKind {
                $(if name.eq_ignore_ascii_case($name) { return EventKind::$variant; })*
                EventKind::Other(name.to_owned())
            }
        }

        /// A decoded event payload. Whole events travel in batches
        /// (`SessionUpdate::Events(Vec<RteEvent>)`) and are moved a few times on the way:
        /// the payloads larger than the usual ones (`QueueStatus`, `UserStatus`: 168 and
        /// 200 bytes) by more than a few words are boxed, which keeps an event at 472
        /// bytes instead of 608.
        #[derive(Debug, Clone, PartialEq)]
        #[allow(clippy::large_enum_variant)]
        pub enum EventPayload {
            $($variant($ty),)*
            /// An unknown event, or a known one whose payload did not decode: the raw `data`
            /// (keys folded to snake_case).
            Raw(Value),
        }

        impl EventPayload {
            /// Reads `data` as the payload of `kind` (with its envelope); `None` for an
            /// unknown kind.
            fn read<'de, D: Deserializer<'de>>(
                kind: &EventKind,
                data: D,
                check: &CamelCheck,
            ) -> Option<Result<(Envelope, EventPayload), D::Error>> {
                Some(match kind {
                    $(EventKind::$variant => read_data::<$variant, D>(data, check)
                        .map(|(e, p)| (e, EventPayload::$variant(p.into()))),)*
                    EventKind::Other(_) => return None,
                })
            }

            /// Reads the `data` object at `at` in `text` as the payload of `kind` (with
            /// its envelope) by the direct reader, and the index after it; `None` for an
            /// unknown kind.
            fn read_direct(
                kind: &EventKind,
                text: &str,
                at: usize,
                check: &CamelCheck,
            ) -> Option<Result<(Envelope, EventPayload, usize), super::direct::Unusual>> {
                Some(match kind {
                    $(EventKind::$variant => super::direct::read_data::<$variant>(text, at, check)
                        .map(|(e, p, end)| (e, EventPayload::$variant(p.into()), end)),)*
                    EventKind::Other(_) => return None,
                })
            }

            /// Writes the payload's fields (PascalCase) as a JSON object.
            fn write_pascal(&self, out: &mut Vec<u8>) {
                let _ = match self {
                    $(EventPayload::$variant(p) => serde_json::to_writer(&mut *out, p),)*
                    EventPayload::Raw(v) => serde_json::to_writer(&mut *out, v),
                };
            }
        }
    };
}

rte_events! {
    documented {
    UserAlert(UserAlert) => "UserAlert", "User";
    UserAvailability(UserAvailability) => "UserAvailability", "User";
    UserCallAvailableForMonitoring(Box<UserCallAvailableForMonitoring>) => "UserCallAvailableForMonitoring", "User";
    UserCallInArrived(UserCallInArrived) => "UserCallInArrived", "User";
    UserCallInCallbackCreated(UserCallInCallbackCreated) => "UserCallInCallbackCreated", "User";
    UserCallInComing(UserCallInComing) => "UserCallInComing", "User";
    UserCallInDisconnected(UserCallInDisconnected) => "UserCallInDisconnected", "User";
    UserCallInHoldEnd(UserCallInHoldEnd) => "UserCallInHoldEnd", "User";
    UserCallInHoldStart(UserCallInHoldStart) => "UserCallInHoldStart", "User";
    UserCallInOverflow(Box<UserCallInOverflow>) => "UserCallInOverflow", "User";
    UserCallInRecordingConverted(UserCallInRecordingConverted) => "UserCallInRecordingConverted", "User";
    UserCallInTransferCancelled(Box<UserCallInTransferCancelled>) => "UserCallInTransferCancelled", "User";
    UserCallInTransferConnected(Box<UserCallInTransferConnected>) => "UserCallInTransferConnected", "User";
    UserCallInTransferStarted(Box<UserCallInTransferStarted>) => "UserCallInTransferStarted", "User";
    UserCallInUserAllocated(UserCallInUserAllocated) => "UserCallInUserAllocated", "User";
    UserCallInUserCancelled(UserCallInUserCancelled) => "UserCallInUserCancelled", "User";
    UserCallInUserConnected(UserCallInUserConnected) => "UserCallInUserConnected", "User";
    UserCallInUserOverflow(UserCallInUserOverflow) => "UserCallInUserOverflow", "User";
    UserCallOutConnected(UserCallOutConnected) => "UserCallOutConnected", "User";
    UserCallOutDisconnected(UserCallOutDisconnected) => "UserCallOutDisconnected", "User";
    UserCallOutGoing(UserCallOutGoing) => "UserCallOutGoing", "User";
    UserCallOutHoldEnd(UserCallOutHoldEnd) => "UserCallOutHoldEnd", "User";
    UserCallOutHoldStart(UserCallOutHoldStart) => "UserCallOutHoldStart", "User";
    UserCallOutRecordingConverted(UserCallOutRecordingConverted) => "UserCallOutRecordingConverted", "User";
    UserRealTimeTranscriptPhrase(UserRealTimeTranscriptPhrase) => "UserRealTimeTranscriptPhrase", "User";
    UserSetting(UserSetting) => "UserSetting", "User";
    UserStatus(UserStatus) => "UserStatus", "User";
    UserSupervisionStatus(UserSupervisionStatus) => "UserSupervisionStatus", "User";
    UserTerminalStatus(UserTerminalStatus) => "UserTerminalStatus", "User";
    UserWrapUpEnabled(UserWrapUpEnabled) => "UserWrapUpEnabled", "User";
    UserWrapUpRequestInitiate(UserWrapUpRequestInitiate) => "UserWrapUpRequestInitiate", "User";
    UserWrapUpRequestTerminate(UserWrapUpRequestTerminate) => "UserWrapUpRequestTerminate", "User";
    UserWrapUpStarted(UserWrapUpStarted) => "UserWrapUpStarted", "User";
    UserWrapUpTerminated(UserWrapUpTerminated) => "UserWrapUpTerminated", "User";
    QueueStatus(QueueStatus) => "QueueStatus", "Queue";
    CallbackChanged(Box<CallbackChanged>) => "CallbackChanged", "CallList";
    }
    beyond_seed {
    QueueCallInComing(QueueCallInComing) => "QueueCallInComing", "Queue";
    QueueCallInArrived(QueueCallInArrived) => "QueueCallInArrived", "Queue";
    QueueCallInUserAllocated(QueueCallInUserAllocated) => "QueueCallInUserAllocated", "Queue";
    QueueCallInUserConnected(QueueCallInUserConnected) => "QueueCallInUserConnected", "Queue";
    QueueCallInUserCancelled(QueueCallInUserCancelled) => "QueueCallInUserCancelled", "Queue";
    QueueCallInOverflow(QueueCallInOverflow) => "QueueCallInOverflow", "Queue";
    QueueCallInTransferStarted(QueueCallInTransferStarted) => "QueueCallInTransferStarted", "Queue";
    QueueCallInTransferConnected(QueueCallInTransferConnected) => "QueueCallInTransferConnected", "Queue";
    QueueCallInTransferCancelled(QueueCallInTransferCancelled) => "QueueCallInTransferCancelled", "Queue";
    QueueCallInDisconnected(QueueCallInDisconnected) => "QueueCallInDisconnected", "Queue";
    }
}

impl std::fmt::Display for EventKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

/// The fields every event carries.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default, rename_all(serialize = "PascalCase"))]
pub struct Envelope {
    pub root_entity_type: Name,
    pub root_entity_id: Name,
    pub event_type: Name,
    pub entity_type: Name,
    pub entity_id: Name,
    /// Unique per event (not shared).
    pub id: String,
    pub timestamp: Stamp,
    /// The seed's acronym (`MessageTTLSeconds`), not serde's `MessageTtlSeconds`.
    #[serde(rename(serialize = "MessageTTLSeconds"))]
    pub message_ttl_seconds: i64,
    pub organization_id: Name,
}

/// The `subscription` half of `MessageReceived`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default, rename_all(serialize = "camelCase"))]
pub struct Subscription {
    pub id: String,
    pub all_root_entities: bool,
    pub root_entity_id: String,
    pub root_entity_type: String,
    pub organization_id: String,
    pub event_type: String,
    pub entity_type: String,
    pub entity_id: String,
    pub all_entities: bool,
}

/// The `data` object of an event as the hub sent it: valid JSON, usually a slice of the
/// WebSocket frame it came in (shared, not copied).
#[derive(Debug, Clone, PartialEq)]
pub struct WireData {
    pub json: Bytes,
    /// Every key in it was camelCase: it can be passed on as it is where camelCase is
    /// written (`evtop events`).
    pub camel: bool,
}

/// One decoded `MessageReceived`.
#[derive(Debug, Clone, PartialEq)]
pub struct RteEvent {
    pub kind: EventKind,
    /// Shared: every event of a subscription carries the same one.
    pub subscription: Arc<Subscription>,
    pub envelope: Envelope,
    pub payload: EventPayload,
    /// Set when a known event's payload did not decode (it is then kept as `Raw`).
    pub decode_error: Option<String>,
    /// The `data` as received, when the event was read from JSON text.
    pub wire: Option<WireData>,
}

/// Which key casing to write payloads in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Casing {
    /// `messageTTLSeconds`, like the seed's MessageReceived example (the default).
    #[default]
    Camel,
    /// `MessageTTLSeconds`, like the seed's event tables.
    Pascal,
}

/// The `MessageReceived` argument with `data` left as text.
#[derive(Default, Deserialize)]
#[serde(default)]
struct Message<'a> {
    subscription: Subscription,
    #[serde(borrow)]
    data: Option<&'a RawValue>,
}

/// `null`, for a message without `data`.
fn null_data() -> &'static RawValue {
    serde_json::from_str("null").unwrap_or_else(|_| unreachable!("null is JSON"))
}

impl RteEvent {
    /// Builds an event from a typed payload; the envelope's `EventType`/`EntityType` are
    /// filled from the kind.
    pub fn new(kind: EventKind, mut envelope: Envelope, payload: EventPayload) -> Self {
        envelope.event_type = Name::new(kind.name());
        envelope.entity_type = Name::new(kind.entity_type());
        RteEvent {
            kind,
            subscription: Arc::default(),
            envelope,
            payload,
            decode_error: None,
            wire: None,
        }
    }

    /// Decodes the single argument of `MessageReceived` (`{subscription, data}`), in any
    /// casing. Never fails: what cannot be typed is kept as [`EventPayload::Raw`].
    pub fn from_message(arg: Value) -> RteEvent {
        let (subscription, data) = match arg {
            Value::Object(mut obj) => {
                let mut subscription = Value::Null;
                let mut data = Value::Null;
                for (k, v) in std::mem::take(&mut obj) {
                    match crate::model::casing::KeyBuf::new().fold(&k) {
                        "subscription" => subscription = v,
                        "data" => data = v,
                        _ => {}
                    }
                }
                (lenient::from(&subscription).unwrap_or_default(), data)
            }
            other => (Subscription::default(), other),
        };
        Self::decode(Arc::new(subscription), &data)
    }

    /// Decodes an event's `data` object alone (any casing).
    pub fn from_data(data: Value) -> RteEvent {
        Self::decode(Arc::default(), &data)
    }

    /// Decodes the `MessageReceived` argument from its JSON text (the data is copied
    /// into the event's [`WireData`]).
    pub fn from_message_text(arg: &str) -> RteEvent {
        Self::from_text(arg, None)
    }

    /// Decodes the `MessageReceived` argument `arg`, a slice of `record`: the event's
    /// [`WireData`] then shares `record`'s bytes instead of copying them.
    pub fn from_shared(record: &Bytes, arg: &str) -> RteEvent {
        Self::from_text(arg, Some(record))
    }

    fn from_text(arg: &str, record: Option<&Bytes>) -> RteEvent {
        match fast::read(arg, 0) {
            Some((mut event, data, end))
                if crate::json_walk::ws(arg.as_bytes(), end) == arg.len() =>
            {
                if let Some(wire) = event.wire.as_mut() {
                    wire.json = share(record, arg[data].as_bytes());
                }
                event
            }
            _ => Self::from_text_slow(arg, record),
        }
    }

    /// The `MessageReceived` in a hub record whose arguments open at `arguments_at` (the
    /// `[`), read in one pass over the record from there: the first argument decoded,
    /// then the rest of the record checked to its end. `None` when the record does not
    /// have that shape (another argument follows, the argument is unusual, or the record
    /// is malformed from there on): then parse the record in full.
    pub fn from_invocation(record: &SharedText, arguments_at: usize) -> Option<RteEvent> {
        use crate::json_walk::{rest_of_object, ws};
        let text = record.as_str();
        let b = text.as_bytes();
        if b.get(arguments_at) != Some(&b'[') {
            return None;
        }
        let (mut event, data, end) = fast::read(text, arguments_at + 1)?;
        let close = ws(b, end);
        if b.get(close) != Some(&b']') {
            return None;
        }
        rest_of_object(text, close + 1)?;
        if let Some(wire) = event.wire.as_mut() {
            wire.json = record.bytes().slice(data);
        }
        Some(event)
    }

    /// Any argument: the subscription and `data` taken apart first (`data` as text),
    /// then `data` read.
    fn from_text_slow(arg: &str, record: Option<&Bytes>) -> RteEvent {
        let raw: &RawValue = match serde_json::from_str(arg) {
            Ok(raw) => raw,
            // Not JSON at all: keep it as a JSON string, as a raw payload.
            Err(e) => {
                let mut ev = Self::from_data(Value::String(arg.to_owned()));
                ev.decode_error = Some(e.to_string());
                return ev;
            }
        };
        let (subscription, data): (Subscription, &RawValue) = match lenient::from(raw) {
            Ok(Message { subscription, data }) => (subscription, data.unwrap_or(null_data())),
            Err(_) => (Subscription::default(), raw),
        };
        let check = CamelCheck::default();
        let mut event = Self::decode_checked(Arc::new(subscription), data, &check);
        event.wire = Some(WireData {
            json: share(record, data.get().as_bytes()),
            camel: check.all_camel(),
        });
        event
    }

    fn decode<'de, D: Deserializer<'de> + Copy>(
        subscription: Arc<Subscription>,
        data: D,
    ) -> RteEvent {
        Self::decode_checked(subscription, data, &CamelCheck::default())
    }

    /// Reads `data` into the envelope and the payload: once when the subscription names
    /// the event `data` holds (the usual case), otherwise the envelope first to learn it.
    fn decode_checked<'de, D: Deserializer<'de> + Copy>(
        subscription: Arc<Subscription>,
        data: D,
        check: &CamelCheck,
    ) -> RteEvent {
        let hint = EventKind::parse(&subscription.event_type);
        let kind_of = |envelope: &Envelope| {
            if envelope.event_type.is_empty() {
                hint.clone()
            } else {
                EventKind::parse(&envelope.event_type)
            }
        };
        let event = |kind, envelope, payload, decode_error| RteEvent {
            kind,
            subscription: subscription.clone(),
            envelope,
            payload,
            decode_error,
            wire: None,
        };
        let envelope = match EventPayload::read(&hint, data, check) {
            Some(Ok((envelope, payload))) if kind_of(&envelope) == hint => {
                return event(hint, envelope, payload, None)
            }
            Some(Ok((envelope, _))) => envelope,
            _ => read_data::<IgnoredAny, D>(data, check)
                .map(|(e, _)| e)
                .unwrap_or_default(),
        };
        let kind = kind_of(&envelope);
        let raw = || Value::deserialize(Lenient::new(data)).unwrap_or(Value::Null);
        match EventPayload::read(&kind, data, check) {
            Some(Ok((envelope, payload))) => event(kind, envelope, payload, None),
            Some(Err(e)) => event(
                kind,
                envelope,
                EventPayload::Raw(raw()),
                Some(e.to_string()),
            ),
            None => event(kind, envelope, EventPayload::Raw(raw()), None),
        }
    }

    /// Writes the `data` object as the platform writes it, in the given casing (envelope
    /// fields first), as compact JSON.
    pub fn write_data(&self, casing: Casing, out: &mut Vec<u8>) {
        let start = out.len();
        let _ = serde_json::to_writer(&mut *out, &self.envelope);
        // Splice the payload's fields into the envelope's object: `{env…}` + `{pay…}`.
        let brace = out.len() - 1;
        out.truncate(brace);
        self.payload.write_pascal(out);
        if out.len() > brace && out[brace] == b'{' {
            if out.len() == brace + 2 {
                // An empty payload (`{}`).
                out.truncate(brace);
                out.push(b'}');
            } else {
                out[brace] = b',';
            }
        } else {
            // A raw payload that is not an object: the envelope alone.
            out.truncate(brace);
            out.push(b'}');
        }
        if casing == Casing::Camel {
            camel_keys_in_place(out, start);
        }
    }

    /// The `data` object as the platform writes it, in the given casing.
    pub fn data_json(&self, casing: Casing) -> Value {
        let mut out = Vec::with_capacity(1024);
        self.write_data(casing, &mut out);
        serde_json::from_slice(&out).unwrap_or(Value::Null)
    }

    /// The whole `MessageReceived` argument: `{subscription, data}`.
    pub fn message_json(&self, casing: Casing) -> Value {
        serde_json::json!({
            "subscription": serde_json::to_value(&*self.subscription).unwrap_or(Value::Null),
            "data": self.data_json(casing),
        })
    }

    /// The entity the event is about (user, queue or call list id).
    pub fn entity_id(&self) -> &str {
        if !self.envelope.entity_id.is_empty() {
            &self.envelope.entity_id
        } else {
            &self.subscription.entity_id
        }
    }
}

/// `text` as bytes: a slice of `record` when it lies inside it, else a copy.
fn share(record: Option<&Bytes>, text: &[u8]) -> Bytes {
    match record {
        Some(r) if within(r, text) => r.slice_ref(text),
        _ => Bytes::copy_from_slice(text),
    }
}

/// True when `part` lies inside `whole`'s bytes.
fn within(whole: &Bytes, part: &[u8]) -> bool {
    let (w, p) = (whole.as_ptr() as usize, part.as_ptr() as usize);
    p >= w && p + part.len() <= w + whole.len()
}

// ---- the usual argument in one pass ---------------------------------------------------

/// `{"subscription": {…}, "data": {…}}` read with one pass over `data`: the argument's
/// top level is walked by hand (it is already known to be valid JSON), the subscription is
/// read by serde_json (once per subscription, see [`subcache`](super::subcache)), `data` by
/// the [`direct`](super::direct) reader, and the readers' end offsets give `data`'s text
/// without a separate pass to capture it. Any other shape (`data` before the
/// subscription, a key with escapes, a payload that does not decode) answers `None` and
/// takes the general path.
mod fast {
    use super::*;

    /// The subscription, read leniently.
    struct Sub(Subscription);

    impl<'de> Deserialize<'de> for Sub {
        fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
            Subscription::deserialize(Lenient::new(d)).map(Sub)
        }
    }

    /// `data` read as the event it names, with whether its keys were all camelCase.
    struct Data(Envelope, EventPayload, bool);

    /// The event, the range of its `data` text and the index after the argument, for the
    /// argument object that starts at `at` in `text`, when it has the usual shape.
    pub(super) fn read(text: &str, at: usize) -> Option<(RteEvent, std::ops::Range<usize>, usize)> {
        use crate::json_walk::{after, next, open, value, Next};
        let mut at = open(text, at)?;
        let mut first = true;
        let mut subscription: Option<Arc<Subscription>> = None;
        let mut data: Option<(Data, std::ops::Range<usize>, EventKind)> = None;
        let end = loop {
            let (key, v) = match next(text, at, first)? {
                Next::Member(key, v) => (key, v),
                Next::End(end) => break end,
            };
            first = false;
            let member = match key {
                "subscription" | "Subscription" => "subscription",
                "data" | "Data" => "data",
                _ => match &*crate::model::keycache::fold(key).text {
                    "subscription" => "subscription",
                    "data" => "data",
                    _ => "",
                },
            };
            let end = match member {
                "subscription" => {
                    let parse = || value::<Sub>(text, v).map(|(Sub(s), end)| (s, end));
                    let (s, end) = crate::model::subcache::read(text, v, parse)?;
                    subscription = Some(s);
                    end
                }
                "data" => {
                    let hint = EventKind::parse(&subscription.as_ref()?.event_type);
                    if matches!(hint, EventKind::Other(_)) {
                        return None;
                    }
                    let check = CamelCheck::default();
                    let (envelope, payload, end) =
                        EventPayload::read_direct(&hint, text, v, &check)?.ok()?;
                    data = Some((Data(envelope, payload, check.all_camel()), v..end, hint));
                    end
                }
                _ => value::<IgnoredAny>(text, v)?.1,
            };
            match after(text, end)? {
                Ok(i) => at = i,
                Err(end) => break end,
            }
        };
        let (Data(envelope, payload, camel), span, hint) = data?;
        let subscription = subscription?;
        // Usually spelled as the subscription's: then no second parse.
        let kind = if envelope.event_type.is_empty() || envelope.event_type == hint.name() {
            hint.clone()
        } else {
            EventKind::parse(&envelope.event_type)
        };
        if kind != hint {
            return None;
        }
        let event = RteEvent {
            kind,
            subscription,
            envelope,
            payload,
            decode_error: None,
            // Carries the casing; the caller fills in the bytes.
            wire: Some(WireData {
                json: Bytes::new(),
                camel,
            }),
        };
        Some((event, span, end))
    }
}

// ---- one pass over `data`: envelope and payload together ------------------------------

/// Reads an event's `data` object once: the envelope's fields into the [`Envelope`], the
/// others into the payload `P` (no payload shares a field name with the envelope, which
/// a test checks).
fn read_data<'de, P: Deserialize<'de>, D: Deserializer<'de>>(
    data: D,
    check: &CamelCheck,
) -> Result<(Envelope, P), D::Error> {
    data.deserialize_map(DataVisitor {
        check,
        payload: std::marker::PhantomData,
    })
}

/// The envelope's fields as serde names them (slots 0..9 of the data's field table).
pub(super) const ENVELOPE_FIELDS: &[&str] = &[
    "root_entity_type",
    "root_entity_id",
    "event_type",
    "entity_type",
    "entity_id",
    "id",
    "timestamp",
    "message_ttl_seconds",
    "organization_id",
];
pub(super) const ENVELOPE_SLOTS: u32 = ENVELOPE_FIELDS.len() as u32;

struct DataVisitor<'c, P> {
    check: &'c CamelCheck,
    payload: std::marker::PhantomData<P>,
}

impl<'de, P: Deserialize<'de>> Visitor<'de> for DataVisitor<'_, P> {
    type Value = (Envelope, P);

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an event's data object")
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
        let mut envelope = Envelope::default();
        let payload = P::deserialize(Split {
            map,
            envelope: &mut envelope,
            check: self.check,
        })?;
        Ok((envelope, payload))
    }
}

/// The data object as the payload's `Deserialize` sees it: a map whose envelope fields
/// are taken out on the way. A derived payload names its fields (serde's `FIELDS`): then
/// keys are matched to them through a [`fields::FieldTable`] by their exact spelling and
/// handed on as field indexes (no folding, no string matching in the derived code;
/// payloads declare no aliases, which a test checks).
struct Split<'a, 'c, A> {
    map: A,
    envelope: &'a mut Envelope,
    check: &'c CamelCheck,
}

impl<'a, 'c, A> Split<'a, 'c, A> {
    fn splitter(
        self,
        payload_fields: Option<&'static [&'static str]>,
    ) -> EnvelopeSplitter<'a, 'c, A> {
        let table = match payload_fields {
            Some(f) => fields::table(&[ENVELOPE_FIELDS, f]),
            None => fields::table(&[ENVELOPE_FIELDS]),
        };
        EnvelopeSplitter {
            map: self.map,
            envelope: self.envelope,
            check: self.check,
            table,
            at: fields::Cursor::default(),
            indexed: payload_fields.is_some(),
        }
    }
}

impl<'de, A: MapAccess<'de>> Deserializer<'de> for Split<'_, '_, A> {
    type Error = A::Error;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, A::Error> {
        visitor.visit_map(self.splitter(None))
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, A::Error> {
        visitor.visit_map(self.splitter(Some(fields)))
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string
        bytes byte_buf option unit unit_struct newtype_struct seq tuple
        tuple_struct map enum identifier ignored_any
    }
}

/// A key of the data object: a slot of the field table, or (naming no field the reader
/// knows by index) its text folded to snake_case.
enum Key {
    Slot(u32),
    Other(String),
}

/// Reads a key and finds what it names (notes its casing).
struct KeySeed<'t, 'c> {
    table: Option<&'t mut fields::FieldTable>,
    at: &'t mut fields::Cursor,
    check: &'c CamelCheck,
    indexed: bool,
}

impl<'de> DeserializeSeed<'de> for KeySeed<'_, '_> {
    type Value = Key;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Key, D::Error> {
        d.deserialize_str(self)
    }
}

impl<'de> Visitor<'de> for KeySeed<'_, '_> {
    type Value = Key;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an object key")
    }

    fn visit_str<E: de::Error>(self, key: &str) -> Result<Key, E> {
        let slot = match self.table {
            Some(table) => {
                let hit = table.find(self.at, key);
                self.check.note(hit.camel);
                hit.slot
            }
            None => {
                let folded = super::keycache::fold(key);
                self.check.note(folded.camel);
                ENVELOPE_FIELDS
                    .iter()
                    .position(|f| **f == *folded.text)
                    .map_or(fields::UNKNOWN, |p| p as u32)
            }
        };
        if slot < ENVELOPE_SLOTS || (self.indexed && slot != fields::UNKNOWN) {
            Ok(Key::Slot(slot))
        } else {
            Ok(Key::Other(
                super::casing::KeyBuf::new().fold(key).to_owned(),
            ))
        }
    }
}

/// The data object as the payload sees it: envelope fields are taken out on the way.
struct EnvelopeSplitter<'a, 'c, A> {
    map: A,
    envelope: &'a mut Envelope,
    check: &'c CamelCheck,
    table: Option<std::rc::Rc<std::cell::RefCell<fields::FieldTable>>>,
    at: fields::Cursor,
    /// Payload keys are handed on as field indexes (the payload named its fields).
    indexed: bool,
}

impl<'de, A: MapAccess<'de>> MapAccess<'de> for EnvelopeSplitter<'_, '_, A> {
    type Error = A::Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, A::Error> {
        loop {
            let mut table = self.table.as_ref().and_then(|t| t.try_borrow_mut().ok());
            let key = self.map.next_key_seed(KeySeed {
                table: table.as_deref_mut(),
                at: &mut self.at,
                check: self.check,
                indexed: self.indexed,
            })?;
            drop(table);
            let slot = match key {
                None => return Ok(None),
                Some(Key::Other(text)) => {
                    return seed
                        .deserialize(de::value::StrDeserializer::new(&text))
                        .map(Some)
                }
                Some(Key::Slot(slot)) => slot,
            };
            let e = &mut *self.envelope;
            let check = self.check;
            let text = || lenient::seed(std::marker::PhantomData::<Name>, check);
            match slot {
                0 => e.root_entity_type = self.map.next_value_seed(text())?,
                1 => e.root_entity_id = self.map.next_value_seed(text())?,
                2 => e.event_type = self.map.next_value_seed(text())?,
                3 => e.entity_type = self.map.next_value_seed(text())?,
                4 => e.entity_id = self.map.next_value_seed(text())?,
                5 => {
                    e.id = self
                        .map
                        .next_value_seed(lenient::seed(std::marker::PhantomData, check))?
                }
                6 => {
                    e.timestamp = self
                        .map
                        .next_value_seed(lenient::seed(std::marker::PhantomData, check))?
                }
                7 => {
                    e.message_ttl_seconds = self
                        .map
                        .next_value_seed(lenient::seed(std::marker::PhantomData, check))?
                }
                8 => e.organization_id = self.map.next_value_seed(text())?,
                payload => {
                    let index = u64::from(payload - ENVELOPE_SLOTS);
                    return seed
                        .deserialize(de::value::U64Deserializer::new(index))
                        .map(Some);
                }
            }
        }
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, A::Error> {
        self.map.next_value_seed(lenient::seed(seed, self.check))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::casing::keys_to_camel;
    use serde_json::{json, Map};

    fn seed_examples() -> Map<String, Value> {
        serde_json::from_str(include_str!("../../tests/fixtures/seed004_examples.json")).unwrap()
    }

    #[test]
    fn every_seed_example_decodes_typed_in_both_casings() {
        for (key, example) in seed_examples() {
            let Some(name) = key.strip_prefix("event:") else {
                continue;
            };
            for data in [example.clone(), keys_to_camel(example.clone())] {
                let ev = RteEvent::from_data(data);
                assert!(ev.decode_error.is_none(), "{name}: {:?}", ev.decode_error);
                assert!(
                    !matches!(ev.payload, EventPayload::Raw(_)),
                    "{name} decoded as raw"
                );
                assert_eq!(ev.kind.name(), example["EventType"].as_str().unwrap());
            }
        }
    }

    #[test]
    fn writing_back_gives_the_seed_field_set() {
        for (key, example) in seed_examples() {
            let Some(name) = key.strip_prefix("event:") else {
                continue;
            };
            let ev = RteEvent::from_data(example.clone());
            let back = ev.data_json(Casing::Pascal);
            let mut want: Vec<&String> = example.as_object().unwrap().keys().collect();
            let mut got: Vec<&String> = back.as_object().unwrap().keys().collect();
            want.sort();
            got.sort();
            assert_eq!(got, want, "{name}");
        }
    }

    #[test]
    fn seed_message_received_example_decodes() {
        let ex = seed_examples()["messagereceived:UserStatus"].clone();
        let ev = RteEvent::from_message(ex);
        assert_eq!(ev.kind, EventKind::UserStatus);
        assert_eq!(
            ev.subscription.entity_id,
            "aa9730c4-ce86-e611-80c9-00505689257e"
        );
        match ev.payload {
            EventPayload::UserStatus(s) => {
                assert!(s.can_be_allocated_to);
                assert!(s.fetch_mode);
                assert_eq!(s.active_queues, 2);
            }
            other => panic!("{other:?}"),
        }
        assert_eq!(ev.envelope.message_ttl_seconds, 60);
    }

    #[test]
    fn unknown_event_is_kept_raw() {
        let ev = RteEvent::from_data(serde_json::json!({"EventType": "BrandNew", "X": 1}));
        assert_eq!(ev.kind, EventKind::Other("BrandNew".into()));
        assert!(matches!(ev.payload, EventPayload::Raw(_)));
        assert!(ev.decode_error.is_none());
    }

    #[test]
    fn garbage_payload_never_panics() {
        let ev = RteEvent::from_message(serde_json::json!([1, 2, 3]));
        assert!(matches!(ev.payload, EventPayload::Raw(_)));
        let ev = RteEvent::from_data(
            serde_json::json!({"EventType": "QueueStatus", "NbrOfRequesters": {"deep": 1}}),
        );
        assert_eq!(ev.kind, EventKind::QueueStatus);
    }

    #[test]
    fn names_parse_case_insensitively() {
        assert_eq!(EventKind::parse("queuestatus"), EventKind::QueueStatus);
        assert_eq!(EventKind::CallbackChanged.entity_type(), "CallList");
    }

    /// The MessageReceived text the hub would send for a seed example's data.
    fn message_text(data: &Value) -> String {
        let sub = Subscription {
            event_type: data
                .get("EventType")
                .or_else(|| data.get("eventType"))
                .and_then(Value::as_str)
                .unwrap_or_default()
                .to_owned(),
            ..Subscription::default()
        };
        // Subscription first, as the hub writes it.
        format!(
            r#"{{"subscription":{},"data":{data}}}"#,
            serde_json::to_string(&sub).unwrap()
        )
    }

    #[test]
    fn text_and_value_decoding_agree_on_every_seed_example_in_both_casings() {
        for (key, example) in seed_examples() {
            if !key.starts_with("event:") {
                continue;
            }
            for data in [example.clone(), keys_to_camel(example.clone())] {
                let text = message_text(&data);
                let from_text = RteEvent::from_message_text(&text);
                let mut from_value = RteEvent::from_message(serde_json::from_str(&text).unwrap());
                assert!(
                    from_text.decode_error.is_none(),
                    "{key}: {:?}",
                    from_text.decode_error
                );
                let wire = from_text.wire.clone().expect("text keeps the wire data");
                assert_eq!(
                    serde_json::from_slice::<Value>(&wire.json).unwrap(),
                    data,
                    "{key}"
                );
                assert_eq!(wire.camel, data == keys_to_camel(data.clone()), "{key}");
                from_value.wire = from_text.wire.clone();
                assert_eq!(from_text, from_value, "{key}");
            }
        }
    }

    #[test]
    fn every_argument_shape_decodes_the_same() {
        for (key, example) in seed_examples() {
            if !key.starts_with("event:") {
                continue;
            }
            let data = keys_to_camel(example);
            let name = data["eventType"].as_str().unwrap();
            let sub = serde_json::to_string(&Subscription {
                event_type: name.to_owned(),
                entity_id: "e".into(),
                ..Subscription::default()
            })
            .unwrap();
            let data_text = data.to_string();
            let shapes = [
                // The usual one (read in one pass over data).
                format!(r#"{{"subscription":{sub},"data":{data_text}}}"#),
                // Spaces, an extra member, PascalCase member names.
                format!(
                    " {{ \"Subscription\" : {sub} ,\n \"x\": [1, {{}}], \"Data\" :{data_text} }} "
                ),
                // Data first, and a key with an escape: the general path.
                format!(r#"{{"data":{data_text},"subscription":{sub}}}"#),
                format!(r#"{{"subscripti\u006fn":{sub},"data":{data_text}}}"#),
            ];
            let want = RteEvent::from_message_text(&shapes[0]);
            assert!(matches!(&want.wire, Some(w) if w.camel), "{key}");
            for shape in &shapes {
                let got = RteEvent::from_message_text(shape);
                assert_eq!(got, want, "{key}: {shape}");
            }
        }
    }

    /// A data object's text for the direct-reader comparison: the seed example of a
    /// kind, each key in one of three casings, values replaced by odd ones, unknown keys
    /// added, whitespace between tokens.
    fn odd_data_text(kind: &str, choices: &[(u8, u8, u8)]) -> String {
        const VALUES: &[&str] = &[
            "\"plain\"",
            "\"esc\\\"aped \\u00e4 \\n \\\\ \\ud83d\\ude00\"",
            "\"raw ä \u{9b} \u{202e}\"",
            "\"12\"",
            "\"true\"",
            "\"2023-10-19T14:21:19.7009158Z\"",
            "\"9999-12-31T23:59:59\"",
            "0",
            "-0",
            "7",
            "-42",
            "123456789012345678",
            "12345678901234567890",
            "123456789012345678901234",
            "-9223372036854775809",
            "1.5",
            "-2.5e-3",
            "1E3",
            "true",
            "false",
            "null",
            "[]",
            "[1, \"a\", [null], {\"K\": 1}]",
            "{}",
            "{\"InnerKey\": {\"deep_key\": [1.0]}, \"x\": \"y\"}",
            // Not JSON: both paths must refuse the same way.
            "007",
            "\"ctl \u{1} char\"",
            "tru",
        ];
        let example = seed_examples()[&format!("event:{kind}")].clone();
        let mut members = Vec::new();
        for (i, (key, value)) in example.as_object().unwrap().iter().enumerate() {
            let (casing, pick, space) = choices[i % choices.len()];
            let key = match casing % 4 {
                0 => crate::model::casing::snake_to_camel(
                    crate::model::casing::KeyBuf::new().fold(key),
                ),
                1 => key.clone(),
                2 => crate::model::casing::KeyBuf::new().fold(key).to_owned(),
                _ => format!("unknown{key}"),
            };
            // Most values stay as they are, so that events still decode.
            let value = match pick as usize {
                p if p < VALUES.len() && key != "EventType" && key != "eventType" => {
                    VALUES[p].to_owned()
                }
                _ => value.to_string(),
            };
            let ws = [" ", "", "\n\t", ""][space as usize % 4];
            members.push(format!("{ws}\"{key}\"{ws}:{ws}{value}{ws}"));
        }
        format!("{{{}}}", members.join(","))
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(400))]

        /// The direct reader answers exactly what the general path answers, or leaves the
        /// event to it.
        #[test]
        fn the_direct_reader_agrees_with_the_general_path(
            kind in proptest::sample::select(vec!["QueueStatus", "UserStatus", "CallbackChanged", "UserRealTimeTranscriptPhrase", "UserWrapUpStarted"]),
            choices in proptest::collection::vec((0u8..4, 0u8..60, 0u8..4), 1..40),
        ) {
            let data = odd_data_text(kind, &choices);
            let arg = format!(r#"{{"subscription":{{"id":"s","eventType":"{kind}"}},"data":{data}}}"#);
            let general = RteEvent::from_text_slow(&arg, None);
            let direct = RteEvent::from_message_text(&arg);
            proptest::prop_assert_eq!(direct, general, "{}", arg);
        }
    }

    #[test]
    fn the_direct_reader_takes_the_usual_and_the_merely_odd_shapes() {
        // Casings, escapes, near types and unknown keys are read directly (not left to
        // the general path): the comparison above is not vacuous.
        for kind in ["QueueStatus", "UserStatus", "CallbackChanged"] {
            for choices in [
                vec![(0u8, 99u8, 1u8)],
                vec![(1, 99, 0), (2, 0, 2), (3, 1, 0)],
                vec![
                    (0, 3, 0),
                    (0, 8, 0),
                    (0, 12, 0),
                    (2, 15, 0),
                    (0, 20, 1),
                    (0, 17, 0),
                    (1, 1, 2),
                ],
            ] {
                let data = odd_data_text(kind, &choices);
                let arg = format!(
                    r#"{{"subscription":{{"id":"s","eventType":"{kind}"}},"data":{data}}}"#
                );
                assert!(fast::read(&arg, 0).is_some(), "{arg}");
            }
        }
    }

    #[test]
    fn a_hub_record_is_read_in_one_pass_from_its_arguments_and_checked_to_the_end() {
        let arg = message_text(&keys_to_camel(seed_examples()["event:QueueStatus"].clone()));
        let want = RteEvent::from_message_text(&arg);
        let record = |text: String| {
            let at = text.find('[').unwrap();
            (SharedText::from(text), at)
        };
        for good in [
            format!(r#"{{"type":1,"target":"MessageReceived","arguments":[{arg}]}}"#),
            format!(
                r#"{{"type":1,"target":"MessageReceived","arguments":[ {arg} ],"headers":{{"a":"b"}} }} "#
            ),
        ] {
            let (bytes, at) = record(good);
            let got = RteEvent::from_invocation(&bytes, at)
                .unwrap_or_else(|| panic!("the usual shape: {}", bytes.as_str()));
            assert_eq!(got, want);
            assert!(
                within(bytes.bytes(), &got.wire.unwrap().json),
                "shared, not copied"
            );
        }
        for other in [
            // Another argument, a damaged tail, trailing text: the full parse decides.
            format!(r#"{{"type":1,"target":"MessageReceived","arguments":[{arg},1]}}"#),
            format!(r#"{{"type":1,"target":"MessageReceived","arguments":[{arg}],}}"#),
            format!(r#"{{"type":1,"target":"MessageReceived","arguments":[{arg}]}} x"#),
            format!(r#"{{"type":1,"target":"MessageReceived","arguments":[{arg}],"h":}}"#),
            format!(r#"{{"type":1,"target":"MessageReceived","arguments":[{arg}"#),
        ] {
            let (bytes, at) = record(other.clone());
            assert!(RteEvent::from_invocation(&bytes, at).is_none(), "{other}");
        }
    }

    #[test]
    fn the_data_names_the_event_when_the_subscription_does_not_or_disagrees() {
        let data = seed_examples()["event:QueueStatus"].clone();
        for sub_type in ["", "UserStatus", "NoSuchEvent"] {
            let text = serde_json::json!({
                "subscription": {"eventType": sub_type},
                "data": data,
            })
            .to_string();
            let ev = RteEvent::from_message_text(&text);
            assert_eq!(
                ev.kind,
                EventKind::QueueStatus,
                "subscription says {sub_type:?}"
            );
            assert!(matches!(ev.payload, EventPayload::QueueStatus(_)));
            assert_eq!(ev.envelope.message_ttl_seconds, 60);
        }
        // Data that names no event: the subscription's name is used.
        let text = r#"{"subscription":{"eventType":"QueueStatus"},"data":{"queueName":"Q"}}"#;
        let ev = RteEvent::from_message_text(text);
        match ev.payload {
            EventPayload::QueueStatus(q) => assert_eq!(q.queue_name, "Q"),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn a_payload_that_does_not_decode_is_kept_raw_with_its_envelope() {
        let text = r#"{"subscription":{"eventType":"QueueStatus"},
            "data":{"EventType":"QueueStatus","EntityId":"q1","QueueName":"Q","NbrOfProviders":[1,{"a":2}],"Weird":{"Deep":true}}}"#;
        let ev = RteEvent::from_message_text(text);
        // Near types still decode: an array where a count goes reads as 0.
        assert!(ev.decode_error.is_none(), "{:?}", ev.decode_error);
        assert_eq!(ev.entity_id(), "q1");
        let text = r#"{"subscription":{"eventType":"QueueStatus"},"data":[1,2]}"#;
        let ev = RteEvent::from_message_text(text);
        assert!(matches!(ev.payload, EventPayload::Raw(Value::Array(_))));
        assert!(ev.decode_error.is_some());
        assert_eq!(ev.kind, EventKind::QueueStatus);
        let ev = RteEvent::from_message_text("not json");
        assert!(matches!(ev.payload, EventPayload::Raw(_)));
    }

    #[test]
    fn shared_wire_data_is_a_slice_of_the_record_not_a_copy() {
        let record = Bytes::from(message_text(&keys_to_camel(
            seed_examples()["event:UserStatus"].clone(),
        )));
        let text = std::str::from_utf8(&record).unwrap();
        let ev = RteEvent::from_shared(&record, text);
        let wire = ev.wire.unwrap();
        assert!(wire.camel);
        assert!(
            within(&record, &wire.json),
            "the data points into the record"
        );
        assert!(matches!(ev.payload, EventPayload::UserStatus(_)));
    }

    #[test]
    fn no_event_payload_shares_a_field_name_with_the_envelope() {
        // Reads the field list serde derives for each payload, through a deserializer that
        // only records it.
        struct Fields(std::cell::RefCell<Vec<&'static str>>);
        impl<'de> Deserializer<'de> for &Fields {
            type Error = de::value::Error;
            fn deserialize_any<V: Visitor<'de>>(self, _: V) -> Result<V::Value, Self::Error> {
                Err(de::Error::custom("fields only"))
            }
            fn deserialize_struct<V: Visitor<'de>>(
                self,
                _: &'static str,
                fields: &'static [&'static str],
                _: V,
            ) -> Result<V::Value, Self::Error> {
                self.0.borrow_mut().extend(fields);
                Err(de::Error::custom("fields only"))
            }
            serde::forward_to_deserialize_any! {
                bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string
                bytes byte_buf option unit unit_struct newtype_struct seq tuple
                tuple_struct map enum identifier ignored_any
            }
        }
        let envelope = Fields(Default::default());
        let _ = Envelope::deserialize(&envelope);
        let envelope = envelope.0.into_inner();
        assert_eq!(envelope.len(), 9);
        macro_rules! check {
            ($($t:ident),*) => {$(
                let fields = Fields(Default::default());
                let _ = $t::deserialize(&fields);
                let fields = fields.0.into_inner();
                assert!(!fields.is_empty(), stringify!($t));
                for f in fields {
                    assert!(!envelope.contains(&f), "{} has the envelope's {f}", stringify!($t));
                }
            )*};
        }
        check!(
            UserAlert,
            UserAvailability,
            UserCallAvailableForMonitoring,
            UserCallInArrived,
            UserCallInCallbackCreated,
            UserCallInComing,
            UserCallInDisconnected,
            UserCallInHoldEnd,
            UserCallInHoldStart,
            UserCallInOverflow,
            UserCallInRecordingConverted,
            UserCallInTransferCancelled,
            UserCallInTransferConnected,
            UserCallInTransferStarted,
            UserCallInUserAllocated,
            UserCallInUserCancelled,
            UserCallInUserConnected,
            UserCallInUserOverflow,
            UserCallOutConnected,
            UserCallOutDisconnected,
            UserCallOutGoing,
            UserCallOutHoldEnd,
            UserCallOutHoldStart,
            UserCallOutRecordingConverted,
            UserRealTimeTranscriptPhrase,
            UserSetting,
            UserStatus,
            UserSupervisionStatus,
            UserTerminalStatus,
            UserWrapUpEnabled,
            UserWrapUpRequestInitiate,
            UserWrapUpRequestTerminate,
            UserWrapUpStarted,
            UserWrapUpTerminated,
            QueueStatus,
            CallbackChanged
        );
        assert_eq!(EventKind::ALL.len(), 36, "every kind is checked above");
    }

    /// Payload keys reach the derived code as field indexes (see [`Split`]): each field of
    /// each payload, named in either casing, must set that field and no other (a payload
    /// with an alias would shift the indexes).
    #[test]
    fn every_payload_field_is_reached_in_both_casings() {
        for kind in EventKind::ALL {
            let name = kind.name();
            let base = RteEvent::from_data(serde_json::json!({ "EventType": name }));
            let default = Fields::of(&base.payload);
            assert!(!default.is_empty(), "{name}");
            for (pascal, value) in &default {
                let sample = match value {
                    Value::String(s) if s.starts_with("0001-") => json!("2023-10-19T14:21:19Z"),
                    Value::Null => json!("2023-10-19T14:21:19Z"),
                    Value::String(_) => json!("x"),
                    Value::Number(_) => json!(7),
                    Value::Bool(_) => json!(true),
                    _ => continue,
                };
                let camel = crate::model::casing::snake_to_camel(
                    crate::model::casing::KeyBuf::new().fold(pascal),
                );
                for key in [pascal.as_str(), camel.as_str()] {
                    for _ in 0..2 {
                        let mut data = serde_json::Map::new();
                        data.insert("eventType".into(), json!(name));
                        data.insert(key.into(), sample.clone());
                        let ev = RteEvent::from_message_text(
                            &json!({"subscription": {"eventType": name}, "data": data}).to_string(),
                        );
                        assert!(ev.decode_error.is_none(), "{name}.{key}");
                        let got = Fields::of(&ev.payload);
                        let changed: Vec<&String> = got
                            .iter()
                            .filter(|(k, v)| default.get(*k) != Some(*v))
                            .map(|(k, _)| k)
                            .collect();
                        assert_eq!(changed, vec![pascal], "{name}.{key}");
                    }
                }
            }
        }
    }

    #[test]
    fn written_data_agrees_with_the_tree_it_replaced() {
        for (key, example) in seed_examples() {
            if !key.starts_with("event:") {
                continue;
            }
            let ev = RteEvent::from_data(example.clone());
            let pascal = ev.data_json(Casing::Pascal);
            let mut tree = serde_json::to_value(&ev.envelope).unwrap();
            let payload = Fields::of(&ev.payload);
            tree.as_object_mut().unwrap().extend(payload);
            assert_eq!(pascal, tree, "{key}");
            assert_eq!(ev.data_json(Casing::Camel), keys_to_camel(tree), "{key}");
        }
    }

    /// The payload as a PascalCase map (the old way of writing it).
    struct Fields;
    impl Fields {
        fn of(p: &EventPayload) -> Map<String, Value> {
            let mut out = Vec::new();
            p.write_pascal(&mut out);
            match serde_json::from_slice(&out).unwrap() {
                Value::Object(o) => o,
                _ => Map::new(),
            }
        }
    }
}
