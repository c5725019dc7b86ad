//! `evtop doctor`: checks a tenant step by step before the first shift. Discovery →
//! login → every GET route of the path table with a harmless request → RTE token →
//! negotiate → WebSocket → handshake → `AvailableSubscriptions` → a subscription to
//! one queue and one agent → events. Each step gets a verdict, a time, and for JSON
//! answers the fields evtop expects that are absent and the present ones it does not
//! use. Actions (POST, DELETE) are only sent with `--try-actions`, only the reversible
//! ones, each after a yes. The report says whether the console can run, which step
//! stops it, and which `[paths]` lines to try for routes that answered 404.

pub mod fields;
mod hub;
pub mod redact;
pub mod report;
pub mod table;

use crate::api::paths::{fill, route, split_query, toggle_trailing_slash, Endpoint, Method};
use crate::api::url::{join, parse_base};
use crate::api::{
    ApiClient, ApiError, ClientOptions, Credential, Login, PathTable, RetryPolicy, Secret,
};
use crate::model::casing::from_platform;
use crate::model::rest::{self as r, Availability};
use report::{Check, Report, Target, Verdict};
use serde_json::Value;
use std::time::{Duration, Instant};

/// How doctor runs.
#[derive(Debug, Clone)]
pub struct Options {
    /// How long to wait for events once subscribed.
    pub wait: Duration,
    /// Send the reversible actions (each confirmed).
    pub try_actions: bool,
    /// Limit of one REST request.
    pub request_timeout: Duration,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            wait: Duration::from_secs(10),
            try_actions: false,
            request_timeout: Duration::from_secs(15),
        }
    }
}

/// Asks the user before an action is sent.
pub trait Confirm: Send {
    /// True to go ahead.
    fn confirm(&mut self, question: &str) -> bool;
}

/// Says no to everything (no terminal to ask on).
#[derive(Debug, Default, Clone, Copy)]
pub struct NeverConfirm;

impl Confirm for NeverConfirm {
    fn confirm(&mut self, _question: &str) -> bool {
        false
    }
}

/// Rows of a list answer kept as its sample.
const SAMPLE_ROWS: usize = 3;

/// Runs every check against the tenant `login` names.
pub async fn run(login: &Login, options: &Options, confirm: &mut dyn Confirm) -> Report {
    let started = Instant::now();
    let mut d = Doctor {
        login: login.clone(),
        options: options.clone(),
        report: Report {
            evtop: env!("CARGO_PKG_VERSION").to_owned(),
            started: crate::model::time::format(&chrono::Utc::now()),
            target: Target {
                user: crate::sanitize::sanitize(&login.username),
                api_url: login.api_url.clone(),
                discovery_url: login.api_url.is_none().then(|| login.discovery_url.clone()),
            },
            ..Report::default()
        },
        api: None,
        me: None,
        my_availability: None,
        hub_targets: (None, None),
    };
    if let Err(stopped) = d.all(confirm).await {
        d.report.checks.push(Check::step(
            "remaining steps",
            Verdict::Skip,
            format!("not run: {stopped} failed"),
        ));
    }
    d.report.took_ms = started.elapsed().as_millis() as u64;
    d.report.finish(&login.paths);
    d.report
}

/// The run in progress.
pub(crate) struct Doctor {
    login: Login,
    options: Options,
    pub(crate) report: Report,
    api: Option<ApiClient>,
    me: Option<r::User>,
    my_availability: Option<r::CurrentAvailability>,
    /// The queue and the agent the hub steps subscribe to.
    hub_targets: (Option<r::Queue>, Option<r::User>),
}

/// What a GET check gave: the answer, or why not.
type Answer = Option<Value>;

/// `Err(step)`: a blocking step failed; nothing after it can run.
type Flow = Result<(), String>;

