//! The official SignalR JavaScript client (npm `@microsoft/signalr`, Node) against the
//! simulator: connect, subscribe, receive MessageReceived, validation messages, and an
//! error Completion for an unknown method. Runs `npm ci` in tests/js first if needed.

use crate::sim_support;

use serde_json::Value;
use sim_support::*;
use std::path::PathBuf;
use std::process::Stdio;
use std::time::Duration;

fn js_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/js")
}

/// Runs a command in tests/js with a deadline (killed when it passes); returns
/// (success, stdout, stderr).
fn run(
    program: &str,
    args: &[&str],
    env: &[(&str, String)],
    limit: Duration,
) -> (bool, String, String) {
    let mut cmd = std::process::Command::new(program);
    cmd.args(args)
        .current_dir(js_dir())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    for (k, v) in env {
        cmd.env(k, v);
    }
    let mut child = cmd.spawn().unwrap_or_else(|e| {
        panic!("cannot run {program} (Node and npm must be installed; .ci/run installs them): {e}")
    });
    let mut out_pipe = child.stdout.take().unwrap();
    let mut err_pipe = child.stderr.take().unwrap();
    let out_reader = std::thread::spawn(move || {
        let mut s = String::new();
        let _ = std::io::Read::read_to_string(&mut out_pipe, &mut s);
        s
    });
    let err_reader = std::thread::spawn(move || {
        let mut s = String::new();
        let _ = std::io::Read::read_to_string(&mut err_pipe, &mut s);
        s
    });
    let deadline = std::time::Instant::now() + limit;
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break Some(status);
        }
        if std::time::Instant::now() > deadline {
            let _ = child.kill();
            let _ = child.wait();
            break None;
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    let (out, err) = (out_reader.join().unwrap(), err_reader.join().unwrap());
    assert!(
        status.is_some(),
        "{program} did not finish within {limit:?}:\n{out}\n{err}"
    );
    (status.unwrap().success(), out, err)
}

/// Makes sure tests/js/node_modules exists (npm ci from the committed lock file). Once
/// per test binary: two tests running `npm ci` at once would delete each other's modules.
fn ensure_node_modules() {
    static ONCE: std::sync::Mutex<()> = std::sync::Mutex::new(());
    let _one_at_a_time = ONCE.lock().unwrap_or_else(|e| e.into_inner());
    if js_dir()
        .join("node_modules/@microsoft/signalr/package.json")
        .exists()
    {
        return;
    }
    let (ok, out, err) = run(
        "npm",
        &["ci", "--no-audit", "--no-fund", "--loglevel=error"],
        &[],
        Duration::from_secs(300),
    );
    assert!(ok, "npm ci failed in tests/js:\n{out}\n{err}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn official_js_client_talks_to_the_sim() {
    js_client_against(false).await;
}

/// The same over https + wss: Node trusts the sim's generated CA through
/// NODE_EXTRA_CA_CERTS, as a user would set it up.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn official_js_client_talks_to_the_sim_over_tls() {
    js_client_against(true).await;
}

async fn js_client_against(tls: bool) {
    tokio::task::spawn_blocking(ensure_node_modules)
        .await
        .unwrap();
    let sim = start(if tls {
        paused_tls_config()
    } else {
        paused_config()
    })
    .await;
    let url = sim.base_url();
    let dir = tempfile::tempdir().unwrap();
    let mut env = vec![("SIM_URL", url)];
    if let Some(pem) = sim.ca_pem() {
        let ca = dir.path().join("sim-ca.pem");
        std::fs::write(&ca, pem).unwrap();
        env.push(("NODE_EXTRA_CA_CERTS", ca.display().to_string()));
    }
    let (ok, stdout, stderr) = tokio::task::spawn_blocking(move || {
        run("node", &["interop.mjs"], &env, Duration::from_secs(20))
    })
    .await
    .unwrap();
    assert!(ok, "node failed:\n{stdout}\n{stderr}");
    let check = |name: &str| -> Value {
        let prefix = format!("CHECK {name} ");
        let line = stdout
            .lines()
            .find_map(|l| l.strip_prefix(&prefix))
            .unwrap_or_else(|| panic!("no {name} line in:\n{stdout}"));
        serde_json::from_str(line).unwrap()
    };
    let scheme = if tls { "wss://" } else { "ws://" };
    let endpoint = check("token")["endpoint"].as_str().unwrap().to_owned();
    assert!(endpoint.starts_with(scheme), "{endpoint}");
    assert_eq!(check("connected")["state"], "Connected");
    let subscribe = check("subscribe");
    assert_eq!(subscribe[0]["subscribed"], true);
    assert_eq!(subscribe[1]["subscribed"], true);
    assert_eq!(subscribe[2]["message"], "Invalid EntityId");
    assert_eq!(subscribe[3]["message"], "Invalid event name");
    let q = check("queuestatus");
    assert_eq!(q["data"]["eventType"], "QueueStatus");
    assert_eq!(q["subscription"]["entityId"], q["data"]["queueId"]);
    let u = check("userstatus");
    assert_eq!(u["data"]["eventType"], "UserStatus");
    assert_eq!(u["data"]["availabilityStatus"], "BRB");
    assert_eq!(check("active"), 2);
    let unknown = check("unknown_method");
    assert_eq!(unknown["rejected"], true);
    assert!(unknown["message"]
        .as_str()
        .unwrap()
        .contains("NoSuchMethod"));
    assert_eq!(check("stopped"), "Disconnected");
    assert!(stdout.lines().any(|l| l == "DONE"));
    sim.shutdown().await;
}
