//! Today's calls per queue: offered, answered, abandoned, overflowed, service level,
//! waits and talk time, and where the figures come from.
//!
//! Sources, best first, merged by call id (a call counts once, whichever told of it):
//! - the call records of `GET /servicecall` since local midnight (read at start, after a
//!   reconnect and whenever something says the day changed): they replace what events
//!   told of the same call;
//! - the queue call events (`QueueCallIn*`) when the tenant offers them: each outcome
//!   (answered with its wait, abandoned, overflowed) as it happens;
//! - the agents' events: `UserCallInUserConnected`, then the agent's
//!   `UserStatus.ActiveQueueId` names the queue — answers only.
//!
//! With the records, the figures are "today". Without them (the tenant refuses the
//! route), the events are counted from the moment the console had them — "since 09:02",
//! not "today" — and counting starts again after a reconnect (events were missed) or
//! when the events offered change; from the agents' events alone, abandons, offered and
//! service level are not known. A figure that is not known is `None`, never 0.

use chrono::{DateTime, FixedOffset, NaiveDate, Utc};
use std::collections::{BTreeMap, HashMap};

/// Default service-level target: answered within 20 s…
pub const DEFAULT_TARGET_SECS: i64 = 20;
/// …for 80 % of the calls.
pub const DEFAULT_GOAL_PERCENT: f64 = 80.0;
/// Calls remembered per day (a bigger day keeps counting the calls it knows, and stops
/// learning new ones: the figures then say they are lower bounds).
pub const MAX_CALLS: usize = 200_000;
/// A day's call records are read again at least this often while nothing prompts it.
pub const REFRESH_SECS: i64 = 60;
/// After a failed read, the next one waits this long.
pub const RETRY_SECS: i64 = 15;

/// One queue's target: answered within `secs` for `goal_percent` of the calls.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Target {
    pub secs: i64,
    pub goal_percent: f64,
}

impl Default for Target {
    fn default() -> Self {
        Target {
            secs: DEFAULT_TARGET_SECS,
            goal_percent: DEFAULT_GOAL_PERCENT,
        }
    }
}

/// The service-level targets of the config file (`[service_level]`).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ServiceLevels {
    /// Every queue without a target of its own.
    pub default: Target,
    /// By lower-cased queue name or id.
    pub queues: BTreeMap<String, Target>,
}

impl ServiceLevels {
    /// The target of a queue: its id's, else its name's (any case), else the default.
    pub fn for_queue(&self, id: &str, name: &str) -> Target {
        self.queues
            .get(&id.to_lowercase())
            .or_else(|| self.queues.get(&name.to_lowercase()))
            .copied()
            .unwrap_or(self.default)
    }
}

/// How a call of the day ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    Answered,
    Abandoned,
    Overflowed,
}

/// What told the console of a call.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Origin {
    /// `/servicecall`: replaces what events said.
    Records,
    /// A queue call event: the outcome and its wait.
    QueueEvents,
    /// An agent's events: an answer, wait unknown; a records read lacking it drops it.
    AgentEvents,
}

/// One call of the day as the console knows it.
#[derive(Debug, Clone, PartialEq)]
pub struct DayCall {
    pub queue_id: String,
    pub outcome: Outcome,
    /// Whole seconds waited before the answer (or before leaving); `None` for an answer
    /// only the live events told of.
    pub wait_secs: Option<i64>,
    /// Seconds of conversation, once the call ended.
    pub talk_secs: Option<i64>,
    /// What told of it.
    pub origin: Origin,
    /// `State::live_seq` when a live event recorded it (0 for records).
    pub live_seq: u64,
    /// When an agent answered, as a queue call event told (for its talk time).
    pub answered_at: Option<DateTime<Utc>>,
}

/// One queue's counts, summed over its calls.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct QueueDay {
    pub offered: i64,
    pub answered: i64,
    pub abandoned: i64,
    pub overflowed: i64,
    pub within_target: i64,
    /// Answers whose wait is not known yet (told by a live event only).
    pub wait_unknown: i64,
    pub wait_sum: i64,
    pub longest_wait: i64,
    pub talk_sum: i64,
    pub talked: i64,
}

