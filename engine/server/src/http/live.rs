//! The feed behind `GET /v1/stream`: one task per node, started by the first subscriber and
//! stopped after the last leaves, takes the rows the engine committed in the last window, keeps
//! the newest of each workflow, renders each once, and hands the window's batch to every
//! subscriber. A running workflow changes its row several times a second and a page shows only
//! the latest, so however many dashboards watch, a change costs the engine a shared copy of its
//! row, and each window one serialization per workflow and one wake-up per dashboard.
//! Nothing is published while nobody watches (the engine clones rows only for a subscriber).

use std::{
    collections::HashMap,
    sync::{Arc, Mutex},
    time::Duration,
};

use aether_core::Engine;
use aether_types::{WorkflowId, WorkflowRow};
use tokio::sync::broadcast;

use super::runs::WorkflowView;

/// How long changes are gathered: quick enough to read as live, long enough that a run's
/// burst of changes costs one event.
const WINDOW: Duration = Duration::from_millis(100);
/// Batches a subscriber may fall behind before it is told it lagged (about 6 s of windows).
const BATCH_BUFFER: usize = 64;

/// One window of changes, each workflow's newest state rendered as its listing view in JSON.
#[derive(Debug, Default)]
pub struct Batch {
    pub rows: Vec<(WorkflowId, String)>,
    /// Changes the feed itself missed (it fell behind the engine).
    pub missed: u64,
}

#[derive(Clone)]
pub struct LiveFeed {
    engine: Engine,
    /// The running task's channel; `None` while nobody watches.
    sender: Arc<Mutex<Option<broadcast::Sender<Arc<Batch>>>>>,
}

impl LiveFeed {
    pub fn new(engine: Engine) -> Self {
        Self {
            engine,
            sender: Arc::default(),
        }
    }

    pub fn subscribe(&self) -> broadcast::Receiver<Arc<Batch>> {
        let mut slot = self.sender.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(sender) = slot.as_ref() {
            return sender.subscribe();
        }
        let (sender, receiver) = broadcast::channel(BATCH_BUFFER);
        *slot = Some(sender.clone());
        tokio::spawn(fan_out(self.engine.changes(), sender, self.sender.clone()));
        receiver
    }
}

async fn fan_out(
    mut changes: broadcast::Receiver<Arc<WorkflowRow>>,
    sender: broadcast::Sender<Arc<Batch>>,
    slot: Arc<Mutex<Option<broadcast::Sender<Arc<Batch>>>>>,
) {
    // Woken by the clock, not by each change: the engine's commits never wait on this task.
    let mut tick = tokio::time::interval(WINDOW);
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        tick.tick().await;
        let mut window = Vec::new();
        loop {
            match changes.try_recv() {
                Ok(row) => window.push(Ok(row)),
                Err(broadcast::error::TryRecvError::Lagged(n)) => window.push(Err(n)),
                Err(broadcast::error::TryRecvError::Empty) => break,
                Err(broadcast::error::TryRecvError::Closed) => return,
            }
        }
        // Under the lock, so that a new subscriber either joins this task or starts a new one.
        let slot = &mut *slot.lock().unwrap_or_else(|e| e.into_inner());
        if sender.receiver_count() == 0 {
            *slot = None;
            return;
        }
        if !window.is_empty() {
            let _ = sender.send(Arc::new(render(coalesce(window))));
        }
    }
}

/// The newest row of each workflow in a window, in the order of those newest rows, and how
/// many changes were missed.
fn coalesce(window: Vec<Result<Arc<WorkflowRow>, u64>>) -> (Vec<Arc<WorkflowRow>>, u64) {
    let mut missed = 0;
    let mut newest: Vec<Option<Arc<WorkflowRow>>> = Vec::with_capacity(window.len());
    let mut at: HashMap<WorkflowId, usize> = HashMap::new();
    for change in window {
        match change {
            Ok(row) => {
                if let Some(earlier) = at.insert(row.id.clone(), newest.len()) {
                    newest[earlier] = None;
                }
                newest.push(Some(row));
            }
            Err(n) => missed += n,
        }
    }
    (newest.into_iter().flatten().collect(), missed)
}

fn render((rows, missed): (Vec<Arc<WorkflowRow>>, u64)) -> Batch {
    Batch {
        rows: rows
            .iter()
            .filter_map(|row| {
                let json = serde_json::to_string(&WorkflowView::from(row.as_ref())).ok()?;
                Some((row.id.clone(), json))
            })
            .collect(),
        missed,
    }
}

#[cfg(test)]
mod tests {
    use aether_types::WorkflowStatus;

    use super::*;

    fn row(id: &str, status: WorkflowStatus) -> Arc<WorkflowRow> {
        Arc::new(WorkflowRow {
            status,
            ..WorkflowRow::new(WorkflowId::parse(id).unwrap(), "t".into(), None, 1)
        })
    }

    /// A burst of changes is one row per workflow, its newest, in the order of the newest.
    #[test]
    fn a_window_keeps_each_workflows_newest_row() {
        let window = vec![
            Ok(row("a", WorkflowStatus::Pending)),
            Ok(row("b", WorkflowStatus::Pending)),
            Err(3),
            Ok(row("a", WorkflowStatus::Running)),
            Ok(row("a", WorkflowStatus::Completed)),
        ];
        let (rows, missed) = coalesce(window);
        let seen: Vec<(&str, WorkflowStatus)> =
            rows.iter().map(|r| (r.id.as_str(), r.status)).collect();
        assert_eq!(
            seen,
            [
                ("b", WorkflowStatus::Pending),
                ("a", WorkflowStatus::Completed)
            ]
        );
        assert_eq!(missed, 3);
        let batch = render((rows, missed));
        assert!(
            batch.rows[1].1.contains(r#""state":"COMPLETED""#),
            "{batch:?}"
        );
    }
}
