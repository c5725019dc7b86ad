use super::prompt::ScriptedPrompter;
use super::*;
use std::path::Path;

fn file(text: &str) -> ConfigFile {
    ConfigFile::parse(text, Path::new("/x/config.toml")).unwrap()
}

const FILE: &str = r#"
default_profile = "work"

[profiles.work]
username = "sup@example.com"
secret_key = "file-secret"
api_url = "https://api.example.com/"

[profiles.lab]
username = "lab@example.com"
password = "lab-pass"
discovery_url = "http://127.0.0.1:9/"
insecure_http = true

[paths]
terminate_wrapup = "/v2/users/{userId}/wrapup/end"

[ui]
theme = "dark"

[keys]
quit = "q"
"#;

#[test]
fn profile_fills_what_flags_leave_out() {
    let r = resolve_with(
        &ConnectArgs::default(),
        Some("/x/config.toml".into()),
        &file(FILE),
        &mut NoPrompt,
    )
    .unwrap();
    assert_eq!(r.username, "sup@example.com");
    assert_eq!(
        r.credential,
        Credential::SecretKey(Secret::new("file-secret"))
    );
    assert_eq!(r.api_url.as_deref(), Some("https://api.example.com/"));
    assert_eq!(r.discovery_url, DEFAULT_DISCOVERY_URL);
    assert_eq!(
        r.paths
            .path(crate::api::Endpoint::TerminateWrapUp, &[("userId", "u")]),
        "/v2/users/u/wrapup/end"
    );
    // [ui] and [keys] stay in the file for the console settings (config::ui, config::keys).
    let f = file(FILE);
    assert_eq!(f.ui.get("theme").and_then(|v| v.as_str()), Some("dark"));
    assert_eq!(f.keys.get("quit").and_then(|v| v.as_str()), Some("q"));
}

#[test]
fn flags_and_env_beat_the_profile() {
    let args = ConnectArgs {
        username: Some("flag@example.com".into()),
        password: Some("flag-pass".into()),
        api_url: Some("https://flag.example.com".into()),
        ..ConnectArgs::default()
    };
    let r = resolve_with(&args, None, &file(FILE), &mut NoPrompt).unwrap();
    assert_eq!(r.username, "flag@example.com");
    // A password given on the command line beats the profile's secret key.
    assert_eq!(r.credential, Credential::Password(Secret::new("flag-pass")));
    assert_eq!(r.api_url.as_deref(), Some("https://flag.example.com"));
}

#[test]
fn named_profile_is_used() {
    let args = ConnectArgs {
        profile: Some("lab".into()),
        ..ConnectArgs::default()
    };
    let r = resolve_with(&args, None, &file(FILE), &mut NoPrompt).unwrap();
    assert_eq!(r.username, "lab@example.com");
    assert_eq!(r.credential, Credential::Password(Secret::new("lab-pass")));
    assert_eq!(r.discovery_url, "http://127.0.0.1:9/");
    assert!(r.insecure_http);
    assert_eq!(r.api_url, None);

    let args = ConnectArgs {
        profile: Some("nope".into()),
        ..ConnectArgs::default()
    };
    let err =
        resolve_with(&args, Some("/x/c.toml".into()), &file(FILE), &mut NoPrompt).unwrap_err();
    assert_eq!(err.to_string(), "profile 'nope' is not in /x/c.toml");
}

#[test]
fn prompt_asks_for_what_is_missing_secrets_hidden() {
    let mut p = ScriptedPrompter::new(["me@example.com", "", "typed-pass"]);
    let r = resolve_with(
        &ConnectArgs::default(),
        None,
        &ConfigFile::default(),
        &mut p,
    )
    .unwrap();
    assert_eq!(r.username, "me@example.com");
    assert_eq!(
        r.credential,
        Credential::Password(Secret::new("typed-pass"))
    );
    let secret_flags: Vec<bool> = p.asked.iter().map(|(_, s)| *s).collect();
    assert_eq!(secret_flags, vec![false, true, true]);
}

#[test]
fn nothing_to_ask_gives_clear_errors() {
    let err = resolve_with(
        &ConnectArgs::default(),
        None,
        &ConfigFile::default(),
        &mut NoPrompt,
    )
    .unwrap_err();
    assert!(matches!(err, ConfigError::MissingUser));
    let args = ConnectArgs {
        username: Some("u@example.com".into()),
        ..ConnectArgs::default()
    };
    let err = resolve_with(&args, None, &ConfigFile::default(), &mut NoPrompt).unwrap_err();
    assert!(err.to_string().contains("u@example.com"), "{err}");
}

