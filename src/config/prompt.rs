//! Asking for missing credentials on the terminal, before the console takes the screen.
//! Secrets are read with echo off (crossterm raw mode); nothing is asked when stdin is
//! not a terminal.

use std::io::{self, IsTerminal, Write};

/// Something that can ask the user for a value. `Ok(None)` means "cannot ask / gave up".
pub trait Prompter {
    fn ask(&mut self, label: &str, secret: bool) -> io::Result<Option<String>>;
}

/// Never asks (stdin is not a terminal, `--wall`, scripts).
#[derive(Debug, Default, Clone, Copy)]
pub struct NoPrompt;

impl Prompter for NoPrompt {
    fn ask(&mut self, _label: &str, _secret: bool) -> io::Result<Option<String>> {
        Ok(None)
    }
}

/// Asks on stderr and reads from the terminal; secrets without echo. Asks nothing when
/// stdin is not a terminal.
#[derive(Debug, Default, Clone, Copy)]
pub struct TerminalPrompter;

impl Prompter for TerminalPrompter {
    fn ask(&mut self, label: &str, secret: bool) -> io::Result<Option<String>> {
        if !io::stdin().is_terminal() {
            return Ok(None);
        }
        let mut err = io::stderr();
        write!(err, "{label}")?;
        err.flush()?;
        if secret {
            read_hidden()
        } else {
            let mut line = String::new();
            if io::stdin().read_line(&mut line)? == 0 {
                return Ok(None);
            }
            Ok(Some(line.trim_end_matches(['\r', '\n']).to_owned()))
        }
    }
}

/// Reads one line in raw mode without echo. Ctrl-C / Ctrl-D / Esc give up.
fn read_hidden() -> io::Result<Option<String>> {
    use crossterm::event::{read, Event, KeyCode, KeyEventKind, KeyModifiers};
    crossterm::terminal::enable_raw_mode()?;
    let _restore = RawModeGuard;
    let mut value = String::new();
    loop {
        let Event::Key(key) = read()? else { continue };
        if key.kind == KeyEventKind::Release {
            continue;
        }
        let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
        match key.code {
            KeyCode::Enter => break,
            KeyCode::Char('c') | KeyCode::Char('d') if ctrl => {
                eprint!("\r\n");
                return Ok(None);
            }
            KeyCode::Esc => {
                eprint!("\r\n");
                return Ok(None);
            }
            KeyCode::Backspace => {
                value.pop();
            }
            KeyCode::Char('u') if ctrl => value.clear(),
            KeyCode::Char(c) => value.push(c),
            _ => {}
        }
    }
    eprint!("\r\n");
    Ok(Some(value))
}

struct RawModeGuard;

impl Drop for RawModeGuard {
    fn drop(&mut self) {
        let _ = crossterm::terminal::disable_raw_mode();
    }
}

/// Answers from a list, for tests: each call pops the next answer.
#[derive(Debug, Default)]
pub struct ScriptedPrompter {
    pub answers: std::collections::VecDeque<Option<String>>,
    /// The labels asked, with their `secret` flag.
    pub asked: Vec<(String, bool)>,
}

impl ScriptedPrompter {
    pub fn new<I, S>(answers: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        ScriptedPrompter {
            answers: answers.into_iter().map(|s| Some(s.into())).collect(),
            asked: Vec::new(),
        }
    }
}

impl Prompter for ScriptedPrompter {
    fn ask(&mut self, label: &str, secret: bool) -> io::Result<Option<String>> {
        self.asked.push((label.to_owned(), secret));
        Ok(self.answers.pop_front().flatten())
    }
}
