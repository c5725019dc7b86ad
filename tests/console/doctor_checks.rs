//! `evtop doctor`'s checks against an in-process simulator: a 401 and a wrong password
//! name their step; a path that answers with its trailing slash toggled gives the
//! `[paths]` line that works; `--try-actions` sends only the reversible actions, each
//! confirmed, and leaves the state as it was; `--save` holds no secret, token or full
//! phone number.

use crate::sim_support;

use evtop::api::{Credential, Login, PathTable, Secret};
use evtop::doctor::report::Verdict;
use evtop::doctor::{self, Confirm, NeverConfirm, Options};
use evtop::sim::{SimConfig, SUPERVISOR_EMAIL, SUPERVISOR_PASSWORD, SUPERVISOR_SECRET};
use serde_json::Value;
use sim_support::{get, requests, start, state};
use std::time::Duration;

fn login(sim: &evtop::sim::SimHandle, credential: Credential) -> Login {
    Login {
        credential,
        ..Login::with_secret_key(sim.base_url(), SUPERVISOR_EMAIL, "unused")
    }
}

fn quick() -> Options {
    Options {
        wait: Duration::from_secs(2),
        ..Options::default()
    }
}

fn verdict_of(report: &doctor::report::Report, step: &str) -> Verdict {
    report
        .checks
        .iter()
        .find(|c| c.step == step)
        .unwrap_or_else(|| panic!("no step {step}"))
        .verdict
}

struct Yes(Vec<String>);

impl Confirm for Yes {
    fn confirm(&mut self, question: &str) -> bool {
        self.0.push(question.to_owned());
        true
    }
}

#[tokio::test]
async fn a_refused_login_is_the_first_failing_step() {
    let sim = start(sim_support::paused_config()).await;
    let wrong = login(&sim, Credential::SecretKey(Secret::new("wrong")));
    let report = doctor::run(&wrong, &quick(), &mut NeverConfirm).await;
    assert!(!report.console_can_run);
    let first = report.first_failure.clone().unwrap();
    assert!(
        first.starts_with("who am I (login): the server refused the login (401)"),
        "{first}"
    );
    assert_eq!(verdict_of(&report, "remaining steps"), Verdict::Skip);

    let bad_password = login(&sim, Credential::Password(Secret::new("nope")));
    let report = doctor::run(&bad_password, &quick(), &mut NeverConfirm).await;
    let first = report.first_failure.clone().unwrap();
    assert!(
        first.starts_with("password login: the server refused the password (401)"),
        "{first}"
    );

    let good_password = login(&sim, Credential::Password(Secret::new(SUPERVISOR_PASSWORD)));
    let report = doctor::run(&good_password, &quick(), &mut NeverConfirm).await;
    assert!(report.console_can_run, "{:?}", report.first_failure);
    assert_eq!(verdict_of(&report, "password login"), Verdict::Ok);
    sim.shutdown().await;
}

#[tokio::test]
async fn a_strict_tenant_gets_the_paths_line_that_answers() {
    let mut cfg = sim_support::paused_config();
    cfg.scenario.strict_paths = true;
    cfg.paths = PathTable::with_overrides([("callback_lists", "/callbacklists")]).unwrap();
    let sim = start(cfg).await;
    let report = doctor::run(
        &login(&sim, Credential::SecretKey(SUPERVISOR_SECRET.into())),
        &quick(),
        &mut NeverConfirm,
    )
    .await;
    assert_eq!(verdict_of(&report, "callback lists"), Verdict::Fail);
    assert_eq!(report.paths_hints.len(), 1, "{:?}", report.paths_hints);
    assert!(
        report.paths_hints[0].starts_with("callback_lists = \"/callbacklists\"   # answered 200"),
        "{:?}",
        report.paths_hints
    );
    assert!(report.console_can_run);
    sim.shutdown().await;
}

