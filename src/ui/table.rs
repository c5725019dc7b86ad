//! The sortable table every list pane draws: a header with the sort arrow, rows cut down to
//! the columns that fit, and the selection highlight (dimmed when the pane is not focused).

use super::columns::{fit, widths_by_index, Col};
use super::theme::Theme;
use crate::app::panes::window;
use crate::app::state::Sort;
use ratatui::layout::{Constraint, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Cell, Row, Table, TableState};
use ratatui::Frame;
use unicode_width::UnicodeWidthStr;

/// A pane's column: its header, the sort key it stands for (if sortable) and its width rule.
pub type Column<K> = (&'static str, Option<K>, Col);

/// A list pane's table: its columns, how its rows are sorted, which row is selected.
pub struct SortedTable<'c, K> {
    pub columns: &'c [Column<K>],
    pub sort: Sort<K>,
    pub selected: Option<usize>,
    pub focused: bool,
    /// Each column's Shift+letter sort key (`app::sort_keys`), underlined in the header.
    pub letters: &'c [(K, char)],
}

impl<K: PartialEq + Copy> SortedTable<'_, K> {
    /// Lays the columns out for `area` and draws `count` rows; `cells(i, col_w)` makes the
    /// cells of row `i` (every column, in order) given each column's width (0 when hidden).
    pub fn draw<'a>(
        &self,
        frame: &mut Frame,
        area: Rect,
        count: usize,
        cells: impl Fn(usize, &[usize]) -> Vec<Cell<'a>>,
        theme: &Theme,
    ) {
        // The sorted column has room for its header and the arrow.
        let specs: Vec<Col> = self
            .columns
            .iter()
            .map(|(name, key, spec)| match key {
                Some(k) if *k == self.sort.column => Col {
                    min: spec.min.max(name.width() as u16 + 1),
                    ..*spec
                },
                _ => *spec,
            })
            .collect();
        let (shown, widths) = fit(&specs, area.width, 1);
        let col_w = widths_by_index(self.columns.len(), &shown, &widths);
        let header = sorted_header(self.columns, &shown, self.sort, self.letters, theme);
        let row = |i: usize| shown_row(cells(i, &col_w), &shown);
        render(
            frame,
            area,
            header,
            count,
            row,
            widths,
            self.selected,
            self.focused,
            theme,
        );
    }
}

/// The end of a list pane's title: " · sort: NAME ↑" and " · filter: TEXT" when filtered.
pub fn sort_and_filter(column: &str, descending: bool, filter: &str) -> String {
    let arrow = if descending { "↓" } else { "↑" };
    let mut t = format!(" · sort: {column} {arrow}");
    if !filter.is_empty() {
        t.push_str(&format!(" · filter: {filter}"));
    }
    t.push(' ');
    t
}

