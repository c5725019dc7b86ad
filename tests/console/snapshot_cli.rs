//! `evtop snapshot` as a script runs it against a simulator: JSON and CSV, every figure
//! equal to the simulator's truth (`/_sim/state`) or said to be unknown, and a clear
//! failure when the tenant cannot be reached.

use crate::child_support::BIN;
use serde_json::{json, Value};
use std::process::{Command, Output, Stdio};
use std::time::Duration;

fn snapshot(base: &str, extra: &[&str], home: &std::path::Path) -> Output {
    Command::new(BIN)
        .args([
            "snapshot",
            "--api-url",
            base,
            "-u",
            evtop::sim::SUPERVISOR_EMAIL,
        ])
        .args(extra)
        .env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("HOME", home)
        .env("XDG_STATE_HOME", home.join("state"))
        .env("XDG_CONFIG_HOME", home.join("config"))
        .env("EVTOP_SECRET", evtop::sim::SUPERVISOR_SECRET)
        .stdin(Stdio::null())
        .output()
        .expect("run evtop snapshot")
}

/// The simulator's activity word as the snapshot writes it.
fn truth_activity(word: &str) -> &'static str {
    match word {
        "Talking" => "talking",
        "Ringing" => "ringing",
        "WrapUp" => "wrap-up",
        "Idle" => "idle",
        other => panic!("unknown activity {other}"),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn json_figures_equal_the_simulators_truth_or_say_unknown() {
    let mut cfg = evtop::sim::SimConfig::default_on_loopback();
    cfg.speed = 0.0;
    let sim = evtop::sim::start(cfg).await.unwrap();
    let base = sim.base_url();
    let home = tempfile::tempdir().unwrap();
    // While the snapshot listens, five simulated minutes pass at once: events say what
    // some agents do; the others stay unknown.
    let admin = reqwest::Client::new();
    let control = format!("{base}/_sim/control");
    let advance = tokio::spawn(async move {
        tokio::time::sleep(Duration::from_millis(1200)).await;
        admin
            .post(&control)
            .json(&json!({"advance_secs": 300}))
            .send()
            .await
            .unwrap();
    });
    let out = tokio::task::spawn_blocking({
        let base = base.clone();
        let home = home.path().to_owned();
        move || snapshot(&base, &["--settle", "3"], &home)
    })
    .await
    .unwrap();
    advance.await.unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let snap: Value = serde_json::from_slice(&out.stdout).expect("JSON on stdout");
    let truth = sim.state_json();
    assert_eq!(snap["live"], true);

    let figures = truth["QueueFigures"].as_array().unwrap();
    let queues = snap["queues"].as_array().unwrap();
    assert_eq!(queues.len(), figures.len());
    for q in queues {
        let f = figures.iter().find(|f| f["QueueId"] == q["id"]).unwrap();
        assert_eq!(q["callers"], f["CallersWaiting"], "{q} vs {f}");
    }
    assert_eq!(snap["totals"]["callers"], truth["Totals"]["CallersWaiting"]);

    let agents = snap["agents"].as_array().unwrap();
    let truth_agents = truth["Agents"].as_array().unwrap();
    assert_eq!(agents.len(), truth_agents.len());
    let mut known = 0;
    for a in agents {
        let t = truth_agents.iter().find(|t| t["Id"] == a["id"]).unwrap();
        assert_eq!(a["availability"], t["Availability"], "{a} vs {t}");
        match a["activity"].as_str() {
            None => assert!(a["activity_secs"].is_null()),
            Some(word) => {
                known += 1;
                assert_eq!(
                    word,
                    truth_activity(t["Activity"].as_str().unwrap()),
                    "{a} vs {t}"
                );
            }
        }
    }
    assert!(known > 0, "some events arrived while settling");
    let free = &snap["totals"]["agents_free"];
    let truth_free = truth["Totals"]["AgentsFree"].as_u64().unwrap();
    assert!(
        free["known"].as_u64().unwrap() <= truth_free
            && truth_free <= free["at_most"].as_u64().unwrap(),
        "{free} vs {truth_free}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn csv_has_both_tables_and_an_unreachable_tenant_is_exit_1() {
    let mut cfg = evtop::sim::SimConfig::default_on_loopback();
    cfg.speed = 0.0;
    let sim = evtop::sim::start(cfg).await.unwrap();
    let base = sim.base_url();
    let home = tempfile::tempdir().unwrap();
    let (csv, down) = tokio::task::spawn_blocking({
        let home = home.path().to_owned();
        move || {
            let csv = snapshot(&base, &["--csv", "--settle", "0.5"], &home);
            let down = snapshot("http://127.0.0.1:9", &["--settle", "0"], &home);
            (csv, down)
        }
    })
    .await
    .unwrap();
    assert!(csv.status.success());
    let text = String::from_utf8(csv.stdout).unwrap();
    let (queues, agents) = text.split_once("\n\n").expect("two tables");
    assert!(queues.starts_with("id,name,open,level,callers,"));
    assert_eq!(
        queues.lines().count(),
        1 + sim.state_json()["Queues"].as_array().unwrap().len()
    );
    assert!(agents.starts_with("id,name,availability,note,activity,"));
    assert_eq!(agents.lines().count(), 1 + 40);
    // Nothing happened on the paused simulator: no event said what agents do, so every
    // activity is unknown (empty) but the wrap-ups, which REST tells.
    for line in agents.lines().skip(1) {
        let fields: Vec<&str> = line.split(',').collect();
        assert!(matches!(fields[4], "" | "wrap-up"), "{line}");
    }
    assert_eq!(down.status.code(), Some(1));
    let err = String::from_utf8(down.stderr).unwrap();
    assert!(err.contains("cannot connect"), "{err}");
    assert_eq!(err.lines().count(), 1, "{err}");
}
