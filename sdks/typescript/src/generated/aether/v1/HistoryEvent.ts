// Original file: ../../proto/aether/v1/common.proto

import type { ActionKind as _aether_v1_ActionKind, ActionKind__Output as _aether_v1_ActionKind__Output } from '../../aether/v1/ActionKind.js';
import type { Failure as _aether_v1_Failure, Failure__Output as _aether_v1_Failure__Output } from '../../aether/v1/Failure.js';
import type { WorkflowState as _aether_v1_WorkflowState, WorkflowState__Output as _aether_v1_WorkflowState__Output } from '../../aether/v1/WorkflowState.js';
import type { ActivityTimeouts as _aether_v1_ActivityTimeouts, ActivityTimeouts__Output as _aether_v1_ActivityTimeouts__Output } from '../../aether/v1/ActivityTimeouts.js';
import type { Long } from '@grpc/proto-loader';

/**
 * One entry of a workflow's action log.
 */
export interface HistoryEvent {
  /**
   * 1-based, gapless within a workflow.
   */
  'seq'?: (number | string | Long);
  'atMs'?: (number | string | Long);
  'kind'?: (_aether_v1_ActionKind);
  /**
   * Journal position of the step, timer or child the action concerns.
   */
  'position'?: (number);
  /**
   * Step name, timer name, or child workflow type; the workflow type for WORKFLOW_STARTED.
   */
  'name'?: (string);
  /**
   * Attempt number of a step (1-based).
   */
  'attempt'?: (number);
  /**
   * Input, step result, or workflow result.
   */
  'payload'?: (Buffer | Uint8Array | string);
  'failure'?: (_aether_v1_Failure | null);
  /**
   * When the timer fires, when the next attempt of a failed step is due, when a signal wait
   * times out, or (WORKFLOW_STARTED) when the execution timeout passes (0 if none).
   */
  'fireAtMs'?: (number | string | Long);
  'childWorkflowId'?: (string);
  /**
   * The child's final state for CHILD_FINISHED.
   */
  'childState'?: (_aether_v1_WorkflowState);
  /**
   * Why a workflow was cancelled.
   */
  'reason'?: (string);
  /**
   * SIGNAL_RECEIVED: the signal's idempotency key, if it had one.
   */
  'idempotencyKey'?: (string);
  /**
   * SIGNAL_DELIVERED: the sequence number of the SIGNAL_RECEIVED it delivered.
   */
  'signalSeq'?: (number | string | Long);
  /**
   * APPROVAL_*: the approval. For APPROVAL_REQUESTED `name` is its reason code, `payload` the
   * request as JSON and `fire_at_ms` its expiry; for APPROVAL_WAIT_STARTED `fire_at_ms` is the
   * wait's timeout; for APPROVAL_DECIDED `payload` is the reviewer's JSON payload, if any.
   */
  'approvalId'?: (string);
  /**
   * APPROVAL_DECIDED: approved, denied or expired.
   */
  'outcome'?: (string);
  /**
   * APPROVAL_DECIDED: who decided (empty for an expiry) and their comment.
   */
  'decidedBy'?: (string);
  'comment'?: (string);
  /**
   * WORKSPACE_ACTIVITY: the session it concerned and its revision after the call (`name` is the
   * operation, `payload` its result as JSON, `failure` a refusal).
   */
  'sessionId'?: (string);
  'sessionRevision'?: (number | string | Long);
  /**
   * STEP_COMPLETED, STEP_FAILED: the worker whose task ran the attempt, when that task was
   * handed to it, and how long the attempt ran as the worker measured it (absent when unknown,
   * as in histories recorded before these were).
   */
  'workerId'?: (string);
  'leasedAtMs'?: (number | string | Long);
  'durationMs'?: (number | string | Long);
  /**
   * STEP_FAILED: the attempt's last heartbeat details (handed to the next attempt).
   */
  'heartbeatDetails'?: (Buffer | Uint8Array | string);
  /**
   * ACTIVITY_STARTED: the activity's timeouts (the started attempt is `attempt`).
   */
  'timeouts'?: (_aether_v1_ActivityTimeouts | null);
  '_position'?: "position";
  '_leasedAtMs'?: "leasedAtMs";
  '_durationMs'?: "durationMs";
  '_heartbeatDetails'?: "heartbeatDetails";
}

/**
 * One entry of a workflow's action log.
 */
export interface HistoryEvent__Output {
  /**
   * 1-based, gapless within a workflow.
   */
  'seq': (number);
  'atMs': (number);
  'kind': (_aether_v1_ActionKind__Output);
  /**
   * Journal position of the step, timer or child the action concerns.
   */
  'position'?: (number);
  /**
   * Step name, timer name, or child workflow type; the workflow type for WORKFLOW_STARTED.
   */
  'name': (string);
  /**
   * Attempt number of a step (1-based).
   */
  'attempt': (number);
  /**
   * Input, step result, or workflow result.
   */
  'payload': (Buffer);
  'failure': (_aether_v1_Failure__Output | null);
  /**
   * When the timer fires, when the next attempt of a failed step is due, when a signal wait
   * times out, or (WORKFLOW_STARTED) when the execution timeout passes (0 if none).
   */
  'fireAtMs': (number);
  'childWorkflowId': (string);
  /**
   * The child's final state for CHILD_FINISHED.
   */
  'childState': (_aether_v1_WorkflowState__Output);
  /**
   * Why a workflow was cancelled.
   */
  'reason': (string);
  /**
   * SIGNAL_RECEIVED: the signal's idempotency key, if it had one.
   */
  'idempotencyKey': (string);
  /**
   * SIGNAL_DELIVERED: the sequence number of the SIGNAL_RECEIVED it delivered.
   */
  'signalSeq': (number);
  /**
   * APPROVAL_*: the approval. For APPROVAL_REQUESTED `name` is its reason code, `payload` the
   * request as JSON and `fire_at_ms` its expiry; for APPROVAL_WAIT_STARTED `fire_at_ms` is the
   * wait's timeout; for APPROVAL_DECIDED `payload` is the reviewer's JSON payload, if any.
   */
  'approvalId': (string);
  /**
   * APPROVAL_DECIDED: approved, denied or expired.
   */
  'outcome': (string);
  /**
   * APPROVAL_DECIDED: who decided (empty for an expiry) and their comment.
   */
  'decidedBy': (string);
  'comment': (string);
  /**
   * WORKSPACE_ACTIVITY: the session it concerned and its revision after the call (`name` is the
   * operation, `payload` its result as JSON, `failure` a refusal).
   */
  'sessionId': (string);
  'sessionRevision': (number);
  /**
   * STEP_COMPLETED, STEP_FAILED: the worker whose task ran the attempt, when that task was
   * handed to it, and how long the attempt ran as the worker measured it (absent when unknown,
   * as in histories recorded before these were).
   */
  'workerId': (string);
  'leasedAtMs'?: (number);
  'durationMs'?: (number);
  /**
   * STEP_FAILED: the attempt's last heartbeat details (handed to the next attempt).
   */
  'heartbeatDetails'?: (Buffer);
  /**
   * ACTIVITY_STARTED: the activity's timeouts (the started attempt is `attempt`).
   */
  'timeouts': (_aether_v1_ActivityTimeouts__Output | null);
  '_position'?: "position";
  '_leasedAtMs'?: "leasedAtMs";
  '_durationMs'?: "durationMs";
  '_heartbeatDetails'?: "heartbeatDetails";
}
