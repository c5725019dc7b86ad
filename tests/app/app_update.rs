//! `update()` unit tests: every event type, including out-of-order and duplicate events.

use chrono::Duration;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use evtop::app::actions::run_action;
use evtop::app::effect::{ApiAction, Effect};
use evtop::app::fixture::*;
use evtop::app::panes::agents::visible as visible_agents;
use evtop::app::panes::queues::visible as visible_queues;
use evtop::app::state::{Activity, AgentStateFilter, Level, Mode, Pane, Since, State, ToastLevel};
use evtop::app::subscriptions::AGENT_EVENTS;
use evtop::app::{update, Event};
use evtop::app::{ActionError, Failure};
use evtop::model::payloads as p;
use evtop::model::rest::Availability;
use evtop::model::{EventKind, EventPayload, Stamp};
use evtop::rte::{ConnectionState, SessionUpdate, SubscriptionKey};

fn key(c: char) -> Event {
    Event::Key(KeyEvent::from(KeyCode::Char(c)))
}

fn code(k: KeyCode) -> Event {
    Event::Key(KeyEvent::from(k))
}

fn t(secs: i64) -> chrono::DateTime<chrono::Utc> {
    fixed_now() + Duration::seconds(secs)
}

fn state() -> State {
    let mut s = loaded_state();
    update(&mut s, Event::Tick(fixed_now()));
    s
}

// ----- snapshot and subscriptions ------------------------------------------------------

#[test]
fn snapshot_fills_the_screen_and_subscribes_everything() {
    let mut s = State::new(fixed_now());
    let effects = update(&mut s, Event::Snapshot(Box::new(snapshot())));
    assert_eq!(s.queues.len(), QUEUES.len());
    assert_eq!(
        s.agents.len(),
        AGENTS.len(),
        "the supervisor is no queue member"
    );
    assert_eq!(s.identity.name, "Sam Supervisor");
    let Some(keys) = effects.iter().find_map(|e| match e {
        Effect::Subscribe(keys) => Some(keys),
        _ => None,
    }) else {
        panic!("{effects:?}")
    };
    assert!(
        effects
            .iter()
            .any(|e| matches!(e, Effect::ReadCallRecords { .. })),
        "and today's call records are read"
    );
    assert!(keys.contains(&SubscriptionKey::new("q-sales", EventKind::QueueStatus)));
    for kind in AGENT_EVENTS {
        assert!(keys.contains(&SubscriptionKey::new("u-aino", kind.clone())));
    }
    // Each queue's call events too (a hub that does not offer them is not asked).
    for kind in evtop::app::subscriptions::QUEUE_CALL_EVENTS {
        assert!(keys.contains(&SubscriptionKey::new("q-sales", kind.clone())));
    }
    // Plus each agent's overflows and the supervisor's own alerts and monitoring offers.
    assert_eq!(
        keys.len(),
        QUEUES.len() * (1 + evtop::app::subscriptions::QUEUE_CALL_EVENTS.len())
            + AGENTS.len() * AGENT_EVENTS.len()
            + AGENTS.len()
            + 2
    );
    // Same snapshot again: nothing new to subscribe.
    assert!(update(&mut s, Event::Snapshot(Box::new(snapshot()))).is_empty());
    // A queue disappears: unsubscribe it.
    let mut snap = snapshot();
    snap.queues.retain(|q| q.id != "q-vip");
    let effects = update(&mut s, Event::Snapshot(Box::new(snap)));
    let mut gone = vec![SubscriptionKey::new("q-vip", EventKind::QueueStatus)];
    gone.extend(
        evtop::app::subscriptions::QUEUE_CALL_EVENTS
            .iter()
            .map(|k| SubscriptionKey::new("q-vip", k.clone())),
    );
    gone.sort();
    assert_eq!(effects, vec![Effect::Unsubscribe(gone)]);
    assert!(!s.queues.contains_key("q-vip"));
}

#[test]
fn snapshot_strings_are_sanitized() {
    let mut s = State::new(fixed_now());
    let mut snap = snapshot();
    snap.queues[0].name = "Sales\u{1b}[2J\u{1b}]0;evil\u{7}".into();
    update(&mut s, Event::Snapshot(Box::new(snap)));
    assert_eq!(s.queues["q-sales"].name, "Sales");
}

#[test]
fn snapshot_failure_is_a_toast_and_a_pane_message() {
    let mut s = State::new(fixed_now());
    update(&mut s, Event::SnapshotFailed("HTTP 503".into()));
    assert_eq!(s.snapshot.error.as_deref(), Some("HTTP 503"));
    assert_eq!(s.toasts[0].level, ToastLevel::Error);
    assert!(s.toasts[0].text.contains("HTTP 503"));
}

