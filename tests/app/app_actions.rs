//! The action dispatcher, prompts, palette, transcript subscriptions, callbacks and event
//! log, driven through the real `update()` with keys, as a supervisor would.

use crate::actions_support;

use actions_support::*;
use crossterm::event::KeyCode;
use evtop::app::effect::ApiAction;
use evtop::app::fixture::{self, envelope, fixed_now, rte};
use evtop::app::panes::agents::choices as agent_choices;
use evtop::app::panes::callbacks::visible as visible_callbacks;
use evtop::app::state::LogKind;
use evtop::app::state::{Activity, Mode, Pane, State, ToastLevel};
use evtop::app::state::{Intent, Prompt};
use evtop::app::{actions, ActionError, Failure};
use evtop::app::{update, Effect, Event};
use evtop::model::payloads as p;
use evtop::model::rest::Availability;
use evtop::model::{EventKind, EventPayload, Stamp};
use evtop::rte::{ConnectionState, SessionUpdate, SubscriptionKey};

fn select_agent(s: &mut State, id: &str) {
    update(s, key('2'));
    s.view.selected_agent = Some(id.into());
}

fn confirm_question(s: &State) -> String {
    match &s.view.mode {
        Mode::Prompt(Prompt::Confirm { question, .. }) => question.clone(),
        other => panic!("no confirm prompt: {other:?}"),
    }
}

fn last_toast(s: &State) -> (ToastLevel, String) {
    let t = s.toasts.last().expect("a toast");
    (t.level, t.text.clone())
}

fn api_effects(effects: &[Effect]) -> Vec<ApiAction> {
    effects
        .iter()
        .filter_map(|e| match e {
            Effect::Api { action, .. } => Some(action.clone()),
            _ => None,
        })
        .collect()
}

#[test]
fn terminate_wrap_up_asks_naming_the_agent_and_the_pane_follows_the_events() {
    let mut s = callbacks_state();
    select_agent(&mut s, "u-helmi");
    assert!(update(&mut s, key('w')).is_empty(), "nothing runs before y");
    assert_eq!(confirm_question(&s), "Terminate wrap-up of Helmi Mäkinen?");
    let effects = update(&mut s, key('y'));
    assert_eq!(
        api_effects(&effects),
        [ApiAction::TerminateWrapUp {
            user_id: "u-helmi".into(),
            wrap_up_id: Some("wrap-1".into()),
        }]
    );
    assert!(matches!(s.view.mode, Mode::Normal));
    // The server said yes: a toast, but the pane waits for the events.
    update(
        &mut s,
        Event::ActionDone {
            what: "Terminate wrap-up of Helmi Mäkinen".into(),
            result: Ok(String::new()),
        },
    );
    assert_eq!(
        last_toast(&s),
        (
            ToastLevel::Info,
            "Terminate wrap-up of Helmi Mäkinen: done".into()
        )
    );
    assert_eq!(s.agents["u-helmi"].activity(), Activity::WrapUp);
    update(
        &mut s,
        fixture::wrap_up_terminated("u-helmi", "wt-helmi", fixed_now(), "wrap-1"),
    );
    assert_eq!(s.agents["u-helmi"].activity(), Activity::Idle);
    let log: Vec<&str> = s.log.entries.iter().map(|e| e.text.as_str()).collect();
    assert!(
        log.contains(&"Helmi Mäkinen: wrap-up ended (manual)"),
        "{log:?}"
    );
}

#[test]
fn terminate_is_only_offered_while_on_wrap_up() {
    let mut s = callbacks_state();
    select_agent(&mut s, "u-pekka");
    assert!(update(&mut s, key('w')).is_empty());
    assert!(matches!(s.view.mode, Mode::Normal), "no prompt");
    let (level, text) = last_toast(&s);
    assert_eq!(level, ToastLevel::Error);
    assert!(text.contains("Pekka Salminen is not on wrap-up"), "{text}");
}

#[test]
fn anything_but_y_cancels_and_sends_nothing() {
    for cancel in [
        key('n'),
        key('N'),
        code(KeyCode::Enter),
        code(KeyCode::Esc),
        ctrl('y'),
    ] {
        let mut s = callbacks_state();
        select_agent(&mut s, "u-oona");
        update(&mut s, key('w'));
        assert_eq!(confirm_question(&s), "Terminate wrap-up of Oona Lehtonen?");
        let effects = update(&mut s, cancel.clone());
        assert!(api_effects(&effects).is_empty(), "{cancel:?}");
        assert!(matches!(s.view.mode, Mode::Normal));
        assert!(last_toast(&s).1.ends_with("cancelled"));
    }
}

