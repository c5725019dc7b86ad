//! Typed payloads of every RTE event and helper object in the platform's RTE document
//! (seed 004). Field names are snake_case for reading (keys are folded first, see
//! [`super::casing`]) and are written back with the exact PascalCase names of the seed.
//!
//! Strings, numbers and booleans read `null` as their empty value, so a sparse or
//! partly-null payload from a real server still decodes.

#![allow(missing_docs)]

use super::lenient;
use super::time::Stamp;
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// The `UserAlert` event.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct UserAlert {
    #[serde(rename(serialize = "AlertId"), deserialize_with = "lenient::string")]
    pub alert_id: String,
    #[serde(rename(serialize = "UserId"), deserialize_with = "lenient::string")]
    pub user_id: String,
    #[serde(
        rename(serialize = "ConditionName"),
        deserialize_with = "lenient::string"
    )]
    pub condition_name: String,
    #[serde(
        rename(serialize = "ConditionValue"),
        deserialize_with = "lenient::string"
    )]
    pub condition_value: String,
    #[serde(
        rename(serialize = "ConditionExpression"),
        deserialize_with = "lenient::string"
    )]
    pub condition_expression: String,
    #[serde(rename(serialize = "Value"), deserialize_with = "lenient::string")]
    pub value: String,
}

/// The `UserAvailability` event.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct UserAvailability {
    #[serde(rename(serialize = "UserId"), deserialize_with = "lenient::string")]
    pub user_id: String,
    #[serde(rename(serialize = "UserName"), deserialize_with = "lenient::string")]
    pub user_name: String,
    #[serde(rename(serialize = "ProfileId"), deserialize_with = "lenient::string")]
    pub profile_id: String,
    #[serde(
        rename(serialize = "Availability"),
        deserialize_with = "lenient::string"
    )]
    pub availability: String,
    #[serde(rename(serialize = "StartTime"))]
    pub start_time: Stamp,
    #[serde(rename(serialize = "EndTime"))]
    pub end_time: Stamp,
    #[serde(rename(serialize = "Note"), deserialize_with = "lenient::string")]
    pub note: String,
    #[serde(
        rename(serialize = "EventSource"),
        deserialize_with = "lenient::string"
    )]
    pub event_source: String,
    #[serde(
        rename(serialize = "TransferNumber"),
        deserialize_with = "lenient::string"
    )]
    pub transfer_number: String,
}

/// The `UserCallAvailableForMonitoring` event.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct UserCallAvailableForMonitoring {
    #[serde(
        rename(serialize = "TargetUserId"),
        deserialize_with = "lenient::string"
    )]
    pub target_user_id: String,
    #[serde(
        rename(serialize = "TargetUserName"),
        deserialize_with = "lenient::string"
    )]
    pub target_user_name: String,
    #[serde(
        rename(serialize = "SupervisorUserId"),
        deserialize_with = "lenient::string"
    )]
    pub supervisor_user_id: String,
    #[serde(
        rename(serialize = "SupervisorUserName"),
        deserialize_with = "lenient::string"
    )]
    pub supervisor_user_name: String,
    #[serde(rename(serialize = "QueueName"), deserialize_with = "lenient::string")]
    pub queue_name: String,
    #[serde(rename(serialize = "QueueId"))]
    pub queue_id: Option<String>,
    #[serde(rename(serialize = "CallId"), deserialize_with = "lenient::string")]
    pub call_id: String,
    #[serde(rename(serialize = "LegId"), deserialize_with = "lenient::string")]
    pub leg_id: String,
    #[serde(rename(serialize = "AgentLegId"), deserialize_with = "lenient::string")]
    pub agent_leg_id: String,
    #[serde(
        rename(serialize = "SupervisorTerminalNumber"),
        deserialize_with = "lenient::string"
    )]
    pub supervisor_terminal_number: String,
    #[serde(
        rename(serialize = "SupervisionCallInNumber"),
        deserialize_with = "lenient::string"
    )]
    pub supervision_call_in_number: String,
    #[serde(rename(serialize = "CallType"), deserialize_with = "lenient::string")]
    pub call_type: String,
    #[serde(
        rename(serialize = "CallerNumber"),
        deserialize_with = "lenient::string"
    )]
    pub caller_number: String,
    #[serde(rename(serialize = "ConnectedToAgentTime"))]
    pub connected_to_agent_time: Stamp,
}

/// The `UserCallInArrived` event.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct UserCallInArrived {
    #[serde(rename(serialize = "CallId"), deserialize_with = "lenient::string")]
    pub call_id: String,
    #[serde(rename(serialize = "LegId"), deserialize_with = "lenient::string")]
    pub leg_id: String,
    #[serde(rename(serialize = "UserId"), deserialize_with = "lenient::string")]
    pub user_id: String,
    #[serde(rename(serialize = "UserName"), deserialize_with = "lenient::string")]
    pub user_name: String,
    #[serde(
        rename(serialize = "CallerNumber"),
        deserialize_with = "lenient::string"
    )]
    pub caller_number: String,
    #[serde(
        rename(serialize = "TargetNumber"),
        deserialize_with = "lenient::string"
    )]
    pub target_number: String,
    #[serde(rename(serialize = "Publicity"), deserialize_with = "lenient::int")]
    pub publicity: i64,
}

/// The `UserCallInCallbackCreated` event.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct UserCallInCallbackCreated {
    #[serde(rename(serialize = "UserId"), deserialize_with = "lenient::string")]
    pub user_id: String,
    #[serde(rename(serialize = "CallBackId"), deserialize_with = "lenient::string")]
    pub call_back_id: String,
    #[serde(rename(serialize = "CallListId"), deserialize_with = "lenient::string")]
    pub call_list_id: String,
    #[serde(rename(serialize = "CallId"))]
    pub call_id: Option<String>,
    #[serde(rename(serialize = "LegId"), deserialize_with = "lenient::string")]
    pub leg_id: String,
    #[serde(rename(serialize = "RecordingId"))]
    pub recording_id: Option<String>,
    #[serde(
        rename(serialize = "ContactNumber"),
        deserialize_with = "lenient::string"
    )]
    pub contact_number: String,
    #[serde(
        rename(serialize = "TargetNumber"),
        deserialize_with = "lenient::string"
    )]
    pub target_number: String,
    #[serde(
        rename(serialize = "ContactMessage"),
        deserialize_with = "lenient::string"
    )]
    pub contact_message: String,
    #[serde(rename(serialize = "CreationTime"))]
    pub creation_time: Stamp,
}

