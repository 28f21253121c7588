// The JSON the server's HTTP API sends and accepts (`GET /v1/openapi.json` on a running
// server). Workflow and approval times are milliseconds since the Unix epoch; workspace
// (session) times are RFC 3339 strings. History actions keep the engine's snake_case fields.

export const WORKFLOW_STATES = ['PENDING', 'RUNNING', 'COMPLETED', 'FAILED', 'CANCELLED'] as const;
export type WorkflowState = (typeof WORKFLOW_STATES)[number];

export const WAIT_KINDS = ['timer', 'signal', 'approval', 'child', 'retry-backoff'] as const;
export type WaitKind = (typeof WAIT_KINDS)[number];

/** Milliseconds since the Unix epoch. */
export type Millis = number;

/** Any JSON value. */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** A workflow as listings (and the live stream) show it. */
export interface WorkflowView {
  id: string;
  workflowType: string;
  state: WorkflowState;
  /** What a RUNNING workflow waits on longest. */
  waitingOn: WaitKind | null;
  waitingSince: Millis | null;
  createdAt: Millis;
  updatedAt: Millis;
  closedAt: Millis | null;
  parentId: string | null;
  historyLength: number;
  /** The worker holding its task, if any. */
  workerId: string | null;
}

export interface WorkflowPage {
  workflows: WorkflowView[];
  /** Pass as `cursor` for the next page; absent on the last. */
  nextCursor?: string;
}

/** Filters of `GET /v1/workflows`. */
export interface WorkflowQuery {
  state?: WorkflowState;
  type?: string;
  idPrefix?: string;
  waiting?: WaitKind;
  parent?: string;
  createdFrom?: Millis;
  createdTo?: Millis;
  cursor?: string;
  limit?: number;
}

/** Which timeout the engine enforced: an activity attempt's, all its attempts', or the run's. */
export const TIMEOUT_KINDS = ['heartbeat', 'start_to_close', 'schedule_to_start', 'schedule_to_close', 'execution'] as const;
export type TimeoutKind = (typeof TIMEOUT_KINDS)[number];

/** An error as recorded: a failed step attempt or a failed workflow. */
export interface Failure {
  message: string;
  error_type: string;
  stack?: string;
  non_retryable?: boolean;
  /** Set when the engine ended the attempt or the run because this timeout passed. */
  timeout?: TimeoutKind;
}

/** One open wait of a RUNNING workflow. */
export interface Wait {
  position: number;
  kind: WaitKind;
  /** The timer's name, the retried step's name, the child's id, the signal's name... */
  target: string;
  since: Millis;
  deadline: Millis | null;
}

/**
 * An activity with engine-enforced timeouts that is running or due to run again (its retry's
 * backoff runs, or it waits for a worker to start the next attempt).
 */
export interface PendingActivity {
  position: number;
  name: string;
  attempt: number;
  /** When the current attempt started; null while it waits to start. */
  startedAt: Millis | null;
  lastHeartbeatAt: Millis | null;
  /** The attempt's last heartbeat details, or those the previous attempt left. */
  heartbeatDetails: Json | null;
  /** The next deadline the engine enforces, and which timeout it is. */
  deadline: Millis | null;
  deadlineTimeout: Exclude<TimeoutKind, 'execution'> | null;
}

/** One workflow: its listing view, input, outcome, open waits and activities in progress. */
export interface WorkflowDetail extends WorkflowView {
  input: Json;
  result: Json | null;
  failure: Failure | null;
  cancelReason: string | null;
  waits: Wait[];
  pendingActivities: PendingActivity[];
  /** When the execution timeout fails the run, if it has one. */
  executionDeadline: Millis | null;
}

// ---------------------------------------------------------------------------------------------
// History

export interface ParentRef {
  workflow_id: string;
  position: number;
}

export type ChildOutcome =
  | { status: 'completed'; result: Payload }
  | { status: 'failed'; failure: Failure }
  | { status: 'cancelled'; reason: string };

export type ApprovalOutcome = 'approved' | 'denied' | 'expired';

/** What an approval points at, for the reviewer. */
export type Evidence =
  | { kind: 'session'; sessionId: string; revision?: number }
  | { kind: 'checkpoint'; sessionId: string; checkpointId: string }
  | { kind: 'annotation'; sessionId: string; annotationId: string }
  | { kind: 'url'; url: string; label?: string };

