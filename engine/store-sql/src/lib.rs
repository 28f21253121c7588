//! The SQL backends of Aether's store (SQLite and PostgreSQL) through `sqlx`, with group commit:
//! the L2 tier ([`SqlStore`]), the L1 tier that snapshots memory into it ([`SnapshotStore`]),
//! the SQL [`WorkspaceStore`](aether_store::workspace::WorkspaceStore), and the embedded
//! migrations (`migrations/<db>` at the repository root).
//!
//! The traits and the in-memory backends are `aether-store`; this crate is apart so that only
//! the crates that open a database (the server, the bench, the tests) compile sqlx and the
//! drivers.
//!
//! Writes go through one writer task per store: concurrent `commit` calls queue up while the
//! previous transaction is being made durable, and the next transaction takes them all (group
//! commit), so that an fsync is shared by every workflow that committed meanwhile. Each write is
//! still checked against its own expected version; one stale write does not fail the others.
//! Reads go straight to a connection pool.
//!
//! The queries and the `Store` implementation over them are written once (`queries.rs`) and
//! instantiated for each database; `sqlite.rs` and `postgres.rs` hold only what differs (opening
//! and migrating, the writer's lanes, `LISTEN`/`NOTIFY`, the schema query, and how a batch is
//! applied: SQLite's in one hand-off, `sqlite/commit.rs`).

#[macro_use]
mod queries;
mod bus;
mod columns;
mod postgres;
mod snapshot;
mod sqlite;
#[cfg(feature = "testing")]
pub mod testing;
mod transaction;
mod workspace;
mod writer;

use std::sync::Arc;

use aether_store::{
    Error, Notice, Result, StatusCounts, Store, StoredWorkflow, WorkflowWrite,
    workspace::WorkspaceStore,
};
use aether_types::{
    Approval, ApprovalFilter, ApprovalId, HistoryEvent, ListFilter, Millis, ScheduleId,
    ScheduleRow, WaitKind, WorkflowId, WorkflowRow, WorkflowStatus,
};
use async_trait::async_trait;
use tokio::sync::broadcast;

pub use snapshot::SnapshotStore;
pub use workspace::SqlWorkspaceStore;

/// Where a SQL store lives.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Location {
    /// A SQLite file (created with its directory if missing).
    Sqlite(std::path::PathBuf),
    /// A `postgres://` URL.
    Postgres(String),
}

impl Location {
    /// `postgres://…` and `postgresql://…` are PostgreSQL; anything else is a SQLite path
    /// (`sqlite://` prefix optional).
    pub fn parse(db: &str) -> Self {
        if db.starts_with("postgres://") || db.starts_with("postgresql://") {
            Location::Postgres(db.to_owned())
        } else {
            let path = db.strip_prefix("sqlite://").unwrap_or(db);
            Location::Sqlite(path.into())
        }
    }
}

/// What the SQL store needs of a database beside the [`Store`] trait, which each database's
/// backend implements itself (`queries!` writes it once for both).
#[async_trait]
trait Backend: Store {
    /// The workspace store of the same database, sharing its connections (and, on SQLite, its
    /// single writer).
    fn workspace_store(&self) -> Arc<dyn WorkspaceStore>;

    /// Upserts rows and approvals and appends the actions the database lacks, without version
    /// checks.
    async fn write_snapshot(
        &self,
        items: Vec<StoredWorkflow>,
        approvals: Vec<Approval>,
    ) -> Result<()>;

    /// Every workflow that has not finished, with its history.
    async fn load_active(&self) -> Result<Vec<StoredWorkflow>>;

    /// Every approval, as stored.
    async fn load_all_approvals(&self) -> Result<Vec<Approval>>;

    /// The tables and their columns as the database has them.
    async fn schema(&self) -> Result<Vec<(String, Vec<String>)>>;
}

/// The L2 tier: every write is durable in the database before `commit` returns.
pub struct SqlStore {
    backend: Box<dyn Backend>,
}

impl SqlStore {
    /// Opens (creating if needed) the database and applies pending migrations.
    pub async fn open(location: &Location) -> Result<Self> {
        let backend: Box<dyn Backend> = match location {
            Location::Sqlite(path) => Box::new(sqlite::open(path).await?),
            Location::Postgres(url) => Box::new(postgres::open(url).await?),
        };
        Ok(Self { backend })
    }

    /// The workspace store of the same database, sharing its connections (and, on SQLite, its
    /// single writer).
    pub fn workspace_store(&self) -> Arc<dyn WorkspaceStore> {
        self.backend.workspace_store()
    }

    /// Writes a snapshot of workflows without version checks: the L1 tier's flush, whose memory
    /// store already ordered the writes.
    pub(crate) async fn write_snapshot(
        &self,
        items: Vec<StoredWorkflow>,
        approvals: Vec<Approval>,
    ) -> Result<()> {
        self.backend.write_snapshot(items, approvals).await
    }

    /// Every approval: what the L1 tier loads at start-up.
    pub(crate) async fn load_all_approvals(&self) -> Result<Vec<Approval>> {
        self.backend.load_all_approvals().await
    }

