//! The one dispatcher for server actions, and the prompts that lead to them.
//!
//! Every action (keys and palette alike) starts as an [`Intent`] given to [`begin`]:
//! refused on a wall display; a missing choice opens a prompt (agent picker, availability
//! picker, note input); the last step is always a confirmation naming the target
//! ("Terminate wrap-up of Aino Virtanen? y/N"). Only a `y` there turns it into an
//! [`Effect::Api`]. The result comes back as `Event::ActionDone` → [`on_done`]: a toast
//! with the outcome and, for a failure, what to try. Nothing on screen changes because of
//! the action itself: the panes change when the RTE events that follow arrive.

use super::effect::{ApiAction, Effect};
use super::failure::ActionError;
use super::keymap::Action;
use super::panes::{agents, callbacks};
use super::state::{Activity, Intent, LogKind, LogLevel, Mode, Prompt, State, ToastLevel};
use crate::model::rest::Availability;
use crate::sanitize::clean;
use crossterm::event::{Event as TermEvent, KeyCode, KeyEvent, KeyModifiers};
use tui_input::backend::crossterm::EventHandler as _;
use tui_input::Input;

/// The read-only rule for keys: a wall display allows view changes only. Server actions
/// pass here and are refused by [`begin`] with their own message.
pub fn wall_allows(state: &mut State, action: Action) -> bool {
    if state.wall && !action.allowed_in_wall() {
        state.toast(ToastLevel::Info, "Read-only wall display: view keys only");
        return false;
    }
    if state.replay.is_some() && !action.allowed_in_wall() {
        state.toast(ToastLevel::Info, "Replay: view keys only");
        return false;
    }
    true
}

/// Why server actions are refused here (a wall display, a replay), if they are.
fn read_only(state: &State) -> Option<&'static str> {
    if state.replay.is_some() {
        Some("this is a replay (read-only)")
    } else if state.wall {
        Some("this is a read-only wall display")
    } else {
        None
    }
}

/// The last gate before a server action leaves: refused on a wall display.
pub fn run_action(state: &mut State, what: String, action: ApiAction) -> Vec<Effect> {
    if let Some(why) = read_only(state) {
        state.toast(ToastLevel::Error, format!("{what}: refused, {why}"));
        return Vec::new();
    }
    vec![Effect::Api { what, action }]
}

/// A short name for an intent, for refusals and cancellations.
fn title_of(intent: &Intent) -> &'static str {
    match intent {
        Intent::TerminateWrapUp { .. } => "Terminate wrap-up",
        Intent::SetAvailability { .. } => "Set availability",
        Intent::AllocateCallback { .. } => "Allocate callback",
        Intent::AutoAllocate { .. } => "Auto-allocation",
        Intent::CloseCallback { .. } => "Close callback",
        Intent::CallBack { .. } => "Call back",
    }
}

fn refuse(state: &mut State, text: String) -> Vec<Effect> {
    state.toast(ToastLevel::Error, text);
    Vec::new()
}

