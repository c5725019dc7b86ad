//! The REST API, mounted from the one path table (`crate::api::paths`): every route of
//! the table in force, and nothing hand-written. Bodies are the PascalCase DTOs of
//! `crate::model::rest`.

use super::auth::{constant_time_eq, Caller};
use super::errors::{parse_body, ApiError};
use super::faults::rest_faults;
use super::state::{lock, Shared};
use crate::api::paths::{Endpoint, Method, ROUTES};
use crate::model::rest as r;
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::routing::{get, post, MethodRouter};
use axum::{Json, Router};
use serde_json::{json, Value};
use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

type Params = Path<HashMap<String, String>>;
type Res<T> = Result<Json<T>, ApiError>;

/// The routes of the path table: discovery without faults, everything else behind the
/// fault middleware. Each template is also served with its trailing slash toggled when
/// that does not collide with another route, so `curl …/users/me/` works too.
pub fn router(shared: &Arc<Shared>) -> Router<Arc<Shared>> {
    let table = &shared.config.paths;
    let mut api: BTreeMap<String, MethodRouter<Arc<Shared>>> = BTreeMap::new();
    let mut discovery = Router::new();
    let templates: Vec<String> = ROUTES
        .iter()
        .map(|route| table.template(route.endpoint).to_owned())
        .collect();
    for route in ROUTES {
        let template = table.template(route.endpoint).to_owned();
        let alternate = match template.strip_suffix('/') {
            Some(t) if !t.is_empty() => t.to_owned(),
            Some(_) => template.clone(),
            None => format!("{template}/"),
        };
        let mut paths = vec![template.clone()];
        if alternate != template && !templates.contains(&alternate) {
            paths.push(alternate);
        }
        for path in paths {
            let mr = handler(route.endpoint, route.method);
            if route.endpoint == Endpoint::Discovery {
                discovery = discovery.route(&path, mr);
            } else {
                let merged = match api.remove(&path) {
                    Some(existing) => existing.merge(mr),
                    None => mr,
                };
                api.insert(path, merged);
            }
        }
    }
    let mut api_router = Router::new();
    for (path, mr) in api {
        api_router = api_router.route(&path, mr);
    }
    let api_router = api_router.route_layer(axum::middleware::from_fn_with_state(
        shared.clone(),
        rest_faults,
    ));
    discovery.merge(api_router)
}

fn handler(endpoint: Endpoint, method: Method) -> MethodRouter<Arc<Shared>> {
    macro_rules! on {
        ($h:expr) => {
            match method {
                Method::Get => get($h),
                Method::Post => post($h),
            }
        };
    }
    match endpoint {
        Endpoint::Discovery => on!(discovery),
        Endpoint::AuthUser => on!(auth_user),
        Endpoint::UsersMe => on!(users_me),
        Endpoint::Users => on!(users),
        Endpoint::Queues => on!(queues),
        Endpoint::QueueUsers => on!(queue_users),
        Endpoint::RteToken => on!(rte_token),
        Endpoint::AvailabilityCurrent => on!(availability_current),
        Endpoint::SetAvailability => on!(set_availability),
        Endpoint::TerminateWrapUp => on!(terminate_wrap_up),
        Endpoint::CallbackLists => on!(callback_lists),
        Endpoint::CallbackRequests => on!(callback_requests),
        Endpoint::AssignCallback => on!(assign_callback),
        Endpoint::CloseCallback => on!(close_callback),
        Endpoint::AutoAllocationRequest => on!(auto_allocation),
        Endpoint::CalloutActivate => on!(callout_activate),
    }
}

fn param<'a>(p: &'a HashMap<String, String>, name: &str) -> Result<&'a str, ApiError> {
    p.get(name)
        .map(String::as_str)
        .ok_or_else(|| ApiError::bad_request(format!("missing path parameter '{name}'")))
}

/// `GET /api/user/?user=NAME`: one silo, this server.
async fn discovery(
    State(shared): State<Arc<Shared>>,
    Query(q): Query<HashMap<String, String>>,
) -> Res<Vec<r::DiscoveryEntry>> {
    let user = q
        .get("user")
        .filter(|u| !u.trim().is_empty())
        .ok_or_else(|| ApiError::bad_request("The 'user' query parameter is required"))?;
    Ok(Json(vec![r::DiscoveryEntry {
        silo_name: "evtop-sim".into(),
        username: user.clone(),
        api_endpoint: format!("{}/", shared.base_url),
        authority: String::new(),
        authority_id_p_hint: String::new(),
    }]))
}

