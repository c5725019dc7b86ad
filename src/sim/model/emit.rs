//! Building the RTE events the model emits, with the seed's payload types.

use super::*;
use crate::model::events::{Envelope, EventKind, EventPayload};
use crate::model::payloads as p;
use crate::model::Stamp;

impl Model {
    /// The common fields: organization root, a fresh event id, the simulated time.
    pub(crate) fn envelope(&mut self, entity_id: String, ttl: i64) -> Envelope {
        Envelope {
            root_entity_type: "Organization".into(),
            root_entity_id: self.org_id.as_str().into(),
            entity_id: entity_id.into(),
            id: self.new_id(),
            timestamp: Stamp::At(self.now),
            message_ttl_seconds: ttl,
            organization_id: self.org_id.as_str().into(),
            ..Default::default()
        }
    }

    /// [`Model::envelope`] with an id from the model's counter (no RNG draw): for events
    /// added after seeded sequences were fixed.
    pub(crate) fn envelope_counted(&mut self, entity_id: String) -> Envelope {
        let id = self.derived_id();
        Envelope {
            root_entity_type: "Organization".into(),
            root_entity_id: self.org_id.as_str().into(),
            entity_id: entity_id.into(),
            id,
            timestamp: Stamp::At(self.now),
            message_ttl_seconds: -1,
            organization_id: self.org_id.as_str().into(),
            ..Default::default()
        }
    }

    pub(crate) fn push(&mut self, kind: EventKind, env: Envelope, payload: EventPayload) {
        self.out.push(RteEvent::new(kind, env, payload));
    }

    fn user_event(&mut self, u: usize, kind: EventKind, payload: EventPayload) {
        let env = self.envelope(self.users[u].id.clone(), -1);
        self.push(kind, env, payload);
    }

    fn call_target(&self, call: usize) -> String {
        self.queues[self.calls[call].queue].number.clone()
    }

    pub(crate) fn emit_allocated(&mut self, call: usize, agent: usize) {
        let c = self.calls[call].clone();
        let a = self.users[agent].clone();
        let target = self.call_target(call);
        self.user_event(
            agent,
            EventKind::UserCallInArrived,
            EventPayload::UserCallInArrived(p::UserCallInArrived {
                call_id: c.id.clone(),
                leg_id: c.leg_id.clone(),
                user_id: a.id.clone(),
                user_name: a.email.clone(),
                caller_number: c.caller.clone(),
                target_number: target.clone(),
                publicity: 0,
            }),
        );
        self.user_event(
            agent,
            EventKind::UserCallInUserAllocated,
            EventPayload::UserCallInUserAllocated(p::UserCallInUserAllocated {
                call_id: c.id,
                leg_id: c.leg_id,
                user_id: a.id,
                user_name: a.email,
                user_number: a.number,
                detailed_reason: "LongestIdle".into(),
                caller_number: c.caller,
                target_number: target,
                publicity: 0,
            }),
        );
    }

    pub(crate) fn emit_user_connected(&mut self, call: usize, agent: usize) {
        let c = self.calls[call].clone();
        let a = self.users[agent].clone();
        let target = self.call_target(call);
        let agent_leg = self.new_leg_id();
        self.user_event(
            agent,
            EventKind::UserCallInUserConnected,
            EventPayload::UserCallInUserConnected(p::UserCallInUserConnected {
                call_id: c.id,
                leg_id: c.leg_id,
                agent_leg_id: agent_leg,
                user_id: a.id,
                user_name: a.email,
                user_number: a.number,
                caller_number: c.caller,
                target_number: target,
                publicity: 0,
            }),
        );
    }

    pub(crate) fn emit_no_answer(&mut self, call: usize, agent: usize) {
        let c = self.calls[call].clone();
        let a = self.users[agent].clone();
        let q = self.queues[c.queue].clone();
        self.user_event(
            agent,
            EventKind::UserCallInUserOverflow,
            EventPayload::UserCallInUserOverflow(p::UserCallInUserOverflow {
                call_id: c.id.clone(),
                leg_id: c.leg_id.clone(),
                user_id: a.id.clone(),
                username: a.email.clone(),
                reason: "NoAnswer".into(),
                target: q.id.clone(),
                caller_number: c.caller.clone(),
                target_number: q.number.clone(),
                publicity: 0,
            }),
        );
        self.user_event(
            agent,
            EventKind::UserCallInOverflow,
            EventPayload::UserCallInOverflow(Box::new(p::UserCallInOverflow {
                call_id: c.id,
                leg_id: c.leg_id,
                user_id: a.id,
                username: a.email,
                connected_target: q.name.clone(),
                tech_source: "User".into(),
                tech_queue_id: q.id,
                tech_queue_name: q.name,
                overflow_applet: "QueueHandler".into(),
                tech_number: q.number.clone(),
                tech_event: "NoAnswer".into(),
                caller_number: c.caller,
                target_number: q.number,
                overflow_reason: "UserActivelyDeclined".into(),
                overflow_type: "QueueHandler".into(),
                publicity: 0,
            })),
        );
    }

