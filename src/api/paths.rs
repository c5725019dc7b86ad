//! The one table of REST paths. The client builds every URL from it and the simulator
//! serves exactly these routes. Each row says what public evidence backs it; every path
//! may be overridden from the config file (`[paths]` section), which matters most for
//! the rows whose evidence is [`Evidence::Unknown`].

use std::collections::BTreeMap;

/// HTTP method of a route.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Method {
    Get,
    Post,
    Delete,
}

impl Method {
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Post => "POST",
            Method::Delete => "DELETE",
        }
    }
}

/// What public evidence says about a route (see `shared/PLATFORM.md`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Evidence {
    /// Documented by the platform or used by a working public client.
    Confirmed,
    /// The path is documented; the method or body is not.
    PathOnly,
    /// No public source: the path is evtop's guess.
    Unknown,
}

impl Evidence {
    pub fn as_str(self) -> &'static str {
        match self {
            Evidence::Confirmed => "confirmed",
            Evidence::PathOnly => "path only",
            Evidence::Unknown => "unknown",
        }
    }
}

/// Every REST operation evtop knows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Endpoint {
    Discovery,
    AuthUser,
    UsersMe,
    Users,
    User,
    Queues,
    UserQueues,
    QueueUsers,
    RteToken,
    AvailabilityCurrent,
    SetAvailability,
    EndAvailability,
    TerminateWrapUp,
    CallbackLists,
    CallbackRequests,
    AssignCallback,
    CloseCallback,
    AutoAllocationRequest,
    CalloutActivate,
    MobileCall,
    ServiceCalls,
    Calls,
    CallListSchemas,
}

/// One row of the table.
#[derive(Debug, Clone, Copy)]
pub struct Route {
    pub endpoint: Endpoint,
    /// Name used in the config file's `[paths]` section.
    pub key: &'static str,
    pub method: Method,
    /// Path template with `{param}` placeholders (axum's syntax, so the simulator can
    /// mount it as is), optionally followed by a query with placeholders
    /// (`/servicecall?StartTime={startTime}`).
    pub template: &'static str,
    pub evidence: Evidence,
}

impl Route {
    /// True when the path is evtop's guess rather than documented.
    pub fn inferred(&self) -> bool {
        self.evidence == Evidence::Unknown
    }
}

const fn row(
    endpoint: Endpoint,
    key: &'static str,
    method: Method,
    template: &'static str,
    evidence: Evidence,
) -> Route {
    Route {
        endpoint,
        key,
        method,
        template,
        evidence,
    }
}

use Evidence::{Confirmed, PathOnly, Unknown};
use Method::{Delete, Get, Post};

/// The default table.
pub const ROUTES: &[Route] = &[
    row(
        Endpoint::Discovery,
        "discovery",
        Get,
        "/api/user/",
        Confirmed,
    ),
    row(
        Endpoint::AuthUser,
        "authuser",
        Post,
        "/authuser/{email}/",
        Confirmed,
    ),
    row(Endpoint::UsersMe, "users_me", Get, "/users/me", Confirmed),
    row(Endpoint::Users, "users", Get, "/users", Confirmed),
    row(Endpoint::User, "user", Get, "/users/{userId}", Confirmed),
    row(Endpoint::Queues, "queues", Get, "/queues", Confirmed),
    row(
        Endpoint::UserQueues,
        "user_queues",
        Get,
        "/queues/?OnlyForUser={userId}",
        Confirmed,
    ),
    row(
        Endpoint::QueueUsers,
        "queue_users",
        Get,
        "/queues/{queueId}/users",
        Unknown,
    ),
    row(
        Endpoint::RteToken,
        "rte_token",
        Get,
        "/token/{userId}/rte/",
        Confirmed,
    ),
    row(
        Endpoint::AvailabilityCurrent,
        "availability_current",
        Get,
        "/users/{userId}/availability/current",
        Confirmed,
    ),
    row(
        Endpoint::SetAvailability,
        "set_availability",
        Post,
        "/users/{userId}/availability",
        Confirmed,
    ),
    row(
        Endpoint::EndAvailability,
        "end_availability",
        Delete,
        "/users/{userId}/availability/{availabilityId}",
        Confirmed,
    ),
    row(
        Endpoint::TerminateWrapUp,
        "terminate_wrapup",
        Post,
        "/users/{userId}/wrapup/terminate/",
        Unknown,
    ),
    row(
        Endpoint::CallbackLists,
        "callback_lists",
        Get,
        "/callbacklists/",
        Unknown,
    ),
    row(
        Endpoint::CallbackRequests,
        "callback_requests",
        Get,
        "/callbacklists/{listId}/requests/",
        Unknown,
    ),
    row(
        Endpoint::AssignCallback,
        "assign_callback",
        Post,
        "/callbacklists/{listId}/requests/{requestId}/assign/",
        Unknown,
    ),
    row(
        Endpoint::CloseCallback,
        "close_callback",
        Post,
        "/callbacklists/{listId}/requests/{requestId}/close/",
        Unknown,
    ),
    row(
        Endpoint::AutoAllocationRequest,
        "auto_allocation_request",
        Post,
        "/callbacks/auto-allocation-request",
        PathOnly,
    ),
    row(
        Endpoint::CalloutActivate,
        "callout_activate",
        Post,
        "/users/{userId}/features/callout/activate/",
        Confirmed,
    ),
    // Seed 001 writes `/users/me//action/mobile/call/` (double slash); one is meant.
    row(
        Endpoint::MobileCall,
        "mobile_call",
        Post,
        "/users/{userId}/action/mobile/call/",
        Confirmed,
    ),
    row(
        Endpoint::ServiceCalls,
        "service_calls",
        Get,
        "/servicecall?StartTime={startTime}&EndTime={endTime}",
        Confirmed,
    ),
    row(
        Endpoint::Calls,
        "calls",
        Get,
        "/calls?StartTime={startTime}&EndTime={endTime}",
        Confirmed,
    ),
    row(
        Endpoint::CallListSchemas,
        "call_list_schemas",
        Get,
        "/classification/calllistschemas",
        Confirmed,
    ),
];

