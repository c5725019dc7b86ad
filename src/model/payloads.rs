//! Typed payloads of every RTE event and helper object in the platform's RTE document
//! (seed 004). Field names are snake_case for reading: the receive path folds every key
//! while it reads (see [`super::lenient`]), so both casings of the seed reach the fields,
//! and strings, numbers and booleans read `null` (or a near type) as their plain value.
//! They are written back with the exact PascalCase names of the seed (every seed name is
//! the PascalCase of its field, so one `rename_all` per struct says it).

#![allow(missing_docs)]

use super::time::Stamp;
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// The `UserAlert` event.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default, rename_all(serialize = "PascalCase"))]
pub struct UserAlert {
    pub alert_id: String,
    pub user_id: String,
    pub condition_name: String,
    pub condition_value: String,
    pub condition_expression: String,
    pub value: String,
}

/// The `UserAvailability` event.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default, rename_all(serialize = "PascalCase"))]
pub struct UserAvailability {
    pub user_id: String,
    pub user_name: String,
    pub profile_id: String,
    pub availability: String,
    pub start_time: Stamp,
    pub end_time: Stamp,
    pub note: String,
    pub event_source: String,
    pub transfer_number: String,
}

/// The `UserCallAvailableForMonitoring` event.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default, rename_all(serialize = "PascalCase"))]
pub struct UserCallAvailableForMonitoring {
    pub target_user_id: String,
    pub target_user_name: String,
    pub supervisor_user_id: String,
    pub supervisor_user_name: String,
    pub queue_name: String,
    pub queue_id: Option<String>,
    pub call_id: String,
    pub leg_id: String,
    pub agent_leg_id: String,
    pub supervisor_terminal_number: String,
    pub supervision_call_in_number: String,
    pub call_type: String,
    pub caller_number: String,
    pub connected_to_agent_time: Stamp,
}

/// The `UserCallInArrived` event.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default, rename_all(serialize = "PascalCase"))]
pub struct UserCallInArrived {
    pub call_id: String,
    pub leg_id: String,
    pub user_id: String,
    pub user_name: String,
    pub caller_number: String,
    pub target_number: String,
    pub publicity: i64,
}

/// The `UserCallInCallbackCreated` event.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default, rename_all(serialize = "PascalCase"))]
pub struct UserCallInCallbackCreated {
    pub user_id: String,
    pub call_back_id: String,
    pub call_list_id: String,
    pub call_id: Option<String>,
    pub leg_id: String,
    pub recording_id: Option<String>,
    pub contact_number: String,
    pub target_number: String,
    pub contact_message: String,
    pub creation_time: Stamp,
}

/// The `UserCallInComing` event.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default, rename_all(serialize = "PascalCase"))]
pub struct UserCallInComing {
    pub call_id: String,
    pub leg_id: String,
    pub user_id: String,
    pub username: String,
    pub caller_number: String,
    pub target_number: String,
    pub publicity: i64,
}

/// The `UserCallInDisconnected` event.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default, rename_all(serialize = "PascalCase"))]
pub struct UserCallInDisconnected {
    pub call_id: String,
    pub leg_id: String,
    pub user_id: String,
    pub username: String,
    pub reason: String,
    pub tech_queue_id: Option<String>,
    pub tech_reason: String,
    pub caller_number: String,
    pub target_number: String,
    pub publicity: i64,
}

/// The `UserCallInHoldEnd` event.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default, rename_all(serialize = "PascalCase"))]
pub struct UserCallInHoldEnd {
    pub call_id: String,
    pub leg_id: String,
    pub user_id: String,
}

/// The `UserCallInHoldStart` event.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default, rename_all(serialize = "PascalCase"))]
pub struct UserCallInHoldStart {
    pub call_id: String,
    pub leg_id: String,
    pub user_id: String,
}

