//! The keymap as data: every binding has a key chord, an action, the pane it applies to and
//! a description. The `?` help is generated from it.

use super::state::Pane;
use crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};

/// What a key asks for. Actions that change something on the server come with issue 5
/// and are marked destructive.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Action {
    Up,
    Down,
    PageUp,
    PageDown,
    Top,
    Bottom,
    NextPane,
    PrevPane,
    /// Enter: on a queue, show its agents.
    Drill,
    /// Esc: undo the drill-down and the pane's filter.
    Back,
    Filter,
    Sort,
    SortReverse,
    StateFilter,
    CycleTheme,
    Help,
    Refresh,
    Quit,
    /// Ctrl-C.
    Interrupt,
    /// `:` opens the command palette.
    Palette,
    ShowQueues,
    ShowAgents,
    ShowCallbacks,
    ShowTranscript,
    ShowLog,
    /// Transcript: follow the newest phrase, or pause where it is.
    FollowTranscript,
    /// Event log: show one kind of entry (cycles).
    LogKindFilter,
    /// Transcript: an earlier / a later call of the agent.
    OlderCall,
    NewerCall,
    /// Server actions (through the one dispatcher, `app::actions`).
    TerminateWrapUp,
    SetAvailability,
    AutoAllocate,
    AllocateCallback,
    CloseCallback,
    CallBack,
}

impl Action {
    /// View changes only: what a read-only wall display allows.
    /// Server actions pass here and are refused by the one dispatcher itself.
    pub fn allowed_in_wall(self) -> bool {
        !matches!(self, Action::Filter | Action::Palette)
    }

    /// Changes something on the server (never bound to Ctrl-D/Ctrl-K).
    pub fn is_destructive(self) -> bool {
        matches!(
            self,
            Action::TerminateWrapUp
                | Action::SetAvailability
                | Action::AutoAllocate
                | Action::AllocateCallback
                | Action::CloseCallback
                | Action::CallBack
        )
    }
}

/// A key with modifiers. For characters, Shift is part of the character itself.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Chord {
    pub code: KeyCode,
    pub mods: KeyModifiers,
}

impl Chord {
    pub const fn key(code: KeyCode) -> Chord {
        Chord {
            code,
            mods: KeyModifiers::NONE,
        }
    }

    pub const fn ch(c: char) -> Chord {
        Chord::key(KeyCode::Char(c))
    }

    pub const fn ctrl(c: char) -> Chord {
        Chord {
            code: KeyCode::Char(c),
            mods: KeyModifiers::CONTROL,
        }
    }

    fn significant(code: KeyCode, mods: KeyModifiers) -> KeyModifiers {
        let mods = mods & (KeyModifiers::CONTROL | KeyModifiers::ALT | KeyModifiers::SHIFT);
        match code {
            // Shift is in the character itself; Shift-Tab arrives as BackTab (+Shift).
            KeyCode::Char(_) | KeyCode::BackTab => mods - KeyModifiers::SHIFT,
            _ => mods,
        }
    }

    pub fn matches(&self, key: &KeyEvent) -> bool {
        key.kind != KeyEventKind::Release
            && key.code == self.code
            && Self::significant(key.code, key.modifiers) == Self::significant(self.code, self.mods)
    }

    /// How the help shows the chord: `q`, `Ctrl-C`, `↑`, `PgDn`.
    pub fn label(&self) -> String {
        let key = match self.code {
            KeyCode::Char(' ') => "Space".to_owned(),
            KeyCode::Char(c) => c.to_string(),
            KeyCode::Up => "↑".into(),
            KeyCode::Down => "↓".into(),
            KeyCode::Left => "←".into(),
            KeyCode::Right => "→".into(),
            KeyCode::PageUp => "PgUp".into(),
            KeyCode::PageDown => "PgDn".into(),
            KeyCode::Home => "Home".into(),
            KeyCode::End => "End".into(),
            KeyCode::Tab => "Tab".into(),
            KeyCode::BackTab => "Shift-Tab".into(),
            KeyCode::Enter => "Enter".into(),
            KeyCode::Esc => "Esc".into(),
            KeyCode::F(n) => format!("F{n}"),
            other => format!("{other:?}"),
        };
        let mut out = String::new();
        if self.mods.contains(KeyModifiers::CONTROL) {
            out.push_str("Ctrl-");
        }
        if self.mods.contains(KeyModifiers::ALT) {
            out.push_str("Alt-");
        }
        out.push_str(&key);
        out
    }
}

/// Where a binding applies; also the help sections.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Context {
    Global,
    Queues,
    Agents,
    Callbacks,
    Transcript,
    Log,
}

