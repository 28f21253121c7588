//! The L1 tier's promise beyond the `Store` suite: what was committed is in the database after
//! `flush`, and a store opened on that database later starts from it.

use std::time::Duration;

use aether_store::{Store, StoredWorkflow, WorkflowWrite};
use aether_store_sql::{Location, SnapshotStore, SqlStore};
use aether_types::{
    Action, HistoryEvent, ListFilter, WaitKind, WorkflowId, WorkflowRow, WorkflowStatus,
};

/// Long enough that only `flush` writes during a test (the first tick, at once, finds nothing).
const NEVER: Duration = Duration::from_secs(3600);

fn id(name: &str) -> WorkflowId {
    WorkflowId::parse(name).unwrap()
}

fn event(seq: u64) -> HistoryEvent {
    let action = if seq == 1 {
        Action::WorkflowStarted {
            workflow_type: "order".into(),
            input: b"{}".to_vec(),
            parent: None,
            execution_timeout_at: None,
        }
    } else {
        Action::StepCompleted {
            position: seq as u32 - 2,
            name: format!("step-{seq}"),
            attempt: 1,
            result: b"1".to_vec(),
            run: Default::default(),
        }
    };
    HistoryEvent {
        seq,
        at: seq as i64,
        action,
    }
}

fn created(name: &str, at: i64) -> WorkflowWrite {
    WorkflowWrite {
        row: WorkflowRow {
            version: 1,
            history_len: 1,
            ..WorkflowRow::new(id(name), "order".into(), None, at)
        },
        expected_version: 0,
        events: vec![event(1)],
        approvals: Vec::new(),
    }
}

/// The next write of `stored`: `steps` more actions, and the row changed by `change`.
fn next(stored: &WorkflowRow, steps: u64, change: impl FnOnce(&mut WorkflowRow)) -> WorkflowWrite {
    let mut row = WorkflowRow {
        version: stored.version + 1,
        history_len: stored.history_len + steps,
        ..stored.clone()
    };
    change(&mut row);
    WorkflowWrite {
        events: (stored.history_len + 1..=row.history_len)
            .map(event)
            .collect(),
        row,
        expected_version: stored.version,
        approvals: Vec::new(),
    }
}

async fn everything(store: &dyn Store) -> Vec<StoredWorkflow> {
    let rows = store
        .list(&ListFilter {
            limit: 1000,
            ..ListFilter::default()
        })
        .await
        .unwrap();
    let mut out = Vec::new();
    for row in rows {
        out.push(store.load(&row.id).await.unwrap().unwrap());
    }
    out
}

async fn flush_writes_what_was_committed(location: Location) {
    let memory = SnapshotStore::open(&location, NEVER).await.unwrap();
    memory.commit(created("a", 1)).await.unwrap();
    memory.commit(created("b", 2)).await.unwrap();
    let a = memory.load(&id("a")).await.unwrap().unwrap().row;
    memory
        .commit(next(&a, 2, |row| row.status = WorkflowStatus::Running))
        .await
        .unwrap();
    memory.flush().await.unwrap();
    let database = SqlStore::open(&location).await.unwrap();
    let flushed = everything(&*memory).await;
    assert_eq!(flushed.len(), 2);
    assert_eq!(everything(&database).await, flushed);

    // The next flush writes the rows that changed and only the actions the database lacks.
    let a = memory.load(&id("a")).await.unwrap().unwrap().row;
    memory
        .commit(next(&a, 1, |row| {
            row.wait = Some(WaitKind::Timer);
            row.wait_since = Some(10);
            row.due_at = Some(20);
        }))
        .await
        .unwrap();
    let b = memory.load(&id("b")).await.unwrap().unwrap().row;
    memory
        .commit(next(&b, 1, |row| {
            row.status = WorkflowStatus::Completed;
            row.closed_at = Some(11);
        }))
        .await
        .unwrap();
    memory.commit(created("c", 3)).await.unwrap();
    memory.flush().await.unwrap();
    let flushed = everything(&*memory).await;
    assert_eq!(flushed.len(), 3);
    assert_eq!(everything(&database).await, flushed);
    assert_eq!(database.history(&id("a")).await.unwrap().len(), 4);

    // A store opened on the database later starts from the snapshot.
    drop(memory);
    let reopened = SnapshotStore::open(&location, NEVER).await.unwrap();
    assert_eq!(everything(&*reopened).await, flushed);
}

