//! The REST reload after a reconnect: it never undoes newer live data (each part of a
//! snapshot says when it was read), reloads asked for meanwhile are not dropped, and a
//! failed one is retried on its own, with the status line saying so until it succeeds.

use crate::ui_support::{render, text};
use chrono::Duration;
use evtop::app::effect::Effect;
use evtop::app::fixture::*;
use evtop::app::state::State;
use evtop::app::{update, Event, ReadMarks, Snapshot};
use evtop::model::payloads as p;
use evtop::model::rest::{Availability, CallbackList, CallbackRequest};
use evtop::model::{EventKind, EventPayload, Stamp};
use evtop::rte::SessionUpdate;

fn t(secs: i64) -> chrono::DateTime<chrono::Utc> {
    fixed_now() + Duration::seconds(secs)
}

/// Marks as a loader takes them: every part read at `seq`.
fn read_at(seq: u64) -> ReadMarks {
    ReadMarks {
        queues: seq,
        availability: seq,
        callbacks: seq,
    }
}

/// The fixture's snapshot, with 3 callers in Sales, every agent Available, and the
/// given callback requests open.
fn snapshot_read_at(seq: u64, callbacks: &[&str]) -> Snapshot {
    let mut snap = snapshot();
    let sales = snap.queues.iter_mut().find(|q| q.id == "q-sales").unwrap();
    sales.status.as_mut().unwrap().queue_length = 3;
    snap.callback_lists = vec![CallbackList {
        id: "cl-1".into(),
        name: "Callbacks".into(),
        queue_id: Some("q-sales".into()),
    }];
    snap.callback_requests = callbacks
        .iter()
        .map(|id| CallbackRequest {
            id: (*id).into(),
            call_list_id: "cl-1".into(),
            contact_name: format!("contact of {id}"),
            ..CallbackRequest::default()
        })
        .collect();
    snap.read = read_at(seq);
    snap
}

fn callback_changed(id: &str, event_id: &str, secs: i64, closed: bool) -> Event {
    rte(
        EventKind::CallbackChanged,
        envelope(event_id, "cl-1", t(secs)),
        EventPayload::CallbackChanged(Box::new(p::CallbackChanged {
            call_back_id: id.into(),
            call_list_id: "cl-1".into(),
            modified: Stamp::At(t(secs)),
            contact_name: format!("live {id}"),
            is_closed: closed,
            ..p::CallbackChanged::default()
        })),
    )
}

/// A state that has applied the first snapshot and is reloading (after a reconnect).
fn reloading() -> State {
    let mut s = loaded_state();
    assert_eq!(
        update(&mut s, Event::Session(SessionUpdate::Resynced)),
        vec![Effect::RefreshSnapshot]
    );
    s
}

fn status_line(s: &State) -> String {
    text(&render(s, 120, 40))
        .lines()
        .last()
        .unwrap_or_default()
        .to_owned()
}

#[test]
fn queue_counts_read_before_a_queue_status_do_not_undo_it() {
    let mut s = reloading();
    let read = s.live_seq;
    // Three calls arrive after the loader read the queues: the event says 6.
    update(&mut s, queue_status("q-sales", "ev-q6", t(5), 6, 40, 1));
    assert_eq!(s.queues["q-sales"].waiting, 6);
    update(
        &mut s,
        Event::Snapshot(Box::new(snapshot_read_at(read, &[]))),
    );
    assert_eq!(
        s.queues["q-sales"].waiting, 6,
        "the older REST count (3) won"
    );
    assert_eq!(s.queues["q-sales"].free, 1);
    // Other queues, which no event touched since, take the snapshot's counts.
    assert_eq!(s.queues["q-support"].free, 2);
}

#[test]
fn queue_counts_read_after_the_last_queue_status_replace_it() {
    let mut s = reloading();
    update(&mut s, queue_status("q-sales", "ev-q6", t(5), 6, 40, 1));
    let read = s.live_seq;
    update(
        &mut s,
        Event::Snapshot(Box::new(snapshot_read_at(read, &[]))),
    );
    assert_eq!(
        s.queues["q-sales"].waiting, 3,
        "REST read later is the truth"
    );
}

#[test]
fn a_queue_an_event_brought_after_the_list_was_read_stays() {
    let mut s = reloading();
    let read = s.live_seq;
    update(&mut s, queue_status("q-new", "ev-new", t(5), 2, 10, 1));
    update(
        &mut s,
        Event::Snapshot(Box::new(snapshot_read_at(read, &[]))),
    );
    assert_eq!(s.queues["q-new"].waiting, 2);
    // A queue the list no longer has and no event brought since goes.
    let mut s = reloading();
    update(&mut s, queue_status("q-new", "ev-new", t(5), 2, 10, 1));
    let read = s.live_seq;
    update(
        &mut s,
        Event::Snapshot(Box::new(snapshot_read_at(read, &[]))),
    );
    assert!(!s.queues.contains_key("q-new"));
}

