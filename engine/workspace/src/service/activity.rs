//! Workspace activities: the operations a workflow makes through `ctx.workspace`, run here for
//! the engine. Each is identified by its origin (the workflow and the journal position of the
//! call), and a change it makes applies at most once for that origin: the store keeps the
//! origin with the first change that carries it, in the same transaction, together with what
//! the operation returned. A repeat of the call (the server killed after the change and before
//! the workflow recorded it, a report sent again) gets that first result and changes nothing.
//!
//! The origin travels to the store with the operation as a task-local value, so that every
//! operation keeps its one code path; the first change the operation commits carries it.

use std::{cell::RefCell, sync::Arc};

use aether_store::workspace::{Activity as StoreActivity, Error as StoreError, Origin};
use aether_types::workspace::{Activity, ActivityOutput};
use serde::Serialize;
use serde_json::{Value, json};

use super::{Actor, Change, Returning, Workspaces};
use crate::{Error, Result, tree::hash_bytes};

tokio::task_local! {
    /// The origin of the activity running in this task, until its first change commits.
    static ORIGIN: RefCell<Option<Origin>>;
}

/// The activity record for the next change, if an activity runs and has not changed anything
/// yet.
pub(super) fn current(returning: Option<Returning>) -> Option<StoreActivity> {
    let origin = ORIGIN.try_with(|o| o.borrow().clone()).ok().flatten()?;
    Some(StoreActivity {
        origin,
        result: returning.unwrap_or_else(|| Arc::new(|_| Value::Null)),
    })
}

/// The activity's change committed: later changes of the same operation are ordinary.
pub(super) fn used() {
    let _ = ORIGIN.try_with(|o| o.borrow_mut().take());
}

/// An event's detail, naming the workflow and position when an activity makes the change.
pub(super) fn mark(mut detail: Value) -> Value {
    if let Some(Some(origin)) = ORIGIN.try_with(|o| o.borrow().clone()).ok()
        && let Some(fields) = detail.as_object_mut()
    {
        fields.insert(
            "workflow".into(),
            json!({ "id": origin.workflow_id, "position": origin.position }),
        );
    }
    detail
}

/// The id of a session an activity creates without naming one: derived from its origin, so a
/// repeat of the call names the same session.
pub(super) fn derived_id() -> Option<String> {
    derived("ws")
}

/// An id derived from the running activity's origin, so that a repeat of the call names the
/// same thing (a session, a knowledge entry) and finds it made.
pub(super) fn derived(prefix: &str) -> Option<String> {
    let origin = ORIGIN.try_with(|o| o.borrow().clone()).ok().flatten()?;
    let digest = hash_bytes(format!("{}\n{}", origin.workflow_id, origin.position).as_bytes());
    Some(format!("{prefix}-{}", &digest[..24]))
}

fn value(result: &impl Serialize) -> Value {
    serde_json::to_value(result).unwrap_or(Value::Null)
}

impl Workspaces {
    /// Runs one workspace activity of a workflow. A change it makes applies at most once for
    /// `origin`; a repeat returns the first result. Reads return the bytes beside the result,
    /// which names them by hash (the content store keeps them; see [`Workspaces::content`]).
    pub async fn run_activity(
        &self,
        origin: Origin,
        activity: Activity,
        content: Vec<u8>,
    ) -> Result<ActivityOutput> {
        let changes = !activity.reads_only();
        if changes && let Some(result) = self.store().activity_result(&origin).await? {
            return Ok(ActivityOutput {
                result,
                content: None,
            });
        }
        let actor: Actor = Some(format!("workflow:{}", origin.workflow_id));
        let run = self.dispatch(activity, content, actor);
        match ORIGIN
            .scope(RefCell::new(changes.then_some(origin)), run)
            .await
        {
            Err(Error::Store(StoreError::AlreadyApplied { result, .. })) => Ok(ActivityOutput {
                result,
                content: None,
            }),
            other => other,
        }
    }

    /// Bytes by their hash, as a read or an export recorded them.
    pub async fn content(&self, hash: &str) -> Result<Vec<u8>> {
        self.objects.blob(hash).await
    }

