//! The L0 tier: everything in process memory, nothing survives a restart.

use std::{
    collections::{BTreeMap, HashMap},
    sync::Mutex,
};

use aether_types::{
    Approval, ApprovalFilter, ApprovalId, ApprovalState, HistoryEvent, ListFilter, Millis, NodeId,
    ScheduleId, ScheduleRow, WorkflowId, WorkflowRow,
};
use async_trait::async_trait;

use crate::{
    Error, Result, StatusCounts, Store, StoredWorkflow, WorkflowWrite, check_schedule_write,
    check_write,
};

#[derive(Default)]
pub struct MemoryStore {
    inner: Mutex<Inner>,
}

#[derive(Default)]
struct Inner {
    workflows: HashMap<WorkflowId, StoredWorkflow>,
    /// (created_at, id): listing newest first without sorting everything.
    by_creation: BTreeMap<(Millis, WorkflowId), ()>,
    approvals: HashMap<ApprovalId, Approval>,
    /// (requested_at, id): approvals newest first.
    approvals_by_request: BTreeMap<(Millis, ApprovalId), ()>,
    schedules: BTreeMap<ScheduleId, ScheduleRow>,
    /// Each node's last beat.
    nodes: HashMap<NodeId, Millis>,
}

impl Inner {
    fn keep_approval(&mut self, approval: Approval) {
        self.approvals_by_request
            .insert((approval.requested_at, approval.id.clone()), ());
        self.approvals.insert(approval.id.clone(), approval);
    }
}

impl MemoryStore {
    pub fn new() -> Self {
        Self::default()
    }

    /// Puts back a workflow read from a snapshot, unchecked: the L1 tier's start-up, whose
    /// database already holds what this store once accepted.
    pub fn restore(&self, workflow: StoredWorkflow) -> Result<()> {
        let mut inner = self.lock()?;
        let id = workflow.row.id.clone();
        inner
            .by_creation
            .insert((workflow.row.created_at, id.clone()), ());
        inner.workflows.insert(id, workflow);
        Ok(())
    }

    /// How many workflows this store holds.
    pub fn len(&self) -> Result<usize> {
        Ok(self.lock()?.workflows.len())
    }

    pub fn is_empty(&self) -> Result<bool> {
        Ok(self.len()? == 0)
    }

    /// Whether this store holds the workflow.
    pub fn contains(&self, id: &WorkflowId) -> Result<bool> {
        Ok(self.lock()?.workflows.contains_key(id))
    }

    /// Drops a finished workflow whose row is still at `version` (the L1 tier, once its
    /// database has it); returns its status if it was dropped.
    pub fn forget_finished(
        &self,
        id: &WorkflowId,
        version: u64,
    ) -> Result<Option<aether_types::WorkflowStatus>> {
        let mut inner = self.lock()?;
        let Some(row) = inner
            .workflows
            .get(id)
            .map(|w| &w.row)
            .filter(|row| row.version == version && row.status.is_terminal())
        else {
            return Ok(None);
        };
        let (status, key) = (row.status, (row.created_at, id.clone()));
        inner.by_creation.remove(&key);
        inner.workflows.remove(id);
        Ok(Some(status))
    }

    /// Puts back an approval read from a snapshot, unchecked (see [`MemoryStore::restore`]).
    pub fn restore_approval(&self, approval: Approval) -> Result<()> {
        self.lock()?.keep_approval(approval);
        Ok(())
    }

    fn lock(&self) -> Result<std::sync::MutexGuard<'_, Inner>> {
        self.inner
            .lock()
            .map_err(|_| Error::Backend("memory store lock poisoned".into()))
    }
}

#[async_trait]
impl Store for MemoryStore {
    async fn commit(&self, write: WorkflowWrite) -> Result<()> {
        let mut inner = self.lock()?;
        let id = write.row.id.clone();
        match inner.workflows.get_mut(&id) {
            None if write.expected_version == 0 => {
                check_write(&write, 0)?;
                inner
                    .by_creation
                    .insert((write.row.created_at, id.clone()), ());
                inner.workflows.insert(
                    id,
                    StoredWorkflow {
                        row: write.row,
                        events: write.events,
                    },
                );
                for approval in write.approvals {
                    inner.keep_approval(approval);
                }
                Ok(())
            }
            None => Err(Error::NotFound(id)),
            Some(_) if write.expected_version == 0 => Err(Error::AlreadyExists(id)),
            Some(stored) => {
                if stored.row.version != write.expected_version {
                    return Err(Error::Conflict {
                        id,
                        expected: write.expected_version,
                    });
                }
                check_write(&write, stored.row.history_len)?;
                stored.row = write.row;
                stored.events.extend(write.events);
                for approval in write.approvals {
                    inner.keep_approval(approval);
                }
                Ok(())
            }
        }
    }

    async fn load(&self, id: &WorkflowId) -> Result<Option<StoredWorkflow>> {
        Ok(self.lock()?.workflows.get(id).cloned())
    }

    async fn history(&self, id: &WorkflowId) -> Result<Vec<HistoryEvent>> {
        self.lock()?
            .workflows
            .get(id)
            .map(|w| w.events.clone())
            .ok_or_else(|| Error::NotFound(id.clone()))
    }

    async fn list(&self, filter: &ListFilter) -> Result<Vec<aether_types::WorkflowRow>> {
        let inner = self.lock()?;
        Ok(inner
            .by_creation
            .keys()
            .rev()
            .filter_map(|(_, id)| inner.workflows.get(id))
            .map(|w| &w.row)
            .filter(|row| filter.matches(row))
            .take(filter.limit)
            .cloned()
            .collect())
    }

