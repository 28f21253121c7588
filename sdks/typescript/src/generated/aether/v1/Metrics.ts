// Original file: ../../proto/aether/v1/admin.proto

import type { Long } from '@grpc/proto-loader';

export interface Metrics {
  'workflowsStarted'?: (number | string | Long);
  'workflowsCompleted'?: (number | string | Long);
  'workflowsFailed'?: (number | string | Long);
  'workflowsCancelled'?: (number | string | Long);
  'stepsCompleted'?: (number | string | Long);
  'stepAttemptsFailed'?: (number | string | Long);
  'tasksDispatched'?: (number | string | Long);
  'timersFired'?: (number | string | Long);
  /**
   * Workflows runnable but not yet dispatched (no worker with free capacity).
   */
  'queueDepth'?: (number | string | Long);
  'workersConnected'?: (number | string | Long);
  'uptimeMs'?: (number | string | Long);
  /**
   * Timers (sleeps and retry backoffs) not yet fired.
   */
  'timersPending'?: (number | string | Long);
  /**
   * Writes that lost a version race to another engine node and were re-run on fresh state.
   */
  'writeConflicts'?: (number | string | Long);
}

export interface Metrics__Output {
  'workflowsStarted': (number);
  'workflowsCompleted': (number);
  'workflowsFailed': (number);
  'workflowsCancelled': (number);
  'stepsCompleted': (number);
  'stepAttemptsFailed': (number);
  'tasksDispatched': (number);
  'timersFired': (number);
  /**
   * Workflows runnable but not yet dispatched (no worker with free capacity).
   */
  'queueDepth': (number);
  'workersConnected': (number);
  'uptimeMs': (number);
  /**
   * Timers (sleeps and retry backoffs) not yet fired.
   */
  'timersPending': (number);
  /**
   * Writes that lost a version race to another engine node and were re-run on fresh state.
   */
  'writeConflicts': (number);
}
