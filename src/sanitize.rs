//! The one sanitizer for text that comes from the server (names, notes, transcript
//! phrases, errors, ids in log lines): control characters, terminal escape sequences and
//! invisible format characters never reach a screen or a log.

/// Removes ANSI/VT escape sequences (CSI, OSC, DCS, single-character escapes), every
/// control character and the invisible format characters of [`is_invisible`]; tabs and
/// newlines become spaces. A C1 control (U+0080–U+009F) is removed alone: the text after
/// it stays. A zero-width joiner is kept only between two emoji (👩‍💻). Printable
/// Unicode is kept.
pub fn sanitize(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\u{1b}' => skip_escape(&mut chars),
            '\t' | '\n' | '\r' => out.push(' '),
            // C0, DEL and C1 controls: removed, nothing after them.
            c if c.is_control() => {}
            '\u{200d}' => {
                let joins = out.chars().next_back().is_some_and(is_emoji_end)
                    && chars.peek().copied().is_some_and(is_emoji);
                if joins {
                    out.push(c);
                }
            }
            c if is_invisible(c) => {}
            c => out.push(c),
        }
    }
    out
}

/// Invisible format characters that can hide or reorder text on a line: bidi marks,
/// embeddings, overrides and isolates, line and paragraph separators, the BOM, zero-width
/// spaces, (non-)joiners and invisible operators. (The zero-width joiner inside emoji is
/// handled by [`sanitize`].)
pub fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{061c}'
            | '\u{180e}'
            | '\u{200b}'..='\u{200f}'
            | '\u{2028}'..='\u{202e}'
            | '\u{2060}'..='\u{2064}'
            | '\u{2066}'..='\u{206f}'
            | '\u{feff}'
            | '\u{fff9}'..='\u{fffb}'
    )
}

/// Emoji (pictographs, symbols, regional indicators), roughly: what a ZWJ may join.
fn is_emoji(c: char) -> bool {
    matches!(c, '\u{2300}'..='\u{23ff}' | '\u{2600}'..='\u{27bf}' | '\u{2b00}'..='\u{2bff}' | '\u{1f000}'..='\u{1faff}')
}

/// What may end an emoji before a ZWJ: the emoji itself, a variation selector or a skin
/// tone (the tones lie in the emoji range).
fn is_emoji_end(c: char) -> bool {
    is_emoji(c) || c == '\u{fe0f}'
}

/// Longest server text (an error, a close reason) shown or logged, in characters.
pub const EXCERPT_CHARS: usize = 300;

/// A server's text for a message or a log line: sanitized and cut to [`EXCERPT_CHARS`]
/// characters (an ellipsis marks the cut). Only the start of a long text is looked at,
/// so a 1 MiB error costs no more than a short one.
pub fn excerpt(text: &str) -> String {
    excerpt_to(text, EXCERPT_CHARS)
}

/// [`excerpt`] with another length.
pub fn excerpt_to(text: &str, max_chars: usize) -> String {
    // Escape sequences shrink when sanitized: look at a generous but bounded head.
    let head_bytes = max_chars.saturating_mul(16).max(64);
    let (head, cut) = match text.char_indices().nth(head_bytes) {
        Some((i, _)) => (&text[..i], true),
        None => (text, false),
    };
    let clean = sanitize(head);
    let mut chars = clean.char_indices();
    match chars.nth(max_chars) {
        Some((i, _)) => format!("{}…", &clean[..i]),
        None if cut => format!("{clean}…"),
        None => clean,
    }
}

/// Multi-line text (a log record, a final error) sanitized line by line: each line is an
/// [`excerpt_to`] of `max_chars`, the newlines between lines (and a last one) are kept.
pub fn lines_to(text: &str, max_chars: usize) -> String {
    let mut out = String::with_capacity(text.len().min(max_chars.saturating_mul(4)));
    let mut lines = text.split('\n').peekable();
    while let Some(line) = lines.next() {
        let last = lines.peek().is_none();
        if last && line.is_empty() {
            break; // the text ended with a newline, already written
        }
        out.push_str(&excerpt_to(line, max_chars));
        if !last {
            out.push('\n');
        }
    }
    out
}

