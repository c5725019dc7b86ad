//! Lenient reading of platform JSON, in one pass and without intermediate trees.
//!
//! [`Lenient`] wraps any serde `Deserializer` (serde_json's, over a `&str` or a `Value`)
//! and changes two things for the derived `Deserialize` impls behind it:
//!
//! - **Key casing**: every object key is folded to snake_case on the fly (a stack buffer,
//!   see [`KeyBuf`](super::casing::KeyBuf)), so `WSSEndpoint`, `wssEndpoint` and `wss_endpoint` all reach the
//!   field `wss_endpoint`; `UserID` and `userId` reach `user_id`.
//! - **Near types**: a `String` field accepts a number or a boolean (as text) and `null`
//!   (empty); an integer accepts a float (truncated), a numeric string, a boolean or `null`
//!   (0); a boolean accepts 0/1 and "true"; a float a numeric string. So a sparse or
//!   partly-null payload from a real server still decodes, and so does one with a number
//!   where the document says text.
//!
//! Written by hand: no maintained crate folds keys or coerces types *while* deserializing
//! (serde-aux and the like go through a `Value` map first, which is the cost this avoids).
//! The `deserialize_with` helpers at the end give the same rules to single fields of types
//! read without the adapter (REST bodies).
//!
//! Optionally the adapter notes whether any key was *not* camelCase (starts with a capital
//! or holds `_`), so that `evtop events` can pass camelCase `data` through as sent.

use serde::de::value::{MapAccessDeserializer, SeqAccessDeserializer};
use serde::de::{
    self, DeserializeSeed, Deserializer, EnumAccess, IgnoredAny, MapAccess, SeqAccess, Visitor,
};
use serde::Deserialize;
use serde_json::Value;
use std::cell::Cell;
use std::fmt;

/// Where the adapter records that it saw a key that is not camelCase.
#[derive(Debug, Default)]
pub struct CamelCheck {
    not_camel: Cell<bool>,
}

impl CamelCheck {
    /// True when every key seen so far was camelCase (or there was none).
    pub fn all_camel(&self) -> bool {
        !self.not_camel.get()
    }

    /// Notes a key that was (not) camelCase.
    pub fn note(&self, camel: bool) {
        if !camel {
            self.not_camel.set(true);
        }
    }

    /// Notes that some key was not camelCase.
    pub fn set_not_camel(&self) {
        self.not_camel.set(true);
    }
}

/// A deserializer that folds keys and accepts near types (see the module doc).
pub struct Lenient<'c, D> {
    inner: D,
    casing: Option<&'c CamelCheck>,
}

impl<'c, D> Lenient<'c, D> {
    pub fn new(inner: D) -> Self {
        Lenient {
            inner,
            casing: None,
        }
    }

    /// Also records in `casing` whether every key was camelCase.
    pub fn noting(inner: D, casing: &'c CamelCheck) -> Self {
        Lenient {
            inner,
            casing: Some(casing),
        }
    }

    fn wrap<V>(&self, visitor: V) -> Wrap<'c, V> {
        Wrap {
            visitor,
            casing: self.casing,
        }
    }
}

/// Deserializes `T` from `d` with folded keys and near types.
pub fn from<'de, T: Deserialize<'de>, D: Deserializer<'de>>(d: D) -> Result<T, D::Error> {
    T::deserialize(Lenient::new(d))
}

/// The names serde_json gives its raw-value newtype: passed through untouched.
fn is_raw_value(name: &str) -> bool {
    name.starts_with("$serde_json::private")
}

macro_rules! forward_wrapped {
    ($($method:ident),*) => {$(
        fn $method<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, D::Error> {
            let v = self.wrap(visitor);
            self.inner.$method(v)
        }
    )*};
}

/// The coercion each scalar request gets, as one list for the two readers that must
/// agree on it (this adapter and `direct::Reader`): `$write!(method => Coercion, …)`.
macro_rules! with_coercions {
    ($write:ident) => {
        $write!(
            deserialize_bool => AsBool,
            deserialize_i8 => AsInt,
            deserialize_i16 => AsInt,
            deserialize_i32 => AsInt,
            deserialize_i64 => AsInt,
            deserialize_u8 => AsInt,
            deserialize_u16 => AsInt,
            deserialize_u32 => AsInt,
            deserialize_u64 => AsInt,
            deserialize_f32 => AsFloat,
            deserialize_f64 => AsFloat,
            deserialize_str => AsString,
            deserialize_string => AsString
        );
    };
}
pub(crate) use with_coercions;

