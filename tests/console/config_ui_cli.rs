//! The config file's `[ui]` table is read by `evtop demo` and `evtop console` before the
//! terminal is touched: a bad value is a clear message naming the file and the key.

use std::process::{Command, Stdio};

const BIN: &str = env!("CARGO_BIN_EXE_evtop");

fn run(args: &[&str], config: &str) -> (bool, String) {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("config.toml");
    std::fs::write(&path, config).expect("write config");
    let out = Command::new(BIN)
        .args(args)
        .arg("--config")
        .arg(&path)
        .env("EVTOP_LOG", dir.path().join("evtop.log"))
        .env_remove("EVTOP_THEME")
        .env_remove("EVTOP_USER")
        .env_remove("EVTOP_SECRET")
        .env_remove("EVTOP_PASSWORD")
        .env_remove("EVTOP_PROFILE")
        .stdin(Stdio::null())
        .output()
        .expect("run evtop");
    let err = String::from_utf8_lossy(&out.stderr).into_owned();
    (out.status.success(), err)
}

#[test]
fn demo_reads_the_ui_table_and_names_a_bad_key() {
    let (ok, err) = run(&["demo"], "[ui.thresholds]\ncallers = [6, 3]\n");
    assert!(!ok);
    assert!(err.contains("config.toml"), "{err}");
    assert!(err.contains("[ui.thresholds] callers"), "{err}");
    assert!(
        !err.contains('\u{1b}'),
        "the console never started: {err:?}"
    );
}

#[test]
fn demo_reads_the_keys_table() {
    let (ok, err) = run(&["demo"], "[keys]\nno_such_action = \"x\"\n");
    assert!(!ok);
    assert!(err.contains("no_such_action"), "{err}");
}

#[test]
fn console_reads_the_ui_table_before_asking_for_credentials() {
    let (ok, err) = run(&["console"], "[ui]\ntheme = \"sparkly\"\n");
    assert!(!ok);
    assert!(
        err.contains("[ui] theme") && err.contains("sparkly"),
        "{err}"
    );
    assert!(!err.contains("User (e-mail)"), "{err}");
}

#[test]
fn a_wall_flag_in_the_file_means_no_prompt() {
    let (ok, err) = run(&["console"], "[ui]\nwall = true\n");
    assert!(!ok);
    assert!(err.contains("--wall never asks"), "{err}");
}

/// A key or value written with escapes (a pasted colour code, a hostile shared config) is
/// named in the error without its control characters: the terminal is never driven by it.
#[test]
fn a_key_with_escapes_is_named_without_them() {
    for config in [
        "\"\\u001b]0;pwned\\u0007bad\\u001b[2J\" = 1\n",
        "[keys]\n\"\\u001b[31mred\\u009d\" = \"x\"\n",
        "[ui]\ntheme = \"\\u001b[2Jsparkly\\u202e\"\n",
    ] {
        let (ok, err) = run(&["demo"], config);
        assert!(!ok, "{config:?} was accepted");
        assert!(err.contains("config.toml"), "{err}");
        assert!(
            !err.chars()
                .any(|c| (c.is_control() && c != '\n') || evtop::sanitize::is_invisible(c)),
            "{config:?} gave {err:?}"
        );
    }
}
