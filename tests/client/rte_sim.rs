//! The whole live data path against the simulator on loopback: discovery → password
//! login → token → negotiate → subscribe → events; then every fault of the simulator's
//! admin API followed by automatic recovery with all subscriptions back and events
//! flowing again. Also measures the time from a forced drop to the first event after it.

use crate::session_support;
use crate::sim_support;

use sim_support::{admin, start};

use evtop::api::{ApiClient, ClientOptions, RetryPolicy, Secret};
use evtop::api::{Credential, Login};
use evtop::model::EventKind;
use evtop::rte::subscriptions::Entities;
use evtop::rte::{
    ConnectionState, Session, SessionHandle, SessionOptions, SessionUpdate, SubscriptionKey,
};
use evtop::sim::{SimConfig, SimHandle, SUPERVISOR_EMAIL, SUPERVISOR_PASSWORD};
use serde_json::json;
use std::collections::BTreeSet;
use std::time::{Duration, Instant};
use tokio::sync::mpsc;
use tokio::time::{timeout_at, Instant as TokioInstant};

const T: Duration = Duration::from_secs(15);

/// Paused, with pings every 300 ms so that silence is noticed quickly.
pub(crate) fn paused() -> SimConfig {
    let mut cfg = sim_support::paused_config();
    cfg.keepalive = Duration::from_millis(300);
    cfg
}

fn fast_rest() -> ClientOptions {
    ClientOptions {
        retry: RetryPolicy {
            max_retries: 3,
            base_delay: Duration::from_millis(50),
            max_delay: Duration::from_secs(2),
        },
        ..ClientOptions::default()
    }
}

/// Discovery (the sim serves it) and the password → secret key exchange.
pub(crate) async fn login(sim: &SimHandle) -> ApiClient {
    let mut r = Login::with_secret_key(sim.base_url(), SUPERVISOR_EMAIL, "unused");
    r.api_url = None;
    r.discovery_url = format!("{}/", sim.base_url());
    r.credential = Credential::Password(Secret::new(SUPERVISOR_PASSWORD));
    let options = ClientOptions {
        tls: sim.ca_pem().map(|_| sim_support::client_tls(sim)),
        ..fast_rest()
    };
    tokio::time::timeout(T, ApiClient::connect_with(&r, options))
        .await
        .expect("login in time")
        .expect("login")
}

pub(crate) fn options() -> SessionOptions {
    session_support::fast_session_options(Duration::from_secs(2))
}

struct Live {
    api: ApiClient,
    entities: Entities,
    handle: SessionHandle,
    updates: mpsc::Receiver<SessionUpdate>,
    round: usize,
}

/// Logs in, subscribes to `kinds` on everything visible, waits until live.
async fn live(sim: &SimHandle, kinds: &[EventKind], options: SessionOptions) -> Live {
    let api = login(sim).await;
    let entities = Entities::fetch(&api).await.expect("entities");
    assert!(!entities.queues.is_empty() && !entities.users.is_empty());
    let keys = entities.subscriptions(kinds);
    let (handle, mut updates) = Session::spawn(api.clone(), options);
    handle.subscribe(keys).await;
    let seen = until_live(&mut updates).await;
    assert!(
        !seen
            .iter()
            .any(|u| matches!(u, SessionUpdate::SubscriptionRejected { .. })),
        "the supervisor may see everything: {seen:?}"
    );
    Live {
        api,
        entities,
        handle,
        updates,
        round: 0,
    }
}

/// A paused simulator and a session live on QueueStatus of every queue and
/// UserAvailability of every user.
async fn paused_and_live() -> (SimHandle, Live) {
    let sim = start(paused()).await;
    let s = live(
        &sim,
        &[EventKind::QueueStatus, EventKind::UserAvailability],
        options(),
    )
    .await;
    (sim, s)
}

/// The next connection state (events skipped), bounded in time.
async fn next_state(updates: &mut mpsc::Receiver<SessionUpdate>) -> ConnectionState {
    let deadline = TokioInstant::now() + T;
    loop {
        match timeout_at(deadline, updates.recv())
            .await
            .expect("no state change in time")
            .expect("session ended")
        {
            SessionUpdate::State(state) => return state,
            SessionUpdate::Events(_) => continue,
            other => panic!("expected a state change, got {other:?}"),
        }
    }
}

