import { vi, type Mock } from 'vitest';

import type { Api } from '../api/client';
import type { StreamHandlers, StreamOptions, WorkflowView } from '../api/types';

type Mocked<T> = { [K in keyof T]: T[K] extends (...args: infer A) => infer R ? Mock<(...args: A) => R> : T[K] };

export interface MockStream {
  /** Every subscription made, live or closed. */
  subscriptions: { options: StreamOptions; handlers: StreamHandlers; closed: boolean }[];
  /** Sends a `workflow` event to every open subscription (filtered like the server). */
  emit: (view: WorkflowView) => void;
  ready: () => void;
  lagged: () => void;
}

/**
 * An `Api` whose every method is a `vi.fn()`: unmocked calls reject (so a test notices a call it
 * did not expect), and `subscribe` records its handlers so a test can push live events.
 */
export function createMockApi(overrides: Partial<Api> = {}): { api: Mocked<Api>; stream: MockStream } {
  const subscriptions: MockStream['subscriptions'] = [];
  const open = () => subscriptions.filter((s) => !s.closed);
  const stream: MockStream = {
    subscriptions,
    emit: (view) => {
      for (const s of open()) {
        if (s.options.workflowId === undefined || s.options.workflowId === view.id) s.handlers.onWorkflow(view);
      }
    },
    ready: () => {
      for (const s of open()) s.handlers.onReady?.();
    },
    lagged: () => {
      for (const s of open()) s.handlers.onLagged?.();
    },
  };
  const unmocked = (name: string) =>
    vi.fn(() => Promise.reject(new Error(`api.${name} was called but the test did not mock it`)));
  const api = {
    getAuthSession: unmocked('getAuthSession'),
    signIn: unmocked('signIn'),
    signOut: unmocked('signOut'),
    listWorkflows: unmocked('listWorkflows'),
    getWorkflow: unmocked('getWorkflow'),
    getHistory: unmocked('getHistory'),
    cancelWorkflow: unmocked('cancelWorkflow'),
    signalWorkflow: unmocked('signalWorkflow'),
    listWorkers: unmocked('listWorkers'),
    listApprovals: unmocked('listApprovals'),
    getApproval: unmocked('getApproval'),
    decideApproval: unmocked('decideApproval'),
    listSessions: unmocked('listSessions'),
    getSession: unmocked('getSession'),
    getManifest: unmocked('getManifest'),
    readFile: unmocked('readFile'),
    listCheckpoints: unmocked('listCheckpoints'),
    listAnnotations: unmocked('listAnnotations'),
    listSessionEvents: unmocked('listSessionEvents'),
    getSessionDiff: unmocked('getSessionDiff'),
    getMetricsSummary: unmocked('getMetricsSummary'),
    listSchedules: unmocked('listSchedules'),
    getSchedule: unmocked('getSchedule'),
    pauseSchedule: unmocked('pauseSchedule'),
    unpauseSchedule: unmocked('unpauseSchedule'),
    triggerSchedule: unmocked('triggerSchedule'),
    subscribe: vi.fn((options: StreamOptions, handlers: StreamHandlers) => {
      const subscription = { options, handlers, closed: false };
      subscriptions.push(subscription);
      return () => {
        subscription.closed = true;
      };
    }),
  } as unknown as Mocked<Api>;
  for (const [name, impl] of Object.entries(overrides)) {
    (api as unknown as Record<string, Mock>)[name] = vi.fn(impl as (...args: unknown[]) => unknown);
  }
  return { api, stream };
}