#[tokio::test]
async fn try_actions_sends_only_reversible_ones_after_a_yes() {
    let sim = start(sim_support::paused_config()).await;
    let before = state(&sim).await;
    let login = login(&sim, Credential::SecretKey(SUPERVISOR_SECRET.into()));
    let options = Options {
        try_actions: true,
        ..quick()
    };
    let report = doctor::run(&login, &options, &mut NeverConfirm).await;
    assert_eq!(verdict_of(&report, "set availability"), Verdict::NotTried);
    let sent = |log: &[Value], method: &str| log.iter().filter(|r| r["Method"] == method).count();
    let log = requests(&sim).await;
    assert_eq!(
        sent(&log, "POST") + sent(&log, "DELETE"),
        0,
        "nothing without a yes"
    );

    let mut yes = Yes(Vec::new());
    let report = doctor::run(&login, &options, &mut yes).await;
    assert_eq!(
        yes.0,
        [
            "Set your own availability to Available again (same note, no change)?",
            "End the availability event just made (you stay Available)?"
        ]
    );
    assert_eq!(verdict_of(&report, "set availability"), Verdict::Ok);
    assert_eq!(verdict_of(&report, "end availability"), Verdict::Ok);
    for step in [
        "terminate wrap-up",
        "assign a callback",
        "mobile call",
        "call back (callout)",
    ] {
        assert_eq!(verdict_of(&report, step), Verdict::NotTried, "{step}");
    }
    let log = requests(&sim).await;
    assert_eq!(sent(&log, "POST"), 1);
    assert_eq!(sent(&log, "DELETE"), 1);
    let after = state(&sim).await;
    assert_eq!(after["Callbacks"], before["Callbacks"]);
    assert_eq!(after["Agents"], before["Agents"], "no agent touched");
    let (status, now) = get(&sim, "/users/me/availability/current").await;
    assert_eq!(status, 200);
    assert_eq!(
        now["EventTypeID"], 1,
        "the supervisor is still Available: {now}"
    );
    assert_eq!(now["Note"], "");
    sim.shutdown().await;
}

/// Every string of a JSON value.
fn strings(v: &Value, out: &mut Vec<String>) {
    match v {
        Value::String(s) => out.push(s.clone()),
        Value::Array(a) => a.iter().for_each(|x| strings(x, out)),
        Value::Object(o) => o.values().for_each(|x| strings(x, out)),
        _ => {}
    }
}

#[tokio::test]
async fn the_saved_report_holds_no_secret_token_or_full_phone_number() {
    let mut cfg = SimConfig::default_on_loopback();
    cfg.speed = 5.0;
    let sim = start(cfg).await;
    let login = login(&sim, Credential::Password(Secret::new(SUPERVISOR_PASSWORD)));
    let report = doctor::run(&login, &quick(), &mut NeverConfirm).await;
    assert!(report.console_can_run, "{:?}", report.first_failure);
    let saved = report.saved();
    let text = serde_json::to_string_pretty(&saved).unwrap();

    // Samples are there: one per route asked, one per event name seen.
    for key in [
        "users",
        "queues",
        "callback_requests",
        "rte_token",
        "authuser",
    ] {
        assert!(saved["samples"]["routes"].get(key).is_some(), "{key}");
    }
    assert!(saved["samples"]["events"]
        .as_object()
        .is_some_and(|e| !e.is_empty()));
    assert_eq!(
        saved["samples"]["routes"]["rte_token"]["Token"],
        "<redacted>"
    );
    assert_eq!(
        saved["samples"]["routes"]["authuser"]["SecretKey"],
        "<redacted>"
    );
    assert!(saved["samples"]["routes"]["rte_token"]["WSSEndpoint"]
        .as_str()
        .unwrap()
        .ends_with("/rte"));

    // No secret, password, token or full phone number anywhere.
    for secret in [SUPERVISOR_SECRET, SUPERVISOR_PASSWORD] {
        assert!(!text.contains(secret), "{secret} in {text}");
    }
    assert!(!text.contains("eyJ"), "a JWT in the file");
    let st = state(&sim).await;
    let mut phones = Vec::new();
    for q in st["Queues"].as_array().unwrap() {
        strings(&q["Numbers"], &mut phones);
    }
    for c in st["Callbacks"].as_array().unwrap() {
        strings(&c["ContactNumber"], &mut phones);
    }
    assert!(phones.len() > 5);
    let mut all = Vec::new();
    strings(&saved, &mut all);
    for p in &phones {
        assert!(
            !all.iter().any(|s| s.contains(p.as_str())),
            "{p} in the file"
        );
    }
    // Nor any run of 7+ digits after a '+'.
    for s in &all {
        let b = s.as_bytes();
        for (i, _) in s.match_indices('+') {
            let digits = b[i + 1..].iter().take_while(|c| c.is_ascii_digit()).count();
            assert!(digits < 7, "a phone number in {s:?}");
        }
    }
    // The user's e-mail is masked too.
    assert!(!text.contains(SUPERVISOR_EMAIL), "{text}");
    sim.shutdown().await;
}
