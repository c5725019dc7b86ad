//! Snapshot tests of the real `draw()` on ratatui's TestBackend.

use evtop::app::fixture::{busy_state, empty_state, fixed_now, loaded_state};
use evtop::app::state::{Level, Mode, Pane, State};
use evtop::app::{update, Event};
use evtop::rte::{ConnectionState, SessionUpdate};
use evtop::ui::{self, Theme};
use ratatui::buffer::Buffer;
use ratatui::style::{Color, Modifier, Style};
use std::time::Duration;
use ui_support::{render_with as render, text};

use crate::ui_support;

fn style_name(s: Style) -> String {
    let mut parts = Vec::new();
    if let Some(fg) = s.fg {
        parts.push(format!("fg={fg}"));
    }
    if let Some(bg) = s.bg {
        parts.push(format!("bg={bg}"));
    }
    if !s.add_modifier.is_empty() {
        parts.push(format!("{:?}", s.add_modifier).to_lowercase());
    }
    parts.join(" ")
}

/// A styled dump: per row, runs of equal style as `[x0-x1 style]`.
fn styles(buf: &Buffer) -> String {
    let mut out = String::new();
    for y in 0..buf.area.height {
        let mut runs: Vec<(u16, u16, String)> = Vec::new();
        for x in 0..buf.area.width {
            let name = style_name(buf[(x, y)].style());
            match runs.last_mut() {
                Some(r) if r.2 == name => r.1 = x,
                _ => runs.push((x, x, name)),
            }
        }
        let row: Vec<String> = runs
            .iter()
            .map(|(a, b, n)| format!("[{a}-{b} {n}]"))
            .collect();
        out.push_str(&format!("{y:2}: {}\n", row.join(" ")));
    }
    out
}

fn default_theme() -> Theme {
    Theme::builtin("default").expect("default theme")
}

#[test]
fn busy_80x24() {
    let buf = render(&busy_state(), &default_theme(), 80, 24);
    let t = text(&buf);
    assert!(t.contains("Customer Support"), "{t}");
    assert!(t.contains("Aino Virtanen"), "{t}");
    assert!(t.contains("■ ALERT"), "{t}");
    insta::assert_snapshot!("busy_80x24", t);
}

#[test]
fn busy_200x60() {
    let buf = render(&busy_state(), &default_theme(), 200, 60);
    let t = text(&buf);
    assert!(
        t.contains("CALLERS, LAST 10 MIN"),
        "wide screens show the sparkline: {t}"
    );
    assert!(t.contains("L-AWAY"), "{t}");
    insta::assert_snapshot!("busy_200x60", t);
}

/// Today's calls per queue: ANS, ABND and SL% from 120 columns, offered, average wait
/// and talk on the widest screens; the pane's title says where they come from.
#[test]
fn queues_pane_with_todays_calls_120x40_and_200x60() {
    let s = busy_state();
    let t = text(&render(&s, &default_theme(), 120, 40));
    assert!(t.contains("ANS ABND SL% today (call records)"), "{t}");
    let header = t.lines().find(|l| l.contains("LEVEL")).unwrap_or_default();
    for col in ["ANS", "ABND", "SL%"] {
        assert!(header.contains(col), "{header}");
    }
    assert!(!header.contains("OFFERED"), "{header}");
    let support = t
        .lines()
        .find(|l| l.contains("Customer Support"))
        .unwrap_or_default();
    // 57 answered, 9 abandoned, 2 overflowed; 46 of the 68 within 20 s.
    assert!(support.contains("   57    9  67.6"), "{support}");
    insta::assert_snapshot!("queues_today_120x40", t);
    let t = text(&render(&s, &default_theme(), 200, 60));
    let header = t.lines().find(|l| l.contains("LEVEL")).unwrap_or_default();
    for col in ["OFFERED", "AVG WAIT", "AVG TALK"] {
        assert!(header.contains(col), "{header}");
    }
    insta::assert_snapshot!("queues_today_200x60", t);
}

