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

/// The user ids of the members of `queue` (`GET /queues/{id}/users`).
async fn members(sim: &evtop::sim::SimHandle, queue: &str) -> Vec<String> {
    let (status, users) = crate::sim_support::get(sim, &format!("/queues/{queue}/users")).await;
    assert_eq!(status, 200, "{users}");
    let ids = users.as_array().expect("a list of users").iter();
    ids.map(|u| u["UserId"].as_str().unwrap().to_owned())
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_view_prints_only_its_queues_and_their_agents_and_an_unknown_one_is_exit_2() {
    let mut cfg = evtop::sim::SimConfig::default_on_loopback();
    cfg.speed = 0.0;
    let sim = evtop::sim::start(cfg).await.unwrap();
    let base = sim.base_url();
    let home = tempfile::tempdir().unwrap();
    let truth = sim.state_json();
    let all = truth["Queues"].as_array().unwrap();
    // The set names one queue by name (another case) and one by id.
    let (first, second) = (&all[0], &all[2]);
    let first_name = first["Name"].as_str().unwrap().to_uppercase();
    let second_id = second["Id"].as_str().unwrap().to_owned();
    let config = home.path().join("evtop.toml");
    std::fs::write(
        &config,
        format!(
            "[views.front]\nqueues = [\"{first_name}\", \"{second_id}\"]\n\
             [views.back]\nqueues = [\"nothing\"]\n"
        ),
    )
    .unwrap();
    let mut want_agents: Vec<String> = members(&sim, first["Id"].as_str().unwrap()).await;
    want_agents.extend(members(&sim, &second_id).await);
    want_agents.sort();
    want_agents.dedup();
    let (json, csv, unknown) = tokio::task::spawn_blocking({
        let home = home.path().to_owned();
        let config = config.to_str().unwrap().to_owned();
        move || {
            let with = |extra: &[&str]| {
                let mut args = vec!["--config", config.as_str(), "--settle", "0.5"];
                args.extend_from_slice(extra);
                snapshot(&base, &args, &home)
            };
            (
                with(&["--view", "Front"]),
                with(&["--view", "front", "--csv"]),
                // Refused before connecting: this address would be exit 1.
                snapshot(
                    "http://127.0.0.1:9",
                    &["--config", &config, "--view", "middle"],
                    &home,
                ),
            )
        }
    })
    .await
    .unwrap();
    assert!(
        json.status.success(),
        "{}",
        String::from_utf8_lossy(&json.stderr)
    );
    let snap: Value = serde_json::from_slice(&json.stdout).unwrap();
    let mut queue_ids: Vec<&str> = snap["queues"]
        .as_array()
        .unwrap()
        .iter()
        .map(|q| q["id"].as_str().unwrap())
        .collect();
    queue_ids.sort();
    let mut want_queues = vec![first["Id"].as_str().unwrap(), second_id.as_str()];
    want_queues.sort();
    assert_eq!(queue_ids, want_queues);
    let mut agent_ids: Vec<String> = snap["agents"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["id"].as_str().unwrap().to_owned())
        .collect();
    agent_ids.sort();
    assert!(
        !want_agents.is_empty() && want_agents.len() < 40,
        "{want_agents:?}"
    );
    assert_eq!(agent_ids, want_agents);
    // The totals are the set's: its queues' callers.
    let figures = truth["QueueFigures"].as_array().unwrap();
    let callers: u64 = want_queues
        .iter()
        .map(|id| {
            let f = figures.iter().find(|f| f["QueueId"] == *id).unwrap();
            f["CallersWaiting"].as_u64().unwrap()
        })
        .sum();
    assert_eq!(snap["totals"]["callers"], callers);

    assert!(csv.status.success());
    let text = String::from_utf8(csv.stdout).unwrap();
    let (queues, agents) = text.split_once("\n\n").expect("two tables");
    assert!(queues.starts_with("id,name,open,level,callers,"));
    assert_eq!(queues.lines().count(), 1 + 2);
    assert_eq!(agents.lines().count(), 1 + want_agents.len());

    assert_eq!(unknown.status.code(), Some(2));
    let err = String::from_utf8(unknown.stderr).unwrap();
    assert!(
        err.contains("--view middle") && err.contains("back, front"),
        "{err}"
    );
    assert!(!err.contains("cannot connect"), "{err}");
}
