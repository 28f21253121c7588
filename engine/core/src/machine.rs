//! The workflow state machine: a workflow's state is the fold of its action log, and every
//! command either refuses (changing nothing) or appends actions and adjusts the lease.
//!
//! Everything here is synchronous and pure with respect to I/O: the engine loads a
//! [`WorkflowState`], calls one command, persists what the command recorded, and only then acts
//! on it. That split is what makes the journal exactly-once: a command that is not persisted has
//! no effect anywhere.

use std::collections::{BTreeMap, HashSet, VecDeque};

use aether_types::{
    Action, Approval, ApprovalId, ApprovalRequest, ApprovalState, ChildOutcome, Decision,
    DecisionInput, Failure, HistoryEvent, Lease, Millis, NodeId, Outcome, ParentRef, Payload,
    RetryPolicy, TaskToken, Wait, WorkerId, WorkflowId, WorkflowRow, WorkflowStatus,
};

use crate::{Error, Result, retry::backoff_delay};

pub use activity::{
    Activity, ActivityStart, Heartbeat, MAX_HEARTBEAT_DETAILS_BYTES, MAX_UNTRACKED_HEARTBEAT_BYTES,
    MAX_UNTRACKED_HEARTBEATS, Phase, WORKFLOW_DEADLINE,
};

pub use aether_types::{
    ApprovalWait, EntryKind, EntryStatus, JournalEntry, SignalWait, StopReason, Task,
};

/// Where a journal position stands.
#[derive(Debug, Clone, PartialEq)]
pub enum Entry {
    Step {
        name: String,
        /// Attempts recorded so far.
        attempts: u32,
        state: StepState,
        /// The heartbeat details the last failed attempt left, for the next one.
        heartbeat: Option<Payload>,
    },
    Timer {
        name: String,
        fire_at: Millis,
        fired: bool,
    },
    Child {
        workflow_type: String,
        child_id: WorkflowId,
        input: Payload,
        outcome: Option<ChildOutcome>,
    },
    /// A wait for the next signal of `name`.
    Signal { name: String, state: SignalState },
    /// A workspace activity the engine ran: the operation, the digest of its arguments, and
    /// its outcome.
    Workspace {
        op: String,
        digest: String,
        outcome: std::result::Result<serde_json::Value, Failure>,
    },
    /// A wait on an approval: one this workflow requested (`requested`), or one requested
    /// outside it and waited on by id.
    Approval {
        approval: ApprovalId,
        requested: Option<Requested>,
        decision: Option<Decision>,
    },
}

/// An approval the workflow requested: what the approval record is projected from.
#[derive(Debug, Clone, PartialEq)]
pub struct Requested {
    pub request: ApprovalRequest,
    pub requested_at: Millis,
    pub expires_at: Option<Millis>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum SignalState {
    Waiting,
    Delivered(Payload),
    TimedOut,
}

#[derive(Debug, Clone, PartialEq)]
pub enum StepState {
    Completed(Payload),
    /// Out of attempts: the failure goes to the workflow code.
    Failed(Failure),
    /// The last attempt failed; the next is due at `retry_at`.
    Backoff {
        retry_at: Millis,
    },
    /// The backoff elapsed; the next attempt may run.
    RetryReady,
}

impl Entry {
    fn name(&self) -> &str {
        match self {
            Entry::Step { name, .. } | Entry::Timer { name, .. } | Entry::Signal { name, .. } => {
                name
            }
            Entry::Child { workflow_type, .. } => workflow_type,
            Entry::Approval {
                requested: Some(requested),
                ..
            } => &requested.request.reason,
            Entry::Approval { approval, .. } => approval.as_str(),
            Entry::Workspace { op, .. } => op,
        }
    }

    fn describe(&self) -> String {
        match self {
            Entry::Step { name, .. } => format!("step '{name}'"),
            Entry::Timer { name, .. } => format!("timer '{name}'"),
            Entry::Child { workflow_type, .. } => format!("child workflow '{workflow_type}'"),
            Entry::Signal { name, .. } => format!("a wait for signal '{name}'"),
            Entry::Approval {
                requested: Some(requested),
                ..
            } => format!("an approval request '{}'", requested.request.reason),
            Entry::Approval { approval, .. } => format!("a wait on approval {approval}"),
            Entry::Workspace { op, .. } => format!("the workspace call {op}"),
        }
    }
}

/// How a workspace activity ended: its result as JSON, or the workspace's refusal.
pub type ActivityOutcome = std::result::Result<serde_json::Value, Failure>;

/// What deciding an approval did.
#[derive(Debug, Clone, PartialEq)]
pub enum Decided {
    /// This decision was recorded; the approval as it now stands.
    Now(Approval),
    /// The approval was already decided, expired or cancelled: the first outcome stands.
    Already(Approval),
}

/// What `signal` did with a signal.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SignalAccepted {
    /// A signal with the same idempotency key was accepted before; nothing was recorded.
    pub duplicate: bool,
    /// The position of the wait it went to at once, if one was waiting.
    pub delivered_to: Option<u32>,
}

/// The reply to a step report.
#[derive(Debug, Clone, PartialEq)]
pub enum StepReply {
    Stop(StopReason),
    /// The report's result is now the step's: the reporter has it, so it is not sent back.
    Recorded,
    /// The step already had a result (a duplicate report): the journal's, which is the one that
    /// counts even where the report's differs.
    Succeeded(Payload),
    RetryScheduled {
        retry_at: Millis,
    },
    Failed(Failure),
}

/// A worker's report of one step attempt.
#[derive(Debug, Clone, PartialEq)]
pub struct StepReport {
    pub position: u32,
    pub name: String,
    pub attempt: u32,
    pub outcome: std::result::Result<Payload, Failure>,
    /// `None`: the step is not retried.
    pub retry: Option<RetryPolicy>,
    /// The attempt's run time as the worker measured it, if it said.
    pub duration_ms: Option<u64>,
}

/// Largest journal position accepted; a guard against runaway workflow code.
pub const MAX_POSITION: u32 = 1_000_000;

/// Largest signal payload. A delivered payload travels in every later task's journal, so it is
/// bounded well below the message limit.
pub const MAX_SIGNAL_PAYLOAD_BYTES: usize = 1024 * 1024;

/// Most signals a workflow keeps that no wait has taken: a sender cannot grow a workflow's
/// state without bound by signalling a name its code never waits on.
pub const MAX_KEPT_SIGNALS: usize = 10_000;

