//! The `?` help scrolls when it does not fit the screen: j/k, PgUp/PgDn, Home/End, with
//! a "more ↓" / "↑ more" hint on its frame.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use evtop::app::fixture::busy_state;
use evtop::app::state::{Mode, State};
use evtop::app::{update, Event};

const W: u16 = 80;
const H: u16 = 24;

use crate::ui_support;

use ui_support::{render, text};

fn screen(state: &State) -> String {
    text(&render(state, W, H))
}

fn press(state: &mut State, code: KeyCode) {
    update(state, Event::Key(KeyEvent::new(code, KeyModifiers::NONE)));
}

/// The console at 80×24 (as the runner records it) with the help open.
fn help_open() -> State {
    let mut s = busy_state();
    s.view.screen_rows = H;
    s.view.screen_cols = W;
    press(&mut s, KeyCode::Char('?'));
    assert!(matches!(s.view.mode, Mode::Help));
    s
}

/// The rows inside the help frame (between its top and bottom border).
fn help_rows(screen: &str) -> Vec<String> {
    screen
        .lines()
        .skip(1)
        .take(H as usize - 2)
        .map(str::to_owned)
        .collect()
}

#[test]
fn help_at_80x24_shows_more_below() {
    let s = help_open();
    let t = screen(&s);
    assert!(t.contains("more ↓"), "{t}");
    assert!(!t.contains("↑ more"), "{t}");
    assert!(
        t.contains("Keys — Esc closes · j/k PgUp/PgDn scroll"),
        "{t}"
    );
    insta::assert_snapshot!("help_scroll_top_80x24", t);
}

#[test]
fn every_binding_can_be_scrolled_into_view() {
    let mut s = help_open();
    let mut seen = String::new();
    let mut last = String::new();
    for _ in 0..200 {
        let t = screen(&s);
        seen.push_str(&t);
        if t == last {
            break;
        }
        last = t;
        press(&mut s, KeyCode::Char('j'));
    }
    assert!(
        !last.contains("more ↓"),
        "the end shows no more below:\n{last}"
    );
    assert!(last.contains("↑ more"), "{last}");
    // Long descriptions wrap onto a second line: compare word sequences.
    let words: String = seen
        .lines()
        .map(|l| l.trim_matches(|c: char| c == '│' || c.is_whitespace()))
        .collect::<Vec<_>>()
        .join(" ");
    let words = words.split_whitespace().collect::<Vec<_>>().join(" ");
    for b in &s.keymap.bindings {
        assert!(
            words.contains(b.action.desc()),
            "never shown: {:?}",
            b.action.desc()
        );
    }
    assert!(
        last.contains("S-AWAY/L-AWAY"),
        "the last line is reachable:\n{last}"
    );
}

#[test]
fn end_home_and_pages_move_at_once() {
    let mut s = help_open();
    let top = help_rows(&screen(&s));
    press(&mut s, KeyCode::End);
    let bottom = screen(&s);
    assert!(
        bottom.contains("S-AWAY/L-AWAY") && bottom.contains("↑ more"),
        "{bottom}"
    );
    insta::assert_snapshot!("help_scroll_end_80x24", bottom);
    // One k from the end moves one line: no dead key presses past the end.
    press(&mut s, KeyCode::Char('k'));
    let up_one = help_rows(&screen(&s));
    assert_ne!(up_one, help_rows(&bottom));
    assert_eq!(up_one[1..], help_rows(&bottom)[..up_one.len() - 1]);
    press(&mut s, KeyCode::Home);
    assert_eq!(help_rows(&screen(&s)), top);
    press(&mut s, KeyCode::PageDown);
    let paged = help_rows(&screen(&s));
    assert_ne!(paged, top);
    press(&mut s, KeyCode::PageUp);
    assert_eq!(help_rows(&screen(&s)), top);
    // Esc closes; reopening starts at the top.
    press(&mut s, KeyCode::End);
    press(&mut s, KeyCode::Esc);
    assert!(matches!(s.view.mode, Mode::Normal));
    press(&mut s, KeyCode::Char('?'));
    assert_eq!(help_rows(&screen(&s)), top);
}

#[test]
fn a_tall_screen_needs_no_scrolling() {
    let mut s = busy_state();
    s.view.screen_rows = 60;
    s.view.screen_cols = 120;
    press(&mut s, KeyCode::Char('?'));
    let t = text(&render(&s, 120, 60));
    assert!(!t.contains("more ↓") && !t.contains("↑ more"));
    press(&mut s, KeyCode::Char('j'));
    assert_eq!(s.view.help_scroll, 0, "nothing to scroll");
}
