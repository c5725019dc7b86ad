//! Alert rules evaluated on the 1 Hz clock, from the figures the screen shows: a level
//! is entered once its condition has held for the rule's `for`, left once the value is
//! past the threshold by the clear margin; each crossing is logged, and entering alert
//! rings the bell (rate-limited) when the config asks. The rules are `state::alerts`.

use super::effect::Effect;
use super::state::alerts::{Measure, Pair, RuleSet, Watch};
use super::state::{Level, LogKind, LogLevel, State};
use chrono::{DateTime, Utc};

/// The value of a measure for a queue now; `None` when not known (nothing changes).
fn value(state: &State, queue_id: &str, m: Measure) -> Option<f64> {
    let q = state.queues.get(queue_id)?;
    let day = || state.today.figures(queue_id);
    match m {
        Measure::Callers => Some(q.waiting as f64),
        Measure::LongestWait => Some(q.longest_wait_secs(state.data_now()) as f64),
        Measure::ServiceLevelBelow => day().service_level,
        Measure::FreeBelow => Some(q.free as f64),
        Measure::AbandonedAbove => day().abandoned.map(|v| v as f64),
    }
}

/// The level `v` earns from a watch at `w.level`, on the clock `now`.
fn next_level(w: &mut Watch, m: Measure, p: &Pair, rules: &RuleSet, v: f64, now: DateTime<Utc>) {
    let crosses = |t: Option<f64>| t.is_some_and(|t| m.crosses(v, t));
    let holds = |t: Option<f64>| t.is_some_and(|t| m.holds(v, t, rules.margin(t)));
    w.warn_since = if crosses(p.warn) || crosses(p.alert) {
        w.warn_since.or(Some(now))
    } else {
        None
    };
    w.alert_since = if crosses(p.alert) {
        w.alert_since.or(Some(now))
    } else {
        None
    };
    let held = |since: Option<DateTime<Utc>>| since.is_some_and(|s| now - s >= rules.hold);
    let up = if held(w.alert_since) {
        Level::Alert
    } else if held(w.warn_since) {
        Level::Warn
    } else {
        Level::Ok
    };
    let stay = match w.level {
        Level::Alert if holds(p.alert) => Level::Alert,
        Level::Alert | Level::Warn if holds(p.warn) || holds(p.alert) => Level::Warn,
        _ => Level::Ok,
    };
    w.level = up.max(stay);
}

