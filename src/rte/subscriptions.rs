//! Which subscriptions to make: "everything this user may see" (all queues, users and
//! callback lists times the chosen event kinds), the hub's Subscribe argument and
//! reading its results.

use super::SubscriptionKey;
use crate::api::{ApiClient, ApiError};
use crate::model::EventKind;
use serde::Deserialize;
use serde_json::{json, Value};

/// The entities a user can see.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Entities {
    pub queues: Vec<String>,
    pub users: Vec<String>,
    pub callback_lists: Vec<String>,
}

impl Entities {
    /// Reads queues, users and callback lists. A user list or callback lists refused
    /// (403/404) count as "just me" / none, so an agent still gets its own events.
    pub async fn fetch(api: &ApiClient) -> Result<Entities, ApiError> {
        let queues = api.queues().await?.into_iter().map(|q| q.id).collect();
        let users = match api.users().await {
            Ok(users) => users.into_iter().map(|u| u.id).collect(),
            Err(ApiError::Forbidden { .. } | ApiError::NotFound { .. }) => vec![api.me().await?.id],
            Err(e) => return Err(e),
        };
        let callback_lists = match api.callback_lists().await {
            Ok(lists) => lists.into_iter().map(|l| l.id).collect(),
            Err(ApiError::Forbidden { .. } | ApiError::NotFound { .. }) => Vec::new(),
            Err(e) => return Err(e),
        };
        Ok(Entities {
            queues,
            users,
            callback_lists,
        })
    }

    /// Every (entity, kind) pair whose entity type matches the kind's.
    pub fn subscriptions(&self, kinds: &[EventKind]) -> Vec<SubscriptionKey> {
        let mut out = Vec::new();
        for kind in kinds {
            let ids = match kind.entity_type() {
                "Queue" => &self.queues,
                "CallList" => &self.callback_lists,
                _ => &self.users,
            };
            out.extend(
                ids.iter()
                    .filter(|id| !id.is_empty())
                    .map(|id| SubscriptionKey::new(id.clone(), kind.clone())),
            );
        }
        out.sort();
        out.dedup();
        out
    }
}

/// Subscriptions to everything this user may see, for the given kinds
/// (`EventKind::ALL` for all).
pub async fn everything_visible(
    api: &ApiClient,
    kinds: &[EventKind],
) -> Result<Vec<SubscriptionKey>, ApiError> {
    Ok(Entities::fetch(api).await?.subscriptions(kinds))
}

/// The single argument of `Subscribe` / `Unsubscribe`: `[{EntityId, EventName}, …]`.
pub fn hub_argument(keys: &[SubscriptionKey]) -> Value {
    Value::Array(
        keys.iter()
            .map(|k| json!({"EntityId": k.entity_id, "EventName": k.event.name()}))
            .collect(),
    )
}

/// One `SubscriptionResult`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
struct SubscriptionResult {
    #[serde(deserialize_with = "crate::model::lenient::boolean")]
    subscribed: bool,
    message: Option<String>,
    #[serde(deserialize_with = "crate::model::lenient::string")]
    entity_id: String,
    #[serde(deserialize_with = "crate::model::lenient::string")]
    event_name: String,
}

/// The keys of a batch the hub refused, with its message. A result that is not a list
/// (e.g. `true`) means every key was accepted.
pub fn rejected(batch: &[SubscriptionKey], answer: Value) -> Vec<(SubscriptionKey, String)> {
    let Ok(results) = crate::model::casing::from_platform::<Vec<SubscriptionResult>>(answer) else {
        return Vec::new();
    };
    results
        .into_iter()
        .enumerate()
        .filter(|(_, r)| !r.subscribed)
        .filter_map(|(i, r)| {
            let kind = EventKind::parse(&r.event_name);
            let key = batch
                .iter()
                .find(|k| k.entity_id.eq_ignore_ascii_case(&r.entity_id) && k.event == kind)
                .or_else(|| batch.get(i))?
                .clone();
            let message = r
                .message
                .map(|m| crate::sanitize::sanitize(&m))
                .filter(|m| !m.is_empty())
                .unwrap_or_else(|| "refused".into());
            Some((key, message))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn subscriptions_match_entity_types() {
        let e = Entities {
            queues: vec!["q1".into()],
            users: vec!["u1".into(), "u2".into()],
            callback_lists: vec!["l1".into()],
        };
        let keys = e.subscriptions(&[
            EventKind::QueueStatus,
            EventKind::UserStatus,
            EventKind::CallbackChanged,
        ]);
        assert_eq!(keys.len(), 4);
        assert!(keys.contains(&SubscriptionKey::new("q1", EventKind::QueueStatus)));
        assert!(keys.contains(&SubscriptionKey::new("u2", EventKind::UserStatus)));
        assert!(keys.contains(&SubscriptionKey::new("l1", EventKind::CallbackChanged)));
        assert_eq!(
            e.subscriptions(EventKind::ALL).len(),
            1 + 1 + 2 * (EventKind::ALL.len() - 2)
        );
    }

    #[test]
    fn refused_results_are_matched_to_their_keys() {
        let batch = vec![
            SubscriptionKey::new("Q1", EventKind::QueueStatus),
            SubscriptionKey::new("u1", EventKind::UserStatus),
        ];
        let answer = serde_json::json!([
            {"subscribed": true, "message": null, "entityId": "q1", "eventName": "queuestatus"},
            {"subscribed": false, "message": "Unauthorized", "entityId": "u1", "eventName": "userstatus"}
        ]);
        assert_eq!(
            rejected(&batch, answer),
            vec![(batch[1].clone(), "Unauthorized".to_owned())]
        );
        assert!(rejected(&batch, serde_json::json!(true)).is_empty());
        assert_eq!(
            hub_argument(&batch[..1]),
            serde_json::json!([{"EntityId": "Q1", "EventName": "QueueStatus"}])
        );
    }
}
