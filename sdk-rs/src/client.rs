use std::{path::PathBuf, time::Duration};

use aether_proto::{
    action_name, status_from_wire,
    v1::{
        self, admin_service_client::AdminServiceClient, client_service_client::ClientServiceClient,
        worker_service_client::WorkerServiceClient,
    },
    wait_from_message, wait_from_wire,
};
use aether_types::{Failure, Outcome, Wait, WaitKind, WorkflowStatus};
use futures::TryStreamExt;
use serde::{Serialize, de::DeserializeOwned};
use tonic::transport::{Certificate, Channel, ClientTlsConfig, Endpoint};

use crate::{
    Error, WorkflowDef,
    approvals::ApprovalClient,
    schedules::ScheduleClient,
    transport::{API_KEY_ENV, CA_FILE_ENV, Credentials, Transport},
    workspace::WorkspaceClient,
};

/// How to connect ([`Client::connect_with`]).
#[derive(Debug, Clone, Default)]
pub struct ClientOptions {
    /// The API key sent with every call (`authorization: Bearer KEY`); when `None`, the
    /// environment variable `AETHER_API_KEY`, if set. A server without keys ignores it.
    pub api_key: Option<String>,
    /// A PEM file of the certificate authorities to trust for an `https://` server, instead of
    /// the system's roots; when `None`, the file `AETHER_CA_FILE` names, if set.
    pub ca_file: Option<PathBuf>,
}

impl ClientOptions {
    /// Options trusting the certificate authorities of this PEM file instead of the system's
    /// roots.
    pub fn ca_file(mut self, path: impl Into<PathBuf>) -> Self {
        self.ca_file = Some(path.into());
        self
    }

    fn ca_file_or_env(&self) -> Option<PathBuf> {
        self.ca_file.clone().or_else(|| {
            std::env::var_os(CA_FILE_ENV)
                .filter(|v| !v.is_empty())
                .map(PathBuf::from)
        })
    }

    /// Options with this API key.
    pub fn api_key(mut self, key: impl Into<String>) -> Self {
        self.api_key = Some(key.into());
        self
    }

    fn credentials(&self) -> Result<Credentials, Error> {
        let from_env = || {
            std::env::var(API_KEY_ENV)
                .ok()
                .filter(|key| !key.trim().is_empty())
        };
        Credentials::new(self.api_key.clone().or_else(from_env).as_deref())
    }
}

/// How to start a workflow ([`Client::start_with_options`]).
#[derive(Debug, Clone, Default)]
pub struct StartOptions {
    /// An idempotency key: starting an existing id returns that run. Generated when absent.
    pub workflow_id: Option<String>,
    /// The engine fails the workflow with a `TimeoutError` (timeout `execution`) once this long
    /// has passed since it started, stops its task and cancels its children.
    pub execution_timeout: Option<std::time::Duration>,
}

/// A connection to an Aether server. Cheap to clone; clones share the connection.
#[derive(Clone)]
pub struct Client {
    url: String,
    pub(crate) client: ClientServiceClient<Transport>,
    pub(crate) admin: AdminServiceClient<Transport>,
    pub(crate) worker: WorkerServiceClient<Transport>,
    workspace: WorkspaceClient,
    approvals: ApprovalClient,
    schedules: ScheduleClient,
}

/// A workflow's status as a client sees it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct WorkflowSummary {
    pub workflow_id: String,
    pub workflow_type: String,
    pub status: WorkflowStatus,
    /// What a RUNNING workflow waits on: timer, child, retry-backoff, ...
    pub waiting_on: Option<String>,
    /// Since when it waits on that.
    pub waiting_since_ms: Option<i64>,
    /// Every open wait, the oldest first; status calls only (listings leave it empty).
    pub waits: Vec<Wait>,
    pub created_at_ms: i64,
    pub updated_at_ms: i64,
    pub closed_at_ms: Option<i64>,
    pub parent_workflow_id: Option<String>,
    pub worker_id: Option<String>,
    pub history_length: u64,
    /// The result (JSON) of a COMPLETED workflow; status calls only.
    pub result: Option<serde_json::Value>,
    /// The failure of a FAILED workflow; status calls only.
    pub failure: Option<Failure>,
    /// Activities with engine-enforced timeouts running or due to run again; status calls
    /// only.
    pub pending_activities: Vec<PendingActivity>,
    /// When the execution timeout fails the workflow, if it has one; status calls only.
    pub execution_deadline_ms: Option<i64>,
}

