//! The key hint bar (k9s, htop, lazygit): the keys of the focused pane and mode, then the
//! few that work everywhere, made from the keymap so that a remapped key shows as it is.

use super::keymap::{Action, Context};
use super::state::{Mode, Prompt, State};

/// One hint: the keys and a word.
pub type Hint = (String, &'static str);

/// Keys meant everywhere that the bar names after the pane's own.
const GLOBAL: &[Action] = &[
    Action::Filter,
    Action::Sort,
    Action::Zoom,
    Action::Palette,
    Action::Help,
    Action::Quit,
];

/// The hints for the current mode and focused pane, most useful first (the bar drops
/// them from the end when the line is short).
pub fn hints(state: &State) -> Vec<Hint> {
    let fixed = |items: &[(&str, &'static str)]| -> Vec<Hint> {
        items.iter().map(|(k, w)| ((*k).to_owned(), *w)).collect()
    };
    match &state.view.mode {
        Mode::Filter { .. } => fixed(&[("Enter", "keep"), ("Esc", "clear")]),
        Mode::Help => fixed(&[("j/k", "scroll"), ("Esc", "close")]),
        Mode::CallbackDetails | Mode::AgentDetails => {
            fixed(&[("Esc", "close"), ("any key", "too")])
        }
        Mode::ConfirmQuit => fixed(&[("y", "quit"), ("any key", "stay")]),
        Mode::Palette(_) => fixed(&[
            ("Tab", "complete"),
            ("↑↓", "choose"),
            ("Enter", "run"),
            ("Esc", "close"),
        ]),
        Mode::Prompt(Prompt::Confirm { .. }) => fixed(&[("y", "yes"), ("n/Esc", "no")]),
        Mode::Prompt(Prompt::PickAgent { .. } | Prompt::PickAvailability { .. }) => {
            fixed(&[("↑↓", "choose"), ("Enter", "pick"), ("Esc", "cancel")])
        }
        Mode::Prompt(_) => fixed(&[("Enter", "send"), ("Esc", "cancel")]),
        Mode::Normal => normal(state),
    }
}

fn normal(state: &State) -> Vec<Hint> {
    let keymap = &state.keymap;
    let usable = |a: Action| !state.wall || a.works_on_wall();
    let mut out: Vec<Hint> = Vec::new();
    let mut seen: Vec<Action> = Vec::new();
    let pane = state.view.focus;
    for b in keymap
        .bindings
        .iter()
        .filter(|b| b.context != Context::Global && b.context.pane() == Some(pane))
    {
        if usable(b.action) && !seen.contains(&b.action) {
            seen.push(b.action);
            out.push((keymap.keys_in(b.action, b.context), b.action.hint()));
        }
    }
    for &action in GLOBAL {
        if usable(action) && keymap.bindings.iter().any(|b| b.action == action) {
            out.push((keymap.keys_of(action), action.hint()));
        }
    }
    out
}
