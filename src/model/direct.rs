//! An event's `data` object read straight from the record's text into its typed
//! payload: one pass, no `serde_json` reader, no adapter layers.
//!
//! Written by hand: serde_json's stream reader behind the [`Lenient`](super::lenient)
//! adapter, the envelope splitter and the key seed took about half of `evtop events`'
//! CPU under a firehose, and no crate reads JSON leniently (folded keys, near types)
//! while deserializing. This reader gives the derived `Deserialize` impls the same
//! values the adapter gives them (it reuses the adapter's coercions) for the usual
//! shape of an event: plain keys, scalar values, objects and arrays of them. Anything
//! else — an escape in a key, a malformed token, an object where text is expected —
//! ends the read with [`Unusual`], and the caller takes the general path, which
//! decides (and reports a decode error where there is one). So this reader never
//! answers differently from the general path; it only answers faster (a proptest in
//! `events.rs` compares the two).

use super::events::{Envelope, ENVELOPE_FIELDS, ENVELOPE_SLOTS};
use super::fields;
use super::lenient::{AsBool, AsFloat, AsInt, AsString, CamelCheck};
use super::name::Name;
use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use serde::Deserialize;
use std::fmt;

/// Not the usual shape: the general path reads this one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Unusual;

impl fmt::Display for Unusual {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("not the usual shape")
    }
}

impl std::error::Error for Unusual {}

impl de::Error for Unusual {
    fn custom<T: fmt::Display>(_: T) -> Self {
        Unusual
    }
}

type Result<T> = std::result::Result<T, Unusual>;

/// The envelope and the payload `P` of the data object at `at` in `text`, and the index
/// just after its closing brace.
pub fn read_data<'de, P: Deserialize<'de>>(
    text: &'de str,
    at: usize,
    check: &CamelCheck,
) -> Result<(Envelope, P, usize)> {
    let mut reader = Reader { text, at, check };
    reader.ws();
    if reader.peek() != Some(b'{') {
        return Err(Unusual);
    }
    reader.at += 1;
    let mut envelope = Envelope::default();
    let payload = P::deserialize(DataObject {
        reader: &mut reader,
        envelope: &mut envelope,
    })?;
    Ok((envelope, payload, reader.at))
}

/// A position in the text, and where key casing is noted.
struct Reader<'de, 'c> {
    text: &'de str,
    at: usize,
    check: &'c CamelCheck,
}

/// A string value: a slice of the text, or (it held escapes) its unescaped copy.
enum Text<'de> {
    Borrowed(&'de str),
    Owned(String),
}

/// A number as serde_json would report it.
enum Number {
    U(u64),
    I(i64),
    F(f64),
}

