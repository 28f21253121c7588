//! Group commit: writer tasks apply queued writes in batches, one transaction per batch.
//!
//! Writes are spread over `lanes` by workflow id. Each lane commits one batch at a time, so
//! writes to one workflow stay in order; several lanes let a database that accepts concurrent
//! transactions (PostgreSQL) commit several batches at once. A lane is a task of its own
//! ([`Writer::spawn`]), or is driven by its backend ([`Writer::single_lane`]): SQLite, with its
//! single writer and its blocking commit, drives its one lane from a thread (`sqlite/commit.rs`).
//!
//! Each batch reports its size and its transaction's time through the `metrics` facade
//! (`aether_store_batch_writes`, `aether_store_batch_seconds`), labelled with the backend: the
//! group commit's health is how many writes share one fsync.

use std::{
    future::Future,
    hash::{Hash, Hasher},
    panic::AssertUnwindSafe,
    time::Instant,
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
        Fut: Future<Output = Result<Vec<Result<()>>>> + Send + 'static,
    {
        let lanes = (0..lanes.max(1))
            .map(|_| {
                let (jobs, lane) = Lane::new(backend);
                tokio::spawn(lane.run(apply.clone()));
                jobs
            })
            .collect();
        Self { lanes }
    }

    /// One lane whose batches the caller takes from the returned [`Lane`] and commits where it
    /// likes: a backend whose commit blocks drives it from a thread of its own.
    pub(crate) fn single_lane(backend: &'static str) -> (Self, Lane) {
        let (jobs, lane) = Lane::new(backend);
        (Self { lanes: vec![jobs] }, lane)
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

/// The receiving end of one lane: its writes, taken a batch at a time. Writes to one workflow
/// always go to the same lane, so batches taken in turn keep them in order.
pub(crate) struct Lane {
    backend: &'static str,
    queue: mpsc::Receiver<Job>,
}

impl Lane {
    fn new(backend: &'static str) -> (mpsc::Sender<Job>, Self) {
        let (jobs, queue) = mpsc::channel::<Job>(MAX_BATCH * 4);
        (jobs, Self { backend, queue })
    }

    /// Commits batch after batch on this task until every `Writer` is gone.
    async fn run<F, Fut>(mut self, apply: F)
    where
        F: Fn(Vec<WorkflowWrite>) -> Fut,
        Fut: Future<Output = Result<Vec<Result<()>>>>,
    {
        while let Some(first) = self.queue.recv().await {
            let mut batch = self.gather(first);
            let writes = std::mem::take(&mut batch.writes);
            // A batch that panics (a bug in a backend or a driver) fails its writes and the
            // lane goes on: a dead lane would fail every later commit of its workflows while
            // reads kept working, a half-outage nothing reports.
            match AssertUnwindSafe(apply(writes)).catch_unwind().await {
                Ok(applied) => batch.finish(applied),
                Err(_) => batch.panicked(),
            }
        }
    }

    /// The next batch, waiting on this thread for its first write; `None` once every `Writer`
    /// is gone. Only for a thread outside the async runtime.
    pub(crate) fn blocking_next(&mut self) -> Option<Batch> {
        let first = self.queue.blocking_recv()?;
        Some(self.gather(first))
    }

    /// The next batch if writes are queued, without waiting.
    pub(crate) fn try_next(&mut self) -> Option<Batch> {
        let first = self.queue.try_recv().ok()?;
        Some(self.gather(first))
    }

    /// `first` and whatever queued up behind it while the previous batch was being made
    /// durable: that is the group commit.
    fn gather(&mut self, first: Job) -> Batch {
        let mut jobs = vec![first];
        while jobs.len() < MAX_BATCH {
            match self.queue.try_recv() {
                Ok(job) => jobs.push(job),
                Err(_) => break,
            }
        }
        let (writes, replies) = jobs.into_iter().map(|job| (job.write, job.reply)).unzip();
        Batch {
            backend: self.backend,
            writes,
            replies,
            started: Instant::now(),
        }
    }
}

/// Writes to commit in one transaction, each with the caller waiting on its own result.
pub(crate) struct Batch {
    backend: &'static str,
    writes: Vec<WorkflowWrite>,
    replies: Vec<oneshot::Sender<Result<()>>>,
    started: Instant,
}

impl Batch {
    pub(crate) fn writes(&self) -> &[WorkflowWrite] {
        &self.writes
    }

    /// Answers every write with its result from `applied`, or with the batch's failure, and
    /// records the batch's size and time.
    pub(crate) fn finish(self, applied: Result<Vec<Result<()>>>) {
        if let Err(err) = &applied {
            tracing::error!(error = %err, writes = self.replies.len(), "batch commit failed");
        }
        self.answer(applied);
    }

    /// Fails every write of a batch whose commit panicked (a bug in a backend or a driver):
    /// nothing of it was committed, and the writer goes on.
    pub(crate) fn panicked(self) {
        tracing::error!(
            writes = self.replies.len(),
            "a batch commit panicked; its writes failed and the writer goes on"
        );
        self.answer(Err(Error::Backend("the batch commit panicked".into())));
    }

    fn answer(self, applied: Result<Vec<Result<()>>>) {
        let count = self.replies.len();
        metrics::histogram!(m::STORE_BATCH_WRITES, "backend" => self.backend).record(count as f64);
        metrics::histogram!(m::STORE_BATCH_DURATION, "backend" => self.backend)
            .record(self.started.elapsed().as_secs_f64());
        match applied {
            Ok(results) if results.len() == count => {
                for (reply, result) in self.replies.into_iter().zip(results) {
                    let _ = reply.send(result);
                }
            }
            Ok(_) => {
                for reply in self.replies {
                    let _ = reply.send(Err(Error::Backend("batch result count mismatch".into())));
                }
            }
            Err(err) => {
                for reply in self.replies {
                    let _ = reply.send(Err(Error::Backend(err.to_string())));
                }
            }
        }
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
