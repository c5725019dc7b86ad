//! The one table of REST paths. The client builds every URL from it and the simulator
//! serves exactly these routes. Paths marked `inferred` are not in the public seed
//! documents and may be overridden from the config file (`[paths]` section).

use std::collections::BTreeMap;

/// HTTP method of a route.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    Get,
    Post,
}

/// Every REST operation evtop knows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Endpoint {
    Discovery,
    AuthUser,
    UsersMe,
    Users,
    Queues,
    QueueUsers,
    RteToken,
    AvailabilityCurrent,
    SetAvailability,
    TerminateWrapUp,
    CallbackLists,
    CallbackRequests,
    AssignCallback,
    CloseCallback,
    AutoAllocationRequest,
    CalloutActivate,
}

/// One row of the table.
#[derive(Debug, Clone, Copy)]
pub struct Route {
    pub endpoint: Endpoint,
    /// Name used in the config file's `[paths]` section.
    pub key: &'static str,
    pub method: Method,
    /// Path template with `{param}` placeholders (axum's syntax, so the simulator can
    /// mount it as is).
    pub template: &'static str,
    /// True when the path is inferred rather than documented.
    pub inferred: bool,
}

/// The default table.
pub const ROUTES: &[Route] = &[
    Route {
        endpoint: Endpoint::Discovery,
        key: "discovery",
        method: Method::Get,
        template: "/api/user/",
        inferred: false,
    },
    Route {
        endpoint: Endpoint::AuthUser,
        key: "authuser",
        method: Method::Post,
        template: "/authuser/{email}/",
        inferred: false,
    },
    Route {
        endpoint: Endpoint::UsersMe,
        key: "users_me",
        method: Method::Get,
        template: "/users/me",
        inferred: false,
    },
    Route {
        endpoint: Endpoint::Users,
        key: "users",
        method: Method::Get,
        template: "/users",
        inferred: false,
    },
    Route {
        endpoint: Endpoint::Queues,
        key: "queues",
        method: Method::Get,
        template: "/queues",
        inferred: false,
    },
    Route {
        endpoint: Endpoint::QueueUsers,
        key: "queue_users",
        method: Method::Get,
        template: "/queues/{queueId}/users",
        inferred: true,
    },
    Route {
        endpoint: Endpoint::RteToken,
        key: "rte_token",
        method: Method::Get,
        template: "/token/{userId}/rte/",
        inferred: false,
    },
    Route {
        endpoint: Endpoint::AvailabilityCurrent,
        key: "availability_current",
        method: Method::Get,
        template: "/users/{userId}/availability/current",
        inferred: false,
    },
    Route {
        endpoint: Endpoint::SetAvailability,
        key: "set_availability",
        method: Method::Post,
        template: "/users/{userId}/availability",
        inferred: true,
    },
    Route {
        endpoint: Endpoint::TerminateWrapUp,
        key: "terminate_wrapup",
        method: Method::Post,
        template: "/users/{userId}/wrapup/terminate/",
        inferred: true,
    },
    Route {
        endpoint: Endpoint::CallbackLists,
        key: "callback_lists",
        method: Method::Get,
        template: "/callbacklists/",
        inferred: true,
    },
    Route {
        endpoint: Endpoint::CallbackRequests,
        key: "callback_requests",
        method: Method::Get,
        template: "/callbacklists/{listId}/requests/",
        inferred: true,
    },
    Route {
        endpoint: Endpoint::AssignCallback,
        key: "assign_callback",
        method: Method::Post,
        template: "/callbacklists/{listId}/requests/{requestId}/assign/",
        inferred: true,
    },
    Route {
        endpoint: Endpoint::CloseCallback,
        key: "close_callback",
        method: Method::Post,
        template: "/callbacklists/{listId}/requests/{requestId}/close/",
        inferred: true,
    },
    Route {
        endpoint: Endpoint::AutoAllocationRequest,
        key: "auto_allocation_request",
        method: Method::Post,
        template: "/callbacks/auto-allocation-request",
        inferred: false,
    },
    Route {
        endpoint: Endpoint::CalloutActivate,
        key: "callout_activate",
        method: Method::Post,
        template: "/users/{userId}/features/callout/activate/",
        inferred: false,
    },
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

    /// A concrete path: placeholders replaced by percent-encoded values.
    pub fn path(&self, endpoint: Endpoint, params: &[(&str, &str)]) -> String {
        let mut out = self.template(endpoint).to_owned();
        for (name, value) in params {
            let encoded: String = url::form_urlencoded::byte_serialize(value.as_bytes())
                .collect::<String>()
                .replace('+', "%20");
            out = out.replace(&format!("{{{name}}}"), &encoded);
        }
        out
    }
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
        assert_eq!(
            t.path(Endpoint::AuthUser, &[("email", "a b@example.com")]),
            "/authuser/a%20b%40example.com/"
        );
        assert_eq!(
            t.path(Endpoint::RteToken, &[("userId", "me")]),
            "/token/me/rte/"
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