#[test]
fn a_wall_display_refuses_every_action_in_the_one_dispatcher() {
    let mut s = callbacks_state();
    s.wall = true;
    s.view.selected_agent = Some("u-helmi".into());
    s.view.focus = Pane::Agents;
    for k in ['w', 'a', 'A'] {
        assert!(update(&mut s, key(k)).is_empty());
        assert!(matches!(s.view.mode, Mode::Normal), "no prompt for {k}");
        assert!(last_toast(&s).1.contains("read-only wall"), "{k}");
    }
    assert!(update(&mut s, key(':')).is_empty());
    assert!(matches!(s.view.mode, Mode::Normal), "no palette on a wall");
    let intents = [
        Intent::TerminateWrapUp {
            user_id: "u-helmi".into(),
        },
        Intent::AutoAllocate {
            user_id: "u-aino".into(),
        },
        Intent::CloseCallback {
            request_id: "cb-1".into(),
            note: Some("x".into()),
        },
        Intent::CallBack {
            request_id: "cb-1".into(),
        },
        Intent::AllocateCallback {
            request_id: "cb-1".into(),
            user_id: Some("u-aino".into()),
        },
        Intent::SetAvailability {
            user_id: "u-aino".into(),
            availability: Some(Availability::Away),
            note: Some(String::new()),
        },
    ];
    for intent in intents {
        assert!(actions::begin(&mut s, intent).is_empty());
        assert!(matches!(s.view.mode, Mode::Normal));
    }
    assert!(evtop::app::panes::log::visible(&s)
        .iter()
        .any(|e| e.kind == LogKind::Action && e.text.contains("refused")));
}

#[test]
fn allocate_a_callback_request_picking_the_agent_by_search() {
    let mut s = callbacks_state();
    update(&mut s, key('3'));
    assert_eq!(s.view.focus, Pane::Callbacks);
    let order: Vec<&str> = visible_callbacks(&s)
        .iter()
        .map(|r| r.id.as_str())
        .collect();
    assert_eq!(
        order,
        ["cb-1", "cb-2", "cb-4", "cb-3"],
        "due first, undated last"
    );
    update(&mut s, key('j'));
    update(&mut s, key('j'));
    assert_eq!(s.view.selected_callback.as_deref(), Some("cb-4"));
    update(&mut s, key('a'));
    assert!(matches!(
        s.view.mode,
        Mode::Prompt(Prompt::PickAgent { .. })
    ));
    type_text(&mut s, "kor");
    let Mode::Prompt(Prompt::PickAgent { input, .. }) = &s.view.mode else {
        panic!()
    };
    let names: Vec<&str> = agent_choices(&s, input.value())
        .iter()
        .map(|(_, n)| *n)
        .collect();
    assert_eq!(names, ["Eero Korhonen"]);
    update(&mut s, code(KeyCode::Enter));
    assert_eq!(
        confirm_question(&s),
        "Allocate callback of Pertti Pöllänen (+358403333333) to Eero Korhonen?"
    );
    let effects = update(&mut s, key('y'));
    assert_eq!(
        api_effects(&effects),
        [ApiAction::AssignCallback {
            list_id: "cl-sales".into(),
            request_id: "cb-4".into(),
            user_id: "u-eero".into(),
        }]
    );
    // Not assigned on screen until CallbackChanged says so.
    assert_eq!(s.callbacks["cb-4"].assigned_user_id, None);
    update(
        &mut s,
        callback_changed("cb-4", "cl-sales", Some("u-eero"), false),
    );
    assert_eq!(
        s.callbacks["cb-4"].assigned_user_id.as_deref(),
        Some("u-eero")
    );
}

fn callback_changed(id: &str, list: &str, assigned: Option<&str>, closed: bool) -> Event {
    let now = fixed_now() + chrono::Duration::seconds(5);
    rte(
        EventKind::CallbackChanged,
        envelope(&format!("cc-{id}-{closed}"), list, now),
        EventPayload::CallbackChanged(Box::new(p::CallbackChanged {
            call_back_id: id.into(),
            call_list_id: list.into(),
            modified: Stamp::At(now),
            assigned_user_id: assigned.map(str::to_owned),
            contact_name: "Pertti Pöllänen".into(),
            contact_number: "+358403333333".into(),
            is_closed: closed,
            ..p::CallbackChanged::default()
        })),
    )
}

#[test]
fn close_a_callback_request_with_a_note_and_it_leaves_when_closed() {
    let mut s = callbacks_state();
    update(&mut s, key('3'));
    s.view.selected_callback = Some("cb-4".into());
    update(&mut s, key('x'));
    assert!(matches!(s.view.mode, Mode::Prompt(Prompt::Note { .. })));
    type_text(&mut s, "Handled by email");
    update(&mut s, code(KeyCode::Enter));
    assert_eq!(
        confirm_question(&s),
        "Close callback request of Pertti Pöllänen (+358403333333) with note “Handled by email”?"
    );
    let effects = update(&mut s, key('Y'));
    assert_eq!(
        api_effects(&effects),
        [ApiAction::CloseCallback {
            list_id: "cl-sales".into(),
            request_id: "cb-4".into(),
            note: "Handled by email".into(),
        }]
    );
    assert!(
        s.callbacks.contains_key("cb-4"),
        "still open until the event"
    );
    update(&mut s, callback_changed("cb-4", "cl-sales", None, true));
    assert!(!s.callbacks.contains_key("cb-4"));
}

