//! What a supervisor sees in a real terminal is true (issue 11): started on a simulator
//! that has run for a while, no agent the simulator has talking reads `idle`; the wall
//! at 80×24 shows the simulator's distinct wrap-up count; the simulator killed, the
//! screen says STALE; restarted on the same port, STALE goes away.
//!
//! Today's ANS, ABND, offered and SL% read off the screen equal the simulator's day;
//! a queue with its own service-level target in the config file is judged against it.
//!
//! The simulator runs as its own process (`evtop sim`), the console in tmux (in UTC, the
//! simulated tenant's time zone, so that both count the same day).

use super::tmux_e2e::{quoted, sim_admin, tmux_ready, Tmux, BIN};
use serde_json::{json, Value};
use std::io::BufRead;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// `evtop sim` on a given port, killed on drop.
struct SimProcess {
    child: Child,
    addr: String,
}

impl SimProcess {
    fn start(port: u16, speed: &str, dir: &Path) -> SimProcess {
        let addr = format!("127.0.0.1:{port}");
        let mut child = Command::new(BIN)
            .args(["sim", "--listen", &addr, "--speed", speed])
            .env("XDG_STATE_HOME", dir.join("state"))
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("evtop sim starts");
        let mut lines = std::io::BufReader::new(child.stdout.take().unwrap()).lines();
        let first = lines.next().and_then(Result::ok).unwrap_or_default();
        assert!(first.contains(&addr), "the sim listens on {addr}: {first}");
        // Keep draining stdout so the sim never blocks on a full pipe.
        std::thread::spawn(move || for _ in lines {});
        SimProcess { child, addr }
    }

    fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    fn state(&self) -> Value {
        sim_admin(&self.addr, "/_sim/state", None)
    }

    fn kill(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Drop for SimProcess {
    fn drop(&mut self) {
        self.kill();
    }
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("a free port")
        .port()
}

/// A tmux server whose `evtop` pane runs the console against `sim`.
fn start_console(tag: &str, sim: &SimProcess, w: u16, h: u16, wall: bool) -> Option<Tmux> {
    start_console_with(tag, sim, w, h, wall, "")
}

/// [`start_console`] with `config` as the console's config file.
fn start_console_with(
    tag: &str,
    sim: &SimProcess,
    w: u16,
    h: u16,
    wall: bool,
    config: &str,
) -> Option<Tmux> {
    if !tmux_ready() {
        return None;
    }
    let tmux = Tmux {
        socket: format!("evtop-truth-{tag}-{}", std::process::id()),
        dir: tempfile::tempdir().expect("tempdir"),
    };
    let home = tmux.dir.path();
    if !config.is_empty() {
        let dir = home.join("config").join("evtop");
        std::fs::create_dir_all(&dir).expect("config dir");
        std::fs::write(dir.join("config.toml"), config).expect("config file");
    }
    let script = format!(
        "HOME={home} XDG_CONFIG_HOME={home}/config XDG_STATE_HOME={home}/state TZ=UTC \
         EVTOP_SECRET=demo-secret {bin} {wall}--api-url {url} -u supervisor@example.com \
         --log-file {log}; echo $? > {exit}",
        home = quoted(home),
        bin = quoted(Path::new(BIN)),
        wall = if wall { "--wall " } else { "" },
        url = sim.url(),
        log = quoted(&home.join("evtop.log")),
        exit = quoted(&tmux.exit_file()),
    );
    tmux.run_script(w, h, &script);
    Some(tmux)
}

fn agents_doing<'a>(st: &'a Value, activity: &str) -> Vec<&'a str> {
    st["Agents"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|a| a["Activity"] == activity)
        .map(|a| a["Name"].as_str().unwrap())
        .collect()
}

/// A paused simulator five minutes into its day: agents talking and on wrap-up, and
/// nothing changing while the screen is compared with it.
fn paused_sim_that_has_run(dir: &Path) -> SimProcess {
    let sim = SimProcess::start(free_port(), "0", dir);
    sim_admin(
        &sim.addr,
        "/_sim/control",
        Some(json!({"advance_secs": 300})),
    );
    sim
}

