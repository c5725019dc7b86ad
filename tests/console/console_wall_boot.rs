//! `evtop console --wall` on a display that boots before the network: it never prompts,
//! it waits for the tenant (one stderr line per attempt) and comes up once the tenant
//! answers. Without `--wall` the console fails fast with the reason.

use evtop::api::{Credential, Login};
use evtop::faces::boot::{connect_patiently, WaitNotice};
use evtop::rte::backoff::Backoff;
use std::net::TcpListener;
use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

const BIN: &str = env!("CARGO_BIN_EXE_evtop");

/// A loopback port that nothing listens on (yet).
fn free_port() -> u16 {
    let l = TcpListener::bind("127.0.0.1:0").expect("bind");
    l.local_addr().expect("addr").port()
}

fn sim_on(port: u16) -> evtop::sim::SimConfig {
    let mut cfg = evtop::sim::SimConfig::default_on_loopback();
    cfg.listen = ([127, 0, 0, 1], port).into();
    cfg
}

/// Runs the binary with no EVTOP_* settings and no config file, stdin closed.
fn evtop(args: &[&str], env: &[(&str, &str)], home: &Path) -> Output {
    let mut cmd = Command::new(BIN);
    cmd.args(args)
        .env("XDG_CONFIG_HOME", home)
        .env("HOME", home)
        .env("EVTOP_LOG", home.join("evtop.log"))
        .stdin(Stdio::null());
    for var in [
        "EVTOP_USER",
        "EVTOP_SECRET",
        "EVTOP_PASSWORD",
        "EVTOP_CONFIG",
    ] {
        cmd.env_remove(var);
    }
    for (k, v) in env {
        cmd.env(k, v);
    }
    let mut child = cmd
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run evtop");
    let deadline = Instant::now() + Duration::from_secs(15);
    while child.try_wait().expect("wait").is_none() {
        if Instant::now() > deadline {
            let _ = child.kill();
            panic!("evtop {args:?} did not fail fast");
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    child.wait_with_output().expect("output")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn waits_for_a_tenant_that_comes_up_late() {
    let port = free_port();
    let mut resolved = Login::with_secret_key(
        "unused",
        evtop::sim::SUPERVISOR_EMAIL,
        evtop::sim::SUPERVISOR_SECRET,
    );
    // Through discovery, so the first call really needs the network.
    resolved.api_url = None;
    resolved.discovery_url = format!("http://127.0.0.1:{port}");
    resolved.credential = Credential::Password(evtop::sim::SUPERVISOR_PASSWORD.into());

    let (notice_tx, mut notice_rx) = tokio::sync::mpsc::unbounded_channel::<WaitNotice>();
    let backoff = Backoff {
        base: Duration::from_millis(300),
        max: Duration::from_millis(600),
        jitter: 0.0,
    };
    let connecting = tokio::spawn(async move {
        connect_patiently(&resolved, backoff, |n| {
            let _ = notice_tx.send(n.clone());
        })
        .await
    });
    // The tenant is down: at least two attempts fail and are reported.
    let mut notices = Vec::new();
    while notices.len() < 2 {
        let n = tokio::time::timeout(Duration::from_secs(10), notice_rx.recv())
            .await
            .expect("a retry is reported")
            .expect("still connecting");
        notices.push(n);
    }
    assert!(!connecting.is_finished(), "gave up instead of waiting");
    let host = format!("127.0.0.1:{port}");
    for n in &notices {
        let line = n.to_string();
        assert!(
            line.starts_with(&format!("evtop: waiting for {host}: ")),
            "{line}"
        );
        assert!(line.contains("; retry in "), "{line}");
    }
    // Now the tenant comes up and the client logs in.
    let sim = evtop::sim::start(sim_on(port)).await.expect("sim starts");
    let api = tokio::time::timeout(Duration::from_secs(10), connecting)
        .await
        .expect("connects once the tenant is up")
        .expect("task")
        .expect("logged in");
    let me = api.me().await.expect("GET /users/me");
    assert_eq!(me.email, evtop::sim::SUPERVISOR_EMAIL);
    sim.shutdown().await;
}

#[test]
fn wall_never_prompts_and_names_what_to_set() {
    let home = tempfile::tempdir().expect("tempdir");
    let out = evtop(&["console", "--wall"], &[], home.path());
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    for needed in ["EVTOP_USER", "EVTOP_SECRET", "secret_key", "--wall"] {
        assert!(err.contains(needed), "{needed} missing in: {err}");
    }
    assert!(!err.contains("User (e-mail)"), "asked: {err}");

    let out = evtop(
        &["console", "--wall"],
        &[("EVTOP_USER", "sup@example.com")],
        home.path(),
    );
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("EVTOP_SECRET") && err.contains("sup@example.com"),
        "{err}"
    );
}

#[test]
fn without_wall_an_unreachable_tenant_fails_fast() {
    let home = tempfile::tempdir().expect("tempdir");
    let url = format!("http://127.0.0.1:{}", free_port());
    let started = Instant::now();
    let out = evtop(
        &["console", "--discovery-url", &url],
        &[
            ("EVTOP_USER", evtop::sim::SUPERVISOR_EMAIL),
            ("EVTOP_SECRET", evtop::sim::SUPERVISOR_SECRET),
        ],
        home.path(),
    );
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("cannot reach"), "{err}");
    assert!(!err.contains("waiting for"), "{err}");
    assert!(started.elapsed() < Duration::from_secs(15));
}

/// Wrong credentials with `--api-url` (no discovery call): the console checks the login
/// before it takes the terminal, and says what to fix; so does a wall display, at once.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_wrong_secret_is_found_before_the_console_starts() {
    let sim = evtop::sim::start(evtop::sim::SimConfig::default_on_loopback())
        .await
        .expect("sim");
    let home = tempfile::tempdir().expect("tempdir");
    let url = sim.base_url();
    for wall in [false, true] {
        let mut args = vec!["console", "--api-url", url.as_str()];
        if wall {
            args.push("--wall");
        }
        let out = tokio::task::block_in_place(|| {
            evtop(
                &args,
                &[
                    ("EVTOP_USER", evtop::sim::SUPERVISOR_EMAIL),
                    ("EVTOP_SECRET", "not-the-secret-42"),
                ],
                home.path(),
            )
        });
        assert_eq!(out.status.code(), Some(1), "wall {wall}: {out:?}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(
            err.contains("check user and secret key"),
            "wall {wall}: {err}"
        );
        assert!(!err.contains("not-the-secret-42"), "{err}");
        assert!(
            out.stdout.is_empty(),
            "the terminal was never taken: {:?}",
            String::from_utf8_lossy(&out.stdout)
        );
    }
    sim.shutdown().await;
}

