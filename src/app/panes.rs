//! Keys and hooks for the panes added with the actions: callbacks, transcript, event log,
//! the palette and the server actions. `update()` asks [`dispatch_extra`] first; `None`
//! means "not mine" and the queues/agents handling goes on.

use super::actions::{self, Intent};
use super::callbacks::{self, LowerPane};
use super::effect::Effect;
use super::eventlog;
use super::keymap::Action;
use super::palette;
use super::state::{Mode, Pane, State, ToastLevel};
use super::transcript;
use crate::model::{EventKind, EventPayload, RteEvent};
use crate::rte::SubscriptionKey;

/// Tab order.
pub const ORDER: [Pane; 5] = [
    Pane::Queues,
    Pane::Agents,
    Pane::Callbacks,
    Pane::Transcript,
    Pane::Log,
];

/// Rows moved by PageUp/PageDown.
const PAGE: isize = 10;

/// Moves the focus to a pane; a lower pane also becomes the one the lower area shows.
pub fn focus(state: &mut State, pane: Pane) {
    state.view.focus = pane;
    if let Some(lower) = LowerPane::of(pane) {
        state.view.lower = lower;
    }
}

/// Sets the text filter of a pane (the transcript has none).
pub fn set_filter_of(state: &mut State, pane: Pane, text: String) {
    match pane {
        Pane::Queues => state.view.queue_filter = text,
        Pane::Agents => state.view.agent_filter = text,
        Pane::Callbacks => state.view.callback_filter = text,
        Pane::Log => {
            state.view.log.filter = text;
            state.view.log.scroll = 0;
        }
        Pane::Transcript => {}
    }
}

fn filter_of(state: &State, pane: Pane) -> String {
    match pane {
        Pane::Queues => state.view.queue_filter.clone(),
        Pane::Agents => state.view.agent_filter.clone(),
        Pane::Callbacks => state.view.callback_filter.clone(),
        Pane::Log => state.view.log.filter.clone(),
        Pane::Transcript => String::new(),
    }
}

fn selected_agent(state: &State) -> Option<String> {
    state
        .view
        .selected_agent
        .clone()
        .filter(|id| state.agents.contains_key(id))
}

fn no_agent(state: &mut State) -> Vec<Effect> {
    state.toast(
        ToastLevel::Info,
        "Select an agent first (2 goes to the agents pane)",
    );
    Vec::new()
}

fn no_request(state: &mut State) -> Vec<Effect> {
    state.toast(
        ToastLevel::Info,
        "Select an open callback request first (3 goes to the callbacks pane)",
    );
    Vec::new()
}

