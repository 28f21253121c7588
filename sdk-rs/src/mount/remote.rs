//! The session as the mount reaches it: the few workspace calls it makes, and which failures
//! are worth waiting out (the server restarting) rather than reporting.

use std::time::Duration;

use backoff::{ExponentialBackoff, backoff::Backoff};

use crate::Error;
use crate::workspace::{BatchOp, FileContent, Manifest, Mutation, WorkspaceClient};

#[derive(Clone)]
pub struct Remote {
    pub ws: WorkspaceClient,
    pub session: String,
    /// A read-only mount of a checkpoint reads the checkpoint's tree.
    pub checkpoint: Option<String>,
}

/// The server could not be reached or went away mid-call: try again later.
pub fn transient(err: &Error) -> bool {
    match err {
        Error::Connect { .. } => true,
        Error::Rpc(status) => matches!(
            status.code(),
            tonic::Code::Unavailable
                | tonic::Code::Unknown
                | tonic::Code::Cancelled
                | tonic::Code::DeadlineExceeded
        ),
        _ => false,
    }
}

pub fn retry_policy(give_up_after: Option<Duration>) -> ExponentialBackoff {
    ExponentialBackoff {
        initial_interval: Duration::from_millis(50),
        max_interval: Duration::from_secs(2),
        max_elapsed_time: give_up_after,
        ..ExponentialBackoff::default()
    }
}

impl Remote {
    pub async fn manifest(&self) -> Result<Manifest, Error> {
        self.ws
            .manifest_at(&self.session, self.checkpoint.as_deref())
            .await
    }

    pub async fn read(&self, path: &str) -> Result<FileContent, Error> {
        self.ws
            .read_range_at(&self.session, path, 0, None, self.checkpoint.as_deref())
            .await
    }

    pub async fn revision(&self) -> Result<u64, Error> {
        Ok(self.ws.session(&self.session).await?.revision)
    }

    pub async fn batch(&self, ops: Vec<BatchOp>, expected: u64) -> Result<Mutation, Error> {
        self.ws.batch(&self.session, ops, Some(expected)).await
    }

    /// `call` until it succeeds, fails for good, or `give_up_after` passes while the server
    /// cannot be reached.
    pub async fn patiently<T, F, Fut>(give_up_after: Duration, mut call: F) -> Result<T, Error>
    where
        F: FnMut() -> Fut,
        Fut: Future<Output = Result<T, Error>>,
    {
        let mut policy = retry_policy(Some(give_up_after));
        loop {
            match call().await {
                Err(e) if transient(&e) => match policy.next_backoff() {
                    Some(wait) => tokio::time::sleep(wait).await,
                    None => return Err(e),
                },
                other => return other,
            }
        }
    }
}