impl QueueDay {
    fn add(&mut self, c: &DayCall, target: i64, sign: i64) {
        self.offered += sign;
        match c.outcome {
            Outcome::Answered => {
                self.answered += sign;
                match c.wait_secs {
                    Some(w) => {
                        self.wait_sum += sign * w;
                        if sign > 0 {
                            self.longest_wait = self.longest_wait.max(w);
                        }
                        if w <= target {
                            self.within_target += sign;
                        }
                    }
                    None => self.wait_unknown += sign,
                }
                if let Some(t) = c.talk_secs {
                    self.talk_sum += sign * t;
                    self.talked += sign;
                }
            }
            Outcome::Abandoned => self.abandoned += sign,
            Outcome::Overflowed => self.overflowed += sign,
        }
    }
}

/// Where today's figures come from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum DaySource {
    /// Nothing read yet.
    #[default]
    Unknown,
    /// `/servicecall` since midnight, merged with the events.
    Records,
    /// `/servicecall` refused: the queue call events counted since `since`.
    QueueEvents,
    /// `/servicecall` refused, no queue call events: live answers counted since `since`.
    Events,
}

impl DaySource {
    /// Counted from events since `Today::since`, not read for the whole day.
    pub fn from_events(self) -> bool {
        matches!(self, DaySource::QueueEvents | DaySource::Events)
    }
}

/// The reading of `/servicecall`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RecordsFetch {
    pub in_flight: bool,
    /// `State::live_seq` when the running read was asked for.
    pub asked_seq: u64,
    /// When the next read is due on its own (`None`: now).
    pub due_at: Option<DateTime<Utc>>,
    /// An event asked for a read (it begins once the gap since the last is over).
    pub prompted: bool,
    /// When the last read began.
    pub last_start: Option<DateTime<Utc>>,
    /// The tenant refuses the route (403, 404…): not asked again today.
    pub refused: Option<String>,
    /// The last passing failure, until a read succeeds.
    pub error: Option<String>,
}

/// One queue's figures as the screen shows them; `None` = not known.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct DayFigures {
    pub offered: Option<i64>,
    pub answered: Option<i64>,
    pub abandoned: Option<i64>,
    pub overflowed: Option<i64>,
    /// Per cent of offered calls answered within the target.
    pub service_level: Option<f64>,
    pub avg_wait_secs: Option<i64>,
    pub longest_wait_secs: Option<i64>,
    /// Average talk time of the answered calls that ended.
    pub avg_talk_secs: Option<i64>,
}

/// Today's calls, by call id, and their counts per queue.
#[derive(Debug, Clone)]
pub struct Today {
    /// The local calendar day counted, and its first moment.
    pub day: NaiveDate,
    pub day_start: DateTime<Utc>,
    /// When live counting began (console start, or midnight).
    pub since: DateTime<Utc>,
    pub source: DaySource,
    /// The targets of queues without their own (`[service_level]`'s default).
    pub target_secs: i64,
    pub goal_percent: f64,
    /// The config file's targets, by queue name or id.
    pub levels: ServiceLevels,
    /// Per-queue targets (lower-case queue id → seconds, per cent) where they differ
    /// from the default: [`Today::apply_levels`] resolves `levels` on the queues known.
    pub targets: HashMap<String, i64>,
    pub goals: HashMap<String, f64>,
    calls: HashMap<String, DayCall>,
    per_queue: HashMap<String, QueueDay>,
    /// Agents whose answer waits for the UserStatus naming the queue: user → (call, seq).
    pub pending: HashMap<String, (String, u64)>,
    /// Last `NbrOfNotServedRequesters` per queue: a rise means a caller left unserved.
    pub not_served: HashMap<String, i64>,
    pub fetch: RecordsFetch,
    /// More calls than [`MAX_CALLS`] came: the counts are lower bounds.
    pub overfull: bool,
    /// The hub offers the queue call events and the console holds them.
    pub queue_events: bool,
    /// The connection was live at the last look, and has been live before (a gap
    /// restarts event counting).
    pub live: bool,
    pub was_live: bool,
    /// When callers entered their queue (`QueueCallInArrived`), for a wait the outcome
    /// event does not give: call id → (lower-case queue id, arrival). Bounded.
    pub arrivals: HashMap<String, (String, DateTime<Utc>)>,
    /// Raw queue call event samples written to the log, per event name.
    pub samples_logged: HashMap<String, u32>,
}

