//! The `:` command palette: a line of input (tui-input) with completion over commands
//! and their arguments (queue, agent and theme names, availabilities, panes).
//!
//! `:queue NAME`, `:agent NAME`, `:theme NAME`, `:pane NAME`, `:terminate-wrapup`,
//! `:availability dnd "note"`, `:allocate [AGENT]`, `:auto-allocate`,
//! `:close-callback "note"`, `:call-back`, `:filter TEXT`, `:follow`, `:refresh`, `:help`, `:quit`.
//!
//! A command is a [`Command`]: one of the few that take a view argument, or an [`Action`]
//! of the keymap, named by `Action::name` (spelled with dashes). This module reads a line
//! into an [`Invocation`]; `dispatch` carries it out (server actions through the one
//! dispatcher, `actions::begin`).

use super::keymap::Action;
use super::panes::{agents, callbacks, text_matches};
use super::state::{Intent, Mode, Palette, State, MY_QUEUES_VIEW};
use crate::model::rest::Availability;
use crossterm::event::{Event as TermEvent, KeyCode, KeyEvent, KeyModifiers};
use std::borrow::Cow;
use tui_input::backend::crossterm::EventHandler as _;
use tui_input::Input;

/// Candidates shown under the input.
pub const MAX_CANDIDATES: usize = 8;

/// What a command's first argument is, for completion.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Arg {
    None,
    Queue,
    Agent,
    Theme,
    Availability,
    Pane,
    View,
    Text,
}

/// A palette command.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Command {
    /// Select a queue by name.
    Queue,
    /// Select an agent by name.
    Agent,
    /// Switch the theme by name.
    Theme,
    /// Show a pane by name.
    Pane,
    /// Show a queue set of the config file (`[views.NAME]`), or every queue.
    View,
    /// Filter the focused pane.
    Filter,
    /// An action of the keymap (server actions take their choices as arguments).
    Run(Action),
}

impl Command {
    /// The word that names the command.
    pub fn name(self) -> Cow<'static, str> {
        match self {
            Command::Queue => "queue".into(),
            Command::Agent => "agent".into(),
            Command::Theme => "theme".into(),
            Command::Pane => "pane".into(),
            Command::View => "view".into(),
            Command::Filter => "filter".into(),
            Command::Run(action) => match action.name() {
                n if n.contains('_') => n.replace('_', "-").into(),
                n => n.into(),
            },
        }
    }

    /// What its first argument is, for completion.
    pub fn arg(self) -> Arg {
        match self {
            Command::Queue => Arg::Queue,
            Command::Agent | Command::Run(Action::AllocateCallback) => Arg::Agent,
            Command::Theme => Arg::Theme,
            Command::Pane => Arg::Pane,
            Command::View => Arg::View,
            Command::Filter | Command::Run(Action::CloseCallback) => Arg::Text,
            Command::Run(Action::SetAvailability) => Arg::Availability,
            Command::Run(_) => Arg::None,
        }
    }
}

/// One row of the palette: the command, how to call it, what it does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Spec {
    pub command: Command,
    pub usage: &'static str,
    pub help: &'static str,
}

pub const COMMANDS: &[Spec] = &[
    Spec {
        command: Command::Queue,
        usage: "queue NAME",
        help: "select a queue",
    },
    Spec {
        command: Command::Agent,
        usage: "agent NAME",
        help: "select an agent",
    },
    Spec {
        command: Command::Theme,
        usage: "theme NAME",
        help: "switch the colour theme",
    },
    Spec {
        command: Command::Pane,
        usage: "pane NAME",
        help: "show a pane",
    },
    Spec {
        command: Command::View,
        usage: "view [NAME]",
        help: "show a queue set of the config file ([views.NAME]); no name: every queue",
    },
    Spec {
        command: Command::Run(Action::TerminateWrapUp),
        usage: "terminate-wrapup",
        help: "end the selected agent's wrap-up",
    },
    Spec {
        command: Command::Run(Action::SetAvailability),
        usage: "availability STATE \"note\"",
        help: "set the selected agent's availability",
    },
    Spec {
        command: Command::Run(Action::AllocateCallback),
        usage: "allocate [AGENT]",
        help: "allocate the selected callback request to an agent",
    },
    Spec {
        command: Command::Run(Action::AutoAllocate),
        usage: "auto-allocate",
        help: "request a callback allocation for the selected agent",
    },
    Spec {
        command: Command::Run(Action::CloseCallback),
        usage: "close-callback \"note\"",
        help: "close the selected callback request",
    },
    Spec {
        command: Command::Run(Action::CallBack),
        usage: "call-back",
        help: "call the selected request's contact from your phone",
    },
    Spec {
        command: Command::Filter,
        usage: "filter TEXT",
        help: "filter the focused pane",
    },
    Spec {
        command: Command::Run(Action::FollowTranscript),
        usage: "follow",
        help: "transcript: follow the newest phrase / pause",
    },
    Spec {
        command: Command::Run(Action::Refresh),
        usage: "refresh",
        help: "reload queues, agents and callbacks",
    },
    Spec {
        command: Command::Run(Action::Help),
        usage: "help",
        help: "list the keys",
    },
    Spec {
        command: Command::Run(Action::Quit),
        usage: "quit",
        help: "quit evtop",
    },
];

