//! `[keys]` in the config file: rebinding actions.
//!
//! ```toml
//! [keys]
//! terminate_wrapup = "W"            # one key
//! palette = [":", "Ctrl-p"]         # or several
//! quit = "F10"
//! ```
//!
//! A named action (its name: `Action::name`) loses its default keys and gets the given
//! ones, in the same pane and with the same description (so `?` stays right). Unknown actions, unreadable keys, a key
//! bound twice in one pane, and a server action on Ctrl-D/Ctrl-K are errors.

use crate::app::keymap::{Action, Binding, Chord, Context, Keymap};
use crossterm::event::{KeyCode, KeyModifiers};

/// The action of a `[keys]` key (see `Action::name`).
pub fn action_by_name(name: &str) -> Option<Action> {
    Action::by_name(name)
}

/// Reads a key: `x`, `X`, `Ctrl-x`, `Alt-x`, `Enter`, `Esc`, `Tab`, `Shift-Tab`, `Space`,
/// `Up`/`Down`/`Left`/`Right`, `PgUp`/`PgDn`, `Home`, `End`, `F1`…`F12`.
pub fn parse_chord(text: &str) -> Result<Chord, String> {
    let bad = || format!("cannot read the key “{text}”");
    let mut mods = KeyModifiers::NONE;
    let mut rest = text.trim();
    loop {
        let lower = rest.to_ascii_lowercase();
        if let Some(r) = lower
            .strip_prefix("ctrl-")
            .or_else(|| lower.strip_prefix("c-"))
        {
            mods |= KeyModifiers::CONTROL;
            rest = &rest[rest.len() - r.len()..];
        } else if let Some(r) = lower
            .strip_prefix("alt-")
            .or_else(|| lower.strip_prefix("m-"))
        {
            mods |= KeyModifiers::ALT;
            rest = &rest[rest.len() - r.len()..];
        } else {
            break;
        }
    }
    let mut chars = rest.chars();
    let code = match (chars.next(), chars.next()) {
        (Some(c), None) => {
            let c = if mods.contains(KeyModifiers::CONTROL) {
                c.to_ascii_lowercase()
            } else {
                c
            };
            KeyCode::Char(c)
        }
        _ => match rest.to_ascii_lowercase().as_str() {
            "enter" | "return" => KeyCode::Enter,
            "esc" | "escape" => KeyCode::Esc,
            "tab" => KeyCode::Tab,
            "shift-tab" | "backtab" => KeyCode::BackTab,
            "space" => KeyCode::Char(' '),
            "up" => KeyCode::Up,
            "down" => KeyCode::Down,
            "left" => KeyCode::Left,
            "right" => KeyCode::Right,
            "pgup" | "pageup" => KeyCode::PageUp,
            "pgdn" | "pagedown" => KeyCode::PageDown,
            "home" => KeyCode::Home,
            "end" => KeyCode::End,
            f if f.starts_with('f') => match f[1..].parse::<u8>() {
                Ok(n @ 1..=12) => KeyCode::F(n),
                _ => return Err(bad()),
            },
            _ => return Err(bad()),
        },
    };
    Ok(Chord { code, mods })
}

fn chords_of(name: &str, value: &toml::Value) -> Result<Vec<Chord>, String> {
    let texts: Vec<&str> = match value {
        toml::Value::String(s) => vec![s.as_str()],
        toml::Value::Array(items) => items
            .iter()
            .map(|v| {
                v.as_str()
                    .ok_or_else(|| format!("[keys] {name}: keys are strings like \"Ctrl-x\""))
            })
            .collect::<Result<_, _>>()?,
        _ => return Err(format!("[keys] {name}: give a key or a list of keys")),
    };
    if texts.is_empty() {
        return Err(format!("[keys] {name}: give at least one key"));
    }
    texts
        .into_iter()
        .map(|t| parse_chord(t).map_err(|e| format!("[keys] {name}: {e}")))
        .collect()
}

