//! `update()`: the pure state machine of the console. No I/O: it changes the state and
//! returns the effects the runner must carry out. The REST snapshot is applied in
//! [`super::snapshot`], RTE events in [`super::live`]; keys and the clock live here.

use super::effect::{ApiAction, Effect};
use super::event::Event;
use super::keymap::Action;
use super::state::*;
use super::view::{selected_index, visible_agents, visible_queues};
use crate::model::EventKind;
use crate::rte::{ConnectionState, SessionUpdate};
use crate::sanitize::clean;
use chrono::{DateTime, Duration, Utc};
use crossterm::event::{Event as TermEvent, KeyCode, KeyEvent, KeyEventKind, KeyModifiers};
use tui_input::backend::crossterm::EventHandler as _;

/// Rows moved by PageUp/PageDown.
const PAGE: isize = 10;

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

/// Applies one event; returns what the runner must do.
pub fn update(state: &mut State, event: Event) -> Vec<Effect> {
    match event {
        Event::Key(key) => {
            let mut effects = on_key(state, key);
            effects.extend(super::transcript::sync_subscription(state));
            effects
        }
        Event::Resize => {
            state.dirty = true;
            Vec::new()
        }
        Event::Tick(now) => {
            on_tick(state, now);
            super::transcript::on_tick(state);
            Vec::new()
        }
        Event::Snapshot(snapshot) => super::snapshot::apply_snapshot(state, *snapshot),
        Event::SnapshotFailed(message) => {
            let message = clean(&message).into_owned();
            state.toast(
                ToastLevel::Error,
                format!("Could not load queues and agents: {message} (r retries)"),
            );
            state.snapshot_error = Some(message);
            Vec::new()
        }
        Event::Session(update) => on_session(state, update),
        Event::Shutdown => {
            state.quitting = true;
            vec![Effect::Quit]
        }
        Event::ActionDone { what, result } => super::actions::on_done(state, &what, result),
    }
}

/// The one dispatcher for server actions: refused on a wall display.
pub fn run_action(state: &mut State, what: String, action: ApiAction) -> Vec<Effect> {
    if state.wall {
        state.toast(
            ToastLevel::Error,
            format!("{what}: refused, this is a read-only wall display"),
        );
        return Vec::new();
    }
    vec![Effect::Api { what, action }]
}

// ---------------------------------------------------------------------------------------
// Clock

fn on_tick(state: &mut State, now: DateTime<Utc>) {
    state.now = now;
    state.toasts.retain(|t| t.until > now);
    for q in state.queues.values_mut() {
        roll_sparkline(q, now);
    }
    state.dirty = true;
}

fn roll_sparkline(q: &mut QueueRow, now: DateTime<Utc>) {
    let bucket = Duration::seconds(SPARK_BUCKET_SECS);
    let Some(mut start) = q.bucket_start else {
        q.bucket_start = Some(now);
        return;
    };
    let mut pushed = 0;
    while now - start >= bucket {
        q.history.push_back(q.bucket_max);
        if q.history.len() > SPARK_BUCKETS {
            q.history.pop_front();
        }
        q.bucket_max = q.waiting;
        start += bucket;
        pushed += 1;
        if pushed > SPARK_BUCKETS {
            // A long pause (suspend): start over from now.
            start = now;
        }
    }
    q.bucket_start = Some(start);
}

// ---------------------------------------------------------------------------------------
// RTE session