/// The `UserCallInComing` event.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct UserCallInComing {
    #[serde(rename(serialize = "CallId"), deserialize_with = "lenient::string")]
    pub call_id: String,
    #[serde(rename(serialize = "LegId"), deserialize_with = "lenient::string")]
    pub leg_id: String,
    #[serde(rename(serialize = "UserId"), deserialize_with = "lenient::string")]
    pub user_id: String,
    #[serde(rename(serialize = "Username"), deserialize_with = "lenient::string")]
    pub username: String,
    #[serde(
        rename(serialize = "CallerNumber"),
        deserialize_with = "lenient::string"
    )]
    pub caller_number: String,
    #[serde(
        rename(serialize = "TargetNumber"),
        deserialize_with = "lenient::string"
    )]
    pub target_number: String,
    #[serde(rename(serialize = "Publicity"), deserialize_with = "lenient::int")]
    pub publicity: i64,
}

/// The `UserCallInDisconnected` event.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct UserCallInDisconnected {
    #[serde(rename(serialize = "CallId"), deserialize_with = "lenient::string")]
    pub call_id: String,
    #[serde(rename(serialize = "LegId"), deserialize_with = "lenient::string")]
    pub leg_id: String,
    #[serde(rename(serialize = "UserId"), deserialize_with = "lenient::string")]
    pub user_id: String,
    #[serde(rename(serialize = "Username"), deserialize_with = "lenient::string")]
    pub username: String,
    #[serde(rename(serialize = "Reason"), deserialize_with = "lenient::string")]
    pub reason: String,
    #[serde(rename(serialize = "TechQueueId"))]
    pub tech_queue_id: Option<String>,
    #[serde(rename(serialize = "TechReason"), deserialize_with = "lenient::string")]
    pub tech_reason: String,
    #[serde(
        rename(serialize = "CallerNumber"),
        deserialize_with = "lenient::string"
    )]
    pub caller_number: String,
    #[serde(
        rename(serialize = "TargetNumber"),
        deserialize_with = "lenient::string"
    )]
    pub target_number: String,
    #[serde(rename(serialize = "Publicity"), deserialize_with = "lenient::int")]
    pub publicity: i64,
}

/// The `UserCallInHoldEnd` event.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct UserCallInHoldEnd {
    #[serde(rename(serialize = "CallId"), deserialize_with = "lenient::string")]
    pub call_id: String,
    #[serde(rename(serialize = "LegId"), deserialize_with = "lenient::string")]
    pub leg_id: String,
    #[serde(rename(serialize = "UserId"), deserialize_with = "lenient::string")]
    pub user_id: String,
}

/// The `UserCallInHoldStart` event.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct UserCallInHoldStart {
    #[serde(rename(serialize = "CallId"), deserialize_with = "lenient::string")]
    pub call_id: String,
    #[serde(rename(serialize = "LegId"), deserialize_with = "lenient::string")]
    pub leg_id: String,
    #[serde(rename(serialize = "UserId"), deserialize_with = "lenient::string")]
    pub user_id: String,
}

/// The `UserCallInOverflow` event.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct UserCallInOverflow {
    #[serde(rename(serialize = "CallId"), deserialize_with = "lenient::string")]
    pub call_id: String,
    #[serde(rename(serialize = "LegId"), deserialize_with = "lenient::string")]
    pub leg_id: String,
    #[serde(rename(serialize = "UserId"), deserialize_with = "lenient::string")]
    pub user_id: String,
    #[serde(rename(serialize = "Username"), deserialize_with = "lenient::string")]
    pub username: String,
    #[serde(
        rename(serialize = "ConnectedTarget"),
        deserialize_with = "lenient::string"
    )]
    pub connected_target: String,
    #[serde(rename(serialize = "TechSource"), deserialize_with = "lenient::string")]
    pub tech_source: String,
    #[serde(
        rename(serialize = "TechQueueId"),
        deserialize_with = "lenient::string"
    )]
    pub tech_queue_id: String,
    #[serde(
        rename(serialize = "TechQueueName"),
        deserialize_with = "lenient::string"
    )]
    pub tech_queue_name: String,
    #[serde(
        rename(serialize = "OverflowApplet"),
        deserialize_with = "lenient::string"
    )]
    pub overflow_applet: String,
    #[serde(rename(serialize = "TechNumber"), deserialize_with = "lenient::string")]
    pub tech_number: String,
    #[serde(rename(serialize = "TechEvent"), deserialize_with = "lenient::string")]
    pub tech_event: String,
    #[serde(
        rename(serialize = "CallerNumber"),
        deserialize_with = "lenient::string"
    )]
    pub caller_number: String,
    #[serde(
        rename(serialize = "TargetNumber"),
        deserialize_with = "lenient::string"
    )]
    pub target_number: String,
    #[serde(
        rename(serialize = "OverflowReason"),
        deserialize_with = "lenient::string"
    )]
    pub overflow_reason: String,
    #[serde(
        rename(serialize = "OverflowType"),
        deserialize_with = "lenient::string"
    )]
    pub overflow_type: String,
    #[serde(rename(serialize = "Publicity"), deserialize_with = "lenient::int")]
    pub publicity: i64,
}

