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
}

pub const fn col(min: u16, priority: u8, grow: u16) -> Col {
    Col {
        min,
        priority,
        grow,
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
    let spare = (width as u32).saturating_sub(used);
    let total_grow: u32 = chosen.iter().map(|&i| cols[i].grow as u32).sum();
    let mut given = 0u32;
    let mut widths = Vec::with_capacity(chosen.len());
    let growers: Vec<usize> = chosen
        .iter()
        .copied()
        .filter(|&i| cols[i].grow > 0)
        .collect();
    for &i in &chosen {
        let mut w = cols[i].min as u32;
        if total_grow > 0 && cols[i].grow > 0 {
            let share = if Some(&i) == growers.last() {
                spare - given
            } else {
                spare * cols[i].grow as u32 / total_grow
            };
            given += share;
            w += share;
        }
        widths.push(Constraint::Length(w.min(u16::MAX as u32) as u16));
    }
    (chosen, widths)
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
        assert_eq!(shown, vec![0, 1, 2, 3]);
    }
}
