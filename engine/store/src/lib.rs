//! Where workflows live: the storage interface the engine core writes through, and the in-memory
//! backends (the L0 tier).
//!
//! A workflow is stored as a [`WorkflowRow`] (the queryable summary: status, wait, lease,
//! version) plus its action log ([`HistoryEvent`]s, gapless from 1). Every write is a
//! [`WorkflowWrite`]: new actions and the new row, checked against the version the writer read.
//! That check is what lets several engine nodes share one database without a global lock.
//!
//! This crate knows nothing of replay or the wire: the core decides, the store keeps (what
//! "runnable" means is the row's own rule, [`WorkflowRow::is_runnable`]). It knows no
//! SQL either and compiles no database driver, so the crates that only use the traits (the core,
//! the workspace service) never build one: the SQL backends, the L1 snapshot tier and the
//! migrations are `aether-store-sql`, which only the crates that open a database depend on.

#[cfg(feature = "testing")]
pub mod conformance;
#[cfg(feature = "testing")]
mod failing;
mod memory;
pub mod workspace;

use std::collections::HashMap;

use aether_types::{
    Approval, ApprovalFilter, ApprovalId, Millis, NodeId, ScheduleId, ScheduleRow, WaitKind,
    WorkflowStatus,
};
use async_trait::async_trait;
use tokio::sync::broadcast;

pub use aether_types::{HistoryEvent, ListFilter, WorkflowId, WorkflowRow};
#[cfg(feature = "testing")]
pub use failing::FailingStore;
pub use memory::MemoryStore;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The workflow changed since the writer read it (another node, or a racing command).
    #[error("workflow {id} was modified concurrently (expected version {expected})")]
    Conflict { id: WorkflowId, expected: u64 },
    /// A create found the id taken.
    #[error("workflow {0} already exists")]
    AlreadyExists(WorkflowId),
    #[error("workflow {0} not found")]
    NotFound(WorkflowId),
    /// A standalone approval changed since the writer read it (or, for a create, exists).
    #[error("approval {0} was modified concurrently")]
    ApprovalConflict(ApprovalId),
    /// A schedule changed since the writer read it (another node's runner, a racing call), or,
    /// for a create, its id is taken.
    #[error("schedule {0} was modified concurrently")]
    ScheduleConflict(ScheduleId),
    /// The backend failed (I/O, connection).
    #[error("storage backend: {0}")]
    Backend(String),
    /// A stored row cannot be read back (it breaks a rule of its type): retrying will not help.
    #[error("corrupt data in the store: {0}")]
    Corrupt(String),
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

/// A workflow as stored: its row and its whole action log.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredWorkflow {
    pub row: WorkflowRow,
    pub events: Vec<HistoryEvent>,
}

/// One atomic change to one workflow.
#[derive(Debug, Clone, PartialEq)]
pub struct WorkflowWrite {
    /// The row after the change; `row.version` must be `expected_version + 1`.
    pub row: WorkflowRow,
    /// The version the writer read; 0 creates the workflow.
    pub expected_version: u64,
    /// Actions to append, numbered from the stored history's length + 1.
    pub events: Vec<HistoryEvent>,
    /// The workflow's approvals whose record the actions changed (requested, decided, cancelled
    /// with the workflow), stored in the same transaction: an approval listed as pending is
    /// one its workflow's log says is pending.
    pub approvals: Vec<Approval>,
}

/// Counts of workflows by status, for metrics and the dashboard.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct StatusCounts {
    pub pending: u64,
    pub running: u64,
    pub completed: u64,
    pub failed: u64,
    pub cancelled: u64,
    /// The active workflows per kind of wait (kinds nobody waits on are absent).
    pub waiting: HashMap<WaitKind, u64>,
}

impl StatusCounts {
    /// Counts `n` more workflows in `status`.
    pub fn add(&mut self, status: WorkflowStatus, n: u64) {
        *self.of(status) += n;
    }

