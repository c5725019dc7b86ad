//! `--record FILE` for the console and `evtop record`: what to record to, and opening
//! the recorder with its header.

use crate::record::{Header, Recorder};
use chrono::Utc;
use color_eyre::eyre::{eyre, WrapErr};
use std::path::PathBuf;

/// Where and how to record, and what the header says.
#[derive(Debug, Clone)]
pub struct RecordTo {
    pub path: PathBuf,
    pub max_bytes: u64,
    pub silo: String,
    pub user: String,
    /// Values masked wherever they would appear (the login's secret or password).
    pub secrets: Vec<String>,
}

impl RecordTo {
    /// From the command line: `None` without `--record`.
    pub fn from_args(
        args: &crate::cli::RecordArgs,
        silo: &str,
        user: &str,
        secrets: Vec<String>,
    ) -> Option<RecordTo> {
        args.record.as_ref().map(|path| RecordTo {
            path: path.clone(),
            max_bytes: args.record_max_mb.saturating_mul(1024 * 1024),
            silo: silo.to_owned(),
            user: user.to_owned(),
            secrets,
        })
    }

    /// Opens the file (appending) and writes the header.
    pub fn open(&self, utc_offset_secs: i32) -> color_eyre::Result<Recorder> {
        if self.max_bytes == 0 {
            return Err(eyre!("--record-max-mb must be at least 1"));
        }
        let header = Header::new(&self.silo, &self.user, Utc::now(), utc_offset_secs);
        Recorder::create(&self.path, header, self.max_bytes, self.secrets.clone())
            .wrap_err_with(|| format!("cannot record to {}", self.path.display()))
    }
}

/// The secret values of a login, to be masked in a recording.
pub fn login_secrets(login: &crate::api::Login) -> Vec<String> {
    use crate::api::login::Credential;
    match &login.credential {
        Credential::SecretKey(s) | Credential::Password(s) => vec![s.expose().to_owned()],
    }
}
