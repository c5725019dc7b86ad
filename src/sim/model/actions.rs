//! What REST calls (and the admin API) do to the model. Each action queues the events
//! that follow from it; call [`Model::take_events`] afterwards.

use super::*;

/// Why an action was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ActionError {
    #[error("{0}")]
    NotFound(String),
    #[error("{0}")]
    Conflict(String),
    #[error("{0}")]
    BadRequest(String),
}

impl Model {
    /// A user by id (any case).
    pub fn user_index(&self, id: &str) -> Option<usize> {
        self.users
            .iter()
            .position(|u| u.id.eq_ignore_ascii_case(id))
    }

    /// A user by login e-mail (any case).
    pub fn user_by_email(&self, email: &str) -> Option<usize> {
        self.users
            .iter()
            .position(|u| u.email.eq_ignore_ascii_case(email))
    }

    pub fn user_id(&self, u: usize) -> &str {
        &self.users[u].id
    }

    /// Every queue's id, by queue index.
    pub fn queue_ids(&self) -> Vec<String> {
        self.queues.iter().map(|q| q.id.clone()).collect()
    }

    pub fn queue_index(&self, id: &str) -> Option<usize> {
        self.queues
            .iter()
            .position(|q| q.id.eq_ignore_ascii_case(id))
    }

    pub fn list_index(&self, id: &str) -> Option<usize> {
        self.lists
            .iter()
            .position(|l| l.id.eq_ignore_ascii_case(id))
    }

    fn request_index(&self, l: usize, id: &str) -> Result<usize, ActionError> {
        self.lists[l]
            .requests
            .iter()
            .position(|r| r.id.eq_ignore_ascii_case(id))
            .ok_or_else(|| ActionError::NotFound(format!("Callback request '{id}' not found")))
    }

    /// `POST /users/{id}/availability`: UserAvailability, then UserStatus.
    pub fn set_availability(&mut self, u: usize, a: Availability, note: &str) {
        self.change_availability(u, a, note.to_owned());
        // An agent set away by hand stays there until someone changes it back.
        if self.users[u].is_agent {
            self.users[u].next_availability_change = if a == Availability::Available {
                Some(self.now + Duration::seconds(600))
            } else {
                None
            };
        }
    }

    /// `POST /users/{id}/wrapup/terminate/`: UserWrapUpRequestTerminate, then
    /// UserWrapUpTerminated (Reason "manual"), then UserStatus.
    pub fn terminate_wrap_up(
        &mut self,
        u: usize,
        wrap_up_id: Option<&str>,
    ) -> Result<(), ActionError> {
        let Activity::WrapUp(w) = self.users[u].activity.clone() else {
            return Err(ActionError::Conflict(
                "The user has no wrap-up running".into(),
            ));
        };
        if let Some(id) = wrap_up_id.filter(|s| !s.is_empty()) {
            if !id.eq_ignore_ascii_case(&w.id) {
                return Err(ActionError::Conflict(format!(
                    "Wrap-up '{id}' is not the user's running wrap-up"
                )));
            }
        }
        self.emit_wrap_up_request_terminate(u, &w, "manual");
        self.end_wrap_up(u, "manual");
        Ok(())
    }

    /// Assigns a callback request to a user: CallbackChanged.
    pub fn assign_callback(
        &mut self,
        l: usize,
        req: &str,
        to: usize,
        by: usize,
    ) -> Result<(), ActionError> {
        let r = self.request_index(l, req)?;
        if self.lists[l].requests[r].closed {
            return Err(ActionError::Conflict(
                "The callback request is closed".into(),
            ));
        }
        let to_id = self.users[to].id.clone();
        let by_id = self.users[by].id.clone();
        let now = self.now;
        let item = &mut self.lists[l].requests[r];
        item.assigned = Some(to_id);
        item.modified = now;
        item.last_modified_user = Some(by_id);
        self.emit_callback_changed(l, r, false);
        Ok(())
    }

    /// Closes a callback request: CallbackChanged with IsClosed.
    pub fn close_callback(
        &mut self,
        l: usize,
        req: &str,
        note: &str,
        by: usize,
    ) -> Result<(), ActionError> {
        let r = self.request_index(l, req)?;
        if self.lists[l].requests[r].closed {
            return Err(ActionError::Conflict(
                "The callback request is already closed".into(),
            ));
        }
        let by_id = self.users[by].id.clone();
        let now = self.now;
        let item = &mut self.lists[l].requests[r];
        item.closed = true;
        item.modified = now;
        item.last_modified_user = Some(by_id);
        if !note.is_empty() {
            item.note = note.to_owned();
        }
        self.emit_callback_changed(l, r, false);
        Ok(())
    }