/// The heartbeats a node heard of one workflow and since when it hears them: in memory only,
/// carried from a workflow's state to its reload ([`WorkflowState::remember`]).
#[derive(Debug, Clone, PartialEq)]
pub struct HeartbeatMemory {
    /// The workflow's creation time: a memory is only taken over by the same workflow.
    created_at: Millis,
    heartbeats: BTreeMap<u32, Heartbeat>,
    loaded_at: Millis,
}

#[derive(Debug, Clone, PartialEq)]
pub struct WorkflowState {
    /// Status, wait, lease, version: kept current by every command.
    pub row: WorkflowRow,
    pub input: Payload,
    pub entries: BTreeMap<u32, Entry>,
    /// The open waits by position: opened and satisfied by actions (see [`wait`]), dropped when
    /// the workflow ends. A workflow with any open wait is not runnable.
    pub waits: BTreeMap<u32, Wait>,
    pub result: Option<Payload>,
    pub failure: Option<Failure>,
    pub cancel_reason: Option<String>,
    /// Signals received and not yet delivered, per name, oldest first: the sequence number of
    /// their `SignalReceived` and their payload.
    pub signals: BTreeMap<String, VecDeque<(u64, Payload)>>,
    /// The idempotency keys of every signal accepted.
    signal_keys: HashSet<String>,
    /// Activities with engine-enforced timeouts in progress, by position (see [`activity`]).
    pub activities: BTreeMap<u32, Activity>,
    /// The last heartbeat of each activity attempt: in memory only, never in the log.
    heartbeats: BTreeMap<u32, Heartbeat>,
    /// When this node loaded the workflow: heartbeats from before are unknown to it.
    loaded_at: Millis,
    /// When the execution timeout fails the workflow, if it has one.
    pub execution_deadline: Option<Millis>,
    /// The worker whose attempt the engine timed out last, until the workflow moves on.
    avoid: Option<WorkerId>,
    /// The last report on the current lease, in memory only (see [`bounds`]).
    progress_at: Millis,
    /// Actions recorded by the current command and not yet persisted.
    unsaved: Vec<HistoryEvent>,
    /// Whether the row changed without an action (a lease taken or released).
    row_dirty: bool,
}

impl WorkflowState {
    /// A new workflow, with its `WorkflowStarted` action unsaved.
    pub fn start(
        id: WorkflowId,
        workflow_type: String,
        input: Payload,
        parent: Option<ParentRef>,
        execution_timeout_ms: Option<u64>,
        now: Millis,
    ) -> Self {
        let mut state = Self::empty(WorkflowRow::new(
            id,
            workflow_type.clone(),
            parent.clone(),
            now,
        ));
        state.loaded_at = now;
        state.record(
            Action::WorkflowStarted {
                workflow_type,
                input,
                parent,
                execution_timeout_at: execution_timeout_ms
                    .map(|ms| aether_types::deadline_after(now, ms)),
            },
            now,
        );
        state
    }

    /// Notes when this node loaded the workflow: a heartbeat timeout counts from then at the
    /// earliest, since heartbeats sent to another node (or before a restart) are unknown here.
    pub fn loaded(mut self, now: Millis) -> Self {
        self.loaded_at = now;
        self
    }

    /// What this node heard of the workflow's heartbeats, to outlive a reload of its state.
    pub fn heartbeat_memory(&self) -> HeartbeatMemory {
        HeartbeatMemory {
            created_at: self.row.created_at,
            heartbeats: self.heartbeats.clone(),
            loaded_at: self.loaded_at,
        }
    }

    /// Takes over what this node heard before it reloaded the same workflow from the store: a
    /// reload (a read on a shared store, a lost write race) must neither forget the last details
    /// nor restart the heartbeat clock, or polling status would keep a stuck attempt alive.
    /// Heartbeats of attempts the reloaded log has decided are dropped.
    pub fn remember(&mut self, memory: HeartbeatMemory) {
        if memory.created_at != self.row.created_at {
            return;
        }
        self.loaded_at = self.loaded_at.min(memory.loaded_at);
        for (position, heartbeat) in memory.heartbeats {
            if self.attempt_open(position, heartbeat.attempt) {
                self.heartbeats.insert(position, heartbeat);
            }
        }
    }

    /// Whether forgetting this state and restoring it from the log later loses nothing. What
    /// lives only in memory belongs to a lease (its progress clock), a running attempt (its
    /// heartbeats, and a heartbeat clock that a reload would restart) or an attempt the engine
    /// timed out (the worker the retry should avoid).
    pub fn restorable_from_log(&self) -> bool {
        self.row.lease.is_none()
            && self.heartbeats.is_empty()
            && self.avoid.is_none()
            && !self.activities.values().any(Activity::is_running)
    }

    /// Rebuilds a workflow from its stored row and action log.
    ///
    /// The row's summary of the waits (`wait`, `wait_since`, `due_at`) is recomputed from the
    /// log; a stored row that disagrees (written before the summary existed, migration 0004) is
    /// marked changed, so the next command on the workflow stores the corrected row.
    pub fn restore(row: WorkflowRow, events: &[HistoryEvent]) -> Result<Self> {
        let stored_summary = (row.wait, row.wait_since, row.due_at);
        let mut state = Self::empty(row);
        match events.first().map(|e| &e.action) {
            Some(Action::WorkflowStarted { .. }) => {}
            _ => {
                return Err(Error::Corrupt(format!(
                    "workflow {}: history does not begin with workflow_started",
                    state.row.id
                )));
            }
        }
        for event in events {
            state.evolve(&event.action, event.at, event.seq);
        }
        state.row_dirty =
            stored_summary != (state.row.wait, state.row.wait_since, state.row.due_at);
        Ok(state)
    }

    /// A row with no actions applied yet.
    fn empty(row: WorkflowRow) -> Self {
        Self {
            row,
            input: Vec::new(),
            entries: BTreeMap::new(),
            waits: BTreeMap::new(),
            result: None,
            signals: BTreeMap::new(),
            signal_keys: HashSet::new(),
            failure: None,
            cancel_reason: None,
            activities: BTreeMap::new(),
            heartbeats: BTreeMap::new(),
            loaded_at: 0,
            execution_deadline: None,
            avoid: None,
            progress_at: 0,
            unsaved: Vec::new(),
            row_dirty: false,
        }
    }

    pub fn id(&self) -> &WorkflowId {
        &self.row.id
    }

    pub fn is_terminal(&self) -> bool {
        self.row.status.is_terminal()
    }

    /// The wait the workflow has been in longest, if any: what status and listings show.
    pub fn wait(&self) -> Option<&Wait> {
        self.waits.values().min_by_key(|w| oldest_first(w))
    }

