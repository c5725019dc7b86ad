//! Command-line interface (clap): the four faces and their flags.

use clap::{Args, Parser, Subcommand};
use std::net::SocketAddr;
use std::path::PathBuf;

/// evtop — live EnreachVoice contact-center console for supervisors.
#[derive(Debug, Parser)]
#[command(name = "evtop", version, about, long_about = None, propagate_version = true)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,

    /// Flags of the default face (`console`) when no subcommand is given.
    #[command(flatten)]
    pub console: ConsoleArgs,
}

impl Cli {
    /// Parses the process's arguments; a bad command line prints clap's message and exits.
    pub fn parse_checked() -> Cli {
        Self::try_parse_checked(std::env::args_os()).unwrap_or_else(|e| e.exit())
    }

    /// Parses like [`Parser::try_parse_from`], and also refuses a console flag (any of
    /// [`UiArgs`]) written for a face without a screen, wherever it was written.
    pub fn try_parse_checked<I, T>(args: I) -> Result<Cli, clap::Error>
    where
        I: IntoIterator<Item = T>,
        T: Into<std::ffi::OsString> + Clone,
    {
        use clap::{CommandFactory, FromArgMatches};
        let mut command = Cli::command();
        let matches = command.try_get_matches_from_mut(args)?;
        if let Some((
            face @ ("sim" | "events" | "snapshot" | "record" | "doctor" | "config" | "completions"
            | "man"),
            sub,
        )) = matches.subcommand()
        {
            let ui = UiArgs::augment_args(clap::Command::new("ui"));
            let given = ui.get_arguments().find(|a| {
                sub.value_source(a.get_id().as_str())
                    == Some(clap::parser::ValueSource::CommandLine)
            });
            if let Some(arg) = given {
                let flag = arg.get_long().unwrap_or(arg.get_id().as_str());
                return Err(command.error(
                    clap::error::ErrorKind::ArgumentConflict,
                    format!(
                        "--{flag} is a console flag: `evtop {face}` draws no console \
                         (use it with `evtop --{flag}`, `evtop console` or `evtop demo`)"
                    ),
                ));
            }
        }
        Cli::from_arg_matches(&matches).map_err(|e| e.format(&mut command))
    }

    /// The UI flags of the face that draws the console (`console`, `demo` or none given),
    /// wherever they were written; `None` for the faces without a screen.
    pub fn console_ui(&self) -> Option<&UiArgs> {
        match &self.command {
            None => Some(&self.console.ui),
            Some(Command::Console(args)) => Some(&args.ui),
            Some(Command::Demo(args)) => Some(&args.ui),
            Some(Command::Replay(args)) => Some(&args.ui),
            Some(
                Command::Sim(_)
                | Command::Events(_)
                | Command::Snapshot(_)
                | Command::Record(_)
                | Command::Doctor(_)
                | Command::Config(_)
                | Command::Completions { .. }
                | Command::Man,
            ) => None,
        }
    }
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// The console against a real EnreachVoice tenant (the default).
    Console(ConsoleArgs),
    /// The console against the built-in simulator: zero setup.
    Demo(DemoArgs),
    /// The simulator alone, as an HTTP + WebSocket server on loopback.
    Sim(SimArgs),
    /// Headless: print every RTE event as one JSON line (connection changes on stderr).
    #[command(after_help = "Each stdout line is one JSON object: \
{\"event\",\"entityType\",\"entityId\",\"timestamp\",\"subscription\",\"data\"}.\n\
After every reconnect: {\"event\":\"Resync\",\"reason\":\"reconnect\",\"detail\":…,\"since\":…} \
(reason \"events_dropped\" when events held back while subscribing were dropped): changes \
since `since` (UTC, RFC 3339) may be missing, so re-read what you keep. \
With --snapshot-on-reconnect, one {\"event\":\"QueueSnapshot\",\"entityId\",\"timestamp\",\"data\"} \
line per queue follows (GET /queues; {\"event\":\"QueueSnapshotFailed\",\"error\"} if it cannot be read).")]
    Events(EventsArgs),
    /// Check a tenant route by route before the first shift (exit 0: the console can run).
    Doctor(DoctorArgs),
    /// The console's figures once (queues, agents, totals) as JSON or CSV, then exit.
    Snapshot(SnapshotArgs),
    /// Headless: record what the console would receive to FILE (JSON lines), until
    /// stopped (Ctrl-C, SIGTERM) or `--seconds` pass.
    Record(RecordCmdArgs),
    /// Replay a recording in the console, read-only: space pauses, ←/→ seek a minute
    /// (Shift: ten), [ and ] jump to the previous/next threshold crossing or alert,
    /// `:goto HH:MM[:SS]`.
    Replay(ReplayArgs),
    /// The config file: where it is read from, and every setting with its default.
    #[command(subcommand)]
    Config(ConfigCommand),
    /// Print a shell completion script (e.g. `evtop completions bash > ~/.local/share/bash-completion/completions/evtop`).
    Completions {
        /// The shell.
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print the manual page (roff) on stdout (`evtop man | man -l -`).
    Man,
}

