//! A hub that sends too much or nonsense: records over 1 MiB are dropped whatever the
//! framing (complete in one message, or a 64 MiB record in 1 MiB messages), malformed
//! records are dropped and counted, and the connection stays; a WebSocket message over
//! 2 MiB ends the connection with one clear line and the client reconnects. Memory is
//! measured on a real `evtop events` child (VmHWM).

use crate::child_support::Child;
use crate::hostile_support::{Frame, Script, Silo, QUEUE, SECRET, USER};
use evtop::api::{ApiClient, ClientOptions, Secret};
use evtop::signalr::{connect, HubEvent, HubOptions};
use serde_json::json;
use std::time::Duration;

const MIB: usize = 1 << 20;
const T: Duration = Duration::from_secs(60);
/// Peak RSS allowed for an `evtop events` child while a hub sends 64+ MiB at it. An idle
/// child (debug build) peaks near 20 MiB; the limits keep at most a few MiB in flight.
const RSS_BOUND_KIB: u64 = 48 * 1024;
/// The same while events are held back before live: the idle child (~20 MiB), 8 MiB
/// held (records and their decoded text), up to 16 batches of 1 MiB on their way from
/// the connection, the lines of the held events when they are released, and what the
/// allocator keeps of all that. Measured: 58–61 MiB on a quiet machine, 44–85 MiB while
/// other builds load both cores (timing decides how much is in flight); 210 MiB for a
/// 64 MiB flood before the bound, so growth with the flood still fails clearly.
const HELD_RSS_BOUND_KIB: u64 = 100 * 1024;

fn events_child(silo: &Silo, home: &std::path::Path) -> Child {
    Child::spawn(
        &[
            "events",
            "--api-url",
            &silo.base_url(),
            "-u",
            USER,
            "--filter",
            "QueueStatus",
            "--queue",
            QUEUE,
        ],
        &[("EVTOP_SECRET", SECRET)],
        home,
    )
}

fn hostile_frames() -> Vec<Frame> {
    vec![
        Frame::Event("before".into()),
        Frame::Text("{\"type\":1,\"target\":\"MessageReceived\",\"arguments\":[{\u{1e}".into()),
        Frame::Text("not json at all\u{1e}{\"type\":\"six\"}\u{1e}".into()),
        // Well framed, but broken inside its arguments (what the one-pass reader of the
        // session finds, not the connection).
        Frame::Text(
            "{\"type\":1,\"target\":\"MessageReceived\",\"arguments\":[{\"subscription\":{},\"data\":{\"a\":tru}}]}\u{1e}"
                .into(),
        ),
        // Complete in one message, over the record limit but under the message limit.
        Frame::BigRecord {
            bytes: MIB + MIB / 2,
            per_message: None,
        },
        // 64 MiB that never fits: every message is small, the record is not.
        Frame::BigRecord {
            bytes: 64 * MIB,
            per_message: Some(MIB),
        },
        Frame::Event("after".into()),
    ]
}

#[tokio::test]
async fn dropped_records_are_counted_and_the_connection_stays() {
    let silo = Silo::start(Script {
        hub: hostile_frames(),
        ..Script::default()
    })
    .await;
    let api = ApiClient::new(
        &silo.base_url(),
        USER,
        Secret::new(SECRET),
        ClientOptions::default(),
    )
    .unwrap();
    let token = api.rte_token("me").await.unwrap();
    let (conn, mut events) = connect(
        api.http(),
        &token.wss_endpoint,
        &Secret::new(token.token),
        &HubOptions::default(),
    )
    .await
    .unwrap();
    let arg = json!([{"EntityId": QUEUE, "EventName": "QueueStatus"}]);
    tokio::time::timeout(T, conn.invoke("Subscribe", vec![arg]))
        .await
        .unwrap()
        .unwrap();
    let mut names = Vec::new();
    while names.len() < 2 {
        match tokio::time::timeout(T, events.recv())
            .await
            .unwrap()
            .unwrap()
        {
            HubEvent::Invocations(batch) => {
                // What the session does: the arguments are read by the owner, and a record
                // found malformed there is counted on the connection.
                for invocation in batch {
                    match invocation.argument_values() {
                        Some(arguments) => names.push(
                            arguments[0]["data"]["queueName"]
                                .as_str()
                                .unwrap()
                                .to_owned(),
                        ),
                        None => conn.note_malformed("a malformed MessageReceived"),
                    }
                }
            }
            HubEvent::Closed(reason) => panic!("connection lost: {reason:?}"),
        }
    }
    assert_eq!(names, ["before", "after"]);
    assert_eq!(conn.dropped_records(), 6, "4 malformed + 2 oversize");
    // Still usable.
    let arg = json!([{"EntityId": QUEUE, "EventName": "QueueStatus"}]);
    tokio::time::timeout(T, conn.invoke("Subscribe", vec![arg]))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        silo.connections.load(std::sync::atomic::Ordering::SeqCst),
        1
    );
}

