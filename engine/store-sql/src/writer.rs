//! Group commit: writer tasks apply queued writes in batches, one transaction per batch.
//!
//! Writes are spread over `lanes` by workflow id. Each lane is one task that commits one batch
//! at a time, so writes to one workflow stay in order; several lanes let a database that
//! accepts concurrent transactions (PostgreSQL) commit several batches at once. SQLite, with its
//! single writer, uses one lane.
//!
//! Each batch reports its size and its transaction's time through the `metrics` facade
//! (`aether_store_batch_writes`, `aether_store_batch_seconds`), labelled with the backend: the
//! group commit's health is how many writes share one fsync.

use std::{
    future::Future,
    hash::{Hash, Hasher},
    panic::AssertUnwindSafe,
};

use futures::FutureExt;

use tokio::sync::{mpsc, oneshot};

use aether_store::{Error, Result, WorkflowWrite};
use aether_types::metrics as m;

/// The most writes one transaction takes; more wait for the next.
pub const MAX_BATCH: usize = 512;

struct Job {
    write: WorkflowWrite,
    reply: oneshot::Sender<Result<()>>,
}

pub(crate) struct Writer {
    lanes: Vec<mpsc::Sender<Job>>,
}

impl Writer {
    /// Starts `lanes` writer tasks. `apply` runs one batch in one transaction and returns each
    /// write's own result; an `Err` fails the whole batch (nothing of it was committed).
    /// `backend` labels the batch metrics.
    pub(crate) fn spawn<F, Fut>(backend: &'static str, lanes: usize, apply: F) -> Self
    where
        F: Fn(Vec<WorkflowWrite>) -> Fut + Clone + Send + 'static,
        Fut: Future<Output = Result<Vec<Result<()>>>> + Send,
    {
        let lanes = (0..lanes.max(1))
            .map(|_| Self::spawn_lane(backend, apply.clone()))
            .collect();
        Self { lanes }
    }

    fn spawn_lane<F, Fut>(backend: &'static str, apply: F) -> mpsc::Sender<Job>
    where
        F: Fn(Vec<WorkflowWrite>) -> Fut + Send + 'static,
        Fut: Future<Output = Result<Vec<Result<()>>>> + Send,
    {
        let (jobs, mut queue) = mpsc::channel::<Job>(MAX_BATCH * 4);
        tokio::spawn(async move {
            while let Some(first) = queue.recv().await {
                let mut batch = vec![first];
                // Whatever queued up while the previous batch was being made durable joins
                // this one: that is the group commit.
                while batch.len() < MAX_BATCH {
                    match queue.try_recv() {
                        Ok(job) => batch.push(job),
                        Err(_) => break,
                    }
                }
                let (writes, replies): (Vec<_>, Vec<_>) =
                    batch.into_iter().map(|job| (job.write, job.reply)).unzip();
                let count = writes.len();
                let started = std::time::Instant::now();
                // A batch that panics (a bug in a backend or a driver) fails its writes and the
                // lane goes on: a dead lane would fail every later commit of its workflows while
                // reads kept working, a half-outage nothing reports.
                let applied = AssertUnwindSafe(apply(writes))
                    .catch_unwind()
                    .await
                    .unwrap_or_else(|_| {
                        tracing::error!(
                            writes = count,
                            "a batch commit panicked; its writes failed and the writer goes on"
                        );
                        Err(Error::Backend("the batch commit panicked".into()))
                    });
                metrics::histogram!(m::STORE_BATCH_WRITES, "backend" => backend)
                    .record(count as f64);
                metrics::histogram!(m::STORE_BATCH_DURATION, "backend" => backend)
                    .record(started.elapsed().as_secs_f64());
                match applied {
                    Ok(results) if results.len() == count => {
                        for (reply, result) in replies.into_iter().zip(results) {
                            let _ = reply.send(result);
                        }
                    }
                    Ok(_) => {
                        for reply in replies {
                            let _ = reply
                                .send(Err(Error::Backend("batch result count mismatch".into())));
                        }
                    }
                    Err(err) => {
                        tracing::error!(error = %err, writes = count, "batch commit failed");
                        for reply in replies {
                            let _ = reply.send(Err(Error::Backend(err.to_string())));
                        }
                    }
                }
            }
        });
        jobs
    }

    pub(crate) async fn commit(&self, write: WorkflowWrite) -> Result<()> {
        let mut hasher = std::collections::hash_map::DefaultHasher::new();
        write.row.id.hash(&mut hasher);
        let lane = &self.lanes[(hasher.finish() % self.lanes.len() as u64) as usize];
        let (reply, answer) = oneshot::channel();
        lane.send(Job { write, reply })
            .await
            .map_err(|_| Error::Backend("the store's writer has stopped".into()))?;
        answer
            .await
            .map_err(|_| Error::Backend("the store's writer dropped a write".into()))?
    }
}

#[cfg(test)]
mod tests {
    use std::sync::{
        Arc,
        atomic::{AtomicUsize, Ordering},
    };

    use aether_types::{WorkflowId, WorkflowRow};

    use super::*;

    fn write(id: &str) -> WorkflowWrite {
        WorkflowWrite {
            row: WorkflowRow::new(WorkflowId::parse(id).unwrap(), "t".into(), None, 0),
            expected_version: 0,
            events: Vec::new(),
            approvals: Vec::new(),
        }
    }

    /// L4: a lane whose batch panics keeps committing later batches.
    #[tokio::test]
    async fn a_writer_lane_survives_a_panicking_batch() {
        let batches = Arc::new(AtomicUsize::new(0));
        let seen = Arc::clone(&batches);
        let writer = Writer::spawn("test", 1, move |writes: Vec<WorkflowWrite>| {
            let seen = Arc::clone(&seen);
            async move {
                if seen.fetch_add(1, Ordering::SeqCst) == 0 {
                    panic!("a bug in the first batch");
                }
                Ok(writes.iter().map(|_| Ok(())).collect())
            }
        });
        let first = writer.commit(write("a")).await.unwrap_err();
        assert!(first.to_string().contains("panicked"), "{first}");
        writer.commit(write("a")).await.unwrap();
        writer.commit(write("b")).await.unwrap();
        assert!(batches.load(Ordering::SeqCst) >= 3);
    }
}
