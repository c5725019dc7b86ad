//! The callbacks pane: open requests, filtered and sorted (due first by default), and
//! their expiry marks.

use super::{cmp_ignore_case, text_matches};
use crate::app::state::{CallbackColumn, CallbackRow, State};
use crate::sanitize::clean;
use chrono::{DateTime, Duration, Utc};
use std::borrow::Cow;
use std::cmp::Ordering;

/// A request expiring within this time is marked "expires soon".
pub const EXPIRY_SOON_SECS: i64 = 60 * 60;

/// How close a request is to its expiry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Expiry {
    None,
    Later,
    Soon,
    Expired,
}

pub fn expiry(row: &CallbackRow, now: DateTime<Utc>) -> Expiry {
    match row.expiry {
        None => Expiry::None,
        Some(t) if t <= now => Expiry::Expired,
        Some(t) if t - now <= Duration::seconds(EXPIRY_SOON_SECS) => Expiry::Soon,
        Some(_) => Expiry::Later,
    }
}

/// The list's name, else its id (an id comes from the server: sanitized like a name).
pub fn list_name<'a>(state: &'a State, row: &'a CallbackRow) -> Cow<'a, str> {
    match state
        .callback_lists
        .get(&row.list_id)
        .filter(|n| !n.is_empty())
    {
        Some(name) => Cow::Borrowed(name.as_str()),
        None => clean(&row.list_id),
    }
}

/// The assigned agent's name, else the user id (sanitized), else empty.
pub fn agent_name<'a>(state: &'a State, row: &'a CallbackRow) -> Cow<'a, str> {
    match row.assigned_user_id.as_deref() {
        None | Some("") => Cow::Borrowed(""),
        Some(id) => match state.agents.get(id).filter(|a| !a.name.is_empty()) {
            Some(a) => Cow::Borrowed(a.name.as_str()),
            None => clean(id),
        },
    }
}

/// A missing time sorts after every known one, whatever the direction.
fn opt_time(a: Option<DateTime<Utc>>, b: Option<DateTime<Utc>>, descending: bool) -> Ordering {
    match (a, b) {
        (Some(x), Some(y)) if descending => y.cmp(&x),
        (Some(x), Some(y)) => x.cmp(&y),
        (Some(_), None) => Ordering::Less,
        (None, Some(_)) => Ordering::Greater,
        (None, None) => Ordering::Equal,
    }
}

/// The requests shown, filtered by text and sorted by the chosen column.
pub fn visible(s: &State) -> Vec<&CallbackRow> {
    let filter = &s.view.callback_filter;
    let mut rows: Vec<&CallbackRow> = s
        .callbacks
        .values()
        .filter(|r| {
            filter.trim().is_empty()
                || text_matches(&r.contact_name, filter)
                || text_matches(&r.contact_number, filter)
                || text_matches(&list_name(s, r), filter)
                || text_matches(&agent_name(s, r), filter)
                || text_matches(&r.last_attempt_note, filter)
        })
        .collect();
    let sort = s.view.callback_sort;
    let d = sort.descending;
    let flip = |o: Ordering| if d { o.reverse() } else { o };
    rows.sort_by(|a, b| {
        let by = match sort.column {
            // Due first; requests without a due date by creation time after them.
            CallbackColumn::Due => {
                opt_time(a.due, b.due, d).then(opt_time(a.created, b.created, d))
            }
            CallbackColumn::Expiry => opt_time(a.expiry, b.expiry, d),
            CallbackColumn::Created => opt_time(a.created, b.created, d),
            CallbackColumn::Contact => flip(cmp_ignore_case(&a.contact_name, &b.contact_name)),
            CallbackColumn::List => flip(list_name(s, a).cmp(&list_name(s, b))),
            CallbackColumn::Agent => flip(agent_name(s, a).cmp(&agent_name(s, b))),
            CallbackColumn::Attempts => flip(a.attempts.cmp(&b.attempts)),
        };
        by.then_with(|| a.id.cmp(&b.id))
    });
    rows
}

/// The selected request (the first shown when nothing valid is selected).
pub fn selected(s: &State) -> Option<&CallbackRow> {
    let rows = visible(s);
    let sel = s.view.selected_callback.as_deref();
    rows.iter()
        .find(|r| Some(r.id.as_str()) == sel)
        .or_else(|| rows.first())
        .copied()
}

/// A short description of a request for prompts and toasts: "Matti (+358401234567)".
pub fn describe(row: &CallbackRow) -> String {
    match (row.contact_name.is_empty(), row.contact_number.is_empty()) {
        (false, false) => format!("{} ({})", row.contact_name, row.contact_number),
        (false, true) => row.contact_name.clone(),
        (true, false) => row.contact_number.clone(),
        (true, true) => format!("request {}", row.id),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::state::CallbackColumn;
    use chrono::TimeZone;

    fn row(id: &str, due: Option<i64>, created: i64) -> CallbackRow {
        let t0 = Utc.with_ymd_and_hms(2026, 3, 2, 8, 0, 0).unwrap();
        CallbackRow {
            id: id.into(),
            list_id: "l1".into(),
            contact_name: id.to_uppercase(),
            due: due.map(|m| t0 + Duration::minutes(m)),
            created: Some(t0 + Duration::minutes(created)),
            ..CallbackRow::default()
        }
    }

    #[test]
    fn due_first_then_undated_by_creation() {
        let mut s = State::new(Utc::now());
        for r in [
            row("a", None, 1),
            row("b", Some(50), 9),
            row("c", Some(10), 8),
            row("d", None, 0),
        ] {
            s.callbacks.insert(r.id.clone(), r);
        }
        let ids: Vec<&str> = visible(&s).iter().map(|r| r.id.as_str()).collect();
        assert_eq!(ids, ["c", "b", "d", "a"]);
        s.view.callback_sort.descending = true;
        let ids: Vec<&str> = visible(&s).iter().map(|r| r.id.as_str()).collect();
        assert_eq!(ids, ["b", "c", "a", "d"], "undated stay last");
        s.view.callback_sort.column = CallbackColumn::Contact;
        s.view.callback_sort.descending = false;
        s.view.callback_filter = "b".into();
        let ids: Vec<&str> = visible(&s).iter().map(|r| r.id.as_str()).collect();
        assert_eq!(ids, ["b"]);
    }

    #[test]
    fn expiry_marks() {
        let now = Utc::now();
        let mut r = CallbackRow::default();
        assert_eq!(expiry(&r, now), Expiry::None);
        r.expiry = Some(now + Duration::minutes(30));
        assert_eq!(expiry(&r, now), Expiry::Soon);
        r.expiry = Some(now + Duration::hours(3));
        assert_eq!(expiry(&r, now), Expiry::Later);
        r.expiry = Some(now - Duration::seconds(1));
        assert_eq!(expiry(&r, now), Expiry::Expired);
    }
}