/// The `UserCallInRecordingConverted` event.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct UserCallInRecordingConverted {
    #[serde(rename(serialize = "CallId"), deserialize_with = "lenient::string")]
    pub call_id: String,
    #[serde(rename(serialize = "UserId"), deserialize_with = "lenient::string")]
    pub user_id: String,
    #[serde(
        rename(serialize = "RecordingId"),
        deserialize_with = "lenient::string"
    )]
    pub recording_id: String,
    #[serde(
        rename(serialize = "ConversionId"),
        deserialize_with = "lenient::string"
    )]
    pub conversion_id: String,
    #[serde(rename(serialize = "UserChannel"))]
    pub user_channel: Option<i64>,
}

/// The `UserCallInTransferCancelled` event.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct UserCallInTransferCancelled {
    #[serde(rename(serialize = "CallId"), deserialize_with = "lenient::string")]
    pub call_id: String,
    #[serde(rename(serialize = "LegId"), deserialize_with = "lenient::string")]
    pub leg_id: String,
    #[serde(rename(serialize = "UserId"), deserialize_with = "lenient::string")]
    pub user_id: String,
    #[serde(rename(serialize = "Username"), deserialize_with = "lenient::string")]
    pub username: String,
    #[serde(
        rename(serialize = "TechQueueId"),
        deserialize_with = "lenient::string"
    )]
    pub tech_queue_id: String,
    #[serde(
        rename(serialize = "TechQueueName"),
        deserialize_with = "lenient::string"
    )]
    pub tech_queue_name: String,
    #[serde(
        rename(serialize = "TransferApplet"),
        deserialize_with = "lenient::string"
    )]
    pub transfer_applet: String,
    #[serde(rename(serialize = "TechSource"), deserialize_with = "lenient::string")]
    pub tech_source: String,
    #[serde(rename(serialize = "Reason"), deserialize_with = "lenient::string")]
    pub reason: String,
    #[serde(
        rename(serialize = "DetailedReason"),
        deserialize_with = "lenient::string"
    )]
    pub detailed_reason: String,
    #[serde(
        rename(serialize = "CallerNumber"),
        deserialize_with = "lenient::string"
    )]
    pub caller_number: String,
    #[serde(
        rename(serialize = "TargetNumber"),
        deserialize_with = "lenient::string"
    )]
    pub target_number: String,
    #[serde(rename(serialize = "Publicity"), deserialize_with = "lenient::int")]
    pub publicity: i64,
}

/// The `UserCallInTransferConnected` event.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct UserCallInTransferConnected {
    #[serde(rename(serialize = "CallId"), deserialize_with = "lenient::string")]
    pub call_id: String,
    #[serde(rename(serialize = "LegId"), deserialize_with = "lenient::string")]
    pub leg_id: String,
    #[serde(rename(serialize = "UserId"), deserialize_with = "lenient::string")]
    pub user_id: String,
    #[serde(rename(serialize = "Username"), deserialize_with = "lenient::string")]
    pub username: String,
    #[serde(
        rename(serialize = "ConnectedTarget"),
        deserialize_with = "lenient::string"
    )]
    pub connected_target: String,
    #[serde(
        rename(serialize = "TransferSource"),
        deserialize_with = "lenient::string"
    )]
    pub transfer_source: String,
    #[serde(
        rename(serialize = "TechQueueId"),
        deserialize_with = "lenient::string"
    )]
    pub tech_queue_id: String,
    #[serde(
        rename(serialize = "TechQueueName"),
        deserialize_with = "lenient::string"
    )]
    pub tech_queue_name: String,
    #[serde(
        rename(serialize = "TransferApplet"),
        deserialize_with = "lenient::string"
    )]
    pub transfer_applet: String,
    #[serde(rename(serialize = "TechSource"), deserialize_with = "lenient::string")]
    pub tech_source: String,
    #[serde(
        rename(serialize = "CallerNumber"),
        deserialize_with = "lenient::string"
    )]
    pub caller_number: String,
    #[serde(
        rename(serialize = "TargetNumber"),
        deserialize_with = "lenient::string"
    )]
    pub target_number: String,
    #[serde(rename(serialize = "Publicity"), deserialize_with = "lenient::int")]
    pub publicity: i64,
}

/// The `UserCallInTransferStarted` event.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct UserCallInTransferStarted {
    #[serde(rename(serialize = "CallId"), deserialize_with = "lenient::string")]
    pub call_id: String,
    #[serde(rename(serialize = "LegId"), deserialize_with = "lenient::string")]
    pub leg_id: String,
    #[serde(rename(serialize = "UserId"), deserialize_with = "lenient::string")]
    pub user_id: String,
    #[serde(rename(serialize = "Username"), deserialize_with = "lenient::string")]
    pub username: String,
    #[serde(
        rename(serialize = "TransferTarget"),
        deserialize_with = "lenient::string"
    )]
    pub transfer_target: String,
    #[serde(
        rename(serialize = "TransferSource"),
        deserialize_with = "lenient::string"
    )]
    pub transfer_source: String,
    #[serde(
        rename(serialize = "TechQueueId"),
        deserialize_with = "lenient::string"
    )]
    pub tech_queue_id: String,
    #[serde(
        rename(serialize = "TechQueueName"),
        deserialize_with = "lenient::string"
    )]
    pub tech_queue_name: String,
    #[serde(
        rename(serialize = "TransferApplet"),
        deserialize_with = "lenient::string"
    )]
    pub transfer_applet: String,
    #[serde(rename(serialize = "TechSource"), deserialize_with = "lenient::string")]
    pub tech_source: String,
    #[serde(
        rename(serialize = "CallerNumber"),
        deserialize_with = "lenient::string"
    )]
    pub caller_number: String,
    #[serde(
        rename(serialize = "TargetNumber"),
        deserialize_with = "lenient::string"
    )]
    pub target_number: String,
    #[serde(rename(serialize = "Publicity"), deserialize_with = "lenient::int")]
    pub publicity: i64,
}

