//! MessageReceived over the wire: payloads match seed 004 field for field (camelCase by
//! default, PascalCase when switched), REST actions produce the events that follow, and
//! the default scenario is alive within 2 s at speed 1.

use crate::sim_support;

use evtop::model::casing::keys_to_camel;
use evtop::model::events::{Casing, EventKind};
use evtop::sim::{SimConfig, SimHandle};
use serde_json::{json, Map, Value};
use sim_support::*;
use std::collections::{BTreeMap, BTreeSet};
use std::time::Duration;

fn seed_examples() -> Map<String, Value> {
    serde_json::from_str(include_str!("../fixtures/seed004_examples.json")).unwrap()
}

fn keys(v: &Value) -> BTreeSet<String> {
    v.as_object().unwrap().keys().cloned().collect()
}

/// Subscribes a hub to every event it offers, on every user, queue and callback list.
async fn subscribe_everything(sim: &SimHandle, hub: &mut Hub) {
    let st = state(sim).await;
    let offered = match hub.invoke("AvailableSubscriptions", vec![]).await {
        evtop::signalr::protocol::Outcome::Result(v) => v,
        other => panic!("AvailableSubscriptions failed: {other:?}"),
    };
    let offered: Vec<EventKind> = offered
        .as_array()
        .unwrap()
        .iter()
        .map(|n| EventKind::parse(n.as_str().unwrap()))
        .collect();
    assert!(offered.contains(&EventKind::QueueStatus) && offered.len() > 10);
    let mut items: Vec<(String, &str)> = Vec::new();
    for kind in &offered {
        let pool = match kind.entity_type() {
            "Queue" => &st["Queues"],
            "CallList" => &st["CallbackLists"],
            _ => &st["Users"],
        };
        for e in pool.as_array().unwrap() {
            items.push((e["Id"].as_str().unwrap().to_owned(), kind.name()));
        }
    }
    for chunk in items.chunks(150) {
        let r = hub.subscribe(chunk.to_vec()).await;
        assert!(r
            .as_array()
            .unwrap()
            .iter()
            .all(|x| x["subscribed"] == true));
    }
}

/// Receives events until `quiet` passes without one.
async fn drain(hub: &mut Hub, quiet: Duration) -> Vec<Value> {
    let mut out = Vec::new();
    while let Some(ev) = hub.next_event(quiet).await {
        out.push(ev);
    }
    out
}

/// Runs 10 simulated minutes plus a manual wrap-up terminate, and returns every event.
async fn ten_busy_minutes(cfg: SimConfig) -> (SimHandle, Vec<Value>) {
    let sim = start(cfg).await;
    let mut hub = Hub::connect(&sim).await;
    subscribe_everything(&sim, &mut hub).await;
    let st = state(&sim).await;
    let agent = st["Agents"][0]["Id"].as_str().unwrap().to_owned();
    admin(&sim, "control", json!({"wrap_up": {"user_id": agent}})).await;
    let (status, _) = post(
        &sim,
        &format!("/users/{agent}/wrapup/terminate/"),
        json!({"Reason": "manual"}),
    )
    .await;
    assert_eq!(status, 200);
    admin(&sim, "control", json!({"advance_secs": 600})).await;
    let events = drain(&mut hub, Duration::from_secs(2)).await;
    (sim, events)
}

const MUST_SEE: &[&str] = &[
    "QueueStatus",
    "UserStatus",
    "UserAvailability",
    "UserWrapUpEnabled",
    "UserWrapUpStarted",
    "UserWrapUpTerminated",
    "UserWrapUpRequestTerminate",
    "UserRealTimeTranscriptPhrase",
    "CallbackChanged",
    "UserCallInArrived",
    "UserCallInUserAllocated",
    "UserCallInUserConnected",
    "UserCallInDisconnected",
    "UserCallInOverflow",
    "UserAlert",
    "UserCallAvailableForMonitoring",
    "QueueCallInUserConnected",
    "QueueCallInDisconnected",
];

