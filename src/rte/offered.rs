//! What a tenant's hub offers: the answer of `AvailableSubscriptions` (an array of event
//! names), read leniently and bounded, and the split of wanted subscriptions into those
//! it offers and those it does not.

use super::SubscriptionKey;
use crate::model::EventKind;
use serde_json::Value;
use std::collections::BTreeSet;

/// Names kept from one answer; a longer list is cut.
const MAX_NAMES: usize = 1_000;
/// Characters kept of one name.
const MAX_NAME_CHARS: usize = 100;

/// The event names a hub offers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Offered {
    /// As the hub wrote them (sanitized), in its order, without duplicates.
    names: Vec<String>,
    /// Lower-cased, for lookups.
    folded: BTreeSet<String>,
}

impl Offered {
    /// Reads an `AvailableSubscriptions` answer: an array of names (or of objects with an
    /// `EventName`/`Name`). `None` when it holds no name: then nothing is known, and
    /// nothing should be skipped because of it.
    pub fn from_answer(answer: &Value) -> Option<Offered> {
        let items = answer.as_array()?;
        let mut names = Vec::new();
        let mut folded = BTreeSet::new();
        for item in items.iter().take(MAX_NAMES) {
            let name = match item {
                Value::String(s) => s.as_str(),
                Value::Object(o) => o
                    .iter()
                    .find(|(k, _)| {
                        let k = k.to_ascii_lowercase();
                        k == "eventname" || k == "event_name" || k == "name"
                    })
                    .and_then(|(_, v)| v.as_str())
                    .unwrap_or_default(),
                _ => "",
            };
            let name: String = crate::sanitize::sanitize(name.trim())
                .chars()
                .take(MAX_NAME_CHARS)
                .collect();
            if !name.is_empty() && folded.insert(name.to_ascii_lowercase()) {
                names.push(name);
            }
        }
        (!names.is_empty()).then_some(Offered { names, folded })
    }

    pub fn names(&self) -> &[String] {
        &self.names
    }

    pub fn offers(&self, kind: &EventKind) -> bool {
        self.folded.contains(&kind.name().to_ascii_lowercase())
    }

    /// Keys whose event is offered, and the names of those that are not (sorted).
    pub fn split(
        &self,
        keys: Vec<SubscriptionKey>,
    ) -> (Vec<SubscriptionKey>, Vec<SubscriptionKey>) {
        keys.into_iter().partition(|k| self.offers(&k.event))
    }

    /// How the offer compares with the events evtop knows.
    pub fn compare(&self) -> Comparison {
        let known: Vec<String> = EventKind::ALL
            .iter()
            .chain(EventKind::BEYOND_SEED)
            .filter(|k| self.offers(k))
            .map(|k| k.name().to_owned())
            .collect();
        let missing = EventKind::ALL
            .iter()
            .filter(|k| !self.offers(k))
            .map(|k| k.name().to_owned())
            .collect();
        let unknown = self
            .names
            .iter()
            .filter(|n| matches!(EventKind::parse(n), EventKind::Other(_)))
            .cloned()
            .collect();
        Comparison {
            known,
            unknown,
            missing,
        }
    }
}

/// The offer against evtop's list of events.
#[derive(Debug, Clone, PartialEq, Eq, Default, serde::Serialize)]
pub struct Comparison {
    /// Offered, and known to evtop.
    pub known: Vec<String>,
    /// Offered, but evtop does not know them (their payloads are kept raw).
    pub unknown: Vec<String>,
    /// Known to evtop, not offered by this tenant.
    pub missing: Vec<String>,
}

/// The distinct event names of some keys, sorted.
pub fn event_names(keys: &[SubscriptionKey]) -> Vec<String> {
    keys.iter()
        .map(|k| k.event.name().to_owned())
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn answers_are_read_leniently() {
        let o = Offered::from_answer(&json!([
            "QueueStatus",
            "userstatus",
            {"eventName": "QueueCallInComing"},
            "QueueStatus",
            7,
            "Bad\u{1b}[31mName"
        ]))
        .unwrap();
        assert_eq!(
            o.names(),
            ["QueueStatus", "userstatus", "QueueCallInComing", "BadName"]
        );
        assert!(o.offers(&EventKind::UserStatus));
        assert!(!o.offers(&EventKind::UserAlert));
        assert_eq!(Offered::from_answer(&json!([])), None);
        assert_eq!(Offered::from_answer(&json!({"x": 1})), None);
        assert_eq!(Offered::from_answer(&Value::Null), None);
        let c = o.compare();
        // A queue call event is known beyond the RTE document; it is not "missing".
        assert_eq!(c.known, ["UserStatus", "QueueStatus", "QueueCallInComing"]);
        assert_eq!(c.unknown, ["BadName"]);
        assert_eq!(c.missing.len(), EventKind::ALL.len() - 2);
    }

    #[test]
    fn keys_split_by_what_is_offered() {
        let o = Offered::from_answer(&json!(["QueueStatus"])).unwrap();
        let keys = vec![
            SubscriptionKey::new("q1", EventKind::QueueStatus),
            SubscriptionKey::new("u1", EventKind::UserStatus),
            SubscriptionKey::new("u2", EventKind::UserStatus),
        ];
        let (yes, no) = o.split(keys);
        assert_eq!(yes, [SubscriptionKey::new("q1", EventKind::QueueStatus)]);
        assert_eq!(event_names(&no), ["UserStatus"]);
    }
}
