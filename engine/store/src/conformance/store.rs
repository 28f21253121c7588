//! The [`Store`] suite: one set of behaviours every backend must show. Each case takes a fresh,
//! empty store; [`store_conformance!`](crate::store_conformance) runs them all against one
//! backend.

use std::time::Duration;

use aether_types::{
    Action, HistoryEvent, Lease, ListFilter, NodeId, TaskToken, WaitKind, WorkerId, WorkflowId,
    WorkflowRow, WorkflowStatus,
};

use crate::{Error, Notice, Store, WorkflowWrite};

pub(super) fn id(s: &str) -> WorkflowId {
    WorkflowId::parse(s).unwrap()
}

fn row(name: &str, created_at: i64) -> WorkflowRow {
    WorkflowRow {
        version: 1,
        history_len: 1,
        ..WorkflowRow::new(id(name), "order".into(), None, created_at)
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
        execution_timeout_at: None,
    }
}

fn step(position: u32) -> Action {
    Action::StepCompleted {
        position,
        name: format!("step-{position}"),
        attempt: 1,
        result: b"\"ok\"".to_vec(),
        // Stored and read back like the rest of the action.
        run: aether_types::AttemptRun {
            worker_id: Some("worker-1".into()),
            leased_at: Some(1_000),
            duration_ms: Some(12),
        },
    }
}

pub(super) async fn create(
    store: &dyn Store,
    name: impl Into<String>,
    created_at: i64,
) -> WorkflowRow {
    create_row(store, row(&name.into(), created_at)).await
}

/// The next version of `row` with `events` appended.
fn next(row: &WorkflowRow, events: usize) -> WorkflowRow {
    WorkflowRow {
        version: row.version + 1,
        history_len: row.history_len + events as u64,
        ..row.clone()
    }
}

