//! Hub methods: Subscribe, Unsubscribe, UnsubscribeAll, AvailableSubscriptions and
//! ActiveSubscriptions, with the platform's validation messages.

use crate::model::casing::from_platform;
use crate::model::events::{EventKind, Subscription};
use crate::model::lenient;
use crate::sim::scenario::Role;
use serde::Deserialize;
use serde_json::{json, Value};
use std::collections::BTreeMap;

/// One `{EntityId, EventName}` item, read in any casing.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct EntitySubscription {
    #[serde(deserialize_with = "lenient::string")]
    entity_id: String,
    #[serde(deserialize_with = "lenient::string")]
    event_name: String,
}

/// A live subscription with its wire `subscription` object pre-serialized.
#[derive(Debug, Clone)]
pub struct Active {
    pub subscription: Subscription,
    pub json: String,
}

/// The events the simulator's model emits: what `AvailableSubscriptions` offers (less
/// a scenario's `hidden_events`). Other names get "Invalid event name", as on a tenant
/// that does not offer them.
pub const EMITTED: &[EventKind] = &[
    EventKind::UserAlert,
    EventKind::UserAvailability,
    EventKind::UserCallAvailableForMonitoring,
    EventKind::UserCallInArrived,
    EventKind::UserCallInDisconnected,
    EventKind::UserCallInOverflow,
    EventKind::UserCallInUserAllocated,
    EventKind::UserCallInUserConnected,
    EventKind::UserCallInUserOverflow,
    EventKind::UserCallOutGoing,
    EventKind::UserRealTimeTranscriptPhrase,
    EventKind::UserStatus,
    EventKind::UserWrapUpEnabled,
    EventKind::UserWrapUpRequestTerminate,
    EventKind::UserWrapUpStarted,
    EventKind::UserWrapUpTerminated,
    EventKind::QueueStatus,
    EventKind::CallbackChanged,
    EventKind::QueueCallInArrived,
    EventKind::QueueCallInUserAllocated,
    EventKind::QueueCallInUserConnected,
    EventKind::QueueCallInUserCancelled,
    EventKind::QueueCallInOverflow,
    EventKind::QueueCallInDisconnected,
];

/// [`EMITTED`] without the names a scenario hides.
pub fn offered(hidden: &[String]) -> Vec<EventKind> {
    EMITTED
        .iter()
        .filter(|k| !hidden.iter().any(|h| h.eq_ignore_ascii_case(k.name())))
        .cloned()
        .collect()
}

/// The subscriptions of one connection and who owns it.
pub struct Session {
    pub user_id: String,
    pub org_id: String,
    pub role: Role,
    /// Keyed by (lower-case entity id, event kind).
    pub subscriptions: BTreeMap<(String, EventKind), Active>,
    /// The event names this hub offers.
    pub offered: Vec<EventKind>,
}

impl Session {
    /// Runs a hub method. `Err` is the Completion's error text.
    pub fn invoke(&mut self, target: &str, args: &[Value]) -> Result<Value, String> {
        match target.to_ascii_lowercase().as_str() {
            "subscribe" => self.subscribe(target, args),
            "unsubscribe" => self.unsubscribe(target, args),
            "unsubscribeall" => {
                self.subscriptions.clear();
                Ok(Value::Bool(true))
            }
            "availablesubscriptions" => Ok(Value::from(
                self.offered.iter().map(|k| k.name()).collect::<Vec<_>>(),
            )),
            "activesubscriptions" => Ok(Value::from(
                self.subscriptions
                    .values()
                    .map(|a| serde_json::to_value(&a.subscription).unwrap_or(Value::Null))
                    .collect::<Vec<_>>(),
            )),
            _ => Err(format!(
                "Failed to invoke '{target}' due to an error on the server. HubException: Method does not exist."
            )),
        }
    }