/// Before the call records are read the figures say they are not known; when the tenant
/// refuses them, only answers are counted and the title says since when.
#[test]
fn todays_calls_unknown_until_read_and_since_when_without_records() {
    let mut s = loaded_state();
    let t = text(&render(&s, &default_theme(), 120, 40));
    assert!(t.contains("ANS ABND SL% not read yet"), "{t}");
    let sales = t.lines().find(|l| l.contains("Sales")).unwrap_or_default();
    assert!(
        sales.contains("    ?    ?     ?"),
        "unknown, not 0: {sales}"
    );
    let start = s.today.day_start;
    update(
        &mut s,
        Event::CallRecords {
            start,
            result: Err(evtop::app::event::RecordsFailure {
                message: "404".into(),
                refused: true,
            }),
        },
    );
    let t = text(&render(&s, &default_theme(), 120, 40));
    assert!(t.contains("ANS ABND SL% since 10:05 (agent events)"), "{t}");
    let sales = t.lines().find(|l| l.contains("Sales")).unwrap_or_default();
    assert!(sales.contains("    0    ?     ?"), "{sales}");
}

#[test]
fn tiny_terminal_collapses_to_the_focused_pane() {
    let mut s = busy_state();
    let t = text(&render(&s, &default_theme(), 60, 10));
    assert!(t.contains("Queues"));
    assert!(!t.contains("Agents ("));
    s.view.focus = Pane::Agents;
    let t = text(&render(&s, &default_theme(), 60, 10));
    assert!(t.contains("Agents ("));
    insta::assert_snapshot!("tiny_60x10_agents", t);
}

#[test]
fn empty_tenant() {
    let t = text(&render(&empty_state(), &default_theme(), 80, 24));
    assert!(t.contains("No service queues in this organization"), "{t}");
    assert!(t.contains("No agents in this organization"), "{t}");
    insta::assert_snapshot!("empty_80x24", t);
}

#[test]
fn loading_before_the_snapshot() {
    let s = State::new(fixed_now());
    let t = text(&render(&s, &default_theme(), 80, 24));
    assert!(t.contains("Loading queues…"), "{t}");
    assert!(t.contains("connecting"), "{t}");
}

#[test]
fn reconnecting() {
    let mut s = busy_state();
    update(
        &mut s,
        Event::Session(SessionUpdate::State(ConnectionState::Reconnecting {
            attempt: 3,
            reason: "connection reset".into(),
            retry_in: Duration::from_secs(8),
        })),
    );
    update(
        &mut s,
        Event::Tick(fixed_now() + chrono::Duration::seconds(3)),
    );
    let t = text(&render(&s, &default_theme(), 80, 24));
    assert!(
        t.contains("↻ reconnecting #3 in 5s: connection reset"),
        "{t}"
    );
    assert!(t.contains("Customer Support"), "data stays on screen: {t}");
    insta::assert_snapshot!("reconnecting_80x24", t);
}

#[test]
fn disconnected_failed() {
    let mut s = loaded_state();
    update(
        &mut s,
        Event::Session(SessionUpdate::State(ConnectionState::Failed {
            reason: "token refused (401)".into(),
        })),
    );
    let buf = render(&s, &default_theme(), 80, 24);
    let t = text(&buf);
    assert!(t.contains("✖ failed: token refused (401)"), "{t}");
    insta::assert_snapshot!("failed_80x24", t);
}

