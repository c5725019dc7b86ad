//! The event log pane: newest entry at the bottom, kind and level readable without colour.

use super::format::truncate;
use super::theme::Theme;
use super::widgets::{empty_message, pane_block};
use crate::app::panes::log::visible;
use crate::app::state::{LogLevel, Pane, State};
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use ratatui::Frame;

fn level_glyph(level: LogLevel, theme: &Theme) -> (&'static str, Style) {
    match level {
        LogLevel::Ok => ("✓", theme.ok),
        LogLevel::Info => ("·", theme.muted),
        LogLevel::Warn => ("▲", theme.warn),
        LogLevel::Alert => ("■", theme.alert),
    }
}

/// Draws the log; returns how many entry rows the pane has (the app scrolls by it).
pub fn draw(frame: &mut Frame, area: Rect, state: &State, theme: &Theme) -> u16 {
    let entries = visible(state);
    let focused = state.view.focus == Pane::Log;
    let v = &state.view.log;
    let mut title = format!(
        " Event log ({}) · kind: {}",
        entries.len(),
        v.kind.map(|k| k.word()).unwrap_or("all")
    );
    if !v.filter.is_empty() {
        title.push_str(&format!(" · filter: {}", v.filter));
    }
    let inner_h = pane_block(theme, String::new(), focused).inner(area).height as usize;
    // The window: `scroll` entries hidden below, but always a full pane (at the top
    // the oldest entries fill it).
    let end = entries
        .len()
        .saturating_sub(v.scroll)
        .max(inner_h.min(entries.len()));
    let below = entries.len() - end;
    if below > 0 {
        title.push_str(&format!(" · {below} newer below"));
    }
    title.push(' ');
    let block = pane_block(theme, title, focused);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    if entries.is_empty() {
        let msg = if state.log.entries.is_empty() {
            "Nothing yet: alerts, overflows, monitoring offers, action results and connection changes appear here"
        } else {
            "No entry matches the filter (Esc clears)"
        };
        empty_message(frame, inner, theme, msg);
        return inner.height;
    }
    let height = inner.height as usize;
    let start = end.saturating_sub(height);
    let offset = chrono::Duration::seconds(state.utc_offset.local_minus_utc() as i64);
    let text_room = (inner.width as usize).saturating_sub(9 + 2 + 11);
    let lines: Vec<Line> = entries[start..end]
        .iter()
        .map(|e| {
            let (glyph, style) = level_glyph(e.level, theme);
            Line::from(vec![
                Span::styled((e.at + offset).format("%H:%M:%S ").to_string(), theme.muted),
                Span::styled(format!("{glyph} "), style),
                Span::styled(format!("{:<11}", e.kind.word()), theme.key),
                Span::raw(truncate(&e.text, text_room)),
            ])
        })
        .collect();
    frame.render_widget(Paragraph::new(lines), inner);
    inner.height
}
