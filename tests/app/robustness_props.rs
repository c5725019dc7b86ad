//! Property tests for what the server (or a peer) controls: any bytes into the record
//! reader and the hub message parser, any JSON as a `MessageReceived` argument, any text
//! through the sanitizer. None may panic; the reader must not depend on how frames split
//! a stream; sanitized text must not be able to drive a terminal.

use crate::ui_support;

use evtop::app::fixture::busy_state;
use evtop::app::{update, Event};
use evtop::model::RteEvent;
use evtop::rte::SessionUpdate;
use evtop::sanitize::{clean, sanitize};
use evtop::signalr::protocol::{HubMessage, Incoming, RecordReader};
use proptest::prelude::*;
use serde_json::{Map, Value};

const RS: char = '\u{1e}';

/// Arbitrary JSON, a few levels deep, with keys that sometimes look like event fields.
fn json() -> impl Strategy<Value = Value> {
    let key = prop_oneof![
        Just("EventType".to_owned()),
        Just("eventType".to_owned()),
        Just("EntityId".to_owned()),
        Just("data".to_owned()),
        Just("subscription".to_owned()),
        Just("Timestamp".to_owned()),
        "[a-zA-Z_]{1,10}",
    ];
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<f64>()
            .prop_filter("finite", |f| f.is_finite())
            .prop_map(Value::from),
        "\\PC{0,20}".prop_map(Value::String),
        prop_oneof![
            Just("QueueStatus"),
            Just("UserStatus"),
            Just("CallbackChanged"),
            Just("UserRealTimeTranscriptPhrase"),
            Just("2026-11-23T10:00:00"),
            Just("9999-12-31T23:59:59Z"),
        ]
        .prop_map(|s| Value::String(s.to_owned())),
    ];
    leaf.prop_recursive(4, 48, 6, move |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            prop::collection::vec((key.clone(), inner), 0..8)
                .prop_map(|kv| Value::Object(kv.into_iter().collect::<Map<_, _>>())),
        ]
    })
}

/// The seed's example payloads of every event, with their EventType.
fn seed_examples() -> Vec<(String, Map<String, Value>)> {
    let all: Value =
        serde_json::from_str(include_str!("../fixtures/seed004_examples.json")).expect("fixture");
    all.as_object()
        .expect("an object")
        .iter()
        .filter(|(k, _)| k.starts_with("event:"))
        .filter_map(|(_, v)| {
            let data = v.as_object()?.clone();
            let name = data.get("EventType")?.as_str()?.to_owned();
            Some((name, data))
        })
        .collect()
}

