//! Server-sent event streams over a broadcast channel: a `ready` event once subscribed, then one
//! event per item, and a `lagged` event (with how many were missed) for a subscriber that fell
//! behind, rather than cutting it off. A comment every 15 s keeps proxies from closing it.

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
