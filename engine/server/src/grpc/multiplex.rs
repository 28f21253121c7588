//! Requests multiplexed on one bidirectional stream, each answered by a reply that carries its
//! id: the worker's `Commands` and the client's `Starts`, and their batched forms
//! (`CommandBatches`, `StartBatches`), whose messages each carry several. A message on an open
//! stream costs the SDKs a fraction of a new call, which is why they use these instead of the
//! unary methods.

use std::{future::Future, pin::Pin, sync::Arc};

use aether_proto::v1;
use aether_types::metrics as m;
use futures::{Stream, StreamExt, future, stream};
use metrics::Counter;
use tokio::sync::{Semaphore, mpsc};
use tokio_stream::wrappers::ReceiverStream;
use tonic::{Status, Streaming};

/// The replies of a multiplexed stream, as tonic sends them.
pub type Replies<R> = Pin<Box<dyn Stream<Item = Result<R, Status>> + Send>>;

/// Runs each request read from `incoming` on its own task, so that requests for different
/// workflows commit concurrently (and share group commits) as separate calls would, and sends
/// each reply as it is ready: replies come in the order requests finish.
///
/// At most `in_flight` requests run or hold an unread reply at once; past that the stream is not
/// read, so a peer that never reads its replies stalls only itself. The stream ends when the
/// peer ends its side (after the replies still owed) or breaks it.
pub fn serve<Req, Rep, F, Fut>(
    method: &'static str,
    incoming: Streaming<Req>,
    in_flight: usize,
    handle: F,
) -> Replies<Rep>
where
    Req: Send + 'static,
    Rep: Send + 'static,
    F: Fn(Req) -> Fut + Send + 'static,
    Fut: Future<Output = Rep> + Send + 'static,
{
    let (received, sent) = message_counters(method);
    let replies = run(until_broken(incoming, received), in_flight, handle);
    Box::pin(ReceiverStream::new(replies).map(move |reply| {
        sent.increment(1);
        Ok(reply)
    }))
}

/// [`serve`] for a stream whose messages each carry several requests (`unpack`), answered by
/// messages that each carry every reply ready when one is sent (`pack`). A peer whose gRPC
/// library costs more per message than per byte (grpc-js) sends what its event loop produced in
/// one turn as one message, and under load gets a group commit's replies in one.
pub fn serve_batched<Batch, Req, Rep, Replied, F, Fut>(
    method: &'static str,
    incoming: Streaming<Batch>,
    in_flight: usize,
    unpack: fn(Batch) -> Vec<Req>,
    pack: fn(Vec<Rep>) -> Replied,
    handle: F,
) -> Replies<Replied>
where
    Batch: Send + 'static,
    Req: Send + 'static,
    Rep: Send + 'static,
    Replied: Send + 'static,
    F: Fn(Req) -> Fut + Send + 'static,
    Fut: Future<Output = Rep> + Send + 'static,
{
    let (received, sent) = message_counters(method);
    let requests =
        until_broken(incoming, received).flat_map(move |batch| stream::iter(unpack(batch)));
    let replies = run(requests, in_flight, handle);
    Box::pin(
        ReceiverStream::new(replies)
            .ready_chunks(in_flight)
            .map(move |ready| {
                sent.increment(1);
                Ok(pack(ready))
            }),
    )
}

/// The counter of messages `direction` ("received" or "sent") on a stream of `method`
/// (`aether_grpc_stream_messages_total`).
pub fn message_counter(method: &'static str, direction: &'static str) -> Counter {
    metrics::counter!(m::GRPC_STREAM_MESSAGES, "method" => method, "direction" => direction)
}

fn message_counters(method: &'static str) -> (Counter, Counter) {
    (
        message_counter(method, "received"),
        message_counter(method, "sent"),
    )
}

/// The messages of `incoming` until the peer ends its side or breaks the stream, each counted
/// on `received`.
fn until_broken<M: Send + 'static>(
    incoming: Streaming<M>,
    received: Counter,
) -> impl Stream<Item = M> + Send {
    incoming
        .take_while(|message| future::ready(message.is_ok()))
        .filter_map(move |message| {
            received.increment(1);
            future::ready(message.ok())
        })
}

/// Runs each of `requests` on its own task, at most `in_flight` at once (see [`serve`]); the
/// replies come out of the returned channel as they are ready.
fn run<Req, Rep, F, Fut>(
    requests: impl Stream<Item = Req> + Send + 'static,
    in_flight: usize,
    handle: F,
) -> mpsc::Receiver<Rep>
where
    Req: Send + 'static,
    Rep: Send + 'static,
    F: Fn(Req) -> Fut + Send + 'static,
    Fut: Future<Output = Rep> + Send + 'static,
{
    let (replies, outgoing) = mpsc::channel(in_flight);
    let permits = Arc::new(Semaphore::new(in_flight));
    tokio::spawn(async move {
        let mut requests = std::pin::pin!(requests);
        loop {
            let Ok(permit) = Arc::clone(&permits).acquire_owned().await else {
                return;
            };
            let Some(request) = requests.next().await else {
                return;
            };
            let reply = handle(request);
            let replies = replies.clone();
            tokio::spawn(async move {
                let _ = replies.send(reply.await).await;
                drop(permit);
            });
        }
    });
    outgoing
}

/// A refused request's reply: the status the unary call would have failed with.
pub fn refusal(status: &Status) -> v1::CommandError {
    v1::CommandError {
        code: status.code() as i32,
        message: status.message().to_owned(),
    }
}
