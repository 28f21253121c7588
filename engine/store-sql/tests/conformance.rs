//! The store conformance suite: one set of behaviours every backend must show, run against each
//! backend through the `conformance!` macro.

use aether_store::{Error, MemoryStore, Store, WorkflowWrite};
use aether_store_sql::{Location, SqlStore};
use aether_types::{
    Action, HistoryEvent, Lease, ListFilter, TaskToken, WorkerId, WorkflowId, WorkflowRow,
    WorkflowStatus,
};

fn id(s: &str) -> WorkflowId {
    WorkflowId::parse(s).unwrap()
}

fn row(name: &str, created_at: i64) -> WorkflowRow {
    WorkflowRow {
        id: id(name),
        workflow_type: "order".into(),
        status: WorkflowStatus::Pending,
        wait: None,
        wait_since: None,
        parent: None,
        created_at,
        updated_at: created_at,
        closed_at: None,
        version: 1,
        history_len: 1,
        lease: None,
        last_worker: None,
        due_at: None,
    }
}

fn event(seq: u64, action: Action) -> HistoryEvent {
    HistoryEvent {
        seq,
        at: 1000 + seq as i64,
        action,
    }
}

fn started() -> Action {
    Action::WorkflowStarted {
        workflow_type: "order".into(),
        input: br#"{"n":1}"#.to_vec(),
        parent: None,
    }
}

fn step(position: u32) -> Action {
    Action::StepCompleted {
        position,
        name: format!("step-{position}"),
        attempt: 1,
        result: b"\"ok\"".to_vec(),
    }
}

async fn create(store: &dyn Store, name: impl Into<String>, created_at: i64) -> WorkflowRow {
    let row = row(&name.into(), created_at);
    store
        .commit(WorkflowWrite {
            row: row.clone(),
            expected_version: 0,
            events: vec![event(1, started())],
        })
        .await
        .unwrap();
    row
}

/// The next version of `row` with `events` appended.
fn next(row: &WorkflowRow, events: usize) -> WorkflowRow {
    WorkflowRow {
        version: row.version + 1,
        history_len: row.history_len + events as u64,
        ..row.clone()
    }
}

pub async fn creates_and_loads_row_and_history(store: &dyn Store) {
    let row = create(store, "a", 10).await;
    let loaded = store.load(&id("a")).await.unwrap().unwrap();
    assert_eq!(loaded.row, row);
    assert_eq!(loaded.events, vec![event(1, started())]);
    assert!(store.load(&id("missing")).await.unwrap().is_none());
}

pub async fn appends_in_order_and_updates_the_row(store: &dyn Store) {
    let row = create(store, "a", 10).await;
    let mut updated = next(&row, 2);
    updated.status = WorkflowStatus::Running;
    updated.lease = Some(Lease {
        token: TaskToken::generate(),
        worker_id: WorkerId::parse("w").unwrap(),
        leased_at: 11,
    });
    store
        .commit(WorkflowWrite {
            row: updated.clone(),
            expected_version: 1,
            events: vec![event(2, step(0)), event(3, step(1))],
        })
        .await
        .unwrap();
    let loaded = store.load(&id("a")).await.unwrap().unwrap();
    assert_eq!(loaded.row, updated);
    let seqs: Vec<u64> = store
        .history(&id("a"))
        .await
        .unwrap()
        .iter()
        .map(|e| e.seq)
        .collect();
    assert_eq!(seqs, vec![1, 2, 3]);
}

pub async fn rejects_stale_versions_and_changes_nothing(store: &dyn Store) {
    let row = create(store, "a", 10).await;
    let write = WorkflowWrite {
        row: next(&row, 1),
        expected_version: 1,
        events: vec![event(2, step(0))],
    };
    store.commit(write.clone()).await.unwrap();
    let err = store.commit(write).await.unwrap_err();
    assert!(matches!(err, Error::Conflict { .. }), "{err}");
    assert_eq!(store.history(&id("a")).await.unwrap().len(), 2);
}

pub async fn rejects_duplicate_creation(store: &dyn Store) {
    create(store, "a", 10).await;
    let err = store
        .commit(WorkflowWrite {
            row: row("a", 11),
            expected_version: 0,
            events: vec![event(1, started())],
        })
        .await
        .unwrap_err();
    assert!(matches!(err, Error::AlreadyExists(_)), "{err}");
    assert_eq!(
        store.load(&id("a")).await.unwrap().unwrap().row.created_at,
        10
    );
}

pub async fn rejects_gaps_in_the_history(store: &dyn Store) {
    let row = create(store, "a", 10).await;
    let err = store
        .commit(WorkflowWrite {
            row: next(&row, 1),
            expected_version: 1,
            events: vec![event(3, step(0))],
        })
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Backend(_)), "{err}");
    assert_eq!(store.history(&id("a")).await.unwrap().len(), 1);
}