pub const PANE_NAMES: [&str; 5] = ["queues", "agents", "callbacks", "transcript", "log"];

/// What a command line asks for, ready for `dispatch` to carry out.
#[derive(Debug, Clone, PartialEq)]
pub enum Invocation {
    SelectQueue(String),
    SelectAgent(String),
    Theme(usize),
    /// Show this queue set (`None`: every queue).
    View(Option<String>),
    Filter(String),
    /// A key action (panes, follow, refresh, help, quit).
    Action(Action),
    /// A server action with the choices the line gave, for `actions::begin`.
    Begin(Intent),
}

/// Splits a command line into words; "double quotes" keep spaces.
pub fn split_words(line: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut cur = String::new();
    let mut quoted = false;
    let mut any = false;
    for c in line.chars() {
        match c {
            '"' => {
                quoted = !quoted;
                any = true;
            }
            c if c.is_whitespace() && !quoted => {
                if any {
                    words.push(std::mem::take(&mut cur));
                    any = false;
                }
            }
            c => {
                cur.push(c);
                any = true;
            }
        }
    }
    if any {
        words.push(cur);
    }
    words
}

/// Short names a vi or k9s user types without thinking.
const ALIASES: &[(&str, &str)] = &[("q", "quit"), ("q!", "quit"), ("h", "help")];

fn find_command(name: &str) -> Option<&'static Spec> {
    let name = name.trim_start_matches(':').to_lowercase();
    let name = ALIASES
        .iter()
        .find(|(alias, _)| *alias == name)
        .map_or(name.as_str(), |(_, full)| full);
    COMMANDS
        .iter()
        .find(|c| c.command.name() == name)
        .or_else(|| {
            let mut hits = COMMANDS
                .iter()
                .filter(|c| c.command.name().starts_with(name));
            match (hits.next(), hits.next()) {
                (Some(one), None) => Some(one),
                _ => None,
            }
        })
}

fn arg_values(state: &State, arg: Arg) -> Vec<String> {
    match arg {
        Arg::Queue => {
            let mut v: Vec<String> = state.queues.values().map(|q| q.name.clone()).collect();
            v.sort_by_key(|n| n.to_lowercase());
            v
        }
        Arg::Agent => agents::choices(state, "")
            .into_iter()
            .map(|(_, n)| n.to_owned())
            .collect(),
        Arg::Theme => state.view.theme_names.clone(),
        Arg::Availability => ["available", "busy", "dnd", "offwork", "brb", "away"]
            .map(str::to_owned)
            .to_vec(),
        Arg::Pane => PANE_NAMES.map(str::to_owned).to_vec(),
        Arg::View => {
            let mut names: Vec<String> = state.views.keys().cloned().collect();
            if !state.views.contains_key(MY_QUEUES_VIEW) {
                names.push(MY_QUEUES_VIEW.to_owned());
            }
            names
        }
        Arg::None | Arg::Text => Vec::new(),
    }
}

