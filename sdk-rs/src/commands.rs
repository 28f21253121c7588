//! The worker's command stream: every report to the engine (step results, timers, children,
//! waits for signals and approvals, suspensions, completions) on one bidirectional stream
//! (`CommandBatches`: the commands queued when it sends go as one message), matched to its
//! reply by id. The stream is opened on first use and again after it
//! breaks; a call whose stream broke fails as `Unavailable`, which callers retry (every command
//! is idempotent).

use std::{
    collections::HashMap,
    sync::{
        Arc, Mutex,
        atomic::{AtomicU64, Ordering},
    },
};

use aether_proto::v1::{self, command_reply::Reply, command_request::Command};
use futures::StreamExt;
use tokio::sync::{mpsc, oneshot};
use tokio_stream::wrappers::UnboundedReceiverStream;
use tonic::Status;

use crate::nodes::Nodes;

/// Calls waiting for their reply; `closed` once the stream broke, under the same lock so that a
/// call cannot slip in after the reader gave up.
#[derive(Default)]
struct PendingState {
    closed: bool,
    calls: HashMap<u64, oneshot::Sender<Result<Reply, Status>>>,
}

type Pending = Arc<Mutex<PendingState>>;

/// The most commands sent in one message.
const BATCH: usize = 64;

/// A reply slower than this means the stream died unnoticed.
const REPLY_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(15);

#[derive(Clone)]
struct Stream {
    requests: mpsc::UnboundedSender<v1::CommandRequest>,
    pending: Pending,
    /// The node it is open to.
    node: usize,
}

pub(crate) struct Commands {
    nodes: Arc<Nodes>,
    stream: tokio::sync::Mutex<Option<Stream>>,
    next_id: AtomicU64,
}

fn lock(pending: &Pending) -> std::sync::MutexGuard<'_, PendingState> {
    pending.lock().unwrap_or_else(|p| p.into_inner())
}

impl Commands {
    pub(crate) fn new(nodes: Arc<Nodes>) -> Self {
        Self {
            nodes,
            stream: tokio::sync::Mutex::new(None),
            next_id: AtomicU64::new(1),
        }
    }

    /// Sends one command and waits for its reply. A refusal comes back as the status the unary
    /// call would have returned.
    pub(crate) async fn call(&self, command: Command) -> Result<Reply, Status> {
        let stream = self.stream().await?;
        let id = self.next_id.fetch_add(1, Ordering::Relaxed);
        let (tx, rx) = oneshot::channel();
        let request = v1::CommandRequest {
            id,
            command: Some(command),
        };
        let sent = {
            let mut pending = lock(&stream.pending);
            if pending.closed {
                false
            } else {
                pending.calls.insert(id, tx);
                let sent = stream.requests.send(request).is_ok();
                if !sent {
                    pending.calls.remove(&id);
                }
                sent
            }
        };
        if !sent {
            self.forget(&stream).await;
            return Err(Status::unavailable("the command stream is closed"));
        }
        match tokio::time::timeout(REPLY_TIMEOUT, rx).await {
            Ok(Ok(Ok(Reply::Error(e)))) => Err(Status::new(tonic::Code::from(e.code), e.message)),
            Ok(Ok(reply)) => reply,
            Ok(Err(_)) => Err(Status::unavailable(
                "the command stream closed before replying",
            )),
            Err(_) => {
                // A stream that does not answer has died unnoticed: drop it, and let the caller
                // retry on a new one.
                lock(&stream.pending).calls.remove(&id);
                self.forget(&stream).await;
                Err(Status::deadline_exceeded("no reply on the command stream"))
            }
        }
    }

    /// The open stream, or a new one.
    async fn stream(&self) -> Result<Stream, Status> {
        let mut current = self.stream.lock().await;
        let (node, mut rpc) = self.nodes.current();
        // Once the worker moved to another node, its reports go there too.
        if let Some(stream) = current.as_ref()
            && !lock(&stream.pending).closed
            && stream.node == node
        {
            return Ok(stream.clone());
        }
        let (requests, outgoing) = mpsc::unbounded_channel();
        // The commands queued by the time the stream is polled go out as one message.
        let batches = UnboundedReceiverStream::new(outgoing)
            .ready_chunks(BATCH)
            .map(|commands| v1::CommandBatch { commands });
        let mut replies = rpc.command_batches(batches).await?.into_inner();
        let pending: Pending = Arc::default();
        let stream = Stream {
            requests,
            pending: Arc::clone(&pending),
            node,
        };
        let reader = stream.clone();
        tokio::spawn(async move {
            while let Ok(Some(batch)) = replies.message().await {
                let mut state = lock(&pending);
                for reply in batch.replies {
                    if let (Some(tx), Some(body)) = (state.calls.remove(&reply.id), reply.reply) {
                        let _ = tx.send(Ok(body));
                    }
                }
            }
            // The stream ended: refuse new calls on it and fail whoever still waits.
            drop(reader);
            let mut state = lock(&pending);
            state.closed = true;
            for (_, tx) in state.calls.drain() {
                let _ = tx.send(Err(Status::unavailable("the command stream broke")));
            }
        });
        *current = Some(stream.clone());
        Ok(stream)
    }

    async fn forget(&self, broken: &Stream) {
        let mut current = self.stream.lock().await;
        if current
            .as_ref()
            .is_some_and(|s| s.requests.same_channel(&broken.requests))
        {
            *current = None;
        }
    }
}