/// Evaluates every rule on the clock tick; logs each crossing and asks for the bell.
pub fn evaluate(state: &mut State) -> Vec<Effect> {
    if state.alerts.rules.is_empty() {
        return Vec::new();
    }
    let now = state.now;
    let mut crossings = Vec::new();
    let queues: Vec<(String, String)> = state
        .queues
        .values()
        .map(|q| (q.id.clone(), q.name.clone()))
        .collect();
    for (id, name) in &queues {
        let Some(rules) = state.alerts.rules.for_queue(id, name).cloned() else {
            continue;
        };
        for (m, pair) in &rules.measures {
            let Some(v) = value(state, id, *m) else {
                continue;
            };
            let w = state.alerts.watches.entry((id.clone(), *m)).or_default();
            let before = w.level;
            next_level(w, *m, pair, &rules, v, now);
            if w.level != before {
                crossings.push((name.clone(), *m, *pair, v, before, w.level, rules.hold));
            }
        }
    }
    let mut effects = Vec::new();
    for (name, m, pair, v, before, after, hold) in crossings {
        let threshold = match after.max(before) {
            Level::Alert if after == Level::Alert || before == Level::Alert => pair.alert,
            _ => pair.warn,
        };
        let rule = format!(
            "{} {} {}",
            m.key(),
            if m.below() { "<" } else { "≥" },
            threshold.map_or("?".into(), |t| m.format(t))
        );
        let (level, text) = if after > before {
            (
                if after == Level::Alert {
                    LogLevel::Alert
                } else {
                    LogLevel::Warn
                },
                format!(
                    "{} {name}: {} {} (rule {rule}, held {} s)",
                    after.label(),
                    m.words(),
                    m.format(v),
                    hold.num_seconds()
                ),
            )
        } else {
            (
                LogLevel::Ok,
                format!(
                    "{} {name}: {} {} (rule {rule} cleared, was {})",
                    after.label(),
                    m.words(),
                    m.format(v),
                    before.label().trim_start_matches(['▲', '■', ' '])
                ),
            )
        };
        state.add_log(LogKind::Alert, level, text);
        if after == Level::Alert && before < Level::Alert && state.alerts.rules.bell {
            let due = state
                .alerts
                .last_bell
                .is_none_or(|t| now - t >= state.alerts.rules.bell_every);
            if due {
                state.alerts.last_bell = Some(now);
                state.alerts.bells += 1;
                effects.push(Effect::Bell);
            }
        }
    }
    effects
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::event::Event;
    use crate::app::fixture::{loaded_state, queue_status};
    use crate::app::state::alerts::Rules;
    use crate::app::update::update;
    use chrono::Duration;
    use std::collections::BTreeMap;

    fn rules(bell: bool) -> Rules {
        let mut set = RuleSet::default();
        set.measures.insert(
            Measure::Callers,
            Pair {
                warn: Some(3.0),
                alert: Some(6.0),
            },
        );
        Rules {
            default: Some(set),
            queues: BTreeMap::new(),
            bell,
            bell_every: Duration::seconds(60),
            agents: Default::default(),
        }
    }

    /// Runs `secs` seconds with `waiting` callers in Sales; returns the bells asked for.
    fn run(s: &mut State, from: i64, secs: i64, waiting: i64) -> usize {
        let start = s.now;
        let mut bells = 0;
        for t in 0..secs {
            let at = start + Duration::seconds(t + 1);
            update(
                s,
                queue_status("q-sales", &format!("e{from}-{t}"), at, waiting, 0, 1),
            );
            bells += update(s, Event::Tick(at))
                .iter()
                .filter(|e| **e == Effect::Bell)
                .count();
        }
        bells
    }

    fn alert_log(s: &State) -> Vec<String> {
        s.log
            .entries
            .iter()
            .filter(|e| e.kind == LogKind::Alert)
            .map(|e| e.text.clone())
            .collect()
    }

    #[test]
    fn a_blip_shorter_than_the_hold_never_fires() {
        let mut s = loaded_state();
        s.alerts.rules = rules(true);
        assert_eq!(run(&mut s, 0, 29, 9), 0);
        run(&mut s, 1, 60, 0);
        assert!(alert_log(&s).is_empty(), "{:?}", alert_log(&s));
        assert_eq!(s.alerts.level_of("q-sales"), Level::Ok);
    }

    #[test]
    fn a_held_condition_fires_once_and_both_crossings_are_logged_with_rule_and_value() {
        let mut s = loaded_state();
        s.alerts.rules = rules(false);
        run(&mut s, 0, 90, 7);
        assert_eq!(s.alerts.level_of("q-sales"), Level::Alert);
        let log = alert_log(&s);
        assert_eq!(log.len(), 1, "{log:?}");
        assert_eq!(
            log[0],
            "■ ALERT Sales: callers waiting 7 (rule callers ≥ 6, held 30 s)"
        );
        // Hysteresis: one below the alert threshold still holds it.
        run(&mut s, 1, 10, 5);
        assert_eq!(alert_log(&s).len(), 1);
        run(&mut s, 2, 10, 1);
        let log = alert_log(&s);
        assert_eq!(log.len(), 2, "{log:?}");
        assert_eq!(
            log[1],
            "· ok Sales: callers waiting 1 (rule callers ≥ 6 cleared, was ALERT)"
        );
        assert_eq!(s.alerts.level_of("q-sales"), Level::Ok);
    }

    #[test]
    fn the_bell_rings_once_per_entry_into_alert_and_not_more_often_than_asked() {
        let mut s = loaded_state();
        s.alerts.rules = rules(true);
        // Enters alert at +30 s: one bell, however long it holds.
        assert_eq!(run(&mut s, 0, 45, 8), 1);
        run(&mut s, 1, 5, 0);
        // Again 20 s later: within a minute of the last bell, so silent.
        assert_eq!(run(&mut s, 2, 35, 8), 0);
        run(&mut s, 3, 5, 0);
        // And again, more than a minute after the bell: it rings.
        assert_eq!(run(&mut s, 4, 35, 8), 1);
        assert_eq!(s.alerts.bells, 2);
        let entries = alert_log(&s)
            .iter()
            .filter(|t| t.starts_with("■ ALERT"))
            .count();
        assert_eq!(entries, 3);
        // Off by default.
        let mut quiet = loaded_state();
        quiet.alerts.rules = rules(false);
        assert_eq!(run(&mut quiet, 0, 45, 8), 0);
    }

    #[test]
    fn a_level_between_thresholds_is_warn_and_an_unknown_value_changes_nothing() {
        let mut s = loaded_state();
        let mut r = rules(false);
        if let Some(d) = r.default.as_mut() {
            d.measures.insert(
                Measure::ServiceLevelBelow,
                Pair {
                    warn: Some(80.0),
                    alert: Some(60.0),
                },
            );
        }
        s.alerts.rules = r;
        run(&mut s, 0, 40, 4);
        assert_eq!(s.alerts.level_of("q-sales"), Level::Warn);
        assert!(
            !s.alerts
                .watches
                .contains_key(&("q-sales".to_owned(), Measure::ServiceLevelBelow)),
            "SL% not known yet: not watched"
        );
    }
}
