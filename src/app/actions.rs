//! The one dispatcher for server actions, and the prompts that lead to them.
//!
//! Every action (keys and palette alike) starts as an [`Intent`] given to [`begin`]:
//! refused on a wall display; a missing choice opens a prompt (agent picker, availability
//! picker, note input); the last step is always a confirmation naming the target
//! ("Terminate wrap-up of Aino Virtanen? y/N"). Only a `y` there turns it into an
//! [`Effect::Api`]. The result comes back as `Event::ActionDone` → [`on_done`]: a toast
//! with the outcome and, for a failure, what to try. Nothing on screen changes because of
//! the action itself: the panes change when the RTE events that follow arrive.

use super::callbacks;
use super::effect::{ApiAction, Effect};
use super::eventlog::{self, LogKind, LogLevel};
use super::state::{Activity, Mode, State, ToastLevel};
use super::update::run_action;
use super::view::text_matches;
use crate::model::rest::Availability;
use crate::sanitize::clean;
use crossterm::event::{Event as TermEvent, KeyCode, KeyEvent, KeyModifiers};
use tui_input::backend::crossterm::EventHandler as _;
use tui_input::Input;

/// A server action the user asked for; `None` fields are still to be chosen.
#[derive(Debug, Clone, PartialEq)]
pub enum Intent {
    TerminateWrapUp {
        user_id: String,
    },
    SetAvailability {
        user_id: String,
        availability: Option<Availability>,
        note: Option<String>,
    },
    AllocateCallback {
        request_id: String,
        user_id: Option<String>,
    },
    AutoAllocate {
        user_id: String,
    },
    CloseCallback {
        request_id: String,
        note: Option<String>,
    },
    /// Call the request's contact from the supervisor's own phone.
    CallBack {
        request_id: String,
    },
}

/// What the prompt overlay shows and edits.
#[derive(Debug, Clone)]
pub enum Prompt {
    /// "… ? y/N": `y` runs the action, anything else cancels.
    Confirm {
        question: String,
        what: String,
        action: ApiAction,
    },
    /// A searchable list of agents (for allocating a callback request).
    PickAgent {
        intent: Intent,
        title: String,
        input: Input,
        /// Index into the matching agents.
        selected: usize,
    },
    /// One of the six availabilities.
    PickAvailability {
        intent: Intent,
        title: String,
        selected: usize,
    },
    /// A free-text note (may be left empty).
    Note {
        intent: Intent,
        title: String,
        input: Input,
    },
}

/// The agents a picker offers for its search text: (id, name), by name.
pub fn agent_choices<'a>(state: &'a State, search: &str) -> Vec<(&'a str, &'a str)> {
    let mut v: Vec<(&str, &str)> = state
        .agents
        .values()
        .filter(|a| text_matches(&a.name, search) || text_matches(&a.email, search))
        .map(|a| (a.id.as_str(), a.name.as_str()))
        .collect();
    v.sort_by(|a, b| super::view::cmp_ignore_case(a.1, b.1).then(a.0.cmp(b.0)));
    v
}

fn agent_name(state: &State, id: &str) -> String {
    state
        .agents
        .get(id)
        .map(|a| a.name.clone())
        .filter(|n| !n.is_empty())
        .unwrap_or_else(|| id.to_owned())
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
    if state.wall {
        let text = format!(
            "{}: refused, this is a read-only wall display",
            title_of(&intent)
        );
        eventlog::log(state, LogKind::Action, LogLevel::Warn, text.clone());
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
            let name = agent_name(state, &user_id);
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
                    let name = agent_name(state, &user_id);
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
            let name = agent_name(state, &user_id);
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
                if state.actions_in_flight.contains(&what) {
                    state.toast(
                        ToastLevel::Info,
                        format!("{what}: already sent, waiting for the answer"),
                    );
                    return Vec::new();
                }
                let effects = run_action(state, what.clone(), action);
                if !effects.is_empty() {
                    state.actions_in_flight.insert(what.clone());
                    state.toast(ToastLevel::Info, format!("{what}…"));
                    eventlog::log(
                        state,
                        LogKind::Action,
                        LogLevel::Info,
                        format!("{what}: sent"),
                    );
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
                    let choice = agent_choices(state, &search)
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
        Mode::Prompt(Prompt::PickAgent { input, .. }) => agent_choices(state, input.value()).len(),
        _ => return,
    };
    if let Mode::Prompt(Prompt::PickAgent { selected, .. }) = &mut state.view.mode {
        *selected = (*selected).min(n.saturating_sub(1));
    }
}

/// Kinds of failure, told apart by the REST client's messages (see `api::ApiError`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Failure {
    Unauthorized,
    Forbidden,
    NotFound,
    Conflict,
    RateLimited,
    Server,
    Timeout,
    Unreachable,
    Other,
}