/// `POST /authuser/{email}/` `{UserName, Password}` → `{SecretKey}`.
async fn auth_user(
    State(shared): State<Arc<Shared>>,
    Path(p): Params,
    body: Bytes,
) -> Res<r::AuthUserResponse> {
    let email = param(&p, "email")?;
    let req: r::AuthUserRequest = parse_body(&body)?;
    if !req.user_name.is_empty() && !req.user_name.eq_ignore_ascii_case(email) {
        return Err(ApiError::bad_request("UserName does not match the address"));
    }
    let cred = shared
        .credential_by_email(email)
        .filter(|c| {
            c.password
                .as_deref()
                .is_some_and(|pw| constant_time_eq(pw.as_bytes(), req.password.as_bytes()))
        })
        .ok_or_else(ApiError::unauthorized)?;
    Ok(Json(r::AuthUserResponse {
        secret_key: cred.secret_key.clone(),
    }))
}

async fn users_me(State(shared): State<Arc<Shared>>, caller: Caller) -> Res<r::User> {
    Ok(Json(lock(&shared.model).rest_user(caller.user)))
}

async fn users(State(shared): State<Arc<Shared>>, _caller: Caller) -> Res<Vec<r::User>> {
    Ok(Json(lock(&shared.model).rest_users()))
}

async fn queues(State(shared): State<Arc<Shared>>, _caller: Caller) -> Res<Vec<r::Queue>> {
    Ok(Json(lock(&shared.model).rest_queues()))
}

async fn queue_users(
    State(shared): State<Arc<Shared>>,
    _caller: Caller,
    Path(p): Params,
) -> Res<Value> {
    let id = param(&p, "queueId")?;
    let m = lock(&shared.model);
    let q = m
        .queue_index(id)
        .ok_or_else(|| ApiError::not_found(format!("Queue '{id}' not found")))?;
    Ok(Json(
        serde_json::to_value(m.queue_users(q)).unwrap_or(Value::Null),
    ))
}

/// `GET /token/{userId}/rte/` → `{WSSEndpoint, Token}`.
async fn rte_token(
    State(shared): State<Arc<Shared>>,
    caller: Caller,
    Path(p): Params,
) -> Res<r::RteToken> {
    let target = caller.target_user(&shared, param(&p, "userId")?)?;
    if shared.faults.take_token_refusal() {
        return Err(ApiError::unauthorized());
    }
    let (user_id, org_id) = {
        let m = lock(&shared.model);
        (m.user_id(target).to_owned(), m.organization_id().to_owned())
    };
    let token = shared.tokens.issue(
        target,
        caller.role,
        &user_id,
        &org_id,
        shared.config.token_ttl,
    );
    let hostport = shared
        .base_url
        .trim_start_matches("http://")
        .trim_start_matches("https://");
    let wss_endpoint = if shared.faults.settings().wss_without_scheme {
        format!("{hostport}/rte")
    } else {
        format!("ws://{hostport}/rte")
    };
    Ok(Json(r::RteToken {
        wss_endpoint,
        token,
    }))
}

/// Looks a `{userId}` up for reading (any caller may read).
fn read_user(shared: &Shared, caller: &Caller, id: &str) -> Result<usize, ApiError> {
    if id.eq_ignore_ascii_case("me") {
        return Ok(caller.user);
    }
    lock(&shared.model)
        .user_index(id)
        .ok_or_else(|| ApiError::not_found(format!("User '{id}' not found")))
}

async fn availability_current(
    State(shared): State<Arc<Shared>>,
    caller: Caller,
    Path(p): Params,
) -> Res<r::CurrentAvailability> {
    let u = read_user(&shared, &caller, param(&p, "userId")?)?;
    Ok(Json(lock(&shared.model).current_availability(u)))
}

