//! Approvals: requested by a workflow's code (recorded in its log, the record written with it),
//! or for a session outside any workflow (a record of its own that workflows wait on by id);
//! listed across runs; decided once.
//!
//! A workflow's own approval is decided by a command on the workflow, so the decision, the
//! record and the resumption are one write. A standalone approval is decided on its record
//! (over the version read, so the first decision wins), then delivered to every workflow that
//! registered as its watcher. Each wait on it is checked against the record after it opens and
//! again at recovery, so a decision that races the wait, or whose delivery a crash cut short,
//! still reaches it.

use aether_types::{
    Approval, ApprovalFilter, ApprovalId, ApprovalRequest, ApprovalWait, DecisionInput, Outcome,
    StopReason, TaskRef, WorkflowId, now_millis,
};

use super::{Engine, existing, leased};
use crate::{Error, Result, machine::Decided};

/// How often a standalone approval's compare-and-set is retried against concurrent writers.
const ATTEMPTS: usize = 8;

impl Engine {
    /// `ctx.requestApproval`: records the request (and the pending approval) and answers with
    /// where the wait stands.
    pub async fn request_approval(
        &self,
        task: &TaskRef,
        position: u32,
        request: ApprovalRequest,
    ) -> Result<std::result::Result<ApprovalWait, StopReason>> {
        self.update(&task.workflow_id, |slot, now| {
            leased(slot, task, now)?.request_approval(
                &task.token,
                position,
                ApprovalId::generate(),
                request.clone(),
                now,
            )
        })
        .await
    }

    /// `ctx.waitForApproval`: waits on a standalone approval by id. The workflow becomes a
    /// watcher before its wait opens, so a decision made after this reads the record finds it.
    pub async fn wait_for_approval(
        &self,
        task: &TaskRef,
        position: u32,
        approval: &ApprovalId,
        timeout_ms: Option<u64>,
    ) -> Result<std::result::Result<ApprovalWait, StopReason>> {
        let record = self.watch(approval, &task.workflow_id).await?;
        self.update(&task.workflow_id, |slot, now| {
            leased(slot, task, now)?.wait_for_approval(
                &task.token,
                position,
                &record,
                timeout_ms,
                now,
            )
        })
        .await
    }

    /// Adds `workflow` to the watchers of a pending standalone approval; returns the record.
    async fn watch(&self, id: &ApprovalId, workflow: &WorkflowId) -> Result<Approval> {
        for _ in 0..ATTEMPTS {
            let approval = self.stored_approval(id).await?;
            if approval.workflow_id.is_some() {
                return Err(Error::FailedPrecondition(format!(
                    "approval {id} belongs to workflow {}; only approvals requested outside a workflow can be waited on by id",
                    approval
                        .workflow_id
                        .as_ref()
                        .map(ToString::to_string)
                        .unwrap_or_default()
                )));
            }
            if approval.state_at(now_millis()) != aether_types::ApprovalState::Pending
                || approval.watchers.contains(workflow)
            {
                return Ok(approval);
            }
            let mut watched = approval.clone();
            watched.watchers.push(workflow.clone());
            watched.version += 1;
            match self
                .inner
                .store
                .put_approval(&watched, approval.version)
                .await
            {
                Ok(()) => return Ok(watched),
                Err(aether_store::Error::ApprovalConflict(_)) => continue,
                Err(err) => return Err(err.into()),
            }
        }
        Err(Error::FailedPrecondition(format!(
            "approval {id} is changing too fast; try again"
        )))
    }

    /// An approval about a session, outside any workflow.
    pub async fn request_session_approval(&self, request: ApprovalRequest) -> Result<Approval> {
        request.validate()?;
        if request.session_id.is_none() {
            return Err(Error::InvalidArgument(
                "an approval outside a workflow must name its session".into(),
            ));
        }
        let approval = Approval::pending(ApprovalId::generate(), None, request, now_millis());
        self.inner.store.put_approval(&approval, 0).await?;
        Ok(approval)
    }

    /// An approval as it stands now (a pending one past its expiry reads as expired).
    pub async fn approval(&self, id: &ApprovalId) -> Result<Approval> {
        Ok(self.stored_approval(id).await?.as_of(now_millis()))
    }

