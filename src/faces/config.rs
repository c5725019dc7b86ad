//! `evtop config path|default`: where the config file is read from, and every setting
//! with its default (k9s `info`, lazygit `-cd`).

use crate::cli::ConfigCommand;
use std::path::PathBuf;

/// Runs `evtop config …`. `given` is `--config FILE` (or `EVTOP_CONFIG`), if any.
pub fn run(command: ConfigCommand, given: Option<PathBuf>) -> color_eyre::Result<()> {
    match command {
        ConfigCommand::Path => {
            let (path, how) = match given {
                Some(p) => (Some(p), "given by --config / EVTOP_CONFIG"),
                None => (crate::config::default_config_path(), "the default"),
            };
            match path {
                Some(p) => {
                    let state = match std::fs::metadata(&p) {
                        Ok(m) if m.is_file() => "exists".to_owned(),
                        Ok(_) => "is not a regular file".to_owned(),
                        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                            "does not exist: `evtop config default > FILE` writes one".to_owned()
                        }
                        Err(e) => format!("cannot be read: {e}"),
                    };
                    crate::tell!("{}", p.display());
                    crate::say!("({how}; {state})");
                }
                None => {
                    crate::say!("no config file: neither HOME nor XDG_CONFIG_HOME is set");
                }
            }
        }
        ConfigCommand::Default => {
            use std::io::Write as _;
            let _ = std::io::stdout().write_all(crate::config::default::default_toml().as_bytes());
        }
    }
    Ok(())
}
