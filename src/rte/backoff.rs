//! Reconnect delays: the first retry at once, then exponential growth up to a cap, with
//! random jitter so many consoles do not reconnect in lockstep.

use rand::{Rng, SeedableRng};
use std::time::Duration;

/// Reconnect backoff policy.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Backoff {
    /// Delay of the second retry; doubled for each further one.
    pub base: Duration,
    /// Longest delay.
    pub max: Duration,
    /// Relative jitter, e.g. 0.2 = ±20 %.
    pub jitter: f64,
}

impl Default for Backoff {
    fn default() -> Self {
        Backoff {
            base: Duration::from_secs(1),
            max: Duration::from_secs(30),
            jitter: 0.2,
        }
    }
}

impl Backoff {
    /// The delay before retry `attempt` (1-based) without jitter: 0, base, 2·base, … ≤ max.
    pub fn nominal(&self, attempt: u32) -> Duration {
        if attempt <= 1 {
            return Duration::ZERO;
        }
        let factor = 2u32.saturating_pow((attempt - 2).min(31));
        self.base.saturating_mul(factor).min(self.max)
    }

    /// [`Backoff::nominal`] with jitter applied, never above `max`.
    pub fn delay(&self, attempt: u32, rng: &mut impl Rng) -> Duration {
        let nominal = self.nominal(attempt);
        if nominal.is_zero() || self.jitter <= 0.0 {
            return nominal;
        }
        let j = self.jitter.min(1.0);
        let factor = 1.0 + rng.random_range(-j..=j);
        nominal.mul_f64(factor).min(self.max)
    }
}

/// A small non-cryptographic RNG seeded from the OS (through uuid's v4 source).
pub fn jitter_rng() -> rand::rngs::SmallRng {
    rand::rngs::SmallRng::seed_from_u64(uuid::Uuid::new_v4().as_u128() as u64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn first_retry_at_once_then_doubling_to_the_cap() {
        let b = Backoff::default();
        let secs: Vec<u64> = (1..=8).map(|n| b.nominal(n).as_secs()).collect();
        assert_eq!(secs, vec![0, 1, 2, 4, 8, 16, 30, 30]);
        assert_eq!(b.nominal(10_000), Duration::from_secs(30));
    }

    #[test]
    fn jitter_stays_within_bounds() {
        let b = Backoff::default();
        let mut rng = rand::rngs::SmallRng::seed_from_u64(7);
        let mut seen = std::collections::BTreeSet::new();
        for _ in 0..200 {
            assert_eq!(b.delay(1, &mut rng), Duration::ZERO);
            let d = b.delay(4, &mut rng);
            assert!(d >= Duration::from_millis(3200) && d <= Duration::from_millis(4800));
            seen.insert(d.as_millis());
            assert!(b.delay(20, &mut rng) <= b.max);
        }
        assert!(seen.len() > 10, "jitter does not vary");
    }
}
