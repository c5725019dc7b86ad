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

/// One tile of totals: its label, value, style, and the queue that drives its level.
struct Tile {
    label: String,
    value: String,
    style: Style,
    /// The line below the value: the queue that drives the level ("in Myynti"), or
    /// where the figure comes from.
    below: Option<String>,
}

/// The totals, worst first. Agents are counted once however many queues they serve; a
/// level names the queue that drives it.
fn totals(state: &State, theme: &Theme, short: bool) -> [Tile; 8] {
    let t = crate::app::totals::totals(state);
    let day = state.today.total(
        state
            .queues
            .values()
            .filter(|q| state.in_view(q))
            .map(|q| q.id.as_str()),
    );
    let pick = |long: &str, brief: &str| if short { brief } else { long }.to_owned();
    let stale = state.stale_since().is_some();
    let style = |s: Style| if stale { theme.muted } else { s };
    let tile = |label: String, value: String, s: Style, driver: Option<String>| Tile {
        label,
        value,
        style: style(s),
        below: driver.map(|q| format!("in {q}")),
    };
    [
        tile(
            format!(
                "{} {}",
                pick("CALLERS WAITING", "WAITING"),
                level_word(t.waiting_level)
            ),
            t.waiting.to_string(),
            level_style(theme, t.waiting_level),
            t.waiting_queue,
        ),
        tile(
            format!(
                "{} {}",
                pick("LONGEST WAIT", "LONGEST"),
                level_word(t.longest_level)
            ),
            duration(t.longest_secs),
            level_style(theme, t.longest_level),
            t.longest_queue,
        ),
        service_level_tile(state, theme, short),
        tile(
            pick("ABANDONED", "ABND"),
            day.abandoned.map_or("?".into(), |n| n.to_string()),
            if day.abandoned.is_some() {
                theme.accent
            } else {
                theme.muted
            },
            None,
        ),
        tile(pick("AGENTS FREE", "FREE"), t.free.label(), theme.ok, None),
        tile(
            pick("ON WRAP-UP", "WRAP-UP"),
            t.wrap_up.label(),
            theme.accent,
            None,
        ),
        tile(
            pick("QUEUES IN ALERT", "ALERTS"),
            t.alerts.to_string(),
            if t.alerts > 0 { theme.alert } else { theme.ok },
            None,
        ),
        {
            let (over, alerts) = crate::app::panes::agents::over_limits(state);
            tile(
                pick("AGENTS OVER LIMIT", "OVER LIMIT"),
                over.to_string(),
                if alerts > 0 {
                    theme.alert
                } else if over > 0 {
                    theme.warn
                } else {
                    theme.ok
                },
                None,
            )
        },
    ]
}

/// Today's service level of all queues together, whole per cent; the line below says
/// what the day's figures come from. `?` while not known.
fn service_level_tile(state: &State, theme: &Theme, short: bool) -> Tile {
    let today = &state.today;
    let day = today.total(
        state
            .queues
            .values()
            .filter(|q| state.in_view(q))
            .map(|q| q.id.as_str()),
    );
    let goal = today.goal_percent;
    let (value, style) = match (day.service_level, day.offered) {
        (Some(sl), _) => (
            format!("{:.0}%", sl.floor()),
            if sl < goal { theme.warn } else { theme.ok },
        ),
        (None, Some(_)) => ("-".to_owned(), theme.muted),
        (None, None) => ("?".to_owned(), theme.muted),
    };
    let label = if short {
        "SL%".to_owned()
    } else {
        format!("SL% ({goal:.0}% in {}s)", today.target_secs)
    };
    Tile {
        label,
        value,
        style: if state.stale_since().is_some() {
            theme.muted
        } else {
            style
        },
        below: Some(today.short_label(state.utc_offset)),
    }
}

/// The columns a tile's widest line needs (a big digit is 4 wide with its gap).
fn tile_width(t: &Tile) -> usize {
    [
        t.label.chars().count(),
        t.value.chars().count() * 4,
        t.below.as_ref().map_or(0, |b| b.chars().count()),
    ]
    .into_iter()
    .max()
    .unwrap_or(1)
}

