//! The published-events log for `GET /_sim/published?since=SEQ`: every event the
//! simulator published (model, controls, firehose), numbered from 1, in a ring of the
//! last [`KEPT`] (or a few more: batches are kept whole). A test reads it to count exactly
//! what a client should have received.

use super::state::Published;
use serde_json::value::RawValue;
use serde_json::{json, Value};
use std::collections::VecDeque;
use std::sync::Arc;

/// Events kept (the oldest batches go first).
pub const KEPT: usize = 10_000;

/// One published batch, shared with the bus (kept without a copy), and the number of its
/// first event.
#[derive(Debug, Clone)]
struct Entry {
    first: u64,
    batch: Arc<[Published]>,
}

/// The ring and the last sequence number given.
#[derive(Debug, Default)]
pub struct Log {
    entries: VecDeque<Entry>,
    /// Events in `entries`.
    kept: usize,
    last: u64,
}

impl Log {
    /// Numbers and keeps a batch; returns the number of its last event.
    pub fn push(&mut self, batch: Arc<[Published]>) -> u64 {
        if batch.is_empty() {
            return self.last;
        }
        let first = self.last + 1;
        self.last += batch.len() as u64;
        self.kept += batch.len();
        self.entries.push_back(Entry { first, batch });
        while let Some(front) = self.entries.front() {
            if self.kept - front.batch.len() < KEPT {
                break;
            }
            self.kept -= front.batch.len();
            self.entries.pop_front();
        }
        self.last
    }

    /// The last sequence number given (0: none yet).
    pub fn last(&self) -> u64 {
        self.last
    }

    /// The answer to `?since=SEQ`: the kept events numbered above `since`, at most
    /// `limit`, oldest first. `Oldest` is the first number still kept, so a reader can
    /// tell it missed some (`since + 1 < Oldest`); `Last` is the newest number given.
    pub fn since(&self, since: u64, limit: usize) -> Value {
        let events: Vec<Value> = self
            .entries
            .iter()
            .flat_map(|e| (e.first..).zip(e.batch.iter()))
            .filter(|(seq, _)| *seq > since)
            .take(limit)
            .map(|(seq, event)| {
                let data = RawValue::from_string(event.data.clone())
                    .ok()
                    .and_then(|raw| serde_json::to_value(raw).ok())
                    .unwrap_or(Value::Null);
                json!({
                    "Seq": seq,
                    "EventName": event.kind.name(),
                    "EntityId": event.entity_id,
                    "Data": data,
                })
            })
            .collect();
        json!({
            "Oldest": self.entries.front().map_or(self.last + 1, |e| e.first),
            "Last": self.last,
            "Events": events,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::events::EventKind;

    fn event(i: usize) -> Arc<[Published]> {
        Arc::new([Published {
            kind: EventKind::QueueStatus,
            entity_id: "q".into(),
            data: format!("{{\"n\":{i}}}"),
        }])
    }

    #[test]
    fn numbers_from_one_and_keeps_only_the_newest() {
        let mut log = Log::default();
        assert_eq!(log.since(0, 10)["Oldest"], 1);
        for i in 0..(KEPT + 5) {
            log.push(event(i));
        }
        let all = log.since(0, usize::MAX);
        assert_eq!(all["Oldest"], 6);
        assert_eq!(all["Last"], (KEPT + 5) as u64);
        assert_eq!(all["Events"].as_array().unwrap().len(), KEPT);
        let tail = log.since((KEPT + 3) as u64, 10);
        let seqs: Vec<u64> = tail["Events"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["Seq"].as_u64().unwrap())
            .collect();
        assert_eq!(seqs, vec![(KEPT + 4) as u64, (KEPT + 5) as u64]);
        assert_eq!(tail["Events"][1]["Data"]["n"], (KEPT + 4) as u64);
        assert_eq!(log.since(0, 3)["Events"].as_array().unwrap().len(), 3);
    }
}
