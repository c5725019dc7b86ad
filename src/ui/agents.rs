//! The agents pane: one row per agent.

use super::columns::col;
use super::format::{duration, truncate};
use super::table;
use super::theme::Theme;
use super::widgets::{empty_message, pane_block};
use crate::app::panes::agents::{
    agent_queue_name, in_state_secs, shown, visible as visible_agents, ActivityShown,
};
use crate::app::panes::selected_index;
use crate::app::state::{Activity, AgentColumn, AgentRow, AgentStateFilter, Pane, State};
use crate::model::rest::Availability;
use crate::sanitize::clean;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::widgets::Cell;
use ratatui::Frame;
use std::borrow::Cow;

const COLUMNS: [table::Column<AgentColumn>; 9] = [
    ("AGENT", Some(AgentColumn::Name), col(14, 0, 2).max(28)),
    (
        "AVAILABILITY",
        Some(AgentColumn::Availability),
        col(14, 0, 3).max(50),
    ),
    ("ACTIVITY", Some(AgentColumn::Activity), col(15, 0, 0)),
    ("QUEUE", Some(AgentColumn::Queue), col(10, 1, 1).max(30)),
    ("SERV", None, col(4, 2, 0)),
    ("FETCH", None, col(5, 3, 0)),
    ("IN STATE", Some(AgentColumn::InState), col(8, 1, 0)),
    // Calls answered today (or since the console started) and queues served.
    ("ANS", None, col(4, 4, 0)),
    ("QS", None, col(3, 5, 0)),
];

/// Drilled into a queue: whether each member is checked in to it comes first after
/// the name.
const DRILLED_COLUMNS: [table::Column<AgentColumn>; 10] = [
    COLUMNS[0],
    ("IN Q", None, col(4, 1, 0)),
    COLUMNS[1],
    COLUMNS[2],
    COLUMNS[3],
    COLUMNS[4],
    COLUMNS[5],
    COLUMNS[6],
    COLUMNS[7],
    COLUMNS[8],
];

/// Per-frame lookup for the rows: queues served per agent.
struct RowFigures<'s> {
    queues: std::collections::HashMap<&'s str, usize>,
}

