//! `evtop demo --speed 30` keeps the simulator's time: a wrap-up never counts down from
//! further than its queue's maximum (its end is its simulated start plus the maximum,
//! read on the simulated clock, ticked often enough at that speed). On the wall clock,
//! countdowns read "-13:38" for wrap-ups of at most a minute.

use super::tmux_e2e::{quoted, tmux_ready, Tmux, BIN};
use std::path::Path;
use std::time::Duration;

/// The seconds of every "wrap-up -M:SS" on the screen.
fn countdowns(screen: &str) -> Vec<i64> {
    screen
        .split("wrap-up -")
        .skip(1)
        .filter_map(|rest| {
            let time: String = rest
                .chars()
                .take_while(|c| c.is_ascii_digit() || *c == ':')
                .collect();
            let (m, s) = time.split_once(':')?;
            Some(m.parse::<i64>().ok()? * 60 + s.parse::<i64>().ok()?)
        })
        .collect()
}

#[test]
fn a_sped_up_demo_counts_wrap_ups_down_on_the_simulated_clock() {
    if !tmux_ready() {
        return;
    }
    let longest = evtop::sim::SimConfig::default_on_loopback()
        .scenario
        .queues
        .iter()
        .map(|q| q.wrap_up_secs as i64)
        .max()
        .unwrap_or(0);
    assert!(longest > 0);
    let tmux = Tmux {
        socket: format!("evtop-clock-{}", std::process::id()),
        dir: tempfile::tempdir().expect("tempdir"),
    };
    let home = tmux.dir.path();
    let script = format!(
        "HOME={home} XDG_CONFIG_HOME={home}/config XDG_STATE_HOME={home}/state \
         {bin} demo --speed 30; echo $? > {exit}",
        home = quoted(home),
        bin = quoted(Path::new(BIN)),
        exit = quoted(&tmux.exit_file()),
    );
    tmux.run_script(160, 50, &script);
    tmux.wait_for("the demo, live", 30, |s| s.contains("● live"));
    let mut seen = Vec::new();
    for _ in 0..8 {
        std::thread::sleep(Duration::from_millis(1500));
        seen.extend(countdowns(&tmux.capture()));
    }
    tmux.keys(&["q"]);
    assert!(seen.len() >= 5, "wrap-ups were on screen: {seen:?}");
    // One tick (100 ms real, 3 simulated seconds) of slack.
    let worst = seen.iter().copied().max().unwrap_or(0);
    assert!(
        worst <= longest + 3,
        "a wrap-up of at most {longest} s counted down from {worst} s: {seen:?}"
    );
}
