//! Carrying out deferred effects until they are done. Each effect runs in a task of its own; one
//! that fails for a reason that may pass (the store unavailable, a workflow changing too fast)
//! is tried again after an exponential backoff with jitter, until it succeeds, is no longer
//! needed (its workflow is gone or ended: the effect answers `Ok` or a lasting error), or the
//! engine shuts down. A write that failed once must not strand a workflow until a restart.

use std::{sync::Arc, time::Duration};

use backoff::{ExponentialBackoff, ExponentialBackoffBuilder, backoff::Backoff};
use tokio::sync::{Semaphore, mpsc};

use super::{Engine, effects::Deferred};
use crate::Error;

/// The first retry comes soon (most failures are a blip); later ones spread out to this cap, so
/// that an outage costs each waiting effect one attempt every few seconds.
const FIRST_RETRY: Duration = Duration::from_millis(100);
const LONGEST_RETRY: Duration = Duration::from_secs(10);

/// Retries of different effects run at most this many at a time, so that a database coming
/// back is not met by every effect that waited for it at once.
const CONCURRENT_RETRIES: usize = 32;

/// The delays between attempts of one effect: doubling from [`FIRST_RETRY`] to
/// [`LONGEST_RETRY`], each drawn within ±50% so that effects failed together spread out, and
/// never giving up on its own.
pub(super) fn retry_schedule() -> ExponentialBackoff {
    ExponentialBackoffBuilder::new()
        .with_initial_interval(FIRST_RETRY)
        .with_multiplier(2.0)
        .with_randomization_factor(0.5)
        .with_max_interval(LONGEST_RETRY)
        .with_max_elapsed_time(None)
        .build()
}

impl Engine {
    pub(super) async fn run_deferred(self, mut rx: mpsc::UnboundedReceiver<Deferred>) {
        let retries = Arc::new(Semaphore::new(CONCURRENT_RETRIES));
        loop {
            let deferred = tokio::select! {
                _ = self.inner.shutdown.cancelled() => return,
                next = rx.recv() => match next {
                    Some(deferred) => deferred,
                    None => return,
                },
            };
            let engine = self.clone();
            let retries = retries.clone();
            tokio::spawn(async move { engine.run_until_done(deferred, &retries).await });
        }
    }

    /// Runs `deferred` until it succeeds, is no longer needed, or the engine stops.
    async fn run_until_done(&self, mut deferred: Deferred, retries: &Semaphore) {
        let mut schedule = retry_schedule();
        let mut failures = 0u32;
        loop {
            let outcome = if failures == 0 {
                self.run_one(&deferred).await
            } else {
                let Ok(_permit) = retries.acquire().await else {
                    return;
                };
                self.run_one(&deferred).await
            };
            let err = match outcome {
                Ok(()) => {
                    if failures > 0 {
                        tracing::info!(effect = deferred.kind(), workflow = %deferred.workflow(), failures, "deferred effect carried out after failing");
                    }
                    return;
                }
                Err(err) if !err.is_transient() => {
                    log_lasting(&deferred, &err);
                    return;
                }
                Err(err) => err,
            };
            failures = failures.saturating_add(1);
            // `None` only when the schedule gives up, which `retry_schedule` never does.
            let delay = schedule.next_backoff().unwrap_or(LONGEST_RETRY);
            if failures == 1 {
                tracing::warn!(effect = deferred.kind(), workflow = %deferred.workflow(), error = %err, "deferred effect failed; retrying with backoff");
            } else {
                tracing::debug!(effect = deferred.kind(), workflow = %deferred.workflow(), error = %err, failures, ?delay, "deferred effect failed again");
            }
            deferred = deferred.retried();
            tokio::select! {
                _ = self.inner.shutdown.cancelled() => return,
                _ = tokio::time::sleep(delay) => {}
            }
        }
    }
}

/// An effect that failed for a reason that will not pass: moot when its workflow is gone or
/// no longer in a state to take it, a defect otherwise.
fn log_lasting(deferred: &Deferred, err: &Error) {
    match err {
        Error::WorkflowNotFound(_) | Error::FailedPrecondition(_) => {
            tracing::debug!(effect = deferred.kind(), workflow = %deferred.workflow(), error = %err, "deferred effect no longer needed");
        }
        _ => {
            tracing::error!(effect = deferred.kind(), workflow = %deferred.workflow(), error = %err, "deferred effect cannot be carried out; giving up");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retries_spread_out_up_to_the_cap_and_never_stop() {
        let mut schedule = retry_schedule();
        let delays: Vec<Duration> = (0..40).filter_map(|_| schedule.next_backoff()).collect();
        assert_eq!(delays.len(), 40, "the schedule never gives up");
        assert!(delays[0] >= FIRST_RETRY / 2 && delays[0] <= FIRST_RETRY * 3 / 2);
        assert!(delays.iter().all(|d| *d <= LONGEST_RETRY * 3 / 2));
        assert!(
            delays[20..].iter().all(|d| *d >= LONGEST_RETRY / 2),
            "late retries sit near the cap: {delays:?}"
        );
    }
}
