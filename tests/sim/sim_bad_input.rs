//! Bad input never takes the simulator down: garbage over the WebSocket and REST gets an
//! error answer or a closed connection, and the server keeps serving.

use crate::sim_support;

use evtop::signalr::protocol::HubMessage;
use serde_json::json;
use sim_support::*;
use std::time::Duration;
use tokio_tungstenite::tungstenite::Message;

#[tokio::test]
async fn garbage_on_the_hub_closes_only_that_connection() {
    let sim = start(paused_config()).await;
    let t = token(&sim).await;
    let nasty: Vec<Vec<u8>> = vec![
        b"\x1e".to_vec(),
        b"null\x1e".to_vec(),
        b"[]\x1e".to_vec(),
        b"{\"type\":\"1\"}\x1e".to_vec(),
        b"{\"type\":1}\x1e".to_vec(),
        b"{\"type\":1,\"target\":5,\"arguments\":[]}\x1e".to_vec(),
        b"{\"type\":3,\"invocationId\":\"1\",\"result\":1,\"error\":\"x\"}\x1e".to_vec(),
        b"{\"type\":1,\"invocationId\":\"1\",\"target\":\"Subscribe\",\"arguments\":[[{\"EntityId\":{\"a\":1},\"EventName\":[1]}]]}\x1e".to_vec(),
        vec![0xff, 0xfe, 0x1e],
        vec![b'x'; 40 * 1024],
    ];
    for bytes in nasty {
        let id = negotiate(&sim, &t.token).await;
        let mut hub = Hub::raw(open_ws(&sim, &id, &t.token).await.unwrap());
        assert_eq!(
            hub.handshake("{\"protocol\":\"json\",\"version\":1}\u{1e}")
                .await
                .error,
            None
        );
        hub.ws.send_binary_or_text(bytes).await;
        // Either an answer (a Completion) or a close; never a hang or a crash.
        let _ = hub.next_record(Duration::from_secs(2)).await;
    }
    // Garbage instead of a handshake.
    let id = negotiate(&sim, &t.token).await;
    let mut hub = Hub::raw(open_ws(&sim, &id, &t.token).await.unwrap());
    let answer = hub.handshake("\u{1e}").await;
    assert!(answer.error.is_some());

    // The server is fine.
    let mut ok = Hub::connect(&sim).await;
    assert!(matches!(
        ok.invoke("AvailableSubscriptions", vec![]).await,
        evtop::signalr::Outcome::Result(_)
    ));
    ok.send(&HubMessage::Ping).await;
    assert_eq!(get(&sim, "/users/me").await.0, 200);
    sim.shutdown().await;
}

#[tokio::test]
async fn garbage_on_rest_gets_4xx() {
    let sim = start(paused_config()).await;
    let client = http();
    let bodies = [
        "",
        "{",
        "null",
        "[]",
        "{\"EventTypeID\":\"x\"}",
        "\u{0}\u{1}",
    ];
    for path in [
        "/users/me/availability",
        "/users/me/wrapup/terminate/",
        "/callbacks/auto-allocation-request",
        "/users/me/features/callout/activate/",
        "/authuser/supervisor@example.com/",
    ] {
        for body in bodies {
            let r = client
                .post(format!("{}{path}", sim.base_url()))
                .basic_auth(
                    evtop::sim::SUPERVISOR_EMAIL,
                    Some(evtop::sim::SUPERVISOR_SECRET),
                )
                .body(body)
                .send()
                .await
                .unwrap();
            let s = r.status().as_u16();
            assert!(s == 200 || (400..500).contains(&s), "{path} {body:?}: {s}");
        }
    }
    for path in ["/_sim/control", "/_sim/faults"] {
        for body in ["{", "[]", "{\"speed\":-1}", "{\"advance_secs\":1e12}"] {
            let r = client
                .post(format!("{}{path}", sim.base_url()))
                .body(body)
                .send()
                .await
                .unwrap();
            assert_eq!(r.status(), 400, "{path} {body}");
        }
    }
    let r = client
        .get(format!("{}/rte", sim.base_url()))
        .send()
        .await
        .unwrap();
    assert!(r.status().is_client_error());
    admin(&sim, "control", json!({"advance_secs": 1})).await;
    assert_eq!(get(&sim, "/queues").await.0, 200);
    sim.shutdown().await;
}

trait SendRaw {
    async fn send_binary_or_text(&mut self, bytes: Vec<u8>);
}

impl<S> SendRaw for S
where
    S: futures_util::Sink<Message> + Unpin,
{
    async fn send_binary_or_text(&mut self, bytes: Vec<u8>) {
        use futures_util::SinkExt;
        let msg = match String::from_utf8(bytes) {
            Ok(t) => Message::Text(t.into()),
            Err(e) => Message::Binary(e.into_bytes().into()),
        };
        let _ = self.send(msg).await;
    }
}