/// An activity with engine-enforced timeouts in progress, as status shows it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PendingActivity {
    pub position: u32,
    pub name: String,
    /// The attempt running, or the next one while a retry waits.
    pub attempt: u32,
    /// When the running attempt started (`None` while a retry waits).
    pub started_at_ms: Option<i64>,
    /// The attempt's last heartbeat this engine node received.
    pub last_heartbeat_at_ms: Option<i64>,
    /// Its last heartbeat details (JSON), or those the previous attempt left.
    pub heartbeat_details: Option<serde_json::Value>,
    /// The next deadline the engine enforces, and which timeout it is.
    pub deadline_ms: Option<i64>,
    pub deadline_timeout: Option<String>,
}

/// One action of a workflow's history.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct HistoryEntry {
    pub seq: u64,
    pub at_ms: i64,
    pub action: &'static str,
    pub position: Option<u32>,
    /// The step, timer or signal name, the child's workflow type, or an approval's reason.
    pub name: String,
    pub attempt: u32,
    pub payload_bytes: usize,
    /// The payload as JSON, when it is JSON: an input or result, a signal's payload, an
    /// approval's request (approval_requested) or its reviewer's payload (approval_decided).
    pub payload: Option<serde_json::Value>,
    pub failure: Option<Failure>,
    /// When a timer fires, a failed step's next attempt is due, a signal wait times out, an
    /// approval expires (approval_requested) or a wait on one times out
    /// (approval_wait_started).
    pub fire_at_ms: Option<i64>,
    pub child_workflow_id: Option<String>,
    /// workflow_cancelled, or child_finished for a cancelled child: why.
    pub reason: Option<String>,
    /// signal_received: the signal's idempotency key, if it had one.
    pub idempotency_key: Option<String>,
    /// signal_delivered: the seq of the signal_received it delivered.
    pub signal_seq: Option<u64>,
    /// approval_requested, approval_wait_started, approval_decided: the approval.
    pub approval_id: Option<String>,
    /// approval_decided: approved, denied or expired.
    pub outcome: Option<Outcome>,
    /// approval_decided: who decided (`None` for an expiry).
    pub decided_by: Option<String>,
    /// approval_decided: the reviewer's comment.
    pub comment: Option<String>,
    /// workspace_activity: the session the call concerned, and its revision after the call.
    pub session_id: Option<String>,
    pub session_revision: Option<u64>,
    /// step_completed, step_failed: the worker whose task ran the attempt, when that task was
    /// handed to it, and the attempt's run time as the worker measured it (each `None` when
    /// unknown).
    pub worker_id: Option<String>,
    pub leased_at_ms: Option<i64>,
    pub duration_ms: Option<u64>,
    /// step_failed: the attempt's last heartbeat details (JSON), handed to the next attempt.
    pub heartbeat_details: Option<serde_json::Value>,
}

/// The engine's answer to [`Client::signal`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct SignalSent {
    /// The workflow had already accepted a signal with this idempotency key; nothing new was
    /// recorded.
    pub duplicate: bool,
}

/// Which workflows `list` returns.
#[derive(Debug, Clone, Default)]
pub struct ListOptions {
    pub workflow_type: Option<String>,
    pub status: Option<WorkflowStatus>,
    /// Only RUNNING workflows whose current wait is of this kind.
    pub waiting: Option<WaitKind>,
    /// 0: the server's default (1000).
    pub limit: u32,
}

impl Client {
    /// Connects, failing at once if the server does not answer. The API key, if any, comes
    /// from `AETHER_API_KEY`; an `https://` server is verified with the system's roots, or the
    /// CA file `AETHER_CA_FILE` names.
    pub async fn connect(url: impl Into<String>) -> Result<Self, Error> {
        Self::connect_with(url, ClientOptions::default()).await
    }