/// The `UserCallInOverflow` event.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default, rename_all(serialize = "PascalCase"))]
pub struct UserCallInOverflow {
    pub call_id: String,
    pub leg_id: String,
    pub user_id: String,
    pub username: String,
    pub connected_target: String,
    pub tech_source: String,
    pub tech_queue_id: String,
    pub tech_queue_name: String,
    pub overflow_applet: String,
    pub tech_number: String,
    pub tech_event: String,
    pub caller_number: String,
    pub target_number: String,
    pub overflow_reason: String,
    pub overflow_type: String,
    pub publicity: i64,
}

/// The `UserCallInRecordingConverted` event.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default, rename_all(serialize = "PascalCase"))]
pub struct UserCallInRecordingConverted {
    pub call_id: String,
    pub user_id: String,
    pub recording_id: String,
    pub conversion_id: String,
    pub user_channel: Option<i64>,
}

/// The `UserCallInTransferCancelled` event.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default, rename_all(serialize = "PascalCase"))]
pub struct UserCallInTransferCancelled {
    pub call_id: String,
    pub leg_id: String,
    pub user_id: String,
    pub username: String,
    pub tech_queue_id: String,
    pub tech_queue_name: String,
    pub transfer_applet: String,
    pub tech_source: String,
    pub reason: String,
    pub detailed_reason: String,
    pub caller_number: String,
    pub target_number: String,
    pub publicity: i64,
}

/// The `UserCallInTransferConnected` event.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default, rename_all(serialize = "PascalCase"))]
pub struct UserCallInTransferConnected {
    pub call_id: String,
    pub leg_id: String,
    pub user_id: String,
    pub username: String,
    pub connected_target: String,
    pub transfer_source: String,
    pub tech_queue_id: String,
    pub tech_queue_name: String,
    pub transfer_applet: String,
    pub tech_source: String,
    pub caller_number: String,
    pub target_number: String,
    pub publicity: i64,
}

/// The `UserCallInTransferStarted` event.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default, rename_all(serialize = "PascalCase"))]
pub struct UserCallInTransferStarted {
    pub call_id: String,
    pub leg_id: String,
    pub user_id: String,
    pub username: String,
    pub transfer_target: String,
    pub transfer_source: String,
    pub tech_queue_id: String,
    pub tech_queue_name: String,
    pub transfer_applet: String,
    pub tech_source: String,
    pub caller_number: String,
    pub target_number: String,
    pub publicity: i64,
}

/// The `UserCallInUserAllocated` event.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default, rename_all(serialize = "PascalCase"))]
pub struct UserCallInUserAllocated {
    pub call_id: String,
    pub leg_id: String,
    pub user_id: String,
    pub user_name: String,
    pub user_number: String,
    pub detailed_reason: String,
    pub caller_number: String,
    pub target_number: String,
    pub publicity: i64,
}

/// The `UserCallInUserCancelled` event.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default, rename_all(serialize = "PascalCase"))]
pub struct UserCallInUserCancelled {
    pub call_id: String,
    pub leg_id: String,
    pub user_id: String,
    pub user_name: String,
    pub reason: String,
    pub detailed_reason: String,
    pub caller_number: String,
    pub target_number: String,
    pub publicity: i64,
}

/// The `UserCallInUserConnected` event.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default, rename_all(serialize = "PascalCase"))]
pub struct UserCallInUserConnected {
    pub call_id: String,
    pub leg_id: String,
    pub agent_leg_id: String,
    pub user_id: String,
    pub user_name: String,
    pub user_number: String,
    pub caller_number: String,
    pub target_number: String,
    pub publicity: i64,
}

/// The `UserCallInUserOverflow` event.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default, rename_all(serialize = "PascalCase"))]
pub struct UserCallInUserOverflow {
    pub call_id: String,
    pub leg_id: String,
    pub user_id: String,
    pub username: String,
    pub reason: String,
    pub target: String,
    pub caller_number: String,
    pub target_number: String,
    pub publicity: i64,
}