impl<'de> Reader<'de, '_> {
    fn bytes(&self) -> &'de [u8] {
        self.text.as_bytes()
    }

    fn ws(&mut self) {
        self.at = crate::json_walk::ws(self.bytes(), self.at);
    }

    fn peek(&self) -> Option<u8> {
        self.bytes().get(self.at).copied()
    }

    /// The string that starts at the current `"`.
    fn string(&mut self) -> Result<Text<'de>> {
        let b = self.bytes();
        let start = self.at + 1;
        let end = string_stop(b, start);
        match b.get(end) {
            Some(b'"' | b'\\') => {}
            // JSON forbids raw control characters in strings (serde_json refuses them).
            _ => return Err(Unusual),
        }
        if b[end] == b'"' {
            self.at = end + 1;
            return Ok(Text::Borrowed(self.text.get(start..end).ok_or(Unusual)?));
        }
        // Escapes: find the closing quote, and unescape as serde_json does.
        let mut i = end;
        loop {
            match b.get(i) {
                Some(b'\\') => i += 2,
                Some(b'"') => break,
                Some(_) => i += 1,
                None => return Err(Unusual),
            }
        }
        let quoted = self.text.get(self.at..=i).ok_or(Unusual)?;
        let owned: String = serde_json::from_str(quoted).map_err(|_| Unusual)?;
        self.at = i + 1;
        Ok(Text::Owned(owned))
    }

    /// The number that starts here.
    fn number(&mut self) -> Result<Number> {
        let b = self.bytes();
        let start = self.at;
        let mut i = start;
        let mut plain = b.get(i) != Some(&b'-');
        while let Some(c) = b.get(i) {
            match c {
                b'0'..=b'9' => {}
                b'-' | b'+' | b'.' | b'e' | b'E' => plain = false,
                _ => break,
            }
            i += 1;
        }
        self.at = i;
        let digits = &b[start..i];
        // A plain integer that surely fits: read here (JSON allows no leading zero).
        if plain
            && !digits.is_empty()
            && digits.len() <= 18
            && (digits[0] != b'0' || digits.len() == 1)
        {
            let n = digits
                .iter()
                .fold(0u64, |n, d| n * 10 + u64::from(d - b'0'));
            return Ok(Number::U(n));
        }
        let text = self.text.get(start..i).ok_or(Unusual)?;
        let n: serde_json::Number = serde_json::from_str(text).map_err(|_| Unusual)?;
        if let Some(u) = n.as_u64() {
            Ok(Number::U(u))
        } else if let Some(i) = n.as_i64() {
            Ok(Number::I(i))
        } else {
            n.as_f64().map(Number::F).ok_or(Unusual)
        }
    }

    /// The literal `word` (`true`, `false`, `null`) here.
    fn literal(&mut self, word: &[u8]) -> Result<()> {
        let end = self.at + word.len();
        if self.bytes().get(self.at..end) != Some(word) {
            return Err(Unusual);
        }
        self.at = end;
        Ok(())
    }

    /// Skips the value here (checked as serde_json checks it).
    fn skip(&mut self) -> Result<()> {
        let (_, end) =
            crate::json_walk::value::<de::IgnoredAny>(self.text, self.at).ok_or(Unusual)?;
        self.at = end;
        Ok(())
    }

    /// After a member or element: `true` when another follows (`,`), `false` at the
    /// `close` that ends the object or array.
    fn more(&mut self, first: bool, close: u8) -> Result<bool> {
        self.ws();
        match self.peek() {
            Some(c) if c == close => {
                self.at += 1;
                Ok(false)
            }
            Some(b',') if !first => {
                self.at += 1;
                self.ws();
                Ok(true)
            }
            _ if first => Ok(true),
            _ => Err(Unusual),
        }
    }

    /// A member's key (plain text only) and the `:` after it.
    fn key(&mut self) -> Result<&'de str> {
        if self.peek() != Some(b'"') {
            return Err(Unusual);
        }
        let key = match self.string()? {
            Text::Borrowed(k) => k,
            Text::Owned(_) => return Err(Unusual),
        };
        self.ws();
        if self.peek() != Some(b':') {
            return Err(Unusual);
        }
        self.at += 1;
        self.ws();
        Ok(key)
    }

    /// The key here when it is exactly `plain` (which holds no quote, backslash or
    /// control character), and the `:` after it; otherwise nothing is read.
    fn key_if(&mut self, plain: &str) -> Option<&'de str> {
        let b = self.bytes();
        let start = self.at + 1;
        let end = start + plain.len();
        if b.get(self.at) != Some(&b'"') || b.get(end) != Some(&b'"') {
            return None;
        }
        if b.get(start..end)? != plain.as_bytes() {
            return None;
        }
        let key = self.text.get(start..end)?;
        let colon = crate::json_walk::ws(b, end + 1);
        if b.get(colon) != Some(&b':') {
            return None;
        }
        self.at = crate::json_walk::ws(b, colon + 1);
        Some(key)
    }

    /// A [`Name`] value; shared with `last` (the one read last in its place) when it is
    /// the same plain text, and kept there.
    fn name(&mut self, last: &mut Name) -> Result<Name> {
        let start = self.at;
        self.ws();
        if self.peek() == Some(b'"') {
            if let Text::Borrowed(text) = self.string()? {
                if last.as_str() != text {
                    *last = Name::new(text);
                }
                return Ok(last.clone());
            }
        }
        self.at = start;
        Name::deserialize(self)
    }

    /// A value that a coercion reads: scalars only (an object or array goes the general
    /// way, which keeps its keys as sent).
    fn scalar<V: Visitor<'de>>(&mut self, visitor: V) -> Result<V::Value> {
        self.ws();
        if matches!(self.peek(), Some(b'{' | b'[')) {
            return Err(Unusual);
        }
        self.any(visitor)
    }

    fn any<V: Visitor<'de>>(&mut self, visitor: V) -> Result<V::Value> {
        self.ws();
        match self.peek().ok_or(Unusual)? {
            b'"' => match self.string()? {
                Text::Borrowed(s) => visitor.visit_borrowed_str(s),
                Text::Owned(s) => visitor.visit_string(s),
            },
            b't' => {
                self.literal(b"true")?;
                visitor.visit_bool(true)
            }
            b'f' => {
                self.literal(b"false")?;
                visitor.visit_bool(false)
            }
            b'n' => {
                self.literal(b"null")?;
                visitor.visit_unit()
            }
            b'-' | b'0'..=b'9' => match self.number()? {
                Number::U(n) => visitor.visit_u64(n),
                Number::I(n) => visitor.visit_i64(n),
                Number::F(n) => visitor.visit_f64(n),
            },
            b'{' => {
                self.at += 1;
                visitor.visit_map(Members {
                    reader: self,
                    first: true,
                })
            }
            b'[' => {
                self.at += 1;
                visitor.visit_seq(Elements {
                    reader: self,
                    first: true,
                })
            }
            _ => Err(Unusual),
        }
    }
}