impl Doctor {
    fn client_options(&self) -> ClientOptions {
        ClientOptions {
            retry: RetryPolicy::none(),
            timeout: self.options.request_timeout,
            connect_timeout: self.options.request_timeout.min(Duration::from_secs(10)),
            insecure_http: self.login.insecure_http,
            paths: self.login.paths.clone(),
            ca_file: self.login.ca_file.clone(),
            tls: None,
            max_body: self.login.max_body.unwrap_or(crate::limits::REST_BODY),
            ..ClientOptions::default()
        }
    }

    fn paths(&self) -> &PathTable {
        &self.login.paths
    }

    fn push(&mut self, check: Check) -> usize {
        self.report.checks.push(check);
        self.report.checks.len() - 1
    }

    async fn all(&mut self, confirm: &mut dyn Confirm) -> Flow {
        let http = match self.client_options().build_http() {
            Ok((h, _)) => h,
            Err(e) => {
                let c = Check::step("setup", Verdict::Fail, e.user_message()).blocking();
                self.push(c);
                return Err("setup".into());
            }
        };
        let base = self.discovery(&http).await?;
        let secret = self.password_login(&http, &base).await?;
        let api = match ApiClient::new(
            base.as_str(),
            self.login.username.clone(),
            secret,
            self.client_options(),
        ) {
            Ok(api) => api,
            Err(e) => {
                let c = Check::step("setup", Verdict::Fail, e.user_message()).blocking();
                self.push(c);
                return Err("setup".into());
            }
        };
        self.api = Some(api);
        self.rest().await?;
        self.hub_steps().await?;
        self.actions(confirm).await;
        Ok(())
    }

    /// Discovery, unless an API URL was given: the REST base URL.
    async fn discovery(&mut self, http: &reqwest::Client) -> Result<url::Url, String> {
        const STEP: &str = "discovery";
        if let Some(api_url) = self.login.api_url.clone() {
            let c = Check::route(
                STEP,
                Endpoint::Discovery,
                Verdict::Skip,
                "--api-url given: discovery not needed",
            );
            self.push(c);
            return match parse_base(&api_url, self.login.insecure_http) {
                Ok(u) => Ok(u),
                Err(e) => {
                    let c = Check::step("API URL", Verdict::Fail, e.user_message()).blocking();
                    self.push(c);
                    Err("API URL".into())
                }
            };
        }
        let fail = |d: &mut Doctor, status: Option<u16>, ms: Option<u64>, detail: String| {
            let mut c = Check::route(STEP, Endpoint::Discovery, Verdict::Fail, detail).blocking();
            c.status = status;
            c.ms = ms;
            d.push(c);
            Err(STEP.to_owned())
        };
        let discovery_base = match parse_base(&self.login.discovery_url, self.login.insecure_http) {
            Ok(u) => u,
            Err(e) => return fail(self, None, None, e.user_message()),
        };
        let path = self.paths().path(Endpoint::Discovery, &[]);
        let mut url = join(&discovery_base, &path);
        url.query_pairs_mut()
            .append_pair("user", &self.login.username);
        let t0 = Instant::now();
        let options = self.client_options();
        let answer = crate::api::client::fetch_json(
            http,
            reqwest::Method::GET,
            url,
            None,
            &options,
            "discovery",
        )
        .await;
        let ms = Some(t0.elapsed().as_millis() as u64);
        let (status, value) = match answer {
            Ok(a) => a,
            Err(e) => return fail(self, e.status(), ms, e.user_message()),
        };
        let rows = match &value {
            Value::Array(_) => value.clone(),
            Value::Object(_) => Value::Array(vec![value.clone()]),
            _ => Value::Array(Vec::new()),
        };
        let entries: Vec<r::DiscoveryEntry> = from_platform(rows.clone()).unwrap_or_default();
        self.sample(Endpoint::Discovery, &value);
        let Some(entry) = entries.iter().find(|e| !e.api_endpoint.trim().is_empty()) else {
            let detail = format!(
                "discovery knows no user '{}': check the user name, or give --api-url",
                crate::sanitize::sanitize(&self.login.username)
            );
            return fail(self, Some(status), ms, detail);
        };
        let base = match parse_base(entry.api_endpoint.trim(), self.login.insecure_http) {
            Ok(b) => b,
            Err(e) => return fail(self, Some(status), ms, e.user_message()),
        };
        let mut c = Check::route(
            STEP,
            Endpoint::Discovery,
            Verdict::Ok,
            format!(
                "silo {} → {}",
                crate::sanitize::sanitize(if entry.silo_name.is_empty() {
                    "(unnamed)"
                } else {
                    &entry.silo_name
                }),
                crate::sanitize::sanitize(base.as_str())
            ),
        )
        .blocking();
        c.status = Some(status);
        c.ms = ms;
        c.path = Some(path);
        self.add_fields(&mut c, Endpoint::Discovery, &rows);
        self.push(c);
        Ok(base)
    }

