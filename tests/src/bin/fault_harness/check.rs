//! The invariants checked after every fault, read back over the API: every acknowledged start,
//! step, signal, approval decision and workspace write is there with the value acknowledged; no
//! step ran again after its acknowledgement; histories are gapless.
//!
//! What was acknowledged is read before what the server holds: the engine persists before it
//! answers, so an acknowledgement read first must be in a history read second. Read the other
//! way round, a step acknowledged while the check ran (between the history's read and the
//! log's) looked lost although it was committed after the history was read.

use std::{collections::BTreeSet, future::Future, path::Path, time::Duration};

use aether_sdk::{Client, Error, HistoryEntry, RpcCode, WorkflowStatus, approvals::ApprovalState};
use aether_tests::effects::{Effects, checked_against_history, log_for};

use crate::load::{Shared, lock};

/// What the checks found wrong.
#[derive(Debug, Default)]
pub struct Findings {
    /// Acknowledged data missing or changed.
    pub lost: BTreeSet<String>,
    /// Steps that began again after their result was acknowledged.
    pub rerun_after_ack: BTreeSet<String>,
    /// Everything else: gaps in a history, a failed workflow, a server that did not restart.
    pub other: BTreeSet<String>,
    /// Not violations: steps acknowledged while a check ran, after their workflow's history
    /// was read and not in it (checked in a later round). A check that read the log after the
    /// history would have called each of them lost.
    pub raced: BTreeSet<String>,
}

impl Findings {
    pub fn is_empty(&self) -> bool {
        self.lost.is_empty() && self.rerun_after_ack.is_empty() && self.other.is_empty()
    }

    pub fn extend(&mut self, more: Findings) {
        self.lost.extend(more.lost);
        self.rerun_after_ack.extend(more.rerun_after_ack);
        self.other.extend(more.other);
        self.raced.extend(more.raced);
    }
}

/// A workflow to read back: a start the load acknowledged, or a child its parent's history
/// names.
struct ToCheck {
    id: String,
    signalled: bool,
    /// For a child: whether its parent was still open when the parent's history was read.
    parent_open: Option<bool>,
}

pub struct Checker<'a> {
    pub client: &'a Client,
    pub ledger: &'a Shared,
    pub dir: &'a Path,
}

