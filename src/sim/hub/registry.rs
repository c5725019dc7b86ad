//! What each open hub connection holds, for `GET /_sim/connections`: its id (the
//! negotiate `connectionId`), whose it is, and its server-side subscriptions. A
//! connection enters after its handshake and leaves when it ends.

use crate::model::events::EventKind;
use crate::sim::state::lock;
use serde_json::{json, Value};
use std::collections::{BTreeMap, BTreeSet};
use std::sync::Mutex;

#[derive(Debug, Clone, Default)]
struct View {
    user_id: String,
    /// (lower-case entity id, event).
    subscriptions: BTreeSet<(String, EventKind)>,
}

/// The open connections by id.
#[derive(Debug, Default)]
pub struct Registry {
    open: Mutex<BTreeMap<String, View>>,
}

impl Registry {
    /// Records (or replaces) a connection's subscriptions.
    pub fn set<'a>(
        &self,
        id: &str,
        user_id: &str,
        subscriptions: impl Iterator<Item = &'a (String, EventKind)>,
    ) {
        let view = View {
            user_id: user_id.to_owned(),
            subscriptions: subscriptions.cloned().collect(),
        };
        lock(&self.open).insert(id.to_owned(), view);
    }

    pub fn remove(&self, id: &str) {
        lock(&self.open).remove(id);
    }

    /// True when a connection with this id is open.
    pub fn contains(&self, id: &str) -> bool {
        lock(&self.open).contains_key(id)
    }

    /// `[{"Id", "UserId", "Subscriptions": [{"EntityId", "EventName"}]}]`, by id.
    pub fn json(&self) -> Value {
        let open = lock(&self.open);
        Value::Array(
            open.iter()
                .map(|(id, v)| {
                    let subs: Vec<Value> = v
                        .subscriptions
                        .iter()
                        .map(|(e, k)| json!({"EntityId": e, "EventName": k.name()}))
                        .collect();
                    json!({"Id": id, "UserId": v.user_id, "Subscriptions": subs})
                })
                .collect(),
        )
    }
}