impl Failure {
    pub fn classify(message: &str) -> Failure {
        let m = message.to_ascii_lowercase();
        let has = |s: &str| m.contains(s);
        if has("(401)") {
            Failure::Unauthorized
        } else if has("(403)") {
            Failure::Forbidden
        } else if has("(404)") {
            Failure::NotFound
        } else if has("(409)") {
            Failure::Conflict
        } else if has("(429)") {
            Failure::RateLimited
        } else if has("server error") {
            Failure::Server
        } else if has("no answer in time") || has("timed out") || has("timeout") {
            Failure::Timeout
        } else if has("cannot reach") || has("connection refused") {
            Failure::Unreachable
        } else {
            Failure::Other
        }
    }

    /// What to try next.
    pub fn hint(self) -> &'static str {
        match self {
            Failure::Unauthorized => "check the user and secret key, then restart evtop",
            Failure::Forbidden => "this login may not do that: use a supervisor account",
            Failure::NotFound => "it no longer exists: reloading the panes",
            Failure::Conflict => {
                "it changed meanwhile: reloading the panes to show the current state"
            }
            Failure::RateLimited => "the server is busy: wait a moment, then try again",
            Failure::Server => "the server had a problem: try again in a moment",
            Failure::Timeout => {
                "it may or may not have happened: reloading the panes to show what the server says"
            }
            Failure::Unreachable => "check the network, then try again",
            Failure::Other => "try again, or r to reload",
        }
    }

    /// Whether the panes may now differ from the server: reload them rather than leave
    /// the supervisor guessing (the action may have happened, or its target changed).
    pub fn needs_reload(self) -> bool {
        matches!(
            self,
            Failure::NotFound | Failure::Conflict | Failure::Timeout
        )
    }
}

/// An action finished: a toast with the outcome (and, on failure, what to try) and an
/// event log entry. The panes are not touched: the RTE events that follow update them,
/// or, when the failure leaves the truth unknown, a fresh REST snapshot.
pub fn on_done(state: &mut State, what: &str, result: Result<String, String>) -> Vec<Effect> {
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
            eventlog::log(state, LogKind::Action, LogLevel::Ok, text);
        }
        Err(e) => {
            let e = clean(&e).into_owned();
            let failure = Failure::classify(&e);
            let text = format!("{what} failed: {e} — {}", failure.hint());
            state.toast(ToastLevel::Error, text.clone());
            eventlog::log(state, LogKind::Action, LogLevel::Alert, text);
            if failure.needs_reload() {
                return vec![Effect::RefreshSnapshot];
            }
        }
    }
    Vec::new()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::ApiError;
    use std::time::Duration;

    /// The classes follow the REST client's own errors, whatever their wording.
    #[test]
    fn failures_classify_the_rest_clients_errors() {
        let what = "POST /users/u-1/wrapup/terminate/";
        let cases = [
            (
                ApiError::from_status(401, what, "", None),
                Failure::Unauthorized,
            ),
            (
                ApiError::from_status(403, what, "", None),
                Failure::Forbidden,
            ),
            (
                ApiError::from_status(404, what, "", None),
                Failure::NotFound,
            ),
            (
                ApiError::from_status(409, what, r#"{"Message":"no wrap-up"}"#, None),
                Failure::Conflict,
            ),
            (
                ApiError::from_status(429, what, "", Some(Duration::from_secs(3))),
                Failure::RateLimited,
            ),
            (ApiError::from_status(503, what, "", None), Failure::Server),
            (ApiError::from_status(500, what, "", None), Failure::Server),
            (
                ApiError::Timeout {
                    what: what.into(),
                    host: "127.0.0.1".into(),
                },
                Failure::Timeout,
            ),
            (
                ApiError::Connect {
                    host: "127.0.0.1".into(),
                    detail: "connection refused".into(),
                },
                Failure::Unreachable,
            ),
        ];
        for (error, class) in cases {
            assert_eq!(Failure::classify(&error.user_message()), class, "{error}");
        }
    }
}
