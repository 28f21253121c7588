//! The bench's scale scenarios: a database already holding many completed workflows, many
//! workflows waiting on timers, and a restart with many workflows running.

use std::time::{Duration, Instant};

use aether_core::machine::WorkflowState;
use aether_sdk::{Client, StepError, WorkflowContext, WorkflowDef, workflow};
use aether_store::{Store, WorkflowWrite};
use aether_store_sql::{Location, SqlStore};
use aether_types::{
    Action, AttemptRun, HistoryEvent, Millis, TaskToken, WorkerId, WorkflowId, WorkflowRow,
    WorkflowStatus, now_millis,
};
use anyhow::Context;
use futures::{StreamExt, TryStreamExt, stream};
use serde::Serialize;

use super::engine::EngineProcess;

/// Writes `count` workflows straight into the database through the store's group commit, each
/// as `make` builds it from its index and creation time (a row at version 1 and its history),
/// the oldest first in creation time.
///
/// The one place the CLI opens the database itself rather than go through the engine: a fixture
/// of many workflows has no business in the engine's API, and `aether` links the SQL store
/// anyway (through the server, for `serve`).
async fn preload(
    db: &str,
    count: usize,
    make: impl Fn(usize, Millis) -> anyhow::Result<(WorkflowRow, Vec<HistoryEvent>)>,
) -> anyhow::Result<()> {
    let store = SqlStore::open(&Location::parse(db))
        .await
        .context("opening the database to preload")?;
    let now = now_millis();
    let (store, make) = (&store, &make);
    stream::iter(0..count)
        .map(|i| async move {
            let (row, events) = make(i, now - (count - i) as i64)?;
            store
                .commit(WorkflowWrite {
                    row,
                    expected_version: 0,
                    events,
                    approvals: Vec::new(),
                })
                .await?;
            anyhow::Ok(())
        })
        .buffer_unordered(4096)
        .try_collect::<()>()
        .await
}

/// Writes `count` completed 3-step workflows straight into the database, the way the engine
/// would have (rows and full histories).
pub async fn preload_completed(db: &str, count: usize) -> anyhow::Result<()> {
    preload(db, count, |i, at| {
        let id = WorkflowId::parse(format!("preloaded-{i}"))?;
        let mut events = vec![Action::WorkflowStarted {
            workflow_type: "aether-bench".into(),
            input: br#"{"steps":3,"payload":"xxxxxxxxxxxxxxxx"}"#.to_vec(),
            parent: None,
            execution_timeout_at: None,
        }];
        for position in 0..3 {
            events.push(Action::StepCompleted {
                position,
                name: format!("step-{position}"),
                attempt: 1,
                result: br#""xxxxxxxxxxxxxxxx""#.to_vec(),
                // As a real worker's report records it.
                run: AttemptRun {
                    worker_id: Some("bench-worker".into()),
                    leased_at: Some(0),
                    duration_ms: Some(1),
                },
            });
        }
        events.push(Action::WorkflowCompleted {
            result: b"3".to_vec(),
        });
        let events: Vec<HistoryEvent> = events
            .into_iter()
            .enumerate()
            .map(|(n, action)| HistoryEvent {
                seq: n as u64 + 1,
                at,
                action,
            })
            .collect();
        let row = WorkflowRow {
            status: WorkflowStatus::Completed,
            closed_at: Some(at),
            version: 1,
            history_len: events.len() as u64,
            ..WorkflowRow::new(id, "aether-bench".into(), None, at)
        };
        Ok((row, events))
    })
    .await
}

/// The type of the workflows `preload_waiting` writes.
pub const WAITING_TYPE: &str = "aether-bench-waiting";
/// The signal they wait for.
pub const WAITING_SIGNAL: &str = "go";

/// Writes `count` workflows waiting on a signal straight into the database: each is what the
/// engine writes for a workflow whose code calls `waitForSignal("go")` at once (started,
/// leased, the wait recorded, the lease released), made by the engine's own state machine, so
/// that they are real waiting workflows: a signal resumes each as it would any other.
pub async fn preload_waiting(db: &str, count: usize) -> anyhow::Result<()> {
    let worker = WorkerId::parse("bench-worker")?;
    preload(db, count, |i, at| {
        let id = WorkflowId::parse(format!("waiting-{i}"))?;
        let mut state =
            WorkflowState::start(id, WAITING_TYPE.into(), b"{}".to_vec(), None, None, at);
        let token = TaskToken::generate();
        anyhow::ensure!(
            state.dispatch(&worker, token.clone(), None, at).is_some(),
            "a new workflow is runnable"
        );
        if let Err(e) = state.wait_for_signal(&token, 0, WAITING_SIGNAL.into(), None, at)? {
            anyhow::bail!("the wait was refused: {e:?}");
        }
        if let Some(stop) = state.suspend(&token) {
            anyhow::bail!("the suspension was refused: {stop:?}");
        }
        let (events, _) = state.take_unsaved();
        let mut row = state.row.clone();
        row.version = 1;
        Ok((row, events))
    })
    .await
}

#[derive(Debug, Serialize)]
pub struct TimerFigures {
    pub workflows_waiting: usize,
    pub peak_rss_mb: Option<f64>,
    pub seconds_to_start: f64,
}

