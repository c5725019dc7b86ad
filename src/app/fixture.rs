//! Sample states built through the real `update()`: for snapshot tests, benchmarks and
//! docs. Everything is deterministic (fixed clock, fixed ids).

use super::event::{Event, ReadMarks, Snapshot};
use super::state::State;
use super::update::update;
use crate::model::payloads as p;
use crate::model::rest::{CurrentAvailability, Queue, QueueStatusBlock, User};
use crate::model::{Envelope, EventKind, EventPayload, RteEvent, Stamp};
use crate::rte::{ConnectionState, SessionUpdate};
use chrono::{DateTime, Duration, TimeZone, Utc};

/// The fixed "now" of the sample states: 2026-03-02 10:15:00 UTC.
pub fn fixed_now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 3, 2, 10, 15, 0)
        .single()
        .unwrap_or_default()
}

pub const QUEUES: [(&str, &str); 6] = [
    ("q-sales", "Sales"),
    ("q-support", "Customer Support"),
    ("q-billing", "Billing"),
    ("q-vip", "VIP Line"),
    ("q-tech", "Technical Helpdesk"),
    ("q-after", "After Hours"),
];

pub const AGENTS: [(&str, &str, &str); 10] = [
    ("u-aino", "Aino", "Virtanen"),
    ("u-eero", "Eero", "Korhonen"),
    ("u-helmi", "Helmi", "Mäkinen"),
    ("u-juha", "Juha", "Nieminen"),
    ("u-kaisa", "Kaisa", "Laine"),
    ("u-lauri", "Lauri", "Heikkinen"),
    ("u-mervi", "Mervi", "Koskinen"),
    ("u-niko", "Niko", "Järvinen"),
    ("u-oona", "Oona", "Lehtonen"),
    ("u-pekka", "Pekka", "Salminen"),
];

/// The supervisor the sample states are logged in as.
pub fn supervisor() -> User {
    User {
        id: "u-super".into(),
        organization_id: "org-1".into(),
        first_name: "Sam".into(),
        last_name: "Supervisor".into(),
        email: "sam@example.com".into(),
        title: "Supervisor".into(),
        ..User::default()
    }
}

/// An envelope for an event on `entity` at `at`, with a unique id.
pub fn envelope(id: &str, entity: &str, at: DateTime<Utc>) -> Envelope {
    Envelope {
        root_entity_type: "Organization".into(),
        root_entity_id: "org-1".into(),
        entity_id: entity.into(),
        id: id.into(),
        timestamp: Stamp::At(at),
        message_ttl_seconds: 60,
        organization_id: "org-1".into(),
        ..Envelope::default()
    }
}

/// Wraps a payload as a session update.
pub fn rte(kind: EventKind, env: Envelope, payload: EventPayload) -> Event {
    Event::Session(SessionUpdate::Events(vec![RteEvent::new(
        kind, env, payload,
    )]))
}

/// A QueueStatus event.
pub fn queue_status(
    id: &str,
    event_id: &str,
    at: DateTime<Utc>,
    waiting: i64,
    max_wait: i64,
    free: i64,
) -> Event {
    let name = QUEUES
        .iter()
        .find(|(q, _)| *q == id)
        .map(|(_, n)| *n)
        .unwrap_or(id);
    rte(
        EventKind::QueueStatus,
        envelope(event_id, id, at),
        EventPayload::QueueStatus(p::QueueStatus {
            queue_id: id.into(),
            queue_name: name.into(),
            nbr_of_providers: 5,
            nbr_of_requesters: waiting + 2,
            nbr_of_serving_agents_estimate: 4,
            nbr_of_allocated: 1,
            nbr_of_connected: 2,
            nbr_of_queuing_requesters: waiting,
            nbr_of_not_served_requesters: waiting,
            nbr_of_agents_long_term_away: 1,
            nbr_of_agents_short_term_away: 2,
            nbr_of_agents_immediately_free: free,
            nbr_of_agents_checked_in_queue: 5,
            nbr_of_agents_on_wrap_up: 1,
            nbr_of_agents_on_fetch_mode: 0,
            max_wait_time: max_wait,
            open_status: 5,
        }),
    )
}

