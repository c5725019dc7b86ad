//! What the terminal can show: 24-bit colour only where it says so (`COLORTERM`), else
//! the 256-colour palette (`TERM=…256color`), else the 16 ANSI colours. Themes written in
//! `#rrggbb` are brought down to the nearest colour the terminal has, and under
//! `NO_COLOR` the selected row is marked by reverse video (colours are not sent at all).

use super::theme::Theme;
use ratatui::style::{Color, Modifier, Style};

/// The colours a terminal shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Depth {
    TrueColor,
    Palette256,
    Ansi16,
}

impl Depth {
    /// From `COLORTERM` and `TERM`, the usual conventions.
    pub fn from_env(colorterm: Option<&str>, term: Option<&str>) -> Depth {
        let ct = colorterm.unwrap_or_default().to_ascii_lowercase();
        if ct == "truecolor" || ct == "24bit" {
            Depth::TrueColor
        } else if term.unwrap_or_default().contains("256color") {
            Depth::Palette256
        } else {
            Depth::Ansi16
        }
    }

    /// This process's terminal.
    pub fn detect() -> Depth {
        let var = |k| std::env::var(k).ok();
        Depth::from_env(var("COLORTERM").as_deref(), var("TERM").as_deref())
    }
}

/// The xterm palette's 6 levels of its colour cube.
const CUBE: [u8; 6] = [0, 95, 135, 175, 215, 255];

fn dist(a: (u8, u8, u8), b: (u8, u8, u8)) -> u32 {
    let d = |x: u8, y: u8| (i32::from(x) - i32::from(y)).pow(2) as u32;
    d(a.0, b.0) + d(a.1, b.1) + d(a.2, b.2)
}

/// The nearest colour of the 256-colour palette (cube or grey ramp).
pub fn to_256(r: u8, g: u8, b: u8) -> u8 {
    let level = |v: u8| {
        (0..6)
            .min_by_key(|&i| (i32::from(CUBE[i]) - i32::from(v)).abs())
            .unwrap_or(0)
    };
    let (ri, gi, bi) = (level(r), level(g), level(b));
    let cube = (CUBE[ri], CUBE[gi], CUBE[bi]);
    let cube_index = 16 + 36 * ri + 6 * gi + bi;
    let grey_step = ((u32::from(r) + u32::from(g) + u32::from(b)) / 3)
        .saturating_sub(8)
        .div_ceil(10)
        .min(23) as u8;
    let grey = 8 + 10 * grey_step;
    if dist((grey, grey, grey), (r, g, b)) < dist(cube, (r, g, b)) {
        232 + grey_step
    } else {
        cube_index as u8
    }
}

/// The nearest of the 16 ANSI colours by hue (a muted theme red stays red, not grey):
/// greys by lightness, colours by the hue's sixth, bright ones when light.
pub fn to_16(r: u8, g: u8, b: u8) -> Color {
    let (rf, gf, bf) = (
        f32::from(r) / 255.0,
        f32::from(g) / 255.0,
        f32::from(b) / 255.0,
    );
    let max = rf.max(gf).max(bf);
    let min = rf.min(gf).min(bf);
    let light = (max + min) / 2.0;
    let chroma = max - min;
    if chroma < 0.15 {
        return match light {
            l if l < 0.2 => Color::Black,
            l if l < 0.5 => Color::DarkGray,
            l if l < 0.85 => Color::Gray,
            _ => Color::White,
        };
    }
    let hue = if max == rf {
        60.0 * ((gf - bf) / chroma).rem_euclid(6.0)
    } else if max == gf {
        60.0 * ((bf - rf) / chroma + 2.0)
    } else {
        60.0 * ((rf - gf) / chroma + 4.0)
    };
    let bright = light > 0.6;
    let sixth = ((hue + 30.0) / 60.0) as u32 % 6;
    match (sixth, bright) {
        (0, false) => Color::Red,
        (0, true) => Color::LightRed,
        (1, false) => Color::Yellow,
        (1, true) => Color::LightYellow,
        (2, false) => Color::Green,
        (2, true) => Color::LightGreen,
        (3, false) => Color::Cyan,
        (3, true) => Color::LightCyan,
        (4, false) => Color::Blue,
        (4, true) => Color::LightBlue,
        (_, false) => Color::Magenta,
        (_, true) => Color::LightMagenta,
    }
}