/// What Tab may complete to, and the text each candidate stands for: (shown, full line).
pub fn candidates(state: &State, line: &str) -> Vec<(String, String)> {
    let line = line.trim_start_matches(':');
    match line.split_once(' ') {
        None => COMMANDS
            .iter()
            .filter(|c| c.command.name().starts_with(&line.to_lowercase()))
            .map(|c| {
                (
                    format!("{:<18} {}", c.usage, c.help),
                    format!("{} ", c.command.name()),
                )
            })
            .collect(),
        Some((cmd, rest)) => {
            let Some(c) = find_command(cmd) else {
                return Vec::new();
            };
            let typed = rest.trim_start_matches('"');
            let name = c.command.name();
            arg_values(state, c.command.arg())
                .into_iter()
                .filter(|v| text_matches(v, typed))
                .map(|v| {
                    let quoted = if v.contains(' ') {
                        format!("\"{v}\"")
                    } else {
                        v.clone()
                    };
                    (v, format!("{name} {quoted}"))
                })
                .collect()
        }
    }
}

/// Opens the palette.
pub fn open(state: &mut State) {
    state.view.mode = Mode::Palette(Palette::default());
}

/// A key while the palette is open. Returns the line to run when Enter was pressed (the
/// palette is then closed; `dispatch` reopens it with the error if the line fails).
pub fn on_key(state: &mut State, key: KeyEvent) -> Option<String> {
    state.dirty = true;
    let ctrl_c = key.modifiers.contains(KeyModifiers::CONTROL) && key.code == KeyCode::Char('c');
    if key.code == KeyCode::Esc || ctrl_c {
        state.view.mode = Mode::Normal;
        return None;
    }
    let line = match &state.view.mode {
        Mode::Palette(p) => p.input.value().to_owned(),
        _ => return None,
    };
    let cands = candidates(state, &line);
    let count = cands.len();
    match key.code {
        KeyCode::Up if line.is_empty() || palette_recalled(state) => recall(state, 1),
        KeyCode::Down if palette_recalled(state) => recall(state, -1),
        KeyCode::Up => {
            if let Mode::Palette(p) = &mut state.view.mode {
                p.selected = p.selected.saturating_sub(1);
                p.navigated = true;
            }
        }
        KeyCode::Down => {
            if let Mode::Palette(p) = &mut state.view.mode {
                p.selected = (p.selected + 1).min(count.saturating_sub(1));
                p.navigated = true;
            }
        }
        KeyCode::Tab => complete(state, &cands),
        KeyCode::Enter => {
            let chosen = match &state.view.mode {
                Mode::Palette(p) if p.navigated => cands
                    .get(p.selected.min(count.saturating_sub(1)))
                    .map(|(_, full)| full.clone()),
                _ => None,
            };
            let run = match chosen {
                // A command chosen from the list that still needs its argument is
                // completed, not run into an error.
                Some(full) if wants_argument(&full) => {
                    complete(state, &cands);
                    return None;
                }
                Some(full) => full.trim().to_owned(),
                None => line,
            };
            remember(state, &run);
            state.view.mode = Mode::Normal;
            return Some(run);
        }
        _ => {
            if let Mode::Palette(p) = &mut state.view.mode {
                p.input.handle_event(&TermEvent::Key(key));
                p.selected = 0;
                p.error = None;
                p.navigated = false;
                p.history_pos = None;
            }
        }
    }
    None
}

/// The highlighted candidate (or the first) becomes the line.
fn complete(state: &mut State, cands: &[(String, String)]) {
    if let Mode::Palette(p) = &mut state.view.mode {
        if let Some((_, full)) = cands.get(p.selected.min(cands.len().saturating_sub(1))) {
            p.input = Input::new(full.clone());
            p.selected = 0;
            p.error = None;
            p.navigated = false;
        }
    }
}

/// A bare command line (`queue `) whose command needs an argument it does not have.
fn wants_argument(full: &str) -> bool {
    let words = split_words(full);
    words.len() == 1
        && find_command(&words[0])
            .is_some_and(|c| !matches!(c.command.arg(), Arg::None) && !c.usage.contains('['))
}

/// True while the line shown is one ↑ recalled (↑/↓ keep walking the history).
fn palette_recalled(state: &State) -> bool {
    matches!(&state.view.mode, Mode::Palette(p) if p.history_pos.is_some())
}

