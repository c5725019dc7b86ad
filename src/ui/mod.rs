//! Drawing: a pure function of the state, the theme and the frame size.

pub mod agents;
pub mod callbacks;
pub mod colour;
pub mod columns;
pub mod format;
pub mod hints;
pub mod log;
pub mod overlay;
pub mod palette;
pub mod prompt;
pub mod queues;
pub mod status;
pub mod table;
pub mod theme;
pub mod transcript;
pub mod wall;
pub mod widgets;

pub use theme::Theme;

use crate::app::state::{Mode, Pane, State};
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::widgets::Block;
use ratatui::Frame;

/// Below this many rows for the panes, only the focused pane is shown.
const MIN_ROWS_FOR_TWO_PANES: u16 = 12;
/// From this many rows (above the status line) on, the key hint bar is shown.
const MIN_ROWS_FOR_HINTS: u16 = 15;

/// What the last frame showed that the app needs: how far the log scrolls, where a
/// click lands.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Viewport {
    /// Entry rows of the event log pane (0: not drawn).
    pub log_rows: u16,
    /// Where each pane was drawn.
    pub panes: Vec<crate::app::pane::PaneArea>,
}

/// Draws the whole screen.
pub fn draw(frame: &mut Frame, state: &State, theme: &Theme) {
    draw_measured(frame, state, theme);
}

/// [`draw`], returning the [`Viewport`] the runner hands back to the app.
pub fn draw_measured(frame: &mut Frame, state: &State, theme: &Theme) -> Viewport {
    let area = frame.area();
    frame.render_widget(Block::default().style(theme.base), area);
    let [main, status_area] =
        Layout::vertical([Constraint::Min(0), Constraint::Length(1)]).areas(area);
    // The key hint bar, above the status line, where there is room (not on a wall:
    // nobody types at a wall display).
    let (main, hint_area) = if !state.wall && main.height >= MIN_ROWS_FOR_HINTS {
        let [m, h] = Layout::vertical([Constraint::Min(0), Constraint::Length(1)]).areas(main);
        (m, Some(h))
    } else {
        (main, None)
    };
    let panes = if state.wall && main.height >= 30 {
        let [band, rest] = Layout::vertical([
            Constraint::Length(wall::BAND_HEIGHT + 1),
            Constraint::Min(0),
        ])
        .areas(main);
        wall::band(frame, band, state, theme);
        rest
    } else if state.wall && main.height >= 8 {
        let [line, rest] =
            Layout::vertical([Constraint::Length(1), Constraint::Min(0)]).areas(main);
        wall::line(frame, line, state, theme);
        rest
    } else {
        main
    };
    let mut viewport = Viewport::default();
    draw_panes(frame, panes, state, theme, &mut viewport);
    if state.stale_since().is_some() {
        // Stale figures are dimmed (the status line and the wall band say why).
        frame
            .buffer_mut()
            .set_style(panes, Style::new().add_modifier(Modifier::DIM));
    }
    // Messages go to the hint bar's row, else into the status line: never over data.
    status::draw(frame, status_area, state, theme, hint_area.is_none());
    if let Some(h) = hint_area {
        hints::draw(frame, h, state, theme);
    }
    match &state.view.mode {
        Mode::Help => overlay::help(frame, area, state, theme),
        Mode::ConfirmQuit => overlay::confirm_quit(frame, area, theme),
        Mode::CallbackDetails => callbacks::details(frame, main, state, theme),
        Mode::AgentDetails => agents::details(frame, main, state, theme),
        Mode::Palette(p) => palette::draw(frame, main, state, p, theme),
        Mode::Prompt(p) => prompt::draw(frame, main, state, p, theme),
        _ => {}
    }
    viewport
}

fn draw_panes(frame: &mut Frame, area: Rect, state: &State, theme: &Theme, vp: &mut Viewport) {
    if area.height < MIN_ROWS_FOR_TWO_PANES || state.view.zoomed {
        return draw_pane(frame, area, state, theme, state.view.focus, vp);
    }
    if !state.wall {
        return draw_with_lower(frame, area, state, theme, vp);
    }
    // Queues take what they need (rows + frame + header), up to a share of the height;
    // a wall display gives them more since it is about queues.
    let share = if state.wall { 60 } else { 45 };
    let wanted = state.queues.len().clamp(1, 1000) as u16 + 3;
    let cap = (area.height as u32 * share / 100) as u16;
    let queues_h = wanted.clamp(5, cap.max(5));
    let [q, a] = Layout::vertical([Constraint::Length(queues_h), Constraint::Min(0)]).areas(area);
    draw_pane(frame, q, state, theme, Pane::Queues, vp);
    draw_pane(frame, a, state, theme, Pane::Agents, vp);
}

