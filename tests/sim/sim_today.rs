//! The simulator's day per queue (`Queues[].Today` in `/_sim/state`) is the truth the
//! console's ANS/ABND/SL% are checked against, so it must agree with everything else the
//! simulator says: `/servicecall` lists exactly the calls it counts, the user call events
//! announce every answer (the agent's next UserStatus naming the queue), callers give up
//! when their patience ends, and the day starts again at midnight.

use crate::sim_support;

use chrono::{DateTime, TimeZone, Utc};
use evtop::api::paths::{Endpoint, PathTable};
use evtop::model::rest::query_time;
use evtop::sim::model::today::QueueToday;
use evtop::sim::SimHandle;
use serde_json::{json, Value};
use sim_support::*;
use std::collections::{BTreeMap, BTreeSet};

fn stamp(v: &Value) -> DateTime<Utc> {
    evtop::model::time::parse(v.as_str().unwrap_or_else(|| panic!("not a stamp: {v}")))
        .unwrap_or_else(|| panic!("bad stamp {v}"))
}

/// A payload field in either casing the simulator may write.
fn field<'a>(v: &'a Value, pascal: &str) -> &'a Value {
    let camel = format!("{}{}", pascal[..1].to_ascii_lowercase(), &pascal[1..]);
    match &v[pascal] {
        Value::Null => &v[camel.as_str()],
        x => x,
    }
}

fn today_by_queue(st: &Value) -> BTreeMap<String, QueueToday> {
    st["Queues"]
        .as_array()
        .unwrap()
        .iter()
        .map(|q| {
            (
                q["Id"].as_str().unwrap().to_owned(),
                serde_json::from_value(q["Today"].clone()).expect("Today"),
            )
        })
        .collect()
}

async fn service_calls(sim: &SimHandle, start: DateTime<Utc>, end: DateTime<Utc>) -> Vec<Value> {
    let (s, e) = (query_time(&start), query_time(&end));
    let path = PathTable::default().path(
        Endpoint::ServiceCalls,
        &[("startTime", s.as_str()), ("endTime", e.as_str())],
    );
    let (status, body) = get(sim, &path).await;
    assert_eq!(status, 200, "{body}");
    body.as_array().expect("a list").clone()
}

/// The day per queue as a reader of `/servicecall` would count it.
fn tally(calls: &[Value], target: i64) -> BTreeMap<String, QueueToday> {
    let mut out: BTreeMap<String, QueueToday> = BTreeMap::new();
    let mut ids = BTreeSet::new();
    for c in calls {
        assert!(
            ids.insert(c["Id"].as_str().unwrap().to_owned()),
            "twice: {c}"
        );
        let t = out
            .entry(c["QueueId"].as_str().unwrap().to_owned())
            .or_insert_with(|| QueueToday {
                target_secs: target,
                ..QueueToday::default()
            });
        let wait = c["WaitTime"].as_i64().unwrap();
        t.offered += 1;
        match c["Result"].as_str().unwrap() {
            "Answered" => {
                t.answered += 1;
                t.wait_sum += wait;
                t.longest_wait = t.longest_wait.max(wait);
                if wait <= target {
                    t.answered_within_target += 1;
                }
                if !c["EndTime"].is_null() {
                    t.handle_sum += c["Duration"].as_i64().unwrap();
                    t.handled += 1;
                }
            }
            "Abandoned" => t.abandoned += 1,
            "Overflow" => t.overflowed += 1,
            other => panic!("result {other}"),
        }
    }
    out
}

fn assert_servicecall_matches(calls: &[Value], today: &BTreeMap<String, QueueToday>) {
    let counted = tally(calls, 20);
    for (q, t) in today {
        let c = counted.get(q).cloned().unwrap_or(QueueToday {
            target_secs: 20,
            ..QueueToday::default()
        });
        assert_eq!(&c, t, "queue {q}: /servicecall vs Today");
        assert_eq!(t.offered, t.answered + t.abandoned + t.overflowed, "{q}");
    }
}