/// Local midnight of the day `now` falls on.
pub fn day_of(now: DateTime<Utc>, offset: FixedOffset) -> (NaiveDate, DateTime<Utc>) {
    let local = now.with_timezone(&offset);
    let day = local.date_naive();
    let start = day
        .and_hms_opt(0, 0, 0)
        .and_then(|t| t.and_local_timezone(offset).single())
        .map(|t| t.with_timezone(&Utc))
        .unwrap_or(now);
    (day, start)
}

impl Today {
    pub fn new(now: DateTime<Utc>, offset: FixedOffset) -> Today {
        let (day, day_start) = day_of(now, offset);
        Today {
            day,
            day_start,
            since: now,
            source: DaySource::Unknown,
            target_secs: DEFAULT_TARGET_SECS,
            goal_percent: DEFAULT_GOAL_PERCENT,
            levels: ServiceLevels::default(),
            targets: HashMap::new(),
            goals: HashMap::new(),
            calls: HashMap::new(),
            per_queue: HashMap::new(),
            pending: HashMap::new(),
            not_served: HashMap::new(),
            fetch: RecordsFetch::default(),
            overfull: false,
            queue_events: false,
            live: false,
            was_live: false,
            arrivals: HashMap::new(),
            samples_logged: HashMap::new(),
        }
    }

    /// A new day: every count starts from zero, live counting from `now` — or from
    /// midnight when events were being counted, live, through it (nothing was missed).
    pub fn start_day(&mut self, now: DateTime<Utc>, offset: FixedOffset) {
        let (day, day_start) = day_of(now, offset);
        let through =
            self.live && self.source.from_events() && day == self.day.succ_opt().unwrap_or(day);
        self.day = day;
        self.day_start = day_start;
        self.since = if through {
            day_start.max(self.since)
        } else {
            now
        };
        self.clear_calls();
        self.overfull = false;
        self.fetch.refused = None;
        if self.source.from_events() {
            self.source = DaySource::Unknown;
        }
    }

    /// Counting from events starts again at `now` (events were missed, or the events
    /// offered changed).
    pub fn restart_counting(&mut self, now: DateTime<Utc>) {
        self.since = now;
        self.clear_calls();
    }

    fn clear_calls(&mut self) {
        self.calls.clear();
        self.per_queue.clear();
        self.pending.clear();
        self.arrivals.clear();
    }

    /// The service-level target of a queue (lower-case id), in seconds.
    pub fn target_of(&self, queue_id: &str) -> i64 {
        self.targets
            .get(queue_id)
            .copied()
            .unwrap_or(self.target_secs)
    }

    /// The service-level goal of a queue (any case id), in per cent.
    pub fn goal_of(&self, queue_id: &str) -> f64 {
        if self.goals.is_empty() {
            return self.goal_percent;
        }
        self.goals
            .get(&queue_id.to_ascii_lowercase())
            .copied()
            .unwrap_or(self.goal_percent)
    }

    /// Takes the config file's targets.
    pub fn set_levels(&mut self, levels: ServiceLevels) {
        self.target_secs = levels.default.secs;
        self.goal_percent = levels.default.goal_percent;
        self.levels = levels;
        self.recount();
    }