    /// `POST /callbacks/auto-allocation-request`: gives the user the oldest open,
    /// unassigned request of a list serving one of the user's queues (any list for a
    /// user without queues). Returns (list id, request id).
    pub fn auto_allocate(&mut self, u: usize) -> Result<(String, String), ActionError> {
        let queues: Vec<usize> = self.users[u].queues.iter().map(|(q, _)| *q).collect();
        let mut best: Option<(DateTime<Utc>, usize, usize)> = None;
        for (l, list) in self.lists.iter().enumerate() {
            let serves = queues.is_empty() || list.queue.is_none_or(|q| queues.contains(&q));
            if !serves {
                continue;
            }
            for (r, req) in list.requests.iter().enumerate() {
                if !req.closed && req.assigned.is_none() && best.is_none_or(|b| req.created < b.0) {
                    best = Some((req.created, l, r));
                }
            }
        }
        let Some((_, l, r)) = best else {
            return Err(ActionError::NotFound(
                "No callback request available for allocation".into(),
            ));
        };
        let req_id = self.lists[l].requests[r].id.clone();
        self.assign_callback(l, &req_id, u, u)?;
        Ok((self.lists[l].id.clone(), req_id))
    }

    /// `POST /users/{id}/features/callout/activate/`: UserCallOutGoing, and for a
    /// callback request an attempt (CallbackChanged).
    pub fn callout(
        &mut self,
        u: usize,
        target: &str,
        list_id: &str,
        req_id: &str,
    ) -> Result<(), ActionError> {
        if target.trim().is_empty() {
            return Err(ActionError::BadRequest("TargetNumber is required".into()));
        }
        let mut call_as = self.users[u].number.clone();
        if !list_id.is_empty() || !req_id.is_empty() {
            let l = self.list_index(list_id).ok_or_else(|| {
                ActionError::NotFound(format!("Callback list '{list_id}' not found"))
            })?;
            let r = self.request_index(l, req_id)?;
            if let Some(q) = self.lists[l].queue {
                call_as = self.queues[q].number.clone();
            }
            let uid = self.users[u].id.clone();
            let now = self.now;
            let item = &mut self.lists[l].requests[r];
            item.attempts += 1;
            item.last_attempt_user = Some(uid.clone());
            item.last_attempt_at = Some(now);
            item.last_attempt_note = "Soitto aloitettu".into();
            item.modified = now;
            item.last_modified_user = Some(uid);
            self.emit_callout(u, target, &call_as);
            self.emit_callback_changed(l, r, false);
        } else {
            self.emit_callout(u, target, &call_as);
        }
        Ok(())
    }

    /// Admin: put an agent on wrap-up now (ends a call or ringing it may have).
    pub fn force_wrap_up(&mut self, u: usize, max_secs: i64) {
        if matches!(self.users[u].activity, Activity::WrapUp(_)) {
            self.end_wrap_up(u, "manual");
        }
        let (gone, kept): (Vec<Call>, Vec<Call>) = std::mem::take(&mut self.calls)
            .into_iter()
            .partition(|c| match c.state {
                CallState::Ringing { agent, .. } | CallState::Talking { agent, .. } => agent == u,
                CallState::Waiting => false,
            });
        self.calls = kept;
        for c in &gone {
            self.record_leaving(c);
        }
        let leg = self.new_leg_id();
        self.start_wrap_up(
            u,
            None,
            leg,
            self.users[u].queues.first().map(|q| q.0),
            max_secs,
        );
    }

    /// `DELETE /users/{id}/availability/{availabilityId}`: ends the user's current
    /// availability event, which leaves the user Available.
    pub fn end_availability(&mut self, u: usize, availability_id: &str) -> Result<(), ActionError> {
        if !self.users[u]
            .availability_id
            .eq_ignore_ascii_case(availability_id.trim())
        {
            return Err(ActionError::NotFound(format!(
                "Availability event '{availability_id}' is not the user's current one"
            )));
        }
        self.set_availability(u, Availability::Available, "");
        Ok(())
    }

    /// `POST /users/{id}/action/mobile/call/`: notes the click-to-call (the model has no
    /// mobile network; the request is what matters).
    pub fn mobile_call(&mut self, u: usize, number: &str) -> Result<(), ActionError> {
        if number.trim().is_empty() {
            return Err(ActionError::BadRequest("PhoneNumber is required".into()));
        }
        const KEPT: usize = 100;
        if self.mobile_calls.len() >= KEPT {
            self.mobile_calls.remove(0);
        }
        self.mobile_calls.push(MobileCall {
            user: u,
            number: number.trim().to_owned(),
            at: self.now,
        });
        Ok(())
    }

    /// Admin: a caller arrives in queue `q` now.
    pub fn inject_call(&mut self, q: usize) {
        self.arrive(q);
    }
}
