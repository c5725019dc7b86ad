//! Byte bounds on everything that enters from outside, in one place. A server (or a file)
//! that exceeds one gets one clear line and recovery (that message dropped, or a
//! reconnect), never growth.

/// A hub record (one JSON hub message); a longer one is dropped, the connection stays.
pub const HUB_RECORD: usize = 1 << 20;
/// A WebSocket message or frame from the hub (it may batch records); a longer one ends
/// the connection, which is then retried.
pub const HUB_MESSAGE: usize = 2 << 20;
/// Invocations the hub connection reads before handing them on as one batch (it also
/// stops at the first message that is not ready yet); with at most 16 batches waiting,
/// what a slow owner can leave buffered stays under 16 × (this + one message).
pub const HUB_BATCH: usize = 1 << 20;

/// Events a connection holds back while it restores its subscriptions (they are handed
/// on after `Live`), in estimated bytes; past it the oldest are dropped, said once, and
/// the owner refetches its snapshot.
pub const HELD_EVENTS: usize = 8 << 20;

/// A REST answer body (a large tenant's `/users` is a few MiB); a longer one is refused
/// unread past the limit. A profile's `max_body_mib` changes it.
pub const REST_BODY: usize = 32 << 20;
/// A SignalR negotiate answer (a few hundred bytes in practice).
pub const NEGOTIATE_BODY: usize = 64 << 10;

/// A file the user writes (config, theme, scenario, CA certificates): a larger one, or
/// one that is not a regular file (`/dev/zero`, a FIFO, a directory), is refused.
pub const SMALL_FILE: usize = 1 << 20;

/// Reads a file of at most `max` bytes. Refuses what is not a regular file and stops
/// reading past `max` (the size in the metadata may lie, e.g. for /proc files).
pub fn read_small_file(path: &std::path::Path, max: usize) -> Result<Vec<u8>, String> {
    use std::io::Read;
    let name = crate::sanitize::sanitize(&path.display().to_string());
    let file = std::fs::File::open(path).map_err(|e| format!("cannot read {name}: {e}"))?;
    let meta = file
        .metadata()
        .map_err(|e| format!("cannot read {name}: {e}"))?;
    if !meta.is_file() {
        // `--config /dev/null` is the usual way to say "no config file": it is empty.
        if path == std::path::Path::new("/dev/null") {
            return Ok(Vec::new());
        }
        return Err(format!("{name} is not a regular file"));
    }
    let too_big = || format!("{name} is larger than {} (refused)", bytes_label(max));
    if meta.len() > max as u64 {
        return Err(too_big());
    }
    let mut bytes = Vec::new();
    file.take(max as u64 + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| format!("cannot read {name}: {e}"))?;
    if bytes.len() > max {
        return Err(too_big());
    }
    Ok(bytes)
}

/// [`read_small_file`] as UTF-8 text.
pub fn read_small_text(path: &std::path::Path, max: usize) -> Result<String, String> {
    let bytes = read_small_file(path, max)?;
    String::from_utf8(bytes).map_err(|_| {
        format!(
            "{} is not UTF-8 text",
            crate::sanitize::sanitize(&path.display().to_string())
        )
    })
}

/// A byte count for messages: "2 MiB", "512 KiB", "100 bytes".
pub fn bytes_label(bytes: usize) -> String {
    const KIB: usize = 1024;
    const MIB: usize = 1024 * 1024;
    if bytes >= MIB && bytes.is_multiple_of(MIB) {
        format!("{} MiB", bytes / MIB)
    } else if bytes >= KIB && bytes.is_multiple_of(KIB) {
        format!("{} KiB", bytes / KIB)
    } else {
        format!("{bytes} bytes")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn small_files_only() {
        let dir = tempfile::tempdir().unwrap();
        let ok = dir.path().join("ok.toml");
        std::fs::write(&ok, "a = 1").unwrap();
        assert_eq!(read_small_text(&ok, 10).unwrap(), "a = 1");
        let e = read_small_file(&ok, 4).unwrap_err();
        assert!(e.contains("larger than 4 bytes"), "{e}");
        let e = read_small_file(dir.path(), 10).unwrap_err();
        assert!(e.contains("not a regular file"), "{e}");
        let e = read_small_file(std::path::Path::new("/dev/zero"), SMALL_FILE).unwrap_err();
        assert!(e.contains("not a regular file"), "{e}");
        assert!(
            read_small_file(std::path::Path::new("/dev/null"), SMALL_FILE)
                .unwrap()
                .is_empty()
        );
    }

    #[test]
    fn labels() {
        assert_eq!(bytes_label(2 << 20), "2 MiB");
        assert_eq!(bytes_label(512 * 1024), "512 KiB");
        assert_eq!(bytes_label(1000), "1000 bytes");
    }
}
