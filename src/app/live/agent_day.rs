//! Each agent's day (see `state::agent_day`): answers and wrap-ups from the agents'
//! events, answers and talk time from the call records, the time per availability
//! after every change, and the new day at local midnight.

use crate::app::event::RecordsFailure;
use crate::app::state::State;
use crate::model::rest::ServiceCall;
use crate::model::{EventPayload, RteEvent};
use chrono::{DateTime, Utc};

/// Takes in what one RTE event (already applied to the agents) says of an agent's day.
pub(super) fn observe(state: &mut State, ev: &RteEvent) {
    match &ev.payload {
        EventPayload::UserCallInUserConnected(c) => {
            let user = super::user_id_of(&c.user_id, ev);
            let seq = state.live_seq;
            state.agent_day.answered_live(&c.call_id, user, seq);
        }
        EventPayload::UserWrapUpTerminated(w) => {
            let user = super::user_id_of(&w.user_id, ev);
            state.agent_day.wrap_up_ended(user, w.elapsed_time_sec);
        }
        EventPayload::UserAvailability(a) => {
            let user = super::user_id_of(&a.user_id, ev).to_owned();
            availability_of(state, &user);
        }
        _ => {}
    }
}

/// Notes the agent's availability as the state now shows it.
fn availability_of(state: &mut State, user: &str) {
    let Some(a) = state.agents.get(user) else {
        return;
    };
    let began = a.availability_since.map(|s| s.at());
    state
        .agent_day
        .availability(&a.id, a.availability_word(), began, state.now);
}

/// After a snapshot: every agent's availability as read.
pub fn after_snapshot(state: &mut State) {
    let ids: Vec<String> = state.agents.keys().cloned().collect();
    for id in ids {
        availability_of(state, &id);
    }
}

/// The answers of a read of the call records (for the day being counted).
pub fn on_records(
    state: &mut State,
    start: DateTime<Utc>,
    result: &Result<Vec<ServiceCall>, RecordsFailure>,
) {
    let Ok(records) = result else {
        return;
    };
    if start != state.today.day_start {
        return;
    }
    let day_start = state.today.day_start;
    let asked = state.today.fetch.asked_seq;
    let answers = records
        .iter()
        .filter(|r| !matches!(r.arrival_time.at(), Some(t) if t < day_start))
        .filter_map(|r| {
            let user = r.answer_user_id.as_deref().filter(|u| !u.is_empty())?;
            Some((r.id.as_str(), user, r.end_time.at().map(|_| r.duration)))
        });
    state.agent_day.merge_records(answers, asked);
}

/// A new local day (the day's calls rolled over): the agents' days too.
pub fn roll(state: &mut State) {
    let t = &state.today;
    if t.day != state.agent_day.day {
        let (day, start, now) = (t.day, t.day_start, state.now);
        state.agent_day.start_day(day, start, now);
    }
}