// ----- QueueStatus ----------------------------------------------------------------------

#[test]
fn queue_status_updates_counts() {
    let mut s = state();
    update(&mut s, queue_status("q-sales", "e1", t(0), 4, 30, 1));
    let q = &s.queues["q-sales"];
    assert_eq!((q.waiting, q.max_wait_secs, q.free), (4, 30, 1));
    assert_eq!((q.allocated, q.connected, q.wrap_up), (1, 2, 1));
    assert_eq!(q.level(&s.thresholds, s.now), Level::Warn);
    assert!(s.last_event_at.is_some());
}

#[test]
fn queue_status_out_of_order_and_duplicate_are_ignored() {
    let mut s = state();
    update(&mut s, queue_status("q-sales", "e2", t(10), 5, 0, 0));
    // Older event arriving late.
    update(&mut s, queue_status("q-sales", "e1", t(5), 1, 0, 0));
    assert_eq!(s.queues["q-sales"].waiting, 5);
    // Same id again (a redelivery), even with other numbers.
    update(&mut s, queue_status("q-sales", "e2", t(20), 9, 0, 0));
    assert_eq!(s.queues["q-sales"].waiting, 5);
    // A newer one applies.
    update(&mut s, queue_status("q-sales", "e3", t(30), 2, 0, 0));
    assert_eq!(s.queues["q-sales"].waiting, 2);
}

#[test]
fn longest_wait_ticks_locally_between_events() {
    let mut s = state();
    update(&mut s, queue_status("q-sales", "e1", t(0), 2, 50, 0));
    assert_eq!(s.queues["q-sales"].longest_wait_secs(s.now), 50);
    update(&mut s, Event::Tick(t(15)));
    assert_eq!(s.queues["q-sales"].longest_wait_secs(s.now), 65);
    assert_eq!(s.queues["q-sales"].level(&s.thresholds, s.now), Level::Warn);
    // Nobody waiting: no longest wait.
    update(&mut s, queue_status("q-sales", "e2", t(16), 0, 0, 0));
    update(&mut s, Event::Tick(t(30)));
    assert_eq!(s.queues["q-sales"].longest_wait_secs(s.now), 0);
}

#[test]
fn thresholds_mark_warn_and_alert() {
    let mut s = state();
    update(&mut s, queue_status("q-sales", "e1", t(0), 6, 0, 0));
    assert_eq!(
        s.queues["q-sales"].level(&s.thresholds, s.now),
        Level::Alert
    );
    update(&mut s, queue_status("q-sales", "e2", t(1), 1, 200, 0));
    assert_eq!(
        s.queues["q-sales"].level(&s.thresholds, s.now),
        Level::Alert
    );
    s.thresholds.longest_wait_alert_secs = 600;
    assert_eq!(s.queues["q-sales"].level(&s.thresholds, s.now), Level::Warn);
}

#[test]
fn sparkline_keeps_the_busiest_moment_of_each_bucket() {
    let mut s = state();
    update(&mut s, queue_status("q-sales", "e1", t(1), 7, 0, 0));
    update(&mut s, queue_status("q-sales", "e2", t(2), 1, 0, 0));
    update(&mut s, Event::Tick(t(10)));
    update(&mut s, Event::Tick(t(20)));
    let samples: Vec<Option<i64>> = s.queues["q-sales"].spark_samples().collect();
    let n = samples.len();
    assert_eq!(
        &samples[n - 3..],
        &[Some(7), Some(1), Some(1)],
        "{samples:?}"
    );
}

#[test]
fn sparkline_shows_an_outage_as_a_gap_not_a_flat_line() {
    let mut s = state();
    update(&mut s, queue_status("q-sales", "e1", t(1), 5, 0, 0));
    update(&mut s, Event::Tick(t(10)));
    // Lost at 0:15; STALE from 0:20; back at 0:55.
    update(&mut s, Event::Tick(t(15)));
    update(&mut s, evtop::app::fixture::connection_lost(1, 1));
    for secs in (16..55).step_by(3) {
        update(&mut s, Event::Tick(t(secs)));
    }
    update(
        &mut s,
        Event::Session(SessionUpdate::State(ConnectionState::Live)),
    );
    update(&mut s, queue_status("q-sales", "e2", t(56), 2, 0, 0));
    update(&mut s, Event::Tick(t(62)));
    let samples: Vec<Option<i64>> = s.queues["q-sales"].spark_samples().collect();
    let n = samples.len();
    // 0:10–0:20 was live for a while (5 callers); 0:20–0:30, 0:30–0:40 and 0:40–0:50
    // had no live data; 0:50–0:60 has live data again, and so has the open bucket.
    assert_eq!(
        &samples[n - 7..],
        &[Some(5), Some(5), None, None, None, Some(5), Some(2)],
        "{samples:?}"
    );
    let row = crate::ui_support::text(&crate::ui_support::render(&s, 120, 40))
        .lines()
        .find(|l| l.contains("Sales"))
        .unwrap()
        .to_owned();
    assert!(row.contains("██   █"), "{row}");
    insta::assert_snapshot!("sparkline_outage_gap_120x40", row);
}

