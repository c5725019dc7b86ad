//! Folded keys remembered per thread. The receive path folds the same few dozen keys in
//! every event (`nbrOfQueuingRequesters` → `nbr_of_queuing_requesters`); a key seen
//! before costs a hash and a compare instead of folding it again, and the folded text is
//! shared, not copied. Bounded: at most [`MAX_KEYS`] keys of at most [`MAX_KEY_LEN`]
//! bytes are kept per thread; any other key is folded each time.

use super::casing::KeyBuf;
use std::cell::RefCell;
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::rc::Rc;

/// Keys remembered per thread at most.
pub const MAX_KEYS: usize = 512;
/// Longer keys are not remembered.
pub const MAX_KEY_LEN: usize = 64;

/// A key folded to snake_case, and whether the key as sent was camelCase (no capital
/// first, no underscore).
#[derive(Debug, Clone)]
pub struct Folded {
    pub text: Rc<str>,
    pub camel: bool,
}

/// A word-at-a-time multiply-rotate hash (as rustc's FxHash): keys are short, and the
/// tables using it are bounded, so collisions cost little.
#[derive(Default)]
pub(crate) struct WordHash(u64);

const SEED: u64 = 0x51_7c_c1_b7_27_22_0a_95;

impl WordHash {
    fn add(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(SEED);
    }
}

impl Hasher for WordHash {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        let mut words = bytes.chunks_exact(8);
        for w in &mut words {
            let mut b = [0u8; 8];
            b.copy_from_slice(w);
            self.add(u64::from_le_bytes(b));
        }
        let rest = words.remainder();
        if !rest.is_empty() {
            let mut b = [0u8; 8];
            b[..rest.len()].copy_from_slice(rest);
            self.add(u64::from_le_bytes(b) ^ ((rest.len() as u64) << 59));
        }
    }

    fn write_u8(&mut self, i: u8) {
        self.add(u64::from(i));
    }

    fn write_usize(&mut self, i: usize) {
        self.add(i as u64);
    }
}

type Table = HashMap<Box<str>, Folded, BuildHasherDefault<WordHash>>;

thread_local! {
    static KEYS: RefCell<Table> = RefCell::new(Table::default());
}

/// True when `key` is camelCase as the hub writes it.
fn is_camel(key: &str) -> bool {
    !(key.starts_with(|c: char| c.is_uppercase()) || key.as_bytes().contains(&b'_'))
}

fn fold_now(key: &str) -> Folded {
    Folded {
        text: Rc::from(KeyBuf::new().fold(key)),
        camel: is_camel(key),
    }
}

/// `key` folded to snake_case, as [`KeyBuf::fold`] folds it.
pub fn fold(key: &str) -> Folded {
    if key.len() > MAX_KEY_LEN {
        return fold_now(key);
    }
    KEYS.with(|keys| {
        // Never panics: a table in use (not expected) is simply not consulted.
        let Ok(mut keys) = keys.try_borrow_mut() else {
            return fold_now(key);
        };
        if let Some(f) = keys.get(key) {
            return f.clone();
        }
        let f = fold_now(key);
        if keys.len() < MAX_KEYS {
            keys.insert(key.into(), f.clone());
        }
        f
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_like_keybuf_and_remembers_within_bounds() {
        for key in [
            "nbrOfQueuingRequesters",
            "NbrOfQueuingRequesters",
            "nbr_of_queuing_requesters",
            "WSSEndpoint",
            "UserID",
            "id",
            "Ääkkönen",
        ] {
            let once = fold(key);
            let again = fold(key);
            assert_eq!(&*once.text, KeyBuf::new().fold(key), "{key}");
            assert_eq!(once.text, again.text);
            assert_eq!(once.camel, is_camel(key), "{key}");
        }
        assert!(fold("queueId").camel);
        assert!(!fold("QueueId").camel);
        assert!(!fold("queue_id").camel);
        // A flood of distinct keys: folded right, the table stays bounded.
        for i in 0..(MAX_KEYS * 3) {
            let key = format!("someKey{i}X");
            assert_eq!(&*fold(&key).text, KeyBuf::new().fold(&key));
        }
        KEYS.with(|k| assert!(k.borrow().len() <= MAX_KEYS));
        let long = "a".repeat(MAX_KEY_LEN + 1) + "B";
        assert_eq!(&*fold(&long).text, KeyBuf::new().fold(&long));
    }
}
