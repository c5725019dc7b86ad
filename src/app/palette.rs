//! The `:` command palette: a line of input (tui-input) with completion over commands
//! and their arguments (queue, agent and theme names, availabilities, panes).
//!
//! `:queue NAME`, `:agent NAME`, `:theme NAME`, `:pane NAME`, `:terminate-wrapup`,
//! `:availability dnd "note"`, `:allocate [AGENT]`, `:auto-allocate`,
//! `:close-callback "note"`, `:call-back`, `:filter TEXT`, `:follow`, `:refresh`, `:help`, `:quit`.
//! Server actions go through the one dispatcher ([`super::actions::begin`]).

use super::actions::{self, Intent};
use super::callbacks;
use super::effect::Effect;
use super::keymap::Action;
use super::state::{AgentStateFilter, Mode, Pane, State, ToastLevel};
use super::update::dispatch;
use super::view::text_matches;
use crate::model::rest::Availability;
use crossterm::event::{Event as TermEvent, KeyCode, KeyEvent, KeyModifiers};
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
    Text,
}

/// One palette command.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Command {
    pub name: &'static str,
    pub arg: Arg,
    pub usage: &'static str,
    pub help: &'static str,
}

pub const COMMANDS: &[Command] = &[
    Command {
        name: "queue",
        arg: Arg::Queue,
        usage: "queue NAME",
        help: "select a queue",
    },
    Command {
        name: "agent",
        arg: Arg::Agent,
        usage: "agent NAME",
        help: "select an agent",
    },
    Command {
        name: "theme",
        arg: Arg::Theme,
        usage: "theme NAME",
        help: "switch the colour theme",
    },
    Command {
        name: "pane",
        arg: Arg::Pane,
        usage: "pane NAME",
        help: "show a pane",
    },
    Command {
        name: "terminate-wrapup",
        arg: Arg::None,
        usage: "terminate-wrapup",
        help: "end the selected agent's wrap-up",
    },
    Command {
        name: "availability",
        arg: Arg::Availability,
        usage: "availability STATE \"note\"",
        help: "set the selected agent's availability",
    },
    Command {
        name: "allocate",
        arg: Arg::Agent,
        usage: "allocate [AGENT]",
        help: "allocate the selected callback request to an agent",
    },
    Command {
        name: "auto-allocate",
        arg: Arg::None,
        usage: "auto-allocate",
        help: "request a callback allocation for the selected agent",
    },
    Command {
        name: "close-callback",
        arg: Arg::Text,
        usage: "close-callback \"note\"",
        help: "close the selected callback request",
    },
    Command {
        name: "call-back",
        arg: Arg::None,
        usage: "call-back",
        help: "call the selected request's contact from your phone",
    },
    Command {
        name: "filter",
        arg: Arg::Text,
        usage: "filter TEXT",
        help: "filter the focused pane",
    },
    Command {
        name: "follow",
        arg: Arg::None,
        usage: "follow",
        help: "transcript: follow the newest phrase / pause",
    },
    Command {
        name: "refresh",
        arg: Arg::None,
        usage: "refresh",
        help: "reload queues, agents and callbacks",
    },
    Command {
        name: "help",
        arg: Arg::None,
        usage: "help",
        help: "list the keys",
    },
    Command {
        name: "quit",
        arg: Arg::None,
        usage: "quit",
        help: "quit evtop",
    },
];

pub const PANE_NAMES: [&str; 5] = ["queues", "agents", "callbacks", "transcript", "log"];