pub async fn lists_newest_first_with_filters(store: &dyn Store) {
    for (name, at) in [("old", 1), ("mid", 2), ("new", 3)] {
        create(store, name, at).await;
    }
    let mid = store.load(&id("mid")).await.unwrap().unwrap().row;
    let mut done = next(&mid, 1);
    done.status = WorkflowStatus::Completed;
    done.closed_at = Some(5);
    store
        .commit(WorkflowWrite {
            row: done,
            expected_version: 1,
            events: vec![event(
                2,
                Action::WorkflowCompleted {
                    result: b"1".to_vec(),
                },
            )],
        })
        .await
        .unwrap();
    let all = |limit| ListFilter {
        limit,
        ..ListFilter::default()
    };
    let names = |rows: Vec<WorkflowRow>| {
        rows.into_iter()
            .map(|r| r.id.to_string())
            .collect::<Vec<_>>()
    };
    assert_eq!(
        names(store.list(&all(10)).await.unwrap()),
        ["new", "mid", "old"]
    );
    assert_eq!(names(store.list(&all(2)).await.unwrap()), ["new", "mid"]);
    let completed = ListFilter {
        status: Some(WorkflowStatus::Completed),
        ..all(10)
    };
    assert_eq!(names(store.list(&completed).await.unwrap()), ["mid"]);
    let other_type = ListFilter {
        workflow_type: Some("other".into()),
        ..all(10)
    };
    assert!(store.list(&other_type).await.unwrap().is_empty());
    let mut active = store.active().await.unwrap();
    active.sort();
    assert_eq!(active, vec![id("new"), id("old")]);
    let counts = store.counts().await.unwrap();
    assert_eq!((counts.pending, counts.completed), (2, 1));
}

pub async fn history_of_an_unknown_workflow_is_not_found(store: &dyn Store) {
    assert!(matches!(
        store.history(&id("nope")).await,
        Err(Error::NotFound(_))
    ));
}

pub async fn concurrent_commits_each_get_their_own_result(store: &dyn Store) {
    // Many writers at once share transactions (group commit); a stale write among them fails
    // alone.
    let rows: Vec<WorkflowRow> =
        futures::future::join_all((0..50).map(|i| create(store, format!("w{i}"), i))).await;
    let writes = rows.iter().enumerate().map(|(i, row)| {
        let stale = i == 7;
        let expected_version = if stale { 99 } else { 1 };
        store.commit(WorkflowWrite {
            row: WorkflowRow {
                version: expected_version + 1,
                ..next(row, 1)
            },
            expected_version,
            events: vec![event(2, step(0))],
        })
    });
    let results = futures::future::join_all(writes).await;
    for (i, result) in results.iter().enumerate() {
        if i == 7 {
            assert!(matches!(result, Err(Error::Conflict { .. })), "{result:?}");
        } else {
            assert!(result.is_ok(), "write {i}: {result:?}");
        }
    }
    assert_eq!(store.history(&id("w7")).await.unwrap().len(), 1);
    assert_eq!(store.history(&id("w8")).await.unwrap().len(), 2);
    assert_eq!(store.counts().await.unwrap().pending, 50);
}

pub async fn queued_writes_to_one_workflow_apply_in_order(store: &dyn Store) {
    // Two writes to the same workflow may land in one batch; the second builds on the first.
    let row = create(store, "a", 1).await;
    let second_row = next(&row, 1);
    let third_row = next(&second_row, 1);
    let (first, second) = futures::join!(
        store.commit(WorkflowWrite {
            row: second_row.clone(),
            expected_version: 1,
            events: vec![event(2, step(0))],
        }),
        store.commit(WorkflowWrite {
            row: third_row,
            expected_version: 2,
            events: vec![event(3, step(1))],
        }),
    );
    first.unwrap();
    second.unwrap();
    let seqs: Vec<u64> = store
        .history(&id("a"))
        .await
        .unwrap()
        .iter()
        .map(|e| e.seq)
        .collect();
    assert_eq!(seqs, vec![1, 2, 3]);
}

/// Runs every case against one backend; `$open` gives the store and a guard that keeps its
/// database alive for the test.
macro_rules! conformance {
    ($backend:ident, $open:expr) => {
        mod $backend {
            use super::*;

            conformance!(@cases $open;
                creates_and_loads_row_and_history,
                appends_in_order_and_updates_the_row,
                rejects_stale_versions_and_changes_nothing,
                rejects_duplicate_creation,
                rejects_gaps_in_the_history,
                lists_newest_first_with_filters,
                history_of_an_unknown_workflow_is_not_found,
                concurrent_commits_each_get_their_own_result,
                queued_writes_to_one_workflow_apply_in_order,
            );
        }
    };
    (@cases $open:expr; $($case:ident,)*) => {
        $(
            #[tokio::test]
            async fn $case() {
                let (store, _guard) = $open.await;
                super::$case(&store).await;
            }
        )*
    };
}

async fn memory() -> (MemoryStore, ()) {
    (MemoryStore::new(), ())
}

async fn sqlite() -> (SqlStore, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let location = Location::Sqlite(dir.path().join("aether.db"));
    (SqlStore::open(&location).await.unwrap(), dir)
}

async fn postgres() -> (SqlStore, ()) {
    let url = aether_store_sql::testing::fresh_postgres_url().await;
    (SqlStore::open(&Location::Postgres(url)).await.unwrap(), ())
}

conformance!(memory, memory());
conformance!(sqlite, sqlite());
conformance!(postgres, postgres());