    /// The password → secret key exchange when a password was given.
    async fn password_login(
        &mut self,
        http: &reqwest::Client,
        base: &url::Url,
    ) -> Result<Secret, String> {
        const STEP: &str = "password login";
        let password = match self.login.credential.clone() {
            Credential::SecretKey(s) => {
                let c = Check::route(
                    STEP,
                    Endpoint::AuthUser,
                    Verdict::Skip,
                    "a secret key was given: no password to exchange",
                );
                self.push(c);
                return Ok(s);
            }
            Credential::Password(p) => p,
        };
        let path = self
            .paths()
            .path(Endpoint::AuthUser, &[("email", &self.login.username)]);
        let body =
            serde_json::json!({"UserName": self.login.username, "Password": password.expose()});
        let t0 = Instant::now();
        let options = self.client_options();
        let answer = crate::api::client::fetch_json(
            http,
            reqwest::Method::POST,
            join(base, &path),
            Some(&body),
            &options,
            "POST /authuser",
        )
        .await;
        let mut c = Check::route(STEP, Endpoint::AuthUser, Verdict::Ok, "").blocking();
        c.ms = Some(t0.elapsed().as_millis() as u64);
        c.path = Some(split_query(&path).0.to_owned());
        match answer {
            Ok((status, value)) => {
                c.status = Some(status);
                self.sample(Endpoint::AuthUser, &value);
                self.add_fields(&mut c, Endpoint::AuthUser, &value);
                let key = from_platform::<r::AuthUserResponse>(value)
                    .map(|a| a.secret_key)
                    .unwrap_or_default();
                if key.is_empty() {
                    c.verdict = Verdict::Fail;
                    c.detail = "the answer has no SecretKey".into();
                    self.push(c);
                    return Err(STEP.into());
                }
                c.detail = "the password gave a secret key".into();
                self.push(c);
                Ok(Secret::new(key))
            }
            Err(e) => {
                c.status = e.status();
                c.verdict = Verdict::Fail;
                c.detail = match e {
                    ApiError::Unauthorized => ApiError::BadPassword.user_message(),
                    other => other.user_message(),
                };
                self.push(c);
                Err(STEP.into())
            }
        }
    }