/// The keymap with the `[keys]` table applied.
pub fn with_overrides(base: &Keymap, table: &toml::Table) -> Result<Keymap, String> {
    let mut km = base.clone();
    for (name, value) in table {
        let action = action_by_name(name).ok_or_else(|| {
            format!(
                "[keys] {name}: no such action; known: {}",
                Action::ALL
                    .iter()
                    .map(|a| a.name())
                    .collect::<Vec<_>>()
                    .join(", ")
            )
        })?;
        let chords = chords_of(name, value)?;
        // Every pane the action is bound in (Enter is `details` in two) keeps it.
        let mut contexts: Vec<Context> = Vec::new();
        for b in km.bindings.iter().filter(|b| b.action == action) {
            if !contexts.contains(&b.context) {
                contexts.push(b.context);
            }
        }
        if contexts.is_empty() {
            return Err(format!("[keys] {name}: this action has no default binding"));
        }
        if action.is_destructive()
            && chords
                .iter()
                .any(|c| *c == Chord::ctrl('d') || *c == Chord::ctrl('k'))
        {
            return Err(format!(
                "[keys] {name}: a server action may not sit on Ctrl-D or Ctrl-K"
            ));
        }
        km.bindings.retain(|b| b.action != action);
        for chord in chords {
            for &context in &contexts {
                km.bindings.push(Binding {
                    chord,
                    action,
                    context,
                });
            }
        }
    }
    // A key may mean one thing where it applies: two actions on one key in one pane, or
    // a pane's key that hides a key meant everywhere, is refused when the file made it.
    let rebound: Vec<Action> = table
        .keys()
        .filter_map(|name| action_by_name(name))
        .collect();
    for (i, a) in km.bindings.iter().enumerate() {
        let overlap = |b: &&Binding| {
            b.chord == a.chord
                && b.action != a.action
                && (b.context == a.context
                    || b.context == Context::Global
                    || a.context == Context::Global)
                && (rebound.contains(&a.action) || rebound.contains(&b.action))
        };
        if let Some(b) = km.bindings[i + 1..].iter().find(overlap) {
            return Err(format!(
                "[keys]: {} is bound to both “{}” ({}) and “{}” ({})",
                a.chord.label(),
                a.action.desc(),
                a.action.name(),
                b.action.desc(),
                b.action.name()
            ));
        }
    }
    Ok(km)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::pane::Pane;
    use crossterm::event::KeyEvent;

    fn table(text: &str) -> toml::Table {
        text.parse().expect("toml")
    }

    #[test]
    fn an_action_bound_in_two_panes_is_rebound_in_both() {
        let km = with_overrides(&Keymap::default(), &table("details = \"o\"")).unwrap();
        let o = KeyEvent::from(crossterm::event::KeyCode::Char('o'));
        let enter = KeyEvent::from(crossterm::event::KeyCode::Enter);
        for pane in [Pane::Agents, Pane::Callbacks] {
            assert_eq!(km.lookup(&o, pane), Some(Action::Details), "{pane:?}");
            assert_eq!(km.lookup(&enter, pane), None, "{pane:?}");
        }
        assert_eq!(km.lookup(&o, Pane::Queues), None);
    }

    #[test]
    fn a_pane_key_that_hides_a_key_meant_everywhere_is_refused() {
        let err =
            with_overrides(&Keymap::default(), &table("terminate_wrapup = \"q\"\n")).unwrap_err();
        assert!(
            err.contains("terminate_wrapup") && err.contains("quit"),
            "{err}"
        );
        // Moving quit away first frees q.
        with_overrides(
            &Keymap::default(),
            &table("quit = \"F10\"\nterminate_wrapup = \"q\"\n"),
        )
        .expect("q is free once quit moved");
    }

    #[test]
    fn chords_parse() {
        assert_eq!(parse_chord("x").unwrap(), Chord::ch('x'));
        assert_eq!(parse_chord("Ctrl-P").unwrap(), Chord::ctrl('p'));
        assert_eq!(parse_chord("F10").unwrap(), Chord::key(KeyCode::F(10)));
        assert_eq!(parse_chord("Space").unwrap(), Chord::ch(' '));
        assert!(parse_chord("Hyper-x").is_err());
        assert!(parse_chord("F13").is_err());
    }

    #[test]
    fn an_override_replaces_the_default_keys_and_keeps_pane_and_description() {
        let km = with_overrides(
            &Keymap::default(),
            &table("terminate_wrapup = \"W\"\npalette = [\":\", \"Ctrl-p\"]"),
        )
        .unwrap();
        let w = KeyEvent::from(KeyCode::Char('w'));
        let big_w = KeyEvent::from(KeyCode::Char('W'));
        assert_eq!(km.lookup(&w, Pane::Agents), None);
        assert_eq!(
            km.lookup(&big_w, Pane::Agents),
            Some(Action::TerminateWrapUp)
        );
        assert_eq!(
            km.lookup(&big_w, Pane::Queues),
            None,
            "still an agents-pane key"
        );
        let ctrl_p = KeyEvent::new(KeyCode::Char('p'), KeyModifiers::CONTROL);
        assert_eq!(km.lookup(&ctrl_p, Pane::Queues), Some(Action::Palette));
        assert!(km
            .help()
            .iter()
            .any(|(_, rows)| rows.iter().any(|(k, _)| k == "W")));
    }

    #[test]
    fn bad_overrides_are_refused_with_a_reason() {
        let base = Keymap::default();
        let e = with_overrides(&base, &table("nope = \"x\"")).unwrap_err();
        assert!(e.contains("no such action"), "{e}");
        let e = with_overrides(&base, &table("close_callback = \"Ctrl-d\"")).unwrap_err();
        assert!(e.contains("Ctrl-D"), "{e}");
        let e = with_overrides(&base, &table("help = \"q\"")).unwrap_err();
        assert!(e.contains("bound to both"), "{e}");
        let e = with_overrides(&base, &table("help = 3")).unwrap_err();
        assert!(e.contains("give a key"), "{e}");
    }
}
