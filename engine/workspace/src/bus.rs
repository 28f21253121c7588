//! Live per-session topics. Messages go to whoever is subscribed at the moment (and into the
//! session's events); nothing is queued for later subscribers. Topics live in this process;
//! with several engine nodes, the messages published through another node reach them through
//! the store (`WorkspaceStore::published_elsewhere`, relayed by the service).
//!
//! A topic exists only while someone listens: the last [`Subscription`] to go removes it, and a
//! session has at most [`MAX_TOPICS_PER_SESSION`] topics and [`MAX_SUBSCRIBERS_PER_SESSION`]
//! subscribers, so subscribing to made-up topics cannot grow the server.

use std::{
    collections::HashMap,
    pin::Pin,
    sync::{Arc, Mutex},
    task::{Context, Poll},
};

use tokio::sync::broadcast;
use tokio_stream::{
    Stream,
    wrappers::{BroadcastStream, errors::BroadcastStreamRecvError},
};

use aether_types::workspace::BusMessage;

use crate::{Error, Result};

/// Messages a slow subscriber may fall behind by before it misses some.
const TOPIC_BUFFER: usize = 256;
/// Topics with a subscriber, per session.
pub const MAX_TOPICS_PER_SESSION: usize = 256;
/// Subscribers over all of a session's topics.
pub const MAX_SUBSCRIBERS_PER_SESSION: usize = 1024;

/// Session id → topic → its channel.
type Topics = HashMap<String, HashMap<String, broadcast::Sender<BusMessage>>>;

#[derive(Clone, Default)]
pub struct Bus {
    topics: Arc<Mutex<Topics>>,
}

impl Bus {
    fn lock(&self) -> std::sync::MutexGuard<'_, Topics> {
        self.topics.lock().unwrap_or_else(|p| p.into_inner())
    }

    pub fn subscribe(&self, session_id: &str, topic: &str) -> Result<Subscription> {
        let mut topics = self.lock();
        let session = topics.entry(session_id.to_owned()).or_default();
        let subscribers: usize = session.values().map(|s| s.receiver_count()).sum();
        if subscribers >= MAX_SUBSCRIBERS_PER_SESSION {
            return Err(Error::TooLarge(format!(
                "session {session_id} already has {MAX_SUBSCRIBERS_PER_SESSION} subscribers"
            )));
        }
        if !session.contains_key(topic) && session.len() >= MAX_TOPICS_PER_SESSION {
            return Err(Error::TooLarge(format!(
                "session {session_id} already has {MAX_TOPICS_PER_SESSION} topics with subscribers"
            )));
        }
        let receiver = session
            .entry(topic.to_owned())
            .or_insert_with(|| broadcast::channel(TOPIC_BUFFER).0)
            .subscribe();
        Ok(Subscription {
            stream: Some(BroadcastStream::new(receiver)),
            topics: self.topics.clone(),
            session_id: session_id.to_owned(),
            topic: topic.to_owned(),
        })
    }

    /// Delivers to current subscribers; returns how many there were.
    pub fn publish(&self, message: BusMessage) -> usize {
        let topics = self.lock();
        topics
            .get(&message.session_id)
            .and_then(|session| session.get(&message.topic))
            .and_then(|sender| sender.send(message).ok())
            .unwrap_or(0)
    }

    /// Whether anyone here listens to one of the session's topics.
    pub fn has_session(&self, session_id: &str) -> bool {
        self.lock().contains_key(session_id)
    }

    /// Topics with a subscriber, over all sessions.
    pub fn topic_count(&self) -> usize {
        self.lock().values().map(HashMap::len).sum()
    }
}

/// One subscriber's messages, oldest first; `Err` says how many it missed by falling behind.
/// Dropping it unsubscribes, and removes the topic when no one else listens.
pub struct Subscription {
    stream: Option<BroadcastStream<BusMessage>>,
    topics: Arc<Mutex<Topics>>,
    session_id: String,
    topic: String,
}

impl Stream for Subscription {
    type Item = std::result::Result<BusMessage, BroadcastStreamRecvError>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        match self.stream.as_mut() {
            Some(stream) => Pin::new(stream).poll_next(cx),
            None => Poll::Ready(None),
        }
    }
}

impl Drop for Subscription {
    fn drop(&mut self) {
        let mut topics = self.topics.lock().unwrap_or_else(|p| p.into_inner());
        // The receiver goes under the lock, so a subscriber arriving now either sees the topic
        // still counted or makes a new one.
        self.stream.take();
        let Some(session) = topics.get_mut(&self.session_id) else {
            return;
        };
        if session
            .get(&self.topic)
            .is_some_and(|sender| sender.receiver_count() == 0)
        {
            session.remove(&self.topic);
        }
        if session.is_empty() {
            topics.remove(&self.session_id);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn m1_topics_are_removed_when_the_last_subscriber_goes() {
        let bus = Bus::default();
        for i in 0..10_000 {
            let subscription = bus.subscribe("s", &format!("t{i}")).unwrap();
            drop(subscription);
        }
        assert_eq!(bus.topic_count(), 0);
        let first = bus.subscribe("s", "t").unwrap();
        let second = bus.subscribe("s", "t").unwrap();
        drop(first);
        assert_eq!(bus.topic_count(), 1, "one subscriber still listens");
        drop(second);
        assert_eq!(bus.topic_count(), 0);
    }

    #[test]
    fn m1_topics_and_subscribers_per_session_are_capped() {
        let bus = Bus::default();
        let held: Vec<_> = (0..MAX_TOPICS_PER_SESSION)
            .map(|i| bus.subscribe("s", &format!("t{i}")).unwrap())
            .collect();
        assert!(matches!(
            bus.subscribe("s", "one-more"),
            Err(Error::TooLarge(_))
        ));
        // Another session has its own allowance; an existing topic takes more subscribers.
        let other = bus.subscribe("other", "t").unwrap();
        let more: Vec<_> = (MAX_TOPICS_PER_SESSION..MAX_SUBSCRIBERS_PER_SESSION)
            .map(|_| bus.subscribe("s", "t0").unwrap())
            .collect();
        assert!(matches!(bus.subscribe("s", "t0"), Err(Error::TooLarge(_))));
        drop((held, more, other));
        assert_eq!(bus.topic_count(), 0);
    }
}