/// Status updates until `Live` (events skipped), bounded in time.
async fn until_live(updates: &mut mpsc::Receiver<SessionUpdate>) -> Vec<SessionUpdate> {
    let deadline = TokioInstant::now() + T;
    let mut seen = Vec::new();
    loop {
        let u = timeout_at(deadline, updates.recv())
            .await
            .unwrap_or_else(|_| panic!("not live in time; saw {seen:?}"))
            .expect("session ended");
        match u {
            SessionUpdate::Events(_) => continue,
            SessionUpdate::State(ConnectionState::Failed { reason }) => panic!("failed: {reason}"),
            SessionUpdate::State(ConnectionState::Live) => {
                seen.push(u);
                return seen;
            }
            other => seen.push(other),
        }
    }
}

impl Live {
    /// Makes the sim change every queue and every user, and waits for a QueueStatus of
    /// each queue and a UserAvailability of each user: proof that those subscriptions
    /// are in place and events flow. Returns the other updates seen meanwhile.
    async fn everything_flows(&mut self, sim: &SimHandle) -> Vec<SessionUpdate> {
        self.round += 1;
        let availability = ["Busy", "BRB", "Away", "Available"][self.round % 4];
        let mut missing: BTreeSet<(String, EventKind)> = BTreeSet::new();
        for q in &self.entities.queues {
            admin(sim, "control", json!({"call_queue_id": q})).await;
            missing.insert((q.clone(), EventKind::QueueStatus));
        }
        for u in &self.entities.users {
            admin(
                sim,
                "control",
                json!({"availability": {"user_id": u, "availability": availability}}),
            )
            .await;
            missing.insert((u.clone(), EventKind::UserAvailability));
        }
        let deadline = TokioInstant::now() + T;
        let mut others = Vec::new();
        while !missing.is_empty() {
            let u = timeout_at(deadline, self.updates.recv())
                .await
                .unwrap_or_else(|_| panic!("events missing: {missing:?}"))
                .expect("session ended");
            match u {
                SessionUpdate::Events(batch) => {
                    for ev in batch {
                        assert!(ev.decode_error.is_none(), "{:?}", ev.decode_error);
                        missing.remove(&(ev.entity_id().to_owned(), ev.kind.clone()));
                    }
                }
                SessionUpdate::State(ConnectionState::Failed { reason }) => panic!("{reason}"),
                other => others.push(other),
            }
        }
        others
    }

    /// After a fault: the reconnect is reported, then Live, then Resynced; returns the
    /// reasons given while reconnecting.
    async fn recovers(&mut self) -> Vec<String> {
        let seen = until_live(&mut self.updates).await;
        let reasons: Vec<String> = seen
            .iter()
            .filter_map(|u| match u {
                SessionUpdate::State(ConnectionState::Reconnecting { reason, .. }) => {
                    Some(reason.clone())
                }
                _ => None,
            })
            .collect();
        assert!(!reasons.is_empty(), "no reconnect reported: {seen:?}");
        assert!(
            !seen
                .iter()
                .any(|u| matches!(u, SessionUpdate::SubscriptionRejected { .. })),
            "{seen:?}"
        );
        let deadline = TokioInstant::now() + T;
        loop {
            match timeout_at(deadline, self.updates.recv())
                .await
                .expect("no Resynced")
                .expect("session ended")
            {
                SessionUpdate::Resynced => break,
                SessionUpdate::Events(_) => continue,
                other => panic!("expected Resynced, got {other:?}"),
            }
        }
        reasons
    }

    /// What the console does after `Resynced`: a fresh `/queues` snapshot.
    async fn fresh_snapshot(&self) {
        assert!(!self.api.queues().await.expect("fresh snapshot").is_empty());
    }
}

#[tokio::test]
async fn discovery_login_token_subscribe_events_every_kind() {
    let sim = start(paused()).await;
    let mut s = live(&sim, EventKind::ALL, options()).await;
    s.everything_flows(&sim).await;
    // The typed calls answer against the simulator.
    let me = s.api.me().await.unwrap();
    assert!(!me.id.is_empty());
    assert!(!s.api.callback_lists().await.unwrap().is_empty());
    s.handle.shutdown().await;
    sim.shutdown().await;
}

