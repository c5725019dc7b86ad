//! The replay's controls, apart from the terminal: its clock (speed, pause), the keys it
//! takes before the console does (space, ←/→, Shift+←/→, `[`/`]`, `:goto`), and the
//! status-line badge. Keys it does not take go to the console's `update()`, which refuses
//! server actions during a replay.

use super::player::Player;
use crate::app::state::{Mode, ReplayBadge, ToastLevel};
use crate::app::{update, Effect, Event};
use chrono::{DateTime, Duration, FixedOffset, NaiveTime, Utc};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

/// What a key did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyOutcome {
    Handled,
    Quit,
}

pub struct Control {
    pub player: Player,
    /// The replay clock.
    pub at: DateTime<Utc>,
    pub speed: f64,
    pub paused: bool,
    goto: Option<String>,
    start: DateTime<Utc>,
    end: DateTime<Utc>,
}

/// `HH:MM` or `HH:MM:SS`.
pub fn parse_clock(text: &str) -> Option<NaiveTime> {
    let text = text.trim();
    NaiveTime::parse_from_str(text, "%H:%M:%S")
        .or_else(|_| NaiveTime::parse_from_str(text, "%H:%M"))
        .ok()
}

/// The moment of `clock` (in `offset`'s zone) within `[start, end]`: on the start's day,
/// or the day after for a recording that runs past midnight.
pub fn clock_within(
    clock: NaiveTime,
    offset: FixedOffset,
    start: DateTime<Utc>,
    end: DateTime<Utc>,
) -> Option<DateTime<Utc>> {
    let local_start = start.with_timezone(&offset);
    let mut day = local_start.date_naive();
    for _ in 0..=((end - start).num_days() + 1) {
        let t = day
            .and_time(clock)
            .and_local_timezone(offset)
            .single()?
            .to_utc();
        // Within the recording, or within the second it started in.
        if t >= start - Duration::seconds(1) && t <= end {
            return Some(t.max(start));
        }
        day = day.succ_opt()?;
    }
    None
}

impl Control {
    /// Stands at `from` (or the start), playing at `speed`.
    pub fn new(mut player: Player, speed: f64, from: Option<DateTime<Utc>>) -> Option<Control> {
        let (start, end) = player.span()?;
        let at = from.unwrap_or(start).clamp(start, end);
        player.seek(at);
        let mut c = Control {
            player,
            at,
            speed,
            paused: false,
            goto: None,
            start,
            end,
        };
        c.badge();
        Some(c)
    }

    pub fn span(&self) -> (DateTime<Utc>, DateTime<Utc>) {
        (self.start, self.end)
    }

    /// Moves the clock by `real` time × speed (unless paused); pauses at the end.
    pub fn advance(&mut self, real: std::time::Duration) {
        if self.paused {
            return;
        }
        let step = Duration::nanoseconds((real.as_secs_f64() * self.speed * 1e9) as i64);
        self.jump_to(self.at + step);
        if self.at >= self.end {
            self.paused = true;
            self.badge();
        }
    }

    /// Seeks to `t` (clamped to the recording).
    pub fn jump_to(&mut self, t: DateTime<Utc>) {
        let t = t.clamp(self.start, self.end);
        let moved = t != self.at;
        self.at = t;
        self.player.seek(t);
        if moved {
            self.badge();
        }
    }

    /// Writes the badge into the state (the status line reads it).
    fn badge(&mut self) {
        let skipped = self.player.skipped();
        let state = self.player.state_mut();
        state.replay = Some(ReplayBadge {
            at: self.at,
            speed: self.speed,
            paused: self.paused,
            skipped,
            goto: self.goto.clone(),
        });
        state.dirty = true;
    }

    fn toast(&mut self, text: String) {
        self.player.state_mut().toast(ToastLevel::Info, text);
        self.player.state_mut().dirty = true;
    }

    /// A key: the replay's own, else the console's.
    pub fn key(&mut self, key: KeyEvent) -> KeyOutcome {
        if self.goto.is_some() {
            self.goto_key(key);
            return KeyOutcome::Handled;
        }
        let normal = matches!(self.player.state().view.mode, Mode::Normal);
        let shift = key.modifiers.contains(KeyModifiers::SHIFT);
        if normal {
            let minutes = |n: i64| Duration::minutes(if shift { 10 * n } else { n });
            match key.code {
                KeyCode::Char(' ') => {
                    self.paused = !self.paused;
                    self.badge();
                    return KeyOutcome::Handled;
                }
                KeyCode::Left => {
                    self.jump_to(self.at - minutes(1));
                    return KeyOutcome::Handled;
                }
                KeyCode::Right => {
                    self.jump_to(self.at + minutes(1));
                    return KeyOutcome::Handled;
                }
                KeyCode::Char('[') => {
                    match self.player.previous_mark(self.at) {
                        Some(t) => self.jump_to(t),
                        None => self.toast("No threshold crossing or alert before this".into()),
                    }
                    return KeyOutcome::Handled;
                }
                KeyCode::Char(']') => {
                    match self.player.next_mark(self.at) {
                        Some(t) => self.jump_to(t),
                        None => self.toast("No threshold crossing or alert after this".into()),
                    }
                    return KeyOutcome::Handled;
                }
                KeyCode::Char(':') => {
                    self.goto = Some(String::new());
                    self.badge();
                    return KeyOutcome::Handled;
                }
                _ => {}
            }
        }
        let mut quit = false;
        for effect in update(self.player.state_mut(), Event::Key(key)) {
            match effect {
                Effect::Quit => quit = true,
                Effect::RefreshSnapshot => {
                    self.toast("Replay: the recording's snapshots are what there is".into())
                }
                // A replay talks to no server (actions were refused before this).
                _ => {}
            }
        }
        if quit {
            KeyOutcome::Quit
        } else {
            KeyOutcome::Handled
        }
    }

