//! Keys: the open mode gets them first, else the keymap turns them into an [`Action`],
//! and [`dispatch`] carries out every action for every pane in one match. Server actions
//! go to the one dispatcher (`actions::begin`); `:` lines arrive here as palette
//! invocations.

use super::actions;
use super::effect::Effect;
use super::help;
use super::keymap::Action;
use super::palette::{self, Invocation};
use super::panes::{
    self, agents, callbacks, fix_selection, focus, move_in, queues, set_filter_of, PAGE,
};
use super::state::{AgentStateFilter, Intent, Mode, Pane, QueueColumn, State, ToastLevel};
use super::{snapshot, subscriptions};
use crate::rte::ConnectionState;
use crate::sanitize::clean;
use crossterm::event::{Event as TermEvent, KeyCode, KeyEvent, KeyEventKind, KeyModifiers};
use tui_input::backend::crossterm::EventHandler as _;

/// A key: to the open mode (filter, help, quit confirmation, palette, prompt), else
/// through the keymap to [`dispatch`].
pub fn on_key(state: &mut State, key: KeyEvent) -> Vec<Effect> {
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
                    set_filter_of(state, pane, String::new());
                    state.view.mode = Mode::Normal;
                }
                _ if key.modifiers.contains(KeyModifiers::CONTROL)
                    && key.code == KeyCode::Char('c') =>
                {
                    set_filter_of(state, pane, String::new());
                    state.view.mode = Mode::Normal;
                }
                _ => {
                    input.handle_event(&TermEvent::Key(key));
                    let text = clean(input.value()).into_owned();
                    set_filter_of(state, pane, text);
                }
            }
            fix_selection(state);
            Vec::new()
        }
        Mode::Help => {
            on_help_key(state, key);
            Vec::new()
        }
        // Any key closes the details; the actions keep their own keys in the pane.
        Mode::CallbackDetails | Mode::AgentDetails => {
            state.view.mode = Mode::Normal;
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
        Mode::Palette(_) => match palette::on_key(state, key) {
            Some(line) => run_palette_line(state, line),
            None => Vec::new(),
        },
        Mode::Prompt(_) => actions::on_prompt_key(state, key),
        Mode::Normal => match state.keymap.lookup(&key, state.view.focus) {
            Some(action) => dispatch(state, action),
            None => {
                if !super::sort_keys::on_key(state, &key) {
                    say_where_the_key_works(state, &key);
                }
                Vec::new()
            }
        },
    }
}

/// A key that does nothing here but works in another pane says so (it is not silently
/// ignored): "w (end wrap-up) works in the Agents pane: 2 goes there".
fn say_where_the_key_works(state: &mut State, key: &KeyEvent) {
    use super::keymap::Action;
    let Some(b) = state.keymap.elsewhere(key, state.view.focus) else {
        return;
    };
    let (label, action, context) = (b.chord.label(), b.action, b.context);
    let Some(pane) = context.pane() else {
        return;
    };
    let go = match pane {
        Pane::Queues => Action::ShowQueues,
        Pane::Agents => Action::ShowAgents,
        Pane::Callbacks => Action::ShowCallbacks,
        Pane::Transcript => Action::ShowTranscript,
        Pane::Log => Action::ShowLog,
    };
    let keys = state.keymap.keys_of(go);
    state.toast(
        ToastLevel::Info,
        format!(
            "{label} ({}) works in the {}: {keys} goes there",
            action.hint(),
            context.title()
        ),
    );
}