#[test]
fn wall_mode_large_counts_and_alert_rows_first() {
    let mut s = busy_state();
    s.wall = true;
    let t = text(&render(&s, &default_theme(), 120, 40));
    assert!(t.contains("CALLERS WAITING"), "{t}");
    assert!(t.contains("WALL read-only"), "{t}");
    let first_row = t
        .lines()
        .filter(|l| l.contains('┃') || l.contains('│'))
        .find(|l| l.contains("ALERT") || l.contains("WARN") || l.contains("· ok"))
        .unwrap_or_default()
        .to_owned();
    assert!(
        first_row.contains("■ ALERT"),
        "alert rows first: {first_row}"
    );
    assert!(t.contains("SL% (80% in 20s)"), "{t}");
    assert!(
        t.contains("QUEUES IN ALERT OVER LIMIT"),
        "short labels, newest tiles first, where the long ones do not fit: {t}"
    );
    insta::assert_snapshot!("wall_120x40", t);
    let t = text(&render(&s, &default_theme(), 200, 60));
    assert!(t.contains("SL% (80% in 20s)"), "{t}");
    assert!(t.contains("ABANDONED"), "{t}");
    assert!(t.contains("AGENTS OVER LIMIT"), "{t}");
    insta::assert_snapshot!("wall_200x60", t);
    let t = text(&render(&s, &default_theme(), 80, 24));
    insta::assert_snapshot!("wall_80x24", t);
}

/// On a narrow screen the status line gives up the help hint, then who and where, then
/// the wall flag, but keeps the connection, the last-event age and the clock whole.
#[test]
fn status_line_keeps_what_matters_when_narrow() {
    let mut s = busy_state();
    s.wall = true;
    for width in [50, 64, 80, 100] {
        let t = text(&render(&s, &default_theme(), width, 24));
        let status = t.lines().last().unwrap_or_default();
        for part in ["● live", "│ last event 0:02 ago", "10:15:00"] {
            assert!(status.contains(part), "{width} columns: {status:?}");
        }
    }
    let t = text(&render(&s, &default_theme(), 200, 24));
    let status = t.lines().last().unwrap_or_default();
    for part in [
        "Sam Supervisor @ sim-1",
        "WALL read-only",
        "? help │ 10:15:00",
    ] {
        assert!(status.contains(part), "wide: {status:?}");
    }
}

#[test]
fn wall_quit_confirmation() {
    let mut s = busy_state();
    s.wall = true;
    s.view.mode = Mode::ConfirmQuit;
    let t = text(&render(&s, &default_theme(), 80, 24));
    assert!(t.contains("Quit the wall display? y / N"), "{t}");
}

#[test]
fn help_overlay_lists_the_keymap() {
    let mut s = busy_state();
    s.view.mode = Mode::Help;
    // One page at 100x44 (smaller screens scroll it: ui_help_scroll).
    let t = text(&render(&s, &default_theme(), 100, 44));
    for b in &s.keymap.bindings {
        let desc = b.action.desc();
        assert!(t.contains(desc), "help lacks {desc:?}");
    }
    insta::assert_snapshot!("help_100x44", t);
}

#[test]
fn filter_prompt_and_filtered_rows() {
    let mut s = busy_state();
    for c in ['/', 's', 'u', 'p'] {
        update(
            &mut s,
            Event::Key(crossterm::event::KeyEvent::from(
                crossterm::event::KeyCode::Char(c),
            )),
        );
    }
    let t = text(&render(&s, &default_theme(), 80, 24));
    assert!(t.contains("Filter queues: sup"), "{t}");
    assert!(t.contains("Customer Support"), "{t}");
    assert!(!t.contains("Billing"), "{t}");
    insta::assert_snapshot!("filter_80x24", t);
}

#[test]
fn server_strings_cannot_inject_escapes() {
    let mut s = busy_state();
    if let Some(q) = s.queues.get_mut("q-sales") {
        q.name = "Sales".into();
    }
    update(
        &mut s,
        evtop::app::fixture::user_availability(
            "u-aino",
            "evil-1",
            fixed_now(),
            "DoNotDisturb",
            "\u{1b}]0;pwned\u{7}\u{1b}[2Jlunch",
        ),
    );
    let buf = render(&s, &default_theme(), 120, 30);
    let t = text(&buf);
    assert!(t.contains("DoNotDisturb – lunch"), "{t}");
    assert!(!t.contains('\u{1b}'));
}

