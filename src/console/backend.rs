//! The console's REST side on the real API client: the snapshot (users, queues,
//! memberships, availabilities, callbacks) and the actions, with user-facing errors.

use super::runner::{AppliedEvents, BoxFut, ConsoleApi};
use crate::api::{ApiClient, ApiError, Endpoint};
use crate::app::effect::ApiAction;
use crate::app::event::{ReadMarks, Snapshot};
use crate::app::failure::{ActionError, Failure};
use crate::model::rest::{
    AssignCallbackRequest, AutoAllocationRequest, CalloutActivateRequest, CloseCallbackRequest,
    MobileCallRequest, SetAvailabilityRequest, TerminateWrapUpRequest,
};
use futures_util::stream::{self, StreamExt};

/// Requests in flight at once while loading a snapshot.
const PARALLEL: usize = 8;

/// [`ConsoleApi`] over an [`ApiClient`].
pub struct RestBackend {
    api: ApiClient,
    /// What the status line calls the place we are connected to.
    silo: String,
    /// Follow a callout with the mobile call (profile key `callout_mobile`).
    callout_mobile: bool,
}

/// The toast after a callout followed by the mobile call.
pub const PHONE_RINGS: &str = "your phone rings now";

impl RestBackend {
    pub fn new(api: ApiClient, silo: impl Into<String>) -> Self {
        RestBackend {
            api,
            silo: silo.into(),
            callout_mobile: false,
        }
    }

    /// After a callout, also request the mobile call to the number (seed 001: activate,
    /// then the call must reach the platform within 10 s).
    pub fn with_callout_mobile(mut self, on: bool) -> Self {
        self.callout_mobile = on;
        self
    }
}

/// The user id of a queue member row: a `QueueAttachedUser` (`UserId`) or a `User`
/// (`Id`); keys are already folded to snake_case by the client.
fn member_id(row: &serde_json::Value) -> Option<String> {
    ["user_id", "id"]
        .iter()
        .find_map(|k| row.get(*k).and_then(|v| v.as_str()))
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
}

/// Whether a queue member row says the member is checked in (`QueueAttachedUser.Active`);
/// `None` for a row without it (a `User`).
fn member_active(row: &serde_json::Value) -> Option<bool> {
    row.get("active").and_then(serde_json::Value::as_bool)
}

/// Reads of a load that failed for a passing reason (429, 5xx, timeout, connect).
#[derive(Default)]
struct Passing {
    count: usize,
    first: Option<(&'static str, String)>,
}

impl Passing {
    fn note(&mut self, what: &'static str, e: &ApiError) {
        if !e.is_transient() {
            return;
        }
        self.count += 1;
        self.first
            .get_or_insert_with(|| (what, crate::sanitize::excerpt(&e.user_message())));
    }

