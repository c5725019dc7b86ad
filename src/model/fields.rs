//! Object keys matched to struct fields by their exact spelling, without folding them.
//!
//! The receive path reads the same few keys in every event (`nbrOfQueuingRequesters`),
//! always in the same order. A [`FieldTable`] maps each spelling seen before to the field
//! it names (its position in the field lists, serde's `FIELDS`), and remembers which
//! spelling followed which: in the usual event the next key is the one that followed last
//! time, so a key costs one comparison. A spelling not seen before is folded to snake_case
//! once (as [`KeyBuf::fold`] folds it, so every casing the folding path accepts reaches the
//! same field) and learned. Bounded: at most [`MAX_SPELLINGS`] spellings per table and
//! [`MAX_TABLES`] tables per thread; beyond that keys are folded each time.

use super::casing::KeyBuf;
use super::keycache::WordHash;
use super::name::Name;
use std::cell::RefCell;
use std::collections::HashMap;
use std::hash::BuildHasherDefault;
use std::rc::Rc;

/// Spellings remembered per table at most.
pub const MAX_SPELLINGS: usize = 256;
/// Tables kept per thread at most.
pub const MAX_TABLES: usize = 256;
/// The slot of a key that names no field.
pub const UNKNOWN: u32 = u32::MAX;
/// No spelling (no successor learned yet; the start of an object).
const NONE: u32 = u32::MAX;

/// What a key names: its slot (the field's position across the table's lists, or
/// [`UNKNOWN`]) and whether it was camelCase as sent (no capital first, no `_`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Hit {
    pub slot: u32,
    pub camel: bool,
}

struct Spelling {
    text: Box<str>,
    /// No quote, backslash or control character: plain JSON text as it stands.
    plain: bool,
    hit: Hit,
    /// The spelling that followed this one last time.
    next: u32,
}

/// Spellings of the fields of one or more field lists (slots number the lists' names one
/// after the other).
pub struct FieldTable {
    names: Vec<&'static str>,
    spellings: Vec<Spelling>,
    index: HashMap<Box<str>, u32, BuildHasherDefault<WordHash>>,
    /// The spelling that came first in an object last time.
    first: u32,
    /// The text read last, by slot, for the fields read as a [`Name`].
    last_names: Vec<Name>,
}

/// Where a reader is in an object: the spelling of the key before (start: [`Cursor::default`]).
#[derive(Debug, Clone, Copy)]
pub struct Cursor(u32);

impl Default for Cursor {
    fn default() -> Self {
        Cursor(NONE)
    }
}

/// True when `key` is camelCase as the hub writes it.
pub fn is_camel(key: &str) -> bool {
    !(key.starts_with(|c: char| c.is_uppercase()) || key.as_bytes().contains(&b'_'))
}

impl FieldTable {
    pub fn new(lists: &[&'static [&'static str]]) -> Self {
        FieldTable {
            names: lists.iter().flat_map(|l| l.iter().copied()).collect(),
            spellings: Vec::new(),
            index: HashMap::default(),
            first: NONE,
            last_names: Vec::new(),
        }
    }

    /// The [`Name`] read last for `slot` (empty at first): envelope members such as the
    /// organization's id repeat from event to event, and a repeat is shared from here
    /// after one comparison, without a lookup in the thread's table of names.
    pub fn last_name(&mut self, slot: u32) -> &mut Name {
        let i = (slot as usize).min(self.names.len());
        if self.last_names.len() <= i {
            self.last_names.resize(i + 1, Name::default());
        }
        &mut self.last_names[i]
    }

    /// The field name of a slot (its name in the field lists).
    pub fn name(&self, slot: u32) -> Option<&'static str> {
        self.names.get(slot as usize).copied()
    }

    /// The spelling that usually comes next (after `at`), to be compared with the text
    /// at hand before reading a key there: its index and text. Only spellings that are
    /// plain JSON text as they stand (no quote, backslash or control character).
    pub fn expected(&self, at: &Cursor) -> Option<(u32, &str)> {
        let guess = match at.0 {
            NONE => self.first,
            i => self.spellings.get(i as usize)?.next,
        };
        let s = self.spellings.get(guess as usize)?;
        s.plain.then_some((guess, &*s.text))
    }

    /// The expected spelling `i` was there: what it names; `at` moves on to it.
    pub fn take(&mut self, at: &mut Cursor, i: u32) -> Hit {
        self.follow(at, i);
        self.spellings[i as usize].hit
    }

    /// What `key` names; `at` moves on to it.
    pub fn find(&mut self, at: &mut Cursor, key: &str) -> Hit {
        let guess = match at.0 {
            NONE => self.first,
            i => self.spellings[i as usize].next,
        };
        let i = match self.spellings.get(guess as usize) {
            Some(s) if same(s.text.as_bytes(), key.as_bytes()) => guess,
            _ => match self.index.get(key) {
                Some(&i) => i,
                None => return self.learn(at, key),
            },
        };
        self.follow(at, i);
        self.spellings[i as usize].hit
    }

    fn follow(&mut self, at: &mut Cursor, i: u32) {
        match at.0 {
            NONE => self.first = i,
            prev => self.spellings[prev as usize].next = i,
        }
        at.0 = i;
    }

    /// A spelling not seen before: folded, matched to a field, remembered if there is room.
    fn learn(&mut self, at: &mut Cursor, key: &str) -> Hit {
        let mut buf = KeyBuf::new();
        let folded = buf.fold(key);
        let slot = self
            .names
            .iter()
            .position(|n| *n == folded)
            .map_or(UNKNOWN, |p| p as u32);
        let hit = Hit {
            slot,
            camel: is_camel(key),
        };
        if self.spellings.len() < MAX_SPELLINGS {
            let i = self.spellings.len() as u32;
            self.spellings.push(Spelling {
                text: key.into(),
                plain: !key.bytes().any(|c| c == b'"' || c == b'\\' || c < 0x20),
                hit,
                next: NONE,
            });
            self.index.insert(key.into(), i);
            self.follow(at, i);
        } else {
            *at = Cursor::default();
        }
        hit
    }
}

