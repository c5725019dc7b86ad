//! The callbacks pane: open callback requests, due first by default.

use super::columns::col;
use super::format::truncate;
use super::table;
use super::theme::Theme;
use super::widgets::{empty_message, pane_block};
use crate::app::panes::callbacks::{self, expiry, Expiry};
use crate::app::state::{CallbackColumn, CallbackRow, Pane, State};
use chrono::{DateTime, Utc};
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::widgets::Cell;
use ratatui::Frame;

const COLUMNS: [table::Column<CallbackColumn>; 9] = [
    (
        "CONTACT",
        Some(CallbackColumn::Contact),
        col(18, 0, 1).max(26),
    ),
    ("NUMBER", None, col(14, 1, 0)),
    ("LIST", Some(CallbackColumn::List), col(14, 3, 2).max(22)),
    ("CREATED", Some(CallbackColumn::Created), col(8, 4, 0)),
    ("DUE", Some(CallbackColumn::Due), col(9, 1, 0)),
    ("EXPIRY", Some(CallbackColumn::Expiry), col(14, 2, 0)),
    ("AGENT", Some(CallbackColumn::Agent), col(10, 2, 2).max(20)),
    ("TRIES", Some(CallbackColumn::Attempts), col(5, 3, 0)),
    ("LAST ATTEMPT", None, col(12, 5, 3)),
];

/// A time relative to now: "5m ago", "in 2h", "now".
pub fn relative(now: DateTime<Utc>, t: DateTime<Utc>) -> String {
    let secs = (t - now).num_seconds();
    let a = secs.abs();
    let amount = if a < 60 {
        return if a < 5 {
            "now".into()
        } else if secs < 0 {
            format!("{a}s ago")
        } else {
            format!("in {a}s")
        };
    } else if a < 3600 {
        format!("{}m", a / 60)
    } else if a < 48 * 3600 {
        format!("{}h{:02}", a / 3600, (a / 60) % 60)
    } else {
        format!("{}d", a / 86400)
    };
    if secs < 0 {
        format!("{amount} ago")
    } else {
        format!("in {amount}")
    }
}

fn title(state: &State, count: usize) -> String {
    let v = &state.view;
    format!(
        " Callbacks ({count}){}",
        table::sort_and_filter(
            v.callback_sort.column.title(),
            v.callback_sort.descending,
            &v.callback_filter,
        )
    )
}

fn cells<'a>(state: &State, theme: &Theme, r: &CallbackRow, w: &[usize]) -> Vec<Cell<'a>> {
    let now = state.now;
    let when = |t: Option<DateTime<Utc>>| t.map(|t| relative(now, t)).unwrap_or_else(|| "–".into());
    let due_style = match r.due {
        Some(t) if t <= now => theme.warn,
        _ => Style::default(),
    };
    let (exp_text, exp_style) = match expiry(r, now) {
        Expiry::None => ("–".to_owned(), theme.muted),
        Expiry::Later => (when(r.expiry), Style::default()),
        Expiry::Soon => (format!("▲ {} soon", when(r.expiry)), theme.warn),
        Expiry::Expired => ("■ expired".to_owned(), theme.alert),
    };
    let agent = callbacks::agent_name(state, r);
    vec![
        Cell::from(truncate(&r.contact_name, w[0])),
        Cell::from(truncate(&r.contact_number, w[1])),
        Cell::from(truncate(&callbacks::list_name(state, r), w[2])),
        Cell::from(when(r.created)).style(theme.muted),
        Cell::from(when(r.due)).style(due_style),
        Cell::from(truncate(&exp_text, w[5])).style(exp_style),
        if agent.is_empty() {
            Cell::from("unassigned").style(theme.muted)
        } else {
            Cell::from(truncate(&agent, w[6]))
        },
        Cell::from(format!("{:>5}", r.attempts)),
        Cell::from(truncate(&r.last_attempt_note, w[8])).style(theme.muted),
    ]
}