fn find(buf: &Buffer, needle: &str) -> Option<(u16, u16)> {
    let t = text(buf);
    for (y, line) in t.lines().enumerate() {
        if let Some(byte) = line.find(needle) {
            let col = unicode_width::UnicodeWidthStr::width(&line[..byte]);
            return Some((col as u16, y as u16));
        }
    }
    None
}

#[test]
fn each_theme_styles_its_roles() {
    let s = busy_state();
    for name in ui::theme::builtin_names() {
        let theme = Theme::builtin(name).expect("builtin");
        let buf = render(&s, &theme, 80, 24);
        // The alert word is drawn in the alert role.
        let (x, y) = find(&buf, "■ ALERT").expect("alert row");
        let cell = &buf[(x + 2, y)];
        assert_eq!(
            cell.style().add_modifier & theme.alert.add_modifier,
            theme.alert.add_modifier,
            "{name}"
        );
        if let Some(fg) = theme.alert.fg {
            assert_eq!(cell.fg, fg, "{name}: alert colour");
        }
        // The selected row of the focused (queues) pane carries the selected role.
        let sel_y = (0..buf.area.height)
            .find(|&y| {
                let c = &buf[(3, y)];
                match theme.selected.bg {
                    Some(bg) => c.bg == bg,
                    None => c.modifier.contains(Modifier::REVERSED),
                }
            })
            .unwrap_or_else(|| panic!("{name}: no selected row"));
        assert!(
            sel_y > 1 && sel_y < 12,
            "{name}: selection in the queues pane"
        );
        // The base background fills the screen.
        if let Some(bg) = theme.base.bg {
            assert_eq!(buf[(79, 12)].bg, bg, "{name}: base background");
        }
        insta::assert_snapshot!(format!("theme_{name}_styles"), styles(&buf));
    }
}

/// Under NO_COLOR every theme (the user may still pick one with `t` or `--theme`) sends
/// no colour at all (what is drawn is what the terminal shows) and marks the selected
/// row by reverse video: the selection stays visible without colour.
#[test]
fn under_no_color_every_theme_marks_the_selection_by_reverse_video() {
    let s = busy_state();
    for name in ui::theme::builtin_names() {
        let theme = ui::colour::for_terminal(
            Theme::builtin(name).expect("builtin"),
            ui::colour::Depth::TrueColor,
            true,
        );
        let buf = render(&s, &theme, 80, 24);
        for cell in buf.content() {
            assert!(
                cell.fg == Color::Reset && cell.bg == Color::Reset,
                "{name}: a colour under NO_COLOR: {cell:?}"
            );
        }
        let reversed: Vec<u16> = (0..buf.area.height)
            .filter(|&y| {
                (1..buf.area.width - 1).all(|x| buf[(x, y)].modifier.contains(Modifier::REVERSED))
            })
            .collect();
        let lines: Vec<String> = text(&buf).lines().map(str::to_owned).collect();
        let selected = s.view.selected_queue.as_deref().expect("a selected queue");
        let queue_name = &s.queues.get(selected).expect("the queue").name;
        assert!(
            reversed
                .iter()
                .any(|&y| lines[y as usize].contains(queue_name.as_str())),
            "{name}: the selected queue row ({queue_name}) is not in reverse video: {:?}",
            reversed
                .iter()
                .map(|&y| &lines[y as usize])
                .collect::<Vec<_>>()
        );
        insta::assert_snapshot!(format!("no_color_{name}_selection"), styles(&buf));
    }
}

#[test]
fn default_theme_leaves_the_terminal_colours_alone() {
    let buf = render(&busy_state(), &default_theme(), 80, 24);
    for cell in buf.content() {
        for c in [cell.fg, cell.bg] {
            assert!(
                !matches!(c, Color::Rgb(..) | Color::Indexed(_)),
                "default theme uses only the 16 ANSI colours"
            );
        }
    }
}