    /// Every workflow that has not finished, with its history: what the L1 tier loads at
    /// start-up (finished ones it reads from the database when asked).
    pub(crate) async fn load_active(&self) -> Result<Vec<StoredWorkflow>> {
        self.backend.load_active().await
    }

    /// The tables and their columns as the database has them, for the migration test.
    pub async fn schema(&self) -> Result<Vec<(String, Vec<String>)>> {
        self.backend.schema().await
    }
}

#[async_trait]
impl Store for SqlStore {
    async fn commit(&self, write: WorkflowWrite) -> Result<()> {
        self.backend.commit(write).await
    }

    async fn load(&self, id: &WorkflowId) -> Result<Option<StoredWorkflow>> {
        self.backend.load(id).await
    }

    async fn history(&self, id: &WorkflowId) -> Result<Vec<HistoryEvent>> {
        self.backend.history(id).await
    }

    async fn list(&self, filter: &ListFilter) -> Result<Vec<WorkflowRow>> {
        self.backend.list(filter).await
    }

    async fn active(&self) -> Result<Vec<WorkflowId>> {
        self.backend.active().await
    }

    async fn counts(&self) -> Result<StatusCounts> {
        self.backend.counts().await
    }

    async fn runnable(&self, types: &[String], limit: usize) -> Result<Vec<WorkflowId>> {
        self.backend.runnable(types, limit).await
    }

    async fn due(&self, now: Millis, limit: usize) -> Result<Vec<WorkflowId>> {
        self.backend.due(now, limit).await
    }

    async fn approval(&self, id: &ApprovalId) -> Result<Option<Approval>> {
        self.backend.approval(id).await
    }

    async fn approvals(&self, filter: &ApprovalFilter, now: Millis) -> Result<Vec<Approval>> {
        self.backend.approvals(filter, now).await
    }

    async fn pending_approvals(&self, now: Millis) -> Result<u64> {
        self.backend.pending_approvals(now).await
    }

    async fn put_approval(&self, approval: &Approval, expected_version: u64) -> Result<()> {
        self.backend.put_approval(approval, expected_version).await
    }

    async fn schedule(&self, id: &ScheduleId) -> Result<Option<ScheduleRow>> {
        self.backend.schedule(id).await
    }

    async fn schedules(&self) -> Result<Vec<ScheduleRow>> {
        self.backend.schedules().await
    }

    async fn put_schedule(&self, row: &ScheduleRow, expected_version: u64) -> Result<()> {
        self.backend.put_schedule(row, expected_version).await
    }

    async fn delete_schedule(&self, id: &ScheduleId) -> Result<bool> {
        self.backend.delete_schedule(id).await
    }

    async fn beat_node(&self, node: &aether_types::NodeId, at: aether_types::Millis) -> Result<()> {
        self.backend.beat_node(node, at).await
    }

    async fn claim_dead_nodes(
        &self,
        before: aether_types::Millis,
    ) -> Result<Vec<aether_types::NodeId>> {
        self.backend.claim_dead_nodes(before).await
    }

    async fn orphaned_leases(
        &self,
        limit: usize,
    ) -> Result<Vec<(WorkflowId, aether_types::NodeId)>> {
        self.backend.orphaned_leases(limit).await
    }

    async fn ping(&self) -> Result<()> {
        self.backend.ping().await
    }

    fn shared(&self) -> bool {
        self.backend.shared()
    }

    fn notices(&self) -> Option<broadcast::Receiver<Notice>> {
        self.backend.notices()
    }
}

/// Reads `SELECT status, COUNT(*)` rows into counts.
/// `(value, count)` rows of a `GROUP BY`.
type Groups = Vec<(String, i64)>;

fn status_counts((statuses, waits): (Groups, Groups)) -> Result<StatusCounts> {
    let mut counts = StatusCounts::default();
    for (wait, n) in waits {
        let kind = wait
            .parse::<WaitKind>()
            .map_err(|e| corrupt(format!("wait {wait:?}: {e}")))?;
        counts.waiting.insert(kind, u64::try_from(n).unwrap_or(0));
    }
    for (status, n) in statuses {
        let parsed = status
            .parse::<WorkflowStatus>()
            .map_err(|_| Error::Backend(format!("unknown status {status:?} in the database")))?;
        counts.add(parsed, u64::try_from(n).unwrap_or(0));
    }
    Ok(counts)
}

/// Why a write that changed no row was refused: `exists` says whether the workflow's id is in
/// the store. A create finds it taken; an update finds a newer version, or no workflow.
fn refusal(write: &WorkflowWrite, exists: bool) -> Error {
    let id = write.row.id.clone();
    if write.expected_version == 0 {
        Error::AlreadyExists(id)
    } else if exists {
        Error::Conflict {
            id,
            expected: write.expected_version,
        }
    } else {
        Error::NotFound(id)
    }
}

fn backend_error(err: sqlx::Error) -> Error {
    Error::Backend(err.to_string())
}

fn corrupt(what: impl std::fmt::Display) -> Error {
    Error::Corrupt(what.to_string())
}

fn decode_event(seq: i64, at: i64, json: &str) -> Result<HistoryEvent> {
    Ok(HistoryEvent {
        seq: u64::try_from(seq).map_err(corrupt)?,
        at,
        action: serde_json::from_str(json).map_err(corrupt)?,
    })
}
