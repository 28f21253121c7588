//! One run of a workflow function on this worker: the journal it replays, the positions it
//! waits on, and the driver that reports its end or suspends it.
//!
//! A suspended execution is kept in memory (sticky): when the engine sends the workflow back to
//! this worker, the waiting operations are resolved from the new journal and the function simply
//! continues. When it cannot (evicted, or the journal moved on in a way it did not expect), the
//! function is replayed from the start against the journal, which gives the same result.

use std::{
    collections::HashMap,
    sync::{Arc, Mutex},
    time::Duration,
};

use aether_proto::v1::{self, command_reply::Reply, command_request::Command};
use aether_types::Failure;
use tokio::sync::{Notify, mpsc, oneshot};

use crate::{Error, WorkflowContext, commands::Commands, rpc::with_retry, workflow::Handler};

/// Why an execution must stop.
#[derive(Debug, Clone)]
pub(crate) enum Stop {
    /// The engine said so: cancelled, completed elsewhere, or the lease was lost.
    Engine(v1::StopReason),
    /// The code diverged from the journal; the workflow must fail.
    NonDeterminism(String),
}

struct State {
    token: String,
    journal: HashMap<u32, v1::JournalEntry>,
    next_position: u32,
    /// Step functions running and calls to the engine in flight.
    running: usize,
    /// Positions whose operation waits for the engine (timer, child, signal, approval, retry
    /// backoff).
    waits: HashMap<u32, oneshot::Sender<()>>,
    stop: Option<Stop>,
}

pub(crate) struct Execution {
    pub(crate) workflow_id: String,
    commands: Arc<Commands>,
    state: Mutex<State>,
    /// Wakes the driver when the execution may have become idle or must stop.
    wake: Notify,
}

fn journal_map(task: &v1::Task) -> HashMap<u32, v1::JournalEntry> {
    task.journal
        .iter()
        .map(|entry| (entry.position, entry.clone()))
        .collect()
}

fn is_resolved(entry: &v1::JournalEntry) -> bool {
    !matches!(
        entry.status(),
        v1::EntryStatus::Waiting | v1::EntryStatus::Unspecified
    )
}

fn describe(kind: v1::EntryKind, name: &str) -> String {
    match kind {
        v1::EntryKind::Timer => format!("timer '{name}'"),
        v1::EntryKind::Child => format!("child workflow '{name}'"),
        v1::EntryKind::Signal => format!("wait for signal '{name}'"),
        // An approval's journal name is its reason when requested here, its id when waited on.
        v1::EntryKind::Approval => format!("approval '{name}'"),
        _ => format!("step '{name}'"),
    }
}