fn colour_for(c: Color, depth: Depth) -> Color {
    match (c, depth) {
        (Color::Rgb(r, g, b), Depth::Palette256) => Color::Indexed(to_256(r, g, b)),
        (Color::Rgb(r, g, b), Depth::Ansi16) => to_16(r, g, b),
        (Color::Indexed(i), Depth::Ansi16) if i >= 16 => {
            // A palette index outside the 16: through its RGB value.
            let (r, g, b) = index_rgb(i);
            to_16(r, g, b)
        }
        (other, _) => other,
    }
}

/// The RGB value of a 256-palette index (16–255).
fn index_rgb(i: u8) -> (u8, u8, u8) {
    if i >= 232 {
        let v = 8 + 10 * (i - 232);
        (v, v, v)
    } else {
        let n = usize::from(i.saturating_sub(16));
        (CUBE[n / 36 % 6], CUBE[n / 6 % 6], CUBE[n % 6])
    }
}

fn style_for(s: Style, depth: Depth) -> Style {
    Style {
        fg: s.fg.map(|c| colour_for(c, depth)),
        bg: s.bg.map(|c| colour_for(c, depth)),
        underline_color: s.underline_color.map(|c| colour_for(c, depth)),
        ..s
    }
}

/// `theme` as this terminal can show it. Under `no_color` the theme keeps no colour at
/// all (crossterm would leave them out anyway; dropping them here keeps what is drawn
/// equal to what is shown), so the selected row is marked by reverse video.
pub fn for_terminal(mut theme: Theme, depth: Depth, no_color: bool) -> Theme {
    for role in [
        &mut theme.base,
        &mut theme.title,
        &mut theme.border,
        &mut theme.border_focused,
        &mut theme.header,
        &mut theme.selected,
        &mut theme.ok,
        &mut theme.warn,
        &mut theme.alert,
        &mut theme.muted,
        &mut theme.accent,
        &mut theme.status,
        &mut theme.key,
        &mut theme.sparkline,
        &mut theme.toast_info,
        &mut theme.toast_error,
    ] {
        *role = if no_color {
            Style {
                fg: None,
                bg: None,
                underline_color: None,
                ..*role
            }
        } else {
            style_for(*role, depth)
        };
    }
    if no_color {
        theme.selected = theme.selected.add_modifier(Modifier::REVERSED);
    }
    theme
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn depth_follows_colorterm_then_term() {
        assert_eq!(
            Depth::from_env(Some("truecolor"), Some("xterm")),
            Depth::TrueColor
        );
        assert_eq!(Depth::from_env(Some("24bit"), None), Depth::TrueColor);
        assert_eq!(
            Depth::from_env(None, Some("tmux-256color")),
            Depth::Palette256
        );
        assert_eq!(Depth::from_env(None, Some("xterm")), Depth::Ansi16);
        assert_eq!(Depth::from_env(None, None), Depth::Ansi16);
    }

    #[test]
    fn rgb_comes_down_to_the_nearest_palette_colour() {
        assert_eq!(to_256(255, 0, 0), 196);
        assert_eq!(to_256(0, 0, 0), 16);
        assert_eq!(to_256(128, 128, 128), 244);
        // The dark theme's alert, ok, warn and muted stay what they mean.
        assert_eq!(to_16(0xbf, 0x61, 0x6a), Color::Red);
        assert_eq!(to_16(0xa3, 0xbe, 0x8c), Color::LightGreen);
        assert_eq!(to_16(0xeb, 0xcb, 0x8b), Color::LightYellow);
        assert_eq!(to_16(0x6b, 0x73, 0x85), Color::DarkGray);
        assert_eq!(to_16(0x1e, 0x22, 0x2a), Color::Black);
        assert_eq!(to_16(0xff, 0xff, 0xff), Color::White);
    }

    #[test]
    fn every_builtin_theme_keeps_a_selection_marker_and_sends_no_rgb_below_truecolor() {
        for name in super::super::theme::builtin_names() {
            let theme = Theme::builtin(name).unwrap();
            let plain = for_terminal(theme.clone(), Depth::TrueColor, true);
            assert!(
                plain.selected.add_modifier.contains(Modifier::REVERSED),
                "{name}: no marker under NO_COLOR"
            );
            for depth in [Depth::Palette256, Depth::Ansi16] {
                let t = for_terminal(theme.clone(), depth, false);
                for s in [t.base, t.selected, t.alert, t.ok, t.muted, t.status] {
                    for c in [s.fg, s.bg].into_iter().flatten() {
                        assert!(!matches!(c, Color::Rgb(..)), "{name} {depth:?}: {c:?}");
                        if depth == Depth::Ansi16 {
                            assert!(!matches!(c, Color::Indexed(16..)), "{name}: {c:?}");
                        }
                    }
                }
            }
        }
    }
}
