//! Files the user names are bounded: a config, theme or scenario file that is not a
//! regular file (`/dev/zero`) or is larger than 1 MiB (a 2 GiB sparse file) is refused at
//! once with a line naming it, before anything is read or the terminal is touched. The
//! peak RSS of each refusing process is printed (VmHWM, polled while it runs).

use crate::child_support::Child;
use std::time::{Duration, Instant};

/// A refusing evtop stays near its idle size (about 10 MiB for the debug build).
const RSS_BOUND_KIB: u64 = 32 * 1024;

fn refused(args: &[&str], what: &str) {
    let home = tempfile::tempdir().unwrap();
    let started = Instant::now();
    let mut child = Child::spawn(args, &[], home.path());
    let mut peak = 0;
    let status = loop {
        peak = peak.max(child.peak_rss_kib());
        if let Some(status) = child.try_wait() {
            break status;
        }
        assert!(
            started.elapsed() < Duration::from_secs(10),
            "{args:?} still running"
        );
        std::thread::sleep(Duration::from_millis(5));
    };
    let stderr = child.stderr_with(what, Duration::from_secs(5));
    eprintln!(
        "{args:?}: refused in {:?}, peak RSS {peak} KiB",
        started.elapsed()
    );
    assert!(!status.success(), "{args:?}");
    assert!(peak < RSS_BOUND_KIB, "{args:?}: peak RSS {peak} KiB");
    assert!(stderr.lines().count() <= 3, "{stderr}");
    assert!(
        !stderr.contains('\u{1b}'),
        "the terminal was never touched: {stderr:?}"
    );
}

#[test]
fn dev_zero_as_config_theme_or_scenario_is_refused() {
    refused(
        &["--config", "/dev/zero", "events"],
        "/dev/zero is not a regular file",
    );
    refused(
        &["demo", "--theme", "/dev/zero"],
        "/dev/zero is not a regular file",
    );
    refused(
        &["sim", "--scenario", "/dev/zero"],
        "/dev/zero is not a regular file",
    );
}

#[test]
fn a_huge_config_theme_or_scenario_is_refused_unread() {
    let dir = tempfile::tempdir().unwrap();
    let big = dir.path().join("huge.toml");
    let f = std::fs::File::create(&big).unwrap();
    f.set_len(2 << 30).unwrap(); // 2 GiB, sparse: costs no disk
    let big = big.to_str().unwrap();
    refused(&["--config", big, "events"], "larger than 1 MiB");
    refused(&["demo", "--theme", big], "larger than 1 MiB");
    refused(&["sim", "--scenario", big], "larger than 1 MiB");
}
