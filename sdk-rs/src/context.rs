//! What workflow code calls: durable steps, activities with retries, timers, child workflows,
//! waits for signals and for people's decisions (approvals), and journaled sources of time and
//! randomness.
//!
//! Every operation takes its journal position when it is *created*, so code that creates
//! operations in a deterministic order (including `parallel`) replays to the same positions.
//! If the journal already holds the operation's outcome, it is returned without running
//! anything; otherwise the operation runs and the engine records its outcome before the
//! workflow continues.

use std::{future::Future, sync::Arc, time::Duration};

use aether_proto::{WireError, v1};
use aether_types::{ApprovalId, ApprovalRequest, Decision, Evidence, RetryPolicy};
use serde::{Serialize, de::DeserializeOwned};

use crate::{Error, StepError, WorkflowDef, approvals, execution::Execution};

/// Options of [`WorkflowContext::activity`]. The timeouts are enforced by the engine, not by
/// the worker: an attempt that breaks one is failed with a `TimeoutError` (its
/// [`Failure::timeout`](aether_types::Failure::timeout) says which) and retried per `retry`
/// even while its worker is alive, and the worker drops the execution (its future is dropped).
#[derive(Debug, Clone, Default)]
pub struct ActivityOptions {
    /// How the engine retries failed attempts (default: [`RetryPolicy::default`]).
    pub retry: RetryPolicy,
    /// An attempt that runs longer than this fails.
    pub start_to_close_timeout: Option<Duration>,
    /// An attempt that does not call [`WorkflowContext::heartbeat`] for this long fails.
    pub heartbeat_timeout: Option<Duration>,
    /// A retry whose attempt has not started this long after its backoff elapsed fails.
    pub schedule_to_start_timeout: Option<Duration>,
    /// The activity, all attempts together, fails once this long has passed since its first
    /// attempt started; no attempt starts after it.
    pub schedule_to_close_timeout: Option<Duration>,
}

impl ActivityOptions {
    fn timeouts(&self) -> Option<v1::ActivityTimeouts> {
        let ms = |d: Option<Duration>| {
            d.map_or(0, |d| {
                i64::try_from(d.as_millis()).unwrap_or(i64::MAX).max(1)
            })
        };
        let timeouts = v1::ActivityTimeouts {
            start_to_close_ms: ms(self.start_to_close_timeout),
            heartbeat_ms: ms(self.heartbeat_timeout),
            schedule_to_start_ms: ms(self.schedule_to_start_timeout),
            schedule_to_close_ms: ms(self.schedule_to_close_timeout),
        };
        (timeouts != v1::ActivityTimeouts::default()).then_some(timeouts)
    }
}

/// What [`WorkflowContext::wait_for_signal`] gives back: the signal's payload, or the news that
/// the timeout came first. A timeout is a branch of the workflow's logic, not an error.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Signal<T> {
    Received(T),
    TimedOut,
}

impl<T> Signal<T> {
    /// The payload, or `None` if the wait timed out.
    pub fn received(self) -> Option<T> {
        match self {
            Signal::Received(payload) => Some(payload),
            Signal::TimedOut => None,
        }
    }
}

/// The handle workflow code uses for everything durable. Cheap to clone.
#[derive(Clone)]
pub struct WorkflowContext {
    execution: Arc<Execution>,
}

impl WorkflowContext {
    pub(crate) fn new(execution: Arc<Execution>) -> Self {
        Self { execution }
    }

    /// The workspace, through activities the engine runs and journals: a change to a session
    /// happens exactly once, however often the workflow is replayed.
    pub fn workspace(&self) -> crate::workspace::WorkflowWorkspace {
        crate::workspace::WorkflowWorkspace::new(Arc::clone(&self.execution))
    }

    pub fn workflow_id(&self) -> &str {
        &self.execution.workflow_id
    }

    /// Runs `f` once and journals its result. If `f` fails, the error goes to the workflow
    /// code (no retry); use [`activity`](Self::activity) for retries.
    pub fn step<T, F, Fut, E>(
        &self,
        name: impl Into<String>,
        f: F,
    ) -> impl Future<Output = Result<T, Error>> + Send + 'static
    where
        T: Serialize + DeserializeOwned + Send + 'static,
        F: FnOnce() -> Fut + Send + 'static,
        Fut: Future<Output = Result<T, E>> + Send + 'static,
        E: Into<StepError> + Send + 'static,
    {
        let mut f = Some(f);
        self.run_step(name.into(), None, ActivityOptions::default(), move || {
            let f = f.take();
            async move {
                match f {
                    Some(f) => f().await.map_err(Into::into),
                    // Unreachable: a step without a retry policy is attempted once.
                    None => Err(StepError::new("InternalError", "step attempted twice")),
                }
            }
        })
    }