    /// Every open wait, the oldest first.
    pub fn waits_oldest_first(&self) -> Vec<Wait> {
        let mut waits: Vec<Wait> = self.waits.values().cloned().collect();
        waits.sort_by_key(oldest_first);
        waits
    }

    /// When the earliest deadline every node can enforce passes: a wait's, an activity's
    /// (heartbeats aside), or the execution timeout.
    pub fn due_at(&self) -> Option<Millis> {
        self.waits
            .values()
            .filter_map(|w| w.deadline)
            .chain(self.durable_due_at())
            .min()
    }

    /// Positions whose deadline (a wait's, an activity's, or the execution timeout's, as
    /// [`WORKFLOW_DEADLINE`]) has passed at `now`.
    pub fn due_positions(&self, now: Millis) -> Vec<u32> {
        let mut due: Vec<u32> = self
            .waits
            .values()
            .filter(|w| w.deadline.is_some_and(|at| at <= now))
            .map(|w| w.position)
            .collect();
        due.extend(self.activities.keys().copied().filter(|position| {
            self.activity_deadline(*position)
                .is_some_and(|at| at <= now)
        }));
        if self.execution_deadline.is_some_and(|at| at <= now) && !self.is_terminal() {
            due.push(WORKFLOW_DEADLINE);
        }
        due.sort_unstable();
        due.dedup();
        due
    }

    /// Whether a worker could make progress on it now: the row's rule, which every action
    /// keeps true to the open waits.
    pub fn is_runnable(&self) -> bool {
        self.row.is_runnable()
    }

    /// Hands over the actions recorded since the last call, and whether anything changed.
    pub fn take_unsaved(&mut self) -> (Vec<HistoryEvent>, bool) {
        let dirty = self.row_dirty || !self.unsaved.is_empty();
        self.row_dirty = false;
        (std::mem::take(&mut self.unsaved), dirty)
    }

    /// The journal as a worker sees it.
    pub fn journal(&self) -> Vec<JournalEntry> {
        self.entries
            .iter()
            .map(|(&position, entry)| journal_entry(position, entry))
            .collect()
    }

    // ---- commands -------------------------------------------------------------------------

    /// Leases the workflow to `worker`, connected to `node`, if it is runnable, returning the
    /// task to send.
    pub fn dispatch(
        &mut self,
        worker: &WorkerId,
        token: TaskToken,
        node: Option<&NodeId>,
        now: Millis,
    ) -> Option<Task> {
        if !self.is_runnable() {
            return None;
        }
        self.row.lease = Some(Lease {
            token: token.clone(),
            worker_id: worker.clone(),
            leased_at: now,
            node: node.cloned(),
        });
        self.row.last_worker = Some(worker.clone());
        self.progress_at = now;
        if self.row.status == WorkflowStatus::Pending {
            self.row.status = WorkflowStatus::Running;
        }
        self.row_dirty = true;
        Some(Task {
            token,
            workflow_id: self.row.id.clone(),
            workflow_type: self.row.workflow_type.clone(),
            input: self.input.clone(),
            journal: self.journal(),
        })
    }

    pub fn complete_step(
        &mut self,
        token: &TaskToken,
        report: &StepReport,
        now: Millis,
    ) -> Result<StepReply> {
        if let Some(stop) = self.check_token(token) {
            return Ok(StepReply::Stop(stop));
        }
        check_position(report.position)?;
        check_name("step name", &report.name)?;
        if report.attempt == 0 {
            return Err(Error::InvalidArgument("attempt numbers start at 1".into()));
        }
        if let Some(policy) = &report.retry {
            policy.validate().map_err(Error::InvalidArgument)?;
        }
        match self.entries.get(&report.position) {
            None => {}
            Some(Entry::Step {
                name,
                attempts,
                state,
                ..
            }) if *name == report.name => {
                match state {
                    StepState::Completed(result) => {
                        return Ok(StepReply::Succeeded(result.clone()));
                    }
                    StepState::Failed(failure) => return Ok(StepReply::Failed(failure.clone())),
                    StepState::Backoff { retry_at } => {
                        return Ok(StepReply::RetryScheduled {
                            retry_at: *retry_at,
                        });
                    }
                    StepState::RetryReady if report.attempt <= *attempts => {
                        // A late duplicate of an attempt already recorded: the backoff has
                        // elapsed, so the worker should run the next attempt.
                        return Ok(StepReply::RetryScheduled { retry_at: now });
                    }
                    StepState::RetryReady => {}
                }
            }
            Some(other) => {
                let message = non_determinism_message(
                    report.position,
                    other,
                    &format!("step '{}'", report.name),
                );
                self.fail_non_deterministic(message, now);
                return Ok(StepReply::Stop(StopReason::Closed));
            }
        }
        let StepReport {
            position,
            name,
            attempt,
            outcome,
            retry,
            duration_ms,
        } = report;
        let (position, attempt) = (*position, *attempt);
        // The token was checked above, so the lease is the task that ran this attempt.
        let run = self.attempt_run(*duration_ms);
        Ok(match outcome {
            Ok(result) => {
                self.record(
                    Action::StepCompleted {
                        position,
                        name: name.clone(),
                        attempt,
                        result: result.clone(),
                        run,
                    },
                    now,
                );
                StepReply::Recorded
            }
            Err(failure) => {
                let failure = &reported(failure.clone());
                let retry_at = retry
                    .as_ref()
                    .filter(|policy| policy.allows_retry_after(attempt, failure))
                    .map(|policy| {
                        now.saturating_add(duration_millis(backoff_delay(policy, attempt)))
                    })
                    // Past the activity's schedule-to-close deadline no attempt may start.
                    .filter(|retry_at| {
                        self.activities
                            .get(&position)
                            .and_then(Activity::retry_limit)
                            .is_none_or(|limit| *retry_at < limit)
                    });
                let heartbeat_details = self.heartbeat_details(position);
                self.record(
                    Action::StepFailed {
                        position,
                        name: name.clone(),
                        attempt,
                        failure: failure.clone(),
                        retry_at,
                        run,
                        heartbeat_details,
                    },
                    now,
                );
                match retry_at {
                    Some(retry_at) => StepReply::RetryScheduled { retry_at },
                    None => StepReply::Failed(failure.clone()),
                }
            }
        })
    }