#[test]
fn queue_status_for_an_unknown_queue_adds_a_row() {
    let mut s = state();
    update(&mut s, queue_status("q-new", "e1", t(0), 1, 3, 0));
    assert_eq!(s.queues["q-new"].name, "q-new");
}

// ----- UserStatus -----------------------------------------------------------------------

#[test]
fn user_status_sets_activity_and_time_in_state() {
    let mut s = state();
    update(
        &mut s,
        user_status("u-aino", "e1", t(-30), true, Some("q-sales")),
    );
    let a = &s.agents["u-aino"];
    assert_eq!(a.activity(), Activity::Talking);
    assert_eq!(a.active_queue_id.as_deref(), Some("q-sales"));
    assert_eq!(a.state_since, Some(t(-30)));
    // The same state again does not restart the clock.
    update(
        &mut s,
        user_status("u-aino", "e2", t(-10), true, Some("q-sales")),
    );
    assert_eq!(s.agents["u-aino"].state_since, Some(t(-30)));
}

#[test]
fn user_status_out_of_order_and_duplicate_are_ignored() {
    let mut s = state();
    update(&mut s, user_status("u-aino", "e2", t(-5), false, None));
    update(
        &mut s,
        user_status("u-aino", "e1", t(-20), true, Some("q-sales")),
    );
    assert!(!s.agents["u-aino"].talking, "stale status ignored");
    update(
        &mut s,
        user_status("u-aino", "e3", t(-1), true, Some("q-sales")),
    );
    assert!(s.agents["u-aino"].talking);
    update(&mut s, user_status("u-aino", "e2", t(0), false, None));
    assert!(s.agents["u-aino"].talking, "redelivered id ignored");
}

#[test]
fn user_status_carries_wrap_up_and_availability() {
    let mut s = state();
    let ev = rte(
        EventKind::UserStatus,
        envelope("e1", "u-eero", t(0)),
        EventPayload::UserStatus(p::UserStatus {
            user_id: "u-eero".into(),
            wrap_up_start: Stamp::At(t(-10)),
            wrap_up_end: Stamp::At(t(50)),
            availability_status: "DoNotDisturb".into(),
            note: "Lunch".into(),
            ..p::UserStatus::default()
        }),
    );
    update(&mut s, ev);
    let a = &s.agents["u-eero"];
    assert_eq!(a.activity(), Activity::WrapUp);
    assert_eq!(a.wrap_up_left_secs(s.now), Some(50));
    assert_eq!(a.availability, Some(Availability::DoNotDisturb));
    assert_eq!(a.note, "Lunch");
    // On wrap-up since the wrap-up began, not since the event arrived; the state (on
    // wrap-up and DoNotDisturb) since the availability changed, which this status is.
    assert_eq!(a.activity_since, Some(Since::Exact(t(-10))));
    assert_eq!(a.state_since, Some(t(0)));
    assert!(!a.state_since_lower_bound);
}

/// Time in state follows TalkingStatusChanged when the talking state flips, even when
/// the event itself comes later; a change of availability alone uses the event's time.
#[test]
fn time_in_state_starts_when_talking_changed() {
    let mut s = state();
    let status = |id: &str, at: i64, talking: bool, changed: i64, avail: &str| {
        rte(
            EventKind::UserStatus,
            envelope(id, "u-aino", t(at)),
            EventPayload::UserStatus(p::UserStatus {
                user_id: "u-aino".into(),
                talking,
                talking_status_changed: Stamp::At(t(changed)),
                availability_status: avail.into(),
                ..p::UserStatus::default()
            }),
        )
    };
    update(&mut s, status("e1", -50, true, -65, "Available"));
    assert_eq!(s.agents["u-aino"].state_since, Some(t(-65)));
    update(&mut s, status("e2", -20, false, -25, "Available"));
    assert_eq!(s.agents["u-aino"].activity(), Activity::Idle);
    assert_eq!(s.agents["u-aino"].state_since, Some(t(-25)));
    // Availability changes, talking does not: the event's time.
    update(&mut s, status("e3", -5, false, -25, "Busy"));
    assert_eq!(s.agents["u-aino"].state_since, Some(t(-5)));
    // A TalkingStatusChanged in the future (clock skew) is capped at now.
    update(&mut s, status("e4", -1, true, 30, "Busy"));
    assert_eq!(s.agents["u-aino"].state_since, Some(t(0)));
}

