//! RTE events: the `MessageReceived({subscription, data})` argument decoded into a typed
//! payload, in either casing. Unknown events are kept as raw JSON, never an error.

use super::casing::{keys_to_camel, keys_to_snake};
use super::lenient;
use super::payloads::*;
use super::time::Stamp;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// Declares the event list once: the enum of kinds, the payload enum, and the name table.
macro_rules! rte_events {
    ($($variant:ident => $name:literal, $entity:literal;)*) => {
        /// Every event name of the platform's RTE document.
        #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum EventKind {
            $($variant,)*
            /// An event name this build does not know.
            Other(String),
        }

        impl EventKind {
            /// All known kinds, in document order.
            pub const ALL: &'static [EventKind] = &[$(EventKind::$variant,)*];

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

        /// A decoded event payload. Variants differ in size; whole events travel boxed
        /// across channels (`SessionUpdate::Event(Box<RteEvent>)`), so this stays flat.
        #[derive(Debug, Clone, PartialEq)]
        #[allow(clippy::large_enum_variant)]
        pub enum EventPayload {
            $($variant($variant),)*
            /// An unknown event, or a known one whose payload did not decode: the raw `data`.
            Raw(Value),
        }

        impl EventPayload {
            fn decode(kind: &EventKind, folded: &Value) -> Result<EventPayload, serde_json::Error> {
                Ok(match kind {
                    $(EventKind::$variant => EventPayload::$variant($variant::deserialize(folded)?),)*
                    EventKind::Other(_) => EventPayload::Raw(folded.clone()),
                })
            }

            fn to_pascal_json(&self) -> Value {
                match self {
                    $(EventPayload::$variant(p) => serde_json::to_value(p).unwrap_or(Value::Null),)*
                    EventPayload::Raw(v) => v.clone(),
                }
            }
        }
    };
}

rte_events! {
    UserAlert => "UserAlert", "User";
    UserAvailability => "UserAvailability", "User";
    UserCallAvailableForMonitoring => "UserCallAvailableForMonitoring", "User";
    UserCallInArrived => "UserCallInArrived", "User";
    UserCallInCallbackCreated => "UserCallInCallbackCreated", "User";
    UserCallInComing => "UserCallInComing", "User";
    UserCallInDisconnected => "UserCallInDisconnected", "User";
    UserCallInHoldEnd => "UserCallInHoldEnd", "User";
    UserCallInHoldStart => "UserCallInHoldStart", "User";
    UserCallInOverflow => "UserCallInOverflow", "User";
    UserCallInRecordingConverted => "UserCallInRecordingConverted", "User";
    UserCallInTransferCancelled => "UserCallInTransferCancelled", "User";
    UserCallInTransferConnected => "UserCallInTransferConnected", "User";
    UserCallInTransferStarted => "UserCallInTransferStarted", "User";
    UserCallInUserAllocated => "UserCallInUserAllocated", "User";
    UserCallInUserCancelled => "UserCallInUserCancelled", "User";
    UserCallInUserConnected => "UserCallInUserConnected", "User";
    UserCallInUserOverflow => "UserCallInUserOverflow", "User";
    UserCallOutConnected => "UserCallOutConnected", "User";
    UserCallOutDisconnected => "UserCallOutDisconnected", "User";
    UserCallOutGoing => "UserCallOutGoing", "User";
    UserCallOutHoldEnd => "UserCallOutHoldEnd", "User";
    UserCallOutHoldStart => "UserCallOutHoldStart", "User";
    UserCallOutRecordingConverted => "UserCallOutRecordingConverted", "User";
    UserRealTimeTranscriptPhrase => "UserRealTimeTranscriptPhrase", "User";
    UserSetting => "UserSetting", "User";
    UserStatus => "UserStatus", "User";
    UserSupervisionStatus => "UserSupervisionStatus", "User";
    UserTerminalStatus => "UserTerminalStatus", "User";
    UserWrapUpEnabled => "UserWrapUpEnabled", "User";
    UserWrapUpRequestInitiate => "UserWrapUpRequestInitiate", "User";
    UserWrapUpRequestTerminate => "UserWrapUpRequestTerminate", "User";
    UserWrapUpStarted => "UserWrapUpStarted", "User";
    UserWrapUpTerminated => "UserWrapUpTerminated", "User";
    QueueStatus => "QueueStatus", "Queue";
    CallbackChanged => "CallbackChanged", "CallList";
}

impl std::fmt::Display for EventKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