/// A UserStatus event.
pub fn user_status(
    user: &str,
    event_id: &str,
    at: DateTime<Utc>,
    talking: bool,
    queue: Option<&str>,
) -> Event {
    rte(
        EventKind::UserStatus,
        envelope(event_id, user, at),
        EventPayload::UserStatus(p::UserStatus {
            user_id: user.into(),
            can_be_allocated_to: !talking,
            talking,
            active_queue_id: queue.map(str::to_owned),
            available: true,
            schedule: true,
            serving: true,
            service_terminals: 1,
            active_queues: 2,
            ..p::UserStatus::default()
        }),
    )
}

/// The session lost its connection (reason "closed") and retries: attempt `attempt`,
/// the next in `retry_in_secs`.
pub fn connection_lost(attempt: u32, retry_in_secs: u64) -> Event {
    Event::Session(crate::rte::SessionUpdate::State(
        crate::rte::ConnectionState::Reconnecting {
            attempt,
            reason: "closed".into(),
            retry_in: std::time::Duration::from_secs(retry_in_secs),
        },
    ))
}

/// A UserAvailability event.
pub fn user_availability(
    user: &str,
    event_id: &str,
    at: DateTime<Utc>,
    availability: &str,
    note: &str,
) -> Event {
    rte(
        EventKind::UserAvailability,
        envelope(event_id, user, at),
        EventPayload::UserAvailability(p::UserAvailability {
            user_id: user.into(),
            availability: availability.into(),
            note: note.into(),
            start_time: Stamp::At(at),
            ..p::UserAvailability::default()
        }),
    )
}

/// A UserWrapUpStarted event.
pub fn wrap_up_started(
    user: &str,
    event_id: &str,
    at: DateTime<Utc>,
    wrap_up_id: &str,
    secs: i64,
) -> Event {
    rte(
        EventKind::UserWrapUpStarted,
        envelope(event_id, user, at),
        EventPayload::UserWrapUpStarted(p::UserWrapUpStarted {
            user_id: user.into(),
            wrap_up_id: wrap_up_id.into(),
            max_wrap_up_duration_sec: secs,
            wrap_up_type: "Queue".into(),
            ..p::UserWrapUpStarted::default()
        }),
    )
}

/// A UserWrapUpTerminated event.
pub fn wrap_up_terminated(
    user: &str,
    event_id: &str,
    at: DateTime<Utc>,
    wrap_up_id: &str,
) -> Event {
    rte(
        EventKind::UserWrapUpTerminated,
        envelope(event_id, user, at),
        EventPayload::UserWrapUpTerminated(p::UserWrapUpTerminated {
            user_id: user.into(),
            wrap_up_id: wrap_up_id.into(),
            reason: "manual".into(),
            ..p::UserWrapUpTerminated::default()
        }),
    )
}

/// A UserCallInUserConnected event.
pub fn call_connected(
    user: &str,
    event_id: &str,
    at: DateTime<Utc>,
    call_id: &str,
    caller: &str,
) -> Event {
    rte(
        EventKind::UserCallInUserConnected,
        envelope(event_id, user, at),
        EventPayload::UserCallInUserConnected(p::UserCallInUserConnected {
            call_id: call_id.into(),
            user_id: user.into(),
            caller_number: caller.into(),
            ..p::UserCallInUserConnected::default()
        }),
    )
}

