//! What agents and people coordinate through beside the files: the cache, the bus, and
//! annotations. Each change appends to the session's events but leaves the tree's revision.

use std::sync::Weak;

use aether_store::workspace::{AnnotationRecord, Applied, Effect, Published, WorkspaceStore};
use aether_types::{
    now_millis,
    workspace::{Annotation, BusMessage, CacheValue, EventKind, NewAnnotation},
};
use serde_json::{Value, json};
use tokio::sync::broadcast;

use super::{Actor, Append, Workspaces};
use crate::{
    Error, Result,
    bus::{Bus, Subscription},
    path::WsPath,
    records::{self, timestamp},
};

/// Longest cache key or bus topic, in characters.
pub const MAX_KEY_CHARS: usize = 256;
pub use crate::limits::MAX_VALUE_BYTES;
use crate::limits::{MAX_VALUE_DEPTH, depth};

fn check_key(what: &str, key: &str) -> Result<()> {
    if key.is_empty() || key.chars().count() > MAX_KEY_CHARS || key.chars().any(char::is_control) {
        return Err(Error::invalid(format!(
            "invalid {what} {key:?}: 1-{MAX_KEY_CHARS} characters, no control characters"
        )));
    }
    Ok(())
}

fn check_value(what: &str, value: &Value) -> Result<()> {
    if depth(value) > MAX_VALUE_DEPTH {
        return Err(Error::invalid(format!(
            "the {what} nests deeper than {MAX_VALUE_DEPTH} levels"
        )));
    }
    let size = json_len(value);
    if size > MAX_VALUE_BYTES {
        return Err(Error::TooLarge(format!(
            "the {what} is {size} bytes of JSON; the limit is {MAX_VALUE_BYTES}"
        )));
    }
    Ok(())
}

