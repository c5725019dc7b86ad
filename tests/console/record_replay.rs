//! Issue 15's must-show: a console (the real REST loader and RTE session, `update()`)
//! against the simulator running an hour of simulated time with dropped connections,
//! refused tokens and REST errors, recording what it receives. At 20 moments the live
//! screen is drawn and kept; the recording is then replayed, and at each moment the
//! replayed screen (drawn buffer, styles included) must equal the live one — reached by
//! a straight replay and by seeks back and forth; a recording cut mid-line and one with
//! unknown lines replay too; no secret, token or Authorization header is in the file.

use crate::runner_support::Console;
use crate::session_support;
use crate::ui_support::{render, text};

use chrono::{DateTime, Utc};
use evtop::app::state::State;
use evtop::app::Event;
use evtop::console::backend::RestBackend;
use evtop::console::runner::ConsoleApi;
use evtop::record::{read_text, Header, Player, Recorder};
use evtop::rte::{Session, SessionUpdate};
use evtop::sim::{SimHandle, SUPERVISOR_EMAIL, SUPERVISOR_SECRET};
use ratatui::buffer::Buffer;
use serde_json::{json, Value};
use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

const T: Duration = Duration::from_secs(20);
/// Simulated seconds per real second: 20 points × 0.5 s × 360 = one simulated hour (each
/// point waits for its three simulated minutes on a slow machine).
const SPEED: f64 = 360.0;
const POINTS: usize = 20;
const BETWEEN: Duration = Duration::from_millis(500);
const W: u16 = 140;
const H: u16 = 44;
/// A token-looking text the simulator puts in a close reason: must not be recorded.
const LEAKY_REASON: &str =
    "maintenance access_token=tok-LEAK-1234 Authorization: Bearer tok-LEAK-5678";

struct Rig {
    sim: SimHandle,
    http: reqwest::Client,
    console: Console,
    rec: Recorder,
    /// The console was told the leaky close reason.
    leak_seen: bool,
}

crate::runner_support::rig_derefs_to_console!(Rig);

impl Rig {
    async fn start(path: &Path) -> Rig {
        let sim = session_support::paused_sim(Duration::from_millis(300), false).await;
        let api = session_support::supervisor_api(&sim, 4, Duration::from_millis(10));
        let backend: Arc<dyn ConsoleApi> = Arc::new(RestBackend::new(api.clone(), "sim"));
        let session = Session::spawn(
            api,
            session_support::fast_session_options(Duration::from_secs(10)),
        );
        let now = Utc::now();
        let header = Header::new("sim", SUPERVISOR_EMAIL, now, 0);
        let rec = Recorder::create(path, header, 1 << 30, vec![SUPERVISOR_SECRET.to_owned()])
            .expect("recorder");
        Rig {
            sim,
            http: reqwest::Client::builder().timeout(T).build().unwrap(),
            console: Console::new(backend, session, now),
            rec,
            leak_seen: false,
        }
    }

    /// Records and applies one event, carrying out its effects as the runner does.
    async fn feed(&mut self, event: Event) {
        if let Event::Session(SessionUpdate::State(cs)) = &event {
            self.leak_seen |= format!("{cs:?}").contains("tok-LEAK");
        }
        self.rec.record(&event);
        self.console.feed(event).await;
    }

    /// Feeds session updates, load results and 250 ms clock ticks for `d`.
    async fn pump(&mut self, d: Duration) {
        let deadline = tokio::time::Instant::now() + d;
        let mut tick = tokio::time::interval(Duration::from_millis(250));
        while let Some(event) = self.console.next(deadline, Some(&mut tick)).await {
            self.feed(event).await;
        }
    }

    async fn admin(&self, what: &str, body: Value) {
        let r = self
            .http
            .post(format!("{}/_sim/{what}", self.sim.base_url()))
            .json(&body)
            .send()
            .await
            .expect("admin call");
        assert!(r.status().is_success(), "{what} {body}: {}", r.status());
    }
}

/// The fault injected before point `i`, if any.
fn fault(i: usize) -> Option<Value> {
    match i {
        4 => Some(json!({"drop_websockets": true})),
        8 => Some(json!({"refuse_tokens": 2, "drop_websockets": true})),
        12 => {
            Some(json!({"rest_error_rate": 0.3, "rest_error_status": 500, "drop_websockets": true}))
        }
        16 => Some(json!({"close_with_error": "maintenance"})),
        _ => None,
    }
}

/// The state a replay starts from: the same settings as the live console's.
fn base(header: &Header) -> State {
    State::new(header.started)
}