/// The REST snapshot of the sample organization (all agents in Sales and Support, the
/// rest split over the other queues).
pub fn snapshot() -> Snapshot {
    let users: Vec<User> = std::iter::once(supervisor())
        .chain(AGENTS.iter().map(|(id, first, last)| User {
            id: (*id).into(),
            organization_id: "org-1".into(),
            first_name: (*first).into(),
            last_name: (*last).into(),
            email: format!("{}@example.com", first.to_lowercase()),
            title: "Agent".into(),
            ..User::default()
        }))
        .collect();
    let queues: Vec<Queue> = QUEUES
        .iter()
        .enumerate()
        .map(|(i, (id, name))| Queue {
            id: (*id).into(),
            name: (*name).into(),
            numbers: vec![format!("+35810555{i:04}")],
            type_id: 1,
            status: Some(QueueStatusBlock {
                open_status: if *id == "q-after" { 3 } else { 5 },
                max_wait_time: 0,
                queue_length: 0,
                ongoing_calls: 0,
                agents_on_wrap_up: 0,
                free_agents: 2,
                serving_agents: 3,
            }),
        })
        .collect();
    let queue_users: Vec<(String, Vec<String>)> = QUEUES
        .iter()
        .enumerate()
        .map(|(qi, (qid, _))| {
            let members = AGENTS
                .iter()
                .enumerate()
                .filter(|(ai, _)| qi < 2 || ai % 4 == qi % 4)
                .map(|(_, (uid, _, _))| (*uid).to_owned())
                .collect();
            ((*qid).to_owned(), members)
        })
        .collect();
    // The first queue's attachments say who is checked in: all but its last member.
    let checked_in = queue_users
        .iter()
        .take(1)
        .map(|(qid, members): &(String, Vec<String>)| {
            let last = members.len().saturating_sub(1);
            let flags = members
                .iter()
                .enumerate()
                .map(|(i, m)| (m.clone(), i != last))
                .collect();
            (qid.clone(), flags)
        })
        .collect();
    let availability = AGENTS
        .iter()
        .map(|(uid, _, _)| {
            (
                (*uid).to_owned(),
                CurrentAvailability {
                    event_type_id: 1,
                    ..CurrentAvailability::default()
                },
            )
        })
        .collect();
    Snapshot {
        me: supervisor(),
        silo: "sim-1".into(),
        users,
        queues,
        queue_users,
        checked_in,
        my_queues: None,
        availability,
        callback_lists: Vec::new(),
        callback_requests: Vec::new(),
        read: ReadMarks::LATEST,
    }
}

/// A fresh state at [`fixed_now`] with the sample snapshot applied and the session live.
pub fn loaded_state() -> State {
    let mut s = State::new(fixed_now() - Duration::minutes(10));
    update(&mut s, Event::Snapshot(Box::new(snapshot())));
    // The documented platform: no queue call events (see `queue_call_events_offered`).
    update(
        &mut s,
        Event::Session(SessionUpdate::NotOffered {
            names: crate::app::subscriptions::QUEUE_CALL_EVENTS
                .iter()
                .map(|k| k.name().to_owned())
                .collect(),
            skipped: 0,
        }),
    );
    update(
        &mut s,
        Event::Session(SessionUpdate::State(ConnectionState::Live)),
    );
    s
}