/// The `UserCallInUserAllocated` event.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct UserCallInUserAllocated {
    #[serde(rename(serialize = "CallId"), deserialize_with = "lenient::string")]
    pub call_id: String,
    #[serde(rename(serialize = "LegId"), deserialize_with = "lenient::string")]
    pub leg_id: String,
    #[serde(rename(serialize = "UserId"), deserialize_with = "lenient::string")]
    pub user_id: String,
    #[serde(rename(serialize = "UserName"), deserialize_with = "lenient::string")]
    pub user_name: String,
    #[serde(rename(serialize = "UserNumber"), deserialize_with = "lenient::string")]
    pub user_number: String,
    #[serde(
        rename(serialize = "DetailedReason"),
        deserialize_with = "lenient::string"
    )]
    pub detailed_reason: String,
    #[serde(
        rename(serialize = "CallerNumber"),
        deserialize_with = "lenient::string"
    )]
    pub caller_number: String,
    #[serde(
        rename(serialize = "TargetNumber"),
        deserialize_with = "lenient::string"
    )]
    pub target_number: String,
    #[serde(rename(serialize = "Publicity"), deserialize_with = "lenient::int")]
    pub publicity: i64,
}

/// The `UserCallInUserCancelled` event.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct UserCallInUserCancelled {
    #[serde(rename(serialize = "CallId"), deserialize_with = "lenient::string")]
    pub call_id: String,
    #[serde(rename(serialize = "LegId"), deserialize_with = "lenient::string")]
    pub leg_id: String,
    #[serde(rename(serialize = "UserId"), deserialize_with = "lenient::string")]
    pub user_id: String,
    #[serde(rename(serialize = "UserName"), deserialize_with = "lenient::string")]
    pub user_name: String,
    #[serde(rename(serialize = "Reason"), deserialize_with = "lenient::string")]
    pub reason: String,
    #[serde(
        rename(serialize = "DetailedReason"),
        deserialize_with = "lenient::string"
    )]
    pub detailed_reason: String,
    #[serde(
        rename(serialize = "CallerNumber"),
        deserialize_with = "lenient::string"
    )]
    pub caller_number: String,
    #[serde(
        rename(serialize = "TargetNumber"),
        deserialize_with = "lenient::string"
    )]
    pub target_number: String,
    #[serde(rename(serialize = "Publicity"), deserialize_with = "lenient::int")]
    pub publicity: i64,
}

/// The `UserCallInUserConnected` event.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct UserCallInUserConnected {
    #[serde(rename(serialize = "CallId"), deserialize_with = "lenient::string")]
    pub call_id: String,
    #[serde(rename(serialize = "LegId"), deserialize_with = "lenient::string")]
    pub leg_id: String,
    #[serde(rename(serialize = "AgentLegId"), deserialize_with = "lenient::string")]
    pub agent_leg_id: String,
    #[serde(rename(serialize = "UserId"), deserialize_with = "lenient::string")]
    pub user_id: String,
    #[serde(rename(serialize = "UserName"), deserialize_with = "lenient::string")]
    pub user_name: String,
    #[serde(rename(serialize = "UserNumber"), deserialize_with = "lenient::string")]
    pub user_number: String,
    #[serde(
        rename(serialize = "CallerNumber"),
        deserialize_with = "lenient::string"
    )]
    pub caller_number: String,
    #[serde(
        rename(serialize = "TargetNumber"),
        deserialize_with = "lenient::string"
    )]
    pub target_number: String,
    #[serde(rename(serialize = "Publicity"), deserialize_with = "lenient::int")]
    pub publicity: i64,
}

/// The `UserCallInUserOverflow` event.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct UserCallInUserOverflow {
    #[serde(rename(serialize = "CallId"), deserialize_with = "lenient::string")]
    pub call_id: String,
    #[serde(rename(serialize = "LegId"), deserialize_with = "lenient::string")]
    pub leg_id: String,
    #[serde(rename(serialize = "UserId"), deserialize_with = "lenient::string")]
    pub user_id: String,
    #[serde(rename(serialize = "Username"), deserialize_with = "lenient::string")]
    pub username: String,
    #[serde(rename(serialize = "Reason"), deserialize_with = "lenient::string")]
    pub reason: String,
    #[serde(rename(serialize = "Target"), deserialize_with = "lenient::string")]
    pub target: String,
    #[serde(
        rename(serialize = "CallerNumber"),
        deserialize_with = "lenient::string"
    )]
    pub caller_number: String,
    #[serde(
        rename(serialize = "TargetNumber"),
        deserialize_with = "lenient::string"
    )]
    pub target_number: String,
    #[serde(rename(serialize = "Publicity"), deserialize_with = "lenient::int")]
    pub publicity: i64,
}

/// The `UserCallOutConnected` event.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct UserCallOutConnected {
    #[serde(rename(serialize = "CallId"), deserialize_with = "lenient::string")]
    pub call_id: String,
    #[serde(rename(serialize = "LegId"), deserialize_with = "lenient::string")]
    pub leg_id: String,
    #[serde(rename(serialize = "UserId"), deserialize_with = "lenient::string")]
    pub user_id: String,
    #[serde(rename(serialize = "UserName"), deserialize_with = "lenient::string")]
    pub user_name: String,
    #[serde(
        rename(serialize = "CallerNumber"),
        deserialize_with = "lenient::string"
    )]
    pub caller_number: String,
    #[serde(
        rename(serialize = "TargetNumber"),
        deserialize_with = "lenient::string"
    )]
    pub target_number: String,
    #[serde(rename(serialize = "Publicity"), deserialize_with = "lenient::int")]
    pub publicity: i64,
}