#[tokio::test]
async fn drop_websockets_recovers() {
    let (sim, mut s) = paused_and_live().await;
    s.everything_flows(&sim).await;
    admin(&sim, "faults", json!({"drop_websockets": true})).await;
    s.recovers().await;
    s.fresh_snapshot().await;
    s.everything_flows(&sim).await;
    sim.shutdown().await;
}

#[tokio::test]
async fn refused_tokens_recover_with_reason() {
    let (sim, mut s) = paused_and_live().await;
    admin(&sim, "faults", json!({"refuse_tokens": 3})).await;
    admin(&sim, "faults", json!({"drop_websockets": true})).await;
    let reasons = s.recovers().await;
    assert!(reasons.len() >= 4, "{reasons:?}");
    // The login was fine: a refused token is not a matter of user and secret key.
    assert_eq!(
        reasons[1..]
            .iter()
            .filter(|r| r.contains("the RTE token was refused (retrying)"))
            .count(),
        3,
        "{reasons:?}"
    );
    assert!(
        !reasons.iter().any(|r| r.contains("check user")),
        "{reasons:?}"
    );
    s.everything_flows(&sim).await;
    sim.shutdown().await;
}

#[tokio::test]
async fn failing_rest_503_and_429_recover() {
    let (sim, mut s) = paused_and_live().await;
    for status in [503, 429] {
        admin(
            &sim,
            "faults",
            json!({"rest_error_rate": 0.5, "rest_error_status": status}),
        )
        .await;
        admin(&sim, "faults", json!({"drop_websockets": true})).await;
        s.recovers().await;
        admin(&sim, "faults", json!({"clear": true})).await;
        s.fresh_snapshot().await;
        s.everything_flows(&sim).await;
    }
    sim.shutdown().await;
}

/// The same path over https + wss with the sim's generated CA: discovery, password
/// login, token (a wss:// endpoint), negotiate, WebSocket, events; a dropped WebSocket
/// comes back over wss with every subscription.
#[tokio::test]
async fn over_tls_everything_flows_and_a_drop_recovers() {
    let mut cfg = paused();
    cfg.tls = true;
    let sim = start(cfg).await;
    assert!(sim.base_url().starts_with("https://"), "{}", sim.base_url());
    let mut s = live(
        &sim,
        &[EventKind::QueueStatus, EventKind::UserAvailability],
        options(),
    )
    .await;
    let token = s.api.rte_token("me").await.unwrap();
    assert!(
        token.wss_endpoint.starts_with("wss://"),
        "{}",
        token.wss_endpoint
    );
    s.everything_flows(&sim).await;
    admin(&sim, "faults", json!({"drop_websockets": true})).await;
    s.recovers().await;
    s.everything_flows(&sim).await;
    sim.shutdown().await;
}

/// A malformed record is dropped; the connection stays (no reconnect, no resync).
#[tokio::test]
async fn a_malformed_frame_is_dropped_and_the_connection_stays() {
    let (sim, mut s) = paused_and_live().await;
    admin(&sim, "faults", json!({"malformed_frame": true})).await;
    let others = s.everything_flows(&sim).await;
    assert!(others.is_empty(), "{others:?}");
    sim.shutdown().await;
}

#[tokio::test]
async fn stopped_pings_time_out_and_recover() {
    let (sim, mut s) = paused_and_live().await;
    admin(&sim, "faults", json!({"stop_pings": true})).await;
    let started = Instant::now();
    // Wait for the client's own verdict, then let the server ping again.
    match next_state(&mut s.updates).await {
        ConnectionState::Reconnecting { reason, .. } => {
            assert!(reason.contains("Server timeout"), "{reason}")
        }
        other => panic!("{other:?}"),
    }
    assert!(started.elapsed() >= Duration::from_millis(1500));
    admin(&sim, "faults", json!({"stop_pings": false})).await;
    until_live(&mut s.updates).await;
    s.everything_flows(&sim).await;
    sim.shutdown().await;
}