    /// Typing the `:goto` line (`goto` itself may be typed or not).
    fn goto_key(&mut self, key: KeyEvent) {
        let Some(line) = self.goto.as_mut() else {
            return;
        };
        match key.code {
            KeyCode::Esc => self.goto = None,
            KeyCode::Backspace => {
                line.pop();
            }
            KeyCode::Char(c) if line.chars().count() < 32 => line.push(c),
            KeyCode::Enter => {
                let text = self.goto.take().unwrap_or_default();
                let text = text.trim();
                let clock = text.strip_prefix("goto").unwrap_or(text);
                let offset = self.player.state().utc_offset;
                match parse_clock(clock) {
                    Some(c) => match clock_within(c, offset, self.start, self.end) {
                        Some(t) => self.jump_to(t),
                        None => self.toast(format!(
                            "{} is not in the recording ({}–{})",
                            clock.trim(),
                            self.local(self.start),
                            self.local(self.end)
                        )),
                    },
                    None => self.toast(format!(
                        "goto wants HH:MM or HH:MM:SS, not {}",
                        crate::sanitize::excerpt(clock.trim())
                    )),
                }
            }
            _ => {}
        }
        self.badge();
    }

    fn local(&self, t: DateTime<Utc>) -> String {
        t.with_timezone(&self.player.state().utc_offset)
            .format("%H:%M:%S")
            .to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::fixture::snapshot;
    use crate::app::state::State;
    use crate::record::line::encode;
    use crate::record::read_text;

    fn key(code: KeyCode) -> KeyEvent {
        KeyEvent::new(code, KeyModifiers::NONE)
    }

    /// Ten minutes: a snapshot, then a tick every second.
    fn control() -> (Control, DateTime<Utc>) {
        let t0: DateTime<Utc> = "2026-03-02T10:00:00Z".parse().unwrap();
        let mut text = Vec::new();
        encode(&Event::Snapshot(Box::new(snapshot())), t0, &[], &mut text);
        for s in 1..=600 {
            let t = t0 + Duration::seconds(s);
            encode(&Event::Tick(t), t, &[], &mut text);
        }
        let player = Player::open(read_text(text), State::new(t0));
        (Control::new(player, 4.0, None).unwrap(), t0)
    }

    #[test]
    fn actions_are_refused_and_the_replay_keys_move_its_clock() {
        let (mut c, t0) = control();
        // An action key in the agents pane: refused, nothing sent.
        c.key(key(KeyCode::Char('2')));
        assert_eq!(c.key(key(KeyCode::Char('a'))), KeyOutcome::Handled);
        let toasts: Vec<&str> = c
            .player
            .state()
            .toasts
            .iter()
            .map(|t| t.text.as_str())
            .collect();
        assert!(
            toasts.iter().any(|t| t.to_lowercase().contains("replay")),
            "{toasts:?}"
        );
        assert!(matches!(c.player.state().view.mode, Mode::Normal));
        // Space pauses; the clock then stands still.
        c.key(key(KeyCode::Char(' ')));
        c.advance(std::time::Duration::from_secs(5));
        assert_eq!(c.at, t0);
        // → a minute, Shift+→ ten (clamped to the end), ← a minute back.
        c.key(key(KeyCode::Right));
        assert_eq!(c.at, t0 + Duration::minutes(1));
        c.key(KeyEvent::new(KeyCode::Right, KeyModifiers::SHIFT));
        assert_eq!(c.at, t0 + Duration::minutes(10));
        c.key(key(KeyCode::Left));
        assert_eq!(c.at, t0 + Duration::minutes(9));
        assert_eq!(c.player.state().now, t0 + Duration::minutes(9));
        // :goto 10:02:30
        c.key(key(KeyCode::Char(':')));
        for ch in "10:02:30".chars() {
            c.key(key(KeyCode::Char(ch)));
        }
        assert_eq!(
            c.player.state().replay.as_ref().unwrap().goto.as_deref(),
            Some("10:02:30")
        );
        c.key(key(KeyCode::Enter));
        assert_eq!(c.at, t0 + Duration::seconds(150));
        let badge = c.player.state().replay.clone().unwrap();
        assert!(badge.paused && badge.goto.is_none());
        // Playing at ×4: 2 s later the clock is 8 s on.
        c.key(key(KeyCode::Char(' ')));
        c.advance(std::time::Duration::from_secs(2));
        assert_eq!(c.at, t0 + Duration::seconds(158));
    }

    #[test]
    fn clocks_parse_and_land_inside_the_recording() {
        assert_eq!(parse_clock("10:32"), NaiveTime::from_hms_opt(10, 32, 0));
        assert_eq!(parse_clock(" 10:32:05"), NaiveTime::from_hms_opt(10, 32, 5));
        assert_eq!(parse_clock("1032"), None);
        let off = FixedOffset::east_opt(2 * 3600).unwrap();
        let start: DateTime<Utc> = "2026-01-05T21:30:00Z".parse().unwrap();
        let end: DateTime<Utc> = "2026-01-06T01:00:00Z".parse().unwrap();
        // 23:45 local = 21:45 UTC, same day; 01:15 local is the next day.
        let c = |s| clock_within(parse_clock(s).unwrap(), off, start, end);
        assert_eq!(c("23:45"), Some("2026-01-05T21:45:00Z".parse().unwrap()));
        assert_eq!(c("01:15"), Some("2026-01-05T23:15:00Z".parse().unwrap()));
        assert_eq!(c("12:00"), None);
    }
}