    /// Every GET route of the table, with ids from earlier answers.
    async fn rest(&mut self) -> Flow {
        let me = self
            .get("who am I (login)", Endpoint::UsersMe, &[], true)
            .await;
        let Some(me) = me else {
            return Err("who am I (login)".into());
        };
        let me: r::User = from_platform(me).unwrap_or_default();
        self.describe_last(format!(
            "logged in as {}",
            crate::sanitize::sanitize(&me.display_name())
        ));
        let me_id = if me.id.is_empty() {
            "me".to_owned()
        } else {
            me.id.clone()
        };
        self.me = Some(me);

        let users: Vec<r::User> = match self.get("users", Endpoint::Users, &[], true).await {
            Some(v) => from_platform(v).unwrap_or_default(),
            None => return Err("users".into()),
        };
        self.describe_last(count(users.len(), "user"));
        let queues: Vec<r::Queue> = match self.get("queues", Endpoint::Queues, &[], true).await {
            Some(v) => from_platform(v).unwrap_or_default(),
            None => return Err("queues".into()),
        };
        self.describe_last(count(queues.len(), "queue"));

        // The busiest queue, and one of its members (else another user).
        let queue = queues
            .iter()
            .filter(|q| !q.id.is_empty())
            .max_by_key(|q| {
                q.status
                    .as_ref()
                    .map(|s| (s.queue_length + s.ongoing_calls, s.serving_agents))
                    .unwrap_or_default()
            })
            .cloned();
        let mut members: Vec<String> = Vec::new();
        match &queue {
            Some(q) => {
                if let Some(v) = self
                    .get(
                        "queue members",
                        Endpoint::QueueUsers,
                        &[("queueId", &q.id)],
                        false,
                    )
                    .await
                {
                    members = v
                        .as_array()
                        .into_iter()
                        .flatten()
                        .filter_map(|row| {
                            let row = crate::model::casing::keys_to_snake(row.clone());
                            ["user_id", "id"].iter().find_map(|k| {
                                row.get(*k).and_then(Value::as_str).map(str::to_owned)
                            })
                        })
                        .collect();
                    self.describe_last(format!(
                        "{} of {}",
                        count(members.len(), "member"),
                        crate::sanitize::sanitize(&q.name)
                    ));
                }
            }
            None => self.skip(
                "queue members",
                Endpoint::QueueUsers,
                "no queue to ask about",
            ),
        }
        let others: Vec<&r::User> = users
            .iter()
            .filter(|u| u.id != me_id && !u.id.is_empty())
            .collect();
        let agent = others
            .iter()
            .find(|u| members.contains(&u.id))
            .or_else(|| others.first())
            .map(|u| (*u).clone());
        match &agent {
            Some(a) => {
                if self
                    .get("one user", Endpoint::User, &[("userId", &a.id)], false)
                    .await
                    .is_some()
                {
                    self.describe_last(crate::sanitize::sanitize(&a.display_name()));
                }
                if let Some(v) = self
                    .get(
                        "a user's queues",
                        Endpoint::UserQueues,
                        &[("userId", &a.id)],
                        false,
                    )
                    .await
                {
                    let n = v.as_array().map(Vec::len).unwrap_or(0);
                    self.describe_last(format!(
                        "{} serves {}",
                        crate::sanitize::sanitize(&a.display_name()),
                        count(n, "queue")
                    ));
                }
            }
            None => {
                self.skip("one user", Endpoint::User, "no other user to ask about");
                self.skip(
                    "a user's queues",
                    Endpoint::UserQueues,
                    "no other user to ask about",
                );
            }
        }
        if let Some(v) = self
            .get(
                "my availability",
                Endpoint::AvailabilityCurrent,
                &[("userId", &me_id)],
                false,
            )
            .await
        {
            let a: r::CurrentAvailability = from_platform(v).unwrap_or_default();
            self.describe_last(availability_text(&a));
            self.my_availability = Some(a);
        }
        match &agent {
            Some(a) => {
                if let Some(v) = self
                    .get(
                        "an agent's availability",
                        Endpoint::AvailabilityCurrent,
                        &[("userId", &a.id)],
                        false,
                    )
                    .await
                {
                    let av: r::CurrentAvailability = from_platform(v).unwrap_or_default();
                    self.describe_last(format!(
                        "{}: {}",
                        crate::sanitize::sanitize(&a.display_name()),
                        availability_text(&av)
                    ));
                }
            }
            None => self.skip(
                "an agent's availability",
                Endpoint::AvailabilityCurrent,
                "no other user to ask about",
            ),
        }
        let lists: Vec<r::CallbackList> = match self
            .get("callback lists", Endpoint::CallbackLists, &[], false)
            .await
        {
            Some(v) => from_platform(v).unwrap_or_default(),
            None => Vec::new(),
        };
        if self.last_ok(Endpoint::CallbackLists) {
            self.describe_last(count(lists.len(), "list"));
        }
        match lists.iter().find(|l| !l.id.is_empty()) {
            Some(l) => {
                if let Some(v) = self
                    .get(
                        "callback requests",
                        Endpoint::CallbackRequests,
                        &[("listId", &l.id)],
                        false,
                    )
                    .await
                {
                    let n = v.as_array().map(Vec::len).unwrap_or(0);
                    self.describe_last(format!(
                        "{n} open in {}",
                        crate::sanitize::sanitize(&l.name)
                    ));
                }
            }
            None => self.skip(
                "callback requests",
                Endpoint::CallbackRequests,
                "no callback list to ask about",
            ),
        }
        if let Some(v) = self
            .get("call list names", Endpoint::CallListSchemas, &[], false)
            .await
        {
            let n = v.as_array().map(Vec::len).unwrap_or(0);
            self.describe_last(format!("{} with a schema", count(n, "list")));
        }
        let end = chrono::Utc::now();
        let start = end - chrono::Duration::hours(1);
        let (s, e) = (r::query_time(&start), r::query_time(&end));
        let window = [("startTime", s.as_str()), ("endTime", e.as_str())];
        if let Some(v) = self
            .get(
                "queue calls, last hour",
                Endpoint::ServiceCalls,
                &window,
                false,
            )
            .await
        {
            let n = v.as_array().map(Vec::len).unwrap_or(0);
            self.describe_last(count(n, "call"));
        }
        if let Some(v) = self
            .get("user calls, last hour", Endpoint::Calls, &window, false)
            .await
        {
            let n = v.as_array().map(Vec::len).unwrap_or(0);
            self.describe_last(count(n, "call"));
        }
        self.hub_targets = (queue, agent);
        Ok(())
    }

