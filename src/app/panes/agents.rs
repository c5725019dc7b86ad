//! The agents pane: rows of the drilled-into queue, matching the text and state filters,
//! sorted by the chosen column; the agent pickers of the actions.

use super::{cmp_ignore_case, text_matches};
use crate::app::state::{AgentColumn, AgentRow, State};
use std::cmp::Ordering;

/// The selected agent, if it (still) exists.
pub fn selected(state: &State) -> Option<String> {
    state
        .view
        .selected_agent
        .clone()
        .filter(|id| state.agents.contains_key(id))
}

/// The name of the queue an agent is serving a call from, if known.
pub fn agent_queue_name<'a>(s: &'a State, a: &AgentRow) -> &'a str {
    a.active_queue_id
        .as_deref()
        .and_then(|id| s.queue_name(id))
        .unwrap_or("")
}

/// Seconds the agent has been in its current state.
/// Seconds in the current state, on the data clock (it stops while not live).
pub fn in_state_secs(s: &State, a: &AgentRow) -> Option<i64> {
    a.state_since
        .map(|t| (s.data_now() - t).num_seconds().max(0))
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
pub fn visible(s: &State) -> Vec<&AgentRow> {
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

/// The agents a picker offers for its search text: (id, name), by name.
pub fn choices<'a>(state: &'a State, search: &str) -> Vec<(&'a str, &'a str)> {
    let mut v: Vec<(&str, &str)> = state
        .agents
        .values()
        .filter(|a| text_matches(&a.name, search) || text_matches(&a.email, search))
        .map(|a| (a.id.as_str(), a.name.as_str()))
        .collect();
    v.sort_by(|a, b| cmp_ignore_case(a.1, b.1).then(a.0.cmp(b.0)));
    v
}

/// An agent's name for prompts and toasts (its id when it has none).
pub fn name_of(state: &State, id: &str) -> String {
    state
        .agents
        .get(id)
        .map(|a| a.name.clone())
        .filter(|n| !n.is_empty())
        .unwrap_or_else(|| crate::sanitize::clean(id).into_owned())
}