#[test]
fn availability_read_before_an_availability_event_does_not_undo_it() {
    let mut s = reloading();
    let read = s.live_seq;
    update(
        &mut s,
        user_availability("u-aino", "ev-a", t(5), "BRB", "lunch"),
    );
    update(
        &mut s,
        Event::Snapshot(Box::new(snapshot_read_at(read, &[]))),
    );
    let aino = &s.agents["u-aino"];
    assert_eq!(aino.availability, Some(Availability::Brb));
    assert_eq!(aino.note, "lunch");
    // An agent no event touched takes the snapshot's availability.
    assert_eq!(
        s.agents["u-eero"].availability,
        Some(Availability::Available)
    );
}

#[test]
fn callbacks_created_or_closed_after_the_read_are_not_undone() {
    let mut s = reloading();
    update(&mut s, callback_changed("cb-old", "ev-c0", 1, false));
    let read = s.live_seq;
    // After the read: cb-new is created, cb-old is closed.
    update(&mut s, callback_changed("cb-new", "ev-c1", 5, false));
    update(&mut s, callback_changed("cb-old", "ev-c2", 6, true));
    // REST, read before both, still lists cb-old open and knows nothing of cb-new.
    update(
        &mut s,
        Event::Snapshot(Box::new(snapshot_read_at(read, &["cb-old", "cb-rest"]))),
    );
    let ids: Vec<&str> = s.callbacks.keys().map(String::as_str).collect();
    assert_eq!(ids, ["cb-new", "cb-rest"]);
    assert_eq!(s.callbacks["cb-new"].contact_name, "live cb-new");
}

#[test]
fn callbacks_read_after_the_close_are_the_truth() {
    let mut s = reloading();
    update(&mut s, callback_changed("cb-old", "ev-c2", 6, true));
    let read = s.live_seq;
    // Read after the close: REST says it is open again (reopened); REST wins, and the
    // memory of the close is gone.
    update(
        &mut s,
        Event::Snapshot(Box::new(snapshot_read_at(read, &["cb-old"]))),
    );
    assert!(s.callbacks.contains_key("cb-old"));
    assert!(s.callbacks_closed.is_empty());
}

#[test]
fn callback_rows_from_events_are_bounded() {
    let mut s = loaded_state();
    let max = evtop::app::bounds::MAX_CALLBACKS;
    for i in 0..max + 50 {
        update(
            &mut s,
            callback_changed(&format!("cb-{i}"), &format!("ev-{i}"), 1, false),
        );
    }
    assert_eq!(s.callbacks.len(), max);
    // Closes are remembered within their own bound.
    let closed = evtop::app::bounds::MAX_CLOSED_CALLBACKS;
    for i in 0..closed + 50 {
        update(
            &mut s,
            callback_changed(&format!("cb-{i}"), &format!("ev-x{i}"), 2, true),
        );
    }
    assert_eq!(s.callbacks_closed.len(), closed);
    assert_eq!(s.callbacks.len(), max - closed - 50);
}

fn reloads(effects: &[Effect]) -> usize {
    effects
        .iter()
        .filter(|e| **e == Effect::RefreshSnapshot)
        .count()
}

#[test]
fn a_reconnect_during_a_reload_gets_a_reload_of_its_own() {
    let mut s = reloading();
    // A second disconnection while the first reload runs: nothing starts now...
    let effects = update(&mut s, Event::Session(SessionUpdate::Resynced));
    assert_eq!(reloads(&effects), 0);
    // ...but when the first ends, the second starts (it may have read too early).
    let effects = update(&mut s, Event::Snapshot(Box::new(snapshot_read_at(0, &[]))));
    assert_eq!(reloads(&effects), 1);
    assert!(s.snapshot.in_flight);
    // Also when the first failed; and only once.
    let mut s = reloading();
    update(&mut s, Event::Session(SessionUpdate::Resynced));
    update(&mut s, Event::Reload);
    let effects = update(&mut s, Event::SnapshotFailed("server error (503)".into()));
    assert_eq!(reloads(&effects), 1);
    assert_eq!(
        s.snapshot.retry_at, None,
        "the reload that follows is the retry"
    );
}