/// The one entry point for server actions: checks, prompts, and finally a confirmation.
pub fn begin(state: &mut State, intent: Intent) -> Vec<Effect> {
    state.dirty = true;
    if let Some(why) = read_only(state) {
        let text = format!("{}: refused, {why}", title_of(&intent));
        state.add_log(LogKind::Action, LogLevel::Warn, text.clone());
        return refuse(state, text);
    }
    match intent {
        Intent::TerminateWrapUp { user_id } => {
            let Some(agent) = state.agents.get(&user_id) else {
                return refuse(state, "Terminate wrap-up: select an agent first".into());
            };
            let name = agent.name.clone();
            if agent.activity() != Activity::WrapUp {
                return refuse(
                    state,
                    format!("{name} is not on wrap-up: there is nothing to terminate"),
                );
            }
            let wrap_up_id = agent
                .wrap_up
                .as_ref()
                .map(|w| w.id.clone())
                .filter(|id| !id.is_empty());
            confirm(
                state,
                format!("Terminate wrap-up of {name}?"),
                format!("Terminate wrap-up of {name}"),
                ApiAction::TerminateWrapUp {
                    user_id,
                    wrap_up_id,
                },
            )
        }
        Intent::SetAvailability {
            user_id,
            availability,
            note,
        } => {
            if !state.agents.contains_key(&user_id) {
                return refuse(state, "Set availability: select an agent first".into());
            }
            let name = agents::name_of(state, &user_id);
            match (availability, note) {
                (None, note) => {
                    let current = state
                        .agents
                        .get(&user_id)
                        .and_then(|a| a.availability)
                        .and_then(|a| Availability::ALL.iter().position(|x| *x == a))
                        .unwrap_or(0);
                    open(
                        state,
                        Prompt::PickAvailability {
                            title: format!("Availability of {name}"),
                            intent: Intent::SetAvailability {
                                user_id,
                                availability: None,
                                note,
                            },
                            selected: current,
                        },
                    )
                }
                (Some(a), None) => open(
                    state,
                    Prompt::Note {
                        title: format!("Note for {name} ({}), Enter for none", a.name()),
                        intent: Intent::SetAvailability {
                            user_id,
                            availability: Some(a),
                            note: None,
                        },
                        input: Input::default(),
                    },
                ),
                (Some(a), Some(note)) => {
                    let note = clean(note.trim()).into_owned();
                    let with_note = if note.is_empty() {
                        String::new()
                    } else {
                        format!(" “{note}”")
                    };
                    confirm(
                        state,
                        format!("Set {name} to {}{with_note}?", a.name()),
                        format!("Set {name} to {}", a.name()),
                        ApiAction::SetAvailability {
                            user_id,
                            availability: a,
                            note,
                        },
                    )
                }
            }
        }
        Intent::AllocateCallback {
            request_id,
            user_id,
        } => {
            let Some(row) = state.callbacks.get(&request_id) else {
                return refuse(
                    state,
                    "Allocate callback: select an open request in the callbacks pane first".into(),
                );
            };
            let who = callbacks::describe(row);
            let list_id = row.list_id.clone();
            match user_id {
                None => open(
                    state,
                    Prompt::PickAgent {
                        title: format!("Allocate callback of {who} to…"),
                        intent: Intent::AllocateCallback {
                            request_id,
                            user_id: None,
                        },
                        input: Input::default(),
                        selected: 0,
                    },
                ),
                Some(user_id) => {
                    if !state.agents.contains_key(&user_id) {
                        return refuse(state, format!("Allocate callback: no agent {user_id}"));
                    }
                    let name = agents::name_of(state, &user_id);
                    confirm(
                        state,
                        format!("Allocate callback of {who} to {name}?"),
                        format!("Allocate callback of {who} to {name}"),
                        ApiAction::AssignCallback {
                            list_id,
                            request_id,
                            user_id,
                        },
                    )
                }
            }
        }
        Intent::AutoAllocate { user_id } => {
            if !state.agents.contains_key(&user_id) {
                return refuse(state, "Auto-allocation: select an agent first".into());
            }
            let name = agents::name_of(state, &user_id);
            confirm(
                state,
                format!("Request a callback allocation for {name}?"),
                format!("Auto-allocation for {name}"),
                ApiAction::AutoAllocation { user_id },
            )
        }
        Intent::CallBack { request_id } => {
            let Some(row) = state.callbacks.get(&request_id) else {
                return refuse(
                    state,
                    "Call back: select an open request in the callbacks pane first".into(),
                );
            };
            if row.contact_number.trim().is_empty() {
                let who = callbacks::describe(row);
                return refuse(state, format!("Call back: {who} has no number to call"));
            }
            let who = callbacks::describe(row);
            let action = ApiAction::CallBack {
                list_id: row.list_id.clone(),
                request_id,
                number: row.contact_number.trim().to_owned(),
            };
            confirm(
                state,
                format!("Call {who} back from your phone?"),
                format!("Call back {who}"),
                action,
            )
        }
        Intent::CloseCallback { request_id, note } => {
            let Some(row) = state.callbacks.get(&request_id) else {
                return refuse(
                    state,
                    "Close callback: select an open request in the callbacks pane first".into(),
                );
            };
            let who = callbacks::describe(row);
            let list_id = row.list_id.clone();
            match note {
                None => open(
                    state,
                    Prompt::Note {
                        title: format!("Closing note for {who}"),
                        intent: Intent::CloseCallback {
                            request_id,
                            note: None,
                        },
                        input: Input::default(),
                    },
                ),
                Some(note) => {
                    let note = clean(note.trim()).into_owned();
                    let with_note = if note.is_empty() {
                        String::new()
                    } else {
                        format!(" with note “{note}”")
                    };
                    confirm(
                        state,
                        format!("Close callback request of {who}{with_note}?"),
                        format!("Close callback of {who}"),
                        ApiAction::CloseCallback {
                            list_id,
                            request_id,
                            note,
                        },
                    )
                }
            }
        }
    }
}