fn on_session(state: &mut State, update: SessionUpdate) -> Vec<Effect> {
    match update {
        SessionUpdate::State(cs) => {
            // Close reasons can carry server text: sanitize before storing.
            let cs = match cs {
                ConnectionState::Reconnecting {
                    attempt,
                    reason,
                    retry_in,
                } => ConnectionState::Reconnecting {
                    attempt,
                    reason: clean(&reason).into_owned(),
                    retry_in,
                },
                ConnectionState::Failed { reason } => ConnectionState::Failed {
                    reason: clean(&reason).into_owned(),
                },
                other => other,
            };
            if cs != state.connection {
                super::eventlog::connection_changed(state, &cs);
                state.connection = cs;
                state.connection_since = state.now;
                state.dirty = true;
            }
            Vec::new()
        }
        SessionUpdate::Events(batch) => {
            super::live::on_rte_events(state, &batch);
            Vec::new()
        }
        SessionUpdate::SubscriptionRejected { key, message } => {
            let target = state
                .queue_name(&key.entity_id)
                .or_else(|| state.agents.get(&key.entity_id).map(|a| a.name.as_str()))
                .unwrap_or(&key.entity_id)
                .to_owned();
            state.subscribed.remove(&key);
            let what = format!("{} for {}", key.event.name(), clean(&target));
            refused(state, what, clean(&message).into_owned());
            Vec::new()
        }
        SessionUpdate::Resynced => vec![Effect::RefreshSnapshot],
        // The session logged which; nothing to show.
        SessionUpdate::NotOffered { .. } => Vec::new(),
    }
}

/// Toast group of refused subscriptions.
const REFUSED: &str = "refused";
/// Refusals of one burst listed one by one in the event log; the rest are counted.
const REFUSALS_LOGGED: usize = 3;

/// A refused subscription: one toast that counts a burst of them (a login that may not
/// see other agents gets hundreds at once), and the first few in the event log.
fn refused(state: &mut State, what: String, message: String) {
    let text = format!("{what} refused: {message}");
    if state.toast_of_group(REFUSED).is_none() {
        state.refused_in_burst = 0;
    }
    state.refused_in_burst += 1;
    let n = state.refused_in_burst;
    if n <= REFUSALS_LOGGED {
        super::eventlog::log(
            state,
            super::eventlog::LogKind::Connection,
            super::eventlog::LogLevel::Warn,
            text.clone(),
        );
    } else if n == REFUSALS_LOGGED + 1 {
        super::eventlog::log(
            state,
            super::eventlog::LogKind::Connection,
            super::eventlog::LogLevel::Warn,
            "more subscriptions refused: counted in the toast, not listed",
        );
    }
    let toast = if n == 1 {
        text
    } else {
        format!(
            "{n} subscriptions refused: {message} (latest: {what}) — this login may not see them"
        )
    };
    state.toast_in_group(REFUSED, ToastLevel::Error, toast);
}

// ---------------------------------------------------------------------------------------
// Keys

fn on_key(state: &mut State, key: KeyEvent) -> Vec<Effect> {
    if key.kind == KeyEventKind::Release {
        return Vec::new();
    }
    state.dirty = true;
    match &mut state.view.mode {
        Mode::Filter { pane, input } => {
            let pane = *pane;
            match key.code {
                KeyCode::Enter => state.view.mode = Mode::Normal,
                KeyCode::Esc => {
                    set_filter(state, pane, String::new());
                    state.view.mode = Mode::Normal;
                }
                _ if key.modifiers.contains(KeyModifiers::CONTROL)
                    && key.code == KeyCode::Char('c') =>
                {
                    set_filter(state, pane, String::new());
                    state.view.mode = Mode::Normal;
                }
                _ => {
                    input.handle_event(&TermEvent::Key(key));
                    let text = clean(input.value()).into_owned();
                    set_filter(state, pane, text);
                }
            }
            fix_selection(state);
            Vec::new()
        }
        Mode::Help => {
            on_help_key(state, key);
            Vec::new()
        }
        Mode::ConfirmQuit => {
            if matches!(key.code, KeyCode::Char('y') | KeyCode::Char('Y')) {
                state.quitting = true;
                vec![Effect::Quit]
            } else {
                state.view.mode = Mode::Normal;
                Vec::new()
            }
        }
        Mode::Palette(_) => super::palette::on_key(state, key),
        Mode::Prompt(_) => super::actions::on_prompt_key(state, key),
        Mode::Normal => match state.keymap.lookup(&key, state.view.focus) {
            Some(action) => dispatch(state, action),
            None => Vec::new(),
        },
    }
}