    pub fn schedule_timer(
        &mut self,
        token: &TaskToken,
        position: u32,
        name: String,
        duration_ms: u64,
        now: Millis,
    ) -> Result<Option<StopReason>> {
        if let Some(stop) = self.check_token(token) {
            return Ok(Some(stop));
        }
        check_position(position)?;
        check_name("timer name", &name)?;
        match self.entries.get(&position) {
            None => {
                let fire_at = now.saturating_add(i64::try_from(duration_ms).unwrap_or(i64::MAX));
                self.record(
                    Action::TimerStarted {
                        position,
                        name,
                        fire_at,
                    },
                    now,
                );
                Ok(None)
            }
            Some(Entry::Timer { name: existing, .. }) if *existing == name => Ok(None),
            Some(other) => {
                let message = non_determinism_message(position, other, &format!("timer '{name}'"));
                self.fail_non_deterministic(message, now);
                Ok(Some(StopReason::Closed))
            }
        }
    }

    /// Records the start of a child; the engine creates the child after this is persisted.
    pub fn start_child(
        &mut self,
        token: &TaskToken,
        position: u32,
        workflow_type: String,
        input: Payload,
        child_id: Option<WorkflowId>,
        now: Millis,
    ) -> Result<std::result::Result<WorkflowId, StopReason>> {
        if let Some(stop) = self.check_token(token) {
            return Ok(Err(stop));
        }
        check_position(position)?;
        check_name("workflow type", &workflow_type)?;
        match self.entries.get(&position) {
            None => {
                let child_id = child_id.unwrap_or_else(|| self.row.id.child_at(position));
                self.record(
                    Action::ChildStarted {
                        position,
                        workflow_type,
                        child_id: child_id.clone(),
                        input,
                    },
                    now,
                );
                Ok(Ok(child_id))
            }
            Some(Entry::Child {
                workflow_type: existing,
                child_id,
                ..
            }) if *existing == workflow_type => Ok(Ok(child_id.clone())),
            Some(other) => {
                let message = non_determinism_message(
                    position,
                    other,
                    &format!("child workflow '{workflow_type}'"),
                );
                self.fail_non_deterministic(message, now);
                Ok(Err(StopReason::Closed))
            }
        }
    }

    /// A signal from outside: recorded and kept until a wait of its name takes it (at once, if
    /// one is waiting). A repeated idempotency key is accepted once; a finished workflow refuses.
    pub fn signal(
        &mut self,
        name: String,
        payload: Payload,
        idempotency_key: Option<String>,
        now: Millis,
    ) -> Result<SignalAccepted> {
        check_name("signal name", &name)?;
        if let Some(key) = &idempotency_key {
            check_name("idempotency key", key)?;
        }
        // A retried send of an accepted signal is a duplicate even after the workflow finished:
        // its first send counted, and the sender must not be told otherwise.
        if idempotency_key
            .as_ref()
            .is_some_and(|key| self.signal_keys.contains(key))
        {
            return Ok(SignalAccepted {
                duplicate: true,
                delivered_to: None,
            });
        }
        if self.is_terminal() {
            return Err(Error::FailedPrecondition(format!(
                "workflow {} is already {}; it takes no more signals",
                self.row.id, self.row.status
            )));
        }
        if payload.len() > MAX_SIGNAL_PAYLOAD_BYTES {
            return Err(Error::TooLarge(format!(
                "a signal payload is at most {MAX_SIGNAL_PAYLOAD_BYTES} bytes; this one has {}",
                payload.len()
            )));
        }
        let kept: usize = self.signals.values().map(VecDeque::len).sum();
        if kept >= MAX_KEPT_SIGNALS {
            return Err(Error::TooLarge(format!(
                "workflow {} already keeps {MAX_KEPT_SIGNALS} signals that no wait has taken",
                self.row.id
            )));
        }
        self.record(
            Action::SignalReceived {
                name: name.clone(),
                payload,
                idempotency_key,
            },
            now,
        );
        Ok(SignalAccepted {
            duplicate: false,
            delivered_to: self.deliver_signals(&name, now),
        })
    }

    /// The workflow code waits for the next signal of `name`: the wait opens (with its timeout
    /// as deadline) and takes the oldest kept signal of that name, if any, at once.
    pub fn wait_for_signal(
        &mut self,
        token: &TaskToken,
        position: u32,
        name: String,
        timeout_ms: Option<u64>,
        now: Millis,
    ) -> Result<std::result::Result<SignalWait, StopReason>> {
        if let Some(stop) = self.check_token(token) {
            return Ok(Err(stop));
        }
        check_position(position)?;
        check_name("signal name", &name)?;
        match self.entries.get(&position) {
            None => {
                let timeout_at =
                    timeout_ms.map(|ms| now.saturating_add(i64::try_from(ms).unwrap_or(i64::MAX)));
                self.record(
                    Action::SignalWaitStarted {
                        position,
                        name: name.clone(),
                        timeout_at,
                    },
                    now,
                );
                self.deliver_signals(&name, now);
            }
            Some(Entry::Signal { name: existing, .. }) if *existing == name => {}
            Some(other) => {
                let message = non_determinism_message(
                    position,
                    other,
                    &format!("a wait for signal '{name}'"),
                );
                self.fail_non_deterministic(message, now);
                return Ok(Err(StopReason::Closed));
            }
        }
        Ok(Ok(match self.entries.get(&position) {
            Some(Entry::Signal {
                state: SignalState::Delivered(payload),
                ..
            }) => SignalWait::Delivered(payload.clone()),
            Some(Entry::Signal {
                state: SignalState::TimedOut,
                ..
            }) => SignalWait::TimedOut,
            _ => SignalWait::Waiting,
        }))
    }

    /// Hands kept signals of `name` to the open waits for it, oldest signal to the lowest
    /// position, one each. Returns the first position served.
    fn deliver_signals(&mut self, name: &str, now: Millis) -> Option<u32> {
        let mut first = None;
        loop {
            // Open waits only (a timed-out or delivered one is closed), lowest position first.
            let waiting = self.waits.keys().copied().find(|position| {
                matches!(
                    self.entries.get(position),
                    Some(Entry::Signal { name: wanted, state: SignalState::Waiting }) if wanted == name
                )
            });
            let oldest = self
                .signals
                .get(name)
                .and_then(|queue| queue.front())
                .map(|(seq, _)| *seq);
            let (Some(position), Some(signal)) = (waiting, oldest) else {
                return first;
            };
            self.record(Action::SignalDelivered { position, signal }, now);
            first = first.or(Some(position));
        }
    }

