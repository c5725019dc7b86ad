//! Snapshots of the real `draw()` for the panes and prompts of the actions: transcript
//! (intermediate → final), callbacks, event log, palette, confirm prompt, agent picker,
//! error toast, help.

use crate::actions_support;

use actions_support::*;
use crossterm::event::KeyCode;
use evtop::app::fixture::fixed_now;
use evtop::app::{update, ActionError, Event, Failure};
use ratatui::buffer::Buffer;
use ratatui::style::Modifier;
use ui_support::{render, text};

use crate::ui_support;

/// Where `needle` starts on screen (column, row).
fn find(buf: &Buffer, needle: &str) -> Option<(u16, u16)> {
    let want: Vec<String> = needle.chars().map(|c| c.to_string()).collect();
    let w = buf.area.width;
    for y in 0..buf.area.height {
        for x in 0..w {
            let fits = (x as usize + want.len()) <= w as usize;
            if fits
                && want
                    .iter()
                    .zip(x..)
                    .all(|(c, cx)| buf[(cx, y)].symbol() == c.as_str())
            {
                return Some((x, y));
            }
        }
    }
    None
}

#[test]
fn transcript_pane_intermediate_then_final() {
    let mut s = transcript_state();
    let buf = render(&s, 100, 34);
    let t = text(&buf);
    assert!(
        t.contains("Kiitos, löysin…"),
        "intermediate shown with …\n{t}"
    );
    let (x, y) = find(&buf, "Kiitos, löysin").expect("on screen");
    assert!(
        buf[(x, y)].style().add_modifier.contains(Modifier::DIM),
        "intermediate is dim"
    );
    assert!(t.contains("?47%"), "low confidence marked\n{t}");
    insta::assert_snapshot!("transcript_intermediate_100x34", t);

    update(
        &mut s,
        phrase(
            "u-aino",
            "call-1",
            "ph-final",
            fixed_now(),
            1,
            "Kiitos, löysin tiedot. Laskussa on kaksi kuukautta.",
            20_900,
            false,
            0.9,
        ),
    );
    let buf = render(&s, 100, 34);
    let t = text(&buf);
    assert!(!t.contains("löysin…"), "replaced in place\n{t}");
    let (x, y) = find(&buf, "Kiitos, löysin tiedot.").expect("final on screen");
    assert!(!buf[(x, y)].style().add_modifier.contains(Modifier::DIM));
    insta::assert_snapshot!("transcript_final_100x34", t);
}

#[test]
fn callbacks_pane() {
    let mut s = callbacks_state();
    update(&mut s, key('3'));
    let t = text(&render(&s, 120, 36));
    for want in [
        "Matti Meikäläinen",
        "Support call",
        "Eero Korhonen",
        "No answer",
        "▲ in 40m soon",
        "■ expired",
        "unassigned",
    ] {
        assert!(t.contains(want), "lacks {want:?}\n{t}");
    }
    insta::assert_snapshot!("callbacks_120x36", t);
}

#[test]
fn callbacks_on_a_small_terminal_take_the_queues_place_not_the_agents() {
    let mut s = callbacks_state();
    update(&mut s, key('3'));
    let t = text(&render(&s, 80, 24));
    assert!(t.contains("Callbacks (4)"), "{t}");
    assert!(
        t.contains("Agents (10)") && t.contains("Aino Virtanen"),
        "{t}"
    );
    assert!(!t.contains("Queues (6)"), "{t}");
    insta::assert_snapshot!("callbacks_80x24", t);
}

#[test]
fn event_log_pane_on_a_wide_terminal() {
    let mut s = callbacks_state();
    update(&mut s, key('5'));
    update(
        &mut s,
        Event::ActionDone {
            what: "Set Pekka Salminen to DoNotDisturb".into(),
            result: Ok(String::new()),
        },
    );
    update(
        &mut s,
        Event::ActionDone {
            what: "Auto-allocation for Aino Virtanen".into(),
            result: Err(ActionError::new(
                Failure::NotFound,
                "not found (404): POST /callbacks/auto-allocation-request",
            )),
        },
    );
    s.toasts.clear();
    let t = text(&render(&s, 200, 40));
    assert!(t.contains("Event log (3)"), "connection + two results\n{t}");
    insta::assert_snapshot!("eventlog_200x40", t);
}

#[test]
fn palette_with_candidates() {
    let mut s = callbacks_state();
    update(&mut s, key(':'));
    type_text(&mut s, "a");
    let t = text(&render(&s, 100, 30));
    for want in [
        "agent NAME",
        "availability STATE",
        "allocate [AGENT]",
        "auto-allocate",
    ] {
        assert!(t.contains(want), "lacks {want:?}\n{t}");
    }
    insta::assert_snapshot!("palette_100x30", t);
    type_text(&mut s, "gent ");
    let t = text(&render(&s, 100, 30));
    assert!(t.contains("Aino Virtanen") && t.contains("… 2 more"), "{t}");
}

#[test]
fn confirm_prompt() {
    let mut s = callbacks_state();
    update(&mut s, key('2'));
    s.view.selected_agent = Some("u-helmi".into());
    update(&mut s, key('w'));
    let t = text(&render(&s, 80, 24));
    assert!(t.contains("Terminate wrap-up of Helmi Mäkinen? y/N"), "{t}");
    insta::assert_snapshot!("confirm_80x24", t);
}

