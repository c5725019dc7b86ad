//! Drawing: a pure function of the state, the theme and the frame size.

pub mod agents;
pub mod columns;
pub mod format;
pub mod overlay;
pub mod queues;
pub mod status;
pub mod theme;
pub mod wall;
pub mod widgets;

pub use theme::Theme;

use crate::app::state::{Mode, Pane, State};
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::widgets::Block;
use ratatui::Frame;

/// Below this many rows for the panes, only the focused pane is shown.
const MIN_ROWS_FOR_TWO_PANES: u16 = 12;

/// Draws the whole screen.
pub fn draw(frame: &mut Frame, state: &State, theme: &Theme) {
    let area = frame.area();
    frame.render_widget(Block::default().style(theme.base), area);
    let [main, status_area] =
        Layout::vertical([Constraint::Min(0), Constraint::Length(1)]).areas(area);
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
    draw_panes(frame, panes, state, theme);
    status::draw(frame, status_area, state, theme);
    overlay::toasts(frame, main, state, theme);
    match state.view.mode {
        Mode::Help => overlay::help(frame, area, state, theme),
        Mode::ConfirmQuit => overlay::confirm_quit(frame, area, theme),
        _ => {}
    }
}

fn draw_panes(frame: &mut Frame, area: Rect, state: &State, theme: &Theme) {
    if area.height < MIN_ROWS_FOR_TWO_PANES {
        match state.view.focus {
            Pane::Queues => queues::draw(frame, area, state, theme),
            Pane::Agents => agents::draw(frame, area, state, theme),
        }
        return;
    }
    // Queues take what they need (rows + frame + header), up to a share of the height;
    // a wall display gives them more since it is about queues.
    let share = if state.wall { 60 } else { 45 };
    let wanted = state.queues.len().max(1) as u16 + 3;
    let cap = (area.height as u32 * share / 100) as u16;
    let queues_h = wanted.clamp(5, cap.max(5));
    let [q, a] = Layout::vertical([Constraint::Length(queues_h), Constraint::Min(0)]).areas(area);
    queues::draw(frame, q, state, theme);
    agents::draw(frame, a, state, theme);
}