    /// A step with a retry policy and a timeout. Each failed attempt is recorded, and the next
    /// one is scheduled by the engine after the policy's backoff, surviving restarts.
    pub fn activity<T, F, Fut, E>(
        &self,
        name: impl Into<String>,
        options: ActivityOptions,
        f: F,
    ) -> impl Future<Output = Result<T, Error>> + Send + 'static
    where
        T: Serialize + DeserializeOwned + Send + 'static,
        F: FnMut() -> Fut + Send + 'static,
        Fut: Future<Output = Result<T, E>> + Send + 'static,
        E: Into<StepError> + Send + 'static,
    {
        let mut f = f;
        self.run_step(
            name.into(),
            Some(options.retry.clone()),
            options,
            move || {
                let attempt = f();
                async move { attempt.await.map_err(Into::into) }
            },
        )
    }

    /// Inside an activity's function: proves the attempt alive (see
    /// [`ActivityOptions::heartbeat_timeout`]) and keeps `details` as its progress. The engine
    /// hands the latest details to the next attempt
    /// ([`heartbeat_details`](Self::heartbeat_details)) if this one fails, and shows them in
    /// the workflow's status only for an activity with timeouts (a step or an activity without
    /// any is not listed there). Sends are throttled (at most one per 0.8 × the heartbeat
    /// timeout, always the latest details); outside an activity this does nothing.
    pub fn heartbeat<D: Serialize>(&self, details: &D) -> Result<(), Error> {
        crate::heartbeat::heartbeat(serde_json::to_vec(details)?);
        Ok(())
    }

    /// Inside an activity's function: the heartbeat details the previous attempt left, if it
    /// sent any (`None` on a first attempt).
    pub fn heartbeat_details<T: DeserializeOwned>(&self) -> Result<Option<T>, Error> {
        crate::heartbeat::previous_details()
            .map(|bytes| serde_json::from_slice(&bytes))
            .transpose()
            .map_err(Into::into)
    }

