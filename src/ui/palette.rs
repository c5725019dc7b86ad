//! The `:` command palette: input line, completion candidates, and the last error.

use super::format::truncate;
use super::theme::Theme;
use crate::app::palette::{candidates, MAX_CANDIDATES};
use crate::app::state::{Palette, State};
use ratatui::layout::{Position, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph};
use ratatui::Frame;
use unicode_width::UnicodeWidthStr;

/// Draws the palette at the bottom of `area` (above the status line).
pub fn draw(frame: &mut Frame, area: Rect, state: &State, palette: &Palette, theme: &Theme) {
    let line = palette.input.value();
    let cands = candidates(state, line);
    let selected = palette.selected.min(cands.len().saturating_sub(1));
    // Keep the highlighted candidate in the window.
    let first = selected.saturating_sub(MAX_CANDIDATES - 1);
    let shown: Vec<_> = cands.iter().skip(first).take(MAX_CANDIDATES).collect();
    let width = area.width.min(90);
    let inner_w = width.saturating_sub(2) as usize;
    let mut lines = Vec::new();
    let prompt = ":";
    let room = inner_w.saturating_sub(prompt.width() + 1);
    let scroll = palette.input.visual_scroll(room);
    let typed: String = line.chars().skip(scroll).collect();
    lines.push(Line::from(vec![
        Span::styled(prompt, theme.key),
        Span::raw(typed),
    ]));
    if let Some(err) = &palette.error {
        lines.push(Line::from(Span::styled(
            truncate(&format!("✖ {err}"), inner_w),
            theme.alert,
        )));
    }
    for (i, (label, _)) in shown.iter().enumerate() {
        let style = if first + i == selected {
            theme.selected
        } else {
            theme.muted
        };
        lines.push(Line::from(Span::styled(
            format!("{:<w$}", truncate(label, inner_w), w = inner_w),
            style,
        )));
    }
    if cands.len() > shown.len() {
        lines.push(Line::from(Span::styled(
            format!("  … {} more", cands.len() - shown.len()),
            theme.muted,
        )));
    }
    let height = (lines.len() as u16 + 2).min(area.height);
    let rect = Rect::new(area.x, area.bottom().saturating_sub(height), width, height);
    frame.render_widget(Clear, rect);
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(theme.border_focused)
        .title(Span::styled(
            " Command — Tab completes · ↑↓ choose · Enter runs · Esc closes ",
            theme.title,
        ))
        .style(theme.base);
    frame.render_widget(Paragraph::new(lines).block(block), rect);
    let cursor = palette.input.visual_cursor().saturating_sub(scroll);
    let x = rect.x + 1 + (prompt.width() + cursor) as u16;
    frame.set_cursor_position(Position::new(
        x.min(rect.right().saturating_sub(2)),
        rect.y + 1,
    ));
}
