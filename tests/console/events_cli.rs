//! `evtop events --demo` as a user runs it: JSON lines on stdout in the documented
//! shape, connection changes on stderr, `--filter`, a closed stdout ends it quietly
//! with success, and SIGTERM ends it cleanly.

use serde_json::Value;
use std::io::{BufRead, BufReader, Read};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

fn spawn(extra: &[&str]) -> Child {
    Command::new(env!("CARGO_BIN_EXE_evtop"))
        .args(["events", "--demo", "--speed", "20"])
        .args(extra)
        .env_remove("EVTOP_USER")
        .env_remove("EVTOP_SECRET")
        .env_remove("EVTOP_PASSWORD")
        .env_remove("EVTOP_CONFIG")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("evtop runs")
}

/// Reads `n` lines from stdout on a thread, bounded in time.
fn read_lines(child: &mut Child, n: usize) -> (Vec<String>, std::process::ChildStdout) {
    let stdout = child.stdout.take().unwrap();
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let mut reader = BufReader::new(stdout);
        let mut lines = Vec::new();
        for _ in 0..n {
            let mut line = String::new();
            if reader.read_line(&mut line).unwrap_or(0) == 0 {
                break;
            }
            lines.push(line);
        }
        let _ = tx.send((lines, reader.into_inner()));
    });
    rx.recv_timeout(Duration::from_secs(20))
        .expect("no event lines in time")
}

