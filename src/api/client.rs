//! [`ApiClient`]: the typed REST client. Every path comes from the path table; bodies
//! are read in any key casing; GETs are retried on transient failures, POSTs never.

use super::paths::Method;
use super::transport;
use super::url::{host_label, join, parse_base};
use super::{ApiError, Endpoint, PathTable, RetryPolicy, Secret};
use super::{Credential, Login};
use crate::model::casing::from_platform;
use crate::model::rest::*;
use reqwest::header::{HeaderMap, HeaderValue, ACCEPT};
use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::Value;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;
use url::Url;

/// Where the client says that a call is slow and will be retried ("GET /queues: no
/// answer in 10 s from api.example.com; retry 1 of 3 in 0.3 s"): stderr before a
/// terminal UI starts, nowhere after (the log has every such line).
#[derive(Clone, Default)]
pub struct Notices(Option<Arc<NoticeSink>>);

/// A function that shows one notice line.
type NoticeSink = dyn Fn(&str) + Send + Sync;

impl Notices {
    pub fn to(sink: impl Fn(&str) + Send + Sync + 'static) -> Self {
        Notices(Some(Arc::new(sink)))
    }

    fn say(&self, text: &str) {
        tracing::warn!("{text}");
        if let Some(sink) = &self.0 {
            sink(text);
        }
    }
}

impl std::fmt::Debug for Notices {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(if self.0.is_some() {
            "Notices(on)"
        } else {
            "Notices(off)"
        })
    }
}

/// Knobs of the REST client.
#[derive(Debug, Clone)]
pub struct ClientOptions {
    pub retry: RetryPolicy,
    /// The first attempt of a call must finish within this (10 s), so that a stalled
    /// server is reported soon; retries get [`ClientOptions::timeout`].
    pub first_timeout: Duration,
    /// Whole-request timeout of a retry.
    pub timeout: Duration,
    pub connect_timeout: Duration,
    /// Allow plain http:// to hosts other than loopback.
    pub insecure_http: bool,
    pub paths: PathTable,
    /// A private CA's certificates (PEM), trusted besides the system's roots.
    pub ca_file: Option<PathBuf>,
    /// A ready TLS config (the demo, tests); `None`: built from the system's roots and
    /// `ca_file`.
    pub tls: Option<Arc<rustls::ClientConfig>>,
    /// Largest REST answer body read (32 MiB, profile key `max_body_mib`).
    pub max_body: usize,
    /// Where retries are announced (besides the log).
    pub notices: Notices,
}

impl Default for ClientOptions {
    fn default() -> Self {
        ClientOptions {
            retry: RetryPolicy::default(),
            first_timeout: Duration::from_secs(10),
            timeout: Duration::from_secs(30),
            connect_timeout: Duration::from_secs(10),
            insecure_http: false,
            paths: PathTable::default(),
            ca_file: None,
            tls: None,
            max_body: crate::limits::REST_BODY,
            notices: Notices::default(),
        }
    }
}

impl ClientOptions {
    /// The timeout of a first attempt (and of an action, sent once): `first_timeout`,
    /// or `timeout` when that is shorter.
    pub fn first_attempt(&self) -> Duration {
        self.first_timeout.min(self.timeout)
    }

    /// Options from a login (paths, insecure flag), defaults otherwise.
    pub fn from_login(login: &Login) -> Self {
        ClientOptions {
            insecure_http: login.insecure_http,
            paths: login.paths.clone(),
            ca_file: login.ca_file.clone(),
            max_body: login.max_body.unwrap_or(crate::limits::REST_BODY),
            ..ClientOptions::default()
        }
    }

    /// The TLS config (built once here, shared with the hub's WebSocket) and the HTTP
    /// client on it, with the platform's JSON headers.
    pub fn build_http(&self) -> Result<(reqwest::Client, Arc<rustls::ClientConfig>), ApiError> {
        let tls = match &self.tls {
            Some(config) => config.clone(),
            None => super::tls::client_config(self.ca_file.as_deref())?,
        };
        let mut headers = HeaderMap::new();
        headers.insert(ACCEPT, HeaderValue::from_static("application/json"));
        headers.insert("X-Json-Serializer", HeaderValue::from_static("2"));
        let http = reqwest::Client::builder()
            .use_preconfigured_tls((*tls).clone())
            .default_headers(headers)
            .user_agent(concat!("evtop/", env!("CARGO_PKG_VERSION")))
            // Redirects are followed by hand, under evtop's policy (api::transport).
            .redirect(reqwest::redirect::Policy::none())
            .timeout(self.timeout)
            .connect_timeout(self.connect_timeout)
            .build()
            .map_err(|e| ApiError::Other(format!("cannot set up HTTP: {e}")))?;
        Ok((http, tls))
    }
}

