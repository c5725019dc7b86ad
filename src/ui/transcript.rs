//! The transcript pane: the selected agent's call, phrase by phrase, newest at the bottom.
//! Intermediate phrases are dim (and replaced in place when the final one arrives);
//! low-confidence phrases carry a `?NN%` mark, readable without colour.

use super::theme::Theme;
use super::widgets::{empty_message, pane_block};
use crate::app::panes::transcript;
use crate::app::state::{Pane, State};
use crate::app::state::{Phrase, Speaker};
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use ratatui::Frame;
use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

/// "mm:ss " + "customer " in front of each phrase.
const PREFIX: usize = 6 + 9;

/// Splits `text` into lines of at most `width` columns, at spaces where possible.
pub fn wrap(text: &str, width: usize) -> Vec<String> {
    let width = width.max(1);
    let mut lines = Vec::new();
    let mut cur = String::new();
    for word in text.split_whitespace() {
        let need = if cur.is_empty() { 0 } else { 1 } + word.width();
        if cur.width() + need <= width {
            if !cur.is_empty() {
                cur.push(' ');
            }
            cur.push_str(word);
            continue;
        }
        if !cur.is_empty() {
            lines.push(std::mem::take(&mut cur));
        }
        // A word longer than the line is cut.
        for c in word.chars() {
            if cur.width() + c.width().unwrap_or(0) > width {
                lines.push(std::mem::take(&mut cur));
            }
            cur.push(c);
        }
    }
    if !cur.is_empty() || lines.is_empty() {
        lines.push(cur);
    }
    lines
}

fn phrase_lines(p: &Phrase, width: usize, theme: &Theme) -> Vec<Line<'static>> {
    let speaker_style = match p.speaker {
        Speaker::Agent => theme.key,
        Speaker::Customer => theme.accent,
        Speaker::Other(_) => theme.muted,
    };
    let mut text_style = Style::default();
    let mut text = p.text.clone();
    if p.intermediate {
        text_style = theme.muted.add_modifier(Modifier::DIM | Modifier::ITALIC);
        text.push('…');
    }
    let mark = if p.low_confidence() {
        format!(" ?{:.0}%", p.confidence * 100.0)
    } else {
        String::new()
    };
    let room = width.saturating_sub(PREFIX).max(8);
    let mut body = wrap(&text, room);
    let last = body.len() - 1;
    let mut out = Vec::with_capacity(body.len());
    for (i, chunk) in body.drain(..).enumerate() {
        let mut spans = if i == 0 {
            vec![
                Span::styled(format!("{} ", p.offset_label()), theme.muted),
                Span::styled(format!("{:<9}", p.speaker.label()), speaker_style),
            ]
        } else {
            vec![Span::raw(" ".repeat(PREFIX))]
        };
        spans.push(Span::styled(chunk, text_style));
        if i == last && !mark.is_empty() {
            spans.push(Span::styled(mark.clone(), theme.warn));
        }
        out.push(Line::from(spans));
    }
    out
}

fn title(state: &State) -> String {
    let mut t = " Transcript".to_owned();
    if let Some(agent) = state
        .view
        .selected_agent
        .as_deref()
        .and_then(|id| state.agents.get(id))
    {
        t.push_str(&format!(" · {}", agent.name));
        if let Some((call, live)) = transcript::shown(state) {
            if let Some(c) = state.calls.get(&call.call_id) {
                if !c.caller.is_empty() {
                    t.push_str(&format!(" · caller {}", c.caller));
                }
            }
            t.push_str(if live { " · live" } else { " · call ended" });
        }
    }
    let v = &state.view.transcript;
    if v.follow {
        t.push_str(" · following");
    } else {
        t.push_str(" · ⏸ paused (p follows)");
    }
    t.push(' ');
    t
}

pub fn draw(frame: &mut Frame, area: Rect, state: &State, theme: &Theme) {
    let focused = state.view.focus == Pane::Transcript;
    let block = pane_block(theme, title(state), focused);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    if state.wall {
        empty_message(frame, inner, theme, "Transcripts are off on a wall display");
        return;
    }
    let agent = state
        .view
        .selected_agent
        .as_deref()
        .and_then(|id| state.agents.get(id));
    let Some(agent) = agent else {
        empty_message(
            frame,
            inner,
            theme,
            "Select an agent to follow the live transcript of their call",
        );
        return;
    };
    let Some((t, _live)) = transcript::shown(state) else {
        let msg = match state.call_of(&agent.id) {
            Some(c) => format!(
                "Waiting for speech on {}'s call with {}…",
                agent.name, c.caller
            ),
            None => format!("{} is not on a call", agent.name),
        };
        empty_message(frame, inner, theme, &msg);
        return;
    };
    let width = inner.width as usize;
    let height = inner.height as usize;
    let v = &state.view.transcript;
    let skip_end = if v.follow {
        0
    } else {
        v.scroll.min(t.phrases.len())
    };
    let upto = t.phrases.len() - skip_end;
    // Walk back from the newest shown phrase until the pane is full.
    let mut lines: Vec<Line> = Vec::new();
    for p in t.phrases.iter().take(upto).rev() {
        let mut pl = phrase_lines(p, width, theme);
        pl.append(&mut lines);
        lines = pl;
        if lines.len() >= height {
            break;
        }
    }
    let extra = lines.len().saturating_sub(height);
    let lines: Vec<Line> = lines.into_iter().skip(extra).collect();
    frame.render_widget(Paragraph::new(lines), inner);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wraps_at_spaces_and_cuts_long_words() {
        assert_eq!(wrap("one two three", 7), ["one two", "three"]);
        assert_eq!(wrap("abcdefghij", 4), ["abcd", "efgh", "ij"]);
        assert_eq!(wrap("", 4), [""]);
        assert!(wrap("Hyvää päivää, asiakaspalvelu", 12)
            .iter()
            .all(|l| l.width() <= 12));
    }
}
