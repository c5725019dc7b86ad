//! The console's settings, read once for `evtop console` and `evtop demo`: the config
//! file's `[ui]` and `[keys]` under the flags — themes, thresholds, the keymap and wall
//! mode. A bad value stops evtop before the terminal, the network or the simulator is
//! touched, with a message naming the file and the key.

use super::ui::{thresholds_with_flags, UiFile};
use super::ConfigFile;
use crate::app::keymap::Keymap;
use crate::app::state::Thresholds;
use crate::cli::{ConnectArgs, UiArgs};
use crate::ui::theme::{self, Theme};
use color_eyre::eyre::eyre;
use std::path::{Path, PathBuf};

/// What is checked before anything starts: a bad theme or threshold is an error on a
/// normal screen, before the simulator or the network is touched.
pub struct ConsoleSettings {
    pub ui: UiArgs,
    pub themes: Vec<Theme>,
    pub theme_index: usize,
    pub thresholds: Thresholds,
    /// The key bindings (defaults, or with the config file's `[keys]` applied).
    pub keymap: Keymap,
    /// The config file's `[alerts]` rules (none by default).
    pub alerts: crate::app::state::alerts::Rules,
    /// The config file's queue sets (`[views.NAME]`), and the one `--view` chose.
    pub views: std::collections::BTreeMap<String, Vec<String>>,
    pub view: Option<String>,
    /// The config file's service-level targets (`[service_level]`).
    pub service_levels: super::service_level::ServiceLevels,
}

/// Validates the UI flags over the config file's `[ui]` table (flags win). An error
/// caused by the file names the file and the key.
pub fn prepare_with_file(
    flags: &UiArgs,
    file: &UiFile,
    config_path: Option<&Path>,
) -> color_eyre::Result<ConsoleSettings> {
    let ui = file.under(flags);
    let in_file = |message: String| match config_path {
        Some(path) => eyre!("config file {}: {message}", path.display()),
        None => eyre!("config file: {message}"),
    };
    let no_color = theme::no_color_requested();
    let (themes, theme_index) = theme::select(ui.theme.as_deref(), no_color).map_err(|e| {
        if flags.theme.is_none() && file.theme.is_some() {
            in_file(format!("[ui] theme: {e}"))
        } else {
            eyre!("{e}")
        }
    })?;
    // As the terminal can show them: fewer colours, or none.
    let depth = crate::ui::colour::Depth::detect();
    let themes = themes
        .into_iter()
        .map(|t| crate::ui::colour::for_terminal(t, depth, no_color))
        .collect();
    let thresholds = thresholds_with_flags(
        Thresholds::default(),
        ui.callers_threshold.as_deref(),
        ui.wait_threshold.as_deref(),
    )
    .map_err(|e| eyre!(e))?;
    Ok(ConsoleSettings {
        ui,
        themes,
        theme_index,
        thresholds,
        keymap: Keymap::default(),
        alerts: Default::default(),
        views: Default::default(),
        view: None,
        service_levels: Default::default(),
    })
}

/// The config file (`--config`, else the default one when it exists) and its `[ui]`
/// table, read before anything starts. Credentials are not looked at here.
pub fn load_file(
    config: Option<&std::path::Path>,
) -> color_eyre::Result<(Option<std::path::PathBuf>, ConfigFile, UiFile)> {
    let connect = ConnectArgs {
        config: config.map(ToOwned::to_owned),
        ..Default::default()
    };
    let (path, file) = super::load(&connect)?;
    let ui =
        UiFile::parse(&file.ui, path.as_deref().and_then(|p| p.parent())).map_err(
            |e| match &path {
                Some(p) => eyre!("config file {}: {e}", p.display()),
                None => eyre!("config file: {e}"),
            },
        )?;
    Ok((path, file, ui))
}

/// The keymap with the config file's `[keys]` applied.
pub fn keymap_from(
    file: &ConfigFile,
    path: Option<&std::path::Path>,
) -> color_eyre::Result<Keymap> {
    super::keys::with_overrides(&Keymap::default(), &file.keys).map_err(|e| match path {
        Some(p) => color_eyre::eyre::eyre!("config file {}: {e}", p.display()),
        None => color_eyre::eyre::eyre!("config file: {e}"),
    })
}