    /// Counts `n` fewer workflows in `status` (never below none).
    pub fn remove(&mut self, status: WorkflowStatus, n: u64) {
        let count = self.of(status);
        *count = count.saturating_sub(n);
    }

    fn of(&mut self, status: WorkflowStatus) -> &mut u64 {
        match status {
            WorkflowStatus::Pending => &mut self.pending,
            WorkflowStatus::Running => &mut self.running,
            WorkflowStatus::Completed => &mut self.completed,
            WorkflowStatus::Failed => &mut self.failed,
            WorkflowStatus::Cancelled => &mut self.cancelled,
        }
    }
}

#[async_trait]
pub trait Store: Send + Sync + 'static {
    /// Applies `write` atomically: the row and all its actions, or nothing. Returns only once the
    /// write is as durable as the backend's tier promises.
    async fn commit(&self, write: WorkflowWrite) -> Result<()>;

    async fn load(&self, id: &WorkflowId) -> Result<Option<StoredWorkflow>>;

    async fn history(&self, id: &WorkflowId) -> Result<Vec<HistoryEvent>>;

    /// Rows matching `filter`, newest first.
    async fn list(&self, filter: &ListFilter) -> Result<Vec<WorkflowRow>>;

    /// Ids of every workflow that is not terminal: what recovery resumes at start-up.
    async fn active(&self) -> Result<Vec<WorkflowId>>;

    async fn counts(&self) -> Result<StatusCounts>;

    /// Makes everything acknowledged so far durable, for tiers that defer writing (L1); called
    /// on graceful shutdown.
    async fn flush(&self) -> Result<()> {
        Ok(())
    }

    /// Whether the backend answers now: one cheap round trip (a database's `SELECT 1`), for
    /// health checks. Backends in memory always answer.
    async fn ping(&self) -> Result<()> {
        Ok(())
    }

    /// Workflows of these types that [`WorkflowRow::is_runnable`], least recently updated
    /// first: work that a node sharing the store may have to take up.
    async fn runnable(&self, types: &[String], limit: usize) -> Result<Vec<WorkflowId>>;

    /// Workflows not terminal whose earliest timer is due at `now` (`due_at <= now`), earliest
    /// first.
    async fn due(&self, now: Millis, limit: usize) -> Result<Vec<WorkflowId>>;

    /// An approval as stored (a pending one past its expiry still says pending; see
    /// [`Approval::as_of`]).
    async fn approval(&self, id: &ApprovalId) -> Result<Option<Approval>>;

    /// Approvals matching `filter`, newest request first (ties by id, descending). The state
    /// filter applies to the state as of `now` ([`Approval::state_at`]), and so does the state
    /// of each record returned.
    async fn approvals(&self, filter: &ApprovalFilter, now: Millis) -> Result<Vec<Approval>>;

    /// How many approvals are pending as of `now` (not decided, not past their expiry): the
    /// inbox's size, counted without listing it.
    async fn pending_approvals(&self, now: Millis) -> Result<u64>;

    /// Writes an approval that belongs to no workflow: creates it when `expected_version` is 0,
    /// otherwise replaces it only if the stored version is `expected_version`
    /// ([`Error::ApprovalConflict`] if not). A workflow's own approvals are written with the
    /// workflow ([`WorkflowWrite::approvals`]).
    async fn put_approval(&self, approval: &Approval, expected_version: u64) -> Result<()>;

    /// A schedule as stored.
    async fn schedule(&self, id: &ScheduleId) -> Result<Option<ScheduleRow>>;

    /// Every schedule, ordered by id.
    async fn schedules(&self) -> Result<Vec<ScheduleRow>>;

    /// Writes a schedule: creates it when `expected_version` is 0 (refused if the id is
    /// taken), otherwise replaces it only if the stored version is `expected_version`; either
    /// way [`Error::ScheduleConflict`] when refused. `row.version` must be
    /// `expected_version + 1`. This compare-and-set is how the runners of several nodes claim
    /// a schedule's ticks: one write wins, the others reload.
    async fn put_schedule(&self, row: &ScheduleRow, expected_version: u64) -> Result<()>;

    /// Removes a schedule; false if there was none.
    async fn delete_schedule(&self, id: &ScheduleId) -> Result<bool>;

    /// Records that `node` is alive at `at` (its record is created by its first beat, and
    /// created again if another node had claimed it dead meanwhile).
    async fn beat_node(&self, node: &NodeId, at: Millis) -> Result<()>;

    /// Removes the record of every node whose last beat is before `before`, and returns the
    /// nodes this call removed: of several nodes claiming the same dead node at once, exactly
    /// one gets it.
    async fn claim_dead_nodes(&self, before: Millis) -> Result<Vec<NodeId>>;

    /// Workflows not terminal holding a lease granted by a node that has no record (claimed
    /// dead), with that node: the leases a surviving node expires. At most `limit`.
    async fn orphaned_leases(&self, limit: usize) -> Result<Vec<(WorkflowId, NodeId)>>;

    /// Whether several engine nodes may share this store, so that each must look for work the
    /// others made (PostgreSQL).
    fn shared(&self) -> bool {
        false
    }

    /// What other nodes changed, as it happens (PostgreSQL `LISTEN`); `None` when unshared.
    fn notices(&self) -> Option<broadcast::Receiver<Notice>> {
        None
    }
}

