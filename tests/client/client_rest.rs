//! The REST client against a small hand-made server on loopback: discovery, login,
//! headers, error mapping, retries (GET) and no retries (POST).

use axum::extract::{Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use evtop::api::{ApiClient, ApiError, ClientOptions, RetryPolicy, Secret};
use evtop::api::{Credential, Login};
use serde_json::{json, Value};
use std::collections::HashMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

#[derive(Default)]
struct Counters {
    queues: AtomicUsize,
    posts: AtomicUsize,
    limited: AtomicUsize,
}

const USER: &str = "sup@example.com";
const KEY: &str = "the-secret-key";

fn basic_ok(headers: &HeaderMap) -> bool {
    use base64::Engine;
    let want = format!(
        "Basic {}",
        base64::engine::general_purpose::STANDARD.encode(format!("{USER}:{KEY}"))
    );
    headers.get("authorization").and_then(|v| v.to_str().ok()) == Some(want.as_str())
        && headers.get("accept").and_then(|v| v.to_str().ok()) == Some("application/json")
        && headers
            .get("x-json-serializer")
            .and_then(|v| v.to_str().ok())
            == Some("2")
}

async fn serve(counters: Arc<Counters>) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let base = format!("http://{addr}");
    let api = format!("{base}/silo/");
    let app = Router::new()
        .route(
            "/api/user/",
            get(move |Query(q): Query<HashMap<String, String>>| {
                let api = api.clone();
                async move {
                    match q.get("user").map(String::as_str) {
                        Some(USER) => Json(json!([{"apiEndpoint": api, "username": USER}])),
                        _ => Json(json!([])),
                    }
                }
            }),
        )
        .route(
            "/silo/authuser/{email}/",
            post(|Json(body): Json<Value>| async move {
                if body["UserName"] == USER && body["Password"] == "pw" {
                    Json(json!({"SecretKey": KEY})).into_response()
                } else {
                    StatusCode::UNAUTHORIZED.into_response()
                }
            }),
        )
        .route(
            "/silo/users/me",
            get(|headers: HeaderMap| async move {
                if basic_ok(&headers) {
                    Json(json!({"ID": "u1", "OrganizationId": "o1", "FirstName": "Sam"}))
                        .into_response()
                } else {
                    StatusCode::UNAUTHORIZED.into_response()
                }
            }),
        )
        .route(
            "/silo/queues",
            get(|State(c): State<Arc<Counters>>| async move {
                // Two failures, then the answer.
                if c.queues.fetch_add(1, Ordering::SeqCst) < 2 {
                    return StatusCode::SERVICE_UNAVAILABLE.into_response();
                }
                Json(json!([{"id": "q1", "name": "Sales", "status": {"queueLength": 3}}]))
                    .into_response()
            }),
        )
        .route(
            "/silo/users",
            get(|State(c): State<Arc<Counters>>| async move {
                if c.limited.fetch_add(1, Ordering::SeqCst) == 0 {
                    return (StatusCode::TOO_MANY_REQUESTS, [("retry-after", "1")], "")
                        .into_response();
                }
                Json(json!([{"Id": "u1"}, {"Id": "u2"}])).into_response()
            }),
        )
        .route(
            "/silo/users/{userId}/wrapup/terminate/",
            post(|State(c): State<Arc<Counters>>| async move {
                c.posts.fetch_add(1, Ordering::SeqCst);
                let r: Response = StatusCode::BAD_GATEWAY.into_response();
                r
            }),
        )
        .route(
            "/silo/callbacklists/",
            get(|| async { (StatusCode::FORBIDDEN, Json(json!({"Message": "nope"}))) }),
        )
        .with_state(counters);
    tokio::spawn(async move {
        let _ = axum::serve(listener, app).await;
    });
    base
}

fn fast() -> ClientOptions {
    ClientOptions {
        retry: RetryPolicy {
            max_retries: 3,
            base_delay: Duration::from_millis(10),
            max_delay: Duration::from_secs(2),
        },
        ..ClientOptions::default()
    }
}

fn resolved(base: &str, credential: Credential) -> Login {
    let mut r = Login::with_secret_key(base, USER, "x");
    r.api_url = None;
    r.discovery_url = format!("{base}/");
    r.credential = credential;
    r
}

#[tokio::test]
async fn discovery_then_password_login_then_typed_call() {
    let base = serve(Arc::default()).await;
    let r = resolved(&base, Credential::Password(Secret::new("pw")));
    let api = tokio::time::timeout(Duration::from_secs(10), ApiClient::connect_with(&r, fast()))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(api.base_url().as_str(), format!("{base}/silo"));
    let me = api.me().await.unwrap();
    assert_eq!(me.id, "u1");
    assert_eq!(me.organization_id, "o1");
    assert!(!format!("{api:?}").contains(KEY));
}