/// The binary on a real terminal (tmux): `evtop --wall` starts while the tenant is down,
/// prints its waiting lines, and shows the queues once the simulator is up.
#[test]
fn wall_console_comes_up_when_the_tenant_does() {
    let tmux_ok = Command::new("tmux")
        .arg("-V")
        .output()
        .map(|o| o.status.success())
        .unwrap_or(false);
    if !tmux_ok {
        assert_ne!(
            std::env::var("CI").as_deref(),
            Ok("true"),
            "tmux is required under CI"
        );
        eprintln!("SKIPPED: tmux is not installed");
        return;
    }
    let dir = tempfile::tempdir().expect("tempdir");
    let port = free_port();
    let socket = format!("evtop-wallboot-{}", std::process::id());
    let tmux = |args: &[&str]| {
        Command::new("tmux")
            .arg("-L")
            .arg(&socket)
            .args(args)
            .output()
            .expect("run tmux")
    };
    struct Kill<F: Fn(&[&str]) -> Output>(F);
    impl<F: Fn(&[&str]) -> Output> Drop for Kill<F> {
        fn drop(&mut self) {
            let _ = (self.0)(&["kill-server"]);
        }
    }
    let script = format!(
        "env -u EVTOP_CONFIG XDG_CONFIG_HOME='{d}' EVTOP_USER='{u}' EVTOP_SECRET='{s}' \
         '{bin}' --wall --discovery-url http://127.0.0.1:{port} --log-file '{d}/evtop.log'; sleep 30",
        d = dir.path().display(),
        u = evtop::sim::SUPERVISOR_EMAIL,
        s = evtop::sim::SUPERVISOR_SECRET,
        bin = BIN,
    );
    let out = tmux(&[
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
    let _kill = Kill(tmux);
    let capture = || {
        let out = Command::new("tmux")
            .arg("-L")
            .arg(&socket)
            .args(["capture-pane", "-p", "-t", "evtop"])
            .output()
            .expect("capture");
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    let wait_for = |what: &str, secs: u64, ok: &dyn Fn(&str) -> bool| {
        let deadline = Instant::now() + Duration::from_secs(secs);
        loop {
            let screen = capture();
            if ok(&screen) {
                return screen;
            }
            assert!(
                Instant::now() < deadline,
                "timed out waiting for {what}:\n{screen}"
            );
            std::thread::sleep(Duration::from_millis(150));
        }
    };
    let waiting = format!("evtop: waiting for 127.0.0.1:{port}: ");
    wait_for("two waiting lines", 10, &|s| {
        s.matches(&waiting).count() >= 2
    });

    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .expect("runtime");
    let cfg = sim_on(port);
    let queue = cfg.scenario.queues[0].name.clone();
    let sim = rt.block_on(evtop::sim::start(cfg)).expect("sim starts");
    wait_for("the queues pane", 12, &|s| {
        s.contains(&queue) && s.contains("live")
    });
    rt.block_on(sim.shutdown());
}

/// SIGTERM while a wall console waits for its tenant ends it cleanly (status 0) with a
/// line saying so.
#[cfg(unix)]
#[test]
fn sigterm_while_waiting_stops_cleanly() {
    use std::io::{BufRead, BufReader};
    let home = tempfile::tempdir().expect("tempdir");
    let url = format!("http://127.0.0.1:{}", free_port());
    let mut child = Command::new(BIN)
        .args(["console", "--wall", "--discovery-url", &url])
        .env("XDG_CONFIG_HOME", home.path())
        .env("HOME", home.path())
        .env("EVTOP_LOG", home.path().join("evtop.log"))
        .env_remove("EVTOP_CONFIG")
        .env("EVTOP_USER", evtop::sim::SUPERVISOR_EMAIL)
        .env("EVTOP_SECRET", evtop::sim::SUPERVISOR_SECRET)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run evtop");
    let stderr = child.stderr.take().expect("stderr");
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stderr).lines().map_while(Result::ok) {
            let _ = tx.send(line);
        }
    });
    let first = rx
        .recv_timeout(Duration::from_secs(10))
        .expect("a waiting line");
    assert!(
        first.starts_with("evtop: waiting for 127.0.0.1:"),
        "{first}"
    );
    let killed = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .expect("kill");
    assert!(killed.success());
    let deadline = Instant::now() + Duration::from_secs(5);
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait") {
            break status;
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            panic!("evtop did not stop on SIGTERM");
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    assert!(status.success(), "{status:?}");
    // The reader thread ends when the pipe closes, so this does not wait for nothing.
    let rest: Vec<String> =
        std::iter::from_fn(|| rx.recv_timeout(Duration::from_secs(5)).ok()).collect();
    assert!(
        rest.iter()
            .any(|l| l.starts_with("evtop: stopped while waiting for 127.0.0.1:")),
        "{rest:?}"
    );
}