/// Below this many rows for the panes, the lower pane (callbacks, transcript, log) takes
/// the queues' place while it has the focus, instead of getting a row of its own.
const MIN_ROWS_FOR_THREE_PANES: u16 = 30;
/// From this width on, the lower pane sits beside the agents instead of below them.
const MIN_COLS_SIDE_BY_SIDE: u16 = 160;

fn draw_pane(
    frame: &mut Frame,
    area: Rect,
    state: &State,
    theme: &Theme,
    pane: Pane,
    vp: &mut Viewport,
) {
    vp.panes.push(crate::app::pane::PaneArea {
        pane,
        x: area.x,
        y: area.y,
        width: area.width,
        height: area.height,
    });
    match pane {
        Pane::Queues => queues::draw(frame, area, state, theme),
        Pane::Agents => agents::draw(frame, area, state, theme),
        Pane::Callbacks => callbacks::draw(frame, area, state, theme),
        Pane::Transcript => transcript::draw(frame, area, state, theme),
        Pane::Log => vp.log_rows = log::draw(frame, area, state, theme),
    }
}

/// Queues on top, then agents and the lower pane (the focused one, else the last shown).
fn draw_with_lower(frame: &mut Frame, area: Rect, state: &State, theme: &Theme, vp: &mut Viewport) {
    let focus = state.view.focus;
    let lower = if matches!(focus, Pane::Queues | Pane::Agents) {
        state.view.lower.pane()
    } else {
        focus
    };
    let wanted = state.queues.len().clamp(1, 1000) as u16 + 3;
    if area.height < MIN_ROWS_FOR_THREE_PANES && lower == focus {
        // The lower pane has the focus: it takes the queues' place, so the agent it is
        // about (a transcript's, a callback's) stays in view above it.
        let agents_h = area.height / 2;
        let [a, l] =
            Layout::vertical([Constraint::Length(agents_h.max(5)), Constraint::Min(0)]).areas(area);
        draw_pane(frame, a, state, theme, Pane::Agents, vp);
        return draw_pane(frame, l, state, theme, lower, vp);
    }
    if area.height < MIN_ROWS_FOR_THREE_PANES {
        let cap = (area.height as u32 * 45 / 100) as u16;
        let queues_h = wanted.clamp(5, cap.max(5));
        let [q, rest] =
            Layout::vertical([Constraint::Length(queues_h), Constraint::Min(0)]).areas(area);
        draw_pane(frame, q, state, theme, Pane::Queues, vp);
        return draw_pane(frame, rest, state, theme, Pane::Agents, vp);
    }
    if area.width >= MIN_COLS_SIDE_BY_SIDE {
        let cap = (area.height as u32 * 45 / 100) as u16;
        let queues_h = wanted.clamp(5, cap.max(5));
        let [q, rest] =
            Layout::vertical([Constraint::Length(queues_h), Constraint::Min(0)]).areas(area);
        let [a, l] = Layout::horizontal([Constraint::Percentage(55), Constraint::Percentage(45)])
            .areas(rest);
        draw_pane(frame, q, state, theme, Pane::Queues, vp);
        draw_pane(frame, a, state, theme, Pane::Agents, vp);
        return draw_pane(frame, l, state, theme, lower, vp);
    }
    let cap = (area.height as u32 * 35 / 100) as u16;
    let queues_h = wanted.clamp(5, cap.max(5));
    let lower_h = (area.height as u32 * 30 / 100) as u16;
    let [q, a, l] = Layout::vertical([
        Constraint::Length(queues_h),
        Constraint::Min(6),
        Constraint::Length(lower_h.max(6)),
    ])
    .areas(area);
    draw_pane(frame, q, state, theme, Pane::Queues, vp);
    draw_pane(frame, a, state, theme, Pane::Agents, vp);
    draw_pane(frame, l, state, theme, lower, vp);
}