impl Context {
    pub fn title(self) -> &'static str {
        match self {
            Context::Global => "Everywhere",
            Context::Queues => "Queues pane",
            Context::Agents => "Agents pane",
            Context::Callbacks => "Callbacks pane",
            Context::Transcript => "Transcript pane",
            Context::Log => "Event log pane",
        }
    }

    fn applies(self, pane: Pane) -> bool {
        match self {
            Context::Global => true,
            Context::Queues => pane == Pane::Queues,
            Context::Agents => pane == Pane::Agents,
            Context::Callbacks => pane == Pane::Callbacks,
            Context::Transcript => pane == Pane::Transcript,
            Context::Log => pane == Pane::Log,
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Binding {
    pub chord: Chord,
    pub action: Action,
    pub context: Context,
    pub description: String,
}

/// All bindings; pane bindings win over global ones.
#[derive(Debug, Clone, PartialEq)]
pub struct Keymap {
    pub bindings: Vec<Binding>,
}

impl Default for Keymap {
    fn default() -> Self {
        use Action::*;
        use Context::*;
        let mut b = Vec::new();
        let mut add = |chords: &[Chord], action: Action, context: Context, desc: &str| {
            for chord in chords {
                b.push(Binding {
                    chord: *chord,
                    action,
                    context,
                    description: desc.to_owned(),
                });
            }
        };
        add(
            &[Chord::key(KeyCode::Up), Chord::ch('k')],
            Up,
            Global,
            "move up",
        );
        add(
            &[Chord::key(KeyCode::Down), Chord::ch('j')],
            Down,
            Global,
            "move down",
        );
        add(
            &[Chord::key(KeyCode::PageUp), Chord::ctrl('u')],
            PageUp,
            Global,
            "page up",
        );
        add(
            &[Chord::key(KeyCode::PageDown), Chord::ctrl('f')],
            PageDown,
            Global,
            "page down",
        );
        add(
            &[Chord::key(KeyCode::Home), Chord::ch('g')],
            Top,
            Global,
            "first row",
        );
        add(
            &[Chord::key(KeyCode::End), Chord::ch('G')],
            Bottom,
            Global,
            "last row",
        );
        add(
            &[Chord::key(KeyCode::Tab), Chord::ch('l')],
            NextPane,
            Global,
            "next pane",
        );
        add(
            &[Chord::key(KeyCode::BackTab), Chord::ch('h')],
            PrevPane,
            Global,
            "previous pane",
        );
        add(
            &[Chord::key(KeyCode::Enter)],
            Drill,
            Queues,
            "show the agents of this queue",
        );
        add(
            &[Chord::key(KeyCode::Esc)],
            Back,
            Global,
            "clear the pane's filter / show all agents",
        );
        add(&[Chord::ch('/')], Filter, Global, "filter rows by text");
        add(&[Chord::ch('s')], Sort, Global, "sort by the next column");
        add(
            &[Chord::ch('S')],
            SortReverse,
            Global,
            "reverse the sort order",
        );
        add(
            &[Chord::ch('f')],
            StateFilter,
            Agents,
            "filter agents by state (all/available/talking/wrap-up/away)",
        );
        add(&[Chord::ch('t')], CycleTheme, Global, "next colour theme");
        add(&[Chord::ch('?')], Help, Global, "this help");
        add(
            &[Chord::ch('r'), Chord::ctrl('r')],
            Refresh,
            Global,
            "reload the REST snapshot (and reconnect when disconnected)",
        );
        add(&[Chord::ch('q')], Quit, Global, "quit");
        add(&[Chord::ctrl('c')], Interrupt, Global, "quit");
        add(
            &[Chord::ch(':')],
            Palette,
            Global,
            "command palette (Tab completes)",
        );
        let panes = "go to 1 queues, 2 agents, 3 callbacks, 4 transcript, 5 event log";
        add(&[Chord::ch('1')], ShowQueues, Global, panes);
        add(&[Chord::ch('2')], ShowAgents, Global, panes);
        add(&[Chord::ch('3')], ShowCallbacks, Global, panes);
        add(&[Chord::ch('4')], ShowTranscript, Global, panes);
        add(&[Chord::ch('5')], ShowLog, Global, panes);
        add(
            &[Chord::ch('w')],
            TerminateWrapUp,
            Agents,
            "terminate the agent's wrap-up (while on wrap-up)",
        );
        add(
            &[Chord::ch('a')],
            SetAvailability,
            Agents,
            "set the agent's availability, with a note",
        );
        add(
            &[Chord::ch('A')],
            AutoAllocate,
            Agents,
            "request a callback allocation for the agent",
        );
        add(
            &[Chord::ch('a')],
            AllocateCallback,
            Callbacks,
            "allocate the request to an agent",
        );
        add(
            &[Chord::ch('x')],
            CloseCallback,
            Callbacks,
            "close the request with a note",
        );
        add(
            &[Chord::ch('c')],
            CallBack,
            Callbacks,
            "call the contact back from your own phone",
        );
        add(
            &[Chord::ch('p'), Chord::ch(' ')],
            FollowTranscript,
            Transcript,
            "pause / follow the newest phrase",
        );
        add(
            &[Chord::ch('[')],
            OlderCall,
            Transcript,
            "the agent's previous / next call",
        );
        add(
            &[Chord::ch(']')],
            NewerCall,
            Transcript,
            "the agent's previous / next call",
        );
        add(
            &[Chord::ch('f')],
            LogKindFilter,
            Log,
            "show one kind of entry (cycles)",
        );
        Keymap { bindings: b }
    }
}

impl Keymap {
    /// The action for a key in a pane; a pane binding wins over a global one.
    pub fn lookup(&self, key: &KeyEvent, pane: Pane) -> Option<Action> {
        let hits = || {
            self.bindings
                .iter()
                .filter(|b| b.context.applies(pane) && b.chord.matches(key))
        };
        hits()
            .find(|b| b.context != Context::Global)
            .or_else(|| hits().next())
            .map(|b| b.action)
    }

    /// Help rows by section: (section, [(keys, description)]), chords with one description
    /// joined.
    pub fn help(&self) -> Vec<(Context, Vec<(String, String)>)> {
        let mut out: Vec<(Context, Vec<(String, String)>)> = Vec::new();
        for ctx in [
            Context::Global,
            Context::Queues,
            Context::Agents,
            Context::Callbacks,
            Context::Transcript,
            Context::Log,
        ] {
            let mut rows: Vec<(Action, String, String)> = Vec::new();
            for b in self.bindings.iter().filter(|b| b.context == ctx) {
                match rows.iter_mut().find(|(_, _, d)| *d == b.description) {
                    Some(row) => {
                        row.1.push('/');
                        row.1.push_str(&b.chord.label());
                    }
                    None => rows.push((b.action, b.chord.label(), b.description.clone())),
                }
            }
            if !rows.is_empty() {
                out.push((ctx, rows.into_iter().map(|(_, k, d)| (k, d)).collect()));
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(code: KeyCode, mods: KeyModifiers) -> KeyEvent {
        KeyEvent::new(code, mods)
    }

    #[test]
    fn vim_keys_and_arrows_move() {
        let km = Keymap::default();
        for k in [
            key(KeyCode::Char('j'), KeyModifiers::NONE),
            key(KeyCode::Down, KeyModifiers::NONE),
        ] {
            assert_eq!(km.lookup(&k, Pane::Queues), Some(Action::Down));
        }
        let shifted = key(KeyCode::Char('G'), KeyModifiers::SHIFT);
        assert_eq!(km.lookup(&shifted, Pane::Agents), Some(Action::Bottom));
        let ctrl_c = key(KeyCode::Char('c'), KeyModifiers::CONTROL);
        assert_eq!(km.lookup(&ctrl_c, Pane::Agents), Some(Action::Interrupt));
        let plain_c = key(KeyCode::Char('c'), KeyModifiers::NONE);
        assert_eq!(km.lookup(&plain_c, Pane::Agents), None);
    }

    #[test]
    fn pane_bindings_apply_only_in_their_pane() {
        let km = Keymap::default();
        let f = key(KeyCode::Char('f'), KeyModifiers::NONE);
        assert_eq!(km.lookup(&f, Pane::Agents), Some(Action::StateFilter));
        assert_eq!(km.lookup(&f, Pane::Queues), None);
    }

    #[test]
    fn every_binding_has_a_description_and_no_chord_is_ambiguous() {
        let km = Keymap::default();
        for (i, a) in km.bindings.iter().enumerate() {
            assert!(!a.description.trim().is_empty(), "{a:?}");
            for b in &km.bindings[i + 1..] {
                assert!(
                    !(a.chord == b.chord && a.context == b.context),
                    "{a:?} and {b:?} share a key"
                );
            }
        }
    }

    #[test]
    fn destructive_actions_never_sit_on_ctrl_d_or_ctrl_k() {
        let km = Keymap::default();
        for b in &km.bindings {
            if b.action.is_destructive() {
                assert_ne!(b.chord, Chord::ctrl('d'));
                assert_ne!(b.chord, Chord::ctrl('k'));
            }
        }
    }

    #[test]
    fn help_is_generated_from_the_bindings() {
        let help = Keymap::default().help();
        let global = &help[0].1;
        assert!(global.contains(&("↑/k".to_owned(), "move up".to_owned())));
        assert!(global.contains(&("q/Ctrl-c".to_owned(), "quit".to_owned())));
        assert!(help.iter().any(|(c, _)| *c == Context::Agents));
    }
}
