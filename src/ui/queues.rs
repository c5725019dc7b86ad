//! The queues pane: one row per service queue.

use super::columns::col;
use super::format::{distinct_cuts, duration, sparkline};
use super::table;
use super::theme::Theme;
use super::widgets::{empty_message, pane_block};
use crate::app::panes::queues::{visible as visible_queues, QueueShown};
use crate::app::panes::selected_index;
use crate::app::state::{
    open_status_word, Level, Pane, QueueColumn, QueueRow, State, SPARK_BUCKETS,
};
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::widgets::Cell;
use ratatui::Frame;

/// Columns in display order: (header, sort key, fitting).
const COLUMNS: [table::Column<QueueColumn>; 19] = [
    ("LEVEL", Some(QueueColumn::Level), col(7, 0, 0)),
    ("QUEUE", Some(QueueColumn::Name), col(16, 0, 3).max(30)),
    ("OPEN", Some(QueueColumn::Open), col(11, 2, 0)),
    ("CALLERS", Some(QueueColumn::Waiting), col(7, 0, 0)),
    ("LONGEST", Some(QueueColumn::Longest), col(7, 0, 0)),
    ("ANS", Some(QueueColumn::Answered), col(5, 1, 0)),
    ("ABND", Some(QueueColumn::Abandoned), col(4, 1, 0)),
    ("SL%", Some(QueueColumn::ServiceLevel), col(5, 1, 0)),
    ("OFFERED", Some(QueueColumn::Offered), col(7, 6, 0)),
    ("AVG WAIT", Some(QueueColumn::AvgWait), col(8, 6, 0)),
    ("AVG TALK", Some(QueueColumn::AvgTalk), col(8, 6, 0)),
    ("ALLOC/CONN", Some(QueueColumn::Connected), col(10, 1, 0)),
    ("FREE", Some(QueueColumn::Free), col(4, 1, 0)),
    ("SERV", Some(QueueColumn::Serving), col(4, 2, 0)),
    ("WRAP", Some(QueueColumn::WrapUp), col(4, 1, 0)),
    ("S-AWAY", Some(QueueColumn::ShortAway), col(6, 5, 0)),
    ("L-AWAY", Some(QueueColumn::LongAway), col(6, 5, 0)),
    ("FETCH", Some(QueueColumn::Fetch), col(5, 5, 0)),
    (
        "CALLERS, LAST 10 MIN",
        None,
        col(10, 4, 2).max(SPARK_BUCKETS as u16 + 1),
    ),
];

pub fn level_style(theme: &Theme, level: Level) -> Style {
    match level {
        Level::Ok => theme.ok,
        Level::Warn => theme.warn,
        Level::Alert => theme.alert,
    }
}

fn title(state: &State, count: usize) -> String {
    let v = &state.view;
    // A wall puts the worst rows first, whatever the sort column says after that.
    let first = if state.wall { " · alerts first" } else { "" };
    let set = match &v.queue_set {
        Some(name) if state.view_queues(name).is_none() => {
            format!(" · view: {name} (not known yet: every queue)")
        }
        Some(name) => format!(" · view: {name}"),
        None => String::new(),
    };
    format!(
        " Queues ({count}){set}{first} · ANS ABND SL% {}{}",
        state.today.label(state.utc_offset),
        table::sort_and_filter(
            v.queue_sort.column.title(),
            v.queue_sort.descending,
            &v.queue_filter,
        )
    )
}

/// Ringing / connected calls; from REST only their sum is known: `?/≤3`.
fn calls_cell<'a>(theme: &Theme, shown: &QueueShown) -> Cell<'a> {
    match (shown.allocated, shown.connected) {
        (Some(a), Some(c)) => Cell::from(format!("{a:>4}/{c:<5}")),
        _ => Cell::from(format!("{:>4}/{:<5}", "?", format!("≤{}", shown.ongoing)))
            .style(theme.muted),
    }
}

/// A count of today's calls; `?` (muted) when not known.
fn day_count<'a>(theme: &Theme, v: Option<i64>, width: usize) -> Cell<'a> {
    match v {
        Some(v) => Cell::from(format!("{v:>width$}")),
        None => Cell::from(format!("{:>width$}", "?")).style(theme.muted),
    }
}

/// Seconds as a duration; `-` (muted) when there is no call to average yet, `?` when
/// not known.
fn day_secs<'a>(theme: &Theme, v: Option<i64>, calls_known: bool, width: usize) -> Cell<'a> {
    match v {
        Some(v) => Cell::from(format!("{:>width$}", duration(v))),
        None if calls_known => Cell::from(format!("{:>width$}", "-")).style(theme.muted),
        None => Cell::from(format!("{:>width$}", "?")).style(theme.muted),
    }
}

