//! Knowledge entries: what people and agents learn about a codebase (a title, a markdown body,
//! tags, links to paths), kept per source so that they outlive the sessions that wrote them,
//! and listed and searched by tag and text.

use serde::{Deserialize, Serialize};

/// A path an entry is about, optionally as one session saw it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct KnowledgeLink {
    pub path: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub session_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub revision: Option<u64>,
}

/// An entry to add.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct NewKnowledge {
    /// The source it is about (`team/app`).
    pub source: String,
    pub title: String,
    /// Markdown.
    #[serde(default)]
    pub body: String,
    /// Lower-case words: letters, digits, `-`, `_`, `.`, `:`.
    #[serde(default)]
    pub tags: Vec<String>,
    #[serde(default)]
    pub links: Vec<KnowledgeLink>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub author: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Knowledge {
    pub id: String,
    pub source: String,
    pub title: String,
    pub body: String,
    pub tags: Vec<String>,
    pub links: Vec<KnowledgeLink>,
    pub author: Option<String>,
    pub created_at: String,
}

/// Which entries of a source to list, newest first.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct KnowledgeFilter {
    pub source: String,
    /// Only entries with this tag.
    #[serde(default)]
    pub tag: Option<String>,
    /// Only entries whose title or body contains this text (any case).
    #[serde(default)]
    pub text: Option<String>,
    #[serde(default)]
    pub limit: Option<usize>,
}
