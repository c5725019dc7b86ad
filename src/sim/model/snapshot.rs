//! Read-only views of the model in the REST API's shapes (PascalCase DTOs of
//! `crate::model::rest`), and the admin API's full state.

use super::*;
use crate::model::payloads::QueueAttachedUser;
use crate::model::rest as r;
use crate::model::Stamp;
use serde_json::{json, Value};

impl Model {
    pub fn rest_user(&self, u: usize) -> r::User {
        let user = &self.users[u];
        r::User {
            id: user.id.clone(),
            organization_id: self.org_id.clone(),
            first_name: user.first_name.clone(),
            last_name: user.last_name.clone(),
            email: user.email.clone(),
            title: user.title.clone(),
            user_name: user.email.clone(),
        }
    }

    pub fn rest_users(&self) -> Vec<r::User> {
        (0..self.users.len()).map(|u| self.rest_user(u)).collect()
    }

    pub fn rest_queues(&self) -> Vec<r::Queue> {
        (0..self.queues.len()).map(|q| self.rest_queue(q)).collect()
    }

    fn rest_queue(&self, q: usize) -> r::Queue {
        r::Queue {
            id: self.queues[q].id.clone(),
            name: self.queues[q].name.clone(),
            numbers: vec![self.queues[q].number.clone()],
            type_id: 1,
            status: Some(self.queue_status_block(q)),
        }
    }

    /// `GET /queues/?OnlyForUser=`: the queues user `u` serves.
    pub fn rest_user_queues(&self, u: usize) -> Vec<r::Queue> {
        self.users[u]
            .queues
            .iter()
            .map(|(q, _)| self.rest_queue(*q))
            .collect()
    }

    /// `GET /classification/calllistschemas`: every callback list, with a schema id
    /// derived from the list id (the model has one schema per list).
    pub fn rest_call_list_schemas(&self) -> Vec<r::CallListSchema> {
        self.lists
            .iter()
            .map(|l| {
                let schema = uuid::Uuid::parse_str(&l.id)
                    .map(|u| {
                        uuid::Uuid::from_u128(
                            u.as_u128() ^ 0x5C4E_3A00_0000_0000_0000_0000_0000_0001,
                        )
                    })
                    .map(|u| u.to_string())
                    .unwrap_or_else(|_| format!("schema-{}", l.id));
                r::CallListSchema {
                    list_id: l.id.clone(),
                    list_name: l.name.clone(),
                    schema_id: schema,
                    request_type_id: 1,
                }
            })
            .collect()
    }

    /// Agents attached to queue `q` (`Active` = checked in).
    pub fn queue_users(&self, q: usize) -> Vec<QueueAttachedUser> {
        self.users
            .iter()
            .filter_map(|u| {
                u.queues
                    .iter()
                    .find(|(qq, _)| *qq == q)
                    .map(|(_, prio)| QueueAttachedUser {
                        user_id: u.id.clone(),
                        active: u.availability == Availability::Available,
                        priority: *prio,
                    })
            })
            .collect()
    }

    pub fn current_availability(&self, u: usize) -> r::CurrentAvailability {
        let user = &self.users[u];
        let wrap_up_end = match &user.activity {
            Activity::WrapUp(w) => Stamp::At(w.started + Duration::seconds(w.max_secs)),
            _ => Stamp::Unset,
        };
        r::CurrentAvailability {
            id: Some(user.availability_id.clone()),
            event_type_id: user.availability.event_type_id(),
            note: user.availability_note.clone(),
            start_date: Stamp::At(user.availability_since),
            end_date: Stamp::Never,
            timestamp: Stamp::At(self.now),
            transfer_number: None,
            wrap_up_end,
        }
    }

    pub fn rest_lists(&self) -> Vec<r::CallbackList> {
        self.lists
            .iter()
            .map(|l| r::CallbackList {
                id: l.id.clone(),
                name: l.name.clone(),
                queue_id: l.queue.map(|q| self.queues[q].id.clone()),
            })
            .collect()
    }

    /// Open requests of list `l`.
    pub fn rest_requests(&self, l: usize) -> Vec<r::CallbackRequest> {
        let list = &self.lists[l];
        list.requests
            .iter()
            .filter(|req| !req.closed)
            .map(|req| self.rest_request(l, req))
            .collect()
    }

    /// One request of list `l` by id, open or closed.
    pub fn rest_request_by_id(&self, l: usize, id: &str) -> Option<r::CallbackRequest> {
        self.lists[l]
            .requests
            .iter()
            .find(|req| req.id.eq_ignore_ascii_case(id))
            .map(|req| self.rest_request(l, req))
    }

