use super::*;
use crate::model::events::{Casing, EventKind, EventPayload};
use crate::sim::scenario::Scenario;
use chrono::TimeZone;

fn start() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2025, 3, 3, 9, 0, 0).unwrap()
}

fn builtin(seed: u64) -> Model {
    Model::new(&Scenario::builtin(), seed, start())
}

fn wire(events: &[RteEvent]) -> Vec<String> {
    events
        .iter()
        .map(|e| e.data_json(Casing::Camel).to_string())
        .collect()
}

#[test]
fn same_seed_gives_the_same_event_sequence() {
    let (mut a, mut b) = (builtin(7), builtin(7));
    let (ea, eb) = (a.advance(1200), b.advance(1200));
    assert!(ea.len() > 100, "only {} events in 2 minutes", ea.len());
    assert_eq!(wire(&ea), wire(&eb));
    assert_eq!(a.state_json(), b.state_json());
    let mut c = builtin(8);
    assert_ne!(wire(&ea), wire(&c.advance(1200)), "another seed differs");
}

#[test]
fn the_builtin_scenario_is_alive_within_two_seconds() {
    let mut m = builtin(1);
    assert_eq!(m.queues.len(), 7);
    assert!(m.users.iter().filter(|u| u.is_agent).count() >= 40);
    let events = m.advance(20);
    let kinds: std::collections::BTreeSet<_> = events.iter().map(|e| e.kind.clone()).collect();
    assert!(kinds.contains(&EventKind::QueueStatus), "{kinds:?}");
    assert!(
        kinds.contains(&EventKind::UserRealTimeTranscriptPhrase),
        "{kinds:?}"
    );
}

#[test]
fn ten_minutes_produce_every_modelled_event_and_they_decode() {
    let mut m = builtin(3);
    let events = m.advance(6000);
    let kinds: std::collections::BTreeSet<_> = events.iter().map(|e| e.kind.clone()).collect();
    for k in [
        EventKind::QueueStatus,
        EventKind::UserStatus,
        EventKind::UserAvailability,
        EventKind::UserWrapUpEnabled,
        EventKind::UserWrapUpStarted,
        EventKind::UserWrapUpTerminated,
        EventKind::UserRealTimeTranscriptPhrase,
        EventKind::CallbackChanged,
        EventKind::UserCallInArrived,
        EventKind::UserCallInUserAllocated,
        EventKind::UserCallInUserConnected,
        EventKind::UserCallInDisconnected,
        EventKind::UserCallInOverflow,
        EventKind::UserAlert,
        EventKind::UserCallAvailableForMonitoring,
    ] {
        assert!(kinds.contains(&k), "{k} never emitted; got {kinds:?}");
    }
    let mut roles = std::collections::BTreeSet::new();
    let mut intermediate_then_final = false;
    let mut last_intermediate: Option<String> = None;
    for e in &events {
        let back = RteEvent::from_data(e.data_json(Casing::Camel));
        assert!(back.decode_error.is_none(), "{:?}", back.decode_error);
        assert_eq!(back.payload, e.payload);
        if let EventPayload::UserRealTimeTranscriptPhrase(p) = &e.payload {
            roles.insert(p.speaker_role);
            if p.is_intermediate {
                last_intermediate = Some(p.phrase.clone());
            } else if let Some(partial) = last_intermediate.take() {
                intermediate_then_final |= p.phrase.starts_with(&partial);
            }
        }
    }
    assert_eq!(roles.len(), 2, "both speaker roles");
    assert!(intermediate_then_final);
}

#[test]
fn statuses_are_sent_only_when_they_change() {
    let mut m = builtin(5);
    m.advance(50);
    let mut seen: std::collections::HashMap<String, Value> = Default::default();
    for e in m.advance(600) {
        if e.kind == EventKind::QueueStatus || e.kind == EventKind::UserStatus {
            let mut data = e.data_json(Casing::Pascal);
            let obj = data.as_object_mut().unwrap();
            obj.remove("Id");
            obj.remove("Timestamp");
            let prev = seen.insert(e.entity_id().to_owned(), data.clone());
            assert_ne!(prev, Some(data), "unchanged status re-sent");
        }
    }
}
use serde_json::Value;

fn wrap_up_agent(m: &mut Model) -> usize {
    let u = m.users.iter().position(|u| u.is_agent).unwrap();
    m.force_wrap_up(u, 600);
    m.take_events();
    u
}

#[test]
fn terminating_a_wrap_up_sends_request_terminated_and_status() {
    let mut m = builtin(9);
    let u = wrap_up_agent(&mut m);
    let wrap_id = match &m.users[u].activity {
        Activity::WrapUp(w) => w.id.clone(),
        other => panic!("{other:?}"),
    };
    assert!(matches!(
        m.terminate_wrap_up(u, Some("not-the-id")),
        Err(ActionError::Conflict(_))
    ));
    m.terminate_wrap_up(u, Some(&wrap_id)).unwrap();
    let events = m.take_events();
    let mine: Vec<&RteEvent> = events
        .iter()
        .filter(|e| e.entity_id() == m.users[u].id)
        .collect();
    let names: Vec<&str> = mine.iter().map(|e| e.kind.name()).collect();
    assert_eq!(
        &names[..3],
        [
            "UserWrapUpRequestTerminate",
            "UserWrapUpTerminated",
            "UserStatus"
        ]
    );
    match &mine[1].payload {
        EventPayload::UserWrapUpTerminated(t) => {
            assert_eq!(t.reason, "manual");
            assert_eq!(t.wrap_up_id, wrap_id);
        }
        other => panic!("{other:?}"),
    }
    assert!(matches!(
        m.terminate_wrap_up(u, None),
        Err(ActionError::Conflict(_))
    ));
}

