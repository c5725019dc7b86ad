//! Events held back while a connection restores its subscriptions (so that the owner
//! sees `Live` before them), bounded in bytes: past the bound the oldest are dropped,
//! counted, and the owner is told to refetch what it may have missed.

use crate::model::{EventPayload, RteEvent};
use std::collections::VecDeque;

/// Held events, oldest first, with an estimate of the memory they keep.
#[derive(Debug)]
pub struct Held {
    events: VecDeque<(RteEvent, usize)>,
    bytes: usize,
    limit: usize,
    /// Events dropped (oldest first) to stay under the limit, and their estimated bytes.
    pub dropped: usize,
    pub dropped_bytes: usize,
}

impl Held {
    pub fn new(limit: usize) -> Self {
        Held {
            events: VecDeque::new(),
            bytes: 0,
            limit,
            dropped: 0,
            dropped_bytes: 0,
        }
    }

    /// Holds `event`, read from a record of `record_len` bytes; drops the oldest while
    /// the total is over the limit. The event's data is copied out of its WebSocket
    /// message, so that a held event keeps only its own bytes alive.
    pub fn push(&mut self, mut event: RteEvent, record_len: usize) {
        if let Some(wire) = event.wire.as_mut() {
            wire.json = bytes::Bytes::copy_from_slice(&wire.json);
        }
        let size = estimate(&event, record_len);
        self.events.push_back((event, size));
        self.bytes += size;
        while self.bytes > self.limit {
            let Some((_, size)) = self.events.pop_front() else {
                break;
            };
            self.bytes -= size;
            self.dropped += 1;
            self.dropped_bytes += size;
        }
    }

    /// Estimated bytes held now.
    pub fn bytes(&self) -> usize {
        self.bytes
    }

    pub fn len(&self) -> usize {
        self.events.len()
    }

    pub fn is_empty(&self) -> bool {
        self.events.is_empty()
    }

    /// The held events, oldest first.
    pub fn into_events(self) -> Vec<RteEvent> {
        self.events.into_iter().map(|(e, _)| e).collect()
    }
}

/// Memory an event keeps, estimated from its record: the struct, its data's copy and
/// the decoded text (at most as long as the record); a payload kept as a JSON tree
/// (`Raw`) can take ten times its text.
fn estimate(event: &RteEvent, record_len: usize) -> usize {
    let per_byte = match event.payload {
        EventPayload::Raw(_) => 12,
        _ => 2,
    };
    std::mem::size_of::<RteEvent>() + record_len.saturating_mul(per_byte)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn event(name: &str) -> (RteEvent, usize) {
        let text = format!(
            r#"{{"subscription":{{"eventType":"QueueStatus"}},"data":{{"eventType":"QueueStatus","queueId":"q","queueName":"{name}"}}}}"#
        );
        let len = text.len();
        (RteEvent::from_message_text(&text), len)
    }

    #[test]
    fn the_oldest_are_dropped_past_the_limit() {
        let (_, len) = event("n-0000");
        let one = estimate(&event("n-0000").0, len);
        let mut held = Held::new(10 * one);
        for i in 0..100 {
            let (e, len) = event(&format!("n-{i:04}"));
            held.push(e, len);
            assert!(held.bytes() <= 10 * one);
        }
        assert_eq!(held.len(), 10);
        assert_eq!(held.dropped, 90);
        assert_eq!(held.dropped_bytes, 90 * one);
        let data: Vec<String> = held
            .into_events()
            .iter()
            .map(|e| String::from_utf8_lossy(&e.wire.as_ref().unwrap().json).into_owned())
            .collect();
        assert!(data[0].contains("n-0090"), "{}", data[0]);
        assert!(data[9].contains("n-0099"), "{}", data[9]);
    }

    #[test]
    fn an_event_larger_than_the_limit_is_not_kept() {
        let mut held = Held::new(100);
        let (e, len) = event(&"x".repeat(1000));
        held.push(e, len);
        assert!(held.is_empty() && held.bytes() == 0 && held.dropped == 1);
    }
}
