//! The simulator's REST API over real HTTP: discovery, Basic auth, authuser, every route
//! of the path table, permissions and error answers.

use crate::sim_support;

use evtop::api::paths::{Endpoint, Method, PathTable, ROUTES};
use evtop::sim::{AGENT_EMAIL, AGENT_SECRET, SUPERVISOR_EMAIL, SUPERVISOR_PASSWORD};
use serde_json::{json, Value};
use sim_support::*;

fn path(e: Endpoint, params: &[(&str, &str)]) -> String {
    PathTable::default().path(e, params)
}

async fn user_id(sim: &evtop::sim::SimHandle, email: &str) -> String {
    let (_, users) = get(sim, &path(Endpoint::Users, &[])).await;
    users
        .as_array()
        .unwrap()
        .iter()
        .find(|u| u["Email"] == email)
        .unwrap()["Id"]
        .as_str()
        .unwrap()
        .to_owned()
}

#[tokio::test]
async fn discovery_points_at_the_sim_itself() {
    let sim = start(paused_config()).await;
    let r = http()
        .get(format!(
            "{}{}?user=someone@example.com",
            sim.base_url(),
            path(Endpoint::Discovery, &[])
        ))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let v: Value = r.json().await.unwrap();
    assert_eq!(v[0]["apiEndpoint"], format!("{}/", sim.base_url()));
    assert_eq!(v[0]["username"], "someone@example.com");
    let r = http()
        .get(format!("{}/api/user/", sim.base_url()))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 400, "missing user parameter");
    sim.shutdown().await;
}