#[test]
fn events_for_unknown_users_are_ignored() {
    let mut s = state();
    let before = s.agents.clone();
    update(&mut s, user_status("u-stranger", "e1", t(0), true, None));
    assert_eq!(s.agents, before);
}

// ----- UserAvailability -----------------------------------------------------------------

#[test]
fn availability_sets_word_and_sanitized_note() {
    let mut s = state();
    update(
        &mut s,
        user_availability("u-juha", "e1", t(0), "DoNotDisturb", "Train\u{1b}[31ming"),
    );
    let a = &s.agents["u-juha"];
    assert_eq!(a.availability, Some(Availability::DoNotDisturb));
    assert_eq!(a.note, "Training");
    update(
        &mut s,
        user_availability("u-juha", "e2", t(1), "Vacation", ""),
    );
    assert_eq!(s.agents["u-juha"].availability_word(), "Vacation");
}

#[test]
fn availability_out_of_order_and_duplicate_are_ignored() {
    let mut s = state();
    update(&mut s, user_availability("u-juha", "e2", t(0), "Away", "a"));
    update(
        &mut s,
        user_availability("u-juha", "e1", t(-60), "Available", ""),
    );
    assert_eq!(s.agents["u-juha"].availability, Some(Availability::Away));
    update(&mut s, user_availability("u-juha", "e2", t(5), "Busy", ""));
    assert_eq!(s.agents["u-juha"].availability, Some(Availability::Away));
    // A stale UserStatus does not overwrite a newer UserAvailability either.
    let ev = rte(
        EventKind::UserStatus,
        envelope("e9", "u-juha", t(-30)),
        EventPayload::UserStatus(p::UserStatus {
            user_id: "u-juha".into(),
            availability_status: "Available".into(),
            ..p::UserStatus::default()
        }),
    );
    update(&mut s, ev);
    assert_eq!(s.agents["u-juha"].availability, Some(Availability::Away));
}

// ----- wrap-up --------------------------------------------------------------------------

#[test]
fn wrap_up_counts_down_from_its_end() {
    let mut s = state();
    update(&mut s, wrap_up_started("u-helmi", "e1", t(0), "w1", 60));
    assert_eq!(s.agents["u-helmi"].wrap_up_left_secs(s.now), Some(60));
    update(&mut s, Event::Tick(t(45)));
    assert_eq!(s.agents["u-helmi"].wrap_up_left_secs(s.now), Some(15));
    update(&mut s, Event::Tick(t(90)));
    assert_eq!(s.agents["u-helmi"].wrap_up_left_secs(s.now), Some(0));
}

#[test]
fn wrap_up_terminate_request_then_terminated() {
    let mut s = state();
    update(&mut s, wrap_up_started("u-helmi", "e1", t(0), "w1", 60));
    let req = rte(
        EventKind::UserWrapUpRequestTerminate,
        envelope("e2", "u-helmi", t(1)),
        EventPayload::UserWrapUpRequestTerminate(p::UserWrapUpRequestTerminate {
            user_id: "u-helmi".into(),
            reason: "manual".into(),
            wrap_up_id: Some("w1".into()),
        }),
    );
    update(&mut s, req);
    assert!(s.agents["u-helmi"]
        .wrap_up
        .as_ref()
        .is_some_and(|w| w.terminating));
    update(&mut s, Event::Tick(t(5)));
    update(&mut s, wrap_up_terminated("u-helmi", "e3", t(2), "w1"));
    assert_eq!(s.agents["u-helmi"].activity(), Activity::Idle);
    assert_eq!(s.agents["u-helmi"].state_since, Some(t(2)));
}

