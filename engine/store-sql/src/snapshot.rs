//! The L1 tier: state in memory, written to the database as a snapshot every interval.
//!
//! Commits are acknowledged as soon as memory has them. Every `interval`, the workflows changed
//! since the last snapshot are written (their rows, and the actions appended since) in one
//! transaction. After a crash the engine restarts from the last snapshot: whatever was
//! acknowledged after it — at most one interval plus the time the snapshot took to write — is
//! lost, and the steps it recorded run again.
//!
//! Memory holds only what must be there: the workflows that have not finished, and finished
//! ones until a snapshot has written them. Start-up loads the unfinished ones; a finished one
//! leaves memory once the database has it, and is read from the database when asked for
//! (`load`, `history`, listings; `counts` adds those the database alone holds).
//!
//! Schedules are written through to the database (stronger than a snapshot): their writes are
//! rare, and a schedule's compare-and-set is what keeps its ticks from starting twice.

use std::{
    collections::{HashMap, HashSet},
    sync::{Arc, Mutex, Weak},
    time::Duration,
};

use aether_types::{
    Approval, ApprovalFilter, ApprovalId, HistoryEvent, ListFilter, Millis, ScheduleId,
    ScheduleRow, WorkflowId, WorkflowRow, WorkflowStatus,
};
use async_trait::async_trait;

use aether_store::{
    Error, MemoryStore, Result, StatusCounts, Store, StoredWorkflow, WorkflowWrite,
};

use crate::{Location, SqlStore};

pub struct SnapshotStore {
    memory: MemoryStore,
    sql: SqlStore,
    /// Workflows changed since the last snapshot.
    dirty: Mutex<HashSet<WorkflowId>>,
    /// Approvals changed since the last snapshot.
    dirty_approvals: Mutex<HashSet<ApprovalId>>,
    /// How many actions of each workflow in memory the database already has. Whoever moves a
    /// workflow into or out of memory holds this lock, so the two agree.
    persisted: Mutex<HashMap<WorkflowId, u64>>,
    /// The finished workflows only the database holds, per status.
    archived: Mutex<StatusCounts>,
    /// One snapshot at a time (the timer and a flush may race).
    writing: tokio::sync::Mutex<()>,
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|p| p.into_inner())
}

impl SnapshotStore {
    /// Workspaces at this tier are written through to the database: stronger than a snapshot,
    /// and their mutations are already one transaction each.
    pub fn workspace_store(&self) -> Arc<dyn aether_store::workspace::WorkspaceStore> {
        self.sql.workspace_store()
    }

    /// Opens the database, loads the unfinished workflows of the last snapshot into memory,
    /// and starts snapshotting every `interval`.
    pub async fn open(location: &Location, interval: Duration) -> Result<Arc<Self>> {
        let sql = SqlStore::open(location).await?;
        let memory = MemoryStore::new();
        let mut persisted = HashMap::new();
        for workflow in sql.load_active().await? {
            persisted.insert(workflow.row.id.clone(), workflow.row.history_len);
            memory.restore(workflow)?;
        }
        for approval in sql.load_all_approvals().await? {
            memory.restore_approval(approval)?;
        }
        let stored = sql.counts().await?;
        let archived = StatusCounts {
            completed: stored.completed,
            failed: stored.failed,
            cancelled: stored.cancelled,
            ..StatusCounts::default()
        };
        tracing::info!(
            workflows = persisted.len(),
            finished = archived.completed + archived.failed + archived.cancelled,
            "loaded the unfinished workflows of the last snapshot"
        );
        let store = Arc::new(Self {
            memory,
            sql,
            dirty: Mutex::new(HashSet::new()),
            dirty_approvals: Mutex::new(HashSet::new()),
            persisted: Mutex::new(persisted),
            archived: Mutex::new(archived),
            writing: tokio::sync::Mutex::new(()),
        });
        tokio::spawn(snapshot_loop(Arc::downgrade(&store), interval));
        Ok(store)
    }