/// "STALE since 12:03 (2:14)": the figures are as of then.
pub fn stale_words(state: &State) -> Option<String> {
    let since = state.stale_since()?;
    let local = since.with_timezone(&state.utc_offset);
    let gone = (state.now - since).num_seconds().max(0);
    Some(format!(
        "STALE since {} ({})",
        local.format("%H:%M"),
        duration(gone)
    ))
}

/// Large digits: for wall terminals of 30 rows and more.
pub fn band(frame: &mut Frame, area: Rect, state: &State, theme: &Theme) {
    // The long labels when they fit side by side, else the short ones.
    let need = |tiles: &[Tile]| -> usize { tiles.iter().map(|t| tile_width(t) + 1).sum() };
    let mut tiles = totals(state, theme, false);
    if need(&tiles) > area.width as usize {
        let short = totals(state, theme, true);
        // Tiles take their short label one by one, the newest tiles first, until all fit.
        for i in [7, 2, 4, 5, 3, 6, 1, 0] {
            if need(&tiles) <= area.width as usize {
                break;
            }
            tiles[i].label = short[i].label.clone();
        }
    }
    let stale = stale_words(state);
    // Each tile as wide as its widest line needs, the spare width shared alike.
    let widths = tiles
        .iter()
        .map(|t| Constraint::Fill(tile_width(t).clamp(1, 60) as u16));
    let cells = Layout::horizontal(widths).spacing(1).split(area);
    for (tile, cell) in tiles.iter().zip(cells.iter()) {
        // Stale: the label row is one line across the band that says so (below).
        let label = if stale.is_some() {
            String::new()
        } else {
            tile.label.clone()
        };
        let mut lines = vec![Line::styled(label, theme.header)];
        lines.extend(
            big(&tile.value)
                .into_iter()
                .map(|r| Line::styled(r, tile.style)),
        );
        if let Some(below) = &tile.below {
            let room = cell.width as usize;
            lines.push(Line::styled(
                super::format::truncate(below, room),
                theme.muted,
            ));
        }
        frame.render_widget(Paragraph::new(lines).alignment(Alignment::Center), *cell);
    }
    if let Some(words) = stale {
        let row = Rect { height: 1, ..area };
        let text = format!("■ {words} — the figures below are as of then ■");
        frame.render_widget(
            Paragraph::new(Line::styled(text, theme.alert)).alignment(Alignment::Center),
            row,
        );
    }
}

fn level_word(level: Level) -> &'static str {
    match level {
        Level::Ok => "",
        Level::Warn => "▲",
        Level::Alert => "■",
    }
}

/// One bold line of totals: for small wall terminals. A tile that does not fit whole is
/// left out (a cut-off count would read as a smaller one), the newest tiles first.
pub fn line(frame: &mut Frame, area: Rect, state: &State, theme: &Theme) {
    use ratatui::text::Span;
    let mut spans = Vec::new();
    let mut used = 0usize;
    if let Some(words) = stale_words(state) {
        let text = format!("{words} │ ");
        used += text.chars().count();
        spans.push(Span::styled(text, theme.alert));
    }
    let tiles = totals(state, theme, true);
    let mut first = true;
    for k in [0, 1, 4, 5, 6, 2, 3, 7] {
        let Tile {
            label,
            value,
            style,
            ..
        } = &tiles[k];
        let sep = if first { 0 } else { 3 };
        let width = sep + label.chars().count() + 1 + value.chars().count();
        if used + width > area.width as usize && !first {
            break;
        }
        used += width;
        if !first {
            spans.push(Span::styled(" │ ", theme.muted));
        }
        first = false;
        spans.push(Span::styled(format!("{label} "), theme.header));
        spans.push(Span::styled(
            value.clone(),
            style.add_modifier(ratatui::style::Modifier::BOLD),
        ));
    }
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}
