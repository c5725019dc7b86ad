//! Sorting by a direct key besides `s`: each sortable column of a pane gets a capital
//! letter of its header (typed with Shift), the first one that no action of that pane
//! (or of every pane) is bound to and no earlier column took. The header underlines it,
//! so the key sits where the eye already is. A first press sorts the column its natural
//! way (counts worst-first), a second press on the same column reverses it.

use super::keymap::Keymap;
use super::pane::Pane;
use super::state::{AgentColumn, CallbackColumn, QueueColumn, Sort, State, ToastLevel};
use crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};

/// A column that rows can be sorted by.
pub trait SortColumn: Copy + PartialEq + 'static {
    /// Every column, in header order.
    fn all() -> &'static [Self];
    /// The header, as drawn.
    fn title(self) -> &'static str;
    /// Whether a first sort by it is descending (counts: worst first).
    fn starts_descending(self) -> bool;
}

impl SortColumn for QueueColumn {
    fn all() -> &'static [Self] {
        &QueueColumn::ALL
    }
    fn title(self) -> &'static str {
        QueueColumn::title(self)
    }
    fn starts_descending(self) -> bool {
        QueueColumn::starts_descending(self)
    }
}

impl SortColumn for AgentColumn {
    fn all() -> &'static [Self] {
        &AgentColumn::ALL
    }
    fn title(self) -> &'static str {
        AgentColumn::title(self)
    }
    fn starts_descending(self) -> bool {
        AgentColumn::starts_descending(self)
    }
}

impl SortColumn for CallbackColumn {
    fn all() -> &'static [Self] {
        &CallbackColumn::ALL
    }
    fn title(self) -> &'static str {
        CallbackColumn::title(self)
    }
    fn starts_descending(self) -> bool {
        CallbackColumn::starts_descending(self)
    }
}

/// The Shift+letter of each column of `K` in `pane` (columns without a free letter are
/// left out: `s` still reaches them).
pub fn letters<K: SortColumn>(keymap: &Keymap, pane: Pane) -> Vec<(K, char)> {
    let mut out: Vec<(K, char)> = Vec::new();
    for &column in K::all() {
        let free = column
            .title()
            .chars()
            .filter(char::is_ascii_alphabetic)
            .find(|c| {
                let c = c.to_ascii_uppercase();
                !out.iter().any(|(_, taken)| *taken == c)
                    && keymap.lookup(&shifted(c), pane).is_none()
            });
        if let Some(c) = free {
            out.push((column, c.to_ascii_uppercase()));
        }
    }
    out
}

/// The key event of Shift+`c` (as terminals send it: the capital, with or without SHIFT).
fn shifted(c: char) -> KeyEvent {
    KeyEvent::new(KeyCode::Char(c), KeyModifiers::SHIFT)
}

/// A capital letter typed in the focused pane that is a column's sort key sorts by it;
/// false when the key is no column's (the caller goes on as before).
pub fn on_key(state: &mut State, key: &KeyEvent) -> bool {
    let KeyCode::Char(c) = key.code else {
        return false;
    };
    if key.kind == KeyEventKind::Release
        || !c.is_ascii_uppercase()
        || key
            .modifiers
            .intersects(KeyModifiers::CONTROL | KeyModifiers::ALT)
    {
        return false;
    }
    let pane = state.view.focus;
    let said = match pane {
        Pane::Queues => {
            let sort = &mut state.view.queue_sort;
            sort_by(sort, &letters(&state.keymap, pane), c).map(|s| ("Queues", s))
        }
        Pane::Agents => {
            let sort = &mut state.view.agent_sort;
            sort_by(sort, &letters(&state.keymap, pane), c).map(|s| ("Agents", s))
        }
        Pane::Callbacks => {
            let sort = &mut state.view.callback_sort;
            sort_by(sort, &letters(&state.keymap, pane), c).map(|s| ("Callbacks", s))
        }
        Pane::Transcript | Pane::Log => None,
    };
    match said {
        Some((what, how)) => {
            state.toast(ToastLevel::Info, format!("{what} sorted by {how}"));
            true
        }
        None => false,
    }
}

/// Sorts by the column of letter `c`: its natural way, or reversed when it is already
/// the sort column. Returns "TITLE ↓" for the message.
fn sort_by<K: SortColumn>(sort: &mut Sort<K>, letters: &[(K, char)], c: char) -> Option<String> {
    let &(column, _) = letters.iter().find(|(_, l)| *l == c)?;
    *sort = if sort.column == column {
        Sort {
            column,
            descending: !sort.descending,
        }
    } else {
        Sort {
            column,
            descending: column.starts_descending(),
        }
    };
    let arrow = if sort.descending { "↓" } else { "↑" };
    Some(format!("{} {arrow}", column.title()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_column_gets_a_distinct_free_capital_of_its_header() {
        let km = Keymap::default();
        let q = letters::<QueueColumn>(&km, Pane::Queues);
        let mut seen: Vec<char> = q.iter().map(|(_, c)| *c).collect();
        seen.sort_unstable();
        seen.dedup();
        assert_eq!(seen.len(), q.len(), "letters repeat: {q:?}");
        for (column, c) in &q {
            assert!(column.title().contains(*c), "{c} not in {}", column.title());
            assert!(
                km.lookup(&shifted(*c), Pane::Queues).is_none(),
                "{c} is bound"
            );
        }
        let of = |col| q.iter().find(|(k, _)| *k == col).map(|(_, c)| *c);
        assert_eq!(of(QueueColumn::Waiting), Some('C'));
        assert_eq!(of(QueueColumn::Name), Some('Q'));
        // `S` (reverse sort) and `G` (bottom) are bound everywhere: never sort letters.
        assert!(q.iter().all(|(_, c)| *c != 'S' && *c != 'G'));
        // `A` is bound in the agents pane (auto-allocate), so no agents column takes it.
        let a = letters::<AgentColumn>(&km, Pane::Agents);
        assert!(a.iter().all(|(_, c)| *c != 'A'), "{a:?}");
    }

    #[test]
    fn a_letter_sorts_worst_first_then_reverses() {
        let mut sort = Sort {
            column: QueueColumn::Name,
            descending: false,
        };
        let l = letters::<QueueColumn>(&Keymap::default(), Pane::Queues);
        assert_eq!(sort_by(&mut sort, &l, 'C').as_deref(), Some("CALLERS ↓"));
        assert!(sort.column == QueueColumn::Waiting && sort.descending);
        assert_eq!(sort_by(&mut sort, &l, 'C').as_deref(), Some("CALLERS ↑"));
        assert_eq!(sort_by(&mut sort, &l, 'Z'), None, "no column has Z");
    }
}
