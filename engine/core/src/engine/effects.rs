//! What follows from a persisted change, as data: [`derive_effects`] after a commit and
//! [`recovery_effects`] for a workflow loaded at start-up. Both are pure, so they are tested
//! without an engine; the engine's update path and background loop carry them out.

use aether_types::{
    Action, ApprovalId, ChildOutcome, HistoryEvent, Lease, Millis, ParentRef, Payload, TaskToken,
    Wait, WorkerId, WorkflowId, WorkflowStatus,
};

use super::{WorkflowInfo, info_of};
use crate::{
    machine::{Entry, WORKFLOW_DEADLINE, WorkflowState, wait},
    scheduler::{Affinity, Assignment},
};

/// What follows from a persisted change.
#[derive(Debug)]
pub(super) enum Effect {
    /// A lease restored at recovery: reserve its worker's slot.
    Adopt(WorkerId),
    ReleaseSlot(WorkerId),
    CancelTask {
        lease: Lease,
        reason: String,
    },
    Enqueue {
        affinity: Affinity,
    },
    /// Arm the deadline of the wait or activity at `position` (or of the execution timeout,
    /// at [`WORKFLOW_DEADLINE`]).
    Deadline {
        position: u32,
        at: Millis,
    },
    Deferred(Deferred),
    /// The workflow is terminal: wake its waiters, with its final info when this node has it.
    Closed(Option<Box<WorkflowInfo>>),
}

/// Effects that need I/O of their own, run by the background loop (and retried until done).
#[derive(Debug, Clone)]
pub(super) enum Deferred {
    Dispatch(Assignment),
    /// A dispatch failed: queue the workflow again if it is still runnable.
    Requeue(WorkflowId),
    CreateChild {
        parent: ParentRef,
        child_id: WorkflowId,
        workflow_type: String,
        input: Payload,
    },
    NotifyParent {
        parent: ParentRef,
        child_id: WorkflowId,
        outcome: ChildOutcome,
    },
    Cancel {
        workflow_id: WorkflowId,
        reason: String,
    },
    /// Expires `worker`'s lease on the workflow unless it is the one with token `keep`.
    ExpireLease {
        workflow_id: WorkflowId,
        worker: WorkerId,
        keep: Option<TaskToken>,
    },
    /// A child found at recovery: cancel it if its parent was cancelled meanwhile.
    CheckParent {
        child: WorkflowId,
        parent: WorkflowId,
    },
    /// The deadline of the wait at `position` passed.
    Deadline {
        workflow_id: WorkflowId,
        position: u32,
    },
    /// The workflow waits on an approval requested outside it: if it is already decided (a
    /// decision that raced the wait, or one whose delivery a crash interrupted), deliver it.
    CheckApproval {
        workflow_id: WorkflowId,
        approval: ApprovalId,
    },
}

impl Deferred {
    /// What a retry runs after this effect failed: a failed dispatch gave its worker's slot
    /// back, so it is queued anew rather than sent to that slot again.
    pub(super) fn retried(self) -> Deferred {
        match self {
            Deferred::Dispatch(assignment) => Deferred::Requeue(assignment.workflow),
            other => other,
        }
    }

    /// The workflow the effect acts on, for logs.
    pub(super) fn workflow(&self) -> &WorkflowId {
        match self {
            Deferred::Dispatch(assignment) => &assignment.workflow,
            Deferred::Requeue(workflow_id)
            | Deferred::Cancel { workflow_id, .. }
            | Deferred::ExpireLease { workflow_id, .. }
            | Deferred::Deadline { workflow_id, .. }
            | Deferred::CheckApproval { workflow_id, .. } => workflow_id,
            Deferred::CreateChild { child_id, .. } => child_id,
            Deferred::NotifyParent { parent, .. } => &parent.workflow_id,
            Deferred::CheckParent { child, .. } => child,
        }
    }

