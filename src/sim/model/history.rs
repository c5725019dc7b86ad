//! The day's call records: every queue call the model finished (answered, abandoned or
//! overflowed), kept so that `GET /servicecall` and `GET /calls` answer with the calls
//! the simulator really modelled, and so that figures derived from RTE events can be
//! checked against them. Ids made here come from a counter, not the RNG, so recording
//! changes no seeded event sequence.

use super::*;
use crate::model::rest as r;
use crate::model::Stamp;

/// Most records kept (a busy simulated day is well below this); the oldest go first.
pub(crate) const MAX_RECORDS: usize = 100_000;

/// How a queue call ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum CallOutcome {
    Answered,
    /// The caller hung up while waiting (or while an agent's phone rang).
    Abandoned,
    /// The queue was full: the call never waited (it may have left a callback request).
    Overflow,
}

impl CallOutcome {
    pub(crate) fn name(self) -> &'static str {
        match self {
            CallOutcome::Answered => "Answered",
            CallOutcome::Abandoned => "Abandoned",
            CallOutcome::Overflow => "Overflow",
        }
    }
}

/// One finished queue call.
#[derive(Debug, Clone)]
pub(crate) struct CallRecord {
    pub id: String,
    pub leg_id: String,
    pub queue: usize,
    pub caller: String,
    pub arrived: DateTime<Utc>,
    pub answered: Option<DateTime<Utc>>,
    pub ended: DateTime<Utc>,
    /// The agent who answered.
    pub agent: Option<usize>,
    pub outcome: CallOutcome,
}

impl Model {
    /// A GUID from the model's id counter (no RNG draw, so seeded sequences stay put).
    pub(crate) fn derived_id(&mut self) -> String {
        self.id_seq += 1;
        let mut x = self.id_key ^ self.id_seq.wrapping_mul(0x9E37_79B9_7F4A_7C15);
        let mut bytes = [0u8; 16];
        for chunk in bytes.chunks_mut(8) {
            // splitmix64
            x = x.wrapping_add(0x9E37_79B9_7F4A_7C15);
            let mut z = x;
            z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
            z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
            z ^= z >> 31;
            chunk.copy_from_slice(&z.to_le_bytes());
        }
        uuid::Builder::from_random_bytes(bytes)
            .into_uuid()
            .to_string()
    }

    pub(crate) fn record(&mut self, record: CallRecord) {
        match record.outcome {
            CallOutcome::Answered => self.queues[record.queue].answered += 1,
            CallOutcome::Abandoned | CallOutcome::Overflow => {
                self.queues[record.queue].not_served += 1
            }
        }
        if self.history.len() >= MAX_RECORDS {
            self.history.pop_front();
        }
        self.history.push_back(record);
    }

    /// Records a call that leaves the model now: answered if it was talking.
    pub(crate) fn record_leaving(&mut self, call: &Call) {
        self.emit_queue_left(call);
        let (answered, agent, outcome) = match call.state {
            CallState::Talking { agent, since, .. } => {
                (Some(since), Some(agent), CallOutcome::Answered)
            }
            CallState::Waiting | CallState::Ringing { .. } => (None, None, CallOutcome::Abandoned),
        };
        self.record(CallRecord {
            id: call.id.clone(),
            leg_id: call.leg_id.clone(),
            queue: call.queue,
            caller: call.caller.clone(),
            arrived: call.arrived,
            answered,
            ended: self.now,
            agent,
            outcome,
        });
    }

    /// Records a call that found its queue full; its id.
    pub(crate) fn record_overflow(&mut self, q: usize, caller: String) -> String {
        let id = self.derived_id();
        self.record(CallRecord {
            id: id.clone(),
            leg_id: String::new(),
            queue: q,
            caller,
            arrived: self.now,
            answered: None,
            ended: self.now,
            agent: None,
            outcome: CallOutcome::Overflow,
        });
        id
    }

    /// Finished queue calls that arrived in `[start, end)`, oldest first.
    pub(crate) fn records_between(
        &self,
        start: DateTime<Utc>,
        end: DateTime<Utc>,
    ) -> impl Iterator<Item = &CallRecord> {
        self.history
            .iter()
            .filter(move |c| c.arrived >= start && c.arrived < end)
    }

    /// `GET /servicecall`: the queue calls that arrived in the window and whose outcome
    /// is known: the finished ones, then those being talked (answered, no `EndTime` yet).
    pub fn rest_service_calls(
        &self,
        start: DateTime<Utc>,
        end: DateTime<Utc>,
    ) -> Vec<r::ServiceCall> {
        let finished = self.records_between(start, end).map(|c| {
            let left = c.answered.unwrap_or(c.ended);
            r::ServiceCall {
                id: c.id.clone(),
                queue_id: self.queues[c.queue].id.clone(),
                queue_name: self.queues[c.queue].name.clone(),
                answer_queue_id: c.answered.map(|_| self.queues[c.queue].id.clone()),
                answer_user_id: c.agent.map(|a| self.users[a].id.clone()),
                caller_number: c.caller.clone(),
                arrival_time: Stamp::At(c.arrived),
                answer_time: c.answered.map(Stamp::At).unwrap_or_default(),
                end_time: Stamp::At(c.ended),
                wait_time: super::today::whole_secs(c.arrived, left),
                duration: c
                    .answered
                    .map(|a| super::today::whole_secs(a, c.ended))
                    .unwrap_or(0),
                result: c.outcome.name().into(),
            }
        });
        let talking = self
            .talking_calls()
            .filter(|(c, _, _)| c.arrived >= start && c.arrived < end)
            .map(|(c, agent, since)| r::ServiceCall {
                id: c.id.clone(),
                queue_id: self.queues[c.queue].id.clone(),
                queue_name: self.queues[c.queue].name.clone(),
                answer_queue_id: Some(self.queues[c.queue].id.clone()),
                answer_user_id: Some(self.users[agent].id.clone()),
                caller_number: c.caller.clone(),
                arrival_time: Stamp::At(c.arrived),
                answer_time: Stamp::At(since),
                end_time: Stamp::Unset,
                wait_time: super::today::whole_secs(c.arrived, since),
                duration: 0,
                result: CallOutcome::Answered.name().into(),
            });
        finished.chain(talking).collect()
    }

    /// `GET /calls`: answered queue calls in the window as their agents saw them,
    /// optionally only those of some users (ids, any case).
    pub fn rest_user_calls(
        &self,
        start: DateTime<Utc>,
        end: DateTime<Utc>,
        users: &[String],
    ) -> Vec<r::UserCall> {
        self.records_between(start, end)
            .filter_map(|c| {
                let agent = c.agent?;
                let user_id = &self.users[agent].id;
                if !users.is_empty() && !users.iter().any(|u| u.eq_ignore_ascii_case(user_id)) {
                    return None;
                }
                let answered = c.answered?;
                Some(r::UserCall {
                    id: c.leg_id.clone(),
                    call_id: c.id.clone(),
                    user_id: user_id.clone(),
                    direction: "In".into(),
                    queue_id: Some(self.queues[c.queue].id.clone()),
                    a_number: c.caller.clone(),
                    b_number: self.queues[c.queue].number.clone(),
                    start_time: Stamp::At(answered),
                    answer_time: Stamp::At(answered),
                    end_time: Stamp::At(c.ended),
                    duration: (c.ended - answered).num_seconds().max(0),
                })
            })
            .collect()
    }
}
