//! The REST calls public clients evidence, as the simulator receives them: the raw `@`
//! of the authuser path, the set-availability body of the working client, the routes
//! added from PLATFORM.md (one user, a user's queues, ending an availability, the
//! mobile call, `/servicecall` and `/calls` with the calls the simulator modelled, call
//! list names), and the 31-day window.

use crate::sim_support;

use chrono::{Duration, TimeZone, Utc};
use evtop::api::{ApiClient, Credential, Login, Secret};
use evtop::model::rest::{Availability, MobileCallRequest, SetAvailabilityRequest};
use evtop::sim::{AGENT_EMAIL, SUPERVISOR_EMAIL, SUPERVISOR_PASSWORD, SUPERVISOR_SECRET};
use serde_json::{json, Value};
use sim_support::{admin, paused_config, requests, start, state};

async fn supervisor(sim: &evtop::sim::SimHandle) -> ApiClient {
    ApiClient::connect(&Login::with_secret_key(
        sim.base_url(),
        SUPERVISOR_EMAIL,
        SUPERVISOR_SECRET,
    ))
    .await
    .unwrap()
}

fn user_id(st: &Value, email: &str) -> String {
    st["Users"]
        .as_array()
        .unwrap()
        .iter()
        .find(|u| u["Email"] == email)
        .unwrap()["Id"]
        .as_str()
        .unwrap()
        .to_owned()
}

/// The last recorded request with this method whose path starts with `prefix`.
fn last<'a>(log: &'a [Value], method: &str, prefix: &str) -> &'a Value {
    log.iter()
        .rev()
        .find(|r| r["Method"] == method && r["Path"].as_str().unwrap().starts_with(prefix))
        .unwrap_or_else(|| panic!("no {method} {prefix}… in {log:?}"))
}

#[tokio::test]
async fn authuser_sends_the_at_sign_raw_and_the_password_only_in_the_body() {
    let sim = start(paused_config()).await;
    let mut login = Login::with_secret_key(sim.base_url(), SUPERVISOR_EMAIL, "unused");
    login.credential = Credential::Password(Secret::new(SUPERVISOR_PASSWORD));
    let api = ApiClient::connect_verified(&login).await.unwrap();
    assert_eq!(api.me().await.unwrap().email, SUPERVISOR_EMAIL);
    let log = requests(&sim).await;
    let auth = last(&log, "POST", "/authuser/");
    assert_eq!(auth["Path"], format!("/authuser/{SUPERVISOR_EMAIL}/"));
    // The sim keeps no password; the body had both fields.
    assert_eq!(
        auth["Body"],
        json!({"UserName": SUPERVISOR_EMAIL, "Password": "<redacted>"})
    );
    sim.shutdown().await;
}

#[tokio::test]
async fn set_availability_sends_the_public_clients_body_and_delete_ends_it() {
    let sim = start(paused_config()).await;
    let api = supervisor(&sim).await;
    let st = state(&sim).await;
    let agent = user_id(&st, AGENT_EMAIL);
    let body = SetAvailabilityRequest::new(&agent, Availability::DoNotDisturb, "Koulutus");
    let answer = api.set_availability(&agent, &body).await.unwrap();
    let log = requests(&sim).await;
    let sent = last(&log, "POST", &format!("/users/{agent}/availability"));
    assert_eq!(
        sent["Body"],
        json!({"EventTypeID": 3, "EventSource": "User", "Note": "Koulutus", "UserID": agent}),
        "no StartDate/EndDate, UserID and EventSource present"
    );
    let event_id = answer["Id"].as_str().expect("the event's Id").to_owned();
    let now = api.availability_current(&agent).await.unwrap();
    assert_eq!(now.event_type_id, 3);
    assert_eq!(now.id.as_deref(), Some(event_id.as_str()));

    // Ending another event is refused; ending this one makes the agent available.
    let wrong = api
        .end_availability(&agent, "not-the-event")
        .await
        .unwrap_err();
    assert_eq!(wrong.status(), Some(404), "{wrong}");
    api.end_availability(&agent, &event_id).await.unwrap();
    assert_eq!(
        api.availability_current(&agent)
            .await
            .unwrap()
            .event_type_id,
        1
    );
    assert_eq!(
        last(&requests(&sim).await, "DELETE", "/users/")["Path"],
        format!("/users/{agent}/availability/{event_id}")
    );
    // A body naming another user than the address is refused.
    let me = user_id(&st, SUPERVISOR_EMAIL);
    let mismatched = SetAvailabilityRequest::new(&me, Availability::Busy, "");
    let e = api.set_availability(&agent, &mismatched).await.unwrap_err();
    assert_eq!(e.status(), Some(400), "{e}");
    sim.shutdown().await;
}