    /// Resolves the config's targets on the queues known, (id, name): a queue is named
    /// by its id or its name. The counts follow when a target changed.
    pub fn apply_levels<'a>(&mut self, queues: impl Iterator<Item = (&'a str, &'a str)>) {
        if self.levels.queues.is_empty() && self.targets.is_empty() && self.goals.is_empty() {
            return;
        }
        let mut targets = HashMap::new();
        let mut goals = HashMap::new();
        for (id, name) in queues {
            let t = self.levels.for_queue(id, name);
            let id = id.to_ascii_lowercase();
            if t.secs != self.target_secs {
                targets.insert(id.clone(), t.secs);
            }
            if t.goal_percent != self.goal_percent {
                goals.insert(id, t.goal_percent);
            }
        }
        self.goals = goals;
        if targets != self.targets {
            self.targets = targets;
            self.recount();
        }
    }

    /// Counts every queue again from its calls (after a target changed).
    fn recount(&mut self) {
        self.per_queue.clear();
        for c in self.calls.values() {
            let t = self.target_of(&c.queue_id);
            self.per_queue
                .entry(c.queue_id.clone())
                .or_default()
                .add(c, t, 1);
        }
    }

    pub fn call(&self, id: &str) -> Option<&DayCall> {
        self.calls.get(id)
    }

    pub fn calls_known(&self) -> usize {
        self.calls.len()
    }

    /// Adds or replaces a call; the per-queue counts follow.
    pub fn put(&mut self, id: &str, call: DayCall) {
        if let Some(old) = self.calls.get(id) {
            if *old == call {
                return;
            }
            let old = old.clone();
            let t = self.target_of(&old.queue_id);
            self.per_queue
                .entry(old.queue_id.clone())
                .or_default()
                .add(&old, t, -1);
        } else if self.calls.len() >= MAX_CALLS {
            self.overfull = true;
            return;
        }
        let t = self.target_of(&call.queue_id);
        self.per_queue
            .entry(call.queue_id.clone())
            .or_default()
            .add(&call, t, 1);
        self.calls.insert(id.to_owned(), call);
    }

    /// A read is wanted and waits for the console's clock (the gap after the last read,
    /// or the retry after a failure): a paused clock (a test's) has to press `r`.
    pub fn waits_for_clock(&self) -> bool {
        let f = &self.fetch;
        !f.in_flight && f.refused.is_none() && (f.prompted || f.error.is_some())
    }

    /// Forgets a call.
    pub fn remove(&mut self, id: &str) {
        if let Some(old) = self.calls.remove(id) {
            let t = self.target_of(&old.queue_id);
            self.per_queue
                .entry(old.queue_id.clone())
                .or_default()
                .add(&old, t, -1);
        }
    }

    /// Call ids told only by agents' events at or before `seq`.
    pub fn live_only_up_to(&self, seq: u64) -> Vec<String> {
        self.calls
            .iter()
            .filter(|(_, c)| c.origin == Origin::AgentEvents && c.live_seq <= seq)
            .map(|(id, _)| id.clone())
            .collect()
    }

    /// A queue's counts (ids compare without ASCII case).
    pub fn counts(&self, queue_id: &str) -> QueueDay {
        let found = if queue_id.bytes().any(|b| b.is_ascii_uppercase()) {
            self.per_queue.get(&queue_id.to_ascii_lowercase())
        } else {
            self.per_queue.get(queue_id)
        };
        found.copied().unwrap_or_default()
    }

    /// A queue's figures as known from the current source.
    pub fn figures(&self, queue_id: &str) -> DayFigures {
        let c = self.counts(queue_id);
        figures_of(&c, self.source)
    }

    /// Every queue's counts summed (the tenant's, or a set of queues').
    pub fn total<'a>(&self, queues: impl Iterator<Item = &'a str>) -> DayFigures {
        let mut sum = QueueDay::default();
        for q in queues {
            let c = self.counts(q);
            sum.offered += c.offered;
            sum.answered += c.answered;
            sum.abandoned += c.abandoned;
            sum.overflowed += c.overflowed;
            sum.within_target += c.within_target;
            sum.wait_unknown += c.wait_unknown;
            sum.wait_sum += c.wait_sum;
            sum.longest_wait = sum.longest_wait.max(c.longest_wait);
            sum.talk_sum += c.talk_sum;
            sum.talked += c.talked;
        }
        figures_of(&sum, self.source)
    }

    /// What the figures are and where they come from: "today (call records)",
    /// "today (call records + queue events)", "since 09:02 (queue events)",
    /// "since 09:02 (agent events)", or "not read yet".
    pub fn label(&self, offset: FixedOffset) -> String {
        match self.source {
            DaySource::Records if self.queue_events => "today (call records + queue events)".into(),
            DaySource::Records => "today (call records)".into(),
            DaySource::QueueEvents => format!("{} (queue events)", self.short_label(offset)),
            DaySource::Events => format!("{} (agent events)", self.short_label(offset)),
            DaySource::Unknown => "not read yet".into(),
        }
    }

    /// The same in a word or two: "today", "since 09:02", "not read yet". Events
    /// counted since midnight are "today".
    pub fn short_label(&self, offset: FixedOffset) -> String {
        match self.source {
            DaySource::Records => "today".into(),
            DaySource::QueueEvents | DaySource::Events if self.since <= self.day_start => {
                "today".into()
            }
            DaySource::QueueEvents | DaySource::Events => format!(
                "since {}",
                self.since.with_timezone(&offset).format("%H:%M")
            ),
            DaySource::Unknown => "not read yet".into(),
        }
    }
}