    #[allow(clippy::too_many_arguments)]
    pub(crate) fn emit_phrase(
        &mut self,
        call: usize,
        agent: usize,
        role: i64,
        phrase: String,
        intermediate: bool,
        confidence: f64,
        offset_ms: i64,
    ) {
        let c = self.calls[call].clone();
        let duration = transcript::duration_ms(&phrase);
        let payload = p::UserRealTimeTranscriptPhrase {
            call_id: c.id,
            leg_id: c.leg_id,
            user_id: self.users[agent].id.clone(),
            queue_id: Some(self.queues[c.queue].id.clone()),
            call_list_id: None,
            speaker_role: role,
            phrase,
            confidence: (confidence * 1000.0).round() / 1000.0,
            duration,
            offset_milliseconds: offset_ms,
            is_intermediate: intermediate,
            realtime_type: "Transcription".into(),
        };
        self.user_event(
            agent,
            EventKind::UserRealTimeTranscriptPhrase,
            EventPayload::UserRealTimeTranscriptPhrase(payload),
        );
    }

    pub(crate) fn emit_disconnected(&mut self, call: usize, agent: usize, reason: &str) {
        let c = self.calls[call].clone();
        let a = self.users[agent].clone();
        let q = &self.queues[c.queue];
        let payload = p::UserCallInDisconnected {
            call_id: c.id,
            leg_id: c.leg_id,
            user_id: a.id,
            username: a.email,
            reason: reason.into(),
            tech_queue_id: Some(q.id.clone()),
            tech_reason: "16".into(),
            caller_number: c.caller,
            target_number: q.number.clone(),
            publicity: 0,
        };
        self.user_event(
            agent,
            EventKind::UserCallInDisconnected,
            EventPayload::UserCallInDisconnected(payload),
        );
    }

    fn queue_id_of(&self, q: Option<usize>) -> Option<String> {
        q.map(|q| self.queues[q].id.clone())
    }

    pub(crate) fn emit_wrap_up_enabled(&mut self, u: usize, w: &WrapUp) {
        let payload = p::UserWrapUpEnabled {
            call_id: w.call_id.clone(),
            leg_id: w.leg_id.clone(),
            user_id: self.users[u].id.clone(),
            queue_id: self.queue_id_of(w.queue),
            call_list_id: None,
            call_back_id: None,
            max_wrap_up_duration_sec: w.max_secs,
            wrap_up_type: "Unavailable".into(),
            wrap_up_id: w.id.clone(),
        };
        self.user_event(
            u,
            EventKind::UserWrapUpEnabled,
            EventPayload::UserWrapUpEnabled(payload),
        );
    }

    pub(crate) fn emit_wrap_up_started(&mut self, u: usize, w: &WrapUp) {
        let payload = p::UserWrapUpStarted {
            call_id: w.call_id.clone(),
            leg_id: w.leg_id.clone(),
            user_id: self.users[u].id.clone(),
            queue_id: self.queue_id_of(w.queue),
            call_list_id: None,
            call_back_id: None,
            max_wrap_up_duration_sec: w.max_secs,
            wrap_up_type: "Unavailable".into(),
            wrap_up_id: w.id.clone(),
        };
        self.user_event(
            u,
            EventKind::UserWrapUpStarted,
            EventPayload::UserWrapUpStarted(payload),
        );
    }

    pub(crate) fn emit_wrap_up_request_terminate(&mut self, u: usize, w: &WrapUp, reason: &str) {
        let payload = p::UserWrapUpRequestTerminate {
            user_id: self.users[u].id.clone(),
            reason: reason.into(),
            wrap_up_id: Some(w.id.clone()),
        };
        self.user_event(
            u,
            EventKind::UserWrapUpRequestTerminate,
            EventPayload::UserWrapUpRequestTerminate(payload),
        );
    }

    pub(crate) fn emit_wrap_up_terminated(
        &mut self,
        u: usize,
        w: &WrapUp,
        reason: &str,
        elapsed: i64,
    ) {
        let payload = p::UserWrapUpTerminated {
            call_id: w.call_id.clone(),
            leg_id: w.leg_id.clone(),
            user_id: self.users[u].id.clone(),
            queue_id: self.queue_id_of(w.queue),
            call_list_id: None,
            call_back_id: None,
            reason: reason.into(),
            elapsed_time_sec: elapsed,
            wrap_up_type: "Unavailable".into(),
            wrap_up_id: w.id.clone(),
        };
        self.user_event(
            u,
            EventKind::UserWrapUpTerminated,
            EventPayload::UserWrapUpTerminated(payload),
        );
    }