fn wait_exit(child: &mut Child) -> std::process::ExitStatus {
    let deadline = Instant::now() + Duration::from_secs(15);
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            return status;
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            panic!("evtop did not exit");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

fn stderr_text(child: &mut Child) -> String {
    let mut text = String::new();
    if let Some(mut e) = child.stderr.take() {
        let _ = e.read_to_string(&mut text);
    }
    text
}

#[test]
fn lines_have_the_shape_and_closed_stdout_exits_zero() {
    let mut child = spawn(&[]);
    let (lines, stdout) = read_lines(&mut child, 5);
    assert_eq!(lines.len(), 5);
    for line in &lines {
        assert!(line.starts_with("{\"event\":"), "{line}");
        let v: Value = serde_json::from_str(line).expect("one JSON object per line");
        for key in ["event", "entityType", "entityId", "subscription", "data"] {
            assert!(v.get(key).is_some(), "{key} missing in {line}");
        }
        assert_eq!(v["data"]["eventType"], v["event"], "{line}");
    }
    drop(stdout);
    let status = wait_exit(&mut child);
    assert!(status.success(), "{status:?}");
    let err = stderr_text(&mut child);
    assert!(err.contains("evtop events: live ("), "{err}");
    assert!(!err.contains("Broken pipe"), "{err}");
}

#[test]
fn filter_limits_the_events() {
    let mut child = spawn(&["--filter", "QueueStatus"]);
    let (lines, stdout) = read_lines(&mut child, 3);
    assert_eq!(lines.len(), 3);
    for line in &lines {
        let v: Value = serde_json::from_str(line).unwrap();
        assert_eq!(v["event"], "QueueStatus");
        assert_eq!(v["entityType"], "Queue");
    }
    drop(stdout);
    assert!(wait_exit(&mut child).success());
}

#[cfg(unix)]
#[test]
fn sigterm_ends_cleanly() {
    let mut child = spawn(&[]);
    let (lines, _stdout) = read_lines(&mut child, 1);
    assert_eq!(lines.len(), 1);
    // Stop reading for a while: at speed 20 the pipe fills and evtop's writes block,
    // the case of a consumer that hangs; SIGTERM must still end it cleanly.
    std::thread::sleep(Duration::from_secs(3));
    let killed = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(killed.success());
    let status = wait_exit(&mut child);
    assert!(status.success(), "{status:?}");
}

/// stdout that is a pipe is written without blocking (no helper thread), and left
/// blocking again at the end: another program holding the same pipe (`(evtop events;
/// cat log) | less`) must not find its writes failing with EAGAIN.
#[cfg(unix)]
#[test]
fn a_pipe_shared_with_another_writer_is_left_blocking() {
    use std::os::fd::{AsRawFd, FromRawFd, OwnedFd};
    let mut fds = [0; 2];
    // SAFETY: pipe() fills the two descriptors, which are owned right after.
    assert_eq!(unsafe { libc::pipe(fds.as_mut_ptr()) }, 0);
    let (read_end, write_end) =
        unsafe { (OwnedFd::from_raw_fd(fds[0]), OwnedFd::from_raw_fd(fds[1])) };
    let ours = write_end.try_clone().unwrap();
    let nonblocking = || {
        // SAFETY: fcntl on a descriptor the test owns.
        let flags = unsafe { libc::fcntl(ours.as_raw_fd(), libc::F_GETFL) };
        assert!(flags >= 0);
        flags & libc::O_NONBLOCK != 0
    };
    assert!(!nonblocking());
    let mut child = Command::new(env!("CARGO_BIN_EXE_evtop"))
        .args(["events", "--demo", "--speed", "20"])
        .env_remove("EVTOP_CONFIG")
        .stdin(Stdio::null())
        .stdout(Stdio::from(write_end))
        .stderr(Stdio::piped())
        .spawn()
        .expect("evtop runs");
    let mut reader = BufReader::new(std::fs::File::from(read_end));
    let mut line = String::new();
    reader.read_line(&mut line).unwrap();
    assert!(line.starts_with("{\"event\":"), "{line}");
    assert!(
        nonblocking(),
        "the pipe is written without blocking while streaming"
    );
    let killed = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(killed.success());
    assert!(wait_exit(&mut child).success());
    assert!(!nonblocking(), "left non-blocking for the other writers");
}

fn spawn_against(args: &[&str], env: &[(&str, &str)]) -> Child {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_evtop"));
    cmd.arg("events")
        .args(args)
        .env_remove("EVTOP_USER")
        .env_remove("EVTOP_SECRET")
        .env_remove("EVTOP_PASSWORD")
        .env_remove("EVTOP_PROFILE")
        // No config file from the machine running the tests.
        .env("EVTOP_CONFIG", "/dev/null")
        .env("XDG_CONFIG_HOME", "/nonexistent")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    for (k, v) in env {
        cmd.env(k, v);
    }
    cmd.spawn().expect("evtop runs")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn env_password_and_discovery_against_a_running_sim() {
    let mut cfg = evtop::sim::SimConfig::default_on_loopback();
    cfg.speed = 20.0;
    let sim = evtop::sim::start(cfg).await.unwrap();
    let base = sim.base_url();
    let mut child = spawn_against(
        &[
            "--discovery-url",
            &format!("{base}/"),
            "--filter",
            "QueueStatus",
        ],
        &[
            ("EVTOP_USER", evtop::sim::SUPERVISOR_EMAIL),
            ("EVTOP_PASSWORD", evtop::sim::SUPERVISOR_PASSWORD),
        ],
    );
    let (lines, stdout) = tokio::task::block_in_place(|| read_lines(&mut child, 2));
    assert_eq!(lines.len(), 2);
    for line in &lines {
        let v: Value = serde_json::from_str(line).unwrap();
        assert_eq!(v["event"], "QueueStatus");
    }
    drop(stdout);
    let status = tokio::task::block_in_place(|| wait_exit(&mut child));
    assert!(status.success(), "{status:?}");
    sim.shutdown().await;
}

/// Against a server (not `--demo`), `evtop events` runs on one thread: a reader that
/// stops reading (the pipe full, writes blocked) must not keep SIGTERM from ending it.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sigterm_ends_cleanly_against_a_server_with_the_pipe_full() {
    let mut cfg = evtop::sim::SimConfig::default_on_loopback();
    cfg.firehose = Some(5_000);
    let sim = evtop::sim::start(cfg).await.unwrap();
    let base = sim.base_url();
    let mut child = spawn_against(
        &["--api-url", &base, "-u", evtop::sim::SUPERVISOR_EMAIL],
        &[("EVTOP_SECRET", evtop::sim::SUPERVISOR_SECRET)],
    );
    let (lines, _stdout) = tokio::task::block_in_place(|| read_lines(&mut child, 1));
    assert_eq!(lines.len(), 1);
    // 5,000 events a second fill the pipe's 64 KiB well within this.
    tokio::time::sleep(Duration::from_secs(3)).await;
    let killed = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(killed.success());
    let status = tokio::task::block_in_place(|| wait_exit(&mut child));
    assert!(status.success(), "{status:?}");
    sim.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn wrong_secret_exits_with_a_clear_message() {
    let sim = evtop::sim::start(evtop::sim::SimConfig::default_on_loopback())
        .await
        .unwrap();
    let base = sim.base_url();
    let mut child = spawn_against(
        &["--api-url", &base, "-u", evtop::sim::SUPERVISOR_EMAIL],
        &[("EVTOP_SECRET", "wrong-secret-123")],
    );
    let status = tokio::task::block_in_place(|| wait_exit(&mut child));
    assert!(!status.success());
    let err = stderr_text(&mut child);
    assert!(err.contains("check user and secret key"), "{err}");
    assert!(!err.contains("wrong-secret-123"), "{err}");
    sim.shutdown().await;
}

/// An agent login may not see other agents: the first refusals are listed, the rest
/// summed up in one line, and "live" says how many subscriptions hold.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn refusals_are_summed_up_not_listed_by_the_hundred() {
    let mut cfg = evtop::sim::SimConfig::default_on_loopback();
    cfg.speed = 20.0;
    let sim = evtop::sim::start(cfg).await.unwrap();
    let base = sim.base_url();
    let mut child = spawn_against(
        &["--api-url", &base, "-u", evtop::sim::AGENT_EMAIL],
        &[("EVTOP_SECRET", evtop::sim::AGENT_SECRET)],
    );
    // Events of what the agent may see still flow.
    let (lines, stdout) = tokio::task::block_in_place(|| read_lines(&mut child, 2));
    assert_eq!(lines.len(), 2);
    drop(stdout);
    let status = tokio::task::block_in_place(|| wait_exit(&mut child));
    assert!(status.success(), "{status:?}");
    let err = stderr_text(&mut child);
    let listed = err
        .lines()
        .filter(|l| l.starts_with("evtop events: subscription refused: "))
        .count();
    assert_eq!(listed, 3, "{err}");
    let number_before = |line: &str, word: &str| -> usize {
        let before = line.split(word).next().unwrap_or_default();
        let digits: String = before
            .chars()
            .rev()
            .take_while(char::is_ascii_digit)
            .collect::<Vec<_>>()
            .into_iter()
            .rev()
            .collect();
        digits
            .parse()
            .unwrap_or_else(|_| panic!("no number before {word:?} in {line:?}"))
    };
    let more = err
        .lines()
        .find(|l| l.contains(" more subscriptions refused (Unauthorized: "))
        .unwrap_or_else(|| panic!("no summary: {err}"));
    let more = number_before(more, " more subscriptions refused");
    let live = err
        .lines()
        .find(|l| l.starts_with("evtop events: live ("))
        .unwrap_or_else(|| panic!("never live: {err}"));
    let accepted = number_before(live, " of ");
    let total: usize = live
        .split(" of ")
        .nth(1)
        .and_then(|t| t.split(' ').next())
        .and_then(|t| t.parse().ok())
        .unwrap_or_else(|| panic!("no total in {live:?}"));
    // Events the sim does not offer are skipped, not refused: one line says how many.
    let skipped = err
        .lines()
        .find(|l| l.starts_with("evtop events: the server does not offer "))
        .map(|l| number_before(l, " subscriptions skipped"))
        .unwrap_or(0);
    assert!(accepted > 0 && more > 100, "{err}");
    assert_eq!(accepted + listed + more + skipped, total, "{err}");
    assert!(err.lines().count() < 12, "stderr stays short: {err}");
    sim.shutdown().await;
}

/// A filter naming no real event: a warning first, and when the server refuses every
/// subscription, a clear error and exit 1 instead of waiting forever for nothing.
#[test]
fn a_filter_the_server_refuses_ends_with_a_clear_error() {
    let mut child = spawn(&["--filter", "Bogus"]);
    let status = wait_exit(&mut child);
    assert_eq!(status.code(), Some(1), "{status:?}");
    let err = stderr_text(&mut child);
    assert!(err.contains("Bogus is not an event evtop knows"), "{err}");
    // The hub's AvailableSubscriptions does not name it: skipped, not sent.
    assert!(err.contains("the server does not offer Bogus: "), "{err}");
    assert!(
        err.contains(
            "the server refused (or does not offer) every subscription: nothing to stream"
        ),
        "{err}"
    );
}

/// `evtop events … 2>&1 | head`: with stderr closed, the error is dropped, the exit code
/// stays 1 (printing must not panic and abort the process).
#[test]
fn a_closed_stderr_does_not_turn_an_error_into_an_abort() {
    let mut child = spawn(&["--filter", "Bogus"]);
    drop(child.stderr.take());
    let status = wait_exit(&mut child);
    assert_eq!(status.code(), Some(1), "{status:?}");
}

#[test]
fn log_file_gets_the_log_like_the_console() {
    let dir = tempfile::tempdir().unwrap();
    let log = dir.path().join("logs").join("events.log");
    let mut child = spawn(&[
        "--filter",
        "QueueStatus",
        "--log-file",
        log.to_str().unwrap(),
    ]);
    let (lines, stdout) = read_lines(&mut child, 2);
    assert_eq!(lines.len(), 2);
    drop(stdout);
    assert!(wait_exit(&mut child).success());
    let text = std::fs::read_to_string(&log).expect("evtop events wrote its log file");
    assert!(text.contains("evtop events starting"), "{text}");
    // What the session logs, as in the console's log.
    assert!(text.contains("the hub offers"), "{text}");
    assert!(!text.contains('\u{1b}'), "{text}");
}
