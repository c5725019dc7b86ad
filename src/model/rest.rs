//! REST bodies. Written in PascalCase (with the platform's own acronyms such as
//! `OrganizationID` and `WSSEndpoint`); read in any casing through
//! [`super::casing::from_platform`].

use super::lenient;
use super::time::Stamp;
use serde::{Deserialize, Serialize};

/// One row of the discovery answer (`GET /api/user/?user=NAME`), camelCase on the wire.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct DiscoveryEntry {
    #[serde(rename(serialize = "siloName"), deserialize_with = "lenient::string")]
    pub silo_name: String,
    #[serde(rename(serialize = "username"), deserialize_with = "lenient::string")]
    pub username: String,
    #[serde(
        rename(serialize = "apiEndpoint"),
        deserialize_with = "lenient::string"
    )]
    pub api_endpoint: String,
    #[serde(rename(serialize = "authority"), deserialize_with = "lenient::string")]
    pub authority: String,
    #[serde(
        rename(serialize = "authorityIdPHint"),
        deserialize_with = "lenient::string"
    )]
    pub authority_id_p_hint: String,
}

/// `POST /authuser/{email}/` body.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct AuthUserRequest {
    #[serde(rename(serialize = "UserName"), deserialize_with = "lenient::string")]
    pub user_name: String,
    #[serde(rename(serialize = "Password"), deserialize_with = "lenient::string")]
    pub password: String,
}

impl std::fmt::Debug for AuthUserResponse {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("AuthUserResponse { secret_key: <redacted> }")
    }
}

/// `POST /authuser/{email}/` answer: the user's API secret key.
#[derive(Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct AuthUserResponse {
    #[serde(rename(serialize = "SecretKey"), deserialize_with = "lenient::string")]
    pub secret_key: String,
}

/// A user (`GET /users/me`, `GET /users`).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct User {
    #[serde(rename(serialize = "Id"), deserialize_with = "lenient::string")]
    pub id: String,
    #[serde(
        rename(serialize = "OrganizationID"),
        deserialize_with = "lenient::string"
    )]
    pub organization_id: String,
    #[serde(rename(serialize = "FirstName"), deserialize_with = "lenient::string")]
    pub first_name: String,
    #[serde(rename(serialize = "LastName"), deserialize_with = "lenient::string")]
    pub last_name: String,
    #[serde(rename(serialize = "Email"), deserialize_with = "lenient::string")]
    pub email: String,
    #[serde(rename(serialize = "Title"), deserialize_with = "lenient::string")]
    pub title: String,
    /// The login name; the one name field public clients show evidence of.
    #[serde(rename(serialize = "UserName"), deserialize_with = "lenient::string")]
    pub user_name: String,
}

impl User {
    /// "First Last", else `UserName`, else the e-mail.
    pub fn display_name(&self) -> String {
        let name = format!("{} {}", self.first_name.trim(), self.last_name.trim());
        let name = name.trim();
        if !name.is_empty() {
            name.to_owned()
        } else if !self.user_name.trim().is_empty() {
            self.user_name.trim().to_owned()
        } else {
            self.email.clone()
        }
    }
}

/// The `Status` block of a queue in `GET /queues`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct QueueStatusBlock {
    #[serde(rename(serialize = "OpenStatus"), deserialize_with = "lenient::int")]
    pub open_status: i64,
    #[serde(rename(serialize = "MaxWaitTime"), deserialize_with = "lenient::int")]
    pub max_wait_time: i64,
    #[serde(rename(serialize = "QueueLength"), deserialize_with = "lenient::int")]
    pub queue_length: i64,
    #[serde(rename(serialize = "OngoingCalls"), deserialize_with = "lenient::int")]
    pub ongoing_calls: i64,
    #[serde(
        rename(serialize = "AgentsOnWrapUp"),
        deserialize_with = "lenient::int"
    )]
    pub agents_on_wrap_up: i64,
    #[serde(rename(serialize = "FreeAgents"), deserialize_with = "lenient::int")]
    pub free_agents: i64,
    #[serde(rename(serialize = "ServingAgents"), deserialize_with = "lenient::int")]
    pub serving_agents: i64,
}

/// A service queue (`GET /queues`).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct Queue {
    #[serde(rename(serialize = "Id"), deserialize_with = "lenient::string")]
    pub id: String,
    #[serde(rename(serialize = "Name"), deserialize_with = "lenient::string")]
    pub name: String,
    #[serde(rename(serialize = "Numbers"))]
    pub numbers: Vec<String>,
    #[serde(rename(serialize = "TypeId"), deserialize_with = "lenient::int")]
    pub type_id: i64,
    #[serde(rename(serialize = "Status"))]
    pub status: Option<QueueStatusBlock>,
}

