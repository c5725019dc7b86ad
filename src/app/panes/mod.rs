//! One file per pane (named like `ui/<name>.rs`): which rows it shows, in which order,
//! what is selected, its filter and sort. Shared by `update()` (selection moves) and
//! `draw()`.

pub mod agents;
pub mod callbacks;
pub mod log;
pub mod queues;
pub mod transcript;

use super::pane::{LowerPane, Pane};
use super::state::State;
use std::cmp::Ordering;

/// Rows moved by PageUp/PageDown.
pub const PAGE: isize = 10;

/// Case-insensitive substring match; an empty needle matches everything.
pub fn text_matches(haystack: &str, needle: &str) -> bool {
    let needle = needle.trim();
    needle.is_empty() || haystack.to_lowercase().contains(&needle.to_lowercase())
}

/// Orders two names ignoring case, without allocating (it runs for every comparison of
/// every sort of every frame).
pub fn cmp_ignore_case(a: &str, b: &str) -> Ordering {
    // ASCII bytes compare as bytes (the common case, and it is per frame: 600 agents
    // sorted by name); from the first non-ASCII character on, Unicode lowercase.
    let (x, y) = (a.as_bytes(), b.as_bytes());
    let mut i = 0;
    while i < x.len() && i < y.len() && x[i].is_ascii() && y[i].is_ascii() {
        match x[i].to_ascii_lowercase().cmp(&y[i].to_ascii_lowercase()) {
            Ordering::Equal => i += 1,
            other => return other,
        }
    }
    // `i` is on a character boundary of both: every byte before it was ASCII.
    a[i..]
        .chars()
        .flat_map(char::to_lowercase)
        .cmp(b[i..].chars().flat_map(char::to_lowercase))
}

/// The rows a table body `height` lines tall shows of `count` rows: `(first, end)`,
/// with `selected` kept in view the way ratatui's Table scrolls from a fresh state (the
/// selection on the last line once it is past the first screen).
pub fn window(count: usize, height: usize, selected: Option<usize>) -> (usize, usize) {
    let first = match selected {
        Some(s) if height > 0 && s >= height => (s + 1 - height).min(count.saturating_sub(1)),
        _ => 0,
    };
    (first, (first + height).min(count))
}

/// Index of the selected id in a list of ids; the first row when nothing (valid) is selected.
pub fn selected_index<'a>(
    ids: impl Iterator<Item = &'a str>,
    selected: Option<&str>,
) -> Option<usize> {
    let mut first = None;
    for (i, id) in ids.enumerate() {
        if first.is_none() {
            first = Some(i);
        }
        if Some(id) == selected {
            return Some(i);
        }
    }
    first
}

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

pub fn filter_of(state: &State, pane: Pane) -> String {
    match pane {
        Pane::Queues => state.view.queue_filter.clone(),
        Pane::Agents => state.view.agent_filter.clone(),
        Pane::Callbacks => state.view.callback_filter.clone(),
        Pane::Log => state.view.log.filter.clone(),
        Pane::Transcript => String::new(),
    }
}

/// Moves the selection (queues, agents, callbacks) or scrolls (transcript, log; up =
/// older) by `delta` rows.
pub fn move_in(state: &mut State, pane: Pane, delta: isize) {
    match pane {
        Pane::Queues => {
            let ids: Vec<String> = queues::visible(state)
                .iter()
                .map(|q| q.id.clone())
                .collect();
            if let Some(id) = moved(&ids, state.view.selected_queue.as_deref(), delta) {
                state.view.selected_queue = Some(id);
            }
        }
        Pane::Agents => {
            let ids: Vec<String> = agents::visible(state)
                .iter()
                .map(|a| a.id.clone())
                .collect();
            if let Some(id) = moved(&ids, state.view.selected_agent.as_deref(), delta) {
                state.view.selected_agent = Some(id);
            }
        }
        Pane::Callbacks => {
            let ids: Vec<String> = callbacks::visible(state)
                .iter()
                .map(|r| r.id.clone())
                .collect();
            if let Some(id) = moved(&ids, state.view.selected_callback.as_deref(), delta) {
                state.view.selected_callback = Some(id);
            }
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
            let top = log_top(state);
            let v = &mut state.view.log;
            let up = -delta;
            v.scroll = (v.scroll as isize)
                .saturating_add(up)
                .clamp(0, top as isize) as usize;
        }
    }
}

