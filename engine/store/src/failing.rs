//! A store that fails on demand, for tests of what the engine does while its database is away:
//! [`FailingStore`] wraps any [`Store`] and answers [`Error::Backend`] to every call (an
//! outage), or to the calls about chosen workflows (a write that keeps failing for one of
//! them), until it is healed. It can also hold commits on their way to the store, for tests
//! of what happens while a write is in flight.

use std::{
    collections::HashSet,
    sync::{Arc, Mutex, MutexGuard},
};

use aether_types::{
    Approval, ApprovalFilter, ApprovalId, Millis, NodeId, ScheduleId, ScheduleRow, WorkflowId,
};
use async_trait::async_trait;
use tokio::sync::{broadcast, watch};

use crate::{
    Error, HistoryEvent, ListFilter, Notice, Result, StatusCounts, Store, StoredWorkflow,
    WorkflowRow, WorkflowWrite,
};

#[derive(Debug, Default)]
enum Outage {
    #[default]
    None,
    /// Every call fails.
    All,
    /// Calls that read or write one of these workflows fail.
    Workflows(HashSet<WorkflowId>),
}

/// A [`Store`] whose calls fail while an outage is injected, counting the calls it failed.
pub struct FailingStore {
    inner: Arc<dyn Store>,
    outage: Mutex<Outage>,
    failures: watch::Sender<u64>,
    /// Whether commits wait before they reach the store (and are checked for an outage).
    holding: watch::Sender<bool>,
    /// How many commits have been held so far.
    held: watch::Sender<u64>,
}

impl FailingStore {
    pub fn new(inner: Arc<dyn Store>) -> Self {
        Self {
            inner,
            outage: Mutex::new(Outage::None),
            failures: watch::channel(0).0,
            holding: watch::channel(false).0,
            held: watch::channel(0).0,
        }
    }

    /// From now on every call fails.
    pub fn fail_all(&self) {
        *self.outage() = Outage::All;
    }

    /// From now on every load, history read and commit of `id` fails (and those of the
    /// workflows named before, unless every call fails already).
    pub fn fail_workflow(&self, id: &WorkflowId) {
        let mut outage = self.outage();
        match &mut *outage {
            Outage::All => {}
            Outage::Workflows(ids) => {
                ids.insert(id.clone());
            }
            Outage::None => *outage = Outage::Workflows(HashSet::from([id.clone()])),
        }
    }

    /// Ends the outage: every call goes through again.
    pub fn heal(&self) {
        *self.outage() = Outage::None;
    }

    /// How many calls failed so far.
    pub fn failures(&self) -> u64 {
        *self.failures.borrow()
    }

    /// Returns once at least `count` calls have failed since this store was made.
    pub async fn failed_at_least(&self, count: u64) {
        let mut failures = self.failures.subscribe();
        // The sender lives in `self`, which outlives this call: the wait cannot be closed.
        let _ = failures.wait_for(|n| *n >= count).await;
    }

    /// From now on commits wait, until [`release_commits`](Self::release_commits).
    pub fn hold_commits(&self) {
        self.holding.send_replace(true);
    }

    /// Lets held and later commits go on; each is then checked against the outage of the
    /// moment.
    pub fn release_commits(&self) {
        self.holding.send_replace(false);
    }

    /// Returns once at least `count` commits have been held since this store was made.
    pub async fn held_at_least(&self, count: u64) {
        let mut held = self.held.subscribe();
        // The sender lives in `self`, which outlives this call: the wait cannot be closed.
        let _ = held.wait_for(|n| *n >= count).await;
    }

    fn outage(&self) -> MutexGuard<'_, Outage> {
        self.outage
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Fails the call if the outage covers it: every call during a full outage, and the calls
    /// about a failing workflow otherwise.
    fn check(&self, workflow: Option<&WorkflowId>) -> Result<()> {
        let failing = match &*self.outage() {
            Outage::None => false,
            Outage::All => true,
            Outage::Workflows(ids) => workflow.is_some_and(|id| ids.contains(id)),
        };
        if !failing {
            return Ok(());
        }
        self.failures.send_modify(|n| *n += 1);
        Err(Error::Backend("injected outage".into()))
    }
}

#[async_trait]
impl Store for FailingStore {
    async fn commit(&self, write: WorkflowWrite) -> Result<()> {
        let mut holding = self.holding.subscribe();
        if *holding.borrow_and_update() {
            self.held.send_modify(|n| *n += 1);
            // The sender lives in `self`: the wait cannot be closed.
            let _ = holding.wait_for(|held| !held).await;
        }
        self.check(Some(&write.row.id))?;
        self.inner.commit(write).await
    }

