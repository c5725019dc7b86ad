//! The REST API, mounted from the one path table (`crate::api::paths`): every route of
//! the table in force, and nothing hand-written. Bodies are the PascalCase DTOs of
//! `crate::model::rest`.

use super::auth::{constant_time_eq, Caller};
use super::errors::{parse_body, ApiError};
use super::faults::rest_faults;
use super::state::{lock, Shared};
use crate::api::paths::{split_query, toggle_trailing_slash, Endpoint, Method, ROUTES};
use crate::model::rest as r;
use axum::body::Bytes;
use axum::extract::{Path, Query, Request, State};
use axum::handler::Handler;
use axum::response::{IntoResponse, Response};
use axum::routing::{MethodFilter, MethodRouter};
use axum::{Json, Router};
use serde_json::{json, Value};
use std::collections::{BTreeMap, HashMap};
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

type Params = Path<HashMap<String, String>>;
type Res<T> = Result<Json<T>, ApiError>;

/// One route as mounted at a concrete path: which endpoint, the query keys its template
/// needs (`OnlyForUser`), and whether the path is the template's own (not the toggled
/// trailing-slash variant).
#[derive(Debug, Clone)]
struct Mounted {
    endpoint: Endpoint,
    query_keys: Vec<String>,
    primary: bool,
}

/// The routes of the path table: discovery without faults, everything else behind the
/// fault middleware; every request is recorded for `/_sim/requests`. A template's
/// query part (`/queues/?OnlyForUser={userId}`) is matched on the request's query, so
/// two routes may share a path. Each template is also served with its trailing slash
/// toggled (unless the scenario asks for strict paths), so `curl …/users/me/` works too.
/// Routes the scenario hides are not mounted: they answer 404.
pub fn router(shared: &Arc<Shared>) -> Router<Arc<Shared>> {
    let table = &shared.config.paths;
    let scenario = &shared.config.scenario;
    let mut api: BTreeMap<String, Vec<(Method, Mounted)>> = BTreeMap::new();
    let mut discovery: BTreeMap<String, Vec<(Method, Mounted)>> = BTreeMap::new();
    for route in ROUTES {
        if scenario.hidden_routes.iter().any(|k| k == route.key) {
            continue;
        }
        let template = table.template(route.endpoint);
        let (path, query) = split_query(template);
        let query_keys = query.map(query_template_keys).unwrap_or_default();
        let mut paths = vec![(path.to_owned(), true)];
        if !scenario.strict_paths {
            let alternate = split_query(&toggle_trailing_slash(path)).0.to_owned();
            if alternate != path {
                paths.push((alternate, false));
            }
        }
        let target = if route.endpoint == Endpoint::Discovery {
            &mut discovery
        } else {
            &mut api
        };
        for (path, primary) in paths {
            target.entry(path).or_default().push((
                route.method,
                Mounted {
                    endpoint: route.endpoint,
                    query_keys: query_keys.clone(),
                    primary,
                },
            ));
        }
    }
    let api_router = mount(api).route_layer(axum::middleware::from_fn_with_state(
        shared.clone(),
        rest_faults,
    ));
    mount(discovery)
        .merge(api_router)
        .layer(axum::middleware::from_fn_with_state(
            shared.clone(),
            super::requests::record,
        ))
}

/// The query names of a template's query part (`StartTime={startTime}&…`).
fn query_template_keys(query: &str) -> Vec<String> {
    query
        .split('&')
        .filter_map(|pair| pair.split_once('=').map(|(k, _)| k.to_owned()))
        .filter(|k| !k.is_empty())
        .collect()
}

/// One axum route per path; per method, the request's query picks the endpoint.
fn mount(paths: BTreeMap<String, Vec<(Method, Mounted)>>) -> Router<Arc<Shared>> {
    let mut router = Router::new();
    for (path, routes) in paths {
        let mut mr: MethodRouter<Arc<Shared>> = MethodRouter::new();
        for method in [Method::Get, Method::Post, Method::Delete] {
            let candidates: Vec<Mounted> = routes
                .iter()
                .filter(|(m, _)| *m == method)
                .map(|(_, r)| r.clone())
                .collect();
            if candidates.is_empty() {
                continue;
            }
            let filter = match method {
                Method::Get => MethodFilter::GET,
                Method::Post => MethodFilter::POST,
                Method::Delete => MethodFilter::DELETE,
            };
            let candidates = Arc::new(candidates);
            mr = mr.on(
                filter,
                move |State(shared): State<Arc<Shared>>, req: Request| {
                    let candidates = candidates.clone();
                    async move {
                        match pick(&candidates, req.uri().query()) {
                            Some(endpoint) => serve(endpoint, req, shared).await,
                            None => ApiError::not_found(
                                "No HTTP resource was found that matches the request URI.",
                            )
                            .into_response(),
                        }
                    }
                },
            );
        }
        router = router.route(&path, mr);
    }
    router
}