async fn set_availability(
    State(shared): State<Arc<Shared>>,
    caller: Caller,
    Path(p): Params,
    body: Bytes,
) -> Res<r::CurrentAvailability> {
    let u = caller.target_user(&shared, param(&p, "userId")?)?;
    let req: r::SetAvailabilityRequest = parse_body(&body)?;
    let a = r::Availability::from_event_type_id(req.event_type_id).ok_or_else(|| {
        ApiError::bad_request(format!(
            "EventTypeID {} is not an availability (1..6)",
            req.event_type_id
        ))
    })?;
    let current = shared.with_model(|m| {
        m.set_availability(u, a, &req.note);
        m.current_availability(u)
    });
    Ok(Json(current))
}

async fn terminate_wrap_up(
    State(shared): State<Arc<Shared>>,
    caller: Caller,
    Path(p): Params,
    body: Bytes,
) -> Res<Value> {
    let u = caller.target_user(&shared, param(&p, "userId")?)?;
    let req: r::TerminateWrapUpRequest = parse_body(&body)?;
    shared.with_model(|m| m.terminate_wrap_up(u, req.wrap_up_id.as_deref()))?;
    Ok(Json(json!({"Success": true})))
}

async fn callback_lists(
    State(shared): State<Arc<Shared>>,
    _caller: Caller,
) -> Res<Vec<r::CallbackList>> {
    Ok(Json(lock(&shared.model).rest_lists()))
}

fn list_index(shared: &Shared, id: &str) -> Result<usize, ApiError> {
    lock(&shared.model)
        .list_index(id)
        .ok_or_else(|| ApiError::not_found(format!("Callback list '{id}' not found")))
}

async fn callback_requests(
    State(shared): State<Arc<Shared>>,
    _caller: Caller,
    Path(p): Params,
) -> Res<Vec<r::CallbackRequest>> {
    let l = list_index(&shared, param(&p, "listId")?)?;
    Ok(Json(lock(&shared.model).rest_requests(l)))
}

async fn assign_callback(
    State(shared): State<Arc<Shared>>,
    caller: Caller,
    Path(p): Params,
    body: Bytes,
) -> Res<Option<r::CallbackRequest>> {
    let l = list_index(&shared, param(&p, "listId")?)?;
    let req_id = param(&p, "requestId")?;
    let req: r::AssignCallbackRequest = parse_body(&body)?;
    let to = if req.user_id.is_empty() {
        caller.user
    } else {
        caller.target_user(&shared, &req.user_id)?
    };
    let updated = shared.with_model(|m| {
        m.assign_callback(l, req_id, to, caller.user)
            .map(|()| m.rest_request_by_id(l, req_id))
    })?;
    Ok(Json(updated))
}

async fn close_callback(
    State(shared): State<Arc<Shared>>,
    caller: Caller,
    Path(p): Params,
    body: Bytes,
) -> Res<Option<r::CallbackRequest>> {
    let l = list_index(&shared, param(&p, "listId")?)?;
    let req_id = param(&p, "requestId")?;
    let req: r::CloseCallbackRequest = parse_body(&body)?;
    let updated = shared.with_model(|m| {
        m.close_callback(l, req_id, &req.note, caller.user)
            .map(|()| m.rest_request_by_id(l, req_id))
    })?;
    Ok(Json(updated))
}

async fn auto_allocation(
    State(shared): State<Arc<Shared>>,
    caller: Caller,
    body: Bytes,
) -> Res<Option<r::CallbackRequest>> {
    let req: r::AutoAllocationRequest = parse_body(&body)?;
    let u = if req.user_id.is_empty() {
        caller.user
    } else {
        caller.target_user(&shared, &req.user_id)?
    };
    let updated = shared.with_model(|m| {
        m.auto_allocate(u).map(|(list, id)| {
            m.list_index(&list)
                .and_then(|l| m.rest_request_by_id(l, &id))
        })
    })?;
    Ok(Json(updated))
}

async fn callout_activate(
    State(shared): State<Arc<Shared>>,
    caller: Caller,
    Path(p): Params,
    body: Bytes,
) -> Res<Value> {
    let u = caller.target_user(&shared, param(&p, "userId")?)?;
    let req: r::CalloutActivateRequest = parse_body(&body)?;
    shared.with_model(|m| {
        m.callout(
            u,
            &req.target_number,
            &req.callback_list_id,
            &req.callback_request_id,
        )
    })?;
    Ok(Json(json!({"Success": true})))
}
