//! Sample states for the action, transcript, callbacks and event log tests, built through
//! the real `update()` on top of the console's busy sample state.
#![allow(dead_code)]

use chrono::{DateTime, Duration, Utc};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use evtop::app::fixture::{self, busy_state, envelope, fixed_now, rte};
use evtop::app::state::State;
use evtop::app::{update, Effect, Event};
use evtop::model::payloads as p;
use evtop::model::rest::{CallbackList, CallbackRequest};
use evtop::model::{EventKind, EventPayload, Stamp};

pub fn key(c: char) -> Event {
    Event::Key(KeyEvent::from(KeyCode::Char(c)))
}

pub fn code(c: KeyCode) -> Event {
    Event::Key(KeyEvent::from(c))
}

pub fn ctrl(c: char) -> Event {
    Event::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL))
}

/// Types text key by key; returns every effect produced.
pub fn type_text(s: &mut State, text: &str) -> Vec<Effect> {
    text.chars().flat_map(|c| update(s, key(c))).collect()
}

pub fn lists() -> Vec<CallbackList> {
    vec![
        CallbackList {
            id: "cl-support".into(),
            name: "Support callbacks".into(),
            queue_id: Some("q-support".into()),
        },
        CallbackList {
            id: "cl-sales".into(),
            name: "Sales leads".into(),
            queue_id: Some("q-sales".into()),
        },
    ]
}

fn request(
    id: &str,
    list: &str,
    name: &str,
    number: &str,
    created_ago_min: i64,
    due_in_min: Option<i64>,
    expiry_in_min: Option<i64>,
) -> CallbackRequest {
    let now = fixed_now();
    CallbackRequest {
        id: id.into(),
        call_list_id: list.into(),
        contact_name: name.into(),
        contact_number: number.into(),
        creation_time: Stamp::At(now - Duration::minutes(created_ago_min)),
        modified: Stamp::At(now - Duration::minutes(created_ago_min)),
        due_date: due_in_min
            .map(|m| Stamp::At(now + Duration::minutes(m)))
            .unwrap_or_default(),
        expiry_date: expiry_in_min
            .map(|m| Stamp::At(now + Duration::minutes(m)))
            .unwrap_or(Stamp::Never),
        ..CallbackRequest::default()
    }
}

pub fn requests() -> Vec<CallbackRequest> {
    let mut v = vec![
        request(
            "cb-1",
            "cl-support",
            "Matti Meikäläinen",
            "+358401111111",
            95,
            Some(-5),
            Some(40),
        ),
        request(
            "cb-2",
            "cl-support",
            "Liisa Laaksonen",
            "+358402222222",
            30,
            Some(20),
            Some(600),
        ),
        request(
            "cb-3",
            "cl-sales",
            "Oy Yritys Ab",
            "+35892222333",
            240,
            None,
            None,
        ),
        request(
            "cb-4",
            "cl-sales",
            "Pertti Pöllänen",
            "+358403333333",
            10,
            Some(90),
            Some(-1),
        ),
    ];
    v[1].assigned_user_id = Some("u-eero".into());
    v[1].attempt_count = 2;
    v[1].last_attempt_note = "No answer, voicemail".into();
    v
}

/// The busy sample state plus two callback lists with four open requests.
pub fn callbacks_state() -> State {
    let mut s = busy_state();
    let mut snap = fixture::snapshot();
    // A reload that brings the callbacks; queue counters and availabilities come from the
    // events already applied.
    for q in &mut snap.queues {
        q.status = None;
    }
    snap.availability.clear();
    snap.callback_lists = lists();
    snap.callback_requests = requests();
    update(&mut s, Event::Snapshot(Box::new(snap)));
    s.toasts.clear();
    s
}

#[allow(clippy::too_many_arguments)]
pub fn phrase(
    user: &str,
    call: &str,
    id: &str,
    at: DateTime<Utc>,
    role: i64,
    text: &str,
    offset_ms: i64,
    intermediate: bool,
    confidence: f64,
) -> Event {
    rte(
        EventKind::UserRealTimeTranscriptPhrase,
        envelope(id, user, at),
        EventPayload::UserRealTimeTranscriptPhrase(p::UserRealTimeTranscriptPhrase {
            call_id: call.into(),
            leg_id: "leg-1".into(),
            user_id: user.into(),
            queue_id: Some("q-support".into()),
            speaker_role: role,
            phrase: text.into(),
            confidence,
            duration: 1500,
            offset_milliseconds: offset_ms,
            is_intermediate: intermediate,
            realtime_type: "Transcription".into(),
            ..Default::default()
        }),
    )
}

/// Aino (talking on call-1) selected, the transcript pane focused, a few phrases in, the
/// last one still intermediate.
pub fn transcript_state() -> State {
    let mut s = callbacks_state();
    s.view.selected_agent = Some("u-aino".into());
    update(&mut s, key('4'));
    let now = fixed_now();
    let lines: [(i64, &str, i64, bool, f64); 5] = [
        (
            1,
            "Hyvää päivää, asiakaspalvelu, Aino puhelimessa.",
            2_000,
            false,
            0.93,
        ),
        (
            2,
            "Hei, soitan laskusta joka tuli eilen.",
            6_500,
            false,
            0.88,
        ),
        (
            1,
            "Selvä, voisitteko kertoa asiakasnumeronne?",
            11_000,
            false,
            0.91,
        ),
        (
            2,
            "Se on kaksi neljä kuusi kahdeksan yksi.",
            15_200,
            false,
            0.47,
        ),
        (1, "Kiitos, löysin", 20_100, true, 0.62),
    ];
    for (i, (role, text, offset, inter, conf)) in lines.iter().enumerate() {
        update(
            &mut s,
            phrase(
                "u-aino",
                "call-1",
                &format!("ph-{i}"),
                now,
                *role,
                text,
                *offset,
                *inter,
                *conf,
            ),
        );
    }
    s.toasts.clear();
    s
}