/// The REST client. Cheap to clone (shared inside).
#[derive(Clone)]
pub struct ApiClient {
    inner: Arc<Inner>,
}

struct Inner {
    http: reqwest::Client,
    tls: Arc<rustls::ClientConfig>,
    base: Url,
    username: String,
    secret: Secret,
    options: ClientOptions,
}

impl std::fmt::Debug for ApiClient {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ApiClient")
            .field("base", &self.inner.base.as_str())
            .field("username", &self.inner.username)
            .field("secret", &"<redacted>")
            .finish()
    }
}

impl ApiClient {
    /// Discovery (unless an API URL is given) and, when only a password is known, the
    /// password → secret key exchange. Does not call the API otherwise.
    pub async fn connect(login: &Login) -> Result<ApiClient, ApiError> {
        Self::connect_with(login, ClientOptions::from_login(login)).await
    }

    /// [`ApiClient::connect`] with explicit options (tests shorten retries).
    pub async fn connect_with(
        login: &Login,
        options: ClientOptions,
    ) -> Result<ApiClient, ApiError> {
        let (http, tls) = options.build_http()?;
        let base = match &login.api_url {
            Some(url) => parse_base(url, options.insecure_http)?,
            None => {
                super::discovery::discover(&http, &login.discovery_url, &login.username, &options)
                    .await?
            }
        };
        let secret = match &login.credential {
            Credential::SecretKey(s) => s.clone(),
            Credential::Password(p) => {
                exchange_password(&http, &base, &options, &login.username, p).await?
            }
        };
        Ok(Self::from_parts(
            (http, tls),
            base,
            login.username.clone(),
            secret,
            options,
        ))
    }

    /// A client for a known base URL and secret key.
    pub fn new(
        base_url: &str,
        username: impl Into<String>,
        secret: Secret,
        options: ClientOptions,
    ) -> Result<ApiClient, ApiError> {
        let http = options.build_http()?;
        let base = parse_base(base_url, options.insecure_http)?;
        Ok(Self::from_parts(
            http,
            base,
            username.into(),
            secret,
            options,
        ))
    }

    fn from_parts(
        (http, tls): (reqwest::Client, Arc<rustls::ClientConfig>),
        base: Url,
        username: String,
        secret: Secret,
        options: ClientOptions,
    ) -> ApiClient {
        ApiClient {
            inner: Arc::new(Inner {
                http,
                tls,
                base,
                username,
                secret,
                options,
            }),
        }
    }

    /// The REST base URL in use.
    pub fn base_url(&self) -> &Url {
        &self.inner.base
    }

    pub fn username(&self) -> &str {
        &self.inner.username
    }

    /// The shared HTTP client (the hub's negotiate uses it too).
    pub fn http(&self) -> &reqwest::Client {
        &self.inner.http
    }

    /// The TLS config REST uses; the hub's WebSocket uses the same.
    pub fn tls_config(&self) -> Arc<rustls::ClientConfig> {
        self.inner.tls.clone()
    }

    /// Whether plain http:// to non-loopback hosts was allowed.
    pub fn insecure_http(&self) -> bool {
        self.inner.options.insecure_http
    }

    // ---- typed calls ------------------------------------------------------------------

    /// `GET /users/me`.
    pub async fn me(&self) -> Result<User, ApiError> {
        self.get(Endpoint::UsersMe, &[]).await
    }

    /// [`ApiClient::connect`], then `GET /users/me` so that wrong credentials or an
    /// unreachable API are found before anything else starts (with `--api-url` and a
    /// secret key, connecting alone touches no server).
    pub async fn connect_verified(login: &Login) -> Result<ApiClient, ApiError> {
        Self::connect_verified_with(login, ClientOptions::from_login(login)).await
    }