    /// The workflow code asks for a person's decision: the approval is recorded as requested
    /// (with `approval` as its id) and the workflow waits on it until it is decided or expires.
    /// A repeated report for the position answers with what the journal holds.
    pub fn request_approval(
        &mut self,
        token: &TaskToken,
        position: u32,
        approval: ApprovalId,
        request: ApprovalRequest,
        now: Millis,
    ) -> Result<std::result::Result<ApprovalWait, StopReason>> {
        if let Some(stop) = self.check_token(token) {
            return Ok(Err(stop));
        }
        check_position(position)?;
        request.validate()?;
        match self.entries.get(&position) {
            None => {
                let expires_at = request.expires_at(now);
                self.record(
                    Action::ApprovalRequested {
                        position,
                        approval,
                        request,
                        expires_at,
                    },
                    now,
                );
            }
            Some(Entry::Approval {
                requested: Some(requested),
                ..
            }) if requested.request.reason == request.reason => {}
            Some(other) => {
                let called = format!("an approval request '{}'", request.reason);
                let message = non_determinism_message(position, other, &called);
                self.fail_non_deterministic(message, now);
                return Ok(Err(StopReason::Closed));
            }
        }
        Ok(Ok(self.approval_wait(position)))
    }

    /// The workflow code waits on `approval`, requested outside it (for a session), by id,
    /// until it is decided, expires, or `timeout_ms` passes. `approval` is the record as the
    /// engine read it: already decided, the decision is recorded at once.
    pub fn wait_for_approval(
        &mut self,
        token: &TaskToken,
        position: u32,
        approval: &Approval,
        timeout_ms: Option<u64>,
        now: Millis,
    ) -> Result<std::result::Result<ApprovalWait, StopReason>> {
        if let Some(stop) = self.check_token(token) {
            return Ok(Err(stop));
        }
        check_position(position)?;
        match self.entries.get(&position) {
            None => {
                let timeout_at =
                    timeout_ms.map(|ms| now.saturating_add(i64::try_from(ms).unwrap_or(i64::MAX)));
                let timeout_at = match (timeout_at, approval.expires_at) {
                    (Some(a), Some(b)) => Some(a.min(b)),
                    (a, b) => a.or(b),
                };
                self.record(
                    Action::ApprovalWaitStarted {
                        position,
                        approval: approval.id.clone(),
                        timeout_at,
                    },
                    now,
                );
                self.approval_decided_elsewhere(&approval.clone().as_of(now), now);
            }
            Some(Entry::Approval {
                approval: existing,
                requested: None,
                ..
            }) if *existing == approval.id => {}
            Some(other) => {
                let called = format!("a wait on approval {}", approval.id);
                let message = non_determinism_message(position, other, &called);
                self.fail_non_deterministic(message, now);
                return Ok(Err(StopReason::Closed));
            }
        }
        Ok(Ok(self.approval_wait(position)))
    }

    /// A reviewer decides one of this workflow's own approvals. The first decision wins: an
    /// approval already decided, expired (even if no timer has said so yet) or cancelled keeps
    /// its outcome, and an expiry found here is recorded.
    pub fn decide_approval(
        &mut self,
        approval: &ApprovalId,
        outcome: Outcome,
        input: &DecisionInput,
        now: Millis,
    ) -> Result<Decided> {
        let position = self
            .entries
            .iter()
            .find_map(|(position, entry)| match entry {
                Entry::Approval {
                    approval: id,
                    requested: Some(_),
                    ..
                } if id == approval => Some(*position),
                _ => None,
            })
            .ok_or_else(|| {
                Error::InvalidArgument(format!(
                    "workflow {} did not request approval {approval}",
                    self.row.id
                ))
            })?;
        let record = |state: &Self| {
            state.approval_record(position).ok_or_else(|| {
                Error::Corrupt(format!("approval {approval} has no record in its workflow"))
            })
        };
        let current = record(self)?;
        if current.state != ApprovalState::Pending {
            return Ok(Decided::Already(current));
        }
        if current.state_at(now) == ApprovalState::Expired {
            self.deadline_reached(position, now);
            return Ok(Decided::Already(record(self)?));
        }
        self.record(
            Action::ApprovalDecided {
                position,
                approval: approval.clone(),
                outcome,
                by: input.by.clone(),
                by_hint: input.by_hint.clone(),
                comment: input.comment.clone(),
                payload: input.payload.clone(),
                decided_at: None,
            },
            now,
        );
        Ok(Decided::Now(record(self)?))
    }

    /// An approval this workflow waits on by id was decided (or expired): the decision goes to
    /// every wait on it that is still open. Idempotent.
    pub fn approval_decided_elsewhere(&mut self, approval: &Approval, now: Millis) {
        let Some(decision) = approval.decision() else {
            return;
        };
        let open: Vec<u32> = self
            .waits
            .keys()
            .copied()
            .filter(|position| {
                matches!(
                    self.entries.get(position),
                    Some(Entry::Approval { approval: id, requested: None, decision: None })
                        if *id == approval.id
                )
            })
            .collect();
        for position in open {
            self.record(
                Action::ApprovalDecided {
                    position,
                    approval: approval.id.clone(),
                    outcome: decision.outcome,
                    by: decision.by.clone(),
                    by_hint: decision.by_hint.clone(),
                    comment: decision.comment.clone(),
                    payload: decision.payload.clone(),
                    decided_at: Some(decision.at),
                },
                now,
            );
        }
    }

    /// Where the approval wait at `position` stands.
    fn approval_wait(&self, position: u32) -> ApprovalWait {
        match self.entries.get(&position) {
            Some(Entry::Approval {
                decision: Some(decision),
                ..
            }) => ApprovalWait::Decided(decision.clone()),
            Some(Entry::Approval { approval, .. }) => ApprovalWait::Waiting(approval.clone()),
            _ => unreachable!("approval_wait is called on an approval entry"),
        }
    }

    /// The record of the approval this workflow requested at `position`: the projection of
    /// its log that the store keeps beside it.
    pub fn approval_record(&self, position: u32) -> Option<Approval> {
        let Some(Entry::Approval {
            approval,
            requested: Some(requested),
            decision,
        }) = self.entries.get(&position)
        else {
            return None;
        };
        let mut record = Approval::pending(
            approval.clone(),
            Some((self.row.id.clone(), position)),
            requested.request.clone(),
            requested.requested_at,
        );
        record.expires_at = requested.expires_at;
        match decision {
            Some(decision) => record.decide(decision),
            None if self.is_terminal() => {
                record.state = ApprovalState::Cancelled;
                record.decided_at = self.row.closed_at;
            }
            None => {}
        }
        // Monotonic over the record's changes, which are all actions of this workflow.
        record.version = self.row.history_len;
        Some(record)
    }

