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
