//! The conventions a k9s / lazygit user expects from the binary: shell completions, a
//! manual page, `evtop config path|default`, and a plain word when there is no terminal.

use std::process::{Command, Output, Stdio};

const BIN: &str = env!("CARGO_BIN_EXE_evtop");

fn evtop(args: &[&str], home: &std::path::Path) -> Output {
    Command::new(BIN)
        .args(args)
        .env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("HOME", home)
        .env("XDG_CONFIG_HOME", home.join("config"))
        .env("XDG_STATE_HOME", home.join("state"))
        .stdin(Stdio::null())
        .output()
        .expect("run evtop")
}

const FACES: &[&str] = &[
    "console",
    "demo",
    "sim",
    "events",
    "doctor",
    "config",
    "completions",
    "man",
];

#[test]
fn completions_for_bash_and_zsh_name_every_face() {
    let home = tempfile::tempdir().unwrap();
    for shell in ["bash", "zsh", "fish"] {
        let out = evtop(&["completions", shell], home.path());
        assert!(out.status.success(), "{shell}: {out:?}");
        let script = String::from_utf8(out.stdout).unwrap();
        for face in FACES {
            assert!(script.contains(face), "{shell} completion lacks {face}");
        }
        assert!(script.contains("wall"), "{shell}: flags too");
    }
    let out = evtop(&["completions", "tcsh"], home.path());
    assert_eq!(
        out.status.code(),
        Some(2),
        "an unknown shell is a usage error"
    );
}

#[test]
fn man_is_roff_with_every_face() {
    let home = tempfile::tempdir().unwrap();
    let out = evtop(&["man"], home.path());
    assert!(out.status.success(), "{out:?}");
    let page = String::from_utf8(out.stdout).unwrap();
    assert!(
        page.starts_with(".ie") || page.starts_with(".TH"),
        "{}",
        &page[..80]
    );
    assert!(page.contains(".TH evtop"), "a title header");
    for face in FACES {
        assert!(
            page.contains(&format!(".SH \"evtop {}\"", face.to_uppercase())),
            "no section for {face}"
        );
    }
}

#[test]
fn config_path_says_which_file_and_whether_it_exists() {
    let home = tempfile::tempdir().unwrap();
    let out = evtop(&["config", "path"], home.path());
    assert!(out.status.success());
    let path = String::from_utf8(out.stdout).unwrap();
    let want = home.path().join("config/evtop/config.toml");
    assert_eq!(path.trim(), want.display().to_string());
    let note = String::from_utf8(out.stderr).unwrap();
    assert!(note.contains("does not exist"), "{note}");

    // The default written there is read back by the console's own loader.
    let text = evtop(&["config", "default"], home.path()).stdout;
    std::fs::create_dir_all(want.parent().unwrap()).unwrap();
    std::fs::write(&want, &text).unwrap();
    let out = evtop(&["config", "path"], home.path());
    assert!(String::from_utf8(out.stderr).unwrap().contains("exists"));
    let given = home.path().join("other.toml");
    let out = evtop(
        &["--config", given.to_str().unwrap(), "config", "path"],
        home.path(),
    );
    assert_eq!(
        String::from_utf8(out.stdout).unwrap().trim(),
        given.display().to_string()
    );
}

#[test]
fn the_default_config_is_accepted_by_the_console() {
    let home = tempfile::tempdir().unwrap();
    let text = evtop(&["config", "default"], home.path()).stdout;
    let path = home.path().join("config.toml");
    std::fs::write(&path, text).unwrap();
    // No terminal here: the console reads the whole file first, then says it needs one.
    let out = evtop(&["--config", path.to_str().unwrap(), "demo"], home.path());
    let err = String::from_utf8(out.stderr).unwrap();
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert_eq!(
        err.trim(),
        "evtop needs a terminal (use ssh -t, or `evtop events` for scripts)"
    );
}

#[test]
fn without_a_terminal_the_console_says_what_to_do() {
    let home = tempfile::tempdir().unwrap();
    let out = evtop(&["demo"], home.path());
    let err = String::from_utf8(out.stderr).unwrap();
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(err.contains("needs a terminal"), "{err}");
    assert!(!err.contains("os error"), "{err}");
    // (`evtop console` shares the check: it runs where the screen would be entered, once
    // the tenant has been reached.)
}

#[test]
fn a_bad_wait_threshold_gives_a_wait_example() {
    let home = tempfile::tempdir().unwrap();
    let out = evtop(&["demo", "--wait-threshold", "60"], home.path());
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(!out.status.success());
    assert!(err.contains("e.g. 60/180"), "{err}");
    assert!(!err.contains("3/6"), "{err}");
}
