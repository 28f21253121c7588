//! The mixed load and what its clients were told: every start, signal and approval decision
//! the server acknowledged goes into the [`Ledger`] the checks read back.

use std::{
    collections::{BTreeMap, BTreeSet},
    path::PathBuf,
    sync::{Arc, Mutex},
    time::Duration,
};

use aether_sdk::{
    Client,
    approvals::{ApprovalId, ApprovalListOptions, ApprovalState, DecisionInput},
};
use serde_json::json;
use tokio_util::sync::CancellationToken;

/// What one `mixed` workflow was asked to do.
#[derive(Debug, Clone)]
pub struct Plan {
    pub fail_times: u32,
    pub sleep_ms: u64,
    pub child: bool,
    pub signal: bool,
    pub approval: bool,
    pub workspace: bool,
}

impl Plan {
    fn random(rng: &mut fastrand::Rng) -> Self {
        Self {
            fail_times: if rng.u8(..4) == 0 { rng.u32(1..=2) } else { 0 },
            sleep_ms: if rng.bool() { rng.u64(100..1500) } else { 0 },
            child: rng.u8(..3) == 0,
            signal: rng.u8(..3) == 0,
            approval: rng.u8(..4) == 0,
            workspace: rng.u8(..3) == 0,
        }
    }

    /// Only steps: for probing that work resumes.
    pub fn plain() -> Self {
        Self {
            fail_times: 0,
            sleep_ms: 0,
            child: false,
            signal: false,
            approval: false,
            workspace: false,
        }
    }

    pub fn input(&self, dir: &std::path::Path) -> serde_json::Value {
        json!({
            "dir": dir,
            "fail_times": self.fail_times,
            "sleep_ms": self.sleep_ms,
            "child": self.child,
            "signal": self.signal,
            "approval": self.approval,
            "workspace": self.workspace,
        })
    }
}

/// What the server acknowledged to the harness's clients.
#[derive(Default)]
pub struct Ledger {
    /// Acknowledged starts, with their plans.
    pub started: BTreeMap<String, Plan>,
    /// Workflows whose `go` signal was acknowledged.
    pub signalled: BTreeSet<String>,
    /// Acknowledged approvals (approval id → workflow id).
    pub approved: BTreeMap<ApprovalId, String>,
    /// Workflows (and their children) checked complete: terminal states never change, so
    /// later rounds skip them.
    pub settled: BTreeSet<String>,
    /// Children read back at least once: from then on, one not found is lost.
    pub children_seen: BTreeSet<String>,
}

pub type Shared = Arc<Mutex<Ledger>>;

pub fn lock(ledger: &Shared) -> std::sync::MutexGuard<'_, Ledger> {
    // A panic while holding the lock leaves plain data behind; keep reading it.
    ledger
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

pub struct Load {
    pub client: Client,
    pub ledger: Shared,
    pub dir: PathBuf,
    pub in_flight: usize,
    pub seed: u64,
}

impl Load {
    /// Starts workflows (keeping `in_flight` unfinished), sends the signals they wait for and
    /// approves their approvals, until `stop` (starting nothing new once `stop_starting`). Errors are expected (the server is killed under
    /// it); an ambiguous start is retried with the same id, so it stays one workflow.
    pub async fn run(self, stop_starting: CancellationToken, stop: CancellationToken) {
        let mut rng = fastrand::Rng::with_seed(self.seed);
        let mut next = 0u64;
        let mut pending: Option<(String, Plan)> = None;
        while !stop.is_cancelled() {
            let unsettled = {
                let ledger = lock(&self.ledger);
                ledger.started.len()
                    - ledger
                        .started
                        .keys()
                        .filter(|id| ledger.settled.contains(*id))
                        .count()
            };
            if unsettled < self.in_flight && !stop_starting.is_cancelled() {
                let (id, plan) = pending.take().unwrap_or_else(|| {
                    next += 1;
                    (
                        format!("mixed-{}-{next}", self.seed),
                        Plan::random(&mut rng),
                    )
                });
                match self
                    .client
                    .start_json("mixed", &plan.input(&self.dir), Some(&id))
                    .await
                {
                    Ok(_) => {
                        lock(&self.ledger).started.insert(id, plan);
                    }
                    Err(_) => pending = Some((id, plan)),
                }
            }
            self.signal_waiting().await;
            self.approve_pending().await;
            tokio::select! {
                _ = stop.cancelled() => {}
                _ = tokio::time::sleep(Duration::from_millis(rng.u64(10..80))) => {}
            }
        }
    }

    async fn signal_waiting(&self) {
        let due: Vec<String> = {
            let ledger = lock(&self.ledger);
            ledger
                .started
                .iter()
                .filter(|(id, plan)| plan.signal && !ledger.signalled.contains(*id))
                .map(|(id, _)| id.clone())
                .collect()
        };
        for id in due {
            // The key makes a resend after an ambiguous failure one signal.
            if self
                .client
                .signal(&id, "go", &json!({}), Some("go"))
                .await
                .is_ok()
            {
                lock(&self.ledger).signalled.insert(id);
            }
        }
    }

    pub async fn approve_pending(&self) {
        let options = ApprovalListOptions {
            state: Some(ApprovalState::Pending),
            limit: 100,
            ..Default::default()
        };
        let Ok((pending, _)) = self.client.approvals().list(&options).await else {
            return;
        };
        for approval in pending {
            let input = DecisionInput {
                by: Some("fault-harness".into()),
                ..Default::default()
            };
            if self
                .client
                .approvals()
                .approve(&approval.id, input)
                .await
                .is_ok()
            {
                let workflow = approval
                    .workflow_id
                    .map(|w| w.to_string())
                    .unwrap_or_default();
                lock(&self.ledger).approved.insert(approval.id, workflow);
            }
        }
    }
}
