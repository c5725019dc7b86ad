//! The one place that decides what the console subscribes to: the QueueStatus and the
//! queue call events of every queue, the agent events of every agent, the CallbackChanged of every list, overflows,
//! the supervisor's own alerts and monitoring offers — and the transcript of the agent
//! the transcript pane shows. To follow a new RTE event, add it here (and apply it in
//! `live.rs`).

use super::effect::Effect;
use super::panes::transcript::pane_visible;
use super::state::State;
use crate::model::EventKind;
use crate::rte::SubscriptionKey;
use std::collections::BTreeSet;

/// The events the console subscribes to for every agent.
pub const AGENT_EVENTS: &[EventKind] = &[
    EventKind::UserStatus,
    EventKind::UserAvailability,
    EventKind::UserWrapUpStarted,
    EventKind::UserWrapUpRequestTerminate,
    EventKind::UserWrapUpTerminated,
    EventKind::UserCallInUserAllocated,
    EventKind::UserCallInUserConnected,
    EventKind::UserCallInUserCancelled,
    EventKind::UserCallInDisconnected,
    EventKind::UserCallInHoldStart,
    EventKind::UserCallInHoldEnd,
    EventKind::UserAlert,
];

/// The queue call events today's figures are counted from, for every queue (see
/// `live::calls`).
pub const QUEUE_CALL_EVENTS: &[EventKind] = &[
    EventKind::QueueCallInArrived,
    EventKind::QueueCallInUserConnected,
    EventKind::QueueCallInOverflow,
    EventKind::QueueCallInDisconnected,
];

/// What the console should be subscribed to for what the state holds (the transcript
/// aside: see [`sync_transcript`]).
pub fn wanted(state: &State) -> BTreeSet<SubscriptionKey> {
    let mut wanted = BTreeSet::new();
    for id in state.queues.keys() {
        wanted.insert(SubscriptionKey::new(id.clone(), EventKind::QueueStatus));
        // Today's calls; a hub that does not offer them is not asked.
        for kind in QUEUE_CALL_EVENTS {
            wanted.insert(SubscriptionKey::new(id.clone(), kind.clone()));
        }
    }
    for id in state.agents.keys() {
        for kind in AGENT_EVENTS {
            wanted.insert(SubscriptionKey::new(id.clone(), kind.clone()));
        }
    }
    for id in state.callback_lists.keys().filter(|id| !id.is_empty()) {
        wanted.insert(SubscriptionKey::new(id.clone(), EventKind::CallbackChanged));
    }
    wanted.extend(extra(state));
    wanted
}

/// (Un)subscribes so that the session's subscriptions match [`wanted`] (and the
/// transcript pane); returns the session commands to send.
pub fn sync(state: &mut State) -> Vec<Effect> {
    let wanted = wanted(state);
    let add: Vec<SubscriptionKey> = wanted.difference(&state.subscribed).cloned().collect();
    let remove: Vec<SubscriptionKey> = state.subscribed.difference(&wanted).cloned().collect();
    state.subscribed = wanted;
    let mut effects = Vec::new();
    if !remove.is_empty() {
        effects.push(Effect::Unsubscribe(remove));
    }
    if !add.is_empty() {
        effects.push(Effect::Subscribe(add));
    }
    effects.extend(sync_transcript(state));
    effects
}

/// Subscriptions the panes need besides the queue/agent ones: overflows of every agent,
/// and the supervisor's own alerts and monitoring offers.
fn extra(state: &State) -> Vec<SubscriptionKey> {
    let mut keys: Vec<SubscriptionKey> = state
        .agents
        .keys()
        .map(|id| SubscriptionKey::new(id.clone(), EventKind::UserCallInOverflow))
        .collect();
    let me = &state.identity.user_id;
    if !me.is_empty() {
        keys.push(SubscriptionKey::new(me.clone(), EventKind::UserAlert));
        keys.push(SubscriptionKey::new(
            me.clone(),
            EventKind::UserCallAvailableForMonitoring,
        ));
    }
    keys
}

/// Subscribes to the selected agent's transcript while the pane shows it, and drops the
/// subscription when it is no longer needed. Returns the session commands to send.
pub fn sync_transcript(state: &mut State) -> Vec<Effect> {
    let wanted = if pane_visible(state) && !state.wall {
        state
            .view
            .selected_agent
            .as_ref()
            .filter(|id| state.agents.contains_key(*id))
            .map(|id| SubscriptionKey::new(id.clone(), EventKind::UserRealTimeTranscriptPhrase))
    } else {
        None
    };
    if wanted == state.transcripts.subscription {
        return Vec::new();
    }
    let mut effects = Vec::new();
    if let Some(old) = state.transcripts.subscription.take() {
        effects.push(Effect::Unsubscribe(vec![old]));
    }
    if let Some(new) = wanted {
        effects.push(Effect::Subscribe(vec![new.clone()]));
        state.transcripts.subscription = Some(new);
    }
    effects
}