/// The `UserCallOutConnected` event.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default, rename_all(serialize = "PascalCase"))]
pub struct UserCallOutConnected {
    pub call_id: String,
    pub leg_id: String,
    pub user_id: String,
    pub user_name: String,
    pub caller_number: String,
    pub target_number: String,
    pub publicity: i64,
}

/// The `UserCallOutDisconnected` event.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default, rename_all(serialize = "PascalCase"))]
pub struct UserCallOutDisconnected {
    pub call_id: String,
    pub leg_id: String,
    pub user_id: String,
    pub user_name: String,
    pub reason: String,
    pub tech_reason: String,
    pub caller_number: String,
    pub target_number: String,
    pub publicity: i64,
}

/// The `UserCallOutGoing` event.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default, rename_all(serialize = "PascalCase"))]
pub struct UserCallOutGoing {
    pub call_id: String,
    pub leg_id: String,
    pub user_id: String,
    pub user_name: String,
    pub caller_number: String,
    pub target_number: String,
    pub call_as_number: String,
    pub publicity: i64,
}

/// The `UserCallOutHoldEnd` event.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default, rename_all(serialize = "PascalCase"))]
pub struct UserCallOutHoldEnd {
    pub call_id: String,
    pub leg_id: String,
    pub user_id: String,
}

/// The `UserCallOutHoldStart` event.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default, rename_all(serialize = "PascalCase"))]
pub struct UserCallOutHoldStart {
    pub call_id: String,
    pub leg_id: String,
    pub user_id: String,
}

/// The `UserCallOutRecordingConverted` event.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default, rename_all(serialize = "PascalCase"))]
pub struct UserCallOutRecordingConverted {
    pub call_id: String,
    pub user_id: String,
    pub recording_id: String,
    pub conversion_id: String,
    pub user_channel: Option<i64>,
}

/// The `UserRealTimeTranscriptPhrase` event.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default, rename_all(serialize = "PascalCase"))]
pub struct UserRealTimeTranscriptPhrase {
    pub call_id: String,
    pub leg_id: String,
    pub user_id: String,
    pub queue_id: Option<String>,
    pub call_list_id: Option<String>,
    pub speaker_role: i64,
    pub phrase: String,
    pub confidence: f64,
    pub duration: i64,
    pub offset_milliseconds: i64,
    pub is_intermediate: bool,
    pub realtime_type: String,
}

/// The `UserSetting` event.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default, rename_all(serialize = "PascalCase"))]
pub struct UserSetting {
    pub user_id: String,
    pub keyword: String,
    pub value: String,
    pub values: Option<Value>,
    pub allowed_values: Option<Value>,
    pub deleted: bool,
    pub level: String,
}

/// The `UserStatus` event.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default, rename_all(serialize = "PascalCase"))]
pub struct UserStatus {
    pub user_id: String,
    pub can_be_allocated_to: bool,
    pub talking: bool,
    pub talking_status_changed: Stamp,
    pub active_queue_id: Option<String>,
    pub active_call_list_id: Option<String>,
    pub available: bool,
    pub schedule: bool,
    pub serving: bool,
    pub service_terminals: i64,
    pub active_queues: i64,
    pub parked_calls: i64,
    pub wrap_up_start: Stamp,
    pub wrap_up_end: Stamp,
    pub serving_callback: bool,
    pub fetch_mode: bool,
    pub note: String,
    pub availability_status: String,
}

/// The `UserSupervisionStatus` event.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default, rename_all(serialize = "PascalCase"))]
pub struct UserSupervisionStatus {
    pub target_user_id: String,
    pub target_user_name: String,
    pub supervisor_user_id: String,
    pub supervisor_user_name: String,
    pub queue_name: String,
    pub queue_id: Option<String>,
    pub call_id: String,
    pub leg_id: String,
    pub supervisor_leg_id: String,
    pub state: i64,
}

/// The `UserTerminalStatusEvent` event.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default, rename_all(serialize = "PascalCase"))]
pub struct UserTerminalStatus {
    pub user_id: String,
    pub silo: String,
    pub session: String,
    pub expires: Stamp,
    pub terminal_type: String,
    pub terminal_status: String,
}

