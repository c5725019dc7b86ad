//! Things drawn on top of the panes: toasts, the help, the wall quit confirmation.

use super::theme::Theme;
use super::widgets::centered;
use crate::app::state::{State, ToastLevel};
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph};
use ratatui::Frame;
use unicode_width::UnicodeWidthStr;

/// The newest toasts, bottom-right of `area`, newest lowest.
pub fn toasts(frame: &mut Frame, area: Rect, state: &State, theme: &Theme) {
    let shown: Vec<_> = state.toasts.iter().rev().take(3).collect();
    for (i, t) in shown.iter().enumerate() {
        let (glyph, style) = match t.level {
            ToastLevel::Info => ("ℹ", theme.toast_info),
            ToastLevel::Error => ("✖", theme.toast_error),
        };
        let text = format!(" {glyph} {} ", t.text);
        let w = (text.width() as u16).min(area.width);
        let y = area.bottom().saturating_sub(1 + i as u16);
        if y < area.y {
            break;
        }
        let rect = Rect::new(area.right().saturating_sub(w), y, w, 1);
        frame.render_widget(Clear, rect);
        frame.render_widget(Paragraph::new(text).style(style), rect);
    }
}

/// The key help, generated from the keymap.
pub fn help(frame: &mut Frame, area: Rect, state: &State, theme: &Theme) {
    let mut lines: Vec<Line> = Vec::new();
    let help = state.keymap.help();
    // Blank lines between sections only when everything still fits.
    let needed = help.iter().map(|(_, rows)| rows.len() + 2).sum::<usize>() + 6;
    let spaced = needed <= area.height as usize;
    for (ctx, rows) in help {
        if !lines.is_empty() && spaced {
            lines.push(Line::raw(""));
        }
        lines.push(Line::from(Span::styled(ctx.title(), theme.header)));
        for (keys, desc) in rows {
            lines.push(Line::from(vec![
                Span::styled(format!("  {keys:<16}"), theme.key),
                Span::raw(desc),
            ]));
        }
    }
    if spaced {
        lines.push(Line::raw(""));
    }
    lines.push(Line::from(Span::styled("Queue levels", theme.header)));
    let t = &state.thresholds;
    lines.push(Line::from(vec![
        Span::styled("  ▲ WARN  ", theme.warn),
        Span::raw(format!(
            "{}+ callers or {}s+ longest wait",
            t.waiting_warn, t.longest_wait_warn_secs
        )),
    ]));
    lines.push(Line::from(vec![
        Span::styled("  ■ ALERT ", theme.alert),
        Span::raw(format!(
            "{}+ callers or {}s+ longest wait",
            t.waiting_alert, t.longest_wait_alert_secs
        )),
    ]));
    lines.push(Line::from(Span::styled(
        "  S-AWAY/L-AWAY: agents away short term (e.g. talking) / long term (e.g. DND)",
        theme.muted,
    )));
    let width = lines.iter().map(|l| l.width()).max().unwrap_or(20) as u16 + 4;
    let height = lines.len() as u16 + 2;
    let rect = centered(area, width, height);
    frame.render_widget(Clear, rect);
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(theme.border_focused)
        .title(Span::styled(" Keys — Esc closes ", theme.title))
        .style(theme.base);
    frame.render_widget(Paragraph::new(lines).block(block), rect);
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
