//! `evtop events --snapshot-on-reconnect` as a user runs it against a simulator: a
//! dropped WebSocket gives a `Resync` line on stdout, then one `QueueSnapshot` line per
//! queue, then events flow again.

use crate::child_support::Child;
use std::time::Duration;

const T: Duration = Duration::from_secs(20);

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_binary_writes_resync_and_queue_snapshot_lines_after_a_drop() {
    let mut cfg = evtop::sim::SimConfig::default_on_loopback();
    cfg.speed = 0.0;
    let sim = evtop::sim::start(cfg).await.unwrap();
    let base = sim.base_url();
    let queues = sim.state_json()["Queues"].as_array().unwrap().len();
    let home = tempfile::tempdir().unwrap();
    let mut child = Child::spawn(
        &[
            "events",
            "--api-url",
            &base,
            "-u",
            evtop::sim::SUPERVISOR_EMAIL,
            "--filter",
            "QueueStatus",
            "--snapshot-on-reconnect",
        ],
        &[("EVTOP_SECRET", evtop::sim::SUPERVISOR_SECRET)],
        home.path(),
    );
    let admin = reqwest::Client::new();
    let drop_url = format!("{base}/_sim/faults");
    let (resync, snapshots, child) = tokio::task::spawn_blocking(move || {
        child.stderr_with("live (", T);
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        rt.block_on(async {
            let r = admin
                .post(&drop_url)
                .json(&serde_json::json!({"drop_websockets": true}))
                .send()
                .await
                .unwrap();
            assert!(r.status().is_success());
        });
        let resync = child.line_with("\"Resync\"", T);
        let snapshots: Vec<String> = (0..queues)
            .map(|_| child.line_with("\"QueueSnapshot\"", T))
            .collect();
        (resync, snapshots, child)
    })
    .await
    .unwrap();
    let v: serde_json::Value = serde_json::from_str(&resync).unwrap();
    assert_eq!(v["event"], "Resync");
    assert_eq!(v["reason"], "reconnect");
    assert!(v["since"].as_str().unwrap().ends_with('Z'), "{resync}");
    assert_eq!(snapshots.len(), queues);
    for line in &snapshots {
        let q: serde_json::Value = serde_json::from_str(line).unwrap();
        assert!(q["data"]["status"].is_object(), "{line}");
    }
    assert!(child.stderr().contains("resubscribed after reconnect"));
    child.stop();
    sim.shutdown().await;
}