#[tokio::test]
async fn evtop_events_keeps_streaming_past_oversize_and_malformed_records() {
    let silo = Silo::start(Script {
        hub: hostile_frames(),
        ..Script::default()
    })
    .await;
    let home = tempfile::tempdir().unwrap();
    let child = tokio::task::spawn_blocking({
        let silo = silo.clone();
        let home = home.path().to_owned();
        move || {
            let mut child = events_child(&silo, &home);
            child.line_with("\"before\"", T);
            child.line_with("\"after\"", T);
            child
        }
    })
    .await
    .unwrap();
    let peak = child.peak_rss_kib();
    let stderr = child.stderr();
    eprintln!("evtop events peak RSS after 65.5 MiB of oversize records: {peak} KiB");
    assert!(peak > 0 && peak < RSS_BOUND_KIB, "peak RSS {peak} KiB");
    assert!(
        child.longest_line < 64 * 1024,
        "a {} byte line",
        child.longest_line
    );
    assert_eq!(stderr.matches("live").count(), 1, "{stderr}");
    assert!(!stderr.contains("reconnecting"), "{stderr}");
    assert_eq!(
        silo.connections.load(std::sync::atomic::Ordering::SeqCst),
        1
    );
    child.stop();
}

#[tokio::test]
async fn a_websocket_message_over_the_limit_reconnects_with_one_clear_line() {
    let silo = Silo::start(Script {
        hub: vec![
            Frame::BigRecord {
                bytes: 12 * MIB,
                per_message: None,
            },
            Frame::Event("lost".into()),
        ],
        ..Script::default()
    })
    .await;
    let home = tempfile::tempdir().unwrap();
    let child = tokio::task::spawn_blocking({
        let silo = silo.clone();
        let home = home.path().to_owned();
        move || {
            let child = events_child(&silo, &home);
            child.stderr_with("over 2 MiB", T);
            let deadline = std::time::Instant::now() + T;
            while child.stderr().matches(": live").count() < 2 {
                assert!(std::time::Instant::now() < deadline, "{}", child.stderr());
                std::thread::sleep(Duration::from_millis(50));
            }
            child
        }
    })
    .await
    .unwrap();
    let peak = child.peak_rss_kib();
    let stderr = child.stderr();
    eprintln!("evtop events peak RSS after a 12 MiB WebSocket message: {peak} KiB");
    assert!(peak > 0 && peak < RSS_BOUND_KIB, "peak RSS {peak} KiB");
    let line = stderr
        .lines()
        .find(|l| l.contains("over 2 MiB"))
        .unwrap()
        .to_owned();
    assert!(line.contains("reconnecting"), "{stderr}");
    assert!(line.len() < 300, "{line}");
    assert_eq!(stderr.matches("over 2 MiB").count(), 1, "{stderr}");
    assert_eq!(
        silo.connections.load(std::sync::atomic::Ordering::SeqCst),
        2
    );
    child.stop();
}

