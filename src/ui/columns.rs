//! Column fitting: each column has a minimum width and a priority; the most important
//! columns that fit are shown (in their natural order) and the spare width is shared by
//! the columns that grow. This is how panes collapse on small terminals.

use ratatui::layout::Constraint;

#[derive(Debug, Clone, Copy)]
pub struct Col {
    pub min: u16,
    /// 0 = always shown; higher numbers drop first.
    pub priority: u8,
    /// Share of the spare width (0 = fixed).
    pub grow: u16,
    /// Width a growing column stops at.
    pub max: u16,
}

pub const fn col(min: u16, priority: u8, grow: u16) -> Col {
    Col {
        min,
        priority,
        grow,
        max: u16::MAX,
    }
}

impl Col {
    pub const fn max(mut self, max: u16) -> Col {
        self.max = max;
        self
    }
}

/// Which columns to show for `width` (with `spacing` between columns), and their widths.
pub fn fit(cols: &[Col], width: u16, spacing: u16) -> (Vec<usize>, Vec<Constraint>) {
    let mut order: Vec<usize> = (0..cols.len()).collect();
    order.sort_by_key(|&i| (cols[i].priority, i));
    let mut chosen = Vec::new();
    let mut used: u32 = 0;
    for i in order {
        let extra = cols[i].min as u32 + if chosen.is_empty() { 0 } else { spacing as u32 };
        if used + extra > width as u32 && cols[i].priority > 0 {
            continue;
        }
        used += extra;
        chosen.push(i);
    }
    chosen.sort_unstable();
    // Share the spare width by weight, in rounds, so that columns at their maximum pass
    // their share on to the others.
    let mut extra = vec![0u32; chosen.len()];
    let mut spare = (width as u32).saturating_sub(used);
    while spare > 0 {
        let open: Vec<usize> = (0..chosen.len())
            .filter(|&k| {
                let c = cols[chosen[k]];
                c.grow > 0 && (c.min as u32 + extra[k]) < c.max as u32
            })
            .collect();
        let total: u32 = open.iter().map(|&k| cols[chosen[k]].grow as u32).sum();
        if total == 0 {
            break;
        }
        let mut given = 0;
        for &k in &open {
            let c = cols[chosen[k]];
            let room = c.max as u32 - (c.min as u32 + extra[k]);
            let share = (spare * c.grow as u32 / total)
                .max(1)
                .min(room)
                .min(spare - given);
            extra[k] += share;
            given += share;
        }
        if given == 0 {
            break;
        }
        spare -= given;
    }
    let mut lengths: Vec<u32> = chosen
        .iter()
        .zip(&extra)
        .map(|(&i, e)| cols[i].min as u32 + e)
        .collect();
    // Columns that must show but do not fit: the growing ones (names) give up width,
    // down to a few characters, so that the numbers after them stay on screen.
    let mut over = used.saturating_sub(width as u32);
    for (k, &i) in chosen.iter().enumerate() {
        if over == 0 {
            break;
        }
        if cols[i].grow > 0 {
            let give = lengths[k].saturating_sub(MIN_SHRUNK).min(over);
            lengths[k] -= give;
            over -= give;
        }
    }
    let widths = lengths
        .into_iter()
        .map(|n| Constraint::Length(n.min(u16::MAX as u32) as u16))
        .collect();
    (chosen, widths)
}

/// The narrowest a growing column gets when the always-shown columns do not fit.
const MIN_SHRUNK: u32 = 4;

/// Width of every column by its index (0 when hidden), from a [`fit`] result.
pub fn widths_by_index(count: usize, shown: &[usize], widths: &[Constraint]) -> Vec<usize> {
    let mut out = vec![0; count];
    for (i, w) in shown.iter().zip(widths) {
        if let Constraint::Length(n) = w {
            if let Some(slot) = out.get_mut(*i) {
                *slot = *n as usize;
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn drops_low_priority_columns_first_and_fills_the_width() {
        let cols = [col(10, 0, 1), col(5, 2, 0), col(5, 1, 0), col(8, 3, 1)];
        let (shown, widths) = fit(&cols, 22, 1);
        assert_eq!(shown, vec![0, 1, 2]);
        let total: u16 = widths
            .iter()
            .map(|c| match c {
                Constraint::Length(n) => *n,
                _ => 0,
            })
            .sum();
        assert_eq!(total + 2, 22);
        let (shown, _) = fit(&cols, 200, 1);
        // Too narrow for the always-shown columns: the growing one shrinks so the
        // others stay whole.
        let must = [col(7, 0, 0), col(16, 0, 3), col(7, 0, 0), col(7, 0, 0)];
        let (shown_narrow, narrow) = fit(&must, 28, 1);
        assert_eq!(shown_narrow, vec![0, 1, 2, 3]);
        let lens: Vec<u16> = narrow
            .iter()
            .map(|c| match c {
                Constraint::Length(n) => *n,
                _ => 0,
            })
            .collect();
        assert_eq!(lens, vec![7, 4, 7, 7]);
        assert_eq!(shown, vec![0, 1, 2, 3]);
        let capped = [col(10, 0, 1).max(12), col(5, 0, 1)];
        let (_, widths) = fit(&capped, 40, 1);
        assert_eq!(widths, vec![Constraint::Length(12), Constraint::Length(27)]);
    }
}