    /// The effect's name, for logs.
    pub(super) fn kind(&self) -> &'static str {
        match self {
            Deferred::Dispatch(_) => "dispatch",
            Deferred::Requeue(_) => "requeue",
            Deferred::CreateChild { .. } => "create-child",
            Deferred::NotifyParent { .. } => "notify-parent",
            Deferred::Cancel { .. } => "cancel",
            Deferred::ExpireLease { .. } => "expire-lease",
            Deferred::CheckParent { .. } => "check-parent",
            Deferred::Deadline { .. } => "deadline",
            Deferred::CheckApproval { .. } => "check-approval",
        }
    }
}

/// The effects a workflow loaded at start-up still owes: everything [`derive_effects`] would
/// have produced for its whole history and not yet seen through.
pub(super) fn recovery_effects(state: &WorkflowState) -> Vec<Effect> {
    let mut effects = Vec::new();
    if state.is_terminal() {
        return effects;
    }
    for wait in state.waits.values() {
        wait_effects(state, wait, &mut effects);
    }
    for &position in state.activities.keys() {
        activity_effects(state, position, &mut effects);
    }
    if let Some(at) = state.execution_deadline {
        effects.push(Effect::Deadline {
            position: WORKFLOW_DEADLINE,
            at,
        });
    }
    if let Some(parent) = &state.row.parent {
        effects.push(Effect::Deferred(Deferred::CheckParent {
            child: state.row.id.clone(),
            parent: parent.workflow_id.clone(),
        }));
    }
    if let Some(lease) = &state.row.lease {
        effects.push(Effect::Adopt(lease.worker_id.clone()));
    }
    if state.is_runnable() {
        effects.push(Effect::Enqueue {
            affinity: affinity(state),
        });
    }
    effects
}

/// Where a runnable workflow should go: its previous worker (which may resume it without a
/// replay), unless the engine just timed out an attempt there (it may be stuck).
pub(super) fn affinity(state: &WorkflowState) -> Affinity {
    match state.avoid_worker() {
        Some(worker) => Affinity::Avoid(worker),
        None => Affinity::Prefer(state.row.last_worker.clone()),
    }
}

/// An activity in progress needs its next deadline armed; later ones are armed when it passes
/// (a heartbeat moves the heartbeat deadline without a commit, so the armed one may be early:
/// `deadline_reached` then returns the new one to arm).
fn activity_effects(state: &WorkflowState, position: u32, effects: &mut Vec<Effect>) {
    if let Some(at) = state.activity_deadline(position) {
        effects.push(Effect::Deadline { position, at });
    }
}

/// Whether the action ends the workflow by the engine's decision rather than its code's: its
/// worker must be told to stop and its children are cancelled.
fn ended_by_engine(action: &Action) -> bool {
    match action {
        Action::WorkflowCancelled { .. } => true,
        Action::WorkflowFailed { failure } => {
            failure.timeout == Some(aether_types::TimeoutKind::Execution) || failure.is_size_limit()
        }
        _ => false,
    }
}

pub(super) fn child_outcome(info: &WorkflowInfo) -> Option<ChildOutcome> {
    Some(match info.row.status {
        WorkflowStatus::Completed => ChildOutcome::Completed {
            result: info.result.clone().unwrap_or_default(),
        },
        WorkflowStatus::Failed => ChildOutcome::Failed {
            failure: info.failure.clone().unwrap_or_default(),
        },
        WorkflowStatus::Cancelled => ChildOutcome::Cancelled {
            reason: info.cancel_reason.clone().unwrap_or_default(),
        },
        WorkflowStatus::Pending | WorkflowStatus::Running => return None,
    })
}

/// What an open wait needs from the engine: its deadline armed, the child it waits on created
/// (creation is idempotent by id), the outside approval it waits on checked. Derived for the waits a change opens and, at recovery, for
/// every open wait, so a restart re-arms exactly what the commit had armed.
fn wait_effects(state: &WorkflowState, wait: &Wait, effects: &mut Vec<Effect>) {
    if let Some(at) = wait.deadline {
        effects.push(Effect::Deadline {
            position: wait.position,
            at,
        });
    }
    if let Some(Entry::Approval {
        approval,
        requested: None,
        decision: None,
    }) = state.entries.get(&wait.position)
    {
        effects.push(Effect::Deferred(Deferred::CheckApproval {
            workflow_id: state.row.id.clone(),
            approval: approval.clone(),
        }));
    }
    if let Some(Entry::Child {
        workflow_type,
        child_id,
        input,
        outcome: None,
    }) = state.entries.get(&wait.position)
    {
        effects.push(Effect::Deferred(Deferred::CreateChild {
            parent: ParentRef {
                workflow_id: state.row.id.clone(),
                position: wait.position,
            },
            child_id: child_id.clone(),
            workflow_type: workflow_type.clone(),
            input: input.clone(),
        }));
    }
}

