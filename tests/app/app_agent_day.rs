//! Each agent's day (answers, talk, wrap-up, handle time, time per availability), the
//! members of a queue with who is checked in, and the built-in queue set "mine".

use crate::actions_support::{code, key, type_text};
use chrono::{DateTime, Duration, Utc};
use crossterm::event::KeyCode;
use evtop::app::event::RecordsFailure;
use evtop::app::fixture::{self, call_connected, loaded_state, rte, user_availability};
use evtop::app::state::{Mode, Pane, State};
use evtop::app::{update, Event};
use evtop::model::payloads as p;
use evtop::model::rest::ServiceCall;
use evtop::model::time::Stamp;
use evtop::model::{EventKind, EventPayload};
use evtop::rte::{ConnectionState, SessionUpdate};

fn screen(s: &State, w: u16, h: u16) -> String {
    crate::ui_support::text(&crate::ui_support::render(s, w, h))
}

/// The line of the screen that holds `what` (empty when none does).
fn line_with(screen: &str, what: &str) -> String {
    screen
        .lines()
        .find(|l| l.contains(what))
        .unwrap_or_default()
        .to_owned()
}

/// An answered queue call of the records, by `user`, talked `talk` seconds.
fn answered(id: &str, user: &str, arrived: DateTime<Utc>, talk: i64) -> ServiceCall {
    ServiceCall {
        id: id.into(),
        queue_id: "q-sales".into(),
        queue_name: "Sales".into(),
        answer_queue_id: Some("q-sales".into()),
        answer_user_id: Some(user.into()),
        arrival_time: Stamp::At(arrived),
        answer_time: Stamp::At(arrived + Duration::seconds(5)),
        end_time: Stamp::At(arrived + Duration::seconds(5 + talk)),
        wait_time: 5,
        duration: talk,
        result: "Answered".into(),
        ..ServiceCall::default()
    }
}

fn wrap_up_ended(user: &str, id: &str, at: DateTime<Utc>, elapsed: i64) -> Event {
    rte(
        EventKind::UserWrapUpTerminated,
        fixture::envelope(id, user, at),
        EventPayload::UserWrapUpTerminated(p::UserWrapUpTerminated {
            user_id: user.into(),
            wrap_up_id: format!("w-{id}"),
            elapsed_time_sec: elapsed,
            ..p::UserWrapUpTerminated::default()
        }),
    )
}

fn records(s: &mut State, result: Result<Vec<ServiceCall>, RecordsFailure>) {
    let start = s.today.day_start;
    update(s, Event::CallRecords { start, result });
}

fn open_details_of(s: &mut State, agent: &str) {
    s.view.focus = Pane::Agents;
    s.view.selected_agent = Some(agent.into());
    s.view.mode = Mode::AgentDetails;
}