    /// [`ApiClient::connect_verified`] with explicit options (e.g. retries announced on
    /// stderr by `evtop events`).
    pub async fn connect_verified_with(
        login: &Login,
        options: ClientOptions,
    ) -> Result<ApiClient, ApiError> {
        let client = Self::connect_with(login, options).await?;
        client.me().await?;
        Ok(client)
    }

    /// `GET /users`.
    pub async fn users(&self) -> Result<Vec<User>, ApiError> {
        self.get_rows(Endpoint::Users, &[]).await
    }

    /// `GET /queues` (with each queue's status block).
    pub async fn queues(&self) -> Result<Vec<Queue>, ApiError> {
        self.get_rows(Endpoint::Queues, &[]).await
    }

    /// `GET /queues/{queueId}/users`.
    pub async fn queue_users(&self, queue_id: &str) -> Result<Vec<User>, ApiError> {
        self.get(Endpoint::QueueUsers, &[("queueId", queue_id)])
            .await
    }

    /// `GET /token/{userId}/rte/`; `user_or_me` is a user id or `"me"`.
    pub async fn rte_token(&self, user_or_me: &str) -> Result<RteToken, ApiError> {
        self.get(Endpoint::RteToken, &[("userId", user_or_me)])
            .await
    }

    /// `GET /users/{userId}/availability/current`.
    pub async fn availability_current(
        &self,
        user_id: &str,
    ) -> Result<CurrentAvailability, ApiError> {
        self.get(Endpoint::AvailabilityCurrent, &[("userId", user_id)])
            .await
    }

    /// `POST /users/{userId}/availability`.
    pub async fn set_availability(
        &self,
        user_id: &str,
        request: &SetAvailabilityRequest,
    ) -> Result<Value, ApiError> {
        self.post(Endpoint::SetAvailability, &[("userId", user_id)], request)
            .await
    }

    /// `POST /users/{userId}/wrapup/terminate/`.
    pub async fn terminate_wrapup(
        &self,
        user_id: &str,
        request: &TerminateWrapUpRequest,
    ) -> Result<Value, ApiError> {
        self.post(Endpoint::TerminateWrapUp, &[("userId", user_id)], request)
            .await
    }

    /// `GET /callbacklists/`.
    pub async fn callback_lists(&self) -> Result<Vec<CallbackList>, ApiError> {
        self.get_rows(Endpoint::CallbackLists, &[]).await
    }

    /// `GET /callbacklists/{listId}/requests/`; each row's id is its `CallBackId` when
    /// it has one.
    pub async fn callback_requests(&self, list_id: &str) -> Result<Vec<CallbackRequest>, ApiError> {
        let mut rows: Vec<CallbackRequest> = self
            .get_rows(Endpoint::CallbackRequests, &[("listId", list_id)])
            .await?;
        rows.iter_mut().for_each(CallbackRequest::normalize);
        Ok(rows)
    }

    /// `POST /callbacklists/{listId}/requests/{requestId}/assign/`.
    pub async fn assign_callback(
        &self,
        list_id: &str,
        request_id: &str,
        request: &AssignCallbackRequest,
    ) -> Result<Value, ApiError> {
        self.post(
            Endpoint::AssignCallback,
            &[("listId", list_id), ("requestId", request_id)],
            request,
        )
        .await
    }

    /// `POST /callbacklists/{listId}/requests/{requestId}/close/`.
    pub async fn close_callback(
        &self,
        list_id: &str,
        request_id: &str,
        request: &CloseCallbackRequest,
    ) -> Result<Value, ApiError> {
        self.post(
            Endpoint::CloseCallback,
            &[("listId", list_id), ("requestId", request_id)],
            request,
        )
        .await
    }

    /// `POST /callbacks/auto-allocation-request`.
    pub async fn auto_allocation_request(
        &self,
        request: &AutoAllocationRequest,
    ) -> Result<Value, ApiError> {
        self.post(Endpoint::AutoAllocationRequest, &[], request)
            .await
    }

    /// `POST /users/{userId}/features/callout/activate/` (`user_id` may be `"me"`).
    pub async fn callout_activate(
        &self,
        user_id: &str,
        request: &CalloutActivateRequest,
    ) -> Result<Value, ApiError> {
        self.post(Endpoint::CalloutActivate, &[("userId", user_id)], request)
            .await
    }

    /// `GET /users/{userId}`.
    pub async fn user(&self, user_id: &str) -> Result<User, ApiError> {
        self.get(Endpoint::User, &[("userId", user_id)]).await
    }