#[tokio::test]
async fn close_with_error_recovers_and_says_why() {
    let (sim, mut s) = paused_and_live().await;
    admin(
        &sim,
        "faults",
        json!({"close_with_error": "scheduled maintenance"}),
    )
    .await;
    let reasons = s.recovers().await;
    assert!(reasons[0].contains("scheduled maintenance"), "{reasons:?}");
    s.everything_flows(&sim).await;
    sim.shutdown().await;
}

/// A close that forbids reconnecting: the session fails with the server's reason and
/// stays down, until it is asked to reconnect; then everything is back.
#[tokio::test]
async fn a_final_close_fails_with_the_reason_until_asked_to_reconnect() {
    let (sim, mut s) = paused_and_live().await;
    admin(&sim, "faults", json!({"close_final": "tenant moved"})).await;
    match next_state(&mut s.updates).await {
        ConnectionState::Failed { reason } => assert!(reason.contains("tenant moved"), "{reason}"),
        other => panic!("expected Failed, got {other:?}"),
    }
    assert!(
        tokio::time::timeout(Duration::from_millis(800), s.updates.recv())
            .await
            .is_err(),
        "no retry without being asked"
    );
    s.handle.reconnect().await;
    until_live(&mut s.updates).await;
    s.everything_flows(&sim).await;
    sim.shutdown().await;
}

#[tokio::test]
async fn agent_gets_other_users_events_refused() {
    let sim = start(paused()).await;
    let api = ApiClient::new(
        &sim.base_url(),
        evtop::sim::AGENT_EMAIL,
        Secret::new(evtop::sim::AGENT_SECRET),
        fast_rest(),
    )
    .unwrap();
    let me = api.me().await.unwrap();
    let supervisor = login(&sim).await;
    let other = supervisor
        .users()
        .await
        .unwrap()
        .into_iter()
        .find(|u| u.id != me.id)
        .unwrap();
    let (handle, mut updates) = Session::spawn(api, options());
    let mine = SubscriptionKey::new(me.id.clone(), EventKind::UserStatus);
    let theirs = SubscriptionKey::new(other.id.clone(), EventKind::UserStatus);
    handle.subscribe(vec![mine, theirs.clone()]).await;
    let seen = until_live(&mut updates).await;
    let refused: Vec<_> = seen
        .iter()
        .filter_map(|u| match u {
            SessionUpdate::SubscriptionRejected { key, message } => {
                Some((key.clone(), message.clone()))
            }
            _ => None,
        })
        .collect();
    assert_eq!(refused.len(), 1, "{seen:?}");
    assert_eq!(refused[0].0, theirs);
    assert!(refused[0].1.contains("Unauthorized"), "{}", refused[0].1);
    sim.shutdown().await;
}

/// Time from a forced drop to the first event after it, with the firehose on (200 ev/s;
/// the simulator publishes in ticks, so the event part includes waiting for the next tick).
#[tokio::test]
async fn measure_drop_to_first_event() {
    let mut cfg = paused();
    cfg.speed = 1.0;
    cfg.firehose = Some(200);
    let sim = start(cfg).await;
    // Every drop here follows a short live period: count each as a first retry, as after
    // a drop in a long-lived session.
    let measured = SessionOptions {
        stable_after: Duration::ZERO,
        ..options()
    };
    let mut s = live(&sim, &[EventKind::QueueStatus], measured).await;
    let mut samples = Vec::new();
    let mut to_live = Vec::new();
    for _ in 0..5 {
        // Events flow before the drop.
        loop {
            if let Some(SessionUpdate::Events(_)) =
                tokio::time::timeout(T, s.updates.recv()).await.unwrap()
            {
                break;
            }
        }
        let dropped = Instant::now();
        admin(&sim, "faults", json!({"drop_websockets": true})).await;
        let deadline = TokioInstant::now() + T;
        let mut reconnected = false;
        loop {
            match timeout_at(deadline, s.updates.recv())
                .await
                .unwrap()
                .unwrap()
            {
                SessionUpdate::State(ConnectionState::Reconnecting { .. }) => reconnected = true,
                SessionUpdate::State(ConnectionState::Live) => to_live.push(dropped.elapsed()),
                SessionUpdate::Events(_) if reconnected => break,
                _ => {}
            }
        }
        samples.push(dropped.elapsed());
    }
    samples.sort();
    to_live.sort();
    eprintln!(
        "drop → live again: median {:?}; drop → first event after it: min {:?}, median {:?}, max {:?}",
        to_live[to_live.len() / 2],
        samples[0],
        samples[samples.len() / 2],
        samples[samples.len() - 1]
    );
    assert!(
        samples[samples.len() / 2] < Duration::from_secs(2),
        "{samples:?}"
    );
    sim.shutdown().await;
}