/// Keys of the help overlay: close, or scroll when it does not fit the screen.
fn on_help_key(state: &mut State, key: KeyEvent) {
    let (cols, rows) = (state.view.screen_cols, state.view.screen_rows);
    let max = crate::ui::overlay::help_max_scroll(state, cols, rows);
    let page = crate::ui::overlay::help_page(state.view.screen_rows).max(1);
    let scroll = state.view.help_scroll.min(max);
    state.view.help_scroll = match key.code {
        KeyCode::Esc | KeyCode::Char('?') | KeyCode::Char('q') | KeyCode::Enter => {
            state.view.mode = Mode::Normal;
            0
        }
        KeyCode::Char('j') | KeyCode::Down => scroll.saturating_add(1).min(max),
        KeyCode::Char('k') | KeyCode::Up => scroll.saturating_sub(1),
        KeyCode::PageDown | KeyCode::Char(' ') => scroll.saturating_add(page).min(max),
        KeyCode::PageUp => scroll.saturating_sub(page),
        KeyCode::Home | KeyCode::Char('g') => 0,
        KeyCode::End | KeyCode::Char('G') => max,
        _ => scroll,
    };
}

fn set_filter(state: &mut State, pane: Pane, text: String) {
    match pane {
        Pane::Queues => state.view.queue_filter = text,
        Pane::Agents => state.view.agent_filter = text,
        other => super::panes::set_filter_of(state, other, text),
    }
}

/// Runs a key action. View actions only on a wall display.
pub fn dispatch(state: &mut State, action: Action) -> Vec<Effect> {
    state.dirty = true;
    if state.wall && !action.allowed_in_wall() {
        state.toast(ToastLevel::Info, "Read-only wall display: view keys only");
        return Vec::new();
    }
    if let Some(effects) = super::panes::dispatch_extra(state, action) {
        return effects;
    }
    match action {
        Action::Up => move_selection(state, -1),
        Action::Down => move_selection(state, 1),
        Action::PageUp => move_selection(state, -PAGE),
        Action::PageDown => move_selection(state, PAGE),
        Action::Top => move_selection(state, isize::MIN / 2),
        Action::Bottom => move_selection(state, isize::MAX / 2),
        Action::NextPane | Action::PrevPane => {}
        Action::Drill => {
            if state.view.focus == Pane::Queues {
                if let Some(q) = current_queue(state) {
                    state.view.agent_queue = Some(q);
                    state.view.focus = Pane::Agents;
                    state.view.selected_agent = None;
                    fix_selection(state);
                }
            }
        }
        Action::Back => match state.view.focus {
            Pane::Queues | Pane::Callbacks | Pane::Transcript | Pane::Log => {
                state.view.queue_filter.clear()
            }
            Pane::Agents => {
                state.view.agent_filter.clear();
                state.view.agent_queue = None;
                state.view.agent_state = AgentStateFilter::All;
                fix_selection(state);
            }
        },
        Action::Filter => {
            let pane = state.view.focus;
            let current = match pane {
                Pane::Agents => state.view.agent_filter.clone(),
                _ => state.view.queue_filter.clone(),
            };
            state.view.mode = Mode::Filter {
                pane,
                input: tui_input::Input::new(current),
            };
        }
        Action::Sort => match state.view.focus {
            Pane::Queues | Pane::Callbacks | Pane::Transcript | Pane::Log => {
                let cols = QueueColumn::ALL;
                let i = cols
                    .iter()
                    .position(|c| *c == state.view.queue_sort.column)
                    .unwrap_or(0);
                state.view.queue_sort.column = cols[(i + 1) % cols.len()];
                let title = state.view.queue_sort.column.title();
                state.toast(ToastLevel::Info, format!("Queues sorted by {title}"));
            }
            Pane::Agents => {
                let cols = AgentColumn::ALL;
                let i = cols
                    .iter()
                    .position(|c| *c == state.view.agent_sort.column)
                    .unwrap_or(0);
                state.view.agent_sort.column = cols[(i + 1) % cols.len()];
                let title = state.view.agent_sort.column.title();
                state.toast(ToastLevel::Info, format!("Agents sorted by {title}"));
            }
        },
        Action::SortReverse => match state.view.focus {
            Pane::Agents => state.view.agent_sort.descending ^= true,
            _ => state.view.queue_sort.descending ^= true,
        },
        Action::StateFilter => {
            state.view.agent_state = state.view.agent_state.next();
            fix_selection(state);
        }
        Action::CycleTheme => {
            let n = state.view.theme_names.len().max(1);
            state.view.theme_index = (state.view.theme_index + 1) % n;
            let name = state.theme_name().to_owned();
            state.toast(ToastLevel::Info, format!("Theme: {name}"));
        }
        Action::Help => {
            state.view.help_scroll = 0;
            state.view.mode = Mode::Help;
        }
        Action::Refresh => {
            if matches!(
                state.connection,
                ConnectionState::Failed { .. } | ConnectionState::Reconnecting { .. }
            ) {
                state.toast(ToastLevel::Info, "Reconnecting and reloading…");
                return vec![Effect::Reconnect, Effect::RefreshSnapshot];
            }
            state.toast(ToastLevel::Info, "Reloading queues and agents…");
            return vec![Effect::RefreshSnapshot];
        }
        Action::Quit | Action::Interrupt => {
            if state.wall {
                state.view.mode = Mode::ConfirmQuit;
            } else {
                state.quitting = true;
                return vec![Effect::Quit];
            }
        }
        // Handled by `panes::dispatch_extra`.
        Action::Palette
        | Action::ShowQueues
        | Action::ShowAgents
        | Action::ShowCallbacks
        | Action::ShowTranscript
        | Action::ShowLog
        | Action::FollowTranscript
        | Action::LogKindFilter
        | Action::OlderCall
        | Action::NewerCall
        | Action::TerminateWrapUp
        | Action::SetAvailability
        | Action::AutoAllocate
        | Action::AllocateCallback
        | Action::CloseCallback
        | Action::CallBack => {}
    }
    Vec::new()
}

