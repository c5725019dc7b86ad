//! A real-terminal test: `evtop demo` in a detached tmux session at 120×40. It waits for
//! live data, checks queue and agent names and counts that change, presses keys, resizes
//! to 80×24 and quits with `q`, expecting exit status 0.
//!
//! Skipped (with a message) only when tmux is missing and CI is not `true`.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::{Duration, Instant};

pub(crate) const BIN: &str = env!("CARGO_BIN_EXE_evtop");

/// A private tmux server (own socket), killed on drop.
pub(crate) struct Tmux {
    pub(crate) socket: String,
    pub(crate) dir: tempfile::TempDir,
}

impl Tmux {
    pub(crate) fn cmd(&self, args: &[&str]) -> Output {
        Command::new("tmux")
            .arg("-L")
            .arg(&self.socket)
            .args(args)
            .output()
            .expect("run tmux")
    }

    pub(crate) fn capture(&self) -> String {
        let out = self.cmd(&["capture-pane", "-p", "-t", "evtop"]);
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    pub(crate) fn keys(&self, keys: &[&str]) {
        let mut args = vec!["send-keys", "-t", "evtop"];
        args.extend_from_slice(keys);
        let out = self.cmd(&args);
        assert!(out.status.success(), "send-keys {keys:?}: {out:?}");
    }

    pub(crate) fn exit_file(&self) -> PathBuf {
        self.dir.path().join("exit")
    }

    /// Polls the pane until `ok` holds or the deadline passes.
    pub(crate) fn wait_for(&self, what: &str, secs: u64, ok: impl Fn(&str) -> bool) -> String {
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

pub(crate) fn tmux_available() -> bool {
    Command::new("tmux")
        .arg("-V")
        .output()
        .map(|o| o.status.success())
        .unwrap_or(false)
}

/// Whether tmux is here to run a real-terminal test; without it the test is skipped
/// (said on stderr), except under CI, where `.ci/run` installs it and its absence fails.
pub(crate) fn tmux_ready() -> bool {
    if tmux_available() {
        return true;
    }
    if std::env::var("CI").as_deref() == Ok("true") {
        panic!("tmux is required under CI (.ci/run installs it)");
    }
    eprintln!("SKIPPED: tmux is not installed, the real-terminal test cannot run");
    false
}

pub(crate) fn quoted(p: &Path) -> String {
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

/// Starts `evtop demo` in a fresh tmux server; `None` (test skipped) without tmux.
/// After evtop exits, the shell records its exit status and the tty settings.
fn start_demo(tag: &str, w: u16, h: u16) -> Option<Tmux> {
    if !tmux_ready() {
        return None;
    }
    let dir = tempfile::tempdir().expect("tempdir");
    let tmux = Tmux {
        socket: format!("evtop-e2e-{tag}-{}", std::process::id()),
        dir,
    };
    let log = tmux.dir.path().join("evtop.log");
    let script = format!(
        "{} demo --speed 4 --log-file {}; echo $? > {}; stty -a > {}",
        quoted(Path::new(BIN)),
        quoted(&log),
        quoted(&tmux.exit_file()),
        quoted(&tmux.dir.path().join("stty")),
    );
    tmux.run_script(w, h, &script);
    Some(tmux)
}

impl Tmux {
    /// Runs `script` (sh) in a detached session "evtop" of `w`×`h`; the pane is kept
    /// after it exits, so its screen and mode can still be read.
    pub(crate) fn run_script(&self, w: u16, h: u16, script: &str) {
        let (w, h) = (w.to_string(), h.to_string());
        let out = self.cmd(&[
            "new-session",
            "-d",
            "-s",
            "evtop",
            "-x",
            &w,
            "-y",
            &h,
            "sh",
            "-c",
            script,
        ]);
        assert!(out.status.success(), "tmux new-session: {out:?}");
        let _ = self.cmd(&["set-option", "-t", "evtop", "remain-on-exit", "on"]);
    }

    /// Waits for the exit status file; returns the status and the tty settings after.
    pub(crate) fn wait_exit(&self, secs: u64) -> (String, String) {
        let deadline = Instant::now() + Duration::from_secs(secs);
        let stty = self.dir.path().join("stty");
        loop {
            let status = std::fs::read_to_string(self.exit_file()).unwrap_or_default();
            let tty = std::fs::read_to_string(&stty).unwrap_or_default();
            if !status.trim().is_empty() && !tty.trim().is_empty() {
                return (status.trim().to_owned(), tty);
            }
            assert!(Instant::now() < deadline, "evtop did not exit");
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    /// The terminal left the way it was found: cooked mode, echo, main screen.
    fn assert_restored(&self, tty: &str) {
        let words: Vec<&str> = tty.split_whitespace().collect();
        for flag in ["icanon", "echo", "isig"] {
            assert!(words.contains(&flag), "{flag} restored after exit: {tty}");
        }
        let out = self.cmd(&["display-message", "-p", "-t", "evtop", "#{alternate_on}"]);
        let alt = String::from_utf8_lossy(&out.stdout).trim().to_owned();
        assert_eq!(alt, "0", "the alternate screen was left");
    }

    fn pid_of_evtop(&self) -> String {
        let log = self.dir.path().join("evtop.log");
        let out = Command::new("pgrep")
            .arg("-f")
            .arg(format!("demo --speed 4 --log-file {}", log.display()))
            .output()
            .expect("pgrep");
        String::from_utf8_lossy(&out.stdout)
            .lines()
            .next()
            .unwrap_or_default()
            .to_owned()
    }
}

#[test]
fn demo_in_a_real_terminal() {
    let Some(tmux) = start_demo("main", 120, 40) else {
        return;
    };

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

    // Quit with q: exit status 0, terminal restored.
    tmux.keys(&["q"]);
    let (status, tty) = tmux.wait_exit(10);
    assert_eq!(status, "0", "exit status");
    tmux.assert_restored(&tty);
}

/// `kill -SIG` the running evtop and expect a clean exit with the terminal restored.
fn signal_quits_cleanly_and_restores_the_terminal(signal: &str) {
    let Some(tmux) = start_demo(&signal.to_lowercase(), 100, 30) else {
        return;
    };
    tmux.wait_for("the demo to go live", 20, |s| s.contains("● live"));
    let out = tmux.cmd(&["display-message", "-p", "-t", "evtop", "#{alternate_on}"]);
    assert_eq!(
        String::from_utf8_lossy(&out.stdout).trim(),
        "1",
        "the console runs on the alternate screen"
    );
    let pid = tmux.pid_of_evtop();
    assert!(!pid.is_empty(), "evtop is running");
    let out = Command::new("kill")
        .args([format!("-{signal}").as_str(), &pid])
        .output()
        .expect("kill");
    assert!(out.status.success(), "kill -{signal} {pid}: {out:?}");
    let (status, tty) = tmux.wait_exit(10);
    assert_eq!(status, "0", "a SIG{signal} is a clean stop");
    tmux.assert_restored(&tty);
}

#[test]
fn sigterm_quits_cleanly_and_restores_the_terminal() {
    signal_quits_cleanly_and_restores_the_terminal("TERM");
}

/// What an SSH drop delivers.
#[test]
fn sighup_quits_cleanly_and_restores_the_terminal() {
    signal_quits_cleanly_and_restores_the_terminal("HUP");
}

/// The in-process simulator's address, read from the status line ("… @ demo 127.0.0.1:PORT").
fn demo_sim_addr(screen: &str) -> String {
    let at = screen
        .find("@ demo ")
        .expect("the status line names the demo simulator")
        + 7;
    screen[at..]
        .chars()
        .take_while(|c| c.is_ascii_digit() || *c == '.' || *c == ':')
        .collect()
}

/// One call to the demo simulator's loopback admin API (or GET /_sim/state).
pub(crate) fn sim_admin(
    addr: &str,
    path: &str,
    body: Option<serde_json::Value>,
) -> serde_json::Value {
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    rt.block_on(async {
        let client = reqwest::Client::builder()
            .timeout(Duration::from_secs(5))
            .build()
            .expect("client");
        let url = format!("http://{addr}{path}");
        let req = match body {
            Some(b) => client.post(url).json(&b),
            None => client.get(url),
        };
        let resp = req.send().await.expect("sim admin call");
        assert!(resp.status().is_success(), "{path}: {}", resp.status());
        resp.json().await.unwrap_or(serde_json::Value::Null)
    })
}

fn sim_agent(addr: &str, id: &str) -> serde_json::Value {
    sim_admin(addr, "/_sim/state", None)["Agents"]
        .as_array()
        .and_then(|a| a.iter().find(|x| x["Id"] == id).cloned())
        .unwrap_or_default()
}

/// The line of the agents pane that shows `name`.
fn agent_line<'a>(screen: &'a str, name: &str) -> &'a str {
    screen
        .lines()
        .find(|l| {
            l.contains(name)
                && (l.contains("wrap-up")
                    || l.contains("idle")
                    || l.contains("talking")
                    || l.contains("ringing"))
        })
        .unwrap_or_default()
}

#[test]
fn terminate_a_wrap_up_and_allocate_a_callback_in_a_real_terminal() {
    let Some(tmux) = start_demo("actions", 120, 40) else {
        return;
    };
    let live = tmux.wait_for("the demo to go live", 20, |s| {
        s.contains("● live") && s.contains("Agents (") && s.contains("Callbacks (")
    });
    let addr = demo_sim_addr(&live);
    // An available agent not on a call, put on a long wrap-up through the sim.
    let state = sim_admin(&addr, "/_sim/state", None);
    let agent = state["Agents"]
        .as_array()
        .and_then(|a| {
            a.iter()
                .find(|x| x["Activity"] == "Idle" && x["Availability"] == "Available")
                .cloned()
        })
        .expect("an idle agent");
    let (id, name) = (
        agent["Id"].as_str().unwrap_or_default().to_owned(),
        agent["Name"].as_str().unwrap_or_default().to_owned(),
    );
    sim_admin(
        &addr,
        "/_sim/control",
        Some(serde_json::json!({"wrap_up": {"user_id": id, "max_secs": 900}})),
    );

    // Find the agent with the filter, see the wrap-up, terminate it.
    tmux.keys(&["2"]);
    tmux.keys(&["/"]);
    tmux.keys(&["-l", &name]);
    tmux.keys(&["Enter"]);
    tmux.wait_for("the agent on wrap-up", 10, |s| {
        s.contains("Agents (1)") && agent_line(s, &name).contains("wrap-up")
    });
    tmux.keys(&["w"]);
    let confirm = tmux.wait_for("the confirm prompt", 10, |s| {
        s.contains(&format!("Terminate wrap-up of {name}? y/N"))
    });
    tmux.keys(&["y"]);
    let ended = tmux.wait_for("the wrap-up to end on screen", 15, |s| {
        s.contains(&format!("Terminate wrap-up of {name}: done"))
            && !agent_line(s, &name).contains("wrap-up")
            && !agent_line(s, &name).is_empty()
    });
    assert_ne!(sim_agent(&addr, &id)["Activity"], "WrapUp");

    // Allocate the first callback request of the callbacks pane to the same agent.
    tmux.keys(&["3"]);
    tmux.wait_for("the callbacks pane focused", 10, |s| {
        s.lines().any(|l| l.starts_with("┏ Callbacks ("))
    });
    let before = sim_admin(&addr, "/_sim/state", None);
    tmux.keys(&["a"]);
    tmux.wait_for("the agent picker", 10, |s| s.contains("Search:"));
    tmux.keys(&["-l", &name]);
    tmux.keys(&["Enter"]);
    let ask = tmux.wait_for("the allocation prompt", 10, |s| {
        s.contains(&format!("to {name}? y/N"))
    });
    // "Allocate callback of CONTACT (NUMBER) to NAME? y/N": the request's number.
    let number: String = ask
        .split("Allocate callback of ")
        .nth(1)
        .and_then(|rest| rest.split_once("(+"))
        .map(|(_, n)| n.chars().take_while(|c| c.is_ascii_digit()).collect())
        .expect("the prompt names the request's number");
    let first_name = name
        .split_whitespace()
        .next()
        .unwrap_or_default()
        .to_owned();
    tmux.keys(&["y"]);
    let allocated = tmux.wait_for("the allocation on screen", 15, |s| {
        s.contains(&format!("to {name}: done"))
            && s.lines().any(|l| {
                l.starts_with('┃')
                    && l.contains(&format!("+{number}"))
                    && l.contains(&first_name)
                    && !l.contains('ℹ')
            })
    });
    let assigned_before = before["Callbacks"]
        .as_array()
        .map(|a| {
            a.iter()
                .filter(|c| c["AssignedUserId"] == id.as_str())
                .count()
        })
        .unwrap_or(0);
    let assigned_after = sim_admin(&addr, "/_sim/state", None)["Callbacks"]
        .as_array()
        .map(|a| {
            a.iter()
                .filter(|c| c["AssignedUserId"] == id.as_str())
                .count()
        })
        .unwrap_or(0);
    assert_eq!(
        assigned_after,
        assigned_before + 1,
        "the sim assigned one request"
    );
    eprintln!("confirm:\n{confirm}\nended:\n{ended}\nallocate:\n{ask}\nallocated:\n{allocated}");

    tmux.keys(&["q"]);
    let (status, _) = tmux.wait_exit(10);
    assert_eq!(status, "0");
}

/// `evtop sim --tls` as its own process, killed on drop.
struct TlsSim {
    child: std::process::Child,
    url: String,
    ca: PathBuf,
}

impl Drop for TlsSim {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Starts `evtop sim --tls` on a free port and reads its URL from the first line.
fn start_tls_sim(dir: &Path) -> TlsSim {
    use std::io::BufRead;
    let ca = dir.join("sim-ca.pem");
    let mut child = Command::new(BIN)
        .args(["sim", "--tls", "--listen", "127.0.0.1:0", "--speed", "4"])
        .arg("--tls-ca-out")
        .arg(&ca)
        .env("XDG_STATE_HOME", dir.join("state"))
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("evtop sim starts");
    let mut lines = std::io::BufReader::new(child.stdout.take().unwrap()).lines();
    let first = lines.next().and_then(Result::ok).unwrap_or_default();
    let rest: Vec<String> = lines.by_ref().take(6).map_while(Result::ok).collect();
    // Keep draining stdout so the sim never blocks on a full pipe.
    std::thread::spawn(move || for _ in lines {});
    let url = first
        .split_whitespace()
        .find(|w| w.starts_with("https://"))
        .unwrap_or_else(|| panic!("no https URL in {first:?}"))
        .to_owned();
    let told = rest.join("\n");
    assert!(told.contains("wss://"), "the hub is wss:\n{told}");
    assert!(
        told.contains(&format!("--ca-file {}", ca.display())),
        "how to trust the CA:\n{told}"
    );
    TlsSim { child, url, ca }
}

/// The console as a user runs it against a TLS silo with a private CA: `evtop sim --tls`
/// in one process, `evtop --ca-file …` in tmux; live data arrives over https + wss.
#[test]
fn console_over_tls_with_a_private_ca_in_a_real_terminal() {
    if !tmux_ready() {
        return;
    }
    let tmux = Tmux {
        socket: format!("evtop-e2e-tls-{}", std::process::id()),
        dir: tempfile::tempdir().expect("tempdir"),
    };
    let home = tmux.dir.path();
    let sim = start_tls_sim(home);
    assert!(sim.ca.exists(), "the CA was written");
    let script = format!(
        "HOME={home} XDG_CONFIG_HOME={home}/config EVTOP_SECRET=demo-secret {bin} \
         --api-url {url} -u supervisor@example.com --ca-file {ca} --log-file {log}; \
         echo $? > {exit}; stty -a > {stty}",
        home = quoted(home),
        bin = quoted(Path::new(BIN)),
        url = sim.url,
        ca = quoted(&sim.ca),
        log = quoted(&home.join("evtop.log")),
        exit = quoted(&tmux.exit_file()),
        stty = quoted(&home.join("stty")),
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
    let _ = tmux.cmd(&["set-option", "-t", "evtop", "remain-on-exit", "on"]);
    let screen = tmux.wait_for("the console to go live over TLS", 20, |s| {
        s.contains("● live") && s.contains("Asiakaspalvelu") && s.contains("Agents (")
    });
    let before = queue_rows(&screen);
    tmux.wait_for("queue counts to change over wss", 20, |s| {
        let now = queue_rows(s);
        !now.is_empty() && now != before
    });
    tmux.keys(&["q"]);
    let (status, tty) = tmux.wait_exit(10);
    assert_eq!(status, "0", "exit status");
    tmux.assert_restored(&tty);
}

/// In an interactive shell: Ctrl-Z stops evtop with the terminal restored (the shell's
/// "Stopped" on the main screen), `fg` brings the console back whole and live, and the
/// palette's `:q` quits.
#[test]
fn ctrl_z_suspends_fg_resumes_and_palette_q_quits() {
    if !tmux_ready() {
        return;
    }
    let tmux = Tmux {
        socket: format!("evtop-e2e-suspend-{}", std::process::id()),
        dir: tempfile::tempdir().expect("tempdir"),
    };
    let out = tmux.cmd(&[
        "new-session",
        "-d",
        "-s",
        "evtop",
        "-x",
        "100",
        "-y",
        "30",
        "env",
        "PS1=shell$ ",
        "bash",
        "--norc",
        "--noprofile",
        "-i",
    ]);
    assert!(out.status.success(), "tmux new-session: {out:?}");
    tmux.wait_for("the shell prompt", 10, |s| s.contains("shell$"));
    let log = tmux.dir.path().join("evtop.log");
    let command = format!(
        "{} demo --speed 4 --log-file {}",
        quoted(Path::new(BIN)),
        quoted(&log)
    );
    tmux.keys(&[&command, "Enter"]);
    tmux.wait_for("the demo to go live", 20, |s| s.contains("● live"));
    let alternate = || {
        let out = tmux.cmd(&["display-message", "-p", "-t", "evtop", "#{alternate_on}"]);
        String::from_utf8_lossy(&out.stdout).trim().to_owned()
    };
    assert_eq!(alternate(), "1");

    tmux.keys(&["C-z"]);
    let stopped = tmux.wait_for("the shell to say Stopped", 10, |s| s.contains("Stopped"));
    assert_eq!(alternate(), "0", "the main screen is back: {stopped}");
    assert!(!stopped.contains("● live"), "{stopped}");

    tmux.keys(&["fg", "Enter"]);
    let back = tmux.wait_for("the console again", 10, |s| {
        s.contains("● live") && s.contains("Queues (")
    });
    assert_eq!(alternate(), "1", "{back}");
    assert!(
        !back.contains("Stopped"),
        "the screen was redrawn whole: {back}"
    );

    tmux.keys(&[":"]);
    tmux.wait_for("the palette", 5, |s| s.contains("Command"));
    tmux.keys(&["q", "Enter"]);
    tmux.wait_for("the prompt after evtop", 10, |s| {
        s.lines().rev().find(|l| !l.trim().is_empty()) == Some("shell$ ")
            || s.trim_end().ends_with("shell$")
    });
    // `fg` returns the job's exit status.
    tmux.keys(&["echo exit=$?", "Enter"]);
    let after = tmux.wait_for("the exit status", 10, |s| s.contains("exit="));
    assert!(after.contains("exit=0"), "{after}");
    assert_eq!(alternate(), "0", "{after}");
}
