//! The key hint bar: one line of `key word` pairs for the focused pane and mode
//! ([`crate::app::hints`]); pairs that do not fit are dropped from the end, `? help`
//! is kept while there is room for it.

use super::theme::Theme;
use crate::app::hints::{hints, Hint};
use crate::app::state::{State, ToastLevel};
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use ratatui::Frame;
use unicode_width::UnicodeWidthStr;

const GAP: &str = "  ";

fn width_of((keys, word): &Hint) -> usize {
    keys.width() + 1 + word.width()
}

/// The hints that fit `width` columns, in order; `help` stays when it can.
pub fn fitting(all: &[Hint], width: usize) -> Vec<&Hint> {
    let help = all.iter().find(|(_, w)| *w == "help");
    let reserve = help.map_or(0, |h| width_of(h) + GAP.len());
    let mut used = 1; // the left margin
    let mut out: Vec<&Hint> = Vec::new();
    for h in all.iter().filter(|h| Some(*h) != help) {
        let w = width_of(h) + if out.is_empty() { 0 } else { GAP.len() };
        if used + w + reserve > width {
            break;
        }
        used += w;
        out.push(h);
    }
    if let Some(h) = help {
        let gap = if out.is_empty() { 0 } else { GAP.len() };
        if used + width_of(h) + gap <= width {
            out.push(h);
        }
    }
    out
}

/// The message line's text: the newest message with its repeat count and how many more
/// show (the event log, `5`, keeps every one whole).
pub fn message_text(state: &State, theme: &Theme) -> Option<Span<'static>> {
    let (toast, others) = state.message()?;
    let (glyph, style) = match toast.level {
        ToastLevel::Info => ("ℹ", theme.toast_info),
        ToastLevel::Error => ("✖", theme.toast_error),
    };
    let mut text = format!("│ {glyph} {}", toast.text);
    if toast.count > 1 {
        text.push_str(&format!(" (×{})", toast.count));
    }
    if others > 0 {
        text.push_str(&format!(" (+{others}, log: 5)"));
    }
    text.push(' ');
    Some(Span::styled(text, style))
}

/// The hint bar, or the newest message while one shows (messages never cover data).
pub fn draw(frame: &mut Frame, area: Rect, state: &State, theme: &Theme) {
    if let Some(mut message) = message_text(state, theme) {
        let text = message.content.trim_start_matches('│').to_owned();
        message.content = super::format::truncate(&text, area.width as usize).into();
        frame.render_widget(Paragraph::new(Line::from(message)), area);
        return;
    }
    let all = hints(state);
    let mut spans = vec![Span::raw(" ")];
    for (i, (keys, word)) in fitting(&all, area.width as usize).into_iter().enumerate() {
        if i > 0 {
            spans.push(Span::raw(GAP));
        }
        spans.push(Span::styled(keys.clone(), theme.key));
        spans.push(Span::styled(format!(" {word}"), theme.muted));
    }
    frame.render_widget(Paragraph::new(Line::from(spans)).style(theme.base), area);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn h(k: &str, w: &'static str) -> Hint {
        (k.to_owned(), w)
    }

    #[test]
    fn drops_from_the_end_and_keeps_help() {
        let all = vec![
            h("w", "end wrap-up"),
            h("a", "availability"),
            h("/", "filter"),
            h("?", "help"),
            h("q", "quit"),
        ];
        let words = |n: usize| -> Vec<&str> { fitting(&all, n).iter().map(|h| h.1).collect() };
        assert_eq!(
            words(200),
            ["end wrap-up", "availability", "filter", "quit", "help"]
        );
        assert_eq!(words(38), ["end wrap-up", "availability", "help"]);
        assert_eq!(words(37), ["end wrap-up", "help"]);
        assert_eq!(words(8), ["help"]);
        assert!(words(3).is_empty());
    }
}
