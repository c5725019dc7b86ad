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
    }
}

/// The queue rows shown, filtered and sorted; in wall mode alert rows come first.
pub fn visible(s: &State) -> Vec<&QueueRow> {
    let mut rows: Vec<&QueueRow> = s
        .queues
        .values()
        .filter(|q| text_matches(&q.name, &s.view.queue_filter))
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