    /// `GET /queues/?OnlyForUser={userId}`: the queues one user serves.
    pub async fn user_queues(&self, user_id: &str) -> Result<Vec<Queue>, ApiError> {
        self.get_rows(Endpoint::UserQueues, &[("userId", user_id)])
            .await
    }

    /// `DELETE /users/{userId}/availability/{availabilityId}`: ends an availability event.
    pub async fn end_availability(
        &self,
        user_id: &str,
        availability_id: &str,
    ) -> Result<Value, ApiError> {
        self.delete(
            Endpoint::EndAvailability,
            &[("userId", user_id), ("availabilityId", availability_id)],
        )
        .await
    }

    /// `POST /users/{userId}/action/mobile/call/` `{PhoneNumber}`: click-to-call from
    /// the user's mobile (`user_id` may be `"me"`).
    pub async fn mobile_call(
        &self,
        user_id: &str,
        request: &MobileCallRequest,
    ) -> Result<Value, ApiError> {
        self.post(Endpoint::MobileCall, &[("userId", user_id)], request)
            .await
    }

    /// `GET /servicecall?StartTime&EndTime`: inbound queue calls in a window of at most
    /// 31 days (checked here, as the platform refuses longer ones).
    pub async fn service_calls(
        &self,
        start: chrono::DateTime<chrono::Utc>,
        end: chrono::DateTime<chrono::Utc>,
    ) -> Result<Vec<ServiceCall>, ApiError> {
        let (s, e) = call_window(start, end)?;
        self.get_rows(
            Endpoint::ServiceCalls,
            &[("startTime", &s), ("endTime", &e)],
        )
        .await
    }

    /// `GET /calls?StartTime&EndTime`: user calls in a window of at most 31 days.
    pub async fn calls(
        &self,
        start: chrono::DateTime<chrono::Utc>,
        end: chrono::DateTime<chrono::Utc>,
    ) -> Result<Vec<UserCall>, ApiError> {
        let (s, e) = call_window(start, end)?;
        self.get_rows(Endpoint::Calls, &[("startTime", &s), ("endTime", &e)])
            .await
    }

    /// `GET /classification/calllistschemas`: call lists (with a schema) and their names.
    pub async fn call_list_schemas(&self) -> Result<Vec<CallListSchema>, ApiError> {
        self.get(Endpoint::CallListSchemas, &[]).await
    }

    // ---- plumbing ---------------------------------------------------------------------

    /// One request to a concrete path, sent once (no retry), with Basic auth: the status
    /// and the answer's JSON as sent (keys not folded). For `evtop doctor`, which looks at
    /// each answer as it is.
    pub async fn send_once(
        &self,
        method: Method,
        path: &str,
        body: Option<&Value>,
    ) -> Result<(u16, Value), ApiError> {
        let what = format!(
            "{} {}",
            method.as_str(),
            path.split('?').next().unwrap_or(path)
        );
        let url = join(&self.inner.base, path);
        let method = match method {
            Method::Get => reqwest::Method::GET,
            Method::Post => reqwest::Method::POST,
            Method::Delete => reqwest::Method::DELETE,
        };
        let body = body.map(|b| b.to_string().into_bytes());
        let answer = self
            .call(method, url, body, &what, self.inner.options.first_attempt())
            .await?;
        let status = answer.status;
        decode_answer(answer, &what).map(|v| (status, v))
    }

    /// An action without a body (`DELETE`): sent once, never retried.
    pub async fn delete(
        &self,
        endpoint: Endpoint,
        params: &[(&str, &str)],
    ) -> Result<Value, ApiError> {
        let path = self.inner.options.paths.path(endpoint, params);
        let what = format!("DELETE {path}");
        let url = join(&self.inner.base, &path);
        let answer = self
            .call(
                reqwest::Method::DELETE,
                url,
                None,
                &what,
                self.inner.options.first_attempt(),
            )
            .await?;
        decode_answer(answer, &what)
    }

    /// The path table in force.
    pub fn paths(&self) -> &PathTable {
        &self.inner.options.paths
    }

