//! A replay's state at any moment of a recording: the recorded inputs applied through the
//! console's own `update()` (effects dropped: a replay never talks to a server) on top of
//! a base state (the watcher's settings). Opening it applies the whole recording once,
//! keeping a copy of the state every [`CHECKPOINT_EVERY`] lines and noting the moments a
//! queue crossed a threshold or an alert was logged; seeking then starts from the nearest
//! copy at or before the target, so it costs at most that many lines whichever way it goes.
//! What the watcher changed (the view: focus, filters, scroll) is kept across seeks.

use super::reader::Recording;
use crate::app::state::{Level, LogKind, State};
use crate::app::update::update;
use chrono::{DateTime, Utc};
use std::collections::BTreeMap;

/// Lines between two state copies.
pub const CHECKPOINT_EVERY: usize = 20_000;

pub struct Player {
    rec: Recording,
    every: usize,
    state: State,
    /// Lines applied to `state`: `entries[..pos]`.
    pos: usize,
    /// (lines applied, the state then), ascending.
    checkpoints: Vec<(usize, State)>,
    /// When a queue went up a level or an alert was logged, ascending.
    marks: Vec<DateTime<Utc>>,
    /// Lines whose body did not decode (skipped), counted in the opening pass.
    pub undecodable: usize,
}

impl Player {
    /// Applies the whole recording once over `base` (checkpoints and marks), then stands
    /// at its start.
    pub fn open(rec: Recording, base: State) -> Player {
        Self::open_with(rec, base, CHECKPOINT_EVERY)
    }

    /// [`Player::open`] with a state copy every `every` lines.
    pub fn open_with(rec: Recording, base: State, every: usize) -> Player {
        let every = every.max(1);
        let mut p = Player {
            every,
            rec,
            state: base.clone(),
            pos: 0,
            checkpoints: vec![(0, base)],
            marks: Vec::new(),
            undecodable: 0,
        };
        let mut levels: BTreeMap<String, Level> = BTreeMap::new();
        let mut logged = 0usize;
        while p.pos < p.rec.len() {
            let t = p.rec.entries[p.pos].t;
            if !p.apply_next() {
                p.undecodable += 1;
            }
            if p.pos.is_multiple_of(every) {
                p.checkpoints.push((p.pos, p.state.clone()));
            }
            let s = &p.state;
            let mut crossed = false;
            for (id, q) in &s.queues {
                let level = q.level(&s.thresholds, s.now);
                match levels.get_mut(id) {
                    Some(before) => {
                        crossed |= level > *before;
                        *before = level;
                    }
                    None => {
                        crossed |= level > Level::Ok;
                        levels.insert(id.clone(), level);
                    }
                }
            }
            // Entries pushed since the last line: any alert among them?
            let pushed = s.log.dropped + s.log.entries.len();
            let new = pushed.saturating_sub(logged).min(s.log.entries.len());
            crossed |= s
                .log
                .entries
                .iter()
                .rev()
                .take(new)
                .any(|e| e.kind == LogKind::Alert);
            logged = pushed;
            if crossed && p.marks.last() != Some(&t) {
                p.marks.push(t);
            }
        }
        p.state.view = p.checkpoints[0].1.view.clone();
        p.restore(0);
        p
    }

    /// Applies the next line; false when it did not decode (skipped).
    fn apply_next(&mut self) -> bool {
        let ev = self.rec.event(self.pos);
        self.pos += 1;
        match ev {
            Some(ev) => {
                // Effects are what the live console did about it; the recording holds
                // their results.
                let _ = update(&mut self.state, ev);
                true
            }
            None => false,
        }
    }

    /// Back to the checkpoint at or before `n` lines, keeping the watcher's view.
    fn restore(&mut self, n: usize) {
        let i = self.checkpoints.partition_point(|(at, _)| *at <= n);
        let (at, state) = &self.checkpoints[i.saturating_sub(1)];
        let view = std::mem::take(&mut self.state.view);
        self.state = state.clone();
        self.state.view = view;
        self.state.dirty = true;
        self.pos = *at;
    }

    /// The state with every line received at or before `t` applied.
    pub fn seek(&mut self, t: DateTime<Utc>) {
        let n = self.rec.count_until(t);
        if n < self.pos || n - self.pos > self.every {
            self.restore(n);
        }
        while self.pos < n {
            self.apply_next();
        }
    }

    pub fn state(&self) -> &State {
        &self.state
    }

    pub fn state_mut(&mut self) -> &mut State {
        &mut self.state
    }

    pub fn recording(&self) -> &Recording {
        &self.rec
    }

    /// The first and last receive times (None: an empty recording).
    pub fn span(&self) -> Option<(DateTime<Utc>, DateTime<Utc>)> {
        Some((self.rec.first_time()?, self.rec.last_time()?))
    }

    /// The last threshold crossing or alert before `t`.
    pub fn previous_mark(&self, t: DateTime<Utc>) -> Option<DateTime<Utc>> {
        let i = self.marks.partition_point(|m| *m < t);
        i.checked_sub(1).map(|i| self.marks[i])
    }

    /// The first threshold crossing or alert after `t`.
    pub fn next_mark(&self, t: DateTime<Utc>) -> Option<DateTime<Utc>> {
        let i = self.marks.partition_point(|m| *m <= t);
        self.marks.get(i).copied()
    }

    pub fn marks(&self) -> &[DateTime<Utc>] {
        &self.marks
    }

    /// Lines skipped: unreadable, unknown kinds, bodies that did not decode.
    pub fn skipped(&self) -> usize {
        self.rec.skipped + self.undecodable
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::event::Event;
    use crate::app::fixture::{queue_status, snapshot, QUEUES};
    use crate::record::{read_file, Header, Recorder};
    use chrono::Duration;

    #[test]
    fn marks_are_where_a_queue_goes_up_a_level_and_seeks_land_on_them() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("r.jsonl");
        let t0: DateTime<Utc> = "2026-03-02T10:00:00Z".parse().unwrap();
        let at = |s: i64| t0 + Duration::seconds(s);
        let mut r = Recorder::create(&path, Header::new("s", "u", t0, 0), 1 << 30, vec![]).unwrap();
        let mut snap = snapshot();
        snap.queues.iter_mut().for_each(|q| q.status = None);
        r.record_at(&Event::Snapshot(Box::new(snap)), at(0));
        let q = QUEUES[0].0;
        // Waiting callers: 0, 4 (warn), 1 (down: no mark), 7 (alert), 8 (no change).
        for (i, (s, waiting)) in [(10, 0), (20, 4), (30, 1), (40, 7), (50, 8)]
            .into_iter()
            .enumerate()
        {
            r.record_at(&Event::Tick(at(s)), at(s));
            let ev = queue_status(q, &format!("e{i}"), at(s), waiting, 0, 1);
            r.record_at(&ev, at(s) + Duration::milliseconds(1));
        }
        drop(r);
        let mut p = Player::open_with(read_file(&path).unwrap(), State::new(t0), 3);
        let up = |s: i64| at(s) + Duration::milliseconds(1);
        assert_eq!(p.marks(), &[up(20), up(40)]);
        assert_eq!(p.next_mark(at(0)), Some(up(20)));
        assert_eq!(p.next_mark(up(20)), Some(up(40)));
        assert_eq!(p.previous_mark(at(45)), Some(up(40)));
        assert_eq!(p.next_mark(up(40)), None);
        p.seek(up(40));
        assert_eq!(p.state().queues[q].waiting, 7);
        p.seek(up(20));
        assert_eq!(p.state().queues[q].waiting, 4);
        assert_eq!(p.skipped(), 0);
    }
}
