//! `evtop snapshot`: the console's figures once, for scripts, monitoring and chat bots.
//! It connects like the console, loads the REST snapshot, listens `--settle` seconds to
//! the live events (REST does not say what an agent is doing), applies everything through
//! the console's own `update()`, and prints what the screen would show: queues, agents
//! and the wall's totals, with the same provenance — an activity no event has told is
//! `null` (JSON) or empty (CSV), never guessed; a time in state that is only a lower bound
//! says so.

use crate::app::panes::{agents as agent_pane, queues as queue_pane};
use crate::app::state::{open_status_word, Level, State};
use crate::app::{update, Effect, Event};
use crate::cli::SnapshotArgs;
use crate::config::console::QueueSets;
use crate::console::backend::RestBackend;
use crate::console::runner::{AppliedEvents, ConsoleApi};
use crate::console::session::{self, SessionLink};
use crate::rte::{ConnectionState, SessionCommand, SessionUpdate};
use chrono::Utc;
use color_eyre::eyre::eyre;
use futures_util::StreamExt;
use serde_json::{json, Value};
use std::io::Write as _;
use std::time::Duration;

/// Longest `--settle` accepted, in seconds.
const MAX_SETTLE_SECS: f64 = 600.0;

/// `evtop snapshot`.
pub async fn run(args: SnapshotArgs) -> color_eyre::Result<()> {
    if !(0.0..=MAX_SETTLE_SECS).contains(&args.settle) {
        return Err(eyre!(
            "--settle wants seconds from 0 to {MAX_SETTLE_SECS}, got {}",
            args.settle
        ));
    }
    // The queue set is checked before anything is connected to.
    let (views, view) = queue_set(&args)?;
    let _ = crate::logging::init(args.connect.log_file.as_deref());
    let mut sim = None;
    let api = if args.demo {
        let (handle, api) = super::start_demo(&args.model, false).await?;
        sim = Some(handle);
        api
    } else {
        let login = crate::config::resolve(&args.connect, &mut crate::config::TerminalPrompter)?;
        crate::api::ApiClient::connect_verified(&login)
            .await
            .map_err(|e| eyre!("cannot connect: {}", e.user_message()))?
    };
    let silo = api.base_url().host_str().unwrap_or_default().to_owned();
    let backend = RestBackend::new(api.clone(), silo);
    let link = session::spawn(api, false);
    let mut state = State::new(Utc::now());
    state.views = views;
    state.view.queue_set = view;
    let state = settle(state, &backend, link, Duration::from_secs_f64(args.settle)).await?;
    drop(sim);
    let text = if args.csv {
        csv(&state)
    } else {
        let mut t = serde_json::to_string_pretty(&json_of(&state, args.settle))?;
        t.push('\n');
        t
    };
    let _ = std::io::stdout().write_all(text.as_bytes());
    Ok(())
}

/// The config file's queue sets and the one `--view` names; an unknown name is a
/// [`BadUsage`](crate::cli::BadUsage) that lists the names there are.
fn queue_set(args: &SnapshotArgs) -> color_eyre::Result<(QueueSets, Option<String>)> {
    let Some(name) = args.view.as_deref() else {
        return Ok(Default::default());
    };
    let (path, file) = crate::config::load(&args.connect)?;
    crate::config::console::views_from(&file, path.as_deref(), Some(name))
        .map_err(|e| crate::cli::BadUsage(e.to_string()).into())
}

/// Loads the REST snapshot and applies the live events for `settle`, the way the
/// console's runner does; a snapshot that cannot be read is the command's failure.
async fn settle(
    mut state: State,
    backend: &RestBackend,
    mut link: SessionLink,
    settle: Duration,
) -> color_eyre::Result<State> {
    let applied = AppliedEvents::default();
    let mut pending: Vec<Effect> = update(&mut state, Event::Reload);
    let deadline = tokio::time::Instant::now() + settle;
    let mut loaded = false;
    loop {
        for effect in std::mem::take(&mut pending) {
            match effect {
                Effect::RefreshSnapshot => {
                    let event = match backend.snapshot(applied.clone()).await {
                        Ok(s) => Event::Snapshot(Box::new(s)),
                        Err(e) if !loaded => {
                            let _ = link.commands.send(SessionCommand::Shutdown);
                            return Err(eyre!("cannot read the REST snapshot: {e}"));
                        }
                        Err(e) => Event::SnapshotFailed(e),
                    };
                    loaded = true;
                    state.now = Utc::now();
                    pending.extend(update(&mut state, event));
                    applied.set(state.live_seq);
                }
                Effect::Subscribe(keys) => {
                    let _ = link.commands.send(SessionCommand::Subscribe(keys));
                }
                Effect::Unsubscribe(keys) => {
                    let _ = link.commands.send(SessionCommand::Unsubscribe(keys));
                }
                Effect::Reconnect => {
                    let _ = link.commands.send(SessionCommand::Reconnect);
                }
                // Read-only: no action is ever asked for here; today's calls are the
                // console's.
                Effect::Api { .. }
                | Effect::Quit
                | Effect::Suspend
                | Effect::Bell
                | Effect::ReadCallRecords { .. } => {}
            }
        }
        if !pending.is_empty() {
            continue;
        }
        let update_now = tokio::select! {
            u = link.updates.next() => u,
            _ = tokio::time::sleep_until(deadline) => break,
        };
        let Some(u) = update_now else { break };
        if let SessionUpdate::State(ConnectionState::Failed { reason }) = &u {
            // REST answered: print what it said, marked not live.
            tracing::warn!("RTE failed during the snapshot: {reason}");
        }
        state.now = Utc::now();
        pending.extend(update(&mut state, Event::Session(u)));
        applied.set(state.live_seq);
    }
    let _ = link.commands.send(SessionCommand::Shutdown);
    state.now = Utc::now();
    Ok(state)
}