/// Steps through the lines run before: `older` = 1 goes back, -1 forward.
fn recall(state: &mut State, older: i32) {
    let history = &state.view.palette_history;
    let Mode::Palette(p) = &mut state.view.mode else {
        return;
    };
    let next = match (p.history_pos, older) {
        (None, 1) => Some(0),
        (Some(i), 1) => Some((i + 1).min(history.len().saturating_sub(1))),
        (Some(0), _) => None,
        (Some(i), _) => Some(i - 1),
        (None, _) => None,
    }
    .filter(|&i| i < history.len());
    p.history_pos = next;
    p.input = Input::new(match next {
        Some(i) => history[history.len() - 1 - i].clone(),
        None => String::new(),
    });
    p.selected = 0;
    p.navigated = false;
    p.error = None;
}

/// Keeps a line that was run for ↑ (not twice in a row, at most the newest 50).
fn remember(state: &mut State, line: &str) {
    let line = line.trim();
    let history = &mut state.view.palette_history;
    if line.is_empty() || history.last().is_some_and(|l| l == line) {
        return;
    }
    history.push(line.to_owned());
    let over = history.len().saturating_sub(super::state::PALETTE_HISTORY);
    history.drain(..over);
}

/// Reopens the palette on `line` with the reason it could not run.
pub fn reopen_with_error(state: &mut State, line: String, error: String) {
    state.view.mode = Mode::Palette(Palette {
        input: Input::new(line),
        error: Some(error),
        ..Palette::default()
    });
}

/// Picks a name from `names` for what was typed: exact (any case), else the only one
/// containing it, else the first starting with it.
fn pick<'a>(
    names: impl Iterator<Item = (&'a str, &'a str)> + Clone,
    typed: &str,
) -> Option<&'a str> {
    let t = typed.trim().to_lowercase();
    if t.is_empty() {
        return None;
    }
    if let Some((id, _)) = names.clone().find(|(_, n)| n.to_lowercase() == t) {
        return Some(id);
    }
    let containing: Vec<&str> = names
        .clone()
        .filter(|(_, n)| n.to_lowercase().contains(&t))
        .map(|(id, _)| id)
        .collect();
    if containing.len() == 1 {
        return Some(containing[0]);
    }
    names
        .filter(|(_, n)| n.to_lowercase().starts_with(&t))
        .map(|(id, _)| id)
        .next()
}

fn agent_by_name(state: &State, typed: &str) -> Result<String, String> {
    pick(
        state
            .agents
            .values()
            .map(|a| (a.id.as_str(), a.name.as_str())),
        typed,
    )
    .map(str::to_owned)
    .ok_or_else(|| format!("no agent matches “{typed}”"))
}

fn selected_agent(state: &State) -> Result<String, String> {
    agents::selected(state).ok_or_else(|| "select an agent first (:agent NAME)".to_owned())
}

fn selected_request(state: &State) -> Result<String, String> {
    callbacks::selected(state)
        .map(|r| r.id.clone())
        .ok_or_else(|| "no open callback request to act on".to_owned())
}

