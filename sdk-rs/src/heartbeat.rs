//! Heartbeats of a running activity attempt: `ctx.heartbeat(details)` inside the activity's
//! function reaches the engine, throttled like Temporal's SDKs (at most one send every 0.8 ×
//! the heartbeat timeout, always the latest details), so that a function that heartbeats in a
//! tight loop costs one message per interval.
//!
//! The attempt is found through a task-local set around the activity's future, so the
//! function needs no extra argument; a heartbeat outside an activity does nothing.

use std::{
    sync::{Arc, Mutex},
    time::{Duration, Instant},
};

use aether_proto::v1;

use crate::execution::Execution;

/// Throttle interval when the activity has no heartbeat timeout (details still reach the
/// engine, for the next attempt; status lists only activities with timeouts).
const DEFAULT_INTERVAL: Duration = Duration::from_secs(1);

tokio::task_local! {
    static ATTEMPT: Arc<Attempt>;
}

#[derive(Default)]
struct Throttle {
    last_sent: Option<Instant>,
    pending: Option<Vec<u8>>,
    flush_scheduled: bool,
    /// The last send made at once, and the delayed one: a flush waits for them, so that an
    /// older heartbeat never lands after the details it sends.
    sent: Option<tokio::task::JoinHandle<()>>,
    delayed: Option<tokio::task::JoinHandle<()>>,
}

/// The attempt running in this task: where its heartbeats go and what the previous attempt
/// left.
pub(crate) struct Attempt {
    execution: Arc<Execution>,
    position: u32,
    attempt: u32,
    interval: Duration,
    /// The heartbeat details the previous attempt left, as JSON.
    previous: Option<Vec<u8>>,
    throttle: Mutex<Throttle>,
}

impl Attempt {
    pub(crate) fn new(
        execution: Arc<Execution>,
        position: u32,
        attempt: u32,
        heartbeat_timeout: Option<Duration>,
        previous: Option<Vec<u8>>,
    ) -> Arc<Self> {
        Arc::new(Self {
            execution,
            position,
            attempt,
            interval: heartbeat_timeout.map_or(DEFAULT_INTERVAL, |t| t.mul_f64(0.8)),
            previous,
            throttle: Mutex::default(),
        })
    }

    /// Runs `future` as this attempt: `heartbeat` inside it reaches this attempt.
    pub(crate) async fn scope<F: std::future::Future>(self: Arc<Self>, future: F) -> F::Output {
        ATTEMPT.scope(self, future).await
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Throttle> {
        self.throttle.lock().unwrap_or_else(|p| p.into_inner())
    }

    fn beat(self: &Arc<Self>, details: Vec<u8>) {
        let mut throttle = self.lock();
        let now = Instant::now();
        let due = throttle.last_sent.map_or(Duration::ZERO, |at| {
            self.interval.saturating_sub(now.duration_since(at))
        });
        if due.is_zero() {
            throttle.last_sent = Some(now);
            throttle.pending = None;
            throttle.sent = Some(tokio::spawn(Arc::clone(self).send(details)));
            return;
        }
        throttle.pending = Some(details);
        if !throttle.flush_scheduled {
            throttle.flush_scheduled = true;
            let attempt = Arc::clone(self);
            throttle.delayed = Some(tokio::spawn(async move {
                tokio::time::sleep(due).await;
                let latest = {
                    let mut throttle = attempt.lock();
                    throttle.flush_scheduled = false;
                    throttle.last_sent = Some(Instant::now());
                    throttle.pending.take()
                };
                if let Some(details) = latest {
                    attempt.send(details).await;
                }
            }));
        }
    }

    /// Sends the details a throttled heartbeat still holds back, and waits for the engine to
    /// have them: the attempt is about to report its failure, which records the last details.
    pub(crate) async fn flush(self: &Arc<Self>) {
        let (pending, sent, delayed) = {
            let mut throttle = self.lock();
            (
                throttle.pending.take(),
                throttle.sent.take(),
                throttle.delayed.take(),
            )
        };
        if let Some(delayed) = delayed {
            if pending.is_some() {
                // Still waiting for its interval: the details it would send go now.
                delayed.abort();
            } else {
                // It took the latest details and is sending them.
                let _ = delayed.await;
            }
        }
        if let Some(sent) = sent {
            let _ = sent.await;
        }
        if let Some(details) = pending {
            Arc::clone(self).send(details).await;
        }
    }

    async fn send(self: Arc<Self>, details: Vec<u8>) {
        let sent = self
            .execution
            .record_heartbeat(v1::RecordHeartbeatRequest {
                task_token: String::new(),
                position: self.position,
                attempt: self.attempt,
                details: Some(details),
            })
            .await;
        // A STOP means the attempt was given up (timed out, cancelled): the engine also sends
        // CancelTask, which drops the execution, so nothing more is done here.
        if let Err(err) = sent {
            tracing::debug!(position = self.position, error = %err, "a heartbeat was not delivered");
        }
    }
}

/// Sends `details` (JSON) as the running attempt's heartbeat; false outside an activity.
pub(crate) fn heartbeat(details: Vec<u8>) -> bool {
    ATTEMPT.try_with(|attempt| attempt.beat(details)).is_ok()
}

/// The heartbeat details the previous attempt of the running activity left, if any.
pub(crate) fn previous_details() -> Option<Vec<u8>> {
    ATTEMPT
        .try_with(|attempt| attempt.previous.clone())
        .ok()
        .flatten()
}
