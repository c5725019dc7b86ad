//! The lines `evtop events` writes after a reconnect: `Resync` (where the stream has a
//! gap) and, with `--snapshot-on-reconnect`, one `QueueSnapshot` per queue.

use super::escape_terminal_controls;
use serde_json::Value;

/// Appends the `Resync` line: `{"event":"Resync","reason","detail","since"}`. `reason`
/// is `reconnect` or `events_dropped`; `since` (UTC, RFC 3339) is when the data may have
/// started to miss changes: when the live connection was seen lost (the stream's start
/// before the first).
pub fn write_resync_line(
    reason: &str,
    detail: &str,
    since: chrono::DateTime<chrono::Utc>,
    out: &mut Vec<u8>,
) {
    let start = out.len();
    let line = serde_json::json!({
        "event": "Resync",
        "reason": reason,
        "detail": crate::sanitize::excerpt(detail),
        "since": since.to_rfc3339_opts(chrono::SecondsFormat::Millis, true),
    });
    let _ = serde_json::to_writer(&mut *out, &line);
    escape_terminal_controls(out, start);
    out.push(b'\n');
}

/// Appends one `QueueSnapshot` line per queue of `GET /queues`
/// (`{"event":"QueueSnapshot","entityType":"Queue","entityId","timestamp","data"}`, the
/// queue in camelCase with its `status`), or one `{"event":"QueueSnapshotFailed",
/// "timestamp","error"}` when it could not be read. `timestamp` is when it was read.
pub fn write_queue_snapshot(
    queues: &Result<Vec<crate::model::rest::Queue>, crate::api::ApiError>,
    read_at: chrono::DateTime<chrono::Utc>,
    out: &mut Vec<u8>,
) {
    let timestamp = read_at.to_rfc3339_opts(chrono::SecondsFormat::Millis, true);
    let lines: Vec<Value> = match queues {
        Ok(queues) => queues
            .iter()
            .map(|q| {
                let data = serde_json::to_value(q).unwrap_or(Value::Null);
                serde_json::json!({
                    "event": "QueueSnapshot",
                    "entityType": "Queue",
                    "entityId": q.id,
                    "timestamp": timestamp,
                    "data": crate::model::casing::keys_to_camel(data),
                })
            })
            .collect(),
        Err(e) => vec![serde_json::json!({
            "event": "QueueSnapshotFailed",
            "timestamp": timestamp,
            "error": crate::sanitize::excerpt(&e.user_message()),
        })],
    };
    for line in lines {
        let start = out.len();
        let _ = serde_json::to_writer(&mut *out, &line);
        escape_terminal_controls(out, start);
        out.push(b'\n');
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_are_one_json_object_each_and_hostile_text_is_defused() {
        let since = chrono::DateTime::from_timestamp(1_700_000_000, 123_000_000).unwrap();
        let mut out = Vec::new();
        let hostile = format!(
            "closed\u{1b}]52;c;evil\u{7}\u{9b}31m\u{202e}{}",
            "x".repeat(10_000)
        );
        write_resync_line("reconnect", &hostile, since, &mut out);
        let err = crate::api::ApiError::Server {
            what: "down\u{1b}[2J".into(),
            status: 503,
        };
        write_queue_snapshot(&Err(err), since, &mut out);
        let text = String::from_utf8(out).unwrap();
        assert_eq!(text.lines().count(), 2, "{text}");
        assert!(!text.contains('\u{1b}') && !text.contains('\u{9b}') && !text.contains('\u{202e}'));
        assert!(text.len() < 2048, "detail is bounded: {} bytes", text.len());
        let lines: Vec<Value> = text
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect();
        assert_eq!(lines[0]["event"], "Resync");
        assert_eq!(lines[0]["since"], "2023-11-14T22:13:20.123Z");
        assert_eq!(lines[1]["event"], "QueueSnapshotFailed");
        assert!(lines[1]["error"].as_str().unwrap().contains("down"));
    }
}