fn check_against_seed(events: &[Value], casing: Casing) {
    let seed = seed_examples();
    let sub_keys = keys(&seed["messagereceived:UserStatus"]["subscription"]);
    let type_key = if casing == Casing::Camel {
        "eventType"
    } else {
        "EventType"
    };
    let entity_key = if casing == Casing::Camel {
        "entityId"
    } else {
        "EntityId"
    };
    let mut seen: BTreeMap<String, usize> = BTreeMap::new();
    for ev in events {
        assert_eq!(keys(ev), ["data", "subscription"].map(String::from).into());
        let data = &ev["data"];
        let name = data[type_key]
            .as_str()
            .unwrap_or_else(|| panic!("no {type_key}: {data}"));
        if EventKind::BEYOND_SEED.contains(&EventKind::parse(name)) {
            // Not in the RTE document: no seed example; the simulator's own shape.
            assert_eq!(keys(&ev["subscription"]), sub_keys);
            assert_eq!(ev["subscription"]["entityId"], data[entity_key]);
            *seen.entry(name.to_owned()).or_default() += 1;
            continue;
        }
        let example = seed
            .get(&format!("event:{name}"))
            .unwrap_or_else(|| panic!("{name} has no seed example"));
        let want = match casing {
            Casing::Camel => keys_to_camel(example.clone()),
            Casing::Pascal => example.clone(),
        };
        assert_eq!(
            keys(data),
            keys(&want),
            "{name}: field set differs from the seed"
        );
        assert_eq!(keys(&ev["subscription"]), sub_keys);
        assert_eq!(ev["subscription"]["eventType"], name);
        assert_eq!(ev["subscription"]["entityId"], data[entity_key]);
        *seen.entry(name.to_owned()).or_default() += 1;
    }
    for name in MUST_SEE {
        assert!(
            seen.contains_key(*name),
            "{name} never arrived; got {seen:?}"
        );
    }
}

#[tokio::test]
async fn payloads_match_the_seed_in_camel_case() {
    let (sim, events) = ten_busy_minutes(paused_config()).await;
    check_against_seed(&events, Casing::Camel);
    // Both speaker roles, intermediate and final phrases.
    let phrases: Vec<&Value> = events
        .iter()
        .map(|e| &e["data"])
        .filter(|d| d["eventType"] == "UserRealTimeTranscriptPhrase")
        .collect();
    let roles: BTreeSet<i64> = phrases
        .iter()
        .map(|d| d["speakerRole"].as_i64().unwrap())
        .collect();
    assert_eq!(roles.len(), 2);
    assert!(phrases.iter().any(|d| d["isIntermediate"] == true));
    assert!(phrases.iter().any(|d| d["isIntermediate"] == false));
    sim.shutdown().await;
}

#[tokio::test]
async fn payloads_match_the_seed_in_pascal_case_when_switched() {
    let mut cfg = paused_config();
    cfg.casing = Casing::Pascal;
    let (sim, events) = ten_busy_minutes(cfg).await;
    check_against_seed(&events, Casing::Pascal);
    sim.shutdown().await;
}

