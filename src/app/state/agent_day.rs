//! Each agent's day: calls answered, talk time, wrap-up time, average handle time and
//! time per availability.
//!
//! Answers and talk time come from the call records (`/servicecall`, `AnswerUserId`
//! and `Duration`) since local midnight, merged by call id with the answers the
//! agents' events announce in between (`UserCallInUserConnected`); when the tenant
//! refuses the records, only those answers count, from the console's start. Wrap-ups
//! (`UserWrapUpTerminated.ElapsedTimeSec`) and time per availability are only told by
//! events: they count from the console's start, or from midnight once the console has
//! run through one. Every figure carries the moment it counts from.

use chrono::{DateTime, NaiveDate, Utc};
use std::collections::{BTreeMap, HashMap};

/// Answers remembered per day; past this the figures stop growing and say so.
pub const MAX_ANSWERS: usize = 200_000;

/// One answered call as the console knows it.
#[derive(Debug, Clone, PartialEq)]
struct Answer {
    /// The agent (lower-case id).
    user: String,
    /// Seconds of conversation, once the records tell of its end.
    talk_secs: Option<i64>,
    /// `State::live_seq` when a live event told of it (0 for records).
    live_seq: u64,
}

/// One agent's answers summed (kept as answers come and go: read per frame).
#[derive(Debug, Clone, Copy, Default, PartialEq)]
struct Answered {
    calls: i64,
    talk_secs: i64,
    talked: i64,
}

impl Answered {
    fn add(&mut self, a: &Answer, sign: i64) {
        self.calls += sign;
        if let Some(t) = a.talk_secs {
            self.talk_secs += sign * t;
            self.talked += sign;
        }
    }
}

/// What the events told of one agent since [`AgentDays::since`].
#[derive(Debug, Clone, Default, PartialEq)]
struct Tally {
    wrap_ups: i64,
    wrap_up_secs: i64,
    /// Seconds per availability (its word), of the spans that ended.
    spent: BTreeMap<String, i64>,
    /// The availability now and when it began (or `since`, if earlier).
    current: Option<(String, DateTime<Utc>)>,
}

/// One agent's figures, as shown.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct AgentFigures {
    pub answered: i64,
    /// Talk time of the answers whose records tell it, and how many those are.
    pub talk_secs: i64,
    pub talked: i64,
    pub wrap_ups: i64,
    pub wrap_up_secs: i64,
    /// Time per availability, longest first.
    pub availability: Vec<(String, i64)>,
}

impl AgentFigures {
    pub fn avg_talk_secs(&self) -> Option<i64> {
        (self.talked > 0).then(|| self.talk_secs / self.talked)
    }

    pub fn avg_wrap_up_secs(&self) -> Option<i64> {
        (self.wrap_ups > 0).then(|| self.wrap_up_secs / self.wrap_ups)
    }

    /// Average handle time: the average talk plus the average wrap-up (each over the
    /// calls that tell it); the talk alone when no wrap-up was seen.
    pub fn aht_secs(&self) -> Option<i64> {
        Some(self.avg_talk_secs()? + self.avg_wrap_up_secs().unwrap_or(0))
    }
}

/// Every agent's day.
#[derive(Debug, Clone)]
pub struct AgentDays {
    /// The local day counted.
    pub day: NaiveDate,
    /// What the events count from: the console's start, or local midnight.
    pub since: DateTime<Utc>,
    /// When the console started: a day never counts from before it.
    started: DateTime<Utc>,
    answers: HashMap<String, Answer>,
    /// The answers summed per agent (lower-case id).
    per_agent: HashMap<String, Answered>,
    tallies: HashMap<String, Tally>,
    /// More answers than [`MAX_ANSWERS`] came: the counts are lower bounds.
    pub overfull: bool,
}

impl AgentDays {
    pub fn new(day: NaiveDate, since: DateTime<Utc>) -> AgentDays {
        AgentDays {
            day,
            since,
            started: since,
            answers: HashMap::new(),
            per_agent: HashMap::new(),
            tallies: HashMap::new(),
            overfull: false,
        }
    }

    /// A new day from `day_start`: answers and wrap-ups start from zero, and each
    /// availability now counts from midnight.
    pub fn start_day(&mut self, day: NaiveDate, day_start: DateTime<Utc>, now: DateTime<Utc>) {
        let since = day_start.max(self.started).min(now);
        for tally in self.tallies.values_mut() {
            let current = tally.current.take();
            *tally = Tally {
                current: current.map(|(word, _)| (word, since)),
                ..Tally::default()
            };
        }
        self.day = day;
        self.since = since;
        self.answers.clear();
        self.per_agent.clear();
        self.overfull = false;
    }