/// `GET /token/{id}/rte/` answer.
#[derive(Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct RteToken {
    /// The hub URL; may lack a scheme.
    #[serde(
        rename(serialize = "WSSEndpoint"),
        deserialize_with = "lenient::string"
    )]
    pub wss_endpoint: String,
    #[serde(rename(serialize = "Token"), deserialize_with = "lenient::string")]
    pub token: String,
}

impl std::fmt::Debug for RteToken {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RteToken")
            .field("wss_endpoint", &self.wss_endpoint)
            .field("token", &"<redacted>")
            .finish()
    }
}

/// Availability states, with the platform's EventTypeID numbers (1..6, partly inferred).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Availability {
    Available,
    Busy,
    DoNotDisturb,
    OffWork,
    Brb,
    Away,
}

impl Availability {
    pub const ALL: [Availability; 6] = [
        Availability::Available,
        Availability::Busy,
        Availability::DoNotDisturb,
        Availability::OffWork,
        Availability::Brb,
        Availability::Away,
    ];

    /// The wire name used in `UserAvailability.Availability`.
    pub fn name(self) -> &'static str {
        match self {
            Availability::Available => "Available",
            Availability::Busy => "Busy",
            Availability::DoNotDisturb => "DoNotDisturb",
            Availability::OffWork => "OffWork",
            Availability::Brb => "BRB",
            Availability::Away => "Away",
        }
    }

    /// EventTypeID for `POST /users/{id}/availability`.
    pub fn event_type_id(self) -> i64 {
        Availability::ALL
            .iter()
            .position(|a| *a == self)
            .unwrap_or(0) as i64
            + 1
    }

    pub fn from_event_type_id(id: i64) -> Option<Availability> {
        usize::try_from(id - 1)
            .ok()
            .and_then(|i| Availability::ALL.get(i).copied())
    }

    /// Parses wire names and common short forms (`dnd`, `brb`, `off`), case-insensitively.
    pub fn parse(text: &str) -> Option<Availability> {
        let t = text.trim().to_ascii_lowercase();
        Some(match t.as_str() {
            "available" | "avail" | "free" => Availability::Available,
            "busy" => Availability::Busy,
            "donotdisturb" | "dnd" | "do-not-disturb" => Availability::DoNotDisturb,
            "offwork" | "off" | "off-work" => Availability::OffWork,
            "brb" | "berightback" => Availability::Brb,
            "away" => Availability::Away,
            _ => return None,
        })
    }
}

impl std::fmt::Display for Availability {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

/// `POST /users/{id}/availability` body, as the working public client sends it:
/// `{EventTypeID, EventSource, Note, UserID}` (no start or end date: the event starts
/// now and lasts until changed).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct SetAvailabilityRequest {
    #[serde(rename(serialize = "EventTypeID"), deserialize_with = "lenient::int")]
    pub event_type_id: i64,
    #[serde(
        rename(serialize = "EventSource"),
        deserialize_with = "lenient::string"
    )]
    pub event_source: String,
    #[serde(rename(serialize = "Note"), deserialize_with = "lenient::string")]
    pub note: String,
    #[serde(rename(serialize = "UserID"), deserialize_with = "lenient::string")]
    pub user_id: String,
}

/// The `EventSource` evtop writes. The public client sends the field, but its value is
/// not public; seed 003 calls a user's own availability events' source category `User`.
pub const AVAILABILITY_EVENT_SOURCE: &str = "User";

impl SetAvailabilityRequest {
    /// The body that sets `user_id`'s availability (the id the path names too).
    pub fn new(
        user_id: impl Into<String>,
        availability: Availability,
        note: impl Into<String>,
    ) -> Self {
        SetAvailabilityRequest {
            event_type_id: availability.event_type_id(),
            event_source: AVAILABILITY_EVENT_SOURCE.into(),
            note: note.into(),
            user_id: user_id.into(),
        }
    }
}