    /// Connects with [`ClientOptions`] (an API key, a CA file), failing at once if the server does not
    /// answer.
    pub async fn connect_with(
        url: impl Into<String>,
        options: ClientOptions,
    ) -> Result<Self, Error> {
        let url = url.into();
        let credentials = options.credentials()?;
        let channel = endpoint(&url, options.ca_file_or_env())?
            .connect()
            .await
            .map_err(|e| Error::Connect {
                url: url.clone(),
                message: source_chain(&e),
            })?;
        Ok(Self::from_channel(url, channel, credentials))
    }

    /// A client that connects on first use and reconnects after failures: what a long-lived
    /// worker wants. The API key, if any, comes from `AETHER_API_KEY`.
    pub fn connect_lazy(url: impl Into<String>) -> Result<Self, Error> {
        Self::connect_lazy_with(url, ClientOptions::default())
    }

    /// [`Client::connect_lazy`] with [`ClientOptions`].
    pub fn connect_lazy_with(
        url: impl Into<String>,
        options: ClientOptions,
    ) -> Result<Self, Error> {
        let url = url.into();
        let credentials = options.credentials()?;
        let channel = endpoint(&url, options.ca_file_or_env())?.connect_lazy();
        Ok(Self::from_channel(url, channel, credentials))
    }

    /// Every service is bounded by [`crate::MAX_MESSAGE_BYTES`], the server's default bound, so
    /// that both sides agree on what is too large.
    fn from_channel(url: String, channel: Channel, credentials: Credentials) -> Self {
        let channel = Transport::new(channel, credentials);
        Self {
            url,
            client: ClientServiceClient::new(channel.clone())
                .max_decoding_message_size(crate::MAX_MESSAGE_BYTES)
                .max_encoding_message_size(crate::MAX_MESSAGE_BYTES),
            admin: AdminServiceClient::new(channel.clone())
                .max_decoding_message_size(crate::MAX_MESSAGE_BYTES)
                .max_encoding_message_size(crate::MAX_MESSAGE_BYTES),
            workspace: WorkspaceClient::new(channel.clone()),
            approvals: ApprovalClient::new(channel.clone()),
            schedules: ScheduleClient::new(channel.clone()),
            worker: WorkerServiceClient::new(channel)
                .max_decoding_message_size(crate::MAX_MESSAGE_BYTES)
                .max_encoding_message_size(crate::MAX_MESSAGE_BYTES),
        }
    }

    pub fn url(&self) -> &str {
        &self.url
    }

    /// The workspace (session) operations, on this client's connection.
    pub fn workspace(&self) -> WorkspaceClient {
        self.workspace.clone()
    }

    /// The approval operations (list, get, approve, deny, request for a session), on this
    /// client's connection.
    pub fn approvals(&self) -> ApprovalClient {
        self.approvals.clone()
    }

    /// The cron schedule operations (create, list, describe, update, pause, unpause, trigger,
    /// backfill, delete), on this client's connection.
    pub fn schedules(&self) -> ScheduleClient {
        self.schedules.clone()
    }

    /// Starts the workflow and returns its id.
    pub async fn start<I: Serialize, O>(
        &self,
        workflow: &WorkflowDef<I, O>,
        input: &I,
    ) -> Result<String, Error> {
        self.start_raw(
            workflow.name(),
            serde_json::to_vec(input)?,
            StartOptions::default(),
        )
        .await
    }

    /// Starts the workflow with [`StartOptions`] (an id, an execution timeout).
    pub async fn start_with_options<I: Serialize, O>(
        &self,
        workflow: &WorkflowDef<I, O>,
        input: &I,
        options: StartOptions,
    ) -> Result<String, Error> {
        self.start_raw(workflow.name(), serde_json::to_vec(input)?, options)
            .await
    }

    /// Starts the workflow under `workflow_id`; if that id exists, returns it without starting
    /// another run.
    pub async fn start_with_id<I: Serialize, O>(
        &self,
        workflow: &WorkflowDef<I, O>,
        workflow_id: &str,
        input: &I,
    ) -> Result<String, Error> {
        self.start_raw(
            workflow.name(),
            serde_json::to_vec(input)?,
            StartOptions {
                workflow_id: Some(workflow_id.to_owned()),
                ..StartOptions::default()
            },
        )
        .await
    }

