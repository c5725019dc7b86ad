//! The config file's `[alerts]` table: alert rules per queue and the bell.
//!
//! ```toml
//! [alerts]
//! bell = true               # ring the terminal bell on entering alert (default false)
//! bell_every = "60s"        # at most one bell per this (default 60 s)
//! for = "30s"               # a condition holds this long before it fires (default 30 s)
//! clear_percent = 10        # it clears this far past its threshold (default 10 %, ≥ 1 unit)
//!
//! [alerts.default]          # every queue without rules of its own
//! callers = [3, 6]          # callers waiting: WARN, ALERT (at or above)
//! longest_wait = ["1m", "3m"]
//! sl_below = [80, 60]       # today's SL%: WARN, ALERT below
//! free_below = [2, 1]       # free agents: WARN, ALERT below
//! abandoned_above = [10, 25]
//!
//! [alerts.queues."Customer Support"]   # by name or id; may set its own `for`
//! callers = [2, 4]
//! for = "10s"
//!
//! [alerts.agents]           # agent rows marked ▲/■, counted on the wall
//! brb = ["10m", "20m"]      # also busy = ["30m", "1h"], talking = ["20m", "40m"]; false: off
//! wrap_up_overrun = true    # a wrap-up past its maximum is an alert
//! ```

use crate::app::state::alerts::{Measure, Pair, RuleSet, Rules};
use crate::app::state::limits::{AgentLimits, Span};
use chrono::Duration;

const TOP_KEYS: &str = "bell, bell_every, for, clear_percent, default, queues, agents";

/// Reads `[alerts]`; an error names the key.
pub fn parse(table: &toml::Table) -> Result<Rules, String> {
    let mut rules = Rules {
        bell_every: Duration::seconds(60),
        ..Rules::default()
    };
    let mut base = RuleSet::default();
    for (key, value) in table {
        match key.as_str() {
            "bell" => {
                rules.bell = value
                    .as_bool()
                    .ok_or_else(|| format!("[alerts] bell wants true or false, got {value}"))?
            }
            "bell_every" => rules.bell_every = duration("[alerts] bell_every", value)?,
            "for" => base.hold = duration("[alerts] for", value)?,
            "clear_percent" => base.clear_percent = percent("[alerts] clear_percent", value)?,
            "default" | "queues" => {}
            "agents" => rules.agents = agent_limits(value)?,
            other => {
                return Err(format!(
                    "[alerts] has no key '{}' (known: {TOP_KEYS})",
                    crate::sanitize::sanitize(other)
                ))
            }
        }
    }
    if let Some(v) = table.get("default") {
        rules.default = Some(rule_set("[alerts.default]", v, &base)?);
    }
    if let Some(v) = table.get("queues") {
        let t = v.as_table().ok_or_else(|| {
            format!("[alerts] queues wants tables ([alerts.queues.\"Sales\"]), got {v}")
        })?;
        for (queue, v) in t {
            let what = format!("[alerts.queues.\"{}\"]", crate::sanitize::sanitize(queue));
            rules
                .queues
                .insert(queue.to_lowercase(), rule_set(&what, v, &base)?);
        }
    }
    Ok(rules)
}

/// `[alerts.agents]`: `brb`, `busy`, `talking` as [WARN, ALERT] durations (`false`
/// turns one off), `wrap_up_overrun` true or false.
fn agent_limits(value: &toml::Value) -> Result<AgentLimits, String> {
    let t = value
        .as_table()
        .ok_or_else(|| format!("[alerts] agents wants a table ([alerts.agents]), got {value}"))?;
    let mut limits = AgentLimits::default();
    for (key, v) in t {
        let what = format!("[alerts.agents] {}", crate::sanitize::sanitize(key));
        let span = || -> Result<Option<Span>, String> {
            if v.as_bool() == Some(false) {
                return Ok(None);
            }
            let bad = || {
                format!("{what} wants [WARN, ALERT] durations, e.g. [\"10m\", \"20m\"], or false; got {v}")
            };
            let items = v.as_array().filter(|a| a.len() == 2).ok_or_else(bad)?;
            let warn = duration(&what, &items[0])?.num_seconds();
            let alert = duration(&what, &items[1])?.num_seconds();
            if warn > alert {
                return Err(bad());
            }
            Ok(Some(Span { warn, alert }))
        };
        match key.as_str() {
            "brb" => limits.brb = span()?,
            "busy" => limits.busy = span()?,
            "talking" => limits.talking = span()?,
            "wrap_up_overrun" => {
                limits.wrap_up_overrun = v
                    .as_bool()
                    .ok_or_else(|| format!("{what} wants true or false, got {v}"))?
            }
            _ => {
                return Err(format!(
                    "{what}: no such key (known: brb, busy, talking, wrap_up_overrun)"
                ))
            }
        }
    }
    Ok(limits)
}

fn rule_set(what: &str, value: &toml::Value, base: &RuleSet) -> Result<RuleSet, String> {
    let t = value
        .as_table()
        .ok_or_else(|| format!("{what} wants a table, got {value}"))?;
    let mut set = RuleSet {
        measures: Default::default(),
        ..base.clone()
    };
    for (key, v) in t {
        if key == "for" {
            set.hold = duration(&format!("{what} for"), v)?;
            continue;
        }
        if key == "clear_percent" {
            set.clear_percent = percent(&format!("{what} clear_percent"), v)?;
            continue;
        }
        let Some(m) = Measure::ALL.iter().copied().find(|m| m.key() == key) else {
            let known: Vec<&str> = Measure::ALL.iter().map(|m| m.key()).collect();
            return Err(format!(
                "{what} has no key '{}' (known: {}, for, clear_percent)",
                crate::sanitize::sanitize(key),
                known.join(", ")
            ));
        };
        set.measures
            .insert(m, pair(&format!("{what} {key}"), m, v)?);
    }
    Ok(set)
}