#[tokio::test]
async fn one_user_a_users_queues_call_list_names_and_the_mobile_call() {
    let sim = start(paused_config()).await;
    let api = supervisor(&sim).await;
    let st = state(&sim).await;
    let agent = st["Agents"][0].clone();
    let id = agent["Id"].as_str().unwrap();
    let user = api.user(id).await.unwrap();
    assert_eq!(user.id, id);
    assert_eq!(user.user_name, agent["Email"]);
    let queues = api.user_queues(id).await.unwrap();
    let ids: Vec<&str> = queues.iter().map(|q| q.id.as_str()).collect();
    let want: Vec<&str> = agent["Queues"]
        .as_array()
        .unwrap()
        .iter()
        .map(|q| q.as_str().unwrap())
        .collect();
    assert_eq!(ids, want, "exactly the agent's queues");
    assert!(queues.len() < st["Queues"].as_array().unwrap().len());
    assert_eq!(
        last(&requests(&sim).await, "GET", "/queues/")["Query"],
        format!("OnlyForUser={id}")
    );

    let lists = api.call_list_schemas().await.unwrap();
    let names: Vec<&str> = lists.iter().map(|l| l.list_name.as_str()).collect();
    let want: Vec<&str> = st["CallbackLists"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["Name"].as_str().unwrap())
        .collect();
    assert_eq!(names, want);
    assert!(lists.iter().all(|l| !l.schema_id.is_empty()));

    api.mobile_call(
        "me",
        &MobileCallRequest {
            phone_number: "+358401234567".into(),
        },
    )
    .await
    .unwrap();
    let log = requests(&sim).await;
    let sent = last(&log, "POST", "/users/me/action/mobile/call/");
    assert_eq!(sent["Body"], json!({"PhoneNumber": "+358401234567"}));
    let st = state(&sim).await;
    assert_eq!(st["MobileCalls"][0]["PhoneNumber"], "+358401234567");
    assert_eq!(
        st["MobileCalls"][0]["UserId"],
        user_id(&st, SUPERVISOR_EMAIL)
    );
    sim.shutdown().await;
}

#[tokio::test]
async fn servicecall_answers_with_the_calls_finished_and_those_being_talked() {
    let sim = start(paused_config()).await;
    let api = supervisor(&sim).await;
    admin(&sim, "control", json!({"advance_secs": 900})).await;
    let st = state(&sim).await;
    let finished = st["FinishedCalls"].as_u64().unwrap() as usize;
    assert!(finished > 20, "15 busy minutes finish calls: {finished}");
    let start_time = Utc.with_ymd_and_hms(2025, 3, 3, 8, 0, 0).unwrap();
    let end_time = Utc.with_ymd_and_hms(2025, 3, 3, 10, 0, 0).unwrap();
    let calls = api.service_calls(start_time, end_time).await.unwrap();
    // Every finished call once, then the calls being talked (answered, no EndTime yet).
    let ended = calls.iter().filter(|c| c.end_time.at().is_some()).count();
    assert_eq!(ended, finished, "every finished call, once");
    let talking: Vec<_> = calls.iter().filter(|c| c.end_time.at().is_none()).collect();
    for c in &talking {
        assert_eq!(c.result, "Answered", "{c:?}");
        assert!(
            c.answer_time.at().is_some() && c.answer_user_id.is_some(),
            "{c:?}"
        );
    }
    let calls: Vec<_> = calls
        .into_iter()
        .filter(|c| c.end_time.at().is_some())
        .collect();
    let log = requests(&sim).await;
    let sent = last(&log, "GET", "/servicecall");
    assert_eq!(
        sent["Query"],
        "StartTime=2025-03-03%2008%3A00%3A00&EndTime=2025-03-03%2010%3A00%3A00"
    );
    let queue_ids: Vec<&str> = st["Queues"]
        .as_array()
        .unwrap()
        .iter()
        .map(|q| q["Id"].as_str().unwrap())
        .collect();
    let mut answered = 0;
    for c in &calls {
        assert!(queue_ids.contains(&c.queue_id.as_str()), "{c:?}");
        let arrived = c.arrival_time.at().unwrap();
        let ended = c.end_time.at().unwrap();
        assert!(arrived <= ended, "{c:?}");
        match c.result.as_str() {
            "Answered" => {
                answered += 1;
                let at = c.answer_time.at().unwrap();
                assert!(arrived <= at && at <= ended, "{c:?}");
                assert_eq!(c.duration, (ended - at).num_seconds());
                assert_eq!(c.wait_time, (at - arrived).num_seconds());
                assert_eq!(c.answer_queue_id.as_deref(), Some(c.queue_id.as_str()));
                assert!(c.answer_user_id.is_some());
            }
            "Abandoned" | "Overflow" => {
                assert_eq!(c.duration, 0);
                assert!(c.answer_user_id.is_none() && c.answer_queue_id.is_none());
            }
            other => panic!("result {other}"),
        }
    }
    assert!(answered > 10, "{answered} of {}", calls.len());
    // `/calls` has one row per answered call, as its agent saw it.
    let user_calls = api.calls(start_time, end_time).await.unwrap();
    assert_eq!(user_calls.len(), answered);
    // A window that holds none, and one too long.
    let later = api
        .service_calls(end_time, end_time + Duration::hours(1))
        .await
        .unwrap();
    assert!(later.is_empty());
    let e = api
        .service_calls(start_time, start_time + Duration::days(32))
        .await
        .unwrap_err();
    assert!(e.to_string().contains("31 days"), "{e}");
    sim.shutdown().await;
}