    fn run_step<T, F, Fut>(
        &self,
        name: String,
        retry: Option<RetryPolicy>,
        options: ActivityOptions,
        mut f: F,
    ) -> impl Future<Output = Result<T, Error>> + Send + 'static
    where
        T: Serialize + DeserializeOwned + Send + 'static,
        F: FnMut() -> Fut + Send + 'static,
        Fut: Future<Output = Result<T, StepError>> + Send + 'static,
    {
        let execution = Arc::clone(&self.execution);
        let position = execution.next_position();
        let timeouts = options.timeouts();
        async move {
            loop {
                let mut previous = None;
                let attempt = match execution.expect(position, v1::EntryKind::Step, &name)? {
                    None => 1,
                    Some(entry) => match entry.status() {
                        v1::EntryStatus::Succeeded => {
                            return Ok(serde_json::from_slice(&entry.result)?);
                        }
                        v1::EntryStatus::Failed => {
                            return Err(Error::StepFailed(
                                entry.failure.unwrap_or_default().into(),
                            ));
                        }
                        v1::EntryStatus::RetryReady => {
                            previous = entry.heartbeat_details.clone();
                            entry.attempt
                        }
                        v1::EntryStatus::TimedOut => {
                            return Err(Error::InvalidArgument(format!(
                                "the journal says step '{name}' at position {position} timed out, which only a wait can"
                            )));
                        }
                        v1::EntryStatus::Waiting | v1::EntryStatus::Unspecified => {
                            execution.wait_for(position).await;
                            continue;
                        }
                    },
                };
                let (response, report) = {
                    let _running = execution.running();
                    if let Some(timeouts) = timeouts {
                        // Only activities with timeouts tell the engine they started: it arms
                        // their deadlines. Plain steps stay one report each.
                        let response = execution
                            .start_activity(v1::StartActivityRequest {
                                task_token: String::new(),
                                position,
                                name: name.clone(),
                                attempt,
                                timeouts: Some(timeouts),
                                retry_policy: retry.clone().map(Into::into),
                            })
                            .await?;
                        execution
                            .check_directive(response.directive(), response.stop_reason())
                            .await;
                    }
                    let began = std::time::Instant::now();
                    let running = crate::heartbeat::Attempt::new(
                        Arc::clone(&execution),
                        position,
                        attempt,
                        options.heartbeat_timeout,
                        previous,
                    );
                    let result = Arc::clone(&running).scope(f()).await;
                    let outcome = match result {
                        Ok(value) => {
                            v1::complete_step_request::Outcome::Result(serde_json::to_vec(&value)?)
                        }
                        Err(err) => {
                            // The failure carries the attempt's last details to the next one:
                            // a throttled heartbeat still pending must reach the engine first.
                            running.flush().await;
                            v1::complete_step_request::Outcome::Failure(err.0.into())
                        }
                    };
                    // Kept: the engine does not send back a result it recorded as reported,
                    // and the code gets it decoded from the report, as a replay would.
                    let report = v1::CompleteStepRequest {
                        task_token: String::new(),
                        position,
                        name: name.clone(),
                        attempt,
                        outcome: Some(outcome),
                        retry_policy: retry.clone().map(Into::into),
                        duration_ms: Some(
                            u64::try_from(began.elapsed().as_millis()).unwrap_or(u64::MAX),
                        ),
                        omit_reported_result: true,
                    };
                    let response = execution.complete_step(&report).await?;
                    execution
                        .check_directive(response.directive(), response.stop_reason())
                        .await;
                    (response, report)
                };
                match response.outcome() {
                    v1::StepOutcome::Succeeded => {
                        let recorded = match report.outcome {
                            Some(v1::complete_step_request::Outcome::Result(reported))
                                if response.as_reported =>
                            {
                                reported
                            }
                            _ => response.result,
                        };
                        return Ok(serde_json::from_slice(&recorded)?);
                    }
                    v1::StepOutcome::RetryScheduled => {
                        execution.mark_waiting(position, &name, attempt);
                        execution.wait_for(position).await;
                    }
                    v1::StepOutcome::Failed | v1::StepOutcome::Unspecified => {
                        return Err(Error::StepFailed(
                            response.failure.unwrap_or_default().into(),
                        ));
                    }
                }
            }
        }
    }

    /// Runs operations concurrently and returns their results in input order. Create the
    /// operations (`ctx.step(...)`, `ctx.child(...)`) in a deterministic order, as with any
    /// workflow code; the first error is returned.
    pub async fn parallel<T, Fut>(
        &self,
        operations: impl IntoIterator<Item = Fut>,
    ) -> Result<Vec<T>, Error>
    where
        Fut: Future<Output = Result<T, Error>>,
    {
        futures::future::try_join_all(operations).await
    }

