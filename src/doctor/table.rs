//! The report as a readable table: one line per step (the result in words, coloured
//! only as an extra), the fields under it, then the verdict and the `[paths]` hints.

use super::report::{Report, Verdict};
use std::fmt::Write;

/// Names of fields listed under a step before the rest are counted.
const LISTED_FIELDS: usize = 8;

/// The table. `colour` adds ANSI colours to the result words (never instead of them).
pub fn render(report: &Report, colour: bool) -> String {
    let mut out = String::new();
    let target = match (&report.target.api_url, &report.target.discovery_url) {
        (Some(api), _) => format!("API {api}"),
        (None, Some(d)) => format!("discovery {d}"),
        (None, None) => String::new(),
    };
    let _ = writeln!(
        out,
        "evtop doctor {} — {} via {}\n",
        report.evtop, report.target.user, target
    );
    let step_w = report
        .checks
        .iter()
        .map(|c| c.step.chars().count())
        .max()
        .unwrap_or(4)
        .max(4);
    let route_w = report
        .checks
        .iter()
        .map(|c| c.route.map(str::len).unwrap_or(1))
        .max()
        .unwrap_or(5)
        .max(5);
    let _ = writeln!(
        out,
        "  {:<9}  {:<step_w$}  {:<route_w$}  {:>4}  {:>7}  DETAIL",
        "RESULT", "STEP", "ROUTE", "HTTP", "TIME"
    );
    for c in &report.checks {
        let _ = writeln!(
            out,
            "  {}  {:<step_w$}  {:<route_w$}  {:>4}  {:>7}  {}",
            result_cell(c.verdict, colour),
            c.step,
            c.route.unwrap_or("—"),
            c.status
                .map(|s| s.to_string())
                .unwrap_or_else(|| "—".into()),
            c.ms.map(time).unwrap_or_else(|| "—".into()),
            c.detail
        );
        let indent = " ".repeat(2 + 9 + 2 + step_w + 2);
        if !c.absent.is_empty() {
            let _ = writeln!(out, "{indent}absent: {}", names(&c.absent));
        }
        if !c.unused.is_empty() {
            let _ = writeln!(out, "{indent}not used by evtop: {}", names(&c.unused));
        }
    }
    if let Some(s) = &report.subscriptions {
        if !s.comparison.unknown.is_empty() {
            let _ = writeln!(
                out,
                "\nOffered, unknown to evtop (shown raw): {}",
                s.comparison.unknown.join(", ")
            );
        }
        if !s.comparison.missing.is_empty() {
            let _ = writeln!(
                out,
                "\nKnown to evtop, not offered here (evtop does without them): {}",
                s.comparison.missing.join(", ")
            );
        }
    }
    let _ = writeln!(
        out,
        "\n{} ok, {} warnings, {} failed, {} skipped, {} not tried — {}",
        report.count(Verdict::Ok),
        report.count(Verdict::Warn),
        report.count(Verdict::Fail),
        report.count(Verdict::Skip),
        report.count(Verdict::NotTried),
        time(report.took_ms)
    );
    match &report.first_failure {
        None => {
            let _ = writeln!(
                out,
                "The console can run here: discovery, login, users, queues, RTE token and hub answered."
            );
        }
        Some(first) => {
            let _ = writeln!(
                out,
                "The console cannot run here. First failing step: {first}"
            );
        }
    }
    if !report.paths_hints.is_empty() {
        let _ = writeln!(
            out,
            "\nRoutes that answered 404: lines to try in the config file's [paths] table:\n\n[paths]"
        );
        for line in &report.paths_hints {
            let _ = writeln!(out, "{line}");
        }
    }
    out
}

fn result_cell(v: Verdict, colour: bool) -> String {
    let word = format!("{:<9}", v.word());
    if !colour {
        return word;
    }
    let code = match v {
        Verdict::Ok => "32",
        Verdict::Warn => "33",
        Verdict::Fail => "1;31",
        Verdict::Skip | Verdict::NotTried => "2",
    };
    format!("\u{1b}[{code}m{word}\u{1b}[0m")
}

fn names(list: &[String]) -> String {
    if list.len() <= LISTED_FIELDS {
        return list.join(", ");
    }
    format!(
        "{}, … {} more",
        list[..LISTED_FIELDS].join(", "),
        list.len() - LISTED_FIELDS
    )
}

/// `12 ms`, `4.1 s`.
pub fn time(ms: u64) -> String {
    if ms == 0 {
        "<1 ms".into()
    } else if ms < 1000 {
        format!("{ms} ms")
    } else {
        format!("{:.1} s", ms as f64 / 1000.0)
    }
}
