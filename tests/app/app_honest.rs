//! Every number is true, or says it is unknown or stale (issue 11, the console side):
//! activity unknown until an event says, time in state from the platform's own
//! timestamps or marked as a lower bound, totals of distinct agents, stale data marked
//! in words, and what this login may not see said so.

use crate::ui_support::{render, text};
use chrono::Duration;
use evtop::app::fixture::*;
use evtop::app::state::{Activity, Since, State};
use evtop::app::totals::totals;
use evtop::app::{update, Event};
use evtop::model::payloads as p;
use evtop::model::{EventKind, EventPayload};
use evtop::rte::{ConnectionState, SessionUpdate, SubscriptionKey};

fn t(secs: i64) -> chrono::DateTime<chrono::Utc> {
    fixed_now() + Duration::seconds(secs)
}

fn screen(s: &State, w: u16, h: u16) -> String {
    text(&render(s, w, h))
}

fn agent_line(s: &State, name: &str) -> String {
    screen(s, 120, 40)
        .lines()
        .find(|l| l.contains(name))
        .unwrap_or_default()
        .to_owned()
}

fn disconnected(user: &str, event_id: &str, secs: i64, call: &str) -> Event {
    rte(
        EventKind::UserCallInDisconnected,
        envelope(event_id, user, t(secs)),
        EventPayload::UserCallInDisconnected(p::UserCallInDisconnected {
            call_id: call.into(),
            user_id: user.into(),
            ..p::UserCallInDisconnected::default()
        }),
    )
}

#[test]
fn activity_is_unknown_until_an_event_says_and_never_shown_as_idle() {
    let mut s = loaded_state();
    assert_eq!(s.agents["u-aino"].activity(), Activity::Unknown);
    let line = agent_line(&s, "Aino Virtanen");
    assert!(line.contains('—') && !line.contains("idle"), "{line}");
    // A call connected to her: talking, without waiting for a UserStatus.
    update(&mut s, Event::Tick(t(0)));
    update(
        &mut s,
        call_connected("u-aino", "cc-1", t(-30), "call-1", "+358401"),
    );
    assert_eq!(s.agents["u-aino"].activity(), Activity::Talking);
    assert!(agent_line(&s, "Aino Virtanen").contains("talking 0:30"));
    // The call ends: idle, known.
    update(&mut s, disconnected("u-aino", "cd-1", -1, "call-1"));
    assert_eq!(s.agents["u-aino"].activity(), Activity::Idle);
    // UserStatus says the same for another agent.
    update(&mut s, user_status("u-eero", "us-1", t(-2), false, None));
    assert_eq!(s.agents["u-eero"].activity(), Activity::Idle);
    assert!(agent_line(&s, "Eero Korhonen").contains("idle"));
}

#[test]
fn time_in_state_is_from_the_platform_or_marked_as_a_lower_bound() {
    let mut snap = snapshot();
    // Aino's availability began 10:33 ago, says the platform (StartDate).
    let started = fixed_now() - Duration::seconds(633);
    for (id, a) in snap.availability.iter_mut() {
        a.timestamp = evtop::model::Stamp::Unset;
        a.start_date = if id == "u-aino" {
            evtop::model::Stamp::At(started)
        } else {
            evtop::model::Stamp::Unset
        };
    }
    let mut s = State::new(fixed_now());
    update(&mut s, Event::Snapshot(Box::new(snap)));
    update(
        &mut s,
        Event::Session(SessionUpdate::State(ConnectionState::Live)),
    );
    update(&mut s, Event::Tick(fixed_now() + Duration::seconds(60)));
    assert_eq!(
        s.agents["u-aino"].availability_since,
        Some(Since::Exact(started))
    );
    // What she does is not known: it may have changed a minute ago (the truth test met
    // an agent idle for 1 min shown as 3 h in state): at least as long as the console
    // has watched, not since the availability began.
    let aino = agent_line(&s, "Aino Virtanen");
    assert!(aino.contains("≥1:00") && !aino.contains("11:33"), "{aino}");
    // A status says she has talked for 20 minutes: the state (talking, Available)
    // began when the availability did — exact, from the platform's two timestamps.
    update(
        &mut s,
        rte(
            EventKind::UserStatus,
            envelope("us-a", "u-aino", t(60)),
            EventPayload::UserStatus(p::UserStatus {
                user_id: "u-aino".into(),
                talking: true,
                talking_status_changed: evtop::model::Stamp::At(t(-1200)),
                availability_status: "Available".into(),
                ..p::UserStatus::default()
            }),
        ),
    );
    let aino = agent_line(&s, "Aino Virtanen");
    assert!(aino.contains("11:33") && !aino.contains('≥'), "{aino}");
    assert!(aino.contains("talking 21:00"), "{aino}");
    // No timestamp for Eero: at least as long as the console has known.
    let eero = agent_line(&s, "Eero Korhonen");
    assert!(eero.contains("≥1:00"), "{eero}");
}