    /// "3 reads of availabilities (and others) failed: …", when any failed.
    fn failure(&self) -> Option<String> {
        let (what, message) = self.first.as_ref()?;
        Some(format!(
            "{} reads of {what} (and others) failed: {message}",
            self.count
        ))
    }
}

async fn load(api: ApiClient, silo: String, applied: AppliedEvents) -> Result<Snapshot, String> {
    let msg = |e: ApiError| e.user_message();
    let me = api.me().await.map_err(msg)?;
    let users = api.users().await.map_err(msg)?;
    let mut read = ReadMarks {
        queues: applied.get(),
        ..ReadMarks::LATEST
    };
    let queues = api.queues().await.map_err(msg)?;
    // Memberships and availabilities are best effort: one failing entity does not blank
    // the screen.
    let queue_ids: Vec<String> = queues.iter().map(|q| q.id.clone()).collect();
    let queue_users = stream::iter(queue_ids.into_iter().map(|id| {
        let api = api.clone();
        async move {
            let members = api
                .get::<Vec<serde_json::Value>>(Endpoint::QueueUsers, &[("queueId", &id)])
                .await;
            (id, members)
        }
    }))
    .buffer_unordered(PARALLEL)
    .collect::<Vec<_>>()
    .await;
    // A membership or availability the server refuses (403, 404, …) is left out; one
    // that failed for a passing reason (429, 5xx, timeout) fails the load, so that it is retried instead of
    // leaving what changed while disconnected unread under a green "live".
    let mut passing = Passing::default();
    let mut checked_in: Vec<(String, Vec<(String, bool)>)> = Vec::new();
    let queue_users: Vec<(String, Vec<String>)> = queue_users
        .into_iter()
        .filter_map(
            |(id, r): (String, Result<Vec<serde_json::Value>, ApiError>)| match r {
                Ok(rows) => {
                    let flags: Vec<(String, bool)> = rows
                        .iter()
                        .filter_map(|row| Some((member_id(row)?, member_active(row)?)))
                        .collect();
                    if !flags.is_empty() {
                        checked_in.push((id.clone(), flags));
                    }
                    Some((id, rows.iter().filter_map(member_id).collect()))
                }
                Err(e) => {
                    tracing::warn!(queue = %id, error = %e.user_message(), "queue members");
                    passing.note("queue members", &e);
                    None
                }
            },
        )
        .collect();
    // "My queues" are a nicety: a tenant that refuses the query leaves them unknown.
    let my_queues = match api.user_queues(&me.id).await {
        Ok(qs) => Some(
            qs.into_iter()
                .map(|q| q.id)
                .filter(|id| !id.is_empty())
                .collect(),
        ),
        Err(e) => {
            tracing::info!(error = %e.user_message(), "my queues");
            None
        }
    };
    let member_ids: std::collections::BTreeSet<&String> =
        queue_users.iter().flat_map(|(_, m)| m.iter()).collect();
    let wanted: Vec<String> = users
        .iter()
        .filter(|u| member_ids.is_empty() || member_ids.contains(&u.id))
        .map(|u| u.id.clone())
        .collect();
    read.availability = applied.get();
    let availability = stream::iter(wanted.into_iter().map(|id| {
        let api = api.clone();
        async move {
            let r = api.availability_current(&id).await;
            (id, r)
        }
    }))
    .buffer_unordered(PARALLEL)
    .collect::<Vec<_>>()
    .await;
    let availability = availability
        .into_iter()
        .filter_map(|(id, r)| match r {
            Ok(a) => Some((id, a)),
            Err(e) => {
                tracing::warn!(user = %id, error = %e.user_message(), "availability");
                passing.note("availabilities", &e);
                None
            }
        })
        .collect();
    if let Some(failure) = passing.failure() {
        return Err(failure);
    }
    read.callbacks = applied.get();
    let callback_lists = api.callback_lists().await.unwrap_or_default();
    let mut callback_requests = Vec::new();
    for list in &callback_lists {
        match api.callback_requests(&list.id).await {
            Ok(rs) => callback_requests.extend(rs),
            Err(e) => tracing::warn!(list = %list.id, error = %e.user_message(), "callbacks"),
        }
    }
    Ok(Snapshot {
        me,
        silo,
        users,
        queues,
        queue_users,
        checked_in,
        my_queues,
        availability,
        callback_lists,
        callback_requests,
        read,
    })
}

async fn act(
    api: ApiClient,
    action: ApiAction,
    callout_mobile: bool,
) -> Result<String, ActionError> {
    let result = match action {
        ApiAction::TerminateWrapUp {
            user_id,
            wrap_up_id,
        } => {
            let body = TerminateWrapUpRequest {
                wrap_up_id,
                reason: "manual".into(),
            };
            api.terminate_wrapup(&user_id, &body).await
        }
        ApiAction::SetAvailability {
            user_id,
            availability,
            note,
        } => {
            let body = SetAvailabilityRequest::new(&user_id, availability, note);
            api.set_availability(&user_id, &body).await
        }
        ApiAction::AssignCallback {
            list_id,
            request_id,
            user_id,
        } => {
            api.assign_callback(&list_id, &request_id, &AssignCallbackRequest { user_id })
                .await
        }
        ApiAction::CloseCallback {
            list_id,
            request_id,
            note,
        } => {
            api.close_callback(&list_id, &request_id, &CloseCallbackRequest { note })
                .await
        }
        ApiAction::AutoAllocation { user_id } => {
            api.auto_allocation_request(&AutoAllocationRequest { user_id })
                .await
        }
        ApiAction::CallBack {
            list_id,
            request_id,
            number,
        } => {
            let body = CalloutActivateRequest {
                target_number: number.clone(),
                callback_request_id: request_id,
                callback_list_id: list_id,
            };
            let activated = api.callout_activate("me", &body).await;
            if !callout_mobile || activated.is_err() {
                activated
            } else {
                let call = MobileCallRequest {
                    phone_number: number,
                };
                return match api.mobile_call("me", &call).await {
                    Ok(_) => Ok(PHONE_RINGS.to_owned()),
                    Err(e) => Err(ActionError::new(
                        failure_of(&e),
                        format!(
                            "the callout is set, but the mobile call was refused: {}",
                            e.user_message()
                        ),
                    )),
                };
            }
        }
    };
    result.map(|_| String::new()).map_err(|e| {
        ActionError::new(failure_of(&e), e.user_message()).with_reason(e.server_reason())
    })
}

/// The kind of an action's failure, from the REST client's typed error.
pub fn failure_of(error: &ApiError) -> Failure {
    match error {
        ApiError::Unauthorized | ApiError::BadPassword => Failure::Unauthorized,
        ApiError::Forbidden { .. } => Failure::Forbidden,
        ApiError::NotFound { .. } => Failure::NotFound,
        ApiError::Conflict { .. } => Failure::Conflict,
        ApiError::RateLimited { .. } => Failure::RateLimited,
        ApiError::Server { .. } => Failure::Server,
        ApiError::Timeout { .. } => Failure::Timeout,
        ApiError::Connect { .. } | ApiError::Tls { .. } => Failure::Unreachable,
        _ => Failure::Other,
    }
}

impl ConsoleApi for RestBackend {
    fn snapshot(&self, applied: AppliedEvents) -> BoxFut<Result<Snapshot, String>> {
        Box::pin(load(self.api.clone(), self.silo.clone(), applied))
    }

