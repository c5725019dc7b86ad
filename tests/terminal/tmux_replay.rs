//! `evtop replay` in a real terminal (issue 15): a recording made by `evtop record --demo`
//! is replayed at ×10 in tmux; it is paused, sought to a moment with `:goto`, and the
//! queue rows on the screen must be the ones the recording gives at that moment (the
//! same file replayed in-process and drawn off-screen at the same size).

use super::tmux_e2e::{quoted, tmux_ready, Tmux, BIN};
use crate::ui_support::{render, text};
use evtop::app::state::State;
use evtop::record::{read_file, Player};
use std::path::Path;
use std::process::Command;

const W: u16 = 140;
const H: u16 = 44;

#[test]
fn replay_at_ten_times_pause_seek_and_read_the_queue_figures() {
    if !tmux_ready() {
        return;
    }
    let tmux = Tmux {
        socket: format!("evtop-replay-{}", std::process::id()),
        dir: tempfile::tempdir().expect("tempdir"),
    };
    let home = tmux.dir.path();
    let file = home.join("shift.jsonl");
    let out = Command::new(BIN)
        .args(["record", "--demo", "--speed", "20", "--seconds", "12"])
        .arg(&file)
        .arg("--log-file")
        .arg(home.join("record.log"))
        .env("XDG_STATE_HOME", home.join("state"))
        .output()
        .expect("evtop record runs");
    assert!(out.status.success(), "evtop record: {out:?}");

    let script = format!(
        "HOME={home} XDG_CONFIG_HOME={home}/config XDG_STATE_HOME={home}/state \
         {bin} replay {file} --speed 10; echo $? > {exit}",
        home = quoted(home),
        bin = quoted(Path::new(BIN)),
        file = quoted(&file),
        exit = quoted(&tmux.exit_file()),
    );
    tmux.run_script(W, H, &script);
    tmux.wait_for("the replay at ×10", 20, |s| {
        s.contains("REPLAY") && s.contains("(×10)")
    });
    tmux.keys(&["Space"]);
    tmux.wait_for("the replay paused", 10, |s| s.contains("PAUSED"));

    // A moment in the middle of the recording, in its time zone, to the second.
    let rec = read_file(&file).expect("the recording reads");
    let header = rec.header.clone().expect("a header");
    let offset = chrono::FixedOffset::east_opt(header.utc_offset_secs).unwrap();
    let (first, last) = (rec.first_time().unwrap(), rec.last_time().unwrap());
    let middle = first + (last - first) / 2;
    let local = middle.with_timezone(&offset).format("%H:%M:%S").to_string();
    let target = chrono::NaiveTime::parse_from_str(&local, "%H:%M:%S").unwrap();
    let target = evtop::record::control::clock_within(target, offset, first, last).unwrap();
    tmux.keys(&[":"]);
    tmux.keys(&["-l", &local]);
    tmux.keys(&["Enter"]);
    let badge = format!("REPLAY {local} (×10) PAUSED");
    let screen = tmux.wait_for("the seek", 10, |s| s.contains(&badge));

    // What the recording says at that moment, drawn the same size.
    let mut base = State::new(header.started);
    base.utc_offset = offset;
    let mut player = Player::open(rec, base);
    player.seek(target);
    let mut want = player.state().clone();
    want.view.screen_cols = W;
    want.view.screen_rows = H;
    let expected = text(&render(&want, W, H));
    let queue_rows: Vec<&str> = expected
        .lines()
        .skip(2)
        .take_while(|l| l.starts_with('┃'))
        .collect();
    assert!(queue_rows.len() >= 5, "queue rows expected:\n{expected}");
    let lines: Vec<&str> = screen.lines().map(str::trim_end).collect();
    for row in &queue_rows {
        assert!(
            lines.contains(row),
            "queue row {row:?} not on the screen:\n{screen}\nexpected:\n{expected}"
        );
    }
    tmux.keys(&["q"]);
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    loop {
        let status = std::fs::read_to_string(tmux.exit_file()).unwrap_or_default();
        if !status.trim().is_empty() {
            assert_eq!(status.trim(), "0", "replay exit status");
            break;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "evtop replay did not quit"
        );
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
}