#[test]
fn set_availability_with_a_note() {
    let mut s = callbacks_state();
    select_agent(&mut s, "u-pekka");
    update(&mut s, key('a'));
    assert!(matches!(
        s.view.mode,
        Mode::Prompt(Prompt::PickAvailability { .. })
    ));
    update(&mut s, key('3'));
    assert!(matches!(s.view.mode, Mode::Prompt(Prompt::Note { .. })));
    type_text(&mut s, "Training");
    update(&mut s, code(KeyCode::Enter));
    assert_eq!(
        confirm_question(&s),
        "Set Pekka Salminen to DoNotDisturb “Training”?"
    );
    let effects = update(&mut s, key('y'));
    assert_eq!(
        api_effects(&effects),
        [ApiAction::SetAvailability {
            user_id: "u-pekka".into(),
            availability: Availability::DoNotDisturb,
            note: "Training".into(),
        }]
    );
    assert_eq!(
        s.agents["u-pekka"].availability,
        Some(Availability::Available),
        "no guess before the event"
    );
    // Arrows and Enter pick too; an empty note is fine.
    select_agent(&mut s, "u-aino");
    update(&mut s, key('a'));
    update(&mut s, code(KeyCode::Up));
    update(&mut s, code(KeyCode::Enter));
    update(&mut s, code(KeyCode::Enter));
    assert_eq!(confirm_question(&s), "Set Aino Virtanen to Away?");
}

#[test]
fn auto_allocation_for_the_selected_agent() {
    let mut s = callbacks_state();
    select_agent(&mut s, "u-aino");
    update(&mut s, key('A'));
    assert_eq!(
        confirm_question(&s),
        "Request a callback allocation for Aino Virtanen?"
    );
    let effects = update(&mut s, key('y'));
    assert_eq!(
        api_effects(&effects),
        [ApiAction::AutoAllocation {
            user_id: "u-aino".into()
        }]
    );
}

#[test]
fn every_error_class_becomes_a_toast_saying_what_to_try_and_nothing_changes() {
    // The REST client's messages (api::ApiError's Display).
    let cases = [
        (
            "the server refused the login (401): check user and secret key",
            Failure::Unauthorized,
            "secret key",
        ),
        (
            "not allowed (403) to POST /users/u-helmi/wrapup/terminate/: this user lacks the permission",
            Failure::Forbidden,
            "supervisor login",
        ),
        (
            "not found (404): POST /users/u-helmi/wrapup/terminate/",
            Failure::NotFound,
            "reloading",
        ),
        (
            "conflict (409) on POST /users/u-helmi/wrapup/terminate/: The user has no wrap-up running",
            Failure::Conflict,
            "reloading",
        ),
        (
            "too many requests (429) on POST /users/u-helmi/wrapup/terminate/: retry in 2 s",
            Failure::RateLimited,
            "retry",
        ),
        (
            "server error (503) on POST /users/u-helmi/wrapup/terminate/: try again later",
            Failure::Server,
            "try again later",
        ),
        (
            "no answer in time from 127.0.0.1 for POST /users/u-helmi/wrapup/terminate/",
            Failure::Timeout,
            "may have happened",
        ),
        (
            "cannot reach 127.0.0.1: connection refused",
            Failure::Unreachable,
            "check the network",
        ),
    ];
    for (message, class, hint) in cases {
        let mut s = callbacks_state();
        select_agent(&mut s, "u-helmi");
        update(&mut s, key('w'));
        update(&mut s, key('y'));
        let before = s.agents["u-helmi"].clone();
        let effects = update(
            &mut s,
            Event::ActionDone {
                what: "Terminate wrap-up of Helmi Mäkinen".into(),
                result: Err(ActionError::new(class, message)),
            },
        );
        // Where the outcome is unknown or stale, the panes are reloaded from REST.
        let reload = matches!(
            class,
            Failure::NotFound | Failure::Conflict | Failure::Timeout
        );
        assert_eq!(
            effects.contains(&Effect::RefreshSnapshot),
            reload,
            "{message}: {effects:?}"
        );
        let (level, text) = last_toast(&s);
        assert_eq!(level, ToastLevel::Error);
        assert!(
            text.starts_with("Terminate wrap-up of Helmi Mäkinen failed: "),
            "{text}"
        );
        assert!(text.contains(hint), "{text}");
        assert!(text.matches("again").count() <= 1, "advice once: {text}");
        assert_eq!(s.agents["u-helmi"], before, "a failure changes nothing");
        // The message line is short; the event log keeps the whole sentence.
        assert!(
            !text.contains("/users/"),
            "no REST path on the message line: {text}"
        );
        let last = s.log.entries.back().expect("logged");
        assert_eq!(last.kind, LogKind::Action);
        assert!(last.text.contains(message), "{}", last.text);
    }
}