#[tokio::test]
async fn basic_auth_and_authuser() {
    let sim = start(paused_config()).await;
    let me = path(Endpoint::UsersMe, &[]);
    // No credentials, wrong secret, unknown user: 401 with a Basic challenge.
    let r = http()
        .get(format!("{}{me}", sim.base_url()))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 401);
    assert!(r.headers()["www-authenticate"]
        .to_str()
        .unwrap()
        .starts_with("Basic"));
    let body: Value = r.json().await.unwrap();
    assert!(body["Message"].is_string());
    assert_eq!(get_as(&sim, &me, SUPERVISOR_EMAIL, "wrong").await.0, 401);
    assert_eq!(get_as(&sim, &me, "nobody@example.com", "x").await.0, 401);

    // Password → secret key, which then works.
    let authuser = path(Endpoint::AuthUser, &[("email", SUPERVISOR_EMAIL)]);
    let r = http()
        .post(format!("{}{authuser}", sim.base_url()))
        .json(&json!({"UserName": SUPERVISOR_EMAIL, "Password": SUPERVISOR_PASSWORD}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let secret: Value = r.json().await.unwrap();
    let secret = secret["SecretKey"].as_str().unwrap().to_owned();
    let (status, body) = get_as(&sim, &me, SUPERVISOR_EMAIL, &secret).await;
    assert_eq!(status, 200);
    assert_eq!(body["Email"], SUPERVISOR_EMAIL);
    assert!(body["Id"].is_string() && body["OrganizationID"].is_string());

    let r = http()
        .post(format!("{}{authuser}", sim.base_url()))
        .json(&json!({"UserName": SUPERVISOR_EMAIL, "Password": "nope"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 401);
    let r = http()
        .post(format!("{}{authuser}", sim.base_url()))
        .header("Content-Type", "application/json")
        .body("{not json")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 400);
    let body: Value = r.json().await.unwrap();
    assert!(body["Message"].as_str().unwrap().contains("JSON"));
    sim.shutdown().await;
}

#[tokio::test]
async fn every_route_of_the_table_is_served() {
    let sim = start(paused_config()).await;
    let st = state(&sim).await;
    let queue = st["Queues"][0]["Id"].as_str().unwrap().to_owned();
    let list = st["CallbackLists"][0]["Id"].as_str().unwrap().to_owned();
    let me = user_id(&sim, SUPERVISOR_EMAIL).await;
    let (_, reqs) = get(
        &sim,
        &path(Endpoint::CallbackRequests, &[("listId", &list)]),
    )
    .await;
    let req = reqs[0]["Id"].as_str().unwrap().to_owned();
    let agent = user_id(&sim, AGENT_EMAIL).await;
    admin(
        &sim,
        "control",
        json!({"wrap_up": {"user_id": agent, "max_secs": 120}}),
    )
    .await;

    for route in ROUTES {
        let params = [
            ("email", SUPERVISOR_EMAIL),
            ("userId", "me"),
            ("queueId", queue.as_str()),
            ("listId", list.as_str()),
            ("requestId", req.as_str()),
            ("startTime", "2025-03-03 08:00:00"),
            ("endTime", "2025-03-03 10:00:00"),
        ];
        let p = path(route.endpoint, &params);
        let (status, body) = match (route.endpoint, route.method) {
            (Endpoint::Discovery, _) => {
                let r = http()
                    .get(format!("{}{p}?user=x@y", sim.base_url()))
                    .send()
                    .await
                    .unwrap();
                (r.status().as_u16(), r.json().await.unwrap())
            }
            (Endpoint::AuthUser, _) => {
                post(
                    &sim,
                    &p,
                    json!({"UserName": SUPERVISOR_EMAIL, "Password": SUPERVISOR_PASSWORD}),
                )
                .await
            }
            (Endpoint::TerminateWrapUp, _) => {
                let p = path(route.endpoint, &[("userId", &agent)]);
                post(&sim, &p, json!({"Reason": "manual"})).await
            }
            (Endpoint::SetAvailability, _) => {
                post(&sim, &p, json!({"EventTypeID": 5, "Note": "kahvi"})).await
            }
            (Endpoint::AssignCallback, _) => post(&sim, &p, json!({"UserId": me})).await,
            (Endpoint::CloseCallback, _) => post(&sim, &p, json!({"Note": "hoidettu"})).await,
            (Endpoint::AutoAllocationRequest, _) => post(&sim, &p, json!({"UserId": agent})).await,
            (Endpoint::CalloutActivate, _) => {
                post(&sim, &p, json!({"TargetNumber": "+358401234567"})).await
            }
            (Endpoint::MobileCall, _) => {
                post(&sim, &p, json!({"PhoneNumber": "+358401234567"})).await
            }
            (Endpoint::User, _) => get(&sim, &path(route.endpoint, &[("userId", &agent)])).await,
            (Endpoint::UserQueues, _) => {
                get(&sim, &path(route.endpoint, &[("userId", &agent)])).await
            }
            (Endpoint::EndAvailability, _) => {
                let (_, now) = get(
                    &sim,
                    &path(Endpoint::AvailabilityCurrent, &[("userId", "me")]),
                )
                .await;
                let id = now["Id"].as_str().unwrap().to_owned();
                let p = path(route.endpoint, &[("userId", "me"), ("availabilityId", &id)]);
                delete(&sim, &p).await
            }
            (_, Method::Get) => get(&sim, &p).await,
            (_, Method::Post) => post(&sim, &p, json!({})).await,
            (_, Method::Delete) => delete(&sim, &p).await,
        };
        assert_eq!(status, 200, "{} {p}: {body}", route.key);
        let check = |ok: bool| assert!(ok, "{} {p}: unexpected body {body}", route.key);
        match route.endpoint {
            Endpoint::Discovery => check(body[0]["apiEndpoint"].is_string()),
            Endpoint::AuthUser => check(body["SecretKey"].is_string()),
            Endpoint::UsersMe => check(body["Id"] == me),
            Endpoint::Users => check(body.as_array().unwrap().len() >= 41),
            Endpoint::Queues => check(
                body.as_array().unwrap().len() == 7
                    && [
                        "OpenStatus",
                        "MaxWaitTime",
                        "QueueLength",
                        "OngoingCalls",
                        "AgentsOnWrapUp",
                        "FreeAgents",
                        "ServingAgents",
                    ]
                    .iter()
                    .all(|k| body[0]["Status"][k].is_i64()),
            ),
            Endpoint::QueueUsers => check(
                !body.as_array().unwrap().is_empty()
                    && body[0]["UserId"].is_string()
                    && body[0]["Active"].is_boolean(),
            ),
            Endpoint::RteToken => check(
                body["WSSEndpoint"] == format!("{}/rte", sim.base_url().replace("http", "ws"))
                    && body["Token"].as_str().unwrap().split('.').count() == 3,
            ),
            Endpoint::AvailabilityCurrent => check(body["EventTypeID"].is_i64()),
            Endpoint::SetAvailability => check(body["EventTypeID"] == 5 && body["Note"] == "kahvi"),
            Endpoint::TerminateWrapUp => check(body.is_object()),
            Endpoint::CallbackLists => check(body.as_array().unwrap().len() == 2),
            Endpoint::CallbackRequests => check(body.as_array().unwrap().len() >= 3),
            Endpoint::AssignCallback => check(body["AssignedUserId"] == me),
            Endpoint::CloseCallback => check(body["IsClosed"] == true),
            Endpoint::AutoAllocationRequest => check(body["AssignedUserId"] == agent),
            Endpoint::CalloutActivate => check(body.is_object()),
            Endpoint::MobileCall => check(body.is_object()),
            Endpoint::User => check(body["Id"] == agent && body["UserName"] == AGENT_EMAIL),
            Endpoint::UserQueues => check(
                !body.as_array().unwrap().is_empty()
                    && body.as_array().unwrap().len() < 7
                    && body[0]["Status"].is_object(),
            ),
            // Set availability made the supervisor BRB (5); ending it makes them available.
            Endpoint::EndAvailability => check(body["EventTypeID"] == 1),
            Endpoint::ServiceCalls | Endpoint::Calls => check(body.is_array()),
            Endpoint::CallListSchemas => check(
                body.as_array().unwrap().len() == 2
                    && body[0]["ListId"].is_string()
                    && body[0]["ListName"].is_string()
                    && body[0]["SchemaId"].is_string(),
            ),
        }
    }
    sim.shutdown().await;
}

#[tokio::test]
async fn wrap_up_terminate_needs_a_running_wrap_up() {
    let sim = start(paused_config()).await;
    let agent = user_id(&sim, AGENT_EMAIL).await;
    let p = path(Endpoint::TerminateWrapUp, &[("userId", &agent)]);
    // Make sure no wrap-up runs: force one and end it.
    admin(&sim, "control", json!({"wrap_up": {"user_id": agent}})).await;
    assert_eq!(post(&sim, &p, json!({"Reason": "manual"})).await.0, 200);
    let (status, body) = post(&sim, &p, json!({"Reason": "manual"})).await;
    assert_eq!(status, 409, "{body}");
    assert!(body["Message"].is_string());
    sim.shutdown().await;
}

#[tokio::test]
async fn agents_may_not_act_on_others() {
    let sim = start(paused_config()).await;
    let sup = user_id(&sim, SUPERVISOR_EMAIL).await;
    let me_agent = user_id(&sim, AGENT_EMAIL).await;
    let other = path(Endpoint::SetAvailability, &[("userId", &sup)]);
    let (status, _) = post_as(
        &sim,
        &other,
        json!({"EventTypeID": 3}),
        AGENT_EMAIL,
        AGENT_SECRET,
    )
    .await;
    assert_eq!(status, 403);
    let (status, _) = get_as(
        &sim,
        &path(Endpoint::RteToken, &[("userId", &sup)]),
        AGENT_EMAIL,
        AGENT_SECRET,
    )
    .await;
    assert_eq!(status, 403);
    let own = path(Endpoint::SetAvailability, &[("userId", &me_agent)]);
    let (status, body) = post_as(
        &sim,
        &own,
        json!({"EventTypeID": 3}),
        AGENT_EMAIL,
        AGENT_SECRET,
    )
    .await;
    assert_eq!(status, 200, "{body}");
    // Reading is allowed.
    let (status, _) = get_as(
        &sim,
        &path(Endpoint::Queues, &[]),
        AGENT_EMAIL,
        AGENT_SECRET,
    )
    .await;
    assert_eq!(status, 200);
    sim.shutdown().await;
}

#[tokio::test]
async fn bad_requests_get_404_and_400_with_a_message() {
    let sim = start(paused_config()).await;
    for p in [
        "/nope".to_owned(),
        "/users/me/nothing".to_owned(),
        path(
            Endpoint::QueueUsers,
            &[("queueId", "00000000-0000-0000-0000-000000000000")],
        ),
        path(Endpoint::CallbackRequests, &[("listId", "nope")]),
        path(Endpoint::AvailabilityCurrent, &[("userId", "nope")]),
    ] {
        let (status, body) = get(&sim, &p).await;
        assert_eq!(status, 404, "{p}");
        assert!(body["Message"].is_string(), "{p}: {body}");
    }
    let p = path(Endpoint::SetAvailability, &[("userId", "me")]);
    for bad in ["{", "[1,", "\"x", "{\"EventTypeID\": 99}"] {
        let r = http()
            .post(format!("{}{p}", sim.base_url()))
            .basic_auth(SUPERVISOR_EMAIL, Some(evtop::sim::SUPERVISOR_SECRET))
            .body(bad)
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 400, "{bad}");
        let body: Value = r.json().await.unwrap();
        assert!(body["Message"].is_string());
    }
    // Still serving.
    assert_eq!(get(&sim, &path(Endpoint::UsersMe, &[])).await.0, 200);
    sim.shutdown().await;
}