#[test]
fn a_wrap_up_at_start_shows_its_own_time_not_the_availabilitys() {
    // Helmi is Available since an hour and on wrap-up (WrapUpEnd ahead): REST does not
    // say when the wrap-up began, so its time in state is a lower bound from when the
    // console looked, not the hour of the availability.
    let mut snap = snapshot();
    let (_, helmi) = snap
        .availability
        .iter_mut()
        .find(|(id, _)| id == "u-helmi")
        .unwrap();
    helmi.start_date = evtop::model::Stamp::At(fixed_now() - Duration::hours(1));
    helmi.wrap_up_end = evtop::model::Stamp::At(fixed_now() + Duration::seconds(40));
    let mut s = State::new(fixed_now());
    update(&mut s, Event::Snapshot(Box::new(snap)));
    update(&mut s, Event::Tick(fixed_now() + Duration::seconds(5)));
    let a = &s.agents["u-helmi"];
    assert_eq!(a.activity(), Activity::WrapUp);
    let line = agent_line(&s, "Helmi");
    assert!(
        line.contains("wrap-up -0:35") && line.contains("≥0:05"),
        "{line}"
    );
    assert!(!line.contains("1:00:05"), "{line}");
    // The wrap-up's own event, when it comes, gives its start.
    update(
        &mut s,
        rte(
            EventKind::UserStatus,
            envelope("us-h", "u-helmi", t(6)),
            EventPayload::UserStatus(p::UserStatus {
                user_id: "u-helmi".into(),
                wrap_up_start: evtop::model::Stamp::At(t(-20)),
                wrap_up_end: evtop::model::Stamp::At(t(40)),
                availability_status: "Available".into(),
                ..p::UserStatus::default()
            }),
        ),
    );
    let line = agent_line(&s, "Helmi");
    assert!(line.contains("0:25") && !line.contains('≥'), "{line}");
}

#[test]
fn after_a_gap_activities_are_unknown_until_an_event_and_availabilities_until_the_reload() {
    let mut s = loaded_state();
    update(&mut s, Event::Tick(t(0)));
    update(
        &mut s,
        call_connected("u-aino", "cc-1", t(-30), "call-1", "+358401"),
    );
    assert_eq!(s.agents["u-aino"].activity(), Activity::Talking);
    // A reconnect: the call may have ended meanwhile, unseen.
    update(&mut s, Event::Session(SessionUpdate::Resynced));
    let aino = &s.agents["u-aino"];
    assert_eq!(aino.activity(), Activity::Unknown);
    assert!(s.calls.is_empty());
    let line = agent_line(&s, "Aino Virtanen");
    assert!(line.contains("Available?") && line.contains('—'), "{line}");
    // An event sent before the gap closed (held while subscribing) does not tell.
    update(
        &mut s,
        call_connected("u-aino", "cc-2", t(-1), "call-2", "+358402"),
    );
    assert_eq!(s.agents["u-aino"].activity(), Activity::Unknown);
    // The reload confirms the availability; the activity waits for its own event.
    update(&mut s, Event::Snapshot(Box::new(snapshot())));
    let line = agent_line(&s, "Aino Virtanen");
    assert!(!line.contains("Available?") && line.contains('—'), "{line}");
    update(&mut s, Event::Tick(t(10)));
    update(&mut s, disconnected("u-aino", "cd-2", 10, "call-2"));
    assert_eq!(s.agents["u-aino"].activity(), Activity::Idle);
}

