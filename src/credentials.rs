//! The one place that masks credentials in free text: a JWT, `access_token=…`,
//! `Bearer …`, `Authorization: …`, and any known secret value (recordings scrub with it;
//! the doctor's saved report masks JWTs with it).

/// What a masked value reads as.
pub const REDACTED: &str = "<redacted>";

/// Whether a byte can be part of a token value.
fn token_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.' | '=' | '%' | '+' | '/' | '~')
}

/// `text` with credentials replaced by `<redacted>`; `secrets` are values known to be
/// secret (the login's secret key or password), masked wherever they appear.
pub fn scrub(text: &str, secrets: &[String]) -> String {
    let mut out = text.to_owned();
    for s in secrets.iter().filter(|s| s.len() >= 4) {
        if out.contains(s.as_str()) {
            out = out.replace(s.as_str(), REDACTED);
        }
    }
    for marker in ["access_token=", "Bearer ", "bearer "] {
        out = mask_after(&out, marker, token_char);
    }
    // A header's whole value (`Basic …`, `Bearer …`), to the end of the line or field.
    for marker in ["Authorization: ", "authorization: "] {
        out = mask_after(&out, marker, |c| {
            !matches!(c, '\n' | '\r' | ';' | ',' | '"')
        });
    }
    mask_jwts(&out)
}

/// Replaces what follows each `marker` while `part` holds.
fn mask_after(text: &str, marker: &str, part: impl Fn(char) -> bool) -> String {
    if !text.contains(marker) {
        return text.to_owned();
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find(marker) {
        out.push_str(&rest[..at + marker.len()]);
        let tail = &rest[at + marker.len()..];
        let end = tail.find(|c| !part(c)).unwrap_or(tail.len());
        if end > 0 {
            out.push_str(REDACTED);
        }
        rest = &tail[end..];
    }
    out.push_str(rest);
    out
}

/// `eyJ….….…` (a JWT) → `<redacted>`.
pub fn mask_jwts(text: &str) -> String {
    if !text.contains("eyJ") {
        return text.to_owned();
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find("eyJ") {
        out.push_str(&rest[..at]);
        let tail = &rest[at..];
        let end = tail.find(|c| !token_char(c)).unwrap_or(tail.len());
        let candidate = &tail[..end];
        if candidate.split('.').filter(|p| !p.is_empty()).count() >= 3 {
            out.push_str(REDACTED);
        } else {
            out.push_str(candidate);
        }
        rest = &tail[end..];
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn credentials_are_masked_and_plain_text_kept() {
        let secrets = vec!["s3cret-key".to_owned()];
        let text = "GET wss://hub/x?access_token=abc.def&id=1 failed: Bearer xyz; \
                    Authorization: Basic Zm9v; key s3cret-key; jwt eyJa.eyJb.sig done";
        let out = scrub(text, &secrets);
        for bad in ["abc.def", "xyz", "Zm9v", "s3cret-key", "eyJa.eyJb.sig"] {
            assert!(!out.contains(bad), "{bad} in {out}");
        }
        assert!(out.ends_with("done"), "{out}");
        assert_eq!(
            scrub("hub closed: going away", &secrets),
            "hub closed: going away"
        );
    }
}