macro_rules! coerced {
    ($($method:ident => $coerce:ident),*) => {$(
        fn $method<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, D::Error> {
            self.inner.deserialize_any($coerce(visitor))
        }
    )*};
}

impl<'de, D: Deserializer<'de>> Deserializer<'de> for Lenient<'_, D> {
    type Error = D::Error;

    forward_wrapped!(
        deserialize_any,
        deserialize_char,
        deserialize_bytes,
        deserialize_byte_buf,
        deserialize_unit,
        deserialize_seq,
        deserialize_map
    );

    with_coercions!(coerced);

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, D::Error> {
        let v = self.wrap(visitor);
        self.inner.deserialize_option(v)
    }

    fn deserialize_unit_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        visitor: V,
    ) -> Result<V::Value, D::Error> {
        let v = self.wrap(visitor);
        self.inner.deserialize_unit_struct(name, v)
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        visitor: V,
    ) -> Result<V::Value, D::Error> {
        if is_raw_value(name) {
            return self.inner.deserialize_newtype_struct(name, visitor);
        }
        let v = self.wrap(visitor);
        self.inner.deserialize_newtype_struct(name, v)
    }

    fn deserialize_tuple<V: Visitor<'de>>(
        self,
        len: usize,
        visitor: V,
    ) -> Result<V::Value, D::Error> {
        let v = self.wrap(visitor);
        self.inner.deserialize_tuple(len, v)
    }

    fn deserialize_tuple_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        len: usize,
        visitor: V,
    ) -> Result<V::Value, D::Error> {
        let v = self.wrap(visitor);
        self.inner.deserialize_tuple_struct(name, len, v)
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, D::Error> {
        let v = self.wrap(visitor);
        self.inner.deserialize_struct(name, fields, v)
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        name: &'static str,
        variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, D::Error> {
        self.inner.deserialize_enum(name, variants, visitor)
    }

    fn deserialize_identifier<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, D::Error> {
        self.inner.deserialize_identifier(visitor)
    }

    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, D::Error> {
        self.inner.deserialize_ignored_any(visitor)
    }

    fn is_human_readable(&self) -> bool {
        self.inner.is_human_readable()
    }
}

/// A visitor whose maps, sequences and options continue under the adapter.
struct Wrap<'c, V> {
    visitor: V,
    casing: Option<&'c CamelCheck>,
}

macro_rules! visit_forward {
    ($($method:ident($ty:ty)),*) => {$(
        fn $method<E: de::Error>(self, v: $ty) -> Result<Self::Value, E> {
            self.visitor.$method(v)
        }
    )*};
}

impl<'de, 'c, V: Visitor<'de>> Visitor<'de> for Wrap<'c, V> {
    type Value = V::Value;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        self.visitor.expecting(f)
    }

    visit_forward!(
        visit_bool(bool),
        visit_i64(i64),
        visit_u64(u64),
        visit_i128(i128),
        visit_u128(u128),
        visit_f64(f64),
        visit_char(char),
        visit_str(&str),
        visit_borrowed_str(&'de str),
        visit_string(String),
        visit_bytes(&[u8]),
        visit_borrowed_bytes(&'de [u8]),
        visit_byte_buf(Vec<u8>)
    );

    fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
        self.visitor.visit_none()
    }

    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        self.visitor.visit_unit()
    }

    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        self.visitor.visit_some(Lenient {
            inner: d,
            casing: self.casing,
        })
    }

    fn visit_newtype_struct<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        self.visitor.visit_newtype_struct(Lenient {
            inner: d,
            casing: self.casing,
        })
    }

    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Self::Value, A::Error> {
        self.visitor.visit_seq(LenientSeq {
            inner: seq,
            casing: self.casing,
        })
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
        self.visitor.visit_map(FoldedMap {
            inner: map,
            casing: self.casing,
        })
    }

    fn visit_enum<A: EnumAccess<'de>>(self, data: A) -> Result<Self::Value, A::Error> {
        self.visitor.visit_enum(data)
    }
}

struct LenientSeq<'c, A> {
    inner: A,
    casing: Option<&'c CamelCheck>,
}

impl<'de, A: SeqAccess<'de>> SeqAccess<'de> for LenientSeq<'_, A> {
    type Error = A::Error;

    fn next_element_seed<T: DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, A::Error> {
        self.inner.next_element_seed(LenientSeed {
            seed,
            casing: self.casing,
        })
    }

    fn size_hint(&self) -> Option<usize> {
        self.inner.size_hint()
    }
}

/// An object whose keys reach the visitor folded to snake_case.
struct FoldedMap<'c, A> {
    inner: A,
    casing: Option<&'c CamelCheck>,
}

