//! Action prompts: confirm (y/N), agent picker (searchable), availability picker, note.

use super::format::truncate;
use super::theme::Theme;
use super::widgets::centered;
use crate::app::panes::agents::pick_choices as agent_choices;
use crate::app::state::{Prompt, State};
use crate::model::rest::Availability;
use ratatui::layout::{Position, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph};
use ratatui::Frame;
use tui_input::Input;
use unicode_width::UnicodeWidthStr;

/// Agents listed at once in the picker.
const PICK_ROWS: usize = 10;

fn popup(frame: &mut Frame, rect: Rect, title: &str, lines: Vec<Line>, theme: &Theme, alert: bool) {
    frame.render_widget(Clear, rect);
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(if alert {
            theme.warn
        } else {
            theme.border_focused
        })
        .title(Span::styled(format!(" {title} "), theme.title))
        .style(theme.base);
    frame.render_widget(Paragraph::new(lines).block(block), rect);
}

/// An input line; returns it and where the cursor goes (column inside the line).
fn input_line<'a>(label: &'a str, input: &Input, room: usize, theme: &Theme) -> (Line<'a>, u16) {
    let avail = room.saturating_sub(label.width() + 1);
    let scroll = input.visual_scroll(avail);
    let shown: String = input.value().chars().skip(scroll).collect();
    let cursor = label.width() + input.visual_cursor().saturating_sub(scroll);
    (
        Line::from(vec![Span::styled(label, theme.key), Span::raw(shown)]),
        cursor as u16,
    )
}

pub fn draw(frame: &mut Frame, area: Rect, state: &State, prompt: &Prompt, theme: &Theme) {
    let max_w = area.width.saturating_sub(4).max(20);
    match prompt {
        Prompt::Confirm { question, .. } => {
            let text = format!(" {question} y/N ");
            let w = (text.width() as u16 + 2).min(max_w);
            let rect = centered(area, w, 3);
            let line = Line::from(Span::styled(
                truncate(&text, w.saturating_sub(2) as usize),
                theme.warn,
            ));
            popup(frame, rect, "Confirm", vec![line], theme, true);
        }
        Prompt::PickAvailability {
            title, selected, ..
        } => {
            let mut lines = Vec::new();
            for (i, a) in Availability::ALL.iter().enumerate() {
                let style = if i == *selected {
                    theme.selected
                } else {
                    ratatui::style::Style::default()
                };
                lines.push(Line::from(Span::styled(
                    format!(" {} {:<14}", i + 1, a.name()),
                    style,
                )));
            }
            lines.push(Line::from(Span::styled(
                " ↑↓ or 1-6 · Enter · Esc cancels",
                theme.muted,
            )));
            let w = (title.width() as u16 + 4).max(36).min(max_w);
            let rect = centered(area, w, lines.len() as u16 + 2);
            popup(frame, rect, title, lines, theme, false);
        }
        Prompt::PickAgent {
            title,
            input,
            selected,
            intent,
        } => {
            let w = (title.width() as u16 + 4).max(44).min(max_w);
            let room = w.saturating_sub(2) as usize;
            let choices = agent_choices(state, input.value(), intent.request_id());
            let sel = (*selected).min(choices.len().saturating_sub(1));
            let first = sel.saturating_sub(PICK_ROWS - 1);
            let (search, cursor) = input_line("Search: ", input, room, theme);
            let mut lines = vec![search];
            if choices.is_empty() {
                lines.push(Line::from(Span::styled(" no agent matches", theme.muted)));
            }
            for (i, (id, name)) in choices.iter().enumerate().skip(first).take(PICK_ROWS) {
                let what = state
                    .agents
                    .get(*id)
                    .map(|a| format!("{} · {}", a.availability_word(), a.activity().word()))
                    .unwrap_or_default();
                let text = format!(" {name:<24} {what}");
                let style = if i == sel {
                    theme.selected
                } else {
                    ratatui::style::Style::default()
                };
                lines.push(Line::from(Span::styled(
                    format!("{:<room$}", truncate(&text, room)),
                    style,
                )));
            }
            lines.push(Line::from(Span::styled(
                " type to search · ↑↓ · Enter picks · Esc cancels",
                theme.muted,
            )));
            let rect = centered(area, w, lines.len() as u16 + 2);
            popup(frame, rect, title, lines, theme, false);
            frame.set_cursor_position(Position::new(
                (rect.x + 1 + cursor).min(rect.right().saturating_sub(2)),
                rect.y + 1,
            ));
        }
        Prompt::Note { title, input, .. } => {
            let w = (title.width() as u16 + 4).max(50).min(max_w);
            let room = w.saturating_sub(2) as usize;
            let (line, cursor) = input_line("Note: ", input, room, theme);
            let lines = vec![
                line,
                Line::from(Span::styled(" Enter continues · Esc cancels", theme.muted)),
            ];
            let rect = centered(area, w, 4);
            popup(frame, rect, title, lines, theme, false);
            frame.set_cursor_position(Position::new(
                (rect.x + 1 + cursor).min(rect.right().saturating_sub(2)),
                rect.y + 1,
            ));
        }
    }
}