#[test]
fn palette_runs_commands_with_completion() {
    let mut s = callbacks_state();
    update(&mut s, key(':'));
    assert!(matches!(s.view.mode, Mode::Palette(_)));
    type_text(&mut s, "ter");
    update(&mut s, code(KeyCode::Tab));
    let Mode::Palette(p) = &s.view.mode else {
        panic!()
    };
    assert_eq!(p.input.value(), "terminate-wrapup ");
    update(&mut s, code(KeyCode::Esc));

    // :agent with completion over names, then an action on that agent.
    update(&mut s, key(':'));
    type_text(&mut s, "agent oon");
    update(&mut s, code(KeyCode::Tab));
    let Mode::Palette(p) = &s.view.mode else {
        panic!()
    };
    assert_eq!(p.input.value(), "agent \"Oona Lehtonen\"");
    update(&mut s, code(KeyCode::Enter));
    assert_eq!(s.view.selected_agent.as_deref(), Some("u-oona"));
    assert_eq!(s.view.focus, Pane::Agents);
    update(&mut s, key(':'));
    type_text(&mut s, "terminate-wrapup");
    update(&mut s, code(KeyCode::Enter));
    assert_eq!(confirm_question(&s), "Terminate wrap-up of Oona Lehtonen?");
    update(&mut s, key('n'));

    // :availability dnd "note" goes straight to the confirmation.
    update(&mut s, key(':'));
    type_text(&mut s, "availability dnd \"in a meeting\"");
    update(&mut s, code(KeyCode::Enter));
    assert_eq!(
        confirm_question(&s),
        "Set Oona Lehtonen to DoNotDisturb “in a meeting”?"
    );
    update(&mut s, code(KeyCode::Esc));

    // :queue and :theme
    s.view.theme_names = vec!["default".into(), "dark".into(), "mono".into()];
    update(&mut s, key(':'));
    type_text(&mut s, "queue helpdesk");
    update(&mut s, code(KeyCode::Enter));
    assert_eq!(s.view.selected_queue.as_deref(), Some("q-tech"));
    assert_eq!(s.view.focus, Pane::Queues);
    update(&mut s, key(':'));
    type_text(&mut s, "theme mono");
    update(&mut s, code(KeyCode::Enter));
    assert_eq!(s.theme_name(), "mono");

    // Mistakes keep the palette open with the reason.
    update(&mut s, key(':'));
    type_text(&mut s, "frobnicate");
    update(&mut s, code(KeyCode::Enter));
    let Mode::Palette(p) = &s.view.mode else {
        panic!("palette closed")
    };
    assert!(p.error.as_deref().unwrap_or("").contains("unknown command"));
    update(&mut s, code(KeyCode::Esc));
    assert!(matches!(s.view.mode, Mode::Normal));

    // :quit quits.
    update(&mut s, key(':'));
    type_text(&mut s, "quit");
    assert_eq!(update(&mut s, code(KeyCode::Enter)), vec![Effect::Quit]);
}

#[test]
fn transcript_subscription_follows_the_selected_agent_and_ends_when_not_shown() {
    let mut s = callbacks_state();
    let phrase_key = |id: &str| SubscriptionKey::new(id, EventKind::UserRealTimeTranscriptPhrase);
    s.view.selected_agent = Some("u-aino".into());
    let effects = update(&mut s, key('4'));
    assert_eq!(effects, vec![Effect::Subscribe(vec![phrase_key("u-aino")])]);
    // Still shown below the agents while they have the focus: moving changes the agent.
    update(&mut s, key('2'));
    let effects = update(&mut s, key('j'));
    let next = s.view.selected_agent.clone().expect("selected");
    assert_eq!(
        effects,
        vec![
            Effect::Unsubscribe(vec![phrase_key("u-aino")]),
            Effect::Subscribe(vec![phrase_key(&next)])
        ]
    );
    // The lower area switches to the callbacks: no transcript needed.
    update(&mut s, key('3'));
    assert_eq!(s.transcripts.subscription, None);
    let effects = update(&mut s, key('2'));
    assert!(effects.is_empty(), "{effects:?}");
}

#[test]
fn transcript_replaces_intermediate_phrases_and_pauses() {
    let mut s = transcript_state();
    let call = &s.transcripts.calls["call-1"];
    assert_eq!(call.phrases.len(), 5);
    assert!(call.phrases[4].intermediate);
    assert!(call.phrases[3].low_confidence());
    update(
        &mut s,
        phrase(
            "u-aino",
            "call-1",
            "ph-final",
            fixed_now(),
            1,
            "Kiitos, löysin tiedot.",
            20_900,
            false,
            0.9,
        ),
    );
    let call = &s.transcripts.calls["call-1"];
    assert_eq!(call.phrases.len(), 5, "replaced in place");
    assert_eq!(call.phrases[4].text, "Kiitos, löysin tiedot.");
    assert!(!call.phrases[4].intermediate);
    assert_eq!(call.phrases[4].offset_label(), "00:20");
    // p pauses, k scrolls up, G follows again.
    update(&mut s, key('p'));
    assert!(!s.view.transcript.follow);
    update(&mut s, key('k'));
    update(&mut s, key('k'));
    assert_eq!(s.view.transcript.scroll, 2);
    update(&mut s, key('G'));
    assert!(s.view.transcript.follow);
    // The call ends: the transcript stays for a while.
    update(
        &mut s,
        rte(
            EventKind::UserCallInDisconnected,
            envelope("disc-1", "u-aino", fixed_now()),
            EventPayload::UserCallInDisconnected(p::UserCallInDisconnected {
                call_id: "call-1".into(),
                user_id: "u-aino".into(),
                ..Default::default()
            }),
        ),
    );
    update(
        &mut s,
        Event::Tick(fixed_now() + chrono::Duration::minutes(5)),
    );
    assert!(s.transcripts.calls.contains_key("call-1"));
    update(
        &mut s,
        Event::Tick(fixed_now() + chrono::Duration::minutes(30)),
    );
    assert!(!s.transcripts.calls.contains_key("call-1"));
}