/// The index of the first `"`, `\\` or control character at or after `at` (or the end).
/// Eight bytes at a time: strings are short (keys, ids), so a plain loop beats a
/// vectorised search's setup here.
fn string_stop(b: &[u8], mut at: usize) -> usize {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    // The lowest flagged byte of each test is exact (a false flag can only sit above
    // a true one), so the lowest of all three is the first stop.
    let zero = |v: u64| v.wrapping_sub(ONES) & !v & HIGH;
    while let Some(chunk) = b.get(at..at + 8) {
        let mut word = [0u8; 8];
        word.copy_from_slice(chunk);
        let w = u64::from_le_bytes(word);
        let stops = zero(w ^ (ONES * u64::from(b'"')))
            | zero(w ^ (ONES * u64::from(b'\\')))
            | (w.wrapping_sub(ONES * 0x20) & !w & HIGH);
        if stops != 0 {
            return at + (stops.trailing_zeros() / 8) as usize;
        }
        at += 8;
    }
    while let Some(&c) = b.get(at) {
        if c == b'"' || c == b'\\' || c < 0x20 {
            return at;
        }
        at += 1;
    }
    at
}

macro_rules! coerced {
    ($($method:ident => $coerce:ident),*) => {$(
        fn $method<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
            self.scalar($coerce(visitor))
        }
    )*};
}

macro_rules! unusual {
    ($($method:ident),*) => {$(
        fn $method<V: Visitor<'de>>(self, _visitor: V) -> Result<V::Value> {
            Err(Unusual)
        }
    )*};
}

/// A value, read as the lenient adapter reads it.
impl<'de> Deserializer<'de> for &mut Reader<'de, '_> {
    type Error = Unusual;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        self.any(visitor)
    }

    super::lenient::with_coercions!(coerced);

    unusual!(
        deserialize_char,
        deserialize_bytes,
        deserialize_byte_buf,
        deserialize_i128,
        deserialize_u128
    );

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        self.ws();
        if self.peek() == Some(b'n') {
            self.literal(b"null")?;
            visitor.visit_none()
        } else {
            visitor.visit_some(self)
        }
    }

    fn deserialize_unit<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        self.ws();
        self.literal(b"null")?;
        visitor.visit_unit()
    }

    fn deserialize_unit_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value> {
        self.deserialize_unit(visitor)
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        visitor: V,
    ) -> Result<V::Value> {
        // serde_json's raw values need its own reader.
        if name.starts_with("$serde_json") {
            return Err(Unusual);
        }
        visitor.visit_newtype_struct(self)
    }

    fn deserialize_seq<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        self.ws();
        if self.peek() != Some(b'[') {
            return Err(Unusual);
        }
        self.any(visitor)
    }

    fn deserialize_tuple<V: Visitor<'de>>(self, _len: usize, _visitor: V) -> Result<V::Value> {
        Err(Unusual)
    }

    fn deserialize_tuple_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _len: usize,
        _visitor: V,
    ) -> Result<V::Value> {
        Err(Unusual)
    }

    fn deserialize_map<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        self.ws();
        if self.peek() != Some(b'{') {
            return Err(Unusual);
        }
        self.any(visitor)
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value> {
        self.deserialize_map(visitor)
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        _visitor: V,
    ) -> Result<V::Value> {
        Err(Unusual)
    }

    fn deserialize_identifier<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        self.ws();
        if self.peek() != Some(b'"') {
            return Err(Unusual);
        }
        self.any(visitor)
    }

    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        self.ws();
        self.skip()?;
        visitor.visit_unit()
    }
}

/// A nested object: its keys reach the visitor folded to snake_case (as the adapter
/// folds them), their casing noted.
struct Members<'r, 'de, 'c> {
    reader: &'r mut Reader<'de, 'c>,
    first: bool,
}

impl<'de> MapAccess<'de> for Members<'_, 'de, '_> {
    type Error = Unusual;

    fn next_key_seed<K: DeserializeSeed<'de>>(&mut self, seed: K) -> Result<Option<K::Value>> {
        let first = std::mem::replace(&mut self.first, false);
        if !self.reader.more(first, b'}')? {
            return Ok(None);
        }
        let key = self.reader.key()?;
        let folded = super::keycache::fold(key);
        self.reader.check.note(folded.camel);
        if *folded.text == *key {
            seed.deserialize(de::value::BorrowedStrDeserializer::new(key))
                .map(Some)
        } else {
            seed.deserialize(de::value::StrDeserializer::new(&folded.text))
                .map(Some)
        }
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value> {
        seed.deserialize(&mut *self.reader)
    }
}

struct Elements<'r, 'de, 'c> {
    reader: &'r mut Reader<'de, 'c>,
    first: bool,
}

