//! Every string the server sends passes through the sanitizer before it reaches the
//! screen. Each seed-004 event example is sent with every text field replaced by a
//! hostile string (escape sequences, C0/C1 controls, bidi override), plus a hostile REST
//! snapshot; every pane, the wall layout and the toasts are drawn, and no cell may hold a
//! control character or a bidi override.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use evtop::app::fixture::{busy_state, fixed_now};
use evtop::app::state::State;
use evtop::app::{update, Event};
use evtop::model::events::RteEvent;
use evtop::rte::{ConnectionState, SessionUpdate};
use evtop::ui::{self, Theme};
use ratatui::backend::TestBackend;
use ratatui::Terminal;
use serde_json::Value;

/// Clears the screen, sets the window title, rings the bell, moves the cursor, reorders
/// text, hides marks (RLM, line separator, BOM), opens a C1 OSC that is never closed (it
/// must not eat the text after it) — and carries a marker that must survive.
const EVIL: &str =
    "\u{1b}[2J\u{1b}]0;pwned\u{7}\u{202e}Mallory\u{9d}\u{200f}\u{2028}\u{feff}\r\n\u{8}\u{1b}[1;1H";

fn is_id_or_time(key: &str) -> bool {
    key == "Id"
        || key.ends_with("Id")
        || key.ends_with("ID")
        || key.contains("Time")
        || key.contains("Date")
        || key == "Modified"
        || key == "Created"
        || key == "NotBefore"
        || key.ends_with("Type")
}

/// The example with hostile text, linked to the fixture's first agent and queue.
fn hostile(mut example: Value, n: usize) -> Value {
    let Some(obj) = example.as_object_mut() else {
        return example;
    };
    let entity = obj
        .get("EntityType")
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_owned();
    for (key, value) in obj.iter_mut() {
        match key.as_str() {
            "Id" => *value = Value::from(format!("evil-{n}")),
            "EntityId" => {
                *value = Value::from(match entity.as_str() {
                    "Queue" => "q-sales",
                    "CallList" => "cl-evil",
                    _ => "u-aino",
                })
            }
            "UserId" | "TargetUserId" | "AssignedUserId" => *value = Value::from("u-aino"),
            "QueueId" => *value = Value::from("q-sales"),
            "CallListId" => *value = Value::from("cl-evil"),
            "CallBackId" => *value = Value::from(format!("cb-evil-{n}")),
            "CallId" => *value = Value::from("call-evil"),
            "Timestamp" => {
                *value = Value::from(
                    (fixed_now() + chrono::Duration::seconds(n as i64))
                        .to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
                )
            }
            _ => {}
        }
    }
    poison_texts(example, &n.to_string())
}

/// Every text field (not ids, times or types) of a PascalCase object becomes hostile.
fn poison_texts(mut value: Value, tag: &str) -> Value {
    if let Some(obj) = value.as_object_mut() {
        for (key, v) in obj.iter_mut() {
            if !is_id_or_time(key) && v.is_string() {
                *v = Value::from(format!("{EVIL}{tag}"));
            }
        }
    }
    value
}

/// A REST DTO with hostile texts, read back the way the client reads the platform.
fn poisoned<T: serde::Serialize + serde::de::DeserializeOwned>(item: &T, tag: &str) -> T {
    let value = serde_json::to_value(item).expect("serialize");
    evtop::model::casing::from_platform(poison_texts(value, tag)).expect("read back")
}

/// The fixture's REST snapshot with hostile names, notes, queue and list names, and a
/// callback request.
fn hostile_snapshot() -> evtop::app::Snapshot {
    use evtop::model::rest::{CallbackList, CallbackRequest};
    let mut snap = evtop::app::fixture::snapshot();
    snap.me = poisoned(&snap.me, "me");
    snap.silo = format!("{EVIL}silo");
    snap.users = snap.users.iter().map(|u| poisoned(u, "user")).collect();
    snap.queues = snap.queues.iter().map(|q| poisoned(q, "queue")).collect();
    snap.availability = snap
        .availability
        .iter()
        .map(|(id, a)| (id.clone(), poisoned(a, "availability")))
        .collect();
    snap.callback_lists = vec![poisoned(
        &CallbackList {
            id: "cl-rest".into(),
            name: "list".into(),
            queue_id: Some("q-sales".into()),
        },
        "list",
    )];
    snap.callback_requests = vec![poisoned(
        &CallbackRequest {
            id: "cb-rest".into(),
            call_list_id: "cl-rest".into(),
            contact_name: "x".into(),
            contact_number: "x".into(),
            note: "x".into(),
            last_attempt_note: "x".into(),
            ..CallbackRequest::default()
        },
        "request",
    )];
    snap
}

fn key(state: &mut State, code: KeyCode) {
    update(state, Event::Key(KeyEvent::new(code, KeyModifiers::NONE)));
}

fn draw(state: &State, w: u16, h: u16) -> Vec<String> {
    let theme = Theme::builtin("default").expect("theme");
    let mut term = Terminal::new(TestBackend::new(w, h)).expect("test terminal");
    term.draw(|f| ui::draw(f, state, &theme)).expect("draw");
    term.backend()
        .buffer()
        .content()
        .iter()
        .map(|c| c.symbol().to_owned())
        .collect()
}

/// Asserts that no cell holds a control character, a bidi control or the remains of an
/// escape sequence; returns the screen.
fn assert_clean(cells: &[String], what: &str) -> String {
    for sym in cells {
        for c in sym.chars() {
            assert!(
                !c.is_control() && !evtop::sanitize::is_invisible(c),
                "{what}: control character {c:?} on screen"
            );
        }
    }
    let screen = cells.concat();
    // The terminal would have dropped lone control characters itself; what gives an
    // unsanitized string away is the rest of its escape sequences.
    for remnant in ["pwned", "[2J", "[1;1H"] {
        assert!(
            !screen.contains(remnant),
            "{what}: escape sequence remnant {remnant:?} on screen"
        );
    }
    screen
}

