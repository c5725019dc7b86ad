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

    /// Parses like [`Parser::try_parse_from`], then gives each face the flags written
    /// before its name (`evtop --wall console` = `evtop console --wall`), and refuses a
    /// flag that the chosen face does not use, wherever it was written, with a line that
    /// says where it belongs. Each face declares only the flags it uses, so its `--help`
    /// lists only those.
    pub fn try_parse_checked<I, T>(args: I) -> Result<Cli, clap::Error>
    where
        I: IntoIterator<Item = T>,
        T: Into<std::ffi::OsString> + Clone,
    {
        use clap::{CommandFactory, FromArgMatches};
        let args: Vec<std::ffi::OsString> = args.into_iter().map(Into::into).collect();
        let mut command = Cli::command();
        let matches = match command.try_get_matches_from_mut(args.iter().cloned()) {
            Ok(m) => m,
            Err(e) => return Err(explain_misplaced_flag(e, &args, &mut command)),
        };
        if let Some(face) = matches.subcommand_name() {
            let before = misplaced_flags().into_iter().find(|(id, _, group)| {
                matches.value_source(id) == Some(clap::parser::ValueSource::CommandLine)
                    && !face_uses(face, id, *group)
            });
            if let Some((_, long, group)) = before {
                return Err(command.error(
                    clap::error::ErrorKind::ArgumentConflict,
                    refusal(face, &long, group),
                ));
            }
        }
        let mut cli = Cli::from_arg_matches(&matches).map_err(|e| e.format(&mut command))?;
        cli.give_flags_to_the_face();
        Ok(cli)
    }

    /// Hands the flags written before the face's name (parsed into `self.console`) to
    /// the face; a flag written after the name wins.
    fn give_flags_to_the_face(&mut self) {
        let top = &self.console;
        match &mut self.command {
            Some(Command::Console(args)) => {
                args.connect.fill_from(&top.connect);
                args.ui.fill_from(&top.ui);
                args.record.fill_from(&top.record);
            }
            Some(Command::Replay(args)) => {
                args.ui.fill_from(&top.ui);
                args.config = args.config.take().or_else(|| top.connect.config.clone());
            }
            Some(Command::Demo(args)) => {
                args.ui.fill_from(&top.ui);
                args.record.fill_from(&top.record);
                args.config = args.config.take().or_else(|| top.connect.config.clone());
                args.log_file = args
                    .log_file
                    .take()
                    .or_else(|| top.connect.log_file.clone());
            }
            Some(Command::Config(args)) => {
                args.config = args.config.take().or_else(|| top.connect.config.clone());
            }
            Some(Command::Events(EventsArgs { connect, .. }))
            | Some(Command::Snapshot(SnapshotArgs { connect, .. }))
            | Some(Command::Record(RecordCmdArgs { connect, .. }))
            | Some(Command::Doctor(DoctorArgs { connect, .. })) => connect.fill_from(&top.connect),
            _ => {}
        }
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

/// Which kind of flag: how to reach a tenant, or how the console looks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum FlagGroup {
    Connect,
    Ui,
    Record,
}

/// Every connection and console flag: (clap id, long name, group).
fn misplaced_flags() -> Vec<(String, String, FlagGroup)> {
    let of = |cmd: clap::Command, group| {
        cmd.get_arguments()
            .map(|a| {
                let id = a.get_id().as_str().to_owned();
                let long = a.get_long().unwrap_or(&id).to_owned();
                (id, long, group)
            })
            .collect::<Vec<_>>()
    };
    let mut all = of(
        ConnectArgs::augment_args(clap::Command::new("c")),
        FlagGroup::Connect,
    );
    all.extend(of(
        UiArgs::augment_args(clap::Command::new("u")),
        FlagGroup::Ui,
    ));
    all.extend(of(
        RecordArgs::augment_args(clap::Command::new("r")),
        FlagGroup::Record,
    ));
    all
}

/// Whether `face` uses the flag `id` of `group`.
fn face_uses(face: &str, id: &str, group: FlagGroup) -> bool {
    match (face, group) {
        ("console", _) => true,
        ("demo", FlagGroup::Ui | FlagGroup::Record) => true,
        ("demo", FlagGroup::Connect) => id == "config" || id == "log_file",
        ("events" | "snapshot" | "doctor" | "record", FlagGroup::Connect) => true,
        ("replay", FlagGroup::Ui) => true,
        ("replay", FlagGroup::Connect) => id == "config" || id == "log_file",
        ("config", FlagGroup::Connect) => id == "config",
        _ => false,
    }
}

