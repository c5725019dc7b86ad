//! Logging to a file (tracing), never to the screen the console draws on.

use std::fs::OpenOptions;
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
        .with_writer(Mutex::new(file))
        .try_init()
        .map_err(|e| e.to_string())?;
    Ok(path)
}
