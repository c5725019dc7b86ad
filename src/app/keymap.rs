//! The keymap as data, and the console's one vocabulary of actions: every [`Action`] has
//! one name (the `[keys]` key in the config file, and the `:` palette command spelled with
//! dashes), a description (the help line) and a destructive flag. Bindings tie key chords
//! to actions in a pane; the `?` help is generated from them.

use super::pane::Pane;
use crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};

/// Declares [`Action`] with its name and description in one table, so an action cannot
/// exist without them.
macro_rules! actions {
    ($($(#[$doc:meta])* $variant:ident => $name:literal, $desc:literal;)*) => {
        /// What a key asks for.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum Action {
            $($(#[$doc])* $variant,)*
        }

        impl Action {
            /// Every action, in the order of the table.
            pub const ALL: &'static [Action] = &[$(Action::$variant,)*];

            /// The action's one name: `[keys]` key (and, with dashes, palette command).
            pub fn name(self) -> &'static str {
                match self {
                    $(Action::$variant => $name,)*
                }
            }

            /// What it does, as the help says it.
            pub fn desc(self) -> &'static str {
                match self {
                    $(Action::$variant => $desc,)*
                }
            }
        }
    };
}

actions! {
    Up => "up", "move up";
    Down => "down", "move down";
    PageUp => "page_up", "page up";
    PageDown => "page_down", "page down";
    Top => "top", "first row";
    Bottom => "bottom", "last row";
    NextPane => "next_pane", "next pane";
    PrevPane => "prev_pane", "previous pane";
    /// Enter: on a queue, show its agents.
    Drill => "drill", "show the agents of this queue";
    /// Enter: on a callback request, all the console knows of it.
    Details => "details", "show the selected row in full (any key closes)";
    /// Esc: undo the drill-down and the pane's filter.
    Back => "back", "clear the pane's filter / show all agents";
    Filter => "filter", "filter rows by text";
    Sort => "sort", "sort by the next column";
    SortReverse => "sort_reverse", "reverse the sort order";
    StateFilter => "state_filter", "filter agents by state (all/available/talking/wrap-up/away)";
    CycleTheme => "cycle_theme", "next colour theme";
    /// `z`: the focused pane alone on the screen, and back.
    Zoom => "zoom", "zoom the focused pane to the full screen / back";
    Help => "help", "this help";
    Refresh => "refresh", "reload the REST snapshot (and reconnect when disconnected)";
    Quit => "quit", "quit";
    /// Ctrl-C.
    Interrupt => "interrupt", "quit";
    /// Ctrl-Z: the shell's job control (`fg` resumes with the screen redrawn).
    Suspend => "suspend", "suspend evtop (fg resumes)";
    /// `:` opens the command palette.
    Palette => "palette", "command palette (Tab completes)";
    ShowQueues => "show_queues", "go to 1 queues, 2 agents, 3 callbacks, 4 transcript, 5 event log";
    ShowAgents => "show_agents", "go to 1 queues, 2 agents, 3 callbacks, 4 transcript, 5 event log";
    ShowCallbacks => "show_callbacks", "go to 1 queues, 2 agents, 3 callbacks, 4 transcript, 5 event log";
    ShowTranscript => "show_transcript", "go to 1 queues, 2 agents, 3 callbacks, 4 transcript, 5 event log";
    ShowLog => "show_log", "go to 1 queues, 2 agents, 3 callbacks, 4 transcript, 5 event log";
    /// Transcript: follow the newest phrase, or pause where it is.
    FollowTranscript => "follow", "pause / follow the newest phrase";
    /// Event log: show one kind of entry (cycles).
    LogKindFilter => "log_kind_filter", "show one kind of entry (cycles)";
    /// Transcript: an earlier / a later call of the agent.
    OlderCall => "older_call", "the agent's previous / next call";
    NewerCall => "newer_call", "the agent's previous / next call";
    /// Server actions (through the one dispatcher, `app::actions`).
    TerminateWrapUp => "terminate_wrapup", "terminate the agent's wrap-up (while on wrap-up)";
    SetAvailability => "availability", "set the agent's availability, with a note";
    AutoAllocate => "auto_allocate", "request a callback allocation for the agent";
    AllocateCallback => "allocate", "allocate the request to an agent";
    CloseCallback => "close_callback", "close the request with a note";
    CallBack => "call_back", "call the contact back from your own phone";
}

impl Action {
    /// The word of the key hint bar: what a glance needs, not the help's sentence.
    pub fn hint(self) -> &'static str {
        use Action::*;
        match self {
            Up | Down => "move",
            PageUp | PageDown => "page",
            Top | Bottom => "ends",
            NextPane | PrevPane => "pane",
            Drill => "agents",
            Details => "details",
            Back => "clear",
            Filter => "filter",
            Sort => "sort",
            SortReverse => "reverse",
            StateFilter => "state",
            CycleTheme => "theme",
            Zoom => "zoom",
            Help => "help",
            Refresh => "reload",
            Quit | Interrupt => "quit",
            Suspend => "suspend",
            Palette => "command",
            ShowQueues | ShowAgents | ShowCallbacks | ShowTranscript | ShowLog => "go to",
            FollowTranscript => "follow",
            LogKindFilter => "kind",
            OlderCall | NewerCall => "calls",
            TerminateWrapUp => "end wrap-up",
            SetAvailability => "availability",
            AutoAllocate => "callback",
            AllocateCallback => "allocate",
            CloseCallback => "close",
            CallBack => "call back",
        }
    }
}