export interface ApprovalRequest {
  reason: string;
  /** Markdown, for the reviewer. */
  detail: string;
  evidence: Evidence[];
  sessionId?: string;
  timeoutMs?: number;
}

/** A workspace activity's outcome: serde's `Result` (`{"Ok": value}` or `{"Err": failure}`). */
export type ActivityOutcome = { Ok: unknown } | { Err: Failure };

/**
 * Payloads (`input`, `result`, a signal's `payload`) are the JSON text the workflow sent, as a
 * string; a payload that is not UTF-8 arrives as an array of bytes.
 */
export type Payload = string | number[];

/** An activity's timeouts in milliseconds; an absent one is no limit. */
export interface ActivityTimeouts {
  start_to_close_ms?: number;
  heartbeat_ms?: number;
  schedule_to_start_ms?: number;
  schedule_to_close_ms?: number;
}

export type Action =
  | {
      kind: 'workflow_started';
      workflow_type: string;
      input: Payload;
      parent: ParentRef | null;
      /** When the execution timeout fails the run, if it has one. */
      execution_timeout_at?: Millis;
    }
  | {
      /** An attempt of an activity with engine-enforced timeouts started on a worker. */
      kind: 'activity_started';
      position: number;
      name: string;
      attempt: number;
      timeouts: ActivityTimeouts;
      retry?: unknown;
      worker_id?: string;
      leased_at?: Millis;
    }
  | {
      kind: 'step_completed';
      position: number;
      name: string;
      attempt: number;
      result: Payload;
      worker_id?: string;
      leased_at?: Millis;
      duration_ms?: number;
    }
  | {
      kind: 'step_failed';
      position: number;
      name: string;
      attempt: number;
      failure: Failure;
      retry_at: Millis | null;
      worker_id?: string;
      leased_at?: Millis;
      duration_ms?: number;
      /** The last heartbeat details the attempt sent (or an earlier attempt left). */
      heartbeat_details?: Payload;
    }
  | { kind: 'timer_started'; position: number; name: string; fire_at: Millis }
  | { kind: 'timer_fired'; position: number }
  | {
      kind: 'child_started';
      position: number;
      workflow_type: string;
      child_id: string;
      input: Payload;
    }
  | { kind: 'child_finished'; position: number; child_id: string; outcome: ChildOutcome }
  | {
      kind: 'signal_received';
      name: string;
      payload: Payload;
      idempotency_key: string | null;
    }
  | { kind: 'signal_wait_started'; position: number; name: string; timeout_at: Millis | null }
  | { kind: 'signal_delivered'; position: number; signal: number }
  | { kind: 'wait_timed_out'; position: number }
  | {
      kind: 'approval_requested';
      position: number;
      approval: string;
      request: ApprovalRequest;
      expires_at: Millis | null;
    }
  | {
      kind: 'approval_wait_started';
      position: number;
      approval: string;
      timeout_at: Millis | null;
    }
  | {
      kind: 'approval_decided';
      position: number;
      approval: string;
      outcome: ApprovalOutcome;
      by: string | null;
      comment: string | null;
      payload: unknown;
      decided_at?: Millis;
    }
  | {
      kind: 'workspace_activity';
      position: number;
      op: string;
      digest: string;
      session: string | null;
      revision: number | null;
      outcome: ActivityOutcome;
    }
  | { kind: 'workflow_completed'; result: Payload }
  | { kind: 'workflow_failed'; failure: Failure }
  | { kind: 'workflow_cancelled'; reason: string };

export type ActionKind = Action['kind'];

export interface HistoryEvent {
  seq: number;
  at: Millis;
  action: Action;
}

export interface HistoryPage {
  events: HistoryEvent[];
}

// ---------------------------------------------------------------------------------------------
// Signals and cancellation

export interface SignalAccepted {
  /** The idempotency key was seen before; nothing was recorded. */
  duplicate: boolean;
}

// ---------------------------------------------------------------------------------------------
// Workers

export interface WorkerView {
  workerId: string;
  workflowTypes: string[];
  capacity: number;
  inUse: number;
  connected: boolean;
  lastHeartbeatMsAgo: number;
}

export interface WorkerList {
  workers: WorkerView[];
}

// ---------------------------------------------------------------------------------------------
// Approvals

export const APPROVAL_STATES = ['pending', 'approved', 'denied', 'expired', 'cancelled'] as const;
export type ApprovalState = (typeof APPROVAL_STATES)[number];