#[test]
fn started_on_a_busy_simulator_no_talking_agent_reads_idle() {
    let dir = tempfile::tempdir().expect("tempdir");
    let sim = paused_sim_that_has_run(dir.path());
    let st = sim.state();
    let talking = agents_doing(&st, "Talking");
    let wrapping = agents_doing(&st, "WrapUp");
    assert!(
        !talking.is_empty() && !wrapping.is_empty(),
        "{talking:?} {wrapping:?}"
    );
    let all: Vec<&str> = st["Agents"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["Name"].as_str().unwrap())
        .collect();
    // Tall enough for every agent's row.
    let Some(tmux) = start_console("idle", &sim, 140, 80, false) else {
        return;
    };
    let screen = tmux.wait_for("every agent's row, live", 30, |s| {
        s.contains("● live") && all.iter().all(|n| s.contains(n))
    });
    let line = |name: &str| {
        screen
            .lines()
            .find(|l| l.contains(name) && l.starts_with('│'))
            .unwrap_or_default()
            .to_owned()
    };
    for name in &talking {
        let l = line(name);
        // Talking since before the console started: no event has said so yet.
        assert!(
            !l.contains("idle"),
            "{name} talks, the screen says idle:\n{l}"
        );
        assert!(l.contains('—') || l.contains("talking"), "{l}");
    }
    for name in &wrapping {
        let l = line(name);
        assert!(l.contains("wrap-up"), "{name} is on wrap-up:\n{l}");
    }
    // Nothing is idle before an event said so: the simulator is paused.
    assert!(
        !screen
            .lines()
            .any(|l| l.starts_with('│') && l.contains(" idle ")),
        "{screen}"
    );
    tmux.keys(&["q"]);
}

#[test]
fn the_wall_at_80x24_shows_the_distinct_wrap_up_count() {
    let dir = tempfile::tempdir().expect("tempdir");
    let sim = paused_sim_that_has_run(dir.path());
    let totals = &sim.state()["Totals"];
    let wrap = totals["AgentsOnWrapUp"].as_i64().unwrap();
    let sum_per_queue: i64 = sim.state()["QueueFigures"]
        .as_array()
        .unwrap()
        .iter()
        .map(|q| q["AgentsOnWrapUp"].as_i64().unwrap())
        .sum();
    let Some(tmux) = start_console("wall", &sim, 80, 24, true) else {
        return;
    };
    let want = format!("WRAP-UP {wrap} ");
    let screen = tmux.wait_for("the wall's wrap-up total", 30, |s| {
        s.contains("● live") && s.contains(&want)
    });
    assert!(
        sum_per_queue > wrap,
        "the scenario has agents on wrap-up in several queues ({sum_per_queue} per queue, {wrap} agents)"
    );
    assert!(
        !screen.contains(&format!("WRAP-UP {sum_per_queue} ")),
        "{screen}"
    );
}

#[test]
fn a_killed_simulator_makes_the_screen_stale_and_its_restart_live_again() {
    let dir = tempfile::tempdir().expect("tempdir");
    let port = free_port();
    let mut sim = SimProcess::start(port, "1", dir.path());
    let Some(tmux) = start_console("stale", &sim, 120, 40, false) else {
        return;
    };
    tmux.wait_for("live data", 30, |s| {
        s.contains("● live") && s.contains("Asiakaspalvelu")
    });
    sim.kill();
    let killed = Instant::now();
    // STALE after 5 s without live (the status line ticks once a second).
    let screen = tmux.wait_for("STALE", 8, |s| s.contains("STALE since"));
    let stale_after = killed.elapsed();
    assert!(
        stale_after >= Duration::from_secs(4),
        "STALE only after a few seconds: {stale_after:?}\n{screen}"
    );
    let _sim = SimProcess::start(port, "1", dir.path());
    let restarted = Instant::now();
    // The backoff of a real console: 1, 2, 4, 8 … s between attempts.
    tmux.wait_for("STALE to go away", 40, |s| {
        !s.contains("STALE") && s.contains("● live")
    });
    eprintln!(
        "STALE {:.1} s after the kill; live again {:.1} s after the restart",
        stale_after.as_secs_f64(),
        restarted.elapsed().as_secs_f64()
    );
    tmux.keys(&["q"]);
}

