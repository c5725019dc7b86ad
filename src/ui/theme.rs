//! Themes: semantic roles (title, border, selected, ok, warn, alert, muted, …) mapped to
//! terminal styles, read from TOML files. The built-in themes are embedded in the binary,
//! so it works from any directory; `--theme` takes a built-in name or a file path.

use ratatui::style::{Color, Modifier, Style};
use serde::Deserialize;
use std::fmt;
use std::path::Path;

/// The built-in themes, in cycling order: (name, TOML text).
pub const BUILTIN: &[(&str, &str)] = &[
    ("default", include_str!("../../themes/default.toml")),
    ("dark", include_str!("../../themes/dark.toml")),
    ("light", include_str!("../../themes/light.toml")),
    (
        "high-contrast",
        include_str!("../../themes/high-contrast.toml"),
    ),
    ("mono", include_str!("../../themes/mono.toml")),
];

/// A resolved theme: one style per semantic role.
#[derive(Debug, Clone, PartialEq)]
pub struct Theme {
    pub name: String,
    /// Whole-screen foreground/background.
    pub base: Style,
    pub title: Style,
    pub border: Style,
    pub border_focused: Style,
    pub header: Style,
    pub selected: Style,
    pub ok: Style,
    pub warn: Style,
    pub alert: Style,
    pub muted: Style,
    pub accent: Style,
    pub status: Style,
    pub key: Style,
    pub sparkline: Style,
    pub toast_info: Style,
    pub toast_error: Style,
}

/// A theme that could not be loaded: where and why, with the line when there is one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ThemeError {
    /// The file path or built-in name.
    pub source: String,
    /// 1-based line of the offending text, when known.
    pub line: Option<usize>,
    pub message: String,
}

impl fmt::Display for ThemeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            Some(line) => write!(f, "theme {}, line {}: {}", self.source, line, self.message),
            None => write!(f, "theme {}: {}", self.source, self.message),
        }
    }
}

impl std::error::Error for ThemeError {}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ThemeFile {
    name: Option<String>,
    #[serde(default)]
    roles: RolesFile,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RolesFile {
    base: Option<StyleSpec>,
    title: Option<StyleSpec>,
    border: Option<StyleSpec>,
    border_focused: Option<StyleSpec>,
    header: Option<StyleSpec>,
    selected: Option<StyleSpec>,
    ok: Option<StyleSpec>,
    warn: Option<StyleSpec>,
    alert: Option<StyleSpec>,
    muted: Option<StyleSpec>,
    accent: Option<StyleSpec>,
    status: Option<StyleSpec>,
    key: Option<StyleSpec>,
    sparkline: Option<StyleSpec>,
    toast_info: Option<StyleSpec>,
    toast_error: Option<StyleSpec>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct StyleSpec {
    fg: Option<toml::Spanned<String>>,
    bg: Option<toml::Spanned<String>>,
    #[serde(default)]
    bold: bool,
    #[serde(default)]
    dim: bool,
    #[serde(default)]
    italic: bool,
    #[serde(default)]
    underline: bool,
    #[serde(default)]
    reversed: bool,
}

fn line_of(text: &str, offset: usize) -> usize {
    let end = offset.min(text.len());
    text.as_bytes()[..end]
        .iter()
        .filter(|b| **b == b'\n')
        .count()
        + 1
}

/// Parses a colour: `default`/`reset`, an ANSI name (`red`, `bright-blue`), `#rrggbb`, or
/// an index `0`..`255`.
pub fn parse_color(text: &str) -> Option<Color> {
    let t = text.trim().to_ascii_lowercase().replace('_', "-");
    let named = match t.as_str() {
        "default" | "reset" => Color::Reset,
        "black" => Color::Black,
        "red" => Color::Red,
        "green" => Color::Green,
        "yellow" => Color::Yellow,
        "blue" => Color::Blue,
        "magenta" => Color::Magenta,
        "cyan" => Color::Cyan,
        "white" | "gray" | "grey" => Color::Gray,
        "bright-black" | "dark-gray" | "dark-grey" => Color::DarkGray,
        "bright-red" => Color::LightRed,
        "bright-green" => Color::LightGreen,
        "bright-yellow" => Color::LightYellow,
        "bright-blue" => Color::LightBlue,
        "bright-magenta" => Color::LightMagenta,
        "bright-cyan" => Color::LightCyan,
        "bright-white" => Color::White,
        _ => {
            if let Some(hex) = t.strip_prefix('#') {
                if hex.len() != 6 || !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
                    return None;
                }
                let n = u32::from_str_radix(hex, 16).ok()?;
                return Some(Color::Rgb((n >> 16) as u8, (n >> 8) as u8, n as u8));
            }
            return t.parse::<u8>().ok().map(Color::Indexed);
        }
    };
    Some(named)
}

impl Theme {
    /// Parses a theme file's text. `source` names it in errors.
    pub fn parse(source: &str, text: &str) -> Result<Theme, ThemeError> {
        let file: ThemeFile = toml::from_str(text).map_err(|e| ThemeError {
            source: source.to_owned(),
            line: e.span().map(|s| line_of(text, s.start)),
            message: crate::sanitize::sanitize(e.message().trim()),
        })?;
        let color = |spec: &Option<toml::Spanned<String>>| -> Result<Option<Color>, ThemeError> {
            match spec {
                None => Ok(None),
                Some(s) => parse_color(s.get_ref()).map(Some).ok_or_else(|| ThemeError {
                    source: source.to_owned(),
                    line: Some(line_of(text, s.span().start)),
                    message: format!(
                        "unknown colour {:?} (use default, an ANSI name like red or bright-blue, #rrggbb, or 0-255)",
                        s.get_ref()
                    ),
                }),
            }
        };
        let style = |spec: &Option<StyleSpec>| -> Result<Style, ThemeError> {
            let Some(spec) = spec else {
                return Ok(Style::default());
            };
            let mut st = Style::default();
            if let Some(c) = color(&spec.fg)? {
                st = st.fg(c);
            }
            if let Some(c) = color(&spec.bg)? {
                st = st.bg(c);
            }
            for (on, m) in [
                (spec.bold, Modifier::BOLD),
                (spec.dim, Modifier::DIM),
                (spec.italic, Modifier::ITALIC),
                (spec.underline, Modifier::UNDERLINED),
                (spec.reversed, Modifier::REVERSED),
            ] {
                if on {
                    st = st.add_modifier(m);
                }
            }
            Ok(st)
        };
        let r = &file.roles;
        Ok(Theme {
            name: file.name.unwrap_or_else(|| source.to_owned()),
            base: style(&r.base)?,
            title: style(&r.title)?,
            border: style(&r.border)?,
            border_focused: style(&r.border_focused)?,
            header: style(&r.header)?,
            selected: style(&r.selected)?,
            ok: style(&r.ok)?,
            warn: style(&r.warn)?,
            alert: style(&r.alert)?,
            muted: style(&r.muted)?,
            accent: style(&r.accent)?,
            status: style(&r.status)?,
            key: style(&r.key)?,
            sparkline: style(&r.sparkline)?,
            toast_info: style(&r.toast_info)?,
            toast_error: style(&r.toast_error)?,
        })
    }

