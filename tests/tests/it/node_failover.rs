//! Several `aether serve` nodes on one PostgreSQL database survive each other: a node killed
//! with SIGKILL while its workers hold leases is declared dead by the others, which expire its
//! leases and fire its timers, so that every workflow finishes on the survivors, once.

use std::{
    collections::HashMap,
    path::{Path, PathBuf},
    time::{Duration, Instant},
};

use aether_sdk::{Client, HistoryEntry, WorkflowStatus};
use aether_tests::count;
use serde_json::json;

use crate::{
    support::{ServeProcess, eventually, within},
    worker_crash::WorkerProcess,
};

/// The node timeout the nodes run with: what the takeover is measured against.
const NODE_TIMEOUT: Duration = Duration::from_millis(2000);
const LONG: Duration = Duration::from_secs(60);
/// Workflows of each kind started through each node.
const COUNTING_PER_NODE: usize = 12;
const SLEEPERS_PER_NODE: usize = 4;

fn start_node(url: &str) -> ServeProcess {
    let timeout = NODE_TIMEOUT.as_millis().to_string();
    ServeProcess::start(&[
        "--persistence",
        "state-action-log",
        "--db",
        url,
        "--node-timeout-ms",
        &timeout,
    ])
}

struct Started {
    id: String,
    /// `counting` workflows: their side-effect log; sleepers have none.
    log: Option<PathBuf>,
    node: usize,
}

async fn start_load(clients: &[Client], dir: &Path) -> Vec<Started> {
    let mut started = Vec::new();
    for (node, client) in clients.iter().enumerate() {
        for i in 0..COUNTING_PER_NODE {
            let log = dir.join(format!("n{node}-c{i}.log"));
            // Step 3 waits for its go file: until the kill, every counting workflow holds a
            // lease on a worker of the node it was started through.
            let job = json!({ "log": log, "steps": 5, "block_at": 3, "step_ms": 10 });
            let id = client
                .start_json("counting", &job, Some(&format!("n{node}-counting-{i}")))
                .await
                .unwrap();
            started.push(Started {
                id,
                log: Some(log),
                node,
            });
        }
    }
    started
}

async fn start_sleepers(clients: &[Client], dir: &Path) -> Vec<Started> {
    let mut started = Vec::new();
    for (node, client) in clients.iter().enumerate() {
        for i in 0..SLEEPERS_PER_NODE {
            let job = json!({ "log": dir.join(format!("n{node}-s{i}.log")), "seconds": 1 });
            let id = client
                .start_json("sleeper", &job, Some(&format!("n{node}-sleeper-{i}")))
                .await
                .unwrap();
            started.push(Started {
                id,
                log: None,
                node,
            });
        }
    }
    started
}

/// Each step position completed once, and one end: nothing acknowledged twice.
fn assert_once(id: &str, history: &[HistoryEntry]) {
    let mut completed: HashMap<u32, usize> = HashMap::new();
    for entry in history.iter().filter(|h| h.action == "step_completed") {
        *completed
            .entry(entry.position.expect("a step has a position"))
            .or_default() += 1;
    }
    assert!(
        completed.values().all(|&n| n == 1),
        "{id}: a step acknowledged twice: {completed:?}"
    );
    let ends = history
        .iter()
        .filter(|h| h.action == "workflow_completed")
        .count();
    assert_eq!(ends, 1, "{id}: {history:?}");
    assert!(
        history
            .iter()
            .enumerate()
            .all(|(i, h)| h.seq == i as u64 + 1),
        "{id}: the history has a gap"
    );
}