#[test]
fn wrap_up_out_of_order_and_duplicate() {
    let mut s = state();
    // Terminated arrives before the (older) Started: the start must not resurrect it.
    update(&mut s, wrap_up_terminated("u-helmi", "e2", t(30), "w1"));
    update(&mut s, wrap_up_started("u-helmi", "e1", t(0), "w1", 60));
    assert!(s.agents["u-helmi"].wrap_up.is_none());
    // A new wrap-up; the end of an older one does not end it.
    update(&mut s, wrap_up_started("u-helmi", "e3", t(40), "w2", 60));
    update(&mut s, wrap_up_terminated("u-helmi", "e4", t(41), "w1"));
    assert!(s.agents["u-helmi"].wrap_up.is_some());
    // Duplicate Started (same id) does not reset the countdown.
    update(&mut s, wrap_up_started("u-helmi", "e3", t(45), "w2", 60));
    assert_eq!(
        s.agents["u-helmi"].wrap_up.as_ref().and_then(|w| w.started),
        Some(t(40))
    );
}

// ----- calls ----------------------------------------------------------------------------

#[test]
fn calls_connect_hold_and_end_even_out_of_order() {
    let mut s = state();
    update(
        &mut s,
        call_connected("u-aino", "c1", t(0), "call-9", "+358401"),
    );
    assert!(s.call_of("u-aino").is_some_and(|c| c.connected));
    let hold = rte(
        EventKind::UserCallInHoldStart,
        envelope("c2", "u-aino", t(1)),
        EventPayload::UserCallInHoldStart(p::UserCallInHoldStart {
            call_id: "call-9".into(),
            leg_id: String::new(),
            user_id: "u-aino".into(),
        }),
    );
    update(&mut s, hold);
    assert!(s.call_of("u-aino").is_some_and(|c| c.on_hold));
    let gone = rte(
        EventKind::UserCallInDisconnected,
        envelope("c3", "u-aino", t(2)),
        EventPayload::UserCallInDisconnected(p::UserCallInDisconnected {
            call_id: "call-9".into(),
            user_id: "u-aino".into(),
            ..p::UserCallInDisconnected::default()
        }),
    );
    update(&mut s, gone);
    assert!(s.call_of("u-aino").is_none());
    // A late "connected" for the ended call (new event id) does not bring it back.
    update(
        &mut s,
        call_connected("u-aino", "c4", t(1), "call-9", "+358401"),
    );
    assert!(s.call_of("u-aino").is_none());
}

// ----- callbacks, alerts ----------------------------------------------------------------

fn callback(id: &str, event_id: &str, at: i64, closed: bool) -> Event {
    rte(
        EventKind::CallbackChanged,
        envelope(event_id, "list-1", t(at)),
        EventPayload::CallbackChanged(Box::new(p::CallbackChanged {
            call_back_id: id.into(),
            call_list_id: "list-1".into(),
            modified: Stamp::At(t(at)),
            contact_name: "Matti Meikäläinen".into(),
            contact_number: "+358409999".into(),
            is_closed: closed,
            ..p::CallbackChanged::default()
        })),
    )
}

#[test]
fn callback_changed_opens_closes_and_ignores_stale() {
    let mut s = state();
    update(&mut s, callback("cb1", "e1", 0, false));
    assert!(s.callbacks.contains_key("cb1"));
    update(&mut s, callback("cb1", "e2", 10, true));
    assert!(!s.callbacks.contains_key("cb1"), "closed ones leave");
    update(&mut s, callback("cb2", "e3", 20, false));
    update(&mut s, callback("cb2", "e4", 5, true));
    assert!(s.callbacks.contains_key("cb2"), "a stale close is ignored");
}

/// CallbackChanged carries no attempt count: a newer LastAttemptTimestamp counts one
/// more attempt, a repeat of the same attempt does not, an attempt history gives it.
#[test]
fn callback_attempts_follow_the_latest_attempt() {
    let mut s = state();
    let attempt = |event_id: &str, at: i64, last: Option<i64>, history: Option<usize>| {
        rte(
            EventKind::CallbackChanged,
            envelope(event_id, "list-1", t(at)),
            EventPayload::CallbackChanged(Box::new(p::CallbackChanged {
                call_back_id: "cb1".into(),
                call_list_id: "list-1".into(),
                modified: Stamp::At(t(at)),
                contact_number: "+358409999".into(),
                last_attempt_timestamp: last.map(|l| Stamp::At(t(l))).unwrap_or_default(),
                last_attempt_note: "Soitto aloitettu".into(),
                callback_attempts: history
                    .map(|n| serde_json::json!(vec![serde_json::json!({}); n])),
                ..p::CallbackChanged::default()
            })),
        )
    };
    update(&mut s, attempt("e1", -50, None, None));
    assert_eq!(s.callbacks["cb1"].attempts, 0);
    update(&mut s, attempt("e2", -40, Some(-40), None));
    assert_eq!(s.callbacks["cb1"].attempts, 1);
    assert_eq!(s.callbacks["cb1"].last_attempt_note, "Soitto aloitettu");
    // Another change (say, an assignment) repeating the same attempt.
    update(&mut s, attempt("e3", -30, Some(-40), None));
    assert_eq!(s.callbacks["cb1"].attempts, 1);
    update(&mut s, attempt("e4", -20, Some(-20), None));
    assert_eq!(s.callbacks["cb1"].attempts, 2);
    update(&mut s, attempt("e5", -10, Some(-10), Some(5)));
    assert_eq!(s.callbacks["cb1"].attempts, 5, "the history wins");
}