#[test]
fn a_failed_reload_is_retried_with_backoff_and_the_status_line_says_so() {
    let mut s = reloading();
    s.now = t(0);
    update(&mut s, Event::SnapshotFailed("server error (503)".into()));
    assert!(!s.snapshot.in_flight);
    assert!(
        s.toasts
            .last()
            .unwrap()
            .text
            .contains("retrying in 2 s; r now"),
        "{:?}",
        s.toasts
    );
    assert!(
        status_line(&s).contains("● live · snapshot failed, retrying in 2 s"),
        "{}",
        status_line(&s)
    );
    // Not before its time...
    assert_eq!(reloads(&update(&mut s, Event::Tick(t(1)))), 0);
    assert!(status_line(&s).contains("retrying in 1 s"));
    // ...then on its own.
    assert_eq!(reloads(&update(&mut s, Event::Tick(t(2)))), 1);
    assert!(status_line(&s).contains("● live · snapshot failed, retrying…"));
    // A second failure waits longer: 4 s, then 8 s.
    update(&mut s, Event::SnapshotFailed("server error (503)".into()));
    assert_eq!(s.snapshot.retry_at, Some(t(6)));
    assert_eq!(reloads(&update(&mut s, Event::Tick(t(5)))), 0);
    assert_eq!(reloads(&update(&mut s, Event::Tick(t(6)))), 1);
    update(&mut s, Event::SnapshotFailed("timed out".into()));
    assert_eq!(s.snapshot.retry_at, Some(t(14)));
    // Toasts fade; the status line still says what is missing.
    update(&mut s, Event::Tick(t(13)));
    assert!(s.toasts.is_empty());
    assert!(status_line(&s).contains("snapshot failed, retrying in 1 s"));
    // Success: a bare "● live" again, and the next failure starts from 2 s.
    update(&mut s, Event::Tick(t(14)));
    update(
        &mut s,
        Event::Snapshot(Box::new(snapshot_read_at(u64::MAX, &[]))),
    );
    assert!(!status_line(&s).contains("snapshot failed"));
    assert!(status_line(&s).contains("● live"));
    assert_eq!(s.snapshot.retry_at, None);
    update(&mut s, Event::Reload);
    update(&mut s, Event::SnapshotFailed("server error (503)".into()));
    assert_eq!(s.snapshot.retry_at, Some(t(16)));
}

#[test]
fn r_during_the_wait_reloads_at_once() {
    let mut s = reloading();
    s.now = t(0);
    update(&mut s, Event::SnapshotFailed("server error (503)".into()));
    let effects = update(
        &mut s,
        Event::Key(crossterm::event::KeyEvent::from(
            crossterm::event::KeyCode::Char('r'),
        )),
    );
    assert_eq!(reloads(&effects), 1);
    assert_eq!(s.snapshot.retry_at, None);
    // The clock does not start another while it runs.
    assert_eq!(reloads(&update(&mut s, Event::Tick(t(3)))), 0);
}

/// A Subscribe batch the hub kept failing during a reconnect is reported before that
/// connection's "live": it must still count in "live (N of M subscriptions)" after it.
#[test]
fn subscriptions_refused_while_reconnecting_are_counted_once_live() {
    use evtop::rte::{ConnectionState, SubscriptionKey};
    let mut s = loaded_state();
    s.toasts.clear();
    let held = s.subscribed.len();
    // What the hub offers (the fixture's offers no queue call events).
    let asked = s
        .subscribed
        .iter()
        .filter(|k| !s.not_offered.contains(&k.event.name().to_ascii_lowercase()))
        .count();
    update(
        &mut s,
        Event::Session(SessionUpdate::State(ConnectionState::Reconnecting {
            attempt: 1,
            reason: "connection lost".into(),
            retry_in: std::time::Duration::ZERO,
        })),
    );
    let key = SubscriptionKey::new("u-kaisa", EventKind::UserStatus);
    assert!(s.subscribed.contains(&key));
    update(
        &mut s,
        Event::Session(SessionUpdate::SubscriptionRejected {
            key,
            message: "Subscribe failed 4 times: error on the server".into(),
        }),
    );
    update(
        &mut s,
        Event::Session(SessionUpdate::State(ConnectionState::Live)),
    );
    s.toasts.clear();
    let line = status_line(&s);
    assert!(
        line.contains(&format!("● live ({} of {asked} subscriptions)", asked - 1)),
        "{line}"
    );
    // Made after all (a quiet try on the same connection): counted as held again.
    assert!(s.agents["u-kaisa"].no_access);
    update(
        &mut s,
        Event::Session(SessionUpdate::SubscriptionsRestored(vec![
            SubscriptionKey::new("u-kaisa", EventKind::UserStatus),
        ])),
    );
    let line = status_line(&s);
    assert!(!line.contains("subscriptions)"), "{line}");
    assert!(line.contains("● live"), "{line}");
    assert!(!s.agents["u-kaisa"].no_access);
    assert_eq!(s.subscribed.len(), held);
}
