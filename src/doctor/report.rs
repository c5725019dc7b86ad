//! What `evtop doctor` found: one [`Check`] per step, the hub's offer, the events seen,
//! and the verdict. Serialized as the `--json` document.

use crate::api::paths::{route, Endpoint, ROUTES};
use crate::rte::offered::Comparison;
use serde::Serialize;
use serde_json::Value;
use std::collections::BTreeMap;

/// The result of one check, in words (never colour alone).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    Ok,
    Warn,
    Fail,
    /// Not run: nothing to ask about, or an earlier step failed.
    Skip,
    /// An action doctor does not send without `--try-actions` (or could not undo).
    NotTried,
}

impl Verdict {
    pub fn word(self) -> &'static str {
        match self {
            Verdict::Ok => "ok",
            Verdict::Warn => "warn",
            Verdict::Fail => "FAIL",
            Verdict::Skip => "skip",
            Verdict::NotTried => "not tried",
        }
    }
}

/// One step.
#[derive(Debug, Clone, Serialize)]
pub struct Check {
    pub step: String,
    /// The path-table key, for REST steps.
    pub route: Option<&'static str>,
    pub method: Option<&'static str>,
    /// The path asked (query left out).
    pub path: Option<String>,
    pub evidence: Option<&'static str>,
    pub verdict: Verdict,
    pub status: Option<u16>,
    pub ms: Option<u64>,
    pub detail: String,
    /// Fields evtop expects that the answer lacks.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub absent: Vec<String>,
    /// Fields of the answer evtop does not use.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub unused: Vec<String>,
    /// True when the console cannot run if this fails.
    pub blocking: bool,
}

impl Check {
    /// A step that is not a REST route.
    pub fn step(step: &str, verdict: Verdict, detail: impl Into<String>) -> Check {
        Check {
            step: step.to_owned(),
            route: None,
            method: None,
            path: None,
            evidence: None,
            verdict,
            status: None,
            ms: None,
            detail: detail.into(),
            absent: Vec::new(),
            unused: Vec::new(),
            blocking: false,
        }
    }

    /// A REST step of `endpoint`.
    pub fn route(
        step: &str,
        endpoint: Endpoint,
        verdict: Verdict,
        detail: impl Into<String>,
    ) -> Check {
        let r = route(endpoint);
        Check {
            route: Some(r.key),
            method: Some(r.method.as_str()),
            evidence: Some(r.evidence.as_str()),
            ..Check::step(step, verdict, detail)
        }
    }

    pub fn blocking(mut self) -> Check {
        self.blocking = true;
        self
    }
}

/// Where doctor looked.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Target {
    pub user: String,
    pub api_url: Option<String>,
    pub discovery_url: Option<String>,
}

/// The hub's `AvailableSubscriptions` against evtop's events.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Subscriptions {
    pub offered: Vec<String>,
    #[serde(flatten)]
    pub comparison: Comparison,
}

/// Events received while waiting.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Events {
    pub waited_ms: u64,
    /// Event name → how many.
    pub counts: BTreeMap<String, usize>,
}

/// One row per route of the path table: its result over the checks that used it.
#[derive(Debug, Clone, Serialize)]
pub struct RouteResult {
    pub key: &'static str,
    pub method: &'static str,
    pub template: String,
    pub evidence: &'static str,
    pub verdict: Verdict,
}

/// The whole report.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Report {
    pub evtop: String,
    pub started: String,
    pub took_ms: u64,
    pub target: Target,
    pub console_can_run: bool,
    /// The first step that keeps the console from running.
    pub first_failure: Option<String>,
    pub checks: Vec<Check>,
    pub routes: Vec<RouteResult>,
    pub subscriptions: Option<Subscriptions>,
    pub events: Events,
    /// `[paths]` lines to try for the routes that answered 404.
    pub paths_hints: Vec<String>,
    /// One answer per route key and per event name, kept for `--save` (not printed).
    #[serde(skip)]
    pub samples: Samples,
}

/// Raw answers, redacted before they are written.
#[derive(Debug, Clone, Default)]
pub struct Samples {
    pub routes: BTreeMap<String, Value>,
    pub events: BTreeMap<String, Value>,
}

impl Report {
    /// Fills in the verdict, the first failure and the per-route results.
    pub fn finish(&mut self, templates: &crate::api::PathTable) {
        let failed = self
            .checks
            .iter()
            .find(|c| c.blocking && c.verdict == Verdict::Fail);
        self.console_can_run = failed.is_none();
        self.first_failure = failed.map(|c| format!("{}: {}", c.step, c.detail));
        self.routes = ROUTES
            .iter()
            .map(|r| {
                let mine: Vec<&Check> = self
                    .checks
                    .iter()
                    .filter(|c| c.route == Some(r.key))
                    .collect();
                let worst = [
                    Verdict::Fail,
                    Verdict::Warn,
                    Verdict::Ok,
                    Verdict::NotTried,
                    Verdict::Skip,
                ]
                .into_iter()
                .find(|v| mine.iter().any(|c| c.verdict == *v))
                .unwrap_or(Verdict::Skip);
                RouteResult {
                    key: r.key,
                    method: r.method.as_str(),
                    template: templates.template(r.endpoint).to_owned(),
                    evidence: r.evidence.as_str(),
                    verdict: worst,
                }
            })
            .collect();
    }

    pub fn count(&self, verdict: Verdict) -> usize {
        self.checks.iter().filter(|c| c.verdict == verdict).count()
    }

    /// The `--save` document: the report plus one sample answer per route and per event
    /// name, all of it passed through the redactor.
    pub fn saved(&self) -> Value {
        use super::redact::redact;
        let mut doc = redact(&serde_json::to_value(self).unwrap_or(Value::Null));
        // Each sample on its own: the map's keys are route keys (`rte_token`), not fields.
        let each = |m: &BTreeMap<String, Value>| -> serde_json::Map<String, Value> {
            m.iter().map(|(k, v)| (k.clone(), redact(v))).collect()
        };
        if let Value::Object(map) = &mut doc {
            map.insert(
                "samples".into(),
                serde_json::json!({
                    "routes": each(&self.samples.routes),
                    "events": each(&self.samples.events),
                }),
            );
        }
        doc
    }
}
