//! The config file's shape and reading it with precise error positions.

use super::ConfigError;
use crate::api::Secret;
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// `$XDG_CONFIG_HOME/evtop/config.toml`, else `~/.config/evtop/config.toml`.
pub fn default_config_path() -> Option<PathBuf> {
    let base = std::env::var_os("XDG_CONFIG_HOME")
        .filter(|v| !v.is_empty())
        .map(PathBuf::from)
        .or_else(|| {
            std::env::var_os("HOME")
                .filter(|v| !v.is_empty())
                .map(|h| PathBuf::from(h).join(".config"))
        })?;
    Some(base.join("evtop").join("config.toml"))
}

/// The whole config file.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ConfigFile {
    pub default_profile: Option<String>,
    pub profiles: BTreeMap<String, Profile>,
    /// `[paths]`: REST path overrides (see `api::paths`).
    pub paths: BTreeMap<String, String>,
    /// `[ui]`: read by the console.
    pub ui: toml::Table,
    /// `[keys]`: read by the console.
    pub keys: toml::Table,
    /// `[alerts]`: alert rules, read by the console (see `config::alerts`).
    pub alerts: toml::Table,
    /// `[views.NAME]`: queue sets for `--view NAME` / `:view NAME`.
    pub views: BTreeMap<String, ViewTable>,
    /// `[service_level]`: SL% targets, read by the console (see `config::service_level`).
    pub service_level: toml::Table,
}

/// One `[views.NAME]` table: the queues of the set, by name (any case) or id.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ViewTable {
    pub queues: Vec<String>,
}

/// One `[profiles.NAME]` table.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Profile {
    pub username: Option<String>,
    pub secret_key: Option<Secret>,
    pub password: Option<Secret>,
    pub api_url: Option<String>,
    pub discovery_url: Option<String>,
    pub insecure_http: Option<bool>,
    /// After "call back", also ask the platform to ring this user's mobile and connect
    /// it to the number (`POST /users/me/action/mobile/call/`): for supervisors who call
    /// from the EnreachVoice mobile app.
    pub callout_mobile: Option<bool>,
    /// A private CA's certificates (PEM), trusted besides the system's roots.
    pub ca_file: Option<PathBuf>,
    /// Largest REST answer read, in MiB (default 32).
    pub max_body_mib: Option<u32>,
}

impl ConfigFile {
    /// Reads and parses a file.
    pub fn read(path: &Path) -> Result<ConfigFile, ConfigError> {
        let text = crate::limits::read_small_text(path, crate::limits::SMALL_FILE)
            .map_err(ConfigError::Read)?;
        ConfigFile::parse(&text, path)
    }

    /// Parses text; `path` is used in error messages only.
    pub fn parse(text: &str, path: &Path) -> Result<ConfigFile, ConfigError> {
        toml::from_str(text).map_err(|e| {
            let (line, column) = e
                .span()
                .map(|span| line_col(text, span.start))
                .unwrap_or((1, 1));
            ConfigError::Parse {
                path: path.to_owned(),
                line,
                column,
                message: crate::sanitize::sanitize(e.message().trim()),
            }
        })
    }
}

/// 1-based line and column of a byte offset.
fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let before = text.get(..offset).unwrap_or(text);
    let line = before.matches('\n').count() + 1;
    let column = before
        .rsplit('\n')
        .next()
        .map(|l| l.chars().count())
        .unwrap_or(0)
        + 1;
    (line, column)
}