/// A busy contact center: callers waiting (one queue on alert, one on warn), agents
/// talking, on wrap-up, away; ten minutes of sparkline history.
pub fn busy_state() -> State {
    let mut s = loaded_state();
    let start = s.now;
    let waits = [0i64, 1, 2, 4, 3, 5, 7, 6, 8, 7];
    for (minute, w) in waits.iter().enumerate() {
        for step in 0..6 {
            let t = start + Duration::seconds(minute as i64 * 60 + step * 10);
            update(&mut s, Event::Tick(t));
            let n = minute * 6 + step as usize;
            update(
                &mut s,
                queue_status("q-support", &format!("qs-sup-{n}"), t, *w, w * 20, 1),
            );
            update(
                &mut s,
                queue_status(
                    "q-sales",
                    &format!("qs-sal-{n}"),
                    t,
                    (w / 2).min(3),
                    w * 8,
                    2,
                ),
            );
        }
    }
    let now = fixed_now();
    let at = |secs_ago: i64| now - Duration::seconds(secs_ago);
    let events = vec![
        queue_status("q-billing", "qs-bil", at(30), 1, 12, 3),
        queue_status("q-vip", "qs-vip", at(5), 0, 0, 2),
        queue_status("q-tech", "qs-tech", at(50), 3, 70, 0),
        user_status("u-aino", "us-aino", at(312), true, Some("q-support")),
        call_connected("u-aino", "cc-aino", at(310), "call-1", "+358401234567"),
        user_status("u-eero", "us-eero", at(95), true, Some("q-sales")),
        call_connected("u-eero", "cc-eero", at(94), "call-2", "+358501112223"),
        wrap_up_started("u-helmi", "wu-helmi", at(18), "wrap-1", 60),
        user_availability("u-juha", "av-juha", at(1800), "DoNotDisturb", "Training"),
        user_availability("u-kaisa", "av-kaisa", at(240), "BRB", "Coffee"),
        user_availability("u-lauri", "av-lauri", at(7200), "OffWork", ""),
        user_status("u-mervi", "us-mervi", at(44), true, Some("q-tech")),
        user_availability("u-niko", "av-niko", at(600), "Busy", "Meeting"),
        wrap_up_started("u-oona", "wu-oona", at(100), "wrap-2", 120),
    ];
    update(&mut s, Event::Tick(now - Duration::seconds(2)));
    for e in events {
        update(&mut s, e);
    }
    update(&mut s, Event::Tick(now));
    let start = s.today.day_start;
    update(
        &mut s,
        Event::CallRecords {
            start,
            result: Ok(call_records(start)),
        },
    );
    s.toasts.clear();
    s.dirty = true;
    s
}

/// The sample day's queue call records (`/servicecall`) from 08:00 on: per queue some
/// answered (waits spread 0–25 s, talks 1–6 min), abandoned and overflowed; After Hours
/// has none.
pub fn call_records(day_start: DateTime<Utc>) -> Vec<crate::model::rest::ServiceCall> {
    use crate::model::rest::ServiceCall;
    const PER_QUEUE: [(usize, usize, usize); 6] = [
        (42, 3, 0),
        (57, 9, 2),
        (12, 0, 0),
        (8, 1, 0),
        (23, 4, 0),
        (0, 0, 0),
    ];
    let mut out = Vec::new();
    let mut n = 0i64;
    for ((qid, name), (answered, abandoned, overflowed)) in QUEUES.iter().zip(PER_QUEUE) {
        let outcomes = std::iter::repeat_n("Answered", answered)
            .chain(std::iter::repeat_n("Abandoned", abandoned))
            .chain(std::iter::repeat_n("Overflow", overflowed));
        for result in outcomes {
            n += 1;
            let arrived = day_start + Duration::hours(8) + Duration::seconds(n * 37);
            let wait = if result == "Overflow" {
                0
            } else {
                (n * 5) % 26
            };
            let answered = result == "Answered";
            let talk = 60 + (n * 13) % 300;
            out.push(ServiceCall {
                id: format!("sc-{n}"),
                queue_id: (*qid).into(),
                queue_name: (*name).into(),
                answer_queue_id: answered.then(|| (*qid).to_owned()),
                answer_user_id: None,
                caller_number: format!("+35840{n:07}"),
                arrival_time: Stamp::At(arrived),
                answer_time: if answered {
                    Stamp::At(arrived + Duration::seconds(wait))
                } else {
                    Stamp::Unset
                },
                end_time: Stamp::At(
                    arrived + Duration::seconds(wait + if answered { talk } else { 0 }),
                ),
                wait_time: wait,
                duration: if answered { talk } else { 0 },
                result: result.into(),
            });
        }
    }
    out
}