fn figures_of(c: &QueueDay, source: DaySource) -> DayFigures {
    let avg = |sum: i64, n: i64| (n > 0).then(|| (sum as f64 / n as f64).round() as i64);
    match source {
        DaySource::Unknown => DayFigures::default(),
        DaySource::Records | DaySource::QueueEvents => {
            // Answers still waiting for their record have no wait yet: the service level
            // is over the calls whose wait is known.
            let judged = c.offered - c.wait_unknown;
            DayFigures {
                offered: Some(c.offered),
                answered: Some(c.answered),
                abandoned: Some(c.abandoned),
                overflowed: Some(c.overflowed),
                service_level: (judged > 0).then(|| c.within_target as f64 * 100.0 / judged as f64),
                avg_wait_secs: avg(c.wait_sum, c.answered - c.wait_unknown),
                longest_wait_secs: (c.answered > c.wait_unknown).then_some(c.longest_wait),
                avg_talk_secs: avg(c.talk_sum, c.talked),
            }
        }
        DaySource::Events => DayFigures {
            answered: Some(c.answered),
            ..DayFigures::default()
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{Duration, Offset, TimeZone};

    fn answered(q: &str, wait: Option<i64>) -> DayCall {
        DayCall {
            queue_id: q.into(),
            outcome: Outcome::Answered,
            wait_secs: wait,
            talk_secs: None,
            origin: if wait.is_some() {
                Origin::Records
            } else {
                Origin::AgentEvents
            },
            live_seq: 0,
            answered_at: None,
        }
    }

    #[test]
    fn a_call_counts_once_and_a_replacement_moves_its_counts() {
        let now = Utc.with_ymd_and_hms(2025, 3, 3, 9, 2, 0).unwrap();
        let mut t = Today::new(now, Utc.fix());
        t.source = DaySource::Records;
        t.put("a", answered("q", None));
        t.put("a", answered("q", None));
        assert_eq!(t.figures("q").answered, Some(1));
        assert_eq!(t.figures("q").service_level, None, "no wait known yet");
        t.put("a", answered("q", Some(25)));
        t.put(
            "b",
            DayCall {
                outcome: Outcome::Abandoned,
                ..answered("q", Some(40))
            },
        );
        t.put("c", answered("q", Some(3)));
        let f = t.figures("q");
        assert_eq!(
            (f.offered, f.answered, f.abandoned),
            (Some(3), Some(2), Some(1))
        );
        assert_eq!(f.service_level, Some(100.0 / 3.0));
        assert_eq!(f.avg_wait_secs, Some(14));
        assert_eq!(f.longest_wait_secs, Some(25));
        t.remove("c");
        assert_eq!(t.figures("q").answered, Some(1));
        assert_eq!(t.figures("other").answered, Some(0));
    }

    #[test]
    fn from_events_only_answers_are_known_and_the_label_says_since_when() {
        let now = Utc.with_ymd_and_hms(2025, 3, 3, 9, 2, 0).unwrap();
        let mut t = Today::new(now, Utc.fix());
        assert_eq!(t.figures("q"), DayFigures::default());
        t.source = DaySource::Events;
        t.put("a", answered("q", None));
        let f = t.figures("q");
        assert_eq!(f.answered, Some(1));
        assert_eq!(
            (f.offered, f.abandoned, f.service_level),
            (None, None, None)
        );
        assert_eq!(t.label(Utc.fix()), "since 09:02 (agent events)");
        let helsinki = FixedOffset::east_opt(2 * 3600).unwrap();
        assert_eq!(t.short_label(helsinki), "since 11:02");
    }

    #[test]
    fn a_queue_with_its_own_target_is_judged_against_it() {
        let now = Utc.with_ymd_and_hms(2025, 3, 3, 9, 2, 0).unwrap();
        let mut t = Today::new(now, Utc.fix());
        t.source = DaySource::Records;
        for (id, q, wait) in [
            ("a", "q-sales", 15),
            ("b", "q-sales", 25),
            ("c", "q-vip", 15),
        ] {
            t.put(id, answered(q, Some(wait)));
        }
        t.put("d", answered("q-vip", Some(25)));
        assert_eq!(t.figures("q-sales").service_level, Some(50.0));
        assert_eq!(t.figures("q-vip").service_level, Some(50.0));
        let mut levels = ServiceLevels::default();
        levels.queues.insert(
            "sales".into(),
            Target {
                secs: 30,
                goal_percent: 90.0,
            },
        );
        levels.queues.insert(
            "q-vip".into(),
            Target {
                secs: 10,
                goal_percent: 80.0,
            },
        );
        t.set_levels(levels);
        // Named by name (any case) and by id; counted again from the calls known.
        t.apply_levels([("Q-Sales", "SALES"), ("q-vip", "VIP"), ("q-x", "Other")].into_iter());
        assert_eq!(t.figures("q-sales").service_level, Some(100.0));
        assert_eq!(t.figures("q-vip").service_level, Some(0.0));
        assert_eq!((t.goal_of("Q-SALES"), t.goal_of("q-vip")), (90.0, 80.0));
        assert_eq!(t.target_of("q-x"), DEFAULT_TARGET_SECS);
        // Later calls are judged as they come.
        t.put("e", answered("q-vip", Some(9)));
        t.put("f", answered("q-sales", Some(31)));
        assert_eq!(t.figures("q-vip").service_level, Some(100.0 / 3.0));
        assert_eq!(t.figures("q-sales").service_level, Some(200.0 / 3.0));
        // A tenant total adds each queue's own judgement.
        let total = t.total(["q-sales", "q-vip"].into_iter());
        assert_eq!(total.service_level, Some(50.0));
    }

    #[test]
    fn the_day_begins_at_local_midnight() {
        let now = Utc.with_ymd_and_hms(2025, 3, 3, 23, 30, 0).unwrap();
        let helsinki = FixedOffset::east_opt(2 * 3600).unwrap();
        let (day, start) = day_of(now, helsinki);
        assert_eq!(day, NaiveDate::from_ymd_opt(2025, 3, 4).unwrap());
        assert_eq!(start, Utc.with_ymd_and_hms(2025, 3, 3, 22, 0, 0).unwrap());
        let mut t = Today::new(now, Utc.fix());
        t.put("a", answered("q", Some(1)));
        t.start_day(now + Duration::hours(1), Utc.fix());
        assert_eq!(t.calls_known(), 0);
        assert_eq!(t.counts("q"), QueueDay::default());
    }
}