impl Checker<'_> {
    /// Checks every workflow not yet settled and every acknowledged approval; a workflow that
    /// passed and is complete (with its children) is settled and not read again.
    pub async fn round(&self) -> Findings {
        let mut findings = Findings::default();
        let (unsettled, approved) = {
            let ledger = lock(self.ledger);
            let unsettled: Vec<(String, bool)> = ledger
                .started
                .iter()
                .filter(|(id, _)| !ledger.settled.contains(*id))
                .map(|(id, plan)| (id.clone(), plan.signal && ledger.signalled.contains(id)))
                .collect();
            (unsettled, ledger.approved.clone())
        };
        for (id, signalled) in unsettled {
            match self.workflow(&id, signalled, &mut findings).await {
                Ok(true) => {
                    lock(self.ledger).settled.insert(id);
                }
                Ok(false) => {}
                Err(e) => {
                    findings
                        .other
                        .insert(format!("{id}: could not read it back: {e}"));
                }
            }
        }
        for (approval, workflow) in approved {
            let read = retrying(|| async { self.client.approvals().get(&approval).await }).await;
            match read {
                Ok(a) if a.state == ApprovalState::Approved => {}
                Ok(a) => {
                    findings.lost.insert(format!(
                        "approval {approval} of {workflow} was acknowledged approved but is {}",
                        a.state
                    ));
                }
                Err(e) => {
                    findings
                        .lost
                        .insert(format!("approval {approval} of {workflow}: {e}"));
                }
            }
        }
        findings
    }

    /// Checks one workflow and its children; `Ok(true)` when all of them completed.
    async fn workflow(
        &self,
        id: &str,
        signalled: bool,
        findings: &mut Findings,
    ) -> Result<bool, Error> {
        let mut settled = true;
        let mut queue = vec![ToCheck {
            id: id.to_owned(),
            signalled,
            parent_open: None,
        }];
        // Bounded: children have no children of their own in the mixed load.
        for _ in 0..16 {
            let Some(ToCheck {
                id,
                signalled,
                parent_open,
            }) = queue.pop()
            else {
                break;
            };
            // Before the status and the history: see the module's docs.
            let log = log_for(self.dir, &id);
            let early = Effects::read(&log);
            let status = match retrying(|| self.client.status(&id)).await {
                Ok(status) => status,
                Err(Error::Rpc(s)) if s.code() == RpcCode::NotFound => {
                    // The engine creates a child after the commit that records `child_started`
                    // in its parent (a deferred effect, retried, and derived again at
                    // recovery), so a child not there yet while its parent waits on it is
                    // still being created: during a disk-full outage, for seconds. The parent
                    // cannot finish without it, which the liveness phase holds the run to.
                    // A child read back before, or one that ran a step, was there: gone now,
                    // it is lost.
                    let seen = lock(self.ledger).children_seen.contains(&id);
                    if parent_open == Some(true) && !seen && early.begun.is_empty() {
                        tracing::info!(child = %id, "a child its parent started is not created yet; checked next round");
                        settled = false;
                        continue;
                    }
                    findings
                        .lost
                        .insert(format!("{id}: its acknowledged start is gone"));
                    return Ok(false);
                }
                Err(e) => return Err(e),
            };
            if parent_open.is_some() {
                lock(self.ledger).children_seen.insert(id.clone());
            }
            let history = retrying(|| self.client.history(&id)).await?;
            if let Some(gap) = history
                .iter()
                .enumerate()
                .find(|(i, h)| h.seq != *i as u64 + 1)
            {
                findings.other.insert(format!(
                    "{id}: history has a gap at {} (seq {})",
                    gap.0 + 1,
                    gap.1.seq
                ));
            }
            // The log again: see `checked_against_history` for what each read is held to.
            let (effects, later) =
                checked_against_history(early, Effects::read(&log), status.status.is_terminal());
            for step in later {
                if !history
                    .iter()
                    .any(|h| h.action == "step_completed" && h.name == step)
                {
                    tracing::info!(workflow = %id, %step, "step acknowledged while the check read its history; checked next round");
                    findings.raced.insert(format!("{id}: step {step}"));
                }
            }
            self.effects(&id, &history, effects, findings).await?;
            if signalled && !history.iter().any(|h| h.action == "signal_received") {
                findings.lost.insert(format!(
                    "{id}: its acknowledged signal is not in its history"
                ));
            }
            let open = !status.status.is_terminal();
            queue.extend(
                history
                    .iter()
                    .filter(|h| h.action == "child_started")
                    .filter_map(|h| h.child_workflow_id.clone())
                    .map(|child| ToCheck {
                        id: child,
                        signalled: false,
                        parent_open: Some(open),
                    }),
            );
            match status.status {
                WorkflowStatus::Completed => {}
                WorkflowStatus::Failed | WorkflowStatus::Cancelled => {
                    findings.other.insert(format!(
                        "{id} ended {:?}: {:?}",
                        status.status, status.failure
                    ));
                }
                _ => settled = false,
            }
        }
        Ok(settled)
    }

    /// The side-effect log (read by the caller, see the module's docs) against the history and
    /// the workspace.
    async fn effects(
        &self,
        id: &str,
        history: &[HistoryEntry],
        effects: Effects,
        findings: &mut Findings,
    ) -> Result<(), Error> {
        for (step, value) in &effects.acked {
            let journaled = history
                .iter()
                .find(|h| h.action == "step_completed" && &h.name == step);
            match journaled.and_then(|h| h.payload.as_ref()) {
                Some(serde_json::Value::String(v)) if v == value => {}
                Some(other) => {
                    findings.lost.insert(format!(
                        "{id}: step {step} was acknowledged as {value:?}, the history says {other}"
                    ));
                }
                None => {
                    findings.lost.insert(format!(
                        "{id}: acknowledged step {step} is not in the history"
                    ));
                }
            }
        }
        for step in effects.changed {
            findings.lost.insert(format!(
                "{id}: step {step} was acknowledged with two values"
            ));
        }
        for step in effects.rerun_after_ack {
            findings.rerun_after_ack.insert(format!(
                "{id}: step {step} began again after its acknowledgement"
            ));
        }
        for (session, path, content) in effects.writes {
            let read =
                retrying(|| async { self.client.workspace().read_file(&session, &path).await })
                    .await;
            match read {
                Ok(file) if file.data == content.as_bytes() => {}
                Ok(file) => {
                    findings.lost.insert(format!(
                        "{id}: {session}/{path} was acknowledged as {content:?}, reads {:?}",
                        String::from_utf8_lossy(&file.data)
                    ));
                }
                Err(e) => {
                    findings.lost.insert(format!(
                        "{id}: acknowledged write of {session}/{path} reads back as {e}"
                    ));
                }
            }
        }
        Ok(())
    }

    /// How many acknowledgements the ledger and the logs hold: starts, signals, decisions, step
    /// results and workspace writes.
    pub fn acknowledged(&self) -> u64 {
        let ledger = lock(self.ledger);
        let mut count =
            (ledger.started.len() + ledger.signalled.len() + ledger.approved.len()) as u64;
        let Ok(entries) = std::fs::read_dir(self.dir) else {
            return count;
        };
        for entry in entries.flatten() {
            let effects = Effects::read(&entry.path());
            count += (effects.acked.len() + effects.writes.len()) as u64;
        }
        count
    }
}

/// Retries a read for a few seconds while the server is unreachable or unavailable (it was just
/// restarted, or its database is coming back); other errors are final.
pub async fn retrying<T, F, Fut>(mut call: F) -> Result<T, Error>
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Result<T, Error>>,
{
    let mut last = None;
    for _ in 0..40 {
        match call().await {
            Ok(value) => return Ok(value),
            Err(e) if transient(&e) => last = Some(e),
            Err(e) => return Err(e),
        }
        tokio::time::sleep(Duration::from_millis(250)).await;
    }
    Err(last.unwrap_or_else(|| Error::msg("no attempt made")))
}

pub fn transient(e: &Error) -> bool {
    match e {
        Error::Connect { .. } => true,
        Error::Rpc(s) => matches!(
            s.code(),
            RpcCode::Unavailable
                | RpcCode::Unknown
                | RpcCode::DeadlineExceeded
                | RpcCode::Cancelled
        ),
        _ => false,
    }
}