    /// An idempotent GET, retried on transient failures, decoded in any casing.
    /// GET a list, keeping the rows that decode: one malformed row of a server's answer
    /// must not blank every other (a day's call records, the users, the queues). The
    /// rows left out are counted in the log.
    pub async fn get_rows<T: DeserializeOwned>(
        &self,
        endpoint: Endpoint,
        params: &[(&str, &str)],
    ) -> Result<Vec<T>, ApiError> {
        // Keys are folded row by row (once), as `get` folds the whole answer.
        let (value, what) = self.get_value(endpoint, params).await?;
        let serde_json::Value::Array(rows) = value else {
            return Err(ApiError::Decode {
                what,
                detail: "expected a list".into(),
            });
        };
        let total = rows.len();
        let mut first_error = None;
        let kept: Vec<T> = rows
            .into_iter()
            .filter_map(|row| match from_platform(row) {
                Ok(t) => Some(t),
                Err(e) => {
                    first_error.get_or_insert_with(|| e.to_string());
                    None
                }
            })
            .collect();
        if let Some(e) = first_error {
            tracing::warn!(
                what = %crate::sanitize::excerpt(&what),
                left_out = total - kept.len(),
                of = total,
                first = %crate::sanitize::excerpt(&e),
                "rows that could not be read were left out"
            );
        }
        Ok(kept)
    }

    pub async fn get<T: DeserializeOwned>(
        &self,
        endpoint: Endpoint,
        params: &[(&str, &str)],
    ) -> Result<T, ApiError> {
        let (value, what) = self.get_value(endpoint, params).await?;
        from_platform(value).map_err(|e| ApiError::Decode {
            what,
            detail: e.to_string(),
        })
    }

    /// GET with retries: the answer's JSON as sent (keys not folded) and what was asked
    /// (`GET /path`, for messages).
    async fn get_value(
        &self,
        endpoint: Endpoint,
        params: &[(&str, &str)],
    ) -> Result<(serde_json::Value, String), ApiError> {
        let path = self.inner.options.paths.path(endpoint, params);
        let what = format!("GET {path}");
        let url = join(&self.inner.base, &path);
        let options = &self.inner.options;
        let value = with_retries(options, &what, &host_label(&self.inner.base), |timeout| {
            let url = url.clone();
            let what = what.clone();
            async move {
                let answer = self
                    .call(reqwest::Method::GET, url, None, &what, timeout)
                    .await?;
                decode_answer(answer, &what)
            }
        })
        .await?;
        Ok((value, what))
    }

    /// An action: sent once, never retried. Returns the answer's JSON (`Null` if empty).
    pub async fn post<B: Serialize>(
        &self,
        endpoint: Endpoint,
        params: &[(&str, &str)],
        body: &B,
    ) -> Result<Value, ApiError> {
        let path = self.inner.options.paths.path(endpoint, params);
        let what = format!("POST {path}");
        let url = join(&self.inner.base, &path);
        let body = serde_json::to_vec(body).map_err(|e| ApiError::Other(e.to_string()))?;
        let answer = self
            .call(
                reqwest::Method::POST,
                url,
                Some(body),
                &what,
                self.inner.options.first_attempt(),
            )
            .await?;
        decode_answer(answer, &what)
    }

    /// One exchange with Basic auth, under the redirect policy and the body bound.
    async fn call(
        &self,
        method: reqwest::Method,
        url: Url,
        body: Option<Vec<u8>>,
        what: &str,
        timeout: Duration,
    ) -> Result<transport::Answer, ApiError> {
        let options = &self.inner.options;
        let request = transport::Request {
            method,
            url,
            auth: transport::Auth::Basic(&self.inner.username, &self.inner.secret),
            body,
            timeout,
            max_body: options.max_body,
            insecure_http: options.insecure_http,
            headers: Vec::new(),
        };
        transport::exchange(&self.inner.http, request, what).await
    }
}

