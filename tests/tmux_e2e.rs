//! A real-terminal test: `evtop demo` in a detached tmux session at 120×40. It waits for
//! live data, checks queue and agent names and counts that change, presses keys, resizes
//! to 80×24 and quits with `q`, expecting exit status 0.
//!
//! Skipped (with a message) only when tmux is missing and CI is not `true`.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::{Duration, Instant};

const BIN: &str = env!("CARGO_BIN_EXE_evtop");

/// A private tmux server (own socket), killed on drop.
struct Tmux {
    socket: String,
    dir: tempfile::TempDir,
}

impl Tmux {
    fn cmd(&self, args: &[&str]) -> Output {
        Command::new("tmux")
            .arg("-L")
            .arg(&self.socket)
            .args(args)
            .output()
            .expect("run tmux")
    }

    fn capture(&self) -> String {
        let out = self.cmd(&["capture-pane", "-p", "-t", "evtop"]);
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    fn keys(&self, keys: &[&str]) {
        let mut args = vec!["send-keys", "-t", "evtop"];
        args.extend_from_slice(keys);
        let out = self.cmd(&args);
        assert!(out.status.success(), "send-keys {keys:?}: {out:?}");
    }

    fn exit_file(&self) -> PathBuf {
        self.dir.path().join("exit")
    }

    /// Polls the pane until `ok` holds or the deadline passes.
    fn wait_for(&self, what: &str, secs: u64, ok: impl Fn(&str) -> bool) -> String {
        let deadline = Instant::now() + Duration::from_secs(secs);
        loop {
            let screen = self.capture();
            if ok(&screen) {
                return screen;
            }
            if Instant::now() > deadline {
                let log =
                    std::fs::read_to_string(self.dir.path().join("evtop.log")).unwrap_or_default();
                panic!("timed out waiting for {what}; screen:\n{screen}\nlog:\n{log}");
            }
            std::thread::sleep(Duration::from_millis(150));
        }
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        let _ = self.cmd(&["kill-server"]);
    }
}

fn tmux_available() -> bool {
    Command::new("tmux")
        .arg("-V")
        .output()
        .map(|o| o.status.success())
        .unwrap_or(false)
}

fn quoted(p: &Path) -> String {
    format!("'{}'", p.display().to_string().replace('\'', "'\\''"))
}

/// The agent names of the built-in demo scenario (same default seed as `evtop demo`).
fn demo_agent_names() -> Vec<String> {
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    rt.block_on(async {
        let sim = evtop::sim::start(evtop::sim::SimConfig::default_on_loopback())
            .await
            .expect("sim starts");
        let state = sim.state_json();
        sim.shutdown().await;
        state["Agents"]
            .as_array()
            .map(|a| {
                a.iter()
                    .filter_map(|x| x["Name"].as_str().map(str::to_owned))
                    .collect()
            })
            .unwrap_or_default()
    })
}

/// The queue rows (lines of the queues pane with a level word).
fn queue_rows(screen: &str) -> Vec<String> {
    screen
        .lines()
        .filter(|l| l.contains("· ok") || l.contains("WARN") || l.contains("ALERT"))
        .filter(|l| l.starts_with('┃') || l.starts_with('│'))
        .map(str::to_owned)
        .collect()
}

#[test]
fn demo_in_a_real_terminal() {
    if !tmux_available() {
        if std::env::var("CI").as_deref() == Ok("true") {
            panic!("tmux is required under CI (.ci/run installs it)");
        }
        eprintln!("SKIPPED demo_in_a_real_terminal: tmux is not installed");
        return;
    }
    let dir = tempfile::tempdir().expect("tempdir");
    let tmux = Tmux {
        socket: format!("evtop-e2e-{}", std::process::id()),
        dir,
    };
    let log = tmux.dir.path().join("evtop.log");
    let script = format!(
        "{} demo --speed 4 --log-file {}; echo $? > {}",
        quoted(Path::new(BIN)),
        quoted(&log),
        quoted(&tmux.exit_file()),
    );
    let out = tmux.cmd(&[
        "new-session",
        "-d",
        "-s",
        "evtop",
        "-x",
        "120",
        "-y",
        "40",
        "sh",
        "-c",
        &script,
    ]);
    assert!(out.status.success(), "tmux new-session: {out:?}");

    // Live data: queue names of the demo scenario, agents, the live badge.
    let first = tmux.wait_for("the demo to go live", 20, |s| {
        s.contains("● live") && s.contains("Asiakaspalvelu") && s.contains("Agents (")
    });
    for queue in ["Asiakaspalvelu", "Laskutus", "Tekninen tuki", "Myynti"] {
        assert!(first.contains(queue), "queue {queue} on screen:\n{first}");
    }
    let agents_line = first
        .lines()
        .find(|l| l.contains("Agents ("))
        .unwrap_or_default();
    assert!(
        !agents_line.contains("Agents (0)"),
        "agents listed: {agents_line}"
    );
    let names = demo_agent_names();
    assert!(names.len() >= 10, "the demo scenario has agents: {names:?}");
    let shown = names.iter().filter(|n| first.contains(n.as_str())).count();
    assert!(shown >= 5, "agent names on screen ({shown}):\n{first}");

    // Counts change while we watch (calls arrive, waits tick, agents finish calls).
    let before = queue_rows(&first);
    tmux.wait_for("queue counts to change", 20, |s| {
        let now = queue_rows(s);
        !now.is_empty() && now != before
    });

    // Keys: move, switch pane, help, close help, sort.
    tmux.keys(&["j"]);
    tmux.keys(&["Tab"]);
    tmux.keys(&["?"]);
    tmux.wait_for("the help overlay", 10, |s| s.contains("Keys — Esc closes"));
    tmux.keys(&["Escape"]);
    tmux.wait_for("the help to close", 10, |s| {
        !s.contains("Keys — Esc closes")
    });
    tmux.keys(&["s"]);
    tmux.wait_for("the sort toast", 10, |s| s.contains("Agents sorted by"));

    // Resize to 80×24: the layout follows.
    let out = tmux.cmd(&["resize-window", "-t", "evtop", "-x", "80", "-y", "24"]);
    assert!(out.status.success(), "resize-window: {out:?}");
    let small = tmux.wait_for("the 80×24 layout", 10, |s| {
        s.lines().count() <= 24
            && s.lines().any(|l| l.starts_with('┏') || l.starts_with('┌'))
            && s.lines()
                .all(|l| unicode_width::UnicodeWidthStr::width(l) <= 80)
            && s.contains("Asiakaspalvelu")
    });
    assert!(small.contains("Agents ("), "{small}");
    eprintln!("120x40:\n{first}\n80x24:\n{small}");

    // Quit with q: exit status 0.
    tmux.keys(&["q"]);
    let deadline = Instant::now() + Duration::from_secs(10);
    let status = loop {
        if let Ok(text) = std::fs::read_to_string(tmux.exit_file()) {
            if !text.trim().is_empty() {
                break text.trim().to_owned();
            }
        }
        assert!(Instant::now() < deadline, "evtop did not exit after q");
        std::thread::sleep(Duration::from_millis(100));
    };
    assert_eq!(status, "0", "exit status");
}