#[test]
fn user_alert_becomes_an_error_toast() {
    let mut s = state();
    let ev = rte(
        EventKind::UserAlert,
        envelope("e1", "u-aino", t(0)),
        EventPayload::UserAlert(p::UserAlert {
            user_id: "u-aino".into(),
            condition_name: "LongCall".into(),
            value: "900".into(),
            ..p::UserAlert::default()
        }),
    );
    update(&mut s, ev.clone());
    update(&mut s, ev);
    assert_eq!(s.toasts.len(), 1, "duplicates toast once");
    assert_eq!(s.toasts[0].text, "Alert for Aino Virtanen: LongCall 900");
}

// ----- session --------------------------------------------------------------------------

#[test]
fn connection_changes_and_resync() {
    let mut s = state();
    let reconnecting = ConnectionState::Reconnecting {
        attempt: 1,
        reason: "closed".into(),
        retry_in: std::time::Duration::from_secs(1),
    };
    update(
        &mut s,
        Event::Session(SessionUpdate::State(reconnecting.clone())),
    );
    assert_eq!(s.connection, reconnecting);
    assert_eq!(
        update(&mut s, Event::Session(SessionUpdate::Resynced)),
        vec![Effect::RefreshSnapshot]
    );
}

/// After the server closed the connection for good, `r` reconnects (and reloads); while
/// live it only reloads.
#[test]
fn r_reconnects_after_a_final_close() {
    let mut s = state();
    assert_eq!(update(&mut s, key('r')), vec![Effect::RefreshSnapshot]);
    // That reload ends before the connection fails.
    update(&mut s, Event::Snapshot(Box::new(snapshot())));
    update(
        &mut s,
        Event::Session(SessionUpdate::State(ConnectionState::Failed {
            reason: "closed by the server: maintenance".into(),
        })),
    );
    assert_eq!(
        update(&mut s, key('r')),
        vec![Effect::Reconnect, Effect::RefreshSnapshot]
    );
    assert!(s.toasts.last().unwrap().text.starts_with("Reconnecting"));
}

#[test]
fn rejected_subscription_toasts_and_can_be_retried() {
    let mut s = state();
    let key = SubscriptionKey::new("q-sales", EventKind::QueueStatus);
    assert!(s.subscribed.contains(&key));
    update(
        &mut s,
        Event::Session(SessionUpdate::SubscriptionRejected {
            key: key.clone(),
            message: "Unauthorized".into(),
        }),
    );
    assert!(!s.subscribed.contains(&key));
    assert!(s.toasts[0]
        .text
        .contains("QueueStatus for Sales refused: Unauthorized"));
}

/// A login that may not see other agents gets a refusal per subscription: one toast
/// counts them, the event log lists the first few, and a later burst starts anew.
#[test]
fn a_burst_of_refusals_is_one_counting_toast() {
    let mut s = state();
    let agents: Vec<String> = s.agents.keys().cloned().collect();
    let mut refusals = 0;
    for id in &agents {
        for kind in [EventKind::UserStatus, EventKind::UserAvailability] {
            update(
                &mut s,
                Event::Session(SessionUpdate::SubscriptionRejected {
                    key: SubscriptionKey::new(id, kind),
                    message: "Unauthorized".into(),
                }),
            );
            refusals += 1;
        }
    }
    assert!(refusals > 10);
    assert_eq!(s.toasts.len(), 1, "{:?}", s.toasts);
    let text = &s.toasts[0].text;
    assert!(
        text.starts_with(&format!(
            "{refusals} subscriptions refused: Unauthorized (latest: UserAvailability for "
        )),
        "{text}"
    );
    assert!(text.ends_with(") — this login may not see them"), "{text}");
    let logged = s
        .log
        .entries
        .iter()
        .filter(|e| e.text.contains("refused"))
        .count();
    assert_eq!(
        logged, 4,
        "three listed, then one line saying the rest are counted"
    );
    // Once the toast is gone, the next refusal is a burst of its own.
    let later = s.now + Duration::seconds(30);
    update(&mut s, Event::Tick(later));
    update(
        &mut s,
        Event::Session(SessionUpdate::SubscriptionRejected {
            key: SubscriptionKey::new("q-sales", EventKind::QueueStatus),
            message: "Unauthorized".into(),
        }),
    );
    let last = s.toasts.last().unwrap();
    assert_eq!(last.text, "QueueStatus for Sales refused: Unauthorized");
}