impl Execution {
    fn new(commands: Arc<Commands>, task: &v1::Task) -> Arc<Self> {
        Arc::new(Self {
            workflow_id: task.workflow_id.clone(),
            commands,
            state: Mutex::new(State {
                token: task.task_token.clone(),
                journal: journal_map(task),
                next_position: 0,
                running: 0,
                waits: HashMap::new(),
                stop: None,
            }),
            wake: Notify::new(),
        })
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// The next journal position. Called when an operation is created, not when it is first
    /// polled, so positions follow the order of the code, not of the scheduler.
    pub(crate) fn next_position(&self) -> u32 {
        let mut state = self.lock();
        let position = state.next_position;
        state.next_position += 1;
        position
    }

    pub(crate) fn token(&self) -> String {
        self.lock().token.clone()
    }

    /// The journal's entry at `position`, checked against what the code now asks for there.
    pub(crate) fn expect(
        &self,
        position: u32,
        kind: v1::EntryKind,
        name: &str,
    ) -> Result<Option<v1::JournalEntry>, Error> {
        let entry = self.lock().journal.get(&position).cloned();
        match entry {
            Some(entry) if entry.kind() != kind || entry.name != name => {
                let message = format!(
                    "non-deterministic workflow: at position {position} the journal holds {} but the code now calls {}",
                    describe(entry.kind(), &entry.name),
                    describe(kind, name)
                );
                self.stop(Stop::NonDeterminism(message.clone()));
                Err(Error::NonDeterminism(message))
            }
            other => Ok(other),
        }
    }

    pub(crate) fn stop(&self, stop: Stop) {
        let mut state = self.lock();
        if state.stop.is_none() {
            state.stop = Some(stop);
        }
        drop(state);
        self.wake.notify_one();
    }

    fn stopped(&self) -> Option<Stop> {
        self.lock().stop.clone()
    }

    /// Marks work in flight until the guard drops, so the driver does not suspend meanwhile.
    pub(crate) fn running(self: &Arc<Self>) -> RunningGuard {
        self.lock().running += 1;
        RunningGuard(Arc::clone(self))
    }

    /// Notes that the engine scheduled another attempt of the step at `position`: until a later
    /// task says otherwise, the step waits (the journal this execution holds may still say the
    /// previous backoff elapsed).
    pub(crate) fn mark_waiting(&self, position: u32, name: &str, attempt: u32) {
        let mut entry = v1::JournalEntry {
            position,
            name: name.to_owned(),
            attempt,
            ..Default::default()
        };
        entry.set_kind(v1::EntryKind::Step);
        entry.set_status(v1::EntryStatus::Waiting);
        self.lock().journal.insert(position, entry);
    }

    /// Waits until the engine resolves `position` in a later task.
    pub(crate) async fn wait_for(self: &Arc<Self>, position: u32) {
        let rx = {
            let mut state = self.lock();
            if state.journal.get(&position).is_some_and(is_resolved) {
                return;
            }
            let (tx, rx) = oneshot::channel();
            state.waits.insert(position, tx);
            rx
        };
        self.wake.notify_one();
        let _guard = WaitGuard {
            execution: Arc::clone(self),
            position,
        };
        if rx.await.is_err() {
            // The execution is being torn down; the driver drops this future.
            std::future::pending::<()>().await;
        }
    }

    fn is_idle(&self) -> bool {
        let state = self.lock();
        state.running == 0 && !state.waits.is_empty()
    }

    /// Takes a later task of the same workflow; false if it resolved nothing this execution
    /// waits on, in which case the caller replays from scratch.
    fn resume(&self, task: &v1::Task) -> bool {
        let mut state = self.lock();
        state.token = task.task_token.clone();
        state.journal = journal_map(task);
        let ready: Vec<u32> = state
            .waits
            .keys()
            .copied()
            .filter(|p| state.journal.get(p).is_some_and(is_resolved))
            .collect();
        for position in &ready {
            if let Some(tx) = state.waits.remove(position) {
                let _ = tx.send(());
            }
        }
        !ready.is_empty()
    }

    /// Sends one command with the current token, retrying through restarts.
    async fn call(&self, make: impl Fn(String) -> Command) -> Result<Reply, Error> {
        let token = self.token();
        Ok(with_retry(|| self.commands.call(make(token.clone()))).await?)
    }

    /// Sends a step's report (a copy per attempt at the call, with the current token); the
    /// caller keeps the report, whose result it may need.
    pub(crate) async fn complete_step(
        &self,
        request: &v1::CompleteStepRequest,
    ) -> Result<v1::CompleteStepResponse, Error> {
        match self
            .call(|task_token| {
                Command::CompleteStep(v1::CompleteStepRequest {
                    task_token,
                    ..request.clone()
                })
            })
            .await?
        {
            Reply::CompleteStep(response) => Ok(response),
            other => Err(unexpected(other)),
        }
    }

    pub(crate) async fn start_activity(
        &self,
        request: v1::StartActivityRequest,
    ) -> Result<v1::CommandResponse, Error> {
        match self
            .call(|task_token| {
                Command::StartActivity(v1::StartActivityRequest {
                    task_token,
                    ..request.clone()
                })
            })
            .await?
        {
            Reply::Command(response) => Ok(response),
            other => Err(unexpected(other)),
        }
    }

    pub(crate) async fn record_heartbeat(
        &self,
        request: v1::RecordHeartbeatRequest,
    ) -> Result<v1::CommandResponse, Error> {
        match self
            .call(|task_token| {
                Command::RecordHeartbeat(v1::RecordHeartbeatRequest {
                    task_token,
                    ..request.clone()
                })
            })
            .await?
        {
            Reply::Command(response) => Ok(response),
            other => Err(unexpected(other)),
        }
    }

    pub(crate) async fn schedule_timer(
        &self,
        request: v1::ScheduleTimerRequest,
    ) -> Result<v1::CommandResponse, Error> {
        match self
            .call(|task_token| {
                Command::ScheduleTimer(v1::ScheduleTimerRequest {
                    task_token,
                    ..request.clone()
                })
            })
            .await?
        {
            Reply::Command(response) => Ok(response),
            other => Err(unexpected(other)),
        }
    }

    pub(crate) async fn start_child(
        &self,
        request: v1::StartChildRequest,
    ) -> Result<v1::StartChildResponse, Error> {
        match self
            .call(|task_token| {
                Command::StartChild(v1::StartChildRequest {
                    task_token,
                    ..request.clone()
                })
            })
            .await?
        {
            Reply::StartChild(response) => Ok(response),
            other => Err(unexpected(other)),
        }
    }

    pub(crate) async fn wait_for_signal(
        &self,
        request: v1::WaitForSignalRequest,
    ) -> Result<v1::WaitForSignalResponse, Error> {
        match self
            .call(|task_token| {
                Command::WaitForSignal(v1::WaitForSignalRequest {
                    task_token,
                    ..request.clone()
                })
            })
            .await?
        {
            Reply::WaitForSignal(response) => Ok(response),
            other => Err(unexpected(other)),
        }
    }

    pub(crate) async fn request_approval(
        &self,
        request: v1::RequestApprovalRequest,
    ) -> Result<v1::ApprovalWaitResponse, Error> {
        match self
            .call(|task_token| {
                Command::RequestApproval(v1::RequestApprovalRequest {
                    task_token,
                    ..request.clone()
                })
            })
            .await?
        {
            Reply::ApprovalWait(response) => Ok(response),
            other => Err(unexpected(other)),
        }
    }

    pub(crate) async fn workspace_activity(
        &self,
        request: v1::WorkspaceActivityRequest,
    ) -> Result<v1::WorkspaceActivityResponse, Error> {
        match self
            .call(|task_token| {
                Command::WorkspaceActivity(v1::WorkspaceActivityRequest {
                    task_token,
                    ..request.clone()
                })
            })
            .await?
        {
            Reply::WorkspaceActivity(response) => Ok(response),
            other => Err(unexpected(other)),
        }
    }

    pub(crate) async fn wait_for_approval(
        &self,
        request: v1::WaitForApprovalRequest,
    ) -> Result<v1::ApprovalWaitResponse, Error> {
        match self
            .call(|task_token| {
                Command::WaitForApproval(v1::WaitForApprovalRequest {
                    task_token,
                    ..request.clone()
                })
            })
            .await?
        {
            Reply::ApprovalWait(response) => Ok(response),
            other => Err(unexpected(other)),
        }
    }

    /// Honours a directive: on STOP the execution ends and this future never completes.
    pub(crate) async fn check_directive(&self, directive: v1::Directive, reason: v1::StopReason) {
        if directive == v1::Directive::Stop {
            self.stop(Stop::Engine(reason));
            std::future::pending::<()>().await;
        }
    }

    async fn complete(&self, outcome: Result<Vec<u8>, Failure>) {
        let outcome = match outcome {
            Ok(result) => v1::complete_workflow_request::Outcome::Result(result),
            Err(failure) => v1::complete_workflow_request::Outcome::Failure(failure.into()),
        };
        let result = self
            .call(|task_token| {
                Command::CompleteWorkflow(v1::CompleteWorkflowRequest {
                    task_token,
                    outcome: Some(outcome.clone()),
                })
            })
            .await;
        if let Err(err) = result {
            tracing::warn!(workflow = %self.workflow_id, error = %err, "could not report the workflow's end");
        }
    }

    /// Releases the task; false if the engine says to stop instead.
    async fn suspend(&self) -> bool {
        let response = self
            .call(|task_token| Command::SuspendTask(v1::SuspendTaskRequest { task_token }))
            .await;
        match response {
            Ok(Reply::Command(r)) => r.directive() == v1::Directive::Continue,
            Ok(other) => {
                tracing::warn!(workflow = %self.workflow_id, error = %unexpected(other), "could not suspend");
                false
            }
            Err(err) => {
                tracing::warn!(workflow = %self.workflow_id, error = %err, "could not suspend");
                false
            }
        }
    }
}

fn unexpected(reply: Reply) -> Error {
    Error::InvalidArgument(format!(
        "the engine answered with an unexpected reply: {reply:?}"
    ))
}

pub(crate) struct RunningGuard(Arc<Execution>);

impl Drop for RunningGuard {
    fn drop(&mut self) {
        self.0.lock().running -= 1;
        self.0.wake.notify_one();
    }
}

struct WaitGuard {
    execution: Arc<Execution>,
    position: u32,
}

impl Drop for WaitGuard {
    fn drop(&mut self) {
        self.execution.lock().waits.remove(&self.position);
    }
}

/// How long a suspended execution stays in memory waiting for its workflow to come back.
pub(crate) const STICKY_TTL: Duration = Duration::from_secs(120);

/// Runs a workflow from its first task until it ends, stops, or stays suspended past
/// [`STICKY_TTL`]. `held` is the token of the task it runs, `None` while suspended: it tells the
/// worker whether a new task for this workflow may be handed to this driver through `resume`,
/// and which tasks to claim when it re-registers.
pub(crate) async fn drive(
    handler: Handler,
    commands: Arc<Commands>,
    first: v1::Task,
    mut resume: mpsc::UnboundedReceiver<v1::Task>,
    held: Arc<Mutex<Option<String>>>,
) {
    let set_held = |token: Option<String>| *held.lock().unwrap_or_else(|p| p.into_inner()) = token;
    let mut task = first;
    'replay: loop {
        let execution = Execution::new(Arc::clone(&commands), &task);
        let ctx = WorkflowContext::new(Arc::clone(&execution));
        let mut run = handler(ctx, task.input.clone());
        loop {
            tokio::select! {
                biased;
                outcome = &mut run => {
                    match execution.stopped() {
                        Some(Stop::NonDeterminism(message)) => {
                            execution.complete(Err(Failure::non_determinism(message))).await;
                        }
                        Some(Stop::Engine(_)) => {}
                        None => execution.complete(outcome).await,
                    }
                    return;
                }
                _ = execution.wake.notified() => {}
            }
            match execution.stopped() {
                Some(Stop::NonDeterminism(message)) => {
                    execution
                        .complete(Err(Failure::non_determinism(message)))
                        .await;
                    return;
                }
                Some(Stop::Engine(reason)) => {
                    tracing::debug!(workflow = %execution.workflow_id, ?reason, "execution stopped by the engine");
                    return;
                }
                None => {}
            }
            if !execution.is_idle() {
                continue;
            }
            // Marked before the call, so that a task dispatched back to us while the call is
            // in flight is queued for this driver rather than starting a replay.
            set_held(None);
            if !execution.suspend().await {
                return;
            }
            let next = tokio::time::timeout(STICKY_TTL, resume.recv()).await;
            match next {
                Ok(Some(next)) => {
                    if !execution.resume(&next) {
                        task = next;
                        continue 'replay;
                    }
                }
                _ => return,
            }
        }
    }
}