#[tokio::test]
async fn today_equals_servicecall_and_the_user_call_events_and_callers_abandon() {
    let sim = start(paused_config()).await;
    let before = today_by_queue(&state(&sim).await);
    let mut seq = get(&sim, "/_sim/published?since=0&limit=1").await.1["Last"]
        .as_u64()
        .unwrap();
    // Connected calls by id, and the queue the agent's next UserStatus names.
    let mut connected: BTreeMap<String, Option<String>> = BTreeMap::new();
    let mut pending: BTreeMap<String, String> = BTreeMap::new(); // user -> call
    let mut wrap_ups = 0;
    for _ in 0..40 {
        admin(&sim, "control", json!({"advance_secs": 30})).await;
        let (_, p) = get(&sim, &format!("/_sim/published?since={seq}")).await;
        assert!(
            p["Oldest"].as_u64().unwrap() <= seq + 1,
            "events were lost from the published log"
        );
        for e in p["Events"].as_array().unwrap() {
            seq = e["Seq"].as_u64().unwrap();
            let d = &e["Data"];
            match e["EventName"].as_str().unwrap() {
                "UserCallInUserConnected" => {
                    let call = field(d, "CallId").as_str().unwrap().to_owned();
                    let user = field(d, "UserId").as_str().unwrap().to_ascii_lowercase();
                    assert!(connected.insert(call.clone(), None).is_none(), "{call}");
                    pending.insert(user, call);
                }
                "UserStatus" => {
                    let user = field(d, "UserId").as_str().unwrap().to_ascii_lowercase();
                    if let Some(call) = pending.remove(&user) {
                        let q = field(d, "ActiveQueueId").as_str().map(str::to_owned);
                        assert!(q.is_some(), "UserStatus after a connect names no queue");
                        connected.insert(call, q);
                    }
                }
                "UserWrapUpTerminated" => {
                    assert!(field(d, "ElapsedTimeSec").as_i64().unwrap() >= 0, "{d}");
                    wrap_ups += 1;
                }
                "UserCallInOverflow" => {
                    assert!(field(d, "TechQueueId").is_string(), "{d}");
                }
                _ => {}
            }
        }
    }
    assert!(
        pending.is_empty(),
        "connects without a UserStatus: {pending:?}"
    );
    assert!(wrap_ups > 0);
    let st = state(&sim).await;
    let now = stamp(&st["Now"]);
    let day = stamp(&st["DayStart"]);
    assert_eq!(day, Utc.with_ymd_and_hms(2025, 3, 3, 0, 0, 0).unwrap());
    let today = today_by_queue(&st);
    // The same numbers in QueueFigures.
    for f in st["QueueFigures"].as_array().unwrap() {
        let t: QueueToday = serde_json::from_value(f["Today"].clone()).unwrap();
        assert_eq!(&t, &today[f["QueueId"].as_str().unwrap()]);
    }
    let calls = service_calls(&sim, day, now + chrono::Duration::seconds(1)).await;
    assert_servicecall_matches(&calls, &today);
    // Every answer of the run was announced, in the queue that counts it.
    let mut per_queue: BTreeMap<String, i64> = BTreeMap::new();
    for q in connected.values() {
        *per_queue.entry(q.clone().unwrap()).or_default() += 1;
    }
    for (q, t) in &today {
        assert_eq!(
            t.answered - before[q].answered,
            per_queue.get(q).copied().unwrap_or(0),
            "queue {q}: answers vs UserCallInUserConnected"
        );
    }
    let total = |f: fn(&QueueToday) -> i64| today.values().map(f).sum::<i64>();
    assert!(total(|t| t.answered) > 50, "{today:?}");
    assert!(total(|t| t.abandoned) > 0, "no caller ran out of patience");
    assert!(total(|t| t.answered_within_target) < total(|t| t.offered));
    sim.shutdown().await;
}

#[tokio::test]
async fn the_day_starts_again_at_midnight() {
    let mut cfg = paused_config();
    cfg.start_time = Some(Utc.with_ymd_and_hms(2025, 3, 3, 23, 50, 0).unwrap());
    let sim = start(cfg).await;
    admin(&sim, "control", json!({"advance_secs": 540})).await;
    let st = state(&sim).await;
    let before: i64 = today_by_queue(&st).values().map(|t| t.offered).sum();
    assert!(before > 0);
    admin(&sim, "control", json!({"advance_secs": 120})).await;
    let st = state(&sim).await;
    let day = stamp(&st["DayStart"]);
    assert_eq!(day, Utc.with_ymd_and_hms(2025, 3, 4, 0, 0, 0).unwrap());
    let today = today_by_queue(&st);
    let calls = service_calls(&sim, day, stamp(&st["Now"]) + chrono::Duration::seconds(1)).await;
    assert!(calls.iter().all(|c| stamp(&c["ArrivalTime"]) >= day));
    assert_servicecall_matches(&calls, &today);
    // Calls that arrived before midnight are yesterday's, whatever their end.
    let yesterday = service_calls(&sim, day - chrono::Duration::hours(1), day).await;
    assert!(!yesterday.is_empty());
    sim.shutdown().await;
}