#[tokio::test]
async fn sqlite_flush_writes_what_was_committed() {
    let dir = tempfile::tempdir().unwrap();
    flush_writes_what_was_committed(Location::Sqlite(dir.path().join("aether.db"))).await;
}

#[tokio::test]
async fn postgres_flush_writes_what_was_committed() {
    let url = aether_store_sql::testing::fresh_postgres_url().await;
    flush_writes_what_was_committed(Location::Postgres(url)).await;
}

/// Memory keeps only what it must: a finished workflow leaves it once a snapshot has it, and is
/// still served (load, history, listings, counts) from the database; start-up loads only the
/// unfinished ones.
async fn finished_workflows_leave_memory_once_in_the_database(location: Location) {
    let store = SnapshotStore::open(&location, NEVER).await.unwrap();
    store.commit(created("done", 1)).await.unwrap();
    store.commit(created("open", 2)).await.unwrap();
    let done = store.load(&id("done")).await.unwrap().unwrap().row;
    store
        .commit(next(&done, 1, |row| {
            row.status = WorkflowStatus::Completed;
            row.closed_at = Some(5);
        }))
        .await
        .unwrap();
    let all = everything(&*store).await;
    let counts = store.counts().await.unwrap();
    assert_eq!((all.len(), counts.completed, counts.pending), (2, 1, 1));
    assert_eq!(store.workflows_in_memory().unwrap(), 2);

    store.flush().await.unwrap();
    assert_eq!(store.workflows_in_memory().unwrap(), 1);
    assert_eq!(everything(&*store).await, all);
    assert_eq!(store.counts().await.unwrap(), counts);
    assert_eq!(store.history(&id("done")).await.unwrap().len(), 2);
    let completed = store
        .list(&ListFilter {
            status: Some(WorkflowStatus::Completed),
            limit: 10,
            ..ListFilter::default()
        })
        .await
        .unwrap();
    assert_eq!(completed.len(), 1);
    assert_eq!(completed[0].id, id("done"));
    // One row per page: the cursor walks memory's and the database's rows in one order.
    let first = store
        .list(&ListFilter {
            limit: 1,
            ..ListFilter::default()
        })
        .await
        .unwrap();
    let second = store
        .list(&ListFilter {
            limit: 1,
            after: Some(aether_types::ListCursor::of(&first[0])),
            ..ListFilter::default()
        })
        .await
        .unwrap();
    assert_eq!((&first[0].id, &second[0].id), (&id("open"), &id("done")));

    drop(store);
    let reopened = SnapshotStore::open(&location, NEVER).await.unwrap();
    assert_eq!(reopened.workflows_in_memory().unwrap(), 1);
    assert_eq!(everything(&*reopened).await, all);
    assert_eq!(reopened.counts().await.unwrap(), counts);
    // The finished id is still taken.
    assert!(matches!(
        reopened.commit(created("done", 1)).await,
        Err(aether_store::Error::AlreadyExists(_))
    ));
    assert_eq!(reopened.counts().await.unwrap(), counts);
}

#[tokio::test]
async fn sqlite_finished_workflows_leave_memory_once_in_the_database() {
    let dir = tempfile::tempdir().unwrap();
    finished_workflows_leave_memory_once_in_the_database(Location::Sqlite(
        dir.path().join("aether.db"),
    ))
    .await;
}

#[tokio::test]
async fn postgres_finished_workflows_leave_memory_once_in_the_database() {
    let url = aether_store_sql::testing::fresh_postgres_url().await;
    finished_workflows_leave_memory_once_in_the_database(Location::Postgres(url)).await;
}
