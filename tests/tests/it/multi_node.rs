//! Two engine nodes on one PostgreSQL database: a workflow started through one node runs on a
//! worker connected only to the other, and the first node's caller sees it finish; two nodes
//! racing on one workflow's reports record each step once without the worker resending.

use std::{sync::Arc, time::Duration};

use aether_core::{Engine, EngineOptions, StepReply, StepReport};
use aether_sdk::{Client, StepError, Worker, WorkflowContext, WorkflowStatus, workflow};
use aether_store::Store;
use aether_store_sql::{Location, SqlStore};
use aether_types::Action;

use crate::support::{ServeProcess, eventually, start_and_lease, within};

#[tokio::test]
async fn a_workflow_started_on_one_node_runs_on_the_others_worker() {
    let url = aether_store_sql::testing::fresh_postgres_url().await;
    let args = ["--persistence", "state-action-log", "--db", url.as_str()];
    let node_a = ServeProcess::start(&args);
    let node_b = ServeProcess::start(&args);

    let relay = workflow("relay", |ctx: WorkflowContext, n: u32| async move {
        let doubled: u32 = ctx
            .step("double", move || async move { Ok::<_, StepError>(n * 2) })
            .await?;
        ctx.sleep(Duration::from_millis(300)).await?;
        ctx.step(
            "add-one",
            move || async move { Ok::<_, StepError>(doubled + 1) },
        )
        .await
    });
    let worker_client = Client::connect(&node_b.url).await.unwrap();
    let worker = Worker::new(&worker_client).register(&relay).spawn();

    let client = Client::connect(&node_a.url).await.unwrap();
    for n in 0..5u32 {
        let result = within(
            "a run started on node A",
            Duration::from_secs(30),
            client.start_and_wait(&relay, &n),
        )
        .await
        .unwrap();
        assert_eq!(result, n * 2 + 1);
    }
    let listed = client.list(&Default::default()).await.unwrap();
    assert_eq!(listed.len(), 5);
    assert!(listed.iter().all(|w| w.status == WorkflowStatus::Completed));
    let history = client.history(&listed[0].workflow_id).await.unwrap();
    let fired = history.iter().filter(|h| h.action == "timer_fired").count();
    assert_eq!(fired, 1, "the timer fires once although two nodes watch it");
    worker.shutdown().await;
}

/// Two engine nodes on one database each take a step report for the same workflow at the same
/// moment, from a cache holding the same version: one write loses the version race. The loser
/// reloads and re-runs the report itself, so the worker's one send is enough: every report is
/// answered with its result, each step is recorded once, and the same report sent to both nodes
/// (a resend racing its original) is recorded once and answered alike.
#[tokio::test]
async fn two_nodes_racing_on_one_workflow_record_each_step_once_without_a_resend() {
    const ROUNDS: u32 = 10;
    let (a, b) = two_nodes().await;
    let (id, task, _worker) = start_and_lease(&a, "race").await;
    let report = |position: u32| StepReport {
        position,
        name: format!("step-{position}"),
        attempt: 1,
        outcome: Ok(format!("{position}").into_bytes()),
        retry: None,
        duration_ms: None,
    };
    // A report whose result was recorded is answered `Recorded`; a twin that found it recorded
    // gets the journal's result.
    let recorded = StepReply::Recorded;
    let succeeded = |position: u32| StepReply::Succeeded(format!("{position}").into_bytes());

    for round in 0..ROUNDS {
        let (one, other, same) = (3 * round, 3 * round + 1, 3 * round + 2);
        // Both nodes read the workflow, so both cache the same version.
        a.status(&id).await.unwrap();
        b.status(&id).await.unwrap();
        let (ra, rb) = tokio::join!(
            a.complete_step(&task, report(one)),
            b.complete_step(&task, report(other))
        );
        assert_eq!(ra.unwrap(), recorded, "round {round}: node A's report");
        assert_eq!(rb.unwrap(), recorded, "round {round}: node B's report");

        a.status(&id).await.unwrap();
        b.status(&id).await.unwrap();
        let (ra, rb) = tokio::join!(
            a.complete_step(&task, report(same)),
            b.complete_step(&task, report(same))
        );
        let (ra, rb) = (ra.unwrap(), rb.unwrap());
        // Exactly one of the twins recorded the result; the other got it from the journal.
        assert!(
            (ra == recorded && rb == succeeded(same)) || (ra == succeeded(same) && rb == recorded),
            "round {round}: the twins were answered {ra:?} and {rb:?}"
        );
    }

    let history = a.history(&id).await.unwrap();
    let mut recorded: Vec<u32> = history
        .iter()
        .filter_map(|e| match &e.action {
            Action::StepCompleted { position, .. } => Some(*position),
            _ => None,
        })
        .collect();
    recorded.sort_unstable();
    assert_eq!(
        recorded,
        (0..3 * ROUNDS).collect::<Vec<_>>(),
        "each step once"
    );
    let conflicts = a.metrics().write_conflicts + b.metrics().write_conflicts;
    assert!(
        conflicts >= u64::from(2 * ROUNDS),
        "every race lost by one node and re-run there: {conflicts} conflicts in {} races",
        2 * ROUNDS
    );
    a.shutdown();
    b.shutdown();
}

/// A timer set through one node fires although that node stops right after: the row says when
/// it is due, and the other node's sweep finds it there.
#[tokio::test]
async fn a_timer_set_on_a_node_that_stops_fires_on_another() {
    let (a, b) = two_nodes().await;
    let (id, task, _worker) = start_and_lease(&a, "nap").await;
    assert_eq!(
        a.schedule_timer(&task, 0, "nap".into(), 300).await.unwrap(),
        None
    );
    assert_eq!(a.suspend(&task).await.unwrap(), None);
    a.shutdown();
    let listed = b
        .list(&aether_types::ListFilter {
            limit: 10,
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(listed.len(), 1);
    assert!(listed[0].due_at.is_some() && listed[0].wait_since.is_some());

    eventually(
        "node B to fire node A's timer",
        Duration::from_secs(10),
        || async {
            let history = b.history(&id).await.unwrap();
            history
                .iter()
                .any(|e| matches!(e.action, Action::TimerFired { position: 0 }))
                .then_some(())
        },
    )
    .await;
    let status = b.status(&id).await.unwrap();
    assert!(
        status.waits.is_empty(),
        "the wait is over: {:?}",
        status.waits
    );
    assert!(status.row.is_runnable());
    b.shutdown();
}

/// Two engine nodes in this process on one fresh PostgreSQL database.
async fn two_nodes() -> (Engine, Engine) {
    let url = aether_store_sql::testing::fresh_postgres_url().await;
    let location = Location::parse(&url);
    let node = async || {
        let store = SqlStore::open(&location).await.unwrap();
        Engine::start(Arc::new(store) as Arc<dyn Store>, EngineOptions::default())
    };
    (node().await, node().await)
}
