//! The config file's `[ui]` table, applied under the command-line flags.
//!
//! ```toml
//! [ui]
//! theme = "dark"            # a built-in name or a theme file (relative to the config file)
//! wall = true               # same as --wall
//!
//! [ui.thresholds]
//! callers = [3, 6]          # callers waiting: WARN, ALERT (--callers-threshold)
//! wait_secs = [60, 180]     # longest wait in seconds: WARN, ALERT (--wait-threshold)
//! ```
//!
//! Flags and their environment variables win over the file. A bad value is an error that
//! names the key.

use crate::app::state::Thresholds;
use crate::cli::UiArgs;
use std::path::Path;

/// What the `[ui]` table sets; `None` = not set.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct UiFile {
    pub theme: Option<String>,
    pub wall: Option<bool>,
    /// `[ui.thresholds] callers`: (warn, alert).
    pub callers: Option<(i64, i64)>,
    /// `[ui.thresholds] wait_secs`: (warn, alert).
    pub wait_secs: Option<(i64, i64)>,
}

const UI_KEYS: &str = "theme, wall, thresholds";
const THRESHOLD_KEYS: &str = "callers, wait_secs";

impl UiFile {
    /// Reads a `[ui]` table. `config_dir` anchors a relative theme file path.
    pub fn parse(table: &toml::Table, config_dir: Option<&Path>) -> Result<UiFile, String> {
        let mut ui = UiFile::default();
        for (key, value) in table {
            match key.as_str() {
                "theme" => {
                    let name =
                        value
                            .as_str()
                            .filter(|s| !s.trim().is_empty())
                            .ok_or_else(|| {
                                format!("[ui] theme wants a theme name or file path, got {value}")
                            })?;
                    ui.theme = Some(theme_choice(name.trim(), config_dir));
                }
                "wall" => {
                    ui.wall =
                        Some(value.as_bool().ok_or_else(|| {
                            format!("[ui] wall wants true or false, got {value}")
                        })?);
                }
                "thresholds" => {
                    let t = value.as_table().ok_or_else(|| {
                        format!("[ui] thresholds wants a table ([ui.thresholds]), got {value}")
                    })?;
                    for (tkey, tvalue) in t {
                        match tkey.as_str() {
                            "callers" => ui.callers = Some(pair(tkey, tvalue, "[3, 6]")?),
                            "wait_secs" => ui.wait_secs = Some(pair(tkey, tvalue, "[60, 180]")?),
                            other => {
                                return Err(format!(
                                    "[ui.thresholds] has no key '{}' (known: {THRESHOLD_KEYS})",
                                    crate::sanitize::sanitize(other)
                                ))
                            }
                        }
                    }
                }
                other => {
                    return Err(format!(
                        "[ui] has no key '{}' (known: {UI_KEYS})",
                        crate::sanitize::sanitize(other)
                    ))
                }
            }
        }
        Ok(ui)
    }

    /// The flags with what they leave open taken from the file.
    pub fn under(&self, flags: &UiArgs) -> UiArgs {
        let text = |p: (i64, i64)| format!("{}/{}", p.0, p.1);
        UiArgs {
            wall: !flags.no_wall && (flags.wall || self.wall.unwrap_or(false)),
            no_wall: flags.no_wall,
            theme: flags.theme.clone().or_else(|| self.theme.clone()),
            mouse: flags.mouse,
            callers_threshold: flags
                .callers_threshold
                .clone()
                .or_else(|| self.callers.map(text)),
            wait_threshold: flags
                .wait_threshold
                .clone()
                .or_else(|| self.wait_secs.map(text)),
            view: flags.view.clone(),
        }
    }
}

/// Applies `--callers-threshold` / `--wait-threshold` values (`WARN/ALERT`) to `base`.
pub fn thresholds_with_flags(
    mut base: Thresholds,
    callers: Option<&str>,
    wait: Option<&str>,
) -> Result<Thresholds, String> {
    if let Some(text) = callers {
        (base.waiting_warn, base.waiting_alert) = parse_pair("--callers-threshold", text)?;
    }
    if let Some(text) = wait {
        (base.longest_wait_warn_secs, base.longest_wait_alert_secs) =
            parse_pair("--wait-threshold", text)?;
    }
    Ok(base)
}

