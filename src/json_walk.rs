//! Walking the top level of a JSON object by hand, reading each member's value with
//! serde_json from where it starts.
//!
//! The receive path uses this to read a hub record and its `MessageReceived` argument in
//! one pass: serde alone cannot say where a value ended inside its input, and capturing a
//! value as raw text first costs a whole extra scan over it. Here the structure between
//! members (`{`, `"key"`, `:`, `,`, `}`) is checked by hand and every value is read (and
//! so validated) by serde_json's stream reader, which reports its end offset. Anything
//! unusual (a key with an escape, a control character in a key) answers `None`, and the
//! caller takes its general path.

use serde::Deserialize;

/// The index of the first non-whitespace byte at or after `at`.
pub fn ws(b: &[u8], mut at: usize) -> usize {
    while matches!(b.get(at), Some(b' ' | b'\n' | b'\r' | b'\t')) {
        at += 1;
    }
    at
}

/// Reads one value of type `T` starting at `at`; the value and the index just after it.
pub fn value<'a, T: Deserialize<'a>>(text: &'a str, at: usize) -> Option<(T, usize)> {
    let mut stream = serde_json::Deserializer::from_str(text.get(at..)?).into_iter::<T>();
    let v = stream.next()?.ok()?;
    Some((v, at + stream.byte_offset()))
}

/// A string at `at` with no escape or control character in it: its text (borrowed) and
/// the index after its closing quote. `None` for any other value (read it with
/// [`value`]).
pub fn plain_string(text: &str, at: usize) -> Option<(&str, usize)> {
    let b = text.as_bytes();
    if b.get(at) != Some(&b'"') {
        return None;
    }
    let end = at + 1 + memchr::memchr2(b'"', b'\\', b.get(at + 1..)?)?;
    if b[end] != b'"' || b[at + 1..end].iter().any(|&c| c < 0x20) {
        return None;
    }
    Some((text.get(at + 1..end)?, end + 1))
}

/// A one-digit number (`1`…`9`) at `at`, followed by a delimiter: its value and the
/// index after it. `None` for any other value (read it with [`value`]).
pub fn digit(text: &str, at: usize) -> Option<(i64, usize)> {
    let b = text.as_bytes();
    let d = *b.get(at)?;
    let delimited = matches!(
        b.get(at + 1),
        Some(b',' | b'}' | b']' | b' ' | b'\n' | b'\r' | b'\t')
    );
    (d.is_ascii_digit() && d != b'0' && delimited).then(|| (i64::from(d - b'0'), at + 1))
}

/// At `at`, an object's opening brace: the index after it.
pub fn open(text: &str, at: usize) -> Option<usize> {
    let at = ws(text.as_bytes(), at);
    (text.as_bytes().get(at) == Some(&b'{')).then_some(at + 1)
}

/// What comes at `at` inside an object: a member's key (its text, plain, and the index
/// of its value), or the object's end (the index after `}`).
pub enum Next<'a> {
    Member(&'a str, usize),
    End(usize),
}

/// Reads the next member's key (or the end) at `at`, which follows `{` or `,`.
pub fn next(text: &str, at: usize, first: bool) -> Option<Next<'_>> {
    let b = text.as_bytes();
    let at = ws(b, at);
    match b.get(at)? {
        b'}' if first => return Some(Next::End(at + 1)),
        b'"' => {}
        _ => return None,
    }
    let end = at + 1 + memchr::memchr2(b'"', b'\\', &b[at + 1..])?;
    if b[end] != b'"' {
        return None;
    }
    let key = text.get(at + 1..end)?;
    if key.bytes().any(|c| c < 0x20) {
        return None;
    }
    let colon = ws(b, end + 1);
    if b.get(colon) != Some(&b':') {
        return None;
    }
    Some(Next::Member(key, ws(b, colon + 1)))
}

/// After a member's value at `at`: `Some(Ok(i))` when a `,` follows (the next member is
/// read from `i`), `Some(Err(i))` when the object ends (`i` after its `}`).
pub fn after(text: &str, at: usize) -> Option<Result<usize, usize>> {
    let b = text.as_bytes();
    let at = ws(b, at);
    match b.get(at)? {
        b',' => Some(Ok(at + 1)),
        b'}' => Some(Err(at + 1)),
        _ => None,
    }
}

