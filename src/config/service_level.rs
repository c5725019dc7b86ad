//! The config file's `[service_level]` table: the service-level target (answered within
//! `target`) and goal (per cent of the calls) for every queue, and per queue by name or
//! id, as `[alerts.queues."…"]` names them.
//!
//! ```toml
//! [service_level]
//! target = "20s"            # answered within this counts toward SL% (default 20 s)
//! goal = 80                 # SL% below this is marked (default 80)
//!
//! [service_level.queues."Customer Support"]   # by name (any case) or id
//! target = "30s"
//! goal = 90
//! ```

pub use crate::app::state::today::{ServiceLevels, Target};

/// Reads `[service_level]`; an error names the key.
pub fn parse(table: &toml::Table) -> Result<ServiceLevels, String> {
    let mut levels = ServiceLevels {
        default: target("[service_level]", table, Target::default(), true)?,
        ..ServiceLevels::default()
    };
    if let Some(v) = table.get("queues") {
        let t = v.as_table().ok_or_else(|| {
            format!(
                "[service_level] queues wants tables ([service_level.queues.\"Sales\"]), got {v}"
            )
        })?;
        for (queue, v) in t {
            let what = format!(
                "[service_level.queues.\"{}\"]",
                crate::sanitize::sanitize(queue)
            );
            let t = v
                .as_table()
                .ok_or_else(|| format!("{what} wants a table, got {v}"))?;
            levels.queues.insert(
                queue.to_lowercase(),
                target(&what, t, levels.default, false)?,
            );
        }
    }
    Ok(levels)
}

/// `target` and `goal` of one table over `base`.
fn target(what: &str, t: &toml::Table, base: Target, top: bool) -> Result<Target, String> {
    let mut out = base;
    for (key, v) in t {
        match key.as_str() {
            "target" => out.secs = seconds(&format!("{what} target"), v)?,
            "goal" => {
                out.goal_percent = v
                    .as_integer()
                    .map(|i| i as f64)
                    .or_else(|| v.as_float())
                    .filter(|f| (0.0..=100.0).contains(f))
                    .ok_or_else(|| format!("{what} goal wants a per cent 0–100, got {v}"))?
            }
            "queues" if top => {}
            other => {
                let known = if top {
                    "target, goal, queues"
                } else {
                    "target, goal"
                };
                return Err(format!(
                    "{what} has no key '{}' (known: {known})",
                    crate::sanitize::sanitize(other)
                ));
            }
        }
    }
    Ok(out)
}

/// "20s", "1m", "1h" or whole seconds, 0 to 1 hour.
fn seconds(what: &str, v: &toml::Value) -> Result<i64, String> {
    let bad = || format!("{what} wants a duration like \"20s\", \"1m\" or seconds, got {v}");
    let secs = match (v.as_integer(), v.as_str()) {
        (Some(i), _) => i,
        (None, Some(s)) => {
            let s = s.trim();
            let split = s.find(|c: char| !c.is_ascii_digit()).unwrap_or(s.len());
            let (digits, unit) = s.split_at(split);
            let n: i64 = digits.parse().map_err(|_| bad())?;
            match unit.trim() {
                "" | "s" => n,
                "m" => n.saturating_mul(60),
                "h" => n.saturating_mul(3600),
                _ => return Err(bad()),
            }
        }
        _ => return Err(bad()),
    };
    (0..=3600).contains(&secs).then_some(secs).ok_or_else(bad)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table(text: &str) -> toml::Table {
        let t: toml::Table = toml::from_str(text).unwrap();
        t.get("service_level")
            .and_then(|v| v.as_table())
            .cloned()
            .unwrap_or_default()
    }

    #[test]
    fn a_queue_has_its_own_target_by_name_or_id_and_the_rest_the_default() {
        let levels = parse(&table(
            r#"
            [service_level]
            target = "30s"
            [service_level.queues."Customer Support"]
            target = 60
            goal = 90
            [service_level.queues.q-billing]
            goal = 70.5
            "#,
        ))
        .unwrap();
        let support = levels.for_queue("q-x", "customer SUPPORT");
        assert_eq!(
            support,
            Target {
                secs: 60,
                goal_percent: 90.0
            }
        );
        let billing = levels.for_queue("Q-BILLING", "Laskutus");
        assert_eq!(
            billing,
            Target {
                secs: 30,
                goal_percent: 70.5
            },
            "a queue's table sets only what it names; the rest is the file's default"
        );
        assert_eq!(levels.for_queue("q-y", "Sales").secs, 30);
        let none = parse(&toml::Table::new()).unwrap();
        assert_eq!(none.for_queue("q", "Sales"), Target::default());
        assert_eq!(Target::default().secs, 20);
    }

    #[test]
    fn a_bad_target_names_its_key() {
        for (text, says) in [
            (
                "[service_level]\ntarget = \"soon\"",
                "target wants a duration",
            ),
            ("[service_level]\ntarget = 7200", "target wants a duration"),
            (
                "[service_level]\ntarget = \"2h\"",
                "target wants a duration",
            ),
            ("[service_level]\ngoal = 120", "goal wants a per cent"),
            ("[service_level]\ngaol = 80", "has no key 'gaol'"),
            (
                "[service_level.queues.Sales]\nqueues = 1",
                "[service_level.queues.\"Sales\"] has no key 'queues'",
            ),
            ("[service_level]\nqueues = 3", "queues wants tables"),
        ] {
            let e = parse(&table(text)).unwrap_err();
            assert!(e.contains(says), "{text}: {e}");
        }
    }
}