#[test]
fn event_log_collects_alerts_overflows_offers_actions_and_connection_changes() {
    let mut s = callbacks_state();
    let now = fixed_now();
    update(
        &mut s,
        rte(
            EventKind::UserAlert,
            envelope("al-1", "u-super", now),
            EventPayload::UserAlert(p::UserAlert {
                user_id: "u-super".into(),
                condition_name: "Customer Support: waiting".into(),
                condition_value: "60".into(),
                value: "95".into(),
                ..Default::default()
            }),
        ),
    );
    update(
        &mut s,
        rte(
            EventKind::UserCallInOverflow,
            envelope("of-1", "u-eero", now),
            EventPayload::UserCallInOverflow(Box::new(p::UserCallInOverflow {
                user_id: "u-eero".into(),
                caller_number: "+358409999999".into(),
                tech_queue_name: "Sales".into(),
                overflow_reason: "UserActivelyDeclined".into(),
                ..Default::default()
            })),
        ),
    );
    update(
        &mut s,
        rte(
            EventKind::UserCallAvailableForMonitoring,
            envelope("mo-1", "u-super", now),
            EventPayload::UserCallAvailableForMonitoring(Box::new(
                p::UserCallAvailableForMonitoring {
                    target_user_id: "u-aino".into(),
                    target_user_name: "Aino Virtanen".into(),
                    queue_name: "Customer Support".into(),
                    caller_number: "+358401234567".into(),
                    supervision_call_in_number: "+358201234599".into(),
                    ..Default::default()
                },
            )),
        ),
    );
    update(
        &mut s,
        Event::Session(SessionUpdate::State(ConnectionState::Reconnecting {
            attempt: 1,
            reason: "socket closed".into(),
            retry_in: std::time::Duration::from_secs(2),
        })),
    );
    update(
        &mut s,
        Event::ActionDone {
            what: "Auto-allocation for Aino Virtanen".into(),
            result: Ok(String::new()),
        },
    );
    let texts: Vec<(LogKind, &str)> = s
        .log
        .entries
        .iter()
        .map(|e| (e.kind, e.text.as_str()))
        .collect();
    assert!(texts.contains(&(
        LogKind::Alert,
        "Alert: Customer Support: waiting 95 (limit 60)"
    )));
    assert!(texts.contains(&(
        LogKind::Overflow,
        "Call from +358409999999 overflowed from Eero Korhonen in Sales (UserActivelyDeclined)"
    )));
    assert!(texts.iter().any(|(k, t)| *k == LogKind::Supervision
        && t.contains("Call of Aino Virtanen from +358401234567")));
    assert!(texts.contains(&(
        LogKind::Connection,
        "Connection lost (socket closed); reconnecting, attempt 1"
    )));
    assert!(texts.contains(&(LogKind::Action, "Auto-allocation for Aino Virtanen: done")));
    // Filter by kind (f in the log pane) and by text (/).
    update(&mut s, key('5'));
    update(&mut s, key('f'));
    assert_eq!(s.view.log.kind, Some(LogKind::Alert));
    assert_eq!(evtop::app::panes::log::visible(&s).len(), 1);
    update(&mut s, code(KeyCode::Esc));
    update(&mut s, key('/'));
    type_text(&mut s, "eero");
    update(&mut s, code(KeyCode::Enter));
    let shown: Vec<LogKind> = evtop::app::panes::log::visible(&s)
        .iter()
        .map(|e| e.kind)
        .collect();
    assert_eq!(shown, [LogKind::Overflow]);
}

#[test]
fn tab_visits_every_pane_and_numbers_jump() {
    let mut s = callbacks_state();
    let mut seen = vec![s.view.focus];
    for _ in 0..5 {
        update(&mut s, code(KeyCode::Tab));
        seen.push(s.view.focus);
    }
    assert_eq!(
        seen,
        [
            Pane::Queues,
            Pane::Agents,
            Pane::Callbacks,
            Pane::Transcript,
            Pane::Log,
            Pane::Queues
        ]
    );
    update(&mut s, code(KeyCode::BackTab));
    assert_eq!(s.view.focus, Pane::Log);
    update(&mut s, key('3'));
    assert_eq!(s.view.focus, Pane::Callbacks);
    update(&mut s, key('s'));
    assert_eq!(s.view.callback_sort.column.title(), "EXPIRY");
}