/// Keys of the help overlay: close, or scroll when it does not fit the screen.
fn on_help_key(state: &mut State, key: KeyEvent) {
    let (cols, rows) = (state.view.screen_cols, state.view.screen_rows);
    let max = help::max_scroll(state, cols, rows);
    let page = help::page(state.view.screen_rows).max(1);
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

/// Runs a key action in the focused pane.
pub fn dispatch(state: &mut State, action: Action) -> Vec<Effect> {
    state.dirty = true;
    if !actions::wall_allows(state, action) {
        return Vec::new();
    }
    let pane = state.view.focus;
    match action {
        Action::Up => move_in(state, pane, -1),
        Action::Down => move_in(state, pane, 1),
        Action::PageUp => move_in(state, pane, -PAGE),
        Action::PageDown => move_in(state, pane, PAGE),
        Action::Top => move_in(state, pane, isize::MIN / 2),
        Action::Bottom if pane == Pane::Transcript => {
            state.view.transcript.follow = true;
            state.view.transcript.scroll = 0;
        }
        Action::Bottom => move_in(state, pane, isize::MAX / 2),
        Action::NextPane | Action::PrevPane => {
            let order = super::pane::ORDER;
            let i = order.iter().position(|p| *p == pane).unwrap_or(0);
            let n = order.len();
            let j = if action == Action::NextPane {
                (i + 1) % n
            } else {
                (i + n - 1) % n
            };
            focus(state, order[j]);
        }
        Action::ShowQueues => focus(state, Pane::Queues),
        Action::ShowAgents => focus(state, Pane::Agents),
        Action::ShowCallbacks => focus(state, Pane::Callbacks),
        Action::ShowTranscript => focus(state, Pane::Transcript),
        Action::ShowLog => focus(state, Pane::Log),
        Action::Details => {
            if pane == Pane::Callbacks && super::panes::callbacks::selected(state).is_some() {
                state.view.mode = Mode::CallbackDetails;
            }
            if pane == Pane::Agents && super::panes::agents::selected(state).is_some() {
                state.view.mode = Mode::AgentDetails;
            }
        }
        Action::Drill => {
            if pane == Pane::Queues {
                if let Some(q) = queues::current(state) {
                    state.view.agent_queue = Some(q);
                    state.view.focus = Pane::Agents;
                    state.view.selected_agent = None;
                    fix_selection(state);
                }
            }
        }
        Action::Back => match pane {
            Pane::Queues => state.view.queue_filter.clear(),
            Pane::Agents => {
                state.view.agent_filter.clear();
                state.view.agent_queue = None;
                state.view.agent_state = AgentStateFilter::All;
                fix_selection(state);
            }
            Pane::Log => {
                set_filter_of(state, pane, String::new());
                state.view.log.kind = None;
            }
            Pane::Callbacks | Pane::Transcript => set_filter_of(state, pane, String::new()),
        },
        Action::Filter if pane == Pane::Transcript => {}
        Action::Filter => {
            let current = panes::filter_of(state, pane);
            state.view.mode = Mode::Filter {
                pane,
                input: tui_input::Input::new(current),
            };
        }
        Action::Sort => match pane {
            Pane::Queues => {
                let cols = QueueColumn::ALL;
                let i = cols
                    .iter()
                    .position(|c| *c == state.view.queue_sort.column)
                    .unwrap_or(0);
                let column = cols[(i + 1) % cols.len()];
                state.view.queue_sort = super::state::Sort {
                    column,
                    descending: column.starts_descending(),
                };
                let title = column.title();
                state.toast(ToastLevel::Info, format!("Queues sorted by {title}"));
            }
            Pane::Agents => {
                let cols = super::state::AgentColumn::ALL;
                let i = cols
                    .iter()
                    .position(|c| *c == state.view.agent_sort.column)
                    .unwrap_or(0);
                let column = cols[(i + 1) % cols.len()];
                state.view.agent_sort = super::state::Sort {
                    column,
                    descending: column.starts_descending(),
                };
                let title = column.title();
                state.toast(ToastLevel::Info, format!("Agents sorted by {title}"));
            }
            Pane::Callbacks => {
                let column = state.view.callback_sort.column.next();
                state.view.callback_sort = super::state::Sort {
                    column,
                    descending: column.starts_descending(),
                };
                let title = column.title();
                state.toast(ToastLevel::Info, format!("Callbacks sorted by {title}"));
            }
            Pane::Transcript | Pane::Log => {}
        },
        Action::SortReverse => match pane {
            Pane::Queues => state.view.queue_sort.descending ^= true,
            Pane::Agents => state.view.agent_sort.descending ^= true,
            Pane::Callbacks => state.view.callback_sort.descending ^= true,
            Pane::Transcript | Pane::Log => {}
        },
        Action::StateFilter => {
            if pane == Pane::Agents {
                state.view.agent_state = state.view.agent_state.next();
                fix_selection(state);
            }
        }
        Action::CycleTheme => {
            let n = state.view.theme_names.len().max(1);
            state.view.theme_index = (state.view.theme_index + 1) % n;
            let name = state.theme_name().to_owned();
            state.toast(ToastLevel::Info, format!("Theme: {name}"));
        }
        Action::Zoom => {
            state.view.zoomed = !state.view.zoomed;
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
                let mut effects = vec![Effect::Reconnect];
                effects.extend(snapshot::request(state));
                return effects;
            }
            state.toast(ToastLevel::Info, "Reloading queues and agents…");
            return snapshot::request(state);
        }
        Action::Quit | Action::Interrupt => {
            if state.wall {
                state.view.mode = Mode::ConfirmQuit;
            } else {
                state.quitting = true;
                return vec![Effect::Quit];
            }
        }
        Action::Suspend => return vec![Effect::Suspend],
        Action::Palette => palette::open(state),
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
        }
        Action::LogKindFilter => state.view.log.next_kind(),
        Action::OlderCall | Action::NewerCall => {
            panes::transcript::browse(state, action == Action::OlderCall)
        }
        Action::TerminateWrapUp => {
            return match agents::selected(state) {
                Some(user_id) => actions::begin(state, Intent::TerminateWrapUp { user_id }),
                None => no_agent(state),
            }
        }
        Action::SetAvailability => {
            return match agents::selected(state) {
                Some(user_id) => actions::begin(
                    state,
                    Intent::SetAvailability {
                        user_id,
                        availability: None,
                        note: None,
                    },
                ),
                None => no_agent(state),
            }
        }
        Action::AutoAllocate => {
            return match agents::selected(state) {
                Some(user_id) => actions::begin(state, Intent::AutoAllocate { user_id }),
                None => no_agent(state),
            }
        }
        Action::AllocateCallback => {
            return match callbacks::selected(state).map(|r| r.id.clone()) {
                Some(request_id) => actions::begin(
                    state,
                    Intent::AllocateCallback {
                        request_id,
                        user_id: None,
                    },
                ),
                None => no_request(state),
            }
        }
        Action::CallBack => {
            return match callbacks::selected(state).map(|r| r.id.clone()) {
                Some(request_id) => actions::begin(state, Intent::CallBack { request_id }),
                None => no_request(state),
            }
        }
        Action::CloseCallback => {
            return match callbacks::selected(state).map(|r| r.id.clone()) {
                Some(request_id) => actions::begin(
                    state,
                    Intent::CloseCallback {
                        request_id,
                        note: None,
                    },
                ),
                None => no_request(state),
            }
        }
    }
    Vec::new()
}