impl<'s> RowFigures<'s> {
    fn of(state: &'s State) -> RowFigures<'s> {
        let mut queues: std::collections::HashMap<&str, usize> = Default::default();
        for members in state.members.values() {
            for m in members {
                *queues.entry(m.as_str()).or_default() += 1;
            }
        }
        RowFigures { queues }
    }
}

fn title(state: &State, count: usize) -> String {
    let v = &state.view;
    let mut t = match v.agent_queue.as_deref() {
        Some(q) => {
            let members = state.members.get(q).map_or(0, |m| m.len());
            let checked: Vec<bool> = state
                .checked_in
                .get(q)
                .map(|flags| flags.values().copied().collect())
                .unwrap_or_default();
            let checked_in = if checked.is_empty() {
                String::new()
            } else {
                let read = state
                    .checked_in_at
                    .map(|t| {
                        let t = t.with_timezone(&state.utc_offset);
                        format!(" (read {})", t.format("%H:%M"))
                    })
                    .unwrap_or_default();
                format!(
                    " · {} of {members} checked in{read}",
                    checked.iter().filter(|c| **c).count()
                )
            };
            format!(
                " Agents of {} ({count}){checked_in}",
                state.queue_name(q).map_or_else(|| clean(q), Cow::Borrowed)
            )
        }
        None => format!(" Agents ({count})"),
    };
    if v.agent_state != AgentStateFilter::All {
        t.push_str(&format!(" · state: {}", v.agent_state.word()));
    }
    t.push_str(&table::sort_and_filter(
        v.agent_sort.column.title(),
        v.agent_sort.descending,
        &v.agent_filter,
    ));
    t
}

fn availability_style(theme: &Theme, a: &AgentRow) -> Style {
    match a.availability {
        Some(Availability::Available) => theme.ok,
        Some(Availability::OffWork) | None => theme.muted,
        Some(Availability::DoNotDisturb) => theme.warn,
        Some(_) => theme.accent,
    }
}

fn activity_text(state: &State, a: &AgentRow) -> String {
    let shown = shown(state, a);
    let timed = |verb: &str| match shown.activity_secs {
        Some(secs) => format!("{verb} {}", duration(secs)),
        None => verb.to_owned(),
    };
    match shown.activity {
        ActivityShown::WrapUp => {
            let ending = a.wrap_up.as_ref().is_some_and(|w| w.terminating);
            match shown.wrap_up_left_secs {
                // Counting down to its end (talking and ringing count up).
                Some(left) => format!(
                    "wrap-up -{}{}",
                    duration(left),
                    if ending { " ending" } else { "" }
                ),
                None if ending => "wrap-up ending".to_owned(),
                None => "wrap-up".to_owned(),
            }
        }
        ActivityShown::Talking => timed("talking"),
        ActivityShown::OnHold => timed("on hold"),
        ActivityShown::Ringing => timed("ringing"),
        ActivityShown::Idle => "idle".to_owned(),
        // Not known until an event says: never guessed as idle.
        ActivityShown::Unknown if a.no_access => "no access".to_owned(),
        ActivityShown::Unknown => "—".to_owned(),
    }
}

/// Time in state; `≥4:12` when the console did not see it begin (a lower bound).
fn in_state_text(state: &State, a: &AgentRow) -> String {
    match in_state_secs(state, a) {
        Some(secs) if a.state_since_lower_bound => format!("≥{}", duration(secs)),
        Some(secs) => duration(secs),
        None => String::new(),
    }
}

/// Time in state, marked `▲`/`■` (warn/alert colour) past the agent state limits.
fn in_state_cell<'a>(state: &State, theme: &Theme, a: &AgentRow) -> Cell<'a> {
    use crate::app::state::Level;
    let text = in_state_text(state, a);
    match crate::app::panes::agents::limit_level(state, a) {
        Level::Ok => Cell::from(format!("{text:>8}")).style(theme.muted),
        Level::Warn => Cell::from(format!("▲{text:>7}")).style(theme.warn),
        Level::Alert => Cell::from(format!("■{text:>7}")).style(theme.alert),
    }
}

/// Availability and its note: "BRB – Coffee"; "Busy?" as of before a gap in the live
/// events until the reload confirms it.
fn availability_text(a: &AgentRow) -> String {
    let word = if a.unconfirmed && (a.availability.is_some() || !a.availability_raw.is_empty()) {
        format!("{}?", a.availability_word())
    } else {
        a.availability_word().to_owned()
    };
    if a.note.is_empty() {
        word
    } else {
        format!("{word} – {}", a.note)
    }
}

fn cells<'a>(
    state: &State,
    theme: &Theme,
    figures: &RowFigures,
    a: &AgentRow,
    w: &[usize],
) -> Vec<Cell<'a>> {
    let availability = availability_text(a);
    let activity_style = match a.activity() {
        Activity::Talking | Activity::Ringing => theme.accent,
        Activity::WrapUp => theme.warn,
        Activity::Idle => Style::default(),
        Activity::Unknown => theme.muted,
    };
    // Until the first UserStatus arrives, serving and fetch mode are unknown.
    let known = a.versions.status.is_some();
    let yes_no = |b: bool| {
        Cell::from(match (known, b) {
            (false, _) => "·",
            (true, true) => "yes",
            (true, false) => "no",
        })
        .style(if known && b {
            Style::default()
        } else {
            theme.muted
        })
    };
    let drilled = state.view.agent_queue.as_deref();
    // Widths are by column index; drilled in, the columns after the name move one on.
    let w_at = |i: usize| w[if drilled.is_some() && i > 0 { i + 1 } else { i }];
    let answered = state.agent_day.answered(&a.id);
    let queues = figures.queues.get(a.id.as_str()).copied().unwrap_or(0);
    let mut row = vec![
        Cell::from(truncate(&a.name, w_at(0))),
        Cell::from(truncate(&availability, w_at(1))).style(availability_style(theme, a)),
        Cell::from(activity_text(state, a)).style(activity_style),
        Cell::from(truncate(agent_queue_name(state, a), w_at(3))),
        yes_no(a.serving),
        yes_no(a.fetch_mode),
        in_state_cell(state, theme, a),
        Cell::from(format!("{answered:>4}")),
        Cell::from(format!("{queues:>3}")).style(theme.muted),
    ];
    if let Some(q) = drilled {
        let cell = match state.is_checked_in(q, &a.id) {
            Some(true) => Cell::from("in"),
            Some(false) => Cell::from("out").style(theme.warn),
            // Serving the queue's call without being a listed member, or not said.
            None => Cell::from("·").style(theme.muted),
        };
        row.insert(1, cell);
    }
    row
}