/// The palette's state (lives in `Mode::Palette`).
#[derive(Debug, Clone, Default)]
pub struct Palette {
    pub input: Input,
    /// The highlighted completion candidate.
    pub selected: usize,
    /// Why the last Enter did nothing.
    pub error: Option<String>,
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

fn find_command(name: &str) -> Option<&'static Command> {
    let name = name.trim_start_matches(':').to_lowercase();
    COMMANDS.iter().find(|c| c.name == name).or_else(|| {
        let mut hits = COMMANDS.iter().filter(|c| c.name.starts_with(&name));
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
        Arg::Agent => actions::agent_choices(state, "")
            .into_iter()
            .map(|(_, n)| n.to_owned())
            .collect(),
        Arg::Theme => state.view.theme_names.clone(),
        Arg::Availability => ["available", "busy", "dnd", "offwork", "brb", "away"]
            .map(str::to_owned)
            .to_vec(),
        Arg::Pane => PANE_NAMES.map(str::to_owned).to_vec(),
        Arg::None | Arg::Text => Vec::new(),
    }
}

/// What Tab may complete to, and the text each candidate stands for: (shown, full line).
pub fn candidates(state: &State, line: &str) -> Vec<(String, String)> {
    let line = line.trim_start_matches(':');
    match line.split_once(' ') {
        None => COMMANDS
            .iter()
            .filter(|c| c.name.starts_with(&line.to_lowercase()))
            .map(|c| {
                (
                    format!("{:<18} {}", c.usage, c.help),
                    format!("{} ", c.name),
                )
            })
            .collect(),
        Some((cmd, rest)) => {
            let Some(c) = find_command(cmd) else {
                return Vec::new();
            };
            let typed = rest.trim_start_matches('"');
            arg_values(state, c.arg)
                .into_iter()
                .filter(|v| text_matches(v, typed))
                .map(|v| {
                    let quoted = if v.contains(' ') {
                        format!("\"{v}\"")
                    } else {
                        v.clone()
                    };
                    (v, format!("{} {quoted}", c.name))
                })
                .collect()
        }
    }
}

/// Opens the palette.
pub fn open(state: &mut State) {
    state.view.mode = Mode::Palette(Palette::default());
}

/// A key while the palette is open.
pub fn on_key(state: &mut State, key: KeyEvent) -> Vec<Effect> {
    state.dirty = true;
    let ctrl_c = key.modifiers.contains(KeyModifiers::CONTROL) && key.code == KeyCode::Char('c');
    if key.code == KeyCode::Esc || ctrl_c {
        state.view.mode = Mode::Normal;
        return Vec::new();
    }
    let line = match &state.view.mode {
        Mode::Palette(p) => p.input.value().to_owned(),
        _ => return Vec::new(),
    };
    let count = candidates(state, &line).len();
    match key.code {
        KeyCode::Up => {
            if let Mode::Palette(p) = &mut state.view.mode {
                p.selected = p.selected.saturating_sub(1);
            }
            Vec::new()
        }
        KeyCode::Down => {
            if let Mode::Palette(p) = &mut state.view.mode {
                p.selected = (p.selected + 1).min(count.saturating_sub(1));
            }
            Vec::new()
        }
        KeyCode::Tab => {
            let cands = candidates(state, &line);
            if let Mode::Palette(p) = &mut state.view.mode {
                if let Some((_, full)) = cands.get(p.selected.min(cands.len().saturating_sub(1))) {
                    p.input = Input::new(full.clone());
                    p.selected = 0;
                    p.error = None;
                }
            }
            Vec::new()
        }
        KeyCode::Enter => {
            state.view.mode = Mode::Normal;
            match run(state, &line) {
                Ok(effects) => effects,
                Err(error) => {
                    state.view.mode = Mode::Palette(Palette {
                        input: Input::new(line),
                        selected: 0,
                        error: Some(error),
                    });
                    Vec::new()
                }
            }
        }
        _ => {
            if let Mode::Palette(p) = &mut state.view.mode {
                p.input.handle_event(&TermEvent::Key(key));
                p.selected = 0;
                p.error = None;
            }
            Vec::new()
        }
    }
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
    state
        .view
        .selected_agent
        .clone()
        .filter(|id| state.agents.contains_key(id))
        .ok_or_else(|| "select an agent first (:agent NAME)".to_owned())
}

fn selected_request(state: &State) -> Result<String, String> {
    callbacks::selected(state)
        .map(|r| r.id.clone())
        .ok_or_else(|| "no open callback request to act on".to_owned())
}

/// Runs one command line. `Err` keeps the palette open with the message.
pub fn run(state: &mut State, line: &str) -> Result<Vec<Effect>, String> {
    let words = split_words(line.trim_start_matches(':'));
    let Some(first) = words.first() else {
        return Ok(Vec::new());
    };
    let Some(cmd) = find_command(first) else {
        return Err(format!("unknown command “{first}” (Tab lists them)"));
    };
    let arg = words.get(1).map(String::as_str).unwrap_or("");
    let rest = words[1.min(words.len())..].join(" ");
    let need = |what: &str| -> Result<(), String> {
        if arg.is_empty() {
            Err(format!("{} needs {what}", cmd.usage))
        } else {
            Ok(())
        }
    };
    match cmd.name {
        "queue" => {
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
            state.view.queue_filter.clear();
            state.view.selected_queue = Some(id);
            state.view.focus = Pane::Queues;
            Ok(Vec::new())
        }
        "agent" => {
            need("an agent name")?;
            let id = agent_by_name(state, &rest)?;
            state.view.agent_filter.clear();
            state.view.agent_queue = None;
            state.view.agent_state = AgentStateFilter::All;
            state.view.selected_agent = Some(id);
            state.view.focus = Pane::Agents;
            Ok(super::transcript::sync_subscription(state))
        }
        "theme" => {
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
            state.view.theme_index = i;
            let name = state.theme_name().to_owned();
            state.toast(ToastLevel::Info, format!("Theme: {name}"));
            Ok(Vec::new())
        }
        "pane" => {
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
            Ok(dispatch(state, action))
        }
        "terminate-wrapup" => {
            let user_id = selected_agent(state)?;
            Ok(actions::begin(state, Intent::TerminateWrapUp { user_id }))
        }
        "availability" => {
            let user_id = selected_agent(state)?;
            let availability = if arg.is_empty() {
                None
            } else {
                Some(Availability::parse(arg).ok_or_else(|| {
                    format!("“{arg}” is not one of available, busy, dnd, offwork, brb, away")
                })?)
            };
            let note = availability.map(|_| words[2.min(words.len())..].join(" "));
            Ok(actions::begin(
                state,
                Intent::SetAvailability {
                    user_id,
                    availability,
                    note,
                },
            ))
        }
        "allocate" => {
            let request_id = selected_request(state)?;
            let user_id = if rest.is_empty() {
                None
            } else {
                Some(agent_by_name(state, &rest)?)
            };
            Ok(actions::begin(
                state,
                Intent::AllocateCallback {
                    request_id,
                    user_id,
                },
            ))
        }
        "auto-allocate" => {
            let user_id = selected_agent(state)?;
            Ok(actions::begin(state, Intent::AutoAllocate { user_id }))
        }
        "call-back" => {
            let request_id = selected_request(state)?;
            Ok(actions::begin(state, Intent::CallBack { request_id }))
        }
        "close-callback" => {
            let request_id = selected_request(state)?;
            let note = (!rest.is_empty()).then_some(rest);
            Ok(actions::begin(
                state,
                Intent::CloseCallback { request_id, note },
            ))
        }
        "filter" => {
            super::panes::set_filter_of(state, state.view.focus, rest);
            Ok(Vec::new())
        }
        "follow" => Ok(dispatch(state, Action::FollowTranscript)),
        "refresh" => Ok(dispatch(state, Action::Refresh)),
        "help" => Ok(dispatch(state, Action::Help)),
        "quit" => Ok(dispatch(state, Action::Quit)),
        other => Err(format!("“{other}” is not handled")),
    }
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
        assert_eq!(
            find_command("term").map(|c| c.name),
            Some("terminate-wrapup")
        );
        assert_eq!(
            find_command("a").map(|c| c.name),
            None,
            "agent/availability/…"
        );
        assert_eq!(find_command(":quit").map(|c| c.name), Some("quit"));
    }
}
