//! What agents and people coordinate through beside the files: the cache, the bus, annotations.

use serde::{Deserialize, Serialize};
use serde_json::Value;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct CacheValue {
    pub key: String,
    pub value: Value,
    /// For compare-and-set: pass as `ifVersion` to change only this version.
    pub version: u64,
    pub expires_at: Option<String>,
    pub updated_at: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct BusMessage {
    pub session_id: String,
    pub topic: String,
    pub message: Value,
    pub actor: Option<String>,
    pub event_seq: u64,
    pub at: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Annotation {
    pub id: String,
    pub session_id: String,
    pub path: String,
    pub line_start: Option<u64>,
    pub line_end: Option<u64>,
    pub author: String,
    pub body: String,
    pub resolved: bool,
    pub created_at: String,
    pub updated_at: String,
}

/// A review note to add on a path, optionally on a range of lines.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct NewAnnotation {
    pub path: String,
    pub line_start: Option<u64>,
    pub line_end: Option<u64>,
    pub author: String,
    pub body: String,
}