/// `GET /users/{id}/availability/current` answer (PublicUserStatusInterface of seed 003).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct CurrentAvailability {
    #[serde(rename(serialize = "Id"))]
    pub id: Option<String>,
    #[serde(rename(serialize = "EventTypeID"), deserialize_with = "lenient::int")]
    pub event_type_id: i64,
    #[serde(rename(serialize = "Note"), deserialize_with = "lenient::string")]
    pub note: String,
    #[serde(rename(serialize = "StartDate"))]
    pub start_date: Stamp,
    #[serde(rename(serialize = "EndDate"))]
    pub end_date: Stamp,
    #[serde(rename(serialize = "Timestamp"))]
    pub timestamp: Stamp,
    #[serde(rename(serialize = "TransferNumber"))]
    pub transfer_number: Option<String>,
    #[serde(rename(serialize = "WrapUpEnd"))]
    pub wrap_up_end: Stamp,
}

/// `POST /users/{id}/wrapup/terminate/` body.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct TerminateWrapUpRequest {
    #[serde(rename(serialize = "WrapUpId"))]
    pub wrap_up_id: Option<String>,
    #[serde(rename(serialize = "Reason"), deserialize_with = "lenient::string")]
    pub reason: String,
}

/// A callback list (`GET /callbacklists/`).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct CallbackList {
    #[serde(rename(serialize = "Id"), deserialize_with = "lenient::string")]
    pub id: String,
    #[serde(rename(serialize = "Name"), deserialize_with = "lenient::string")]
    pub name: String,
    #[serde(rename(serialize = "QueueId"))]
    pub queue_id: Option<String>,
}

/// A callback request (`GET /callbacklists/{id}/requests/`). RTE names a request's id
/// `CallBackId`; a row that carries it is read by it (see [`CallbackRequest::normalize`]).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct CallbackRequest {
    #[serde(rename(serialize = "Id"), deserialize_with = "lenient::string")]
    pub id: String,
    #[serde(
        rename(serialize = "CallBackId"),
        skip_serializing_if = "Option::is_none"
    )]
    pub call_back_id: Option<String>,
    #[serde(rename(serialize = "CallListId"), deserialize_with = "lenient::string")]
    pub call_list_id: String,
    #[serde(
        rename(serialize = "ContactName"),
        deserialize_with = "lenient::string"
    )]
    pub contact_name: String,
    #[serde(
        rename(serialize = "ContactNumber"),
        deserialize_with = "lenient::string"
    )]
    pub contact_number: String,
    #[serde(
        rename(serialize = "ContactMessage"),
        deserialize_with = "lenient::string"
    )]
    pub contact_message: String,
    #[serde(rename(serialize = "Note"), deserialize_with = "lenient::string")]
    pub note: String,
    #[serde(rename(serialize = "QueueId"))]
    pub queue_id: Option<String>,
    #[serde(rename(serialize = "ChannelIn"), deserialize_with = "lenient::string")]
    pub channel_in: String,
    #[serde(rename(serialize = "TypeId"), deserialize_with = "lenient::int")]
    pub type_id: i64,
    #[serde(rename(serialize = "CreationTime"))]
    pub creation_time: Stamp,
    #[serde(rename(serialize = "Modified"))]
    pub modified: Stamp,
    #[serde(rename(serialize = "DueDate"))]
    pub due_date: Stamp,
    #[serde(rename(serialize = "ExpiryDate"))]
    pub expiry_date: Stamp,
    #[serde(rename(serialize = "NotBefore"))]
    pub not_before: Stamp,
    #[serde(rename(serialize = "AssignedUserId"))]
    pub assigned_user_id: Option<String>,
    #[serde(
        rename(serialize = "LastAttemptNote"),
        deserialize_with = "lenient::string"
    )]
    pub last_attempt_note: String,
    #[serde(rename(serialize = "LastAttemptTimestamp"))]
    pub last_attempt_timestamp: Stamp,
    #[serde(rename(serialize = "LastAttemptUserId"))]
    pub last_attempt_user_id: Option<String>,
    #[serde(rename(serialize = "AttemptCount"), deserialize_with = "lenient::int")]
    pub attempt_count: i64,
    #[serde(rename(serialize = "IsClosed"), deserialize_with = "lenient::boolean")]
    pub is_closed: bool,
}

impl CallbackRequest {
    /// Makes `id` the request's id: `CallBackId` when the row has one (that is the id RTE
    /// events and actions use), else `Id`.
    pub fn normalize(&mut self) {
        if let Some(cb) = self
            .call_back_id
            .as_deref()
            .filter(|s| !s.trim().is_empty())
        {
            self.id = cb.trim().to_owned();
        }
    }
}

/// `POST …/requests/{id}/assign/` body.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct AssignCallbackRequest {
    #[serde(rename(serialize = "UserId"), deserialize_with = "lenient::string")]
    pub user_id: String,
}