    /// A durable timer: the workflow is suspended (freeing the worker) and resumes once it
    /// fires, even across restarts of the worker or the engine.
    pub fn sleep(
        &self,
        duration: Duration,
    ) -> impl Future<Output = Result<(), Error>> + Send + 'static {
        let execution = Arc::clone(&self.execution);
        let position = execution.next_position();
        async move {
            let name = "sleep";
            if execution
                .expect(position, v1::EntryKind::Timer, name)?
                .is_none()
            {
                let _running = execution.running();
                let response = execution
                    .schedule_timer(v1::ScheduleTimerRequest {
                        task_token: String::new(),
                        position,
                        name: name.to_owned(),
                        duration_ms: duration.as_millis() as u64,
                    })
                    .await?;
                execution
                    .check_directive(response.directive(), response.stop_reason())
                    .await;
            }
            execution.wait_for(position).await;
            Ok(())
        }
    }

    /// Starts a child workflow and waits for its result. Cancelling this workflow cancels the
    /// child.
    pub fn child<I, O>(
        &self,
        workflow: &WorkflowDef<I, O>,
        input: &I,
    ) -> impl Future<Output = Result<O, Error>> + Send + 'static
    where
        I: Serialize,
        O: DeserializeOwned + Send + 'static,
    {
        let execution = Arc::clone(&self.execution);
        let position = execution.next_position();
        let workflow_type = workflow.name().to_owned();
        let input = serde_json::to_vec(input);
        async move {
            let input = input?;
            if execution
                .expect(position, v1::EntryKind::Child, &workflow_type)?
                .is_none()
            {
                let _running = execution.running();
                let response = execution
                    .start_child(v1::StartChildRequest {
                        task_token: String::new(),
                        position,
                        workflow_type: workflow_type.clone(),
                        input: input.clone(),
                        workflow_id: String::new(),
                    })
                    .await?;
                execution
                    .check_directive(response.directive(), response.stop_reason())
                    .await;
            }
            execution.wait_for(position).await;
            match execution.expect(position, v1::EntryKind::Child, &workflow_type)? {
                Some(entry) if entry.status() == v1::EntryStatus::Succeeded => {
                    Ok(serde_json::from_slice(&entry.result)?)
                }
                Some(entry) => Err(Error::ChildFailed(entry.failure.unwrap_or_default().into())),
                None => Err(Error::InvalidArgument(format!(
                    "child at position {position} vanished from the journal"
                ))),
            }
        }
    }

    /// Waits for the next signal called `name` sent to this workflow
    /// ([`Client::signal`](crate::Client::signal)). A signal sent before the wait is kept and
    /// taken at once; signals of one name are taken in the order they arrived, each by one wait.
    /// While it waits, the workflow is suspended (freeing the worker), across restarts of the
    /// worker or the engine. With a `timeout`, [`Signal::TimedOut`] comes back if no signal
    /// arrived in time.
    pub fn wait_for_signal<T>(
        &self,
        name: impl Into<String>,
        timeout: Option<Duration>,
    ) -> impl Future<Output = Result<Signal<T>, Error>> + Send + 'static
    where
        T: DeserializeOwned + Send + 'static,
    {
        let execution = Arc::clone(&self.execution);
        let position = execution.next_position();
        let name = name.into();
        async move {
            if execution
                .expect(position, v1::EntryKind::Signal, &name)?
                .is_none()
            {
                let _running = execution.running();
                let response = execution
                    .wait_for_signal(v1::WaitForSignalRequest {
                        task_token: String::new(),
                        position,
                        name: name.clone(),
                        // At least 1 ms: 0 means no timeout on the wire.
                        timeout_ms: timeout.map_or(0, |t| (t.as_millis() as u64).max(1)),
                    })
                    .await?;
                execution
                    .check_directive(response.directive(), response.stop_reason())
                    .await;
                match response.status() {
                    v1::EntryStatus::Succeeded => return signal_payload(&response.payload),
                    v1::EntryStatus::TimedOut => return Ok(Signal::TimedOut),
                    _ => {}
                }
            }
            execution.wait_for(position).await;
            match execution.expect(position, v1::EntryKind::Signal, &name)? {
                Some(entry) => match entry.status() {
                    v1::EntryStatus::Succeeded => signal_payload(&entry.result),
                    v1::EntryStatus::TimedOut => Ok(Signal::TimedOut),
                    other => Err(Error::InvalidArgument(format!(
                        "the journal says the wait for signal '{name}' at position {position} ended as {}",
                        other.as_str_name()
                    ))),
                },
                None => Err(Error::InvalidArgument(format!(
                    "the wait for signal '{name}' at position {position} vanished from the journal"
                ))),
            }
        }
    }

    /// Asks a person for a decision and waits for it. The engine stores the approval as pending
    /// (listed by [`ApprovalClient::list`](crate::ApprovalClient::list), decided with
    /// `approve`/`deny`, `aether approve|deny ID` or the dashboard) and the workflow is suspended,
    /// freeing the worker, until it is decided or `request.timeout_ms` passes, across restarts of
    /// the worker or the engine. Denial and expiry are decisions too ([`Outcome::Denied`],
    /// [`Outcome::Expired`]): branches of the workflow's logic, not errors. The journal knows the
    /// operation by the request's `reason`.
    ///
    /// [`Outcome::Denied`]: crate::Outcome::Denied
    /// [`Outcome::Expired`]: crate::Outcome::Expired
    pub fn request_approval(
        &self,
        request: ApprovalRequest,
    ) -> impl Future<Output = Result<Decision, Error>> + Send + 'static {
        // About a session that no evidence names yet: pin the revision under review, read with
        // a journaled call (so a replay pins the same one). Both positions are taken now.
        let pin = request.session_id.clone().filter(|session| {
            !request.evidence.iter().any(|e| {
                matches!(e, Evidence::Session { session_id, .. } | Evidence::Checkpoint { session_id, .. } if session_id == session)
            })
        });
        let read = pin.as_ref().map(|session| self.workspace().get(session));
        let execution = Arc::clone(&self.execution);
        let position = execution.next_position();
        let name = request.reason.clone();
        let mut request = request;
        async move {
            if let Some(read) = read {
                let session = read.await?;
                request.evidence.push(Evidence::Session {
                    session_id: session.id,
                    revision: Some(session.revision),
                });
            }
            approval_at(execution, position, name, move |execution| async move {
                execution
                    .request_approval(v1::RequestApprovalRequest {
                        task_token: String::new(),
                        position,
                        request: Some(request.into()),
                    })
                    .await
            })
            .await
        }
    }

    /// Waits on an approval requested outside this workflow, for a session
    /// ([`ApprovalClient::request_for_session`](crate::ApprovalClient::request_for_session)), by
    /// its id; an approval already decided answers at once. The workflow is suspended meanwhile,
    /// as with [`request_approval`](Self::request_approval). With a `timeout`, a decision with
    /// [`Outcome::Expired`](crate::Outcome::Expired) comes back if none came in time (as when the
    /// approval itself expires). An unknown id is [`Error::ApprovalNotFound`]. The journal knows
    /// the operation by the approval's id.
    pub fn wait_for_approval(
        &self,
        approval: &ApprovalId,
        timeout: Option<Duration>,
    ) -> impl Future<Output = Result<Decision, Error>> + Send + 'static {
        let execution = Arc::clone(&self.execution);
        let position = execution.next_position();
        let approval = approval.clone();
        approval_at(
            execution,
            position,
            approval.to_string(),
            move |execution| async move {
                execution
                    .wait_for_approval(v1::WaitForApprovalRequest {
                        task_token: String::new(),
                        position,
                        approval_id: approval.to_string(),
                        // At least 1 ms: 0 means no timeout on the wire.
                        timeout_ms: timeout.map_or(0, |t| (t.as_millis() as u64).max(1)),
                    })
                    .await
                    .map_err(|err| approvals::about(&approval, err))
            },
        )
    }

    /// The current time (milliseconds since the Unix epoch), journaled: a replay sees the same
    /// value.
    pub fn now(&self) -> impl Future<Output = Result<i64, Error>> + Send + 'static {
        self.step("aether.now", || async {
            Ok::<_, StepError>(aether_types::now_millis())
        })
    }

    /// A random number in [0, 1), journaled.
    pub fn random(&self) -> impl Future<Output = Result<f64, Error>> + Send + 'static {
        self.step("aether.random", || async {
            let bits = uuid::Uuid::new_v4().as_u128() >> 75;
            Ok::<_, StepError>(bits as f64 / (1u64 << 53) as f64)
        })
    }

    /// A random UUID (v4), journaled.
    pub fn uuid(&self) -> impl Future<Output = Result<String, Error>> + Send + 'static {
        self.step("aether.uuid", || async {
            Ok::<_, StepError>(uuid::Uuid::new_v4().to_string())
        })
    }
}