    fn act(&self, action: ApiAction) -> BoxFut<Result<String, ActionError>> {
        Box::pin(act(self.api.clone(), action, self.callout_mobile))
    }

    fn call_records(
        &self,
        start: chrono::DateTime<chrono::Utc>,
        end: chrono::DateTime<chrono::Utc>,
    ) -> BoxFut<Result<Vec<crate::model::rest::ServiceCall>, crate::app::event::RecordsFailure>>
    {
        let api = self.api.clone();
        Box::pin(async move {
            api.service_calls(start, end).await.map_err(|e| {
                tracing::debug!(error = %e.user_message(), "call records");
                crate::app::event::RecordsFailure {
                    message: e.user_message(),
                    refused: !e.is_transient(),
                }
            })
        })
    }
}

#[cfg(test)]
mod tests {
    use super::{failure_of, member_id};
    use crate::api::ApiError;
    use crate::app::failure::Failure;
    use serde_json::json;
    use std::time::Duration;

    /// The classes follow the REST client's own errors, whatever their wording.
    #[test]
    fn failures_classify_the_rest_clients_errors() {
        let what = "POST /users/u-1/wrapup/terminate/";
        let cases = [
            (
                ApiError::from_status(401, what, "", None),
                Failure::Unauthorized,
            ),
            (
                ApiError::from_status(403, what, "", None),
                Failure::Forbidden,
            ),
            (
                ApiError::from_status(404, what, "", None),
                Failure::NotFound,
            ),
            (
                ApiError::from_status(409, what, r#"{"Message":"no wrap-up"}"#, None),
                Failure::Conflict,
            ),
            (
                ApiError::from_status(429, what, "", Some(Duration::from_secs(3))),
                Failure::RateLimited,
            ),
            (ApiError::from_status(503, what, "", None), Failure::Server),
            (ApiError::from_status(500, what, "", None), Failure::Server),
            (
                ApiError::Timeout {
                    what: what.into(),
                    host: "127.0.0.1".into(),
                },
                Failure::Timeout,
            ),
            (
                ApiError::Connect {
                    host: "127.0.0.1".into(),
                    detail: "connection refused".into(),
                },
                Failure::Unreachable,
            ),
        ];
        for (error, class) in cases {
            assert_eq!(failure_of(&error), class, "{error}");
        }
    }

    #[test]
    fn member_rows_of_either_shape_give_the_user_id() {
        assert_eq!(
            member_id(&json!({"user_id": "u1", "active": true})).as_deref(),
            Some("u1")
        );
        assert_eq!(
            member_id(&json!({"id": "u2", "first_name": "A"})).as_deref(),
            Some("u2")
        );
        assert_eq!(member_id(&json!({"user_id": ""})), None);
        assert_eq!(member_id(&json!([1])), None);
    }
}
