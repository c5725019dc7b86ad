//! Things drawn on top of the panes: the help and the wall quit confirmation (messages
//! have a line of their own: `hints`).

use super::theme::Theme;
use super::widgets::centered;
use crate::app::help::{self, HelpLine};
use crate::app::state::{Level, State};
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph};
use ratatui::Frame;
use unicode_width::UnicodeWidthStr;

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