    /// A built-in theme by name.
    pub fn builtin(name: &str) -> Option<Theme> {
        BUILTIN
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .and_then(|(n, text)| Theme::parse(n, text).ok())
    }

    /// The default theme (never fails: the built-ins are tested).
    pub fn fallback() -> Theme {
        Theme::builtin("default").unwrap_or_else(Theme::plain)
    }

    /// A theme with no styling at all (last resort).
    pub fn plain() -> Theme {
        let s = Style::default();
        Theme {
            name: "plain".into(),
            base: s,
            title: s,
            border: s,
            border_focused: s,
            header: s,
            selected: s.add_modifier(Modifier::REVERSED),
            ok: s,
            warn: s,
            alert: s,
            muted: s,
            accent: s,
            status: s.add_modifier(Modifier::REVERSED),
            key: s,
            sparkline: s,
            toast_info: s,
            toast_error: s,
        }
    }

    /// Loads `--theme NAME|PATH`: a built-in name, else a TOML file.
    pub fn load(choice: &str) -> Result<Theme, ThemeError> {
        if let Some(t) = Theme::builtin(choice) {
            return Ok(t);
        }
        let path = Path::new(choice);
        let refused = |message| ThemeError {
            source: crate::sanitize::sanitize(choice),
            line: None,
            message,
        };
        if std::fs::metadata(path).is_err() {
            return Err(refused(format!(
                "no such built-in theme or file (built-in: {})",
                builtin_names().join(", ")
            )));
        }
        // Bounded: `--theme /dev/zero` must not read forever.
        match crate::limits::read_small_text(path, crate::limits::SMALL_FILE) {
            Ok(text) => Theme::parse(&path.display().to_string(), &text),
            Err(e) => Err(refused(e)),
        }
    }
}

/// Names of the built-in themes, in cycling order.
pub fn builtin_names() -> Vec<&'static str> {
    BUILTIN.iter().map(|(n, _)| *n).collect()
}

