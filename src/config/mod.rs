//! Configuration: the TOML config file, profiles, environment and flags, and the
//! credential prompt. [`resolve`] turns all of it into one [`Login`]. Precedence: flags > environment (both arrive through clap) > profile >
//! interactive prompt.

pub mod alerts;
pub mod console;
pub mod default;
mod file;
pub mod keys;
pub mod prompt;
pub mod service_level;
pub mod ui;

pub use file::{default_config_path, ConfigFile, Profile};
pub use prompt::{NoPrompt, Prompter, TerminalPrompter};

pub use crate::api::{Credential, Login, DEFAULT_DISCOVERY_URL};
use crate::api::{PathTable, Secret};
use crate::cli::ConnectArgs;
use std::path::PathBuf;

/// Why no connection setting could be made.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("config file {path} does not exist")]
    NotFound { path: PathBuf },
    /// Unreadable, not a regular file, or larger than 1 MiB.
    #[error("config file: {0}")]
    Read(String),
    #[error("{path}:{line}:{column}: {message}")]
    Parse {
        path: PathBuf,
        line: usize,
        column: usize,
        message: String,
    },
    #[error("{path}: [paths]: {source}")]
    Paths {
        path: PathBuf,
        source: crate::api::paths::PathOverrideError,
    },
    #[error("profile '{name}' is not in {}", .path.as_ref().map(|p| p.display().to_string()).unwrap_or_else(|| "any config file (none was found)".into()))]
    UnknownProfile { name: String, path: Option<PathBuf> },
    #[error("no user name: give --username, EVTOP_USER or a config profile")]
    MissingUser,
    #[error("no secret key or password for {user}: give EVTOP_SECRET, EVTOP_PASSWORD or a config profile")]
    MissingSecret { user: String },
    #[error("cannot ask for credentials: {0}")]
    Prompt(std::io::Error),
}

/// Loads the config file named by `--config` (which must exist) or the default one (only
/// if present).
pub fn load(args: &ConnectArgs) -> Result<(Option<PathBuf>, ConfigFile), ConfigError> {
    match &args.config {
        Some(path) => {
            if !path.exists() {
                return Err(ConfigError::NotFound { path: path.clone() });
            }
            Ok((Some(path.clone()), ConfigFile::read(path)?))
        }
        None => match default_config_path().filter(|p| p.exists()) {
            Some(path) => Ok((Some(path.clone()), ConfigFile::read(&path)?)),
            None => Ok((None, ConfigFile::default())),
        },
    }
}

/// Loads the config and combines it with the flags; asks `prompter` for what is missing.
pub fn resolve(args: &ConnectArgs, prompter: &mut dyn Prompter) -> Result<Login, ConfigError> {
    let (path, file) = load(args)?;
    resolve_with(args, path, &file, prompter)
}

/// [`resolve`] with an already loaded file (tests).
pub fn resolve_with(
    args: &ConnectArgs,
    path: Option<PathBuf>,
    file: &ConfigFile,
    prompter: &mut dyn Prompter,
) -> Result<Login, ConfigError> {
    let profile = select_profile(args, path.as_ref(), file)?;
    let paths = PathTable::with_overrides(file.paths.iter().map(|(k, v)| (k.as_str(), v.as_str())))
        .map_err(|source| ConfigError::Paths {
            path: path.clone().unwrap_or_default(),
            source,
        })?;

    let nonempty = |s: &Option<String>| s.as_ref().filter(|v| !v.trim().is_empty()).cloned();
    let username = match nonempty(&args.username).or_else(|| nonempty(&profile.username)) {
        Some(u) => u.trim().to_owned(),
        None => prompter
            .ask("User (e-mail): ", false)
            .map_err(ConfigError::Prompt)?
            .map(|s| s.trim().to_owned())
            .filter(|s| !s.is_empty())
            .ok_or(ConfigError::MissingUser)?,
    };

    let credential = if let Some(s) = nonempty(&args.secret) {
        Credential::SecretKey(Secret::new(s))
    } else if let Some(p) = nonempty(&args.password) {
        Credential::Password(Secret::new(p))
    } else if let Some(s) = profile.secret_key.clone().filter(|s| !s.is_empty()) {
        Credential::SecretKey(s)
    } else if let Some(p) = profile.password.clone().filter(|s| !s.is_empty()) {
        Credential::Password(p)
    } else {
        ask_credential(&username, prompter)?
    };

    Ok(Login {
        username,
        credential,
        api_url: nonempty(&args.api_url).or_else(|| nonempty(&profile.api_url)),
        discovery_url: nonempty(&args.discovery_url)
            .or_else(|| nonempty(&profile.discovery_url))
            .unwrap_or_else(|| DEFAULT_DISCOVERY_URL.to_owned()),
        insecure_http: args.insecure_http || profile.insecure_http.unwrap_or(false),
        paths,
        max_body: profile
            .max_body_mib
            .map(|mib| (mib.max(1) as usize).saturating_mul(1 << 20)),
        // A relative `ca_file` in the profile is relative to the config file.
        ca_file: args.ca_file.clone().or_else(|| {
            let ca = profile.ca_file.clone()?;
            Some(match path.as_ref().and_then(|p| p.parent()) {
                Some(dir) if ca.is_relative() => dir.join(ca),
                _ => ca,
            })
        }),
    })
}

/// The profile the flags and the file select (`--profile`, else `default_profile`, else
/// `[profiles.default]`, else an empty one), for settings other than the login.
pub fn selected_profile(
    args: &ConnectArgs,
    path: Option<&PathBuf>,
    file: &ConfigFile,
) -> Result<Profile, ConfigError> {
    select_profile(args, path, file)
}

fn select_profile(
    args: &ConnectArgs,
    path: Option<&PathBuf>,
    file: &ConfigFile,
) -> Result<Profile, ConfigError> {
    let wanted = args
        .profile
        .clone()
        .or_else(|| file.default_profile.clone());
    match wanted {
        Some(name) => file
            .profiles
            .get(&name)
            .cloned()
            .ok_or(ConfigError::UnknownProfile {
                name,
                path: path.cloned(),
            }),
        None => Ok(file.profiles.get("default").cloned().unwrap_or_default()),
    }
}

fn ask_credential(user: &str, prompter: &mut dyn Prompter) -> Result<Credential, ConfigError> {
    let missing = || ConfigError::MissingSecret {
        user: user.to_owned(),
    };
    let key = prompter
        .ask(
            &format!("API secret key for {user} (empty: use a password): "),
            true,
        )
        .map_err(ConfigError::Prompt)?;
    let Some(key) = key else {
        return Err(missing());
    };
    if !key.is_empty() {
        return Ok(Credential::SecretKey(Secret::new(key)));
    }
    let password = prompter
        .ask(&format!("Password for {user}: "), true)
        .map_err(ConfigError::Prompt)?
        .filter(|p| !p.is_empty())
        .ok_or_else(missing)?;
    Ok(Credential::Password(Secret::new(password)))
}

#[cfg(test)]
mod tests;