#[tokio::test]
async fn a_killed_node_s_workflows_finish_on_the_other_two() {
    let dir = tempfile::tempdir().unwrap();
    let url = aether_store_sql::testing::fresh_postgres_url().await;
    let mut nodes: Vec<Option<ServeProcess>> = (0..3).map(|_| Some(start_node(&url))).collect();
    let urls: Vec<String> = nodes.iter().flatten().map(|n| n.url.clone()).collect();
    let _workers: Vec<WorkerProcess> = urls
        .iter()
        .enumerate()
        .map(|(i, url)| WorkerProcess::spawn(url, &format!("worker-of-node-{i}")))
        .collect();
    let mut clients = Vec::new();
    for url in &urls {
        clients.push(Client::connect(url).await.unwrap());
    }

    let mut load = start_load(&clients, dir.path()).await;
    eventually(
        "every counting workflow holding a lease in step 3",
        LONG,
        || async {
            load.iter()
                .filter_map(|s| s.log.as_ref())
                .all(|log| count(&log.with_extension("started"), "step3") == 1)
                .then_some(())
        },
    )
    .await;
    // Sleepers whose timers are set through the node about to die.
    load.extend(start_sleepers(&clients, dir.path()).await);
    eventually("the sleepers asleep", LONG, || async {
        for s in load.iter().filter(|s| s.log.is_none()) {
            let status = clients[s.node].status(&s.id).await.ok()?;
            if status.waiting_on.as_deref() != Some("timer") {
                return None;
            }
        }
        Some(())
    })
    .await;

    const VICTIM: usize = 2;
    nodes[VICTIM].take().unwrap().kill();
    let killed_at = Instant::now();
    for log in load.iter().filter_map(|s| s.log.as_ref()) {
        std::fs::write(log.with_extension("go"), b"").unwrap();
    }

    let survivor = &clients[0];
    let budget = 3 * NODE_TIMEOUT;
    let finished = within(
        "every workflow on the surviving nodes",
        budget + Duration::from_secs(30),
        futures::future::join_all(load.iter().map(|s| survivor.wait_for(&s.id))),
    )
    .await;
    let took = killed_at.elapsed();
    for (started, summary) in load.iter().zip(finished) {
        let summary = summary.unwrap();
        assert_eq!(
            summary.status,
            WorkflowStatus::Completed,
            "{}: {summary:?}",
            started.id
        );
    }
    assert!(
        took <= budget,
        "every workflow finished {took:?} after the kill; three node timeouts are {budget:?}"
    );

    let mut taken_over = 0;
    for started in &load {
        let history = survivor.history(&started.id).await.unwrap();
        assert_once(&started.id, &history);
        if started.log.is_some() {
            let result: u32 = survivor.result(&started.id).await.unwrap();
            assert_eq!(result, 5, "{}", started.id);
        } else {
            let slept: i64 = survivor.result(&started.id).await.unwrap();
            assert!(slept >= 1000, "{}: slept {slept} ms", started.id);
        }
        let victim_worker = format!("worker-of-node-{VICTIM}");
        let ran_on = |entry: &HistoryEntry| entry.worker_id.as_deref() == Some(&victim_worker);
        if started.node == VICTIM
            && started.log.is_some()
            && history
                .iter()
                .filter(|h| h.action == "step_completed")
                .any(|h| !ran_on(h))
        {
            taken_over += 1;
        }
    }
    assert_eq!(
        taken_over, COUNTING_PER_NODE,
        "every workflow the dead node's worker held was finished by a survivor's worker"
    );
    let listed = survivor
        .list(&aether_sdk::ListOptions {
            limit: 1000,
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(listed.len(), load.len(), "no workflow started twice");
}

/// Sends when dropped: shows that a step's future was stopped on its worker.
struct DropSignal(Option<tokio::sync::oneshot::Sender<()>>);

impl Drop for DropSignal {
    fn drop(&mut self) {
        if let Some(tx) = self.0.take() {
            let _ = tx.send(());
        }
    }
}

/// A cancel through node A of a workflow whose task a worker holds through node B reaches the
/// worker at once (through the database's notices), not at its next report: its step, which
/// would never report, is stopped.
#[tokio::test]
async fn a_cancel_on_one_node_stops_the_task_on_another_nodes_worker() {
    let url = aether_store_sql::testing::fresh_postgres_url().await;
    let args = ["--persistence", "state-action-log", "--db", url.as_str()];
    let node_a = ServeProcess::start(&args);
    let node_b = ServeProcess::start(&args);

    let (started_tx, mut started_rx) =
        tokio::sync::mpsc::unbounded_channel::<(String, tokio::sync::oneshot::Receiver<()>)>();
    let blocker =
        aether_sdk::workflow("blocker", move |ctx: aether_sdk::WorkflowContext, _: ()| {
            let started = started_tx.clone();
            async move {
                let id = ctx.workflow_id().to_owned();
                ctx.step("wait-forever", move || async move {
                    let (dropped_tx, dropped_rx) = tokio::sync::oneshot::channel();
                    let _signal = DropSignal(Some(dropped_tx));
                    let _ = started.send((id, dropped_rx));
                    std::future::pending::<()>().await;
                    Ok::<_, aether_sdk::StepError>(())
                })
                .await
            }
        });
    let worker_client = Client::connect(&node_b.url).await.unwrap();
    let worker = aether_sdk::Worker::new(&worker_client)
        .register(&blocker)
        .spawn();

    let client = Client::connect(&node_a.url).await.unwrap();
    for round in 0..3 {
        let id = client.start(&blocker, &()).await.unwrap();
        let (running, dropped) = within("the step to start on B's worker", LONG, started_rx.recv())
            .await
            .unwrap();
        assert_eq!(running, id);
        let cancelled_at = Instant::now();
        assert_eq!(
            client.cancel(&id, "stop it").await.unwrap(),
            WorkflowStatus::Cancelled
        );
        within(
            "the cancel to reach the worker on the other node",
            Duration::from_secs(5),
            dropped,
        )
        .await
        .unwrap();
        eprintln!(
            "round {round}: the step stopped {:?} after the cancel",
            cancelled_at.elapsed()
        );
    }
    let workers = Client::connect(&node_b.url)
        .await
        .unwrap()
        .workers()
        .await
        .unwrap();
    let slots: Vec<_> = workers.iter().map(|w| w.in_use).collect();
    assert_eq!(slots, vec![0], "node B freed the cancelled tasks' slots");
    worker.shutdown().await;
}

/// A worker given every node's address carries on when its node dies: it moves to the next
/// node, which takes over the leases of the tasks it still runs, so no step runs twice.
#[tokio::test]
async fn a_worker_moves_to_the_next_node_when_its_node_dies() {
    let dir = tempfile::tempdir().unwrap();
    let url = aether_store_sql::testing::fresh_postgres_url().await;
    let first = start_node(&url);
    let second = start_node(&url);
    let servers = format!("{},{}", first.url, second.url);
    let _worker = WorkerProcess::spawn(&servers, "roaming-worker");
    let client = Client::connect(&first.url).await.unwrap();
    let logs: Vec<PathBuf> = (0..10)
        .map(|i| dir.path().join(format!("roam-{i}.log")))
        .collect();
    let mut ids = Vec::new();
    for (i, log) in logs.iter().enumerate() {
        let job = json!({ "log": log, "steps": 5, "block_at": 3 });
        ids.push(
            client
                .start_json("counting", &job, Some(&format!("roam-{i}")))
                .await
                .unwrap(),
        );
    }
    eventually("every workflow in step 3 on the worker", LONG, || async {
        logs.iter()
            .all(|log| count(&log.with_extension("started"), "step3") == 1)
            .then_some(())
    })
    .await;
    first.kill();
    for log in &logs {
        std::fs::write(log.with_extension("go"), b"").unwrap();
    }

    let client = Client::connect(&second.url).await.unwrap();
    for (id, log) in ids.iter().zip(&logs) {
        let result: u32 = within(
            "the workflow through the second node",
            LONG,
            client.result(id),
        )
        .await
        .unwrap();
        assert_eq!(result, 5);
        let history = client.history(id).await.unwrap();
        assert_once(id, &history);
        assert!(
            history
                .iter()
                .filter(|h| h.action == "step_completed")
                .all(|h| h.worker_id.as_deref() == Some("roaming-worker")),
            "{id}: only the roaming worker ran it"
        );
        assert_eq!(
            aether_tests::lines(log),
            ["step1", "step2", "step3", "step4", "step5"],
            "{id}: the step in flight carried on, not run again"
        );
    }
}
