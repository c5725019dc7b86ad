//! `evtop doctor` as a user runs it: against the simulator all green with exit 0, the
//! table and `--json` (one document listing every route of the path table); against a
//! simulator that hides routes and events those are red with `[paths]` hints (exit 0
//! while the console can still run, 1 when it cannot); against an unreachable or 401
//! tenant the first failing step is named and the exit code is 1; `--save` writes a
//! report without secrets, tokens or full phone numbers.

use evtop::api::ROUTES;
use serde_json::Value;
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

/// Runs `evtop doctor ARGS` with no user config or credentials from the environment,
/// bounded in time.
fn doctor(args: &[&str], home: &std::path::Path) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_evtop"))
        .arg("doctor")
        .args(args)
        .env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("HOME", home)
        .env("XDG_CONFIG_HOME", home.join("config"))
        .env("XDG_STATE_HOME", home.join("state"))
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("evtop runs");
    let deadline = Instant::now() + Duration::from_secs(60);
    while child.try_wait().unwrap().is_none() {
        if Instant::now() > deadline {
            let _ = child.kill();
            panic!("evtop doctor did not finish");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    child.wait_with_output().unwrap()
}

fn json_of(out: &Output) -> Value {
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "--json is one JSON document ({e}): {}",
            String::from_utf8_lossy(&out.stdout)
        )
    })
}

fn check<'a>(report: &'a Value, step: &str) -> &'a Value {
    report["checks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["step"] == step)
        .unwrap_or_else(|| panic!("no step {step} in {report}"))
}

fn scenario(dir: &std::path::Path, text: &str) -> String {
    let path = dir.join("scenario.toml");
    std::fs::write(&path, text).unwrap();
    path.display().to_string()
}

#[test]
fn against_the_simulator_everything_is_green_and_the_json_lists_every_route() {
    let home = tempfile::tempdir().unwrap();
    let out = doctor(&["--demo", "--json", "--wait", "5"], home.path());
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let report = json_of(&out);
    assert_eq!(report["console_can_run"], true);
    assert_eq!(report["first_failure"], Value::Null);
    for c in report["checks"].as_array().unwrap() {
        assert!(
            ["ok", "skip", "not_tried"].contains(&c["verdict"].as_str().unwrap()),
            "not green: {c}"
        );
    }
    let keys: Vec<&str> = report["routes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["key"].as_str().unwrap())
        .collect();
    let table: Vec<&str> = ROUTES.iter().map(|r| r.key).collect();
    assert_eq!(keys, table, "every route of the table, in its order");
    // Every GET route was asked and answered; actions were not sent.
    for r in report["routes"].as_array().unwrap() {
        let want = match (r["method"].as_str().unwrap(), r["key"].as_str().unwrap()) {
            ("GET", _) => "ok",
            (_, "authuser") => "skip",
            _ => "not_tried",
        };
        assert_eq!(r["verdict"], want, "{r}");
    }
    for step in [
        "negotiate",
        "WebSocket",
        "handshake",
        "AvailableSubscriptions",
        "subscribe",
    ] {
        assert_eq!(check(&report, step)["verdict"], "ok", "{step}");
    }
    assert_eq!(check(&report, "events")["verdict"], "ok");
    assert!(report["events"]["counts"]["QueueStatus"].as_u64().unwrap() >= 1);
    assert!(report["subscriptions"]["known"]
        .as_array()
        .unwrap()
        .contains(&Value::from("UserStatus")));
    assert!(report["paths_hints"].as_array().unwrap().is_empty());
}

#[test]
fn the_table_says_every_result_in_words() {
    let home = tempfile::tempdir().unwrap();
    let out = doctor(&["--demo", "--wait", "5"], home.path());
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        !text.contains('\u{1b}'),
        "no colour codes into a pipe: {text}"
    );
    for line in [
        "discovery",
        "who am I (login)",
        "queue members",
        "queue calls, last hour",
        "AvailableSubscriptions",
        "events",
    ] {
        let row = text
            .lines()
            .find(|l| l.contains(&format!("  {line}  ")))
            .unwrap_or_else(|| panic!("no row {line}: {text}"));
        assert!(row.trim_start().starts_with("ok "), "{row}");
    }
    assert!(text.contains("not tried  set availability"), "{text}");
    assert!(text.contains("The console can run here"), "{text}");
}

