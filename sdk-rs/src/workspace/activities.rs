//! `ctx.workspace()`: workspace operations from workflow code, run by the engine and journaled
//! like steps. A change to a session happens exactly once, however often the workflow is
//! replayed or its worker dies; a replay returns what the first run got without touching the
//! session (the engine answers it from the journal; a read or an export with the bytes the
//! journaled hash names).

use std::{collections::BTreeMap, future::Future, sync::Arc, time::Duration};

use aether_proto::v1;
use aether_types::{Failure, workspace::Activity};
use serde::de::DeserializeOwned;

use super::{
    Annotation, BatchOp, BusMessage, CacheValue, Checkpoint, Commit, CreateSession, FileContent,
    Knowledge, KnowledgeFilter, Manifest, MergeOutcome, Mutation, NewAnnotation, NewKnowledge,
    Promotion, Segment, Session,
};
use crate::{Error, execution::Execution};

/// How often a call the engine could not run for now (its store was unavailable) is sent again.
const ATTEMPTS: u32 = 5;

/// The workspace as a workflow reaches it; from [`WorkflowContext::workspace`](crate::WorkflowContext::workspace).
#[derive(Clone)]
pub struct WorkflowWorkspace {
    execution: Arc<Execution>,
}

/// A file read from a workflow: its metadata and bytes.
#[derive(Debug, Clone, PartialEq)]
pub struct ReadFile {
    pub file: FileContent,
    pub data: Vec<u8>,
}

impl WorkflowWorkspace {
    pub(crate) fn new(execution: Arc<Execution>) -> Self {
        Self { execution }
    }