    /// One GET: timed, its fields compared, its answer kept as a sample. `None` when it
    /// failed (the check says why; a 404 adds a `[paths]` hint).
    async fn get(
        &mut self,
        step: &str,
        endpoint: Endpoint,
        params: &[(&str, &str)],
        blocking: bool,
    ) -> Answer {
        let api = self.api.clone()?;
        let path = self.paths().path(endpoint, params);
        let mut c = Check::route(step, endpoint, Verdict::Ok, "");
        c.blocking = blocking;
        c.path = Some(split_query(&path).0.to_owned());
        let t0 = Instant::now();
        let result = api.send_once(Method::Get, &path, None).await;
        c.ms = Some(t0.elapsed().as_millis() as u64);
        match result {
            Ok((status, value)) => {
                c.status = Some(status);
                self.sample(endpoint, &value);
                let f = self.add_fields(&mut c, endpoint, &value);
                c.detail = match &value {
                    Value::Array(items) => count(items.len(), "row"),
                    Value::Null => "empty answer".into(),
                    _ => "answered".into(),
                };
                if !f.missing_required.is_empty() {
                    c.verdict = Verdict::Warn;
                    c.detail = format!(
                        "rows without {}: evtop skips them",
                        f.missing_required.join(", ")
                    );
                }
                self.push(c);
                Some(value)
            }
            Err(e) => {
                c.status = e.status();
                c.verdict = match e {
                    ApiError::Forbidden { .. } if !blocking => Verdict::Warn,
                    _ => Verdict::Fail,
                };
                c.detail = e.user_message();
                if let ApiError::NotFound { .. } = e {
                    self.hint_for_404(endpoint, params, &api).await;
                    c.detail = format!(
                        "not found (404): this tenant has no {} (see the [paths] hint below)",
                        c.path.clone().unwrap_or_default()
                    );
                }
                self.push(c);
                None
            }
        }
    }