/// Events that already flow while a connection restores its subscriptions are held
/// back until `Live`: a consumer sees `Connecting`, `Live`, then events, never an event
/// of a connection it was not told is live (what `evtop events` prints on stderr).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn no_event_comes_before_live() {
    let mut cfg = SimConfig::default_on_loopback();
    cfg.speed = 20.0;
    cfg.firehose = Some(2_000);
    let sim = start(cfg).await;
    let api = login(&sim).await;
    let entities = Entities::fetch(&api).await.expect("entities");
    let keys = entities.subscriptions(EventKind::ALL);
    // Small batches: many round trips, during which the firehose keeps pushing.
    // Subscribed from the first connection on (a later `subscribe` may race the connect
    // and land after Live, with its NotOffered after it).
    let (handle, mut updates) = Session::spawn_subscribed(
        api,
        SessionOptions {
            batch_size: 5,
            ..options()
        },
        keys,
    );
    let deadline = TokioInstant::now() + T;
    let mut order = Vec::new();
    let mut events_after_live = 0;
    while events_after_live < 50 {
        let u = timeout_at(deadline, updates.recv())
            .await
            .unwrap_or_else(|_| panic!("no events after live; saw {order:?}"))
            .expect("session ended");
        match u {
            SessionUpdate::Events(batch) => {
                assert!(
                    order.contains(&"live"),
                    "an event came before Live: {order:?}"
                );
                assert!(!batch.is_empty(), "an empty batch");
                events_after_live += batch.len();
            }
            SessionUpdate::State(ConnectionState::Connecting) => order.push("connecting"),
            SessionUpdate::State(ConnectionState::Live) => order.push("live"),
            // The sim does not offer every kind evtop knows: those are skipped, said once.
            SessionUpdate::NotOffered { .. } => order.push("not offered"),
            other => panic!("unexpected {other:?}"),
        }
    }
    assert_eq!(order, ["connecting", "not offered", "live"]);
    handle.shutdown().await;
    sim.shutdown().await;
}

/// What the simulator holds for each open hub connection: `/_sim/connections` as
/// (connection id, {(lower-case entity id, event)}).
pub(crate) async fn server_side(sim: &SimHandle) -> Vec<(String, BTreeSet<(String, String)>)> {
    let r = sim_support::http_for(sim)
        .get(format!("{}/_sim/connections", sim.base_url()))
        .send()
        .await
        .unwrap();
    let v: serde_json::Value = r.json().await.unwrap();
    v.as_array()
        .unwrap()
        .iter()
        .map(|c| {
            let subs = c["Subscriptions"]
                .as_array()
                .unwrap()
                .iter()
                .map(|s| {
                    (
                        s["EntityId"].as_str().unwrap().to_ascii_lowercase(),
                        s["EventName"].as_str().unwrap().to_owned(),
                    )
                })
                .collect();
            (c["Id"].as_str().unwrap().to_owned(), subs)
        })
        .collect()
}

/// A session's own view in the same shape.
pub(crate) fn believed(handle: &SessionHandle) -> BTreeSet<(String, String)> {
    handle
        .subscriptions()
        .into_iter()
        .map(|k| (k.entity_id.to_ascii_lowercase(), k.event.name().to_owned()))
        .collect()
}

fn quick_subscribe_retries() -> SessionOptions {
    SessionOptions {
        subscribe_retry: evtop::rte::Backoff {
            base: Duration::from_millis(50),
            max: Duration::from_millis(200),
            jitter: 0.0,
        },
        subscribe_attempts: 3,
        // Not within these tests (see the next one for the quiet retries while live).
        resubscribe_backoff: evtop::rte::Backoff {
            base: Duration::from_secs(60),
            max: Duration::from_secs(60),
            jitter: 0.0,
        },
        ..options()
    }
}