/// The fields every event carries.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct Envelope {
    #[serde(
        rename(serialize = "RootEntityType"),
        deserialize_with = "lenient::string"
    )]
    pub root_entity_type: String,
    #[serde(
        rename(serialize = "RootEntityId"),
        deserialize_with = "lenient::string"
    )]
    pub root_entity_id: String,
    #[serde(rename(serialize = "EventType"), deserialize_with = "lenient::string")]
    pub event_type: String,
    #[serde(rename(serialize = "EntityType"), deserialize_with = "lenient::string")]
    pub entity_type: String,
    #[serde(rename(serialize = "EntityId"), deserialize_with = "lenient::string")]
    pub entity_id: String,
    #[serde(rename(serialize = "Id"), deserialize_with = "lenient::string")]
    pub id: String,
    #[serde(rename(serialize = "Timestamp"))]
    pub timestamp: Stamp,
    #[serde(
        rename(serialize = "MessageTTLSeconds"),
        deserialize_with = "lenient::int"
    )]
    pub message_ttl_seconds: i64,
    #[serde(
        rename(serialize = "OrganizationId"),
        deserialize_with = "lenient::string"
    )]
    pub organization_id: String,
}

/// The `subscription` half of `MessageReceived`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct Subscription {
    #[serde(rename(serialize = "id"), deserialize_with = "lenient::string")]
    pub id: String,
    #[serde(
        rename(serialize = "allRootEntities"),
        deserialize_with = "lenient::boolean"
    )]
    pub all_root_entities: bool,
    #[serde(
        rename(serialize = "rootEntityId"),
        deserialize_with = "lenient::string"
    )]
    pub root_entity_id: String,
    #[serde(
        rename(serialize = "rootEntityType"),
        deserialize_with = "lenient::string"
    )]
    pub root_entity_type: String,
    #[serde(
        rename(serialize = "organizationId"),
        deserialize_with = "lenient::string"
    )]
    pub organization_id: String,
    #[serde(rename(serialize = "eventType"), deserialize_with = "lenient::string")]
    pub event_type: String,
    #[serde(rename(serialize = "entityType"), deserialize_with = "lenient::string")]
    pub entity_type: String,
    #[serde(rename(serialize = "entityId"), deserialize_with = "lenient::string")]
    pub entity_id: String,
    #[serde(
        rename(serialize = "allEntities"),
        deserialize_with = "lenient::boolean"
    )]
    pub all_entities: bool,
}

/// One decoded `MessageReceived`.
#[derive(Debug, Clone, PartialEq)]
pub struct RteEvent {
    pub kind: EventKind,
    pub subscription: Subscription,
    pub envelope: Envelope,
    pub payload: EventPayload,
    /// Set when a known event's payload did not decode (it is then kept as `Raw`).
    pub decode_error: Option<String>,
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

impl RteEvent {
    /// Builds an event from a typed payload; the envelope's `EventType`/`EntityType` are
    /// filled from the kind.
    pub fn new(kind: EventKind, mut envelope: Envelope, payload: EventPayload) -> Self {
        envelope.event_type = kind.name().to_owned();
        envelope.entity_type = kind.entity_type().to_owned();
        RteEvent {
            kind,
            subscription: Subscription::default(),
            envelope,
            payload,
            decode_error: None,
        }
    }

    /// Decodes the single argument of `MessageReceived` (`{subscription, data}`), in any
    /// casing. Never fails: what cannot be typed is kept as [`EventPayload::Raw`].
    pub fn from_message(arg: Value) -> RteEvent {
        let folded = keys_to_snake(arg);
        let (subscription_value, data) = match folded {
            Value::Object(mut obj) => (
                obj.remove("subscription").unwrap_or(Value::Null),
                obj.remove("data").unwrap_or(Value::Null),
            ),
            other => (Value::Null, other),
        };
        let subscription: Subscription =
            serde_json::from_value(subscription_value).unwrap_or_default();
        Self::from_folded_data(subscription, data)
    }

    /// Decodes an event's `data` object alone (any casing).
    pub fn from_data(data: Value) -> RteEvent {
        Self::from_folded_data(Subscription::default(), keys_to_snake(data))
    }

    fn from_folded_data(subscription: Subscription, data: Value) -> RteEvent {
        let envelope = Envelope::deserialize(&data).unwrap_or_default();
        let name = if !envelope.event_type.is_empty() {
            envelope.event_type.clone()
        } else {
            subscription.event_type.clone()
        };
        let kind = EventKind::parse(&name);
        let (payload, decode_error) = match EventPayload::decode(&kind, &data) {
            Ok(p) => (p, None),
            Err(e) => (EventPayload::Raw(data), Some(e.to_string())),
        };
        RteEvent {
            kind,
            subscription,
            envelope,
            payload,
            decode_error,
        }
    }

    /// The `data` object as the platform writes it, in the given casing.
    pub fn data_json(&self, casing: Casing) -> Value {
        let mut obj = match serde_json::to_value(&self.envelope) {
            Ok(Value::Object(o)) => o,
            _ => Map::new(),
        };
        if let Value::Object(p) = self.payload.to_pascal_json() {
            obj.extend(p);
        }
        let v = Value::Object(obj);
        match casing {
            Casing::Pascal => v,
            Casing::Camel => keys_to_camel(v),
        }
    }

    /// The whole `MessageReceived` argument: `{subscription, data}`.
    pub fn message_json(&self, casing: Casing) -> Value {
        serde_json::json!({
            "subscription": serde_json::to_value(&self.subscription).unwrap_or(Value::Null),
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

#[cfg(test)]
mod tests {
    use super::*;

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
}
