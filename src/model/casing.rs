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

/// snake_case of one key.
fn snake_key(key: &str) -> String {
    let mut buf = KeyBuf::new();
    buf.fold(key).to_owned()
}

/// Room for a folded key on the stack: the receive path folds every key of every event,
/// and platform keys are short. Longer or non-ASCII keys fold into a `String` instead.
pub struct KeyBuf {
    bytes: [u8; KEY_BUF],
    heap: String,
}

const KEY_BUF: usize = 96;

impl Default for KeyBuf {
    fn default() -> Self {
        Self::new()
    }
}

impl KeyBuf {
    pub fn new() -> Self {
        KeyBuf {
            bytes: [0; KEY_BUF],
            heap: String::new(),
        }
    }

    /// `key` folded to snake_case (as [`keys_to_snake`] folds it). Keys that are already
    /// plain snake_case (`[a-z0-9_]`) are returned as they are.
    pub fn fold<'a>(&'a mut self, key: &'a str) -> &'a str {
        let bytes = key.as_bytes();
        // The common shape first (`nbrOfAgentsOnWrapUp`, `QueueId`): letters only, no two
        // capitals in a row. Then a word starts at every capital but a leading one.
        if bytes.len() * 2 <= KEY_BUF {
            let mut n = 0;
            let mut prev_upper = false;
            let mut simple = true;
            for (i, &c) in bytes.iter().enumerate() {
                if c.is_ascii_lowercase() {
                    self.bytes[n] = c;
                    n += 1;
                    prev_upper = false;
                } else if c.is_ascii_uppercase() && !prev_upper {
                    if i > 0 {
                        self.bytes[n] = b'_';
                        n += 1;
                    }
                    self.bytes[n] = c.to_ascii_lowercase();
                    n += 1;
                    prev_upper = true;
                } else {
                    simple = false;
                    break;
                }
            }
            if simple {
                if n == bytes.len() && !bytes.first().is_some_and(u8::is_ascii_uppercase) {
                    return key;
                }
                // Only ASCII was written.
                return std::str::from_utf8(&self.bytes[..n]).unwrap_or_default();
            }
        }
        let plain = bytes
            .iter()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || *b == b'_');
        if plain && !bytes.starts_with(b"_") && !bytes.ends_with(b"_") && !key.contains("__") {
            return key;
        }
        if !key.is_ascii() {
            self.heap = key.to_snake_case();
            return &self.heap;
        }
        // Folding adds at most one separator per input byte.
        if bytes.len() * 2 <= KEY_BUF {
            let n = ascii_snake(bytes, &mut Slice::new(&mut self.bytes));
            // Only ASCII was written.
            return std::str::from_utf8(&self.bytes[..n]).unwrap_or_default();
        }
        let mut out = Vec::with_capacity(bytes.len() + 8);
        ascii_snake(bytes, &mut out);
        self.heap = String::from_utf8(out).unwrap_or_default();
        &self.heap
    }
}

/// Where [`ascii_snake`] writes: a fixed slice or a vector.
trait Out {
    fn push(&mut self, b: u8);
    fn last(&self) -> Option<u8>;
    fn pop(&mut self);
    fn len(&self) -> usize;
}

struct Slice<'a> {
    buf: &'a mut [u8],
    len: usize,
}

impl<'a> Slice<'a> {
    fn new(buf: &'a mut [u8]) -> Self {
        Slice { buf, len: 0 }
    }
}

impl Out for Slice<'_> {
    fn push(&mut self, b: u8) {
        self.buf[self.len] = b;
        self.len += 1;
    }
    fn last(&self) -> Option<u8> {
        self.len.checked_sub(1).map(|i| self.buf[i])
    }
    fn pop(&mut self) {
        self.len -= 1;
    }
    fn len(&self) -> usize {
        self.len
    }
}

impl Out for Vec<u8> {
    fn push(&mut self, b: u8) {
        Vec::push(self, b);
    }
    fn last(&self) -> Option<u8> {
        self.as_slice().last().copied()
    }
    fn pop(&mut self) {
        Vec::pop(self);
    }
    fn len(&self) -> usize {
        Vec::len(self)
    }
}

