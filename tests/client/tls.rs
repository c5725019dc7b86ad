//! https + wss end to end with the simulator's generated CA: the REST client and the
//! hub's WebSocket share one TLS config, so a CA trusted for one is trusted for both
//! (`--ca-file`, or `SSL_CERT_FILE` naming the store); a certificate from an unknown CA
//! is refused with a message that says what to do, for REST and WebSocket alike.

use crate::child_support::Child;
use crate::sim_support::{self, admin, paused_tls_config, start};
use evtop::api::{ApiClient, ApiError, ClientOptions, RetryPolicy, Secret};
use evtop::signalr::{connect, HubError, HubOptions};
use evtop::sim::{SimHandle, SUPERVISOR_EMAIL, SUPERVISOR_SECRET};
use serde_json::json;
use std::time::Duration;

const T: Duration = Duration::from_secs(30);

fn options(tls: Option<std::sync::Arc<rustls::ClientConfig>>) -> ClientOptions {
    ClientOptions {
        retry: RetryPolicy::none(),
        tls,
        ..ClientOptions::default()
    }
}

fn api(sim: &SimHandle, tls: Option<std::sync::Arc<rustls::ClientConfig>>) -> ApiClient {
    ApiClient::new(
        &sim.base_url(),
        SUPERVISOR_EMAIL,
        Secret::new(SUPERVISOR_SECRET),
        options(tls),
    )
    .unwrap()
}

#[tokio::test]
async fn rest_from_an_unknown_ca_is_refused_with_what_to_do() {
    let sim = start(paused_tls_config()).await;
    let err = api(&sim, None).me().await.unwrap_err();
    let ApiError::Tls { detail, .. } = &err else {
        panic!("{err:?}")
    };
    assert!(detail.contains("UnknownIssuer"), "{detail}");
    let text = err.to_string();
    assert!(
        text.contains("not signed by a CA this machine trusts"),
        "{text}"
    );
    assert!(text.contains("--ca-file"), "{text}");
    // Trusting the sim's CA, the same call works.
    let me = api(&sim, Some(sim_support::client_tls(&sim)))
        .me()
        .await
        .unwrap();
    assert!(!me.id.is_empty());
    sim.shutdown().await;
}

#[tokio::test]
async fn a_websocket_from_an_unknown_ca_is_refused_and_the_trusted_one_goes_live() {
    let sim = start(paused_tls_config()).await;
    let trusted = api(&sim, Some(sim_support::client_tls(&sim)));
    let other_ca = evtop::sim::tls::SimTls::generate().unwrap();
    let strangers = [
        evtop::api::tls::client_config(None).unwrap(),
        evtop::api::tls::client_config_with(&evtop::api::tls::pem_certificates(other_ca.ca_pem())),
    ];
    for tls in strangers {
        let token = trusted.rte_token("me").await.unwrap();
        assert!(token.wss_endpoint.starts_with("wss://"));
        let hub = HubOptions {
            tls: Some(tls),
            ..HubOptions::default()
        };
        // Negotiate goes over the trusted REST client; the WebSocket must still refuse.
        let err = connect(
            trusted.http(),
            &token.wss_endpoint,
            &Secret::new(token.token),
            &hub,
        )
        .await
        .unwrap_err();
        let HubError::Transport(text) = &err else {
            panic!("{err:?}")
        };
        assert!(text.contains("secure WebSocket failed"), "{text}");
        assert!(
            text.contains("not signed by a CA this machine trusts"),
            "{text}"
        );
    }
    let token = trusted.rte_token("me").await.unwrap();
    let hub = HubOptions {
        tls: Some(trusted.tls_config()),
        ..HubOptions::default()
    };
    let (conn, _events) = connect(
        trusted.http(),
        &token.wss_endpoint,
        &Secret::new(token.token),
        &hub,
    )
    .await
    .expect("the CA-signed hub goes live");
    let answer = conn
        .invoke("AvailableSubscriptions", vec![])
        .await
        .expect("invoke over wss");
    assert!(!answer.is_null());
    sim.shutdown().await;
}

/// The console's headless twin as a user runs it against a TLS silo: trusting the CA
/// through `SSL_CERT_FILE`, then through `--ca-file`, it goes live and prints events;
/// trusting nothing it stops with one clear line.
#[tokio::test]
async fn evtop_events_over_https_and_wss() {
    let mut cfg = paused_tls_config();
    cfg.keepalive = Duration::from_millis(500);
    let sim = start(cfg).await;
    let home = tempfile::tempdir().unwrap();
    let ca = home.path().join("sim-ca.pem");
    std::fs::write(&ca, sim.ca_pem().unwrap()).unwrap();
    let ca = ca.to_str().unwrap().to_owned();
    let queue = sim.state_json()["Queues"][0]["Id"]
        .as_str()
        .unwrap()
        .to_owned();
    let base = sim.base_url();
    let args = |extra: &[&str]| -> Vec<String> {
        let mut a: Vec<String> = [
            "events",
            "--api-url",
            &base,
            "-u",
            SUPERVISOR_EMAIL,
            "--filter",
            "QueueStatus",
            "--queue",
            &queue,
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        a.extend(extra.iter().map(|s| s.to_string()));
        a
    };
    type Run = (Vec<String>, Vec<(&'static str, String)>);
    let runs: [Run; 2] = [
        (args(&[]), vec![("SSL_CERT_FILE", ca.clone())]),
        (args(&["--ca-file", &ca]), vec![]),
    ];
    for (argv, env) in runs {
        let home = home.path().to_owned();
        let child = tokio::task::spawn_blocking(move || {
            let argv: Vec<&str> = argv.iter().map(String::as_str).collect();
            let mut env: Vec<(&str, &str)> = env.iter().map(|(k, v)| (*k, v.as_str())).collect();
            env.push(("EVTOP_SECRET", SUPERVISOR_SECRET));
            let child = Child::spawn(&argv, &env, &home);
            child.stderr_with(": live", T);
            child
        })
        .await
        .unwrap();
        admin(&sim, "control", json!({"call_queue_id": queue})).await;
        let child = tokio::task::spawn_blocking(move || {
            let mut child = child;
            child.line_with("\"QueueStatus\"", T);
            child
        })
        .await
        .unwrap();
        child.stop();
    }
    // Nothing trusted: refused once, clearly, and evtop exits with an error.
    let argv = args(&[]);
    let home = home.path().to_owned();
    let (status, stderr) = tokio::task::spawn_blocking(move || {
        let argv: Vec<&str> = argv.iter().map(String::as_str).collect();
        let child = Child::spawn(&argv, &[("EVTOP_SECRET", SUPERVISOR_SECRET)], &home);
        let child = {
            child.stderr_with("not signed by a CA", T);
            child
        };
        let stderr = child.stderr();
        (child.wait(T), stderr)
    })
    .await
    .unwrap();
    assert!(!status.success());
    assert_eq!(stderr.matches("not signed by a CA").count(), 1, "{stderr}");
    assert!(stderr.contains("--ca-file"), "{stderr}");
    sim.shutdown().await;
}