/// The details add up the records' answers by the agent (not another agent's, not
/// yesterday's), the answers events told of since, the wrap-ups' elapsed times and the
/// time spent per availability; the agents pane's ANS column says the same count.
#[test]
fn agent_details_give_the_day_from_the_records_and_the_events() {
    let mut s = loaded_state();
    let start = s.today.day_start;
    let eight = start + Duration::hours(8);
    records(
        &mut s,
        Ok(vec![
            answered("c-1", "u-aino", eight, 60),
            answered("c-2", "u-aino", eight + Duration::minutes(5), 120),
            answered("c-3", "u-aino", eight + Duration::minutes(9), 180),
            answered("c-4", "u-eero", eight, 300),
            // Yesterday's call is not today's.
            answered("c-0", "u-aino", start - Duration::hours(2), 600),
        ]),
    );
    let now = s.now;
    update(
        &mut s,
        call_connected("u-aino", "cc-live", now, "c-live", "+358401"),
    );
    update(&mut s, wrap_up_ended("u-aino", "wt-1", now, 20));
    update(&mut s, wrap_up_ended("u-aino", "wt-2", now, 40));
    update(
        &mut s,
        user_availability("u-aino", "av-1", now, "BRB", "Coffee"),
    );
    update(&mut s, Event::Tick(now + Duration::minutes(10)));
    update(
        &mut s,
        user_availability(
            "u-aino",
            "av-2",
            now + Duration::minutes(10),
            "Available",
            "",
        ),
    );
    update(&mut s, Event::Tick(now + Duration::minutes(12)));

    let agents = screen(&s, 120, 40);
    let header = line_with(&agents, "IN STATE");
    let aino = line_with(&agents, "Aino Virtanen");
    let col = header.find("ANS").expect("an ANS column");
    assert_eq!(
        aino.chars()
            .skip(header[..col].chars().count())
            .take(4)
            .collect::<String>()
            .trim(),
        "4",
        "3 answers of the records and 1 told live:\n{header}\n{aino}"
    );

    open_details_of(&mut s, "u-aino");
    let t = screen(&s, 100, 34);
    assert!(
        line_with(&t, "Answered").contains("Answered     4 today"),
        "{t}"
    );
    assert!(
        line_with(&t, "Talk time")
            .contains("6:00 in 3 calls (avg 2:00), 1 more not in the records yet"),
        "{t}"
    );
    assert!(
        line_with(&t, "Wrap-up").contains("1:00 in 2 wrap-ups (avg 0:30), since 10:05"),
        "{t}"
    );
    assert!(
        line_with(&t, "Handle time").contains("2:30 (avg talk + avg wrap-up)"),
        "{t}"
    );
    assert!(
        line_with(&t, "Time in").contains("BRB 10:00 · Available"),
        "{t}"
    );

    open_details_of(&mut s, "u-eero");
    let t = screen(&s, 100, 34);
    assert!(line_with(&t, "Answered").contains("1 today"), "{t}");
    assert!(
        line_with(&t, "Wrap-up").contains("none seen since 10:05"),
        "{t}"
    );
}

/// A tenant that refuses the call records: the answers are the ones events told of,
/// counted since the console started, and said so.
#[test]
fn without_call_records_the_answers_count_since_the_start() {
    let mut s = loaded_state();
    records(
        &mut s,
        Err(RecordsFailure {
            message: "403".into(),
            refused: true,
        }),
    );
    let now = s.now;
    update(
        &mut s,
        call_connected("u-aino", "cc-1", now, "c-1", "+358401"),
    );
    update(
        &mut s,
        call_connected("u-aino", "cc-2", now, "c-2", "+358402"),
    );
    // The same call told twice is one answer.
    update(
        &mut s,
        call_connected("u-aino", "cc-3", now, "C-2", "+358402"),
    );
    open_details_of(&mut s, "u-aino");
    let t = screen(&s, 100, 34);
    assert!(
        line_with(&t, "Answered").contains("2 since 10:05 (agent events)"),
        "{t}"
    );
    assert!(line_with(&t, "Talk time").contains("not known yet"), "{t}");

    // A gap in the live events: answers in it were missed, the count is a lower bound.
    update(&mut s, evtop::app::fixture::connection_lost(1, 1));
    update(&mut s, Event::Tick(now + Duration::minutes(2)));
    update(
        &mut s,
        Event::Session(SessionUpdate::State(ConnectionState::Live)),
    );
    update(&mut s, Event::Session(SessionUpdate::Resynced));
    let t = screen(&s, 100, 34);
    assert!(
        line_with(&t, "Answered").contains("≥2 since 10:05; events missed at 10:07 (agent events)"),
        "{t}"
    );
}

