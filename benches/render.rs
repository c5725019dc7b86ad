//! Cost of one `ui::draw()` of a busy console (7 queues, 40 agents, sparklines, toasts) on
//! ratatui's TestBackend, at 80×24, 120×40 and wall size 200×60, for every built-in theme's
//! worth of styling (the default theme); then a large tenant (40 queues, 600 agents, a
//! day of call records) at 200×60, as a console and as a wall. The console's frame budget
//! is 33 ms (30 fps cap).
//!
//! Each figure is the thread's CPU time per frame (what a frame costs, whatever else
//! runs on the machine), with the wall-clock time beside it.
//!
//! `cargo bench --bench render`

use evtop::app::fixture::{busy_state, large_state};
use evtop::ui::{self, Theme};
use ratatui::backend::TestBackend;
use ratatui::Terminal;
use std::time::{Duration, Instant};

/// CPU time this thread has used (`CLOCK_THREAD_CPUTIME_ID`).
fn thread_cpu() -> Duration {
    let mut t = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: `t` is a valid, writable timespec for the call.
    let rc = unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut t) };
    assert_eq!(rc, 0, "clock_gettime");
    Duration::new(t.tv_sec as u64, t.tv_nsec as u32)
}

/// Draws `state` at `w`×`h` for `budget`: (CPU per frame, wall per frame, frames).
fn measure(
    state: &evtop::app::state::State,
    theme: &Theme,
    w: u16,
    h: u16,
    budget: Duration,
) -> (Duration, Duration, u32) {
    let mut term = Terminal::new(TestBackend::new(w, h)).expect("test terminal");
    let start = Instant::now();
    let cpu_start = thread_cpu();
    let mut frames = 0u32;
    while start.elapsed() < budget {
        term.draw(|f| ui::draw(f, state, theme)).expect("draw");
        frames += 1;
    }
    let cpu = (thread_cpu() - cpu_start) / frames;
    (cpu, start.elapsed() / frames, frames)
}

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
        let (cpu, wall, frames) = measure(&state, &theme, w, h, budget);
        println!(
            "draw() {w:>3}x{h:<3} {:>8.1} µs CPU/frame, {:>8.1} µs wall  ({frames} frames, {:.1}% of the 33 ms budget)",
            cpu.as_secs_f64() * 1e6,
            wall.as_secs_f64() * 1e6,
            cpu.as_secs_f64() / 0.033 * 100.0
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
        let (cpu, wall_time, frames) = measure(&state, &theme, 200, 60, budget);
        println!(
            "draw() 200x60  40 queues, 600 agents{}{} {:>8.1} µs CPU/frame, {:>8.1} µs wall  ({frames} frames)",
            if wall { ", wall" } else { "" },
            if today { "" } else { ", today not read" },
            cpu.as_secs_f64() * 1e6,
            wall_time.as_secs_f64() * 1e6,
        );
    }
}