/// `evtop config …`.
#[derive(Debug, Clone, Copy, Subcommand)]
pub enum ConfigCommand {
    /// Which config file would be read, and whether it exists.
    Path,
    /// A commented config file of every setting with its default (`evtop config default > config.toml`).
    Default,
}

/// How to reach and log in to a tenant.
#[derive(Debug, Clone, Args, Default)]
pub struct ConnectArgs {
    /// Config file (TOML). Default: $XDG_CONFIG_HOME/evtop/config.toml if it exists.
    #[arg(long, env = "EVTOP_CONFIG", global = true)]
    pub config: Option<PathBuf>,

    /// Profile (a `[profiles.NAME]` table of the config file).
    #[arg(long, env = "EVTOP_PROFILE", global = true)]
    pub profile: Option<String>,

    /// Login e-mail of the API user.
    #[arg(short = 'u', long, env = "EVTOP_USER", global = true)]
    pub username: Option<String>,

    /// API secret key (prefer the EVTOP_SECRET variable or the prompt: flags show in `ps`).
    #[arg(long, env = "EVTOP_SECRET", hide_env_values = true, global = true)]
    pub secret: Option<String>,

    /// Password, exchanged once for the secret key (prefer EVTOP_PASSWORD or the prompt).
    #[arg(long, env = "EVTOP_PASSWORD", hide_env_values = true, global = true)]
    pub password: Option<String>,

    /// Discovery service.
    #[arg(long, global = true)]
    pub discovery_url: Option<String>,

    /// REST API base URL; skips discovery.
    #[arg(long, global = true)]
    pub api_url: Option<String>,

    /// Allow plain http:// to hosts other than loopback.
    #[arg(long, global = true)]
    pub insecure_http: bool,

    /// Also trust the CA certificates in this PEM file (a private CA), for REST and the
    /// hub alike; the system's roots stay trusted.
    #[arg(long, env = "EVTOP_CA_FILE", value_name = "FILE", global = true)]
    pub ca_file: Option<PathBuf>,

    /// Log file (logs never go to the screen). Default: evtop.log in the state directory.
    #[arg(long, env = "EVTOP_LOG", global = true)]
    pub log_file: Option<PathBuf>,
}

/// How the console looks and behaves. Global: written before or after `console` / `demo`
/// they mean the same (`evtop --wall console` = `evtop console --wall`); given to a face
/// without a screen (`sim`, `events`, `doctor`) they are refused (see [`Cli::try_parse_checked`]).
/// `--no-wall` written on one side and `--wall` on the other: `--no-wall` wins.
#[derive(Debug, Clone, Args, Default)]
pub struct UiArgs {
    /// Read-only wall display: no actions or prompts, `q`/Ctrl-C need a confirm,
    /// reconnects forever, alert rows first, large counts.
    #[arg(long, overrides_with = "no_wall", global = true)]
    pub wall: bool,

    /// Not a wall display, even when the config file's `[ui]` says `wall = true`.
    #[arg(long, overrides_with = "wall", global = true)]
    pub no_wall: bool,