pub fn draw(frame: &mut Frame, area: Rect, state: &State, theme: &Theme) {
    let rows = visible_agents(state);
    let focused = state.view.focus == Pane::Agents;
    let block = pane_block(theme, title(state, rows.len()), focused);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    if rows.is_empty() {
        let v = &state.view;
        let msg = if !state.snapshot.loaded {
            "Loading agents…".to_owned()
        } else if state.agents.is_empty() {
            "No agents in this organization".to_owned()
        } else if !v.agent_filter.is_empty() {
            format!("No agent matches “{}” (Esc clears)", v.agent_filter)
        } else {
            "No agents match the current view (Esc shows all)".to_owned()
        };
        empty_message(frame, inner, theme, &msg);
        return;
    }
    let letters = crate::app::sort_keys::letters(&state.keymap, Pane::Agents);
    let figures = RowFigures::of(state);
    let columns: &[table::Column<AgentColumn>] = if state.view.agent_queue.is_some() {
        &DRILLED_COLUMNS
    } else {
        &COLUMNS
    };
    let table = table::SortedTable {
        columns,
        sort: state.view.agent_sort,
        selected: selected_index(
            rows.iter().map(|a| a.id.as_str()),
            state.view.selected_agent.as_deref(),
        ),
        focused,
        letters: &letters,
    };
    table.draw(
        frame,
        inner,
        rows.len(),
        |i, col_w| cells(state, theme, &figures, rows[i], col_w),
        theme,
    );
}

/// The selected agent in full (Enter on the agents pane): the row's figures with their
/// words, and every queue the agent is attached to.
/// The agent's day for the details: answers and talk (today from the call records, or
/// since the console started), wrap-up, handle time and time per availability.
fn day_rows(state: &State, agent_id: &str) -> Vec<(&'static str, String)> {
    use crate::app::state::today::DaySource;
    let d = &state.agent_day;
    let f = d.figures(agent_id, state.now);
    let hhmm = |t: chrono::DateTime<chrono::Utc>| {
        t.with_timezone(&state.utc_offset)
            .format("%H:%M")
            .to_string()
    };
    // What the events count from: "today" once the console has run since midnight.
    // Events missed in a gap of the live connection since then make the event-told
    // figures lower bounds, and say when.
    let gap = state
        .agents
        .get(agent_id)
        .and_then(|a| a.gap_at)
        .filter(|g| *g > d.since);
    let missed = gap
        .map(|g| format!("; events missed at {}", hhmm(g)))
        .unwrap_or_default();
    let events_span = if d.since <= state.today.day_start {
        format!("today{missed}")
    } else {
        format!("since {}{missed}", hhmm(d.since))
    };
    let answers_span = match state.today.source {
        DaySource::Records => "today".to_owned(),
        DaySource::QueueEvents | DaySource::Events => {
            format!("{events_span} (agent events)")
        }
        DaySource::Unknown => "so far (call records not read yet)".to_owned(),
    };
    let from_events = state.today.source != DaySource::Records;
    let lower = if d.overfull || (from_events && gap.is_some()) {
        "≥"
    } else {
        ""
    };
    let talk = match f.avg_talk_secs() {
        Some(avg) => {
            let pending = f.answered - f.talked;
            let more = if pending > 0 {
                format!(", {pending} more not in the records yet")
            } else {
                String::new()
            };
            format!(
                "{} in {} call{} (avg {}){more}",
                duration(f.talk_secs),
                f.talked,
                if f.talked == 1 { "" } else { "s" },
                duration(avg)
            )
        }
        None => "not known yet".to_owned(),
    };
    let wrap_up = match f.avg_wrap_up_secs() {
        Some(avg) => format!(
            "{} in {} wrap-up{} (avg {}), {events_span}",
            duration(f.wrap_up_secs),
            f.wrap_ups,
            if f.wrap_ups == 1 { "" } else { "s" },
            duration(avg)
        ),
        None => format!("none seen {events_span}"),
    };
    let aht = match f.aht_secs() {
        Some(aht) => format!("{} (avg talk + avg wrap-up)", duration(aht)),
        None => "not known yet".to_owned(),
    };
    let availability = if f.availability.is_empty() {
        "not known yet".to_owned()
    } else {
        let spans: Vec<String> = f
            .availability
            .iter()
            .map(|(word, secs)| format!("{word} {}", duration(*secs)))
            .collect();
        format!("{} ({events_span})", spans.join(" · "))
    };
    vec![
        ("Answered", format!("{lower}{} {answers_span}", f.answered)),
        ("Talk time", talk),
        ("Wrap-up", wrap_up),
        ("Handle time", aht),
        ("Time in", availability),
    ]
}

