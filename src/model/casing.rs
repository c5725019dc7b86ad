//! Field-name casing. The platform writes PascalCase in REST bodies and the seed's event
//! tables, camelCase in `MessageReceived`, and acronyms inconsistently (`UserID`/`UserId`,
//! `WSSEndpoint`/`WssEndpoint`). We read any of them by folding every key to snake_case
//! before serde sees it, and write PascalCase (or camelCase when asked).

use heck::{ToLowerCamelCase, ToSnakeCase};
use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

/// Folds every object key (recursively) to snake_case: `WSSEndpoint`, `WssEndpoint` and
/// `wssEndpoint` all become `wss_endpoint`; `UserID` and `userId` become `user_id`.
pub fn keys_to_snake(value: Value) -> Value {
    map_keys(value, &snake_key)
}

/// snake_case of one key. Plain lowercase keys (already folded) are returned as is,
/// which keeps the hot receive path cheap.
fn snake_key(key: &str) -> String {
    if key.is_ascii() {
        ascii_snake(key.as_bytes())
    } else {
        key.to_snake_case()
    }
}

/// The same folding as `heck::ToSnakeCase` for ASCII keys, without its allocations per
/// word: a word starts at a lower→upper step, at the last capital of an acronym
/// (`WSSEndpoint` → `wss_endpoint`), and after any other character (`_`, `-`, …).
fn ascii_snake(key: &[u8]) -> String {
    #[derive(PartialEq)]
    enum Last {
        None,
        Lower,
        Upper,
    }
    let mut out = String::with_capacity(key.len() + 4);
    // Case of the last letter in the current word; digits keep it.
    let mut last = Last::None;
    for (i, &b) in key.iter().enumerate() {
        if !b.is_ascii_alphanumeric() {
            last = Last::None;
            if !out.is_empty() && !out.ends_with('_') {
                out.push('_');
            }
            continue;
        }
        let next_is_lower = key.get(i + 1).is_some_and(|n| n.is_ascii_lowercase());
        let boundary = b.is_ascii_uppercase()
            && (last == Last::Lower || (last == Last::Upper && next_is_lower));
        if boundary {
            out.push('_');
        }
        if b.is_ascii_uppercase() {
            last = Last::Upper;
        } else if b.is_ascii_lowercase() {
            last = Last::Lower;
        }
        out.push(b.to_ascii_lowercase() as char);
    }
    while out.ends_with('_') {
        out.pop();
    }
    out
}

/// Lower-cases the first letter of every key, the way the platform's camelCase
/// serializer writes PascalCase names (`MessageTTLSeconds` → `messageTTLSeconds`).
pub fn keys_to_camel(value: Value) -> Value {
    map_keys(value, &|k| {
        let mut chars = k.chars();
        match chars.next() {
            Some(c) => c.to_lowercase().chain(chars).collect(),
            None => String::new(),
        }
    })
}

/// snake_case → lowerCamelCase, for query and form names.
pub fn snake_to_camel(key: &str) -> String {
    key.to_lower_camel_case()
}

fn map_keys(value: Value, f: &dyn Fn(&str) -> String) -> Value {
    match value {
        Value::Object(obj) => {
            let mut out = Map::with_capacity(obj.len());
            for (k, v) in obj {
                out.insert(f(&k), map_keys(v, f));
            }
            Value::Object(out)
        }
        Value::Array(items) => Value::Array(items.into_iter().map(|v| map_keys(v, f)).collect()),
        other => other,
    }
}

/// Deserializes a platform body whatever its key casing. Target types use snake_case
/// field names (serde's default).
pub fn from_platform<T: DeserializeOwned>(value: Value) -> Result<T, serde_json::Error> {
    serde_json::from_value(keys_to_snake(value))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn acronyms_fold_to_one_name() {
        let v = keys_to_snake(json!({
            "WSSEndpoint": 1, "UserID": 2, "messageTTLSeconds": 3, "NbrOfAgentsOnWrapUp": 4,
            "nested": [{"CallBackId": 5}]
        }));
        assert_eq!(
            v,
            json!({"wss_endpoint": 1, "user_id": 2, "message_ttl_seconds": 3,
                   "nbr_of_agents_on_wrap_up": 4, "nested": [{"call_back_id": 5}]})
        );
        assert_eq!(
            keys_to_snake(json!({"WssEndpoint": 1})),
            json!({"wss_endpoint": 1})
        );
        assert_eq!(keys_to_snake(json!({"Id": 1})), json!({"id": 1}));
        assert_eq!(keys_to_snake(json!({"ID": 1})), json!({"id": 1}));
    }

    #[test]
    fn fast_folding_agrees_with_heck_on_every_seed_key() {
        let all: Value =
            serde_json::from_str(include_str!("../../tests/fixtures/seed004_examples.json"))
                .unwrap();
        let mut keys = vec![];
        fn collect(v: &Value, keys: &mut Vec<String>) {
            if let Value::Object(o) = v {
                for (k, v) in o {
                    keys.push(k.clone());
                    collect(v, keys);
                }
            }
        }
        collect(&all, &mut keys);
        keys.extend(
            [
                "WSSEndpoint",
                "UserID",
                "already_snake",
                "x",
                "ABC",
                "aB",
                "A1B",
                "Id2Foo",
            ]
            .map(String::from),
        );
        for k in &keys {
            for variant in [
                k.clone(),
                keys_to_camel(json!({k.as_str(): 0}))
                    .as_object()
                    .unwrap()
                    .keys()
                    .next()
                    .unwrap()
                    .clone(),
            ] {
                assert_eq!(
                    snake_key(&variant),
                    variant.to_snake_case(),
                    "key {variant}"
                );
            }
        }
    }

    proptest::proptest! {
        #[test]
        fn fast_folding_agrees_with_heck_on_any_ascii_key(key in "[A-Za-z0-9_ .-]{0,24}") {
            proptest::prop_assert_eq!(snake_key(&key), key.to_snake_case());
        }
    }

    #[test]
    fn camel_case_matches_the_seed_example() {
        assert_eq!(
            keys_to_camel(
                json!({"MessageTTLSeconds": 60, "UserId": "u", "Inner": {"WrapUpEnd": null}})
            ),
            json!({"messageTTLSeconds": 60, "userId": "u", "inner": {"wrapUpEnd": null}})
        );
    }
}
