//! Which fields evtop reads from an answer, and how an answer compares: the fields evtop
//! expects that are absent, and the present fields it does not use. The expected fields
//! are the DTOs' own (serialized from their defaults), so this stays true as they change.

use crate::api::Endpoint;
use crate::model::casing::keys_to_snake;
use crate::model::payloads::{QueueAttachedUser, QueueStatus, UserStatus};
use crate::model::rest as r;
use crate::model::EventKind;
use serde::Serialize;
use serde_json::Value;
use std::collections::BTreeMap;

/// Rows looked at in a list answer.
const MAX_ROWS: usize = 500;

/// The fields of one JSON object evtop reads.
#[derive(Debug, Clone, Default)]
pub struct Shape {
    /// snake_case name → the name as evtop writes it (`organization_id` → `OrganizationID`).
    fields: BTreeMap<String, String>,
    /// Objects inside (`Status` of a queue).
    nested: Vec<(String, Shape)>,
    /// Groups of which at least one must be present (`Id` or `CallBackId`).
    required: Vec<Vec<&'static str>>,
    /// Fields that stand in for one another: only reported absent when all are.
    alternatives: Vec<Vec<&'static str>>,
}

impl Shape {
    fn of<T: Serialize + Default>() -> Shape {
        let written = serde_json::to_value(T::default()).unwrap_or(Value::Null);
        let fields = written
            .as_object()
            .map(|o| {
                o.keys()
                    .map(|k| (snake(k), k.clone()))
                    .collect::<BTreeMap<_, _>>()
            })
            .unwrap_or_default();
        Shape {
            fields,
            ..Shape::default()
        }
    }

    fn with_fields(mut self, extra: &[(&str, &str)]) -> Shape {
        for (snake_name, written) in extra {
            self.fields
                .insert((*snake_name).to_owned(), (*written).to_owned());
        }
        self
    }

    fn nested(mut self, name: &str, shape: Shape) -> Shape {
        self.nested.push((name.to_owned(), shape));
        self
    }

