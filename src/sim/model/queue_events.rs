//! The `QueueCallIn*` events of each queue, which the platform's RTE document does not
//! describe (a tenant's `AvailableSubscriptions` may offer them; see PLATFORM.md). Their
//! payload here is the simulator's guess, [`p::QueueCallIn`]: `CallId`, `LegId`,
//! `QueueId`, `QueueName`, `UserId` (the agent, when one acts), `CallerNumber`,
//! `TargetNumber`, `ArrivalTime` (when the caller entered the queue), `WaitTime` (whole
//! seconds, once the wait ended) and `Reason`.
//!
//! They follow the same calls as `Queues[].Today` and `/servicecall`: a call is offered
//! once its outcome is known, and the outcome events carry what the truth counts —
//! `QueueCallInUserConnected` (answered, its wait), `QueueCallInDisconnected` with
//! `Reason` "Abandoned" (the caller hung up waiting or while a phone rang) or "Answered"
//! (after the conversation), `QueueCallInOverflow` (the queue was full). Event ids come
//! from the model's id counter, not its RNG, so seeded sequences stay as they were.

use super::history::CallOutcome;
use super::today::whole_secs;
use super::*;
use crate::model::events::{EventKind, EventPayload};
use crate::model::payloads as p;
use crate::model::Stamp;

impl Model {
    /// One queue call event of queue `q` about the call `c` (its id, leg, caller and
    /// arrival), with the agent `agent`, the wait and the reason.
    #[allow(clippy::too_many_arguments)]
    fn queue_call_event(
        &mut self,
        kind: EventKind,
        q: usize,
        call_id: &str,
        leg_id: &str,
        caller: &str,
        arrived: DateTime<Utc>,
        agent: Option<usize>,
        wait: Option<i64>,
        reason: &str,
    ) {
        let queue = &self.queues[q];
        let payload = p::QueueCallIn {
            call_id: call_id.to_owned(),
            leg_id: leg_id.to_owned(),
            queue_id: queue.id.clone(),
            queue_name: queue.name.clone(),
            user_id: agent.map(|a| self.users[a].id.clone()).unwrap_or_default(),
            caller_number: caller.to_owned(),
            target_number: queue.number.clone(),
            arrival_time: Stamp::At(arrived),
            wait_time: wait,
            reason: reason.to_owned(),
        };
        let queue_id = queue.id.clone();
        let mut env = self.envelope_counted(queue_id);
        env.message_ttl_seconds = -1;
        let wrap = |kind: &EventKind, p: p::QueueCallIn| match kind {
            EventKind::QueueCallInArrived => EventPayload::QueueCallInArrived(p),
            EventKind::QueueCallInUserAllocated => EventPayload::QueueCallInUserAllocated(p),
            EventKind::QueueCallInUserConnected => EventPayload::QueueCallInUserConnected(p),
            EventKind::QueueCallInUserCancelled => EventPayload::QueueCallInUserCancelled(p),
            EventKind::QueueCallInOverflow => EventPayload::QueueCallInOverflow(p),
            _ => EventPayload::QueueCallInDisconnected(p),
        };
        let payload = wrap(&kind, payload);
        self.push(kind, env, payload);
    }

    /// The call at index `call` by its queue.
    fn queue_call_of(&mut self, kind: EventKind, call: usize, agent: Option<usize>, reason: &str) {
        let c = self.calls[call].clone();
        let wait = matches!(kind, EventKind::QueueCallInUserConnected)
            .then(|| whole_secs(c.arrived, self.now));
        self.queue_call_event(
            kind, c.queue, &c.id, &c.leg_id, &c.caller, c.arrived, agent, wait, reason,
        );
    }

    pub(crate) fn emit_queue_arrived(&mut self, call: usize) {
        self.queue_call_of(EventKind::QueueCallInArrived, call, None, "");
    }

    pub(crate) fn emit_queue_allocated(&mut self, call: usize, agent: usize) {
        self.queue_call_of(
            EventKind::QueueCallInUserAllocated,
            call,
            Some(agent),
            "LongestIdle",
        );
    }

    pub(crate) fn emit_queue_cancelled(&mut self, call: usize, agent: usize) {
        self.queue_call_of(
            EventKind::QueueCallInUserCancelled,
            call,
            Some(agent),
            "NoAnswer",
        );
    }

    pub(crate) fn emit_queue_connected(&mut self, call: usize, agent: usize) {
        self.queue_call_of(
            EventKind::QueueCallInUserConnected,
            call,
            Some(agent),
            "Connected",
        );
    }

    /// A call that leaves the model now (see `record_leaving`): after its conversation,
    /// or given up by its caller.
    pub(crate) fn emit_queue_left(&mut self, c: &Call) {
        let (agent, wait, reason) = match c.state {
            CallState::Talking { agent, since, .. } => (
                Some(agent),
                whole_secs(c.arrived, since),
                CallOutcome::Answered,
            ),
            CallState::Waiting | CallState::Ringing { .. } => (
                None,
                whole_secs(c.arrived, self.now),
                CallOutcome::Abandoned,
            ),
        };
        self.queue_call_event(
            EventKind::QueueCallInDisconnected,
            c.queue,
            &c.id,
            &c.leg_id,
            &c.caller,
            c.arrived,
            agent,
            Some(wait),
            reason.name(),
        );
    }

    /// A call that found queue `q` full.
    pub(crate) fn emit_queue_overflow(&mut self, q: usize, call_id: &str, caller: &str) {
        let now = self.now;
        self.queue_call_event(
            EventKind::QueueCallInOverflow,
            q,
            call_id,
            "",
            caller,
            now,
            None,
            Some(0),
            "QueueFull",
        );
    }
}