/// What follows from a persisted change, derived only from what was recorded and the state it
/// produced. Recovery derives the same effects from a whole state, which is why every effect
/// must be recomputable from the store.
pub(super) fn derive_effects(
    lease_before: Option<Lease>,
    was_terminal: bool,
    state: &WorkflowState,
    events: &[HistoryEvent],
) -> Vec<Effect> {
    let mut effects = Vec::new();
    for event in events {
        if let Some(opened) = wait::opened_by(&event.action, event.at)
            && state.waits.get(&opened.position) == Some(&opened)
        {
            wait_effects(state, &opened, &mut effects);
        }
        match &event.action {
            Action::ActivityStarted { position, .. } | Action::TimerFired { position } => {
                activity_effects(state, *position, &mut effects);
            }
            Action::WorkflowStarted {
                execution_timeout_at: Some(at),
                ..
            } => effects.push(Effect::Deadline {
                position: WORKFLOW_DEADLINE,
                at: *at,
            }),
            // The engine failed an attempt and ended the lease: its worker must drop it.
            Action::StepFailed {
                failure,
                name,
                attempt,
                ..
            } if failure.timeout.is_some() => {
                if let Some(lease) = &lease_before
                    && state.row.lease.is_none()
                {
                    effects.push(Effect::CancelTask {
                        lease: lease.clone(),
                        reason: format!(
                            "activity '{name}' attempt {attempt} timed out ({})",
                            failure.timeout.map(|k| k.as_str()).unwrap_or_default()
                        ),
                    });
                }
            }
            _ => {}
        }
        if ended_by_engine(&event.action) {
            let reason = match &event.action {
                Action::WorkflowCancelled { reason } => reason.clone(),
                Action::WorkflowFailed { failure } => failure.message.clone(),
                _ => String::new(),
            };
            for entry in state.entries.values() {
                if let Entry::Child {
                    child_id,
                    outcome: None,
                    ..
                } = entry
                {
                    effects.push(Effect::Deferred(Deferred::Cancel {
                        workflow_id: child_id.clone(),
                        reason: format!("parent {} {}", state.row.id, ended_as(state)),
                    }));
                }
            }
            if let Some(lease) = &lease_before {
                effects.push(Effect::CancelTask {
                    lease: lease.clone(),
                    reason,
                });
            }
        }
    }
    if let Some(lease) = lease_before
        && state.row.lease.as_ref().map(|l| &l.token) != Some(&lease.token)
    {
        effects.push(Effect::ReleaseSlot(lease.worker_id));
    }
    if !was_terminal && state.is_terminal() {
        effects.push(Effect::Closed(Some(Box::new(info_of(state)))));
        if let Some(parent) = &state.row.parent
            && let Some(outcome) = child_outcome(&info_of(state))
        {
            effects.push(Effect::Deferred(Deferred::NotifyParent {
                parent: parent.clone(),
                child_id: state.row.id.clone(),
                outcome,
            }));
        }
    }
    if state.is_runnable() {
        effects.push(Effect::Enqueue {
            affinity: affinity(state),
        });
    }
    effects
}

/// How a workflow the engine ended ended, for its children's cancellation reason.
fn ended_as(state: &WorkflowState) -> &'static str {
    match (&state.row.status, &state.failure) {
        (WorkflowStatus::Failed, Some(failure)) if failure.is_size_limit() => {
            "failed (a size limit)"
        }
        (WorkflowStatus::Failed, _) => "timed out",
        _ => "cancelled",
    }
}

#[cfg(test)]
mod tests;
