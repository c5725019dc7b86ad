//! Masking for `evtop doctor --save`: a saved report may be attached to a bug report, so
//! secrets and tokens are replaced, phone numbers keep only their last two digits and
//! e-mail addresses their first letter and domain. Hand-written (no regex crate): the
//! patterns are few and the scanner is short.

use serde_json::{Map, Value};

/// What a secret becomes.
pub use crate::credentials::REDACTED;

/// A copy of `value` with secrets, tokens, phone numbers and e-mail addresses masked.
pub fn redact(value: &Value) -> Value {
    match value {
        Value::Object(map) => Value::Object(
            map.iter()
                .map(|(k, v)| (k.clone(), redact_field(k, v)))
                .collect::<Map<_, _>>(),
        ),
        Value::Array(items) => Value::Array(items.iter().map(redact).collect()),
        Value::String(s) => Value::String(mask_text(s)),
        other => other.clone(),
    }
}

fn redact_field(key: &str, value: &Value) -> Value {
    let k = key.to_ascii_lowercase().replace(['_', '-'], "");
    let secret = ["secret", "password", "token", "authorization", "apikey"]
        .iter()
        .any(|w| k.contains(w));
    if secret && !value.is_null() && !value.is_boolean() {
        return Value::String(REDACTED.into());
    }
    let phone = ["number", "phone", "msisdn"].iter().any(|w| k.contains(w));
    match value {
        Value::String(s) if phone => Value::String(mask_text(&mask_digits(s))),
        Value::Array(items) if phone => Value::Array(
            items
                .iter()
                .map(|v| match v {
                    Value::String(s) => Value::String(mask_digits(s)),
                    other => redact(other),
                })
                .collect(),
        ),
        other => redact(other),
    }
}

/// Every digit but the last two replaced, when the text has at least five digits.
fn mask_digits(text: &str) -> String {
    let digits = text.chars().filter(char::is_ascii_digit).count();
    if digits < 5 {
        return text.to_owned();
    }
    let mut seen = 0;
    text.chars()
        .map(|c| {
            if c.is_ascii_digit() {
                seen += 1;
                if seen <= digits - 2 {
                    return '*';
                }
            }
            c
        })
        .collect()
}

/// Masks what looks like a phone number, an e-mail address or a JWT inside free text.
pub fn mask_text(text: &str) -> String {
    let text = crate::credentials::mask_jwts(text);
    let text = mask_emails(&text);
    mask_phone_runs(&text)
}

/// `name@example.com` → `n***@example.com`.
fn mask_emails(text: &str) -> String {
    if !text.contains('@') {
        return text.to_owned();
    }
    let local_char = |c: char| c.is_alphanumeric() || matches!(c, '.' | '_' | '%' | '+' | '-');
    let mut out = String::new();
    let chars: Vec<char> = text.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        if chars[i] == '@' {
            // Walk back over the local part already written.
            let mut local = Vec::new();
            while let Some(&c) = out.chars().last().as_ref() {
                if local_char(c) {
                    local.push(out.pop().unwrap_or(c));
                } else {
                    break;
                }
            }
            local.reverse();
            let domain_ok = chars.get(i + 1).is_some_and(|c| c.is_alphanumeric())
                && chars[i + 1..]
                    .iter()
                    .take_while(|c| c.is_alphanumeric() || matches!(c, '.' | '-'))
                    .any(|c| *c == '.');
            if domain_ok && !local.is_empty() {
                out.push(local[0]);
                out.push_str("***");
            } else {
                out.extend(local);
            }
            out.push('@');
            i += 1;
            continue;
        }
        out.push(chars[i]);
        i += 1;
    }
    out
}