/// The queue call events (the simulator's guess at their payload) tell the same day as
/// `Queues[].Today`: every outcome once, by call id, with its wait.
#[tokio::test]
async fn the_queue_call_events_count_what_today_counts() {
    let sim = start(paused_config()).await;
    let before = today_by_queue(&state(&sim).await);
    let mut seq = get(&sim, "/_sim/published?since=0&limit=1").await.1["Last"]
        .as_u64()
        .unwrap();
    let mut counted: BTreeMap<String, QueueToday> = BTreeMap::new();
    let mut outcomes: BTreeSet<String> = BTreeSet::new();
    let mut arrived: BTreeSet<String> = BTreeSet::new();
    let mut kinds: BTreeMap<String, usize> = BTreeMap::new();
    for _ in 0..30 {
        admin(&sim, "control", json!({"advance_secs": 30})).await;
        let (_, p) = get(&sim, &format!("/_sim/published?since={seq}")).await;
        assert!(p["Oldest"].as_u64().unwrap() <= seq + 1, "events were lost");
        for e in p["Events"].as_array().unwrap() {
            seq = e["Seq"].as_u64().unwrap();
            let name = e["EventName"].as_str().unwrap();
            if !name.starts_with("QueueCallIn") {
                continue;
            }
            *kinds.entry(name.to_owned()).or_default() += 1;
            let d = &e["Data"];
            let queue = field(d, "QueueId").as_str().unwrap().to_owned();
            assert_eq!(field(d, "EntityId").as_str(), Some(queue.as_str()), "{d}");
            assert!(field(d, "QueueName").is_string(), "{d}");
            let call = field(d, "CallId").as_str().unwrap().to_owned();
            let wait = field(d, "WaitTime").as_i64();
            stamp(field(d, "ArrivalTime"));
            let t = counted.entry(queue).or_insert_with(|| QueueToday {
                target_secs: 20,
                ..QueueToday::default()
            });
            let reason = field(d, "Reason").as_str().unwrap_or_default();
            let outcome = match (name, reason) {
                ("QueueCallInArrived", _) => {
                    assert!(arrived.insert(call.clone()), "arrived twice: {call}");
                    None
                }
                ("QueueCallInUserConnected", _) => Some("answered"),
                ("QueueCallInDisconnected", "Abandoned") => Some("abandoned"),
                ("QueueCallInOverflow", _) => Some("overflowed"),
                _ => None,
            };
            let Some(outcome) = outcome else { continue };
            assert!(outcomes.insert(call.clone()), "two outcomes: {call}");
            let wait = wait.unwrap_or_else(|| panic!("{name} without a WaitTime: {d}"));
            t.offered += 1;
            match outcome {
                "answered" => {
                    t.answered += 1;
                    t.wait_sum += wait;
                    t.longest_wait = t.longest_wait.max(wait);
                    t.answered_within_target += (wait <= 20) as i64;
                }
                "abandoned" => t.abandoned += 1,
                _ => t.overflowed += 1,
            }
        }
    }
    let today = today_by_queue(&state(&sim).await);
    for (q, t) in &today {
        let c = counted.get(q).cloned().unwrap_or_default();
        let b = &before[q];
        assert_eq!(
            (
                c.offered,
                c.answered,
                c.abandoned,
                c.overflowed,
                c.answered_within_target,
                c.wait_sum
            ),
            (
                t.offered - b.offered,
                t.answered - b.answered,
                t.abandoned - b.abandoned,
                t.overflowed - b.overflowed,
                t.answered_within_target - b.answered_within_target,
                t.wait_sum - b.wait_sum
            ),
            "queue {q}: queue call events vs Today"
        );
    }
    for kind in [
        "QueueCallInArrived",
        "QueueCallInUserAllocated",
        "QueueCallInUserConnected",
        "QueueCallInDisconnected",
    ] {
        assert!(
            kinds.get(kind).copied().unwrap_or(0) > 0,
            "no {kind}: {kinds:?}"
        );
    }
    let total = |f: fn(&QueueToday) -> i64| counted.values().map(f).sum::<i64>();
    assert!(
        total(|t| t.answered) > 30 && total(|t| t.abandoned) > 0,
        "{counted:?}"
    );
    sim.shutdown().await;
}

/// The switches that leave a console one source: `/servicecall` refused (403) by the
/// scenario or the admin API, and back.
#[tokio::test]
async fn service_calls_can_be_refused_and_allowed_again() {
    let mut cfg = paused_config();
    cfg.scenario.refused_routes = vec!["service_calls".into()];
    let sim = start(cfg).await;
    let day = Utc.with_ymd_and_hms(2025, 3, 3, 0, 0, 0).unwrap();
    let (s, e) = (
        query_time(&day),
        query_time(&(day + chrono::Duration::days(1))),
    );
    let path = PathTable::default().path(
        Endpoint::ServiceCalls,
        &[("startTime", s.as_str()), ("endTime", e.as_str())],
    );
    assert_eq!(get(&sim, &path).await.0, 403);
    assert_eq!(get(&sim, "/queues/").await.0, 200, "only that route");
    admin(&sim, "control", json!({"refused_routes": []})).await;
    assert_eq!(get(&sim, &path).await.0, 200);
    admin(
        &sim,
        "control",
        json!({"refused_routes": ["service_calls"]}),
    )
    .await;
    assert_eq!(get(&sim, &path).await.0, 403);
    let (status, body) = post(&sim, "/_sim/control", json!({"refused_routes": ["nope"]})).await;
    assert_eq!(status, 400, "{body}");
    sim.shutdown().await;
}
