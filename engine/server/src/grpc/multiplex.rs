//! Requests multiplexed on one bidirectional stream, each answered by a reply that carries its
//! id: the worker's `Commands` and the client's `Starts`. A message on an open stream costs the
//! SDKs a fraction of a new call, which is why they use these instead of the unary methods.

use std::{future::Future, pin::Pin, sync::Arc};

use aether_proto::v1;
use futures::Stream;
use tokio::sync::Semaphore;
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
    mut incoming: Streaming<Req>,
    in_flight: usize,
    handle: F,
) -> Replies<Rep>
where
    Req: Send + 'static,
    Rep: Send + 'static,
    F: Fn(Req) -> Fut + Send + 'static,
    Fut: Future<Output = Rep> + Send + 'static,
{
    let (replies, outgoing) = tokio::sync::mpsc::channel(in_flight);
    let permits = Arc::new(Semaphore::new(in_flight));
    tokio::spawn(async move {
        loop {
            let Ok(permit) = Arc::clone(&permits).acquire_owned().await else {
                return;
            };
            let request = match incoming.message().await {
                Ok(Some(request)) => request,
                Ok(None) | Err(_) => return,
            };
            let reply = handle(request);
            let replies = replies.clone();
            tokio::spawn(async move {
                let _ = replies.send(Ok(reply.await)).await;
                drop(permit);
            });
        }
    });
    Box::pin(tokio_stream::wrappers::ReceiverStream::new(outgoing))
}

/// A refused request's reply: the status the unary call would have failed with.
pub fn refusal(status: &Status) -> v1::CommandError {
    v1::CommandError {
        code: status.code() as i32,
        message: status.message().to_owned(),
    }
}