pub fn draw(frame: &mut Frame, area: Rect, state: &State, theme: &Theme) {
    let rows = callbacks::visible(state);
    let focused = state.view.focus == Pane::Callbacks;
    let block = pane_block(theme, title(state, rows.len()), focused);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    if rows.is_empty() {
        let msg = if !state.snapshot.loaded {
            "Loading callback requests…".to_owned()
        } else if state.callbacks.is_empty() {
            "No open callback requests".to_owned()
        } else {
            format!(
                "No request matches “{}” (Esc clears)",
                state.view.callback_filter
            )
        };
        empty_message(frame, inner, theme, &msg);
        return;
    }
    let letters = crate::app::sort_keys::letters(&state.keymap, Pane::Callbacks);
    let table = table::SortedTable {
        columns: &COLUMNS,
        sort: state.view.callback_sort,
        selected: callbacks::selected(state)
            .and_then(|sel| rows.iter().position(|r| r.id == sel.id)),
        focused,
        letters: &letters,
    };
    table.draw(
        frame,
        inner,
        rows.len(),
        |i, col_w| cells(state, theme, rows[i], col_w),
        theme,
    );
}

/// Enter on a request: everything the console knows of it, in a box over the panes
/// (any key closes it).
pub fn details(frame: &mut Frame, area: Rect, state: &State, theme: &Theme) {
    use ratatui::text::{Line, Span};
    use ratatui::widgets::{Block, Borders, Clear, Paragraph, Wrap};
    let Some(r) = callbacks::selected(state) else {
        return;
    };
    let now = state.data_now();
    let when = |t: Option<DateTime<Utc>>| t.map_or_else(|| "—".to_owned(), |t| relative(now, t));
    let agent = |id: Option<&str>| match id {
        Some(id) => state
            .agents
            .get(id)
            .map(|a| a.name.clone())
            .unwrap_or_else(|| crate::sanitize::clean(id).into_owned()),
        None => "—".to_owned(),
    };
    let dash = |s: &str| {
        if s.trim().is_empty() {
            "—".to_owned()
        } else {
            s.to_owned()
        }
    };
    let rows: Vec<(&str, String)> = vec![
        ("Contact", dash(&r.contact_name)),
        ("Number", dash(&r.contact_number)),
        ("List", callbacks::list_name(state, r).into_owned()),
        ("Message", dash(&r.message)),
        ("Note", dash(&r.note)),
        ("Created", when(r.created)),
        ("Due", when(r.due)),
        ("Expires", when(r.expiry)),
        ("Assigned to", agent(r.assigned_user_id.as_deref())),
        ("Attempts", r.attempts.to_string()),
        ("Last attempt", when(r.last_attempt_at)),
        ("  by", agent(r.last_attempt_user_id.as_deref())),
        ("  note", dash(&r.last_attempt_note)),
    ];
    let lines: Vec<Line> = rows
        .into_iter()
        .map(|(k, v)| {
            Line::from(vec![
                Span::styled(format!("{k:<13}"), theme.header),
                Span::raw(v),
            ])
        })
        .collect();
    let w = area.width.clamp(20, 72);
    let h = (lines.len() as u16 + 2).min(area.height);
    let rect = super::widgets::centered(area, w, h);
    frame.render_widget(Clear, rect);
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(theme.border_focused)
        .title(Span::styled(
            " Callback request — any key closes ",
            theme.title,
        ))
        .style(theme.base);
    frame.render_widget(
        Paragraph::new(lines)
            .wrap(Wrap { trim: false })
            .block(block),
        rect,
    );
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::Duration;

    #[test]
    fn relative_times() {
        let now = Utc::now();
        assert_eq!(relative(now, now), "now");
        assert_eq!(relative(now, now - Duration::seconds(30)), "30s ago");
        assert_eq!(relative(now, now + Duration::minutes(45)), "in 45m");
        assert_eq!(relative(now, now - Duration::minutes(125)), "2h05 ago");
        assert_eq!(relative(now, now + Duration::days(3)), "in 3d");
    }
}
