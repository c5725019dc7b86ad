//! [`Name`]: text that repeats from event to event (an organization's id, an entity's id,
//! a type name), shared instead of copied. Every event's envelope carries six of them;
//! read on one thread, equal texts share one allocation, so decoding an event does not
//! allocate (and dropping it does not free) six small strings. Bounded: at most
//! [`MAX_NAMES`] texts of at most [`MAX_LEN`] bytes are remembered per thread (the table
//! is emptied when full); others get an allocation of their own.

use super::keycache::WordHash;
use serde::de::{self, Deserializer, Visitor};
use serde::{Deserialize, Serialize, Serializer};
use std::cell::RefCell;
use std::collections::HashSet;
use std::fmt;
use std::hash::BuildHasherDefault;
use std::sync::Arc;

/// Texts remembered per thread at most.
pub const MAX_NAMES: usize = 4096;
/// Longer texts are not remembered.
pub const MAX_LEN: usize = 64;

/// Shared text; the empty text holds no allocation.
#[derive(Clone, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Name(Option<Arc<str>>);

thread_local! {
    static NAMES: RefCell<HashSet<Arc<str>, BuildHasherDefault<WordHash>>> =
        RefCell::new(HashSet::default());
}

impl Name {
    /// `text`, shared with the equal text read before on this thread if there is one.
    pub fn new(text: &str) -> Name {
        if text.is_empty() {
            return Name(None);
        }
        if text.len() > MAX_LEN {
            return Name(Some(Arc::from(text)));
        }
        let shared = NAMES.with(|names| {
            let mut names = names.try_borrow_mut().ok()?;
            if let Some(known) = names.get(text) {
                return Some(known.clone());
            }
            if names.len() >= MAX_NAMES {
                names.clear();
            }
            let new: Arc<str> = Arc::from(text);
            names.insert(new.clone());
            Some(new)
        });
        Name(Some(shared.unwrap_or_else(|| Arc::from(text))))
    }

    pub fn as_str(&self) -> &str {
        self.0.as_deref().unwrap_or("")
    }
}

impl std::ops::Deref for Name {
    type Target = str;

    fn deref(&self) -> &str {
        self.as_str()
    }
}

impl AsRef<str> for Name {
    fn as_ref(&self) -> &str {
        self.as_str()
    }
}

impl std::borrow::Borrow<str> for Name {
    fn borrow(&self) -> &str {
        self.as_str()
    }
}

impl From<&str> for Name {
    fn from(text: &str) -> Name {
        Name::new(text)
    }
}

impl From<String> for Name {
    fn from(text: String) -> Name {
        Name::new(&text)
    }
}

impl From<&String> for Name {
    fn from(text: &String) -> Name {
        Name::new(text)
    }
}

impl From<Name> for String {
    fn from(name: Name) -> String {
        name.as_str().to_owned()
    }
}

impl PartialEq<str> for Name {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == other
    }
}

impl PartialEq<&str> for Name {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl PartialEq<String> for Name {
    fn eq(&self, other: &String) -> bool {
        self.as_str() == other
    }
}

impl PartialEq<Name> for str {
    fn eq(&self, other: &Name) -> bool {
        self == other.as_str()
    }
}

impl PartialEq<Name> for String {
    fn eq(&self, other: &Name) -> bool {
        self.as_str() == other.as_str()
    }
}

impl PartialEq<Name> for &str {
    fn eq(&self, other: &Name) -> bool {
        *self == other.as_str()
    }
}

impl fmt::Debug for Name {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        fmt::Debug::fmt(self.as_str(), f)
    }
}

impl fmt::Display for Name {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for Name {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

/// Read as a `String` field is (under the lenient adapter, near types become text).
impl<'de> Deserialize<'de> for Name {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Name, D::Error> {
        d.deserialize_string(NameVisitor)
    }
}

struct NameVisitor;

impl<'de> Visitor<'de> for NameVisitor {
    type Value = Name;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("text")
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Name, E> {
        Ok(Name::new(v))
    }

    fn visit_bytes<E: de::Error>(self, v: &[u8]) -> Result<Name, E> {
        std::str::from_utf8(v)
            .map(Name::new)
            .map_err(|_| E::invalid_value(de::Unexpected::Bytes(v), &self))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn equal_texts_share_and_compare_as_text() {
        let a = Name::new("a2637d13-d171-4278-aadf-a8a3fbe8379b");
        let b = Name::from(String::from("a2637d13-d171-4278-aadf-a8a3fbe8379b"));
        assert_eq!(a, b);
        assert!(Arc::ptr_eq(a.0.as_ref().unwrap(), b.0.as_ref().unwrap()));
        assert_eq!(a, "a2637d13-d171-4278-aadf-a8a3fbe8379b");
        assert_eq!(Name::default(), "");
        assert!(Name::new("").0.is_none(), "empty holds nothing");
        assert_eq!(format!("{a}"), a.as_str());
        assert_eq!(serde_json::to_string(&a).unwrap(), format!("\"{a}\""));
        let long = "x".repeat(MAX_LEN + 1);
        assert_eq!(Name::new(&long), long.as_str());
    }

    #[test]
    fn the_table_stays_bounded_and_right() {
        for i in 0..(MAX_NAMES * 2 + 10) {
            let text = format!("name-{i}");
            assert_eq!(Name::new(&text), text.as_str());
        }
        NAMES.with(|n| assert!(n.borrow().len() <= MAX_NAMES));
    }

    #[test]
    fn reads_like_a_string_field() {
        let n: Name = serde_json::from_str("\"Queue\"").unwrap();
        assert_eq!(n, "Queue");
        let n: Name = crate::model::lenient::from(&serde_json::json!(12)).unwrap();
        assert_eq!(n, "12");
    }
}