    fn require(mut self, any_of: &[&'static str]) -> Shape {
        self.required.push(any_of.to_vec());
        self
    }

    fn alternatives(mut self, names: &[&'static str]) -> Shape {
        self.alternatives.push(names.to_vec());
        self
    }
}

fn snake(key: &str) -> String {
    keys_to_snake(serde_json::json!({ key: 0 }))
        .as_object()
        .and_then(|o| o.keys().next().cloned())
        .unwrap_or_default()
}

/// What evtop reads from an endpoint's answer (`None`: it reads no body).
pub fn expected(endpoint: Endpoint) -> Option<Shape> {
    use Endpoint as E;
    Some(match endpoint {
        E::Discovery => Shape::of::<r::DiscoveryEntry>().require(&["api_endpoint"]),
        E::AuthUser => Shape::of::<r::AuthUserResponse>().require(&["secret_key"]),
        E::UsersMe | E::Users | E::User => Shape::of::<r::User>().require(&["id"]),
        E::Queues | E::UserQueues => Shape::of::<r::Queue>()
            .nested("status", Shape::of::<r::QueueStatusBlock>())
            .require(&["id"]),
        E::QueueUsers => Shape::of::<QueueAttachedUser>()
            .with_fields(&[("id", "Id")])
            .alternatives(&["user_id", "id"])
            .require(&["user_id", "id"]),
        E::RteToken => Shape::of::<r::RteToken>()
            .require(&["wss_endpoint"])
            .require(&["token"]),
        E::AvailabilityCurrent => Shape::of::<r::CurrentAvailability>(),
        E::SetAvailability => Shape::default().with_fields(&[("id", "Id")]),
        E::CallbackLists => Shape::of::<r::CallbackList>().require(&["id"]),
        E::CallbackRequests => Shape::of::<r::CallbackRequest>()
            .alternatives(&["id", "call_back_id"])
            .require(&["id", "call_back_id"]),
        E::ServiceCalls => Shape::of::<r::ServiceCall>(),
        E::Calls => Shape::of::<r::UserCall>(),
        E::CallListSchemas => Shape::of::<r::CallListSchema>(),
        E::EndAvailability
        | E::TerminateWrapUp
        | E::AssignCallback
        | E::CloseCallback
        | E::AutoAllocationRequest
        | E::CalloutActivate
        | E::MobileCall => return None,
    })
}

/// What evtop reads from an event's `data` (the envelope plus the payload), for the
/// events doctor subscribes to.
pub fn expected_event(kind: &EventKind) -> Option<Shape> {
    let envelope = Shape::of::<crate::model::Envelope>();
    let payload = match kind {
        EventKind::QueueStatus => Shape::of::<QueueStatus>(),
        EventKind::UserStatus => Shape::of::<UserStatus>(),
        _ => return None,
    };
    let mut shape = payload;
    shape.fields.extend(envelope.fields);
    Some(shape)
}

/// How an answer compares with its [`Shape`].
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Fields {
    /// Expected, in no row (as evtop writes them; nested ones as `Status.OpenStatus`).
    pub absent: Vec<String>,
    /// Present, not read by evtop (as the server wrote them).
    pub unused: Vec<String>,
    /// Of the fields evtop cannot do without, those absent from some row.
    pub missing_required: Vec<String>,
    /// Rows (objects) compared.
    pub rows: usize,
}

/// Compares an answer (an object, or a list of objects) with a shape.
pub fn compare(answer: &Value, shape: &Shape) -> Fields {
    let rows: Vec<&serde_json::Map<String, Value>> = match answer {
        Value::Array(items) => items
            .iter()
            .take(MAX_ROWS)
            .filter_map(Value::as_object)
            .collect(),
        Value::Object(o) => vec![o],
        _ => Vec::new(),
    };
    let mut out = Fields {
        rows: rows.len(),
        ..Fields::default()
    };
    if rows.is_empty() {
        return out;
    }
    compare_rows(&rows, shape, "", &mut out);
    out
}

fn compare_rows(
    rows: &[&serde_json::Map<String, Value>],
    shape: &Shape,
    prefix: &str,
    out: &mut Fields,
) {
    // Present keys (snake_case → first spelling seen) over all rows.
    let mut present: BTreeMap<String, String> = BTreeMap::new();
    for row in rows {
        for k in row.keys() {
            present.entry(snake(k)).or_insert_with(|| k.clone());
        }
    }
    let stands_in = |name: &str| {
        shape
            .alternatives
            .iter()
            .any(|group| group.contains(&name) && group.iter().any(|a| present.contains_key(*a)))
    };
    for (name, written) in &shape.fields {
        if !present.contains_key(name) && !stands_in(name) {
            out.absent.push(format!("{prefix}{written}"));
        }
    }
    for (name, sent) in &present {
        if !shape.fields.contains_key(name) {
            out.unused
                .push(format!("{prefix}{}", crate::sanitize::sanitize(sent)));
        }
    }
    for group in &shape.required {
        let every_row_has_one = rows.iter().all(|row| {
            row.iter()
                .any(|(k, v)| !v.is_null() && group.contains(&snake(k).as_str()))
        });
        if !every_row_has_one {
            let names: Vec<String> = group
                .iter()
                .map(|g| {
                    shape
                        .fields
                        .get(*g)
                        .cloned()
                        .unwrap_or_else(|| (*g).to_owned())
                })
                .collect();
            out.missing_required
                .push(format!("{prefix}{}", names.join(" or ")));
        }
    }
    for (name, inner) in &shape.nested {
        let children: Vec<&serde_json::Map<String, Value>> = rows
            .iter()
            .filter_map(|row| {
                row.iter()
                    .find(|(k, _)| snake(k) == *name)
                    .and_then(|(_, v)| v.as_object())
            })
            .collect();
        if children.is_empty() {
            continue;
        }
        let written = shape
            .fields
            .get(name)
            .cloned()
            .unwrap_or_else(|| name.clone());
        compare_rows(&children, inner, &format!("{prefix}{written}."), out);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn absent_and_unused_fields_are_named_as_written() {
        let shape = expected(Endpoint::Users).unwrap();
        let f = compare(
            &json!([
                {"Id": "1", "FirstName": "Aino", "MobileNumber": "+358", "Email": "a@b"},
                {"ID": "2", "UserName": "b@c", "Department": "Sales"}
            ]),
            &shape,
        );
        assert_eq!(f.rows, 2);
        assert!(f.absent.contains(&"LastName".to_owned()), "{f:?}");
        assert!(f.absent.contains(&"OrganizationID".to_owned()), "{f:?}");
        assert!(!f.absent.contains(&"Id".to_owned()), "{f:?}");
        assert!(!f.absent.contains(&"UserName".to_owned()), "{f:?}");
        assert_eq!(f.unused, ["Department", "MobileNumber"]);
        assert!(f.missing_required.is_empty());
    }

    #[test]
    fn nested_status_required_fields_and_alternatives() {
        let shape = expected(Endpoint::Queues).unwrap();
        let f = compare(
            &json!([{"Id": "q", "Name": "Q", "Status": {"OpenStatus": 5, "Extra": 1}}, {"Name": "x"}]),
            &shape,
        );
        assert!(f.absent.contains(&"Status.QueueLength".to_owned()), "{f:?}");
        assert_eq!(f.unused, ["Status.Extra"]);
        assert_eq!(f.missing_required, ["Id"]);
        let shape = expected(Endpoint::CallbackRequests).unwrap();
        let f = compare(&json!([{"CallBackId": "r1"}]), &shape);
        assert!(!f.absent.contains(&"Id".to_owned()), "{f:?}");
        assert!(f.missing_required.is_empty(), "{f:?}");
        assert_eq!(compare(&json!([]), &shape).rows, 0);
        assert!(expected(Endpoint::AssignCallback).is_none());
    }
}
