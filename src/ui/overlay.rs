//! Things drawn on top of the panes: toasts, the help, the wall quit confirmation.

use super::format::truncate;
use super::theme::Theme;
use super::widgets::centered;
use crate::app::help::{self, wrap, HelpLine};
use crate::app::state::{Level, State, ToastLevel};
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Borders, Clear, Paragraph};
use ratatui::Frame;
use unicode_width::UnicodeWidthStr;

/// How many toasts show at once, and how many lines one may wrap to.
const TOASTS_SHOWN: usize = 3;
const TOAST_LINES: usize = 4;

/// The newest toasts in a framed box at the bottom right of `area`, newest lowest, so
/// they read as a message on top of the panes and never blend with a row under them.
/// Long ones wrap (an error's advice stays readable at 80 columns); the frame takes
/// the colour of the worst level shown; on a short screen the oldest lines go first.
pub fn toasts(frame: &mut Frame, area: Rect, state: &State, theme: &Theme) {
    let mut shown: Vec<_> = state.toasts.iter().rev().take(TOASTS_SHOWN).collect();
    shown.reverse();
    if shown.is_empty() || area.width < 12 || area.height < 3 {
        return;
    }
    // Frame (2) and one column of margin to the pane border on the right; inside, the
    // glyph column (3) and a trailing space.
    let max_inner = area.width.saturating_sub(3) as usize;
    let text_width = max_inner.saturating_sub(4).max(1);
    let mut lines: Vec<Line> = Vec::new();
    for t in &shown {
        let (glyph, style) = match t.level {
            ToastLevel::Info => ("ℹ", theme.toast_info),
            ToastLevel::Error => ("✖", theme.toast_error),
        };
        let mut parts = wrap(&t.text, text_width);
        if parts.len() > TOAST_LINES {
            parts.truncate(TOAST_LINES);
            parts[TOAST_LINES - 1].push_str(" …");
        }
        for (i, part) in parts.iter().enumerate() {
            let lead = if i == 0 { glyph } else { " " };
            let text = truncate(&format!(" {lead} {part} "), max_inner);
            lines.push(Line::from(Span::styled(text, style)));
        }
    }
    let rows = lines.len().min(area.height.saturating_sub(2) as usize);
    lines.drain(..lines.len() - rows);
    let inner = lines.iter().map(Line::width).max().unwrap_or(0) as u16;
    let (w, h) = (inner + 2, rows as u16 + 2);
    let rect = Rect::new(
        area.right().saturating_sub(w + 1).max(area.x),
        area.bottom().saturating_sub(h + 1).max(area.y),
        w,
        h,
    );
    let border = if shown.iter().any(|t| t.level == ToastLevel::Error) {
        theme.toast_error
    } else {
        theme.toast_info
    };
    frame.render_widget(Clear, rect);
    frame.render_widget(
        Paragraph::new(lines).block(
            Block::default()
                .borders(Borders::ALL)
                .border_type(BorderType::Rounded)
                .border_style(border),
        ),
        rect,
    );
}

/// The help's lines, styled by kind.
fn help_lines(state: &State, theme: &Theme, cols: u16, rows: u16) -> Vec<Line<'static>> {
    help::lines(state, cols, rows)
        .into_iter()
        .map(|line| match line {
            HelpLine::Blank => Line::raw(""),
            HelpLine::Section(title) => Line::from(Span::styled(title, theme.header)),
            HelpLine::Key { keys, text } => Line::from(vec![
                Span::styled(format!("  {keys:<16}"), theme.key),
                Span::raw(text),
            ]),
            HelpLine::Level { level, text } => {
                let (label, style) = match level {
                    Level::Alert => ("  ■ ALERT ", theme.alert),
                    _ => ("  ▲ WARN  ", theme.warn),
                };
                Line::from(vec![Span::styled(label, style), Span::raw(text)])
            }
            HelpLine::Note(text) => Line::from(Span::styled(format!("  {text}"), theme.muted)),
        })
        .collect()
}

/// The key help, generated from the keymap; scrolls (j/k, PgUp/PgDn, Home/End) when it
/// does not fit, with a "more" hint on the frame.
pub fn help(frame: &mut Frame, area: Rect, state: &State, theme: &Theme) {
    let lines = help_lines(state, theme, area.width, area.height);
    let width = lines.iter().map(|l| l.width()).max().unwrap_or(20) as u16 + 4;
    let visible = help::page(area.height);
    let scrolls = lines.len() > visible;
    let max = lines.len().saturating_sub(visible);
    let scroll = state.view.help_scroll.min(max);
    let height = lines.len().min(visible) as u16 + 2;
    let rect = centered(area, width, height);
    frame.render_widget(Clear, rect);
    let title = if scrolls {
        " Keys — Esc closes · j/k PgUp/PgDn scroll "
    } else {
        " Keys — Esc closes "
    };
    let mut block = Block::default()
        .borders(Borders::ALL)
        .border_style(theme.border_focused)
        .title(Span::styled(title, theme.title))
        .style(theme.base);
    if scroll > 0 {
        block = block.title_bottom(Line::from(Span::styled(" ↑ more ", theme.key)).left_aligned());
    }
    if scroll < max {
        block = block.title_bottom(Line::from(Span::styled(" more ↓ ", theme.key)).right_aligned());
    }
    let shown: Vec<Line> = lines.into_iter().skip(scroll).take(visible).collect();
    frame.render_widget(Paragraph::new(shown).block(block), rect);
}

/// Wall mode: quitting needs a confirmation.
pub fn confirm_quit(frame: &mut Frame, area: Rect, theme: &Theme) {
    let text = " Quit the wall display? y / N ";
    let rect = centered(area, text.width() as u16 + 2, 3);
    frame.render_widget(Clear, rect);
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(theme.alert)
        .style(theme.base);
    frame.render_widget(Paragraph::new(text).style(theme.warn).block(block), rect);
}
