//! The `evtop` binary: parses the command line, installs the error and panic hooks, and
//! runs the chosen face.

use evtop::cli::{Cli, Command};
use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = Cli::parse_checked();
    evtop::install_crypto_provider();
    if let Err(report) = color_eyre::config::HookBuilder::default()
        .display_env_section(false)
        .install()
    {
        evtop::say!("evtop: could not install error hooks: {report}");
    }
    // `evtop events` (without its demo simulator) runs on one thread: the hub connection,
    // the session and the writer hand batches to each other there, without waking other
    // threads for every batch.
    let one_thread = matches!(&cli.command, Some(Command::Events(args)) if !args.demo);
    let mut builder = if one_thread {
        tokio::runtime::Builder::new_current_thread()
    } else {
        let mut b = tokio::runtime::Builder::new_multi_thread();
        b.worker_threads(2);
        b
    };
    let runtime = match builder.enable_all().build() {
        Ok(rt) => rt,
        Err(e) => {
            evtop::say!("evtop: cannot start the async runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    let result = runtime.block_on(async move {
        match cli.command {
            Some(Command::Sim(args)) => evtop::faces::sim::run(args).await,
            Some(Command::Events(args)) => evtop::faces::events::run(args).await,
            Some(Command::Doctor(args)) => evtop::faces::doctor::run(args).await,
            Some(Command::Snapshot(args)) => evtop::faces::snapshot::run(args).await,
            Some(Command::Record(args)) => evtop::faces::record::run(args).await,
            Some(Command::Replay(args)) => evtop::faces::replay::run(args).await,
            Some(Command::Config(args)) => evtop::faces::config::run(args.command, args.config),
            Some(Command::Completions { shell }) => evtop::faces::docs::completions(shell),
            Some(Command::Man) => evtop::faces::docs::man(),
            Some(Command::Demo(args)) => evtop::faces::demo::run(args).await,
            Some(Command::Console(args)) => evtop::faces::console::run(args).await,
            None => evtop::faces::console::run(cli.console).await,
        }
    });
    // Don't wait forever for blocking work (e.g. a write to a pipe nobody reads).
    runtime.shutdown_timeout(std::time::Duration::from_secs(2));
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(report) if report.is::<evtop::console::terminal::NoTerminal>() => {
            evtop::say!("{report}");
            ExitCode::from(2)
        }
        Err(report) if report.is::<evtop::cli::BadUsage>() => {
            let text = evtop::sanitize::lines_to(&format!("{report}"), 2_000);
            evtop::say!("evtop: {text}");
            ExitCode::from(2)
        }
        Err(report) => {
            // The chain may quote a server's words or a file's bytes: sanitized, bounded.
            let text = evtop::sanitize::lines_to(&format!("{report:#}"), 2_000);
            evtop::say!("evtop: {text}");
            ExitCode::FAILURE
        }
    }
}
