//! The simulator is a faithful oracle: `availability/current` says when the availability
//! really began, UserStatus is pushed only when it changes, and `/_sim/state` tells per
//! agent what it does and since when, per queue and tenant-wide the distinct-agent figures.

use crate::sim_support;

use chrono::{DateTime, Utc};
use evtop::api::paths::{Endpoint, PathTable};
use serde_json::{json, Value};
use sim_support::*;
use std::collections::{BTreeMap, BTreeSet};
use std::time::Duration;

fn stamp(v: &Value) -> DateTime<Utc> {
    evtop::model::time::parse(v.as_str().unwrap_or_else(|| panic!("not a stamp: {v}")))
        .unwrap_or_else(|| panic!("bad stamp {v}"))
}

fn agents(st: &Value) -> &Vec<Value> {
    st["Agents"].as_array().unwrap()
}

fn current_availability_path(user: &str) -> String {
    PathTable::default().path(Endpoint::AvailabilityCurrent, &[("userId", user)])
}

#[tokio::test]
async fn availability_current_gives_when_the_availability_began_not_now() {
    let sim = start(paused_config()).await;
    let st = state(&sim).await;
    let now = stamp(&st["Now"]);
    for a in agents(&st) {
        let id = a["Id"].as_str().unwrap();
        let (status, cur) = get(&sim, &current_availability_path(id)).await;
        assert_eq!(status, 200, "{cur}");
        let start = stamp(&cur["StartDate"]);
        assert!(
            start <= now - chrono::Duration::seconds(120),
            "{id}: StartDate {start} is not before the simulator's start {now}"
        );
        assert_eq!(start, stamp(&a["AvailabilitySince"]), "{id}");
        assert!(
            start <= stamp(&a["ActivitySince"]),
            "{id}: busy before available"
        );
    }
    // A change starts a new availability now; time passing does not move it.
    let id = agents(&st)[0]["Id"].as_str().unwrap().to_owned();
    admin(
        &sim,
        "control",
        json!({"availability": {"user_id": id, "availability": "BRB", "note": "kahvi"}}),
    )
    .await;
    admin(&sim, "control", json!({"advance_secs": 95})).await;
    let (_, cur) = get(&sim, &current_availability_path(&id)).await;
    assert_eq!(stamp(&cur["StartDate"]), now, "{cur}");
    assert_eq!(
        stamp(&cur["Timestamp"]),
        now + chrono::Duration::seconds(95)
    );
    sim.shutdown().await;
}

#[tokio::test]
async fn sim_state_tells_each_agents_activity_availability_and_since_when() {
    let sim = start(paused_config()).await;
    admin(&sim, "control", json!({"advance_secs": 300})).await;
    let st = state(&sim).await;
    let now = stamp(&st["Now"]);
    let talking_calls: BTreeMap<&str, &Value> = st["Calls"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["State"] == "Talking")
        .map(|c| (c["UserId"].as_str().unwrap(), c))
        .collect();
    let mut seen = BTreeSet::new();
    for a in agents(&st) {
        let id = a["Id"].as_str().unwrap();
        let activity = a["Activity"].as_str().unwrap();
        seen.insert(activity.to_owned());
        let since = stamp(&a["ActivitySince"]);
        assert!(since <= now, "{a}");
        assert!(stamp(&a["AvailabilitySince"]) <= now, "{a}");
        assert_eq!(a["Availability"], a["Status"]["AvailabilityStatus"], "{a}");
        match activity {
            "Talking" => {
                assert!(talking_calls.contains_key(id), "{id} talks on no call");
                assert_eq!(a["Status"]["Talking"], true);
                assert_eq!(since, stamp(&a["Status"]["TalkingStatusChanged"]), "{a}");
                assert_eq!(a["ActiveQueueId"], talking_calls[id]["QueueId"]);
            }
            "WrapUp" => assert_eq!(since, stamp(&a["WrapUp"]["Started"]), "{a}"),
            "Ringing" | "Idle" => assert!(!talking_calls.contains_key(id)),
            other => panic!("unknown activity {other}"),
        }
    }
    for want in ["Idle", "Talking", "WrapUp"] {
        assert!(seen.contains(want), "no agent is {want}: {seen:?}");
    }
    sim.shutdown().await;
}

/// The distinct-agent totals, recomputed here from the agents and the queues' open flags.
fn expected_totals(st: &Value) -> (i64, i64, i64) {
    let open: BTreeSet<&str> = st["QueueFigures"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|q| q["Open"] == true)
        .map(|q| q["QueueId"].as_str().unwrap())
        .collect();
    let attached = agents(st)
        .iter()
        .filter(|a| !a["Queues"].as_array().unwrap().is_empty());
    let (mut free, mut wrap, mut away) = (0, 0, 0);
    for a in attached {
        let queues = a["Queues"].as_array().unwrap();
        let available = a["Availability"] == "Available";
        if available
            && a["Activity"] == "Idle"
            && queues.iter().any(|q| open.contains(q.as_str().unwrap()))
        {
            free += 1;
        }
        wrap += (a["Activity"] == "WrapUp") as i64;
        away += (!available) as i64;
    }
    (free, wrap, away)
}