/// Aims an event's data at `target` (an on-screen queue or agent), applies it as a
/// `MessageReceived` and lets the clock run on a minute.
fn apply_aimed(
    state: &mut evtop::app::State,
    name: &str,
    mut data: Map<String, Value>,
    target: &str,
) {
    for id_key in ["EntityId", "UserId", "QueueId"] {
        if data.contains_key(id_key) {
            data.insert(id_key.into(), Value::from(target));
        }
    }
    let message = serde_json::json!({
        "subscription": {"entityId": target, "eventName": name},
        "data": Value::Object(data),
    });
    let event = RteEvent::from_message(message);
    update(state, Event::Session(SessionUpdate::Events(vec![event])));
    let later = state.now + chrono::Duration::seconds(61);
    update(state, Event::Tick(later));
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// A known event with fields of the wrong type, missing or extra: still that event
    /// (raw data and a decode error at worst), never a panic.
    #[test]
    fn a_known_event_with_wrong_fields_stays_that_event(
        pick in any::<prop::sample::Index>(),
        changes in prop::collection::vec((any::<prop::sample::Index>(), json()), 1..6),
        drop_some in any::<bool>(),
    ) {
        let examples = seed_examples();
        let (name, mut data) = examples[pick.index(examples.len())].clone();
        let keys: Vec<String> = data.keys().filter(|k| *k != "EventType").cloned().collect();
        for (i, value) in changes {
            let key = &keys[i.index(keys.len())];
            if drop_some && value.is_null() {
                data.remove(key);
            } else {
                data.insert(key.clone(), value);
            }
        }
        let message = serde_json::json!({
            "subscription": {"entityId": "e1", "eventName": name},
            "data": Value::Object(data),
        });
        let event = RteEvent::from_message(message);
        prop_assert_eq!(event.kind.name(), name.as_str());
    }

    /// However a stream of records is cut into frames, the same records come out.
    #[test]
    fn records_do_not_depend_on_frame_boundaries(
        records in prop::collection::vec("[^\u{1e}]{1,40}", 1..8),
        cuts in prop::collection::vec(any::<prop::sample::Index>(), 0..6),
    ) {
        let stream: String = records.iter().map(|r| format!("{r}{RS}")).collect();
        let bytes = stream.as_bytes();
        let mut points: Vec<usize> = cuts.iter().map(|i| i.index(bytes.len() + 1)).collect();
        points.sort_unstable();
        let mut reader = RecordReader::default();
        let mut got = Vec::new();
        let mut start = 0;
        for p in points.into_iter().chain([bytes.len()]) {
            got.extend(reader.push(&bytes[start..p]));
            start = p;
        }
        prop_assert_eq!(got, records);
        prop_assert!(!reader.has_partial());
    }

    /// Any bytes: the reader and the parser answer, never panic, and the reader's buffer
    /// stays within its limit.
    #[test]
    fn any_bytes_are_read_and_parsed_without_panicking(
        frames in prop::collection::vec(prop::collection::vec(any::<u8>(), 0..200), 0..6)
    ) {
        let mut reader = RecordReader::with_limit(256);
        for frame in frames {
            for record in reader.push(&frame) {
                prop_assert!(record.len() <= 256 * 3, "a record past the limit: {}", record.len());
                let _ = HubMessage::parse(&record);
            }
            let _ = reader.take_oversize();
        }
    }

    /// Any JSON as a hub message or as a `MessageReceived` argument decodes to something
    /// (an unknown or undecodable event is kept raw), never a panic.
    #[test]
    fn any_json_becomes_a_message_or_an_event(value in json()) {
        let _ = HubMessage::from_json(value.clone());
        let _ = HubMessage::parse(&value.to_string());
        let event = RteEvent::from_message(value.clone());
        let _ = event.entity_id();
        let _ = RteEvent::from_data(value);
    }

    /// The receive path's one-pass reading of a `MessageReceived` record never accepts a
    /// record the full parser refuses, and where it does accept one, it decodes the same
    /// event as the full parse of that record's argument.
    #[test]
    fn one_pass_records_agree_with_the_full_parser(
        value in json(),
        bytes in prop::collection::vec(any::<u8>(), 0..8),
        cut in any::<prop::sample::Index>(),
        shape in 0usize..4,
    ) {
        let arg = value.to_string();
        let good = match shape {
            0 => format!(r#"{{"type":1,"target":"MessageReceived","arguments":[{arg}]}}"#),
            1 => format!(r#"{{ "type" : 1, "invocationId":"7", "target":"MessageReceived", "arguments" : [ {arg} ] , "x":[1] }}"#),
            2 => format!(r#"{{"type":1,"target":"MessageReceived","arguments":[{arg},2]}}"#),
            _ => format!(r#"{{"type":1,"target":"MessageReceived","arguments":[{{"subscription":{{"eventType":"QueueStatus"}},"data":{arg}}}]}}"#),
        };
        // The record as is, and damaged: bytes spliced in somewhere.
        let at = cut.index(good.len() + 1);
        let mut damaged = good.as_bytes()[..at].to_vec();
        damaged.extend(&bytes);
        damaged.extend(&good.as_bytes()[at..]);
        let arg_text = match shape {
            3 => format!(r#"{{"subscription":{{"eventType":"QueueStatus"}},"data":{arg}}}"#),
            _ => arg.clone(),
        };
        for (record, intact) in [(good.into_bytes(), true), (damaged, false)] {
            let Ok(text) = std::str::from_utf8(&record) else { continue };
            let full = HubMessage::parse(text);
            if let Ok(Incoming::Invocation { arguments_at, .. }) = Incoming::parse(text) {
                let shared = evtop::shared_text::SharedText::from(text);
                if let Some(event) = RteEvent::from_invocation(&shared, arguments_at) {
                    if !matches!(full, Ok(HubMessage::Invocation { .. })) {
                        return Err(TestCaseError::fail(format!("accepted a bad record: {text}")));
                    }
                    if !intact {
                        continue;
                    }
                    // Against the argument's own text (a float does not survive a trip
                    // through a Value and back to the same last digit).
                    let want = RteEvent::from_message_text(&arg_text);
                    prop_assert_eq!(&event.kind, &want.kind);
                    prop_assert_eq!(&event.envelope, &want.envelope);
                    prop_assert_eq!(&event.payload, &want.payload);
                    prop_assert_eq!(&event.subscription, &want.subscription);
                    let data: Value = serde_json::from_slice(&event.wire.unwrap().json).unwrap();
                    let want_data: Value = serde_json::from_slice(&want.wire.unwrap().json).unwrap();
                    prop_assert_eq!(data, want_data);
                }
            }
        }
    }

    /// Sanitized text has no control characters, no escape introducers and no bidi
    /// overrides; `clean` agrees with `sanitize` and leaves clean text alone.
    #[test]
    fn sanitized_text_cannot_drive_a_terminal(text in "\\PC{0,30}|[\u{0}-\u{9f}\u{202a}-\u{202e}\u{2066}-\u{2069}a-z\\[\\]0-9;]{0,60}") {
        let out = sanitize(&text);
        prop_assert!(!out.chars().any(|c| c.is_control()), "{:?}", out);
        let bidi = |c: char| matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}');
        prop_assert!(!out.chars().any(bidi), "{:?}", out);
        let cleaned = clean(&text);
        prop_assert_eq!(cleaned.as_ref(), out.as_str());
        prop_assert_eq!(sanitize(&out), out.clone(), "idempotent");
    }

    /// Such events, aimed at the queues and agents on screen, go through `update()` and
    /// `draw()` (with the clock moving on) without a panic: extreme numbers, odd times,
    /// missing fields.
    #[test]
    fn odd_events_update_and_draw_without_panicking(
        pick in any::<prop::sample::Index>(),
        changes in prop::collection::vec((any::<prop::sample::Index>(), json()), 1..6),
        target in prop::sample::select(vec!["q-sales", "q-support", "u-aino", "u-helmi", "u-eero"]),
        extreme in prop::sample::select(vec![i64::MAX, i64::MIN, -1, 0, 86_400 * 365 * 1000]),
    ) {
        let examples = seed_examples();
        let (name, mut data) = examples[pick.index(examples.len())].clone();
        let keys: Vec<String> = data.keys().filter(|k| *k != "EventType").cloned().collect();
        for (i, value) in changes {
            let key = &keys[i.index(keys.len())];
            let value = match value {
                Value::Number(_) => Value::from(extreme),
                other => other,
            };
            data.insert(key.clone(), value);
        }
        let mut state = busy_state();
        apply_aimed(&mut state, &name, data, target);
        for (w, h) in [(80, 24), (200, 60)] {
            let _ = ui_support::render(&state, w, h);
        }
    }
}

fn key(c: char) -> Event {
    Event::Key(crossterm::event::KeyEvent::from(
        crossterm::event::KeyCode::Char(c),
    ))
}

/// Every numeric field of every seed event at the extremes, aimed at what is on screen:
/// `update()`, a clock tick and `draw()` must survive each (overflow in a counter or a
/// duration would panic in a debug build).
#[test]
fn extreme_numbers_in_every_event_do_not_panic() {
    for extreme in [i64::MAX, i64::MIN, -1, 86_400 * 365 * 10_000] {
        for time in ["9999-12-31T23:59:59Z", "0001-01-01T00:00:00Z", "not a time"] {
            for (name, data) in seed_examples() {
                for target in ["q-sales", "u-helmi"] {
                    let mut data = data.clone();
                    for (key, value) in data.iter_mut() {
                        if value.is_number() {
                            *value = Value::from(extreme);
                        } else if key.contains("Time")
                            || key.contains("Date")
                            || key.contains("WrapUp")
                            || key.contains("Timestamp")
                            || key.contains("Changed")
                        {
                            *value = Value::from(time);
                        }
                    }
                    let mut state = busy_state();
                    state.view.selected_agent = Some("u-helmi".into());
                    apply_aimed(&mut state, &name, data, target);
                    // Callbacks, the transcript and the event log in turn, then a wall.
                    for pane in ['3', '4', '5'] {
                        update(&mut state, key(pane));
                        let _ = ui_support::render(&state, 120, 40);
                    }
                    state.wall = true;
                    let _ = ui_support::render(&state, 120, 40);
                }
            }
        }
    }
}

/// A server that pushes QueueStatus for ever new queue ids cannot grow the queue table
/// without bound.
#[test]
fn queue_rows_from_events_are_bounded() {
    let mut state = busy_state();
    for i in 0..5_000 {
        let ev = evtop::app::fixture::queue_status(
            &format!("q-new-{i}"),
            &format!("e-{i}"),
            state.now,
            1,
            10,
            1,
        );
        update(&mut state, ev);
    }
    assert!(state.queues.len() <= 2_000, "{}", state.queues.len());
    assert!(state.queues.contains_key("q-sales"), "known queues stay");
}