/// The `UserCallOutDisconnected` event.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct UserCallOutDisconnected {
    #[serde(rename(serialize = "CallId"), deserialize_with = "lenient::string")]
    pub call_id: String,
    #[serde(rename(serialize = "LegId"), deserialize_with = "lenient::string")]
    pub leg_id: String,
    #[serde(rename(serialize = "UserId"), deserialize_with = "lenient::string")]
    pub user_id: String,
    #[serde(rename(serialize = "UserName"), deserialize_with = "lenient::string")]
    pub user_name: String,
    #[serde(rename(serialize = "Reason"), deserialize_with = "lenient::string")]
    pub reason: String,
    #[serde(rename(serialize = "TechReason"), deserialize_with = "lenient::string")]
    pub tech_reason: String,
    #[serde(
        rename(serialize = "CallerNumber"),
        deserialize_with = "lenient::string"
    )]
    pub caller_number: String,
    #[serde(
        rename(serialize = "TargetNumber"),
        deserialize_with = "lenient::string"
    )]
    pub target_number: String,
    #[serde(rename(serialize = "Publicity"), deserialize_with = "lenient::int")]
    pub publicity: i64,
}

/// The `UserCallOutGoing` event.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct UserCallOutGoing {
    #[serde(rename(serialize = "CallId"), deserialize_with = "lenient::string")]
    pub call_id: String,
    #[serde(rename(serialize = "LegId"), deserialize_with = "lenient::string")]
    pub leg_id: String,
    #[serde(rename(serialize = "UserId"), deserialize_with = "lenient::string")]
    pub user_id: String,
    #[serde(rename(serialize = "UserName"), deserialize_with = "lenient::string")]
    pub user_name: String,
    #[serde(
        rename(serialize = "CallerNumber"),
        deserialize_with = "lenient::string"
    )]
    pub caller_number: String,
    #[serde(
        rename(serialize = "TargetNumber"),
        deserialize_with = "lenient::string"
    )]
    pub target_number: String,
    #[serde(
        rename(serialize = "CallAsNumber"),
        deserialize_with = "lenient::string"
    )]
    pub call_as_number: String,
    #[serde(rename(serialize = "Publicity"), deserialize_with = "lenient::int")]
    pub publicity: i64,
}

/// The `UserCallOutHoldEnd` event.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct UserCallOutHoldEnd {
    #[serde(rename(serialize = "CallId"), deserialize_with = "lenient::string")]
    pub call_id: String,
    #[serde(rename(serialize = "LegId"), deserialize_with = "lenient::string")]
    pub leg_id: String,
    #[serde(rename(serialize = "UserId"), deserialize_with = "lenient::string")]
    pub user_id: String,
}

/// The `UserCallOutHoldStart` event.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct UserCallOutHoldStart {
    #[serde(rename(serialize = "CallId"), deserialize_with = "lenient::string")]
    pub call_id: String,
    #[serde(rename(serialize = "LegId"), deserialize_with = "lenient::string")]
    pub leg_id: String,
    #[serde(rename(serialize = "UserId"), deserialize_with = "lenient::string")]
    pub user_id: String,
}

/// The `UserCallOutRecordingConverted` event.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct UserCallOutRecordingConverted {
    #[serde(rename(serialize = "CallId"), deserialize_with = "lenient::string")]
    pub call_id: String,
    #[serde(rename(serialize = "UserId"), deserialize_with = "lenient::string")]
    pub user_id: String,
    #[serde(
        rename(serialize = "RecordingId"),
        deserialize_with = "lenient::string"
    )]
    pub recording_id: String,
    #[serde(
        rename(serialize = "ConversionId"),
        deserialize_with = "lenient::string"
    )]
    pub conversion_id: String,
    #[serde(rename(serialize = "UserChannel"))]
    pub user_channel: Option<i64>,
}

/// The `UserRealTimeTranscriptPhrase` event.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct UserRealTimeTranscriptPhrase {
    #[serde(rename(serialize = "CallId"), deserialize_with = "lenient::string")]
    pub call_id: String,
    #[serde(rename(serialize = "LegId"), deserialize_with = "lenient::string")]
    pub leg_id: String,
    #[serde(rename(serialize = "UserId"), deserialize_with = "lenient::string")]
    pub user_id: String,
    #[serde(rename(serialize = "QueueId"))]
    pub queue_id: Option<String>,
    #[serde(rename(serialize = "CallListId"))]
    pub call_list_id: Option<String>,
    #[serde(rename(serialize = "SpeakerRole"), deserialize_with = "lenient::int")]
    pub speaker_role: i64,
    #[serde(rename(serialize = "Phrase"), deserialize_with = "lenient::string")]
    pub phrase: String,
    #[serde(rename(serialize = "Confidence"), deserialize_with = "lenient::float")]
    pub confidence: f64,
    #[serde(rename(serialize = "Duration"), deserialize_with = "lenient::int")]
    pub duration: i64,
    #[serde(
        rename(serialize = "OffsetMilliseconds"),
        deserialize_with = "lenient::int"
    )]
    pub offset_milliseconds: i64,
    #[serde(
        rename(serialize = "IsIntermediate"),
        deserialize_with = "lenient::boolean"
    )]
    pub is_intermediate: bool,
    #[serde(
        rename(serialize = "RealtimeType"),
        deserialize_with = "lenient::string"
    )]
    pub realtime_type: String,
}

/// The `UserSetting` event.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct UserSetting {
    #[serde(rename(serialize = "UserId"), deserialize_with = "lenient::string")]
    pub user_id: String,
    #[serde(rename(serialize = "Keyword"), deserialize_with = "lenient::string")]
    pub keyword: String,
    #[serde(rename(serialize = "Value"), deserialize_with = "lenient::string")]
    pub value: String,
    #[serde(rename(serialize = "Values"))]
    pub values: Option<Value>,
    #[serde(rename(serialize = "AllowedValues"))]
    pub allowed_values: Option<Value>,
    #[serde(rename(serialize = "Deleted"), deserialize_with = "lenient::boolean")]
    pub deleted: bool,
    #[serde(rename(serialize = "Level"), deserialize_with = "lenient::string")]
    pub level: String,
}