    fn rest_request(&self, l: usize, req: &CallbackReq) -> r::CallbackRequest {
        let list = &self.lists[l];
        r::CallbackRequest {
            id: req.id.clone(),
            call_back_id: None,
            call_list_id: list.id.clone(),
            contact_name: req.contact_name.clone(),
            contact_number: req.number.clone(),
            contact_message: req.message.clone(),
            note: req.note.clone(),
            queue_id: list.queue.map(|q| self.queues[q].id.clone()),
            channel_in: "Phone".into(),
            type_id: 1,
            creation_time: Stamp::At(req.created),
            modified: Stamp::At(req.modified),
            due_date: Stamp::At(req.due()),
            expiry_date: Stamp::At(req.expiry()),
            not_before: Stamp::Unset,
            assigned_user_id: req.assigned.clone(),
            last_attempt_note: req.last_attempt_note.clone(),
            last_attempt_timestamp: req.last_attempt_at.map(Stamp::At).unwrap_or_default(),
            last_attempt_user_id: req.last_attempt_user.clone(),
            attempt_count: req.attempts,
            is_closed: req.closed,
        }
    }

    /// The simulator's truth for `GET /_sim/state` (PascalCase).
    pub fn state_json(&self) -> Value {
        let agents: Vec<Value> = (0..self.users.len())
            .filter(|&u| self.users[u].is_agent)
            .map(|u| {
                let user = &self.users[u];
                let status = serde_json::to_value(self.user_status(u)).unwrap_or(Value::Null);
                let wrap_up = match &user.activity {
                    Activity::WrapUp(w) => json!({
                        "WrapUpId": w.id,
                        "Started": crate::model::time::format(&w.started),
                        "MaxWrapUpDurationSec": w.max_secs,
                        "QueueId": w.queue.map(|q| self.queues[q].id.clone()),
                    }),
                    _ => Value::Null,
                };
                let mut agent =
                    serde_json::to_value(self.agent_truth(u)).unwrap_or_else(|_| json!({}));
                if let Some(fields) = agent.as_object_mut() {
                    fields.insert(
                        "Name".into(),
                        json!(format!("{} {}", user.first_name, user.last_name)),
                    );
                    fields.insert("Email".into(), json!(user.email));
                    fields.insert("WrapUp".into(), wrap_up);
                    fields.insert("Status".into(), status);
                }
                agent
            })
            .collect();
        let calls: Vec<Value> = self
            .calls
            .iter()
            .map(|c| {
                let (state, agent) = match c.state {
                    CallState::Waiting => ("Waiting", None),
                    CallState::Ringing { agent, .. } => ("Ringing", Some(agent)),
                    CallState::Talking { agent, .. } => ("Talking", Some(agent)),
                };
                json!({
                    "Id": c.id,
                    "QueueId": self.queues[c.queue].id,
                    "CallerNumber": c.caller,
                    "State": state,
                    "UserId": agent.map(|a| self.users[a].id.clone()),
                    "Arrived": crate::model::time::format(&c.arrived),
                })
            })
            .collect();
        let callbacks: Vec<Value> = (0..self.lists.len())
            .flat_map(|l| {
                self.lists[l].requests.iter().map(move |req| {
                    serde_json::to_value(self.rest_request(l, req)).unwrap_or(Value::Null)
                })
            })
            .collect();
        let mobile_calls: Vec<Value> = self
            .mobile_calls
            .iter()
            .map(|c| {
                json!({
                    "UserId": self.users[c.user].id,
                    "PhoneNumber": c.number,
                    "At": crate::model::time::format(&c.at),
                })
            })
            .collect();
        let figures = self.all_queue_figures();
        let mut queues = serde_json::to_value(self.rest_queues()).unwrap_or(Value::Null);
        if let Some(list) = queues.as_array_mut() {
            for (q, f) in list.iter_mut().zip(&figures) {
                if let Some(fields) = q.as_object_mut() {
                    fields.insert(
                        "Today".into(),
                        serde_json::to_value(&f.today).unwrap_or(Value::Null),
                    );
                }
            }
        }
        json!({
            "OrganizationId": self.org_id,
            "Organization": self.org_name,
            "Now": crate::model::time::format(&self.now),
            "DayStart": crate::model::time::format(&self.day_start()),
            "Queues": queues,
            "QueueFigures": figures,
            "Totals": self.totals(),
            "Users": self.rest_users(),
            "Agents": agents,
            "Calls": calls,
            "CallbackLists": self.rest_lists(),
            "Callbacks": callbacks,
            "MobileCalls": mobile_calls,
            "FinishedCalls": self.history.len(),
        })
    }
}