fn level_word(level: Level) -> &'static str {
    match level {
        Level::Ok => "ok",
        Level::Warn => "warn",
        Level::Alert => "alert",
    }
}

fn queue_rows(state: &State) -> Vec<Value> {
    queue_pane::visible(state)
        .into_iter()
        .map(|q| {
            let shown = queue_pane::shown(state, q);
            json!({
                "id": q.id,
                "name": q.name,
                "open": open_status_word(shown.open_status),
                "level": level_word(q.level(&state.thresholds, state.data_now())),
                "callers": shown.waiting,
                "longest_wait_secs": shown.longest_secs,
                "allocated": shown.allocated,
                "connected": shown.connected,
                "free": shown.free,
                "serving": shown.serving,
                "wrap_up": shown.wrap_up,
                "away": shown.away,
            })
        })
        .collect()
}

fn agent_rows(state: &State) -> Vec<Value> {
    let in_view = state.agents_in_view();
    agent_pane::visible(state)
        .into_iter()
        .filter(|a| {
            in_view
                .as_ref()
                .is_none_or(|ids| ids.contains(a.id.as_str()))
        })
        .map(|a| {
            let shown = agent_pane::shown(state, a);
            let activity = match shown.activity {
                agent_pane::ActivityShown::Unknown => Value::Null,
                other => Value::from(activity_word(other)),
            };
            let queue = agent_pane::agent_queue_name(state, a);
            json!({
                "id": a.id,
                "name": a.name,
                "availability": shown.availability,
                "note": a.note,
                "activity": activity,
                "activity_secs": shown.activity_secs,
                "wrap_up_left_secs": shown.wrap_up_left_secs,
                "queue": (!queue.is_empty()).then_some(queue),
                "in_state_secs": shown.in_state.map(|(secs, _)| secs),
                "in_state_lower_bound": shown.in_state.is_some_and(|(_, lower)| lower),
                "no_access": a.no_access,
            })
        })
        .collect()
}

fn activity_word(a: agent_pane::ActivityShown) -> &'static str {
    use agent_pane::ActivityShown::*;
    match a {
        Unknown => "",
        Idle => "idle",
        Ringing => "ringing",
        Talking => "talking",
        OnHold => "on hold",
        WrapUp => "wrap-up",
    }
}

/// The whole snapshot as one JSON object.
fn json_of(state: &State, settle: f64) -> Value {
    let t = crate::app::totals::totals(state);
    let count = |c: crate::app::totals::AgentCount| json!({"known": c.known, "at_most": c.known + c.maybe, "label": c.label()});
    json!({
        "at": state.now.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
        "live": state.connection == ConnectionState::Live,
        "settle_secs": settle,
        "subscriptions": state.partial_visibility().map(|(have, asked)| json!({"held": have, "asked": asked})),
        "totals": {
            "callers": t.waiting,
            "callers_level": level_word(t.waiting_level),
            "longest_wait_secs": t.longest_secs,
            "longest_wait_level": level_word(t.longest_level),
            "agents_free": count(t.free),
            "agents_on_wrap_up": count(t.wrap_up),
            "queues_in_alert": t.alerts,
        },
        "queues": queue_rows(state),
        "agents": agent_rows(state),
    })
}

/// One CSV field: quoted when it holds a comma, a quote or a line break.
fn field(v: &Value) -> String {
    let text = match v {
        Value::Null => String::new(),
        Value::String(s) => s.clone(),
        other => other.to_string(),
    };
    if text.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text
    }
}

fn csv_table(out: &mut String, columns: &[&str], rows: &[Value]) {
    out.push_str(&columns.join(","));
    out.push('\n');
    for row in rows {
        let line: Vec<String> = columns.iter().map(|c| field(&row[*c])).collect();
        out.push_str(&line.join(","));
        out.push('\n');
    }
}

/// Two CSV tables, queues then agents, separated by an empty line; unknown is empty.
fn csv(state: &State) -> String {
    let mut out = String::new();
    csv_table(
        &mut out,
        &[
            "id",
            "name",
            "open",
            "level",
            "callers",
            "longest_wait_secs",
            "allocated",
            "connected",
            "free",
            "serving",
            "wrap_up",
            "away",
        ],
        &queue_rows(state),
    );
    out.push('\n');
    csv_table(
        &mut out,
        &[
            "id",
            "name",
            "availability",
            "note",
            "activity",
            "activity_secs",
            "wrap_up_left_secs",
            "queue",
            "in_state_secs",
            "in_state_lower_bound",
            "no_access",
        ],
        &agent_rows(state),
    );
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_fields_are_quoted_only_when_needed_and_unknown_is_empty() {
        assert_eq!(field(&Value::Null), "");
        assert_eq!(field(&json!("Sales")), "Sales");
        assert_eq!(field(&json!("Busy, \"lunch\"")), "\"Busy, \"\"lunch\"\"\"");
        assert_eq!(field(&json!(42)), "42");
    }
}