fn open(state: &mut State, prompt: Prompt) -> Vec<Effect> {
    state.view.mode = Mode::Prompt(prompt);
    Vec::new()
}

fn confirm(state: &mut State, question: String, what: String, action: ApiAction) -> Vec<Effect> {
    open(
        state,
        Prompt::Confirm {
            question,
            what,
            action,
        },
    )
}

fn cancel(state: &mut State, what: &str) -> Vec<Effect> {
    state.view.mode = Mode::Normal;
    state.toast(ToastLevel::Info, format!("{what}: cancelled"));
    Vec::new()
}

fn is_ctrl_c(key: &KeyEvent) -> bool {
    key.modifiers.contains(KeyModifiers::CONTROL) && key.code == KeyCode::Char('c')
}

/// A key while a prompt is open. Esc (or Ctrl-C) cancels any prompt.
pub fn on_prompt_key(state: &mut State, key: KeyEvent) -> Vec<Effect> {
    state.dirty = true;
    let Mode::Prompt(prompt) = &mut state.view.mode else {
        return Vec::new();
    };
    let cancelling = key.code == KeyCode::Esc || is_ctrl_c(&key);
    match prompt {
        Prompt::Confirm { what, action, .. } => {
            let (what, action) = (what.clone(), action.clone());
            if matches!(key.code, KeyCode::Char('y') | KeyCode::Char('Y'))
                && !key.modifiers.contains(KeyModifiers::CONTROL)
            {
                state.view.mode = Mode::Normal;
                if state.actions_in_flight.contains_key(&what) {
                    state.toast(
                        ToastLevel::Info,
                        format!("{what}: already sent, waiting for the answer"),
                    );
                    return Vec::new();
                }
                // A second action on the same agent or request waits for the first.
                let target = action.target().to_owned();
                if let Some((running, _)) =
                    state.actions_in_flight.iter().find(|(_, t)| **t == target)
                {
                    let text =
                        format!("{what}: not sent, “{running}” is still waiting for its answer");
                    state.toast(ToastLevel::Error, text.clone());
                    state.add_log(LogKind::Action, LogLevel::Warn, text);
                    return Vec::new();
                }
                let effects = run_action(state, what.clone(), action);
                if !effects.is_empty() {
                    state.actions_in_flight.insert(what.clone(), target);
                    state.toast(ToastLevel::Info, format!("{what}…"));
                    state.add_log(LogKind::Action, LogLevel::Info, format!("{what}: sent"));
                }
                effects
            } else {
                cancel(state, &what)
            }
        }
        Prompt::PickAvailability {
            intent, selected, ..
        } => {
            let n = Availability::ALL.len();
            match key.code {
                _ if cancelling => {
                    let t = title_of(intent);
                    cancel(state, t)
                }
                KeyCode::Up | KeyCode::Char('k') => {
                    *selected = (*selected + n - 1) % n;
                    Vec::new()
                }
                KeyCode::Down | KeyCode::Char('j') | KeyCode::Tab => {
                    *selected = (*selected + 1) % n;
                    Vec::new()
                }
                KeyCode::Char(c @ '1'..='6') => {
                    *selected = (c as usize) - ('1' as usize);
                    let intent = with_availability(intent.clone(), Availability::ALL[*selected]);
                    begin(state, intent)
                }
                KeyCode::Enter => {
                    let intent = with_availability(intent.clone(), Availability::ALL[*selected]);
                    begin(state, intent)
                }
                _ => Vec::new(),
            }
        }
        Prompt::PickAgent {
            intent,
            input,
            selected,
            ..
        } => {
            if cancelling {
                let t = title_of(intent);
                return cancel(state, t);
            }
            match key.code {
                KeyCode::Up => {
                    *selected = selected.saturating_sub(1);
                    Vec::new()
                }
                KeyCode::Down | KeyCode::Tab => {
                    *selected += 1;
                    clamp_pick(state);
                    Vec::new()
                }
                KeyCode::Enter => {
                    let (intent, search, i) = (intent.clone(), input.value().to_owned(), *selected);
                    let choice = agents::pick_choices(state, &search, intent.request_id())
                        .get(i)
                        .map(|(id, _)| (*id).to_owned());
                    match (choice, intent) {
                        (Some(user_id), Intent::AllocateCallback { request_id, .. }) => begin(
                            state,
                            Intent::AllocateCallback {
                                request_id,
                                user_id: Some(user_id),
                            },
                        ),
                        (None, _) => {
                            state.toast(ToastLevel::Info, "No agent matches: change the search");
                            Vec::new()
                        }
                        (Some(_), other) => begin(state, other),
                    }
                }
                _ => {
                    input.handle_event(&TermEvent::Key(key));
                    *selected = 0;
                    Vec::new()
                }
            }
        }
        Prompt::Note { intent, input, .. } => {
            if cancelling {
                let t = title_of(intent);
                return cancel(state, t);
            }
            if key.code == KeyCode::Enter {
                let note = input.value().to_owned();
                let intent = match intent.clone() {
                    Intent::SetAvailability {
                        user_id,
                        availability,
                        ..
                    } => Intent::SetAvailability {
                        user_id,
                        availability,
                        note: Some(note),
                    },
                    Intent::CloseCallback { request_id, .. } => Intent::CloseCallback {
                        request_id,
                        note: Some(note),
                    },
                    other => other,
                };
                return begin(state, intent);
            }
            input.handle_event(&TermEvent::Key(key));
            Vec::new()
        }
    }
}

