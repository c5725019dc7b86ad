//! Firehose mode: N extra MessageReceived per second reach a subscriber. Prints the rate
//! measured; set EVTOP_FIREHOSE_RATE to try other rates.

use crate::sim_support;

use sim_support::*;
use std::time::Duration;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn firehose_delivers_the_requested_rate() {
    let rate: u32 = std::env::var("EVTOP_FIREHOSE_RATE")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(2000);
    let mut cfg = paused_config();
    cfg.firehose = Some(rate);
    let sim = start(cfg).await;
    let st = state(&sim).await;
    let mut hub = Hub::connect(&sim).await;
    let queues = queue_status_of_every_queue(&st);
    hub.subscribe(queues).await;
    // Warm up, then count for 2 s.
    let _ = hub
        .next_event(Duration::from_secs(2))
        .await
        .expect("firehose events");
    let window = Duration::from_secs(2);
    let started = tokio::time::Instant::now();
    let mut count = 0u64;
    while started.elapsed() < window {
        if hub.next_event(Duration::from_secs(1)).await.is_some() {
            count += 1;
        }
    }
    let per_sec = count as f64 / started.elapsed().as_secs_f64();
    println!("firehose: asked {rate}/s, received {per_sec:.0}/s");
    assert!(
        per_sec >= f64::from(rate) * 0.5,
        "asked {rate}/s, got {per_sec:.0}/s"
    );
    sim.shutdown().await;
}

/// The firehose's admin side: counters, pause and resume, the mix, and frames of many
/// records. Everything published reaches a connection subscribed to every queue and
/// user, and the counters say so exactly.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn firehose_mixes_pauses_resumes_and_counts_what_it_sent() {
    let mut cfg = paused_config();
    cfg.firehose = Some(3000);
    cfg.firehose_mix = "queue:1,user:1".parse().unwrap();
    let sim = start(cfg).await;
    let off = admin(&sim, "control", serde_json::json!({"firehose": false})).await;
    assert!(off.get("Now").is_some(), "{off}");
    let (code, status) = get(&sim, "/_sim/firehose").await;
    assert_eq!(code, 200);
    assert_eq!(status["Rate"], 3000);
    assert_eq!(status["Mix"], "queue:1,user:1");
    assert_eq!(status["Running"], false);

    let st = state(&sim).await;
    let mut hub = Hub::connect(&sim).await;
    let mut items = queue_status_of_every_queue(&st);
    items.extend(
        st["Users"]
            .as_array()
            .unwrap()
            .iter()
            .map(|u| (u["Id"].as_str().unwrap().to_owned(), "UserStatus")),
    );
    hub.subscribe(items).await;
    // Paused: nothing comes, nothing is counted.
    assert!(hub.next_event(Duration::from_millis(400)).await.is_none());
    let (_, before) = get(&sim, "/_sim/firehose").await;
    assert_eq!(before["Published"], 0, "{before}");

    admin(&sim, "control", serde_json::json!({"firehose": true})).await;
    let (_, on) = get(&sim, "/_sim/firehose").await;
    assert_eq!(on["Running"], true);
    let mut t = Tally::default();
    while t.queues + t.users < 1500 {
        let text = read_frame(&mut hub, WAIT).await.expect("firehose frames");
        t.frame(&text);
    }
    admin(&sim, "control", serde_json::json!({"firehose": false})).await;
    // What was on its way still arrives; then the stream is quiet.
    while let Some(text) = read_frame(&mut hub, Duration::from_millis(500)).await {
        t.frame(&text);
    }
    let Tally {
        frames,
        most,
        queues,
        users,
        ..
    } = t;
    let (_, after) = get(&sim, "/_sim/firehose").await;
    let received = (queues + users) as u64;
    assert_eq!(after["Published"].as_u64(), Some(received), "{after}");
    assert_eq!(after["Delivered"].as_u64(), Some(received), "{after}");
    assert_eq!(
        after["QueueStatus"].as_u64(),
        Some(queues as u64),
        "{after}"
    );
    assert_eq!(after["UserStatus"].as_u64(), Some(users as u64), "{after}");
    assert_eq!(after["Running"], false);
    // The mix is one of each, and a frame carries many records (30 per tick at 3000/s).
    assert!(
        queues.abs_diff(users) <= 1,
        "{queues} QueueStatus, {users} UserStatus"
    );
    assert!(
        most >= 10,
        "at most {most} records in one of {frames} frames"
    );
    assert!(
        frames * 5 < queues + users,
        "{frames} frames for {received} records"
    );
    // Paused again: nothing more is published.
    tokio::time::sleep(Duration::from_millis(300)).await;
    let (_, later) = get(&sim, "/_sim/firehose").await;
    assert_eq!(later["Published"], after["Published"]);
    sim.shutdown().await;
}