    /// The records of this workflow's approvals that `events` changed: requested, decided, or
    /// cancelled because the workflow ended.
    pub fn approvals_changed_by(&self, events: &[HistoryEvent]) -> Vec<Approval> {
        let ended = events.iter().any(|e| e.action.is_terminal());
        let mut positions: std::collections::BTreeSet<u32> = events
            .iter()
            .filter(|e| {
                matches!(
                    e.action,
                    Action::ApprovalRequested { .. } | Action::ApprovalDecided { .. }
                )
            })
            .filter_map(|e| e.action.position())
            .collect();
        if ended {
            // The undecided ones are cancelled with the workflow.
            positions.extend(self.entries.iter().filter_map(|(position, entry)| {
                matches!(entry, Entry::Approval { decision: None, .. }).then_some(*position)
            }));
        }
        positions
            .into_iter()
            .filter_map(|position| self.approval_record(position))
            .collect()
    }

    /// The journaled outcome of the workspace activity at `position`, if it ran; a call that
    /// differs from the journaled one (another operation, other arguments) fails the workflow as
    /// non-deterministic.
    pub fn journaled_activity(
        &mut self,
        token: &TaskToken,
        position: u32,
        op: &str,
        digest: &str,
        now: Millis,
    ) -> Result<std::result::Result<Option<ActivityOutcome>, StopReason>> {
        if let Some(stop) = self.check_token(token) {
            return Ok(Err(stop));
        }
        check_position(position)?;
        match self.entries.get(&position) {
            None => Ok(Ok(None)),
            Some(Entry::Workspace {
                op: journaled,
                digest: same,
                outcome,
            }) if journaled == op && same == digest => Ok(Ok(Some(outcome.clone()))),
            Some(other) => {
                let called = match other {
                    Entry::Workspace { op: journaled, .. } if journaled == op => {
                        format!("the workspace call {op} with other arguments")
                    }
                    _ => format!("the workspace call {op}"),
                };
                let message = non_determinism_message(position, other, &called);
                self.fail_non_deterministic(message, now);
                Ok(Err(StopReason::Closed))
            }
        }
    }

    /// Records what a workspace activity returned; a position recorded meanwhile (a repeated
    /// report that won) keeps its outcome, which is returned.
    #[allow(clippy::too_many_arguments)]
    pub fn record_activity(
        &mut self,
        token: &TaskToken,
        position: u32,
        op: &str,
        digest: &str,
        session: Option<String>,
        revision: Option<u64>,
        outcome: ActivityOutcome,
        now: Millis,
    ) -> Result<std::result::Result<ActivityOutcome, StopReason>> {
        match self.journaled_activity(token, position, op, digest, now)? {
            Err(stop) => return Ok(Err(stop)),
            Ok(Some(journaled)) => return Ok(Ok(journaled)),
            Ok(None) => {}
        }
        self.record(
            Action::WorkspaceActivity {
                position,
                op: op.to_owned(),
                digest: digest.to_owned(),
                session,
                revision,
                outcome: outcome.clone(),
            },
            now,
        );
        Ok(Ok(outcome))
    }

    /// The worker has nothing left to do until the engine resolves a wait: release the task.
    pub fn suspend(&mut self, token: &TaskToken) -> Option<StopReason> {
        if let Some(stop) = self.check_token(token) {
            return Some(stop);
        }
        self.release_lease();
        None
    }

    pub fn complete(
        &mut self,
        token: &TaskToken,
        outcome: std::result::Result<Payload, Failure>,
        now: Millis,
    ) -> Option<StopReason> {
        if let Some(stop) = self.check_token(token) {
            return Some(stop);
        }
        let action = match outcome {
            Ok(result) => Action::WorkflowCompleted { result },
            Err(failure) => Action::WorkflowFailed {
                failure: reported(failure),
            },
        };
        self.record(action, now);
        None
    }

    pub fn cancel(&mut self, reason: String, now: Millis) -> Result<()> {
        if self.is_terminal() {
            return Err(Error::FailedPrecondition(format!(
                "workflow {} is already {}",
                self.row.id, self.row.status
            )));
        }
        self.record(Action::WorkflowCancelled { reason }, now);
        Ok(())
    }

