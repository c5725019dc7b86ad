//! The one sanitizer for text that comes from the server (names, notes, transcript
//! phrases): control characters and terminal escape sequences never reach the screen.

/// Removes ANSI/VT escape sequences (CSI, OSC, DCS, single-character escapes) and every
/// control character; tabs and newlines become spaces. Printable Unicode is kept.
pub fn sanitize(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\u{1b}' => skip_escape(&mut chars),
            // C1 CSI / OSC / DCS introducers: skip their sequences too.
            '\u{9b}' => skip_csi(&mut chars),
            '\u{9d}' | '\u{90}' | '\u{98}' | '\u{9e}' | '\u{9f}' => skip_string(&mut chars),
            '\t' | '\n' | '\r' => out.push(' '),
            c if c.is_control() => {}
            // Bidi overrides and isolates can reorder what follows on the line.
            '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' => {}
            c => out.push(c),
        }
    }
    out
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

/// Sanitizes only when needed, borrowing otherwise (hot path for event streams).
pub fn clean(text: &str) -> std::borrow::Cow<'_, str> {
    let dirty = text
        .chars()
        .any(|c| c.is_control() || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}'));
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
        assert_eq!(sanitize("\u{9b}2Jclear"), "clear");
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
}