/// Earlier `[keys]` names that still work.
const OLD_NAMES: &[(&str, Action)] = &[
    ("set_availability", Action::SetAvailability),
    ("allocate_callback", Action::AllocateCallback),
    ("follow_transcript", Action::FollowTranscript),
];

impl Action {
    /// The action of a `[keys]` key or palette word: `_` and `-` alike, any case.
    pub fn by_name(name: &str) -> Option<Action> {
        let n = name.trim().to_ascii_lowercase().replace('-', "_");
        Action::ALL
            .iter()
            .copied()
            .find(|a| a.name() == n)
            .or_else(|| OLD_NAMES.iter().find(|(k, _)| *k == n).map(|(_, a)| *a))
    }

    /// View changes only: what a read-only wall display allows (a filter only changes
    /// the view; the palette could reach server actions). Server actions pass here and
    /// are refused by the one dispatcher itself.
    pub fn allowed_in_wall(self) -> bool {
        !matches!(self, Action::Palette)
    }

    /// Does something on a read-only wall display (what its help lists).
    pub fn works_on_wall(self) -> bool {
        self.allowed_in_wall() && !self.is_destructive()
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

    /// The pane a context's keys work in (`None`: everywhere).
    pub fn pane(self) -> Option<Pane> {
        match self {
            Context::Global => None,
            Context::Queues => Some(Pane::Queues),
            Context::Agents => Some(Pane::Agents),
            Context::Callbacks => Some(Pane::Callbacks),
            Context::Transcript => Some(Pane::Transcript),
            Context::Log => Some(Pane::Log),
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

/// A key chord bound to an action in a pane (or everywhere).
#[derive(Debug, Clone, PartialEq)]
pub struct Binding {
    pub chord: Chord,
    pub action: Action,
    pub context: Context,
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
        let key = Chord::key;
        let ch = Chord::ch;
        let table: &[(&[Chord], Action, Context)] = &[
            (&[key(KeyCode::Up), ch('k')], Up, Global),
            (&[key(KeyCode::Down), ch('j')], Down, Global),
            (&[key(KeyCode::PageUp), Chord::ctrl('u')], PageUp, Global),
            (
                &[key(KeyCode::PageDown), Chord::ctrl('f')],
                PageDown,
                Global,
            ),
            (&[key(KeyCode::Home), ch('g')], Top, Global),
            (&[key(KeyCode::End), ch('G')], Bottom, Global),
            (&[key(KeyCode::Tab), ch('l')], NextPane, Global),
            (&[key(KeyCode::BackTab), ch('h')], PrevPane, Global),
            (&[key(KeyCode::Enter)], Drill, Queues),
            (&[key(KeyCode::Enter)], Details, Callbacks),
            (&[key(KeyCode::Enter)], Details, Agents),
            (&[key(KeyCode::Esc)], Back, Global),
            (&[ch('/')], Filter, Global),
            (&[ch('s')], Sort, Global),
            (&[ch('S')], SortReverse, Global),
            (&[ch('f')], StateFilter, Agents),
            (&[ch('t')], CycleTheme, Global),
            (&[ch('z')], Zoom, Global),
            (&[ch('?')], Help, Global),
            (&[ch('r'), Chord::ctrl('r')], Refresh, Global),
            (&[ch('q')], Quit, Global),
            (&[Chord::ctrl('c')], Interrupt, Global),
            (&[Chord::ctrl('z')], Suspend, Global),
            (&[ch(':')], Palette, Global),
            (&[ch('1')], ShowQueues, Global),
            (&[ch('2')], ShowAgents, Global),
            (&[ch('3')], ShowCallbacks, Global),
            (&[ch('4')], ShowTranscript, Global),
            (&[ch('5')], ShowLog, Global),
            (&[ch('w')], TerminateWrapUp, Agents),
            (&[ch('a')], SetAvailability, Agents),
            (&[ch('A')], AutoAllocate, Agents),
            (&[ch('a')], AllocateCallback, Callbacks),
            (&[ch('x')], CloseCallback, Callbacks),
            (&[ch('c')], CallBack, Callbacks),
            (&[ch('p'), ch(' ')], FollowTranscript, Transcript),
            (&[ch('[')], OlderCall, Transcript),
            (&[ch(']')], NewerCall, Transcript),
            (&[ch('f')], LogKindFilter, Log),
        ];
        let bindings = table
            .iter()
            .flat_map(|(chords, action, context)| {
                chords.iter().map(|chord| Binding {
                    chord: *chord,
                    action: *action,
                    context: *context,
                })
            })
            .collect();
        Keymap { bindings }
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

    /// The keys of `action`, as the help writes them (`w`, `↑/k`).
    pub fn keys_of(&self, action: Action) -> String {
        self.keys_where(|b| b.action == action)
    }

    /// The keys of `action` bound in `context` only (Enter is `details` in two panes).
    pub fn keys_in(&self, action: Action, context: Context) -> String {
        self.keys_where(|b| b.action == action && b.context == context)
    }

    fn keys_where(&self, keep: impl Fn(&Binding) -> bool) -> String {
        self.bindings
            .iter()
            .filter(|b| keep(b))
            .map(|b| b.chord.label())
            .collect::<Vec<_>>()
            .join("/")
    }

    /// A key that does nothing in `pane` but is bound in another pane: that binding.
    pub fn elsewhere(&self, key: &KeyEvent, pane: Pane) -> Option<&Binding> {
        if self.lookup(key, pane).is_some() {
            return None;
        }
        self.bindings.iter().find(|b| b.chord.matches(key))
    }

    /// Help rows by section: (section, [(keys, description)]), chords with one description
    /// joined.
    pub fn help(&self) -> Vec<(Context, Vec<(String, String)>)> {
        self.help_where(|_| true)
    }

    /// [`Keymap::help`] of the actions that `usable` keeps (a wall lists what works there).
    pub fn help_where(
        &self,
        usable: impl Fn(Action) -> bool,
    ) -> Vec<(Context, Vec<(String, String)>)> {
        let mut out: Vec<(Context, Vec<(String, String)>)> = Vec::new();
        for ctx in [
            Context::Global,
            Context::Queues,
            Context::Agents,
            Context::Callbacks,
            Context::Transcript,
            Context::Log,
        ] {
            let mut rows: Vec<(String, String)> = Vec::new();
            for b in self
                .bindings
                .iter()
                .filter(|b| b.context == ctx && usable(b.action))
            {
                let desc = b.action.desc();
                match rows.iter_mut().find(|(_, d)| d == desc) {
                    Some(row) => {
                        row.0.push('/');
                        row.0.push_str(&b.chord.label());
                    }
                    None => rows.push((b.chord.label(), desc.to_owned())),
                }
            }
            if !rows.is_empty() {
                out.push((ctx, rows));
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
            assert!(!a.action.desc().trim().is_empty(), "{a:?}");
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
    fn every_action_has_one_name_a_description_and_a_key() {
        let km = Keymap::default();
        let mut names = std::collections::BTreeSet::new();
        for &action in Action::ALL {
            let name = action.name();
            assert!(
                !name.is_empty() && name.chars().all(|c| c.is_ascii_lowercase() || c == '_'),
                "{action:?}: {name:?}"
            );
            assert!(names.insert(name), "{name} is used twice");
            assert_eq!(Action::by_name(name), Some(action));
            assert_eq!(Action::by_name(&name.replace('_', "-")), Some(action));
            assert!(!action.desc().trim().is_empty(), "{action:?}");
            assert!(
                km.bindings.iter().any(|b| b.action == action),
                "{action:?} has no default key"
            );
        }
        assert_eq!(names.len(), Action::ALL.len());
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