/// A signal sent without a payload (empty bytes, from a client other than the SDKs) reads as
/// JSON `null`, so that `Option<T>` and `()` receive it.
fn signal_payload<T: DeserializeOwned>(payload: &[u8]) -> Result<Signal<T>, Error> {
    let payload = if payload.is_empty() { b"null" } else { payload };
    Ok(Signal::Received(serde_json::from_slice(payload)?))
}

/// One approval operation at `position`, known to the journal as `name`: unless the journal
/// already holds it, `send` reports it to the engine, whose answer may carry the decision at
/// once; otherwise it waits for its position like any other wait (the workflow suspends) and
/// reads the decision from a later task's journal.
async fn approval_at<F, Fut>(
    execution: Arc<Execution>,
    position: u32,
    name: String,
    send: F,
) -> Result<Decision, Error>
where
    F: FnOnce(Arc<Execution>) -> Fut,
    Fut: Future<Output = Result<v1::ApprovalWaitResponse, Error>>,
{
    if execution
        .expect(position, v1::EntryKind::Approval, &name)?
        .is_none()
    {
        let _running = execution.running();
        let response = send(Arc::clone(&execution)).await?;
        execution
            .check_directive(response.directive(), response.stop_reason())
            .await;
        if let Some(decision) = decided_now(response)? {
            return Ok(decision);
        }
    }
    execution.wait_for(position).await;
    journaled_decision(
        execution.expect(position, v1::EntryKind::Approval, &name)?,
        position,
        &name,
    )
}