/// A Subscribe batch the hub answers with an error is tried again: two errors in a row
/// (fewer than the attempts) lose nothing, and nothing is reported.
#[tokio::test]
async fn a_subscribe_batch_error_is_retried() {
    let sim = start(paused()).await;
    let mut s = live(
        &sim,
        &[EventKind::QueueStatus, EventKind::UserAvailability],
        quick_subscribe_retries(),
    )
    .await;
    let wanted = believed(&s.handle);
    assert!(!wanted.is_empty());
    admin(&sim, "faults", json!({"subscribe_error": 2})).await;
    admin(&sim, "faults", json!({"drop_websockets": true})).await;
    s.recovers().await; // no SubscriptionRejected
    s.everything_flows(&sim).await;
    assert_eq!(believed(&s.handle), wanted);
    let server = server_side(&sim).await;
    assert_eq!(server.len(), 1, "{server:?}");
    assert_eq!(server[0].1, wanted);
    assert_eq!(
        sim_support::get(&sim, "/_sim/faults").await.1["subscribe_error"],
        0,
        "both errors were used"
    );
    sim.shutdown().await;
}

/// A batch that keeps failing is reported like a refusal, key by key (so a console
/// counts it in "live (N of M subscriptions)"), the session believes it holds nothing
/// the hub does not hold, and the keys are tried again on the next connection.
#[tokio::test]
async fn a_subscribe_batch_that_keeps_failing_is_reported_and_tried_again_later() {
    let sim = start(paused()).await;
    let mut s = live(
        &sim,
        &[EventKind::QueueStatus, EventKind::UserAvailability],
        quick_subscribe_retries(),
    )
    .await;
    let wanted = believed(&s.handle);
    admin(&sim, "faults", json!({"subscribe_error": 1000})).await;
    admin(&sim, "faults", json!({"drop_websockets": true})).await;
    let seen = until_live(&mut s.updates).await;
    let failed: BTreeSet<(String, String)> = seen
        .iter()
        .filter_map(|u| match u {
            SessionUpdate::SubscriptionRejected { key, message } => {
                assert!(
                    message.contains("Subscribe failed 3 times")
                        && message.contains("error on the server"),
                    "{message}"
                );
                Some((
                    key.entity_id.to_ascii_lowercase(),
                    key.event.name().to_owned(),
                ))
            }
            _ => None,
        })
        .collect();
    assert_eq!(
        failed, wanted,
        "every key of every failed batch is reported"
    );
    assert!(believed(&s.handle).is_empty());
    let server = server_side(&sim).await;
    assert!(server.iter().all(|(_, subs)| subs.is_empty()), "{server:?}");
    let errors_left = sim_support::get(&sim, "/_sim/faults").await.1["subscribe_error"]
        .as_u64()
        .unwrap();
    let batches = wanted.len().div_ceil(SessionOptions::default().batch_size) as u64;
    assert_eq!(1000 - errors_left, 3 * batches, "3 tries per batch");
    // Still wanted: the next connection subscribes them.
    admin(
        &sim,
        "faults",
        json!({"clear": true, "drop_websockets": true}),
    )
    .await;
    s.recovers().await;
    s.everything_flows(&sim).await;
    assert_eq!(believed(&s.handle), wanted);
    assert_eq!(server_side(&sim).await[0].1, wanted);
    sim.shutdown().await;
}