#[tokio::test]
async fn rest_actions_produce_the_events_that_follow() {
    let sim = start(paused_config()).await;
    let st = state(&sim).await;
    let agent = st["Agents"][1]["Id"].as_str().unwrap().to_owned();
    let list = st["CallbackLists"][0]["Id"].as_str().unwrap().to_owned();
    let mut hub = Hub::connect(&sim).await;
    hub.subscribe(vec![
        (agent.clone(), "UserStatus"),
        (agent.clone(), "UserAvailability"),
        (agent.clone(), "UserWrapUpRequestTerminate"),
        (agent.clone(), "UserWrapUpTerminated"),
        (agent.clone(), "UserWrapUpStarted"),
        (list.clone(), "CallbackChanged"),
    ])
    .await;

    // Availability: UserAvailability, then UserStatus.
    let (s, _) = post(
        &sim,
        &format!("/users/{agent}/availability"),
        json!({"EventTypeID": 3, "Note": "Koulutus"}),
    )
    .await;
    assert_eq!(s, 200);
    let a = hub.next_event(WAIT).await.unwrap();
    assert_eq!(a["data"]["eventType"], "UserAvailability");
    assert_eq!(a["data"]["availability"], "DoNotDisturb");
    let b = hub.next_event(WAIT).await.unwrap();
    assert_eq!(b["data"]["eventType"], "UserStatus");
    assert_eq!(b["data"]["availabilityStatus"], "DoNotDisturb");

    // Wrap-up terminate: RequestTerminate, Terminated (manual), UserStatus.
    admin(
        &sim,
        "control",
        json!({"wrap_up": {"user_id": agent, "max_secs": 300}}),
    )
    .await;
    let started = hub.next_event(WAIT).await.unwrap();
    assert_eq!(started["data"]["eventType"], "UserWrapUpStarted");
    let wrap_id = started["data"]["wrapUpId"].clone();
    let status = hub.next_event(WAIT).await.unwrap();
    assert_eq!(status["data"]["eventType"], "UserStatus");
    assert!(status["data"]["wrapUpEnd"].is_string());
    let (s, _) = post(
        &sim,
        &format!("/users/{agent}/wrapup/terminate/"),
        json!({"WrapUpId": wrap_id, "Reason": "manual"}),
    )
    .await;
    assert_eq!(s, 200);
    let names: Vec<Value> = [
        hub.next_event(WAIT).await.unwrap(),
        hub.next_event(WAIT).await.unwrap(),
        hub.next_event(WAIT).await.unwrap(),
    ]
    .into_iter()
    .collect();
    assert_eq!(names[0]["data"]["eventType"], "UserWrapUpRequestTerminate");
    assert_eq!(names[1]["data"]["eventType"], "UserWrapUpTerminated");
    assert_eq!(names[1]["data"]["reason"], "manual");
    assert_eq!(names[1]["data"]["wrapUpId"], wrap_id);
    assert_eq!(names[2]["data"]["eventType"], "UserStatus");
    assert!(names[2]["data"]["wrapUpEnd"].is_null());

    // Callback assign and close: CallbackChanged each.
    let (_, reqs) = get(&sim, &format!("/callbacklists/{list}/requests/")).await;
    let req = reqs[0]["Id"].as_str().unwrap().to_owned();
    let (s, _) = post(
        &sim,
        &format!("/callbacklists/{list}/requests/{req}/assign/"),
        json!({"UserId": agent}),
    )
    .await;
    assert_eq!(s, 200);
    let c = hub.next_event(WAIT).await.unwrap();
    assert_eq!(c["data"]["callBackId"], req.as_str());
    assert_eq!(c["data"]["assignedUserId"], agent.as_str());
    let (s, _) = post(
        &sim,
        &format!("/callbacklists/{list}/requests/{req}/close/"),
        json!({"Note": "ok"}),
    )
    .await;
    assert_eq!(s, 200);
    let c = hub.next_event(WAIT).await.unwrap();
    assert_eq!(c["data"]["isClosed"], true);
    sim.shutdown().await;
}

#[tokio::test]
async fn the_default_scenario_is_alive_within_two_seconds() {
    let sim = start(SimConfig::default_on_loopback()).await;
    let st = state(&sim).await;
    let mut hub = Hub::connect(&sim).await;
    let queues = queue_status_of_every_queue(&st);
    let talkers: Vec<(String, &str)> = st["Agents"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| {
            (
                a["Id"].as_str().unwrap().to_owned(),
                "UserRealTimeTranscriptPhrase",
            )
        })
        .collect();
    hub.subscribe(queues).await;
    hub.subscribe(talkers).await;
    let started = tokio::time::Instant::now();
    let mut kinds = BTreeSet::new();
    while kinds.len() < 2 && started.elapsed() < Duration::from_secs(2) {
        let left = Duration::from_secs(2).saturating_sub(started.elapsed());
        match hub.next_event(left).await {
            Some(ev) => {
                kinds.insert(ev["data"]["eventType"].as_str().unwrap().to_owned());
            }
            None => break,
        }
    }
    assert!(kinds.contains("QueueStatus"), "{kinds:?} within 2 s");
    assert!(
        kinds.contains("UserRealTimeTranscriptPhrase"),
        "{kinds:?} within 2 s"
    );
    sim.shutdown().await;
}
