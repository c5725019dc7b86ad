//! Wall mode's band of totals in a large font, readable from across a room.

use super::format::{big, duration};
use super::queues::level_style;
use super::theme::Theme;
use crate::app::state::{Level, State};
use ratatui::layout::{Alignment, Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::Line;
use ratatui::widgets::Paragraph;
use ratatui::Frame;

/// Rows the band needs: a label and three rows of digits.
pub const BAND_HEIGHT: u16 = 4;

/// One tile of totals: its label, value, style, and the queue that drives its level.
struct Tile {
    label: String,
    value: String,
    style: Style,
    driver: Option<String>,
}

/// The totals, worst first. Agents are counted once however many queues they serve; a
/// level names the queue that drives it.
fn totals(state: &State, theme: &Theme, short: bool) -> [Tile; 5] {
    let t = crate::app::totals::totals(state);
    let pick = |long: &str, brief: &str| if short { brief } else { long }.to_owned();
    let stale = state.stale_since().is_some();
    let style = |s: Style| if stale { theme.muted } else { s };
    let tile = |label: String, value: String, s: Style, driver: Option<String>| Tile {
        label,
        value,
        style: style(s),
        driver,
    };
    [
        tile(
            format!(
                "{} {}",
                pick("CALLERS WAITING", "WAITING"),
                level_word(t.waiting_level)
            ),
            t.waiting.to_string(),
            level_style(theme, t.waiting_level),
            t.waiting_queue,
        ),
        tile(
            format!(
                "{} {}",
                pick("LONGEST WAIT", "LONGEST"),
                level_word(t.longest_level)
            ),
            duration(t.longest_secs),
            level_style(theme, t.longest_level),
            t.longest_queue,
        ),
        tile(pick("AGENTS FREE", "FREE"), t.free.label(), theme.ok, None),
        tile(
            pick("ON WRAP-UP", "WRAP-UP"),
            t.wrap_up.label(),
            theme.accent,
            None,
        ),
        tile(
            pick("QUEUES IN ALERT", "ALERTS"),
            t.alerts.to_string(),
            if t.alerts > 0 { theme.alert } else { theme.ok },
            None,
        ),
    ]
}

/// "STALE since 12:03 (2:14)": the figures are as of then.
pub fn stale_words(state: &State) -> Option<String> {
    let since = state.stale_since()?;
    let local = since.with_timezone(&state.utc_offset);
    let gone = (state.now - since).num_seconds().max(0);
    Some(format!(
        "STALE since {} ({})",
        local.format("%H:%M"),
        duration(gone)
    ))
}

/// Large digits: for wall terminals of 30 rows and more.
pub fn band(frame: &mut Frame, area: Rect, state: &State, theme: &Theme) {
    let tiles = totals(state, theme, false);
    let stale = stale_words(state);
    let cells = Layout::horizontal([Constraint::Ratio(1, 5); 5]).split(area);
    for (tile, cell) in tiles.iter().zip(cells.iter()) {
        // Stale: the label row is one line across the band that says so (below).
        let label = if stale.is_some() {
            String::new()
        } else {
            tile.label.clone()
        };
        let mut lines = vec![Line::styled(label, theme.header)];
        lines.extend(
            big(&tile.value)
                .into_iter()
                .map(|r| Line::styled(r, tile.style)),
        );
        if let Some(queue) = &tile.driver {
            let room = (cell.width as usize).saturating_sub(3);
            lines.push(Line::styled(
                format!("in {}", super::format::truncate(queue, room)),
                theme.muted,
            ));
        }
        frame.render_widget(Paragraph::new(lines).alignment(Alignment::Center), *cell);
    }
    if let Some(words) = stale {
        let row = Rect { height: 1, ..area };
        let text = format!("■ {words} — the figures below are as of then ■");
        frame.render_widget(
            Paragraph::new(Line::styled(text, theme.alert)).alignment(Alignment::Center),
            row,
        );
    }
}

fn level_word(level: Level) -> &'static str {
    match level {
        Level::Ok => "",
        Level::Warn => "▲",
        Level::Alert => "■",
    }
}

/// One bold line of totals: for small wall terminals.
pub fn line(frame: &mut Frame, area: Rect, state: &State, theme: &Theme) {
    let mut spans = Vec::new();
    if let Some(words) = stale_words(state) {
        spans.push(ratatui::text::Span::styled(
            format!("{words} │ "),
            theme.alert,
        ));
    }
    for (
        i,
        Tile {
            label,
            value,
            style,
            ..
        },
    ) in totals(state, theme, true).into_iter().enumerate()
    {
        if i > 0 {
            spans.push(ratatui::text::Span::styled(" │ ", theme.muted));
        }
        spans.push(ratatui::text::Span::styled(
            format!("{label} "),
            theme.header,
        ));
        spans.push(ratatui::text::Span::styled(
            value,
            style.add_modifier(ratatui::style::Modifier::BOLD),
        ));
    }
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}