    /// Writes every change since the last snapshot; returns how many workflows it wrote.
    pub async fn snapshot(&self) -> Result<usize> {
        let _one_at_a_time = self.writing.lock().await;
        let ids: Vec<WorkflowId> = lock(&self.dirty).drain().collect();
        let approval_ids: Vec<ApprovalId> = lock(&self.dirty_approvals).drain().collect();
        if ids.is_empty() && approval_ids.is_empty() {
            return Ok(0);
        }
        let mut approvals = Vec::with_capacity(approval_ids.len());
        for id in &approval_ids {
            approvals.extend(self.memory.approval(id).await?);
        }
        let mut items = Vec::with_capacity(ids.len());
        for id in &ids {
            if let Some(mut workflow) = self.memory.load(id).await? {
                let known = lock(&self.persisted).get(id).copied().unwrap_or(0);
                workflow.events.retain(|e| e.seq > known);
                items.push(workflow);
            }
        }
        let written = items.len();
        let lengths: Vec<(WorkflowId, u64)> = items
            .iter()
            .map(|w| (w.row.id.clone(), w.row.history_len))
            .collect();
        let finished: Vec<(WorkflowId, u64)> = items
            .iter()
            .filter(|w| w.row.status.is_terminal())
            .map(|w| (w.row.id.clone(), w.row.version))
            .collect();
        if let Err(err) = self.sql.write_snapshot(items, approvals).await {
            // Nothing was written: these are still to be snapshotted.
            lock(&self.dirty).extend(ids);
            lock(&self.dirty_approvals).extend(approval_ids);
            return Err(err);
        }
        let mut persisted = lock(&self.persisted);
        for (id, len) in lengths {
            persisted.insert(id, len);
        }
        // The database has them now: a finished workflow leaves memory, unless it changed
        // since this snapshot read it.
        let mut archived = lock(&self.archived);
        for (id, version) in finished {
            if let Some(status) = self.memory.forget_finished(&id, version)? {
                persisted.remove(&id);
                archived.add(status, 1);
            }
        }
        Ok(written)
    }

    /// How many workflows are in memory (the unfinished ones, and finished ones not yet in a
    /// snapshot).
    pub fn workflows_in_memory(&self) -> Result<usize> {
        self.memory.len()
    }

    /// Brings a workflow only the database holds back into memory before a write to it, so
    /// that the write is checked against it (a second start of a finished id is refused).
    async fn bring_back(&self, id: &WorkflowId) -> Result<()> {
        if self.memory.contains(id)? {
            return Ok(());
        }
        let Some(stored) = self.sql.load(id).await? else {
            return Ok(());
        };
        let mut persisted = lock(&self.persisted);
        if self.memory.contains(id)? {
            return Ok(());
        }
        persisted.insert(id.clone(), stored.row.history_len);
        if stored.row.status.is_terminal() {
            lock(&self.archived).remove(stored.row.status, 1);
        }
        self.memory.restore(stored)
    }
}

/// The finished statuses a listing with `filter` may find in the database alone: unfinished
/// workflows are all in memory.
fn finished_statuses(filter: &ListFilter) -> Vec<WorkflowStatus> {
    if filter.waiting.is_some() {
        return Vec::new();
    }
    match filter.status {
        Some(status) if status.is_terminal() => vec![status],
        Some(_) => Vec::new(),
        None => vec![
            WorkflowStatus::Completed,
            WorkflowStatus::Failed,
            WorkflowStatus::Cancelled,
        ],
    }
}

async fn snapshot_loop(store: Weak<SnapshotStore>, interval: Duration) {
    let mut ticks = tokio::time::interval(interval);
    ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        ticks.tick().await;
        let Some(store) = store.upgrade() else { return };
        if let Err(err) = store.snapshot().await {
            tracing::error!(error = %err, "snapshot failed; retrying at the next interval");
        }
    }
}

#[async_trait]
impl Store for SnapshotStore {
    async fn commit(&self, write: WorkflowWrite) -> Result<()> {
        let id = write.row.id.clone();
        self.bring_back(&id).await?;
        let approvals: Vec<ApprovalId> = write.approvals.iter().map(|a| a.id.clone()).collect();
        self.memory.commit(write).await?;
        lock(&self.dirty).insert(id);
        lock(&self.dirty_approvals).extend(approvals);
        Ok(())
    }

    // A finished workflow leaves memory only after the database has it, so one that memory
    // lacks is in the database or nowhere.
    async fn load(&self, id: &WorkflowId) -> Result<Option<StoredWorkflow>> {
        match self.memory.load(id).await? {
            Some(workflow) => Ok(Some(workflow)),
            None => self.sql.load(id).await,
        }
    }