#[test]
fn older_calls_of_the_agent_stay_viewable() {
    let mut s = callbacks_state();
    let earlier = fixed_now() - chrono::Duration::minutes(3);
    update(&mut s, Event::Tick(earlier));
    update(
        &mut s,
        phrase(
            "u-aino",
            "call-0",
            "old-1",
            earlier,
            2,
            "Earlier call",
            1_000,
            false,
            0.9,
        ),
    );
    update(&mut s, Event::Tick(fixed_now()));
    update(
        &mut s,
        phrase(
            "u-aino",
            "call-1",
            "new-1",
            fixed_now(),
            1,
            "Current call",
            1_000,
            false,
            0.9,
        ),
    );
    s.view.selected_agent = Some("u-aino".into());
    update(&mut s, key('4'));
    let shown = |s: &State| {
        evtop::app::panes::transcript::shown(s)
            .map(|(t, live)| (t.call_id.clone(), live))
            .expect("a transcript")
    };
    assert_eq!(shown(&s), ("call-1".into(), true));
    update(&mut s, key('['));
    assert_eq!(shown(&s), ("call-0".into(), false));
    update(&mut s, key('['));
    assert_eq!(shown(&s), ("call-0".into(), false), "no older call kept");
    update(&mut s, key(']'));
    assert_eq!(shown(&s), ("call-1".into(), true));
    // Another agent starts at their current call.
    update(&mut s, key('['));
    s.view.selected_agent = Some("u-eero".into());
    assert!(evtop::app::panes::transcript::calls_back(&s).is_none());
}

#[test]
fn an_action_is_not_sent_twice_while_under_way() {
    let mut s = callbacks_state();
    select_agent(&mut s, "u-helmi");
    update(&mut s, key('w'));
    assert_eq!(api_effects(&update(&mut s, key('y'))).len(), 1);
    update(&mut s, key('w'));
    assert!(api_effects(&update(&mut s, key('y'))).is_empty());
    assert!(last_toast(&s).1.contains("already sent"));
    update(
        &mut s,
        Event::ActionDone {
            what: "Terminate wrap-up of Helmi Mäkinen".into(),
            result: Err(ActionError::new(
                Failure::Server,
                "server error (503) on POST /x: try again later",
            )),
        },
    );
    update(&mut s, key('w'));
    assert_eq!(
        api_effects(&update(&mut s, key('y'))).len(),
        1,
        "after the answer it may be tried again"
    );
}

#[test]
fn call_back_asks_then_calls_the_contact_from_the_supervisors_phone() {
    let mut s = callbacks_state();
    update(&mut s, key('3'));
    let row = evtop::app::panes::callbacks::selected(&s)
        .expect("a request")
        .clone();
    assert!(
        update(&mut s, key('c')).is_empty(),
        "nothing before the confirm"
    );
    let question = confirm_question(&s);
    assert_eq!(
        question,
        format!(
            "Call {} ({}) back from your phone?",
            row.contact_name, row.contact_number
        )
    );
    let effects = update(&mut s, key('y'));
    assert_eq!(
        api_effects(&effects),
        [ApiAction::CallBack {
            list_id: row.list_id.clone(),
            request_id: row.id.clone(),
            number: row.contact_number.clone(),
        }]
    );
}

#[test]
fn call_back_without_a_number_is_refused() {
    let mut s = callbacks_state();
    update(&mut s, key('3'));
    let id = evtop::app::panes::callbacks::selected(&s)
        .expect("a request")
        .id
        .clone();
    s.callbacks.get_mut(&id).unwrap().contact_number.clear();
    assert!(update(&mut s, key('c')).is_empty());
    assert!(matches!(s.view.mode, Mode::Normal));
    assert!(
        last_toast(&s).1.contains("has no number to call"),
        "{:?}",
        last_toast(&s)
    );
}