#[tokio::test]
async fn a_huge_close_error_is_printed_once_and_short() {
    // Under the record limit, so it is read as a Close (a bigger one is dropped unread).
    let error = format!("hub-says-goodbye {}", "E\u{1b}[2J".repeat(90_000));
    let close = format!(
        "{{\"type\":7,\"error\":{},\"allowReconnect\":false}}\u{1e}",
        serde_json::to_string(&error).unwrap()
    );
    assert!(close.len() > 800_000 && close.len() < MIB);
    let silo = Silo::start(Script {
        hub: vec![Frame::Event("before".into()), Frame::Text(close)],
        ..Script::default()
    })
    .await;
    let home = tempfile::tempdir().unwrap();
    let (status, stderr) = tokio::task::spawn_blocking({
        let silo = silo.clone();
        let home = home.path().to_owned();
        move || {
            let mut child = events_child(&silo, &home);
            child.line_with("\"before\"", T);
            let deadline = std::time::Instant::now() + T;
            let status = loop {
                if let Some(status) = child.try_wait() {
                    break status;
                }
                assert!(std::time::Instant::now() < deadline, "{}", child.stderr());
                std::thread::sleep(Duration::from_millis(20));
            };
            // The stderr reader gets the last lines after the exit.
            std::thread::sleep(Duration::from_millis(200));
            (status, child.stderr())
        }
    })
    .await
    .unwrap();
    eprintln!(
        "stderr after a {} byte Close error: {} bytes",
        error.len(),
        stderr.len()
    );
    assert!(!status.success(), "a final Close is a failure: {stderr}");
    assert_eq!(stderr.matches("hub-says-goodbye").count(), 1, "{stderr}");
    assert!(stderr.len() < 2048, "{} bytes of stderr", stderr.len());
    assert!(!stderr.contains('\u{1b}'), "{stderr}");
    let line = stderr
        .lines()
        .find(|l| l.contains("hub-says-goodbye"))
        .unwrap();
    assert!(line.contains("closed the connection"), "{line}");
}

#[tokio::test]
async fn events_held_back_before_live_are_bounded_in_bytes() {
    // 128 MiB of events before the Subscribe is answered: held back until live, at most
    // HELD_EVENTS (8 MiB, estimated) of them, the newest.
    const RECORDS: usize = 2048;
    let silo = Silo::start(Script {
        before_answer: vec![Frame::Flood {
            records: RECORDS,
            bytes_each: 64 * 1024,
        }],
        hub: vec![Frame::Event("after".into())],
        ..Script::default()
    })
    .await;
    let home = tempfile::tempdir().unwrap();
    let child = tokio::task::spawn_blocking({
        let silo = silo.clone();
        let home = home.path().to_owned();
        move || {
            let mut child = events_child(&silo, &home);
            child.line_with(&format!("flood-{} ", RECORDS - 1), T);
            child.line_with("\"after\"", T);
            child
        }
    })
    .await
    .unwrap();
    let peak = child.peak_rss_kib();
    let stderr = child.stderr();
    eprintln!("evtop events peak RSS after 128 MiB of events before live: {peak} KiB");
    assert!(peak > 0 && peak < HELD_RSS_BOUND_KIB, "peak RSS {peak} KiB");
    let said = "held back while subscribing were over the 8 MiB limit";
    assert_eq!(stderr.matches(said).count(), 1, "{stderr}");
    assert_eq!(stderr.matches(": live").count(), 1, "{stderr}");
    assert!(!stderr.contains("reconnect"), "{stderr}");
    child.stop();
}

/// The log is read in a terminal too: a hub's words in a log line at the default level
/// (here the refusal of AvailableSubscriptions, and the dropped records) reach the file
/// without escape sequences, control characters or invisible marks.
#[tokio::test]
async fn the_log_file_holds_no_escape_from_the_hub() {
    let evil = "refused\u{1b}]0;pwned\u{7}\u{9b}2J\u{202e}Mallory\u{200f}\u{8}";
    let silo = Silo::start(Script {
        hub: vec![
            Frame::Text(format!("not json\u{1b}[2J{evil}\u{1e}")),
            Frame::Event("after".into()),
        ],
        offered: Some(json!({ "error": evil })),
        ..Script::default()
    })
    .await;
    let home = tempfile::tempdir().unwrap();
    tokio::task::spawn_blocking({
        let silo = silo.clone();
        let home = home.path().to_owned();
        move || {
            let mut child = events_child(&silo, &home);
            child.line_with("\"after\"", T);
            child.stop();
        }
    })
    .await
    .unwrap();
    let log = std::fs::read_to_string(home.path().join("state/evtop/evtop.log")).unwrap();
    assert!(log.contains("AvailableSubscriptions refused"), "{log}");
    assert!(log.contains("Mallory"), "the hub's words are kept: {log}");
    let bad: Vec<char> = log
        .chars()
        .filter(|&c| (c.is_control() && c != '\n') || evtop::sanitize::is_invisible(c))
        .collect();
    assert!(bad.is_empty(), "{bad:?} in the log: {log:?}");
}