fn with_availability(intent: Intent, a: Availability) -> Intent {
    match intent {
        Intent::SetAvailability { user_id, note, .. } => Intent::SetAvailability {
            user_id,
            availability: Some(a),
            note,
        },
        other => other,
    }
}

fn clamp_pick(state: &mut State) {
    let n = match &state.view.mode {
        Mode::Prompt(Prompt::PickAgent { input, intent, .. }) => {
            agents::pick_choices(state, input.value(), intent.request_id()).len()
        }
        _ => return,
    };
    if let Mode::Prompt(Prompt::PickAgent { selected, .. }) = &mut state.view.mode {
        *selected = (*selected).min(n.saturating_sub(1));
    }
}

/// An action finished: a toast with the outcome (and, on failure, what to try) and an
/// event log entry. The panes are not touched: the RTE events that follow update them,
/// or, when the failure leaves the truth unknown, a fresh REST snapshot.
pub fn on_done(state: &mut State, what: &str, result: Result<String, ActionError>) -> Vec<Effect> {
    state.actions_in_flight.remove(what);
    let what = clean(what).into_owned();
    match result {
        Ok(detail) => {
            let text = if detail.trim().is_empty() {
                format!("{what}: done")
            } else {
                format!("{what}: {}", clean(&detail))
            };
            state.toast(ToastLevel::Info, text.clone());
            state.add_log(LogKind::Action, LogLevel::Ok, text);
        }
        Err(error) => {
            let e = clean(&error.message).into_owned();
            let failure = error.failure;
            // The message line says it short (the server's words when it gave some);
            // the event log keeps the whole sentence with its method, path and status.
            let reason = match &error.reason {
                Some(r) => clean(r).into_owned(),
                None => failure.short().to_owned(),
            };
            let short = match failure.short_hint() {
                Some(hint) => format!("{what} failed: {reason} — {hint}"),
                None => format!("{what} failed: {reason}"),
            };
            state.toast(ToastLevel::Error, short);
            let full = match failure.hint() {
                Some(hint) => format!("{what} failed: {e} — {hint}"),
                None => format!("{what} failed: {e}"),
            };
            state.add_log(LogKind::Action, LogLevel::Alert, full);
            if failure.needs_reload() {
                return super::snapshot::request(state);
            }
        }
    }
    Vec::new()
}