/// The `UserStatus` event.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct UserStatus {
    #[serde(rename(serialize = "UserId"), deserialize_with = "lenient::string")]
    pub user_id: String,
    #[serde(
        rename(serialize = "CanBeAllocatedTo"),
        deserialize_with = "lenient::boolean"
    )]
    pub can_be_allocated_to: bool,
    #[serde(rename(serialize = "Talking"), deserialize_with = "lenient::boolean")]
    pub talking: bool,
    #[serde(rename(serialize = "TalkingStatusChanged"))]
    pub talking_status_changed: Stamp,
    #[serde(rename(serialize = "ActiveQueueId"))]
    pub active_queue_id: Option<String>,
    #[serde(rename(serialize = "ActiveCallListId"))]
    pub active_call_list_id: Option<String>,
    #[serde(rename(serialize = "Available"), deserialize_with = "lenient::boolean")]
    pub available: bool,
    #[serde(rename(serialize = "Schedule"), deserialize_with = "lenient::boolean")]
    pub schedule: bool,
    #[serde(rename(serialize = "Serving"), deserialize_with = "lenient::boolean")]
    pub serving: bool,
    #[serde(
        rename(serialize = "ServiceTerminals"),
        deserialize_with = "lenient::int"
    )]
    pub service_terminals: i64,
    #[serde(rename(serialize = "ActiveQueues"), deserialize_with = "lenient::int")]
    pub active_queues: i64,
    #[serde(rename(serialize = "ParkedCalls"), deserialize_with = "lenient::int")]
    pub parked_calls: i64,
    #[serde(rename(serialize = "WrapUpStart"))]
    pub wrap_up_start: Stamp,
    #[serde(rename(serialize = "WrapUpEnd"))]
    pub wrap_up_end: Stamp,
    #[serde(
        rename(serialize = "ServingCallback"),
        deserialize_with = "lenient::boolean"
    )]
    pub serving_callback: bool,
    #[serde(rename(serialize = "FetchMode"), deserialize_with = "lenient::boolean")]
    pub fetch_mode: bool,
    #[serde(rename(serialize = "Note"), deserialize_with = "lenient::string")]
    pub note: String,
    #[serde(
        rename(serialize = "AvailabilityStatus"),
        deserialize_with = "lenient::string"
    )]
    pub availability_status: String,
}

/// The `UserSupervisionStatus` event.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct UserSupervisionStatus {
    #[serde(
        rename(serialize = "TargetUserId"),
        deserialize_with = "lenient::string"
    )]
    pub target_user_id: String,
    #[serde(
        rename(serialize = "TargetUserName"),
        deserialize_with = "lenient::string"
    )]
    pub target_user_name: String,
    #[serde(
        rename(serialize = "SupervisorUserId"),
        deserialize_with = "lenient::string"
    )]
    pub supervisor_user_id: String,
    #[serde(
        rename(serialize = "SupervisorUserName"),
        deserialize_with = "lenient::string"
    )]
    pub supervisor_user_name: String,
    #[serde(rename(serialize = "QueueName"), deserialize_with = "lenient::string")]
    pub queue_name: String,
    #[serde(rename(serialize = "QueueId"))]
    pub queue_id: Option<String>,
    #[serde(rename(serialize = "CallId"), deserialize_with = "lenient::string")]
    pub call_id: String,
    #[serde(rename(serialize = "LegId"), deserialize_with = "lenient::string")]
    pub leg_id: String,
    #[serde(
        rename(serialize = "SupervisorLegId"),
        deserialize_with = "lenient::string"
    )]
    pub supervisor_leg_id: String,
    #[serde(rename(serialize = "State"), deserialize_with = "lenient::int")]
    pub state: i64,
}

/// The `UserTerminalStatusEvent` event.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct UserTerminalStatus {
    #[serde(rename(serialize = "UserId"), deserialize_with = "lenient::string")]
    pub user_id: String,
    #[serde(rename(serialize = "Silo"), deserialize_with = "lenient::string")]
    pub silo: String,
    #[serde(rename(serialize = "Session"), deserialize_with = "lenient::string")]
    pub session: String,
    #[serde(rename(serialize = "Expires"))]
    pub expires: Stamp,
    #[serde(
        rename(serialize = "TerminalType"),
        deserialize_with = "lenient::string"
    )]
    pub terminal_type: String,
    #[serde(
        rename(serialize = "TerminalStatus"),
        deserialize_with = "lenient::string"
    )]
    pub terminal_status: String,
}

/// The `UserWrapUpEnabled` event.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct UserWrapUpEnabled {
    #[serde(rename(serialize = "CallId"))]
    pub call_id: Option<String>,
    #[serde(rename(serialize = "LegId"), deserialize_with = "lenient::string")]
    pub leg_id: String,
    #[serde(rename(serialize = "UserId"), deserialize_with = "lenient::string")]
    pub user_id: String,
    #[serde(rename(serialize = "QueueId"))]
    pub queue_id: Option<String>,
    #[serde(rename(serialize = "CallListId"))]
    pub call_list_id: Option<String>,
    #[serde(rename(serialize = "CallBackId"))]
    pub call_back_id: Option<String>,
    #[serde(
        rename(serialize = "MaxWrapUpDurationSec"),
        deserialize_with = "lenient::int"
    )]
    pub max_wrap_up_duration_sec: i64,
    #[serde(rename(serialize = "WrapUpType"), deserialize_with = "lenient::string")]
    pub wrap_up_type: String,
    #[serde(rename(serialize = "WrapUpId"), deserialize_with = "lenient::string")]
    pub wrap_up_id: String,
}

/// The `UserWrapUpRequestTerminate` event.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct UserWrapUpRequestTerminate {
    #[serde(rename(serialize = "UserId"), deserialize_with = "lenient::string")]
    pub user_id: String,
    #[serde(rename(serialize = "Reason"), deserialize_with = "lenient::string")]
    pub reason: String,
    #[serde(rename(serialize = "WrapUpId"))]
    pub wrap_up_id: Option<String>,
}