#[test]
fn totals_count_each_agent_once_and_closed_queues_are_no_capacity() {
    let mut s = loaded_state();
    // Helmi and Aino serve Sales and Support (and more): on wrap-up they count once each.
    update(
        &mut s,
        wrap_up_started("u-helmi", "wu-1", fixed_now(), "w1", 60),
    );
    update(
        &mut s,
        wrap_up_started("u-aino", "wu-2", fixed_now(), "w2", 60),
    );
    let sum_per_queue: i64 = s
        .agents
        .keys()
        .map(|id| s.members.values().filter(|m| m.contains(id)).count() as i64)
        .filter(|n| *n > 1)
        .count() as i64;
    assert!(
        sum_per_queue > 2,
        "the fixture has agents in several queues"
    );
    assert_eq!(totals(&s).wrap_up.known, 2);
    // Every agent known idle and Available: free counts each once.
    for (i, id) in s
        .agents
        .keys()
        .cloned()
        .collect::<Vec<_>>()
        .iter()
        .enumerate()
    {
        update(
            &mut s,
            user_status(id, &format!("us-{i}"), fixed_now(), false, None),
        );
    }
    let free = totals(&s).free;
    assert_eq!(free.maybe, 0);
    let available_idle = s
        .agents
        .values()
        .filter(|a| {
            a.activity() == Activity::Idle
                && a.availability == Some(evtop::model::rest::Availability::Available)
        })
        .count();
    assert_eq!(free.known, available_idle);
    assert!(free.known <= s.agents.len());
    // An agent who serves only a closed queue (q-after, OpenStatus 3) is no capacity.
    let avail = |s: &State, id: &str| {
        s.agents[id].availability == Some(evtop::model::rest::Availability::Available)
    };
    let agent = s
        .agents
        .keys()
        .find(|id| avail(&s, id))
        .expect("an available agent")
        .clone();
    for (queue, members) in s.members.iter_mut() {
        if queue == "q-after" {
            members.insert(agent.clone());
        } else {
            members.remove(&agent);
        }
    }
    assert_eq!(totals(&s).free.known, available_idle - 1);
}

#[test]
fn unknown_activity_makes_free_a_lower_bound() {
    let mut s = loaded_state();
    // No agent's activity is known; the queues' own counts (2 free each, from REST)
    // say at least 2 distinct agents are free.
    let free = totals(&s).free;
    assert_eq!(free.known, 2);
    assert!(free.maybe > 0);
    assert_eq!(free.label(), "≥2");
    // Without them, nothing is known to be free: ≥0, never a guessed 0.
    for q in s.queues.values_mut() {
        q.free = 0;
    }
    assert_eq!(totals(&s).free.label(), "≥0");
}

#[test]
fn callers_waiting_tile_uses_per_queue_levels_and_names_the_queue() {
    let mut s = loaded_state();
    s.wall = true;
    // One caller in each of six queues: 6 in all, but no queue is even at warn (3).
    for (i, (q, _)) in QUEUES.iter().enumerate() {
        update(
            &mut s,
            queue_status(q, &format!("qs-{i}"), fixed_now(), 1, 5, 1),
        );
    }
    let tot = totals(&s);
    assert_eq!(tot.waiting, 6);
    assert_eq!(tot.waiting_level, evtop::app::state::Level::Ok);
    assert_eq!(tot.waiting_queue, None);
    // Seven in Support: alert, driven by Support.
    update(
        &mut s,
        queue_status("q-support", "qs-x", fixed_now(), 7, 5, 1),
    );
    let tot = totals(&s);
    assert_eq!(tot.waiting_level, evtop::app::state::Level::Alert);
    assert_eq!(tot.waiting_queue.as_deref(), Some("Customer Support"));
    let wall = screen(&s, 120, 40);
    assert!(wall.contains("in Customer Support"), "{wall}");
}