    /// Tries the same GET with the trailing slash toggled and writes the `[paths]` line.
    async fn hint_for_404(&mut self, endpoint: Endpoint, params: &[(&str, &str)], api: &ApiClient) {
        let template = self.paths().template(endpoint).to_owned();
        let toggled = toggle_trailing_slash(&template);
        let answered = api
            .send_once(Method::Get, &fill(&toggled, params), None)
            .await
            .ok();
        let line = match answered {
            Some((status, _)) => format!(
                "{}   # answered {status}: the same with the trailing slash toggled",
                PathTable::config_line(endpoint, &toggled)
            ),
            None => format!(
                "# {}   # 404, also with the trailing slash toggled; {}: ask Enreach which path serves it",
                PathTable::config_line(endpoint, &template),
                match route(endpoint).evidence {
                    crate::api::paths::Evidence::Unknown => "no public evidence for this path",
                    crate::api::paths::Evidence::PathOnly => "the path is documented, its use is not",
                    crate::api::paths::Evidence::Confirmed => "the path is documented",
                }
            ),
        };
        self.report.paths_hints.push(line);
    }

    fn skip(&mut self, step: &str, endpoint: Endpoint, why: &str) {
        self.push(Check::route(step, endpoint, Verdict::Skip, why));
    }

    /// Replaces the detail of the last check (when it succeeded).
    fn describe_last(&mut self, detail: String) {
        if let Some(c) = self.report.checks.last_mut() {
            if c.verdict == Verdict::Ok {
                c.detail = detail;
            }
        }
    }

    fn last_ok(&self, endpoint: Endpoint) -> bool {
        self.report
            .checks
            .last()
            .is_some_and(|c| c.route == Some(route(endpoint).key) && c.verdict == Verdict::Ok)
    }

    fn add_fields(&self, c: &mut Check, endpoint: Endpoint, value: &Value) -> fields::Fields {
        let Some(shape) = fields::expected(endpoint) else {
            return fields::Fields::default();
        };
        let f = fields::compare(value, &shape);
        c.absent = f.absent.clone();
        c.unused = f.unused.clone();
        f
    }

    /// Keeps the first answer of a route (a list cut to its first rows).
    fn sample(&mut self, endpoint: Endpoint, value: &Value) {
        let key = route(endpoint).key.to_owned();
        if self.report.samples.routes.contains_key(&key) {
            return;
        }
        self.report.samples.routes.insert(key, cut(value));
    }

    /// The actions: only with `--try-actions`, only the reversible ones, each confirmed.
    async fn actions(&mut self, confirm: &mut dyn Confirm) {
        let mut made: Option<String> = None;
        let reversible_set = self.my_availability.clone();
        let me = self.me.clone();
        // Setting one's own availability to what it is, with the same note, changes
        // nothing; ending the event that made leaves an Available user Available.
        match (self.options.try_actions, &reversible_set, &me) {
            (false, _, _) => self.not_tried(
                "set availability",
                Endpoint::SetAvailability,
                "an action: only with --try-actions",
            ),
            (true, Some(now), Some(me)) => {
                let availability = Availability::from_event_type_id(now.event_type_id);
                match availability {
                    Some(a) => {
                        let question = format!(
                            "Set your own availability to {a} again (same note, no change)?"
                        );
                        if confirm.confirm(&question) {
                            let body = r::SetAvailabilityRequest::new(&me.id, a, now.note.clone());
                            let id = self
                                .act(
                                    "set availability",
                                    Endpoint::SetAvailability,
                                    &[("userId", &me.id)],
                                    Method::Post,
                                    serde_json::to_value(&body).ok(),
                                )
                                .await;
                            made = id
                                .and_then(|v| v.get("Id").or_else(|| v.get("id")).cloned())
                                .and_then(|v| v.as_str().map(str::to_owned));
                        } else {
                            self.not_tried(
                                "set availability",
                                Endpoint::SetAvailability,
                                "not confirmed",
                            );
                        }
                    }
                    None => self.not_tried(
                        "set availability",
                        Endpoint::SetAvailability,
                        "your availability has an EventTypeID evtop does not know",
                    ),
                }
            }
            (true, _, _) => self.not_tried(
                "set availability",
                Endpoint::SetAvailability,
                "your availability is not known: nothing to set back to",
            ),
        }
        let was_available = reversible_set
            .as_ref()
            .is_some_and(|a| a.event_type_id == Availability::Available.event_type_id());
        match (self.options.try_actions, &made, &me) {
            (false, _, _) => self.not_tried(
                "end availability",
                Endpoint::EndAvailability,
                "an action: only with --try-actions",
            ),
            (true, Some(id), Some(me)) if was_available => {
                if confirm.confirm("End the availability event just made (you stay Available)?") {
                    let me_id = me.id.clone();
                    let id = id.clone();
                    self.act(
                        "end availability",
                        Endpoint::EndAvailability,
                        &[("userId", &me_id), ("availabilityId", &id)],
                        Method::Delete,
                        None,
                    )
                    .await;
                } else {
                    self.not_tried(
                        "end availability",
                        Endpoint::EndAvailability,
                        "not confirmed",
                    );
                }
            }
            (true, _, _) => self.not_tried(
                "end availability",
                Endpoint::EndAvailability,
                "only reversible right after setting an Available user's availability",
            ),
        }
        for (step, endpoint) in [
            ("terminate wrap-up", Endpoint::TerminateWrapUp),
            ("assign a callback", Endpoint::AssignCallback),
            ("close a callback", Endpoint::CloseCallback),
            ("auto-allocation", Endpoint::AutoAllocationRequest),
            ("call back (callout)", Endpoint::CalloutActivate),
            ("mobile call", Endpoint::MobileCall),
        ] {
            self.not_tried(
                step,
                endpoint,
                "an action doctor never sends: it cannot be undone",
            );
        }
    }

