//! QueueStatus and UserStatus: computed from the state, sent only when they changed.

use super::*;
use crate::model::events::{EventKind, EventPayload};
use crate::model::rest::QueueStatusBlock;
use crate::model::Stamp;

impl Model {
    /// The QueueStatus payload of queue `q` now.
    pub(crate) fn queue_status(&self, q: usize) -> QueueStatus {
        let attached: Vec<&UserState> = self
            .users
            .iter()
            .filter(|u| u.is_agent && u.queues.iter().any(|(qq, _)| *qq == q))
            .collect();
        let count =
            |f: &dyn Fn(&UserState) -> bool| attached.iter().filter(|u| f(u)).count() as i64;
        let checked_in = count(&|u| u.availability == Availability::Available);
        let in_queue = |f: &dyn Fn(&CallState) -> bool| {
            self.calls
                .iter()
                .filter(|c| c.queue == q && f(&c.state))
                .count() as i64
        };
        QueueStatus {
            queue_id: self.queues[q].id.clone(),
            queue_name: self.queues[q].name.clone(),
            nbr_of_providers: checked_in,
            nbr_of_requesters: in_queue(&|_| true),
            nbr_of_serving_agents_estimate: checked_in,
            nbr_of_allocated: in_queue(&|s| matches!(s, CallState::Ringing { .. })),
            nbr_of_connected: in_queue(&|s| matches!(s, CallState::Talking { .. })),
            nbr_of_queuing_requesters: in_queue(&|s| matches!(s, CallState::Waiting)),
            nbr_of_not_served_requesters: self.queues[q].not_served,
            nbr_of_agents_long_term_away: count(&|u| {
                matches!(u.availability, Availability::OffWork | Availability::Away)
            }),
            nbr_of_agents_short_term_away: count(&|u| {
                matches!(
                    u.availability,
                    Availability::Brb | Availability::Busy | Availability::DoNotDisturb
                )
            }),
            nbr_of_agents_immediately_free: count(&|u| {
                u.availability == Availability::Available && u.activity == Activity::Idle
            }),
            nbr_of_agents_checked_in_queue: checked_in,
            nbr_of_agents_on_wrap_up: count(&|u| matches!(u.activity, Activity::WrapUp(_))),
            nbr_of_agents_on_fetch_mode: 0,
            max_wait_time: self.max_wait_secs(q),
            open_status: self.queues[q].open_status,
        }
    }

    /// The `Status` block of `GET /queues`, from the same numbers.
    pub(crate) fn queue_status_block(&self, q: usize) -> QueueStatusBlock {
        let s = self.queue_status(q);
        QueueStatusBlock {
            open_status: s.open_status,
            max_wait_time: s.max_wait_time,
            queue_length: s.nbr_of_queuing_requesters,
            ongoing_calls: s.nbr_of_connected + s.nbr_of_allocated,
            agents_on_wrap_up: s.nbr_of_agents_on_wrap_up,
            free_agents: s.nbr_of_agents_immediately_free,
            serving_agents: s.nbr_of_agents_checked_in_queue,
        }
    }

    /// The UserStatus payload of user `u` now.
    pub(crate) fn user_status(&self, u: usize) -> UserStatus {
        let user = &self.users[u];
        let available = user.availability == Availability::Available;
        let serving = user.is_agent && available;
        let active_queue = match &user.activity {
            Activity::Talking { queue, .. } => Some(*queue),
            Activity::Ringing { call } => {
                self.calls.iter().find(|c| &c.id == call).map(|c| c.queue)
            }
            Activity::WrapUp(w) => w.queue,
            Activity::Idle => None,
        };
        let (wrap_start, wrap_end) = match &user.activity {
            Activity::WrapUp(w) => (
                Stamp::At(w.started),
                Stamp::At(w.started + Duration::seconds(w.max_secs)),
            ),
            _ => (Stamp::Unset, Stamp::Unset),
        };
        UserStatus {
            user_id: user.id.clone(),
            can_be_allocated_to: serving && user.activity == Activity::Idle,
            talking: matches!(user.activity, Activity::Talking { .. }),
            talking_status_changed: Stamp::At(user.talking_changed),
            active_queue_id: active_queue.map(|q| self.queues[q].id.clone()),
            active_call_list_id: None,
            available,
            schedule: true,
            serving,
            service_terminals: 1,
            active_queues: if serving { user.queues.len() as i64 } else { 0 },
            parked_calls: 0,
            wrap_up_start: wrap_start,
            wrap_up_end: wrap_end,
            serving_callback: false,
            fetch_mode: false,
            note: user.availability_note.clone(),
            availability_status: user.availability.name().to_owned(),
        }
    }

    /// Emits QueueStatus / UserStatus for everything whose status differs from the last
    /// one sent.
    pub(crate) fn flush_status(&mut self) {
        for q in 0..self.queues.len() {
            let s = self.queue_status(q);
            if self.queues[q].last_status.as_ref() != Some(&s) {
                self.queues[q].last_status = Some(s.clone());
                let env = self.envelope(self.queues[q].id.clone(), 60);
                self.push(EventKind::QueueStatus, env, EventPayload::QueueStatus(s));
            }
        }
        for u in 0..self.users.len() {
            let s = self.user_status(u);
            if self.users[u].last_status.as_ref() != Some(&s) {
                self.users[u].last_status = Some(s.clone());
                let env = self.envelope(self.users[u].id.clone(), 60);
                self.push(EventKind::UserStatus, env, EventPayload::UserStatus(s));
            }
        }
    }
}