/// True when the NO_COLOR convention asks for no colour (set and not empty).
pub fn no_color_requested() -> bool {
    std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty())
}

/// The themes the console cycles through and the one to start with.
///
/// An explicit choice (`--theme`/EVTOP_THEME) wins; otherwise NO_COLOR selects `mono`, and
/// `default` is used. A custom file joins the cycle after the built-ins.
pub fn select(choice: Option<&str>, no_color: bool) -> Result<(Vec<Theme>, usize), ThemeError> {
    let mut list: Vec<Theme> = BUILTIN
        .iter()
        .filter_map(|(n, text)| Theme::parse(n, text).ok())
        .collect();
    let start_name = match choice {
        Some(c) => {
            let theme = Theme::load(c)?;
            let name = theme.name.clone();
            if !list.iter().any(|t| t.name == name) {
                list.push(theme);
            }
            name
        }
        None if no_color => "mono".to_owned(),
        None => "default".to_owned(),
    };
    let index = list.iter().position(|t| t.name == start_name).unwrap_or(0);
    if list.is_empty() {
        list.push(Theme::plain());
    }
    Ok((list, index))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_builtin_theme_parses_and_has_distinct_alert_and_ok() {
        for (name, text) in BUILTIN {
            let t = Theme::parse(name, text).unwrap_or_else(|e| panic!("{e}"));
            assert_eq!(&t.name, name);
            assert_ne!(t.alert, t.ok, "{name}: alert must stand out from ok");
            assert_ne!(t.selected, Style::default(), "{name}: selection must show");
        }
    }

    #[test]
    fn mono_and_default_use_no_fixed_colours_for_the_background() {
        let mono = Theme::builtin("mono").unwrap();
        for s in [mono.base, mono.selected, mono.alert, mono.warn, mono.status] {
            assert_eq!(s.fg, None);
            assert_eq!(s.bg, None);
        }
        let d = Theme::builtin("default").unwrap();
        assert_eq!(d.base.bg, Some(Color::Reset));
        assert_eq!(d.base.fg, Some(Color::Reset));
    }

    #[test]
    fn bad_colour_names_its_line() {
        let text = "name = \"x\"\n[roles]\ntitle = { fg = \"reed\" }\n";
        let e = Theme::parse("my.toml", text).unwrap_err();
        assert_eq!(e.line, Some(3));
        let msg = e.to_string();
        assert!(msg.contains("my.toml, line 3"), "{msg}");
        assert!(msg.contains("reed"), "{msg}");
    }

    #[test]
    fn unknown_role_and_syntax_errors_name_their_line() {
        let e = Theme::parse("t", "[roles]\nok = {}\nbogus = { bold = true }\n").unwrap_err();
        assert_eq!(e.line, Some(3), "{e}");
        assert!(e.message.contains("bogus"), "{e}");
        let e = Theme::parse("t", "[roles]\n\nok = { bold = tru }\n").unwrap_err();
        assert_eq!(e.line, Some(3), "{e}");
    }

    #[test]
    fn colours_parse_in_every_form() {
        assert_eq!(parse_color("#ff8000"), Some(Color::Rgb(255, 128, 0)));
        assert_eq!(parse_color("bright_blue"), Some(Color::LightBlue));
        assert_eq!(parse_color("236"), Some(Color::Indexed(236)));
        assert_eq!(parse_color("Default"), Some(Color::Reset));
        assert_eq!(parse_color("#ff80"), None);
        assert_eq!(parse_color("256"), None);
    }

    #[test]
    fn selection_honours_choice_and_no_color() {
        let (list, i) = select(None, false).unwrap();
        assert_eq!(list[i].name, "default");
        assert_eq!(list.len(), BUILTIN.len());
        let (list, i) = select(None, true).unwrap();
        assert_eq!(list[i].name, "mono");
        let (list, i) = select(Some("light"), true).unwrap();
        assert_eq!(
            list[i].name, "light",
            "an explicit choice overrides NO_COLOR"
        );
        let e = select(Some("nope-not-a-theme"), false).unwrap_err();
        assert!(e.to_string().contains("built-in: default, dark"), "{e}");
    }

    #[test]
    fn a_theme_file_joins_the_cycle() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("ocean.toml");
        std::fs::write(&path, "name = \"ocean\"\n[roles]\nok = { fg = \"blue\" }\n").unwrap();
        let (list, i) = select(Some(path.to_str().unwrap()), false).unwrap();
        assert_eq!(list[i].name, "ocean");
        assert_eq!(list[i].ok.fg, Some(Color::Blue));
        assert_eq!(list.len(), BUILTIN.len() + 1);
    }
}