impl<'de, A: MapAccess<'de>> MapAccess<'de> for FoldedMap<'_, A> {
    type Error = A::Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, A::Error> {
        self.inner.next_key_seed(FoldedKey {
            seed,
            casing: self.casing,
        })
    }

    fn next_value_seed<T: DeserializeSeed<'de>>(&mut self, seed: T) -> Result<T::Value, A::Error> {
        self.inner.next_value_seed(LenientSeed {
            seed,
            casing: self.casing,
        })
    }

    fn size_hint(&self) -> Option<usize> {
        self.inner.size_hint()
    }
}

/// A seed read under the adapter (see [`seed`]).
pub struct LenientSeed<'c, S> {
    seed: S,
    casing: Option<&'c CamelCheck>,
}

impl<'de, S: DeserializeSeed<'de>> DeserializeSeed<'de> for LenientSeed<'_, S> {
    type Value = S::Value;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<S::Value, D::Error> {
        self.seed.deserialize(Lenient {
            inner: d,
            casing: self.casing,
        })
    }
}

/// Reads a key as text, folds it, and hands the folded text to the real key seed.
struct FoldedKey<'c, S> {
    seed: S,
    casing: Option<&'c CamelCheck>,
}

impl<'de, S: DeserializeSeed<'de>> DeserializeSeed<'de> for FoldedKey<'_, S> {
    type Value = S::Value;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<S::Value, D::Error> {
        d.deserialize_str(self)
    }
}

impl<'de, S: DeserializeSeed<'de>> Visitor<'de> for FoldedKey<'_, S> {
    type Value = S::Value;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an object key")
    }

    fn visit_borrowed_str<E: de::Error>(self, key: &'de str) -> Result<S::Value, E> {
        let folded = super::keycache::fold(key);
        if let Some(c) = self.casing {
            c.note(folded.camel);
        }
        if *folded.text == *key {
            self.seed
                .deserialize(de::value::BorrowedStrDeserializer::new(key))
        } else {
            self.seed
                .deserialize(de::value::StrDeserializer::new(&folded.text))
        }
    }

    fn visit_str<E: de::Error>(self, key: &str) -> Result<S::Value, E> {
        let folded = super::keycache::fold(key);
        if let Some(c) = self.casing {
            c.note(folded.camel);
        }
        self.seed
            .deserialize(de::value::StrDeserializer::new(&folded.text))
    }
}

// ---- pieces for readers that route keys themselves (the event envelope) --------------

/// `seed` read under the adapter (keys folded, near types), noting casing in `check`.
pub fn seed<S>(seed: S, check: &CamelCheck) -> LenientSeed<'_, S> {
    LenientSeed {
        seed,
        casing: Some(check),
    }
}

// ---- coercions -------------------------------------------------------------------------

/// JSON text of a number, as serde_json writes it (`1.0` stays `1.0`).
fn float_text(f: f64) -> String {
    serde_json::Number::from_f64(f)
        .map(|n| n.to_string())
        .unwrap_or_default()
}

/// Any value as text for a `String` field: strings as they are, numbers and booleans as
/// JSON text, `null` as empty, objects and arrays as their JSON text.
pub(crate) struct AsString<V>(pub(crate) V);