/// Reads one command line. `Err` says why it cannot run (the palette stays open with it).
pub fn parse(state: &State, line: &str) -> Result<Option<Invocation>, String> {
    let words = split_words(line.trim_start_matches(':'));
    let Some(first) = words.first() else {
        return Ok(None);
    };
    let Some(spec) = find_command(first) else {
        let lower = first.to_lowercase();
        let could: Vec<Cow<'static, str>> = COMMANDS
            .iter()
            .map(|c| c.command.name())
            .filter(|n| !lower.is_empty() && n.starts_with(&lower))
            .collect();
        return Err(match could.as_slice() {
            [] => format!("unknown command “{first}” (Tab lists them)"),
            many => format!(
                "“{first}” could be {} (↑↓ choose, Enter runs)",
                many.join(" or ")
            ),
        });
    };
    let arg = words.get(1).map(String::as_str).unwrap_or("");
    let rest = words[1.min(words.len())..].join(" ");
    let need = |what: &str| -> Result<(), String> {
        if arg.is_empty() {
            Err(format!("{} needs {what}", spec.usage))
        } else {
            Ok(())
        }
    };
    let invocation = match spec.command {
        Command::Queue => {
            need("a queue name")?;
            let id = pick(
                state
                    .queues
                    .values()
                    .map(|q| (q.id.as_str(), q.name.as_str())),
                &rest,
            )
            .map(str::to_owned)
            .ok_or_else(|| format!("no queue matches “{rest}”"))?;
            Invocation::SelectQueue(id)
        }
        Command::Agent => {
            need("an agent name")?;
            Invocation::SelectAgent(agent_by_name(state, &rest)?)
        }
        Command::Theme => {
            need("a theme name")?;
            let i = state
                .view
                .theme_names
                .iter()
                .position(|n| n.eq_ignore_ascii_case(&rest))
                .ok_or_else(|| {
                    format!(
                        "no theme “{rest}”; there are: {}",
                        state.view.theme_names.join(", ")
                    )
                })?;
            Invocation::Theme(i)
        }
        Command::View if rest.is_empty() => Invocation::View(None),
        Command::View => {
            let name = state
                .views
                .keys()
                .find(|n| n.eq_ignore_ascii_case(&rest))
                .cloned()
                .or_else(|| {
                    rest.eq_ignore_ascii_case(MY_QUEUES_VIEW)
                        .then(|| MY_QUEUES_VIEW.to_owned())
                })
                .ok_or_else(|| {
                    let mut names: Vec<String> = state.views.keys().cloned().collect();
                    names.push(MY_QUEUES_VIEW.to_owned());
                    names.dedup();
                    format!("no view “{rest}”; there are: {}", names.join(", "))
                })?;
            Invocation::View(Some(name))
        }
        Command::Pane => {
            need("a pane name")?;
            let action = match arg.to_lowercase().as_str() {
                "queues" => Action::ShowQueues,
                "agents" => Action::ShowAgents,
                "callbacks" => Action::ShowCallbacks,
                "transcript" => Action::ShowTranscript,
                "log" => Action::ShowLog,
                other => {
                    return Err(format!(
                        "no pane “{other}”; there are: {}",
                        PANE_NAMES.join(", ")
                    ))
                }
            };
            Invocation::Action(action)
        }
        Command::Filter => Invocation::Filter(rest),
        Command::Run(Action::TerminateWrapUp) => Invocation::Begin(Intent::TerminateWrapUp {
            user_id: selected_agent(state)?,
        }),
        Command::Run(Action::SetAvailability) => {
            let user_id = selected_agent(state)?;
            let availability = if arg.is_empty() {
                None
            } else {
                Some(Availability::parse(arg).ok_or_else(|| {
                    format!("“{arg}” is not one of available, busy, dnd, offwork, brb, away")
                })?)
            };
            let note = availability.map(|_| words[2.min(words.len())..].join(" "));
            Invocation::Begin(Intent::SetAvailability {
                user_id,
                availability,
                note,
            })
        }
        Command::Run(Action::AllocateCallback) => {
            let request_id = selected_request(state)?;
            let user_id = if rest.is_empty() {
                None
            } else {
                Some(agent_by_name(state, &rest)?)
            };
            Invocation::Begin(Intent::AllocateCallback {
                request_id,
                user_id,
            })
        }
        Command::Run(Action::AutoAllocate) => Invocation::Begin(Intent::AutoAllocate {
            user_id: selected_agent(state)?,
        }),
        Command::Run(Action::CallBack) => Invocation::Begin(Intent::CallBack {
            request_id: selected_request(state)?,
        }),
        Command::Run(Action::CloseCallback) => {
            let request_id = selected_request(state)?;
            let note = (!rest.is_empty()).then_some(rest);
            Invocation::Begin(Intent::CloseCallback { request_id, note })
        }
        Command::Run(action) => Invocation::Action(action),
    };
    Ok(Some(invocation))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_keep_quoted_spaces() {
        assert_eq!(
            split_words(r#"availability dnd "in a meeting""#),
            ["availability", "dnd", "in a meeting"]
        );
        assert_eq!(split_words("  quit  "), ["quit"]);
        assert_eq!(split_words(r#"close-callback """#), ["close-callback", ""]);
    }

    #[test]
    fn unique_prefixes_name_commands() {
        let name = |typed: &str| find_command(typed).map(|c| c.command.name().into_owned());
        assert_eq!(name("term").as_deref(), Some("terminate-wrapup"));
        assert_eq!(name("a"), None, "agent/availability/…");
        assert_eq!(name(":quit").as_deref(), Some("quit"));
    }
}
