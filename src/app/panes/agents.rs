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

/// The names of the queues an agent is attached to (A to Z; a queue without a name by
/// its id).
pub fn queues_of<'a>(s: &'a State, agent_id: &str) -> Vec<&'a str> {
    let mut names: Vec<&str> = s
        .members
        .iter()
        .filter(|(_, users)| users.contains(agent_id))
        .map(|(queue, _)| s.queue_name(queue).unwrap_or(queue.as_str()))
        .collect();
    names.sort_by(|a, b| cmp_ignore_case(a, b));
    names
}

/// Seconds the agent has been in its current state.
/// Seconds in the current state, on the data clock (it stops while not live).
pub fn in_state_secs(s: &State, a: &AgentRow) -> Option<i64> {
    a.state_since
        .map(|t| (s.data_now() - t).num_seconds().max(0))
}

/// What the activity column says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ActivityShown {
    /// `—` (or `no access`): no event has said yet.
    Unknown,
    Idle,
    Ringing,
    Talking,
    OnHold,
    WrapUp,
}

impl ActivityShown {
    /// The simulator's word for it (`/_sim/state` `Activity`); on hold is talking.
    pub fn truth_word(self) -> &'static str {
        match self {
            ActivityShown::Unknown => "Unknown",
            ActivityShown::Idle => "Idle",
            ActivityShown::Ringing => "Ringing",
            ActivityShown::Talking | ActivityShown::OnHold => "Talking",
            ActivityShown::WrapUp => "WrapUp",
        }
    }
}

/// What an agent row shows: availability (`None`: not known), activity and how long
/// (ringing or talking), time in state and whether that is a lower bound.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AgentShown {
    pub availability: Option<String>,
    pub activity: ActivityShown,
    pub activity_secs: Option<i64>,
    pub wrap_up_left_secs: Option<i64>,
    pub in_state: Option<(i64, bool)>,
}

/// What an agent row shows, on the data clock.
pub fn shown(s: &State, a: &AgentRow) -> AgentShown {
    use crate::app::state::Activity;
    let now = s.data_now();
    let activity = match a.activity() {
        Activity::Unknown => ActivityShown::Unknown,
        Activity::Idle => ActivityShown::Idle,
        Activity::WrapUp => ActivityShown::WrapUp,
        Activity::Ringing => ActivityShown::Ringing,
        Activity::Talking if s.call_of(&a.id).is_some_and(|c| c.on_hold) => ActivityShown::OnHold,
        Activity::Talking => ActivityShown::Talking,
    };
    let exact_since = a
        .activity_since
        .filter(|since| since.is_exact())
        .map(|since| since.at());
    let activity_secs = match activity {
        ActivityShown::Ringing => exact_since,
        // A status without TalkingStatusChanged: the call's connection says.
        ActivityShown::Talking | ActivityShown::OnHold => exact_since.or_else(|| {
            s.call_of(&a.id)
                .filter(|c| c.connected)
                .and_then(|c| c.since)
        }),
        _ => None,
    }
    .map(|t| (now - t).num_seconds().max(0));
    let availability = match a.availability {
        _ if a.unconfirmed => None,
        Some(v) => Some(v.name().to_owned()),
        None if !a.availability_raw.is_empty() => Some(a.availability_raw.clone()),
        None => None,
    };
    AgentShown {
        availability,
        activity,
        activity_secs,
        wrap_up_left_secs: if activity == ActivityShown::WrapUp {
            a.wrap_up_left_secs(now)
        } else {
            None
        },
        in_state: in_state_secs(s, a).map(|secs| (secs, a.state_since_lower_bound)),
    }
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
    pick_choices(state, search, None)
}

/// The agents offered to take a callback request (`request`: its id), best first:
/// members of the queue its list serves, available ones before the others, OffWork last;
/// by name within each group.
pub fn pick_choices<'a>(
    state: &'a State,
    search: &str,
    request: Option<&str>,
) -> Vec<(&'a str, &'a str)> {
    use crate::model::rest::Availability;
    let members = request
        .and_then(|id| state.callbacks.get(id))
        .and_then(|r| state.callback_list_queues.get(&r.list_id))
        .and_then(|q| state.members.get(q));
    let mut v: Vec<&AgentRow> = state
        .agents
        .values()
        .filter(|a| text_matches(&a.name, search) || text_matches(&a.email, search))
        .collect();
    let rank = |a: &AgentRow| {
        (
            members.is_some_and(|m| !m.contains(&a.id)),
            a.availability != Some(Availability::Available),
            a.availability == Some(Availability::OffWork),
        )
    };
    v.sort_by(|a, b| {
        rank(a)
            .cmp(&rank(b))
            .then(cmp_ignore_case(&a.name, &b.name))
            .then(a.id.cmp(&b.id))
    });
    v.into_iter()
        .map(|a| (a.id.as_str(), a.name.as_str()))
        .collect()
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