    async fn active(&self) -> Result<Vec<WorkflowId>> {
        Ok(self
            .lock()?
            .workflows
            .values()
            .filter(|w| !w.row.status.is_terminal())
            .map(|w| w.row.id.clone())
            .collect())
    }

    async fn runnable(&self, types: &[String], limit: usize) -> Result<Vec<WorkflowId>> {
        let inner = self.lock()?;
        let mut found: Vec<&WorkflowRow> = inner
            .workflows
            .values()
            .map(|w| &w.row)
            .filter(|row| row.is_runnable() && types.contains(&row.workflow_type))
            .collect();
        found.sort_by_key(|row| (row.updated_at, row.id.clone()));
        Ok(found
            .into_iter()
            .take(limit)
            .map(|r| r.id.clone())
            .collect())
    }

    async fn beat_node(&self, node: &NodeId, at: Millis) -> Result<()> {
        self.lock()?.nodes.insert(node.clone(), at);
        Ok(())
    }

    async fn claim_dead_nodes(&self, before: Millis) -> Result<Vec<NodeId>> {
        let mut inner = self.lock()?;
        let mut dead: Vec<NodeId> = inner
            .nodes
            .iter()
            .filter(|(_, beat)| **beat < before)
            .map(|(node, _)| node.clone())
            .collect();
        dead.sort();
        for node in &dead {
            inner.nodes.remove(node);
        }
        Ok(dead)
    }

    async fn orphaned_leases(&self, limit: usize) -> Result<Vec<(WorkflowId, NodeId)>> {
        let inner = self.lock()?;
        let mut found: Vec<(WorkflowId, NodeId)> = inner
            .workflows
            .values()
            .filter(|w| !w.row.status.is_terminal())
            .filter_map(|w| {
                let node = w.row.lease.as_ref()?.node.as_ref()?;
                (!inner.nodes.contains_key(node)).then(|| (w.row.id.clone(), node.clone()))
            })
            .collect();
        found.sort();
        found.truncate(limit);
        Ok(found)
    }

    async fn due(&self, now: Millis, limit: usize) -> Result<Vec<WorkflowId>> {
        let inner = self.lock()?;
        let mut found: Vec<(Millis, WorkflowId)> = inner
            .workflows
            .values()
            .filter(|w| !w.row.status.is_terminal())
            .filter_map(|w| {
                w.row
                    .due_at
                    .filter(|at| *at <= now)
                    .map(|at| (at, w.row.id.clone()))
            })
            .collect();
        found.sort();
        Ok(found.into_iter().take(limit).map(|(_, id)| id).collect())
    }

    async fn approval(&self, id: &ApprovalId) -> Result<Option<Approval>> {
        Ok(self.lock()?.approvals.get(id).cloned())
    }

    async fn pending_approvals(&self, now: Millis) -> Result<u64> {
        let inner = self.lock()?;
        Ok(inner
            .approvals
            .values()
            .filter(|a| a.state_at(now) == ApprovalState::Pending)
            .count() as u64)
    }

    async fn approvals(&self, filter: &ApprovalFilter, now: Millis) -> Result<Vec<Approval>> {
        let inner = self.lock()?;
        Ok(inner
            .approvals_by_request
            .keys()
            .rev()
            .filter_map(|(_, id)| inner.approvals.get(id))
            .filter(|a| filter.after.as_ref().is_none_or(|c| c.precedes(a)))
            .filter(|a| {
                filter.state.is_none_or(|s| a.state_at(now) == s)
                    && filter
                        .workflow_id
                        .as_ref()
                        .is_none_or(|w| a.workflow_id.as_ref() == Some(w))
                    && filter
                        .session_id
                        .as_ref()
                        .is_none_or(|s| a.request.session_id.as_ref() == Some(s))
                    && filter
                        .reason
                        .as_ref()
                        .is_none_or(|r| &a.request.reason == r)
            })
            .take(filter.limit)
            .map(|a| a.clone().as_of(now))
            .collect())
    }

    async fn put_approval(&self, approval: &Approval, expected_version: u64) -> Result<()> {
        let mut inner = self.lock()?;
        let stored = inner.approvals.get(&approval.id).map(|a| a.version);
        if stored.unwrap_or(0) != expected_version {
            return Err(Error::ApprovalConflict(approval.id.clone()));
        }
        inner.keep_approval(approval.clone());
        Ok(())
    }

    async fn schedule(&self, id: &ScheduleId) -> Result<Option<ScheduleRow>> {
        Ok(self.lock()?.schedules.get(id).cloned())
    }

    async fn schedules(&self) -> Result<Vec<ScheduleRow>> {
        Ok(self.lock()?.schedules.values().cloned().collect())
    }

    async fn put_schedule(&self, row: &ScheduleRow, expected_version: u64) -> Result<()> {
        check_schedule_write(row, expected_version)?;
        let mut inner = self.lock()?;
        let stored = inner.schedules.get(&row.id).map(|s| s.version);
        if stored.unwrap_or(0) != expected_version {
            return Err(Error::ScheduleConflict(row.id.clone()));
        }
        inner.schedules.insert(row.id.clone(), row.clone());
        Ok(())
    }

    async fn delete_schedule(&self, id: &ScheduleId) -> Result<bool> {
        Ok(self.lock()?.schedules.remove(id).is_some())
    }

    async fn counts(&self) -> Result<StatusCounts> {
        let inner = self.lock()?;
        let mut counts = StatusCounts::default();
        for w in inner.workflows.values() {
            if let Some(kind) = w.row.wait.filter(|_| !w.row.status.is_terminal()) {
                *counts.waiting.entry(kind).or_default() += 1;
            }
            counts.add(w.row.status, 1);
        }
        Ok(counts)
    }
}