#[test]
fn levels_are_words_not_just_colour() {
    let s = busy_state();
    let mono = Theme::builtin("mono").expect("mono");
    let t = text(&render(&s, &mono, 80, 24));
    assert!(t.contains(Level::Alert.label()));
    assert!(t.contains(Level::Warn.label()));
}

/// Every sortable header shows the arrow when the rows are sorted by it, numeric ones
/// too (CALLERS was exactly as wide as its column, and the arrow was cut), and the
/// title names the column by its header.
#[test]
fn every_sorted_header_shows_its_arrow() {
    use evtop::app::state::{AgentColumn, QueueColumn, Sort};
    for column in QueueColumn::ALL {
        let mut s = busy_state();
        s.view.queue_sort = Sort {
            column,
            descending: true,
        };
        let t = text(&render(&s, &default_theme(), 80, 24));
        let header = t.lines().nth(1).unwrap_or_default();
        let title = t.lines().next().unwrap_or_default();
        if !header.contains(column.title()) {
            continue; // not shown at 80 columns
        }
        assert!(
            header.contains(&format!("{}↓", column.title())),
            "{column:?}: {header}"
        );
        assert!(
            title.contains(&format!("sort: {} ↓", column.title())),
            "{title}"
        );
    }
    let mut s = busy_state();
    s.view.agent_sort = Sort {
        column: AgentColumn::InState,
        descending: true,
    };
    let t = text(&render(&s, &default_theme(), 80, 24));
    assert!(t.contains("IN STATE↓"), "{t}");
}

/// The key hint bar names the focused pane's keys (from the keymap, so a remapped key
/// shows as it is), then the few meant everywhere; at 80 columns what does not fit is
/// dropped and `? help` stays.
#[test]
fn hint_bar_for_the_focused_pane() {
    use evtop::app::state::Pane;
    let mut s = busy_state();
    s.view.focus = Pane::Agents;
    let wide = text(&render(&s, &default_theme(), 120, 40));
    let bar = wide.lines().nth(38).unwrap_or_default().to_owned();
    assert!(
        bar.contains("w end wrap-up") && bar.contains("? help"),
        "{bar}"
    );
    insta::assert_snapshot!("hints_agents_120x40", wide);
    let narrow = text(&render(&s, &default_theme(), 80, 24));
    let bar = narrow.lines().nth(22).unwrap_or_default().to_owned();
    assert!(bar.contains("? help"), "{bar}");
    assert!(bar.trim_end().chars().count() <= 80);
    insta::assert_snapshot!("hints_agents_80x24", narrow);
    // A remapped key shows as it is.
    s.keymap = evtop::config::keys::with_overrides(
        &s.keymap,
        &"terminate_wrapup = \"W\"\n".parse().unwrap(),
    )
    .unwrap();
    let bar = text(&render(&s, &default_theme(), 120, 40))
        .lines()
        .nth(38)
        .unwrap_or_default()
        .to_owned();
    assert!(bar.contains("W end wrap-up"), "{bar}");
}