fn assert_same(what: &str, want: &Buffer, got: &Buffer) {
    if want != got {
        let (w, g) = (text(want), text(got));
        let diff: Vec<String> = w
            .lines()
            .zip(g.lines())
            .enumerate()
            .filter(|(_, (a, b))| a != b)
            .map(|(i, (a, b))| format!("row {i}:\n  live:   {a}\n  replay: {b}"))
            .collect();
        panic!(
            "{what}: the replayed screen differs{}\n{}",
            if diff.is_empty() {
                " (styles only)"
            } else {
                ""
            },
            diff.join("\n")
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_replayed_recording_draws_what_the_live_console_drew() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("shift.jsonl");
    let mut rig = Rig::start(&path).await;
    rig.admin("control", json!({"advance_secs": 600})).await;
    rig.feed(Event::Reload).await;
    rig.pump(Duration::from_millis(800)).await;
    rig.admin("control", json!({"speed": SPEED})).await;
    let sim_start = rig.sim.now();
    // (receive time of the last line, the live screen then)
    let mut points: Vec<(DateTime<Utc>, Buffer)> = Vec::new();
    let mut faults = 0;
    for i in 0..POINTS {
        if let Some(f) = fault(i) {
            rig.admin("faults", f).await;
            faults += 1;
        }
        // Three simulated minutes per point, however slow the machine is today.
        let due = chrono::Duration::seconds(180 * (i as i64 + 1));
        rig.pump(BETWEEN).await;
        for _ in 0..100 {
            if rig.sim.now() - sim_start >= due {
                break;
            }
            rig.pump(Duration::from_millis(100)).await;
        }
        if fault(i.wrapping_sub(1)).is_some() {
            rig.admin("faults", json!({"clear": true})).await;
        }
        let t = rig.rec.last_time().expect("something recorded");
        points.push((t, render(&rig.state, W, H)));
    }
    let simulated = rig.sim.now() - sim_start;
    // A close reason with token-like text, after the last point (it is scrubbed, so the
    // replay would differ from the live screen while it shows). Injected again if it
    // came while no connection was open.
    for _ in 0..5 {
        rig.admin("faults", json!({"close_with_error": LEAKY_REASON}))
            .await;
        for _ in 0..15 {
            rig.pump(Duration::from_millis(200)).await;
            if rig.leak_seen {
                break;
            }
        }
        if rig.leak_seen {
            break;
        }
    }
    if !rig.leak_seen {
        // What the console went through instead, for the failure message.
        let recorded = std::fs::read(&path).unwrap_or_default();
        let recorded = String::from_utf8_lossy(&recorded);
        let states: Vec<&str> = recorded
            .lines()
            .filter(|l| l.contains("\"kind\":\"connection\""))
            .collect();
        panic!(
            "the close reason never reached the console; its connection changes:\n{}",
            states.join("\n")
        );
    }
    rig.pump(Duration::from_millis(300)).await;
    let reconnects = rig.state.log.entries.len();
    let lines = rig.rec.lines;
    drop(rig.rec);
    let bytes = std::fs::read(&path).unwrap();
    println!(
        "recorded {lines} lines, {} bytes, {} simulated minutes, {faults} faults, {reconnects} log entries",
        bytes.len(),
        simulated.num_minutes()
    );
    assert!(simulated.num_minutes() >= 60, "simulated {simulated}");

    // (d) No secret, token or Authorization header in the file.
    let file = String::from_utf8_lossy(&bytes);
    for bad in [
        SUPERVISOR_SECRET,
        "tok-LEAK-1234",
        "tok-LEAK-5678",
        "Authorization: B",
        "Basic ",
    ] {
        assert!(!file.contains(bad), "{bad:?} is in the recording");
    }
    assert!(
        file.contains("<redacted>"),
        "the leaky close reason was recorded, scrubbed"
    );
    assert!(!file.contains("eyJ"), "a JWT-like text is in the recording");

    // (a) A straight replay: the screen at each point equals the live one.
    let rec = read_text(bytes.clone());
    assert_eq!((rec.skipped, rec.truncated), (0, false));
    let header = rec.header.clone().expect("header");
    let mut straight = Player::open(rec, base(&header));
    assert_eq!(straight.skipped(), 0);
    let mut screens = Vec::new();
    for (i, (t, live)) in points.iter().enumerate() {
        straight.seek(*t);
        let got = render(straight.state(), W, H);
        assert_same(&format!("point {i} at {t}"), live, &got);
        screens.push(got);
    }

    // (b) Seeks back and forth (state copies every 300 lines) land on the same screens.
    let mut seeking = Player::open_with(read_text(bytes.clone()), base(&header), 300);
    let order = [19, 0, 10, 3, 18, 17, 5, 12, 1, 19, 8, 2, 15, 9, 6];
    for i in order {
        seeking.seek(points[i].0);
        assert_same(
            &format!("seek to point {i}"),
            &points[i].1,
            &render(seeking.state(), W, H),
        );
    }

    // (c) Cut mid-line, with an unknown kind and a garbage line in it: it replays to the
    // last whole line, the unknown lines counted.
    let cut_at = bytes.len() * 2 / 3;
    let line_start = bytes[..cut_at].iter().rposition(|b| *b == b'\n').unwrap() + 1;
    assert!(cut_at > line_start + 10, "the cut is inside a line");
    let mut cut = bytes[..line_start].to_vec();
    let last_whole = points
        .iter()
        .rposition(|(t, _)| {
            let stamp = serde_json::to_string(t).unwrap();
            file[..line_start].contains(&format!("{{\"t\":{stamp},"))
        })
        .expect("a point before the cut");
    cut.extend_from_slice(
        b"{\"t\":\"2000-01-01T00:00:00Z\",\"kind\":\"from_the_future\",\"body\":{\"x\":1}}\nnot json at all\n",
    );
    cut.extend_from_slice(&bytes[line_start..cut_at]);
    let rec = read_text(cut);
    assert!(rec.truncated);
    assert_eq!(rec.skipped, 2, "the unknown kind and the garbage line");
    let mut player = Player::open(rec, base(&header));
    player.seek(points[last_whole].0);
    assert_same(
        &format!("cut recording at point {last_whole}"),
        &points[last_whole].1,
        &render(player.state(), W, H),
    );
    println!("20 points equal; cut recording replays to point {last_whole}");
}