/// The decision the engine answered an approval command with, if it was already decided (a
/// repeated report, or an approval decided before the wait opened); `None` while it waits.
fn decided_now(response: v1::ApprovalWaitResponse) -> Result<Option<Decision>, Error> {
    if response.status() != v1::EntryStatus::Succeeded {
        return Ok(None);
    }
    let decision = response.decision.ok_or(WireError::Missing {
        message: "approval wait response",
        field: "decision",
    })?;
    Ok(Some(decision.try_into()?))
}

/// The decision the journal holds for the approval at `position`, once it is resolved: the
/// engine journals it as SUCCEEDED with the [`Decision`] as JSON, whatever the outcome.
fn journaled_decision(
    entry: Option<v1::JournalEntry>,
    position: u32,
    name: &str,
) -> Result<Decision, Error> {
    match entry {
        Some(entry) if entry.status() == v1::EntryStatus::Succeeded => {
            Ok(serde_json::from_slice(&entry.result)?)
        }
        Some(entry) => Err(Error::InvalidArgument(format!(
            "the journal says the approval '{name}' at position {position} ended as {}",
            entry.status().as_str_name()
        ))),
        None => Err(Error::InvalidArgument(format!(
            "the approval '{name}' at position {position} vanished from the journal"
        ))),
    }
}

#[cfg(test)]
mod tests {
    use aether_types::{ApprovalWait, Outcome, StopReason};

    use super::*;

    fn denied() -> Decision {
        Decision {
            approval_id: ApprovalId::generate(),
            outcome: Outcome::Denied,
            by: Some("ana".into()),
            by_hint: None,
            comment: Some("not today".into()),
            payload: Some(serde_json::json!({"edit": 1})),
            at: 2_000,
        }
    }

    fn reply(wait: Result<ApprovalWait, StopReason>) -> v1::ApprovalWaitResponse {
        v1::ApprovalWaitResponse::from(wait)
    }

    #[test]
    fn an_approval_decided_before_the_wait_answers_at_once() {
        let decision = denied();
        let answered = decided_now(reply(Ok(ApprovalWait::Decided(decision.clone())))).unwrap();
        assert_eq!(answered, Some(decision));
        let waiting = reply(Ok(ApprovalWait::Waiting(ApprovalId::generate())));
        assert_eq!(decided_now(waiting).unwrap(), None);
    }

    #[test]
    fn a_decided_answer_without_its_decision_breaks_the_contract() {
        let mut broken = reply(Ok(ApprovalWait::Decided(denied())));
        broken.decision = None;
        assert!(matches!(
            decided_now(broken),
            Err(Error::InvalidArgument(_))
        ));
    }

    fn entry(status: v1::EntryStatus, result: Vec<u8>) -> v1::JournalEntry {
        let mut entry = v1::JournalEntry {
            position: 3,
            name: "deploy".into(),
            result,
            ..Default::default()
        };
        entry.set_kind(v1::EntryKind::Approval);
        entry.set_status(status);
        entry
    }

    #[test]
    fn the_journal_holds_every_outcome_as_a_decision() {
        let expired = Decision::expired(ApprovalId::generate(), 5_000);
        for decision in [denied(), expired] {
            let json = serde_json::to_vec(&decision).unwrap();
            let read =
                journaled_decision(Some(entry(v1::EntryStatus::Succeeded, json)), 3, "deploy");
            assert_eq!(read.unwrap(), decision);
        }
    }

    #[test]
    fn a_journal_that_is_not_a_decision_is_an_error() {
        let timed_out = entry(v1::EntryStatus::TimedOut, Vec::new());
        assert!(matches!(
            journaled_decision(Some(timed_out), 3, "deploy"),
            Err(Error::InvalidArgument(_))
        ));
        let garbage = entry(v1::EntryStatus::Succeeded, b"{".to_vec());
        assert!(matches!(
            journaled_decision(Some(garbage), 3, "deploy"),
            Err(Error::Payload(_))
        ));
        assert!(journaled_decision(None, 3, "deploy").is_err());
    }
}