/// `[WARN, ALERT]`: numbers, or durations for the longest wait; the alert threshold is
/// the worse one.
fn pair(what: &str, m: Measure, v: &toml::Value) -> Result<Pair, String> {
    let bad = || format!("{what} wants [WARN, ALERT], e.g. {}; got {v}", example(m));
    let items = v.as_array().filter(|a| a.len() == 2).ok_or_else(bad)?;
    let num = |x: &toml::Value| -> Result<f64, String> {
        if m == Measure::LongestWait {
            duration(what, x).map(|d| d.num_seconds() as f64)
        } else {
            x.as_integer()
                .map(|i| i as f64)
                .or_else(|| x.as_float())
                .filter(|f| f.is_finite() && *f >= 0.0)
                .ok_or_else(bad)
        }
    };
    let (warn, alert) = (num(&items[0])?, num(&items[1])?);
    let ordered = if matches!(m, Measure::ServiceLevelBelow | Measure::FreeBelow) {
        warn >= alert
    } else {
        warn <= alert
    };
    if !ordered {
        return Err(format!(
            "{what}: the ALERT threshold must be the worse one; {}",
            bad()
        ));
    }
    Ok(Pair {
        warn: Some(warn),
        alert: Some(alert),
    })
}

fn example(m: Measure) -> &'static str {
    match m {
        Measure::Callers => "[3, 6]",
        Measure::LongestWait => "[\"1m\", \"3m\"]",
        Measure::ServiceLevelBelow => "[80, 60]",
        Measure::FreeBelow => "[2, 1]",
        Measure::AbandonedAbove => "[10, 25]",
    }
}

fn percent(what: &str, v: &toml::Value) -> Result<f64, String> {
    v.as_integer()
        .map(|i| i as f64)
        .or_else(|| v.as_float())
        .filter(|f| (0.0..=100.0).contains(f))
        .ok_or_else(|| format!("{what} wants a number 0–100, got {v}"))
}

/// "30s", "5m", "1h" or whole seconds.
fn duration(what: &str, v: &toml::Value) -> Result<Duration, String> {
    let bad = || format!("{what} wants a duration like \"30s\", \"5m\" or seconds, got {v}");
    if let Some(i) = v.as_integer() {
        return (0..=86_400)
            .contains(&i)
            .then(|| Duration::seconds(i))
            .ok_or_else(bad);
    }
    let s = v.as_str().ok_or_else(bad)?.trim();
    let (digits, unit) = s.split_at(s.find(|c: char| !c.is_ascii_digit()).unwrap_or(s.len()));
    let n: i64 = digits.parse().map_err(|_| bad())?;
    let secs = match unit.trim() {
        "" | "s" => n,
        "m" => n * 60,
        "h" => n * 3600,
        _ => return Err(bad()),
    };
    (0..=86_400)
        .contains(&secs)
        .then(|| Duration::seconds(secs))
        .ok_or_else(bad)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table(text: &str) -> toml::Table {
        let t: toml::Table = toml::from_str(text).unwrap();
        t["alerts"].as_table().unwrap().clone()
    }

    #[test]
    fn reads_rules_per_queue_and_default_with_hold_and_bell() {
        let rules = parse(&table(
            r#"
            [alerts]
            bell = true
            bell_every = "2m"
            for = "20s"
            [alerts.default]
            callers = [3, 6]
            longest_wait = ["1m", 180]
            sl_below = [80, 60.5]
            [alerts.queues."Customer Support"]
            free_below = [2, 1]
            for = "5s"
            [alerts.agents]
            brb = ["5m", "15m"]
            busy = false
            "#,
        ))
        .unwrap();
        assert_eq!(
            rules.agents.brb,
            Some(Span {
                warn: 300,
                alert: 900
            })
        );
        assert_eq!(rules.agents.busy, None);
        assert_eq!(rules.agents.talking, AgentLimits::default().talking);
        assert!(rules.bell);
        assert_eq!(rules.bell_every, Duration::seconds(120));
        let d = rules.default.as_ref().unwrap();
        assert_eq!(d.hold, Duration::seconds(20));
        assert_eq!(
            d.measures[&Measure::LongestWait],
            Pair {
                warn: Some(60.0),
                alert: Some(180.0)
            }
        );
        let q = rules.for_queue("q-x", "customer SUPPORT").unwrap();
        assert_eq!(q.hold, Duration::seconds(5));
        assert!(q.measures.contains_key(&Measure::FreeBelow));
        assert!(!q.measures.contains_key(&Measure::Callers));
        assert_eq!(rules.for_queue("q-y", "Sales"), rules.default.as_ref());
        assert!(!parse(&toml::Table::new()).unwrap().bell, "off by default");
    }

    #[test]
    fn a_bad_rule_names_its_key() {
        for (text, says) in [
            ("[alerts]\nbel = true", "has no key 'bel'"),
            ("[alerts.default]\ncallers = [6, 3]", "worse one"),
            ("[alerts.default]\nsl_below = [60, 80]", "worse one"),
            (
                "[alerts.default]\nlongest_wait = [\"1x\", \"2m\"]",
                "longest_wait wants a duration",
            ),
            ("[alerts.default]\nwaiting = [1, 2]", "has no key 'waiting'"),
            ("[alerts]\nfor = \"soon\"", "[alerts] for wants a duration"),
        ] {
            let e = parse(&table(text)).unwrap_err();
            assert!(e.contains(says), "{text}: {e}");
        }
    }
}