impl<'de, V: Visitor<'de>> Visitor<'de> for AsString<V> {
    type Value = V::Value;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("text")
    }
    fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<V::Value, E> {
        self.0.visit_borrowed_str(v)
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<V::Value, E> {
        self.0.visit_str(v)
    }
    fn visit_string<E: de::Error>(self, v: String) -> Result<V::Value, E> {
        self.0.visit_string(v)
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<V::Value, E> {
        self.0.visit_string(v.to_string())
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<V::Value, E> {
        self.0.visit_string(v.to_string())
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<V::Value, E> {
        self.0.visit_string(float_text(v))
    }
    fn visit_bool<E: de::Error>(self, v: bool) -> Result<V::Value, E> {
        self.0.visit_str(if v { "true" } else { "false" })
    }
    fn visit_unit<E: de::Error>(self) -> Result<V::Value, E> {
        self.0.visit_str("")
    }
    fn visit_none<E: de::Error>(self) -> Result<V::Value, E> {
        self.0.visit_str("")
    }
    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<V::Value, A::Error> {
        let v = Value::deserialize(MapAccessDeserializer::new(map))?;
        self.0.visit_string(v.to_string())
    }
    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<V::Value, A::Error> {
        let v = Value::deserialize(SeqAccessDeserializer::new(seq))?;
        self.0.visit_string(v.to_string())
    }
}

/// Any value as an integer: floats truncate (saturating), numeric text parses, booleans
/// are 0/1, everything else is 0.
pub(crate) struct AsInt<V>(pub(crate) V);

impl<'de, V: Visitor<'de>> AsInt<V> {
    fn give<E: de::Error>(self, n: i64) -> Result<V::Value, E> {
        self.0.visit_i64(n)
    }
}

impl<'de, V: Visitor<'de>> Visitor<'de> for AsInt<V> {
    type Value = V::Value;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an integer")
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<V::Value, E> {
        self.give(v)
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<V::Value, E> {
        self.give(i64::try_from(v).unwrap_or(i64::MAX))
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<V::Value, E> {
        self.give(v as i64)
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<V::Value, E> {
        self.give(v.trim().parse().unwrap_or(0))
    }
    fn visit_bool<E: de::Error>(self, v: bool) -> Result<V::Value, E> {
        self.give(i64::from(v))
    }
    fn visit_unit<E: de::Error>(self) -> Result<V::Value, E> {
        self.give(0)
    }
    fn visit_none<E: de::Error>(self) -> Result<V::Value, E> {
        self.give(0)
    }
    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<V::Value, A::Error> {
        IgnoredAny::deserialize(MapAccessDeserializer::new(map))?;
        self.give(0)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<V::Value, A::Error> {
        IgnoredAny::deserialize(SeqAccessDeserializer::new(seq))?;
        self.give(0)
    }
}

/// Any value as a float: numbers as they are, numeric text parses, the rest is 0.
pub(crate) struct AsFloat<V>(pub(crate) V);

impl<'de, V: Visitor<'de>> AsFloat<V> {
    fn give<E: de::Error>(self, n: f64) -> Result<V::Value, E> {
        self.0.visit_f64(n)
    }
}

impl<'de, V: Visitor<'de>> Visitor<'de> for AsFloat<V> {
    type Value = V::Value;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a number")
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<V::Value, E> {
        self.give(v as f64)
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<V::Value, E> {
        self.give(v as f64)
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<V::Value, E> {
        self.give(v)
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<V::Value, E> {
        self.give(v.trim().parse().unwrap_or(0.0))
    }
    fn visit_bool<E: de::Error>(self, _: bool) -> Result<V::Value, E> {
        self.give(0.0)
    }
    fn visit_unit<E: de::Error>(self) -> Result<V::Value, E> {
        self.give(0.0)
    }
    fn visit_none<E: de::Error>(self) -> Result<V::Value, E> {
        self.give(0.0)
    }
    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<V::Value, A::Error> {
        IgnoredAny::deserialize(MapAccessDeserializer::new(map))?;
        self.give(0.0)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<V::Value, A::Error> {
        IgnoredAny::deserialize(SeqAccessDeserializer::new(seq))?;
        self.give(0.0)
    }
}

/// Any value as a boolean: `true`, non-zero integers, "true" (any case) and "1".
pub(crate) struct AsBool<V>(pub(crate) V);

impl<'de, V: Visitor<'de>> AsBool<V> {
    fn give<E: de::Error>(self, b: bool) -> Result<V::Value, E> {
        self.0.visit_bool(b)
    }
}

impl<'de, V: Visitor<'de>> Visitor<'de> for AsBool<V> {
    type Value = V::Value;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a boolean")
    }
    fn visit_bool<E: de::Error>(self, v: bool) -> Result<V::Value, E> {
        self.give(v)
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<V::Value, E> {
        self.give(v != 0)
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<V::Value, E> {
        self.give(i64::try_from(v).is_ok_and(|v| v != 0))
    }
    fn visit_f64<E: de::Error>(self, _: f64) -> Result<V::Value, E> {
        self.give(false)
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<V::Value, E> {
        self.give(v.eq_ignore_ascii_case("true") || v == "1")
    }
    fn visit_unit<E: de::Error>(self) -> Result<V::Value, E> {
        self.give(false)
    }
    fn visit_none<E: de::Error>(self) -> Result<V::Value, E> {
        self.give(false)
    }
    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<V::Value, A::Error> {
        IgnoredAny::deserialize(MapAccessDeserializer::new(map))?;
        self.give(false)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<V::Value, A::Error> {
        IgnoredAny::deserialize(SeqAccessDeserializer::new(seq))?;
        self.give(false)
    }
}

// ---- single fields (REST bodies) ------------------------------------------------------

/// `deserialize_with` helpers with the same rules, for fields read without the adapter.
pub fn string<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    String::deserialize(Lenient::new(d))
}

pub fn int<'de, D: Deserializer<'de>>(d: D) -> Result<i64, D::Error> {
    i64::deserialize(Lenient::new(d))
}

pub fn float<'de, D: Deserializer<'de>>(d: D) -> Result<f64, D::Error> {
    f64::deserialize(Lenient::new(d))
}

pub fn boolean<'de, D: Deserializer<'de>>(d: D) -> Result<bool, D::Error> {
    bool::deserialize(Lenient::new(d))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[derive(Debug, Default, PartialEq, Deserialize)]
    #[serde(default)]
    struct Sample {
        user_id: String,
        wss_endpoint: String,
        count: i64,
        ratio: f64,
        flag: bool,
        maybe: Option<String>,
        nested: Option<Inner>,
        list: Vec<Inner>,
        raw: Option<Value>,
    }

    #[derive(Debug, Default, PartialEq, Deserialize)]
    #[serde(default)]
    struct Inner {
        call_back_id: String,
    }

    fn both(text: &str) -> Sample {
        let from_text: Sample = from(&mut serde_json::Deserializer::from_str(text)).unwrap();
        let value: Value = serde_json::from_str(text).unwrap();
        let from_value: Sample = from(value).unwrap();
        assert_eq!(from_text, from_value, "{text}");
        from_text
    }

    #[test]
    fn keys_in_any_casing_reach_the_field() {
        for key in ["UserID", "userId", "UserId", "user_id", "USER_ID"] {
            let s = both(&format!(r#"{{"{key}": "u"}}"#));
            assert_eq!(s.user_id, "u", "{key}");
        }
        for key in ["WSSEndpoint", "WssEndpoint", "wssEndpoint"] {
            assert_eq!(both(&format!(r#"{{"{key}": "w"}}"#)).wss_endpoint, "w");
        }
        let s = both(r#"{"Nested": {"CallBackId": "a"}, "List": [{"callBackId": "b"}]}"#);
        assert_eq!(s.nested.unwrap().call_back_id, "a");
        assert_eq!(s.list[0].call_back_id, "b");
    }

    #[test]
    fn near_types_read_as_the_field_type() {
        let s = both(
            r#"{"userId": 42, "wssEndpoint": null, "count": "17", "ratio": "0.5", "flag": 1,
                "maybe": null}"#,
        );
        assert_eq!(s.user_id, "42");
        assert_eq!(s.wss_endpoint, "");
        assert_eq!(s.count, 17);
        assert_eq!(s.ratio, 0.5);
        assert!(s.flag);
        assert_eq!(s.maybe, None);
        let s = both(r#"{"userId": true, "count": 2.9, "flag": "TRUE", "ratio": true}"#);
        assert_eq!(
            (s.user_id.as_str(), s.count, s.flag, s.ratio),
            ("true", 2, true, 0.0)
        );
        let s = both(r#"{"userId": {"a": 1}, "count": {"deep": [1]}, "flag": [true]}"#);
        assert_eq!(
            (s.user_id.as_str(), s.count, s.flag),
            (r#"{"a":1}"#, 0, false)
        );
        assert_eq!(both(r#"{"count": 1e300}"#).count, i64::MAX);
        assert_eq!(both(r#"{"count": 18446744073709551615}"#).count, i64::MAX);
    }

    #[test]
    fn nested_values_get_folded_keys() {
        let s = both(r#"{"Raw": {"InnerThing": [{"UserID": 1}]}}"#);
        assert_eq!(s.raw, Some(json!({"inner_thing": [{"user_id": 1}]})));
    }

    #[test]
    fn casing_is_noted() {
        let check = |text: &str| {
            let casing = CamelCheck::default();
            let _: Sample = Sample::deserialize(Lenient::noting(
                &mut serde_json::Deserializer::from_str(text),
                &casing,
            ))
            .unwrap();
            casing.all_camel()
        };
        assert!(check(r#"{"userId": "u", "nested": {"callBackId": "x"}}"#));
        assert!(!check(r#"{"userId": "u", "nested": {"CallBackId": "x"}}"#));
        assert!(!check(r#"{"user_id": "u"}"#));
    }

    #[test]
    fn raw_values_pass_through() {
        #[derive(Deserialize)]
        struct WithRaw<'a> {
            #[serde(borrow)]
            data: &'a serde_json::value::RawValue,
        }
        let text = r#"{"Data": {"KeepMe": 1}}"#;
        let w: WithRaw = from(&mut serde_json::Deserializer::from_str(text)).unwrap();
        assert_eq!(w.data.get(), r#"{"KeepMe": 1}"#);
    }
}