#[test]
fn stale_is_said_in_words_clocks_stop_and_it_goes_away_when_live() {
    let mut s = busy_state();
    s.wall = true;
    let now = s.now;
    let longest_before = totals(&s).longest_secs;
    update(&mut s, evtop::app::fixture::connection_lost(1, 1));
    // A blip of under 5 s is no banner.
    update(&mut s, Event::Tick(now + Duration::seconds(3)));
    assert!(!screen(&s, 120, 40).contains("STALE"));
    update(&mut s, Event::Tick(now + Duration::seconds(134)));
    let wall = screen(&s, 120, 40);
    let status = wall.lines().last().unwrap();
    assert!(status.contains("STALE since"), "{status}");
    assert!(status.contains("(2:14)"), "{status}");
    assert!(wall.lines().next().unwrap().contains("STALE"), "{wall}");
    // The longest wait did not count up on data nobody updates.
    assert_eq!(totals(&s).longest_secs, longest_before);
    // The data area is dimmed.
    let buf = render(&s, 120, 40);
    assert!(buf[(5, 10)]
        .modifier
        .contains(ratatui::style::Modifier::DIM));
    // Live again: the marks go away.
    update(
        &mut s,
        Event::Session(SessionUpdate::State(ConnectionState::Live)),
    );
    let wall = screen(&s, 120, 40);
    assert!(!wall.contains("STALE"), "{wall}");
    assert!(!render(&s, 120, 40)[(5, 10)]
        .modifier
        .contains(ratatui::style::Modifier::DIM));
}

#[test]
fn refused_subscriptions_are_counted_in_the_status_line_and_rows_say_no_access() {
    let mut s = loaded_state();
    // What the hub offers (the fixture's offers no queue call events).
    let asked = s
        .subscribed
        .iter()
        .filter(|k| !s.not_offered.contains(&k.event.name().to_ascii_lowercase()))
        .count();
    let key = SubscriptionKey::new("u-kaisa", EventKind::UserStatus);
    assert!(s.subscribed.contains(&key));
    update(
        &mut s,
        Event::Session(SessionUpdate::SubscriptionRejected {
            key,
            message: "not allowed".into(),
        }),
    );
    s.toasts.clear();
    let status = screen(&s, 120, 40).lines().last().unwrap().to_owned();
    assert!(
        status.contains(&format!("● live ({} of {asked} subscriptions)", asked - 1)),
        "{status}"
    );
    assert!(agent_line(&s, "Kaisa Laine").contains("no access"));
}

/// Events the hub does not offer were never subscribed: they are not counted as held
/// (a console whose every Subscribe failed said "live (120 of 531)" with 0 held).
#[test]
fn subscriptions_the_hub_does_not_offer_are_not_counted_as_held() {
    let mut s = loaded_state();
    let not_offered = s
        .subscribed
        .iter()
        .filter(|k| k.event == EventKind::UserCallInHoldStart)
        .count();
    assert!(not_offered > 0, "the fixture asks for hold events");
    update(
        &mut s,
        Event::Session(SessionUpdate::NotOffered {
            names: vec!["UserCallInHoldStart".into()],
            skipped: not_offered,
        }),
    );
    assert_eq!(s.partial_visibility(), None, "nothing refused: plain live");
    let held = s.subscribed.len() - not_offered;
    let key = SubscriptionKey::new("u-kaisa", EventKind::UserStatus);
    update(
        &mut s,
        Event::Session(SessionUpdate::SubscriptionRejected {
            key,
            message: "not allowed".into(),
        }),
    );
    assert_eq!(s.partial_visibility(), Some((held - 1, held)));
}

