//! The `?` help's content, generated from the keymap and the thresholds: its lines
//! (unstyled: `ui` styles them), how many fit a page, and how far it can scroll.

use super::keymap::Context;
use super::state::{Level, State};
use unicode_width::UnicodeWidthStr;

/// Width of the key column of the help.
pub const KEY_COLUMN: usize = 18;

/// One line of the help, by what it is (the drawing styles each kind).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HelpLine {
    Blank,
    /// A section title: a pane, or the levels.
    Section(&'static str),
    /// Keys and (a part of) their description; `keys` is empty on continuation lines.
    Key {
        keys: String,
        text: String,
    },
    /// What makes a queue row warn or alert.
    Level {
        level: Level,
        text: String,
    },
    /// A note on the columns.
    Note(String),
}

/// The help's lines on a screen `cols`×`rows`: descriptions wrap to the width (0 = no
/// limit), blank lines between sections only when everything still fits.
pub fn lines(state: &State, cols: u16, rows: u16) -> Vec<HelpLine> {
    // Frame and one column of margin on each side.
    let desc_width = match cols {
        0 => usize::MAX,
        c => (c as usize).saturating_sub(KEY_COLUMN + 4).max(20),
    };
    let mut lines: Vec<HelpLine> = Vec::new();
    let wall = state.wall;
    let help = state
        .keymap
        .help_where(|action| !wall || action.works_on_wall());
    let needed = help.iter().map(|(_, rows)| rows.len() + 2).sum::<usize>() + 6;
    let spaced = needed <= rows as usize;
    for (ctx, rows) in help {
        if !lines.is_empty() && spaced {
            lines.push(HelpLine::Blank);
        }
        lines.push(HelpLine::Section(Context::title(ctx)));
        for (keys, desc) in rows {
            for (i, part) in wrap(&desc, desc_width).into_iter().enumerate() {
                let keys = if i == 0 { keys.clone() } else { String::new() };
                lines.push(HelpLine::Key { keys, text: part });
            }
        }
    }
    if spaced {
        lines.push(HelpLine::Blank);
    }
    lines.push(HelpLine::Section("Queue levels"));
    let t = &state.thresholds;
    lines.push(HelpLine::Level {
        level: Level::Warn,
        text: format!(
            "{}+ callers or {}s+ longest wait",
            t.waiting_warn, t.longest_wait_warn_secs
        ),
    });
    lines.push(HelpLine::Level {
        level: Level::Alert,
        text: format!(
            "{}+ callers or {}s+ longest wait",
            t.waiting_alert, t.longest_wait_alert_secs
        ),
    });
    let notes = [
        "Headers: Shift + the underlined letter sorts by that column (again: reversed)",
        "ACTIVITY talking 1:05 / ringing 0:12: time since it began; wrap-up -0:42: time left \
         until the wrap-up ends",
        "S-AWAY/L-AWAY: agents away short term (e.g. talking) / long term (e.g. DND)",
        "SERV/FETCH ·: not reported yet (agent status arrives on its first change)",
        "ACTIVITY —: not known yet; told by a call ringing, connected or ended, a wrap-up \
         or the agent's status, and unknown again after a reconnect (events were missed); \
         'Busy?': as before the reconnect until the reload",
        "IN STATE ≥4:12: at least that long (its start was not seen); ALLOC/CONN ?/≤3 and \
         AWAY ?: REST does not say, the queue's next status will",
    ];
    let note_width = match cols {
        0 => usize::MAX,
        c => (c as usize).saturating_sub(4).max(20),
    };
    for note in notes {
        for part in wrap(note, note_width) {
            lines.push(HelpLine::Note(part));
        }
    }
    lines
}

/// Splits `text` at spaces into lines at most `width` columns wide (a longer word gets a
/// line of its own).
pub fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut line = String::new();
    for word in text.split(' ') {
        if !line.is_empty() && line.width() + 1 + word.width() > width {
            out.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    out.push(line);
    out
}

/// Help lines visible at once on a screen `rows` tall (inside the frame).
pub fn page(rows: u16) -> usize {
    (rows as usize).saturating_sub(2)
}

/// How far the help can scroll on a screen `cols`×`rows` (0 when it fits; when `rows`
/// is unknown (0), up to its last line).
pub fn max_scroll(state: &State, cols: u16, rows: u16) -> usize {
    let count = lines(state, cols, rows).len();
    if rows == 0 {
        return count.saturating_sub(1);
    }
    count.saturating_sub(page(rows))
}
