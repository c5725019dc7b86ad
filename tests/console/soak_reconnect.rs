//! Issue 16's soak, bounded: a console (the real REST loader and RTE session, the app's
//! `update()`) against a paused simulator, through several reconnect and REST-fault
//! cycles with live changes made while it is down or reloading. After each cycle, every
//! queue row and agent row must equal `/_sim/state`, and the hub's subscriptions for the
//! connection (`/_sim/connections`) must be exactly the ones the session believes it
//! holds. The figures are printed (`--nocapture`).

use crate::runner_support::Console;
use crate::session_support;

use chrono::Utc;
use evtop::app::state::{Activity, State};
use evtop::app::Event;
use evtop::console::backend::RestBackend;
use evtop::console::runner::ConsoleApi;
use evtop::model::rest::Availability;
use evtop::rte::{ConnectionState, Session, SessionOptions};
use evtop::sim::SimHandle;
use serde_json::{json, Value};
use std::collections::BTreeSet;
use std::sync::Arc;
use std::time::{Duration, Instant};

const T: Duration = Duration::from_secs(20);

struct Rig {
    sim: SimHandle,
    http: reqwest::Client,
    console: Console,
    probes: u32,
    /// Snapshot loads that ended (applied or failed).
    loads_ended: usize,
}

crate::runner_support::rig_derefs_to_console!(Rig);

impl Rig {
    async fn start(tls: bool) -> Rig {
        let sim = session_support::paused_sim(Duration::from_millis(500), tls).await;
        let mut http = reqwest::Client::builder().timeout(T);
        if let Some(pem) = sim.ca_pem() {
            http =
                http.add_root_certificate(reqwest::Certificate::from_pem(pem.as_bytes()).unwrap());
        }
        let api = session_support::supervisor_api(&sim, 2, Duration::from_millis(20));
        let backend: Arc<dyn ConsoleApi> = Arc::new(RestBackend::new(api.clone(), "sim"));
        let session_options = SessionOptions {
            subscribe_retry: evtop::rte::Backoff {
                base: Duration::from_millis(30),
                max: Duration::from_millis(100),
                jitter: 0.0,
            },
            resubscribe_backoff: evtop::rte::Backoff {
                base: Duration::from_millis(200),
                max: Duration::from_millis(500),
                jitter: 0.0,
            },
            ..session_support::fast_session_options(Duration::from_secs(3))
        };
        let session = Session::spawn(api, session_options);
        let mut rig = Rig {
            sim,
            http: http.build().unwrap(),
            console: Console::new(backend, session, Utc::now()),
            probes: 0,
            loads_ended: 0,
        };
        let snap = tokio::time::timeout(T, rig.backend.snapshot(rig.applied.clone()))
            .await
            .expect("snapshot in time")
            .expect("snapshot");
        rig.feed(Event::Snapshot(Box::new(snap))).await;
        rig.until("live", |s| s.connection == ConnectionState::Live)
            .await;
        rig
    }

    async fn feed(&mut self, event: Event) {
        if matches!(event, Event::Snapshot(_) | Event::SnapshotFailed(_)) {
            self.loads_ended += 1;
        }
        self.console.feed(event).await;
    }

    /// Feeds session updates, loads and clock ticks until `pred` holds.
    async fn until(&mut self, what: &str, pred: impl Fn(&State) -> bool) {
        let deadline = tokio::time::Instant::now() + T;
        let mut tick = tokio::time::interval(Duration::from_millis(100));
        while !pred(&self.state) {
            let Some(event) = self.console.next(deadline, Some(&mut tick)).await else {
                panic!(
                    "timed out waiting for {what}: {:?} {:?} partial {:?} held {}",
                    self.state.connection,
                    self.state.snapshot,
                    self.state.partial_visibility(),
                    self.session.subscriptions().len()
                )
            };
            self.feed(event).await;
        }
    }

    async fn admin(&self, what: &str, body: Value) {
        let r = self
            .http
            .post(format!("{}/_sim/{what}", self.sim.base_url()))
            .json(&body)
            .send()
            .await
            .expect("admin call");
        assert!(r.status().is_success(), "{what} {body}: {}", r.status());
    }

    async fn admin_get(&self, what: &str) -> Value {
        self.http
            .get(format!("{}/_sim/{what}", self.sim.base_url()))
            .send()
            .await
            .expect("admin call")
            .json()
            .await
            .expect("json")
    }

    /// Live, the reload done and not due again: what the console shows is final.
    async fn quiet(&mut self) {
        self.until("live with a fresh snapshot", |s| {
            s.connection == ConnectionState::Live
                && !s.snapshot.in_flight
                && !s.snapshot.again
                && s.snapshot.error.is_none()
        })
        .await;
    }