    async fn history(&self, id: &WorkflowId) -> Result<Vec<HistoryEvent>> {
        match self.memory.history(id).await {
            Err(Error::NotFound(_)) => self.sql.history(id).await,
            other => other,
        }
    }

    /// Memory's rows, and the database's finished ones memory does not hold (a row memory
    /// holds is newer than the database's), merged in the listing's order. Each query returns
    /// at most `limit` rows, and a database row left out for memory's is replaced by that row
    /// (a finished workflow's status and what the filters read never change), so the first
    /// `limit` of the merge are the listing's.
    async fn list(&self, filter: &ListFilter) -> Result<Vec<WorkflowRow>> {
        let mut rows = self.memory.list(filter).await?;
        // A snapshot may archive a finished row between the two reads: it is then in both, and
        // the one read from memory first is kept.
        let from_memory: HashSet<WorkflowId> = rows.iter().map(|row| row.id.clone()).collect();
        for status in finished_statuses(filter) {
            let only = ListFilter {
                status: Some(status),
                ..filter.clone()
            };
            for row in self.sql.list(&only).await? {
                if !from_memory.contains(&row.id) && !self.memory.contains(&row.id)? {
                    rows.push(row);
                }
            }
        }
        rows.sort_by(|a, b| (b.created_at, &b.id).cmp(&(a.created_at, &a.id)));
        rows.truncate(filter.limit);
        Ok(rows)
    }

    async fn active(&self) -> Result<Vec<WorkflowId>> {
        self.memory.active().await
    }

    async fn counts(&self) -> Result<StatusCounts> {
        let mut counts = self.memory.counts().await?;
        let archived = lock(&self.archived).clone();
        counts.completed += archived.completed;
        counts.failed += archived.failed;
        counts.cancelled += archived.cancelled;
        Ok(counts)
    }

    async fn runnable(&self, types: &[String], limit: usize) -> Result<Vec<WorkflowId>> {
        self.memory.runnable(types, limit).await
    }

    async fn due(&self, now: aether_types::Millis, limit: usize) -> Result<Vec<WorkflowId>> {
        self.memory.due(now, limit).await
    }

    // One node owns a snapshot's memory, so its nodes live there too.
    async fn beat_node(&self, node: &aether_types::NodeId, at: Millis) -> Result<()> {
        self.memory.beat_node(node, at).await
    }

    async fn claim_dead_nodes(&self, before: Millis) -> Result<Vec<aether_types::NodeId>> {
        self.memory.claim_dead_nodes(before).await
    }

    async fn orphaned_leases(
        &self,
        limit: usize,
    ) -> Result<Vec<(WorkflowId, aether_types::NodeId)>> {
        self.memory.orphaned_leases(limit).await
    }

    async fn approval(&self, id: &ApprovalId) -> Result<Option<Approval>> {
        self.memory.approval(id).await
    }

    async fn approvals(&self, filter: &ApprovalFilter, now: Millis) -> Result<Vec<Approval>> {
        self.memory.approvals(filter, now).await
    }

    async fn pending_approvals(&self, now: aether_types::Millis) -> Result<u64> {
        self.memory.pending_approvals(now).await
    }

    async fn put_approval(&self, approval: &Approval, expected_version: u64) -> Result<()> {
        self.memory.put_approval(approval, expected_version).await?;
        lock(&self.dirty_approvals).insert(approval.id.clone());
        Ok(())
    }

    async fn schedule(&self, id: &ScheduleId) -> Result<Option<ScheduleRow>> {
        self.sql.schedule(id).await
    }

    async fn schedules(&self) -> Result<Vec<ScheduleRow>> {
        self.sql.schedules().await
    }

    async fn put_schedule(&self, row: &ScheduleRow, expected_version: u64) -> Result<()> {
        self.sql.put_schedule(row, expected_version).await
    }

    async fn delete_schedule(&self, id: &ScheduleId) -> Result<bool> {
        self.sql.delete_schedule(id).await
    }

    async fn flush(&self) -> Result<()> {
        self.snapshot().await.map(|_| ())
    }

    /// The database the snapshots go to: while it is away nothing new becomes durable.
    async fn ping(&self) -> Result<()> {
        self.sql.ping().await
    }
}