    async fn dispatch(
        &self,
        activity: Activity,
        content: Vec<u8>,
        actor: Actor,
    ) -> Result<ActivityOutput> {
        let change = |session_id: String, expected_revision: Option<u64>| Change {
            session_id,
            expected_revision,
            actor: actor.clone(),
        };
        let plain = |result: Value| ActivityOutput {
            result,
            content: None,
        };
        Ok(match activity {
            Activity::Create { request } => plain(value(&self.create(request, &actor).await?)),
            Activity::Get { session_id } => plain(value(&self.get(&session_id).await?)),
            Activity::Manifest { session_id } => {
                plain(value(&self.manifest(&session_id, None).await?))
            }
            Activity::Read { session_id, path } => {
                let file = self.read(&session_id, &path, 0, None, None).await?;
                ActivityOutput {
                    result: value(&file),
                    content: Some(file.data),
                }
            }
            Activity::Write {
                session_id,
                path,
                mode,
                expected_revision,
            } => {
                let change = change(session_id, expected_revision);
                plain(value(&self.write(&change, &path, content, mode).await?))
            }
            Activity::Dirs {
                session_id,
                paths,
                expected_revision,
            } => plain(value(
                &self
                    .mkdirs(&change(session_id, expected_revision), &paths)
                    .await?,
            )),
            Activity::Rename {
                session_id,
                from,
                to,
                expected_revision,
            } => plain(value(
                &self
                    .rename(&change(session_id, expected_revision), &from, &to)
                    .await?,
            )),
            Activity::Delete {
                session_id,
                paths,
                expected_revision,
            } => plain(value(
                &self
                    .delete(&change(session_id, expected_revision), &paths)
                    .await?,
            )),
            Activity::Batch {
                session_id,
                ops,
                expected_revision,
            } => plain(value(
                &self
                    .batch(&change(session_id, expected_revision), ops)
                    .await?,
            )),
            Activity::PatchSegments {
                session_id,
                path,
                segments,
                truncate,
                expected_revision,
            } => plain(value(
                &self
                    .patch_segments(
                        &change(session_id, expected_revision),
                        &path,
                        segments,
                        truncate,
                    )
                    .await?,
            )),
            Activity::CacheGet { session_id, key } => {
                plain(value(&self.cache_get(&session_id, &key).await?))
            }
            Activity::CachePut {
                session_id,
                key,
                value: v,
                if_version,
                ttl_ms,
            } => plain(value(
                &self
                    .cache_put(&session_id, &key, v, if_version, ttl_ms, &actor)
                    .await?,
            )),
            Activity::CacheDelete {
                session_id,
                key,
                if_version,
            } => {
                self.cache_delete(&session_id, &key, if_version, &actor)
                    .await?;
                plain(json!({ "deleted": true }))
            }
            Activity::Publish {
                session_id,
                topic,
                message,
            } => plain(value(
                &self.publish(&session_id, &topic, message, &actor).await?,
            )),
            Activity::Annotate {
                session_id,
                annotation,
            } => plain(value(
                &self.annotate(&session_id, annotation, &actor).await?,
            )),
            Activity::Resolve {
                session_id,
                annotation_id,
                resolved,
            } => plain(value(
                &self
                    .resolve(&session_id, &annotation_id, resolved, &actor)
                    .await?,
            )),
            Activity::Checkpoint {
                session_id,
                name,
                expected_revision,
            } => plain(value(
                &self
                    .checkpoint(&change(session_id, expected_revision), name)
                    .await?,
            )),
            Activity::Restore {
                session_id,
                checkpoint_id,
                expected_revision,
            } => plain(value(
                &self
                    .restore(&change(session_id, expected_revision), &checkpoint_id)
                    .await?,
            )),
            Activity::Fork {
                session_id,
                id,
                labels,
            } => plain(value(&self.fork(&session_id, id, labels, &actor).await?)),
            Activity::Commit {
                session_id,
                message,
                author,
                source,
                expected_revision,
            } => {
                let author = author.unwrap_or_else(|| actor.clone().unwrap_or_default());
                plain(value(
                    &self
                        .commit(
                            &change(session_id, expected_revision),
                            &message,
                            &author,
                            source,
                        )
                        .await?,
                ))
            }
            Activity::Merge {
                session_id,
                from,
                expected_revision,
            } => plain(value(
                &self
                    .merge(&change(session_id, expected_revision), &from)
                    .await?,
            )),
            Activity::Promote {
                session_id,
                source,
                author,
                force,
                expected_revision,
            } => plain(value(
                &self
                    .promote(
                        &change(session_id, expected_revision),
                        source,
                        author.as_deref().unwrap_or_default(),
                        force,
                    )
                    .await?,
            )),
            Activity::AddKnowledge { entry } => {
                plain(value(&self.add_knowledge(entry, &actor).await?))
            }
            Activity::SearchKnowledge { filter } => {
                plain(value(&self.search_knowledge(&filter).await?))
            }
            Activity::Export { session_id } => {
                let export = self.export(&session_id).await?;
                let hash = hash_bytes(&export.tar_gz);
                // Kept by hash like any content, so a replay reads the same archive.
                self.objects
                    .put(vec![(hash.clone(), export.tar_gz.clone())])
                    .await?;
                ActivityOutput {
                    result: json!({
                        "revision": export.revision,
                        "hash": hash,
                        "size": export.tar_gz.len(),
                    }),
                    content: Some(export.tar_gz),
                }
            }
            Activity::Archive {
                session_id,
                expected_revision,
            } => plain(value(
                &self.archive(&change(session_id, expected_revision)).await?,
            )),
        })
    }
}
