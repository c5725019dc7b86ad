//! `evtop doctor`: the checks of [`crate::doctor`] against a tenant (same flags,
//! environment and profiles as the console) or, with `--demo`, the in-process simulator;
//! the table or `--json` on stdout, `--save FILE` for a bug report, exit 1 when the
//! console cannot run.

use crate::api::{Credential, Login};
use crate::cli::DoctorArgs;
use crate::doctor::{self, Confirm, Options};
use color_eyre::eyre::{eyre, WrapErr};
use std::io::IsTerminal;
use std::time::Duration;

/// Asks on the terminal; without one, nothing is confirmed.
struct TerminalConfirm;

impl Confirm for TerminalConfirm {
    fn confirm(&mut self, question: &str) -> bool {
        use crate::config::Prompter;
        matches!(
            crate::config::TerminalPrompter.ask(&format!("{question} [y/N] "), false),
            Ok(Some(answer)) if matches!(answer.trim().to_ascii_lowercase().as_str(), "y" | "yes")
        )
    }
}

/// `evtop doctor`.
pub async fn run(args: DoctorArgs) -> color_eyre::Result<()> {
    let mut sim = None;
    let login = if args.demo {
        let handle = crate::sim::start(super::sim::model_config(&args.model)?)
            .await
            .wrap_err("cannot start the simulator")?;
        // The whole way a tenant is reached: discovery (the sim serves it) first.
        let login = Login {
            username: crate::sim::SUPERVISOR_EMAIL.into(),
            credential: Credential::SecretKey(crate::sim::SUPERVISOR_SECRET.into()),
            api_url: None,
            discovery_url: handle.base_url(),
            insecure_http: false,
            paths: Default::default(),
            ca_file: None,
            max_body: None,
        };
        sim = Some(handle);
        login
    } else {
        crate::config::resolve(&args.connect, &mut crate::config::TerminalPrompter)?
    };
    let options = Options {
        wait: Duration::from_secs(args.wait),
        try_actions: args.try_actions,
        ..Options::default()
    };
    let report = doctor::run(&login, &options, &mut TerminalConfirm).await;
    if let Some(handle) = sim {
        handle.shutdown().await;
    }
    if args.json {
        let text = serde_json::to_string_pretty(&report).unwrap_or_default();
        crate::tell!("{}", super::events::safe_for_terminal(&text));
    } else {
        let colour = std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none();
        // Every server-given text in it went through the sanitizer when it was read.
        crate::tell!("{}", doctor::table::render(&report, colour));
    }
    if let Some(path) = &args.save {
        let text = serde_json::to_string_pretty(&report.saved()).unwrap_or_default();
        std::fs::write(path, text + "\n")
            .wrap_err_with(|| format!("cannot write {}", path.display()))?;
        crate::say!(
            "evtop doctor: report with redacted sample answers saved to {}",
            path.display()
        );
    }
    match &report.first_failure {
        None => Ok(()),
        Some(first) => Err(eyre!("the console cannot run here: {first}")),
    }
}
