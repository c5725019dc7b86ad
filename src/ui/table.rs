//! The sortable table every list pane draws: a header with the sort arrow, rows cut down to
//! the columns that fit, and the selection highlight (dimmed when the pane is not focused).

use super::columns::Col;
use super::theme::Theme;
use crate::app::state::Sort;
use ratatui::layout::{Constraint, Rect};
use ratatui::widgets::{Cell, Row, Table, TableState};
use ratatui::Frame;

/// A pane's column: its header, the sort key it stands for (if sortable) and its width rule.
pub type Column<K> = (&'static str, Option<K>, Col);

/// The header row of the shown columns, with ↑/↓ on the column the rows are sorted by.
pub fn sorted_header<K: PartialEq + Copy>(
    columns: &[Column<K>],
    shown: &[usize],
    sort: Sort<K>,
    theme: &Theme,
) -> Row<'static> {
    Row::new(shown.iter().map(|&i| {
        let (name, key, _) = columns[i];
        let arrow = match key {
            Some(k) if k == sort.column && sort.descending => "↓",
            Some(k) if k == sort.column => "↑",
            _ => "",
        };
        Cell::from(format!("{name}{arrow}"))
    }))
    .style(theme.header)
}

/// A row of just the cells of the `shown` columns (ascending indices into `all`).
pub fn shown_row<'a>(mut all: Vec<Cell<'a>>, shown: &[usize]) -> Row<'a> {
    let mut picked = Vec::with_capacity(shown.len());
    for &i in shown.iter().rev() {
        if i < all.len() {
            picked.push(all.swap_remove(i));
        }
    }
    picked.reverse();
    Row::new(picked)
}

/// Draws the table with `selected` highlighted.
#[allow(clippy::too_many_arguments)]
pub fn render(
    frame: &mut Frame,
    area: Rect,
    header: Row<'static>,
    body: Vec<Row<'_>>,
    widths: Vec<Constraint>,
    selected: Option<usize>,
    focused: bool,
    theme: &Theme,
) {
    let table = Table::new(body, widths)
        .header(header)
        .column_spacing(1)
        .row_highlight_style(if focused {
            theme.selected
        } else {
            theme.selected.patch(theme.muted)
        });
    let mut ts = TableState::default().with_selected(selected);
    frame.render_stateful_widget(table, area, &mut ts);
}
