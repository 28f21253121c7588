//! The last few minutes of this node's activity, for the dashboard's metrics page: runs
//! started and finished per bucket of time, and how long the finished runs took. Memory is
//! fixed (a ring of buckets, each with a histogram of log-scaled latency bins), so a busy
//! engine pays one uncontended lock per start or finish and nothing more. Percentiles are
//! therefore approximate (each bin is 10% wide); the maximum is exact. Counts since start-up
//! live beside it in [`super::Metrics`]; exporting metrics is not this module's business.

use std::{collections::VecDeque, sync::Mutex};

use aether_types::{Action, Millis};

/// How much history the window keeps, and how finely.
const WINDOW_MS: i64 = 5 * 60 * 1000;
const BUCKET_MS: i64 = 10 * 1000;
const BUCKETS: usize = (WINDOW_MS / BUCKET_MS) as usize;

/// Bin `i` holds latencies up to `GROWTH^i` ms; the last bin everything longer (about two days).
const GROWTH: f64 = 1.1;
const BINS: usize = 200;

#[derive(Default)]
pub(crate) struct Window {
    buckets: Mutex<VecDeque<Bucket>>,
}

struct Bucket {
    start: Millis,
    counts: BucketCounts,
    latency_bins: [u32; BINS],
    max_latency_ms: u64,
}

/// What happened in one bucket of time.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct BucketCounts {
    pub started: u64,
    pub completed: u64,
    pub failed: u64,
    pub cancelled: u64,
}

/// Start-to-finish time of the runs that finished in the window.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Latency {
    pub count: u64,
    pub p50_ms: Option<u64>,
    pub p90_ms: Option<u64>,
    pub p99_ms: Option<u64>,
    pub max_ms: Option<u64>,
}

/// The window as of `at`: every bucket from oldest to newest, empty ones included, so that a
/// chart's time axis has no gaps.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecentActivity {
    pub at: Millis,
    pub window_ms: i64,
    pub bucket_ms: i64,
    pub buckets: Vec<(Millis, BucketCounts)>,
    pub latency: Latency,
}

fn bin_of(latency_ms: u64) -> usize {
    if latency_ms <= 1 {
        return 0;
    }
    let bin = ((latency_ms as f64).ln() / GROWTH.ln()).ceil() as usize;
    bin.min(BINS - 1)
}

fn upper_bound_of(bin: usize) -> u64 {
    GROWTH.powi(bin as i32).round() as u64
}

impl Window {
    /// Counts a start or a finish (with the run's creation time); other actions are ignored.
    pub(crate) fn record(&self, action: &Action, at: Millis, created_at: Millis) {
        let finished = match action {
            Action::WorkflowStarted { .. } => false,
            Action::WorkflowCompleted { .. }
            | Action::WorkflowFailed { .. }
            | Action::WorkflowCancelled { .. } => true,
            _ => return,
        };
        let Ok(mut buckets) = self.buckets.lock() else {
            return;
        };
        let bucket = current(&mut buckets, at);
        let counts = &mut bucket.counts;
        match action {
            Action::WorkflowStarted { .. } => counts.started += 1,
            Action::WorkflowCompleted { .. } => counts.completed += 1,
            Action::WorkflowFailed { .. } => counts.failed += 1,
            _ => counts.cancelled += 1,
        }
        if finished {
            let latency = u64::try_from(at.saturating_sub(created_at)).unwrap_or(0);
            bucket.latency_bins[bin_of(latency)] += 1;
            bucket.max_latency_ms = bucket.max_latency_ms.max(latency);
        }
    }