/// The line that refuses `--long` for `face`.
fn refusal(face: &str, long: &str, group: FlagGroup) -> String {
    match group {
        FlagGroup::Ui => format!(
            "--{long} is a console flag: `evtop {face}` draws no console \
             (use it with `evtop --{long}`, `evtop console` or `evtop demo`)"
        ),
        FlagGroup::Record => format!(
            "--{long} records the console: `evtop {face}` draws none \
             (use `evtop console --{long}`, `evtop demo --{long}` or `evtop record FILE`)"
        ),
        FlagGroup::Connect if face == "demo" => format!(
            "--{long} is a tenant flag: `evtop demo` runs against the built-in simulator \
             (use it with `evtop console`, `events`, `snapshot` or `doctor`)"
        ),
        FlagGroup::Connect => format!(
            "--{long} is a tenant flag: `evtop {face}` does not use it \
             (use it with `evtop console`, `events`, `snapshot` or `doctor`)"
        ),
    }
}

/// clap's "unexpected argument" for a connection or console flag written after a face
/// that does not take it becomes the line that says where the flag belongs.
fn explain_misplaced_flag(
    e: clap::Error,
    args: &[std::ffi::OsString],
    command: &mut clap::Command,
) -> clap::Error {
    use clap::error::{ContextKind, ContextValue, ErrorKind};
    if e.kind() != ErrorKind::UnknownArgument {
        return e;
    }
    let Some(ContextValue::String(given)) = e.get(ContextKind::InvalidArg) else {
        return e;
    };
    let long = given.trim_start_matches('-');
    let long = long.split_once('=').map_or(long, |(name, _)| name);
    let faces: Vec<String> = command
        .get_subcommands()
        .map(|c| c.get_name().to_owned())
        .collect();
    let face = args
        .iter()
        .skip(1)
        .filter_map(|a| a.to_str())
        .find(|a| faces.iter().any(|f| f == a));
    let flag = misplaced_flags()
        .into_iter()
        .find(|(_, l, _)| l == long && given.starts_with("--"));
    match (face, flag) {
        (Some(face), Some((_, long, group))) => {
            command.error(ErrorKind::ArgumentConflict, refusal(face, &long, group))
        }
        _ => e,
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
    Config(ConfigArgs),
    /// Print a shell completion script (e.g. `evtop completions bash > ~/.local/share/bash-completion/completions/evtop`).
    Completions {
        /// The shell.
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print the manual page (roff) on stdout (`evtop man | man -l -`).
    Man,
}

/// `evtop config [--config FILE] path|default`.
#[derive(Debug, Clone, Args)]
pub struct ConfigArgs {
    #[command(subcommand)]
    pub command: ConfigCommand,
    /// Config file (TOML) to name instead of the default.
    #[arg(long, env = "EVTOP_CONFIG", global = true)]
    pub config: Option<PathBuf>,
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
    #[arg(long, env = "EVTOP_CONFIG")]
    pub config: Option<PathBuf>,

    /// Profile (a `[profiles.NAME]` table of the config file).
    #[arg(long, env = "EVTOP_PROFILE")]
    pub profile: Option<String>,

    /// Login e-mail of the API user.
    #[arg(short = 'u', long, env = "EVTOP_USER")]
    pub username: Option<String>,

    /// API secret key (prefer the EVTOP_SECRET variable or the prompt: flags show in `ps`).
    #[arg(long, env = "EVTOP_SECRET", hide_env_values = true)]
    pub secret: Option<String>,

    /// Password, exchanged once for the secret key (prefer EVTOP_PASSWORD or the prompt).
    #[arg(long, env = "EVTOP_PASSWORD", hide_env_values = true)]
    pub password: Option<String>,

    /// Discovery service.
    #[arg(long)]
    pub discovery_url: Option<String>,

    /// REST API base URL; skips discovery.
    #[arg(long)]
    pub api_url: Option<String>,

    /// Allow plain http:// to hosts other than loopback.
    #[arg(long)]
    pub insecure_http: bool,

    /// Also trust the CA certificates in this PEM file (a private CA), for REST and the
    /// hub alike; the system's roots stay trusted.
    #[arg(long, env = "EVTOP_CA_FILE", value_name = "FILE")]
    pub ca_file: Option<PathBuf>,

    /// Log file (logs never go to the screen). Default: evtop.log in the state directory.
    #[arg(long, env = "EVTOP_LOG")]
    pub log_file: Option<PathBuf>,
}

/// How the console looks and behaves. Written before or after `console` / `demo` they
/// mean the same (`evtop --wall console` = `evtop console --wall`); given to a face
/// without a screen (`sim`, `events`, `doctor`) they are refused (see [`Cli::try_parse_checked`]).
/// `--no-wall` written on one side and `--wall` on the other: `--no-wall` wins.
#[derive(Debug, Clone, Args, Default)]
pub struct UiArgs {
    /// Read-only wall display: no actions or prompts, `q`/Ctrl-C need a confirm,
    /// reconnects forever, alert rows first, large counts.
    #[arg(long, overrides_with = "no_wall")]
    pub wall: bool,

    /// Not a wall display, even when the config file's `[ui]` says `wall = true`.
    #[arg(long, overrides_with = "wall")]
    pub no_wall: bool,

    /// Theme name (default, dark, light, high-contrast, mono) or path to a theme file.
    #[arg(long, env = "EVTOP_THEME")]
    pub theme: Option<String>,

    /// Capture the mouse: the wheel moves through the focused pane (off by default, so the
    /// terminal can select text).
    #[arg(long)]
    pub mouse: bool,

    /// Callers waiting that mark a queue ▲ WARN / ■ ALERT (default 3/6).
    #[arg(long, value_name = "WARN/ALERT")]
    pub callers_threshold: Option<String>,

    /// Longest wait in seconds that marks a queue ▲ WARN / ■ ALERT (default 60/180).
    #[arg(long, value_name = "WARN/ALERT")]
    pub wait_threshold: Option<String>,

    /// Show only this queue set of the config file (`[views.NAME] queues = [...]`); the
    /// totals and the wall count only its queues and their agents.
    #[arg(long, value_name = "NAME")]
    pub view: Option<String>,
}

/// `mine`, or else `theirs`.
fn or<T: Clone>(mine: &mut Option<T>, theirs: &Option<T>) {
    if mine.is_none() {
        mine.clone_from(theirs);
    }
}

impl ConnectArgs {
    /// Takes each flag not given here from `before` (the flags written before the face).
    fn fill_from(&mut self, before: &ConnectArgs) {
        or(&mut self.config, &before.config);
        or(&mut self.profile, &before.profile);
        or(&mut self.username, &before.username);
        or(&mut self.secret, &before.secret);
        or(&mut self.password, &before.password);
        or(&mut self.discovery_url, &before.discovery_url);
        or(&mut self.api_url, &before.api_url);
        or(&mut self.ca_file, &before.ca_file);
        or(&mut self.log_file, &before.log_file);
        self.insecure_http |= before.insecure_http;
    }
}

impl RecordArgs {
    /// The recording named before the face, with its size limit, unless one is named here.
    fn fill_from(&mut self, before: &RecordArgs) {
        if self.record.is_none() && before.record.is_some() {
            self.clone_from(before);
        }
    }
}

impl UiArgs {
    /// Takes each flag not given here from `before` (the flags written before the face).
    fn fill_from(&mut self, before: &UiArgs) {
        self.wall |= before.wall;
        self.no_wall |= before.no_wall;
        self.mouse |= before.mouse;
        or(&mut self.theme, &before.theme);
        or(&mut self.callers_threshold, &before.callers_threshold);
        or(&mut self.wait_threshold, &before.wait_threshold);
        or(&mut self.view, &before.view);
    }
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
    /// action results; never keys or secrets) to FILE as JSON lines, for `evtop replay`;
    /// zstd-compressed when FILE ends in `.zst`.
    #[arg(long, value_name = "FILE")]
    pub record: Option<PathBuf>,

    /// Rotate the recording at this size on disk: FILE becomes FILE.1 (replacing an
    /// older one).
    #[arg(long, value_name = "MB", default_value_t = 200)]
    pub record_max_mb: u64,
}

/// `evtop record`.
#[derive(Debug, Clone, Args)]
pub struct RecordCmdArgs {
    /// Where to write (appended to; see `evtop replay`); zstd-compressed when the name
    /// ends in `.zst`.
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

    /// Config file (TOML); its `[ui]` and `[keys]` apply. Default:
    /// $XDG_CONFIG_HOME/evtop/config.toml if it exists.
    #[arg(long, env = "EVTOP_CONFIG", value_name = "FILE")]
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
    /// Config file (TOML); only its `[ui]` and `[keys]` tables are used. Default:
    /// $XDG_CONFIG_HOME/evtop/config.toml if it exists.
    #[arg(long, env = "EVTOP_CONFIG", value_name = "FILE")]
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

/// A command line that asks for something that is not there (exit status 2, like a
/// flag clap refuses), e.g. a `--view` the config file does not define.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct BadUsage(pub String);

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

    /// Only this queue set of the config file (`[views.NAME] queues = [...]`): its
    /// queues, their agents, and totals over them.
    #[arg(long, value_name = "NAME")]
    pub view: Option<String>,

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

    /// The long flags `evtop FACE --help` lists.
    fn help_flags(face: &str) -> Vec<String> {
        let mut cmd = Cli::command();
        cmd.build();
        let sub = cmd.find_subcommand(face).expect(face).clone();
        sub.get_arguments()
            .filter(|a| !a.is_hide_set())
            .filter_map(|a| a.get_long().map(str::to_owned))
            .collect()
    }

    #[test]
    fn each_face_lists_only_the_flags_it_uses() {
        let sim = help_flags("sim");
        for absent in ["username", "secret", "password", "config", "wall", "theme"] {
            assert!(
                !sim.iter().any(|f| f == absent),
                "sim lists --{absent}: {sim:?}"
            );
        }
        let demo = help_flags("demo");
        for absent in ["username", "secret", "password", "api-url", "discovery-url"] {
            assert!(!demo.iter().any(|f| f == absent), "demo lists --{absent}");
        }
        for present in ["config", "log-file", "wall", "theme", "seed"] {
            assert!(demo.iter().any(|f| f == present), "demo lacks --{present}");
        }
        let events = help_flags("events");
        assert!(events.iter().any(|f| f == "username"));
        assert!(!events.iter().any(|f| f == "wall"), "events lists --wall");
    }

    #[test]
    fn a_tenant_flag_for_a_face_without_a_tenant_is_refused_wherever_written() {
        for (args, face) in [
            (&["evtop", "sim", "--username", "x"][..], "sim"),
            (&["evtop", "-u", "x", "sim"][..], "sim"),
            (&["evtop", "demo", "--secret", "s3cr3t-value"][..], "demo"),
            (&["evtop", "--api-url", "http://x", "demo"][..], "demo"),
            (&["evtop", "--password", "p", "man"][..], "man"),
        ] {
            let err = Cli::try_parse_checked(args).unwrap_err().to_string();
            assert!(
                err.contains("is a tenant flag") && err.contains(&format!("`evtop {face}`")),
                "{args:?}: {err}"
            );
            assert!(!err.contains("s3cr3t-value"), "the secret is echoed: {err}");
        }
    }

    #[test]
    fn flags_before_the_face_reach_it_and_flags_after_win() {
        let cli = Cli::try_parse_checked(["evtop", "-u", "a@b.fi", "events", "--demo"]).unwrap();
        let Some(Command::Events(e)) = cli.command else {
            panic!("not events")
        };
        assert_eq!(e.connect.username.as_deref(), Some("a@b.fi"));
        let cli =
            Cli::try_parse_checked(["evtop", "-u", "first", "console", "-u", "second"]).unwrap();
        let Some(Command::Console(c)) = cli.command else {
            panic!("not console")
        };
        assert_eq!(c.connect.username.as_deref(), Some("second"));
        let cli = Cli::try_parse_checked(["evtop", "--config", "c.toml", "demo"]).unwrap();
        let Some(Command::Demo(d)) = cli.command else {
            panic!("not demo")
        };
        assert_eq!(d.config.as_deref(), Some(std::path::Path::new("c.toml")));
        for args in [
            &["evtop", "--config", "c.toml", "config", "path"][..],
            &["evtop", "config", "path", "--config", "c.toml"][..],
        ] {
            let cli = Cli::try_parse_checked(args).unwrap();
            let Some(Command::Config(c)) = cli.command else {
                panic!("not config")
            };
            assert_eq!(
                c.config.as_deref(),
                Some(std::path::Path::new("c.toml")),
                "{args:?}"
            );
        }
    }

    #[test]
    fn bad_flag_is_a_clear_error() {
        let err = Cli::try_parse_from(["evtop", "sim", "--listen", "nowhere"]).unwrap_err();
        assert!(err.to_string().contains("--listen"));
    }
}