/// The config file and the console settings from it under `flags`, `[keys]` applied.
pub fn load(
    config: Option<&Path>,
    flags: &UiArgs,
) -> color_eyre::Result<(Option<PathBuf>, ConfigFile, ConsoleSettings)> {
    let (path, file, ui_file) = load_file(config)?;
    let mut settings = prepare_with_file(flags, &ui_file, path.as_deref())?;
    settings.keymap = keymap_from(&file, path.as_deref())?;
    settings.alerts = super::alerts::parse(&file.alerts).map_err(|e| match path.as_deref() {
        Some(p) => color_eyre::eyre::eyre!("config file {}: {e}", p.display()),
        None => color_eyre::eyre::eyre!("config file: {e}"),
    })?;
    settings.service_levels =
        super::service_level::parse(&file.service_level).map_err(|e| match path.as_deref() {
            Some(p) => color_eyre::eyre::eyre!("config file {}: {e}", p.display()),
            None => color_eyre::eyre::eyre!("config file: {e}"),
        })?;
    (settings.views, settings.view) = views_from(&file, path.as_deref(), flags.view.as_deref())?;
    Ok((path, file, settings))
}

/// Queue sets by name: each a list of queue names or ids.
pub type QueueSets = std::collections::BTreeMap<String, Vec<String>>;

/// The config file's queue sets (`[views.NAME]`, queues by name or id) and the one
/// `view` names (any case; "mine", the queues the signed-in user serves, is built in);
/// an unknown name is refused with the names there are.
pub fn views_from(
    file: &ConfigFile,
    path: Option<&Path>,
    view: Option<&str>,
) -> color_eyre::Result<(QueueSets, Option<String>)> {
    let views: QueueSets = file
        .views
        .iter()
        .map(|(name, v)| (name.clone(), v.queues.clone()))
        .collect();
    let Some(name) = view else {
        return Ok((views, None));
    };
    let known = views
        .keys()
        .find(|n| n.eq_ignore_ascii_case(name))
        .cloned()
        .or_else(|| {
            name.eq_ignore_ascii_case(crate::app::state::MY_QUEUES_VIEW)
                .then(|| crate::app::state::MY_QUEUES_VIEW.to_owned())
        });
    match known {
        Some(known) => Ok((views, Some(known))),
        None => {
            let names: Vec<&str> = views.keys().map(String::as_str).collect();
            let where_ = match path {
                Some(p) => format!("config file {}", p.display()),
                None => "the config file (none read)".to_owned(),
            };
            Err(match names.len() {
                0 => eyre!("--view {name}: {where_} has no [views.NAME] table (and \"mine\" is built in: the queues you serve)"),
                _ => eyre!("--view {name}: {where_} has views {} (and \"mine\")", names.join(", ")),
            })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The settings' views and chosen view, or the error's text.
    fn with_file(text: &str, view: Option<&str>) -> Result<ConsoleSettings, String> {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("config.toml");
        std::fs::write(&path, text).unwrap();
        let flags = UiArgs {
            view: view.map(str::to_owned),
            ..UiArgs::default()
        };
        load(Some(&path), &flags)
            .map(|(_, _, s)| s)
            .map_err(|e| format!("{e:#}"))
    }

    #[test]
    fn views_are_read_and_view_picks_one_or_names_those_there_are() {
        let text = "[views.front]\nqueues = [\"Sales\", \"q-support\"]\n[views.back]\nqueues = [\"Billing\"]\n";
        let Ok(s) = with_file(text, Some("FRONT")) else {
            panic!("the file reads")
        };
        assert_eq!(s.view.as_deref(), Some("front"));
        assert_eq!(s.views["front"], ["Sales", "q-support"]);
        let e = with_file(text, Some("nope")).err().unwrap();
        assert!(
            e.contains("--view nope") && e.contains("back, front"),
            "{e}"
        );
        let e = with_file("", Some("front")).err().unwrap();
        assert!(e.contains("has no [views.NAME] table"), "{e}");
        let e = with_file("[service_level]\ngoal = 101\n", None)
            .err()
            .unwrap();
        assert!(e.contains("config file") && e.contains("goal wants"), "{e}");
        let Ok(s) = with_file(
            "[service_level]\ntarget = \"15s\"\n[service_level.queues.Sales]\ngoal = 95\n",
            None,
        ) else {
            panic!("the file reads")
        };
        let sales = s.service_levels.for_queue("q-1", "sales");
        assert_eq!((sales.secs, sales.goal_percent), (15, 95.0));
        let e = with_file("[views.x]\nqueue = [\"a\"]\n", None)
            .err()
            .unwrap();
        assert!(e.contains("queue"), "{e}");
        // "mine" is built in: the queues the signed-in user serves.
        let Ok(s) = with_file("", Some("Mine")) else {
            panic!("--view mine needs no table")
        };
        assert_eq!(s.view.as_deref(), Some("mine"));
        assert!(e_names_mine(&with_file(text, Some("nope")).err().unwrap()));
    }

    fn e_names_mine(e: &str) -> bool {
        e.contains("(and \"mine\")")
    }
}