fn hostile_state() -> State {
    let examples: Value = serde_json::from_str(include_str!("../fixtures/seed004_examples.json"))
        .expect("seed examples");
    let mut s = busy_state();
    update(&mut s, Event::Snapshot(Box::new(hostile_snapshot())));
    let Value::Object(map) = examples else {
        panic!("examples are an object");
    };
    let mut sent = 0;
    for (n, (name, example)) in map.into_iter().enumerate() {
        if !name.starts_with("event:") {
            continue;
        }
        let event = RteEvent::from_data(hostile(example, n));
        update(&mut s, Event::Session(SessionUpdate::Events(vec![event])));
        sent += 1;
    }
    assert!(sent >= 30, "only {sent} events");
    // Server texts outside events: a subscription refusal and a failed connection.
    update(
        &mut s,
        Event::Session(SessionUpdate::SubscriptionRejected {
            key: evtop::rte::SubscriptionKey::new(
                "u-aino",
                evtop::model::events::EventKind::UserAlert,
            ),
            message: format!("{EVIL}refused"),
        }),
    );
    update(
        &mut s,
        Event::Session(SessionUpdate::State(ConnectionState::Failed {
            reason: format!("{EVIL}gone"),
        })),
    );
    update(&mut s, Event::SnapshotFailed(format!("{EVIL}snapshot")));
    s
}

#[test]
fn hostile_event_texts_never_reach_the_terminal() {
    let mut s = hostile_state();
    s.view.selected_agent = Some("u-aino".into());
    let mut shown = String::new();
    let panes = ['1', '2', '3', '4', '5'];
    for p in panes {
        key(&mut s, KeyCode::Char(p));
        for (w, h) in [(200, 60), (80, 24)] {
            shown.push_str(&assert_clean(
                &draw(&s, w, h),
                &format!("pane {p} at {w}x{h}"),
            ));
        }
    }
    // Prompts that name their target: availability of an agent, a request's agent picker.
    key(&mut s, KeyCode::Char('2'));
    key(&mut s, KeyCode::Char('a'));
    let prompt = assert_clean(&draw(&s, 120, 40), "availability prompt");
    assert!(
        prompt.contains("Mallory  user"),
        "the prompt names the agent"
    );
    key(&mut s, KeyCode::Esc);
    key(&mut s, KeyCode::Char('3'));
    key(&mut s, KeyCode::Char('a'));
    shown.push_str(&assert_clean(&draw(&s, 120, 40), "agent picker"));
    key(&mut s, KeyCode::Esc);
    s.wall = true;
    shown.push_str(&assert_clean(&draw(&s, 200, 60), "wall"));
    // The hostile texts did reach the screen (sanitized): events and REST snapshot.
    // (CR LF became two spaces; the invisible marks are gone.)
    for tag in [
        "queue",
        "user",
        "availability",
        "silo",
        "request",
        "list",
        "me",
    ] {
        let text = format!("Mallory  {tag}");
        assert!(shown.contains(&text), "{text:?} never shown");
    }
}

/// Ids are shown where no name is known (a queue whose status names no queue, a request
/// of an unknown list assigned to an unknown user, an agent filter on an unknown queue):
/// the id passes the sanitizer like a name.
#[test]
fn hostile_ids_shown_as_names_never_reach_the_terminal() {
    let examples: Value = serde_json::from_str(include_str!("../fixtures/seed004_examples.json"))
        .expect("seed examples");
    let evil_id = format!("{EVIL}id");
    let mut queue = examples["event:QueueStatus"].clone();
    queue["EntityId"] = Value::from(evil_id.clone());
    queue["QueueId"] = Value::from(evil_id.clone());
    queue["QueueName"] = Value::from("");
    queue["Timestamp"] = Value::from("2026-01-01T00:00:00Z");
    let mut request = examples["event:CallbackChanged"].clone();
    request["EntityId"] = Value::from(evil_id.clone());
    request["CallListId"] = Value::from(evil_id.clone());
    request["CallBackId"] = Value::from("cb-evil-id");
    request["AssignedUserId"] = Value::from(evil_id.clone());
    request["IsClosed"] = Value::from(false);
    queue["Id"] = Value::from("evil-queue-event");
    request["Id"] = Value::from("evil-request-event");
    let mut s = busy_state();
    let events = vec![RteEvent::from_data(queue), RteEvent::from_data(request)];
    update(&mut s, Event::Session(SessionUpdate::Events(events)));
    assert!(s.queues.contains_key(&evil_id), "the queue row exists");
    assert!(
        s.callbacks.values().any(|r| r.list_id == evil_id),
        "the request row exists"
    );
    let mut shown = String::new();
    for p in ['1', '3'] {
        key(&mut s, KeyCode::Char(p));
        shown.push_str(&assert_clean(&draw(&s, 200, 60), &format!("pane {p}")));
    }
    // The agents pane filtered to a queue gone since names it by its id in its title.
    key(&mut s, KeyCode::Char('2'));
    s.view.agent_queue = Some(format!("{EVIL}gone"));
    let agents = assert_clean(&draw(&s, 200, 60), "agents of a gone queue");
    assert!(
        agents.contains("Mallory  gone"),
        "the title names the queue"
    );
    assert!(shown.contains("Mallory  id"), "the sanitized ids are shown");
}
