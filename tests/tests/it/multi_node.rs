//! Two engine nodes on one PostgreSQL database: a workflow started through one node runs on a
//! worker connected only to the other, and the first node's caller sees it finish.

use std::time::Duration;

use aether_sdk::{Client, StepError, Worker, WorkflowContext, WorkflowStatus, workflow};

use crate::support::{ServeProcess, within};

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
