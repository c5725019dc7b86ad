//! Platform timestamps: ISO-8601, sometimes without an offset (read as UTC), with
//! `0001-01-01T00:00:00` meaning "unset" and year 9999 (DateTime.MaxValue) meaning "no end".

use chrono::{DateTime, NaiveDateTime, SecondsFormat, Utc};
use serde::{Deserialize, Deserializer, Serializer};

/// Parses a platform timestamp. `None` for empty, unparseable, or the `0001-01-01` and
/// year-9999 sentinels.
pub fn parse(text: &str) -> Option<DateTime<Utc>> {
    let text = text.trim();
    if text.is_empty() {
        return None;
    }
    let parsed = utc_fast(text)
        .or_else(|| {
            DateTime::parse_from_rfc3339(text)
                .map(|d| d.with_timezone(&Utc))
                .ok()
        })
        .or_else(|| {
            [
                "%Y-%m-%dT%H:%M:%S%.f",
                "%Y-%m-%dT%H:%M:%S",
                "%Y-%m-%d %H:%M:%S%.f",
            ]
            .iter()
            .find_map(|f| NaiveDateTime::parse_from_str(text, f).ok())
            .map(|n| n.and_utc())
        })?;
    if is_sentinel(&parsed) {
        None
    } else {
        Some(parsed)
    }
}

/// The platform's usual form, `2023-10-19T14:21:19.7009158Z` (UTC, 0 to 9 fraction
/// digits), read without chrono's general parser (every event carries one or more);
/// `None` for any other form, which chrono then reads.
fn utc_fast(text: &str) -> Option<DateTime<Utc>> {
    let b = text.as_bytes();
    if b.len() < 20 || b[b.len() - 1] != b'Z' {
        return None;
    }
    let num = |from: usize, len: usize| -> Option<u32> {
        b.get(from..from + len)?.iter().try_fold(0u32, |n, &d| {
            d.is_ascii_digit().then(|| n * 10 + u32::from(d - b'0'))
        })
    };
    let punct = [(4, b'-'), (7, b'-'), (10, b'T'), (13, b':'), (16, b':')];
    if punct.iter().any(|&(i, c)| b[i] != c) {
        return None;
    }
    let (year, month, day) = (num(0, 4)?, num(5, 2)?, num(8, 2)?);
    let (hour, minute, second) = (num(11, 2)?, num(14, 2)?, num(17, 2)?);
    let nanos = match &b[19..b.len() - 1] {
        [] => 0,
        [b'.', digits @ ..] if (1..=9).contains(&digits.len()) => {
            num(20, digits.len())? * 10u32.pow(9 - digits.len() as u32)
        }
        _ => return None,
    };
    // Leap seconds and the like: chrono's rules.
    if second > 59 {
        return None;
    }
    let date = chrono::NaiveDate::from_ymd_opt(i32::try_from(year).ok()?, month, day)?;
    let time = chrono::NaiveTime::from_hms_nano_opt(hour, minute, second, nanos)?;
    Some(date.and_time(time).and_utc())
}

/// True for the `0001-01-01` "unset" value and for year-9999 "no end" values.
pub fn is_sentinel(t: &DateTime<Utc>) -> bool {
    use chrono::Datelike;
    t.year() <= 1 || t.year() >= 9999
}

/// Writes a timestamp the way the platform does (`2023-10-19T14:21:19.700Z`).
pub fn format(t: &DateTime<Utc>) -> String {
    let mut buf = [0u8; 24];
    match millis_text(t, &mut buf) {
        Some(text) => text.to_owned(),
        None => t.to_rfc3339_opts(SecondsFormat::Millis, true),
    }
}