// ----- keys, view, toasts ---------------------------------------------------------------

#[test]
fn q_quits_at_once_in_normal_mode() {
    let mut s = state();
    assert_eq!(update(&mut s, key('q')), vec![Effect::Quit]);
    let mut s = state();
    let ctrl_c = KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL);
    assert_eq!(update(&mut s, Event::Key(ctrl_c)), vec![Effect::Quit]);
}

#[test]
fn wall_mode_needs_a_confirm_and_refuses_actions_and_prompts() {
    let mut s = state();
    s.wall = true;
    assert!(update(&mut s, key('q')).is_empty());
    assert!(matches!(s.view.mode, Mode::ConfirmQuit));
    assert!(
        update(&mut s, key('n')).is_empty(),
        "anything but y cancels"
    );
    assert!(matches!(s.view.mode, Mode::Normal));
    update(&mut s, key('q'));
    assert_eq!(update(&mut s, key('y')), vec![Effect::Quit]);

    let mut s = state();
    s.wall = true;
    update(&mut s, key(':'));
    assert!(
        matches!(s.view.mode, Mode::Normal),
        "no palette on a wall: it could reach server actions"
    );
    // A filter only changes the view: allowed on a wall.
    update(&mut s, key('/'));
    assert!(
        matches!(s.view.mode, Mode::Filter { .. }),
        "{:?}",
        s.view.mode
    );
    update(&mut s, code(KeyCode::Esc));
    let effects = run_action(
        &mut s,
        "Terminate wrap-up of Aino Virtanen".into(),
        ApiAction::TerminateWrapUp {
            user_id: "u-aino".into(),
            wrap_up_id: None,
        },
    );
    assert!(effects.is_empty());
    assert!(s
        .toasts
        .last()
        .is_some_and(|t| t.text.contains("read-only")));
    // View keys still work.
    update(&mut s, key('j'));
    assert_eq!(s.view.selected_queue.as_deref(), Some("q-billing"));
}

/// The wall's help lists only the keys that do something there.
#[test]
fn wall_help_lists_only_what_works_on_a_wall() {
    use evtop::app::help::{lines, HelpLine};
    let keys_of = |s: &State| -> Vec<String> {
        lines(s, 120, 80)
            .into_iter()
            .filter_map(|l| match l {
                HelpLine::Key { text, .. } => Some(text),
                _ => None,
            })
            .collect()
    };
    let mut s = state();
    let console = keys_of(&s);
    s.wall = true;
    let wall = keys_of(&s);
    assert!(console.len() > wall.len(), "{console:?} vs {wall:?}");
    for refused in evtop::app::keymap::Action::ALL
        .iter()
        .filter(|a| !a.works_on_wall())
    {
        assert!(
            !wall.iter().any(|t| t == refused.desc()),
            "the wall's help lists {refused:?}"
        );
    }
    assert!(wall.iter().any(|t| t == "move down"));
}

#[test]
fn actions_outside_wall_mode_become_effects() {
    let mut s = state();
    let action = ApiAction::AutoAllocation {
        user_id: "u-aino".into(),
    };
    let effects = run_action(&mut s, "Auto-allocate".into(), action.clone());
    assert_eq!(
        effects,
        vec![Effect::Api {
            what: "Auto-allocate".into(),
            action
        }]
    );
    update(
        &mut s,
        Event::ActionDone {
            what: "Auto-allocate".into(),
            result: Err(ActionError::new(
                Failure::Other,
                "HTTP 409: already allocated",
            )),
        },
    );
    assert_eq!(s.toasts[0].level, ToastLevel::Error);
    assert!(s.toasts[0].text.starts_with("Auto-allocate failed: "));
    let logged = &s.log.entries.back().expect("logged").text;
    assert!(
        logged.contains("Auto-allocate failed: HTTP 409"),
        "{logged}"
    );
}