/// Runs an idempotent call, retrying transient failures with backoff: the first attempt
/// within `first_timeout`, later ones within `timeout`; every retry is announced.
pub(crate) async fn with_retries<F, Fut>(
    options: &ClientOptions,
    what: &str,
    host: &str,
    mut attempt: F,
) -> Result<Value, ApiError>
where
    F: FnMut(Duration) -> Fut,
    Fut: std::future::Future<Output = Result<Value, ApiError>>,
{
    let mut retry = 0;
    loop {
        let timeout = if retry == 0 {
            options.first_attempt()
        } else {
            options.timeout
        };
        let error = match attempt(timeout).await {
            Ok(v) => return Ok(v),
            Err(e) => e,
        };
        retry += 1;
        let Some(wait) = options.retry.delay_for(retry, &error) else {
            return Err(error);
        };
        let why = match &error {
            ApiError::Timeout { .. } => {
                format!(
                    "no answer in {} s from {host}",
                    timeout.as_secs_f32().round()
                )
            }
            other => other.to_string(),
        };
        options.notices.say(&format!(
            "{what}: {why}; retry {retry} of {} in {:.1} s",
            options.retry.max_retries,
            wait.as_secs_f32()
        ));
        tokio::time::sleep(wait).await;
    }
}

/// A `StartTime`/`EndTime` pair in the platform's format, or an error for an empty or
/// too long window.
fn call_window(
    start: chrono::DateTime<chrono::Utc>,
    end: chrono::DateTime<chrono::Utc>,
) -> Result<(String, String), ApiError> {
    if end <= start {
        return Err(ApiError::Other(
            "the call window must end after it starts".into(),
        ));
    }
    if end - start > chrono::Duration::days(MAX_CALL_WINDOW_DAYS) {
        return Err(ApiError::Other(format!(
            "the call window may span at most {MAX_CALL_WINDOW_DAYS} days"
        )));
    }
    Ok((query_time(&start), query_time(&end)))
}

/// `POST /authuser/{email}/` with the password → the secret key.
async fn exchange_password(
    http: &reqwest::Client,
    base: &Url,
    options: &ClientOptions,
    username: &str,
    password: &Secret,
) -> Result<Secret, ApiError> {
    let paths = &options.paths;
    let path = paths.path(Endpoint::AuthUser, &[("email", username)]);
    let what = "POST /authuser (login with password)";
    let body = serde_json::json!({"UserName": username, "Password": password.expose()});
    let request = transport::Request {
        method: reqwest::Method::POST,
        url: join(base, &path),
        auth: transport::Auth::None,
        body: Some(body.to_string().into_bytes()),
        timeout: options.first_attempt(),
        max_body: options.max_body,
        insecure_http: options.insecure_http,
        headers: Vec::new(),
    };
    let answer = transport::exchange(http, request, what).await;
    let value = match answer.and_then(|a| decode_answer(a, what)) {
        Err(ApiError::Unauthorized) => return Err(ApiError::BadPassword),
        other => other?,
    };
    let answer: AuthUserResponse = from_platform(value).map_err(|e| ApiError::Decode {
        what: what.to_owned(),
        detail: e.to_string(),
    })?;
    if answer.secret_key.is_empty() {
        return Err(ApiError::Decode {
            what: what.to_owned(),
            detail: "the answer has no SecretKey".into(),
        });
    }
    Ok(Secret::new(answer.secret_key))
}

/// One exchange without credentials (discovery, the password login) under the redirect
/// policy and the body bound: the status and the JSON (error statuses are errors).
pub(crate) async fn fetch_json(
    http: &reqwest::Client,
    method: reqwest::Method,
    url: Url,
    body: Option<&Value>,
    options: &ClientOptions,
    what: &str,
) -> Result<(u16, Value), ApiError> {
    let request = transport::Request {
        method,
        url,
        auth: transport::Auth::None,
        body: body.map(|b| b.to_string().into_bytes()),
        timeout: options.first_attempt(),
        max_body: options.max_body,
        insecure_http: options.insecure_http,
        headers: Vec::new(),
    };
    let answer = transport::exchange(http, request, what).await?;
    let status = answer.status;
    decode_answer(answer, what).map(|v| (status, v))
}

/// An answer's JSON: error statuses become [`ApiError`]s, an empty body is `Null`.
pub(crate) fn decode_answer(answer: transport::Answer, what: &str) -> Result<Value, ApiError> {
    if !(200..300).contains(&answer.status) {
        let body = String::from_utf8_lossy(&answer.body);
        return Err(ApiError::from_status(
            answer.status,
            what,
            &body,
            answer.retry_after,
        ));
    }
    if answer.body.iter().all(u8::is_ascii_whitespace) {
        return Ok(Value::Null);
    }
    serde_json::from_slice(&answer.body).map_err(|e| ApiError::Decode {
        what: what.to_owned(),
        detail: format!("not JSON: {e}"),
    })
}
