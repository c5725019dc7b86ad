//! Cost of one `ui::draw()` of a busy console (7 queues, 40 agents, sparklines, toasts) on
//! ratatui's TestBackend, at 80×24, 120×40 and wall size 200×60, for every built-in theme's
//! worth of styling (the default theme); then a large tenant (40 queues, 600 agents, a
//! day of call records) at 200×60, as a console and as a wall. The console's frame budget
//! is 33 ms (30 fps cap).
//!
//! `cargo bench --bench render`

use evtop::app::fixture::{busy_state, large_state};
use evtop::ui::{self, Theme};
use ratatui::backend::TestBackend;
use ratatui::Terminal;
use std::time::{Duration, Instant};

fn main() {
    let budget = Duration::from_millis(
        std::env::var("BENCH_MS")
            .ok()
            .and_then(|v| v.parse().ok())
            .unwrap_or(1500),
    );
    let state = busy_state();
    let theme = Theme::builtin("default").expect("the default theme is built in");
    for (w, h) in [(80u16, 24u16), (120, 40), (200, 60)] {
        let mut term = Terminal::new(TestBackend::new(w, h)).expect("test terminal");
        let start = Instant::now();
        let mut frames = 0u32;
        while start.elapsed() < budget {
            term.draw(|f| ui::draw(f, &state, &theme)).expect("draw");
            frames += 1;
        }
        let per = start.elapsed() / frames;
        println!(
            "draw() {w:>3}x{h:<3} {:>8.1} µs/frame  ({frames} frames, {:.1}% of the 33 ms budget)",
            per.as_secs_f64() * 1e6,
            per.as_secs_f64() / 0.033 * 100.0
        );
    }
    // A large tenant with today's calls in every queue row (the wide layout's columns).
    let large = large_state(40, 600);
    for (wall, today) in [(false, true), (true, true), (false, false), (true, false)] {
        let mut state = large.clone();
        state.wall = wall;
        if !today {
            // Today's figures not read: what the new columns and tiles cost.
            state.today = evtop::app::state::today::Today::new(state.now, state.utc_offset);
        }
        let mut term = Terminal::new(TestBackend::new(200, 60)).expect("test terminal");
        let start = Instant::now();
        let mut frames = 0u32;
        while start.elapsed() < budget {
            term.draw(|f| ui::draw(f, &state, &theme)).expect("draw");
            frames += 1;
        }
        let per = start.elapsed() / frames;
        println!(
            "draw() 200x60  40 queues, 600 agents{}{} {:>8.1} µs/frame  ({frames} frames)",
            if wall { ", wall" } else { "" },
            if today { "" } else { ", today not read" },
            per.as_secs_f64() * 1e6,
        );
    }
}