/// The farthest the event log scrolls up: the oldest entries fill the pane (one row
/// when its size is not known yet), so no key press is spent on an unchanged screen.
pub fn log_top(state: &State) -> usize {
    let total = log::visible(state).len();
    total.saturating_sub(usize::from(state.view.log.rows.max(1)))
}

/// The id `delta` rows from the selected one (the first row when none is selected);
/// `None` when there are no rows.
fn moved(ids: &[String], selected: Option<&str>, delta: isize) -> Option<String> {
    if ids.is_empty() {
        return None;
    }
    let i = selected_index(ids.iter().map(String::as_str), selected).unwrap_or(0) as isize;
    let j = i.saturating_add(delta).clamp(0, ids.len() as isize - 1) as usize;
    Some(ids[j].clone())
}

/// Keeps each pane's selection on a visible row (the first one when the old row left).
pub fn fix_selection(state: &mut State) {
    let queues: Vec<String> = queues::visible(state)
        .iter()
        .map(|q| q.id.clone())
        .collect();
    if !state
        .view
        .selected_queue
        .as_ref()
        .is_some_and(|s| queues.contains(s))
    {
        state.view.selected_queue = queues.first().cloned();
    }
    let agents: Vec<String> = agents::visible(state)
        .iter()
        .map(|a| a.id.clone())
        .collect();
    if !state
        .view
        .selected_agent
        .as_ref()
        .is_some_and(|s| agents.contains(s))
    {
        state.view.selected_agent = agents.first().cloned();
    }
}

/// A left click (`--mouse`): the pane under it gets the focus, and in a list pane the
/// row under it is selected (frame, then the header line, then the rows of the window
/// the table shows).
pub fn click(state: &mut State, col: u16, row: u16) {
    let Some(area) = state
        .view
        .pane_areas
        .iter()
        .find(|a| a.contains(col, row))
        .copied()
    else {
        return;
    };
    focus(state, area.pane);
    state.dirty = true;
    let Some(line) = row.checked_sub(area.y + 2) else {
        return; // the frame or the header
    };
    let body = usize::from(area.height.saturating_sub(3));
    if usize::from(line) >= body {
        return;
    }
    let ids: Vec<String> = match area.pane {
        Pane::Queues => queues::visible(state)
            .iter()
            .map(|q| q.id.clone())
            .collect(),
        Pane::Agents => agents::visible(state)
            .iter()
            .map(|a| a.id.clone())
            .collect(),
        Pane::Callbacks => callbacks::visible(state)
            .iter()
            .map(|r| r.id.clone())
            .collect(),
        Pane::Transcript | Pane::Log => return,
    };
    let selected_id = match area.pane {
        Pane::Queues => state.view.selected_queue.as_deref(),
        Pane::Agents => state.view.selected_agent.as_deref(),
        _ => state.view.selected_callback.as_deref(),
    };
    let selected = selected_index(ids.iter().map(String::as_str), selected_id);
    let (first, end) = window(ids.len(), body, selected);
    let Some(id) = ids
        .get(first + usize::from(line))
        .filter(|_| first + usize::from(line) < end)
    else {
        return;
    };
    let id = Some(id.clone());
    match area.pane {
        Pane::Queues => state.view.selected_queue = id,
        Pane::Agents => state.view.selected_agent = id,
        _ => state.view.selected_callback = id,
    }
}

#[cfg(test)]
mod tests {
    use super::cmp_ignore_case;
    use proptest::prelude::*;
    use std::cmp::Ordering;

    #[test]
    fn names_order_ignoring_case() {
        assert_eq!(cmp_ignore_case("aino", "Eero"), Ordering::Less);
        assert_eq!(cmp_ignore_case("ÄNNI", "änni"), Ordering::Equal);
        assert_eq!(cmp_ignore_case("Öster", "zorro"), "öster".cmp("zorro"));
    }

    proptest! {
        /// The same order as comparing lowercased copies, for the names a tenant has.
        #[test]
        fn same_order_as_lowercased_copies(a in "[a-zA-ZåäöÅÄÖ .-]{0,12}", b in "[a-zA-ZåäöÅÄÖ .-]{0,12}") {
            prop_assert_eq!(cmp_ignore_case(&a, &b), a.to_lowercase().cmp(&b.to_lowercase()));
        }
    }
}
