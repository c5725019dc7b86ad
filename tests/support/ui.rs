//! Shared helpers of the screen tests: draw a State on ratatui's TestBackend and read the
//! result back as text, the way a person reads the terminal.

#![allow(dead_code)]

use evtop::app::State;
use evtop::ui::{self, Theme};
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use ratatui::Terminal;

/// Draws `state` once at `w`×`h` with `theme`.
pub fn render_with(state: &State, theme: &Theme, w: u16, h: u16) -> Buffer {
    let mut term = Terminal::new(TestBackend::new(w, h)).expect("test terminal");
    term.draw(|f| ui::draw(f, state, theme)).expect("draw");
    term.backend().buffer().clone()
}

/// Draws `state` once at `w`×`h` with the default theme.
pub fn render(state: &State, w: u16, h: u16) -> Buffer {
    render_with(
        state,
        &Theme::builtin("default").expect("default theme"),
        w,
        h,
    )
}

/// The screen as text, one line per row (trailing blanks trimmed; wide characters once).
pub fn text(buf: &Buffer) -> String {
    let mut out = String::new();
    for y in 0..buf.area.height {
        let mut line = String::new();
        let mut skip = 0;
        for x in 0..buf.area.width {
            if skip > 0 {
                skip -= 1;
                continue;
            }
            let sym = buf[(x, y)].symbol();
            line.push_str(sym);
            skip = unicode_width::UnicodeWidthStr::width(sym).saturating_sub(1);
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}
