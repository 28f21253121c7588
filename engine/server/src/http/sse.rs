//! Server-sent event streams over a broadcast channel: a `ready` event once subscribed, then the
//! events each item renders to, and a `lagged` event (with how many were missed) for a
//! subscriber that fell behind, rather than cutting it off. A comment every 15 s keeps proxies
//! from closing it.

use std::{convert::Infallible, time::Duration};

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

/// The `lagged` event: `missed` items were dropped for a subscriber that fell behind.
pub fn lagged(missed: u64) -> Event {
    Event::default()
        .event("lagged")
        .data(json!({ "missed": missed }).to_string())
}

pub fn events<T, I, F>(
    receiver: broadcast::Receiver<T>,
    render: F,
) -> Sse<impl Stream<Item = Result<Event, Infallible>>>
where
    T: Clone + Send + 'static,
    I: IntoIterator<Item = Event>,
    F: Fn(T) -> I + Send + 'static,
{
    stream(BroadcastStream::new(receiver), render)
}

/// [`events`] over any stream of a broadcast channel's items (e.g. one that unsubscribes when
/// dropped).
pub fn stream<T, S, I, F>(items: S, render: F) -> Sse<impl Stream<Item = Result<Event, Infallible>>>
where
    T: Clone + Send + 'static,
    S: Stream<Item = Result<T, BroadcastStreamRecvError>> + Send + 'static,
    I: IntoIterator<Item = Event>,
    F: Fn(T) -> I + Send + 'static,
{
    let ready = futures::stream::once(async { Ok(Event::default().event("ready").data("{}")) });
    let items = items.map(move |item| {
        let events: Vec<Event> = match item {
            Ok(item) => render(item).into_iter().collect(),
            Err(BroadcastStreamRecvError::Lagged(missed)) => vec![lagged(missed)],
        };
        futures::stream::iter(events.into_iter().map(Ok))
    });
    let items = futures::StreamExt::flatten(items);
    Sse::new(ready.chain(items)).keep_alive(KeepAlive::new().interval(Duration::from_secs(15)))
}