/// A change announced to every node sharing a store.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Notice {
    /// A workflow of this type became runnable.
    Runnable { workflow_type: String },
    /// This workflow reached a terminal state.
    Closed { id: WorkflowId },
}

impl Notice {
    /// The notices a committed row implies.
    pub fn of(row: &WorkflowRow) -> Option<Notice> {
        if row.status.is_terminal() {
            Some(Notice::Closed { id: row.id.clone() })
        } else if row.is_runnable() {
            Some(Notice::Runnable {
                workflow_type: row.workflow_type.clone(),
            })
        } else {
            None
        }
    }

    pub fn encode(&self) -> String {
        match self {
            Notice::Runnable { workflow_type } => format!("runnable {workflow_type}"),
            Notice::Closed { id } => format!("closed {id}"),
        }
    }

    pub fn decode(payload: &str) -> Option<Notice> {
        let (kind, rest) = payload.split_once(' ').unwrap_or((payload, ""));
        match kind {
            "runnable" => Some(Notice::Runnable {
                workflow_type: rest.to_owned(),
            }),
            "closed" => WorkflowId::parse(rest).ok().map(|id| Notice::Closed { id }),
            _ => None,
        }
    }
}

/// Checks a write's internal consistency; every backend calls it before touching data, so a buggy
/// caller cannot corrupt a history whatever the backend.
/// The check every backend makes before a schedule write: the new version follows the one
/// read.
pub fn check_schedule_write(row: &ScheduleRow, expected_version: u64) -> Result<()> {
    if row.version != expected_version + 1 {
        return Err(Error::Backend(format!(
            "schedule {} written as version {} over version {expected_version}",
            row.id, row.version
        )));
    }
    Ok(())
}

pub fn check_write(write: &WorkflowWrite, stored_history_len: u64) -> Result<()> {
    let id = &write.row.id;
    if write.row.version != write.expected_version + 1 {
        return Err(Error::Backend(format!(
            "workflow {id}: row version {} does not follow expected version {}",
            write.row.version, write.expected_version
        )));
    }
    for (offset, event) in write.events.iter().enumerate() {
        let want = stored_history_len + 1 + offset as u64;
        if event.seq != want {
            return Err(Error::Backend(format!(
                "workflow {id}: action seq {} where {want} was expected",
                event.seq
            )));
        }
    }
    let new_len = stored_history_len + write.events.len() as u64;
    if write.row.history_len != new_len {
        return Err(Error::Backend(format!(
            "workflow {id}: row says {} actions, history would have {new_len}",
            write.row.history_len
        )));
    }
    Ok(())
}
