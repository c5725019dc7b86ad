//! Small text helpers for the panes: durations, sparklines, big digits, truncation.

use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

/// `m:ss` below an hour, `h:mm:ss` above.
pub fn duration(secs: i64) -> String {
    let s = secs.max(0);
    if s >= 3600 {
        format!("{}:{:02}:{:02}", s / 3600, (s / 60) % 60, s % 60)
    } else {
        format!("{}:{:02}", s / 60, s % 60)
    }
}

const BARS: [char; 8] = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];

/// The last `width` samples as a bar string, scaled so that `max` is a full bar.
pub fn sparkline(samples: &[Option<i64>], width: usize, max: i64) -> String {
    let start = samples.len().saturating_sub(width);
    let shown = &samples[start..];
    let max = max.max(1);
    shown
        .iter()
        .map(|v| match *v {
            // No live data then (an outage): a gap, not a flat line.
            None => ' ',
            Some(v) if v <= 0 => BARS[0],
            Some(v) => {
                let i = (v.saturating_mul(7).saturating_add(max - 1) / max).clamp(1, 7) as usize;
                BARS[i]
            }
        })
        .collect()
}

/// Cuts text to `width` display columns, with `…` when cut.
pub fn truncate(text: &str, width: usize) -> String {
    if text.width() <= width {
        return text.to_owned();
    }
    if width == 0 {
        return String::new();
    }
    let mut out = String::new();
    let mut used = 0;
    for c in text.chars() {
        let w = c.width().unwrap_or(0);
        if used + w + 1 > width {
            break;
        }
        out.push(c);
        used += w;
    }
    out.push('…');
    out
}

/// Cuts each name to `width` like [`truncate`], except that names which would come out
/// the same (a long shared prefix: "Customer Service – Sales" / "… – Support") keep
/// their start and their end around a `…` instead, so the rows stay told apart.
pub fn distinct_cuts(names: &[&str], width: usize) -> Vec<String> {
    let plain: Vec<String> = names.iter().map(|n| truncate(n, width)).collect();
    (0..names.len())
        .map(|i| {
            let twin = (0..names.len()).any(|j| plain[j] == plain[i] && names[j] != names[i]);
            if twin {
                keep_both_ends(names[i], width)
            } else {
                plain[i].clone()
            }
        })
        .collect()
}

/// `text` as its first third and its end around a `…`, in `width` display columns.
fn keep_both_ends(text: &str, width: usize) -> String {
    if text.width() <= width || width < 5 {
        return truncate(text, width);
    }
    let head_w = width / 3;
    let tail_w = width - head_w - 1;
    let head = truncate_plain(text, head_w);
    let mut tail: Vec<char> = Vec::new();
    let mut used = 0;
    for c in text.chars().rev() {
        let w = c.width().unwrap_or(0);
        if used + w > tail_w {
            break;
        }
        tail.push(c);
        used += w;
    }
    let tail: String = tail.into_iter().rev().collect();
    format!("{head}…{tail}")
}

/// The first `width` display columns of `text`, without a mark.
fn truncate_plain(text: &str, width: usize) -> String {
    let mut out = String::new();
    let mut used = 0;
    for c in text.chars() {
        let w = c.width().unwrap_or(0);
        if used + w > width {
            break;
        }
        out.push(c);
        used += w;
    }
    out
}

/// A 3-row block font for counts that read from across a room.
fn glyph(c: char) -> [&'static str; 3] {
    match c {
        '0' => ["█▀█", "█ █", "▀▀▀"],
        '1' => ["▀█ ", " █ ", "▀▀▀"],
        '2' => ["▀▀█", "█▀▀", "▀▀▀"],
        '3' => ["▀▀█", " ▀█", "▀▀▀"],
        '4' => ["█ █", "▀▀█", "  ▀"],
        '5' => ["█▀▀", "▀▀█", "▀▀▀"],
        '6' => ["█▀▀", "█▀█", "▀▀▀"],
        '7' => ["▀▀█", "  █", "  ▀"],
        '8' => ["█▀█", "█▀█", "▀▀▀"],
        '9' => ["█▀█", "▀▀█", "▀▀▀"],
        ':' => [" ", "▀", "▀"],
        '%' => ["█ ▄", "▄▀ ", "▀ ▀"],
        '?' => ["▀▀█", " █▀", " ▀ "],
        '-' => ["   ", "▀▀▀", "   "],
        // "at least": a count with agents not known yet.
        '≥' => ["▀▄ ", "▄▀ ", "▀▀▀"],
        _ => ["   ", "   ", "   "],
    }
}

/// Renders `text` (digits, `:`, `%`, `?`, `-` and `≥`) in the block font: three lines.
pub fn big(text: &str) -> [String; 3] {
    let mut rows = [String::new(), String::new(), String::new()];
    for (i, c) in text.chars().enumerate() {
        let g = glyph(c);
        for (row, part) in rows.iter_mut().zip(g) {
            if i > 0 {
                row.push(' ');
            }
            row.push_str(part);
        }
    }
    rows
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_alike_at_the_start_keep_their_ends_when_cut() {
        let names = [
            "Customer Service Finland – Sales",
            "Customer Service Finland – Support",
            "Billing",
            "Technical Helpdesk Nordics",
        ];
        let cut = distinct_cuts(&names, 16);
        assert_eq!(cut[0], "Custo…nd – Sales");
        assert_eq!(cut[1], "Custo… – Support");
        assert_eq!(cut[2], "Billing");
        assert_eq!(
            cut[3], "Technical Helpd…",
            "a cut without a twin stays as it was"
        );
        for c in &cut {
            assert!(c.width() <= 16, "{c}");
        }
        // Names cut alike but equal (a duplicate) are left as they are.
        assert_eq!(
            distinct_cuts(&["Same long queue name", "Same long queue name"], 10)[0],
            "Same long…"
        );
    }

    #[test]
    fn durations() {
        assert_eq!(duration(0), "0:00");
        assert_eq!(duration(75), "1:15");
        assert_eq!(duration(3725), "1:02:05");
        assert_eq!(duration(-5), "0:00");
    }

    #[test]
    fn sparkline_scales_and_keeps_the_latest() {
        let s = |v: &[i64]| v.iter().copied().map(Some).collect::<Vec<_>>();
        assert_eq!(sparkline(&s(&[0, 1, 2, 4]), 10, 4), "▁▃▅█");
        assert_eq!(sparkline(&s(&[1, 1]), 10, 8), "▂▂");
        assert_eq!(sparkline(&s(&[9, 9, 0, 0]), 2, 9), "▁▁");
        assert_eq!(sparkline(&[], 5, 0), "");
        // An outage is a gap.
        assert_eq!(sparkline(&[Some(4), None, None, Some(2)], 10, 4), "█  ▅");
    }

    #[test]
    fn truncation_counts_display_width() {
        assert_eq!(truncate("Äänekoski", 20), "Äänekoski");
        assert_eq!(truncate("Äänekoski", 5), "Ääne…");
        assert_eq!(truncate("東京東京", 5), "東京…");
    }

    #[test]
    fn big_digits_have_three_even_rows() {
        let rows = big("12:05");
        assert_eq!(rows[0].width(), rows[2].width());
        assert_eq!(rows[0], "▀█  ▀▀█   █▀█ █▀▀");
    }
}