/// The event log scrolled to its top shows a full pane of the oldest entries (it showed
/// an empty pane titled "13 newer below", and each j added one line), and one j later
/// the window moves by one.
#[test]
fn the_event_log_scrolled_to_the_top_is_a_full_pane() {
    use crossterm::event::{KeyCode, KeyEvent};
    use evtop::app::state::{LogKind, LogLevel};
    let mut s = busy_state();
    s.log.entries.clear();
    for i in 0..40 {
        s.add_log(LogKind::Action, LogLevel::Info, format!("entry {i:02}"));
    }
    update(&mut s, Event::Key(KeyEvent::from(KeyCode::Char('5'))));
    // What the runner does after a frame: tell the app how many rows the pane has.
    let mut term = ratatui::Terminal::new(ratatui::backend::TestBackend::new(120, 40)).unwrap();
    let mut rows = 0;
    term.draw(|f| rows = ui::draw_measured(f, &s, &default_theme()).log_rows)
        .unwrap();
    assert!(rows > 0 && rows < 40, "{rows}");
    update(&mut s, Event::LogRows(rows));
    update(&mut s, Event::Key(KeyEvent::from(KeyCode::Char('g'))));
    let top = text(&render(&s, &default_theme(), 120, 40));
    let hidden = 40 - rows as usize;
    assert!(top.contains(&format!("{hidden} newer below")), "{top}");
    assert!(top.contains("entry 00"), "the oldest entry shows: {top}");
    let last_shown = format!("entry {:02}", rows - 1);
    assert!(top.contains(&last_shown), "a full pane: {top}");
    update(&mut s, Event::Key(KeyEvent::from(KeyCode::Char('j'))));
    let next = text(&render(&s, &default_theme(), 120, 40));
    assert!(!next.contains("entry 00") && next.contains(&format!("entry {:02}", rows)));
    assert!(
        next.contains(&format!("{} newer below", hidden - 1)),
        "{next}"
    );
}

/// `z` gives the focused pane the whole screen (the status line says so), `z` again
/// brings the layout back.
#[test]
fn zoom_gives_the_focused_pane_the_screen() {
    use crossterm::event::{KeyCode, KeyEvent};
    let mut s = busy_state();
    update(&mut s, Event::Key(KeyEvent::from(KeyCode::Char('2'))));
    update(&mut s, Event::Key(KeyEvent::from(KeyCode::Char('z'))));
    let zoomed = text(&render(&s, &default_theme(), 80, 24));
    assert!(!zoomed.contains("Queues ("), "{zoomed}");
    assert!(
        zoomed.contains("Agents (10)") && zoomed.contains("ZOOM"),
        "{zoomed}"
    );
    insta::assert_snapshot!("zoom_agents_80x24", zoomed);
    update(&mut s, Event::Key(KeyEvent::from(KeyCode::Char('z'))));
    let back = text(&render(&s, &default_theme(), 80, 24));
    assert!(
        back.contains("Queues (") && !back.contains("ZOOM"),
        "{back}"
    );
}

/// On a tiny wall (30×6) the callers still show: the queue name gives up width.
#[test]
fn a_tiny_wall_still_shows_the_callers() {
    let mut s = busy_state();
    s.wall = true;
    let t = text(&render(&s, &default_theme(), 30, 6));
    assert!(t.contains("CALLERS"), "{t}");
    let header = t.lines().nth(1).unwrap_or_default();
    let at = header.find("CALLERS").unwrap();
    let row = t.lines().nth(2).unwrap_or_default();
    let cell: String = row
        .chars()
        .skip(header[..at].chars().count())
        .take(7)
        .collect();
    assert!(
        cell.trim().parse::<i64>().is_ok(),
        "a number under CALLERS, got {cell:?}: {t}"
    );
}

/// Rows out of view are said on the frame: "↓ N more" below, "↑ N more" above once the
/// selection has moved down, with N the rows really hidden.
#[test]
fn rows_out_of_view_are_counted_on_the_frame() {
    use crossterm::event::{KeyCode, KeyEvent};
    let mut s = busy_state();
    update(&mut s, Event::Key(KeyEvent::from(KeyCode::Char('2'))));
    update(&mut s, Event::Key(KeyEvent::from(KeyCode::Char('z'))));
    // Zoomed agents at 80x10: frame, header, 6 rows of 10 (a hint-less small screen).
    let t = text(&render(&s, &default_theme(), 80, 10));
    // Rows: between the header line and the bottom frame.
    let shown = t.lines().count() - 4;
    assert!(
        t.contains(&format!("↓ {} more", 10 - shown)),
        "{shown} shown: {t}"
    );
    assert!(
        !t.lines().next().unwrap().contains("more"),
        "nothing above: {t}"
    );
    update(&mut s, Event::Key(KeyEvent::from(KeyCode::Char('G'))));
    let t = text(&render(&s, &default_theme(), 80, 10));
    assert!(
        t.lines()
            .next()
            .unwrap()
            .contains(&format!("↑ {} more", 10 - shown)),
        "{t}"
    );
    assert!(!t.contains("↓"), "{t}");
}