#[test]
fn snapshots_of_unknown_lower_bound_stale_and_partial_states() {
    let mut s = loaded_state();
    s.toasts.clear();
    insta::assert_snapshot!("honest_unknown_and_lower_bound_120x40", screen(&s, 120, 40));
    update(
        &mut s,
        Event::Session(SessionUpdate::SubscriptionRejected {
            key: SubscriptionKey::new("u-kaisa", EventKind::UserStatus),
            message: "not allowed".into(),
        }),
    );
    s.toasts.clear();
    insta::assert_snapshot!("honest_partial_visibility_120x40", screen(&s, 120, 40));
    let mut w = busy_state();
    w.wall = true;
    let now = w.now;
    update(&mut w, evtop::app::fixture::connection_lost(2, 4));
    update(&mut w, Event::Tick(now + Duration::seconds(75)));
    insta::assert_snapshot!("honest_stale_wall_120x40", screen(&w, 120, 40));
    insta::assert_snapshot!("honest_stale_wall_80x24", screen(&w, 80, 24));
}

#[test]
fn snapshots_of_a_stale_console_and_of_the_moment_after_a_gap() {
    // The console (not the wall) 75 s after the connection was lost: STALE on the
    // status line, data dimmed, clocks stopped.
    let mut s = busy_state();
    let now = s.now;
    update(&mut s, evtop::app::fixture::connection_lost(2, 4));
    update(&mut s, Event::Tick(now + Duration::seconds(75)));
    let status = screen(&s, 80, 24).lines().last().unwrap().to_owned();
    assert!(status.contains("STALE since"), "{status}");
    insta::assert_snapshot!("honest_stale_console_80x24", screen(&s, 80, 24));
    // Live again after the gap, the reload not in yet: activities unknown ('—'),
    // availabilities as of before ('Available?'), the queues' REST-only counters '?'
    // once it is; one agent's phone rings meanwhile.
    update(
        &mut s,
        Event::Session(SessionUpdate::State(ConnectionState::Live)),
    );
    update(&mut s, Event::Session(SessionUpdate::Resynced));
    let at = now + Duration::seconds(75);
    update(
        &mut s,
        rte(
            EventKind::UserCallInUserAllocated,
            envelope("ua-1", "u-pekka", at),
            EventPayload::UserCallInUserAllocated(p::UserCallInUserAllocated {
                call_id: "call-9".into(),
                user_id: "u-pekka".into(),
                caller_number: "+358409".into(),
                ..p::UserCallInUserAllocated::default()
            }),
        ),
    );
    update(&mut s, Event::Tick(at + Duration::seconds(3)));
    let pekka = agent_line(&s, "Pekka Salminen");
    assert!(pekka.contains("ringing 0:03"), "{pekka}");
    assert!(agent_line(&s, "Aino Virtanen").contains("Available?"));
    s.toasts.clear();
    insta::assert_snapshot!("honest_after_a_gap_120x40", screen(&s, 120, 40));
}

#[test]
fn a_call_begun_before_the_console_saw_it_is_live_while_its_phrases_come() {
    use crate::actions_support::phrase;
    use evtop::app::panes::transcript::shown;
    let mut s = loaded_state();
    s.view.selected_agent = Some("u-aino".into());
    update(&mut s, Event::Tick(t(0)));
    // Aino talks since before the console started: no call connected was seen, but her
    // phrases arrive. Not "call ended".
    update(
        &mut s,
        phrase("u-aino", "call-7", "p1", t(0), 1, "Hei", 1_000, false, 0.9),
    );
    assert_eq!(shown(&s).map(|(_, live)| live), Some(true));
    // Silence: no longer said to be going on.
    update(&mut s, Event::Tick(t(20)));
    assert_eq!(shown(&s).map(|(_, live)| live), Some(false));
    // Phrases again; then the end is seen.
    update(&mut s, Event::Tick(t(21)));
    update(
        &mut s,
        phrase("u-aino", "call-7", "p2", t(21), 2, "Moi", 2_000, false, 0.9),
    );
    assert_eq!(shown(&s).map(|(_, live)| live), Some(true));
    update(&mut s, disconnected("u-aino", "cd-7", 21, "call-7"));
    assert_eq!(shown(&s).map(|(_, live)| live), Some(false));
}