    /// Theme name (default, dark, light, high-contrast, mono) or path to a theme file.
    #[arg(long, env = "EVTOP_THEME", global = true)]
    pub theme: Option<String>,

    /// Capture the mouse: the wheel moves through the focused pane (off by default, so the
    /// terminal can select text).
    #[arg(long, global = true)]
    pub mouse: bool,

    /// Callers waiting that mark a queue ▲ WARN / ■ ALERT (default 3/6).
    #[arg(long, value_name = "WARN/ALERT", global = true)]
    pub callers_threshold: Option<String>,

    /// Longest wait in seconds that marks a queue ▲ WARN / ■ ALERT (default 60/180).
    #[arg(long, value_name = "WARN/ALERT", global = true)]
    pub wait_threshold: Option<String>,
}

/// `evtop console`.
#[derive(Debug, Clone, Args, Default)]
pub struct ConsoleArgs {
    #[command(flatten)]
    pub connect: ConnectArgs,
    #[command(flatten)]
    pub ui: UiArgs,
    #[command(flatten)]
    pub record: RecordArgs,
}

/// Recording what the console receives (`evtop console --record`, `evtop demo --record`).
#[derive(Debug, Clone, Args, Default)]
pub struct RecordArgs {
    /// Append every input the console receives (snapshots, events, connection changes,
    /// action results; never keys or secrets) to FILE as JSON lines, for `evtop replay`.
    #[arg(long, value_name = "FILE")]
    pub record: Option<PathBuf>,

    /// Rotate the recording at this size: FILE becomes FILE.1 (replacing an older one).
    #[arg(long, value_name = "MB", default_value_t = 200)]
    pub record_max_mb: u64,
}

/// `evtop record`.
#[derive(Debug, Clone, Args)]
pub struct RecordCmdArgs {
    /// Where to write (appended to; see `evtop replay`).
    #[arg(value_name = "FILE")]
    pub file: PathBuf,

    #[command(flatten)]
    pub connect: ConnectArgs,

    /// Rotate at this size: FILE becomes FILE.1 (replacing an older one).
    #[arg(long, value_name = "MB", default_value_t = 200)]
    pub record_max_mb: u64,

    /// Stop after this many seconds (default: until Ctrl-C or SIGTERM).
    #[arg(long, value_name = "SECS")]
    pub seconds: Option<f64>,

    /// Record the in-process simulator instead of a tenant.
    #[arg(long)]
    pub demo: bool,

    /// The simulator's event rate instead of its model (with --demo; see `evtop sim`).
    #[arg(long, value_name = "PER_SEC")]
    pub firehose: Option<u32>,

    #[command(flatten)]
    pub model: ModelArgs,
}

/// `evtop replay`.
#[derive(Debug, Clone, Args)]
pub struct ReplayArgs {
    /// A recording (`evtop record`, `evtop console --record`).
    #[arg(value_name = "FILE")]
    pub file: PathBuf,

    /// Playback speed (1 = as recorded; 4 = four times faster).
    #[arg(long, default_value_t = 1.0)]
    pub speed: f64,

    /// Start at this time of the recording's day (its time zone), HH:MM or HH:MM:SS.
    #[arg(long, value_name = "HH:MM[:SS]")]
    pub from: Option<String>,

    #[command(flatten)]
    pub ui: UiArgs,

    /// The config file (from the global `--config`); its `[ui]` and `[keys]` apply.
    #[arg(skip)]
    pub config: Option<PathBuf>,
}

/// What the simulator models.
#[derive(Debug, Clone, Args)]
pub struct ModelArgs {
    /// Scenario file (TOML); default: the built-in scenario.
    #[arg(long)]
    pub scenario: Option<PathBuf>,

    /// Random seed: the same seed gives the same event sequence.
    #[arg(long)]
    pub seed: Option<u64>,

    /// Simulated-time speed-up (1.0 = real time).
    #[arg(long, default_value_t = 1.0)]
    pub speed: f64,
}

impl Default for ModelArgs {
    fn default() -> Self {
        ModelArgs {
            scenario: None,
            seed: None,
            speed: 1.0,
        }
    }
}