#[test]
fn agent_picker_prompt() {
    let mut s = callbacks_state();
    update(&mut s, key('3'));
    update(&mut s, key('a'));
    type_text(&mut s, "ee");
    let t = text(&render(&s, 100, 30));
    assert!(
        // The picker's rows start "│ " (the agents pane behind it: "│Aino…").
        t.contains("Search: ee") && t.contains("│ Eero Korhonen") && !t.contains("│ Aino Virtanen"),
        "{t}"
    );
    insta::assert_snapshot!("agent_picker_100x30", t);
    update(&mut s, code(KeyCode::Esc));
}

#[test]
fn error_toast() {
    let mut s = callbacks_state();
    update(
        &mut s,
        Event::ActionDone {
            what: "Terminate wrap-up of Helmi Mäkinen".into(),
            result: Err(ActionError::new(
                Failure::Conflict,
                "conflict (409) on POST /users/u-helmi/wrapup/terminate/: The user has no wrap-up running",
            )),
        },
    );
    // On the message line (the hint bar's row), never over a pane; the event log keeps
    // the whole sentence with its method, path and status.
    let t = text(&render(&s, 200, 30));
    let line = t.lines().nth(28).unwrap_or_default();
    assert!(
        line.contains(
            "✖ Terminate wrap-up of Helmi Mäkinen failed: it changed meanwhile — reloading"
        ),
        "{t}"
    );
    insta::assert_snapshot!("error_toast_200x30", t);
    let narrow = text(&render(&s, 80, 24));
    let line = narrow.lines().nth(22).unwrap_or_default();
    assert!(
        line.contains("— reloading"),
        "the advice fits 80 columns: {narrow}"
    );
    assert!(
        s.log
            .entries
            .back()
            .unwrap()
            .text
            .contains("POST /users/u-helmi/wrapup/terminate/"),
        "the log has the detail"
    );
    insta::assert_snapshot!("error_toast_80x24", narrow);
}

#[test]
fn help_lists_every_pane_with_its_keys() {
    let mut s = callbacks_state();
    update(&mut s, key('?'));
    let t = text(&render(&s, 120, 50));
    for section in [
        "Everywhere",
        "Queues pane",
        "Agents pane",
        "Callbacks pane",
        "Transcript pane",
        "Event log pane",
    ] {
        assert!(t.contains(section), "lacks {section}\n{t}");
    }
    for b in &s.keymap.bindings {
        let desc = b.action.desc();
        assert!(t.contains(desc), "lacks {desc:?}");
    }
    insta::assert_snapshot!("help_120x50", t);
}

/// Enter on a callback request shows all the console knows of it (contact, number, list,
/// message, note, times, agent, attempts); any key closes it, and the pane's keys work
/// again.
#[test]
fn callback_details() {
    let mut s = callbacks_state();
    update(&mut s, key('3'));
    let request = evtop::app::panes::callbacks::selected(&s).unwrap().clone();
    update(
        &mut s,
        Event::Key(crossterm::event::KeyEvent::from(
            crossterm::event::KeyCode::Enter,
        )),
    );
    let t = text(&render(&s, 100, 30));
    for label in [
        "Contact",
        "Number",
        "List",
        "Message",
        "Due",
        "Expires",
        "Attempts",
        "Last attempt",
    ] {
        assert!(t.contains(label), "{label}: {t}");
    }
    assert!(t.contains(&request.contact_name), "{t}");
    assert!(t.contains(&request.contact_number), "{t}");
    insta::assert_snapshot!("callback_details_100x30", t);
    update(&mut s, key('j'));
    assert!(matches!(s.view.mode, evtop::app::state::Mode::Normal));
    assert!(!text(&render(&s, 100, 30)).contains("any key closes"));
}

/// Enter on the agents pane shows the selected agent in full, with every queue the agent
/// is attached to; any key closes it.
#[test]
fn agent_details_list_the_queues_the_agent_serves() {
    let mut s = callbacks_state();
    update(&mut s, key('2'));
    s.view.selected_agent = Some("u-aino".into());
    let expected: Vec<String> = s
        .members
        .iter()
        .filter(|(_, users)| users.contains("u-aino"))
        .map(|(q, _)| s.queues[q].name.clone())
        .collect();
    assert!(!expected.is_empty(), "the fixture attaches Aino to queues");
    update(
        &mut s,
        Event::Key(crossterm::event::KeyEvent::from(
            crossterm::event::KeyCode::Enter,
        )),
    );
    let t = text(&render(&s, 100, 30));
    assert!(t.contains("Agent — any key closes"), "{t}");
    assert!(
        t.contains(&format!("Queues       {}:", expected.len())),
        "{t}"
    );
    for name in &expected {
        assert!(t.contains(name.as_str()), "{name}: {t}");
    }
    insta::assert_snapshot!("agent_details_100x30", t);
    update(&mut s, key('x'));
    let t = text(&render(&s, 100, 30));
    assert!(
        !t.contains("Agent — any key closes"),
        "closed by any key: {t}"
    );
}