/// While live, keys reported because their Subscribe kept failing are tried again
/// quietly: once the hub answers, they come back as `SubscriptionsRestored`, on the same
/// connection (no reconnect), and the hub holds exactly what the session believes.
#[tokio::test]
async fn keys_that_kept_failing_are_made_later_on_the_same_connection() {
    let sim = start(paused()).await;
    let retries = SessionOptions {
        resubscribe_backoff: evtop::rte::Backoff {
            base: Duration::from_millis(100),
            max: Duration::from_millis(300),
            jitter: 0.0,
        },
        ..quick_subscribe_retries()
    };
    let mut s = live(
        &sim,
        &[EventKind::QueueStatus, EventKind::UserAvailability],
        retries,
    )
    .await;
    let wanted = believed(&s.handle);
    admin(&sim, "faults", json!({"subscribe_error": 1000})).await;
    admin(&sim, "faults", json!({"drop_websockets": true})).await;
    let seen = until_live(&mut s.updates).await;
    let reported = seen
        .iter()
        .filter(|u| matches!(u, SessionUpdate::SubscriptionRejected { .. }))
        .count();
    assert_eq!(reported, wanted.len());
    // A few quiet tries fail (nothing reported), then the hub answers again.
    tokio::time::sleep(Duration::from_millis(500)).await;
    admin(&sim, "faults", json!({"subscribe_error": 0})).await;
    let mut restored = BTreeSet::new();
    let deadline = TokioInstant::now() + T;
    while restored.len() < wanted.len() {
        match timeout_at(deadline, s.updates.recv())
            .await
            .expect("restored in time")
            .expect("session ended")
        {
            SessionUpdate::SubscriptionsRestored(keys) => restored.extend(
                keys.into_iter()
                    .map(|k| (k.entity_id.to_ascii_lowercase(), k.event.name().to_owned())),
            ),
            // The one after this connection's Live.
            SessionUpdate::Events(_) | SessionUpdate::Resynced => {}
            other => panic!("no reconnect and no report expected: {other:?}"),
        }
    }
    assert_eq!(restored, wanted);
    assert_eq!(believed(&s.handle), wanted);
    let server = server_side(&sim).await;
    assert_eq!(server.len(), 1);
    assert_eq!(server[0].1, wanted);
    s.everything_flows(&sim).await;
    sim.shutdown().await;
}

/// Over https + wss, the firehose's frames (64 records, about 35 KB: larger than the hub
/// connection's 32 KiB read buffer) arrive whole: every event the simulator published
/// while it ran is received once and decoded, none is dropped or cut.
#[tokio::test]
async fn over_wss_frames_larger_than_the_read_buffer_arrive_whole() {
    let mut cfg = sim_support::paused_tls_config();
    cfg.keepalive = Duration::from_millis(300);
    cfg.firehose = Some(20_000);
    cfg.firehose_mix = "queue:1,user:1".parse().unwrap();
    let sim = start(cfg).await;
    admin(&sim, "control", json!({"firehose": false})).await;
    let published = || async {
        let (_, status) = sim_support::get(&sim, "/_sim/firehose").await;
        status["Published"].as_u64().expect("Published")
    };
    let mut s = live(
        &sim,
        &[EventKind::QueueStatus, EventKind::UserStatus],
        options(),
    )
    .await;
    tokio::time::sleep(Duration::from_millis(100)).await;
    let before = published().await;
    admin(&sim, "control", json!({"firehose": true})).await;
    tokio::time::sleep(Duration::from_secs(1)).await;
    admin(&sim, "control", json!({"firehose": false})).await;
    // A tick under way when the pause came still publishes (a late one makes up its
    // backlog): the count is read once it has stopped moving.
    let mut last = published().await;
    loop {
        tokio::time::sleep(Duration::from_millis(200)).await;
        let now = published().await;
        if now == last {
            break;
        }
        last = now;
    }
    let sent = last - before;
    assert!(sent >= 5_000, "the firehose published only {sent}");
    let deadline = TokioInstant::now() + T;
    let mut received = 0u64;
    while received < sent {
        let update = timeout_at(deadline, s.updates.recv())
            .await
            .unwrap_or_else(|_| panic!("received {received} of {sent}"))
            .expect("session ended");
        if let SessionUpdate::Events(batch) = update {
            for ev in &batch {
                assert!(ev.decode_error.is_none(), "{:?}", ev.decode_error);
                assert!(
                    matches!(ev.kind, EventKind::QueueStatus | EventKind::UserStatus),
                    "{:?}",
                    ev.kind
                );
            }
            received += batch.len() as u64;
        }
    }
    // Nothing more than was sent comes after.
    tokio::time::sleep(Duration::from_millis(300)).await;
    while let Ok(update) = s.updates.try_recv() {
        if let SessionUpdate::Events(batch) = update {
            received += batch.len() as u64;
        }
    }
    let (_, status) = sim_support::get(&sim, "/_sim/firehose").await;
    assert_eq!(received, sent, "{status}");
    s.handle.shutdown().await;
    sim.shutdown().await;
}
