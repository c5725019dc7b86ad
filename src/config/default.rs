//! `evtop config default`: every setting the config file accepts, with its default, as a
//! commented TOML file. Made from the same tables the program reads (the keymap, the REST
//! path table, the threshold defaults, the built-in themes), so it cannot fall behind.
//! A setting line is `# key = value`: uncommented, it sets exactly the default.

use crate::api::paths::{PathTable, ROUTES};
use crate::app::keymap::{Chord, Keymap};
use crate::app::state::Thresholds;
use crossterm::event::{KeyCode, KeyModifiers};
use std::fmt::Write as _;

/// The text of a `[keys]` value that reads back as `chord` (the help's arrows are
/// written as words).
pub fn chord_text(chord: &Chord) -> String {
    let named = match chord.code {
        KeyCode::Up => Some("Up"),
        KeyCode::Down => Some("Down"),
        KeyCode::Left => Some("Left"),
        KeyCode::Right => Some("Right"),
        _ => None,
    };
    match named {
        Some(word) => {
            let mut out = String::new();
            if chord.mods.contains(KeyModifiers::CONTROL) {
                out.push_str("Ctrl-");
            }
            if chord.mods.contains(KeyModifiers::ALT) {
                out.push_str("Alt-");
            }
            out.push_str(word);
            out
        }
        None => chord.label(),
    }
}

