//! Each agent's day, the queues' members and "my queues" against the simulator over
//! https: the console's REST backend reads the snapshot and the day's call records as it
//! does on a real tenant, `update()` takes them in, and what the console would show
//! equals the simulator's truth (`/_sim/state`): every agent's answered calls and talk
//! time, every queue's checked-in members, and the queues of the signed-in agent.

use crate::{session_support, sim_support};
use chrono::Duration as Span;
use evtop::app::{update, Event};
use evtop::console::backend::RestBackend;
use evtop::console::runner::{AppliedEvents, ConsoleApi};
use evtop::sim::model::truth::{AgentTruth, QueueFigures};
use evtop::sim::{SimHandle, AGENT_EMAIL, AGENT_SECRET};
use serde_json::{json, Value};
use std::collections::BTreeMap;
use std::time::Duration;

async fn truth(sim: &SimHandle) -> Value {
    let r = sim_support::http_for(sim)
        .get(format!("{}/_sim/state", sim.base_url()))
        .send()
        .await
        .expect("state");
    r.json().await.expect("state JSON")
}

/// The console's state after a snapshot and a read of today's call records through
/// `backend`, on the simulator's clock.
async fn console_state(sim: &SimHandle, backend: &RestBackend) -> evtop::app::state::State {
    let mut state = evtop::app::state::State::new(sim.now());
    let snap = backend
        .snapshot(AppliedEvents::default())
        .await
        .expect("the snapshot loads over https");
    update(&mut state, Event::Snapshot(Box::new(snap)));
    let start = state.today.day_start;
    let result = backend.call_records(start, start + Span::days(1)).await;
    assert!(
        result.is_ok(),
        "the call records read over https: {result:?}"
    );
    update(&mut state, Event::CallRecords { start, result });
    state
}

#[tokio::test]
async fn each_agents_day_and_each_queues_members_equal_the_simulators() {
    let sim = session_support::paused_sim(Duration::from_secs(5), true).await;
    assert!(sim.base_url().starts_with("https://"));
    // Half an hour of traffic: answers, abandons and agents checked in and out.
    // (A loaded test machine takes a while to simulate it: no request timeout.)
    let status = reqwest::Client::builder()
        .add_root_certificate(
            reqwest::Certificate::from_pem(sim.ca_pem().unwrap().as_bytes()).unwrap(),
        )
        .build()
        .unwrap()
        .post(format!("{}/_sim/control", sim.base_url()))
        .json(&json!({"advance_secs": 1800}))
        .send()
        .await
        .expect("advance")
        .status();
    assert!(status.is_success(), "{status}");

    let api = session_support::supervisor_api(&sim, 2, Duration::from_millis(10));
    let backend = RestBackend::new(api, "sim");
    let state = console_state(&sim, &backend).await;
    let st = truth(&sim).await;
    let agents: Vec<AgentTruth> = serde_json::from_value(st["Agents"].clone()).unwrap();
    let queues: Vec<QueueFigures> = serde_json::from_value(st["QueueFigures"].clone()).unwrap();

    let mut mismatches = Vec::new();
    let (mut answers, mut talked) = (0, 0);
    for a in agents.iter().filter(|a| !a.queues.is_empty()) {
        let f = state.agent_day.figures(&a.id, state.now);
        answers += a.answered_today;
        talked += a.talk_secs_today;
        if (f.answered, f.talk_secs) != (a.answered_today, a.talk_secs_today) {
            mismatches.push(format!(
                "{}: console {} answered, {} s talked; truth {}, {} s",
                a.id, f.answered, f.talk_secs, a.answered_today, a.talk_secs_today
            ));
        }
        // The agent's queue count (QS) is the number of queues it is attached to.
        let attached = state.members.values().filter(|m| m.contains(&a.id)).count();
        if attached != a.queues.len() {
            mismatches.push(format!(
                "{}: {attached} queues, truth {}",
                a.id,
                a.queues.len()
            ));
        }
    }
    assert!(
        answers >= 20 && talked > 0,
        "half an hour answers calls: {answers} answered, {talked} s"
    );
    for q in &queues {
        let flags = state.checked_in.get(&q.queue_id);
        let checked = flags.map_or(0, |f| f.values().filter(|c| **c).count()) as i64;
        let members = flags.map_or(0, |f| f.len()) as i64;
        if (checked, members) != (q.agents_checked_in, q.agents_attached) {
            mismatches.push(format!(
                "{}: {checked} of {members} checked in, truth {} of {}",
                q.name, q.agents_checked_in, q.agents_attached
            ));
        }
    }
    assert!(mismatches.is_empty(), "{}", mismatches.join("\n"));
    assert!(
        queues
            .iter()
            .any(|q| q.agents_checked_in < q.agents_attached),
        "some member is checked out, so in/out is tested both ways"
    );
}

#[tokio::test]
async fn my_queues_are_the_queues_the_signed_in_agent_serves() {
    let sim = session_support::paused_sim(Duration::from_secs(5), true).await;
    let options = evtop::api::ClientOptions {
        tls: Some(sim_support::client_tls(&sim)),
        ..evtop::api::ClientOptions::default()
    };
    let api = evtop::api::ApiClient::new(
        &sim.base_url(),
        AGENT_EMAIL,
        evtop::api::Secret::new(AGENT_SECRET),
        options,
    )
    .expect("client");
    let me = api.me().await.expect("who am I");
    let backend = RestBackend::new(api, "sim");
    let mut state = console_state(&sim, &backend).await;
    let st = truth(&sim).await;
    let agents: Vec<AgentTruth> = serde_json::from_value(st["Agents"].clone()).unwrap();
    let mine = &agents
        .iter()
        .find(|a| a.id == me.id)
        .expect("the agent")
        .queues;
    assert!(!mine.is_empty());

    state.view.queue_set = Some("mine".into());
    let shown: BTreeMap<&str, ()> = state
        .queues
        .values()
        .filter(|q| state.in_view(q))
        .map(|q| (q.id.as_str(), ()))
        .collect();
    let want: BTreeMap<&str, ()> = mine.iter().map(|q| (q.as_str(), ())).collect();
    assert_eq!(shown, want);
    assert!(shown.len() < state.queues.len(), "a set, not every queue");
}