fn parse_pair(flag: &str, text: &str) -> Result<(i64, i64), String> {
    let example = if flag == "--wait-threshold" {
        "60/180 (seconds)"
    } else {
        "3/6"
    };
    let bad = || {
        format!(
            "{flag} wants WARN/ALERT with WARN <= ALERT, e.g. {example}; got {:?}",
            crate::sanitize::sanitize(text)
        )
    };
    let (w, a) = text.split_once('/').ok_or_else(bad)?;
    let w: i64 = w.trim().parse().map_err(|_| bad())?;
    let a: i64 = a.trim().parse().map_err(|_| bad())?;
    if w < 0 || a < w {
        return Err(bad());
    }
    Ok((w, a))
}

/// A built-in name stays a name; a relative file path is relative to the config file.
fn theme_choice(name: &str, config_dir: Option<&Path>) -> String {
    if crate::ui::theme::builtin_names().contains(&name) {
        return name.to_owned();
    }
    match config_dir {
        Some(dir) if Path::new(name).is_relative() => dir.join(name).display().to_string(),
        _ => name.to_owned(),
    }
}

/// `[WARN, ALERT]` with `0 <= WARN <= ALERT`.
fn pair(key: &str, value: &toml::Value, example: &str) -> Result<(i64, i64), String> {
    let bad = || {
        format!(
            "[ui.thresholds] {key} wants [WARN, ALERT] with 0 <= WARN <= ALERT, e.g. {example}; got {value}"
        )
    };
    let items = value.as_array().ok_or_else(bad)?;
    let [w, a] = items.as_slice() else {
        return Err(bad());
    };
    let (Some(w), Some(a)) = (w.as_integer(), a.as_integer()) else {
        return Err(bad());
    };
    if w < 0 || a < w {
        return Err(bad());
    }
    Ok((w, a))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table(text: &str) -> toml::Table {
        let file: toml::Table = toml::from_str(text).unwrap();
        file.get("ui")
            .and_then(|v| v.as_table())
            .cloned()
            .unwrap_or_default()
    }

    const FULL: &str = r#"
[ui]
theme = "dark"
wall = true
[ui.thresholds]
callers = [2, 5]
wait_secs = [30, 90]
"#;

    #[test]
    fn threshold_flags_parse_and_reject_nonsense() {
        let t = thresholds_with_flags(Thresholds::default(), Some("2/4"), Some("30 / 90")).unwrap();
        assert_eq!((t.waiting_warn, t.waiting_alert), (2, 4));
        assert_eq!(
            (t.longest_wait_warn_secs, t.longest_wait_alert_secs),
            (30, 90)
        );
        for bad in ["3", "6/3", "a/b", "-1/2"] {
            let e = thresholds_with_flags(Thresholds::default(), Some(bad), None).unwrap_err();
            assert!(e.contains("--callers-threshold"), "{e}");
        }
    }

    #[test]
    fn reads_every_key() {
        let ui = UiFile::parse(&table(FULL), None).unwrap();
        assert_eq!(
            ui,
            UiFile {
                theme: Some("dark".into()),
                wall: Some(true),
                callers: Some((2, 5)),
                wait_secs: Some((30, 90)),
            }
        );
    }

    #[test]
    fn the_file_fills_what_flags_leave_open() {
        let ui = UiFile::parse(&table(FULL), None).unwrap();
        let merged = ui.under(&UiArgs::default());
        assert!(merged.wall);
        assert_eq!(merged.theme.as_deref(), Some("dark"));
        assert_eq!(merged.callers_threshold.as_deref(), Some("2/5"));
        assert_eq!(merged.wait_threshold.as_deref(), Some("30/90"));
    }

    #[test]
    fn flags_win_over_the_file() {
        let ui = UiFile::parse(&table(FULL), None).unwrap();
        let flags = UiArgs {
            theme: Some("light".into()),
            callers_threshold: Some("7/9".into()),
            wait_threshold: Some("10/20".into()),
            ..UiArgs::default()
        };
        let merged = ui.under(&flags);
        assert_eq!(merged.theme.as_deref(), Some("light"));
        assert_eq!(merged.callers_threshold.as_deref(), Some("7/9"));
        assert_eq!(merged.wait_threshold.as_deref(), Some("10/20"));
        assert!(merged.wall, "wall = true in the file still holds");
        let off = UiFile {
            wall: Some(false),
            ..UiFile::default()
        };
        assert!(
            off.under(&UiArgs {
                wall: true,
                ..UiArgs::default()
            })
            .wall
        );
        // --no-wall turns a wall file off.
        assert!(
            !ui.under(&UiArgs {
                no_wall: true,
                ..UiArgs::default()
            })
            .wall
        );
    }

    #[test]
    fn an_empty_table_changes_nothing() {
        let ui = UiFile::parse(&toml::Table::new(), None).unwrap();
        assert_eq!(ui, UiFile::default());
        let flags = UiArgs {
            wall: true,
            theme: Some("mono".into()),
            ..UiArgs::default()
        };
        let merged = ui.under(&flags);
        assert!(merged.wall);
        assert_eq!(merged.theme.as_deref(), Some("mono"));
        assert_eq!(merged.callers_threshold, None);
    }

    #[test]
    fn relative_theme_files_are_next_to_the_config_file() {
        let t = table("[ui]\ntheme = \"themes/mine.toml\"\n");
        let ui = UiFile::parse(&t, Some(Path::new("/etc/evtop"))).unwrap();
        assert_eq!(ui.theme.as_deref(), Some("/etc/evtop/themes/mine.toml"));
        let t = table("[ui]\ntheme = \"high-contrast\"\n");
        let ui = UiFile::parse(&t, Some(Path::new("/etc/evtop"))).unwrap();
        assert_eq!(ui.theme.as_deref(), Some("high-contrast"));
    }

    #[test]
    fn bad_values_name_the_key() {
        let cases = [
            ("[ui]\ntheme = 3\n", "[ui] theme"),
            ("[ui]\nwall = \"yes\"\n", "[ui] wall"),
            ("[ui]\ncolour = \"red\"\n", "'colour'"),
            ("[ui]\nthresholds = 5\n", "[ui] thresholds"),
            (
                "[ui.thresholds]\ncallers = [6, 3]\n",
                "[ui.thresholds] callers",
            ),
            (
                "[ui.thresholds]\ncallers = [3]\n",
                "[ui.thresholds] callers",
            ),
            (
                "[ui.thresholds]\nwait_secs = [-1, 3]\n",
                "[ui.thresholds] wait_secs",
            ),
            (
                "[ui.thresholds]\nwait_secs = \"60/180\"\n",
                "[ui.thresholds] wait_secs",
            ),
            ("[ui.thresholds]\nqueues = [1, 2]\n", "'queues'"),
        ];
        for (text, needle) in cases {
            let err = UiFile::parse(&table(text), None).unwrap_err();
            assert!(err.contains(needle), "{text:?}: {err}");
        }
    }

    #[test]
    fn prepare_applies_the_file_under_the_flags() {
        use crate::config::console::prepare_with_file;
        let ui = UiFile::parse(&table(FULL), None).unwrap();
        let p = prepare_with_file(&UiArgs::default(), &ui, Some(Path::new("/x/c.toml"))).unwrap();
        assert!(p.ui.wall);
        assert_eq!(p.themes[p.theme_index].name, "dark");
        assert_eq!(
            (p.thresholds.waiting_warn, p.thresholds.waiting_alert),
            (2, 5)
        );
        assert_eq!(
            (
                p.thresholds.longest_wait_warn_secs,
                p.thresholds.longest_wait_alert_secs
            ),
            (30, 90)
        );
        let flags = UiArgs {
            theme: Some("light".into()),
            callers_threshold: Some("4/8".into()),
            ..UiArgs::default()
        };
        let p = prepare_with_file(&flags, &ui, None).unwrap();
        assert_eq!(p.themes[p.theme_index].name, "light");
        assert_eq!(
            (p.thresholds.waiting_warn, p.thresholds.waiting_alert),
            (4, 8)
        );
        assert_eq!(p.thresholds.longest_wait_warn_secs, 30);
    }

    #[test]
    fn a_bad_theme_in_the_file_names_file_and_key() {
        use crate::config::console::prepare_with_file;
        let ui = UiFile::parse(
            &table(
                "[ui]
theme = \"sparkly\"\n",
            ),
            None,
        )
        .unwrap();
        let err = prepare_with_file(&UiArgs::default(), &ui, Some(Path::new("/x/c.toml")))
            .err()
            .expect("refused")
            .to_string();
        assert!(
            err.contains("/x/c.toml") && err.contains("[ui] theme"),
            "{err}"
        );
        // A theme flag overrides the broken file value.
        let flags = UiArgs {
            theme: Some("mono".into()),
            ..UiArgs::default()
        };
        assert!(prepare_with_file(&flags, &ui, None).is_ok());
    }
}
