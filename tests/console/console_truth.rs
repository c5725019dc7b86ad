//! The truth test (issue 11): the real REST client, the real RTE session and `update()`
//! — the console's own path — against the simulator running seeded traffic at high
//! speed for hours of simulated time, with dropped connections, refused tokens and REST
//! errors injected. At every checkpoint the simulator's clock is paused, the console is
//! given the time to take in what was sent, and every figure it would draw is compared
//! with `/_sim/state`: each agent's activity, availability and time in state, each
//! queue's counters, each wall total. A figure must be equal (times within 1 s), or say
//! that it is unknown, or be a lower bound no greater than the truth.
//!
//! The console's clock is the simulator's (`SimHandle::now` before each update): at a
//! speed-up of hundreds the wall clock means nothing to simulated timestamps, while a
//! real console's clock and the platform's agree.

use crate::runner_support::Console;
use crate::session_support;

use chrono::{DateTime, Utc};
use evtop::app::panes::agents::{shown, ActivityShown};
use evtop::app::state::State;
use evtop::app::totals::{totals, AgentCount};
use evtop::app::Event;
use evtop::console::backend::RestBackend;
use evtop::console::runner::ConsoleApi;
use evtop::rte::{ConnectionState, Session};
use evtop::sim::model::truth::{AgentTruth, QueueFigures, Totals};
use evtop::sim::SimHandle;
use serde_json::{json, Value};
use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::{Duration, Instant};

/// Checkpoints, and the simulated time between two of them.
const CHECKPOINTS: usize = 100;
const SPEED: f64 = 300.0;
const RUN: Duration = Duration::from_millis(300);
/// The first checkpoints run without faults: the share of unknown activities falls as
/// agents have events; from then on every reconnect makes them unknown again.
const FAULTS_FROM: usize = 30;
/// Checkpoints per line of the report.
const GROUP: usize = 10;

struct Rig {
    sim: SimHandle,
    http: reqwest::Client,
    console: Console,
    /// Reloads the test asked for (a supervisor's `r`) because a failed one waited for a
    /// clock that the paused simulator does not move.
    manual_reloads: usize,
    reconnects: usize,
}

crate::runner_support::rig_derefs_to_console!(Rig);

/// Which sources of today's figures the simulated tenant gives.
#[derive(Debug, Clone, Copy)]
struct Sources {
    queue_events: bool,
    records: bool,
}

impl Rig {
    async fn start() -> Rig {
        let sim = session_support::paused_sim(Duration::from_millis(300), false).await;
        Rig::on(sim).await
    }

    /// A rig on a simulator that gives only `sources`, its clock starting at `start`.
    async fn start_with(sources: Sources, start: DateTime<Utc>) -> Rig {
        let sim = session_support::paused_sim_with(Duration::from_millis(300), false, |cfg| {
            cfg.scenario.queue_call_events = sources.queue_events;
            if !sources.records {
                cfg.scenario.refused_routes = vec!["service_calls".into()];
            }
            cfg.start_time = Some(start);
        })
        .await;
        Rig::on(sim).await
    }

    /// A console that starts afresh (a new session and a new `State`, which backfills)
    /// on the paused simulator.
    async fn restart_console(&mut self) {
        self.session.shutdown().await;
        self.console = Rig::console_on(&self.sim);
        self.feed(Event::Reload).await;
        self.settle().await;
    }

    /// The supervisor's console on `sim`, starting at the simulator's time.
    fn console_on(sim: &SimHandle) -> Console {
        let api = session_support::supervisor_api(sim, 4, Duration::from_millis(10));
        let backend: Arc<dyn ConsoleApi> = Arc::new(RestBackend::new(api.clone(), "sim"));
        let session = Session::spawn(
            api,
            session_support::fast_session_options(Duration::from_secs(2)),
        );
        Console::new(backend, session, sim.now())
    }