/// [`format`] into `buf`, without allocating, for years 0..=9999 (`None` otherwise).
fn millis_text<'a>(t: &DateTime<Utc>, buf: &'a mut [u8; 24]) -> Option<&'a str> {
    use chrono::{Datelike, Timelike};
    let year = u32::try_from(t.year()).ok().filter(|y| *y <= 9999)?;
    // A leap second reads as second 60, as chrono writes it.
    let millis = t.nanosecond() / 1_000_000;
    let (second, millis) = if millis >= 1000 {
        (t.second() + 1, millis - 1000)
    } else {
        (t.second(), millis)
    };
    let mut put = |at: usize, value: u32, digits: usize| {
        let mut v = value;
        for i in (0..digits).rev() {
            buf[at + i] = b'0' + (v % 10) as u8;
            v /= 10;
        }
    };
    put(0, year, 4);
    put(5, t.month(), 2);
    put(8, t.day(), 2);
    put(11, t.hour(), 2);
    put(14, t.minute(), 2);
    put(17, second, 2);
    put(20, millis, 3);
    for (at, c) in [
        (4, b'-'),
        (7, b'-'),
        (10, b'T'),
        (13, b':'),
        (16, b':'),
        (19, b'.'),
        (23, b'Z'),
    ] {
        buf[at] = c;
    }
    std::str::from_utf8(&buf[..]).ok()
}

/// serde helper for `Option<DateTime<Utc>>` fields holding platform timestamps.
pub mod opt {
    use super::*;

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<DateTime<Utc>>, D::Error> {
        let v: Option<serde_json::Value> = Option::deserialize(d)?;
        Ok(match v {
            Some(serde_json::Value::String(s)) => parse(&s),
            _ => None,
        })
    }

    pub fn serialize<S: Serializer>(t: &Option<DateTime<Utc>>, s: S) -> Result<S::Ok, S::Error> {
        match t {
            Some(t) => s.serialize_str(&format(t)),
            None => s.serialize_none(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn written_like_chrono_writes_them() {
        for text in [
            "2023-10-19T14:21:19.7009158Z",
            "2023-10-19T14:21:19Z",
            "0001-01-01T00:00:00Z",
            "9999-12-31T23:59:59.9999999Z",
            "2016-12-31T23:59:60.5Z",
            "1999-01-02T03:04:05.999Z",
        ] {
            let t = DateTime::parse_from_rfc3339(text)
                .unwrap()
                .with_timezone(&Utc);
            assert_eq!(
                format(&t),
                t.to_rfc3339_opts(SecondsFormat::Millis, true),
                "{text}"
            );
        }
    }

    #[test]
    fn the_usual_form_reads_as_chrono_reads_it() {
        let chrono_reads = |t: &str| {
            DateTime::parse_from_rfc3339(t)
                .ok()
                .map(|d| d.with_timezone(&Utc))
        };
        let mut texts = vec![
            "2023-10-19T14:21:19.7009158Z".to_owned(),
            "2023-10-19T14:21:19Z".into(),
            "2023-10-19T14:21:19.Z".into(),
            "2023-10-19T14:21:19.1234567891Z".into(),
            "2024-02-29T23:59:59.999999999Z".into(),
            "2023-02-29T00:00:00Z".into(),
            "2023-13-01T00:00:00Z".into(),
            "2023-10-19T24:00:00Z".into(),
            "2016-12-31T23:59:60.5Z".into(),
            "2023-10-19t14:21:19z".into(),
            "2023-10-19 14:21:19Z".into(),
            "2023-10-19T14:21:19+02:00".into(),
            "+2023-10-19T14:21:19Z".into(),
            "2023-1a-19T14:21:19Z".into(),
            "0001-01-01T00:00:00Z".into(),
            "9999-12-31T23:59:59.9999999Z".into(),
        ];
        for i in 0..500u32 {
            let digits = "123456789".get(..(i % 10) as usize).unwrap_or("");
            texts.push(format!(
                "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}{}{}Z",
                1 + i * 37 % 9999,
                i % 14,
                i * 7 % 33,
                i % 25,
                i * 13 % 61,
                i * 11 % 62,
                if i % 3 == 0 { "" } else { "." },
                digits
            ));
        }
        for t in &texts {
            if let Some(fast) = utc_fast(t) {
                assert_eq!(Some(fast), chrono_reads(t), "{t}");
            }
        }
        assert!(utc_fast("2023-10-19T14:21:19.7009158Z").is_some());
    }

    #[test]
    fn offsets_and_sentinels() {
        let z = parse("2023-10-19T14:21:19.7009158Z").unwrap();
        let naive = parse("2023-10-19T14:21:19.7009158").unwrap();
        assert_eq!(z, naive, "no offset reads as UTC");
        assert_eq!(
            parse("2023-10-19T16:21:19+02:00").unwrap().timestamp(),
            parse("2023-10-19T14:21:19Z").unwrap().timestamp()
        );
        assert_eq!(parse("0001-01-01T00:00:00"), None);
        assert_eq!(parse("9999-12-31T23:59:59.9999999"), None);
        assert_eq!(parse("garbage"), None);
        assert_eq!(parse(""), None);
    }
}

/// A platform timestamp field: a time, unset (`null` or `0001-01-01`), or "no end"
/// (year 9999, DateTime.MaxValue). Unparseable text reads as unset.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Stamp {
    #[default]
    Unset,
    At(DateTime<Utc>),
    Never,
}

impl Stamp {
    /// Reads platform text.
    pub fn parse_text(text: &str) -> Stamp {
        match parse(text) {
            Some(t) => Stamp::At(t),
            None if text.trim_start().starts_with("9999") => Stamp::Never,
            None => Stamp::Unset,
        }
    }

    /// The time, if one is set.
    pub fn at(&self) -> Option<DateTime<Utc>> {
        match self {
            Stamp::At(t) => Some(*t),
            _ => None,
        }
    }
}

impl From<DateTime<Utc>> for Stamp {
    fn from(t: DateTime<Utc>) -> Self {
        Stamp::At(t)
    }
}

impl serde::Serialize for Stamp {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Stamp::Unset => s.serialize_none(),
            Stamp::At(t) => {
                let mut buf = [0u8; 24];
                match millis_text(t, &mut buf) {
                    Some(text) => s.serialize_str(text),
                    None => s.serialize_str(&format(t)),
                }
            }
            Stamp::Never => s.serialize_str("9999-12-31T23:59:59.9999999"),
        }
    }
}