/// Runs a `:` line; when it cannot run, the palette reopens with the reason.
fn run_palette_line(state: &mut State, line: String) -> Vec<Effect> {
    match palette::parse(state, &line) {
        Ok(Some(invocation)) => invoke(state, invocation),
        Ok(None) => Vec::new(),
        Err(error) => {
            palette::reopen_with_error(state, line, error);
            Vec::new()
        }
    }
}

/// Carries out what a `:` line asked for.
pub fn invoke(state: &mut State, invocation: Invocation) -> Vec<Effect> {
    match invocation {
        Invocation::SelectQueue(id) => {
            state.view.queue_filter.clear();
            state.view.selected_queue = Some(id);
            state.view.focus = Pane::Queues;
            Vec::new()
        }
        Invocation::SelectAgent(id) => {
            state.view.agent_filter.clear();
            state.view.agent_queue = None;
            state.view.agent_state = AgentStateFilter::All;
            state.view.selected_agent = Some(id);
            state.view.focus = Pane::Agents;
            subscriptions::sync_transcript(state)
        }
        Invocation::Theme(i) => {
            state.view.theme_index = i;
            let name = state.theme_name().to_owned();
            state.toast(ToastLevel::Info, format!("Theme: {name}"));
            Vec::new()
        }
        Invocation::View(name) => {
            let said = match &name {
                Some(name) => format!("Queues: view {name}"),
                None => "Queues: every queue".to_owned(),
            };
            state.view.queue_set = name;
            state.toast(ToastLevel::Info, said);
            fix_selection(state);
            Vec::new()
        }
        Invocation::Filter(text) => {
            set_filter_of(state, state.view.focus, text);
            Vec::new()
        }
        Invocation::Action(action) => dispatch(state, action),
        Invocation::Begin(intent) => actions::begin(state, intent),
    }
}