    /// An answer told by an agent's event (kept until a read of the records that
    /// began after it leaves it out).
    pub fn answered_live(&mut self, call_id: &str, user_id: &str, live_seq: u64) {
        if call_id.is_empty() || user_id.is_empty() {
            return;
        }
        let call = call_id.to_ascii_lowercase();
        if self.answers.contains_key(&call) {
            return;
        }
        if self.answers.len() >= MAX_ANSWERS {
            self.overfull = true;
            return;
        }
        let answer = Answer {
            user: user_id.to_ascii_lowercase(),
            talk_secs: None,
            live_seq,
        };
        self.put(call, answer);
    }

    /// Keeps `answer` for `call` (in place of what was kept), the sums following.
    fn put(&mut self, call: String, answer: Answer) {
        self.per_agent
            .entry(answer.user.clone())
            .or_default()
            .add(&answer, 1);
        if let Some(old) = self.answers.insert(call, answer) {
            self.unsum(&old);
        }
    }

    fn unsum(&mut self, old: &Answer) {
        if let Some(sum) = self.per_agent.get_mut(&old.user) {
            sum.add(old, -1);
        }
    }

    /// The day's answers by the records: `(call id, user id, talk seconds once ended)`.
    /// Live answers told before the read was asked for (`asked_seq`) that the records
    /// leave out were not queue calls of today, and go.
    pub fn merge_records<'a>(
        &mut self,
        answers: impl Iterator<Item = (&'a str, &'a str, Option<i64>)>,
        asked_seq: u64,
    ) {
        let mut seen = std::collections::HashSet::new();
        for (call, user, talk) in answers {
            if call.is_empty() || user.is_empty() {
                continue;
            }
            let call = call.to_ascii_lowercase();
            if !self.answers.contains_key(&call) && self.answers.len() >= MAX_ANSWERS {
                self.overfull = true;
                continue;
            }
            let answer = Answer {
                user: user.to_ascii_lowercase(),
                talk_secs: talk.map(|t| t.max(0)),
                live_seq: 0,
            };
            self.put(call.clone(), answer);
            seen.insert(call);
        }
        let gone: Vec<String> = self
            .answers
            .iter()
            .filter(|(call, a)| a.live_seq != 0 && a.live_seq <= asked_seq && !seen.contains(*call))
            .map(|(call, _)| call.clone())
            .collect();
        for call in gone {
            if let Some(old) = self.answers.remove(&call) {
                self.unsum(&old);
            }
        }
        // A record answered by the records drops its live mark (kept as the records').
        for call in &seen {
            if let Some(a) = self.answers.get_mut(call) {
                a.live_seq = 0;
            }
        }
    }

    /// A wrap-up ended after `elapsed_secs`.
    pub fn wrap_up_ended(&mut self, user_id: &str, elapsed_secs: i64) {
        if user_id.is_empty() {
            return;
        }
        let t = self
            .tallies
            .entry(user_id.to_ascii_lowercase())
            .or_default();
        t.wrap_ups += 1;
        t.wrap_up_secs += elapsed_secs.max(0);
    }

    /// The agent's availability is `word` (since `began`, when known): a change closes
    /// the span of the previous one at `now`.
    pub fn availability(
        &mut self,
        user_id: &str,
        word: &str,
        began: Option<DateTime<Utc>>,
        now: DateTime<Utc>,
    ) {
        if user_id.is_empty() || word.is_empty() || word == "?" {
            return;
        }
        let since = self.since;
        let t = self
            .tallies
            .entry(user_id.to_ascii_lowercase())
            .or_default();
        if t.current.as_ref().is_some_and(|(w, _)| w == word) {
            return;
        }
        if let Some((old, start)) = t.current.take() {
            *t.spent.entry(old).or_default() += (now - start).num_seconds().max(0);
        }
        // A start in the future (another clock) counts from now.
        let start = began.unwrap_or(now).clamp(since, now.max(since));
        t.current = Some((word.to_owned(), start));
    }

    /// One agent's figures at `now`.
    pub fn figures(&self, user_id: &str, now: DateTime<Utc>) -> AgentFigures {
        let user = user_id.to_ascii_lowercase();
        let sum = self.per_agent.get(&user).copied().unwrap_or_default();
        let mut f = AgentFigures {
            answered: sum.calls,
            talk_secs: sum.talk_secs,
            talked: sum.talked,
            ..AgentFigures::default()
        };
        if let Some(t) = self.tallies.get(&user) {
            f.wrap_ups = t.wrap_ups;
            f.wrap_up_secs = t.wrap_up_secs;
            let mut spent = t.spent.clone();
            if let Some((word, start)) = &t.current {
                *spent.entry(word.clone()).or_default() += (now - *start).num_seconds().max(0);
            }
            let mut list: Vec<(String, i64)> = spent.into_iter().filter(|(_, s)| *s > 0).collect();
            list.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
            f.availability = list;
        }
        f
    }

    /// Calls one agent answered (for a row of the agents pane: no scan of the day).
    pub fn answered(&self, user_id: &str) -> i64 {
        let sum = |id: &str| self.per_agent.get(id).map_or(0, |s| s.calls);
        if user_id.bytes().any(|b| b.is_ascii_uppercase()) {
            sum(&user_id.to_ascii_lowercase())
        } else {
            sum(user_id)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn at(h: u32, m: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 12, 3, h, m, 0).unwrap()
    }

    fn days() -> AgentDays {
        AgentDays::new(at(9, 0).date_naive(), at(9, 0))
    }

    #[test]
    fn a_day_never_counts_from_before_the_console_started() {
        let mut d = days();
        d.start_day(at(9, 0).date_naive(), at(0, 0), at(9, 0));
        assert_eq!(d.since, at(9, 0));
    }

    #[test]
    fn records_and_live_answers_merge_by_call_id() {
        let mut d = days();
        d.answered_live("C1", "U1", 5);
        d.answered_live("c2", "u1", 6);
        // The read was asked for after both: c2 is not a queue call of today.
        d.merge_records(
            [("c1", "u1", Some(60)), ("c3", "u1", Some(30))].into_iter(),
            10,
        );
        let f = d.figures("U1", at(9, 30));
        assert_eq!((f.answered, f.talk_secs, f.talked), (2, 90, 2));
        assert_eq!(d.answered("U1"), 2, "the row's count follows the merge");
        assert_eq!(f.avg_talk_secs(), Some(45));
        // An answer told after the read was asked for stays until the next read.
        d.answered_live("c4", "u1", 11);
        d.merge_records(
            [("c1", "u1", Some(60)), ("c3", "u1", Some(30))].into_iter(),
            10,
        );
        let f = d.figures("u1", at(9, 30));
        assert_eq!((f.answered, f.talked), (3, 2));
    }

    #[test]
    fn availability_spans_add_up_from_since() {
        let mut d = days();
        // Available since before the console started: counted from its start.
        d.availability("u1", "Available", Some(at(8, 0)), at(9, 0));
        d.availability("u1", "BRB", None, at(9, 20));
        d.availability("u1", "BRB", Some(at(9, 21)), at(9, 21));
        d.availability("u1", "Available", Some(at(9, 30)), at(9, 30));
        let f = d.figures("u1", at(10, 0));
        assert_eq!(
            f.availability,
            [
                ("Available".to_owned(), 50 * 60),
                ("BRB".to_owned(), 10 * 60)
            ]
        );
    }

    #[test]
    fn wrap_ups_give_the_average_handle_time() {
        let mut d = days();
        d.merge_records(
            [("c1", "u1", Some(100)), ("c2", "u1", Some(200))].into_iter(),
            0,
        );
        d.wrap_up_ended("u1", 20);
        d.wrap_up_ended("u1", 40);
        d.wrap_up_ended("u2", -5);
        let f = d.figures("u1", at(10, 0));
        assert_eq!((f.wrap_ups, f.wrap_up_secs), (2, 60));
        assert_eq!(f.aht_secs(), Some(150 + 30));
        assert_eq!(d.figures("u2", at(10, 0)).wrap_up_secs, 0);
        assert_eq!(d.figures("nobody", at(10, 0)), AgentFigures::default());
    }

    #[test]
    fn a_new_day_starts_from_zero_and_counts_the_current_state_from_midnight() {
        let mut d = days();
        d.merge_records([("c1", "u1", Some(100))].into_iter(), 0);
        d.wrap_up_ended("u1", 20);
        d.availability("u1", "Busy", None, at(22, 0));
        let midnight = Utc.with_ymd_and_hms(2026, 12, 4, 0, 0, 0).unwrap();
        d.start_day(
            midnight.date_naive(),
            midnight,
            midnight + chrono::Duration::seconds(3),
        );
        let f = d.figures("u1", midnight + chrono::Duration::minutes(30));
        assert_eq!((f.answered, f.wrap_ups), (0, 0));
        assert_eq!(f.availability, [("Busy".to_owned(), 30 * 60)]);
        assert_eq!(d.since, midnight);
    }

    #[test]
    fn answers_are_bounded() {
        let mut d = days();
        for i in 0..MAX_ANSWERS + 5 {
            d.answered_live(&format!("c{i}"), "u1", 1);
        }
        assert!(d.overfull);
        assert_eq!(d.figures("u1", at(10, 0)).answered, MAX_ANSWERS as i64);
    }
}
