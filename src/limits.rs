//! Byte bounds on everything that enters from outside, in one place. A server (or a file)
//! that exceeds one gets one clear line and recovery (that message dropped, or a
//! reconnect), never growth.

/// A hub record (one JSON hub message); a longer one is dropped, the connection stays.
pub const HUB_RECORD: usize = 1 << 20;
/// A WebSocket message or frame from the hub (it may batch records); a longer one ends
/// the connection, which is then retried.
pub const HUB_MESSAGE: usize = 2 << 20;

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
    fn labels() {
        assert_eq!(bytes_label(2 << 20), "2 MiB");
        assert_eq!(bytes_label(512 * 1024), "512 KiB");
        assert_eq!(bytes_label(1000), "1000 bytes");
    }
}