    fn not_tried(&mut self, step: &str, endpoint: Endpoint, why: &str) {
        let mut c = Check::route(step, endpoint, Verdict::NotTried, why);
        c.path = Some(split_query(self.paths().template(endpoint)).0.to_owned());
        self.push(c);
    }

    /// Sends one confirmed action; its answer when it succeeded.
    async fn act(
        &mut self,
        step: &str,
        endpoint: Endpoint,
        params: &[(&str, &str)],
        method: Method,
        body: Option<Value>,
    ) -> Option<Value> {
        let api = self.api.clone()?;
        let path = self.paths().path(endpoint, params);
        let mut c = Check::route(step, endpoint, Verdict::Ok, "sent and answered");
        c.path = Some(split_query(&path).0.to_owned());
        let t0 = Instant::now();
        let result = api.send_once(method, &path, body.as_ref()).await;
        c.ms = Some(t0.elapsed().as_millis() as u64);
        let out = match result {
            Ok((status, v)) => {
                c.status = Some(status);
                self.sample(endpoint, &v);
                self.add_fields(&mut c, endpoint, &v);
                Some(v)
            }
            Err(e) => {
                c.status = e.status();
                c.verdict = Verdict::Fail;
                c.detail = e.user_message();
                None
            }
        };
        self.push(c);
        out
    }
}

/// A list answer cut to its first rows, with the count of the rest.
fn cut(value: &Value) -> Value {
    match value {
        Value::Array(items) if items.len() > SAMPLE_ROWS => {
            let mut kept: Vec<Value> = items[..SAMPLE_ROWS].to_vec();
            kept.push(Value::String(format!(
                "… {} more rows left out",
                items.len() - SAMPLE_ROWS
            )));
            Value::Array(kept)
        }
        other => other.clone(),
    }
}

/// `1 queue`, `7 queues`.
pub(crate) fn count(n: usize, what: &str) -> String {
    if n == 1 {
        format!("1 {what}")
    } else {
        format!("{n} {what}s")
    }
}

fn availability_text(a: &r::CurrentAvailability) -> String {
    let name = Availability::from_event_type_id(a.event_type_id)
        .map(|x| x.name().to_owned())
        .unwrap_or_else(|| format!("EventTypeID {}", a.event_type_id));
    if a.note.trim().is_empty() {
        name
    } else {
        format!("{name} “{}”", crate::sanitize::sanitize(a.note.trim()))
    }
}