    fn items(target: &str, args: &[Value]) -> Result<Vec<EntitySubscription>, String> {
        let bad = || format!("Failed to invoke '{target}' due to an error on the server.");
        match args {
            [Value::Array(items)] => items
                .iter()
                .map(|i| match i {
                    Value::Object(_) => from_platform(i.clone()).map_err(|_| bad()),
                    _ => Err(bad()),
                })
                .collect(),
            _ => Err(bad()),
        }
    }

    /// Checks one item: GUID, event name, permission (in that order, like the platform).
    fn validate(&self, item: &EntitySubscription) -> Result<(String, EventKind), &'static str> {
        let Ok(guid) = uuid::Uuid::parse_str(item.entity_id.trim()) else {
            return Err("Invalid EntityId");
        };
        let kind = EventKind::parse(item.event_name.trim());
        if !self.offered.contains(&kind) {
            return Err("Invalid event name");
        }
        let entity = guid.hyphenated().to_string();
        if self.role == Role::Agent
            && kind.entity_type() == "User"
            && !entity.eq_ignore_ascii_case(&self.user_id)
        {
            return Err("Unauthorized");
        }
        Ok((entity, kind))
    }

    fn result(item: &EntitySubscription, subscribed: bool, message: Option<&str>) -> Value {
        json!({
            "subscribed": subscribed,
            "message": message,
            "entityId": item.entity_id,
            "eventName": item.event_name.to_ascii_lowercase(),
        })
    }

    fn subscribe(&mut self, target: &str, args: &[Value]) -> Result<Value, String> {
        let items = Self::items(target, args)?;
        let mut results = Vec::with_capacity(items.len());
        for item in &items {
            match self.validate(item) {
                Err(msg) => results.push(Self::result(item, false, Some(msg))),
                Ok((entity, kind)) => {
                    let key = (entity.clone(), kind.clone());
                    if !self.subscriptions.contains_key(&key) {
                        let subscription = Subscription {
                            id: uuid::Uuid::new_v4().to_string(),
                            all_root_entities: false,
                            root_entity_id: self.org_id.clone(),
                            root_entity_type: "Organization".into(),
                            organization_id: self.org_id.clone(),
                            event_type: kind.name().to_owned(),
                            entity_type: kind.entity_type().to_owned(),
                            entity_id: entity,
                            all_entities: false,
                        };
                        let json = serde_json::to_string(&subscription).unwrap_or_default();
                        self.subscriptions
                            .insert(key, Active { subscription, json });
                    }
                    results.push(Self::result(item, true, None));
                }
            }
        }
        Ok(Value::Array(results))
    }

    fn unsubscribe(&mut self, target: &str, args: &[Value]) -> Result<Value, String> {
        let items = Self::items(target, args)?;
        let mut results = Vec::with_capacity(items.len());
        for item in &items {
            match self.validate(item) {
                Err(msg) => results.push(Self::result(item, false, Some(msg))),
                Ok(key) => {
                    self.subscriptions.remove(&key);
                    results.push(Self::result(item, false, None));
                }
            }
        }
        Ok(Value::Array(results))
    }

    /// The `MessageReceived` record for an event, if this session subscribed to it.
    pub fn message_for(&self, kind: &EventKind, entity_id: &str, data: &str) -> Option<String> {
        let active = self
            .subscriptions
            .get(&(entity_id.to_owned(), kind.clone()))?;
        let mut s = String::with_capacity(data.len() + active.json.len() + 80);
        s.push_str(r#"{"type":1,"target":"MessageReceived","arguments":[{"subscription":"#);
        s.push_str(&active.json);
        s.push_str(r#","data":"#);
        s.push_str(data);
        s.push_str("}]}");
        s.push(crate::signalr::protocol::RS);
        Some(s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn session(role: Role) -> Session {
        Session {
            user_id: "aa9730c4-ce86-e611-80c9-00505689257e".into(),
            org_id: "29f6e823-b484-e611-80c9-00505689257e".into(),
            role,
            subscriptions: BTreeMap::new(),
            offered: offered(&[]),
        }
    }

    #[test]
    fn validation_messages_come_in_the_platform_order() {
        let mut s = session(Role::Agent);
        let r = s
            .invoke(
                "subscribe",
                &[json!([
                    {"EntityId": "not-a-guid", "EventName": "Nope"},
                    {"entityId": "c9eeb030-ff4b-ea11-ac9c-00155d4fdcf3", "eventName": "Nope"},
                    {"EntityId": "c9eeb030-ff4b-ea11-ac9c-00155d4fdcf3", "EventName": "UserStatus"},
                    {"EntityId": "c9eeb030-ff4b-ea11-ac9c-00155d4fdcf3", "EventName": "QueueStatus"},
                    {"EntityId": "AA9730C4-CE86-E611-80C9-00505689257E", "EventName": "userstatus"},
                ])],
            )
            .unwrap();
        let msgs: Vec<Value> = r
            .as_array()
            .unwrap()
            .iter()
            .map(|x| x["message"].clone())
            .collect();
        assert_eq!(
            msgs,
            vec![
                json!("Invalid EntityId"),
                json!("Invalid event name"),
                json!("Unauthorized"),
                Value::Null,
                Value::Null
            ]
        );
        assert_eq!(r[3]["eventName"], "queuestatus");
        assert_eq!(s.subscriptions.len(), 2);
        let msg = s
            .message_for(
                &EventKind::UserStatus,
                "aa9730c4-ce86-e611-80c9-00505689257e",
                "{}",
            )
            .unwrap();
        let parsed = crate::signalr::HubMessage::parse(msg.trim_end_matches('\u{1e}')).unwrap();
        assert!(
            matches!(parsed, crate::signalr::HubMessage::Invocation { ref target, .. } if target == "MessageReceived")
        );
    }

    #[test]
    fn bad_arguments_and_unknown_methods_are_errors() {
        let mut s = session(Role::Supervisor);
        assert!(s.invoke("Subscribe", &[json!("x")]).is_err());
        assert!(s.invoke("Subscribe", &[]).is_err());
        assert!(s.invoke("Subscribe", &[json!([1])]).is_err());
        assert!(s
            .invoke("Nope", &[])
            .unwrap_err()
            .contains("Method does not exist"));
        assert_eq!(s.invoke("UNSUBSCRIBEALL", &[]).unwrap(), json!(true));
        let all = s.invoke("AvailableSubscriptions", &[]).unwrap();
        assert!(all.as_array().unwrap().contains(&json!("QueueStatus")));
    }

    #[test]
    fn hidden_and_never_emitted_events_are_not_offered_nor_subscribable() {
        let mut s = session(Role::Supervisor);
        s.offered = offered(&["userstatus".to_owned()]);
        let all = s.invoke("AvailableSubscriptions", &[]).unwrap();
        let names: Vec<&str> = all
            .as_array()
            .unwrap()
            .iter()
            .filter_map(Value::as_str)
            .collect();
        assert!(names.contains(&"QueueStatus"), "{names:?}");
        assert!(!names.contains(&"UserStatus"), "{names:?}");
        assert!(
            !names.contains(&"UserCallInHoldStart"),
            "never emitted: {names:?}"
        );
        let user = "aa9730c4-ce86-e611-80c9-00505689257e";
        let r = s
            .invoke(
                "Subscribe",
                &[json!([
                    {"EntityId": user, "EventName": "UserStatus"},
                    {"EntityId": user, "EventName": "UserCallInHoldStart"},
                    {"EntityId": user, "EventName": "UserAvailability"},
                ])],
            )
            .unwrap();
        let msgs: Vec<Value> = r
            .as_array()
            .unwrap()
            .iter()
            .map(|x| x["message"].clone())
            .collect();
        assert_eq!(
            msgs,
            vec![
                json!("Invalid event name"),
                json!("Invalid event name"),
                Value::Null
            ]
        );
    }
}