/// The `UserWrapUpEnabled` event.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default, rename_all(serialize = "PascalCase"))]
pub struct UserWrapUpEnabled {
    pub call_id: Option<String>,
    pub leg_id: String,
    pub user_id: String,
    pub queue_id: Option<String>,
    pub call_list_id: Option<String>,
    pub call_back_id: Option<String>,
    pub max_wrap_up_duration_sec: i64,
    pub wrap_up_type: String,
    pub wrap_up_id: String,
}

/// The `UserWrapUpRequestTerminate` event.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default, rename_all(serialize = "PascalCase"))]
pub struct UserWrapUpRequestTerminate {
    pub user_id: String,
    pub reason: String,
    pub wrap_up_id: Option<String>,
}

/// The `UserWrapUpStarted` event.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default, rename_all(serialize = "PascalCase"))]
pub struct UserWrapUpStarted {
    pub call_id: Option<String>,
    pub leg_id: String,
    pub user_id: String,
    pub queue_id: Option<String>,
    pub call_list_id: Option<String>,
    pub call_back_id: Option<String>,
    pub max_wrap_up_duration_sec: i64,
    pub wrap_up_type: String,
    pub wrap_up_id: String,
}

/// The `UserWrapUpTerminated` event.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default, rename_all(serialize = "PascalCase"))]
pub struct UserWrapUpTerminated {
    pub call_id: Option<String>,
    pub leg_id: String,
    pub user_id: String,
    pub queue_id: Option<String>,
    pub call_list_id: Option<String>,
    pub call_back_id: Option<String>,
    pub reason: String,
    pub elapsed_time_sec: i64,
    pub wrap_up_type: String,
    pub wrap_up_id: String,
}

/// The `QueueStatus` event.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default, rename_all(serialize = "PascalCase"))]
pub struct QueueStatus {
    pub queue_id: String,
    pub queue_name: String,
    pub nbr_of_providers: i64,
    pub nbr_of_requesters: i64,
    pub nbr_of_serving_agents_estimate: i64,
    pub nbr_of_allocated: i64,
    pub nbr_of_connected: i64,
    pub nbr_of_queuing_requesters: i64,
    pub nbr_of_not_served_requesters: i64,
    pub nbr_of_agents_long_term_away: i64,
    pub nbr_of_agents_short_term_away: i64,
    pub nbr_of_agents_immediately_free: i64,
    pub nbr_of_agents_checked_in_queue: i64,
    pub nbr_of_agents_on_wrap_up: i64,
    pub nbr_of_agents_on_fetch_mode: i64,
    pub max_wait_time: i64,
    pub open_status: i64,
}

/// The `QueueCallIn*` events of a queue (not in the RTE document; a tenant's
/// `AvailableSubscriptions` may offer them). Their payloads are not public: this one
/// shape is the simulator's guess, read leniently (missing fields stay empty, unknown
/// ones are ignored, a shape that does not fit is kept raw). The simulator writes:
///
/// - `QueueCallInArrived`: a caller entered the queue (`ArrivalTime`).
/// - `QueueCallInUserAllocated` / `QueueCallInUserCancelled`: an agent's phone rings /
///   stopped ringing unanswered (`UserId`); the caller waits on.
/// - `QueueCallInUserConnected`: an agent answered (`UserId`, `WaitTime`).
/// - `QueueCallInOverflow`: the queue was full; the call did not wait (`Reason`).
/// - `QueueCallInDisconnected`: the call left the queue's hands: after a conversation
///   (`UserId`, `Reason` "Answered") or a caller who hung up waiting (`Reason`
///   "Abandoned", `WaitTime`).
///
/// Every one carries `CallId`, `QueueId`, `QueueName` and `ArrivalTime` (when the
/// caller entered the queue: a call belongs to the day it arrived on).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default, rename_all(serialize = "PascalCase"))]
pub struct QueueCallIn {
    pub call_id: String,
    pub leg_id: String,
    pub queue_id: String,
    pub queue_name: String,
    /// The agent allocated, connected or disconnected; empty for the caller's own acts.
    pub user_id: String,
    pub caller_number: String,
    pub target_number: String,
    pub arrival_time: Stamp,
    /// Whole seconds the caller waited, when the wait ended.
    pub wait_time: Option<i64>,
    pub reason: String,
}