/// Every row of the palette runs when typed as its usage says: none is left without a
/// `match` arm (the palette would say "is not handled" or keep itself open with an
/// error), and every keymap action named in the palette is called by its `[keys]` name.
#[test]
fn every_palette_command_runs() {
    use evtop::app::keymap::Action;
    use evtop::app::palette::{Arg, Command, COMMANDS};
    for spec in COMMANDS {
        let mut s = callbacks_state();
        s.view.theme_names = vec!["default".into(), "mono".into()];
        // Oona is on wrap-up and a callback request is selected, so every action applies.
        update(&mut s, key('3'));
        s.view.selected_agent = Some("u-oona".into());
        let name = spec.command.name();
        if let Command::Run(action) = spec.command {
            assert_eq!(Action::by_name(&name), Some(action), "{name}");
            assert_eq!(name, action.name().replace('_', "-"));
        }
        let arg = match spec.command.arg() {
            Arg::None => "",
            Arg::Queue => "helpdesk",
            Arg::Agent => "oona",
            Arg::Theme => "mono",
            Arg::Pane => "agents",
            // No name: every queue (says so).
            Arg::View => "",
            Arg::Availability => "dnd \"in a meeting\"",
            Arg::Text => "\"called twice\"",
        };
        update(&mut s, key(':'));
        type_text(&mut s, format!("{name} {arg}").trim_end());
        let effects = update(&mut s, code(KeyCode::Enter));
        if let Mode::Palette(p) = &s.view.mode {
            panic!("“{name} {arg}” kept the palette open: {:?}", p.error);
        }
        let said: Vec<String> = s.toasts.iter().map(|t| t.text.clone()).collect();
        assert!(
            !said.iter().any(|t| t.contains("not handled")),
            "{name}: {said:?}"
        );
        // It did something a user can see: an effect, a prompt, a pane, a filter or a toast.
        let visible = !effects.is_empty()
            || !matches!(s.view.mode, Mode::Normal)
            || !said.is_empty()
            || s.view.focus != Pane::Callbacks
            || s.view.selected_agent.as_deref() != Some("u-oona")
            || !s.view.callback_filter.is_empty();
        assert!(visible, "“{name} {arg}” did nothing");
    }
}

fn palette_line(s: &State) -> (String, Option<String>) {
    match &s.view.mode {
        Mode::Palette(p) => (p.input.value().to_owned(), p.error.clone()),
        other => panic!("the palette is closed: {other:?}"),
    }
}

#[test]
fn palette_enter_takes_the_candidate_chosen_with_the_arrows() {
    let mut s = callbacks_state();
    // `qu` is queue or quit: ↓ chooses quit, Enter runs it (was "unknown command qu").
    update(&mut s, key(':'));
    type_text(&mut s, "qu");
    update(&mut s, code(KeyCode::Down));
    let effects = update(&mut s, code(KeyCode::Enter));
    assert!(
        effects.iter().any(|e| matches!(e, Effect::Quit)),
        "{effects:?} {:?}",
        s.view.mode
    );

    // ↑ back to queue: it needs a name, so Enter completes it and the palette stays.
    let mut s = callbacks_state();
    update(&mut s, key(':'));
    type_text(&mut s, "qu");
    update(&mut s, code(KeyCode::Down));
    update(&mut s, code(KeyCode::Up));
    update(&mut s, code(KeyCode::Enter));
    assert_eq!(palette_line(&s), ("queue ".to_owned(), None));

    // Without arrows the line runs as typed, and an ambiguous one says what it could be.
    update(&mut s, code(KeyCode::Esc));
    update(&mut s, key(':'));
    type_text(&mut s, "qu");
    update(&mut s, code(KeyCode::Enter));
    let (line, error) = palette_line(&s);
    assert_eq!(line, "qu");
    assert!(
        error
            .as_deref()
            .is_some_and(|e| e.contains("queue or quit")),
        "{error:?}"
    );
}

#[test]
fn palette_q_quits_and_up_recalls_earlier_lines() {
    let mut s = callbacks_state();
    for alias in ["q", "quit"] {
        update(&mut s, key(':'));
        type_text(&mut s, alias);
        let effects = update(&mut s, code(KeyCode::Enter));
        assert!(
            effects.iter().any(|e| matches!(e, Effect::Quit)),
            ":{alias} → {effects:?}"
        );
    }
    let mut s = callbacks_state();
    for line in ["queue helpdesk", "agent oona"] {
        update(&mut s, key(':'));
        type_text(&mut s, line);
        update(&mut s, code(KeyCode::Enter));
    }
    update(&mut s, key(':'));
    update(&mut s, code(KeyCode::Up));
    assert_eq!(palette_line(&s).0, "agent oona");
    update(&mut s, code(KeyCode::Up));
    assert_eq!(palette_line(&s).0, "queue helpdesk");
    update(&mut s, code(KeyCode::Up));
    assert_eq!(palette_line(&s).0, "queue helpdesk", "stops at the oldest");
    update(&mut s, code(KeyCode::Down));
    assert_eq!(palette_line(&s).0, "agent oona");
    update(&mut s, code(KeyCode::Enter));
    assert_eq!(s.view.selected_agent.as_deref(), Some("u-oona"));
    assert_eq!(
        s.view.palette_history.len(),
        2,
        "no repeat of the same line"
    );
}