/// The length of `value` as JSON text, counted without building the text.
pub(crate) fn json_len(value: &impl serde::Serialize) -> usize {
    struct Count(usize);
    impl std::io::Write for Count {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            self.0 += buf.len();
            Ok(buf.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }
    let mut count = Count(0);
    // Writing to a counter cannot fail, and a `Value` always serialises.
    let _ = serde_json::to_writer(&mut count, value);
    count.0
}

impl Workspaces {
    pub async fn cache_get(&self, id: &str, key: &str) -> Result<CacheValue> {
        check_key("cache key", key)?;
        self.load(id).await?;
        let entry = self
            .store()
            .cache_get(id, key, now_millis())
            .await?
            .ok_or_else(|| Error::NotFound(format!("cache key {key:?} in session {id}")))?;
        Ok(CacheValue {
            key: entry.key,
            value: entry.value,
            version: entry.version,
            expires_at: entry.expires_at.map(timestamp),
            updated_at: timestamp(entry.updated_at),
        })
    }

    /// Sets a key. `if_version` makes it a compare-and-set (0: the key must not exist).
    pub async fn cache_put(
        &self,
        id: &str,
        key: &str,
        value: Value,
        if_version: Option<u64>,
        ttl_ms: Option<u64>,
        actor: &Actor,
    ) -> Result<CacheValue> {
        check_key("cache key", key)?;
        check_value("cache value", &value)?;
        let session = self.load_active(id).await?;
        let now = now_millis();
        let expires_at =
            ttl_ms.map(|ttl| now.saturating_add(i64::try_from(ttl).unwrap_or(i64::MAX)));
        let effect = Effect::CacheSet {
            key: key.to_owned(),
            value: value.clone(),
            expect_version: if_version,
            expires_at,
        };
        let detail = json!({ "key": key, "ifVersion": if_version, "ttlMs": ttl_ms });
        let key = key.to_owned();
        let cached = move |applied: &Applied| CacheValue {
            key: key.clone(),
            value: value.clone(),
            version: applied.cache_version.unwrap_or(1),
            expires_at: expires_at.map(timestamp),
            updated_at: timestamp(now),
        };
        let returned = cached.clone();
        let append = Append::event(EventKind::CacheSet, actor, detail)
            .with(effect)
            .returning(move |applied| serde_json::to_value(returned(applied)).unwrap_or_default());
        let applied = self.apply(&session, append, now).await?;
        Ok(cached(&applied))
    }

    pub async fn cache_delete(
        &self,
        id: &str,
        key: &str,
        if_version: Option<u64>,
        actor: &Actor,
    ) -> Result<()> {
        check_key("cache key", key)?;
        let session = self.load_active(id).await?;
        if if_version.is_none()
            && self
                .store()
                .cache_get(id, key, now_millis())
                .await?
                .is_none()
        {
            return Err(Error::NotFound(format!(
                "cache key {key:?} in session {id}"
            )));
        }
        let effect = Effect::CacheDelete {
            key: key.to_owned(),
            expect_version: if_version,
        };
        let detail = json!({ "key": key, "ifVersion": if_version });
        let append = Append::event(EventKind::CacheDeleted, actor, detail)
            .with(effect)
            .returning_value(&json!({ "deleted": true }));
        self.record(&session, append).await?;
        Ok(())
    }

    /// Records the message in the session's events, then delivers it to current subscribers.
    pub async fn publish(
        &self,
        id: &str,
        topic: &str,
        message: Value,
        actor: &Actor,
    ) -> Result<BusMessage> {
        check_key("topic", topic)?;
        check_value("message", &message)?;
        let session = self.load_active(id).await?;
        let detail = json!({ "topic": topic, "message": message });
        let at = timestamp(now_millis());
        let (session_id, topic, from) = (session.id.clone(), topic.to_owned(), actor.clone());
        let message_of = move |event_seq: u64| BusMessage {
            session_id: session_id.clone(),
            topic: topic.clone(),
            message: message.clone(),
            actor: from.clone(),
            event_seq,
            at: at.clone(),
        };
        let returned = message_of.clone();
        let append = Append::event(EventKind::BusPublished, actor, detail)
            .returning(move |a| serde_json::to_value(returned(a.event.seq)).unwrap_or_default());
        let recorded = self.record(&session, append).await?;
        let published = message_of(recorded.event_seq);
        self.bus.publish(published.clone());
        let announced = Published {
            session_id: published.session_id.clone(),
            event_seq: published.event_seq,
        };
        if let Err(err) = self.store().announce_published(&announced).await {
            // Recorded and delivered here; only other nodes' subscribers miss it, as they
            // would had they subscribed a moment later.
            tracing::warn!(error = %err, session = %announced.session_id, "could not announce a bus message to the other nodes");
        }
        Ok(published)
    }

    pub async fn subscribe(&self, id: &str, topic: &str) -> Result<Subscription> {
        check_key("topic", topic)?;
        self.load(id).await?;
        self.bus.subscribe(id, topic)
    }

    pub async fn annotate(
        &self,
        id: &str,
        note: NewAnnotation,
        actor: &Actor,
    ) -> Result<Annotation> {
        let path = WsPath::parse_entry(&note.path)?;
        if note.author.trim().is_empty() || note.body.trim().is_empty() {
            return Err(Error::invalid("an annotation needs an author and a body"));
        }
        if note.body.len() > MAX_VALUE_BYTES {
            return Err(Error::TooLarge(format!(
                "an annotation body is at most {MAX_VALUE_BYTES} bytes"
            )));
        }
        match (note.line_start, note.line_end) {
            (Some(0), _) | (_, Some(0)) => return Err(Error::invalid("lines are numbered from 1")),
            (Some(start), Some(end)) if end < start => {
                return Err(Error::invalid("lineEnd is before lineStart"));
            }
            (None, Some(_)) => return Err(Error::invalid("lineEnd needs lineStart")),
            _ => {}
        }
        let session = self.load_active(id).await?;
        if self
            .objects
            .lookup(&session.head.root, &path)
            .await?
            .is_none()
        {
            return Err(Error::NotFound(format!("{path} in session {id}")));
        }
        let now = now_millis();
        let record = AnnotationRecord {
            id: uuid::Uuid::now_v7().to_string(),
            session_id: session.id.clone(),
            path: path.to_string(),
            line_start: note.line_start,
            line_end: note.line_end.or(note.line_start),
            author: note.author,
            body: note.body,
            resolved: false,
            created_at: now,
            updated_at: now,
        };
        let detail = json!({
            "annotationId": record.id,
            "path": record.path,
            "lineStart": record.line_start,
            "lineEnd": record.line_end,
            "author": record.author,
        });
        let append = Append::event(EventKind::AnnotationAdded, actor, detail)
            .with(Effect::Annotate(record.clone()))
            .returning_value(&records::annotation(record.clone()));
        self.record(&session, append).await?;
        Ok(records::annotation(record))
    }

    pub async fn annotations(&self, id: &str) -> Result<Vec<Annotation>> {
        self.load(id).await?;
        let notes = self.store().annotations(id).await?;
        Ok(notes.into_iter().map(records::annotation).collect())
    }

    pub async fn resolve(
        &self,
        id: &str,
        annotation_id: &str,
        resolved: bool,
        actor: &Actor,
    ) -> Result<Annotation> {
        let session = self.load_active(id).await?;
        let effect = Effect::Resolve {
            annotation_id: annotation_id.to_owned(),
            resolved,
        };
        let detail = json!({ "annotationId": annotation_id, "resolved": resolved });
        let mut after = self
            .annotations(id)
            .await?
            .into_iter()
            .find(|a| a.id == annotation_id)
            .ok_or_else(|| Error::NotFound(format!("annotation {annotation_id}")))?;
        after.resolved = resolved;
        let append = Append::event(EventKind::AnnotationResolved, actor, detail)
            .with(effect)
            .returning_value(&after);
        self.record(&session, append).await?;
        self.annotations(id)
            .await?
            .into_iter()
            .find(|a| a.id == annotation_id)
            .ok_or_else(|| Error::NotFound(format!("annotation {annotation_id}")))
    }
}

/// Delivers the bus messages other nodes published to this node's subscribers, reading each
/// back from the event that recorded it, until the store goes.
pub(super) async fn relay_from_elsewhere(
    bus: Bus,
    store: Weak<dyn WorkspaceStore>,
    mut published: broadcast::Receiver<Published>,
) {
    loop {
        let announced = match published.recv().await {
            Ok(announced) => announced,
            Err(broadcast::error::RecvError::Lagged(missed)) => {
                tracing::warn!(
                    missed,
                    "this node fell behind the other nodes' bus messages"
                );
                continue;
            }
            Err(broadcast::error::RecvError::Closed) => return,
        };
        if !bus.has_session(&announced.session_id) {
            continue;
        }
        let Some(store) = store.upgrade() else {
            return;
        };
        let after = announced.event_seq.saturating_sub(1);
        match store.events(&announced.session_id, after, 1).await {
            Ok(events) => {
                if let Some(message) = events.first().and_then(message_in) {
                    bus.publish(message);
                }
            }
            Err(err) => tracing::warn!(
                error = %err,
                session = %announced.session_id,
                "could not read another node's bus message"
            ),
        }
    }
}

/// The bus message a `bus.published` event recorded.
fn message_in(event: &aether_store::workspace::EventRecord) -> Option<BusMessage> {
    if event.kind != EventKind::BusPublished.as_str() {
        return None;
    }
    Some(BusMessage {
        session_id: event.session_id.clone(),
        topic: event.detail.get("topic")?.as_str()?.to_owned(),
        message: event.detail.get("message")?.clone(),
        actor: event.actor.clone(),
        event_seq: event.seq,
        at: timestamp(event.at),
    })
}