/// `POST …/requests/{id}/close/` body.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct CloseCallbackRequest {
    #[serde(rename(serialize = "Note"), deserialize_with = "lenient::string")]
    pub note: String,
}

/// `POST /callbacks/auto-allocation-request` body.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct AutoAllocationRequest {
    #[serde(rename(serialize = "UserId"), deserialize_with = "lenient::string")]
    pub user_id: String,
}

/// `POST /users/me/features/callout/activate/` body (seed 001).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct CalloutActivateRequest {
    #[serde(
        rename(serialize = "TargetNumber"),
        deserialize_with = "lenient::string"
    )]
    pub target_number: String,
    #[serde(
        rename(serialize = "CallbackRequestId"),
        deserialize_with = "lenient::string"
    )]
    pub callback_request_id: String,
    #[serde(
        rename(serialize = "CallbackListId"),
        deserialize_with = "lenient::string"
    )]
    pub callback_list_id: String,
}

/// `POST /users/{id}/action/mobile/call/` body (seed 001): click-to-call, the platform
/// rings the user's mobile and connects it to `PhoneNumber`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct MobileCallRequest {
    #[serde(
        rename(serialize = "PhoneNumber"),
        deserialize_with = "lenient::string"
    )]
    pub phone_number: String,
}

/// One inbound queue call (`GET /servicecall?StartTime&EndTime`). Public evidence shows
/// `QueueName`, `Duration` and `AnswerQueueId`; the other names are evtop's reading of
/// the same record (the simulator writes them, a tenant may not).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct ServiceCall {
    /// The call id (the `CallId` of the call's RTE events).
    #[serde(rename(serialize = "Id"), deserialize_with = "lenient::string")]
    pub id: String,
    #[serde(rename(serialize = "QueueId"), deserialize_with = "lenient::string")]
    pub queue_id: String,
    #[serde(rename(serialize = "QueueName"), deserialize_with = "lenient::string")]
    pub queue_name: String,
    /// The queue that answered; `None` when nobody did.
    #[serde(rename(serialize = "AnswerQueueId"))]
    pub answer_queue_id: Option<String>,
    /// The user who answered.
    #[serde(rename(serialize = "AnswerUserId"))]
    pub answer_user_id: Option<String>,
    #[serde(
        rename(serialize = "CallerNumber"),
        deserialize_with = "lenient::string"
    )]
    pub caller_number: String,
    /// When the caller entered the queue.
    #[serde(rename(serialize = "ArrivalTime"))]
    pub arrival_time: Stamp,
    #[serde(rename(serialize = "AnswerTime"))]
    pub answer_time: Stamp,
    /// When the call left the queue for good (hung up, abandoned or overflowed).
    #[serde(rename(serialize = "EndTime"))]
    pub end_time: Stamp,
    /// Seconds in the queue before it was answered or left.
    #[serde(rename(serialize = "WaitTime"), deserialize_with = "lenient::int")]
    pub wait_time: i64,
    /// Seconds of conversation (0 when not answered).
    #[serde(rename(serialize = "Duration"), deserialize_with = "lenient::int")]
    pub duration: i64,
    /// `Answered`, `Abandoned` or `Overflow`.
    #[serde(rename(serialize = "Result"), deserialize_with = "lenient::string")]
    pub result: String,
}

/// One user call (`GET /calls?StartTime&EndTime[&UserIDs=]`): a call as one user saw it.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct UserCall {
    #[serde(rename(serialize = "Id"), deserialize_with = "lenient::string")]
    pub id: String,
    #[serde(rename(serialize = "CallId"), deserialize_with = "lenient::string")]
    pub call_id: String,
    #[serde(rename(serialize = "UserId"), deserialize_with = "lenient::string")]
    pub user_id: String,
    /// `In` or `Out`.
    #[serde(rename(serialize = "Direction"), deserialize_with = "lenient::string")]
    pub direction: String,
    #[serde(rename(serialize = "QueueId"))]
    pub queue_id: Option<String>,
    #[serde(rename(serialize = "ANumber"), deserialize_with = "lenient::string")]
    pub a_number: String,
    #[serde(rename(serialize = "BNumber"), deserialize_with = "lenient::string")]
    pub b_number: String,
    #[serde(rename(serialize = "StartTime"))]
    pub start_time: Stamp,
    #[serde(rename(serialize = "AnswerTime"))]
    pub answer_time: Stamp,
    #[serde(rename(serialize = "EndTime"))]
    pub end_time: Stamp,
    #[serde(rename(serialize = "Duration"), deserialize_with = "lenient::int")]
    pub duration: i64,
}