#[test]
fn hidden_routes_are_red_with_paths_hints_and_the_exit_code_follows_what_the_console_needs() {
    let dir = tempfile::tempdir().unwrap();
    let file = scenario(
        dir.path(),
        "generated_agents = 6\nhidden_routes = [\"queue_users\", \"callback_lists\"]\n\
         hidden_events = [\"UserStatus\"]\n[[queues]]\nname = \"Myynti\"\nnumber = \"+358201111111\"\n",
    );
    let out = doctor(
        &["--demo", "--scenario", &file, "--json", "--wait", "1"],
        dir.path(),
    );
    assert_eq!(
        out.status.code(),
        Some(0),
        "queue members and callback lists are not needed to run: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let report = json_of(&out);
    for step in ["queue members", "callback lists"] {
        let c = check(&report, step);
        assert_eq!(c["verdict"], "fail", "{c}");
        assert_eq!(c["status"], 404, "{c}");
    }
    let hints: Vec<&str> = report["paths_hints"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h.as_str().unwrap())
        .collect();
    assert_eq!(hints.len(), 2, "{hints:?}");
    assert!(
        hints[0].starts_with("# queue_users = \"/queues/{queueId}/users\""),
        "{hints:?}"
    );
    assert!(
        hints[1].starts_with("# callback_lists = \"/callbacklists/\""),
        "{hints:?}"
    );
    assert_eq!(check(&report, "AvailableSubscriptions")["verdict"], "warn");
    assert!(report["subscriptions"]["missing"]
        .as_array()
        .unwrap()
        .contains(&Value::from("UserStatus")));
    let sub = check(&report, "subscribe");
    assert_eq!(sub["verdict"], "warn");
    assert!(
        sub["detail"]
            .as_str()
            .unwrap()
            .contains("not offered: UserStatus"),
        "{sub}"
    );

    // The table shows the same, with the [paths] lines to paste.
    let out = doctor(&["--demo", "--scenario", &file, "--wait", "0"], dir.path());
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("FAIL       queue members"), "{text}");
    assert!(text.contains("[paths]\n# queue_users = "), "{text}");

    // Without queues the console cannot run: exit 1, and the step is named.
    let file = scenario(
        dir.path(),
        "generated_agents = 2\nhidden_routes = [\"queues\"]\n[[queues]]\nname = \"Q\"\n",
    );
    let out = doctor(&["--demo", "--scenario", &file, "--json"], dir.path());
    assert_eq!(out.status.code(), Some(1));
    let report = json_of(&out);
    assert_eq!(report["console_can_run"], false);
    assert!(
        report["first_failure"]
            .as_str()
            .unwrap()
            .starts_with("queues: not found (404)"),
        "{}",
        report["first_failure"]
    );
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("the console cannot run here: queues"), "{err}");
}

#[test]
fn an_unreachable_tenant_names_the_first_failing_step_and_exits_1() {
    let home = tempfile::tempdir().unwrap();
    let out = doctor(
        &[
            "--discovery-url",
            "http://127.0.0.1:9",
            "-u",
            "someone@example.com",
            "--secret",
            "x",
            "--json",
        ],
        home.path(),
    );
    assert_eq!(out.status.code(), Some(1));
    let report = json_of(&out);
    let first = report["first_failure"].as_str().unwrap();
    assert!(
        first.starts_with("discovery: cannot reach 127.0.0.1:9"),
        "{first}"
    );
    assert_eq!(check(&report, "remaining steps")["verdict"], "skip");
    assert!(
        !String::from_utf8_lossy(&out.stdout).contains("\"x\""),
        "no secret in the report"
    );
}
