//! Logging to a file (tracing), never to the screen the console draws on. The log is read
//! in a terminal too, so every line written passes the one sanitizer on its way out
//! ([`SanitizingWriter`]): a server's id or text in any field of any event cannot put an
//! escape sequence, a control character or an invisible mark into the file.

use std::fs::OpenOptions;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use tracing_subscriber::EnvFilter;

/// `$XDG_STATE_HOME/evtop/evtop.log`, else `~/.local/state/evtop/evtop.log`.
pub fn default_path() -> Option<PathBuf> {
    let base = std::env::var_os("XDG_STATE_HOME")
        .filter(|v| !v.is_empty())
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| Path::new(&h).join(".local/state")))?;
    Some(base.join("evtop").join("evtop.log"))
}

/// Sends tracing output to `path` (or the default). Level from `EVTOP_LOG_LEVEL`
/// (default `info`). Returns the file used, or why logging is off; never fails the app.
pub fn init(path: Option<&Path>) -> Result<PathBuf, String> {
    let path = match path {
        Some(p) => p.to_path_buf(),
        None => default_path().ok_or("no HOME or XDG_STATE_HOME for the log file")?,
    };
    if let Some(dir) = path.parent() {
        if !dir.as_os_str().is_empty() {
            std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
        }
    }
    let file = OpenOptions::new()
        .create(true)
        .append(true)
        .open(&path)
        .map_err(|e| format!("{}: {e}", path.display()))?;
    let filter =
        EnvFilter::try_from_env("EVTOP_LOG_LEVEL").unwrap_or_else(|_| EnvFilter::new("info"));
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_ansi(false)
        .with_writer(Mutex::new(SanitizingWriter(file)))
        .try_init()
        .map_err(|e| e.to_string())?;
    Ok(path)
}

/// Longest log line kept, in characters; the rest of a longer one becomes "…".
pub const LOG_LINE_CHARS: usize = 2_000;

/// Writes each line sanitized ([`crate::sanitize::lines_to`]) and cut to
/// [`LOG_LINE_CHARS`]. tracing's formatter hands over one whole event per `write`, so a
/// line is never split across two calls.
#[derive(Debug)]
pub struct SanitizingWriter<W>(pub W);

impl<W: Write> Write for SanitizingWriter<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let text = String::from_utf8_lossy(buf);
        let out = crate::sanitize::lines_to(&text, LOG_LINE_CHARS);
        self.0.write_all(out.as_bytes())?;
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.0.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn written(input: &str) -> String {
        let mut w = SanitizingWriter(Vec::new());
        w.write_all(input.as_bytes()).unwrap();
        String::from_utf8(w.0).unwrap()
    }

    #[test]
    fn escapes_controls_and_invisible_marks_never_reach_the_file() {
        let line = "WARN queue=q-\u{1b}]0;pwned\u{7}\u{9b}2J\u{202e}x\u{200f} error=boom\u{8}\n";
        let out = written(line);
        assert_eq!(out, "WARN queue=q-2Jx error=boom\n");
    }

    #[test]
    fn lines_stay_lines_and_a_long_one_is_cut() {
        assert_eq!(written("a\nb\n"), "a\nb\n");
        let long = format!("{}\n", "x".repeat(LOG_LINE_CHARS + 500));
        let out = written(&long);
        assert_eq!(
            out.chars().count(),
            LOG_LINE_CHARS + 2,
            "cut, an ellipsis, the newline"
        );
        assert!(out.ends_with("…\n"));
    }
}
