//! The RTE steps of `evtop doctor`: token, negotiate, WebSocket, handshake (timed one by
//! one), `AvailableSubscriptions` against evtop's events, a subscription to one queue and
//! one agent, and the events that arrive within `--wait`.

use super::report::{Check, Events, Subscriptions, Verdict};
use super::{fields, Doctor, Flow};
use crate::api::paths::Endpoint;
use crate::model::casing::from_platform;
use crate::model::rest as r;
use crate::model::{EventKind, RteEvent};
use crate::rte::offered::Offered;
use crate::rte::subscriptions::{hub_argument, rejected};
use crate::rte::SubscriptionKey;
use crate::signalr::{connect_observed, ConnectStep, HubError, HubEvent, HubOptions};
use std::collections::BTreeSet;
use std::time::{Duration, Instant};

impl Doctor {
    pub(super) async fn hub_steps(&mut self) -> Flow {
        let token = match self
            .get("RTE token", Endpoint::RteToken, &[("userId", "me")], true)
            .await
        {
            Some(v) => from_platform::<r::RteToken>(v).unwrap_or_default(),
            None => return Err("RTE token".into()),
        };
        if token.token.is_empty() || token.wss_endpoint.trim().is_empty() {
            if let Some(c) = self.report.checks.last_mut() {
                c.verdict = Verdict::Fail;
                c.detail = "the answer lacks WSSEndpoint or Token".into();
            }
            return Err("RTE token".into());
        }
        self.describe_last(format!(
            "hub at {}",
            crate::sanitize::sanitize(token.wss_endpoint.trim())
        ));
        let Some(api) = self.api.clone() else {
            return Err("RTE token".into());
        };
        let options = HubOptions {
            insecure_http: self.login.insecure_http,
            invoke_timeout: Duration::from_secs(10),
            // The REST client's TLS config: the same roots, the same private CA.
            tls: Some(api.tls_config()),
            ..HubOptions::default()
        };
        let secret = crate::api::Secret::new(token.token.clone());
        let t0 = Instant::now();
        let mut done: Vec<(ConnectStep, Instant)> = Vec::new();
        let result = {
            let mut progress = |step: ConnectStep| done.push((step, Instant::now()));
            connect_observed(
                api.http(),
                &token.wss_endpoint,
                &secret,
                &options,
                &mut progress,
            )
            .await
        };
        let steps = [
            (ConnectStep::Negotiated, "negotiate"),
            (ConnectStep::WebSocketOpen, "WebSocket"),
            (ConnectStep::HandshakeDone, "handshake"),
        ];
        let mut since = t0;
        let mut failed = None;
        for (step, name) in steps {
            let mut c = match done.iter().find(|(s, _)| *s == step) {
                Some((_, at)) => {
                    let mut c = Check::step(name, Verdict::Ok, "");
                    c.ms = Some(at.duration_since(since).as_millis() as u64);
                    since = *at;
                    c
                }
                None if failed.is_none() => {
                    let detail = match &result {
                        Err(HubError::Unauthorized) => {
                            "the hub refused the RTE token (401)".to_owned()
                        }
                        Err(e) => crate::sanitize::sanitize(&e.to_string()),
                        Ok(_) => "did not happen".to_owned(),
                    };
                    failed = Some(name);
                    let mut c = Check::step(name, Verdict::Fail, detail);
                    c.ms = Some(since.elapsed().as_millis() as u64);
                    c
                }
                None => Check::step(name, Verdict::Skip, "not reached"),
            };
            c.detail = match (c.verdict, step) {
                (Verdict::Ok, ConnectStep::Negotiated) => "WebSockets offered".into(),
                (Verdict::Ok, ConnectStep::WebSocketOpen) => "upgraded".into(),
                (Verdict::Ok, ConnectStep::HandshakeDone) => "JSON protocol, version 1".into(),
                _ => c.detail,
            };
            self.push(c.blocking());
        }
        let (conn, mut events) = match result {
            Ok(pair) => pair,
            Err(_) => return Err(failed.unwrap_or("handshake").into()),
        };

        // What the hub offers.
        let t = Instant::now();
        let answer = conn.invoke("AvailableSubscriptions", Vec::new()).await;
        let mut c = Check::step("AvailableSubscriptions", Verdict::Ok, "");
        c.ms = Some(t.elapsed().as_millis() as u64);
        let offered = match answer {
            Ok(v) => {
                let offered = Offered::from_answer(&v);
                match &offered {
                    Some(o) => {
                        let cmp = o.compare();
                        let core = [EventKind::QueueStatus, EventKind::UserStatus];
                        let lacking: Vec<&str> = core
                            .iter()
                            .filter(|k| !o.offers(k))
                            .map(|k| k.name())
                            .collect();
                        c.detail = format!(
                            "{} offered: {} known to evtop, {} unknown to evtop; {} evtop events not offered",
                            o.names().len(),
                            cmp.known.len(),
                            cmp.unknown.len(),
                            cmp.missing.len()
                        );
                        if !lacking.is_empty() {
                            c.verdict = Verdict::Warn;
                            c.detail = format!(
                                "{} not offered: the console shows no live figures for it; {}",
                                lacking.join(" and "),
                                c.detail
                            );
                        }
                        self.report.subscriptions = Some(Subscriptions {
                            offered: o.names().to_vec(),
                            comparison: cmp,
                        });
                    }
                    None => {
                        c.verdict = Verdict::Warn;
                        c.detail =
                            "the answer names no event: evtop subscribes without knowing".into();
                    }
                }
                offered
            }
            Err(e) => {
                c.verdict = Verdict::Warn;
                c.detail = format!(
                    "{}: evtop subscribes without knowing",
                    crate::sanitize::sanitize(&e.to_string())
                );
                None
            }
        };
        self.push(c);

        // One queue and one agent.
        let (queue, agent) = self.hub_targets.clone();
        let mut keys = Vec::new();
        let mut names = Vec::new();
        if let Some(q) = &queue {
            keys.push(SubscriptionKey::new(q.id.clone(), EventKind::QueueStatus));
            names.push(format!(
                "QueueStatus on {}",
                crate::sanitize::sanitize(&q.name)
            ));
        }
        if let Some(a) = &agent {
            keys.push(SubscriptionKey::new(a.id.clone(), EventKind::UserStatus));
            names.push(format!(
                "UserStatus on {}",
                crate::sanitize::sanitize(&a.display_name())
            ));
        }
        let (keys, skipped) = match &offered {
            Some(o) => o.split(keys),
            None => (keys, Vec::new()),
        };
        let mut c = Check::step("subscribe", Verdict::Ok, names.join(", "));
        let mut live: Vec<SubscriptionKey> = Vec::new();
        if keys.is_empty() {
            c.verdict = Verdict::Warn;
            c.detail = if skipped.is_empty() {
                "no queue or agent to subscribe to".into()
            } else {
                format!(
                    "nothing offered to subscribe to ({} not offered)",
                    crate::rte::offered::event_names(&skipped).join(", ")
                )
            };
        } else {
            let t = Instant::now();
            let answer = conn.invoke("Subscribe", vec![hub_argument(&keys)]).await;
            c.ms = Some(t.elapsed().as_millis() as u64);
            match answer {
                Ok(v) => {
                    let refused = rejected(&keys, v);
                    live = keys
                        .iter()
                        .filter(|k| !refused.iter().any(|(r, _)| r == *k))
                        .cloned()
                        .collect();
                    if !refused.is_empty() {
                        c.verdict = Verdict::Warn;
                        let why: Vec<String> = refused
                            .iter()
                            .map(|(k, m)| format!("{} refused: {m}", k.event))
                            .collect();
                        c.detail = format!("{}; {}", c.detail, why.join("; "));
                    }
                }
                Err(e) => {
                    c.verdict = Verdict::Warn;
                    c.detail = crate::sanitize::sanitize(&e.to_string());
                }
            }
            if !skipped.is_empty() {
                c.verdict = Verdict::Warn;
                c.detail = format!(
                    "{}; not offered: {}",
                    c.detail,
                    crate::rte::offered::event_names(&skipped).join(", ")
                );
            }
        }
        self.push(c);

        // Events.
        if self.options.wait.is_zero() || live.is_empty() {
            let why = if live.is_empty() {
                "no subscription to wait on"
            } else {
                "--wait 0"
            };
            self.push(Check::step("events", Verdict::Skip, why));
            conn.close().await;
            return Ok(());
        }
        let t = Instant::now();
        let deadline = tokio::time::Instant::now() + self.options.wait;
        let mut heard: BTreeSet<SubscriptionKey> = BTreeSet::new();
        let mut counts = std::collections::BTreeMap::<String, usize>::new();
        let mut absent = BTreeSet::new();
        let mut unused = BTreeSet::new();
        let mut closed = None;
        while heard.len() < live.len() {
            let next = tokio::time::timeout_at(deadline, events.recv()).await;
            let Ok(next) = next else { break };
            match next {
                Some(HubEvent::Invocations(batch)) => {
                    for invocation in batch {
                        if !invocation.target().eq_ignore_ascii_case("MessageReceived") {
                            continue;
                        }
                        let Some(arg) = invocation.argument_values().into_iter().flatten().next()
                        else {
                            continue;
                        };
                        let data = arg
                            .get("data")
                            .or_else(|| arg.get("Data"))
                            .cloned()
                            .unwrap_or_default();
                        let event = RteEvent::from_message(arg);
                        let name = event.kind.name().to_owned();
                        *counts.entry(name.clone()).or_default() += 1;
                        if let Some(shape) = fields::expected_event(&event.kind) {
                            let f = fields::compare(&data, &shape);
                            absent.extend(f.absent.into_iter().map(|x| format!("{name}.{x}")));
                            unused.extend(f.unused.into_iter().map(|x| format!("{name}.{x}")));
                        }
                        self.report.samples.events.entry(name).or_insert(data);
                        if let Some(k) = live.iter().find(|k| {
                            k.event == event.kind
                                && k.entity_id.eq_ignore_ascii_case(event.entity_id())
                        }) {
                            heard.insert(k.clone());
                        }
                    }
                }
                Some(HubEvent::Closed(reason)) => {
                    closed = Some(reason.message);
                    break;
                }
                None => {
                    closed = Some("connection lost".into());
                    break;
                }
            }
        }
        let waited = t.elapsed();
        let total: usize = counts.values().sum();
        let list: Vec<String> = counts.iter().map(|(k, n)| format!("{k} {n}")).collect();
        let mut c = Check::step("events", Verdict::Ok, "");
        c.ms = Some(waited.as_millis() as u64);
        c.detail = match (&closed, total) {
            (Some(why), _) => {
                c.verdict = Verdict::Warn;
                format!(
                    "the hub closed the connection: {}",
                    crate::sanitize::sanitize(why)
                )
            }
            (None, 0) => {
                c.verdict = Verdict::Warn;
                format!(
                    "no event in {} s (a quiet queue and agent send nothing: try a longer --wait)",
                    self.options.wait.as_secs()
                )
            }
            (None, n) => format!("{}: {}", super::count(n, "event"), list.join(", ")),
        };
        c.absent = absent.into_iter().collect();
        c.unused = unused.into_iter().collect();
        self.push(c);
        self.report.events = Events {
            waited_ms: waited.as_millis() as u64,
            counts,
        };
        conn.close().await;
        Ok(())
    }
}