fn sleeper() -> WorkflowDef<u64, u64> {
    workflow(
        "aether-bench-sleep",
        |ctx: WorkflowContext, ms: u64| async move {
            ctx.sleep(Duration::from_millis(ms)).await?;
            ctx.step("woke", || async { Ok::<_, StepError>(1u64) })
                .await
        },
    )
}

pub fn sleeper_definition() -> WorkflowDef<u64, u64> {
    sleeper()
}

async fn start_sleepers(
    client: &Client,
    count: usize,
    sleep_ms: u64,
) -> anyhow::Result<Vec<String>> {
    let definition = sleeper();
    stream::iter(0..count)
        .map(|_| {
            let definition = definition.clone();
            async move {
                client
                    .start(&definition, &sleep_ms)
                    .await
                    .map_err(anyhow::Error::from)
            }
        })
        .buffer_unordered(256)
        .try_collect()
        .await
}

async fn wait_for_timers(client: &Client, count: usize) -> anyhow::Result<()> {
    let deadline = Instant::now() + Duration::from_secs(600);
    loop {
        let metrics = client.metrics().await?;
        if metrics.timers_pending as usize >= count {
            return Ok(());
        }
        anyhow::ensure!(
            Instant::now() < deadline,
            "timers were not all set within 10 minutes"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// `count` workflows sleeping an hour: the server's memory while they wait.
pub async fn timers(
    client: &Client,
    engine: &EngineProcess,
    count: usize,
) -> anyhow::Result<TimerFigures> {
    let started = Instant::now();
    start_sleepers(client, count, 3_600_000).await?;
    wait_for_timers(client, count).await?;
    Ok(TimerFigures {
        workflows_waiting: count,
        peak_rss_mb: engine
            .peak_rss_bytes()
            .map(|b| (b as f64 / (1024.0 * 1024.0) * 10.0).round() / 10.0),
        seconds_to_start: (started.elapsed().as_secs_f64() * 100.0).round() / 100.0,
    })
}

#[derive(Debug, Serialize)]
pub struct RestartFigures {
    pub workflows_running: usize,
    /// From killing the server to the last workflow completing on the restarted one.
    pub seconds_to_resume_all: f64,
}

/// Holds the steps of the restart scenario in flight until it opens.
#[derive(Clone)]
pub struct Gate {
    open: tokio::sync::watch::Receiver<bool>,
    opener: std::sync::Arc<tokio::sync::watch::Sender<bool>>,
    waiting: std::sync::Arc<std::sync::atomic::AtomicUsize>,
}

impl Gate {
    pub fn new() -> Self {
        let (opener, open) = tokio::sync::watch::channel(false);
        Self {
            open,
            opener: std::sync::Arc::new(opener),
            waiting: std::sync::Arc::default(),
        }
    }

    /// A workflow whose one step waits at the gate: RUNNING, with its task held by the worker.
    pub fn definition(&self) -> WorkflowDef<u64, u64> {
        let gate = self.clone();
        workflow("aether-bench-gate", move |ctx: WorkflowContext, n: u64| {
            let gate = gate.clone();
            async move {
                ctx.step("wait-at-gate", move || async move {
                    let mut open = gate.open.clone();
                    gate.waiting
                        .fetch_add(1, std::sync::atomic::Ordering::SeqCst);
                    while !*open.borrow_and_update() {
                        if open.changed().await.is_err() {
                            break;
                        }
                    }
                    Ok::<_, StepError>(n)
                })
                .await
            }
        })
    }
}

/// `count` workflows RUNNING — each with a step in flight on the worker — when the engine is
/// killed; the seconds from the kill until all of them completed on the restarted engine.
pub async fn restart(
    client: &Client,
    gate: &Gate,
    engine: EngineProcess,
    count: usize,
) -> anyhow::Result<(RestartFigures, EngineProcess)> {
    let definition = gate.definition();
    let ids: Vec<String> = stream::iter(0..count as u64)
        .map(|n| {
            let definition = definition.clone();
            async move {
                client
                    .start(&definition, &n)
                    .await
                    .map_err(anyhow::Error::from)
            }
        })
        .buffer_unordered(256)
        .try_collect()
        .await?;
    let deadline = Instant::now() + Duration::from_secs(600);
    while gate.waiting.load(std::sync::atomic::Ordering::SeqCst) < count {
        anyhow::ensure!(
            Instant::now() < deadline,
            "the workflows did not all start within 10 minutes"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let killed_at = Instant::now();
    let engine = engine.kill_and_restart().await?;
    let _ = gate.opener.send(true);
    let results: Vec<anyhow::Result<()>> = stream::iter(ids)
        .map(|id| async move {
            let status = client.wait_for(&id).await?;
            anyhow::ensure!(
                status.status == WorkflowStatus::Completed,
                "{id} ended {}",
                status.status
            );
            Ok(())
        })
        .buffer_unordered(512)
        .collect()
        .await;
    results.into_iter().collect::<anyhow::Result<()>>()?;
    Ok((
        RestartFigures {
            workflows_running: count,
            seconds_to_resume_all: (killed_at.elapsed().as_secs_f64() * 100.0).round() / 100.0,
        },
        engine,
    ))
}
