//! Every console action against the simulator, end to end: keys → `update()` → the one
//! dispatcher → confirm → `Effect::Api` → `RestBackend` (the real REST client) → the sim
//! (checked in its `/_sim/state`) → RTE events over the real SignalR session → `State`.
//! And one test per error class: 503, 429, 409, 404, 403, timeout.

use crate::actions_support;
use crate::runner_support::Console;
use crate::session_support;

use actions_support::{code, key};
use chrono::Utc;
use crossterm::event::KeyCode;
use evtop::api::{ApiClient, ClientOptions, RetryPolicy, Secret};
use evtop::app::state::{Activity, CallbackRow, Mode, State, ToastLevel};
use evtop::app::Event;
use evtop::console::backend::RestBackend;
use evtop::console::runner::ConsoleApi;
use evtop::model::rest::Availability;
use evtop::rte::{ConnectionState, Session, SessionOptions, SessionUpdate};
use evtop::sim::{
    SimConfig, SimHandle, AGENT_EMAIL, AGENT_SECRET, SUPERVISOR_EMAIL, SUPERVISOR_SECRET,
};
use serde_json::{json, Value};
use std::sync::Arc;
use std::time::Duration;

const T: Duration = Duration::from_secs(10);

/// A console (state + update + effects) wired to a paused simulator.
struct Rig {
    sim: SimHandle,
    console: Console,
    probes: u32,
}

crate::runner_support::rig_derefs_to_console!(Rig);

fn session_options() -> SessionOptions {
    session_support::fast_session_options(Duration::from_secs(5))
}

impl Rig {
    async fn start() -> Rig {
        Rig::start_as(SUPERVISOR_EMAIL, SUPERVISOR_SECRET).await
    }

    async fn start_as(user: &str, secret: &str) -> Rig {
        Rig::start_with(user, secret, false).await
    }

    /// A supervisor whose profile sets `callout_mobile = true`.
    async fn start_mobile() -> Rig {
        Rig::start_with(SUPERVISOR_EMAIL, SUPERVISOR_SECRET, true).await
    }