    /// Takes the next journal position now (calls are numbered in the order the code makes
    /// them) and runs the call when awaited.
    fn call<T: DeserializeOwned + Send + 'static>(
        &self,
        activity: Activity,
        content: Vec<u8>,
    ) -> impl Future<Output = Result<(T, Vec<u8>), Error>> + Send + use<T> {
        let execution = Arc::clone(&self.execution);
        let position = execution.next_position();
        async move {
            // A journaled position still goes to the engine: only it holds the digest of the
            // recorded call, so only it can tell a replay from a changed call (non-determinism);
            // it answers a replay from the journal (a read with the bytes its hash names)
            // without touching the session. The local journal checks the operation at least.
            execution.expect(position, v1::EntryKind::Workspace, activity.name())?;
            let _running = execution.running();
            let activity_json = serde_json::to_string(&activity)?;
            let mut attempt = 0;
            let response = loop {
                attempt += 1;
                let sent = execution
                    .workspace_activity(v1::WorkspaceActivityRequest {
                        task_token: String::new(),
                        position,
                        activity_json: activity_json.clone(),
                        content: content.clone(),
                    })
                    .await;
                match sent {
                    Err(Error::Rpc(status))
                        if status.code() == tonic::Code::Unavailable && attempt < ATTEMPTS =>
                    {
                        tokio::time::sleep(Duration::from_millis(100 * u64::from(attempt))).await;
                    }
                    other => break other?,
                }
            };
            execution
                .check_directive(response.directive(), response.stop_reason())
                .await;
            outcome(
                response.status(),
                response.result_json.as_bytes(),
                response.failure,
                response.content,
            )
        }
    }

    pub fn create(
        &self,
        request: CreateSession,
    ) -> impl Future<Output = Result<Session, Error>> + Send + use<> {
        let call = self.call(Activity::Create { request }, Vec::new());
        async move { Ok(call.await?.0) }
    }

    pub fn get(&self, id: &str) -> impl Future<Output = Result<Session, Error>> + Send + use<> {
        let call = self.call(
            Activity::Get {
                session_id: id.into(),
            },
            Vec::new(),
        );
        async move { Ok(call.await?.0) }
    }

    pub fn manifest(
        &self,
        id: &str,
    ) -> impl Future<Output = Result<Manifest, Error>> + Send + use<> {
        let call = self.call(
            Activity::Manifest {
                session_id: id.into(),
            },
            Vec::new(),
        );
        async move { Ok(call.await?.0) }
    }

    /// A whole file; a replay reads the same bytes as the first run, whatever the session holds
    /// now.
    pub fn read(
        &self,
        id: &str,
        path: &str,
    ) -> impl Future<Output = Result<ReadFile, Error>> + Send + use<> {
        let call = self.call(
            Activity::Read {
                session_id: id.into(),
                path: path.into(),
            },
            Vec::new(),
        );
        async move {
            let (file, data) = call.await?;
            Ok(ReadFile { file, data })
        }
    }

    /// Writes a file; the bytes go to the content store, only their digest to the journal.
    pub fn write(
        &self,
        id: &str,
        path: &str,
        content: impl Into<Vec<u8>>,
        expected_revision: Option<u64>,
    ) -> impl Future<Output = Result<Mutation, Error>> + Send + 'static {
        let call = self.call(
            Activity::Write {
                session_id: id.into(),
                path: path.into(),
                mode: None,
                expected_revision,
            },
            content.into(),
        );
        async move { Ok(call.await?.0) }
    }

    pub fn dirs(
        &self,
        id: &str,
        paths: Vec<String>,
    ) -> impl Future<Output = Result<Mutation, Error>> + Send + use<> {
        let call = self.call(
            Activity::Dirs {
                session_id: id.into(),
                paths,
                expected_revision: None,
            },
            Vec::new(),
        );
        async move { Ok(call.await?.0) }
    }

    pub fn rename(
        &self,
        id: &str,
        from: &str,
        to: &str,
    ) -> impl Future<Output = Result<Mutation, Error>> + Send + use<> {
        let call = self.call(
            Activity::Rename {
                session_id: id.into(),
                from: from.into(),
                to: to.into(),
                expected_revision: None,
            },
            Vec::new(),
        );
        async move { Ok(call.await?.0) }
    }

    pub fn delete(
        &self,
        id: &str,
        paths: Vec<String>,
    ) -> impl Future<Output = Result<Mutation, Error>> + Send + use<> {
        let call = self.call(
            Activity::Delete {
                session_id: id.into(),
                paths,
                expected_revision: None,
            },
            Vec::new(),
        );
        async move { Ok(call.await?.0) }
    }

    /// Several writes, deletes, mkdirs and renames as one change.
    pub fn batch(
        &self,
        id: &str,
        ops: Vec<BatchOp>,
        expected_revision: Option<u64>,
    ) -> impl Future<Output = Result<Mutation, Error>> + Send + use<> {
        let call = self.call(
            Activity::Batch {
                session_id: id.into(),
                ops,
                expected_revision,
            },
            Vec::new(),
        );
        async move { Ok(call.await?.0) }
    }

    pub fn patch_segments(
        &self,
        id: &str,
        path: &str,
        segments: Vec<Segment>,
        truncate: Option<u64>,
    ) -> impl Future<Output = Result<Mutation, Error>> + Send + use<> {
        let call = self.call(
            Activity::PatchSegments {
                session_id: id.into(),
                path: path.into(),
                segments,
                truncate,
                expected_revision: None,
            },
            Vec::new(),
        );
        async move { Ok(call.await?.0) }
    }

    pub fn cache_get(
        &self,
        id: &str,
        key: &str,
    ) -> impl Future<Output = Result<CacheValue, Error>> + Send + use<> {
        let call = self.call(
            Activity::CacheGet {
                session_id: id.into(),
                key: key.into(),
            },
            Vec::new(),
        );
        async move { Ok(call.await?.0) }
    }

    /// Sets a key; `if_version` makes it a compare-and-set (0: the key must not exist).
    pub fn cache_put(
        &self,
        id: &str,
        key: &str,
        value: serde_json::Value,
        if_version: Option<u64>,
    ) -> impl Future<Output = Result<CacheValue, Error>> + Send + use<> {
        let call = self.call(
            Activity::CachePut {
                session_id: id.into(),
                key: key.into(),
                value,
                if_version,
                ttl_ms: None,
            },
            Vec::new(),
        );
        async move { Ok(call.await?.0) }
    }

    /// Deletes a key; `if_version` makes it a compare-and-set.
    pub fn cache_delete(
        &self,
        id: &str,
        key: &str,
        if_version: Option<u64>,
    ) -> impl Future<Output = Result<(), Error>> + Send + use<> {
        let call = self.call::<serde_json::Value>(
            Activity::CacheDelete {
                session_id: id.into(),
                key: key.into(),
                if_version,
            },
            Vec::new(),
        );
        async move {
            call.await?;
            Ok(())
        }
    }

    pub fn publish(
        &self,
        id: &str,
        topic: &str,
        message: serde_json::Value,
    ) -> impl Future<Output = Result<BusMessage, Error>> + Send + use<> {
        let call = self.call(
            Activity::Publish {
                session_id: id.into(),
                topic: topic.into(),
                message,
            },
            Vec::new(),
        );
        async move { Ok(call.await?.0) }
    }

    pub fn annotate(
        &self,
        id: &str,
        annotation: NewAnnotation,
    ) -> impl Future<Output = Result<Annotation, Error>> + Send + use<> {
        let call = self.call(
            Activity::Annotate {
                session_id: id.into(),
                annotation,
            },
            Vec::new(),
        );
        async move { Ok(call.await?.0) }
    }

    /// Resolves (or reopens) an annotation.
    pub fn resolve(
        &self,
        id: &str,
        annotation_id: &str,
        resolved: bool,
    ) -> impl Future<Output = Result<Annotation, Error>> + Send + use<> {
        let call = self.call(
            Activity::Resolve {
                session_id: id.into(),
                annotation_id: annotation_id.into(),
                resolved,
            },
            Vec::new(),
        );
        async move { Ok(call.await?.0) }
    }

    pub fn checkpoint(
        &self,
        id: &str,
        name: Option<String>,
    ) -> impl Future<Output = Result<Checkpoint, Error>> + Send + use<> {
        let call = self.call(
            Activity::Checkpoint {
                session_id: id.into(),
                name,
                expected_revision: None,
            },
            Vec::new(),
        );
        async move { Ok(call.await?.0) }
    }

    pub fn restore(
        &self,
        id: &str,
        checkpoint_id: &str,
    ) -> impl Future<Output = Result<Mutation, Error>> + Send + use<> {
        let call = self.call(
            Activity::Restore {
                session_id: id.into(),
                checkpoint_id: checkpoint_id.into(),
                expected_revision: None,
            },
            Vec::new(),
        );
        async move { Ok(call.await?.0) }
    }

    pub fn fork(
        &self,
        id: &str,
        new_id: Option<String>,
    ) -> impl Future<Output = Result<Session, Error>> + Send + use<> {
        let call = self.call(
            Activity::Fork {
                session_id: id.into(),
                id: new_id,
                labels: BTreeMap::new(),
            },
            Vec::new(),
        );
        async move { Ok(call.await?.0) }
    }

    pub fn commit(
        &self,
        id: &str,
        message: &str,
        source: Option<String>,
    ) -> impl Future<Output = Result<Commit, Error>> + Send + use<> {
        let call = self.call(
            Activity::Commit {
                session_id: id.into(),
                message: message.into(),
                author: None,
                source,
                expected_revision: None,
            },
            Vec::new(),
        );
        async move { Ok(call.await?.0) }
    }

    pub fn merge(
        &self,
        id: &str,
        from: &str,
    ) -> impl Future<Output = Result<MergeOutcome, Error>> + Send + use<> {
        let call = self.call(
            Activity::Merge {
                session_id: id.into(),
                from: from.into(),
                expected_revision: None,
            },
            Vec::new(),
        );
        async move { Ok(call.await?.0) }
    }

    pub fn promote(
        &self,
        id: &str,
        source: Option<String>,
    ) -> impl Future<Output = Result<Promotion, Error>> + Send + use<> {
        let call = self.call(
            Activity::Promote {
                session_id: id.into(),
                source,
                author: None,
                force: false,
                expected_revision: None,
            },
            Vec::new(),
        );
        async move { Ok(call.await?.0) }
    }

    /// A knowledge entry about a source, made once however often the workflow replays.
    pub fn add_knowledge(
        &self,
        entry: NewKnowledge,
    ) -> impl Future<Output = Result<Knowledge, Error>> + Send + use<> {
        let call = self.call(Activity::AddKnowledge { entry }, Vec::new());
        async move { Ok(call.await?.0) }
    }

    /// A source's knowledge entries, by tag and text; a replay sees what the first run saw.
    pub fn search_knowledge(
        &self,
        filter: KnowledgeFilter,
    ) -> impl Future<Output = Result<Vec<Knowledge>, Error>> + Send + use<> {
        let call = self.call(Activity::SearchKnowledge { filter }, Vec::new());
        async move { Ok(call.await?.0) }
    }

    /// The tree as tar.gz bytes.
    pub fn export(&self, id: &str) -> impl Future<Output = Result<Vec<u8>, Error>> + Send + use<> {
        let call = self.call::<serde_json::Value>(
            Activity::Export {
                session_id: id.into(),
            },
            Vec::new(),
        );
        async move { Ok(call.await?.1) }
    }

    pub fn archive(&self, id: &str) -> impl Future<Output = Result<Session, Error>> + Send + use<> {
        let call = self.call(
            Activity::Archive {
                session_id: id.into(),
                expected_revision: None,
            },
            Vec::new(),
        );
        async move { Ok(call.await?.0) }
    }
}

/// A call's outcome as the journal (or the engine's reply) states it: the result, or the
/// workspace's refusal as [`Error::Workspace`].
fn outcome<T: DeserializeOwned>(
    status: v1::EntryStatus,
    result: &[u8],
    failure: Option<v1::Failure>,
    content: Vec<u8>,
) -> Result<(T, Vec<u8>), Error> {
    match status {
        v1::EntryStatus::Succeeded => Ok((serde_json::from_slice(result)?, content)),
        v1::EntryStatus::Failed => Err(Error::Workspace(
            failure.map(Failure::from).unwrap_or_default(),
        )),
        other => Err(Error::InvalidArgument(format!(
            "a workspace call ended as {}",
            other.as_str_name()
        ))),
    }
}