/// Runs of digits (with `+`, spaces, `-`, parentheses) holding 7 to 15 digits, not part
/// of a longer word, not a date: every digit but the last two masked.
fn mask_phone_runs(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    let run_char = |c: char| c.is_ascii_digit() || matches!(c, ' ' | '-' | '(' | ')');
    while i < chars.len() {
        let c = chars[i];
        let starts =
            c.is_ascii_digit() || (c == '+' && chars.get(i + 1).is_some_and(char::is_ascii_digit));
        let glued = i > 0 && (chars[i - 1].is_alphanumeric() || matches!(chars[i - 1], '.' | ':'));
        if !starts || glued {
            out.push(c);
            i += 1;
            continue;
        }
        let mut end = i + 1;
        while end < chars.len() && run_char(chars[end]) {
            end += 1;
        }
        // Trim what is not a digit at the end.
        while end > i && !chars[end - 1].is_ascii_digit() {
            end -= 1;
        }
        let run: String = chars[i..end].iter().collect();
        let digits = run.chars().filter(char::is_ascii_digit).count();
        let followed = chars
            .get(end)
            .is_some_and(|c| c.is_alphanumeric() || matches!(c, '.' | ':'));
        if (7..=15).contains(&digits) && !followed && !is_date(&run) {
            out.push_str(&mask_digits(&run));
        } else {
            out.push_str(&run);
        }
        i = end.max(i + 1);
    }
    out
}

/// `2025-03-03…`.
fn is_date(run: &str) -> bool {
    let b = run.as_bytes();
    b.len() >= 10
        && b[..4].iter().all(u8::is_ascii_digit)
        && b[4] == b'-'
        && b[5..7].iter().all(u8::is_ascii_digit)
        && b[7] == b'-'
        && b[8..10].iter().all(u8::is_ascii_digit)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn secrets_tokens_and_credentials_are_replaced() {
        let v = redact(&json!({
            "SecretKey": "s3cr3t", "Token": "abc.def.ghi", "WSSEndpoint": "wss://x/rte",
            "nested": [{"password": "pw", "access_token": 5, "RefreshToken": null}]
        }));
        assert_eq!(v["SecretKey"], REDACTED);
        assert_eq!(v["Token"], REDACTED);
        assert_eq!(v["WSSEndpoint"], "wss://x/rte");
        assert_eq!(v["nested"][0]["password"], REDACTED);
        assert_eq!(v["nested"][0]["access_token"], REDACTED);
        assert_eq!(v["nested"][0]["RefreshToken"], Value::Null);
        let jwt = "see eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ1In0.c2lnbmF0dXJl here";
        assert_eq!(mask_text(jwt), "see <redacted> here");
    }

    #[test]
    fn phone_numbers_keep_only_their_last_two_digits() {
        let v = redact(&json!({
            "CallerNumber": "+358401234567",
            "Numbers": ["+358 20 123 4567"],
            "Note": "call +358 40 765 4321 back",
            "ContactMessage": "soita 0401234567!",
        }));
        assert_eq!(v["CallerNumber"], "+**********67");
        assert_eq!(v["Numbers"][0], "+*** ** *** **67");
        assert_eq!(v["Note"], "call +*** ** *** **21 back");
        assert_eq!(v["ContactMessage"], "soita ********67!");
    }

    #[test]
    fn ids_dates_and_counts_are_left_alone() {
        let keep = [
            "aa9730c4-ce86-e611-80c9-00505689257e",
            "00000000-0000-0000-0000-000000000000",
            "2025-03-03T09:00:00.000Z",
            "2025-03-03 09:00:00",
            "Queue 12",
            "v1.2.3456789",
        ];
        for k in keep {
            assert_eq!(mask_text(k), k);
        }
        assert_eq!(
            redact(&json!({"QueueLength": 12345678})),
            json!({"QueueLength": 12345678})
        );
    }

    #[test]
    fn e_mail_addresses_keep_their_first_letter_and_domain() {
        assert_eq!(mask_text("supervisor@example.com"), "s***@example.com");
        assert_eq!(
            mask_text("from aino.virtanen@demo.fi, ok"),
            "from a***@demo.fi, ok"
        );
        assert_eq!(mask_text("a @ b"), "a @ b");
        assert_eq!(mask_text("x@localhost"), "x@localhost");
    }
}