/// `evtop demo`.
#[derive(Debug, Clone, Args, Default)]
pub struct DemoArgs {
    #[command(flatten)]
    pub ui: UiArgs,
    #[command(flatten)]
    pub record: RecordArgs,
    #[command(flatten)]
    pub model: ModelArgs,
    /// Log file (logs never go to the screen).
    #[arg(long, env = "EVTOP_LOG")]
    pub log_file: Option<PathBuf>,
    /// Run the simulator over https/wss (a CA made at start), as production does.
    #[arg(long)]
    pub tls: bool,
    /// The config file (from the global `--config` / EVTOP_CONFIG); only its `[ui]` and
    /// `[keys]` tables are used.
    #[arg(skip)]
    pub config: Option<PathBuf>,
}

/// `evtop sim`.
#[derive(Debug, Clone, Args)]
pub struct SimArgs {
    /// Address to listen on (loopback; port 0 picks a free one).
    #[arg(long, default_value = "127.0.0.1:8089")]
    pub listen: SocketAddr,

    #[command(flatten)]
    pub model: ModelArgs,

    /// Push N extra MessageReceived events per second to subscribers (benchmarks);
    /// paused and resumed with `POST /_sim/control {"firehose": false|true}`, counted at
    /// `GET /_sim/firehose`.
    #[arg(long)]
    pub firehose: Option<u32>,

    /// What the firehose sends: weights of QueueStatus and UserStatus, e.g.
    /// queue:1,user:1 (default queue:1).
    #[arg(long, value_name = "MIX", requires = "firehose")]
    pub firehose_mix: Option<crate::sim::FirehoseMix>,

    /// Write event payloads in PascalCase instead of camelCase.
    #[arg(long)]
    pub pascal_case: bool,

    /// Serve https/wss with a certificate for 127.0.0.1/localhost signed by a CA made at
    /// start (clients trust it with --ca-file).
    #[arg(long)]
    pub tls: bool,

    /// Where --tls writes the CA certificate (PEM). Default: sim-ca.pem in the state
    /// directory (next to the log).
    #[arg(long, value_name = "FILE", requires = "tls")]
    pub tls_ca_out: Option<PathBuf>,
}

/// `evtop events`.
#[derive(Debug, Clone, Args, Default)]
pub struct EventsArgs {
    #[command(flatten)]
    pub connect: ConnectArgs,

    /// Only these event names (repeatable), e.g. --filter QueueStatus.
    #[arg(long = "filter", value_name = "EVENT")]
    pub filters: Vec<String>,

    /// Only these queue ids (repeatable).
    #[arg(long = "queue", value_name = "ID")]
    pub queues: Vec<String>,

    /// Only these user ids (repeatable).
    #[arg(long = "user", value_name = "ID")]
    pub users: Vec<String>,

    /// Run against an in-process simulator instead of a tenant.
    #[arg(long)]
    pub demo: bool,

    /// After every reconnect, follow the {"event":"Resync",…} line with the queues'
    /// current REST status: one {"event":"QueueSnapshot",…} line per queue.
    #[arg(long)]
    pub snapshot_on_reconnect: bool,

    #[command(flatten)]
    pub model: ModelArgs,
}

/// `evtop snapshot`.
#[derive(Debug, Clone, Args)]
pub struct SnapshotArgs {
    #[command(flatten)]
    pub connect: ConnectArgs,

    /// JSON on stdout (the default): queues, agents and totals; unknown is null.
    #[arg(long, conflicts_with = "csv")]
    pub json: bool,

    /// CSV on stdout: the queues table, an empty line, the agents table; unknown is empty.
    #[arg(long)]
    pub csv: bool,

    /// Seconds to listen to the live events after the REST snapshot (what agents are
    /// doing is only said by events).
    #[arg(long, default_value_t = 3.0, value_name = "SECS")]
    pub settle: f64,

    /// Read the in-process simulator instead of a tenant.
    #[arg(long)]
    pub demo: bool,

    #[command(flatten)]
    pub model: ModelArgs,
}