    /// The deadline of the wait at `position` (a sleep's timer, a retry's backoff) has passed:
    /// record what ends it. Idempotent, and a wait whose deadline is still ahead is left alone,
    /// so a stale or early wake-up changes nothing; its deadline is returned so that the caller
    /// can arm it again (the clock stepped back, or the wait was re-opened later).
    ///
    /// The same holds for an activity's deadlines at `position` and for the execution timeout
    /// ([`WORKFLOW_DEADLINE`]): see [`activity`].
    pub fn deadline_reached(&mut self, position: u32, now: Millis) -> Option<Millis> {
        if position == WORKFLOW_DEADLINE {
            return self.execution_deadline_reached(now);
        }
        let wait_ahead = match self.waits.get(&position) {
            Some(wait) => match wait.deadline {
                Some(at) if at > now => Some(at),
                Some(_) => {
                    if let Some(action) = wait::on_deadline(wait) {
                        self.record(action, now);
                    }
                    None
                }
                None => None,
            },
            None => None,
        };
        let activity_ahead = self.activity_deadline_reached(position, now);
        match (wait_ahead, activity_ahead) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        }
    }

    /// The child at `position` finished. Idempotent.
    pub fn child_finished(
        &mut self,
        position: u32,
        child_id: &WorkflowId,
        outcome: ChildOutcome,
        now: Millis,
    ) {
        if self.is_terminal() {
            return;
        }
        if let Some(Entry::Child {
            child_id: expected,
            outcome: None,
            ..
        }) = self.entries.get(&position)
            && expected == child_id
        {
            self.record(
                Action::ChildFinished {
                    position,
                    child_id: child_id.clone(),
                    outcome,
                },
                now,
            );
        }
    }

    /// Releases the lease if `worker` still holds it (the worker was declared dead, or no longer
    /// has the task), unless it is the lease with token `keep`.
    ///
    /// With `node`, only a lease that node granted (or one that names no node): with several
    /// nodes, a lease the worker's new node took over is that node's to expire.
    pub fn expire_lease_of(
        &mut self,
        worker: &WorkerId,
        keep: Option<&TaskToken>,
        node: Option<&NodeId>,
    ) -> bool {
        if self.row.lease.as_ref().is_some_and(|l| {
            &l.worker_id == worker
                && Some(&l.token) != keep
                && node.is_none_or(|node| l.node.as_ref().is_none_or(|n| n == node))
        }) {
            self.release_lease();
            true
        } else {
            false
        }
    }

    /// Releases the lease if `node` granted it (that node was declared dead: its worker's
    /// stream went with it), returning the worker that held it.
    pub fn expire_lease_granted_by(&mut self, node: &NodeId) -> Option<WorkerId> {
        let lease = self.row.lease.as_ref()?;
        if lease.node.as_ref() != Some(node) {
            return None;
        }
        let worker = lease.worker_id.clone();
        self.release_lease();
        Some(worker)
    }

    /// Makes `node` the granter of the lease `worker` holds with `token`, if it is still
    /// current and another node's: the worker moved to `node`. False if there is no such lease.
    pub fn take_over_lease(&mut self, worker: &WorkerId, token: &TaskToken, node: &NodeId) -> bool {
        let Some(lease) = self.row.lease.as_mut() else {
            return false;
        };
        if &lease.worker_id != worker || &lease.token != token || lease.node.as_ref() == Some(node)
        {
            return false;
        }
        lease.node = Some(node.clone());
        self.row_dirty = true;
        true
    }

    // ---- internals ------------------------------------------------------------------------

    fn check_token(&self, token: &TaskToken) -> Option<StopReason> {
        match self.row.status {
            WorkflowStatus::Cancelled => Some(StopReason::Cancelled),
            WorkflowStatus::Completed | WorkflowStatus::Failed => Some(StopReason::Closed),
            _ if self.row.lease.as_ref().is_some_and(|l| &l.token == token) => None,
            _ => Some(StopReason::LeaseLost),
        }
    }

    fn release_lease(&mut self) {
        if self.row.lease.take().is_some() {
            self.row_dirty = true;
        }
    }

    fn fail_non_deterministic(&mut self, message: String, now: Millis) {
        self.record(
            Action::WorkflowFailed {
                failure: Failure::non_determinism(message),
            },
            now,
        );
    }

    /// Appends an action (unsaved) and applies it.
    fn record(&mut self, action: Action, now: Millis) {
        let seq = self.row.history_len + 1;
        self.evolve(&action, now, seq);
        self.row.history_len = seq;
        self.unsaved.push(HistoryEvent {
            seq,
            at: now,
            action,
        });
    }

    /// Applies one action, the log's `seq`-th, to the state. Actions are facts: this never
    /// fails.
    fn evolve(&mut self, action: &Action, at: Millis, seq: u64) {
        activity::evolve(&mut self.activities, action, at);
        match action {
            Action::WorkflowStarted {
                input,
                execution_timeout_at,
                ..
            } => {
                self.input = input.clone();
                self.execution_deadline = *execution_timeout_at;
            }
            Action::ActivityStarted { .. } => self.avoid = None,
            Action::StepCompleted {
                position,
                name,
                attempt,
                result,
                ..
            } => {
                self.heartbeats.remove(position);
                self.avoid = None;
                self.entries.insert(
                    *position,
                    Entry::Step {
                        name: name.clone(),
                        attempts: *attempt,
                        state: StepState::Completed(result.clone()),
                        heartbeat: None,
                    },
                );
            }
            Action::StepFailed {
                position,
                name,
                attempt,
                failure,
                retry_at,
                run,
                heartbeat_details,
            } => {
                self.heartbeats.remove(position);
                self.avoid = failure
                    .timeout
                    .and(run.worker_id.as_deref())
                    .and_then(|w| WorkerId::parse(w).ok());
                let state = match retry_at {
                    Some(retry_at) => StepState::Backoff {
                        retry_at: *retry_at,
                    },
                    None => StepState::Failed(failure.clone()),
                };
                self.entries.insert(
                    *position,
                    Entry::Step {
                        name: name.clone(),
                        attempts: *attempt,
                        state,
                        heartbeat: heartbeat_details.clone(),
                    },
                );
            }
            Action::TimerStarted {
                position,
                name,
                fire_at,
            } => {
                self.entries.insert(
                    *position,
                    Entry::Timer {
                        name: name.clone(),
                        fire_at: *fire_at,
                        fired: false,
                    },
                );
            }
            Action::TimerFired { position } => match self.entries.get_mut(position) {
                Some(Entry::Timer { fired, .. }) => *fired = true,
                Some(Entry::Step { state, .. }) => *state = StepState::RetryReady,
                _ => {}
            },
            Action::ChildStarted {
                position,
                workflow_type,
                child_id,
                input,
            } => {
                self.entries.insert(
                    *position,
                    Entry::Child {
                        workflow_type: workflow_type.clone(),
                        child_id: child_id.clone(),
                        input: input.clone(),
                        outcome: None,
                    },
                );
            }
            Action::ChildFinished {
                position, outcome, ..
            } => {
                if let Some(Entry::Child { outcome: slot, .. }) = self.entries.get_mut(position) {
                    *slot = Some(outcome.clone());
                }
            }
            Action::SignalReceived {
                name,
                payload,
                idempotency_key,
            } => {
                self.signals
                    .entry(name.clone())
                    .or_default()
                    .push_back((seq, payload.clone()));
                if let Some(key) = idempotency_key {
                    self.signal_keys.insert(key.clone());
                }
            }
            Action::SignalWaitStarted { position, name, .. } => {
                self.entries.insert(
                    *position,
                    Entry::Signal {
                        name: name.clone(),
                        state: SignalState::Waiting,
                    },
                );
            }
            Action::SignalDelivered { position, signal } => {
                if let Some(Entry::Signal { name, state }) = self.entries.get_mut(position) {
                    let kept = self.signals.get_mut(name.as_str());
                    let payload = kept.and_then(|queue| {
                        let index = queue.iter().position(|(s, _)| s == signal)?;
                        queue.remove(index).map(|(_, payload)| payload)
                    });
                    *state = SignalState::Delivered(payload.unwrap_or_default());
                    if self
                        .signals
                        .get(name.as_str())
                        .is_some_and(VecDeque::is_empty)
                    {
                        self.signals.remove(name.as_str());
                    }
                }
            }
            Action::WaitTimedOut { position } => {
                if let Some(Entry::Signal { state, .. }) = self.entries.get_mut(position) {
                    *state = SignalState::TimedOut;
                }
            }
            Action::ApprovalRequested {
                position,
                approval,
                request,
                expires_at,
            } => {
                self.entries.insert(
                    *position,
                    Entry::Approval {
                        approval: approval.clone(),
                        requested: Some(Requested {
                            request: request.clone(),
                            requested_at: at,
                            expires_at: *expires_at,
                        }),
                        decision: None,
                    },
                );
            }
            Action::ApprovalWaitStarted {
                position, approval, ..
            } => {
                self.entries.insert(
                    *position,
                    Entry::Approval {
                        approval: approval.clone(),
                        requested: None,
                        decision: None,
                    },
                );
            }
            Action::ApprovalDecided {
                position,
                approval,
                outcome,
                by,
                by_hint,
                comment,
                payload,
                decided_at,
            } => {
                if let Some(Entry::Approval { decision, .. }) = self.entries.get_mut(position) {
                    *decision = Some(Decision {
                        approval_id: approval.clone(),
                        outcome: *outcome,
                        by: by.clone(),
                        by_hint: by_hint.clone(),
                        comment: comment.clone(),
                        payload: payload.clone(),
                        at: decided_at.unwrap_or(at),
                    });
                }
            }
            Action::WorkspaceActivity {
                position,
                op,
                digest,
                outcome,
                ..
            } => {
                self.entries.insert(
                    *position,
                    Entry::Workspace {
                        op: op.clone(),
                        digest: digest.clone(),
                        outcome: outcome.clone(),
                    },
                );
            }
            Action::WorkflowCompleted { result } => {
                self.result = Some(result.clone());
                self.close(WorkflowStatus::Completed, at);
            }
            Action::WorkflowFailed { failure } => {
                self.failure = Some(failure.clone());
                self.close(WorkflowStatus::Failed, at);
            }
            Action::WorkflowCancelled { reason } => {
                self.cancel_reason = Some(reason.clone());
                self.close(WorkflowStatus::Cancelled, at);
            }
        }
        if let Some(position) = wait::satisfied_by(action) {
            self.waits.remove(&position);
        }
        if let Some(wait) = wait::opened_by(action, at) {
            self.waits.insert(wait.position, wait);
        }
        if self.is_terminal() {
            self.waits.clear();
            self.activities.clear();
            self.heartbeats.clear();
        }
        // The row summarises the waits for listings and for the other nodes' queries.
        let oldest = self.wait().map(|w| (w.kind, w.since));
        self.row.wait = oldest.map(|(kind, _)| kind);
        self.row.wait_since = oldest.map(|(_, since)| since);
        self.row.due_at = self.due_at();
        self.row.updated_at = self.row.updated_at.max(at);
    }

    fn close(&mut self, status: WorkflowStatus, at: Millis) {
        self.row.status = status;
        self.row.closed_at = Some(at);
        self.row.lease = None;
    }
}

