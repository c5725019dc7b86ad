//! Today's call records (`GET /servicecall`) from a silo that misbehaves, over https:
//! hostile text and wrong types in the records are read leniently and never reach the
//! screen raw; an oversized answer and a stalled one end in a clear failure that the
//! console retries, not a hang or a blank day.

use crate::hostile_support::{Answer, Script, Silo, SECRET, USER};
use chrono::Duration as Span;
use evtop::api::{ApiClient, ClientOptions, RetryPolicy, Secret};
use evtop::app::fixture::{loaded_state, QUEUES};
use evtop::app::{update, Event};
use evtop::console::backend::RestBackend;
use evtop::console::runner::ConsoleApi;
use serde_json::json;
use std::collections::HashMap;
use std::time::{Duration, Instant};

fn backend(silo: &Silo, timeout: Duration) -> RestBackend {
    let options = ClientOptions {
        retry: RetryPolicy::none(),
        tls: silo.client_tls(),
        timeout,
        ..ClientOptions::default()
    };
    let api = ApiClient::new(&silo.base_url(), USER, Secret::new(SECRET), options).unwrap();
    RestBackend::new(api, "hostile")
}

async fn tls_silo(answer: Answer) -> std::sync::Arc<Silo> {
    Silo::start_tls(Script {
        rest: HashMap::from([("/servicecall".to_owned(), answer)]),
        ..Script::default()
    })
    .await
}

const EVIL: &str = "\u{1b}]0;pwned\u{7}\u{1b}[2J\u{1b}[31mRED\u{202e}";

#[tokio::test]
async fn hostile_text_and_wrong_types_in_the_records_are_read_leniently_and_cleaned() {
    let mut state = loaded_state();
    let start = state.today.day_start;
    let at = |mins: i64| {
        (start + Span::hours(9) + Span::minutes(mins))
            .format("%Y-%m-%dT%H:%M:%SZ")
            .to_string()
    };
    let sales = QUEUES[0].0;
    let records = json!([
        // Escape sequences in every text field.
        {"Id": format!("c-1{EVIL}"), "QueueId": sales, "QueueName": EVIL,
         "AnswerQueueId": sales, "AnswerUserId": "u-aino", "CallerNumber": EVIL,
         "ArrivalTime": at(0), "AnswerTime": at(1), "EndTime": at(3),
         "WaitTime": 12, "Duration": 120, "Result": EVIL},
        // Numbers as strings, nulls, a number for a text.
        {"Id": 2, "QueueId": sales, "AnswerQueueId": null, "AnswerUserId": null,
         "ArrivalTime": at(5), "EndTime": at(6), "WaitTime": "40", "Duration": null,
         "Result": "Abandoned"},
        // Nonsense where a number or a time belongs.
        {"Id": "c-3", "QueueId": sales, "ArrivalTime": "yesterday-ish", "EndTime": 17,
         "WaitTime": "abc", "Duration": [1, 2], "Result": 42},
        // Not an object at all.
        "just a string", 7, null
    ]);
    let silo = tls_silo(Answer::Json(records)).await;
    let result = backend(&silo, Duration::from_secs(5))
        .call_records(start, start + Span::days(1))
        .await;
    let calls = result.as_ref().expect("the records read leniently");
    assert!(calls.len() >= 3, "{calls:?}");
    update(&mut state, Event::CallRecords { start, result });
    let sales_day = state.today.figures(sales);
    assert_eq!(sales_day.answered, Some(1), "{sales_day:?}");

    state.view.selected_agent = Some("u-aino".into());
    state.view.focus = evtop::app::state::Pane::Agents;
    state.view.mode = evtop::app::state::Mode::AgentDetails;
    let buf = crate::ui_support::render(&state, 120, 40);
    let screen = crate::ui_support::text(&buf);
    assert!(screen.contains("Answered     1 today"), "{screen}");
    for cell in buf.content() {
        let sym = cell.symbol();
        assert!(
            !sym.chars().any(|c| c.is_control() || c == '\u{202e}'),
            "a raw control character reached the screen: {sym:?}"
        );
    }
}

#[tokio::test]
async fn an_oversized_or_stalled_answer_fails_clearly_and_is_tried_again() {
    for (what, answer) in [
        ("500 MB", Answer::Huge(500 * 1024 * 1024)),
        ("stall", Answer::Stall),
    ] {
        let silo = tls_silo(answer).await;
        let mut state = loaded_state();
        let start = state.today.day_start;
        let began = Instant::now();
        let result = backend(&silo, Duration::from_secs(3))
            .call_records(start, start + Span::days(1))
            .await;
        let took = began.elapsed();
        let failure = result.as_ref().expect_err(what).clone();
        assert!(took < Duration::from_secs(30), "{what}: {took:?}");
        assert!(!failure.message.is_empty(), "{what}");
        assert!(
            !failure.message.contains(SECRET),
            "{what}: {}",
            failure.message
        );
        update(&mut state, Event::CallRecords { start, result });
        let log: Vec<String> = state.log.entries.iter().map(|e| e.text.clone()).collect();
        assert!(
            log.iter().any(|l| l.contains("Call records")),
            "{what}: the failure is in the log: {log:?}"
        );
        if failure.refused {
            assert!(state.today.fetch.refused.is_some(), "{what}");
        } else {
            assert!(
                state.today.fetch.due_at.is_some(),
                "{what}: a passing failure is read again later"
            );
        }
    }
}