/// The default route of an endpoint.
pub fn route(endpoint: Endpoint) -> &'static Route {
    ROUTES
        .iter()
        .find(|r| r.endpoint == endpoint)
        .expect("every Endpoint has a row in ROUTES")
}

/// The table in force: defaults plus config-file overrides.
#[derive(Debug, Clone, Default)]
pub struct PathTable {
    overrides: BTreeMap<Endpoint, String>,
}

/// A `[paths]` key that names no route, or a template that lost a placeholder.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PathOverrideError {
    #[error("unknown path key '{0}' (known: {1})")]
    UnknownKey(String, String),
    #[error("path '{key}' must contain the placeholder {{{param}}}")]
    MissingParam { key: String, param: String },
    #[error("path '{0}' must start with '/'")]
    NotAbsolute(String),
}

impl PathTable {
    /// Applies overrides given as `key = "template"` pairs.
    pub fn with_overrides<'a>(
        pairs: impl IntoIterator<Item = (&'a str, &'a str)>,
    ) -> Result<Self, PathOverrideError> {
        let mut overrides = BTreeMap::new();
        for (key, template) in pairs {
            let Some(route) = ROUTES.iter().find(|r| r.key == key) else {
                let known: Vec<&str> = ROUTES.iter().map(|r| r.key).collect();
                return Err(PathOverrideError::UnknownKey(key.into(), known.join(", ")));
            };
            if !template.starts_with('/') {
                return Err(PathOverrideError::NotAbsolute(key.into()));
            }
            for param in placeholders(route.template) {
                if !template.contains(&format!("{{{param}}}")) {
                    return Err(PathOverrideError::MissingParam {
                        key: key.into(),
                        param: param.into(),
                    });
                }
            }
            overrides.insert(route.endpoint, template.to_owned());
        }
        Ok(PathTable { overrides })
    }

    /// The template in force for an endpoint.
    pub fn template(&self, endpoint: Endpoint) -> &str {
        self.overrides
            .get(&endpoint)
            .map(String::as_str)
            .unwrap_or(route(endpoint).template)
    }

    /// A concrete path: placeholders replaced by percent-encoded values. In the path a
    /// value keeps `@` raw (legal there, and what every working client sends for the
    /// authuser e-mail); in the query it is encoded as a form value.
    pub fn path(&self, endpoint: Endpoint, params: &[(&str, &str)]) -> String {
        fill(self.template(endpoint), params)
    }

    /// The `[paths]` line that sets `endpoint` to `template`.
    pub fn config_line(endpoint: Endpoint, template: &str) -> String {
        format!(
            "{} = {}",
            route(endpoint).key,
            toml::Value::String(template.to_owned())
        )
    }
}

/// The route whose `[paths]` key is `key`.
pub fn route_by_key(key: &str) -> Option<&'static Route> {
    ROUTES.iter().find(|r| r.key == key)
}

/// A template's path and query parts (`/servicecall`, `StartTime={startTime}`).
pub fn split_query(template: &str) -> (&str, Option<&str>) {
    match template.split_once('?') {
        Some((path, query)) => (path, Some(query)),
        None => (template, None),
    }
}

/// The same template with the path's trailing slash added or removed (query kept).
pub fn toggle_trailing_slash(template: &str) -> String {
    let (path, query) = split_query(template);
    let toggled = match path.strip_suffix('/') {
        Some("") => "/".to_owned(),
        Some(p) => p.to_owned(),
        None => format!("{path}/"),
    };
    match query {
        Some(q) => format!("{toggled}?{q}"),
        None => toggled,
    }
}