/// Byte equality for short keys, eight bytes at a time and inline (a `memcmp` call
/// per key cost more than the compare itself).
fn same(a: &[u8], b: &[u8]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    let word = |s: &[u8]| {
        let mut w = [0u8; 8];
        w[..s.len()].copy_from_slice(s);
        u64::from_le_bytes(w)
    };
    let (mut a, mut b) = (a, b);
    while a.len() >= 8 {
        if word(&a[..8]) != word(&b[..8]) {
            return false;
        }
        a = &a[8..];
        b = &b[8..];
    }
    word(a) == word(b)
}

/// Tables by their field lists' addresses (hashed a word at a time: the keys are ours,
/// not the server's).
type Tables = HashMap<(usize, usize, usize), Rc<RefCell<FieldTable>>, BuildHasherDefault<WordHash>>;

thread_local! {
    static TABLES: RefCell<Tables> = RefCell::new(Tables::default());
}

/// This thread's table for these field lists (the lists are serde's `FIELDS` constants,
/// known by their address); `None` when the thread keeps too many already.
pub fn table(lists: &[&'static [&'static str]]) -> Option<Rc<RefCell<FieldTable>>> {
    let key = match lists {
        [a] => (a.as_ptr() as usize, a.len(), 0),
        [a, b] => (a.as_ptr() as usize, a.len(), b.as_ptr() as usize),
        _ => return None,
    };
    TABLES.with(|t| {
        let mut t = t.try_borrow_mut().ok()?;
        if let Some(table) = t.get(&key) {
            return Some(table.clone());
        }
        if t.len() >= MAX_TABLES {
            return None;
        }
        let table = Rc::new(RefCell::new(FieldTable::new(lists)));
        t.insert(key, table.clone());
        Some(table)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const A: &[&str] = &["event_type", "entity_id", "message_ttl_seconds"];
    const B: &[&str] = &["queue_id", "nbr_of_providers"];

    #[test]
    fn every_casing_reaches_its_field_and_the_order_is_learned() {
        let mut t = FieldTable::new(&[A, B]);
        let keys = [
            ("eventType", 0, true),
            ("EntityId", 1, false),
            ("messageTTLSeconds", 2, true),
            ("MessageTtlSeconds", 2, false),
            ("message_ttl_seconds", 2, false),
            ("QueueID", 3, false),
            ("queueId", 3, true),
            ("nbrOfProviders", 4, true),
            ("somethingElse", UNKNOWN, true),
        ];
        for round in 0..3 {
            let mut at = Cursor::default();
            for (key, slot, camel) in keys {
                assert_eq!(t.find(&mut at, key), Hit { slot, camel }, "{key} ({round})");
            }
            // Another order, then the first again.
            let mut at = Cursor::default();
            for (key, slot, camel) in keys.iter().rev() {
                assert_eq!(
                    t.find(&mut at, key),
                    Hit {
                        slot: *slot,
                        camel: *camel
                    }
                );
            }
        }
        assert_eq!(t.name(3), Some("queue_id"));
        assert_eq!(t.name(UNKNOWN), None);
    }

    #[test]
    fn a_flood_of_spellings_stays_bounded_and_still_right() {
        let mut t = FieldTable::new(&[A]);
        let mut at = Cursor::default();
        for i in 0..(MAX_SPELLINGS * 2) {
            let key = format!("x{i}");
            assert_eq!(t.find(&mut at, &key).slot, UNKNOWN);
            assert_eq!(t.find(&mut at, "entityId").slot, 1);
        }
        assert!(t.spellings.len() <= MAX_SPELLINGS);
        let mut at = Cursor::default();
        assert_eq!(t.find(&mut at, "EventType").slot, 0);
    }

    #[test]
    fn only_plain_spellings_are_expected_where_they_stand() {
        let mut t = FieldTable::new(&[A]);
        let mut at = Cursor::default();
        t.find(&mut at, "eventType");
        t.find(&mut at, "entity\"Id");
        t.find(&mut at, "messageTTLSeconds");
        let mut at = Cursor::default();
        let (i, text) = t.expected(&at).expect("the first key is expected");
        assert_eq!(text, "eventType");
        assert_eq!(t.take(&mut at, i).slot, 0);
        assert_eq!(
            t.expected(&at),
            None,
            "a spelling with a quote is read, not compared"
        );
        t.find(&mut at, "entity\"Id");
        assert_eq!(t.expected(&at).map(|(_, s)| s), Some("messageTTLSeconds"));
    }

    #[test]
    fn same_is_byte_equality() {
        let words = [
            "",
            "a",
            "ab",
            "abcdefg",
            "abcdefgh",
            "abcdefghi",
            "abcdefghijklmnopq",
        ];
        for a in words {
            for b in words {
                assert_eq!(same(a.as_bytes(), b.as_bytes()), a == b, "{a} {b}");
                let mut c = b.as_bytes().to_vec();
                if let Some(last) = c.last_mut() {
                    *last ^= 1;
                    assert!(!same(b.as_bytes(), &c), "{b}");
                }
            }
        }
    }

    #[test]
    fn tables_are_kept_per_list_and_bounded() {
        let a = table(&[A]).unwrap();
        assert!(Rc::ptr_eq(&a, &table(&[A]).unwrap()));
        assert!(!Rc::ptr_eq(&a, &table(&[A, B]).unwrap()));
    }
}