/// The commented default config file.
pub fn default_toml() -> String {
    let mut out = String::new();
    let t = Thresholds::default();
    let themes = crate::ui::theme::builtin_names().join(", ");
    let _ = write!(
        out,
        r#"# evtop configuration: every setting, with its default.
# Read from $XDG_CONFIG_HOME/evtop/config.toml (or ~/.config/evtop/config.toml), or --config FILE;
# `evtop config path` says which file is read. Uncomment a line to change it.
# Flags and EVTOP_* environment variables win over this file.

# The profile used when --profile is not given.
# default_profile = "prod"

# One table per tenant login; --profile NAME picks one.
# [profiles.prod]
# username = "supervisor@customer.com"
# Prefer EVTOP_SECRET or the prompt to writing the secret here.
# secret_key = "…"
# A password is exchanged once for the secret key.
# password = "…"
# Skip discovery and talk to this REST endpoint.
# api_url = "https://api.example.enreachvoice.com/"
# discovery_url = "https://discover.enreachvoice.com"
# Allow plain http to a host other than loopback (never for a real tenant).
# insecure_http = false
# After "call back", also ring this user's mobile through the platform.
# callout_mobile = false
# A private CA (PEM) trusted besides the system's roots; relative to this file.
# ca_file = "private-ca.pem"
# Largest REST answer read, in MiB.
# max_body_mib = 32

[ui]
# A built-in theme ({themes}) or a theme file, relative to this file.
# theme = "default"
# A read-only wall display: no actions, q asks before quitting (--wall).
# wall = false

[ui.thresholds]
# Callers waiting in a queue: WARN, ALERT (--callers-threshold).
# callers = [{cw}, {ca}]
# Longest wait in seconds: WARN, ALERT (--wait-threshold).
# wait_secs = [{ww}, {wa}]

[alerts]
# Alert rules: a level is entered once its condition has held `for`, and left once the
# value is `clear_percent` past the threshold (at least one unit); every crossing goes
# into the event log. Ring the terminal bell on entering alert, at most once per bell_every.
# bell = false
# bell_every = "60s"
# for = "30s"
# clear_percent = 10
# Thresholds as [WARN, ALERT], for every queue or per queue (by name or id), e.g.:
#   [alerts.default]
#   callers = [3, 6]
#   longest_wait = ["1m", "3m"]
#   sl_below = [80, 60]
#   free_below = [2, 1]
#   abandoned_above = [10, 25]
#   [alerts.queues."Customer Support"]
#   callers = [2, 4]
#   for = "10s"
# Agent rows are marked ▲/■ past these (and counted on the wall):
#   [alerts.agents]
#   brb = ["10m", "20m"]
#   busy = ["30m", "1h"]
#   talking = ["20m", "40m"]
#   wrap_up_overrun = true

[service_level]
# SL% is the share of a queue's calls of the day answered within `target`; below `goal`
# it is marked. Per queue (by name or id) as well, e.g.:
#   [service_level.queues."Customer Support"]
#   target = "30s"
#   goal = 90
# target = "{sl_target}s"
# goal = {sl_goal}

[views]
# Queue sets, shown with --view NAME or :view NAME (queues by name or id); the queues
# pane, the totals and the wall then count only those queues and their agents, e.g.:
#   [views.sales]
#   queues = ["Sales", "Myynti"]
# "mine" is built in: the queues you serve (GET /queues/?OnlyForUser=), unless a
# [views.mine] table says otherwise.

[keys]
# An action's keys: one key ("x", "Ctrl-x", "Alt-x", "Enter", "Esc", "Tab", "Shift-Tab",
# "Space", "Up", "PgDn", "Home", "F1"…) or a list of keys. The action keeps its pane.
"#,
        cw = t.waiting_warn,
        ca = t.waiting_alert,
        ww = t.longest_wait_warn_secs,
        wa = t.longest_wait_alert_secs,
        sl_target = crate::app::state::today::DEFAULT_TARGET_SECS,
        sl_goal = crate::app::state::today::DEFAULT_GOAL_PERCENT,
    );
    let keymap = Keymap::default();
    let mut seen = Vec::new();
    for b in &keymap.bindings {
        if seen.contains(&b.action) {
            continue;
        }
        seen.push(b.action);
        let mut keys: Vec<String> = Vec::new();
        for o in keymap.bindings.iter().filter(|o| o.action == b.action) {
            let key = toml::Value::String(chord_text(&o.chord)).to_string();
            if !keys.contains(&key) {
                keys.push(key);
            }
        }
        let mut panes: Vec<&str> = Vec::new();
        for o in keymap.bindings.iter().filter(|o| o.action == b.action) {
            if !panes.contains(&o.context.title()) {
                panes.push(o.context.title());
            }
        }
        let _ = writeln!(out, "# {}: {}", panes.join(", "), b.action.desc());
        let _ = writeln!(out, "# {} = [{}]", b.action.name(), keys.join(", "));
    }
    out.push_str(
        "\n[paths]\n# REST paths, for a tenant whose routes differ ({param} placeholders kept).\n",
    );
    for r in ROUTES {
        let note = if r.inferred() {
            " (inferred: check with `evtop doctor`)"
        } else {
            ""
        };
        let _ = writeln!(out, "# {} {}{note}", r.method.as_str(), r.template);
        let _ = writeln!(out, "# {}", PathTable::config_line(r.endpoint, r.template));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::file::ConfigFile;
    use std::path::Path;

    /// The file with every `# key = value` and `# [table]` line uncommented.
    fn uncommented(text: &str) -> String {
        text.lines()
            .map(|l| {
                let rest = l.strip_prefix("# ").unwrap_or(l);
                let setting = rest.starts_with("[profiles.")
                    || rest
                        .split_once(" = ")
                        .is_some_and(|(k, _)| !k.is_empty() && k.chars().all(is_key_char));
                if setting && l.starts_with("# ") {
                    rest
                } else {
                    l
                }
            })
            .collect::<Vec<_>>()
            .join("\n")
    }

    fn is_key_char(c: char) -> bool {
        c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_'
    }

    /// Field names serde expects, from its "unknown field" message.
    fn expected_fields<T: serde::de::DeserializeOwned + std::fmt::Debug>() -> Vec<String> {
        let err = toml::from_str::<T>("zz_not_a_key = 1").unwrap_err();
        let msg = err.message().to_owned();
        let list = msg.split("expected one of").nth(1).unwrap_or_default();
        list.split(',')
            .map(|f| f.trim().trim_matches('`').to_owned())
            .filter(|f| !f.is_empty())
            .collect()
    }

    #[test]
    fn the_default_reads_back_as_is_and_uncommented() {
        let text = default_toml();
        let path = Path::new("config.toml");
        ConfigFile::parse(&text, path).expect("as written");
        let all = uncommented(&text);
        let file = ConfigFile::parse(&all, path).expect("uncommented");
        assert!(file.profiles.contains_key("prod"));
        let ui = crate::config::ui::UiFile::parse(&file.ui, None).expect("[ui]");
        let t = Thresholds::default();
        assert_eq!(ui.callers, Some((t.waiting_warn, t.waiting_alert)));
        assert_eq!(ui.theme.as_deref(), Some("default"));
        let keymap =
            crate::config::keys::with_overrides(&Keymap::default(), &file.keys).expect("[keys]");
        let mut got: Vec<String> = keymap.bindings.iter().map(|b| format!("{b:?}")).collect();
        let mut want: Vec<String> = Keymap::default()
            .bindings
            .iter()
            .map(|b| format!("{b:?}"))
            .collect();
        got.sort();
        want.sort();
        assert_eq!(got, want, "the keys as written are the default keymap");
        PathTable::with_overrides(file.paths.iter().map(|(k, v)| (k.as_str(), v.as_str())))
            .expect("[paths]");
        let levels =
            crate::config::service_level::parse(&file.service_level).expect("[service_level]");
        assert_eq!(
            levels,
            crate::config::service_level::ServiceLevels::default(),
            "the targets as written are the defaults"
        );
        assert!(
            file.service_level.contains_key("target") && file.service_level.contains_key("goal"),
            "[service_level] lists target and goal"
        );
    }

    #[test]
    fn every_key_the_file_accepts_is_in_the_default() {
        let text = uncommented(&default_toml());
        let has = |key: &str| text.lines().any(|l| l.starts_with(&format!("{key} = ")));
        for field in expected_fields::<ConfigFile>() {
            assert!(
                text.contains(&format!("{field} =")) || text.contains(&format!("[{field}")),
                "top-level {field}"
            );
        }
        for field in expected_fields::<crate::config::file::Profile>() {
            assert!(has(&field), "profile key {field}");
        }
        for key in ["theme", "wall", "callers", "wait_secs", "target", "goal"] {
            assert!(has(key), "[ui] {key}");
        }
        for action in crate::app::keymap::Action::ALL {
            if Keymap::default()
                .bindings
                .iter()
                .any(|b| b.action == *action)
            {
                assert!(has(action.name()), "[keys] {}", action.name());
            }
        }
        for r in ROUTES {
            assert!(has(r.key), "[paths] {}", r.key);
        }
    }
}