    /// Starts a workflow by type name with a JSON input.
    pub async fn start_json(
        &self,
        workflow_type: &str,
        input: &serde_json::Value,
        workflow_id: Option<&str>,
    ) -> Result<String, Error> {
        self.start_raw(
            workflow_type,
            serde_json::to_vec(input)?,
            StartOptions {
                workflow_id: workflow_id.map(str::to_owned),
                ..StartOptions::default()
            },
        )
        .await
    }

    async fn start_raw(
        &self,
        workflow_type: &str,
        input: Vec<u8>,
        options: StartOptions,
    ) -> Result<String, Error> {
        let response = self
            .client
            .clone()
            .start_workflow(v1::StartWorkflowRequest {
                workflow_type: workflow_type.to_owned(),
                input,
                workflow_id: options.workflow_id.unwrap_or_default(),
                wait_ms: 0,
                execution_timeout_ms: options.execution_timeout.map_or(0, |d| {
                    i64::try_from(d.as_millis()).unwrap_or(i64::MAX).max(1)
                }),
            })
            .await?;
        Ok(response.into_inner().workflow_id)
    }

    /// Starts the workflow and waits for its result (one round trip when it finishes within
    /// the server's wait).
    pub async fn start_and_wait<I: Serialize, O: DeserializeOwned>(
        &self,
        workflow: &WorkflowDef<I, O>,
        input: &I,
    ) -> Result<O, Error> {
        let response = self
            .client
            .clone()
            .start_workflow(v1::StartWorkflowRequest {
                workflow_type: workflow.name().to_owned(),
                input: serde_json::to_vec(input)?,
                workflow_id: String::new(),
                wait_ms: AWAIT_SLICE.as_millis() as u64,
                execution_timeout_ms: 0,
            })
            .await?
            .into_inner();
        let info = match response.info {
            Some(info) if is_terminal(&info) => info,
            _ => self.wait(&response.workflow_id).await?,
        };
        outcome(info)
    }

    /// Waits for the workflow to finish and decodes its result.
    pub async fn result<O: DeserializeOwned>(&self, workflow_id: &str) -> Result<O, Error> {
        outcome(self.wait(workflow_id).await?)
    }

    /// Waits until the workflow is terminal and returns its status.
    pub async fn wait_for(&self, workflow_id: &str) -> Result<WorkflowSummary, Error> {
        Ok(summary(self.wait(workflow_id).await?))
    }

    async fn wait(&self, workflow_id: &str) -> Result<v1::WorkflowInfo, Error> {
        loop {
            let info = self
                .client
                .clone()
                .await_result(v1::AwaitResultRequest {
                    workflow_id: workflow_id.to_owned(),
                    timeout_ms: AWAIT_SLICE.as_millis() as u64,
                })
                .await?
                .into_inner();
            if is_terminal(&info) {
                return Ok(info);
            }
        }
    }

    pub async fn status(&self, workflow_id: &str) -> Result<WorkflowSummary, Error> {
        let info = self
            .client
            .clone()
            .get_workflow_status(v1::GetWorkflowStatusRequest {
                workflow_id: workflow_id.to_owned(),
            })
            .await?
            .into_inner();
        Ok(summary(info))
    }

    /// Cancels a workflow and its children; returns the state it ended in.
    pub async fn cancel(&self, workflow_id: &str, reason: &str) -> Result<WorkflowStatus, Error> {
        let response = self
            .client
            .clone()
            .cancel_workflow(v1::CancelWorkflowRequest {
                workflow_id: workflow_id.to_owned(),
                reason: reason.to_owned(),
            })
            .await?
            .into_inner();
        status_from_wire(response.state())
            .ok_or_else(|| Error::InvalidArgument("server returned no state".into()))
    }

