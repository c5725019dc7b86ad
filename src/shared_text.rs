//! [`SharedText`]: shared bytes (usually a record cut from a WebSocket text frame) that
//! are known to be UTF-8, read as text without checking them again.
//!
//! A text frame is checked once, by the WebSocket layer. Its records travel on as shared
//! slices of it, and each was checked again (`from_utf8`) wherever it was read as text:
//! on a firehose that repeated check cost about 2 % of `evtop events`' CPU.

use bytes::Bytes;

/// Bytes that are valid UTF-8. Built only from text already known to be valid (a `&str`
/// or a `String`) or after a check, so [`SharedText::as_str`] needs none.
#[derive(Clone, Default, PartialEq, Eq, Hash)]
pub struct SharedText(Bytes);

impl SharedText {
    /// `bytes` when they are valid UTF-8.
    pub fn checked(bytes: Bytes) -> Option<SharedText> {
        simdutf8::basic::from_utf8(&bytes).ok()?;
        Some(SharedText(bytes))
    }

    /// `text`, sharing `bytes` when they are that very text (the same memory: a record
    /// and its text read from a frame); otherwise a copy of `text`.
    pub fn of(bytes: &Bytes, text: &str) -> SharedText {
        if bytes.as_ptr() == text.as_ptr() && bytes.len() == text.len() {
            SharedText(bytes.clone())
        } else {
            SharedText(Bytes::copy_from_slice(text.as_bytes()))
        }
    }

    pub fn as_str(&self) -> &str {
        // SAFETY: every constructor takes text already known to be UTF-8 (a `&str` at
        // the same address and length, a `String`, or bytes just checked), and `Bytes`
        // never changes the bytes it shares.
        unsafe { std::str::from_utf8_unchecked(&self.0) }
    }

    /// The shared bytes (to keep a slice of them without copying).
    pub fn bytes(&self) -> &Bytes {
        &self.0
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl From<String> for SharedText {
    fn from(text: String) -> SharedText {
        SharedText(Bytes::from(text))
    }
}

impl From<&str> for SharedText {
    fn from(text: &str) -> SharedText {
        SharedText(Bytes::copy_from_slice(text.as_bytes()))
    }
}

impl std::fmt::Debug for SharedText {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Debug::fmt(self.as_str(), f)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_read_from_the_same_bytes_is_shared_and_other_text_is_copied() {
        let bytes = Bytes::from_static("ääkkönen".as_bytes());
        let text = std::str::from_utf8(&bytes).unwrap();
        let shared = SharedText::of(&bytes, text);
        assert_eq!(shared.bytes().as_ptr(), bytes.as_ptr());
        assert_eq!(shared.as_str(), "ääkkönen");

        // Equal text elsewhere, or a part of the bytes: copied, and still that text.
        let elsewhere = String::from("ääkkönen");
        assert_ne!(
            SharedText::of(&bytes, &elsewhere).bytes().as_ptr(),
            bytes.as_ptr()
        );
        let part = &text[..4];
        let copied = SharedText::of(&bytes, part);
        assert_eq!(copied.as_str(), "ää");
        assert_ne!(copied.bytes().as_ptr(), bytes.as_ptr());
    }

    #[test]
    fn bytes_that_are_not_utf8_are_refused() {
        assert!(SharedText::checked(Bytes::from_static(b"ok \xff")).is_none());
        assert_eq!(
            SharedText::checked(Bytes::from_static(b"ok")).map(|t| t.as_str().to_owned()),
            Some("ok".into())
        );
    }
}