/// Text reads as a time (or a sentinel); anything else reads as unset.
impl<'de> serde::Deserialize<'de> for Stamp {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(StampVisitor)
    }
}

struct StampVisitor;

impl<'de> serde::de::Visitor<'de> for StampVisitor {
    type Value = Stamp;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a timestamp")
    }
    fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Stamp, E> {
        Ok(Stamp::parse_text(v))
    }
    fn visit_bool<E: serde::de::Error>(self, _: bool) -> Result<Stamp, E> {
        Ok(Stamp::Unset)
    }
    fn visit_i64<E: serde::de::Error>(self, _: i64) -> Result<Stamp, E> {
        Ok(Stamp::Unset)
    }
    fn visit_u64<E: serde::de::Error>(self, _: u64) -> Result<Stamp, E> {
        Ok(Stamp::Unset)
    }
    fn visit_f64<E: serde::de::Error>(self, _: f64) -> Result<Stamp, E> {
        Ok(Stamp::Unset)
    }
    fn visit_unit<E: serde::de::Error>(self) -> Result<Stamp, E> {
        Ok(Stamp::Unset)
    }
    fn visit_none<E: serde::de::Error>(self) -> Result<Stamp, E> {
        Ok(Stamp::Unset)
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Stamp, D::Error> {
        d.deserialize_any(self)
    }
    fn visit_map<A: serde::de::MapAccess<'de>>(self, map: A) -> Result<Stamp, A::Error> {
        serde::de::IgnoredAny::deserialize(serde::de::value::MapAccessDeserializer::new(map))?;
        Ok(Stamp::Unset)
    }
    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, seq: A) -> Result<Stamp, A::Error> {
        serde::de::IgnoredAny::deserialize(serde::de::value::SeqAccessDeserializer::new(seq))?;
        Ok(Stamp::Unset)
    }
}

#[cfg(test)]
mod stamp_tests {
    use super::*;

    #[test]
    fn stamp_reads_sentinels() {
        let s: Stamp = serde_json::from_str("\"9999-12-31T23:59:59.9999999\"").unwrap();
        assert_eq!(s, Stamp::Never);
        let s: Stamp = serde_json::from_str("\"0001-01-01T00:00:00\"").unwrap();
        assert_eq!(s, Stamp::Unset);
        let s: Stamp = serde_json::from_str("null").unwrap();
        assert_eq!(s, Stamp::Unset);
        let s: Stamp = serde_json::from_str("\"2020-01-01T12:00:00\"").unwrap();
        assert_eq!(
            serde_json::to_string(&s).unwrap(),
            "\"2020-01-01T12:00:00.000Z\""
        );
    }
}