#[test]
fn callback_actions_emit_callback_changed() {
    let mut m = builtin(11);
    let sup = m.supervisors()[0];
    let agent = m.users.iter().position(|u| u.is_agent).unwrap();
    let list_id = m.lists[0].id.clone();
    let req = m.lists[0].requests[0].id.clone();
    m.assign_callback(0, &req, agent, sup).unwrap();
    let ev = m.take_events();
    let cb = ev
        .iter()
        .find(|e| e.kind == EventKind::CallbackChanged)
        .unwrap();
    assert_eq!(cb.entity_id(), list_id);
    match &cb.payload {
        EventPayload::CallbackChanged(c) => {
            assert_eq!(
                c.assigned_user_id.as_deref(),
                Some(m.users[agent].id.as_str())
            );
            assert!(!c.is_closed);
        }
        other => panic!("{other:?}"),
    }
    m.close_callback(0, &req, "soitettu", sup).unwrap();
    let ev = m.take_events();
    assert!(ev
        .iter()
        .any(|e| matches!(&e.payload, EventPayload::CallbackChanged(c) if c.is_closed)));
    assert!(matches!(
        m.close_callback(0, &req, "", sup),
        Err(ActionError::Conflict(_))
    ));
    assert!(matches!(
        m.close_callback(0, "nope", "", sup),
        Err(ActionError::NotFound(_))
    ));
    assert!(m.rest_requests(0).iter().all(|r| r.id != req));
}

#[test]
fn availability_change_emits_availability_then_status() {
    let mut m = builtin(13);
    let sup = m.supervisors()[0];
    m.set_availability(sup, Availability::DoNotDisturb, "Koulutus");
    let ev = m.take_events();
    let names: Vec<&str> = ev.iter().map(|e| e.kind.name()).collect();
    assert_eq!(names, ["UserAvailability", "UserStatus"]);
    match &ev[1].payload {
        EventPayload::UserStatus(s) => assert_eq!(s.availability_status, "DoNotDisturb"),
        other => panic!("{other:?}"),
    }
}

#[test]
fn a_closed_queue_reports_its_open_status_and_gets_no_calls() {
    let mut m = builtin(3);
    let closed = m
        .queues
        .iter()
        .position(|q| q.open_status == 3)
        .expect("the built-in scenario has a closed queue");
    let open = m.queues.iter().position(|q| q.open_status == 5).unwrap();
    m.advance(600);
    assert_eq!(m.queue_status(closed).open_status, 3);
    let stray: Vec<_> = m
        .calls
        .iter()
        .filter(|c| c.queue == closed)
        .map(|c| format!("{:?}", c.state))
        .collect();
    assert!(stray.is_empty(), "{stray:?}");
    assert_eq!(m.queue_status(open).open_status, 5);
}

#[test]
fn callback_requests_have_due_and_expiry_and_close_when_expired() {
    let mut m = builtin(5);
    let state = m.state_json();
    let callbacks = state["Callbacks"].as_array().expect("Callbacks");
    assert!(!callbacks.is_empty());
    for c in callbacks {
        assert!(c["DueDate"].is_string(), "{c}");
        assert!(c["ExpiryDate"].is_string(), "{c}");
    }
    let open_before = callbacks.iter().filter(|c| c["IsClosed"] == false).count();
    // Two and a half hours later every request of the start has expired.
    let events = m.advance(10 * 60 * 150);
    let expired = events
        .iter()
        .filter(|e| match &e.payload {
            EventPayload::CallbackChanged(c) => c.is_closed && c.note == "Expired",
            _ => false,
        })
        .count();
    assert!(expired >= open_before, "{expired} expired of {open_before}");
}

#[test]
fn call_records_agree_with_the_queue_counters_and_the_ringing_agents() {
    let mut m = builtin(3);
    m.advance(20 * 60 * 10); // 20 simulated minutes
                             // An admin wrap-up cuts a talking call short: it is still a finished, answered call.
    let talking = m
        .calls
        .iter()
        .find_map(|c| match c.state {
            CallState::Talking { agent, .. } => Some(agent),
            _ => None,
        })
        .expect("someone talks");
    m.force_wrap_up(talking, 30);
    for q in 0..m.queues.len() {
        let of = |o: history::CallOutcome| {
            m.history
                .iter()
                .filter(|c| c.queue == q && c.outcome == o)
                .count() as i64
        };
        assert_eq!(of(history::CallOutcome::Answered), m.queues[q].answered);
        assert_eq!(
            of(history::CallOutcome::Abandoned) + of(history::CallOutcome::Overflow),
            m.queues[q].not_served
        );
    }
    let answered = m
        .history
        .iter()
        .filter(|c| c.outcome == history::CallOutcome::Answered)
        .count();
    assert!(answered > 50, "{answered}");
    assert!(m
        .history
        .iter()
        .filter(|c| c.outcome == history::CallOutcome::Answered)
        .all(|c| c.agent.is_some_and(|a| m.users[a].is_agent)));
    // Records change no seeded sequence: ids come from a counter, not the RNG.
    let (mut a, mut b) = (builtin(9), builtin(9));
    assert_eq!(wire(&a.advance(600)), wire(&b.advance(600)));
}
