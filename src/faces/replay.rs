//! `evtop replay FILE`: a recording played back through the console's own `update()` and
//! drawing, read-only, on the replay's own clock (see `record::control` for the keys).

use crate::app::state::State;
use crate::cli::ReplayArgs;
use crate::record::control::{clock_within, parse_clock, Control, KeyOutcome};
use crate::record::{read_file, Player};
use chrono::{FixedOffset, Local, Offset, Utc};
use color_eyre::eyre::{eyre, WrapErr};
use crossterm::event::{Event as TermEvent, EventStream, KeyEventKind};
use futures_util::StreamExt;
use std::time::{Duration, Instant};

/// Clock steps while playing (the screen redraws at most this often).
const STEP: Duration = Duration::from_millis(100);

/// `evtop replay`.
pub async fn run(args: ReplayArgs) -> color_eyre::Result<()> {
    if !(args.speed > 0.0 && args.speed <= 10_000.0) {
        return Err(eyre!(
            "--speed wants a number above 0 (up to 10000), got {}",
            args.speed
        ));
    }
    let (_, _, settings) = crate::config::console::load(args.config.as_deref(), &args.ui)?;
    let rec =
        read_file(&args.file).wrap_err_with(|| format!("cannot read {}", args.file.display()))?;
    if rec.is_empty() {
        return Err(eyre!(
            "{}: nothing to replay (no recorded lines{})",
            args.file.display(),
            if rec.skipped > 0 {
                format!("; {} unreadable", rec.skipped)
            } else {
                String::new()
            }
        ));
    }
    let offset = rec
        .header
        .as_ref()
        .and_then(|h| FixedOffset::east_opt(h.utc_offset_secs))
        .unwrap_or_else(|| Local::now().offset().fix());
    let started = rec
        .header
        .as_ref()
        .map(|h| h.started)
        .or(rec.first_time())
        .unwrap_or_else(Utc::now);
    let mut base = State::new(started);
    base.wall = settings.ui.wall;
    base.thresholds = settings.thresholds;
    base.keymap = settings.keymap.clone();
    base.views = settings.views.clone();
    base.today.set_levels(settings.service_levels.clone());
    base.view.queue_set = settings.view.clone();
    base.utc_offset = offset;
    base.view.theme_names = settings.themes.iter().map(|t| t.name.clone()).collect();
    base.view.theme_index = settings.theme_index;
    let (first, last) = (rec.first_time(), rec.last_time());
    let from = match (&args.from, first, last) {
        (Some(text), Some(first), Some(last)) => {
            let clock = parse_clock(text)
                .ok_or_else(|| eyre!("--from wants HH:MM or HH:MM:SS, got {text}"))?;
            Some(clock_within(clock, offset, first, last).ok_or_else(|| {
                eyre!(
                    "--from {text}: the recording runs from {} to {}",
                    first.with_timezone(&offset).format("%H:%M:%S"),
                    last.with_timezone(&offset).format("%H:%M:%S")
                )
            })?)
        }
        _ => None,
    };
    crate::console::terminal::require_terminal()?;
    crate::say!(
        "evtop: reading {} ({} lines)…",
        args.file.display(),
        rec.len()
    );
    base.replay = Some(crate::app::state::ReplayBadge {
        at: started,
        speed: args.speed,
        paused: false,
        skipped: 0,
        goto: None,
    });
    let player = Player::open(rec, base);
    let mut control =
        Control::new(player, args.speed, from).ok_or_else(|| eyre!("nothing to replay"))?;
    let themes = settings.themes;
    let fallback = crate::ui::Theme::fallback();
    let (guard, mut terminal) = crate::console::terminal::TerminalGuard::enter(settings.ui.mouse)?;
    let size = terminal.size().unwrap_or_default();
    let _ = crate::app::update(
        control.player.state_mut(),
        crate::app::Event::Resize {
            cols: size.width,
            rows: size.height,
        },
    );
    let mut input = EventStream::new();
    let mut tick = tokio::time::interval(STEP);
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Skip);
    let mut last = Instant::now();
    let stop = crate::signals::stop_requested();
    tokio::pin!(stop);
    let result: color_eyre::Result<()> = loop {
        let state = control.player.state_mut();
        if state.dirty {
            let theme = themes.get(state.view.theme_index).unwrap_or(&fallback);
            let mut viewport = crate::ui::Viewport::default();
            if let Err(e) = terminal.draw(|f| viewport = crate::ui::draw_measured(f, state, theme))
            {
                break Err(e.into());
            }
            state.dirty = false;
            if viewport.log_rows != state.view.log.rows {
                crate::app::update(state, crate::app::Event::LogRows(viewport.log_rows));
            }
            if viewport.panes != state.view.pane_areas {
                crate::app::update(state, crate::app::Event::PaneAreas(viewport.panes));
            }
        }
        tokio::select! {
            ev = input.next() => match ev {
                Some(Ok(TermEvent::Key(k))) if k.kind != KeyEventKind::Release => {
                    if control.key(k) == KeyOutcome::Quit {
                        break Ok(());
                    }
                }
                Some(Ok(TermEvent::Resize(cols, rows))) => {
                    crate::app::update(
                        control.player.state_mut(),
                        crate::app::Event::Resize { cols, rows },
                    );
                }
                Some(Ok(_)) => {}
                Some(Err(e)) => break Err(eyre!("reading the terminal: {e}")),
                None => break Ok(()),
            },
            _ = tick.tick() => {
                let now = Instant::now();
                control.advance(now - last);
                last = now;
            }
            _ = &mut stop => break Ok(()),
        }
    };
    drop(terminal);
    drop(guard);
    result
}
