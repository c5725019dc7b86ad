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

/// The agent's mark against the state limits (`state.limits`): a BRB or Busy, a call,
/// held too long, or a wrap-up past its maximum. Unknown times mark nothing.
pub fn limit_level(s: &State, a: &AgentRow) -> crate::app::state::Level {
    use crate::app::state::limits::Span;
    use crate::app::state::{Activity, Level};
    use crate::model::rest::Availability;
    let now = s.data_now();
    let l = &s.limits;
    let over = |span: Option<Span>, secs: Option<i64>| match (span, secs) {
        (Some(sp), Some(t)) if t >= sp.alert => Level::Alert,
        (Some(sp), Some(t)) if t >= sp.warn => Level::Warn,
        _ => Level::Ok,
    };
    // Not through `shown()`: the wall judges every agent each frame, and the call
    // lookup there walks all calls.
    let activity = a.activity();
    let mut level = match (activity, a.availability) {
        // Time in state is at most the call's length (a lower bound past the limit is
        // past it too).
        (Activity::Talking, _) => {
            let exact = a
                .activity_since
                .filter(|since| since.is_exact())
                .map(|since| (now - since.at()).num_seconds().max(0));
            over(l.talking, exact.or(in_state_secs(s, a)))
        }
        (_, Some(Availability::Brb)) if !a.unconfirmed => over(l.brb, in_state_secs(s, a)),
        (_, Some(Availability::Busy)) if !a.unconfirmed => over(l.busy, in_state_secs(s, a)),
        _ => Level::Ok,
    };
    if l.wrap_up_overrun
        && activity == Activity::WrapUp
        && a.wrap_up
            .as_ref()
            .is_some_and(|w| !w.terminating && w.ends.is_some_and(|ends| now > ends))
    {
        level = Level::Alert;
    }
    level
}

/// Agents (of the queue set shown) marked warn or alert by the state limits, and how
/// many of them alert.
pub fn over_limits(s: &State) -> (usize, usize) {
    use crate::app::state::Level;
    let in_set = s.agents_in_view();
    s.agents
        .values()
        .filter(|a| {
            in_set
                .as_ref()
                .is_none_or(|set| set.contains(a.id.as_str()))
        })
        .fold((0, 0), |(n, alerts), a| match limit_level(s, a) {
            Level::Ok => (n, alerts),
            Level::Warn => (n + 1, alerts),
            Level::Alert => (n + 1, alerts + 1),
        })
}

fn agent_cmp(s: &State, col: AgentColumn, a: &AgentRow, b: &AgentRow) -> Ordering {
    match col {
        AgentColumn::Name => cmp_ignore_case(&a.name, &b.name),
        AgentColumn::Availability => a.availability.cmp(&b.availability),
        AgentColumn::Activity => a.activity().cmp(&b.activity()),
        AgentColumn::Queue => agent_queue_name(s, a).cmp(agent_queue_name(s, b)),
        // Past a state limit first (sorted worst first), then by time in state.
        AgentColumn::InState => limit_level(s, a)
            .cmp(&limit_level(s, b))
            .then_with(|| in_state_secs(s, a).cmp(&in_state_secs(s, b))),
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

#[cfg(test)]
mod limit_tests {
    use super::*;
    use crate::app::event::Event;
    use crate::app::fixture::{loaded_state, user_availability, user_status, wrap_up_started};
    use crate::app::state::Level;
    use crate::app::update::update;
    use chrono::Duration;

    #[test]
    fn a_brb_a_call_or_a_wrap_up_held_too_long_marks_the_agent() {
        let mut s = loaded_state();
        let t0 = s.now;
        update(
            &mut s,
            user_availability("u-kaisa", "a1", t0, "BRB", "Coffee"),
        );
        update(
            &mut s,
            user_status("u-aino", "s1", t0, true, Some("q-sales")),
        );
        update(&mut s, wrap_up_started("u-helmi", "w1", t0, "wrap-1", 60));
        let level = |s: &State, id: &str| limit_level(s, &s.agents[id]);
        update(&mut s, Event::Tick(t0 + Duration::seconds(30)));
        assert_eq!(level(&s, "u-kaisa"), Level::Ok);
        assert_eq!(level(&s, "u-helmi"), Level::Ok, "within its 60 s");
        update(&mut s, Event::Tick(t0 + Duration::seconds(61)));
        assert_eq!(level(&s, "u-helmi"), Level::Alert, "past its maximum");
        update(&mut s, Event::Tick(t0 + Duration::minutes(11)));
        assert_eq!(level(&s, "u-kaisa"), Level::Warn);
        assert_eq!(level(&s, "u-aino"), Level::Ok);
        update(&mut s, Event::Tick(t0 + Duration::minutes(21)));
        assert_eq!(level(&s, "u-kaisa"), Level::Alert);
        assert_eq!(level(&s, "u-aino"), Level::Warn, "a call of 21 min");
        assert_eq!(over_limits(&s), (3, 2));
        // A queue set counts only its queues' agents: of the three, Billing has Helmi.
        s.views.insert("back".into(), vec!["Billing".into()]);
        s.view.queue_set = Some("back".into());
        assert_eq!(over_limits(&s), (1, 1));
        s.view.queue_set = None;
        s.limits.brb = None;
        assert_eq!(level(&s, "u-kaisa"), Level::Ok, "a limit turned off");
    }

    /// Sorted by IN STATE (longest first), the agents past a limit come first, worst
    /// first; the others (as long in their state, within every limit) follow, though
    /// their names come first.
    #[test]
    fn sorting_by_time_in_state_puts_the_agents_over_a_limit_first() {
        use crate::app::state::AgentColumn;
        let mut s = loaded_state();
        let t0 = s.now;
        update(
            &mut s,
            user_availability("u-kaisa", "a1", t0, "BRB", "Coffee"),
        );
        update(&mut s, wrap_up_started("u-helmi", "w1", t0, "wrap-1", 60));
        update(&mut s, Event::Tick(t0 + Duration::minutes(12)));
        s.view.agent_sort.column = AgentColumn::InState;
        s.view.agent_sort.descending = true;
        let order: Vec<&str> = visible(&s).iter().map(|a| a.id.as_str()).collect();
        assert_eq!(&order[..2], ["u-helmi", "u-kaisa"], "{order:?}");
    }
}