fn current_queue(state: &State) -> Option<String> {
    let rows = visible_queues(state);
    let i = selected_index(
        rows.iter().map(|q| q.id.as_str()),
        state.view.selected_queue.as_deref(),
    )?;
    rows.get(i).map(|q| q.id.clone())
}

fn move_selection(state: &mut State, delta: isize) {
    let ids: Vec<String> = match state.view.focus {
        Pane::Agents => visible_agents(state).iter().map(|a| a.id.clone()).collect(),
        _ => visible_queues(state).iter().map(|q| q.id.clone()).collect(),
    };
    if ids.is_empty() {
        return;
    }
    let selected = match state.view.focus {
        Pane::Agents => state.view.selected_agent.as_deref(),
        _ => state.view.selected_queue.as_deref(),
    };
    let i = selected_index(ids.iter().map(String::as_str), selected).unwrap_or(0) as isize;
    let j = i.saturating_add(delta).clamp(0, ids.len() as isize - 1) as usize;
    let id = ids[j].clone();
    match state.view.focus {
        Pane::Agents => state.view.selected_agent = Some(id),
        _ => state.view.selected_queue = Some(id),
    }
}

/// Keeps each pane's selection on a visible row (the first one when the old row left).
pub(super) fn fix_selection(state: &mut State) {
    let queues: Vec<String> = visible_queues(state).iter().map(|q| q.id.clone()).collect();
    if !state
        .view
        .selected_queue
        .as_ref()
        .is_some_and(|s| queues.contains(s))
    {
        state.view.selected_queue = queues.first().cloned();
    }
    let agents: Vec<String> = visible_agents(state).iter().map(|a| a.id.clone()).collect();
    if !state
        .view
        .selected_agent
        .as_ref()
        .is_some_and(|s| agents.contains(s))
    {
        state.view.selected_agent = agents.first().cloned();
    }
}