    pub(crate) fn snapshot(&self, now: Millis) -> RecentActivity {
        let newest = now - now.rem_euclid(BUCKET_MS);
        let oldest = newest - (BUCKETS as i64 - 1) * BUCKET_MS;
        let mut out = RecentActivity {
            at: now,
            window_ms: WINDOW_MS,
            bucket_ms: BUCKET_MS,
            buckets: (0..BUCKETS as i64)
                .map(|i| (oldest + i * BUCKET_MS, BucketCounts::default()))
                .collect(),
            latency: Latency::default(),
        };
        let mut bins = [0u64; BINS];
        let mut max = None::<u64>;
        if let Ok(buckets) = self.buckets.lock() {
            for bucket in buckets
                .iter()
                .filter(|b| (oldest..=newest).contains(&b.start))
            {
                let index = ((bucket.start - oldest) / BUCKET_MS) as usize;
                out.buckets[index].1 = bucket.counts;
                for (sum, n) in bins.iter_mut().zip(bucket.latency_bins) {
                    *sum += u64::from(n);
                }
                let finished =
                    bucket.counts.completed + bucket.counts.failed + bucket.counts.cancelled;
                if finished > 0 {
                    max = Some(max.unwrap_or(0).max(bucket.max_latency_ms));
                }
            }
        }
        let count: u64 = bins.iter().sum();
        let percentile = |p: f64| -> Option<u64> {
            let rank = ((count as f64) * p).ceil().max(1.0) as u64;
            let mut seen = 0;
            bins.iter().enumerate().find_map(|(bin, n)| {
                seen += n;
                (seen >= rank).then(|| upper_bound_of(bin))
            })
        };
        // A bin's bound can overshoot the slowest run it holds: never report above the maximum.
        let capped = |v: Option<u64>| match (v, max) {
            (Some(v), Some(max)) => Some(v.min(max)),
            _ => None,
        };
        out.latency = Latency {
            count,
            p50_ms: capped(percentile(0.50)),
            p90_ms: capped(percentile(0.90)),
            p99_ms: capped(percentile(0.99)),
            max_ms: max,
        };
        out
    }
}

/// The bucket `at` falls in, made (and the expired ones dropped) as time moves on. A time older
/// than the newest bucket (a clock step back, a slow commit) counts in the newest.
fn current(buckets: &mut VecDeque<Bucket>, at: Millis) -> &mut Bucket {
    let start = at - at.rem_euclid(BUCKET_MS);
    if buckets.back().is_none_or(|b| b.start < start) {
        buckets.push_back(Bucket {
            start,
            counts: BucketCounts::default(),
            latency_bins: [0; BINS],
            max_latency_ms: 0,
        });
        while buckets
            .front()
            .is_some_and(|b| b.start <= start - WINDOW_MS)
        {
            buckets.pop_front();
        }
    }
    let len = buckets.len();
    &mut buckets[len - 1]
}

#[cfg(test)]
mod tests {
    use aether_types::Failure;

    use super::*;

    const T0: Millis = 1_700_000_000_000;

    fn started() -> Action {
        Action::WorkflowStarted {
            workflow_type: "t".into(),
            input: vec![],
            parent: None,
            execution_timeout_at: None,
        }
    }

    fn completed() -> Action {
        Action::WorkflowCompleted { result: vec![] }
    }

    #[test]
    fn counts_land_in_their_bucket_and_old_ones_fall_out() {
        let window = Window::default();
        window.record(&started(), T0, T0);
        window.record(&started(), T0 + 1, T0 + 1);
        window.record(&completed(), T0 + BUCKET_MS, T0);
        window.record(
            &Action::WorkflowFailed {
                failure: Failure::new("E", "boom"),
            },
            T0 + BUCKET_MS,
            T0,
        );
        window.record(&Action::TimerFired { position: 0 }, T0, T0);

        let now = T0 + BUCKET_MS;
        let snapshot = window.snapshot(now);
        assert_eq!(snapshot.buckets.len(), BUCKETS);
        let (at, last) = *snapshot.buckets.last().unwrap();
        assert!(at <= now && now < at + BUCKET_MS);
        assert_eq!((last.completed, last.failed), (1, 1));
        let (_, before) = snapshot.buckets[BUCKETS - 2];
        assert_eq!(before.started, 2);

        // Once the window has moved past them, nothing of those runs is left.
        let later = window.snapshot(now + WINDOW_MS);
        assert!(
            later
                .buckets
                .iter()
                .all(|(_, c)| *c == BucketCounts::default())
        );
        assert_eq!(later.latency, Latency::default());
    }

    #[test]
    fn percentiles_are_within_a_bin_of_the_truth_and_never_above_the_maximum() {
        let window = Window::default();
        // 100 runs taking 1..=100 ms, finished in one bucket.
        for ms in 1..=100 {
            window.record(&completed(), T0, T0 - ms);
        }
        let latency = window.snapshot(T0).latency;
        assert_eq!(latency.count, 100);
        assert_eq!(latency.max_ms, Some(100));
        let near = |got: Option<u64>, truth: f64| {
            let got = got.unwrap() as f64;
            assert!(
                (got - truth).abs() <= truth * 0.1 + 1.0,
                "{got} is not within 10% of {truth}"
            );
        };
        near(latency.p50_ms, 50.0);
        near(latency.p90_ms, 90.0);
        near(latency.p99_ms, 99.0);
        assert!(latency.p99_ms <= latency.max_ms);
    }

    #[test]
    fn an_empty_window_has_no_percentiles() {
        let latency = Window::default().snapshot(T0).latency;
        assert_eq!(latency, Latency::default());
    }
}