export interface Approval extends ApprovalRequest {
  id: string;
  /** The workflow that asked; null for an approval requested for a session. */
  workflowId: string | null;
  position: number | null;
  requestedAt: Millis;
  expiresAt: Millis | null;
  state: ApprovalState;
  decidedBy: string | null;
  decidedAt: Millis | null;
  comment: string | null;
  /** The reviewer's JSON, if any (null or absent without). */
  payload?: Json | null;
  /** Workflows waiting on it by id (approvals outside workflows only). */
  watchers?: string[];
  version: number;
}

export interface ApprovalPage {
  approvals: Approval[];
  nextCursor?: string;
}

export interface ApprovalQuery {
  state?: ApprovalState;
  workflowId?: string;
  sessionId?: string;
  reason?: string;
  cursor?: string;
  limit?: number;
}

export type Verdict = 'approve' | 'deny';

/** A reviewer's decision; every field optional. */
export interface DecisionBody {
  by?: string;
  comment?: string;
  payload?: Json;
}

// ---------------------------------------------------------------------------------------------
// Sessions (workspaces)

export interface SessionParent {
  sessionId: string;
  revision: number;
}

export interface Session {
  id: string;
  revision: number;
  root: string;
  /** `active` or `archived`. */
  state: string;
  source: string | null;
  baseCommit: string | null;
  lastCommit: string | null;
  parent: SessionParent | null;
  origin: Json;
  labels: Record<string, string>;
  sizeBytes: number;
  fileCount: number;
  eventCount: number;
  createdAt: string;
  updatedAt: string;
}

export interface SessionList {
  sessions: Session[];
}

export type EntryKind = 'file' | 'dir' | 'symlink';

export interface ManifestEntry {
  path: string;
  kind: EntryKind;
  size: number;
  hash: string;
  mode: number;
}

export interface Manifest {
  sessionId: string;
  revision: number;
  root: string;
  sizeBytes: number;
  fileCount: number;
  entries: ManifestEntry[];
}

/** A file's bytes as `GET /v1/sessions/{id}/files/{path}` returns them, with its headers. */
export interface FileData {
  path: string;
  /** The whole file's size (`x-aether-size`). */
  size: number;
  revision: number | null;
  kind: EntryKind | null;
  /** The bytes read: the whole file, or its first `limit` bytes. */
  bytes: Uint8Array;
  /** Fewer bytes than the file holds were read. */
  truncated: boolean;
}

export interface Checkpoint {
  id: string;
  sessionId: string;
  name: string | null;
  revision: number;
  root: string;
  sizeBytes: number;
  fileCount: number;
  createdAt: string;
}

export interface CheckpointList {
  checkpoints: Checkpoint[];
}

export interface Annotation {
  id: string;
  sessionId: string;
  path: string;
  lineStart: number | null;
  lineEnd: number | null;
  author: string;
  body: string;
  resolved: boolean;
  createdAt: string;
  updatedAt: string;
}

export interface AnnotationList {
  annotations: Annotation[];
}

export interface SessionEvent {
  seq: number;
  revision: number;
  /** A dotted name such as `file.written`. */
  kind: string;
  actor: string | null;
  detail: Json;
  at: string;
}

export interface SessionEventPage {
  events: SessionEvent[];
  /** Pass as `after` for the next page; null on the last. */
  next: number | null;
}

/** One side of a diff: the tree the session was forked from, its head, or a checkpoint id. */
export type DiffRef = string;

export type FileChange = 'added' | 'deleted' | 'modified';

export interface DiffFile {
  path: string;
  change: FileChange;
  /** Not UTF-8, or holding NUL bytes: no texts. */
  binary: boolean;
  /** Larger than the server sends texts for: no texts. */
  tooLarge?: boolean;
  /** Null for a binary or too-large file, or for the missing side. */
  before: string | null;
  after: string | null;
  beforeSize?: number | null;
  afterSize?: number | null;
}

export interface SessionDiff {
  /** The trees compared (root hashes). */
  fromRoot?: string;
  toRoot?: string;
  files: DiffFile[];
}

// ---------------------------------------------------------------------------------------------
// Metrics

export interface ThroughputBucket {
  at: Millis;
  started: number;
  completed: number;
  failed: number;
  cancelled: number;
}