/// Handles the new actions, and every action while a new pane has the focus.
pub fn dispatch_extra(state: &mut State, action: Action) -> Option<Vec<Effect>> {
    let pane = state.view.focus;
    let effects = match action {
        Action::Palette => {
            palette::open(state);
            Vec::new()
        }
        Action::ShowQueues => {
            focus(state, Pane::Queues);
            Vec::new()
        }
        Action::ShowAgents => {
            focus(state, Pane::Agents);
            Vec::new()
        }
        Action::ShowCallbacks => {
            focus(state, Pane::Callbacks);
            Vec::new()
        }
        Action::ShowTranscript => {
            focus(state, Pane::Transcript);
            Vec::new()
        }
        Action::ShowLog => {
            focus(state, Pane::Log);
            Vec::new()
        }
        Action::NextPane | Action::PrevPane => {
            let i = ORDER.iter().position(|p| *p == pane).unwrap_or(0);
            let n = ORDER.len();
            let j = if action == Action::NextPane {
                (i + 1) % n
            } else {
                (i + n - 1) % n
            };
            focus(state, ORDER[j]);
            Vec::new()
        }
        Action::FollowTranscript => {
            let t = &mut state.view.transcript;
            t.follow = !t.follow;
            t.scroll = 0;
            let word = if t.follow {
                "Transcript: following"
            } else {
                "Transcript: paused"
            };
            state.toast(ToastLevel::Info, word);
            Vec::new()
        }
        Action::LogKindFilter => {
            state.view.log.next_kind();
            Vec::new()
        }
        Action::OlderCall | Action::NewerCall => {
            transcript::browse(state, action == Action::OlderCall);
            Vec::new()
        }
        Action::TerminateWrapUp => match selected_agent(state) {
            Some(user_id) => actions::begin(state, Intent::TerminateWrapUp { user_id }),
            None => no_agent(state),
        },
        Action::SetAvailability => match selected_agent(state) {
            Some(user_id) => actions::begin(
                state,
                Intent::SetAvailability {
                    user_id,
                    availability: None,
                    note: None,
                },
            ),
            None => no_agent(state),
        },
        Action::AutoAllocate => match selected_agent(state) {
            Some(user_id) => actions::begin(state, Intent::AutoAllocate { user_id }),
            None => no_agent(state),
        },
        Action::AllocateCallback => match callbacks::selected(state).map(|r| r.id.clone()) {
            Some(request_id) => actions::begin(
                state,
                Intent::AllocateCallback {
                    request_id,
                    user_id: None,
                },
            ),
            None => no_request(state),
        },
        Action::CallBack => match callbacks::selected(state).map(|r| r.id.clone()) {
            Some(request_id) => actions::begin(state, Intent::CallBack { request_id }),
            None => no_request(state),
        },
        Action::CloseCallback => match callbacks::selected(state).map(|r| r.id.clone()) {
            Some(request_id) => actions::begin(
                state,
                Intent::CloseCallback {
                    request_id,
                    note: None,
                },
            ),
            None => no_request(state),
        },
        // The rest: only while a new pane has the focus.
        _ if matches!(pane, Pane::Queues | Pane::Agents) => return None,
        Action::Up => move_in(state, pane, -1),
        Action::Down => move_in(state, pane, 1),
        Action::PageUp => move_in(state, pane, -PAGE),
        Action::PageDown => move_in(state, pane, PAGE),
        Action::Top => move_in(state, pane, isize::MIN / 2),
        Action::Bottom => {
            if pane == Pane::Transcript {
                state.view.transcript.follow = true;
                state.view.transcript.scroll = 0;
                Vec::new()
            } else {
                move_in(state, pane, isize::MAX / 2)
            }
        }
        Action::Filter if pane == Pane::Transcript => Vec::new(),
        Action::Filter => {
            let current = filter_of(state, pane);
            state.view.mode = Mode::Filter {
                pane,
                input: tui_input::Input::new(current),
            };
            Vec::new()
        }
        Action::Back => {
            set_filter_of(state, pane, String::new());
            if pane == Pane::Log {
                state.view.log.kind = None;
            }
            Vec::new()
        }
        Action::Sort if pane == Pane::Callbacks => {
            let sort = &mut state.view.callback_sort;
            sort.column = sort.column.next();
            let title = sort.column.title();
            state.toast(ToastLevel::Info, format!("Callbacks sorted by {title}"));
            Vec::new()
        }
        Action::SortReverse if pane == Pane::Callbacks => {
            state.view.callback_sort.descending ^= true;
            Vec::new()
        }
        Action::Sort | Action::SortReverse | Action::Drill | Action::StateFilter => Vec::new(),
        _ => return None,
    };
    Some(effects)
}

/// Moves the selection (callbacks) or scrolls (transcript, log; up = older).
fn move_in(state: &mut State, pane: Pane, delta: isize) -> Vec<Effect> {
    match pane {
        Pane::Callbacks => {
            let ids: Vec<String> = callbacks::visible_callbacks(state)
                .iter()
                .map(|r| r.id.clone())
                .collect();
            if ids.is_empty() {
                return Vec::new();
            }
            let sel = state.view.selected_callback.as_deref();
            let i = ids
                .iter()
                .position(|id| Some(id.as_str()) == sel)
                .unwrap_or(0) as isize;
            let j = i.saturating_add(delta).clamp(0, ids.len() as isize - 1) as usize;
            state.view.selected_callback = Some(ids[j].clone());
        }
        Pane::Transcript => {
            let total = transcript::shown(state)
                .map(|(t, _)| t.phrases.len())
                .unwrap_or(0);
            let t = &mut state.view.transcript;
            let up = -delta;
            let scroll = (t.scroll as isize)
                .saturating_add(up)
                .clamp(0, total as isize);
            t.scroll = scroll as usize;
            if up > 0 {
                t.follow = false;
            }
        }
        Pane::Log => {
            let total = eventlog::visible(state).len();
            let v = &mut state.view.log;
            let up = -delta;
            v.scroll = (v.scroll as isize)
                .saturating_add(up)
                .clamp(0, total as isize) as usize;
        }
        Pane::Queues | Pane::Agents => {}
    }
    Vec::new()
}

/// Called by `update()` for every new (not duplicate) RTE event.
pub fn observe_rte(state: &mut State, ev: &RteEvent) {
    eventlog::observe(state, ev);
    if let EventPayload::UserRealTimeTranscriptPhrase(p) = &ev.payload {
        let entity = ev.entity_id().to_owned();
        transcript::observe(state, p, &entity);
    }
}

/// Subscriptions the panes need besides the queue/agent ones: overflows of every agent,
/// and the supervisor's own alerts and monitoring offers.
pub fn extra_subscriptions(state: &State) -> Vec<SubscriptionKey> {
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