/// From `at`, just after a member's value, to the end of `text`: the object's remaining
/// members (any values, read and so validated) and its `}`, then only whitespace.
pub fn rest_of_object(text: &str, at: usize) -> Option<()> {
    let mut at = at;
    loop {
        match after(text, at)? {
            Err(end) => return (ws(text.as_bytes(), end) == text.len()).then_some(()),
            Ok(i) => match next(text, i, false)? {
                Next::Member(_, v) => at = value::<serde::de::IgnoredAny>(text, v)?.1,
                Next::End(_) => return None,
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Walks a whole object, returning its keys, or None.
    fn keys(text: &str) -> Option<Vec<String>> {
        let mut at = open(text, 0)?;
        let mut first = true;
        let mut out = Vec::new();
        loop {
            match next(text, at, first)? {
                Next::End(end) => {
                    return (ws(text.as_bytes(), end) == text.len()).then_some(out);
                }
                Next::Member(k, v) => {
                    out.push(k.to_owned());
                    let (_, end) = value::<serde::de::IgnoredAny>(text, v)?;
                    match after(text, end)? {
                        Ok(i) => at = i,
                        Err(end) => return (ws(text.as_bytes(), end) == text.len()).then_some(out),
                    }
                }
            }
            first = false;
        }
    }

    #[test]
    fn plain_strings_and_digits_read_as_serde_json_reads_them() {
        for text in [
            r#""MessageReceived","#,
            r#""""#,
            r#""ä€","#,
            r#""a\"b""#,
            "\"a\u{1}b\"",
            r#""open"#,
            "1,",
            "7}",
            "0,",
            "12,",
            "1.5,",
            "1e3,",
            "-1,",
            "1",
            "null,",
        ] {
            if let Some((s, end)) = plain_string(text, 0) {
                let (want, want_end) = value::<String>(text, 0).unwrap();
                assert_eq!((s, end), (want.as_str(), want_end), "{text}");
            }
            if let Some((n, end)) = digit(text, 0) {
                assert_eq!(Some((n, end)), value::<i64>(text, 0), "{text}");
            }
        }
        assert_eq!(
            plain_string(r#""MessageReceived","#, 0),
            Some(("MessageReceived", 17))
        );
        assert_eq!(
            plain_string(r#""a\"b""#, 0),
            None,
            "escapes go the general way"
        );
        assert_eq!(
            plain_string("\"a\u{1}b\"", 0),
            None,
            "control characters too"
        );
        assert_eq!(digit("1,", 0), Some((1, 1)));
        assert_eq!(digit("12,", 0), None);
        assert_eq!(digit("1.5,", 0), None);
        assert_eq!(digit("0,", 0), None);
    }

    #[test]
    fn walks_what_serde_accepts() {
        assert_eq!(keys("{}").unwrap(), Vec::<String>::new());
        assert_eq!(
            keys(" { \"a\" : 1 ,\"b\":{\"c\":[1,\"}\"]}, \"d\":\"x\\\"y\"}\n").unwrap(),
            ["a", "b", "d"]
        );
    }

    #[test]
    fn refuses_what_it_does_not_read_plainly_or_what_is_not_json() {
        for bad in [
            "",
            "[1]",
            "{\"a\":1,}",
            "{\"a\" 1}",
            "{\"a\":}",
            "{\"a\":1}}",
            "{\"a\":1} x",
            "{\"a\\u0062\":1}",
            "{\"a\u{1}\":1}",
            "{\"a\":1",
            "{,}",
        ] {
            assert!(keys(bad).is_none(), "{bad:?}");
        }
    }

    proptest::proptest! {
        #[test]
        fn never_accepts_invalid_json(text in "[{}\\[\\]\",:a1 \\\\]{0,24}") {
            if keys(&text).is_some() {
                proptest::prop_assert!(serde_json::from_str::<serde_json::Value>(&text).is_ok(), "{}", text);
            }
        }
    }
}