/** Start-to-finish time of the runs finished in the window; null (or absent) with none. */
export interface LatencySummary {
  count: number;
  p50Ms?: number | null;
  p90Ms?: number | null;
  p99Ms?: number | null;
  maxMs?: number | null;
}

export interface MetricsTotals {
  workflowsStarted: number;
  workflowsCompleted: number;
  workflowsFailed: number;
  workflowsCancelled: number;
  stepsCompleted: number;
  stepAttemptsFailed: number;
  queueDepth: number;
  timersPending: number;
  workersConnected: number;
}

export interface MetricsSummary {
  at: Millis;
  uptimeMs: number;
  windowSeconds: number;
  bucketSeconds: number;
  throughput: ThroughputBucket[];
  latency: LatencySummary;
  /** Every workflow in the store, by state (a state with none may be left out). */
  runsByState: Partial<Record<WorkflowState, number>>;
  /** Active workflows by what they wait on. */
  waiting: Partial<Record<WaitKind, number>>;
  totals: MetricsTotals;
}

// ---------------------------------------------------------------------------------------------
// Schedules (`/v1/schedules`; times in ms since the epoch, before jitter)

export const OVERLAP_POLICIES = ['skip', 'buffer-one', 'buffer-all', 'cancel-other', 'allow-all'] as const;
export type OverlapPolicy = (typeof OVERLAP_POLICIES)[number];

export interface ScheduleSpec {
  /** 5 fields (minute first), or 6 or 7 (seconds first, optional year). */
  cron: string;
  /** An IANA time zone; empty is UTC. */
  timeZone: string;
  jitterMs: Millis;
  startAtMs?: Millis;
  endAtMs?: Millis;
}

/** What each tick starts: a workflow type and its input (any JSON). */
export interface ScheduleAction {
  workflowType: string;
  input: Json;
}

/** A run a schedule started. */
export interface ScheduleRun {
  /** The tick's time (before jitter), which the workflow id names. */
  scheduledAtMs: Millis;
  startedAtMs: Millis;
  workflowId: string;
  /** Null while its start is retried. */
  state: WorkflowState | null;
}

export interface ScheduleCounters {
  actionsStarted: number;
  skippedOverlap: number;
  missedCatchup: number;
  buffered: number;
}

export interface Schedule {
  id: string;
  spec: ScheduleSpec;
  action: ScheduleAction;
  overlap: OverlapPolicy;
  catchupWindowMs: Millis;
  paused: boolean;
  note: string;
  createdAtMs: Millis;
  updatedAtMs: Millis;
  /** The next 5 times the spec fires. */
  nextFireTimesMs: Millis[];
  /** Newest first. */
  recentActions: ScheduleRun[];
  runningWorkflowIds: string[];
  counters: ScheduleCounters;
  /** Ticks held back by a buffering policy or queued by a trigger or backfill. */
  bufferedTicksMs: Millis[];
}

export interface ScheduleList {
  schedules: Schedule[];
}

export type TickOutcome = 'started' | 'skipped' | 'buffered';

/** What "trigger now" did with its tick. */
export interface Triggered {
  scheduledAtMs: Millis;
  /** The run's id (once started, for a buffered tick). */
  workflowId: string;
  outcome: TickOutcome;
}

// ---------------------------------------------------------------------------------------------
// Live updates

export interface StreamHandlers {
  /** The subscription is live (sent first, and again after each reconnection). */
  onReady?: () => void;
  /** A workflow's row changed. */
  onWorkflow: (view: WorkflowView) => void;
  /** The server dropped events for this subscriber: refetch to catch up. */
  onLagged?: () => void;
  /** The connection broke; the browser reconnects by itself. */
  onError?: () => void;
}

export interface StreamOptions {
  /** Only this workflow's changes. */
  workflowId?: string;
}

/** Stops a subscription. */
export type Unsubscribe = () => void;

/** The roles a key can hold (`[[auth.keys]] roles` in `aether.toml`). */
export const ROLES = ['admin', 'client', 'worker', 'approver', 'reader'] as const;
export type Role = (typeof ROLES)[number];

/**
 * Who the dashboard acts as (`GET /v1/auth/session`): the key's name and roles, or, when the
 * server has no keys configured, `{name: null, roles: ['admin'], authRequired: false}`.
 */
export interface AuthSession {
  name: string | null;
  roles: Role[];
  authRequired: boolean;
}