/// At local midnight the day starts again: yesterday's answers and wrap-ups go, and
/// the availability the agent is in counts from midnight, labelled "today".
#[test]
fn at_midnight_each_agent_day_starts_from_zero() {
    let mut s = loaded_state();
    let start = s.today.day_start;
    records(
        &mut s,
        Ok(vec![answered(
            "c-1",
            "u-aino",
            start + Duration::hours(8),
            60,
        )]),
    );
    let now = s.now;
    update(&mut s, wrap_up_ended("u-aino", "wt-1", now, 20));
    let midnight = start + Duration::days(1);
    update(&mut s, Event::Tick(midnight + Duration::seconds(1)));
    update(&mut s, Event::Tick(midnight + Duration::minutes(30)));
    open_details_of(&mut s, "u-aino");
    let t = screen(&s, 100, 34);
    assert!(
        line_with(&t, "Answered").contains("Answered     0 "),
        "yesterday's answer is gone: {t}"
    );
    assert!(line_with(&t, "Wrap-up").contains("none seen today"), "{t}");
    assert!(
        line_with(&t, "Time in").contains("Available 30:00 (today)"),
        "{t}"
    );
}

/// Enter on a queue lists its members, each marked checked in or out as the last read
/// of the members said, with the count and the read's time in the title.
#[test]
fn a_queue_lists_its_members_checked_in_or_out() {
    let mut s = loaded_state();
    let members = s.members["q-sales"].clone();
    assert!(members.len() >= 3, "{members:?}");
    s.view.focus = Pane::Queues;
    s.view.selected_queue = Some("q-sales".into());
    update(&mut s, code(KeyCode::Enter));
    assert_eq!(s.view.agent_queue.as_deref(), Some("q-sales"));
    let t = screen(&s, 120, 40);
    let n = members.len();
    assert!(
        t.contains(&format!(
            "Agents of Sales ({n}) · {} of {n} checked in (read 10:05)",
            n - 1
        )),
        "{t}"
    );
    let header = line_with(&t, "IN STATE");
    let col = header.find("IN Q").expect("an IN Q column");
    let flag_of = |name: &str| -> String {
        let row = line_with(&t, name);
        row.chars()
            .skip(header[..col].chars().count())
            .take(4)
            .collect::<String>()
            .trim()
            .to_owned()
    };
    // The fixture's last Sales member is checked out; the others are in.
    let names: Vec<String> = members.iter().map(|id| s.agents[id].name.clone()).collect();
    let last = names.last().unwrap().clone();
    for name in &names {
        let want = if *name == last { "out" } else { "in" };
        assert_eq!(flag_of(name), want, "{name}:\n{t}");
    }
    // Not drilled in: no IN Q column.
    update(&mut s, code(KeyCode::Esc));
    assert!(!screen(&s, 120, 40).contains("IN Q"));
}

/// `:view mine` shows the queues the signed-in user serves, once the tenant has said;
/// before that the title says every queue is shown and why.
#[test]
fn the_built_in_view_mine_shows_my_queues() {
    use evtop::app::panes::queues::visible;
    let mut s = loaded_state();
    update(&mut s, key(':'));
    type_text(&mut s, "view mine");
    update(&mut s, code(KeyCode::Enter));
    assert_eq!(s.view.queue_set.as_deref(), Some("mine"));
    assert_eq!(visible(&s).len(), s.queues.len());
    assert!(
        screen(&s, 120, 40).contains("view: mine (not known yet: every queue)"),
        "unknown is said"
    );

    let mut snap = fixture::snapshot();
    snap.my_queues = Some(vec!["q-billing".into(), "q-vip".into()]);
    update(&mut s, Event::Snapshot(Box::new(snap)));
    let names: Vec<&str> = visible(&s).iter().map(|q| q.name.as_str()).collect();
    assert_eq!(names, ["Billing", "VIP Line"]);
    assert!(screen(&s, 120, 40).contains("Queues (2) · view: mine"));

    // A config file's own [views.mine] wins.
    s.views.insert("mine".into(), vec!["Sales".into()]);
    let names: Vec<&str> = visible(&s).iter().map(|q| q.name.as_str()).collect();
    assert_eq!(names, ["Sales"]);
}