    async fn stored_approval(&self, id: &ApprovalId) -> Result<Approval> {
        self.inner
            .store
            .approval(id)
            .await?
            .ok_or_else(|| Error::ApprovalNotFound(id.clone()))
    }

    /// How many approvals wait for a decision now, in the whole store.
    pub async fn pending_approvals(&self) -> Result<u64> {
        Ok(self.inner.store.pending_approvals(now_millis()).await?)
    }

    pub async fn approvals(&self, filter: &ApprovalFilter) -> Result<Vec<Approval>> {
        Ok(self.inner.store.approvals(filter, now_millis()).await?)
    }

    /// Approves or denies. The first decision wins: deciding an approval that is no longer
    /// pending is [`Error::ApprovalDecided`], with the approval as it stands.
    pub async fn decide_approval(
        &self,
        id: &ApprovalId,
        outcome: Outcome,
        input: DecisionInput,
    ) -> Result<Approval> {
        if outcome == Outcome::Expired {
            return Err(Error::InvalidArgument(
                "a reviewer approves or denies; expiry is the engine's".into(),
            ));
        }
        input.validate()?;
        let approval = self.stored_approval(id).await?;
        match &approval.workflow_id {
            Some(workflow) => {
                let decided = self
                    .update(workflow, |slot, now| {
                        existing(slot, workflow)?.decide_approval(id, outcome, &input, now)
                    })
                    .await?;
                match decided {
                    Decided::Now(approval) => Ok(approval),
                    Decided::Already(approval) => Err(Error::ApprovalDecided(Box::new(approval))),
                }
            }
            None => self.decide_standalone(id, outcome, input).await,
        }
    }

    async fn decide_standalone(
        &self,
        id: &ApprovalId,
        outcome: Outcome,
        input: DecisionInput,
    ) -> Result<Approval> {
        for _ in 0..ATTEMPTS {
            let stored = self.stored_approval(id).await?;
            let now = now_millis();
            let current = stored.clone().as_of(now);
            if current.state != aether_types::ApprovalState::Pending {
                return Err(Error::ApprovalDecided(Box::new(current)));
            }
            let mut decided = stored.clone();
            decided.decide(&aether_types::Decision {
                approval_id: id.clone(),
                outcome,
                by: input.by.clone(),
                by_hint: input.by_hint.clone(),
                comment: input.comment.clone(),
                payload: input.payload.clone(),
                at: now,
            });
            match self
                .inner
                .store
                .put_approval(&decided, stored.version)
                .await
            {
                Ok(()) => {
                    crate::metrics::record::decided(&crate::metrics::record::decisions(
                        std::slice::from_ref(&decided),
                    ));
                    for watcher in &decided.watchers {
                        if let Err(err) = self.check_approval(watcher, id).await {
                            // Recovery and the wait's own check will deliver it.
                            tracing::warn!(workflow = %watcher, approval = %id, error = %err, "a decision was not delivered yet");
                            self.defer(super::effects::Deferred::CheckApproval {
                                workflow_id: watcher.clone(),
                                approval: id.clone(),
                            });
                        }
                    }
                    return Ok(decided);
                }
                Err(aether_store::Error::ApprovalConflict(_)) => continue,
                Err(err) => return Err(err.into()),
            }
        }
        Err(Error::FailedPrecondition(format!(
            "approval {id} is changing too fast; try again"
        )))
    }

    /// Delivers a standalone approval's decision to `workflow` if it is decided and the
    /// workflow still waits on it. Idempotent.
    pub(super) async fn check_approval(
        &self,
        workflow: &WorkflowId,
        id: &ApprovalId,
    ) -> Result<()> {
        let approval = match self.inner.store.approval(id).await? {
            Some(approval) => approval.as_of(now_millis()),
            None => return Ok(()),
        };
        if approval.decision().is_none() {
            return Ok(());
        }
        self.update(workflow, |slot, now| {
            if let Some(state) = slot.as_mut()
                && !state.is_terminal()
            {
                state.approval_decided_elsewhere(&approval, now);
            }
            Ok(())
        })
        .await
    }
}