#[test]
fn bad_file_names_file_line_and_problem() {
    let text = "default_profile = \"a\"\n[profiles.a]\nusername = 42\n";
    let err = ConfigFile::parse(text, Path::new("/etc/evtop.toml")).unwrap_err();
    let msg = err.to_string();
    assert!(msg.starts_with("/etc/evtop.toml:3:"), "{msg}");
    assert!(msg.contains("string"), "{msg}");

    let err =
        ConfigFile::parse("[profiles.a]\nusernme = \"x\"\n", Path::new("c.toml")).unwrap_err();
    assert!(err.to_string().starts_with("c.toml:2:"), "{err}");
    assert!(err.to_string().contains("usernme"), "{err}");
}

#[test]
fn bad_path_override_is_reported() {
    let f = file("[paths]\nterminate_wrapup = \"/users/wrapup\"\n");
    let err = resolve_with(
        &ConnectArgs {
            username: Some("u".into()),
            secret: Some("s".into()),
            ..ConnectArgs::default()
        },
        Some("/c.toml".into()),
        &f,
        &mut NoPrompt,
    )
    .unwrap_err();
    assert!(err.to_string().contains("{userId}"), "{err}");
}

#[test]
fn explicit_config_must_exist_and_secret_stays_hidden() {
    let args = ConnectArgs {
        config: Some("/definitely/not/here.toml".into()),
        ..ConnectArgs::default()
    };
    let err = load(&args).unwrap_err();
    assert_eq!(
        err.to_string(),
        "config file /definitely/not/here.toml does not exist"
    );

    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("c.toml");
    std::fs::write(&path, FILE).unwrap();
    let args = ConnectArgs {
        config: Some(path.clone()),
        ..ConnectArgs::default()
    };
    let r = resolve(&args, &mut NoPrompt).unwrap();
    // The file named by --config was the one read: its default profile is used.
    assert_eq!(r.username, "sup@example.com");
    assert!(!format!("{r:?}").contains("file-secret"));
}

#[test]
fn callout_mobile_is_read_from_the_selected_profile() {
    let f = file(
        "default_profile = \"work\"\n[profiles.work]\ncallout_mobile = true\n[profiles.lab]\n",
    );
    let path = Some(std::path::PathBuf::from("/x/config.toml"));
    let work = selected_profile(&ConnectArgs::default(), path.as_ref(), &f).unwrap();
    assert_eq!(work.callout_mobile, Some(true));
    let lab_args = ConnectArgs {
        profile: Some("lab".into()),
        ..ConnectArgs::default()
    };
    let lab = selected_profile(&lab_args, path.as_ref(), &f).unwrap();
    assert_eq!(lab.callout_mobile, None);
    assert!(ConfigFile::parse(
        "[profiles.x]\ncallout_mobile = \"yes\"\n",
        Path::new("/x/config.toml")
    )
    .is_err());
}

#[test]
fn ca_file_from_the_flag_or_the_profile_relative_to_the_config_file() {
    let text = "[profiles.default]\nusername = \"u@x\"\nsecret_key = \"k\"\nca_file = \"ca/private.pem\"\n";
    let r = resolve_with(
        &ConnectArgs::default(),
        Some("/etc/evtop/config.toml".into()),
        &file(text),
        &mut NoPrompt,
    )
    .unwrap();
    assert_eq!(
        r.ca_file.as_deref(),
        Some(Path::new("/etc/evtop/ca/private.pem"))
    );
    let args = ConnectArgs {
        ca_file: Some("/tmp/flag.pem".into()),
        ..ConnectArgs::default()
    };
    let r = resolve_with(
        &args,
        Some("/etc/evtop/config.toml".into()),
        &file(text),
        &mut NoPrompt,
    )
    .unwrap();
    assert_eq!(
        r.ca_file.as_deref(),
        Some(Path::new("/tmp/flag.pem")),
        "the flag wins"
    );
}

#[test]
fn a_config_file_that_is_not_a_small_regular_file_is_refused() {
    let e = ConfigFile::read(Path::new("/dev/zero"))
        .unwrap_err()
        .to_string();
    assert!(e.contains("not a regular file"), "{e}");
    let dir = tempfile::tempdir().unwrap();
    let big = dir.path().join("big.toml");
    std::fs::write(&big, vec![b'#'; (1 << 20) + 1]).unwrap();
    let e = ConfigFile::read(&big).unwrap_err().to_string();
    assert!(e.contains("larger than 1 MiB"), "{e}");
}
