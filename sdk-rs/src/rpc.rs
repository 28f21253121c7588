//! Retrying calls to the engine across its restarts and network blips.

use std::{future::Future, time::Duration};

use backoff::ExponentialBackoff;

/// Whether a failed call may succeed if repeated: the server is down, restarting, or the
/// connection broke. Everything else (a bad request, an unknown id) is final.
pub(crate) fn is_transient(status: &tonic::Status) -> bool {
    matches!(
        status.code(),
        tonic::Code::Unavailable
            | tonic::Code::Unknown
            | tonic::Code::Aborted
            | tonic::Code::Cancelled
            | tonic::Code::DeadlineExceeded
    )
}

/// The backoff for reconnecting to the engine: fast at first, at most 2 s apart, for up to
/// `give_up` in total.
pub(crate) fn reconnect_backoff(give_up: Option<Duration>) -> ExponentialBackoff {
    ExponentialBackoff {
        initial_interval: Duration::from_millis(50),
        max_interval: Duration::from_secs(2),
        max_elapsed_time: give_up,
        ..ExponentialBackoff::default()
    }
}

/// Repeats `call` while it fails transiently, for up to 10 minutes: a worker rides out a server
/// restart instead of abandoning the workflows it runs.
pub(crate) async fn with_retry<T, F, Fut>(mut call: F) -> Result<T, tonic::Status>
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Result<T, tonic::Status>>,
{
    backoff::future::retry(reconnect_backoff(Some(Duration::from_secs(600))), || {
        let attempt = call();
        async move {
            attempt.await.map_err(|status| {
                if is_transient(&status) {
                    tracing::debug!(%status, "engine call failed; retrying");
                    backoff::Error::transient(status)
                } else {
                    backoff::Error::permanent(status)
                }
            })
        }
    })
    .await
}