/// Characters encoded in a path value: everything but unreserved characters and `@`.
const PATH_VALUE: &percent_encoding::AsciiSet = &percent_encoding::NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~')
    .remove(b'@');

/// Fills a template's placeholders, encoding each value for where it stands (as
/// [`PathTable::path`] does for the template in force).
pub fn fill(template: &str, params: &[(&str, &str)]) -> String {
    let (path, query) = split_query(template);
    let mut out = path.to_owned();
    for (name, value) in params {
        let encoded = percent_encoding::utf8_percent_encode(value, PATH_VALUE).to_string();
        out = out.replace(&format!("{{{name}}}"), &encoded);
    }
    if let Some(query) = query {
        let mut q = query.to_owned();
        for (name, value) in params {
            let encoded: String = url::form_urlencoded::byte_serialize(value.as_bytes())
                .collect::<String>()
                .replace('+', "%20");
            q = q.replace(&format!("{{{name}}}"), &encoded);
        }
        out.push('?');
        out.push_str(&q);
    }
    out
}

/// The `{param}` names in a template.
pub fn placeholders(template: &str) -> Vec<&str> {
    template
        .split('{')
        .skip(1)
        .filter_map(|s| s.split_once('}').map(|(name, _)| name))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_endpoint_has_exactly_one_route() {
        for r in ROUTES {
            assert_eq!(
                ROUTES.iter().filter(|o| o.endpoint == r.endpoint).count(),
                1
            );
            assert_eq!(ROUTES.iter().filter(|o| o.key == r.key).count(), 1);
        }
    }

    #[test]
    fn paths_are_filled_and_encoded() {
        let t = PathTable::default();
        // `@` stays raw in a path (as every working client sends it), the rest is encoded.
        assert_eq!(
            t.path(Endpoint::AuthUser, &[("email", "a b@example.com")]),
            "/authuser/a%20b@example.com/"
        );
        assert_eq!(
            t.path(Endpoint::User, &[("userId", "x/../y?z#")]),
            "/users/x%2F..%2Fy%3Fz%23"
        );
        // Query values are form-encoded.
        assert_eq!(
            t.path(
                Endpoint::ServiceCalls,
                &[("startTime", "2025-03-03 08:00:00"), ("endTime", "a&b=c")]
            ),
            "/servicecall?StartTime=2025-03-03%2008%3A00%3A00&EndTime=a%26b%3Dc"
        );
        assert_eq!(
            t.path(Endpoint::UserQueues, &[("userId", "u@1")]),
            "/queues/?OnlyForUser=u%401"
        );
        assert_eq!(
            t.path(Endpoint::RteToken, &[("userId", "me")]),
            "/token/me/rte/"
        );
    }

    #[test]
    fn evidence_follows_platform_md() {
        let evidence = |e| route(e).evidence;
        for e in [
            Endpoint::SetAvailability,
            Endpoint::EndAvailability,
            Endpoint::AuthUser,
            Endpoint::UserQueues,
            Endpoint::ServiceCalls,
            Endpoint::MobileCall,
        ] {
            assert_eq!(evidence(e), Evidence::Confirmed, "{e:?}");
        }
        assert_eq!(
            evidence(Endpoint::AutoAllocationRequest),
            Evidence::PathOnly
        );
        for e in [
            Endpoint::QueueUsers,
            Endpoint::TerminateWrapUp,
            Endpoint::CallbackLists,
            Endpoint::CallbackRequests,
            Endpoint::AssignCallback,
            Endpoint::CloseCallback,
        ] {
            assert!(route(e).inferred(), "{e:?}");
        }
    }

    #[test]
    fn slashes_toggle_before_the_query() {
        assert_eq!(toggle_trailing_slash("/users/me"), "/users/me/");
        assert_eq!(toggle_trailing_slash("/callbacklists/"), "/callbacklists");
        assert_eq!(
            toggle_trailing_slash("/queues/?OnlyForUser={userId}"),
            "/queues?OnlyForUser={userId}"
        );
        assert_eq!(
            PathTable::config_line(Endpoint::QueueUsers, "/queues/{queueId}/users/"),
            r#"queue_users = "/queues/{queueId}/users/""#
        );
    }

    #[test]
    fn overrides_are_checked() {
        let t = PathTable::with_overrides([("terminate_wrapup", "/v2/users/{userId}/wrapup/end")])
            .unwrap();
        assert_eq!(
            t.path(Endpoint::TerminateWrapUp, &[("userId", "u1")]),
            "/v2/users/u1/wrapup/end"
        );
        assert!(matches!(
            PathTable::with_overrides([("nope", "/x")]),
            Err(PathOverrideError::UnknownKey(..))
        ));
        assert!(matches!(
            PathTable::with_overrides([("terminate_wrapup", "/users/wrapup")]),
            Err(PathOverrideError::MissingParam { .. })
        ));
    }
}