/// A failure as a worker reported it. Only the engine makes timeout failures: a worker's
/// `timeout` (a workflow rethrowing an activity's timeout, say) is dropped, so that it neither
/// counts as a timeout nor ends the workflow as the engine's execution timeout would.
fn reported(mut failure: Failure) -> Failure {
    failure.timeout = None;
    failure
}

/// The order of waits in status: the one waited on longest first.
fn oldest_first(wait: &Wait) -> (Millis, u32) {
    (wait.since, wait.position)
}

fn journal_entry(position: u32, entry: &Entry) -> JournalEntry {
    let mut out = JournalEntry {
        position,
        name: entry.name().to_owned(),
        kind: EntryKind::Step,
        status: EntryStatus::Waiting,
        result: None,
        failure: None,
        attempt: 0,
        child_id: None,
        heartbeat_details: None,
    };
    match entry {
        Entry::Step {
            attempts,
            state,
            heartbeat,
            ..
        } => {
            out.attempt = *attempts;
            out.heartbeat_details = heartbeat.clone();
            match state {
                StepState::Completed(result) => {
                    out.status = EntryStatus::Succeeded;
                    out.result = Some(result.clone());
                }
                StepState::Failed(failure) => {
                    out.status = EntryStatus::Failed;
                    out.failure = Some(failure.clone());
                }
                StepState::Backoff { .. } => {}
                StepState::RetryReady => {
                    out.status = EntryStatus::RetryReady;
                    out.attempt = attempts + 1;
                }
            }
        }
        Entry::Timer { fired, .. } => {
            out.kind = EntryKind::Timer;
            if *fired {
                out.status = EntryStatus::Succeeded;
            }
        }
        Entry::Child {
            child_id, outcome, ..
        } => {
            out.kind = EntryKind::Child;
            out.child_id = Some(child_id.clone());
            match outcome {
                None => {}
                Some(ChildOutcome::Completed { result }) => {
                    out.status = EntryStatus::Succeeded;
                    out.result = Some(result.clone());
                }
                Some(ChildOutcome::Failed { failure }) => {
                    out.status = EntryStatus::Failed;
                    out.failure = Some(failure.clone());
                }
                Some(ChildOutcome::Cancelled { reason }) => {
                    out.status = EntryStatus::Failed;
                    out.failure = Some(Failure::cancelled(reason));
                }
            }
        }
        Entry::Workspace { outcome, .. } => {
            out.kind = EntryKind::Workspace;
            match outcome {
                Ok(result) => {
                    out.status = EntryStatus::Succeeded;
                    out.result = Some(serde_json::to_vec(result).unwrap_or_default());
                }
                Err(failure) => {
                    out.status = EntryStatus::Failed;
                    out.failure = Some(failure.clone());
                }
            }
        }
        Entry::Approval { decision, .. } => {
            out.kind = EntryKind::Approval;
            if let Some(decision) = decision {
                out.status = EntryStatus::Succeeded;
                out.result = Some(serde_json::to_vec(decision).unwrap_or_default());
            }
        }
        Entry::Signal { state, .. } => {
            out.kind = EntryKind::Signal;
            match state {
                SignalState::Waiting => {}
                SignalState::Delivered(payload) => {
                    out.status = EntryStatus::Succeeded;
                    out.result = Some(payload.clone());
                }
                SignalState::TimedOut => out.status = EntryStatus::TimedOut,
            }
        }
    }
    out
}

pub fn non_determinism_message(position: u32, journaled: &Entry, called: &str) -> String {
    format!(
        "non-deterministic workflow: at position {position} the journal holds {} but the code now calls {called}",
        journaled.describe()
    )
}

fn check_position(position: u32) -> Result<()> {
    if position > MAX_POSITION {
        return Err(Error::InvalidArgument(format!(
            "position {position} exceeds the maximum of {MAX_POSITION}"
        )));
    }
    Ok(())
}

pub(crate) fn check_name(what: &str, name: &str) -> Result<()> {
    if name.is_empty() {
        return Err(Error::InvalidArgument(format!("{what} must not be empty")));
    }
    if name.chars().count() > 255 {
        return Err(Error::InvalidArgument(format!(
            "{what} is longer than 255 characters"
        )));
    }
    if name.chars().any(char::is_control) {
        return Err(Error::InvalidArgument(format!(
            "{what} must not contain control characters"
        )));
    }
    Ok(())
}

fn duration_millis(d: std::time::Duration) -> i64 {
    i64::try_from(d.as_millis()).unwrap_or(i64::MAX)
}

mod activity;
mod bounds;
pub use bounds::{TASK_DEADLINE, TaskDeadline};
#[cfg(test)]
mod tests;
pub(crate) mod wait;