    async fn load(&self, id: &WorkflowId) -> Result<Option<StoredWorkflow>> {
        self.check(Some(id))?;
        self.inner.load(id).await
    }

    async fn history(&self, id: &WorkflowId) -> Result<Vec<HistoryEvent>> {
        self.check(Some(id))?;
        self.inner.history(id).await
    }

    async fn list(&self, filter: &ListFilter) -> Result<Vec<WorkflowRow>> {
        self.check(None)?;
        self.inner.list(filter).await
    }

    async fn active(&self) -> Result<Vec<WorkflowId>> {
        self.check(None)?;
        self.inner.active().await
    }

    async fn counts(&self) -> Result<StatusCounts> {
        self.check(None)?;
        self.inner.counts().await
    }

    async fn flush(&self) -> Result<()> {
        self.check(None)?;
        self.inner.flush().await
    }

    async fn ping(&self) -> Result<()> {
        self.check(None)?;
        self.inner.ping().await
    }

    async fn runnable(&self, types: &[String], limit: usize) -> Result<Vec<WorkflowId>> {
        self.check(None)?;
        self.inner.runnable(types, limit).await
    }

    async fn due(&self, now: Millis, limit: usize) -> Result<Vec<WorkflowId>> {
        self.check(None)?;
        self.inner.due(now, limit).await
    }

    async fn approval(&self, id: &ApprovalId) -> Result<Option<Approval>> {
        self.check(None)?;
        self.inner.approval(id).await
    }

    async fn approvals(&self, filter: &ApprovalFilter, now: Millis) -> Result<Vec<Approval>> {
        self.check(None)?;
        self.inner.approvals(filter, now).await
    }

    async fn pending_approvals(&self, now: Millis) -> Result<u64> {
        self.check(None)?;
        self.inner.pending_approvals(now).await
    }

    async fn put_approval(&self, approval: &Approval, expected_version: u64) -> Result<()> {
        self.check(None)?;
        self.inner.put_approval(approval, expected_version).await
    }

    async fn schedule(&self, id: &ScheduleId) -> Result<Option<ScheduleRow>> {
        self.check(None)?;
        self.inner.schedule(id).await
    }

    async fn schedules(&self) -> Result<Vec<ScheduleRow>> {
        self.check(None)?;
        self.inner.schedules().await
    }

    async fn put_schedule(&self, row: &ScheduleRow, expected_version: u64) -> Result<()> {
        self.check(None)?;
        self.inner.put_schedule(row, expected_version).await
    }

    async fn delete_schedule(&self, id: &ScheduleId) -> Result<bool> {
        self.check(None)?;
        self.inner.delete_schedule(id).await
    }

    async fn beat_node(&self, node: &NodeId, at: Millis) -> Result<()> {
        self.check(None)?;
        self.inner.beat_node(node, at).await
    }

    async fn claim_dead_nodes(&self, before: Millis) -> Result<Vec<NodeId>> {
        self.check(None)?;
        self.inner.claim_dead_nodes(before).await
    }

    async fn orphaned_leases(&self, limit: usize) -> Result<Vec<(WorkflowId, NodeId)>> {
        self.check(None)?;
        self.inner.orphaned_leases(limit).await
    }

    fn shared(&self) -> bool {
        self.inner.shared()
    }

    fn notices(&self) -> Option<broadcast::Receiver<Notice>> {
        self.inner.notices()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::MemoryStore;

    fn id(name: &str) -> WorkflowId {
        WorkflowId::parse(name).expect("a valid id")
    }

    #[tokio::test]
    async fn fails_what_the_outage_covers_until_healed() {
        let store = FailingStore::new(Arc::new(MemoryStore::default()));
        assert!(store.load(&id("a")).await.is_ok());

        store.fail_workflow(&id("a"));
        assert!(matches!(store.load(&id("a")).await, Err(Error::Backend(_))));
        assert!(store.load(&id("b")).await.is_ok());
        assert!(store.active().await.is_ok());

        store.fail_all();
        assert!(store.load(&id("b")).await.is_err());
        assert!(store.ping().await.is_err());
        store.failed_at_least(3).await;
        assert_eq!(store.failures(), 3);

        store.heal();
        assert!(store.load(&id("a")).await.is_ok());
        assert!(store.ping().await.is_ok());
        assert_eq!(store.failures(), 3);
    }
}