/// Sanitizes only when needed, borrowing otherwise (hot path for event streams).
pub fn clean(text: &str) -> std::borrow::Cow<'_, str> {
    let dirty = text.chars().any(|c| c.is_control() || is_invisible(c));
    if dirty {
        std::borrow::Cow::Owned(sanitize(text))
    } else {
        std::borrow::Cow::Borrowed(text)
    }
}

type Chars<'a> = std::iter::Peekable<std::str::Chars<'a>>;

fn skip_escape(chars: &mut Chars<'_>) {
    match chars.peek().copied() {
        Some('[') => {
            chars.next();
            skip_csi(chars);
        }
        Some(']') | Some('P') | Some('X') | Some('^') | Some('_') => {
            chars.next();
            skip_string(chars);
        }
        // Two-character sequences with an intermediate byte, e.g. ESC ( B.
        Some(c) if ('\u{20}'..='\u{2f}').contains(&c) => {
            chars.next();
            chars.next();
        }
        Some(_) => {
            chars.next();
        }
        None => {}
    }
}

/// CSI: parameters and intermediates, then one final byte in 0x40..=0x7e.
fn skip_csi(chars: &mut Chars<'_>) {
    for c in chars.by_ref() {
        if ('\u{40}'..='\u{7e}').contains(&c) {
            break;
        }
    }
}