/// A write that takes `row` one version further with one more step, and nothing else.
pub(super) fn next_write(row: &WorkflowRow) -> WorkflowWrite {
    let updated = next(row, 1);
    WorkflowWrite {
        expected_version: row.version,
        events: vec![event(updated.history_len, step(row.history_len as u32))],
        row: updated,
        approvals: Vec::new(),
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
        node: Some(node("node-a")),
    });
    store
        .commit(WorkflowWrite {
            row: updated.clone(),
            expected_version: 1,
            events: vec![event(2, step(0)), event(3, step(1))],
            approvals: Vec::new(),
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
        approvals: Vec::new(),
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
            approvals: Vec::new(),
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
            approvals: Vec::new(),
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
            approvals: Vec::new(),
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

/// `waiting` lists the workflows whose current wait is of that kind, newest first, combined
/// with the other filters; a wait that ends takes the workflow off the list.
pub async fn lists_by_what_workflows_wait_on(store: &dyn Store) {
    let waiting_on = |name: &str, created_at: i64, wait: Option<WaitKind>| WorkflowRow {
        status: WorkflowStatus::Running,
        wait,
        wait_since: wait.map(|_| created_at),
        ..row(name, created_at)
    };
    for (name, created_at, wait) in [
        ("timer", 1, Some(WaitKind::Timer)),
        ("signal-old", 2, Some(WaitKind::Signal)),
        ("approval", 3, Some(WaitKind::Approval)),
        ("running", 4, None),
        ("signal-new", 5, Some(WaitKind::Signal)),
        ("child", 6, Some(WaitKind::Child)),
        ("backoff", 7, Some(WaitKind::RetryBackoff)),
    ] {
        create_row(store, waiting_on(name, created_at, wait)).await;
    }
    let waiting = |kind| ListFilter {
        waiting: Some(kind),
        limit: 10,
        ..ListFilter::default()
    };
    let names = |rows: Vec<WorkflowRow>| {
        rows.into_iter()
            .map(|r| r.id.to_string())
            .collect::<Vec<_>>()
    };
    assert_eq!(
        names(store.list(&waiting(WaitKind::Signal)).await.unwrap()),
        ["signal-new", "signal-old"]
    );
    for (kind, name) in [
        (WaitKind::Timer, "timer"),
        (WaitKind::Approval, "approval"),
        (WaitKind::Child, "child"),
        (WaitKind::RetryBackoff, "backoff"),
    ] {
        assert_eq!(names(store.list(&waiting(kind)).await.unwrap()), [name]);
    }
    let one = ListFilter {
        limit: 1,
        ..waiting(WaitKind::Signal)
    };
    assert_eq!(names(store.list(&one).await.unwrap()), ["signal-new"]);
    let with_status = ListFilter {
        status: Some(WorkflowStatus::Running),
        workflow_type: Some("order".into()),
        ..waiting(WaitKind::Approval)
    };
    assert_eq!(names(store.list(&with_status).await.unwrap()), ["approval"]);
    let other_type = ListFilter {
        workflow_type: Some("other".into()),
        ..waiting(WaitKind::Approval)
    };
    assert!(store.list(&other_type).await.unwrap().is_empty());

    update(store, waiting_on("signal-new", 5, None)).await;
    assert_eq!(
        names(store.list(&waiting(WaitKind::Signal)).await.unwrap()),
        ["signal-old"]
    );
    let counted = store.counts().await.unwrap().waiting;
    let expected = [
        (WaitKind::Timer, 1),
        (WaitKind::Signal, 1),
        (WaitKind::Approval, 1),
        (WaitKind::Child, 1),
        (WaitKind::RetryBackoff, 1),
    ];
    assert_eq!(
        counted,
        expected.into_iter().collect(),
        "waits are counted by kind"
    );
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
            approvals: Vec::new(),
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
            approvals: Vec::new(),
        }),
        store.commit(WorkflowWrite {
            row: third_row,
            expected_version: 2,
            events: vec![event(3, step(1))],
            approvals: Vec::new(),
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

/// Creates `row` as it is (version 1, one action), whatever its status, lease or wait.
async fn create_row(store: &dyn Store, row: WorkflowRow) -> WorkflowRow {
    let row = WorkflowRow {
        version: 1,
        history_len: 1,
        ..row
    };
    store
        .commit(WorkflowWrite {
            row: row.clone(),
            expected_version: 0,
            events: vec![event(1, started())],
            approvals: Vec::new(),
        })
        .await
        .unwrap();
    row
}

/// Commits `row` as the next version of the stored one, with one more action.
async fn update(store: &dyn Store, row: WorkflowRow) -> WorkflowRow {
    let stored = store.load(&row.id).await.unwrap().unwrap().row;
    let row = WorkflowRow {
        version: stored.version + 1,
        history_len: stored.history_len + 1,
        ..row
    };
    store
        .commit(WorkflowWrite {
            row: row.clone(),
            expected_version: stored.version,
            events: vec![event(
                stored.history_len + 1,
                step(stored.history_len as u32),
            )],
            approvals: Vec::new(),
        })
        .await
        .unwrap();
    row
}

fn lease() -> Lease {
    Lease {
        token: TaskToken::generate(),
        worker_id: WorkerId::parse("w").unwrap(),
        leased_at: 1,
        node: None,
    }
}

fn node(name: &str) -> NodeId {
    NodeId::parse(name).unwrap()
}

fn leased_by(name: &str, created_at: i64, by: Option<&str>) -> WorkflowRow {
    WorkflowRow {
        status: WorkflowStatus::Running,
        lease: Some(Lease {
            node: by.map(node),
            ..lease()
        }),
        ..row(name, created_at)
    }
}

fn ids(names: &[&str]) -> Vec<WorkflowId> {
    names.iter().map(|n| id(n)).collect()
}

/// Every shape of row `runnable` has to tell apart, of type "order" unless named otherwise.
fn runnable_cases() -> Vec<WorkflowRow> {
    let running = |name: &str, created_at: i64, updated_at: i64| WorkflowRow {
        status: WorkflowStatus::Running,
        updated_at,
        ..row(name, created_at)
    };
    let closed = |name: &str, status: WorkflowStatus, at: i64| WorkflowRow {
        status,
        closed_at: Some(at),
        updated_at: at,
        ..row(name, at)
    };
    vec![
        WorkflowRow {
            updated_at: 50,
            ..row("pending", 1)
        },
        running("running", 2, 20),
        running("late", 3, 60),
        WorkflowRow {
            lease: Some(lease()),
            ..running("leased", 4, 15)
        },
        WorkflowRow {
            wait: Some(WaitKind::Timer),
            wait_since: Some(5),
            due_at: Some(1_000),
            ..running("sleeping", 5, 10)
        },
        WorkflowRow {
            wait: Some(WaitKind::Child),
            wait_since: Some(6),
            ..running("parent", 6, 11)
        },
        closed("done", WorkflowStatus::Completed, 7),
        closed("failed", WorkflowStatus::Failed, 8),
        closed("cancelled", WorkflowStatus::Cancelled, 9),
        WorkflowRow {
            workflow_type: "invoice".into(),
            ..running("invoice", 10, 40)
        },
    ]
}

/// What `runnable` must answer, computed from the stored rows with `WorkflowRow::is_runnable`.
async fn runnable_by_the_rule(store: &dyn Store, types: &[&str], limit: usize) -> Vec<WorkflowId> {
    let mut rows: Vec<WorkflowRow> = store
        .list(&ListFilter {
            limit: usize::MAX >> 1,
            ..ListFilter::default()
        })
        .await
        .unwrap()
        .into_iter()
        .filter(|row| row.is_runnable() && types.contains(&row.workflow_type.as_str()))
        .collect();
    rows.sort_by(|a, b| (a.updated_at, &a.id).cmp(&(b.updated_at, &b.id)));
    rows.into_iter().take(limit).map(|row| row.id).collect()
}

async fn runnable(store: &dyn Store, types: &[&str], limit: usize) -> Vec<WorkflowId> {
    let types: Vec<String> = types.iter().map(|t| t.to_string()).collect();
    store.runnable(&types, limit).await.unwrap()
}

/// `runnable` gives the asked types' rows that are not terminal, leased or waiting, least
/// recently updated first, up to the limit: the same answer as `WorkflowRow::is_runnable`.
pub async fn runnable_is_the_rows_own_rule(store: &dyn Store) {
    for row in runnable_cases() {
        create_row(store, row).await;
    }
    let asked: [&[&str]; 5] = [
        &["order"],
        &["invoice"],
        &["order", "invoice"],
        &["none"],
        &[],
    ];
    for types in asked {
        for limit in [0, 1, 2, 10] {
            assert_eq!(
                runnable(store, types, limit).await,
                runnable_by_the_rule(store, types, limit).await,
                "types {types:?}, limit {limit}"
            );
        }
    }
    assert_eq!(
        runnable(store, &["order"], 10).await,
        ids(&["running", "pending", "late"])
    );
    assert_eq!(
        runnable(store, &["order", "invoice"], 10).await,
        ids(&["running", "invoice", "pending", "late"])
    );
    assert_eq!(
        runnable(store, &["order"], 2).await,
        ids(&["running", "pending"])
    );
    assert!(runnable(store, &[], 10).await.is_empty());
}

/// Updates move rows in and out of `runnable`: a released lease, a finished wait, a new lease.
pub async fn runnable_follows_updates(store: &dyn Store) {
    for row in runnable_cases() {
        create_row(store, row).await;
    }
    let stored =
        |name: &'static str| async move { store.load(&id(name)).await.unwrap().unwrap().row };
    let released = stored("leased").await;
    update(
        store,
        WorkflowRow {
            lease: None,
            updated_at: 70,
            ..released
        },
    )
    .await;
    let woken = stored("sleeping").await;
    update(
        store,
        WorkflowRow {
            wait: None,
            wait_since: None,
            due_at: None,
            updated_at: 5,
            ..woken
        },
    )
    .await;
    let taken = stored("running").await;
    update(
        store,
        WorkflowRow {
            lease: Some(lease()),
            updated_at: 80,
            ..taken
        },
    )
    .await;
    assert_eq!(
        runnable(store, &["order"], 10).await,
        ids(&["sleeping", "pending", "late", "leased"])
    );
    assert_eq!(
        runnable(store, &["order"], 10).await,
        runnable_by_the_rule(store, &["order"], 10).await
    );
}

/// `due` gives the workflows whose earliest timer is due by `now`, earliest first, up to the
/// limit, and never a terminal one.
pub async fn due_finds_what_is_due_by_now(store: &dyn Store) {
    let waiting = |name: &str, created_at: i64, due_at: i64| WorkflowRow {
        status: WorkflowStatus::Running,
        wait: Some(WaitKind::Timer),
        wait_since: Some(created_at),
        due_at: Some(due_at),
        ..row(name, created_at)
    };
    for row in [
        waiting("five", 1, 5),
        waiting("ten", 2, 10),
        waiting("twenty", 3, 20),
        WorkflowRow {
            status: WorkflowStatus::Running,
            wait: Some(WaitKind::RetryBackoff),
            wait_since: Some(4),
            due_at: Some(7),
            ..row("backoff", 4)
        },
        row("no-timer", 5),
        WorkflowRow {
            status: WorkflowStatus::Cancelled,
            closed_at: Some(6),
            due_at: Some(1),
            ..row("closed", 6)
        },
    ] {
        create_row(store, row).await;
    }
    let due = |now, limit| async move { store.due(now, limit).await.unwrap() };
    assert_eq!(due(10, 10).await, ids(&["five", "backoff", "ten"]));
    assert_eq!(due(10, 2).await, ids(&["five", "backoff"]));
    assert_eq!(
        due(20, 10).await,
        ids(&["five", "backoff", "ten", "twenty"])
    );
    assert!(due(4, 10).await.is_empty());
    assert!(due(10, 0).await.is_empty());
    let fired = store.load(&id("five")).await.unwrap().unwrap().row;
    update(
        store,
        WorkflowRow {
            wait: None,
            wait_since: None,
            due_at: None,
            ..fired
        },
    )
    .await;
    assert_eq!(due(10, 10).await, ids(&["backoff", "ten"]));
}

/// When a wait began is kept with the row through creation, single updates and batched ones.
pub async fn wait_since_round_trips(store: &dyn Store) {
    let sleeping = create_row(
        store,
        WorkflowRow {
            status: WorkflowStatus::Running,
            wait: Some(WaitKind::Timer),
            wait_since: Some(123),
            due_at: Some(456),
            ..row("a", 1)
        },
    )
    .await;
    assert_eq!(store.load(&id("a")).await.unwrap().unwrap().row, sleeping);
    let woken = update(
        store,
        WorkflowRow {
            wait: None,
            wait_since: None,
            due_at: None,
            ..sleeping
        },
    )
    .await;
    assert_eq!(store.load(&id("a")).await.unwrap().unwrap().row, woken);

    // Many at once share a batch (the SQL stores' set-based write).
    let rows: Vec<WorkflowRow> =
        futures::future::join_all((0..20).map(|i| create(store, format!("b{i}"), i))).await;
    let waiting: Vec<WorkflowRow> = rows
        .iter()
        .enumerate()
        .map(|(i, row)| WorkflowRow {
            status: WorkflowStatus::Running,
            wait: Some(WaitKind::Child),
            wait_since: Some(1_000 + i as i64),
            ..next(row, 1)
        })
        .collect();
    let results = futures::future::join_all(waiting.iter().map(|row| {
        store.commit(WorkflowWrite {
            row: row.clone(),
            expected_version: 1,
            events: vec![event(2, step(0))],
            approvals: Vec::new(),
        })
    }))
    .await;
    for result in results {
        result.unwrap();
    }
    for row in &waiting {
        assert_eq!(&store.load(&row.id).await.unwrap().unwrap().row, row);
    }

    // Two writes to one workflow in one batch (the SQL stores' write-by-write path).
    let first = WorkflowRow {
        wait: Some(WaitKind::Timer),
        wait_since: Some(2_000),
        ..next(&waiting[0], 1)
    };
    let second = WorkflowRow {
        wait_since: Some(3_000),
        ..next(&first, 1)
    };
    let (a, b) = futures::join!(
        store.commit(WorkflowWrite {
            row: first.clone(),
            expected_version: 2,
            events: vec![event(3, step(1))],
            approvals: Vec::new(),
        }),
        store.commit(WorkflowWrite {
            row: second.clone(),
            expected_version: 3,
            events: vec![event(4, step(2))],
            approvals: Vec::new(),
        }),
    );
    a.unwrap();
    b.unwrap();
    assert_eq!(store.load(&id("b0")).await.unwrap().unwrap().row, second);
}

/// `flush` loses nothing and changes nothing that was acknowledged.
pub async fn flush_keeps_what_was_committed(store: &dyn Store) {
    let created = create(store, "a", 1).await;
    let updated = update(
        store,
        WorkflowRow {
            status: WorkflowStatus::Running,
            ..created
        },
    )
    .await;
    store.flush().await.unwrap();
    let loaded = store.load(&id("a")).await.unwrap().unwrap();
    assert_eq!(loaded.row, updated);
    assert_eq!(
        loaded.events.iter().map(|e| e.seq).collect::<Vec<_>>(),
        [1, 2]
    );
    store.flush().await.unwrap();
    assert_eq!(store.load(&id("a")).await.unwrap().unwrap(), loaded);
}

/// The next notice that is not one of the probes sent while waiting for `LISTEN`.
async fn next_notice(notices: &mut tokio::sync::broadcast::Receiver<Notice>) -> Notice {
    loop {
        let notice = tokio::time::timeout(Duration::from_secs(10), notices.recv())
            .await
            .expect("a notice within 10 s")
            .expect("the notice channel is open");
        if notice
            != (Notice::Runnable {
                workflow_type: "probe".into(),
            })
        {
            return notice;
        }
    }
}

/// A store several nodes share announces each commit that makes a workflow runnable (by type)
/// or closes it (by id), and nothing for a leased or waiting one; an unshared store announces
/// nothing.
pub async fn shared_stores_announce_runnable_and_closed_workflows(store: &dyn Store) {
    let Some(mut notices) = store.notices() else {
        assert!(!store.shared(), "a shared store must announce its changes");
        return;
    };
    assert!(store.shared(), "only a shared store announces");
    // The store listens from a background connection: announce probes until one is heard.
    let mut heard = false;
    for i in 0..100 {
        let probe = WorkflowRow {
            workflow_type: "probe".into(),
            ..row(&format!("probe-{i}"), i)
        };
        create_row(store, probe).await;
        let wait = tokio::time::timeout(Duration::from_millis(100), notices.recv()).await;
        if matches!(wait, Ok(Ok(Notice::Runnable { .. }))) {
            heard = true;
            break;
        }
    }
    assert!(heard, "the store never heard its own announcements");

    create_row(
        store,
        WorkflowRow {
            workflow_type: "leased".into(),
            status: WorkflowStatus::Running,
            lease: Some(lease()),
            ..row("leased", 1)
        },
    )
    .await;
    create_row(
        store,
        WorkflowRow {
            workflow_type: "waiting".into(),
            status: WorkflowStatus::Running,
            wait: Some(WaitKind::Signal),
            wait_since: Some(2),
            ..row("waiting", 2)
        },
    )
    .await;
    let order = create(store, "order-1", 3).await;
    // Had the leased or waiting one been announced, its notice would come first.
    assert_eq!(
        next_notice(&mut notices).await,
        Notice::Runnable {
            workflow_type: "order".into()
        }
    );
    update(
        store,
        WorkflowRow {
            status: WorkflowStatus::Completed,
            closed_at: Some(4),
            ..order
        },
    )
    .await;
    assert_eq!(
        next_notice(&mut notices).await,
        Notice::Closed { id: id("order-1") }
    );
}

/// Listings filter by id prefix, parent and creation time, and page with a cursor, the same on
/// every backend as [`ListFilter::matches`] says.
pub async fn lists_by_prefix_parent_and_time_and_pages_by_cursor(store: &dyn Store) {
    let parent = aether_types::ParentRef {
        workflow_id: id("order-1"),
        position: 0,
    };
    for (name, at) in [
        ("order-1", 10),
        ("order-2", 20),
        ("ORDER-3", 20),
        ("refund-1", 30),
    ] {
        create(store, name, at).await;
    }
    for (name, at) in [("order-1.child-0", 40), ("order-1.child-1", 40)] {
        let mut child = row(name, at);
        child.parent = Some(parent.clone());
        create_row(store, child).await;
    }
    let names = |rows: Vec<WorkflowRow>| {
        rows.into_iter()
            .map(|r| r.id.to_string())
            .collect::<Vec<_>>()
    };
    let filter = |f: ListFilter| ListFilter { limit: 100, ..f };
    let listed = |f| async move { names(store.list(&filter(f)).await.unwrap()) };
    assert_eq!(
        listed(ListFilter {
            id_prefix: Some("order-".into()),
            ..ListFilter::default()
        })
        .await,
        ["order-1.child-1", "order-1.child-0", "order-2", "order-1"],
        "a prefix is exact, case included"
    );
    assert_eq!(
        listed(ListFilter {
            parent: Some(id("order-1")),
            ..ListFilter::default()
        })
        .await,
        ["order-1.child-1", "order-1.child-0"]
    );
    assert_eq!(
        listed(ListFilter {
            created_from: Some(20),
            created_to: Some(40),
            ..ListFilter::default()
        })
        .await,
        ["refund-1", "order-2", "ORDER-3"]
    );
    // Pages of two follow each other without gaps or repeats, ties on time broken by id.
    let everything = listed(ListFilter::default()).await;
    let mut paged = Vec::new();
    let mut after = None;
    loop {
        let page = store
            .list(&ListFilter {
                after: after.clone(),
                limit: 2,
                ..ListFilter::default()
            })
            .await
            .unwrap();
        if page.is_empty() {
            break;
        }
        after = page.last().map(aether_types::ListCursor::of);
        paged.extend(names(page));
    }
    assert_eq!(paged, everything);
    let cursor = aether_types::ListCursor::of(&row("a_b", 7));
    assert_eq!(
        aether_types::ListCursor::decode(&cursor.encode()),
        Some(cursor)
    );
}

/// Which node granted a lease is kept with the row through creation, single updates, batched
/// updates (the SQL stores' set-based write) and its release.
pub async fn a_lease_keeps_the_node_that_granted_it(store: &dyn Store) {
    let created = create_row(store, leased_by("a", 1, Some("node-a"))).await;
    assert_eq!(store.load(&id("a")).await.unwrap().unwrap().row, created);
    let moved = update(store, leased_by("a", 1, Some("node-b"))).await;
    assert_eq!(store.load(&id("a")).await.unwrap().unwrap().row, moved);

    let rows: Vec<WorkflowRow> =
        futures::future::join_all((0..20).map(|i| create(store, format!("b{i}"), i))).await;
    let leased: Vec<WorkflowRow> = rows
        .iter()
        .map(|row| WorkflowRow {
            status: WorkflowStatus::Running,
            lease: Some(Lease {
                node: Some(node("node-c")),
                ..lease()
            }),
            ..next(row, 1)
        })
        .collect();
    let results = futures::future::join_all(leased.iter().map(|row| {
        store.commit(WorkflowWrite {
            row: row.clone(),
            expected_version: 1,
            events: vec![event(2, step(0))],
            approvals: Vec::new(),
        })
    }))
    .await;
    for result in results {
        result.unwrap();
    }
    for row in &leased {
        assert_eq!(&store.load(&row.id).await.unwrap().unwrap().row, row);
    }

    let released = update(
        store,
        WorkflowRow {
            lease: None,
            ..moved
        },
    )
    .await;
    assert_eq!(store.load(&id("a")).await.unwrap().unwrap().row, released);
}

/// A node is dead once its last beat is older than the bound; a claim removes it and reports it
/// to exactly one claimer, and a node that beats again is alive again.
pub async fn dead_nodes_are_claimed_once(store: &dyn Store) {
    store.beat_node(&node("a"), 100).await.unwrap();
    store.beat_node(&node("b"), 200).await.unwrap();
    store.beat_node(&node("c"), 100).await.unwrap();
    // A later beat replaces the earlier one.
    store.beat_node(&node("c"), 300).await.unwrap();
    assert!(store.claim_dead_nodes(100).await.unwrap().is_empty());
    assert_eq!(store.claim_dead_nodes(150).await.unwrap(), vec![node("a")]);
    assert!(
        store.claim_dead_nodes(150).await.unwrap().is_empty(),
        "a claimed node is not claimed again"
    );

    // Racing claimers: each dead node goes to one of them.
    for n in 0..10 {
        store.beat_node(&node(&format!("d{n}")), 250).await.unwrap();
    }
    let (first, second) = futures::join!(store.claim_dead_nodes(260), store.claim_dead_nodes(260));
    let mut claimed = first.unwrap();
    claimed.extend(second.unwrap());
    claimed.sort();
    let mut expected: Vec<NodeId> = (0..10).map(|n| node(&format!("d{n}"))).collect();
    expected.insert(0, node("b"));
    expected.sort();
    assert_eq!(claimed, expected, "every dead node claimed exactly once");

    // A node claimed dead that beats again is recorded again.
    store.beat_node(&node("a"), 400).await.unwrap();
    assert_eq!(store.claim_dead_nodes(350).await.unwrap(), vec![node("c")]);
    assert_eq!(store.claim_dead_nodes(500).await.unwrap(), vec![node("a")]);
}

/// The leases to expire are those of active workflows granted by a node without a record: not
/// a live node's, not a lease without a node, not a closed workflow's.
pub async fn orphaned_leases_are_those_of_nodes_without_a_record(store: &dyn Store) {
    store.beat_node(&node("alive"), 200).await.unwrap();
    store.beat_node(&node("dead"), 100).await.unwrap();
    for row in [
        leased_by("by-alive", 1, Some("alive")),
        leased_by("by-dead-1", 2, Some("dead")),
        leased_by("by-dead-2", 3, Some("dead")),
        leased_by("by-nobody", 4, None),
        WorkflowRow {
            status: WorkflowStatus::Completed,
            closed_at: Some(5),
            ..leased_by("closed", 5, Some("dead"))
        },
        row("unleased", 6),
    ] {
        create_row(store, row).await;
    }
    assert!(
        store.orphaned_leases(10).await.unwrap().is_empty(),
        "every granting node is alive"
    );
    assert_eq!(
        store.claim_dead_nodes(150).await.unwrap(),
        vec![node("dead")]
    );
    let orphaned = store.orphaned_leases(10).await.unwrap();
    assert_eq!(
        orphaned,
        vec![
            (id("by-dead-1"), node("dead")),
            (id("by-dead-2"), node("dead")),
        ]
    );
    assert_eq!(
        store.orphaned_leases(1).await.unwrap(),
        orphaned[..1].to_vec()
    );

    let expired = store.load(&id("by-dead-1")).await.unwrap().unwrap().row;
    update(
        store,
        WorkflowRow {
            lease: None,
            ..expired
        },
    )
    .await;
    assert_eq!(
        store.orphaned_leases(10).await.unwrap(),
        vec![(id("by-dead-2"), node("dead"))]
    );
}
