//! The L1 tier: state in memory, written to the database as a snapshot every interval.
//!
//! Commits are acknowledged as soon as memory has them. Every `interval`, the workflows changed
//! since the last snapshot are written (their rows, and the actions appended since) in one
//! transaction. After a crash the engine restarts from the last snapshot: whatever was
//! acknowledged after it — at most one interval plus the time the snapshot took to write — is
//! lost, and the steps it recorded run again.

use std::{
    collections::{HashMap, HashSet},
    sync::{Arc, Mutex, Weak},
    time::Duration,
};

use aether_types::{
    Approval, ApprovalFilter, ApprovalId, HistoryEvent, ListFilter, Millis, WorkflowId, WorkflowRow,
};
use async_trait::async_trait;

use aether_store::{MemoryStore, Result, StatusCounts, Store, StoredWorkflow, WorkflowWrite};

use crate::{Location, SqlStore};

pub struct SnapshotStore {
    memory: MemoryStore,
    sql: SqlStore,
    /// Workflows changed since the last snapshot.
    dirty: Mutex<HashSet<WorkflowId>>,
    /// Approvals changed since the last snapshot.
    dirty_approvals: Mutex<HashSet<ApprovalId>>,
    /// How many actions of each workflow the database already has.
    persisted: Mutex<HashMap<WorkflowId, u64>>,
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

    /// Opens the database, loads the last snapshot into memory, and starts snapshotting every
    /// `interval`.
    pub async fn open(location: &Location, interval: Duration) -> Result<Arc<Self>> {
        let sql = SqlStore::open(location).await?;
        let memory = MemoryStore::new();
        let mut persisted = HashMap::new();
        for workflow in sql.load_all().await? {
            persisted.insert(workflow.row.id.clone(), workflow.row.history_len);
            memory.restore(workflow)?;
        }
        for approval in sql.load_all_approvals().await? {
            memory.restore_approval(approval)?;
        }
        tracing::info!(workflows = persisted.len(), "loaded the last snapshot");
        let store = Arc::new(Self {
            memory,
            sql,
            dirty: Mutex::new(HashSet::new()),
            dirty_approvals: Mutex::new(HashSet::new()),
            persisted: Mutex::new(persisted),
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
        Ok(written)
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
        let approvals: Vec<ApprovalId> = write.approvals.iter().map(|a| a.id.clone()).collect();
        self.memory.commit(write).await?;
        lock(&self.dirty).insert(id);
        lock(&self.dirty_approvals).extend(approvals);
        Ok(())
    }

    async fn load(&self, id: &WorkflowId) -> Result<Option<StoredWorkflow>> {
        self.memory.load(id).await
    }

    async fn history(&self, id: &WorkflowId) -> Result<Vec<HistoryEvent>> {
        self.memory.history(id).await
    }

    async fn list(&self, filter: &ListFilter) -> Result<Vec<WorkflowRow>> {
        self.memory.list(filter).await
    }

    async fn active(&self) -> Result<Vec<WorkflowId>> {
        self.memory.active().await
    }

    async fn counts(&self) -> Result<StatusCounts> {
        self.memory.counts().await
    }

    async fn runnable(&self, types: &[String], limit: usize) -> Result<Vec<WorkflowId>> {
        self.memory.runnable(types, limit).await
    }

    async fn due(&self, now: aether_types::Millis, limit: usize) -> Result<Vec<WorkflowId>> {
        self.memory.due(now, limit).await
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

    async fn flush(&self) -> Result<()> {
        self.snapshot().await.map(|_| ())
    }
}