/// The `UserWrapUpStarted` event.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct UserWrapUpStarted {
    #[serde(rename(serialize = "CallId"))]
    pub call_id: Option<String>,
    #[serde(rename(serialize = "LegId"), deserialize_with = "lenient::string")]
    pub leg_id: String,
    #[serde(rename(serialize = "UserId"), deserialize_with = "lenient::string")]
    pub user_id: String,
    #[serde(rename(serialize = "QueueId"))]
    pub queue_id: Option<String>,
    #[serde(rename(serialize = "CallListId"))]
    pub call_list_id: Option<String>,
    #[serde(rename(serialize = "CallBackId"))]
    pub call_back_id: Option<String>,
    #[serde(
        rename(serialize = "MaxWrapUpDurationSec"),
        deserialize_with = "lenient::int"
    )]
    pub max_wrap_up_duration_sec: i64,
    #[serde(rename(serialize = "WrapUpType"), deserialize_with = "lenient::string")]
    pub wrap_up_type: String,
    #[serde(rename(serialize = "WrapUpId"), deserialize_with = "lenient::string")]
    pub wrap_up_id: String,
}

/// The `UserWrapUpTerminated` event.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct UserWrapUpTerminated {
    #[serde(rename(serialize = "CallId"))]
    pub call_id: Option<String>,
    #[serde(rename(serialize = "LegId"), deserialize_with = "lenient::string")]
    pub leg_id: String,
    #[serde(rename(serialize = "UserId"), deserialize_with = "lenient::string")]
    pub user_id: String,
    #[serde(rename(serialize = "QueueId"))]
    pub queue_id: Option<String>,
    #[serde(rename(serialize = "CallListId"))]
    pub call_list_id: Option<String>,
    #[serde(rename(serialize = "CallBackId"))]
    pub call_back_id: Option<String>,
    #[serde(rename(serialize = "Reason"), deserialize_with = "lenient::string")]
    pub reason: String,
    #[serde(
        rename(serialize = "ElapsedTimeSec"),
        deserialize_with = "lenient::int"
    )]
    pub elapsed_time_sec: i64,
    #[serde(rename(serialize = "WrapUpType"), deserialize_with = "lenient::string")]
    pub wrap_up_type: String,
    #[serde(rename(serialize = "WrapUpId"), deserialize_with = "lenient::string")]
    pub wrap_up_id: String,
}

/// The `QueueStatus` event.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct QueueStatus {
    #[serde(rename(serialize = "QueueId"), deserialize_with = "lenient::string")]
    pub queue_id: String,
    #[serde(rename(serialize = "QueueName"), deserialize_with = "lenient::string")]
    pub queue_name: String,
    #[serde(
        rename(serialize = "NbrOfProviders"),
        deserialize_with = "lenient::int"
    )]
    pub nbr_of_providers: i64,
    #[serde(
        rename(serialize = "NbrOfRequesters"),
        deserialize_with = "lenient::int"
    )]
    pub nbr_of_requesters: i64,
    #[serde(
        rename(serialize = "NbrOfServingAgentsEstimate"),
        deserialize_with = "lenient::int"
    )]
    pub nbr_of_serving_agents_estimate: i64,
    #[serde(
        rename(serialize = "NbrOfAllocated"),
        deserialize_with = "lenient::int"
    )]
    pub nbr_of_allocated: i64,
    #[serde(
        rename(serialize = "NbrOfConnected"),
        deserialize_with = "lenient::int"
    )]
    pub nbr_of_connected: i64,
    #[serde(
        rename(serialize = "NbrOfQueuingRequesters"),
        deserialize_with = "lenient::int"
    )]
    pub nbr_of_queuing_requesters: i64,
    #[serde(
        rename(serialize = "NbrOfNotServedRequesters"),
        deserialize_with = "lenient::int"
    )]
    pub nbr_of_not_served_requesters: i64,
    #[serde(
        rename(serialize = "NbrOfAgentsLongTermAway"),
        deserialize_with = "lenient::int"
    )]
    pub nbr_of_agents_long_term_away: i64,
    #[serde(
        rename(serialize = "NbrOfAgentsShortTermAway"),
        deserialize_with = "lenient::int"
    )]
    pub nbr_of_agents_short_term_away: i64,
    #[serde(
        rename(serialize = "NbrOfAgentsImmediatelyFree"),
        deserialize_with = "lenient::int"
    )]
    pub nbr_of_agents_immediately_free: i64,
    #[serde(
        rename(serialize = "NbrOfAgentsCheckedInQueue"),
        deserialize_with = "lenient::int"
    )]
    pub nbr_of_agents_checked_in_queue: i64,
    #[serde(
        rename(serialize = "NbrOfAgentsOnWrapUp"),
        deserialize_with = "lenient::int"
    )]
    pub nbr_of_agents_on_wrap_up: i64,
    #[serde(
        rename(serialize = "NbrOfAgentsOnFetchMode"),
        deserialize_with = "lenient::int"
    )]
    pub nbr_of_agents_on_fetch_mode: i64,
    #[serde(rename(serialize = "MaxWaitTime"), deserialize_with = "lenient::int")]
    pub max_wait_time: i64,
    #[serde(rename(serialize = "OpenStatus"), deserialize_with = "lenient::int")]
    pub open_status: i64,
}

/// The `QueueAttachedUser` helper object.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct QueueAttachedUser {
    #[serde(rename(serialize = "UserId"), deserialize_with = "lenient::string")]
    pub user_id: String,
    #[serde(rename(serialize = "Active"), deserialize_with = "lenient::boolean")]
    pub active: bool,
    #[serde(rename(serialize = "Priority"), deserialize_with = "lenient::int")]
    pub priority: i64,
}

