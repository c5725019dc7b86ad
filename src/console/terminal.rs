//! Terminal hygiene: raw mode and the alternate screen while the console runs, and the
//! terminal restored on every way out — quit, error (guard drop), panic (a hook that
//! restores before color-eyre prints), SIGTERM and SIGHUP (the runner quits cleanly).

use crossterm::event::{DisableMouseCapture, EnableMouseCapture};
use crossterm::terminal::{
    disable_raw_mode, enable_raw_mode, EnterAlternateScreen, LeaveAlternateScreen,
};
use crossterm::{cursor, execute};
use ratatui::backend::CrosstermBackend;
use ratatui::Terminal;
use std::io::{self, Stdout};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Once;

/// Set while the terminal is in raw mode + alternate screen.
static ACTIVE: AtomicBool = AtomicBool::new(false);
static MOUSE: AtomicBool = AtomicBool::new(false);
static HOOK: Once = Once::new();

/// The console was started where nothing can show it: `ssh host evtop` without `-t`,
/// cron, a pipe. The binary says so and exits 2.
#[derive(Debug, thiserror::Error)]
#[error("evtop needs a terminal (use ssh -t, or `evtop events` for scripts)")]
pub struct NoTerminal;

/// The console draws on stdout: it must be a terminal. Checked once the tenant has been
/// reached and before the screen is touched (the wall's patient boot and the login checks
/// run the same with or without one).
pub fn require_terminal() -> Result<(), NoTerminal> {
    use std::io::IsTerminal;
    if io::stdout().is_terminal() {
        Ok(())
    } else {
        Err(NoTerminal)
    }
}

/// Restores the terminal (idempotent, safe from a panic hook).
pub fn restore() {
    if ACTIVE.swap(false, Ordering::SeqCst) {
        let mut out = io::stdout();
        if MOUSE.swap(false, Ordering::SeqCst) {
            let _ = execute!(out, DisableMouseCapture);
        }
        let _ = execute!(out, LeaveAlternateScreen, cursor::Show);
        let _ = disable_raw_mode();
    }
}

/// Ctrl-Z: restores the terminal, stops the process (SIGTSTP, what the terminal itself
/// would send without raw mode) and, once the shell's `fg` continues it, enters raw mode
/// and the alternate screen again. False (nothing done) when the console is not on a
/// real terminal, e.g. under a test backend.
pub fn suspend_and_resume() -> io::Result<bool> {
    if !ACTIVE.load(Ordering::SeqCst) {
        return Ok(false);
    }
    let mouse = MOUSE.load(Ordering::SeqCst);
    restore();
    // SAFETY: raise() only sends a signal to this process; SIGTSTP's default action
    // stops it until SIGCONT, then the call returns.
    unsafe {
        libc::raise(libc::SIGTSTP);
    }
    enable_raw_mode()?;
    ACTIVE.store(true, Ordering::SeqCst);
    let mut out = io::stdout();
    execute!(out, EnterAlternateScreen, cursor::Hide)?;
    if mouse {
        execute!(out, EnableMouseCapture)?;
        MOUSE.store(true, Ordering::SeqCst);
    }
    Ok(true)
}

/// Wraps the installed panic hook (color-eyre's) so the terminal is restored first and
/// the report lands on a normal screen.
pub fn install_panic_hook() {
    HOOK.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            restore();
            previous(info);
        }));
    });
}

/// Owns the console's terminal session; dropping it restores the terminal.
pub struct TerminalGuard {
    _private: (),
}

impl TerminalGuard {
    /// Enters raw mode and the alternate screen (mouse capture only when asked).
    pub fn enter(mouse: bool) -> io::Result<(TerminalGuard, Terminal<CrosstermBackend<Stdout>>)> {
        install_panic_hook();
        enable_raw_mode()?;
        ACTIVE.store(true, Ordering::SeqCst);
        let guard = TerminalGuard { _private: () };
        let mut out = io::stdout();
        execute!(out, EnterAlternateScreen, cursor::Hide)?;
        if mouse {
            execute!(out, EnableMouseCapture)?;
            MOUSE.store(true, Ordering::SeqCst);
        }
        let terminal = Terminal::new(CrosstermBackend::new(io::stdout()))?;
        Ok((guard, terminal))
    }
}

impl Drop for TerminalGuard {
    fn drop(&mut self) {
        restore();
    }
}