/// The header row of the shown columns, with ↑/↓ on the column the rows are sorted by
/// and each column's sort letter underlined.
pub fn sorted_header<K: PartialEq + Copy>(
    columns: &[Column<K>],
    shown: &[usize],
    sort: Sort<K>,
    letters: &[(K, char)],
    theme: &Theme,
) -> Row<'static> {
    Row::new(shown.iter().map(|&i| {
        let (name, key, _) = columns[i];
        let arrow = match key {
            Some(k) if k == sort.column && sort.descending => "↓",
            Some(k) if k == sort.column => "↑",
            _ => "",
        };
        let letter = key.and_then(|k| letters.iter().find(|(c, _)| *c == k).map(|(_, l)| *l));
        let at = letter.and_then(|l| name.find(l));
        let line = match (letter, at) {
            (Some(l), Some(at)) => Line::from(vec![
                Span::raw(&name[..at]),
                Span::styled(
                    &name[at..at + l.len_utf8()],
                    Style::default().add_modifier(Modifier::UNDERLINED),
                ),
                Span::raw(format!("{}{arrow}", &name[at + l.len_utf8()..])),
            ]),
            _ => Line::raw(format!("{name}{arrow}")),
        };
        Cell::from(line)
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

/// Draws `count` rows under `header`, with `selected` highlighted and kept in view.
/// Rows are made on demand by `row(i)`, and only those that fit: a 600-agent pane costs
/// what a screenful does.
#[allow(clippy::too_many_arguments)]
fn render<'a>(
    frame: &mut Frame,
    area: Rect,
    header: Row<'static>,
    count: usize,
    row: impl FnMut(usize) -> Row<'a>,
    widths: Vec<Constraint>,
    selected: Option<usize>,
    focused: bool,
    theme: &Theme,
) {
    // The header takes one line.
    let height = area.height.saturating_sub(1) as usize;
    let selected = selected.filter(|&s| s < count);
    let (first, end) = window(count, height, selected);
    let body: Vec<Row> = (first..end).map(row).collect();
    let table = Table::new(body, widths)
        .header(header)
        .column_spacing(1)
        .row_highlight_style(if focused {
            theme.selected
        } else {
            theme.selected.patch(theme.muted)
        });
    let mut ts = TableState::default().with_selected(selected.map(|s| s - first));
    frame.render_stateful_widget(table, area, &mut ts);
    more_marks(frame, area, first, count - end, theme);
}

/// "↑ 3 more" / "↓ 12 more" on the frame lines just above and below the table (every
/// list pane sits in a bordered block), at the right, so rows out of view are never a
/// surprise.
fn more_marks(frame: &mut Frame, area: Rect, above: usize, below: usize, theme: &Theme) {
    let screen = frame.area();
    let mut mark = |y: Option<u16>, text: String| {
        let w = text.width() as u16;
        let Some(y) = y.filter(|y| (screen.y..screen.bottom()).contains(y)) else {
            return;
        };
        if w + 2 > area.width {
            return;
        }
        let x = area.right().saturating_sub(w + 1);
        frame.buffer_mut().set_string(x, y, &text, theme.muted);
    };
    if above > 0 {
        // Above the header: the block's top border.
        mark(area.y.checked_sub(1), format!(" ↑ {above} more "));
    }
    if below > 0 {
        mark(Some(area.bottom()), format!(" ↓ {below} more "));
    }
}

#[cfg(test)]
mod window_tests {
    use super::*;
    use ratatui::backend::TestBackend;
    use ratatui::Terminal;

    fn draw(count: usize, selected: Option<usize>, windowed: bool) -> ratatui::buffer::Buffer {
        let theme = Theme::fallback();
        let mut terminal = Terminal::new(TestBackend::new(20, 11)).unwrap();
        let make = |i: usize| Row::new(vec![Cell::from(format!("row {i}"))]);
        terminal
            .draw(|f| {
                let area = f.area();
                let header = Row::new(vec![Cell::from("H")]);
                let widths = vec![Constraint::Length(10)];
                if windowed {
                    render(f, area, header, count, make, widths, selected, true, &theme);
                } else {
                    // What ratatui does with every row.
                    let body: Vec<Row> = (0..count).map(make).collect();
                    let table = Table::new(body, widths)
                        .header(header)
                        .column_spacing(1)
                        .row_highlight_style(theme.selected);
                    let mut ts = TableState::default().with_selected(selected);
                    f.render_stateful_widget(table, area, &mut ts);
                }
            })
            .unwrap();
        terminal.backend().buffer().clone()
    }

    /// Making only the rows that fit draws exactly what ratatui draws from all rows.
    #[test]
    fn the_window_draws_what_the_whole_table_would() {
        for count in [0, 3, 10, 11, 50] {
            for selected in [
                None,
                Some(0),
                Some(5),
                Some(9),
                Some(10),
                Some(25),
                Some(49),
            ] {
                let selected = selected.filter(|&s| s < count);
                assert_eq!(
                    draw(count, selected, true),
                    draw(count, selected, false),
                    "{count} rows, selected {selected:?}"
                );
            }
        }
    }
}
