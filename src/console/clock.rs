//! The console's clock: the system's, or in `evtop demo` the simulator's simulated
//! time. A demo sped up 20× stamps its events in simulated time; read against the wall
//! clock, a wrap-up's end would count down from minutes away and a call would seem to
//! have begun in the future.

use chrono::{DateTime, Utc};
use std::sync::Arc;

/// Where "now" comes from (cheap to clone).
#[derive(Clone)]
pub struct Clock {
    now: Arc<dyn Fn() -> DateTime<Utc> + Send + Sync>,
    /// How many seconds of this clock pass per real second (the demo's speed-up).
    rate: f64,
}

impl Clock {
    /// The system clock.
    pub fn system() -> Clock {
        Clock {
            now: Arc::new(Utc::now),
            rate: 1.0,
        }
    }

    /// Any source of time running `rate` times as fast as the system's (the demo's
    /// simulator, a test's script).
    pub fn from_fn(rate: f64, now: impl Fn() -> DateTime<Utc> + Send + Sync + 'static) -> Clock {
        Clock {
            now: Arc::new(now),
            rate: if rate.is_finite() && rate > 0.0 {
                rate
            } else {
                1.0
            },
        }
    }

    pub fn now(&self) -> DateTime<Utc> {
        (self.now)()
    }

    /// How often the console ticks: each second of this clock, but at most 10 times a
    /// real second (a demo at 30× is ticked every 100 ms, 3 simulated seconds).
    pub fn tick_every(&self) -> std::time::Duration {
        std::time::Duration::from_secs_f64((1.0 / self.rate).clamp(0.1, 1.0))
    }
}

impl Default for Clock {
    fn default() -> Clock {
        Clock::system()
    }
}

impl std::fmt::Debug for Clock {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Clock")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[test]
    fn a_faster_clock_ticks_more_often_within_bounds() {
        assert_eq!(Clock::system().tick_every(), Duration::from_secs(1));
        assert_eq!(
            Clock::from_fn(4.0, Utc::now).tick_every(),
            Duration::from_millis(250)
        );
        assert_eq!(
            Clock::from_fn(300.0, Utc::now).tick_every(),
            Duration::from_millis(100)
        );
        assert_eq!(
            Clock::from_fn(0.0, Utc::now).tick_every(),
            Duration::from_secs(1)
        );
        assert_eq!(
            Clock::from_fn(0.5, Utc::now).tick_every(),
            Duration::from_secs(1)
        );
    }
}
