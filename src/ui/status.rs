//! The status line: connection, who and where, last-event age, clock; or the filter prompt.

use super::format::duration;
use super::theme::Theme;
use crate::app::state::{Mode, Pane, State};
use crate::rte::ConnectionState;
use ratatui::layout::{Position, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use ratatui::Frame;
use unicode_width::UnicodeWidthStr;

/// The connection badge: glyph and words, styled by severity; a replay says so instead.
pub fn connection_badge(state: &State, theme: &Theme) -> (String, Style) {
    if let Some(r) = &state.replay {
        return (replay_words(state, r), theme.key);
    }
    let (text, style) = connection_words(state, theme);
    match super::wall::stale_words(state) {
        Some(stale) => (format!("{stale} · {text}"), theme.alert),
        None => (text, style),
    }
}

/// `⏵ REPLAY 10:32:05 (×4)`, `⏸ REPLAY 10:32:05 (×4) PAUSED`, with a count of
/// skipped lines, or the `:goto` being typed.
fn replay_words(state: &State, r: &crate::app::state::ReplayBadge) -> String {
    if let Some(line) = &r.goto {
        return format!(":goto {line}▏ (HH:MM[:SS], Enter goes, Esc cancels)");
    }
    let clock = (r.at + chrono::Duration::seconds(state.utc_offset.local_minus_utc() as i64))
        .format("%H:%M:%S");
    let speed = if r.speed.fract() == 0.0 {
        format!("{}", r.speed as i64)
    } else {
        format!("{:.2}", r.speed)
            .trim_end_matches('0')
            .trim_end_matches('.')
            .to_owned()
    };
    let (glyph, paused) = if r.paused {
        ("⏸", " PAUSED")
    } else {
        ("⏵", "")
    };
    let skipped = match r.skipped {
        0 => String::new(),
        n => format!(" · {n} lines skipped"),
    };
    format!("{glyph} REPLAY {clock} (×{speed}){paused}{skipped}")
}

fn connection_words(state: &State, theme: &Theme) -> (String, Style) {
    match &state.connection {
        ConnectionState::Connecting => ("◌ connecting…".to_owned(), theme.warn),
        ConnectionState::Live => live_badge(state, theme),
        ConnectionState::Reconnecting {
            attempt,
            reason,
            retry_in,
        } => {
            let waited = (state.now - state.connection_since).num_seconds().max(0) as u64;
            let left = retry_in.as_secs().saturating_sub(waited);
            let when = if left > 0 {
                format!(" in {left}s")
            } else {
                String::new()
            };
            (
                format!("↻ reconnecting #{attempt}{when}: {reason}"),
                theme.warn,
            )
        }
        ConnectionState::Failed { reason } => {
            (format!("✖ failed: {reason} — r reconnects"), theme.alert)
        }
    }
}

/// "● live", or what it lacks: a snapshot that failed and when it is retried.
fn live_badge(state: &State, theme: &Theme) -> (String, Style) {
    if state.snapshot.error.is_none() {
        return match state.partial_visibility() {
            // What this login may not see is said, not hidden.
            Some((have, asked)) => (
                format!("● live ({have} of {asked} subscriptions)"),
                theme.warn,
            ),
            None => ("● live".to_owned(), theme.ok),
        };
    }
    let text = match crate::app::snapshot::retry_in_secs(state) {
        Some(secs) => format!("● live · snapshot failed, retrying in {secs} s"),
        None => "● live · snapshot failed, retrying…".to_owned(),
    };
    (text, theme.warn)
}

/// The status line; with `message` (no hint bar to carry it) the newest message too.
pub fn draw(frame: &mut Frame, area: Rect, state: &State, theme: &Theme, message: bool) {
    if let Mode::Filter { pane, input } = &state.view.mode {
        let label = match pane {
            Pane::Queues => "Filter queues: ",
            Pane::Agents => "Filter agents: ",
            Pane::Callbacks => "Filter callbacks: ",
            Pane::Log => "Filter the event log: ",
            Pane::Transcript => "Filter: ",
        };
        let hint = "  (Enter keeps, Esc clears)";
        let room = (area.width as usize).saturating_sub(label.width() + hint.width() + 1);
        let scroll = input.visual_scroll(room);
        let shown: String = input.value().chars().skip(scroll).collect();
        let line = Line::from(vec![
            Span::styled(label, theme.key),
            Span::raw(shown),
            Span::styled(hint, theme.muted),
        ]);
        frame.render_widget(Paragraph::new(line).style(theme.status), area);
        let x = area.x + (label.width() + input.visual_cursor().saturating_sub(scroll)) as u16;
        frame.set_cursor_position(Position::new(x.min(area.right().saturating_sub(1)), area.y));
        return;
    }
    let (badge, badge_style) = connection_badge(state, theme);
    // Segments in screen order, each with a rank: when the line does not fit, the
    // highest rank goes first, so the connection, the last-event age and the clock stay.
    let mut left: Vec<(u8, Span)> = vec![(0, Span::styled(format!(" {badge} "), badge_style))];
    if !state.identity.name.is_empty() {
        let who = if state.identity.silo.is_empty() {
            state.identity.name.clone()
        } else {
            format!("{} @ {}", state.identity.name, state.identity.silo)
        };
        left.push((4, Span::raw(format!("│ {who} "))));
    }
    if state.wall {
        left.push((3, Span::raw("│ WALL read-only ")));
    }
    if state.view.zoomed {
        left.push((2, Span::raw("│ ZOOM (z: all panes) ")));
    }
    let age = match state.last_event_at {
        Some(t) => format!(
            "│ last event {} ago ",
            duration((state.now - t).num_seconds())
        ),
        None => "│ no events yet ".to_owned(),
    };
    left.push((1, Span::raw(age)));
    if !state.actions_in_flight.is_empty() {
        // Until every action has its answer.
        left.push((
            1,
            Span::styled(
                format!("│ ⋯ {} running ", state.actions_in_flight.len()),
                theme.warn,
            ),
        ));
    }
    if message {
        if let Some(text) = super::hints::message_text(state, theme) {
            // Right after the badge: the message outranks who and when.
            left.insert(1, (1, text));
        }
    }
    let clock = (state.now + chrono::Duration::seconds(state.utc_offset.local_minus_utc() as i64))
        .format("%H:%M:%S")
        .to_string();
    let mut right: Vec<(u8, Span)> = vec![
        (5, Span::raw(" ? help ")),
        (2, Span::raw(format!("│ {clock} "))),
    ];
    let width = |v: &[(u8, Span)]| v.iter().map(|(_, s)| s.content.width()).sum::<usize>();
    while width(&left) + width(&right) > area.width as usize {
        let worst = |v: &[(u8, Span)]| v.iter().map(|(r, _)| *r).max().unwrap_or(0);
        let (l, r) = (worst(&left), worst(&right));
        if l.max(r) == 0 {
            break;
        }
        if r >= l {
            right.retain(|(rank, _)| *rank != r);
        } else {
            left.retain(|(rank, _)| *rank != l);
        }
    }
    if right.first().is_some_and(|(rank, _)| *rank == 2) {
        // The clock alone: no separator before it.
        right[0].1 = Span::raw(format!(" {clock} "));
    }
    let pad = (area.width as usize).saturating_sub(width(&left) + width(&right));
    let mut spans: Vec<Span> = left.into_iter().map(|(_, s)| s).collect();
    spans.push(Span::raw(" ".repeat(pad)));
    spans.extend(right.into_iter().map(|(_, s)| s));
    let left = spans;
    frame.render_widget(Paragraph::new(Line::from(left)).style(theme.status), area);
}