/// Allocating a request: the picker lists the members of the queue the request's list
/// serves first, available ones before the others, and OffWork agents last.
#[test]
fn the_agent_picker_offers_available_members_of_the_lists_queue_first() {
    use evtop::app::panes::agents::pick_choices;
    let mut s = callbacks_state();
    update(&mut s, key('3'));
    let request = visible_callbacks(&s)[0].clone();
    s.callback_list_queues
        .insert(request.list_id.clone(), "q-sales".into());
    s.members.insert(
        "q-sales".into(),
        ["u-pekka", "u-lauri", "u-niko"].map(String::from).into(),
    );
    let availability = |s: &State, id: &str| s.agents[id].availability;
    assert_eq!(availability(&s, "u-pekka"), Some(Availability::Available));
    assert_eq!(availability(&s, "u-lauri"), Some(Availability::OffWork));
    let order: Vec<&str> = pick_choices(&s, "", Some(&request.id))
        .into_iter()
        .map(|(id, _)| id)
        .collect();
    assert_eq!(order[0], "u-pekka", "{order:?}");
    let pos = |id: &str| order.iter().position(|o| *o == id).unwrap();
    assert!(
        pos("u-niko") < pos("u-aino"),
        "members before others: {order:?}"
    );
    assert!(
        pos("u-lauri") < pos("u-aino"),
        "an OffWork member is still a member"
    );
    // Among the others, OffWork agents come last.
    let members = ["u-pekka", "u-lauri", "u-niko"];
    let others: Vec<bool> = order
        .iter()
        .filter(|id| !members.contains(id))
        .map(|id| availability(&s, id) == Some(Availability::OffWork))
        .collect();
    assert!(
        others.windows(2).all(|w| !w[0] || w[1]),
        "OffWork agents last: {order:?}"
    );
    // The prompt shows that order: Enter on the first row allocates to u-pekka.
    update(&mut s, key('a'));
    let effects = update(&mut s, code(KeyCode::Enter));
    let question = confirm_question(&s);
    assert!(question.contains("Pekka"), "{question} {effects:?}");
}

/// While an action on an agent waits for its answer, the status line says so and a
/// second action on the same agent is refused with the reason; the answer frees it.
#[test]
fn a_second_action_on_the_same_agent_waits_for_the_first() {
    let mut s = callbacks_state();
    select_agent(&mut s, "u-helmi");
    update(&mut s, key('w'));
    let first = update(&mut s, key('y'));
    assert_eq!(api_effects(&first).len(), 1);
    let status = text_of(&s, 120, 40);
    assert!(status.contains("⋯ 1 running"), "{status}");
    // Setting her availability now would race the termination.
    update(&mut s, key('a'));
    update(&mut s, code(KeyCode::Enter));
    update(&mut s, code(KeyCode::Enter));
    let second = update(&mut s, key('y'));
    assert!(api_effects(&second).is_empty(), "{second:?}");
    let (level, text) = last_toast(&s);
    assert_eq!(level, ToastLevel::Error);
    assert!(
        text.contains("is still waiting for its answer") && text.contains("Terminate wrap-up"),
        "{text}"
    );
    update(
        &mut s,
        Event::ActionDone {
            what: "Terminate wrap-up of Helmi Mäkinen".into(),
            result: Ok(String::new()),
        },
    );
    assert!(!text_of(&s, 120, 40).contains("running"));
}

/// The same message again counts (×3) on the message line instead of stacking.
#[test]
fn a_repeated_message_counts_instead_of_stacking() {
    let mut s = callbacks_state();
    s.toasts.clear();
    for _ in 0..3 {
        s.toast(ToastLevel::Error, "Alert for Aino: long call");
    }
    assert_eq!(s.toasts.len(), 1);
    let screen = text_of(&s, 120, 40);
    assert!(
        screen.contains("✖ Alert for Aino: long call (×3)"),
        "{screen}"
    );
}

fn text_of(s: &State, w: u16, h: u16) -> String {
    crate::ui_support::text(&crate::ui_support::render(s, w, h))
}

/// `:view NAME` shows only the queues of a `[views.NAME]` set (by name or id) and the
/// totals count only them; `:view` alone shows every queue again; an unknown name is
/// refused with the names there are.
#[test]
fn a_queue_set_narrows_the_queues_and_the_totals() {
    use evtop::app::panes::queues::visible;
    use evtop::app::totals::totals;
    let mut s = fixture::busy_state();
    s.views
        .insert("front".into(), vec!["sales".into(), "q-support".into()]);
    let all_waiting = totals(&s).waiting;
    let want: i64 = ["q-sales", "q-support"]
        .iter()
        .map(|id| s.queues[*id].waiting)
        .sum();
    assert!(
        want < all_waiting,
        "the set leaves callers out: {want} of {all_waiting}"
    );

    update(&mut s, key(':'));
    type_text(&mut s, "view front");
    update(&mut s, code(KeyCode::Enter));
    let names: Vec<&str> = visible(&s).iter().map(|q| q.name.as_str()).collect();
    assert_eq!(names, ["Customer Support", "Sales"]);
    assert_eq!(totals(&s).waiting, want);

    update(&mut s, key(':'));
    type_text(&mut s, "view nope");
    update(&mut s, code(KeyCode::Enter));
    let Mode::Palette(p) = &s.view.mode else {
        panic!("the palette reopens with the reason: {:?}", s.view.mode);
    };
    assert!(format!("{p:?}").contains("there are: front"), "{p:?}");
    update(&mut s, code(KeyCode::Esc));

    update(&mut s, key(':'));
    type_text(&mut s, "view");
    update(&mut s, code(KeyCode::Enter));
    assert_eq!(visible(&s).len(), s.queues.len());
    assert_eq!(totals(&s).waiting, all_waiting);
}