/// `evtop doctor`.
#[derive(Debug, Clone, Args)]
pub struct DoctorArgs {
    #[command(flatten)]
    pub connect: ConnectArgs,

    /// Check the in-process simulator instead of a tenant.
    #[arg(long)]
    pub demo: bool,

    #[command(flatten)]
    pub model: ModelArgs,

    /// Seconds to wait for events once subscribed (0: do not wait).
    #[arg(long, value_name = "SECS", default_value_t = 10)]
    pub wait: u64,

    /// Print one JSON document instead of the table.
    #[arg(long)]
    pub json: bool,

    /// Also write the report, with one redacted sample answer per route and per event
    /// name, to FILE (for a bug report: secrets, tokens and phone numbers masked).
    #[arg(long, value_name = "FILE")]
    pub save: Option<PathBuf>,

    /// Also send the reversible actions (your own availability, set to what it is), each
    /// after a yes on the terminal.
    #[arg(long)]
    pub try_actions: bool,
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn cli_definition_is_consistent() {
        Cli::command().debug_assert();
    }

    #[test]
    fn no_subcommand_means_console() {
        let cli = Cli::try_parse_from(["evtop", "--wall"]).unwrap();
        assert!(cli.command.is_none());
        assert!(cli.console.ui.wall);
    }

    #[test]
    fn the_last_of_wall_and_no_wall_wins() {
        let ui = |args: &[&str]| Cli::try_parse_from(args).unwrap().console.ui;
        let off = ui(&["evtop", "--wall", "--no-wall"]);
        assert!(off.no_wall && !off.wall);
        let on = ui(&["evtop", "--no-wall", "--wall"]);
        assert!(on.wall && !on.no_wall);
    }

    #[test]
    fn doctor_takes_the_connection_flags_and_its_own() {
        let cli = Cli::try_parse_from([
            "evtop", "doctor", "-u", "a@b.fi", "--wait", "3", "--json", "--save", "r.json",
        ])
        .unwrap();
        let Some(Command::Doctor(d)) = cli.command else {
            panic!("not doctor");
        };
        assert_eq!(d.connect.username.as_deref(), Some("a@b.fi"));
        assert_eq!(d.wait, 3);
        assert!(d.json && !d.demo && !d.try_actions);
        assert_eq!(d.save.as_deref(), Some(std::path::Path::new("r.json")));
        assert!(Cli::try_parse_from(["evtop", "doctor", "--wait", "soon"]).is_err());
    }

    #[test]
    fn console_flags_mean_the_same_before_and_after_the_subcommand() {
        for args in [
            &["evtop", "--wall", "--callers-threshold", "2/4", "console"][..],
            &["evtop", "console", "--wall", "--callers-threshold", "2/4"][..],
            &["evtop", "--wall", "demo", "--callers-threshold", "2/4"][..],
            &["evtop", "--callers-threshold", "2/4", "--wall"][..],
        ] {
            let cli = Cli::try_parse_checked(args).unwrap();
            let ui = cli.console_ui().unwrap();
            assert!(ui.wall, "{args:?}");
            assert_eq!(ui.callers_threshold.as_deref(), Some("2/4"), "{args:?}");
        }
    }

    #[test]
    fn a_console_flag_for_a_face_without_a_screen_is_refused() {
        for args in [
            &["evtop", "--wall", "sim"][..],
            &["evtop", "sim", "--wall"][..],
            &["evtop", "--theme", "dark", "events", "--demo"][..],
            &["evtop", "doctor", "--wait-threshold", "1/2"][..],
        ] {
            let err = Cli::try_parse_checked(args).unwrap_err().to_string();
            assert!(err.contains("is a console flag"), "{args:?}: {err}");
        }
        let cli = Cli::try_parse_checked(["evtop", "sim", "--seed", "3"]).unwrap();
        assert!(cli.console_ui().is_none());
    }

    #[test]
    fn bad_flag_is_a_clear_error() {
        let err = Cli::try_parse_from(["evtop", "sim", "--listen", "nowhere"]).unwrap_err();
        assert!(err.to_string().contains("--listen"));
    }
}