/// The same folding as `heck::ToSnakeCase` for ASCII keys, without its allocations per
/// word: a word starts at a lower→upper step, at the last capital of an acronym
/// (`WSSEndpoint` → `wss_endpoint`), and after any other character (`_`, `-`, …).
/// Returns the length written.
fn ascii_snake(key: &[u8], out: &mut impl Out) -> usize {
    #[derive(PartialEq)]
    enum Last {
        None,
        Lower,
        Upper,
    }
    // Case of the last letter in the current word; digits keep it.
    let mut last = Last::None;
    for (i, &b) in key.iter().enumerate() {
        if !b.is_ascii_alphanumeric() {
            last = Last::None;
            if out.len() > 0 && out.last() != Some(b'_') {
                out.push(b'_');
            }
            continue;
        }
        let next_is_lower = key.get(i + 1).is_some_and(|n| n.is_ascii_lowercase());
        let boundary = b.is_ascii_uppercase()
            && (last == Last::Lower || (last == Last::Upper && next_is_lower));
        if boundary {
            out.push(b'_');
        }
        if b.is_ascii_uppercase() {
            last = Last::Upper;
        } else if b.is_ascii_lowercase() {
            last = Last::Lower;
        }
        out.push(b.to_ascii_lowercase());
    }
    while out.last() == Some(b'_') {
        out.pop();
    }
    out.len()
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

/// [`keys_to_camel`] on JSON text, in place: lower-cases the first letter of every
/// object key of the compact JSON written from `from` on. This is how the receive and
/// simulator paths write camelCase without building a `Value` (serde derives write the
/// PascalCase names; one pass over the bytes lowers them). Keys nested deeper than 128
/// levels are left as they are.
pub fn camel_keys_in_place(buf: &mut Vec<u8>, from: usize) {
    let mut objects: u128 = 0; // bit d: the container at depth d is an object
    let mut depth = 0usize;
    let mut expect_key = false;
    let mut i = from;
    while i < buf.len() {
        let b = buf[i];
        match b {
            b'"' => {
                if expect_key {
                    lower_initial(buf, i + 1);
                }
                expect_key = false;
                // Skip the string.
                i += 1;
                while i < buf.len() {
                    match buf[i] {
                        b'\\' => i += 2,
                        b'"' => break,
                        _ => i += 1,
                    }
                }
            }
            b'{' | b'[' => {
                if depth < 128 {
                    if b == b'{' {
                        objects |= 1 << depth;
                    } else {
                        objects &= !(1 << depth);
                    }
                }
                depth += 1;
                expect_key = b == b'{' && depth <= 128;
            }
            b'}' | b']' => {
                depth = depth.saturating_sub(1);
                expect_key = false;
            }
            b',' => {
                expect_key = depth > 0 && depth <= 128 && objects & (1 << (depth - 1)) != 0;
            }
            _ => {}
        }
        i += 1;
    }
}

/// Lower-cases the character at `at`, the first of a key (escapes are left alone: none
/// of the characters JSON escapes has a lower case).
fn lower_initial(buf: &mut Vec<u8>, at: usize) {
    let Some(&first) = buf.get(at) else { return };
    if first.is_ascii_uppercase() {
        buf[at] = first.to_ascii_lowercase();
    } else if first >= 0x80 {
        let end = (at + 4).min(buf.len());
        let text = match std::str::from_utf8(&buf[at..end]) {
            Ok(t) => t,
            Err(e) => std::str::from_utf8(&buf[at..at + e.valid_up_to()]).unwrap_or_default(),
        };
        if let Some(c) = text.chars().next() {
            let lower: String = c.to_lowercase().collect();
            if lower.len() != c.len_utf8() || !lower.starts_with(c) {
                buf.splice(at..at + c.len_utf8(), lower.into_bytes());
            }
        }
    }
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

    fn any_json() -> impl proptest::strategy::Strategy<Value = Value> {
        use proptest::prelude::*;
        let leaf = prop_oneof![
            Just(Value::Null),
            any::<bool>().prop_map(Value::Bool),
            any::<i64>().prop_map(Value::from),
            "[A-Za-zÄÖİß\\\\\"\u{1}, {}:\\[\\]]{0,8}".prop_map(Value::String),
        ];
        leaf.prop_recursive(4, 40, 6, |inner| {
            prop_oneof![
                proptest::collection::vec(inner.clone(), 0..5).prop_map(Value::Array),
                proptest::collection::btree_map("[A-Za-zÄÖİß_\\\\\", {}:]{0,8}", inner, 0..5)
                    .prop_map(|m| Value::Object(m.into_iter().collect())),
            ]
        })
    }

    proptest::proptest! {
        #[test]
        fn text_pass_agrees_with_keys_to_camel(v in any_json()) {
            let prefix: &[u8] = b"prefix{\"Keep\":1}";
            let mut text = prefix.to_vec();
            let from = text.len();
            text.extend(serde_json::to_vec(&v).unwrap());
            camel_keys_in_place(&mut text, from);
            proptest::prop_assert!(text.starts_with(prefix));
            let back: Value = serde_json::from_slice(&text[from..]).unwrap();
            proptest::prop_assert_eq!(back, keys_to_camel(v));
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