/// The text under a header's column: `width` characters from where the header starts.
fn cell(header: &str, row: &str, title: &str, width: usize) -> String {
    let h: Vec<char> = header.chars().collect();
    let t: Vec<char> = title.chars().collect();
    let at = (0..h.len())
        .find(|&i| h[i..].starts_with(&t) && (i == 0 || h[i - 1] == ' '))
        .unwrap_or_else(|| panic!("no {title} in {header}"));
    row.chars()
        .skip(at)
        .take(width)
        .collect::<String>()
        .trim()
        .to_owned()
}

#[test]
fn todays_answered_abandoned_offered_and_sl_on_screen_equal_the_simulators_day() {
    let dir = tempfile::tempdir().expect("tempdir");
    let sim = paused_sim_that_has_run(dir.path());
    let st = sim.state();
    let queues: Vec<(String, Value)> = st["Queues"]
        .as_array()
        .unwrap()
        .iter()
        .map(|q| (q["Name"].as_str().unwrap().to_owned(), q["Today"].clone()))
        .collect();
    let answered: i64 = queues
        .iter()
        .map(|(_, t)| t["Answered"].as_i64().unwrap())
        .sum();
    assert!(answered > 0, "the simulator's day has calls: {queues:?}");
    // One queue, named in the config file, has a target of its own: an hour, so every
    // answered call is within it (the simulator counts within its 20 s). The queue
    // whose 20 s count differs most from that.
    let n = |t: &Value, k: &str| t[k].as_i64().unwrap();
    let (own, _) = queues
        .iter()
        .max_by_key(|(_, t)| n(t, "Answered") - n(t, "AnsweredWithinTarget"))
        .unwrap();
    let own = own.clone();
    let t = &queues.iter().find(|(q, _)| *q == own).unwrap().1;
    println!(
        "{own}: {} answered, {} within 20 s, {} offered",
        n(t, "Answered"),
        n(t, "AnsweredWithinTarget"),
        n(t, "Offered")
    );
    assert!(
        n(t, "Answered") > n(t, "AnsweredWithinTarget"),
        "a queue whose own target changes its SL%: {queues:?}"
    );
    let config = format!(
        "[service_level.queues.\"{}\"]\ntarget = \"1h\"\n",
        own.to_uppercase()
    );
    let Some(tmux) = start_console_with("today", &sim, 200, 60, false, &config) else {
        return;
    };
    let screen = tmux.wait_for("today's figures from the call records", 30, |s| {
        s.contains("● live") && s.contains("ANS ABND SL% today (call records")
    });
    let header = screen
        .lines()
        .find(|l| l.contains("LEVEL") && l.contains("OFFERED"))
        .unwrap_or_else(|| panic!("{screen}"));
    for (name, t) in &queues {
        let row = screen
            .lines()
            .find(|l| l.starts_with('┃') && l.contains(&format!(" {name} ")))
            .unwrap_or_else(|| panic!("no row for {name}:\n{screen}"));
        let n = |k: &str| t[k].as_i64().unwrap();
        assert_eq!(
            cell(header, row, "ANS", 5),
            n("Answered").to_string(),
            "{name} ANS:\n{row}"
        );
        assert_eq!(
            cell(header, row, "ABND", 4),
            n("Abandoned").to_string(),
            "{name}:\n{row}"
        );
        assert_eq!(
            cell(header, row, "OFFERED", 7),
            n("Offered").to_string(),
            "{name}:\n{row}"
        );
        let within = if *name == own {
            n("Answered")
        } else {
            n("AnsweredWithinTarget")
        };
        let sl = if n("Offered") == 0 {
            "-".to_owned()
        } else {
            format!("{:.1}", within as f64 * 100.0 / n("Offered") as f64)
        };
        assert_eq!(cell(header, row, "SL%", 5), sl, "{name} SL%:\n{row}");
    }
    tmux.keys(&["q"]);
}