/// The next text frame of a raw hub client (empty for other frames), None after `within`.
async fn read_frame(hub: &mut Hub, within: Duration) -> Option<String> {
    use futures_util::StreamExt;
    use tokio_tungstenite::tungstenite::Message;
    match tokio::time::timeout(within, hub.ws.next()).await {
        Ok(Some(Ok(Message::Text(t)))) => Some(t.as_str().to_owned()),
        Ok(Some(Ok(_))) => Some(String::new()),
        _ => None,
    }
}

/// Frames and the events in them, by kind.
#[derive(Default)]
struct Tally {
    reader: evtop::signalr::protocol::RecordReader,
    frames: usize,
    /// The most records seen in one frame.
    most: usize,
    queues: usize,
    users: usize,
}

impl Tally {
    fn frame(&mut self, text: &str) {
        use evtop::signalr::protocol::HubMessage;
        let records = self.reader.push(text.as_bytes());
        self.frames += 1;
        self.most = self.most.max(records.len());
        for rec in records {
            match HubMessage::parse(&rec).expect("a record") {
                HubMessage::Invocation { arguments, .. } => {
                    let arg = arguments.into_iter().next().expect("an argument");
                    let ev = evtop::model::RteEvent::from_message(arg);
                    assert!(ev.decode_error.is_none(), "{rec}");
                    match ev.kind.name() {
                        "QueueStatus" => self.queues += 1,
                        "UserStatus" => self.users += 1,
                        other => panic!("{other}: {rec}"),
                    }
                }
                HubMessage::Ping => {}
                other => panic!("{other:?}"),
            }
        }
    }
}

/// A client that stops reading falls behind the event bus: the simulator closes its
/// connection with the .NET error (reconnect allowed) instead of going on silently
/// without the events it missed.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_client_that_falls_behind_is_closed_not_silently_skipped() {
    use evtop::signalr::protocol::HubMessage;
    let mut cfg = paused_config();
    cfg.firehose = Some(100_000);
    let sim = start(cfg).await;
    let st = state(&sim).await;
    let mut hub = Hub::connect(&sim).await;
    hub.subscribe(queue_status_of_every_queue(&st)).await;
    // Not reading: the socket's buffers fill, the connection's task waits on them and
    // the bus (1,024 batches) runs past it.
    tokio::time::sleep(Duration::from_secs(3)).await;
    let deadline = tokio::time::Instant::now() + Duration::from_secs(60);
    let mut closed = None;
    let (mut seen, started) = (0u64, tokio::time::Instant::now());
    while tokio::time::Instant::now() < deadline {
        match hub.next(Duration::from_secs(5)).await {
            Some(HubMessage::Close {
                error,
                allow_reconnect,
            }) => {
                closed = Some((error, allow_reconnect));
                break;
            }
            Some(_) => seen += 1,
            None => break,
        }
    }
    let Some((error, allow_reconnect)) = closed else {
        let (_, firehose) = get(&sim, "/_sim/firehose").await;
        panic!(
            "a Close record, not a silent gap: {seen} records in {:?}, then nothing; \
             the firehose said {firehose}",
            started.elapsed()
        );
    };
    assert_eq!(error.as_deref(), Some("Connection closed with an error."));
    assert!(allow_reconnect);
    sim.shutdown().await;
}
