//! Knowledge entries: durable notes about a source (a title, a markdown body, tags, links to
//! paths) that people and agents share, kept per source so that they outlive sessions.

use aether_store::workspace::KnowledgeRecord;
use aether_types::{
    now_millis,
    workspace::{Knowledge, KnowledgeFilter, KnowledgeLink, NewKnowledge},
};

use super::{Actor, Workspaces, coordinate::MAX_VALUE_BYTES, persist::check_source_name};
use crate::{Error, Result, path::WsPath, records};

const MAX_TITLE: usize = 256;
const MAX_TAGS: usize = 32;
const MAX_LINKS: usize = 64;
const DEFAULT_LIMIT: usize = 100;
const MAX_LIMIT: usize = 1000;

fn check_tag(tag: &str) -> Result<()> {
    let ok = !tag.is_empty()
        && tag.len() <= 64
        && tag
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || "-_.:".contains(c));
    if ok {
        Ok(())
    } else {
        Err(Error::invalid(format!(
            "tag {tag:?}: 1-64 lower-case letters, digits and - _ . :"
        )))
    }
}

impl Workspaces {
    pub async fn add_knowledge(&self, entry: NewKnowledge, actor: &Actor) -> Result<Knowledge> {
        check_source_name(&entry.source)?;
        if entry.title.trim().is_empty() || entry.title.chars().count() > MAX_TITLE {
            return Err(Error::invalid(format!(
                "a knowledge entry's title is 1-{MAX_TITLE} characters"
            )));
        }
        if entry.body.len() > MAX_VALUE_BYTES {
            return Err(Error::TooLarge(format!(
                "a knowledge entry's body is at most {MAX_VALUE_BYTES} bytes"
            )));
        }
        if entry.tags.len() > MAX_TAGS || entry.links.len() > MAX_LINKS {
            return Err(Error::invalid(format!(
                "a knowledge entry has at most {MAX_TAGS} tags and {MAX_LINKS} links"
            )));
        }
        for tag in &entry.tags {
            check_tag(tag)?;
        }
        for link in &entry.links {
            WsPath::parse_entry(&link.path)?;
        }
        // Made by a workflow's activity: an id from its origin, so a repeat finds it made.
        let derived = super::activity::derived("kn");
        if let Some(id) = &derived
            && let Some(made) = self.store().knowledge_entry(id).await?
        {
            return records::knowledge(made);
        }
        let links: Vec<KnowledgeLink> = entry.links;
        let record = KnowledgeRecord {
            id: derived.unwrap_or_else(|| uuid::Uuid::now_v7().to_string()),
            source: entry.source,
            title: entry.title,
            body: entry.body,
            tags: entry.tags,
            links: serde_json::to_value(&links).map_err(|e| Error::Internal(e.to_string()))?,
            author: entry.author.or_else(|| actor.clone()),
            created_at: now_millis(),
        };
        self.store().add_knowledge(record.clone()).await?;
        records::knowledge(record)
    }

    /// A source's entries, newest first: with the tag, and containing the text (any case).
    pub async fn search_knowledge(&self, filter: &KnowledgeFilter) -> Result<Vec<Knowledge>> {
        check_source_name(&filter.source)?;
        if let Some(tag) = &filter.tag {
            check_tag(tag)?;
        }
        let text = filter.text.as_ref().map(|t| t.to_lowercase());
        let limit = filter.limit.unwrap_or(DEFAULT_LIMIT).clamp(1, MAX_LIMIT);
        let found = self
            .store()
            .knowledge(
                &filter.source,
                filter.tag.as_deref(),
                text.as_deref(),
                limit,
            )
            .await?;
        found.into_iter().map(records::knowledge).collect()
    }

    pub async fn knowledge(&self, id: &str) -> Result<Knowledge> {
        let record = self
            .store()
            .knowledge_entry(id)
            .await?
            .ok_or_else(|| Error::NotFound(format!("knowledge entry {id}")))?;
        records::knowledge(record)
    }

    pub async fn delete_knowledge(&self, id: &str) -> Result<()> {
        if self.store().delete_knowledge(id).await? {
            Ok(())
        } else {
            Err(Error::NotFound(format!("knowledge entry {id}")))
        }
    }
}