/// With `--mouse`, a click focuses the pane under it and selects the row under it (the
/// runner hands the app where each pane was drawn).
#[test]
fn a_click_focuses_the_pane_and_selects_the_row() {
    use evtop::app::panes::agents::visible as visible_agents;
    let mut s = busy_state();
    let mut term = ratatui::Terminal::new(ratatui::backend::TestBackend::new(120, 40)).unwrap();
    let mut vp = ui::Viewport::default();
    term.draw(|f| vp = ui::draw_measured(f, &s, &default_theme()))
        .unwrap();
    let agents = *vp
        .panes
        .iter()
        .find(|a| a.pane == Pane::Agents)
        .expect("the agents pane was drawn");
    update(&mut s, Event::PaneAreas(vp.panes.clone()));
    assert_eq!(s.view.focus, Pane::Queues);
    // Frame, header, then rows: the third row.
    update(
        &mut s,
        Event::Click {
            col: agents.x + 5,
            row: agents.y + 2 + 2,
        },
    );
    assert_eq!(s.view.focus, Pane::Agents);
    let third = visible_agents(&s)[2].id.clone();
    assert_eq!(s.view.selected_agent.as_deref(), Some(third.as_str()));
    // A click on the header only focuses.
    update(
        &mut s,
        Event::Click {
            col: agents.x + 5,
            row: agents.y + 1,
        },
    );
    assert_eq!(s.view.selected_agent.as_deref(), Some(third.as_str()));
}

/// Queue names alike for longer than the column (a tenant's "Customer Service Finland –
/// …" queues) stay told apart on screen: their ends are kept.
#[test]
fn queue_names_with_a_long_shared_start_stay_distinct() {
    let mut s = busy_state();
    let ids: Vec<String> = s.queues.keys().take(2).cloned().collect();
    for (id, tail) in ids.iter().zip(["Sales", "Support"]) {
        s.queues.get_mut(id).expect("queue").name = format!("Customer Service Finland – {tail}");
    }
    let t = text(&render(&s, &default_theme(), 80, 24));
    assert!(t.contains("– Sales") && t.contains("– Support"), "{t}");
}

/// Shift + a header's underlined letter sorts by that column, worst first; again reverses.
#[test]
fn a_headers_underlined_letter_sorts_by_it() {
    use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
    let mut s = busy_state();
    let buf = render(&s, &default_theme(), 120, 40);
    let (x, y) = find(&buf, "CALLERS").expect("the CALLERS header");
    assert!(
        buf[(x, y)].modifier.contains(Modifier::UNDERLINED),
        "the C of CALLERS is underlined"
    );
    let shift_c = Event::Key(KeyEvent::new(KeyCode::Char('C'), KeyModifiers::SHIFT));
    update(&mut s, shift_c.clone());
    let t = text(&render(&s, &default_theme(), 120, 40));
    assert!(
        t.contains("sort: CALLERS ↓") && t.contains("CALLERS↓"),
        "{t}"
    );
    // The rows are in worst-first order: callers read down the column never rise.
    let callers: Vec<i64> = evtop::app::panes::queues::visible(&s)
        .iter()
        .map(|q| q.waiting)
        .collect();
    assert!(callers.windows(2).all(|w| w[0] >= w[1]), "{callers:?}");
    update(&mut s, shift_c);
    let t = text(&render(&s, &default_theme(), 120, 40));
    assert!(t.contains("sort: CALLERS ↑"), "{t}");
}