/// A large tenant for benchmarks: `queues` queues and `agents` agents (each in two
/// queues), every queue with callers and a day of call records (100 calls each), a third
/// of the agents talking; live, at [`fixed_now`].
pub fn large_state(queues: usize, agents: usize) -> State {
    use crate::model::rest::ServiceCall;
    let now = fixed_now();
    let mut s = State::new(now - Duration::minutes(10));
    let queues = queues.max(1);
    let qid = |i: usize| format!("q-{i:03}");
    let users: Vec<User> = std::iter::once(supervisor())
        .chain((0..agents).map(|i| User {
            id: format!("u-{i:04}"),
            organization_id: "org-1".into(),
            first_name: AGENTS[i % AGENTS.len()].1.into(),
            last_name: format!("{} {i}", AGENTS[(i / AGENTS.len()) % AGENTS.len()].2),
            email: format!("agent{i}@example.com"),
            title: "Agent".into(),
            ..User::default()
        }))
        .collect();
    let snap = Snapshot {
        me: supervisor(),
        silo: "sim-1".into(),
        users,
        queues: (0..queues)
            .map(|i| Queue {
                id: qid(i),
                name: format!("{} {i}", QUEUES[i % QUEUES.len()].1),
                numbers: vec![format!("+35810555{i:04}")],
                type_id: 1,
                status: None,
            })
            .collect(),
        queue_users: (0..queues)
            .map(|q| {
                let members = (0..agents)
                    .filter(|a| a % queues == q || (a * 7) % queues == q)
                    .map(|a| format!("u-{a:04}"))
                    .collect();
                (qid(q), members)
            })
            .collect(),
        checked_in: Vec::new(),
        my_queues: None,
        availability: (0..agents)
            .map(|a| {
                (
                    format!("u-{a:04}"),
                    CurrentAvailability {
                        event_type_id: 1,
                        ..CurrentAvailability::default()
                    },
                )
            })
            .collect(),
        callback_lists: Vec::new(),
        callback_requests: Vec::new(),
        read: ReadMarks::LATEST,
    };
    update(&mut s, Event::Snapshot(Box::new(snap)));
    update(
        &mut s,
        Event::Session(SessionUpdate::State(ConnectionState::Live)),
    );
    update(&mut s, Event::Tick(now - Duration::seconds(5)));
    for q in 0..queues {
        let w = (q % 9) as i64;
        update(
            &mut s,
            queue_status(
                &qid(q),
                &format!("qs-{q}"),
                now - Duration::seconds(5),
                w,
                w * 20,
                1,
            ),
        );
    }
    for a in (0..agents).step_by(3) {
        let u = format!("u-{a:04}");
        let q = qid(a % queues);
        update(
            &mut s,
            call_connected(
                &u,
                &format!("cc-{a}"),
                now - Duration::seconds(4),
                &format!("call-{a}"),
                "+358401234567",
            ),
        );
        update(
            &mut s,
            user_status(
                &u,
                &format!("us-{a}"),
                now - Duration::seconds(4),
                true,
                Some(&q),
            ),
        );
    }
    update(&mut s, Event::Tick(now));
    let start = s.today.day_start;
    let records: Vec<ServiceCall> = (0..queues * 100)
        .map(|n| {
            let arrived = start + Duration::hours(8) + Duration::seconds(n as i64 * 7);
            let wait = (n as i64 * 5) % 40;
            let answered = n % 10 != 0;
            ServiceCall {
                id: format!("sc-{n}"),
                queue_id: qid(n % queues),
                arrival_time: Stamp::At(arrived),
                answer_time: if answered {
                    Stamp::At(arrived + Duration::seconds(wait))
                } else {
                    Stamp::Unset
                },
                end_time: Stamp::At(arrived + Duration::seconds(wait + 120)),
                wait_time: wait,
                duration: if answered { 120 } else { 0 },
                result: if answered { "Answered" } else { "Abandoned" }.into(),
                ..ServiceCall::default()
            }
        })
        .collect();
    update(
        &mut s,
        Event::CallRecords {
            start,
            result: Ok(records),
        },
    );
    s.toasts.clear();
    s.dirty = true;
    s
}

/// An organization with no queues and no agents.
pub fn empty_state() -> State {
    let mut s = State::new(fixed_now());
    let snap = Snapshot {
        me: supervisor(),
        silo: "sim-1".into(),
        ..Snapshot::default()
    };
    update(&mut s, Event::Snapshot(Box::new(snap)));
    update(
        &mut s,
        Event::Session(SessionUpdate::State(ConnectionState::Live)),
    );
    s
}
