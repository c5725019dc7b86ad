//! The event log pane: the entries shown under the kind and text filters.

use super::text_matches;
use crate::app::state::{LogEntry, State};

/// The entries shown, oldest first.
pub fn visible(state: &State) -> Vec<&LogEntry> {
    let v = &state.view.log;
    state
        .log
        .entries
        .iter()
        .filter(|e| v.kind.is_none_or(|k| e.kind == k))
        .filter(|e| text_matches(&e.text, &v.filter))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::state::{LogKind, LogLevel, LOG_CAP};
    use chrono::Utc;

    #[test]
    fn bounded_and_filtered() {
        let mut s = State::new(Utc::now());
        for i in 0..(LOG_CAP + 3) {
            s.add_log(LogKind::Action, LogLevel::Ok, format!("entry {i}"));
        }
        s.add_log(LogKind::Alert, LogLevel::Alert, "Sales: waiting 90");
        assert_eq!(s.log.entries.len(), LOG_CAP);
        assert_eq!(s.log.dropped, 4);
        s.view.log.next_kind();
        assert_eq!(s.view.log.kind, Some(LogKind::Alert));
        assert_eq!(visible(&s).len(), 1);
        s.view.log.kind = None;
        s.view.log.filter = "entry 100".into();
        let shown: Vec<&str> = visible(&s).iter().map(|e| e.text.as_str()).collect();
        assert_eq!(
            shown,
            ["entry 100", "entry 1000", "entry 1001", "entry 1002"]
        );
        for _ in 0..=LogKind::ALL.len() {
            s.view.log.next_kind();
        }
        assert_eq!(s.view.log.kind, None, "cycles back to all");
    }
}