/// The endpoint for a request's query: of the routes whose query names are all present,
/// the one needing the most, the path's own template before a toggled one.
fn pick(candidates: &[Mounted], query: Option<&str>) -> Option<Endpoint> {
    let present: Vec<String> = url::form_urlencoded::parse(query.unwrap_or_default().as_bytes())
        .map(|(k, _)| k.to_ascii_lowercase())
        .collect();
    candidates
        .iter()
        .filter(|c| {
            c.query_keys
                .iter()
                .all(|k| present.contains(&k.to_ascii_lowercase()))
        })
        .max_by_key(|c| (c.query_keys.len(), c.primary))
        .map(|c| c.endpoint)
}

/// Runs an endpoint's handler on a request.
fn serve(
    endpoint: Endpoint,
    req: Request,
    shared: Arc<Shared>,
) -> Pin<Box<dyn Future<Output = Response> + Send>> {
    macro_rules! call {
        ($h:expr) => {
            Handler::call($h, req, shared)
        };
    }
    let refused = {
        let switches = super::state::lock(&shared.switches);
        let key = crate::api::ROUTES
            .iter()
            .find(|r| r.endpoint == endpoint)
            .map(|r| r.key);
        key.is_some_and(|k| switches.refused_routes.iter().any(|r| r == k))
    };
    if refused {
        return Box::pin(async { ApiError::forbidden().into_response() });
    }
    match endpoint {
        Endpoint::Discovery => call!(discovery),
        Endpoint::AuthUser => call!(auth_user),
        Endpoint::UsersMe => call!(users_me),
        Endpoint::Users => call!(users),
        Endpoint::User => call!(user),
        Endpoint::Queues => call!(queues),
        Endpoint::UserQueues => call!(user_queues),
        Endpoint::QueueUsers => call!(queue_users),
        Endpoint::RteToken => call!(rte_token),
        Endpoint::AvailabilityCurrent => call!(availability_current),
        Endpoint::SetAvailability => call!(set_availability),
        Endpoint::EndAvailability => call!(end_availability),
        Endpoint::TerminateWrapUp => call!(terminate_wrap_up),
        Endpoint::CallbackLists => call!(callback_lists),
        Endpoint::CallbackRequests => call!(callback_requests),
        Endpoint::AssignCallback => call!(assign_callback),
        Endpoint::CloseCallback => call!(close_callback),
        Endpoint::AutoAllocationRequest => call!(auto_allocation),
        Endpoint::CalloutActivate => call!(callout_activate),
        Endpoint::MobileCall => call!(mobile_call),
        Endpoint::ServiceCalls => call!(service_calls),
        Endpoint::Calls => call!(user_calls),
        Endpoint::CallListSchemas => call!(call_list_schemas),
    }
}

/// A template's query placeholders filled from a request's query: for
/// `OnlyForUser={userId}` and `?onlyforuser=u1`, `userId → u1` (names in any case).
fn template_query(
    shared: &Shared,
    endpoint: Endpoint,
    query: &HashMap<String, String>,
) -> HashMap<String, String> {
    let template = shared.config.paths.template(endpoint);
    let Some(q) = split_query(template).1 else {
        return HashMap::new();
    };
    q.split('&')
        .filter_map(|pair| {
            let (key, value) = pair.split_once('=')?;
            let param = value.strip_prefix('{')?.strip_suffix('}')?;
            let given = query
                .iter()
                .find(|(k, _)| k.eq_ignore_ascii_case(key))
                .map(|(_, v)| v.clone())?;
            Some((param.to_owned(), given))
        })
        .collect()
}

fn param<'a>(p: &'a HashMap<String, String>, name: &str) -> Result<&'a str, ApiError> {
    p.get(name)
        .map(String::as_str)
        .ok_or_else(|| ApiError::bad_request(format!("missing parameter '{name}'")))
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

/// `GET /users/{userId}`.
async fn user(State(shared): State<Arc<Shared>>, caller: Caller, Path(p): Params) -> Res<r::User> {
    let u = read_user(&shared, &caller, param(&p, "userId")?)?;
    Ok(Json(lock(&shared.model).rest_user(u)))
}

async fn queues(State(shared): State<Arc<Shared>>, _caller: Caller) -> Res<Vec<r::Queue>> {
    Ok(Json(lock(&shared.model).rest_queues()))
}

