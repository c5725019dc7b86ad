//! Subscriptions remembered per thread by their text. Every event of a subscription
//! carries the same `subscription` object, byte for byte; when the text at hand starts
//! with an object read before, that object is the value (a JSON object ends at its own
//! closing brace), so it is shared instead of parsed again. Bounded: at most
//! [`MAX_SUBSCRIPTIONS`] objects of at most [`MAX_TEXT`] bytes per thread; others are
//! parsed each time.

use super::events::Subscription;
use super::keycache::WordHash;
use std::cell::RefCell;
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::Arc;

/// Subscriptions remembered per thread at most.
pub const MAX_SUBSCRIPTIONS: usize = 1024;
/// Longer subscription objects are not remembered.
pub const MAX_TEXT: usize = 2048;
/// The bytes hashed to find candidates (enough to cover a leading `id`).
const PREFIX: usize = 48;

/// Objects read before whose text starts alike: (the object's text, the subscription).
type Bucket = Vec<(Box<str>, Arc<Subscription>)>;

#[derive(Default)]
struct Table {
    /// Prefix hash → the objects with that prefix.
    buckets: HashMap<u64, Bucket, BuildHasherDefault<WordHash>>,
    len: usize,
}

thread_local! {
    static SUBSCRIPTIONS: RefCell<Table> = RefCell::new(Table::default());
}

fn prefix_hash(text: &str) -> u64 {
    let b = text.as_bytes();
    let mut h = WordHash::default();
    h.write(&b[..b.len().min(PREFIX)]);
    h.finish()
}

/// The subscription object at `at` in `text` and the index after it: remembered, or
/// read by `parse` (which answers the same) and remembered.
pub fn read(
    text: &str,
    at: usize,
    parse: impl FnOnce() -> Option<(Subscription, usize)>,
) -> Option<(Arc<Subscription>, usize)> {
    let rest = text.get(at..)?;
    let hash = prefix_hash(rest);
    let hit = SUBSCRIPTIONS.with(|t| {
        let t = t.try_borrow().ok()?;
        t.buckets
            .get(&hash)?
            .iter()
            .find(|(known, _)| rest.starts_with(&**known))
            .map(|(known, s)| (s.clone(), at + known.len()))
    });
    if hit.is_some() {
        return hit;
    }
    let (subscription, end) = parse()?;
    let subscription = Arc::new(subscription);
    let object = text.get(at..end)?;
    if object.len() <= MAX_TEXT {
        SUBSCRIPTIONS.with(|t| {
            if let Ok(mut t) = t.try_borrow_mut() {
                if t.len < MAX_SUBSCRIPTIONS {
                    t.len += 1;
                    let entry = (object.into(), subscription.clone());
                    t.buckets.entry(hash).or_default().push(entry);
                }
            }
        });
    }
    Some((subscription, end))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str, at: usize) -> Option<(Subscription, usize)> {
        let (s, end) = crate::json_walk::value::<serde_json::Value>(text, at)?;
        let s: Subscription = crate::model::lenient::from(s).ok()?;
        Some((s, end))
    }

    #[test]
    fn the_same_text_gives_the_same_subscription_and_end() {
        let a = r#"{"id":"a1","eventType":"QueueStatus","entityId":"q1"}"#;
        let b = r#"{"id":"a1","eventType":"QueueStatus","entityId":"q2"}"#;
        for (text, entity) in [(a, "q1"), (a, "q1"), (b, "q2"), (a, "q1"), (b, "q2")] {
            let framed = format!("[{text}  ,1]");
            let (s, end) = read(&framed, 1, || parse(&framed, 1)).expect("read");
            assert_eq!(s.entity_id, entity);
            assert_eq!(&framed[end..], "  ,1]");
        }
        // A longer object that starts like a known one's prefix is not mistaken for it.
        let c = r#"{"id":"a1","eventType":"QueueStatus","entityId":"q1x"}"#;
        let (s, _) = read(c, 0, || parse(c, 0)).unwrap();
        assert_eq!(s.entity_id, "q1x");
        // A flood of distinct objects: read right, the table stays bounded.
        for i in 0..(MAX_SUBSCRIPTIONS + 50) {
            let t = format!(r#"{{"id":"x{i}","entityId":"e{i}"}}"#);
            let (s, _) = read(&t, 0, || parse(&t, 0)).unwrap();
            assert_eq!(s.entity_id, format!("e{i}"));
        }
        SUBSCRIPTIONS.with(|t| assert!(t.borrow().len <= MAX_SUBSCRIPTIONS));
    }
}
