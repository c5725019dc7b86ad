//! Bounds on what the server sends, applied where it enters the state: a server's
//! nonsense cannot overflow the arithmetic of sparklines and totals, nor grow the state
//! without end.

/// The largest count shown.
pub const MAX_COUNT: i64 = 9_999_999;
/// Queue rows the console keeps at most (a tenant has tens; this only stops a runaway).
pub const MAX_QUEUES: usize = 2_000;
/// Open callback request rows kept at most (a busy tenant has hundreds): a server
/// inventing ids cannot grow the state without end; new ids past it are ignored.
pub const MAX_CALLBACKS: usize = 20_000;
/// Closed callback ids remembered so that a late snapshot does not revive them.
pub const MAX_CLOSED_CALLBACKS: usize = 10_000;
/// The longest duration taken from the server (ten years).
pub const MAX_SECS: i64 = 10 * 365 * 24 * 3600;

/// A count from the server, within 0..=MAX_COUNT.
pub fn count(n: i64) -> i64 {
    n.clamp(0, MAX_COUNT)
}

/// A duration in seconds from the server, within 0..=MAX_SECS.
pub fn seconds(n: i64) -> i64 {
    n.clamp(0, MAX_SECS)
}