    /// Sends the signal `name` with `payload` (as JSON) to a running workflow, where
    /// `ctx.wait_for_signal` takes it; it is kept until a wait does. With an `idempotency_key`
    /// the workflow has already accepted, nothing new is recorded (`duplicate`). A finished
    /// workflow refuses with FAILED_PRECONDITION, an unknown one with NOT_FOUND.
    pub async fn signal<P: Serialize + ?Sized>(
        &self,
        workflow_id: &str,
        name: &str,
        payload: &P,
        idempotency_key: Option<&str>,
    ) -> Result<SignalSent, Error> {
        let response = self
            .client
            .clone()
            .signal(v1::SignalRequest {
                workflow_id: workflow_id.to_owned(),
                name: name.to_owned(),
                payload: serde_json::to_vec(payload)?,
                idempotency_key: idempotency_key.unwrap_or_default().to_owned(),
            })
            .await?
            .into_inner();
        Ok(SignalSent {
            duplicate: response.duplicate,
        })
    }

    /// Workflows, newest first.
    pub async fn list(&self, options: &ListOptions) -> Result<Vec<WorkflowSummary>, Error> {
        let stream = self
            .admin
            .clone()
            .list_workflows(v1::ListWorkflowsRequest {
                workflow_type: options.workflow_type.clone().unwrap_or_default(),
                state: options
                    .status
                    .map(|s| v1::WorkflowState::from(s) as i32)
                    .unwrap_or_default(),
                waiting: v1::WaitKind::from(options.waiting) as i32,
                limit: options.limit,
            })
            .await?
            .into_inner();
        let infos: Vec<v1::WorkflowInfo> = stream.try_collect().await?;
        Ok(infos.into_iter().map(summary).collect())
    }

    /// The workflow's action log.
    pub async fn history(&self, workflow_id: &str) -> Result<Vec<HistoryEntry>, Error> {
        let events = self
            .client
            .clone()
            .get_history(v1::GetHistoryRequest {
                workflow_id: workflow_id.to_owned(),
            })
            .await?
            .into_inner()
            .events;
        Ok(events.into_iter().map(history_entry).collect())
    }

    pub async fn metrics(&self) -> Result<v1::Metrics, Error> {
        Ok(self
            .admin
            .clone()
            .get_metrics(v1::GetMetricsRequest {})
            .await?
            .into_inner())
    }

    pub async fn workers(&self) -> Result<Vec<v1::WorkerInfo>, Error> {
        Ok(self
            .admin
            .clone()
            .list_workers(v1::ListWorkersRequest {})
            .await?
            .into_inner()
            .workers)
    }
}

/// How long one server-side wait lasts before the client asks again.
const AWAIT_SLICE: Duration = Duration::from_secs(30);

fn is_terminal(info: &v1::WorkflowInfo) -> bool {
    status_from_wire(info.state()).is_some_and(WorkflowStatus::is_terminal)
}

/// The result of a terminal workflow, or why there is none.
fn outcome<O: DeserializeOwned>(info: v1::WorkflowInfo) -> Result<O, Error> {
    match status_from_wire(info.state()) {
        Some(WorkflowStatus::Completed) => Ok(serde_json::from_slice(&info.result)?),
        Some(WorkflowStatus::Cancelled) => Err(Error::WorkflowCancelled),
        _ => Err(Error::WorkflowFailed(
            info.failure.map(Into::into).unwrap_or_default(),
        )),
    }
}

fn endpoint(url: &str, ca_file: Option<PathBuf>) -> Result<Endpoint, Error> {
    let endpoint = Endpoint::from_shared(url.to_owned())
        .map_err(|e| Error::InvalidArgument(format!("invalid server URL {url:?}: {e}")))?
        .tcp_nodelay(true)
        .connect_timeout(Duration::from_secs(5));
    let https = endpoint.uri().scheme_str() == Some("https");
    let tls = match &ca_file {
        None if !https => return Ok(endpoint),
        None => ClientTlsConfig::new().with_native_roots(),
        Some(path) if !https => {
            return Err(Error::InvalidArgument(format!(
                "a CA file ({}) is for https:// servers, and {url} is not one",
                path.display()
            )));
        }
        Some(path) => ClientTlsConfig::new().ca_certificate(ca_certificate(path)?),
    };
    endpoint.tls_config(tls).map_err(|e| {
        Error::InvalidArgument(format!("cannot set up TLS for {url}: {}", source_chain(&e)))
    })
}