/// One call list with a classification schema (`GET /classification/calllistschemas`).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct CallListSchema {
    #[serde(rename(serialize = "ListId"), deserialize_with = "lenient::string")]
    pub list_id: String,
    #[serde(rename(serialize = "ListName"), deserialize_with = "lenient::string")]
    pub list_name: String,
    #[serde(rename(serialize = "SchemaId"), deserialize_with = "lenient::string")]
    pub schema_id: String,
    #[serde(rename(serialize = "RequestTypeId"), deserialize_with = "lenient::int")]
    pub request_type_id: i64,
}

/// `StartTime`/`EndTime` as `/servicecall` and `/calls` take them: UTC,
/// `YYYY-MM-DD HH:MM:SS`.
pub fn query_time(t: &chrono::DateTime<chrono::Utc>) -> String {
    t.format("%Y-%m-%d %H:%M:%S").to_string()
}

/// The longest `StartTime`..`EndTime` window the platform answers.
pub const MAX_CALL_WINDOW_DAYS: i64 = 31;

/// An error body: `{"Message": "..."}`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct ErrorBody {
    #[serde(rename(serialize = "Message"), deserialize_with = "lenient::string")]
    pub message: String,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::casing::from_platform;
    use serde_json::json;

    #[test]
    fn token_reads_either_acronym_and_lacks_secret_in_debug() {
        for key in ["WSSEndpoint", "WssEndpoint", "wssEndpoint"] {
            let t: RteToken =
                from_platform(json!({key: "wss://x/rte", "Token": "sekrit"})).unwrap();
            assert_eq!(t.wss_endpoint, "wss://x/rte");
            assert!(!format!("{t:?}").contains("sekrit"));
        }
        let v = serde_json::to_value(RteToken {
            wss_endpoint: "a".into(),
            token: "b".into(),
        })
        .unwrap();
        assert_eq!(v, json!({"WSSEndpoint": "a", "Token": "b"}));
    }

    #[test]
    fn user_reads_id_in_any_case() {
        let u: User = from_platform(
            json!({"ID": "1", "OrganizationId": "o", "FirstName": "Aino", "LastName": null}),
        )
        .unwrap();
        assert_eq!(u.id, "1");
        assert_eq!(u.organization_id, "o");
        assert_eq!(u.display_name(), "Aino");
    }

    #[test]
    fn user_name_is_used_when_first_and_last_name_are_missing() {
        let u: User =
            from_platform(json!({"Id": "1", "UserName": "aino.agent@example.com", "Email": "x@y"}))
                .unwrap();
        assert_eq!(u.display_name(), "aino.agent@example.com");
        let u: User = from_platform(json!({"Id": "1", "Email": "x@y"})).unwrap();
        assert_eq!(u.display_name(), "x@y");
    }

    #[test]
    fn callback_rows_are_read_by_call_back_id_when_they_have_one() {
        let mut r: CallbackRequest =
            from_platform(json!({"Id": "event-1", "CallBackId": "req-9", "CallListId": "l"}))
                .unwrap();
        r.normalize();
        assert_eq!(r.id, "req-9");
        let mut r: CallbackRequest = from_platform(json!({"Id": "req-1"})).unwrap();
        r.normalize();
        assert_eq!(r.id, "req-1");
        let mut r: CallbackRequest = from_platform(json!({"callBackId": "req-2"})).unwrap();
        r.normalize();
        assert_eq!(r.id, "req-2");
    }

    #[test]
    fn set_availability_body_is_what_the_public_client_sends() {
        let body = SetAvailabilityRequest::new("u1", Availability::DoNotDisturb, "koulutus");
        assert_eq!(
            serde_json::to_value(&body).unwrap(),
            json!({"EventTypeID": 3, "EventSource": "User", "Note": "koulutus", "UserID": "u1"})
        );
    }

    #[test]
    fn availability_ids_round_trip() {
        for a in Availability::ALL {
            assert_eq!(Availability::from_event_type_id(a.event_type_id()), Some(a));
            assert_eq!(Availability::parse(a.name()), Some(a));
        }
        assert_eq!(Availability::DoNotDisturb.event_type_id(), 3);
        assert_eq!(Availability::parse("dnd"), Some(Availability::DoNotDisturb));
        assert_eq!(Availability::from_event_type_id(0), None);
    }
}
