//! `evtop events` after a reconnect: a `Resync` line says since when changes may be
//! missing, and with `--snapshot-on-reconnect` the queues' REST status follows, one
//! `QueueSnapshot` line per queue. Against the simulator, over http and https.

use crate::rte_sim::{login, options, paused};
use crate::sim_support::{self, admin, start};
use evtop::faces::events::{stream, Resync, StreamEnd};
use evtop::model::EventKind;
use evtop::rte::subscriptions::Entities;
use serde_json::Value;
use std::collections::BTreeSet;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::io::{AsyncBufReadExt, BufReader};

const T: Duration = Duration::from_secs(15);

/// stderr of the stream, readable while it runs.
#[derive(Clone, Default)]
struct Shared(Arc<Mutex<Vec<u8>>>);

impl std::io::Write for Shared {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl Shared {
    fn text(&self) -> String {
        String::from_utf8_lossy(&self.0.lock().unwrap()).into_owned()
    }
}

type Lines = tokio::io::Lines<BufReader<tokio::io::DuplexStream>>;

/// The next stdout line that satisfies `want`, as JSON (others are skipped).
async fn next_line(lines: &mut Lines, want: impl Fn(&Value) -> bool) -> Value {
    let deadline = tokio::time::Instant::now() + T;
    loop {
        let line = tokio::time::timeout_at(deadline, lines.next_line())
            .await
            .expect("a line in time")
            .unwrap()
            .expect("stdout open");
        let v: Value = serde_json::from_str(&line).unwrap_or_else(|e| panic!("{e}: {line}"));
        if want(&v) {
            return v;
        }
    }
}

async fn resync_line_then_queue_snapshot(tls: bool) {
    let mut cfg = paused();
    cfg.tls = tls;
    let sim = start(cfg).await;
    let api = login(&sim).await;
    let entities = Entities::fetch(&api).await.unwrap();
    let keys = entities.subscriptions(&[EventKind::QueueStatus]);
    let (out, read) = tokio::io::duplex(1 << 20);
    let mut lines = BufReader::new(read).lines();
    let err = Shared::default();
    let (stop_tx, stop_rx) = tokio::sync::oneshot::channel::<()>();
    let running = tokio::spawn(stream(
        api,
        options(),
        Resync { snapshot: true },
        keys,
        out,
        err.clone(),
        async move {
            let _ = stop_rx.await;
        },
    ));
    // Live: a call into the first queue comes out as its QueueStatus.
    let q0 = entities.queues[0].clone();
    let deadline = tokio::time::Instant::now() + T;
    while !err.text().contains("live (") {
        assert!(tokio::time::Instant::now() < deadline, "{}", err.text());
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    admin(&sim, "control", serde_json::json!({"call_queue_id": q0})).await;
    next_line(&mut lines, |v| {
        v["event"] == "QueueStatus" && v["entityId"] == q0.as_str()
    })
    .await;

    let before = chrono::Utc::now();
    admin(&sim, "faults", serde_json::json!({"drop_websockets": true})).await;
    let resync = next_line(&mut lines, |v| v["event"] == "Resync").await;
    let after = chrono::Utc::now();
    assert_eq!(resync["reason"], "reconnect", "{resync}");
    let since = chrono::DateTime::parse_from_rfc3339(resync["since"].as_str().unwrap())
        .unwrap()
        .with_timezone(&chrono::Utc);
    assert!(
        since >= before - chrono::Duration::milliseconds(5) && since <= after,
        "{resync}"
    );
    assert!(!resync["detail"].as_str().unwrap().is_empty(), "{resync}");

    // Then one QueueSnapshot per queue, as GET /queues says (the sim is paused).
    let (_, truth) = sim_support::get(&sim, "/queues").await;
    let truth = truth.as_array().unwrap().clone();
    let mut seen = BTreeSet::new();
    for _ in 0..truth.len() {
        let line = next_line(&mut lines, |_| true).await;
        assert_eq!(line["event"], "QueueSnapshot", "{line}");
        assert_eq!(line["entityType"], "Queue");
        let id = line["entityId"].as_str().unwrap().to_owned();
        let rest = truth.iter().find(|q| q["Id"] == id.as_str()).unwrap();
        assert_eq!(
            line["data"]["status"]["queueLength"], rest["Status"]["QueueLength"],
            "{line}"
        );
        seen.insert(id);
    }
    assert_eq!(seen.len(), truth.len());
    assert!(
        err.text().contains("resubscribed after reconnect"),
        "{}",
        err.text()
    );
    stop_tx.send(()).unwrap();
    let end = tokio::time::timeout(T, running)
        .await
        .unwrap()
        .unwrap()
        .unwrap();
    assert_eq!(end, StreamEnd::Stopped);
    sim.shutdown().await;
}

#[tokio::test]
async fn a_reconnect_writes_a_resync_line_then_the_queue_snapshot() {
    resync_line_then_queue_snapshot(false).await;
}

#[tokio::test]
async fn over_tls_a_reconnect_writes_a_resync_line_then_the_queue_snapshot() {
    resync_line_then_queue_snapshot(true).await;
}

/// Without `--snapshot-on-reconnect`: the Resync line, then events again (no snapshot).
#[tokio::test]
async fn without_the_flag_only_the_resync_line() {
    let sim = start(paused()).await;
    let api = login(&sim).await;
    let entities = Entities::fetch(&api).await.unwrap();
    let keys = entities.subscriptions(&[EventKind::QueueStatus]);
    let (out, read) = tokio::io::duplex(1 << 20);
    let mut lines = BufReader::new(read).lines();
    let err = Shared::default();
    let (stop_tx, stop_rx) = tokio::sync::oneshot::channel::<()>();
    let running = tokio::spawn(stream(
        api,
        options(),
        Resync::default(),
        keys,
        out,
        err.clone(),
        async move {
            let _ = stop_rx.await;
        },
    ));
    let deadline = tokio::time::Instant::now() + T;
    while !err.text().contains("live (") {
        assert!(tokio::time::Instant::now() < deadline, "{}", err.text());
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    admin(&sim, "faults", serde_json::json!({"drop_websockets": true})).await;
    next_line(&mut lines, |v| v["event"] == "Resync").await;
    let q0 = entities.queues[0].clone();
    // Wait for live again before changing anything.
    while err.text().matches("live (").count() < 2 {
        assert!(tokio::time::Instant::now() < deadline, "{}", err.text());
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    admin(&sim, "control", serde_json::json!({"call_queue_id": q0})).await;
    let next = next_line(&mut lines, |_| true).await;
    assert_eq!(next["event"], "QueueStatus", "{next}");
    stop_tx.send(()).unwrap();
    tokio::time::timeout(T, running)
        .await
        .unwrap()
        .unwrap()
        .unwrap();
    sim.shutdown().await;
}
