//! Derived views of the state: which rows the panes show, in which order. Shared by
//! `update()` (selection moves) and `draw()`.

use super::state::{AgentColumn, AgentRow, QueueColumn, QueueRow, State};
use std::cmp::Ordering;

/// Case-insensitive substring match; an empty needle matches everything.
pub fn text_matches(haystack: &str, needle: &str) -> bool {
    let needle = needle.trim();
    needle.is_empty() || haystack.to_lowercase().contains(&needle.to_lowercase())
}

/// Orders two names ignoring case, without allocating (it runs for every comparison of
/// every sort of every frame).
pub fn cmp_ignore_case(a: &str, b: &str) -> Ordering {
    a.chars()
        .flat_map(char::to_lowercase)
        .cmp(b.chars().flat_map(char::to_lowercase))
}

fn queue_cmp(s: &State, col: QueueColumn, a: &QueueRow, b: &QueueRow) -> Ordering {
    let now = s.now;
    match col {
        QueueColumn::Level => a
            .level(&s.thresholds, now)
            .cmp(&b.level(&s.thresholds, now)),
        QueueColumn::Name => cmp_ignore_case(&a.name, &b.name),
        QueueColumn::Open => a.open_status.cmp(&b.open_status),
        QueueColumn::Waiting => a.waiting.cmp(&b.waiting),
        QueueColumn::Longest => a.longest_wait_secs(now).cmp(&b.longest_wait_secs(now)),
        QueueColumn::Connected => (a.allocated + a.connected).cmp(&(b.allocated + b.connected)),
        QueueColumn::Free => a.free.cmp(&b.free),
        QueueColumn::Serving => a.serving.cmp(&b.serving),
        QueueColumn::WrapUp => a.wrap_up.cmp(&b.wrap_up),
        QueueColumn::ShortAway => a.short_away.cmp(&b.short_away),
        QueueColumn::LongAway => a.long_away.cmp(&b.long_away),
        QueueColumn::Fetch => a.fetch_mode.cmp(&b.fetch_mode),
    }
}

/// The queue rows shown, filtered and sorted; in wall mode alert rows come first.
pub fn visible_queues(s: &State) -> Vec<&QueueRow> {
    let mut rows: Vec<&QueueRow> = s
        .queues
        .values()
        .filter(|q| text_matches(&q.name, &s.view.queue_filter))
        .collect();
    let sort = s.view.queue_sort;
    rows.sort_by(|a, b| {
        let wall_first = if s.wall {
            b.level(&s.thresholds, s.now)
                .cmp(&a.level(&s.thresholds, s.now))
        } else {
            Ordering::Equal
        };
        let mut by_col = queue_cmp(s, sort.column, a, b);
        if sort.descending {
            by_col = by_col.reverse();
        }
        wall_first
            .then(by_col)
            .then_with(|| cmp_ignore_case(&a.name, &b.name))
            .then_with(|| a.id.cmp(&b.id))
    });
    rows
}

/// The name of the queue an agent is serving a call from, if known.
pub fn agent_queue_name<'a>(s: &'a State, a: &AgentRow) -> &'a str {
    a.active_queue_id
        .as_deref()
        .and_then(|id| s.queue_name(id))
        .unwrap_or("")
}

/// Seconds the agent has been in its current state.
pub fn in_state_secs(s: &State, a: &AgentRow) -> Option<i64> {
    a.state_since.map(|t| (s.now - t).num_seconds().max(0))
}

fn agent_cmp(s: &State, col: AgentColumn, a: &AgentRow, b: &AgentRow) -> Ordering {
    match col {
        AgentColumn::Name => cmp_ignore_case(&a.name, &b.name),
        AgentColumn::Availability => a.availability.cmp(&b.availability),
        AgentColumn::Activity => a.activity().cmp(&b.activity()),
        AgentColumn::Queue => agent_queue_name(s, a).cmp(agent_queue_name(s, b)),
        AgentColumn::InState => in_state_secs(s, a).cmp(&in_state_secs(s, b)),
    }
}

/// The agent rows shown: of the drilled-into queue, matching the text and state filters.
pub fn visible_agents(s: &State) -> Vec<&AgentRow> {
    let v = &s.view;
    let members = v.agent_queue.as_ref().and_then(|q| s.members.get(q));
    let mut rows: Vec<&AgentRow> = s
        .agents
        .values()
        .filter(|a| match &v.agent_queue {
            None => true,
            Some(q) => {
                members.is_some_and(|m| m.contains(&a.id))
                    || a.active_queue_id.as_deref() == Some(q.as_str())
            }
        })
        .filter(|a| v.agent_state.matches(a))
        .filter(|a| {
            v.agent_filter.trim().is_empty()
                || text_matches(&a.name, &v.agent_filter)
                || text_matches(&a.note, &v.agent_filter)
                || text_matches(a.availability_word(), &v.agent_filter)
                || text_matches(agent_queue_name(s, a), &v.agent_filter)
        })
        .collect();
    let sort = v.agent_sort;
    rows.sort_by(|a, b| {
        let mut by_col = agent_cmp(s, sort.column, a, b);
        if sort.descending {
            by_col = by_col.reverse();
        }
        by_col
            .then_with(|| cmp_ignore_case(&a.name, &b.name))
            .then_with(|| a.id.cmp(&b.id))
    });
    rows
}

/// Index of the selected id in a list of ids; the first row when nothing (valid) is selected.
pub fn selected_index<'a>(
    ids: impl Iterator<Item = &'a str>,
    selected: Option<&str>,
) -> Option<usize> {
    let mut first = None;
    for (i, id) in ids.enumerate() {
        if first.is_none() {
            first = Some(i);
        }
        if Some(id) == selected {
            return Some(i);
        }
    }
    first
}

#[cfg(test)]
mod tests {
    use super::cmp_ignore_case;
    use proptest::prelude::*;
    use std::cmp::Ordering;

    #[test]
    fn names_order_ignoring_case() {
        assert_eq!(cmp_ignore_case("aino", "Eero"), Ordering::Less);
        assert_eq!(cmp_ignore_case("ÄNNI", "änni"), Ordering::Equal);
        assert_eq!(cmp_ignore_case("Öster", "zorro"), "öster".cmp("zorro"));
    }

    proptest! {
        /// The same order as comparing lowercased copies, for the names a tenant has.
        #[test]
        fn same_order_as_lowercased_copies(a in "[a-zA-ZåäöÅÄÖ .-]{0,12}", b in "[a-zA-ZåäöÅÄÖ .-]{0,12}") {
            prop_assert_eq!(cmp_ignore_case(&a, &b), a.to_lowercase().cmp(&b.to_lowercase()));
        }
    }
}