/// The CA file's certificates, checked to be PEM here so that a wrong file is named at once
/// rather than as a failed handshake.
fn ca_certificate(path: &std::path::Path) -> Result<Certificate, Error> {
    let pem = std::fs::read(path).map_err(|e| {
        Error::InvalidArgument(format!("cannot read the CA file {}: {e}", path.display()))
    })?;
    if !String::from_utf8_lossy(&pem).contains("-----BEGIN CERTIFICATE-----") {
        return Err(Error::InvalidArgument(format!(
            "the CA file {} holds no PEM certificate",
            path.display()
        )));
    }
    Ok(Certificate::from_pem(pem))
}

/// The innermost causes of a transport error, which is where "connection refused" hides.
fn source_chain(err: &dyn std::error::Error) -> String {
    let mut message = err.to_string();
    let mut source = err.source();
    while let Some(inner) = source {
        message = format!("{message}: {inner}");
        source = inner.source();
    }
    message
}

fn non_empty(s: String) -> Option<String> {
    (!s.is_empty()).then_some(s)
}

fn summary(info: v1::WorkflowInfo) -> WorkflowSummary {
    let status = status_from_wire(info.state()).unwrap_or(WorkflowStatus::Pending);
    WorkflowSummary {
        waiting_on: wait_from_wire(info.waiting_on()).map(|w| w.as_str().to_owned()),
        waiting_since_ms: (info.waiting_since_ms != 0).then_some(info.waiting_since_ms),
        waits: info.waits.iter().filter_map(wait_from_message).collect(),
        status,
        workflow_id: info.workflow_id,
        workflow_type: info.workflow_type,
        created_at_ms: info.created_at_ms,
        updated_at_ms: info.updated_at_ms,
        closed_at_ms: (info.closed_at_ms != 0).then_some(info.closed_at_ms),
        parent_workflow_id: non_empty(info.parent_workflow_id),
        worker_id: non_empty(info.worker_id),
        history_length: info.history_length,
        result: (status == WorkflowStatus::Completed)
            .then(|| serde_json::from_slice(&info.result).ok())
            .flatten(),
        failure: info.failure.map(Into::into),
        pending_activities: info
            .pending_activities
            .into_iter()
            .map(|a| PendingActivity {
                position: a.position,
                name: a.name,
                attempt: a.attempt,
                started_at_ms: (a.started_at_ms != 0).then_some(a.started_at_ms),
                last_heartbeat_at_ms: (a.last_heartbeat_at_ms != 0)
                    .then_some(a.last_heartbeat_at_ms),
                heartbeat_details: a
                    .heartbeat_details
                    .and_then(|d| serde_json::from_slice(&d).ok()),
                deadline_ms: (a.deadline_ms != 0).then_some(a.deadline_ms),
                deadline_timeout: non_empty(a.deadline_timeout),
            })
            .collect(),
        execution_deadline_ms: (info.execution_deadline_ms != 0)
            .then_some(info.execution_deadline_ms),
    }
}

fn history_entry(event: v1::HistoryEvent) -> HistoryEntry {
    HistoryEntry {
        seq: event.seq,
        at_ms: event.at_ms,
        action: action_name(event.kind()),
        position: event.position,
        attempt: event.attempt,
        payload_bytes: event.payload.len(),
        payload: (!event.payload.is_empty())
            .then(|| serde_json::from_slice(&event.payload).ok())
            .flatten(),
        failure: event.failure.map(Into::into),
        fire_at_ms: (event.fire_at_ms != 0).then_some(event.fire_at_ms),
        child_workflow_id: non_empty(event.child_workflow_id),
        reason: non_empty(event.reason),
        idempotency_key: non_empty(event.idempotency_key),
        signal_seq: (event.signal_seq != 0).then_some(event.signal_seq),
        approval_id: non_empty(event.approval_id),
        // An outcome this SDK does not know (a newer server's) reads as none.
        outcome: event.outcome.parse().ok(),
        decided_by: non_empty(event.decided_by),
        comment: non_empty(event.comment),
        session_id: non_empty(event.session_id),
        session_revision: (event.session_revision > 0).then_some(event.session_revision),
        leased_at_ms: event.leased_at_ms,
        duration_ms: event.duration_ms,
        worker_id: non_empty(event.worker_id),
        heartbeat_details: event
            .heartbeat_details
            .and_then(|d| serde_json::from_slice(&d).ok()),
        name: event.name,
    }
}
