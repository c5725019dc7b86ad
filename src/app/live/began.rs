//! When an agent's activity began, from what an event says: the platform's own
//! timestamps where a field gives them, the event's time where the event is the change,
//! and otherwise a bound (`Since::NoLaterThan`) — the time in state is then "at least".

use crate::app::state::{Activity, AgentRow, Since, WrapUp};
use chrono::{DateTime, Utc};

/// The platform's own start of the activity, where a status field gives it.
pub(super) fn exact_start(a: &AgentRow) -> Option<DateTime<Utc>> {
    match a.activity() {
        Activity::WrapUp => a.wrap_up.as_ref().and_then(|w| w.started),
        Activity::Talking => a.talking_changed,
        _ => None,
    }
}

/// What tells an agent's activity.
pub(super) struct ActivityFields {
    known: bool,
    talking: bool,
    talking_changed: Option<DateTime<Utc>>,
    ringing_call: Option<String>,
    wrap_up: Option<WrapUp>,
}

impl ActivityFields {
    pub(super) fn of(a: &AgentRow) -> Self {
        ActivityFields {
            known: a.activity_known,
            talking: a.talking,
            talking_changed: a.talking_changed,
            ringing_call: a.ringing_call.clone(),
            wrap_up: a.wrap_up.clone(),
        }
    }

    pub(super) fn restore(self, a: &mut AgentRow) {
        a.activity_known = self.known;
        a.talking = self.talking;
        a.talking_changed = self.talking_changed;
        a.ringing_call = self.ringing_call;
        a.wrap_up = self.wrap_up;
    }
}

/// When the agent's new activity began: a wrap-up at its start, talking at
/// TalkingStatusChanged, a change the event itself is at its time. A status that only
/// tells what an unknown activity is says nothing new happened: the activity has been
/// so since the console watches the agent (every change would have been reported).
pub(super) fn activity_began(
    a: &AgentRow,
    before: Activity,
    changed_at: Option<DateTime<Utc>>,
    at: DateTime<Utc>,
    now: DateTime<Utc>,
) -> Since {
    let exact = |t: DateTime<Utc>| Since::Exact(t.min(now));
    let watched = a.watch_since.unwrap_or(now).min(now);
    match a.activity() {
        Activity::WrapUp => match a.wrap_up.as_ref().and_then(|w| w.started) {
            Some(t) => exact(t),
            None => changed_at.map_or(Since::NoLaterThan(watched), exact),
        },
        Activity::Talking => match a.talking_changed.or(changed_at) {
            Some(t) => exact(t),
            // Talking when the event was sent, since when it does not say.
            None => Since::NoLaterThan(at),
        },
        Activity::Ringing => exact(changed_at.unwrap_or(at)),
        Activity::Unknown => Since::NoLaterThan(now),
        Activity::Idle => match (changed_at, before) {
            (Some(t), _) => exact(t),
            (None, Activity::Unknown) => match a.talking_changed {
                // The status reports the end of a talk seen while watching.
                Some(t) if t >= watched => exact(t),
                _ => Since::NoLaterThan(watched),
            },
            (None, Activity::Talking) => match a.talking_changed {
                Some(t) => exact(t),
                None => Since::NoLaterThan(at),
            },
            (None, _) => Since::NoLaterThan(at),
        },
    }
}