/// Service level to one decimal, in the warn colour below the goal; `-` before the
/// first call, `?` when not known.
fn service_level_cell<'a>(
    theme: &Theme,
    f: &crate::app::state::today::DayFigures,
    goal: f64,
) -> Cell<'a> {
    match (f.service_level, f.offered) {
        (Some(sl), _) => Cell::from(format!("{sl:>5.1}")).style(if sl < goal {
            theme.warn
        } else {
            Style::default()
        }),
        (None, Some(_)) => Cell::from(format!("{:>5}", "-")).style(theme.muted),
        (None, None) => Cell::from(format!("{:>5}", "?")).style(theme.muted),
    }
}

/// A counter REST does not give shows `?` until a QueueStatus says.
fn unknown_or<'a>(theme: &Theme, unknown: bool, text: String) -> Cell<'a> {
    if unknown {
        Cell::from(format!("{:>w$}", "?", w = text.chars().count())).style(theme.muted)
    } else {
        Cell::from(text)
    }
}

fn cells<'a>(
    state: &State,
    theme: &Theme,
    q: &QueueRow,
    spark_width: usize,
    spark_max: i64,
    name: String,
) -> Vec<Cell<'a>> {
    let now = state.data_now();
    let level = q.level(&state.thresholds, now);
    let lstyle = level_style(theme, level);
    let n = |v: i64| Cell::from(format!("{v:>4}"));
    let spark: Vec<Option<i64>> = q.spark_samples().collect();
    let longest = q.longest_wait_secs(now);
    let shown = crate::app::panes::queues::shown(state, q);
    let day = state.today.figures(&q.id);
    vec![
        Cell::from(level.label()).style(lstyle),
        Cell::from(name),
        Cell::from(open_status_word(q.open_status)).style(match q.open_status {
            5 | 6 => theme.ok,
            0 => theme.muted,
            _ => theme.warn,
        }),
        Cell::from(format!("{:>7}", q.waiting)).style(if level == Level::Ok {
            Style::default()
        } else {
            lstyle
        }),
        Cell::from(format!("{:>7}", duration(longest))).style(if longest == 0 {
            theme.muted
        } else if level == Level::Ok {
            Style::default()
        } else {
            lstyle
        }),
        day_count(theme, day.answered, 5),
        day_count(theme, day.abandoned, 4),
        service_level_cell(theme, &day, state.today.goal_of(&q.id)),
        day_count(theme, day.offered, 7),
        day_secs(theme, day.avg_wait_secs, day.offered.is_some(), 8),
        day_secs(theme, day.avg_talk_secs, day.offered.is_some(), 8),
        calls_cell(theme, &shown),
        n(q.free),
        n(q.serving),
        n(q.wrap_up),
        unknown_or(theme, q.from_rest, format!("{:>6}", q.short_away)),
        unknown_or(theme, q.from_rest, format!("{:>6}", q.long_away)),
        unknown_or(theme, q.from_rest, format!("{:>5}", q.fetch_mode)),
        Cell::from(sparkline(&spark, spark_width, spark_max)).style(theme.sparkline),
    ]
}

pub fn draw(frame: &mut Frame, area: Rect, state: &State, theme: &Theme) {
    let rows = visible_queues(state);
    let focused = state.view.focus == Pane::Queues;
    let block = pane_block(theme, title(state, rows.len()), focused);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    if rows.is_empty() {
        let msg = if !state.snapshot.loaded {
            match &state.snapshot.error {
                Some(e) => format!("Could not load queues: {e}"),
                None => "Loading queues…".to_owned(),
            }
        } else if !state.view.queue_filter.is_empty() {
            format!(
                "No queue matches “{}” (Esc clears)",
                state.view.queue_filter
            )
        } else {
            "No service queues in this organization".to_owned()
        };
        empty_message(frame, inner, theme, &msg);
        return;
    }
    // The sparkline is the one unsorted column (drawn 10 wide when hidden).
    let spark_column = COLUMNS.iter().position(|c| c.1.is_none());
    // One scale for all rows, so that bars compare across queues.
    let spark_max = rows
        .iter()
        .flat_map(|q| q.spark_samples().flatten())
        .max()
        .unwrap_or(0);
    let letters = crate::app::sort_keys::letters(&state.keymap, Pane::Queues);
    let table = table::SortedTable {
        columns: &COLUMNS,
        sort: state.view.queue_sort,
        selected: selected_index(
            rows.iter().map(|q| q.id.as_str()),
            state.view.selected_queue.as_deref(),
        ),
        focused,
        letters: &letters,
    };
    // Names are cut together, so that names alike at the start stay told apart.
    let names = std::cell::OnceCell::new();
    table.draw(
        frame,
        inner,
        rows.len(),
        |i, col_w| {
            let spark_width = spark_column.map_or(0, |c| col_w[c]);
            let spark_width = if spark_width == 0 { 10 } else { spark_width };
            let names: &Vec<String> = names.get_or_init(|| {
                let all: Vec<&str> = rows.iter().map(|q| q.name.as_str()).collect();
                distinct_cuts(&all, col_w[1])
            });
            cells(
                state,
                theme,
                rows[i],
                spark_width,
                spark_max,
                names[i].clone(),
            )
        },
        theme,
    );
}