    async fn on(sim: SimHandle) -> Rig {
        Rig {
            console: Rig::console_on(&sim),
            sim,
            http: reqwest::Client::new(),
            manual_reloads: 0,
            reconnects: 0,
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

    /// One event into `update()`, on the simulator's clock.
    async fn feed(&mut self, event: Event) {
        let now = self.sim.now();
        if now > self.state.now {
            self.console.feed(Event::Tick(now)).await;
        }
        self.console.feed(event).await;
    }

    /// Feeds session updates and snapshot results for `d`; true when any came.
    async fn pump(&mut self, d: Duration) -> bool {
        let deadline = tokio::time::Instant::now() + d;
        let mut any = false;
        while let Some(event) = self.console.next(deadline, None).await {
            any = true;
            self.feed(event).await;
        }
        any
    }

    /// Live, the snapshot loaded and nothing arriving any more.
    async fn settle(&mut self) {
        let give_up = Instant::now() + Duration::from_secs(20);
        loop {
            assert!(
                Instant::now() < give_up,
                "the console did not settle: {:?}, snapshot {:?}",
                self.state.connection,
                self.state.snapshot
            );
            let busy = self.pump(Duration::from_millis(50)).await;
            let s = &self.state;
            if matches!(s.connection, ConnectionState::Failed { .. }) {
                self.reconnects += 1;
                self.session.reconnect().await;
                continue;
            }
            if (s.snapshot.retry_at.is_some() && !s.snapshot.in_flight) || s.today.waits_for_clock()
            {
                // The retry waits on the console's clock, which is the paused simulator's.
                self.manual_reloads += 1;
                self.feed(Event::Reload).await;
                continue;
            }
            let s = &self.state;
            // Every subscription the console asked for (and the hub offers and allows)
            // is held: a paused simulator must not run on before they are.
            let held = self.session.subscriptions();
            let subscribed = s.subscribed.iter().all(|k| {
                held.contains(k)
                    || s.refused.contains(k)
                    || s.not_offered.contains(&k.event.name().to_ascii_lowercase())
            });
            if !busy
                && subscribed
                && s.connection == ConnectionState::Live
                && s.snapshot.loaded
                && !s.snapshot.in_flight
                && s.snapshot.error.is_none()
                && !s.today.fetch.in_flight
            {
                return;
            }
        }
    }
}

/// The simulator's truth at a paused moment.
struct Truth {
    now: DateTime<Utc>,
    agents: Vec<AgentTruth>,
    queues: Vec<QueueFigures>,
    totals: Totals,
}

fn truth_of(st: &Value) -> Truth {
    fn parse<T: serde::de::DeserializeOwned>(st: &Value, k: &str) -> T {
        serde_json::from_value(st[k].clone()).unwrap_or_else(|e| panic!("{k}: {e}"))
    }
    Truth {
        now: evtop::model::time::parse(st["Now"].as_str().unwrap()).unwrap(),
        agents: parse(st, "Agents"),
        queues: parse(st, "QueueFigures"),
        totals: parse(st, "Totals"),
    }
}

/// What one checkpoint found.
#[derive(Default)]
struct Found {
    mismatches: Vec<String>,
    agents: usize,
    unknown_activity: usize,
    lower_bounds: usize,
}

fn secs_between(a: DateTime<Utc>, b: DateTime<Utc>) -> i64 {
    (a - b).num_seconds()
}

/// A count shown as `known` (or `≥known` when `maybe` agents are unknown) against the truth.
fn count_ok(c: AgentCount, truth: i64) -> bool {
    let truth = truth as usize;
    if c.maybe == 0 {
        c.known == truth
    } else {
        c.known <= truth && truth <= c.known + c.maybe
    }
}

fn compare(s: &State, t: &Truth) -> Found {
    let mut f = Found::default();
    let mut bad = |what: String| f.mismatches.push(what);
    let console_agents = s.agents.len();
    let truth_agents: BTreeMap<&str, &AgentTruth> = t
        .agents
        .iter()
        .filter(|a| !a.queues.is_empty())
        .map(|a| (a.id.as_str(), a))
        .collect();
    if console_agents != truth_agents.len() {
        bad(format!(
            "agents: console has {console_agents}, the simulator {}",
            truth_agents.len()
        ));
    }
    let mut unknown = 0;
    let mut lower = 0;
    for (id, truth) in &truth_agents {
        let Some(a) = s.agents.get(*id) else {
            bad(format!("{id}: not shown"));
            continue;
        };
        let name = &a.name;
        let sh = shown(s, a);
        // Availability: equal, or unknown.
        match &sh.availability {
            Some(av) if av != &truth.availability => bad(format!(
                "{name}: availability {av}, truth {}",
                truth.availability
            )),
            Some(_) => {}
            None => {}
        }
        // Activity: equal, or unknown.
        let truth_activity = format!("{:?}", truth.activity);
        let activity_secs = secs_between(t.now, truth.activity_since);
        match sh.activity {
            ActivityShown::Unknown => unknown += 1,
            ref other => {
                let word = other.truth_word();
                if word != truth_activity {
                    bad(format!(
                        "{name}: activity {word}, truth {truth_activity} for {activity_secs} s"
                    ));
                } else if let Some(secs) = sh.activity_secs {
                    if (secs - activity_secs).abs() > 1 {
                        bad(format!(
                            "{name}: {word} for {secs} s, truth {activity_secs} s"
                        ));
                    }
                }
            }
        }
        // Time in state: since the later of the activity's and the availability's start.
        let state_since = truth.activity_since.max(truth.availability_since);
        let truth_secs = secs_between(t.now, state_since);
        match sh.in_state {
            None => {}
            Some((secs, true)) => {
                lower += 1;
                if secs > truth_secs + 1 {
                    bad(format!(
                        "{name}: in state ≥{secs} s, truth {truth_secs} s ({truth_activity}, {})",
                        truth.availability
                    ));
                }
            }
            Some((secs, false)) if (secs - truth_secs).abs() > 1 => {
                bad(format!(
                    "{name}: in state {secs} s, truth {truth_secs} s ({truth_activity}, {})",
                    truth.availability
                ));
            }
            Some(_) => {}
        }
    }
    for q in &t.queues {
        let Some(row) = s.queues.get(&q.queue_id) else {
            bad(format!("queue {}: not shown", q.name));
            continue;
        };
        let name = &q.name;
        let mut eq = |what: &str, shown: Option<i64>, truth: i64| {
            if shown.is_some_and(|v| v != truth) {
                bad(format!("queue {name}: {what} {shown:?}, truth {truth}"));
            }
        };
        let c = evtop::app::panes::queues::shown(s, row);
        eq("open status", Some(c.open_status), q.open_status);
        eq("callers", Some(c.waiting), q.callers_waiting);
        eq("ringing", c.allocated, q.calls_ringing);
        eq("talking", c.connected, q.calls_talking);
        eq("free", Some(c.free), q.agents_free);
        eq("serving", Some(c.serving), q.agents_checked_in);
        eq("wrap-up", Some(c.wrap_up), q.agents_on_wrap_up);
        eq("away", c.away, q.agents_away);
        if (c.longest_secs - q.longest_wait_secs).abs() > 1 {
            bad(format!(
                "queue {name}: longest wait {} s, truth {} s",
                c.longest_secs, q.longest_wait_secs
            ));
        }
        // Today's calls: from the call records, exactly; never unknown here.
        let d = s.today.figures(&q.queue_id);
        let t = &q.today;
        let mut day = |what: &str, shown: Option<i64>, truth: i64| {
            if shown != Some(truth) {
                bad(format!(
                    "queue {name}: {what} today {shown:?}, truth {truth}"
                ));
            }
        };
        day("answered", d.answered, t.answered);
        day("abandoned", d.abandoned, t.abandoned);
        day("offered", d.offered, t.offered);
        let sl = |v: Option<f64>| v.map(|v| format!("{v:.1}"));
        let truth_sl = sl(t.service_level());
        if sl(d.service_level) != truth_sl {
            bad(format!(
                "queue {name}: SL% today {:?}, truth {truth_sl:?}",
                sl(d.service_level)
            ));
        }
    }
    let w = totals(s);
    let tt = &t.totals;
    if w.waiting != tt.callers_waiting {
        bad(format!(
            "wall: waiting {}, truth {}",
            w.waiting, tt.callers_waiting
        ));
    }
    if (w.longest_secs - tt.longest_wait_secs).abs() > 1 {
        bad(format!(
            "wall: longest {} s, truth {} s",
            w.longest_secs, tt.longest_wait_secs
        ));
    }
    if !count_ok(w.free, tt.agents_free) {
        bad(format!(
            "wall: free {}, truth {}",
            w.free.label(),
            tt.agents_free
        ));
    }
    if !count_ok(w.wrap_up, tt.agents_on_wrap_up) {
        bad(format!(
            "wall: wrap-up {}, truth {}",
            w.wrap_up.label(),
            tt.agents_on_wrap_up
        ));
    }
    // Queues in alert and the callers tile's level, from the truth's figures with the
    // console's thresholds (a longest wait within a second of a threshold may go either
    // way).
    let th = &s.thresholds;
    let near = |secs: i64| {
        [th.longest_wait_warn_secs, th.longest_wait_alert_secs]
            .iter()
            .any(|t| (secs - t).abs() <= 1)
    };
    if !t.queues.iter().any(|q| near(q.longest_wait_secs)) {
        let alerts = t
            .queues
            .iter()
            .filter(|q| {
                q.callers_waiting >= th.waiting_alert
                    || q.longest_wait_secs >= th.longest_wait_alert_secs
            })
            .count();
        if w.alerts != alerts {
            bad(format!("wall: alerts {}, truth {alerts}", w.alerts));
        }
    }
    let worst = t
        .queues
        .iter()
        .map(|q| q.callers_waiting)
        .max()
        .unwrap_or(0);
    let level = if worst >= th.waiting_alert {
        evtop::app::state::Level::Alert
    } else if worst >= th.waiting_warn {
        evtop::app::state::Level::Warn
    } else {
        evtop::app::state::Level::Ok
    };
    if w.waiting_level != level {
        bad(format!(
            "wall: callers level {:?}, truth {level:?}",
            w.waiting_level
        ));
    }
    f.agents = truth_agents.len();
    f.unknown_activity = unknown;
    f.lower_bounds = lower;
    f
}

/// A mismatch without the names and numbers: what kind of figure was wrong.
fn kind_of(m: &str) -> String {
    let (who, what) = m.split_once(": ").unwrap_or(("", m));
    let what: String = what
        .chars()
        .map(|c| if c.is_ascii_digit() { '#' } else { c })
        .collect();
    let mut what = what
        .replace("##", "#")
        .replace("##", "#")
        .replace("##", "#");
    if who.starts_with("queue ") || who == "wall" {
        what = format!("{}: {what}", who.split(' ').next().unwrap_or(who));
    }
    what
}

/// The fault injected before checkpoint `i` (none for most).
fn fault(i: usize) -> Option<Value> {
    match i % 10 {
        _ if i < FAULTS_FROM => None,
        2 => Some(json!({"drop_websockets": true})),
        5 => Some(json!({"refuse_tokens": 2, "drop_websockets": true})),
        7 => {
            Some(json!({"rest_error_rate": 0.3, "rest_error_status": 500, "drop_websockets": true}))
        }
        9 if i % 20 == 19 => Some(json!({"close_with_error": "maintenance"})),
        _ => None,
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_figure_matches_the_simulators_truth_or_says_it_is_unknown() {
    let started = Instant::now();
    let mut rig = Rig::start().await;
    // Start on a paused simulator that has been running for a while.
    rig.admin("control", json!({"advance_secs": 600})).await;
    rig.feed(Event::Reload).await;
    rig.settle().await;
    let mut all = 0usize;
    let mut report = Vec::new();
    let mut group = (0usize, 0usize, 0usize, 0usize); // unknown, agents, lower, mismatches
    let first_now = rig.sim.now();
    let mut examples: Vec<String> = Vec::new();
    let mut kinds: BTreeMap<String, usize> = BTreeMap::new();
    let mut faults = 0;
    let mut first: Vec<String> = Vec::new();
    for i in 0..CHECKPOINTS {
        let injected = fault(i);
        faults += injected.is_some() as usize;
        if let Some(f) = &injected {
            rig.admin("faults", f.clone()).await;
        }
        rig.admin("control", json!({"speed": SPEED})).await;
        rig.pump(RUN).await;
        rig.admin("control", json!({"speed": 0})).await;
        // The ticker may be in the middle of a step: wait until the clock stands still.
        rig.pump(Duration::from_millis(20)).await;
        loop {
            let before = rig.sim.now();
            rig.pump(Duration::from_millis(30)).await;
            if rig.sim.now() == before {
                break;
            }
        }
        if injected.is_some() {
            rig.admin("faults", json!({"clear": true})).await;
        }
        rig.settle().await;
        let truth = truth_of(&rig.sim.state_json());
        rig.feed(Event::Tick(truth.now)).await;
        // What was sent before the pause may still be on its way: a mismatch must last.
        let mut found = compare(&rig.state, &truth);
        // Up to 5 s: a loaded machine may still be delivering what came before the pause.
        for _ in 0..50 {
            if found.mismatches.is_empty() {
                break;
            }
            rig.pump(Duration::from_millis(100)).await;
            rig.feed(Event::Tick(truth.now)).await;
            found = compare(&rig.state, &truth);
        }
        all += found.mismatches.len();
        for m in &found.mismatches {
            *kinds.entry(kind_of(m)).or_insert(0usize) += 1;
        }
        for m in &found.mismatches {
            if examples.len() < 40 {
                examples.push(format!("checkpoint {i}: {m}"));
            }
            if std::env::var_os("TRUTH_DEBUG").is_some() {
                let name = m.split(':').next().unwrap_or_default();
                if let Some(a) = rig.state.agents.values().find(|a| a.name == name) {
                    println!(
                        "checkpoint {i} (fault {injected:?}): {m}\n  {a:?}\n  truth {:?}",
                        truth.agents.iter().find(|t| t.id == a.id)
                    );
                }
            }
        }
        if i < GROUP {
            first.push(format!(
                "{:.0}",
                100.0 * found.unknown_activity as f64 / found.agents.max(1) as f64
            ));
        }
        group.0 += found.unknown_activity;
        group.1 += found.agents;
        group.2 += found.lower_bounds;
        group.3 += found.mismatches.len();
        if (i + 1) % GROUP == 0 {
            let sim_mins = (truth.now - first_now).num_minutes();
            report.push(format!(
                "checkpoints {:>3}–{:>3} (sim +{:>3} min): unknown activity {:>5.1} %, lower-bound times {:>5.1} %, mismatches {}",
                i + 1 - GROUP,
                i,
                sim_mins,
                100.0 * group.0 as f64 / group.1.max(1) as f64,
                100.0 * group.2 as f64 / group.1.max(1) as f64,
                group.3
            ));
            group = (0, 0, 0, 0);
        }
    }
    let sim_hours = (rig.sim.now() - first_now).num_minutes() as f64 / 60.0;
    println!(
        "truth test: {CHECKPOINTS} checkpoints over {sim_hours:.1} simulated hours in {:.1} s; {faults} faults injected, {} manual reloads, {} reconnects asked; {all} mismatches",
        started.elapsed().as_secs_f64(),
        rig.manual_reloads,
        rig.reconnects
    );
    println!(
        "  unknown activity at checkpoints 0–{}: {} %",
        GROUP - 1,
        first.join(", ")
    );
    for line in &report {
        println!("  {line}");
    }
    for (kind, n) in &kinds {
        println!("  {n:>5} × {kind}");
    }
    assert!(all == 0, "{all} mismatches, e.g.:\n{}", examples.join("\n"));
}

// ---- today's figures from each source alone --------------------------------------------

/// Checkpoints of a source run; the fault, restart and midnight come at these.
const SOURCE_CHECKPOINTS: usize = 14;
const DROP_AT: [usize; 2] = [2, 10];
const RESTART_AT: usize = 7;

impl Rig {
    /// Runs the simulator for one checkpoint's time (with `fault` injected meanwhile),
    /// pauses it, lets the console take in what was sent, and reads the truth.
    async fn checkpoint(&mut self, fault: Option<Value>) -> Truth {
        if let Some(f) = &fault {
            self.admin("faults", f.clone()).await;
        }
        self.admin("control", json!({"speed": SPEED})).await;
        self.pump(RUN).await;
        self.admin("control", json!({"speed": 0})).await;
        self.pump(Duration::from_millis(20)).await;
        loop {
            let before = self.sim.now();
            self.pump(Duration::from_millis(30)).await;
            if self.sim.now() == before {
                break;
            }
        }
        if fault.is_some() {
            self.admin("faults", json!({"clear": true})).await;
        }
        self.settle().await;
        let truth = truth_of(&self.sim.state_json());
        self.feed(Event::Tick(truth.now)).await;
        truth
    }
}

/// Each queue's ANS, ABND, offered (exact) and SL% (one decimal) against the truth of
/// the figures' source: the simulator's day for the records, the calls it counts since
/// the console's `since` for events alone — and what must be unknown is.
fn compare_today(rig: &Rig, truth: &Truth, sources: Sources) -> Vec<String> {
    use evtop::app::state::today::DaySource;
    let s = &rig.state;
    let mut bad = Vec::new();
    let (want, label) = match (sources.records, sources.queue_events) {
        (true, true) => (DaySource::Records, "today (call records + queue events)"),
        (true, false) => (DaySource::Records, "today (call records)"),
        (false, true) => (DaySource::QueueEvents, "(queue events)"),
        (false, false) => (DaySource::Events, "(agent events)"),
    };
    if s.today.source != want {
        bad.push(format!("source {:?}, expected {want:?}", s.today.source));
    }
    let shown = s.today.label(s.utc_offset);
    if !shown.ends_with(label) {
        bad.push(format!("label '{shown}', expected '…{label}'"));
    }
    let since: Option<BTreeMap<String, evtop::sim::model::today::QueueToday>> = (!sources.records)
        .then(|| {
            rig.sim
                .today_since(s.today.since, sources.queue_events)
                .into_iter()
                .collect()
        });
    for q in &truth.queues {
        let t = match &since {
            Some(by_id) => by_id[&q.queue_id].clone(),
            None => q.today.clone(),
        };
        let d = s.today.figures(&q.queue_id);
        let name = &q.name;
        let sl = |v: Option<f64>| v.map(|v| format!("{v:.1}"));
        let mut check = |what: &str, shown: Option<String>, truth: Option<String>| {
            if shown != truth {
                bad.push(format!("queue {name}: {what} {shown:?}, truth {truth:?}"));
            }
        };
        let some = |v: i64| Some(v.to_string());
        check(
            "answered",
            d.answered.map(|v| v.to_string()),
            some(t.answered),
        );
        if want == DaySource::Events {
            // From the agents' events only answers are known.
            check("abandoned", d.abandoned.map(|v| v.to_string()), None);
            check("offered", d.offered.map(|v| v.to_string()), None);
            check("SL%", sl(d.service_level), None);
        } else {
            check(
                "abandoned",
                d.abandoned.map(|v| v.to_string()),
                some(t.abandoned),
            );
            check("offered", d.offered.map(|v| v.to_string()), some(t.offered));
            check("SL%", sl(d.service_level), sl(t.service_level()));
        }
    }
    bad
}

/// A run of [`SOURCE_CHECKPOINTS`] checkpoints from 23:54 simulated (so midnight falls
/// in it), with dropped connections and a console restarted mid-way.
async fn today_from(sources: Sources) {
    use chrono::TimeZone;
    let started = Instant::now();
    let start = Utc.with_ymd_and_hms(2025, 3, 3, 23, 44, 0).unwrap();
    let mut rig = Rig::start_with(sources, start).await;
    // A morning already under way when the console starts.
    rig.admin("control", json!({"advance_secs": 600})).await;
    rig.restart_console().await;
    let mut all = Vec::new();
    let mut counted = (0i64, 0i64, 0i64);
    let mut days = std::collections::BTreeSet::new();
    let mut restarts = std::collections::BTreeSet::new();
    for i in 0..SOURCE_CHECKPOINTS {
        if i == RESTART_AT {
            rig.restart_console().await;
        }
        let fault = DROP_AT
            .contains(&i)
            .then(|| json!({"drop_websockets": true}));
        let truth = rig.checkpoint(fault).await;
        let mut found = compare_today(&rig, &truth, sources);
        for _ in 0..50 {
            if found.is_empty() {
                break;
            }
            rig.pump(Duration::from_millis(100)).await;
            rig.feed(Event::Tick(truth.now)).await;
            found = compare_today(&rig, &truth, sources);
        }
        if !found.is_empty() && std::env::var_os("TRUTH_DEBUG").is_some() {
            println!(
                "checkpoint {i} at {}: since {}, source {:?}, live {}",
                truth.now, rig.state.today.since, rig.state.today.source, rig.state.today.live
            );
            for e in &rig.state.log.entries {
                println!("  log {} {}", e.at, e.text);
            }
        }
        days.insert(truth.now.date_naive());
        for q in &truth.queues {
            let f = rig.state.today.figures(&q.queue_id);
            counted.0 += f.answered.unwrap_or(0);
            counted.1 += f.abandoned.unwrap_or(0);
            counted.2 += f.offered.unwrap_or(0);
        }
        all.extend(found.into_iter().map(|m| format!("checkpoint {i}: {m}")));
        restarts.extend(
            rig.state
                .log
                .entries
                .iter()
                .filter(|e| e.text.contains("start again"))
                .map(|e| (e.at, e.text.clone())),
        );
    }
    if std::env::var_os("TRUTH_DEBUG").is_some() {
        for (at, text) in &restarts {
            println!("  restart {at}: {text}");
        }
    }
    let restarts = restarts.len();
    println!(
        "today from {sources:?}: {SOURCE_CHECKPOINTS} checkpoints in {:.1} s over days {days:?}, {restarts} counting restarts, {} reconnects asked, {} manual reads; shown summed over checkpoints: answered {}, abandoned {}, offered {}; {} mismatches",
        started.elapsed().as_secs_f64(),
        rig.reconnects,
        rig.manual_reloads,
        counted.0,
        counted.1,
        counted.2,
        all.len()
    );
    assert_eq!(days.len(), 2, "the run crosses midnight: {days:?}");
    if !sources.records {
        // Each dropped connection made counting start again (events were missed).
        assert!(restarts >= DROP_AT.len(), "{restarts} counting restarts");
    }
    assert!(counted.0 > 0, "nothing was answered");
    assert!(
        all.is_empty(),
        "{} mismatches:\n{}",
        all.len(),
        all.join("\n")
    );
}

/// The four sources one after the other (run side by side, four accelerated simulators
/// and consoles starve the other end-to-end tests of a 2-core machine).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn today_from_each_source_matches_the_simulator() {
    for (queue_events, records) in [(true, false), (false, true), (false, false), (true, true)] {
        today_from(Sources {
            queue_events,
            records,
        })
        .await;
    }
}