impl<'de> SeqAccess<'de> for Elements<'_, 'de, '_> {
    type Error = Unusual;

    fn next_element_seed<T: DeserializeSeed<'de>>(&mut self, seed: T) -> Result<Option<T::Value>> {
        let first = std::mem::replace(&mut self.first, false);
        if !self.reader.more(first, b']')? {
            return Ok(None);
        }
        seed.deserialize(&mut *self.reader).map(Some)
    }
}

/// The data object as the payload's derived `Deserialize` sees it: its envelope
/// members are taken out on the way, the others are handed on as field indexes.
struct DataObject<'r, 'e, 'de, 'c> {
    reader: &'r mut Reader<'de, 'c>,
    envelope: &'e mut Envelope,
}

impl<'de> Deserializer<'de> for DataObject<'_, '_, 'de, '_> {
    type Error = Unusual;

    fn deserialize_any<V: Visitor<'de>>(self, _visitor: V) -> Result<V::Value> {
        Err(Unusual)
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value> {
        let table = fields::table(&[ENVELOPE_FIELDS, fields]).ok_or(Unusual)?;
        let mut table = table.try_borrow_mut().map_err(|_| Unusual)?;
        visitor.visit_map(DataMembers {
            reader: self.reader,
            envelope: self.envelope,
            table: &mut table,
            at: fields::Cursor::default(),
            first: true,
        })
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string
        bytes byte_buf option unit unit_struct newtype_struct seq tuple
        tuple_struct map enum identifier ignored_any
    }
}

struct DataMembers<'r, 'e, 't, 'de, 'c> {
    reader: &'r mut Reader<'de, 'c>,
    envelope: &'e mut Envelope,
    table: &'t mut fields::FieldTable,
    at: fields::Cursor,
    first: bool,
}

impl<'de> MapAccess<'de> for DataMembers<'_, '_, '_, 'de, '_> {
    type Error = Unusual;

    fn next_key_seed<K: DeserializeSeed<'de>>(&mut self, seed: K) -> Result<Option<K::Value>> {
        loop {
            let first = std::mem::replace(&mut self.first, false);
            if !self.reader.more(first, b'}')? {
                return Ok(None);
            }
            // Usually the key that came here last time: compared where it stands,
            // without reading it as a string first.
            let expected = self.table.expected(&self.at);
            let (key, hit) = match expected.and_then(|(i, s)| Some((i, self.reader.key_if(s)?))) {
                Some((i, key)) => (key, self.table.take(&mut self.at, i)),
                None => {
                    let key = self.reader.key()?;
                    (key, self.table.find(&mut self.at, key))
                }
            };
            self.reader.check.note(hit.camel);
            let r = &mut *self.reader;
            let e = &mut *self.envelope;
            let mut name = || r.name(self.table.last_name(hit.slot));
            match hit.slot {
                0 => e.root_entity_type = name()?,
                1 => e.root_entity_id = name()?,
                2 => e.event_type = name()?,
                3 => e.entity_type = name()?,
                4 => e.entity_id = name()?,
                5 => e.id = String::deserialize(r)?,
                6 => e.timestamp = Deserialize::deserialize(r)?,
                7 => e.message_ttl_seconds = i64::deserialize(r)?,
                8 => e.organization_id = name()?,
                fields::UNKNOWN => {
                    // Named by no field: handed on folded (the payload ignores it).
                    let mut buf = super::casing::KeyBuf::new();
                    return seed
                        .deserialize(de::value::StrDeserializer::new(buf.fold(key)))
                        .map(Some);
                }
                slot => {
                    let index = u64::from(slot - ENVELOPE_SLOTS);
                    return seed
                        .deserialize(de::value::U64Deserializer::new(index))
                        .map(Some);
                }
            }
        }
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value> {
        seed.deserialize(&mut *self.reader)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn string_stop_finds_the_first_quote_backslash_or_control_character() {
        let slow = |b: &[u8], at: usize| {
            (at..b.len())
                .find(|&i| b[i] == b'"' || b[i] == b'\\' || b[i] < 0x20)
                .unwrap_or(b.len())
        };
        let pieces: &[&[u8]] = &[
            b"a",
            b"\"",
            b"\\",
            b"\x01",
            b"\x1f",
            b" ",
            b"\x7f",
            "ä".as_bytes(),
            "\u{202e}".as_bytes(),
            b"\xff",
        ];
        // Every placement of every stop among plain bytes, over a few word boundaries.
        for len in 0..20 {
            for stop in 0..len {
                for p in pieces {
                    let mut b = vec![b'x'; len];
                    b.splice(stop..stop + 1, p.iter().copied());
                    for at in 0..b.len().min(3) {
                        assert_eq!(string_stop(&b, at), slow(&b, at), "{b:?} from {at}");
                    }
                }
            }
        }
    }
}