pub fn details(frame: &mut Frame, area: Rect, state: &State, theme: &Theme) {
    use ratatui::text::{Line, Span};
    use ratatui::widgets::{Block, Borders, Clear, Paragraph, Wrap};
    let Some(a) = crate::app::panes::agents::selected(state).and_then(|id| state.agents.get(&id))
    else {
        return;
    };
    let known = a.versions.status.is_some();
    let yes_no = |b: bool| match (known, b) {
        (false, _) => "not reported yet",
        (true, true) => "yes",
        (true, false) => "no",
    };
    let dash = |s: String| {
        if s.trim().is_empty() {
            "—".to_owned()
        } else {
            s
        }
    };
    let queues = crate::app::panes::agents::queues_of(state, &a.id);
    let queues_text = if queues.is_empty() {
        "none known".to_owned()
    } else {
        format!("{}: {}", queues.len(), queues.join(", "))
    };
    let mut rows: Vec<(&str, String)> = vec![
        ("Agent", a.name.clone()),
        ("E-mail", dash(a.email.clone())),
        ("Availability", availability_text(a)),
        ("Activity", activity_text(state, a)),
        ("Call from", dash(agent_queue_name(state, a).to_owned())),
        ("In state", dash(in_state_text(state, a))),
        ("Serving", yes_no(a.serving).to_owned()),
        ("Fetch mode", yes_no(a.fetch_mode).to_owned()),
        ("Queues", queues_text),
    ];
    rows.extend(day_rows(state, &a.id));
    let lines: Vec<Line> = rows
        .into_iter()
        .map(|(k, v)| {
            Line::from(vec![
                Span::styled(format!("{k:<13}"), theme.header),
                Span::raw(clean(&v).into_owned()),
            ])
        })
        .collect();
    let w = area.width.clamp(20, 72);
    // The queue list may wrap: one more line per width of text past the first.
    let wrapped = lines
        .iter()
        .map(|l| (l.width() as u16).saturating_sub(1) / w.saturating_sub(2).max(1))
        .sum::<u16>();
    let h = (lines.len() as u16 + wrapped + 2).min(area.height);
    let rect = super::widgets::centered(area, w, h);
    frame.render_widget(Clear, rect);
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(theme.border_focused)
        .title(Span::styled(" Agent — any key closes ", theme.title))
        .style(theme.base);
    frame.render_widget(
        Paragraph::new(lines)
            .block(block)
            .wrap(Wrap { trim: false }),
        rect,
    );
}