#[tokio::test]
async fn queue_figures_and_totals_count_each_agent_once_and_closed_queues_not_as_capacity() {
    let sim = start(paused_config()).await;
    let st = state(&sim).await;
    // An agent of two or more queues goes on wrap-up: each of its queues counts it, the
    // total counts it once.
    let multi = agents(&st)
        .iter()
        .find(|a| a["Queues"].as_array().unwrap().len() >= 2 && a["Activity"] == "Idle")
        .expect("an idle agent in several queues")["Id"]
        .as_str()
        .unwrap()
        .to_owned();
    admin(&sim, "control", json!({"wrap_up": {"user_id": multi}})).await;
    let mut per_queue_sum_exceeded = false;
    for _ in 0..6 {
        let st = state(&sim).await;
        let totals = &st["Totals"];
        let (free, wrap, away) = expected_totals(&st);
        assert_eq!(totals["AgentsFree"], free, "{totals}");
        assert_eq!(totals["AgentsOnWrapUp"], wrap, "{totals}");
        assert_eq!(totals["AgentsAway"], away, "{totals}");
        let figures = st["QueueFigures"].as_array().unwrap();
        assert_eq!(figures.len(), st["Queues"].as_array().unwrap().len());
        let sum = |k: &str| figures.iter().map(|q| q[k].as_i64().unwrap()).sum::<i64>();
        per_queue_sum_exceeded |= sum("AgentsOnWrapUp") > wrap;
        assert_eq!(totals["CallersWaiting"], sum("CallersWaiting"));
        let longest = figures
            .iter()
            .map(|q| q["LongestWaitSecs"].as_i64().unwrap());
        assert_eq!(totals["LongestWaitSecs"], longest.max().unwrap());
        for q in figures {
            let per_queue_status = st["Queues"]
                .as_array()
                .unwrap()
                .iter()
                .find(|r| r["Id"] == q["QueueId"])
                .unwrap();
            assert_eq!(q["AgentsFree"], per_queue_status["Status"]["FreeAgents"]);
            assert_eq!(q["Open"], matches!(q["OpenStatus"].as_i64(), Some(5 | 6)));
            let members = agents(&st)
                .iter()
                .filter(|a| a["Queues"].as_array().unwrap().contains(&q["QueueId"]));
            let away = members.filter(|a| a["Availability"] != "Available").count();
            assert_eq!(q["AgentsAway"], away as i64, "{q}");
        }
        admin(&sim, "control", json!({"advance_secs": 20})).await;
    }
    assert!(per_queue_sum_exceeded, "no agent on wrap-up in two queues");
    // The built-in scenario's closed queue has free agents that are no capacity.
    let st = state(&sim).await;
    let closed_free: i64 = st["QueueFigures"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|q| q["Open"] == false)
        .map(|q| q["AgentsFree"].as_i64().unwrap())
        .sum();
    assert!(
        closed_free > 0,
        "the closed queue has no free agent to leave out"
    );
    sim.shutdown().await;
}

/// The envelope keys of a MessageReceived `data` (they differ on every event).
const ENVELOPE: &[&str] = &[
    "rootEntityType",
    "rootEntityId",
    "eventType",
    "entityType",
    "entityId",
    "id",
    "timestamp",
    "messageTTLSeconds",
    "organizationId",
];

#[tokio::test]
async fn user_status_is_pushed_only_when_it_changes() {
    let sim = start(paused_config()).await;
    let mut hub = Hub::connect(&sim).await;
    let st = state(&sim).await;
    let users: Vec<(String, &str)> = st["Users"]
        .as_array()
        .unwrap()
        .iter()
        .map(|u| (u["Id"].as_str().unwrap().to_owned(), "UserStatus"))
        .collect();
    hub.subscribe(users).await;
    // Nothing is pushed at subscription time: the platform sends changes only.
    assert!(hub.next_event(Duration::from_millis(300)).await.is_none());
    for _ in 0..10 {
        admin(&sim, "control", json!({"advance_secs": 120})).await;
    }
    let mut last: BTreeMap<String, Value> = BTreeMap::new();
    let mut count = 0;
    while let Some(ev) = hub.next_event(Duration::from_millis(500)).await {
        let mut data = ev["data"].clone();
        let entity = data["entityId"].as_str().unwrap().to_owned();
        for k in ENVELOPE {
            data.as_object_mut().unwrap().remove(*k);
        }
        assert!(
            data.as_object().unwrap().contains_key("availabilityStatus"),
            "{data}"
        );
        if let Some(prev) = last.insert(entity.clone(), data.clone()) {
            assert_ne!(
                prev, data,
                "{entity}: an unchanged UserStatus was pushed again"
            );
        }
        count += 1;
    }
    assert!(
        count > 100,
        "only {count} UserStatus in 20 simulated minutes"
    );
    sim.shutdown().await;
}