#[tokio::test]
async fn unknown_user_and_wrong_password_are_clear() {
    let base = serve(Arc::default()).await;
    let mut r = resolved(&base, Credential::SecretKey(Secret::new(KEY)));
    r.username = "who@example.com".into();
    let err = ApiClient::connect_with(&r, fast()).await.unwrap_err();
    assert!(matches!(err, ApiError::UnknownUser { .. }), "{err:?}");
    assert!(err.to_string().contains("who@example.com"), "{err}");

    let r = resolved(&base, Credential::Password(Secret::new("wrong")));
    let err = ApiClient::connect_with(&r, fast()).await.unwrap_err();
    assert_eq!(err, ApiError::BadPassword);
    assert!(!err.to_string().contains("wrong"));
}

#[tokio::test]
async fn bad_secret_says_check_user_and_secret_key() {
    let base = serve(Arc::default()).await;
    let api = ApiClient::new(
        &format!("{base}/silo"),
        USER,
        Secret::new("bad-key"),
        fast(),
    )
    .unwrap();
    let err = api.me().await.unwrap_err();
    assert_eq!(err, ApiError::Unauthorized);
    assert!(err.user_message().contains("check user and secret key"));
    assert!(!err.user_message().contains("bad-key"));
}

#[tokio::test]
async fn gets_are_retried_posts_are_not() {
    let counters = Arc::new(Counters::default());
    let base = serve(counters.clone()).await;
    let api = ApiClient::new(&format!("{base}/silo/"), USER, Secret::new(KEY), fast()).unwrap();

    let queues = api.queues().await.unwrap();
    assert_eq!(queues.len(), 1);
    assert_eq!(queues[0].status.as_ref().unwrap().queue_length, 3);
    assert_eq!(counters.queues.load(Ordering::SeqCst), 3);

    let err = api
        .terminate_wrapup("u1", &Default::default())
        .await
        .unwrap_err();
    assert!(
        matches!(err, ApiError::Server { status: 502, .. }),
        "{err:?}"
    );
    assert_eq!(counters.posts.load(Ordering::SeqCst), 1, "POST was retried");

    let err = api.callback_lists().await.unwrap_err();
    assert!(matches!(err, ApiError::Forbidden { .. }), "{err:?}");
}

#[tokio::test]
async fn retry_after_is_waited_for() {
    let counters = Arc::new(Counters::default());
    let base = serve(counters.clone()).await;
    let api = ApiClient::new(&format!("{base}/silo"), USER, Secret::new(KEY), fast()).unwrap();
    let started = Instant::now();
    let users = api.users().await.unwrap();
    assert_eq!(users.len(), 2);
    assert!(
        started.elapsed() >= Duration::from_millis(950),
        "{:?}",
        started.elapsed()
    );
    assert_eq!(counters.limited.load(Ordering::SeqCst), 2);
}

#[tokio::test]
async fn plain_http_to_a_remote_host_is_refused() {
    let err = ApiClient::new("http://api.example.com", USER, Secret::new(KEY), fast()).unwrap_err();
    assert!(matches!(err, ApiError::InsecureHttp { .. }));
    assert!(err.to_string().contains("--insecure-http"));
}

#[tokio::test]
async fn unreachable_host_is_a_connect_error() {
    // Bind and drop to get a port nobody listens on.
    let port = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        l.local_addr().unwrap().port()
    };
    let api = ApiClient::new(
        &format!("http://127.0.0.1:{port}"),
        USER,
        Secret::new(KEY),
        ClientOptions {
            retry: RetryPolicy::none(),
            ..ClientOptions::default()
        },
    )
    .unwrap();
    let err = api.me().await.unwrap_err();
    assert!(matches!(err, ApiError::Connect { .. }), "{err:?}");
    assert!(
        err.to_string().starts_with("cannot reach 127.0.0.1:"),
        "{err}"
    );
}

#[tokio::test]
async fn tls_failure_is_named_as_such() {
    // An https client against a plain-http server: the TLS handshake fails.
    let base = serve(Arc::default()).await;
    let https = base.replace("http://", "https://");
    let api = ApiClient::new(
        &https,
        USER,
        Secret::new(KEY),
        ClientOptions {
            retry: RetryPolicy::none(),
            ..ClientOptions::default()
        },
    )
    .unwrap();
    let err = tokio::time::timeout(Duration::from_secs(10), api.me())
        .await
        .unwrap()
        .unwrap_err();
    assert!(matches!(err, ApiError::Tls { .. }), "{err:?}");
    assert!(
        err.to_string()
            .starts_with("secure connection to 127.0.0.1:"),
        "{err}"
    );
    assert!(!err.to_string().contains(KEY));
}