#[test]
fn moving_drilling_and_filtering() {
    let mut s = state();
    assert_eq!(
        s.view.selected_queue.as_deref(),
        Some("q-after"),
        "first by name"
    );
    update(&mut s, code(KeyCode::Down));
    update(&mut s, key('j'));
    assert_eq!(s.view.selected_queue.as_deref(), Some("q-support"));
    update(&mut s, key('G'));
    assert_eq!(s.view.selected_queue.as_deref(), Some("q-vip"));
    for _ in 0..4 {
        update(&mut s, key('k'));
    }
    assert_eq!(s.view.selected_queue.as_deref(), Some("q-billing"));
    // Enter on Billing: agents of Billing only.
    update(&mut s, code(KeyCode::Enter));
    assert_eq!(s.view.focus, Pane::Agents);
    let billing: Vec<&str> = visible_agents(&s).iter().map(|a| a.id.as_str()).collect();
    assert_eq!(billing.len(), s.members["q-billing"].len());
    assert!(billing.len() < AGENTS.len());
    update(&mut s, code(KeyCode::Esc));
    assert_eq!(visible_agents(&s).len(), AGENTS.len());
    // Text filter (tui-input) in the agents pane.
    for c in "/eero".chars() {
        update(&mut s, key(c));
    }
    assert!(matches!(s.view.mode, Mode::Filter { .. }));
    update(&mut s, code(KeyCode::Enter));
    assert!(matches!(s.view.mode, Mode::Normal));
    let names: Vec<&str> = visible_agents(&s).iter().map(|a| a.name.as_str()).collect();
    assert_eq!(names, vec!["Eero Korhonen"]);
    assert_eq!(s.view.selected_agent.as_deref(), Some("u-eero"));
}

#[test]
fn state_filter_sort_and_theme_cycle() {
    let mut s = busy_state();
    update(&mut s, code(KeyCode::Tab));
    update(&mut s, key('f'));
    assert_eq!(s.view.agent_state, AgentStateFilter::Available);
    update(&mut s, key('f'));
    assert_eq!(s.view.agent_state, AgentStateFilter::Talking);
    assert!(visible_agents(&s)
        .iter()
        .all(|a| a.activity() == Activity::Talking));
    update(&mut s, code(KeyCode::BackTab));
    assert_eq!(s.view.focus, Pane::Queues);
    // s cycles to CALLERS: a count starts worst (most) first; S reverses.
    for _ in 0..12 {
        if s.view.queue_sort.column.title() == "CALLERS" {
            break;
        }
        update(&mut s, key('s'));
    }
    assert_eq!(s.view.queue_sort.column.title(), "CALLERS");
    assert!(s.view.queue_sort.descending);
    let first = visible_queues(&s)[0].id.clone();
    assert_eq!(first, "q-support", "most callers first");
    update(&mut s, key('S'));
    assert_ne!(visible_queues(&s)[0].id, "q-support", "S: fewest first");
    update(&mut s, key('S'));
    s.view.theme_names = vec!["default".into(), "dark".into()];
    update(&mut s, key('t'));
    assert_eq!(s.theme_name(), "dark");
    update(&mut s, key('t'));
    assert_eq!(s.theme_name(), "default");
}

#[test]
fn help_opens_and_closes() {
    let mut s = state();
    update(&mut s, key('?'));
    assert!(matches!(s.view.mode, Mode::Help));
    assert!(
        update(&mut s, key('q')).is_empty(),
        "q closes help, does not quit"
    );
    assert!(matches!(s.view.mode, Mode::Normal));
}

#[test]
fn toasts_expire_on_the_clock() {
    let mut s = state();
    update(&mut s, key('r'));
    assert_eq!(s.toasts.len(), 1);
    update(&mut s, Event::Tick(t(3)));
    assert_eq!(s.toasts.len(), 1);
    update(&mut s, Event::Tick(t(10)));
    assert!(s.toasts.is_empty());
}

#[test]
fn refresh_key_asks_for_a_snapshot() {
    let mut s = state();
    assert_eq!(update(&mut s, key('r')), vec![Effect::RefreshSnapshot]);
}

#[test]
fn connection_reasons_are_sanitized() {
    let mut s = state();
    update(
        &mut s,
        Event::Session(SessionUpdate::State(ConnectionState::Failed {
            reason: "closed: \u{1b}]0;owned\u{7}bye\u{1b}[2J".into(),
        })),
    );
    assert_eq!(
        s.connection,
        ConnectionState::Failed {
            reason: "closed: bye".into()
        }
    );
}

/// A key of another pane is not silently ignored: it says where it works.
#[test]
fn a_key_of_another_pane_says_where_it_works() {
    let mut s = state();
    s.view.focus = Pane::Queues;
    assert!(update(&mut s, key('w')).is_empty());
    let toast = s.toasts.last().expect("a toast").text.clone();
    assert_eq!(
        toast,
        "w (end wrap-up) works in the Agents pane: 2 goes there"
    );
}
