//! Live per-session topics. Messages go to whoever is subscribed at the moment (and into the
//! session's events); nothing is queued for later subscribers. Topics live in this process, so
//! with several engine nodes a subscriber sees the messages published through its own node.

use std::{
    collections::HashMap,
    sync::{Arc, Mutex},
};

use tokio::sync::broadcast;

use aether_types::workspace::BusMessage;

/// Messages a slow subscriber may fall behind by before it misses some.
const TOPIC_BUFFER: usize = 256;

/// (session id, topic).
type TopicKey = (String, String);

#[derive(Clone, Default)]
pub struct Bus {
    topics: Arc<Mutex<HashMap<TopicKey, broadcast::Sender<BusMessage>>>>,
}

impl Bus {
    pub fn subscribe(&self, session_id: &str, topic: &str) -> broadcast::Receiver<BusMessage> {
        let mut topics = self.topics.lock().unwrap_or_else(|p| p.into_inner());
        topics
            .entry((session_id.to_owned(), topic.to_owned()))
            .or_insert_with(|| broadcast::channel(TOPIC_BUFFER).0)
            .subscribe()
    }

    /// Delivers to current subscribers; returns how many there were.
    pub fn publish(&self, message: BusMessage) -> usize {
        let mut topics = self.topics.lock().unwrap_or_else(|p| p.into_inner());
        let key = (message.session_id.clone(), message.topic.clone());
        let Some(sender) = topics.get(&key) else {
            return 0;
        };
        match sender.send(message) {
            Ok(delivered) => delivered,
            Err(_) => {
                // Everyone left: forget the topic.
                topics.remove(&key);
                0
            }
        }
    }
}
