//! The console's flags are checked before anything starts: a bad theme file or threshold
//! is a clear message on a normal screen and a failing exit status.

use std::process::Command;

const BIN: &str = env!("CARGO_BIN_EXE_evtop");

#[test]
fn a_bad_theme_file_names_its_line() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("broken.toml");
    std::fs::write(
        &path,
        "name = \"broken\"\n[roles]\nalert = { fg = \"purplish\" }\n",
    )
    .expect("write theme");
    let out = Command::new(BIN)
        .args(["demo", "--theme"])
        .arg(&path)
        .env("EVTOP_LOG", dir.path().join("evtop.log"))
        .output()
        .expect("run evtop");
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("line 3"), "{err}");
    assert!(err.contains("purplish"), "{err}");
    assert!(
        !err.contains('\u{1b}'),
        "no terminal escapes: the console never started: {err:?}"
    );
}

#[test]
fn an_unknown_theme_lists_the_built_in_ones() {
    let out = Command::new(BIN)
        .args(["demo", "--theme", "sparkly"])
        .output()
        .expect("run evtop");
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("default, dark, light, high-contrast, mono"),
        "{err}"
    );
}

#[test]
fn a_bad_threshold_is_refused() {
    let out = Command::new(BIN)
        .args(["demo", "--callers-threshold", "9/2"])
        .output()
        .expect("run evtop");
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("--callers-threshold"), "{err}");
}

/// The console settings a command line leads to (no config file).
fn settings_of(args: &[&str]) -> evtop::config::console::ConsoleSettings {
    let cli = evtop::cli::Cli::try_parse_checked(args).expect("parses");
    let ui = cli.console_ui().expect("a face with a console");
    evtop::config::console::prepare_with_file(ui, &evtop::config::ui::UiFile::default(), None)
        .expect("valid settings")
}

#[test]
fn wall_before_or_after_the_subcommand_is_read_only() {
    for args in [
        &["evtop", "--wall", "console", "-u", "a@b.fi"][..],
        &["evtop", "console", "--wall", "-u", "a@b.fi"][..],
        &["evtop", "--wall", "demo"][..],
        &["evtop", "demo", "--wall"][..],
    ] {
        let s = settings_of(args);
        assert!(s.ui.wall, "{args:?} is not a read-only wall");
    }
    let s = settings_of(&["evtop", "--callers-threshold", "4/8", "console"]);
    assert_eq!(
        (s.thresholds.waiting_warn, s.thresholds.waiting_alert),
        (4, 8)
    );
    assert!(!settings_of(&["evtop", "console"]).ui.wall);
}

/// Runs the binary without credentials, a config file or a terminal.
fn run_bare(args: &[&str]) -> (bool, String) {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = Command::new(BIN)
        .args(args)
        .env("EVTOP_LOG", dir.path().join("evtop.log"))
        .env("XDG_CONFIG_HOME", dir.path())
        .env("HOME", dir.path())
        .env_remove("EVTOP_CONFIG")
        .env_remove("EVTOP_THEME")
        .env_remove("EVTOP_USER")
        .env_remove("EVTOP_SECRET")
        .env_remove("EVTOP_PASSWORD")
        .env_remove("EVTOP_PROFILE")
        .stdin(std::process::Stdio::null())
        .output()
        .expect("run evtop");
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn the_binary_is_a_wall_whichever_side_of_console_wall_is_written() {
    for args in [&["--wall", "console"][..], &["console", "--wall"][..]] {
        let (ok, err) = run_bare(args);
        assert!(!ok, "{args:?}");
        assert!(err.contains("--wall never asks"), "{args:?}: {err}");
    }
}

#[test]
fn an_invalid_threshold_is_refused_before_or_after_the_subcommand() {
    for args in [
        &["--wall", "--callers-threshold", "6/3", "demo"][..],
        &["demo", "--wall", "--callers-threshold", "6/3"][..],
        &["--wait-threshold", "9/1", "demo"][..],
    ] {
        let (ok, err) = run_bare(args);
        assert!(!ok, "{args:?}");
        assert!(
            err.contains("-threshold wants WARN/ALERT with WARN <= ALERT"),
            "{args:?}: {err}"
        );
        assert!(
            !err.contains('\u{1b}'),
            "the console never started: {err:?}"
        );
    }
    let (ok, err) = run_bare(&["--wall", "sim", "--listen", "127.0.0.1:0"]);
    assert!(!ok);
    assert!(err.contains("--wall is a console flag"), "{err}");
}
