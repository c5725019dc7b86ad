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

/// The totals as (label, value, style), worst first.
fn totals(state: &State, theme: &Theme, short: bool) -> [(String, String, Style); 5] {
    let now = state.now;
    let t = &state.thresholds;
    let waiting: i64 = state.queues.values().map(|q| q.waiting).sum();
    let longest = state
        .queues
        .values()
        .map(|q| q.longest_wait_secs(now))
        .max()
        .unwrap_or(0);
    let free: i64 = state.queues.values().map(|q| q.free).sum();
    let wrap: i64 = state.queues.values().map(|q| q.wrap_up).sum();
    let alerts = state
        .queues
        .values()
        .filter(|q| q.level(t, now) == Level::Alert)
        .count();
    let wait_level = if waiting >= t.waiting_alert {
        Level::Alert
    } else if waiting >= t.waiting_warn {
        Level::Warn
    } else {
        Level::Ok
    };
    let long_level = if longest >= t.longest_wait_alert_secs {
        Level::Alert
    } else if longest >= t.longest_wait_warn_secs {
        Level::Warn
    } else {
        Level::Ok
    };
    let pick = |long: &str, brief: &str| if short { brief } else { long }.to_owned();
    let tiles: [(String, String, Style); 5] = [
        (
            format!(
                "{} {}",
                pick("CALLERS WAITING", "WAITING"),
                level_word(wait_level)
            ),
            waiting.to_string(),
            level_style(theme, wait_level),
        ),
        (
            format!(
                "{} {}",
                pick("LONGEST WAIT", "LONGEST"),
                level_word(long_level)
            ),
            duration(longest),
            level_style(theme, long_level),
        ),
        (pick("AGENTS FREE", "FREE"), free.to_string(), theme.ok),
        (
            pick("ON WRAP-UP", "WRAP-UP"),
            wrap.to_string(),
            theme.accent,
        ),
        (
            pick("QUEUES IN ALERT", "ALERTS"),
            alerts.to_string(),
            if alerts > 0 { theme.alert } else { theme.ok },
        ),
    ];
    tiles
}

/// Large digits: for wall terminals of 30 rows and more.
pub fn band(frame: &mut Frame, area: Rect, state: &State, theme: &Theme) {
    let tiles = totals(state, theme, false);
    let cells = Layout::horizontal([Constraint::Ratio(1, 5); 5]).split(area);
    for ((label, value, style), cell) in tiles.iter().zip(cells.iter()) {
        let mut lines = vec![Line::styled(label.clone(), theme.header)];
        lines.extend(big(value).into_iter().map(|r| Line::styled(r, *style)));
        frame.render_widget(Paragraph::new(lines).alignment(Alignment::Center), *cell);
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
    for (i, (label, value, style)) in totals(state, theme, true).into_iter().enumerate() {
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