pub type QueueCallInComing = QueueCallIn;
pub type QueueCallInArrived = QueueCallIn;
pub type QueueCallInUserAllocated = QueueCallIn;
pub type QueueCallInUserConnected = QueueCallIn;
pub type QueueCallInUserCancelled = QueueCallIn;
pub type QueueCallInOverflow = QueueCallIn;
pub type QueueCallInTransferStarted = QueueCallIn;
pub type QueueCallInTransferConnected = QueueCallIn;
pub type QueueCallInTransferCancelled = QueueCallIn;
pub type QueueCallInDisconnected = QueueCallIn;

/// The `QueueAttachedUser` helper object.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default, rename_all(serialize = "PascalCase"))]
pub struct QueueAttachedUser {
    pub user_id: String,
    pub active: bool,
    pub priority: i64,
}

/// The `QueueGroup` helper object.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default, rename_all(serialize = "PascalCase"))]
pub struct QueueGroup {
    pub id: Option<String>,
    pub name: String,
    pub description: String,
}

/// The `CallbackChanged` event.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default, rename_all(serialize = "PascalCase"))]
pub struct CallbackChanged {
    pub call_back_id: String,
    pub call_list_id: String,
    pub modified: Stamp,
    pub assigned_user_id: Option<String>,
    pub last_attempt_user_id: Option<String>,
    pub last_modified_user_id: Option<String>,
    pub last_attempt_type_id: Option<i64>,
    pub contact_name: String,
    pub contact_number: String,
    pub contact_message: String,
    pub note: String,
    pub queue_id: Option<String>,
    pub channel_in: String,
    pub creation_time: Stamp,
    pub created: bool,
    pub is_closed: bool,
    pub recording_id: Option<String>,
    pub type_id: i64,
    pub due_date: Stamp,
    pub call_id: Option<String>,
    pub transcript_id: Option<String>,
    pub classification_id: Option<String>,
    pub expiry_date: Stamp,
    pub last_attempt_timestamp: Stamp,
    pub last_attempt_note: String,
    pub calculated_priority: String,
    pub not_before: Stamp,
    pub callback_attempts: Option<Value>,
    pub callback_extras: Option<Value>,
    pub callback_related_items: Option<Value>,
}

/// The `CallbackAttempt` helper object.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default, rename_all(serialize = "PascalCase"))]
pub struct CallbackAttempt {
    pub id: String,
    pub user_id: Option<String>,
    pub timestamp: Stamp,
    pub callback_attempt_type_id: Option<i64>,
    pub note: String,
    pub recording_id: Option<String>,
    pub call_id: Option<String>,
}

/// The `CallbackExtra` helper object.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default, rename_all(serialize = "PascalCase"))]
pub struct CallbackExtra {
    pub id: i64,
    pub name: String,
    pub value: String,
}

/// The `CallbackRelatedItem` helper object.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default, rename_all(serialize = "PascalCase"))]
pub struct CallbackRelatedItem {
    pub id: String,
    pub list_id: Option<String>,
    pub is_closed: bool,
    pub status_id: Option<i64>,
}

/// The `UserWrapUpRequestInitiate` event (the seed has a field table but no example).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default, rename_all(serialize = "PascalCase"))]
pub struct UserWrapUpRequestInitiate {
    pub allow_without_call: i64,
    pub call_back_id: Option<String>,
    pub call_back_list_id: Option<String>,
    pub call_id: Option<String>,
    pub leg_id: String,
    pub max_wrap_up_time_sec: i64,
    pub queue_id: Option<String>,
    pub user_id: String,
    pub wrap_up_id: String,
}