    async fn start_with(user: &str, secret: &str, callout_mobile: bool) -> Rig {
        let mut cfg = SimConfig::default_on_loopback();
        cfg.speed = 0.0;
        let sim = tokio::time::timeout(T, evtop::sim::start(cfg))
            .await
            .expect("sim starts in time")
            .expect("sim starts");
        let options = ClientOptions {
            retry: RetryPolicy::none(),
            timeout: Duration::from_secs(1),
            ..ClientOptions::default()
        };
        let api =
            ApiClient::new(&sim.base_url(), user, Secret::new(secret), options).expect("client");
        let backend: Arc<dyn ConsoleApi> =
            Arc::new(RestBackend::new(api.clone(), "sim").with_callout_mobile(callout_mobile));
        let session = Session::spawn(api, session_options());
        let mut rig = Rig {
            sim,
            console: Console::new(backend, session, Utc::now()),
            probes: 0,
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
        self.console.feed(event).await;
    }

    /// Feeds session updates and action results until `pred` holds.
    async fn until(&mut self, what: &str, pred: impl Fn(&State) -> bool) {
        let deadline = tokio::time::Instant::now() + T;
        while !pred(&self.state) {
            let Some(event) = self.console.next(deadline, None).await else {
                panic!(
                    "timed out waiting for {what}; toasts: {:?}",
                    self.state.toasts
                )
            };
            self.feed(event).await;
        }
    }

    async fn press(&mut self, c: char) {
        self.feed(key(c)).await;
    }

    async fn enter(&mut self) {
        self.feed(code(KeyCode::Enter)).await;
    }

    async fn type_text(&mut self, text: &str) {
        for c in text.chars() {
            self.press(c).await;
        }
    }

    async fn admin(&self, path: &str, body: Value) {
        let r = reqwest::Client::new()
            .post(format!("{}{path}", self.sim.base_url()))
            .json(&body)
            .send()
            .await
            .expect("admin call");
        assert!(r.status().is_success(), "{path} {body}: {}", r.status());
    }

    /// Waits until every subscription is in place: a probe event must come through.
    async fn settle(&mut self, agent: &str) {
        self.probes += 1;
        let note = format!("probe {}", self.probes);
        for _ in 0..20 {
            self.admin(
                "/_sim/control",
                json!({"availability": {"user_id": agent, "availability": "Available", "note": note}}),
            )
            .await;
            let got = tokio::time::timeout(Duration::from_millis(500), async {
                self.until("probe", |s| {
                    s.agents.get(agent).is_some_and(|a| a.note == note)
                })
                .await
            })
            .await;
            if got.is_ok() {
                return;
            }
        }
        panic!("subscriptions never settled");
    }

    fn sim_agent(&self, id: &str) -> Value {
        self.sim.state_json()["Agents"]
            .as_array()
            .and_then(|a| a.iter().find(|x| x["Id"] == id).cloned())
            .unwrap_or(Value::Null)
    }

    fn sim_callback(&self, id: &str) -> Value {
        self.sim.state_json()["Callbacks"]
            .as_array()
            .and_then(|a| a.iter().find(|x| x["Id"] == id).cloned())
            .unwrap_or(Value::Null)
    }

    /// The n-th agent of the console's state (by id order) that the sim calls idle.
    fn idle_agent(&self, n: usize) -> String {
        self.state
            .agents
            .keys()
            .filter(|id| self.sim_agent(id)["Activity"] == "Idle")
            .nth(n)
            .expect("enough idle agents")
            .clone()
    }

    /// Puts an agent on wrap-up in the sim and waits until the console shows it.
    async fn wrap_up(&mut self, agent: &str) {
        self.admin(
            "/_sim/control",
            json!({"wrap_up": {"user_id": agent, "max_secs": 300}}),
        )
        .await;
        self.until("wrap-up shown", |s| {
            s.agents[agent].activity() == Activity::WrapUp
        })
        .await;
    }

    fn select_agent(&mut self, id: &str) {
        self.state.view.focus = evtop::app::state::Pane::Agents;
        self.state.view.selected_agent = Some(id.to_owned());
    }

    fn confirm_question(&self) -> String {
        match &self.state.view.mode {
            Mode::Prompt(evtop::app::state::Prompt::Confirm { question, .. }) => question.clone(),
            other => panic!("no confirm prompt: {other:?}"),
        }
    }

    /// Waits for the action's result toast.
    async fn result(&mut self, what: &str) -> (ToastLevel, String) {
        let what = what.to_owned();
        self.until("the action's result", |s| {
            s.toasts.iter().any(|t| {
                t.text.starts_with(&what)
                    && (t.text.contains(": done")
                        || t.text.contains(" failed: ")
                        || t.text.ends_with(evtop::console::backend::PHONE_RINGS))
            })
        })
        .await;
        let t = self
            .state
            .toasts
            .iter()
            .rev()
            .find(|t| t.text.starts_with(&what))
            .expect("result toast");
        (t.level, t.text.clone())
    }
}

#[tokio::test]
async fn terminate_wrap_up_reaches_the_sim_and_the_agent_becomes_idle() {
    let mut rig = Rig::start().await;
    let agent = rig.idle_agent(0);
    rig.settle(&agent).await;
    rig.wrap_up(&agent).await;
    assert_eq!(rig.sim_agent(&agent)["Activity"], "WrapUp");
    let name = rig.state.agents[&agent].name.clone();
    rig.select_agent(&agent);
    rig.press('w').await;
    assert_eq!(
        rig.confirm_question(),
        format!("Terminate wrap-up of {name}?")
    );
    rig.press('y').await;
    let (level, text) = rig.result(&format!("Terminate wrap-up of {name}")).await;
    assert_eq!(level, ToastLevel::Info, "{text}");
    rig.until("the agent leaves wrap-up", |s| {
        s.agents[&agent].activity() == Activity::Idle
    })
    .await;
    assert_eq!(rig.sim_agent(&agent)["Activity"], "Idle");
    assert!(rig
        .state
        .log
        .entries
        .iter()
        .any(|e| e.text == format!("{name}: wrap-up ended (manual)")));
}

#[tokio::test]
async fn set_availability_from_the_palette_reaches_the_sim() {
    let mut rig = Rig::start().await;
    let agent = rig.idle_agent(1);
    rig.settle(&agent).await;
    let name = rig.state.agents[&agent].name.clone();
    rig.select_agent(&agent);
    rig.press(':').await;
    rig.type_text("availability dnd \"Training until noon\"")
        .await;
    rig.enter().await;
    assert_eq!(
        rig.confirm_question(),
        format!("Set {name} to DoNotDisturb “Training until noon”?")
    );
    rig.press('y').await;
    let (level, text) = rig.result(&format!("Set {name} to DoNotDisturb")).await;
    assert_eq!(level, ToastLevel::Info, "{text}");
    rig.until("the agents pane shows DND", |s| {
        let a = &s.agents[&agent];
        a.availability == Some(Availability::DoNotDisturb) && a.note == "Training until noon"
    })
    .await;
    assert_eq!(rig.sim_agent(&agent)["Availability"], "DoNotDisturb");
    // The body is the one the working public client sends: no null StartDate/EndDate.
    let log: Value = reqwest::get(format!("{}/_sim/requests", rig.sim.base_url()))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let sent = log
        .as_array()
        .unwrap()
        .iter()
        .rev()
        .find(|r| r["Method"] == "POST" && r["Path"] == format!("/users/{agent}/availability"))
        .expect("the set-availability request");
    assert_eq!(
        sent["Body"],
        json!({"EventTypeID": 3, "EventSource": "User", "Note": "Training until noon", "UserID": agent})
    );
}

#[tokio::test]
async fn allocate_a_callback_request_reaches_the_sim() {
    let mut rig = Rig::start().await;
    let agent = rig.idle_agent(2);
    rig.settle(&agent).await;
    let name = rig.state.agents[&agent].name.clone();
    assert!(!rig.state.callbacks.is_empty(), "the sim has open requests");
    rig.press('3').await;
    let request = evtop::app::panes::callbacks::selected(&rig.state)
        .expect("a request")
        .id
        .clone();
    rig.press('a').await;
    rig.type_text(&name).await;
    rig.enter().await;
    assert!(rig.confirm_question().ends_with(&format!("to {name}?")));
    rig.press('y').await;
    let (level, text) = rig.result("Allocate callback of").await;
    assert_eq!(level, ToastLevel::Info, "{text}");
    rig.until("the callbacks pane shows the agent", |s| {
        s.callbacks[&request].assigned_user_id.as_deref() == Some(agent.as_str())
    })
    .await;
    assert_eq!(rig.sim_callback(&request)["AssignedUserId"], agent.as_str());
}

#[tokio::test]
async fn auto_allocation_reaches_the_sim() {
    let mut rig = Rig::start().await;
    let agent = rig.idle_agent(0);
    rig.settle(&agent).await;
    rig.select_agent(&agent);
    rig.press('A').await;
    rig.press('y').await;
    let (level, text) = rig.result("Auto-allocation for").await;
    assert_eq!(level, ToastLevel::Info, "{text}");
    rig.until("a request is assigned to the agent", |s| {
        s.callbacks
            .values()
            .any(|r| r.assigned_user_id.as_deref() == Some(agent.as_str()))
    })
    .await;
    let assigned = rig.sim.state_json()["Callbacks"]
        .as_array()
        .map(|a| {
            a.iter()
                .filter(|c| c["AssignedUserId"] == agent.as_str())
                .count()
        })
        .unwrap_or(0);
    assert_eq!(assigned, 1);
}

#[tokio::test]
async fn close_a_callback_request_with_a_note_reaches_the_sim() {
    let mut rig = Rig::start().await;
    let agent = rig.idle_agent(0);
    rig.settle(&agent).await;
    rig.press('3').await;
    let request = evtop::app::panes::callbacks::selected(&rig.state)
        .expect("a request")
        .id
        .clone();
    rig.press('x').await;
    rig.type_text("Called back, all sorted").await;
    rig.enter().await;
    assert!(rig
        .confirm_question()
        .ends_with("with note “Called back, all sorted”?"));
    rig.press('y').await;
    let (level, text) = rig.result("Close callback of").await;
    assert_eq!(level, ToastLevel::Info, "{text}");
    rig.until("the request leaves the pane", |s| {
        !s.callbacks.contains_key(&request)
    })
    .await;
    let cb = rig.sim_callback(&request);
    assert_eq!(cb["IsClosed"], true);
    assert_eq!(cb["Note"], "Called back, all sorted");
}

// ----- error classes ------------------------------------------------------------------

/// Terminates the wrap-up of an agent on wrap-up with `faults` set; returns the toast.
async fn terminate_with_faults(faults: Value) -> (Rig, String, (ToastLevel, String)) {
    let mut rig = Rig::start().await;
    let agent = rig.idle_agent(0);
    rig.settle(&agent).await;
    rig.wrap_up(&agent).await;
    rig.admin("/_sim/faults", faults).await;
    let name = rig.state.agents[&agent].name.clone();
    rig.select_agent(&agent);
    rig.press('w').await;
    rig.press('y').await;
    let toast = rig.result(&format!("Terminate wrap-up of {name}")).await;
    (rig, agent, toast)
}

/// The newest action entry of the event log (its whole sentence).
fn last_action_log(rig: &Rig) -> String {
    rig.state
        .log
        .entries
        .iter()
        .rev()
        .find(|e| e.kind == evtop::app::state::LogKind::Action)
        .map(|e| e.text.clone())
        .unwrap_or_default()
}

fn assert_failed_and_unchanged(
    rig: &Rig,
    agent: &str,
    toast: &(ToastLevel, String),
    want: &[&str],
) {
    assert_eq!(toast.0, ToastLevel::Error, "{}", toast.1);
    // The message line says it short, the event log keeps the method, path and status.
    let told = format!("{} | {}", toast.1, last_action_log(rig));
    for w in want {
        assert!(told.contains(w), "{told:?} lacks {w:?}");
    }
    assert!(
        !toast.1.contains("/users/"),
        "no REST path on the message line: {}",
        toast.1
    );
    assert_eq!(
        rig.state.agents[agent].activity(),
        Activity::WrapUp,
        "the screen does not claim success"
    );
    assert_eq!(rig.sim_agent(agent)["Activity"], "WrapUp");
}

#[tokio::test]
async fn server_error_503_is_a_toast_with_a_hint() {
    let (rig, agent, toast) =
        terminate_with_faults(json!({"rest_error_rate": 1, "rest_error_status": 503})).await;
    assert_failed_and_unchanged(&rig, &agent, &toast, &["(503)", "try again later"]);
}

#[tokio::test]
async fn rate_limit_429_is_a_toast_with_a_hint() {
    let (rig, agent, toast) =
        terminate_with_faults(json!({"rest_error_rate": 1, "rest_error_status": 429})).await;
    assert_failed_and_unchanged(&rig, &agent, &toast, &["(429)", "retry"]);
}

#[tokio::test]
async fn timeout_is_a_toast_that_says_it_may_have_happened() {
    let (_rig, _agent, toast) = terminate_with_faults(json!({"rest_delay_ms": 3000})).await;
    assert_eq!(toast.0, ToastLevel::Error, "{}", toast.1);
    assert!(toast.1.contains("no answer in time"), "{}", toast.1);
    assert!(toast.1.contains("may have happened"), "{}", toast.1);
}

#[tokio::test]
async fn conflict_409_when_the_wrap_up_already_ended() {
    let mut rig = Rig::start().await;
    let agent = rig.idle_agent(0);
    rig.settle(&agent).await;
    rig.wrap_up(&agent).await;
    // Someone else ends it; the console has not seen the events yet.
    let r = reqwest::Client::new()
        .post(format!(
            "{}/users/{agent}/wrapup/terminate/",
            rig.sim.base_url()
        ))
        .basic_auth(SUPERVISOR_EMAIL, Some(SUPERVISOR_SECRET))
        .json(&json!({"Reason": "manual"}))
        .send()
        .await
        .expect("terminate");
    assert!(r.status().is_success());
    let name = rig.state.agents[&agent].name.clone();
    rig.select_agent(&agent);
    rig.press('w').await;
    rig.press('y').await;
    let toast = rig.result(&format!("Terminate wrap-up of {name}")).await;
    assert_eq!(toast.0, ToastLevel::Error, "{}", toast.1);
    // The server's own words on the message line; the status in the log.
    assert!(
        toast.1.contains("The user has no wrap-up running"),
        "{}",
        toast.1
    );
    assert!(toast.1.contains("reloading"), "{}", toast.1);
    assert!(last_action_log(&rig).contains("(409)"));
    // And the panes do: the events of the other termination arrive.
    rig.until("the agent leaves wrap-up", |s| {
        s.agents[&agent].activity() == Activity::Idle
    })
    .await;
}

#[tokio::test]
async fn not_found_404_for_an_unknown_request() {
    let mut rig = Rig::start().await;
    let agent = rig.idle_agent(0);
    rig.settle(&agent).await;
    let list = rig
        .state
        .callback_lists
        .keys()
        .next()
        .expect("a list")
        .clone();
    rig.state.callbacks.insert(
        "cb-gone".into(),
        CallbackRow {
            id: "cb-gone".into(),
            list_id: list,
            contact_name: "Ghost".into(),
            ..CallbackRow::default()
        },
    );
    rig.press('3').await;
    rig.state.view.selected_callback = Some("cb-gone".into());
    rig.press('x').await;
    rig.enter().await;
    rig.press('y').await;
    let toast = rig.result("Close callback of Ghost").await;
    assert_eq!(toast.0, ToastLevel::Error, "{}", toast.1);
    assert!(toast.1.contains("reloading"), "{}", toast.1);
    assert!(last_action_log(&rig).contains("(404)"));
    // The reload shows the server's truth: the request the console thought open is gone.
    rig.until("the reloaded panes drop the request", |s| {
        !s.callbacks.contains_key("cb-gone")
    })
    .await;
}

#[tokio::test]
async fn forbidden_403_for_an_agent_user() {
    let mut rig = Rig::start_as(AGENT_EMAIL, AGENT_SECRET).await;
    let me = rig.state.identity.user_id.clone();
    let other = rig
        .state
        .agents
        .keys()
        .find(|id| **id != me)
        .expect("another agent")
        .clone();
    let before = rig.sim_agent(&other)["Availability"].clone();
    rig.select_agent(&other);
    rig.press(':').await;
    rig.type_text("availability away").await;
    rig.enter().await;
    rig.press('y').await;
    let toast = rig.result("Set ").await;
    assert_eq!(toast.0, ToastLevel::Error, "{}", toast.1);
    assert!(toast.1.contains("supervisor login"), "{}", toast.1);
    assert!(last_action_log(&rig).contains("(403)"));
    assert_eq!(rig.sim_agent(&other)["Availability"], before);
}

#[tokio::test]
async fn call_back_reaches_the_sim_and_counts_an_attempt() {
    let mut rig = Rig::start().await;
    let agent = rig.idle_agent(0);
    rig.settle(&agent).await;
    rig.press('3').await;
    let row = evtop::app::panes::callbacks::selected(&rig.state)
        .expect("a request")
        .clone();
    rig.press('c').await;
    assert!(rig
        .confirm_question()
        .ends_with(&format!("({}) back from your phone?", row.contact_number)));
    rig.press('y').await;
    let (level, text) = rig.result("Call back").await;
    assert_eq!(level, ToastLevel::Info, "{text}");
    rig.until("the callbacks pane counts the attempt", |s| {
        s.callbacks[&row.id].attempts == row.attempts + 1
    })
    .await;
    let me = rig.sim.state_json()["Users"]
        .as_array()
        .and_then(|u| {
            u.iter()
                .find(|x| x["Email"] == evtop::sim::SUPERVISOR_EMAIL)
                .map(|x| x["Id"].clone())
        })
        .expect("the supervisor");
    let cb = rig.sim_callback(&row.id);
    assert_eq!(cb["AttemptCount"], row.attempts + 1);
    assert_eq!(
        cb["LastAttemptUserId"], me,
        "called from the supervisor's phone"
    );
}

/// With `callout_mobile = true` the callout is followed by the mobile call to the same
/// number, and the toast says the phone rings; without it, no mobile call is made.
#[tokio::test]
async fn call_back_with_callout_mobile_rings_the_supervisors_phone() {
    for mobile in [true, false] {
        let mut rig = if mobile {
            Rig::start_mobile().await
        } else {
            Rig::start().await
        };
        let agent = rig.idle_agent(0);
        rig.settle(&agent).await;
        rig.press('3').await;
        let row = evtop::app::panes::callbacks::selected(&rig.state)
            .expect("a request")
            .clone();
        rig.press('c').await;
        rig.press('y').await;
        let (level, text) = rig.result("Call back").await;
        assert_eq!(level, ToastLevel::Info, "{text}");
        let log: Value = reqwest::get(format!("{}/_sim/requests", rig.sim.base_url()))
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        let posts: Vec<&Value> = log
            .as_array()
            .unwrap()
            .iter()
            .filter(|r| r["Method"] == "POST")
            .collect();
        let st = rig.sim.state_json();
        if mobile {
            assert!(text.ends_with("your phone rings now"), "{text}");
            assert_eq!(posts.len(), 2, "{posts:?}");
            assert_eq!(posts[0]["Path"], "/users/me/features/callout/activate/");
            assert_eq!(posts[1]["Path"], "/users/me/action/mobile/call/");
            assert_eq!(posts[1]["Body"], json!({"PhoneNumber": row.contact_number}));
            assert_eq!(st["MobileCalls"][0]["PhoneNumber"], row.contact_number);
        } else {
            assert!(!text.contains("rings"), "{text}");
            assert_eq!(posts.len(), 1, "{posts:?}");
            assert_eq!(st["MobileCalls"], json!([]));
        }
    }
}

// ----- the reload after a reconnect -------------------------------------------------------

/// The simulator's waiting count for a queue.
fn sim_waiting(rig: &Rig, queue: &str) -> i64 {
    rig.sim.state_json()["Queues"]
        .as_array()
        .and_then(|qs| qs.iter().find(|q| q["Id"] == queue).cloned())
        .map(|q| q["Status"]["QueueLength"].as_i64().unwrap_or(-1))
        .unwrap_or(-1)
}

/// Issue 16 (A), end to end: the reload after a reconnect reads the queues, then spends
/// a while on memberships and availabilities; calls that arrive meanwhile are shown by
/// their QueueStatus, and the reload, applied last, must not put the older count back.
#[tokio::test]
async fn a_late_reload_does_not_undo_newer_queue_counts() {
    let mut rig = Rig::start().await;
    let agent = rig.idle_agent(0);
    rig.settle(&agent).await;
    let queue = rig.state.queues.keys().next().expect("a queue").clone();
    let before = rig.state.queues[&queue].waiting;
    assert_eq!(before, sim_waiting(&rig, &queue));
    // Every REST answer takes 150 ms: the reload takes seconds.
    rig.admin("/_sim/faults", json!({"rest_delay_ms": 150}))
        .await;
    let earlier = evtop_requests(&rig).await.len();
    rig.feed(Event::Session(SessionUpdate::Resynced)).await;
    assert!(rig.state.snapshot.in_flight);
    // Wait until the loader has read the queues (it asks for availabilities after).
    let deadline = tokio::time::Instant::now() + T;
    loop {
        let asked = evtop_requests(&rig).await;
        if asked
            .iter()
            .skip(earlier)
            .any(|p| p.contains("availability"))
        {
            break;
        }
        assert!(
            tokio::time::Instant::now() < deadline,
            "no availability read"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    for _ in 0..3 {
        rig.admin("/_sim/control", json!({"call_queue_id": queue}))
            .await;
    }
    let truth = sim_waiting(&rig, &queue);
    assert_ne!(truth, before, "the calls changed the queue");
    let q = queue.clone();
    rig.until("the QueueStatus of the calls", |s| {
        s.queues[&q].waiting == truth
    })
    .await;
    assert!(rig.state.snapshot.in_flight, "the reload was still running");
    rig.until("the reload", |s| !s.snapshot.in_flight).await;
    assert!(rig.state.snapshot.error.is_none());
    assert_eq!(
        rig.state.queues[&queue].waiting,
        sim_waiting(&rig, &queue),
        "the reload put the count read before the calls back"
    );
}

/// The paths of the REST requests the simulator received, oldest first.
async fn evtop_requests(rig: &Rig) -> Vec<String> {
    let list: Value = reqwest::Client::new()
        .get(format!("{}/_sim/requests", rig.sim.base_url()))
        .send()
        .await
        .expect("requests")
        .json()
        .await
        .expect("json");
    list.as_array()
        .into_iter()
        .flatten()
        .filter_map(|r| r["Path"].as_str().map(str::to_owned))
        .collect()
}
