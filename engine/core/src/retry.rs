//! Backoff between step attempts. The engine computes it (with the `backoff` crate's
//! exponential schedule, without jitter so that histories are explainable) and waits it out as a
//! durable timer.

use std::time::Duration;

use aether_types::RetryPolicy;
use backoff::backoff::Backoff;

/// Beyond this many doublings any sane policy sits at its maximum interval.
const MAX_STEPS: u32 = 64;

/// The delay before the attempt that follows attempt `failed_attempt` (1-based).
pub fn backoff_delay(policy: &RetryPolicy, failed_attempt: u32) -> Duration {
    let mut schedule = backoff::ExponentialBackoffBuilder::new()
        .with_initial_interval(policy.initial_interval)
        .with_multiplier(policy.backoff_coefficient)
        .with_max_interval(policy.max_interval)
        .with_randomization_factor(0.0)
        .with_max_elapsed_time(None)
        .build();
    let mut delay = policy.initial_interval;
    for _ in 0..failed_attempt.clamp(1, MAX_STEPS) {
        delay = schedule.next_backoff().unwrap_or(policy.max_interval);
    }
    delay
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn doubles_up_to_the_maximum() {
        let policy = RetryPolicy {
            initial_interval: Duration::from_millis(100),
            backoff_coefficient: 2.0,
            max_interval: Duration::from_millis(500),
            ..RetryPolicy::default()
        };
        let delays: Vec<_> = (1..=5)
            .map(|a| backoff_delay(&policy, a).as_millis())
            .collect();
        assert_eq!(delays, vec![100, 200, 400, 500, 500]);
        assert_eq!(backoff_delay(&policy, 10_000).as_millis(), 500);
    }
}