/// OSC/DCS/SOS/PM/APC: up to BEL or ST (ESC \ or 0x9c).
fn skip_string(chars: &mut Chars<'_>) {
    while let Some(c) = chars.next() {
        match c {
            '\u{7}' | '\u{9c}' => break,
            '\u{1b}' => {
                if chars.peek() == Some(&'\\') {
                    chars.next();
                }
                break;
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strips_escape_sequences() {
        assert_eq!(sanitize("\u{1b}[31mred\u{1b}[0m"), "red");
        assert_eq!(sanitize("a\u{1b}]0;owned title\u{7}b"), "ab");
        assert_eq!(
            sanitize("a\u{1b}]8;;http://x\u{1b}\\link\u{1b}]8;;\u{1b}\\b"),
            "alinkb"
        );
        assert_eq!(sanitize("x\u{1b}Pq#0;1;2\u{1b}\\y"), "xy");
        // A C1 control goes alone: what follows is text again.
        assert_eq!(sanitize("\u{9b}2Jclear"), "2Jclear");
        assert_eq!(sanitize("bell\u{7}\u{8}\u{0}"), "bell");
        assert_eq!(sanitize("two\nlines\tand\rcr"), "two lines and cr");
        assert_eq!(sanitize("evil\u{202e}txt"), "eviltxt");
    }

    #[test]
    fn keeps_unicode_text() {
        assert_eq!(sanitize("Äänekoski – 東京 👋"), "Äänekoski – 東京 👋");
        assert!(matches!(clean("plain"), std::borrow::Cow::Borrowed(_)));
    }

    #[test]
    fn excerpts_are_sanitized_and_short() {
        assert_eq!(excerpt("a\u{1b}[31mb"), "ab");
        let long = "é".repeat(10_000);
        let e = excerpt(&long);
        assert_eq!(e.chars().count(), EXCERPT_CHARS + 1);
        assert!(e.ends_with('…'));
        assert_eq!(excerpt_to("abcdef", 3), "abc…");
        assert_eq!(excerpt_to("abc", 3), "abc");
        // Escapes at the start do not hide the text after them.
        let noisy = format!("{}tail", "\u{1b}[0m".repeat(20));
        assert_eq!(excerpt_to(&noisy, 10), "tail");
    }

    #[test]
    fn unterminated_sequences_do_not_swallow_forever_or_panic() {
        assert_eq!(sanitize("\u{1b}"), "");
        assert_eq!(sanitize("\u{1b}["), "");
        assert_eq!(sanitize("ok\u{1b}]never ends"), "ok");
    }

    #[test]
    fn invisible_format_characters_are_dropped() {
        assert_eq!(sanitize("a\u{200e}b\u{200f}c"), "abc", "LRM, RLM");
        assert_eq!(sanitize("line\u{2028}para\u{2029}end"), "lineparaend");
        assert_eq!(sanitize("\u{feff}Queue"), "Queue", "BOM");
        assert_eq!(sanitize("ze\u{200b}ro\u{200c}wi\u{200d}dth"), "zerowidth");
        for c in ['\u{202a}', '\u{202b}', '\u{202c}', '\u{202d}', '\u{202e}'] {
            assert_eq!(sanitize(&format!("x{c}y")), "xy", "{:x}", c as u32);
        }
        for c in ['\u{2066}', '\u{2067}', '\u{2068}', '\u{2069}'] {
            assert_eq!(sanitize(&format!("x{c}y")), "xy", "{:x}", c as u32);
        }
        assert!(matches!(clean("a\u{200f}b"), std::borrow::Cow::Owned(_)));
        assert!(matches!(clean("\u{feff}"), std::borrow::Cow::Owned(_)));
    }

    #[test]
    fn a_joiner_between_emoji_stays() {
        let technologist = "\u{1f469}\u{200d}\u{1f4bb}";
        assert_eq!(sanitize(technologist), technologist);
        let family = "\u{1f468}\u{1f3fd}\u{200d}\u{1f469}\u{200d}\u{1f467}";
        assert_eq!(sanitize(family), family);
        let heart = "\u{2764}\u{fe0f}\u{200d}\u{1f525}";
        assert_eq!(sanitize(heart), heart);
        assert_eq!(sanitize("a\u{200d}\u{1f4bb}"), "a\u{1f4bb}");
        assert_eq!(sanitize("\u{1f469}\u{200d}b"), "\u{1f469}b");
        assert_eq!(sanitize("\u{200d}"), "");
    }

    #[test]
    fn a_c1_control_does_not_eat_the_text_after_it() {
        for c in '\u{80}'..='\u{9f}' {
            assert_eq!(
                sanitize(&format!("before{c}after")),
                "beforeafter",
                "{:x}",
                c as u32
            );
        }
        assert_eq!(sanitize("id\u{9d}0;title\u{7}rest"), "id0;titlerest");
        assert_eq!(sanitize("\u{90}q\u{9c}x"), "qx");
    }

    proptest::proptest! {
        #[test]
        fn output_holds_no_control_or_invisible_character(text in "\\PC*|[\\x00-\\x{9f}\\x{200b}-\\x{206f}\\x{feff}a-z]*") {
            let out = sanitize(&text);
            proptest::prop_assert!(!out.chars().any(|c| c.is_control() || is_invisible(c)), "{:?}", out);
            // A ZWJ left in always joins two emoji.
            let chars: Vec<char> = out.chars().collect();
            for (i, c) in chars.iter().enumerate() {
                if *c == '\u{200d}' {
                    proptest::prop_assert!(i > 0 && is_emoji_end(chars[i - 1]));
                    proptest::prop_assert!(chars.get(i + 1).is_some_and(|n| is_emoji(*n)));
                }
            }
            // Sanitizing is idempotent, and clean agrees with it.
            proptest::prop_assert_eq!(sanitize(&out), out.clone());
            proptest::prop_assert_eq!(clean(&text).into_owned(), out);
        }

        #[test]
        fn plain_text_around_a_c1_control_survives(a in "[a-zA-Z0-9 ]{0,20}", c in 0x80u32..0xa0, b in "[a-zA-Z0-9 ]{0,20}") {
            let c = char::from_u32(c).unwrap();
            proptest::prop_assert_eq!(sanitize(&format!("{a}{c}{b}")), format!("{a}{b}"));
        }
    }
}
