//! Server-sent event streams over a broadcast channel: a `ready` event once subscribed, then one
//! event per item, and a `lagged` event (with how many were missed) for a subscriber that fell
//! behind, rather than cutting it off. A comment every 15 s keeps proxies from closing it.
//! [`coalesced`] is the same for state that changes faster than anyone reads it: only the
//! newest item per key in each short window is sent.

use std::{collections::HashMap, convert::Infallible, hash::Hash, time::Duration};

use axum::response::{
    Sse,
    sse::{Event, KeepAlive},
};
use futures::Stream;
use serde_json::json;
use tokio::sync::broadcast;
use tokio_stream::{
    StreamExt,
    wrappers::{BroadcastStream, errors::BroadcastStreamRecvError},
};

pub fn events<T, F>(
    receiver: broadcast::Receiver<T>,
    event: F,
) -> Sse<impl Stream<Item = Result<Event, Infallible>>>
where
    T: Clone + Send + 'static,
    F: Fn(T) -> Option<Event> + Send + 'static,
{
    let ready = futures::stream::once(async { Ok(Event::default().event("ready").data("{}")) });
    let items = BroadcastStream::new(receiver).filter_map(move |item| match item {
        Ok(item) => event(item).map(Ok),
        Err(BroadcastStreamRecvError::Lagged(missed)) => Some(Ok(Event::default()
            .event("lagged")
            .data(json!({ "missed": missed }).to_string()))),
    });
    Sse::new(ready.chain(items)).keep_alive(KeepAlive::new().interval(Duration::from_secs(15)))
}

/// Most items a window holds before it is sent early.
const WINDOW_ITEMS: usize = 1024;

/// Like [`events`], but items are gathered for `window` (or [`WINDOW_ITEMS`] of them) and only
/// the newest per `key` is sent, in the order of those newest ones. A workflow's row changes
/// several times a second while it runs; a page shows only its latest state, and a subscriber
/// costs the engine one serialization per row per window instead of one per change.
pub fn coalesced<T, K, F>(
    receiver: broadcast::Receiver<T>,
    window: Duration,
    key: impl Fn(&T) -> K + Send + 'static,
    event: F,
) -> Sse<impl Stream<Item = Result<Event, Infallible>>>
where
    T: Clone + Send + 'static,
    K: Eq + Hash + Send + 'static,
    F: Fn(T) -> Option<Event> + Send + 'static,
{
    let ready = futures::stream::once(async { Ok(Event::default().event("ready").data("{}")) });
    let batches = BroadcastStream::new(receiver)
        .chunks_timeout(WINDOW_ITEMS, window)
        .map(move |batch| {
            let mut missed = 0;
            let mut newest: Vec<Option<T>> = Vec::with_capacity(batch.len());
            let mut at: HashMap<K, usize> = HashMap::new();
            for item in batch {
                match item {
                    Ok(item) => {
                        if let Some(earlier) = at.insert(key(&item), newest.len()) {
                            newest[earlier] = None;
                        }
                        newest.push(Some(item));
                    }
                    Err(BroadcastStreamRecvError::Lagged(n)) => missed += n,
                }
            }
            let lagged = (missed > 0).then(|| {
                Event::default()
                    .event("lagged")
                    .data(json!({ "missed": missed }).to_string())
            });
            let events: Vec<Result<Event, Infallible>> = lagged
                .into_iter()
                .chain(newest.into_iter().flatten().filter_map(&event))
                .map(Ok)
                .collect();
            futures::stream::iter(events)
        });
    let batches = futures::StreamExt::flatten(batches);
    Sse::new(ready.chain(batches)).keep_alive(KeepAlive::new().interval(Duration::from_secs(15)))
}

#[cfg(test)]
mod tests {
    use axum::response::IntoResponse;

    use super::*;

    /// A burst of changes to one key reaches the subscriber as its newest value, once, in the
    /// order of the newest values.
    #[tokio::test]
    async fn a_burst_is_sent_as_the_newest_value_per_key() {
        let (sender, receiver) = broadcast::channel(16);
        let sse = coalesced(
            receiver,
            Duration::from_millis(50),
            |(key, _): &(&'static str, u32)| *key,
            |(key, value)| Some(Event::default().event(key).data(value.to_string())),
        );
        for item in [("a", 1), ("b", 1), ("a", 2), ("a", 3)] {
            sender.send(item).unwrap();
        }
        let mut body = sse.into_response().into_body().into_data_stream();
        let mut text = String::new();
        while !text.contains("event: a") {
            let chunk = tokio::time::timeout(Duration::from_secs(5), body.next())
                .await
                .expect("the batch arrives")
                .expect("the stream is open")
                .unwrap();
            text.push_str(&String::from_utf8_lossy(&chunk));
        }
        let sent: Vec<&str> = text
            .split("\n\n")
            .filter(|e| !e.is_empty() && !e.contains("event: ready"))
            .collect();
        assert_eq!(sent, ["event: b\ndata: 1", "event: a\ndata: 3"], "{text}");
    }
}