/// `GET /queues/?OnlyForUser={userId}`: the queues one user serves.
async fn user_queues(
    State(shared): State<Arc<Shared>>,
    caller: Caller,
    Query(q): Query<HashMap<String, String>>,
) -> Res<Vec<r::Queue>> {
    let params = template_query(&shared, Endpoint::UserQueues, &q);
    let u = read_user(&shared, &caller, param(&params, "userId")?)?;
    Ok(Json(lock(&shared.model).rest_user_queues(u)))
}

/// Reads the `startTime`/`endTime` of a call query: UTC `YYYY-MM-DD HH:MM:SS` (ISO
/// accepted too), a window of at most 31 days.
fn call_window(
    params: &HashMap<String, String>,
) -> Result<(chrono::DateTime<chrono::Utc>, chrono::DateTime<chrono::Utc>), ApiError> {
    let time = |name: &str| -> Result<chrono::DateTime<chrono::Utc>, ApiError> {
        let text = params.get(name).map(String::as_str).unwrap_or_default();
        crate::model::time::parse(text).ok_or_else(|| {
            ApiError::bad_request(format!(
                "StartTime and EndTime are required as 'YYYY-MM-DD HH:MM:SS' (UTC); {name} was '{text}'"
            ))
        })
    };
    let (start, end) = (time("startTime")?, time("endTime")?);
    if end <= start {
        return Err(ApiError::bad_request("EndTime must be after StartTime"));
    }
    if end - start > chrono::Duration::days(r::MAX_CALL_WINDOW_DAYS) {
        return Err(ApiError::bad_request(
            "The time range cannot be longer than 31 days",
        ));
    }
    Ok((start, end))
}

/// `GET /servicecall?StartTime&EndTime`: the queue calls the model finished.
async fn service_calls(
    State(shared): State<Arc<Shared>>,
    _caller: Caller,
    Query(q): Query<HashMap<String, String>>,
) -> Res<Vec<r::ServiceCall>> {
    let (start, end) = call_window(&template_query(&shared, Endpoint::ServiceCalls, &q))?;
    Ok(Json(lock(&shared.model).rest_service_calls(start, end)))
}

/// `GET /calls?StartTime&EndTime[&UserIDs=a,b]`: answered calls as their agents saw them.
async fn user_calls(
    State(shared): State<Arc<Shared>>,
    _caller: Caller,
    Query(q): Query<HashMap<String, String>>,
) -> Res<Vec<r::UserCall>> {
    let (start, end) = call_window(&template_query(&shared, Endpoint::Calls, &q))?;
    let users: Vec<String> = q
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case("UserIDs"))
        .map(|(_, v)| {
            v.split(',')
                .map(|s| s.trim().to_owned())
                .filter(|s| !s.is_empty())
                .collect()
        })
        .unwrap_or_default();
    Ok(Json(
        lock(&shared.model).rest_user_calls(start, end, &users),
    ))
}

/// `GET /classification/calllistschemas`.
async fn call_list_schemas(
    State(shared): State<Arc<Shared>>,
    _caller: Caller,
) -> Res<Vec<r::CallListSchema>> {
    Ok(Json(lock(&shared.model).rest_call_list_schemas()))
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
    let ws = if shared.base_url.starts_with("https://") {
        "wss"
    } else {
        "ws"
    };
    let wss_endpoint = if shared.faults.settings().wss_without_scheme {
        format!("{hostport}/rte")
    } else {
        format!("{ws}://{hostport}/rte")
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
    if !req.user_id.is_empty() && caller.target_user(&shared, &req.user_id)? != u {
        return Err(ApiError::bad_request(
            "UserID in the body does not match the user in the address",
        ));
    }
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

/// `DELETE /users/{userId}/availability/{availabilityId}` → the availability now.
async fn end_availability(
    State(shared): State<Arc<Shared>>,
    caller: Caller,
    Path(p): Params,
) -> Res<r::CurrentAvailability> {
    let u = caller.target_user(&shared, param(&p, "userId")?)?;
    let id = param(&p, "availabilityId")?.to_owned();
    let current = shared.with_model(|m| {
        m.end_availability(u, &id)
            .map(|()| m.current_availability(u))
    })?;
    Ok(Json(current))
}

/// `POST /users/{userId}/action/mobile/call/` `{PhoneNumber}`.
async fn mobile_call(
    State(shared): State<Arc<Shared>>,
    caller: Caller,
    Path(p): Params,
    body: Bytes,
) -> Res<Value> {
    let u = caller.target_user(&shared, param(&p, "userId")?)?;
    let req: r::MobileCallRequest = parse_body(&body)?;
    shared.with_model(|m| m.mobile_call(u, &req.phone_number))?;
    Ok(Json(json!({"Success": true})))
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
