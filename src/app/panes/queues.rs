//! The queues pane: rows filtered by name and sorted by the chosen column; on a wall
//! display the rows in alert come first.

use super::{cmp_ignore_case, selected_index, text_matches};
use crate::app::state::{QueueColumn, QueueRow, State};
use std::cmp::Ordering;

fn queue_cmp(s: &State, col: QueueColumn, a: &QueueRow, b: &QueueRow) -> Ordering {
    let now = s.data_now();
    match col {
        QueueColumn::Level => a
            .level(&s.thresholds, now)
            .cmp(&b.level(&s.thresholds, now)),
        QueueColumn::Name => cmp_ignore_case(&a.name, &b.name),
        QueueColumn::Open => a.open_status.cmp(&b.open_status),
        QueueColumn::Waiting => a.waiting.cmp(&b.waiting),
        QueueColumn::Longest => a.longest_wait_secs(now).cmp(&b.longest_wait_secs(now)),
        QueueColumn::Connected => (a.allocated + a.connected).cmp(&(b.allocated + b.connected)),
        QueueColumn::Free => a.free.cmp(&b.free),
        QueueColumn::Serving => a.serving.cmp(&b.serving),
        QueueColumn::WrapUp => a.wrap_up.cmp(&b.wrap_up),
        QueueColumn::ShortAway => a.short_away.cmp(&b.short_away),
        QueueColumn::LongAway => a.long_away.cmp(&b.long_away),
        QueueColumn::Fetch => a.fetch_mode.cmp(&b.fetch_mode),
        QueueColumn::Answered
        | QueueColumn::Abandoned
        | QueueColumn::ServiceLevel
        | QueueColumn::Offered
        | QueueColumn::AvgWait
        | QueueColumn::AvgTalk => {
            let (fa, fb) = (s.today.figures(&a.id), s.today.figures(&b.id));
            let key = |f: &crate::app::state::today::DayFigures| match col {
                QueueColumn::Answered => f.answered.map(|v| v as f64),
                QueueColumn::Abandoned => f.abandoned.map(|v| v as f64),
                // The worst service level is the lowest: sorted "descending" it comes
                // first.
                QueueColumn::ServiceLevel => f.service_level.map(|v| -v),
                QueueColumn::Offered => f.offered.map(|v| v as f64),
                QueueColumn::AvgWait => f.avg_wait_secs.map(|v| v as f64),
                _ => f.avg_talk_secs.map(|v| v as f64),
            };
            key(&fa).partial_cmp(&key(&fb)).unwrap_or(Ordering::Equal)
        }
    }
}

/// The queue rows shown, filtered and sorted; in wall mode alert rows come first.
pub fn visible(s: &State) -> Vec<&QueueRow> {
    let mut rows: Vec<&QueueRow> = s
        .queues
        .values()
        .filter(|q| s.in_view(q) && text_matches(&q.name, &s.view.queue_filter))
        .collect();
    let sort = s.view.queue_sort;
    rows.sort_by(|a, b| {
        let wall_first = if s.wall {
            b.level(&s.thresholds, s.data_now())
                .cmp(&a.level(&s.thresholds, s.data_now()))
        } else {
            Ordering::Equal
        };
        let mut by_col = queue_cmp(s, sort.column, a, b);
        if sort.descending {
            by_col = by_col.reverse();
        }
        wall_first
            .then(by_col)
            .then_with(|| cmp_ignore_case(&a.name, &b.name))
            .then_with(|| a.id.cmp(&b.id))
    });
    rows
}

/// The id of the selected queue row (the first row when none is selected).
pub fn current(state: &State) -> Option<String> {
    let rows = visible(state);
    let i = selected_index(
        rows.iter().map(|q| q.id.as_str()),
        state.view.selected_queue.as_deref(),
    )?;
    rows.get(i).map(|q| q.id.clone())
}

/// The figures a queue row shows; `None` where the row says it does not know.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct QueueShown {
    pub open_status: i64,
    pub waiting: i64,
    pub longest_secs: i64,
    /// Calls ringing at an agent / connected to one.
    pub allocated: Option<i64>,
    pub connected: Option<i64>,
    /// Ringing and connected together (always known).
    pub ongoing: i64,
    pub free: i64,
    pub serving: i64,
    pub wrap_up: i64,
    /// Agents away, short and long term together.
    pub away: Option<i64>,
}

/// What a queue row shows, on the data clock.
pub fn shown(s: &State, q: &QueueRow) -> QueueShown {
    let split_known = !q.from_rest || q.allocated + q.connected == 0;
    QueueShown {
        open_status: q.open_status,
        waiting: q.waiting,
        longest_secs: q.longest_wait_secs(s.data_now()),
        allocated: split_known.then_some(q.allocated),
        connected: split_known.then_some(q.connected),
        ongoing: q.allocated + q.connected,
        free: q.free,
        serving: q.serving,
        wrap_up: q.wrap_up,
        away: (!q.from_rest).then_some(q.short_away + q.long_away),
    }
}