/// The `QueueGroup` helper object.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct QueueGroup {
    #[serde(rename(serialize = "Id"))]
    pub id: Option<String>,
    #[serde(rename(serialize = "Name"), deserialize_with = "lenient::string")]
    pub name: String,
    #[serde(
        rename(serialize = "Description"),
        deserialize_with = "lenient::string"
    )]
    pub description: String,
}

/// The `CallbackChanged` event.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct CallbackChanged {
    #[serde(rename(serialize = "CallBackId"), deserialize_with = "lenient::string")]
    pub call_back_id: String,
    #[serde(rename(serialize = "CallListId"), deserialize_with = "lenient::string")]
    pub call_list_id: String,
    #[serde(rename(serialize = "Modified"))]
    pub modified: Stamp,
    #[serde(rename(serialize = "AssignedUserId"))]
    pub assigned_user_id: Option<String>,
    #[serde(rename(serialize = "LastAttemptUserId"))]
    pub last_attempt_user_id: Option<String>,
    #[serde(rename(serialize = "LastModifiedUserId"))]
    pub last_modified_user_id: Option<String>,
    #[serde(rename(serialize = "LastAttemptTypeId"))]
    pub last_attempt_type_id: Option<i64>,
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
    #[serde(rename(serialize = "CreationTime"))]
    pub creation_time: Stamp,
    #[serde(rename(serialize = "Created"), deserialize_with = "lenient::boolean")]
    pub created: bool,
    #[serde(rename(serialize = "IsClosed"), deserialize_with = "lenient::boolean")]
    pub is_closed: bool,
    #[serde(rename(serialize = "RecordingId"))]
    pub recording_id: Option<String>,
    #[serde(rename(serialize = "TypeId"), deserialize_with = "lenient::int")]
    pub type_id: i64,
    #[serde(rename(serialize = "DueDate"))]
    pub due_date: Stamp,
    #[serde(rename(serialize = "CallId"))]
    pub call_id: Option<String>,
    #[serde(rename(serialize = "TranscriptId"))]
    pub transcript_id: Option<String>,
    #[serde(rename(serialize = "ClassificationId"))]
    pub classification_id: Option<String>,
    #[serde(rename(serialize = "ExpiryDate"))]
    pub expiry_date: Stamp,
    #[serde(rename(serialize = "LastAttemptTimestamp"))]
    pub last_attempt_timestamp: Stamp,
    #[serde(
        rename(serialize = "LastAttemptNote"),
        deserialize_with = "lenient::string"
    )]
    pub last_attempt_note: String,
    #[serde(
        rename(serialize = "CalculatedPriority"),
        deserialize_with = "lenient::string"
    )]
    pub calculated_priority: String,
    #[serde(rename(serialize = "NotBefore"))]
    pub not_before: Stamp,
    #[serde(rename(serialize = "CallbackAttempts"))]
    pub callback_attempts: Option<Value>,
    #[serde(rename(serialize = "CallbackExtras"))]
    pub callback_extras: Option<Value>,
    #[serde(rename(serialize = "CallbackRelatedItems"))]
    pub callback_related_items: Option<Value>,
}

/// The `CallbackAttempt` helper object.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct CallbackAttempt {
    #[serde(rename(serialize = "Id"), deserialize_with = "lenient::string")]
    pub id: String,
    #[serde(rename(serialize = "UserId"))]
    pub user_id: Option<String>,
    #[serde(rename(serialize = "Timestamp"))]
    pub timestamp: Stamp,
    #[serde(rename(serialize = "CallbackAttemptTypeId"))]
    pub callback_attempt_type_id: Option<i64>,
    #[serde(rename(serialize = "Note"), deserialize_with = "lenient::string")]
    pub note: String,
    #[serde(rename(serialize = "RecordingId"))]
    pub recording_id: Option<String>,
    #[serde(rename(serialize = "CallId"))]
    pub call_id: Option<String>,
}

/// The `CallbackExtra` helper object.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct CallbackExtra {
    #[serde(rename(serialize = "Id"), deserialize_with = "lenient::int")]
    pub id: i64,
    #[serde(rename(serialize = "Name"), deserialize_with = "lenient::string")]
    pub name: String,
    #[serde(rename(serialize = "Value"), deserialize_with = "lenient::string")]
    pub value: String,
}

/// The `CallbackRelatedItem` helper object.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct CallbackRelatedItem {
    #[serde(rename(serialize = "Id"), deserialize_with = "lenient::string")]
    pub id: String,
    #[serde(rename(serialize = "ListId"))]
    pub list_id: Option<String>,
    #[serde(rename(serialize = "IsClosed"), deserialize_with = "lenient::boolean")]
    pub is_closed: bool,
    #[serde(rename(serialize = "StatusId"))]
    pub status_id: Option<i64>,
}

/// The `UserWrapUpRequestInitiate` event (the seed has a field table but no example).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct UserWrapUpRequestInitiate {
    #[serde(
        rename(serialize = "AllowWithoutCall"),
        deserialize_with = "lenient::int"
    )]
    pub allow_without_call: i64,
    #[serde(rename(serialize = "CallBackId"))]
    pub call_back_id: Option<String>,
    #[serde(rename(serialize = "CallBackListId"))]
    pub call_back_list_id: Option<String>,
    #[serde(rename(serialize = "CallId"))]
    pub call_id: Option<String>,
    #[serde(rename(serialize = "LegId"), deserialize_with = "lenient::string")]
    pub leg_id: String,
    #[serde(
        rename(serialize = "MaxWrapUpTimeSec"),
        deserialize_with = "lenient::int"
    )]
    pub max_wrap_up_time_sec: i64,
    #[serde(rename(serialize = "QueueId"))]
    pub queue_id: Option<String>,
    #[serde(rename(serialize = "UserId"), deserialize_with = "lenient::string")]
    pub user_id: String,
    #[serde(rename(serialize = "WrapUpId"), deserialize_with = "lenient::string")]
    pub wrap_up_id: String,
}
