//! What bounds a leased task: how long it may go without reporting anything (the task timeout),
//! and how large what it carries may grow (payload and journal caps).
//!
//! Progress is kept in memory, like activity heartbeats: every report on the current lease
//! moves it, and no report writes anything for it. After a reload the clock starts again from
//! the lease or the load, whichever is later, so a restart only ever extends a task's time.
//!
//! A size limit passed ends the workflow with a `PayloadTooLarge` or `JournalTooLarge` failure
//! instead of recording what was too large: a journal that no longer fits in a task would make
//! every dispatch fail, and the worker that received it with it.

use aether_types::{Action, Failure, Lease, Millis, StopReason, TaskToken, deadline_after};

use super::{Entry, SignalState, StepState, WorkflowState};

/// The timer-index position of the current lease's task deadline: above every journal
/// position, below [`super::WORKFLOW_DEADLINE`].
pub const TASK_DEADLINE: u32 = u32::MAX - 1;

/// What a passed task deadline did.
#[derive(Debug, Clone, PartialEq)]
pub enum TaskDeadline {
    /// No lease (or the workflow ended): nothing to watch.
    Idle,
    /// The task reported recently: watch again at this time.
    Ahead(Millis),
    /// The task reported nothing in time: its lease ended and its worker must be told.
    Expired(Lease),
}

impl WorkflowState {
    /// A report on the lease `token` arrived: the task is alive.
    pub fn note_progress(&mut self, token: &TaskToken, now: Millis) {
        if self.row.lease.as_ref().is_some_and(|l| &l.token == token) {
            self.progress_at = self.progress_at.max(now);
        }
    }

    /// When the current lease's task times out for want of a report.
    pub fn task_deadline(&self, timeout_ms: u64) -> Option<Millis> {
        let lease = self.row.lease.as_ref()?;
        if self.is_terminal() {
            return None;
        }
        let since = lease.leased_at.max(self.progress_at).max(self.loaded_at);
        Some(deadline_after(since, timeout_ms))
    }

    /// Ends the lease if its task has reported nothing for `timeout_ms`; the workflow is then
    /// runnable again, preferably on another worker.
    pub fn task_deadline_reached(&mut self, timeout_ms: u64, now: Millis) -> TaskDeadline {
        let Some(at) = self.task_deadline(timeout_ms) else {
            return TaskDeadline::Idle;
        };
        if at > now {
            return TaskDeadline::Ahead(at);
        }
        let Some(lease) = self.row.lease.take() else {
            return TaskDeadline::Idle;
        };
        self.row_dirty = true;
        self.avoid = Some(lease.worker_id.clone());
        TaskDeadline::Expired(lease)
    }

    /// About the bytes a task carries besides the input: every payload in the journal.
    pub fn journal_bytes(&self) -> usize {
        self.entries.values().map(entry_bytes).sum()
    }

    /// Ends the workflow with `failure` (a size limit passed) for the task holding `token`,
    /// recording nothing of what was too large. A stale token changes nothing.
    pub fn fail_for_size(
        &mut self,
        token: &TaskToken,
        failure: Failure,
        now: Millis,
    ) -> StopReason {
        if let Some(stop) = self.check_token(token) {
            return stop;
        }
        self.record(Action::WorkflowFailed { failure }, now);
        StopReason::Closed
    }

    /// Ends a runnable workflow whose task would not fit in a message; nothing is dispatched.
    pub fn fail_unsendable(&mut self, failure: Failure, now: Millis) {
        if !self.is_terminal() {
            self.record(Action::WorkflowFailed { failure }, now);
        }
    }
}

fn entry_bytes(entry: &Entry) -> usize {
    // Names and fixed fields are bounded; what grows is the payloads.
    let payload = match entry {
        Entry::Step {
            state, heartbeat, ..
        } => {
            let state = match state {
                StepState::Completed(result) => result.len(),
                StepState::Failed(failure) => failure_bytes(failure),
                StepState::Backoff { .. } | StepState::RetryReady => 0,
            };
            state + heartbeat.as_ref().map_or(0, Vec::len)
        }
        Entry::Child { outcome, .. } => match outcome {
            Some(aether_types::ChildOutcome::Completed { result }) => result.len(),
            Some(aether_types::ChildOutcome::Failed { failure }) => failure_bytes(failure),
            Some(aether_types::ChildOutcome::Cancelled { reason }) => reason.len(),
            None => 0,
        },
        Entry::Signal {
            state: SignalState::Delivered(payload),
            ..
        } => payload.len(),
        Entry::Workspace { outcome, .. } => match outcome {
            Ok(value) => serde_json::to_string(value).map_or(0, |s| s.len()),
            Err(failure) => failure_bytes(failure),
        },
        Entry::Approval { decision, .. } => decision
            .as_ref()
            .and_then(|d| serde_json::to_string(d).ok())
            .map_or(0, |s| s.len()),
        Entry::Signal { .. } | Entry::Timer { .. } => 0,
    };
    // Position, name, kind and status, roughly, so that a million tiny entries count too.
    payload + 64
}

fn failure_bytes(failure: &Failure) -> usize {
    failure.message.len() + failure.error_type.len() + failure.stack.as_ref().map_or(0, String::len)
}