    pub(crate) fn emit_availability(&mut self, u: usize) {
        let user = self.users[u].clone();
        let profile = self.new_id();
        let payload = p::UserAvailability {
            user_id: user.id.clone(),
            user_name: user.email.clone(),
            profile_id: profile,
            availability: user.availability.name().into(),
            start_time: Stamp::At(user.availability_since),
            end_time: Stamp::Never,
            note: user.availability_note.clone(),
            event_source: "evtop-sim".into(),
            transfer_number: String::new(),
        };
        self.user_event(
            u,
            EventKind::UserAvailability,
            EventPayload::UserAvailability(payload),
        );
    }

    pub(crate) fn emit_alert(&mut self, supervisor: usize, q: usize) {
        let wait = self.max_wait_secs(q);
        let alert_id = self.new_id();
        let payload = p::UserAlert {
            alert_id,
            user_id: self.users[supervisor].id.clone(),
            condition_name: format!("{}: jonotusaika", self.queues[q].name),
            condition_value: "60".into(),
            condition_expression: "MaxWaitTime > 60".into(),
            value: wait.to_string(),
        };
        self.user_event(
            supervisor,
            EventKind::UserAlert,
            EventPayload::UserAlert(payload),
        );
    }

    pub(crate) fn emit_monitoring_offer(&mut self, supervisor: usize, call: usize) {
        let c = self.calls[call].clone();
        let CallState::Talking { agent, since, .. } = c.state else {
            return;
        };
        let a = self.users[agent].clone();
        let s = self.users[supervisor].clone();
        let q = self.queues[c.queue].clone();
        let agent_leg = self.new_leg_id();
        let payload = p::UserCallAvailableForMonitoring {
            target_user_id: a.id,
            target_user_name: format!("{} {}", a.first_name, a.last_name),
            supervisor_user_id: s.id,
            supervisor_user_name: format!("{} {}", s.first_name, s.last_name),
            queue_name: q.name,
            queue_id: Some(q.id),
            call_id: c.id,
            leg_id: c.leg_id,
            agent_leg_id: agent_leg,
            supervisor_terminal_number: s.number,
            supervision_call_in_number: "+358201234599".into(),
            call_type: "servicecall".into(),
            caller_number: c.caller,
            connected_to_agent_time: Stamp::At(since),
        };
        self.user_event(
            supervisor,
            EventKind::UserCallAvailableForMonitoring,
            EventPayload::UserCallAvailableForMonitoring(Box::new(payload)),
        );
    }

    pub(crate) fn emit_callout(&mut self, u: usize, target: &str, call_as: &str) {
        let a = self.users[u].clone();
        let call_id = self.new_id();
        let leg_id = self.new_leg_id();
        let payload = p::UserCallOutGoing {
            call_id,
            leg_id,
            user_id: a.id,
            user_name: a.email,
            caller_number: a.number,
            target_number: target.into(),
            call_as_number: call_as.into(),
            publicity: 0,
        };
        self.user_event(
            u,
            EventKind::UserCallOutGoing,
            EventPayload::UserCallOutGoing(payload),
        );
    }

    /// The CallbackChanged payload of request `r` of list `l`.
    pub(crate) fn callback_changed(&self, l: usize, r: usize, created: bool) -> p::CallbackChanged {
        let list = &self.lists[l];
        let req = &list.requests[r];
        p::CallbackChanged {
            call_back_id: req.id.clone(),
            call_list_id: list.id.clone(),
            modified: Stamp::At(req.modified),
            assigned_user_id: req.assigned.clone(),
            last_attempt_user_id: req.last_attempt_user.clone(),
            last_modified_user_id: req.last_modified_user.clone(),
            last_attempt_type_id: req.last_attempt_at.map(|_| 1),
            contact_name: req.contact_name.clone(),
            contact_number: req.number.clone(),
            contact_message: req.message.clone(),
            note: req.note.clone(),
            queue_id: list.queue.map(|q| self.queues[q].id.clone()),
            channel_in: "Phone".into(),
            creation_time: Stamp::At(req.created),
            created,
            is_closed: req.closed,
            recording_id: None,
            type_id: 1,
            due_date: Stamp::At(req.due()),
            call_id: req.call_id.clone(),
            transcript_id: None,
            classification_id: None,
            expiry_date: Stamp::At(req.expiry()),
            last_attempt_timestamp: req.last_attempt_at.map(Stamp::At).unwrap_or_default(),
            last_attempt_note: req.last_attempt_note.clone(),
            calculated_priority: "Normal".into(),
            not_before: Stamp::Unset,
            callback_attempts: None,
            callback_extras: None,
            callback_related_items: None,
        }
    }

    pub(crate) fn emit_callback_changed(&mut self, l: usize, r: usize, created: bool) {
        let payload = self.callback_changed(l, r, created);
        let env = self.envelope(self.lists[l].id.clone(), 120);
        self.push(
            EventKind::CallbackChanged,
            env,
            EventPayload::CallbackChanged(Box::new(payload)),
        );
    }
}