    /// Until the session holds `n` subscriptions (restoring takes a few batches).
    async fn all_held(&mut self, n: usize) {
        let session = self.session.clone();
        self.until(&format!("{n} subscriptions held"), move |_| {
            session.subscriptions().len() == n
        })
        .await;
    }

    /// A probe event must come through: every event published before it has too.
    async fn settle(&mut self, agent: &str) {
        self.probes += 1;
        let note = format!("probe {}", self.probes);
        self.admin(
            "control",
            json!({"availability": {"user_id": agent, "availability": "Available", "note": note}}),
        )
        .await;
        self.until("the probe", |s| {
            s.agents.get(agent).is_some_and(|a| a.note == note)
        })
        .await;
    }
}

/// Differences between the console's rows and `/_sim/state`; activities the console
/// honestly does not know yet ("—") are counted apart.
#[derive(Debug, Default)]
struct Compare {
    mismatches: Vec<String>,
    unknown_activity: usize,
    rows: usize,
}

fn compare(state: &State, truth: &Value) -> Compare {
    let mut c = Compare::default();
    let figures = truth["QueueFigures"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    let truth_queues: BTreeSet<String> = figures
        .iter()
        .filter_map(|f| f["QueueId"].as_str().map(str::to_owned))
        .collect();
    let shown: BTreeSet<String> = state.queues.keys().cloned().collect();
    if shown != truth_queues {
        c.mismatches.push(format!(
            "queue ids: shown {shown:?}, truth {truth_queues:?}"
        ));
    }
    for f in &figures {
        let id = f["QueueId"].as_str().unwrap_or_default();
        let Some(row) = state.queues.get(id) else {
            continue;
        };
        c.rows += 1;
        let want = (f["CallersWaiting"].as_i64(), f["OpenStatus"].as_i64());
        let have = (Some(row.waiting), Some(row.open_status));
        if want != have {
            c.mismatches.push(format!(
                "queue {}: (waiting, open) shown {have:?}, truth {want:?}",
                row.name
            ));
        }
    }
    let agents = truth["Agents"].as_array().cloned().unwrap_or_default();
    for a in &agents {
        let id = a["Id"].as_str().unwrap_or_default();
        let Some(row) = state.agents.get(id) else {
            c.mismatches.push(format!("agent {id} not shown"));
            continue;
        };
        c.rows += 1;
        let availability = a["Availability"].as_str().and_then(Availability::parse);
        if availability != row.availability {
            c.mismatches.push(format!(
                "agent {}: availability shown {:?}, truth {:?}",
                row.name, row.availability, a["Availability"]
            ));
        }
        let activity = row.activity();
        let truth_activity = a["Activity"].as_str().unwrap_or_default();
        let agrees = match (activity, truth_activity) {
            (Activity::Unknown, _) => {
                c.unknown_activity += 1;
                true
            }
            (Activity::WrapUp, "WrapUp") | (Activity::Talking, "Talking") => true,
            (Activity::Idle, "Idle" | "Ringing") => true,
            _ => false,
        };
        if !agrees {
            c.mismatches.push(format!(
                "agent {}: activity shown {activity:?}, truth {truth_activity}",
                row.name
            ));
        }
    }
    c
}

fn lower(
    keys: impl IntoIterator<Item = evtop::rte::SubscriptionKey>,
) -> BTreeSet<(String, String)> {
    keys.into_iter()
        .map(|k| (k.entity_id.to_ascii_lowercase(), k.event.name().to_owned()))
        .collect()
}

/// The hub's view of each open connection, as (id, {(entity, event)}).
async fn server_side(rig: &Rig) -> Vec<(String, BTreeSet<(String, String)>)> {
    rig.admin_get("connections")
        .await
        .as_array()
        .cloned()
        .unwrap_or_default()
        .iter()
        .map(|c| {
            let subs = c["Subscriptions"]
                .as_array()
                .into_iter()
                .flatten()
                .map(|s| {
                    (
                        s["EntityId"]
                            .as_str()
                            .unwrap_or_default()
                            .to_ascii_lowercase(),
                        s["EventName"].as_str().unwrap_or_default().to_owned(),
                    )
                })
                .collect();
            (c["Id"].as_str().unwrap_or_default().to_owned(), subs)
        })
        .collect()
}

/// Connection mismatches: the hub must hold exactly what the session believes, on one
/// connection.
async fn connection_mismatches(rig: &Rig) -> Vec<String> {
    let believed = lower(rig.session.subscriptions());
    let server = server_side(rig).await;
    let mut out = Vec::new();
    if server.len() != 1 {
        out.push(format!("{} connections open, expected 1", server.len()));
    }
    for (id, subs) in &server {
        let missing: Vec<_> = believed.difference(subs).collect();
        let extra: Vec<_> = subs.difference(&believed).collect();
        if !missing.is_empty() || !extra.is_empty() {
            out.push(format!(
                "connection {id}: believed but not held {}, held but not believed {}",
                missing.len(),
                extra.len()
            ));
        }
    }
    out
}

/// The console's keys whose event the simulator's hub does not offer.
fn not_offered(state: &State) -> usize {
    state
        .subscribed
        .iter()
        .filter(|k| !evtop::sim::hub::EMITTED.contains(&k.event))
        .count()
}

struct Figures {
    cycles: usize,
    faults: usize,
    changes: usize,
    row_mismatches: usize,
    subscription_mismatches: usize,
    rows_checked: usize,
    unknown_activity: usize,
}

async fn soak(tls: bool) -> Figures {
    let started = Instant::now();
    let mut rig = Rig::start(tls).await;
    rig.quiet().await;
    let agents: Vec<String> = rig.state.agents.keys().cloned().collect();
    let queues: Vec<String> = rig.state.queues.keys().cloned().collect();
    let probe_agent = agents[0].clone();
    rig.settle(&probe_agent).await;
    // Every subscription the console asks for whose event the hub offers.
    let wanted = rig.state.subscribed.len() - not_offered(&rig.state);
    rig.all_held(wanted).await;
    assert!(wanted > 0);

    let mut f = Figures {
        cycles: 0,
        faults: 0,
        changes: 0,
        row_mismatches: 0,
        subscription_mismatches: 0,
        rows_checked: 0,
        unknown_activity: 0,
    };
    let availabilities = [
        "Busy",
        "BRB",
        "Away",
        "DoNotDisturb",
        "Available",
        "OffWork",
    ];
    // Each cycle: the faults (applied together), then whether REST faults are cleared
    // only once the reload has failed (so the console's own retry must fix it).
    let cycles: Vec<(Vec<Value>, bool)> = vec![
        (vec![json!({"drop_websockets": true})], false),
        (
            vec![
                json!({"path": "/queues", "rest_error_rate": 1.0, "rest_error_status": 503}),
                json!({"drop_websockets": true}),
            ],
            true,
        ),
        (
            vec![
                json!({"subscribe_error": 2}),
                json!({"drop_websockets": true}),
            ],
            false,
        ),
        (
            vec![
                json!({"refuse_negotiate": 1, "refuse_upgrade": 1}),
                json!({"drop_websockets": true}),
            ],
            false,
        ),
        (
            vec![
                json!({"path": "/availability", "rest_error_rate": 1.0, "rest_error_status": 429}),
                // Down for a few tries, so the changes below happen while it is.
                json!({"refuse_negotiate": 3}),
                json!({"close_with_error": "maintenance"}),
            ],
            true,
        ),
        (
            vec![
                json!({"rest_delay_ms": 100}),
                json!({"drop_websockets": true}),
            ],
            false,
        ),
        (
            vec![
                json!({"path": "/users", "rest_error_rate": 1.0, "rest_error_status": 503}),
                json!({"completion_delay_ms": 150}),
                json!({"drop_websockets": true}),
            ],
            true,
        ),
    ];
    for (i, (faults, clear_after_failure)) in cycles.iter().enumerate() {
        f.cycles += 1;
        let was_live_since = rig.state.connection_since;
        for fault in faults {
            rig.admin("faults", fault.clone()).await;
            f.faults += 1;
        }
        // Live changes while the console is down or reloading.
        rig.admin(
            "control",
            json!({"call_queue_id": queues[i % queues.len()]}),
        )
        .await;
        // An availability that differs from the agent's current one.
        let agent = agents[1 + i % (agents.len() - 1)].clone();
        let current = rig.sim.state_json()["Agents"]
            .as_array()
            .unwrap()
            .iter()
            .find(|a| a["Id"] == agent.as_str())
            .map(|a| a["Availability"].as_str().unwrap_or_default().to_owned())
            .unwrap_or_default();
        let next = availabilities
            .iter()
            .cycle()
            .skip(i)
            .find(|a| **a != current)
            .unwrap();
        rig.admin(
            "control",
            json!({"availability": {"user_id": agent, "availability": next}}),
        )
        .await;
        f.changes += 2;
        if i % 2 == 0 {
            let idle = rig.sim.state_json()["Agents"]
                .as_array()
                .unwrap()
                .iter()
                .filter(|a| a["Activity"] == "Idle" && a["Id"] != probe_agent.as_str())
                .nth(i)
                .map(|a| a["Id"].as_str().unwrap().to_owned());
            if let Some(agent) = idle {
                rig.admin(
                    "control",
                    json!({"wrap_up": {"user_id": agent, "max_secs": 600}}),
                )
                .await;
                f.changes += 1;
            }
        }
        // The reconnect, then (when asked) the reload's failure.
        rig.until("the reconnect", |s| {
            s.connection_since != was_live_since && s.connection == ConnectionState::Live
        })
        .await;
        // The reload of this reconnect ends (failed, when the fault is on its path).
        let ended = rig.loads_ended;
        while rig.loads_ended == ended {
            rig.until(&format!("the reload of cycle {i}"), |s| {
                s.snapshot.in_flight
            })
            .await;
            rig.until(&format!("the reload of cycle {i} to end"), |s| {
                !s.snapshot.in_flight
            })
            .await;
        }
        if *clear_after_failure {
            assert!(
                rig.state.snapshot.error.is_some(),
                "cycle {i}: the reload should have failed"
            );
        }
        // More changes while the reload (or its retry) is pending.
        rig.admin(
            "control",
            json!({"call_queue_id": queues[(i + 1) % queues.len()]}),
        )
        .await;
        f.changes += 1;
        rig.admin("faults", json!({"clear": true})).await;
        rig.quiet().await;
        rig.all_held(wanted).await;
        rig.settle(&probe_agent).await;
        rig.quiet().await;
        let c = compare(&rig.state, &rig.admin_get("state").await);
        let conn = connection_mismatches(&rig).await;
        for m in c.mismatches.iter().chain(&conn) {
            eprintln!("cycle {i}: {m}");
        }
        f.row_mismatches += c.mismatches.len();
        f.subscription_mismatches += conn.len();
        f.rows_checked += c.rows;
        f.unknown_activity = c.unknown_activity;
    }

    // A Subscribe that keeps failing: reported, counted, and never believed held.
    f.cycles += 1;
    rig.admin("faults", json!({"subscribe_error": 100_000}))
        .await;
    rig.admin("faults", json!({"drop_websockets": true})).await;
    f.faults += 2;
    // Every subscription the hub would hold is counted as refused (the console counts
    // keys whose event the hub does not offer as held: it ignores NotOffered).
    rig.until("the refusals counted on the status line", |s| {
        s.connection == ConnectionState::Live
            && s.partial_visibility()
                .is_some_and(|(have, asked)| asked - have == wanted)
    })
    .await;
    eprintln!(
        "while every Subscribe fails: status line counts {:?} (held, asked), {} not offered",
        rig.state.partial_visibility(),
        not_offered(&rig.state)
    );
    let conn = connection_mismatches(&rig).await;
    assert!(rig.session.subscriptions().is_empty());
    f.subscription_mismatches += conn.len();
    // Cleared: the session's quiet retries make them on the same connection, and the
    // console counts them held again.
    let connected_since = rig.state.connection_since;
    rig.admin("faults", json!({"clear": true})).await;
    rig.until("the status line full again", |s| {
        s.partial_visibility().is_none()
    })
    .await;
    assert_eq!(rig.state.connection_since, connected_since, "no reconnect");
    rig.quiet().await;
    rig.all_held(wanted).await;
    rig.settle(&probe_agent).await;
    rig.quiet().await;
    let c = compare(&rig.state, &rig.admin_get("state").await);
    let conn = connection_mismatches(&rig).await;
    for m in c.mismatches.iter().chain(&conn) {
        eprintln!("last cycle: {m}");
    }
    f.row_mismatches += c.mismatches.len();
    f.subscription_mismatches += conn.len();
    f.rows_checked += c.rows;
    assert_eq!(
        rig.session.subscriptions().len(),
        wanted,
        "every subscription back"
    );
    // What the console asked for and was not refused is what the session holds.
    let console_view = lower(
        rig.state
            .subscribed
            .difference(&rig.state.refused)
            .filter(|k| evtop::sim::hub::EMITTED.contains(&k.event))
            .cloned(),
    );
    assert_eq!(console_view, lower(rig.session.subscriptions()));
    assert!(rig.state.partial_visibility().is_none());
    eprintln!(
        "soak{}: {} cycles, {} faults injected, {} live changes, {} rows checked, \
         {} row mismatches, {} subscription mismatches, {} activities unknown (—) at the end, {:.1} s",
        if tls { " over TLS" } else { "" },
        f.cycles,
        f.faults,
        f.changes,
        f.rows_checked,
        f.row_mismatches,
        f.subscription_mismatches,
        f.unknown_activity,
        started.elapsed().as_secs_f64()
    );
    rig.sim.shutdown().await;
    f
}

#[tokio::test]
async fn after_every_reconnect_and_rest_fault_the_console_equals_the_truth() {
    let f = soak(false).await;
    assert_eq!(f.row_mismatches, 0);
    assert_eq!(f.subscription_mismatches, 0);
}

#[tokio::test]
async fn over_tls_after_every_reconnect_the_console_equals_the_truth() {
    let f = soak(true).await;
    assert_eq!(f.row_mismatches, 0);
    assert_eq!(f.subscription_mismatches, 0);
}
