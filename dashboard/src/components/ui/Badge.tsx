import type { ReactNode } from 'react';

import type { WorkflowState } from '../../api/types';
import './Badge.css';

export type Tone = 'neutral' | 'info' | 'success' | 'warning' | 'danger' | 'muted';

export function Badge({ tone = 'neutral', children, ...rest }: { tone?: Tone; children: ReactNode; title?: string; 'data-testid'?: string }) {
  return (
    <span className={`badge badge-${tone}`} {...rest}>
      {children}
    </span>
  );
}

const STATE_TONE: Record<WorkflowState, Tone> = {
  PENDING: 'muted',
  RUNNING: 'info',
  COMPLETED: 'success',
  FAILED: 'danger',
  CANCELLED: 'warning',
};

/** A glyph per state, so the badge does not speak through colour alone. */
const STATE_GLYPH: Record<WorkflowState, string> = {
  PENDING: '○',
  RUNNING: '◐',
  COMPLETED: '✓',
  FAILED: '✕',
  CANCELLED: '⊘',
};

/** A run's state: glyph plus word (`data-testid="run-state"`). */
export function StateBadge({ state }: { state: WorkflowState }) {
  return (
    <span className={`badge badge-${STATE_TONE[state]}`} data-testid="run-state" data-state={state}>
      <span aria-hidden="true">{STATE_GLYPH[state]}</span> {state}
    </span>
  );
}

const STATUS_TONE: Record<string, Tone> = {
  completed: 'success',
  approved: 'success',
  delivered: 'success',
  fired: 'success',
  ok: 'success',
  failed: 'danger',
  denied: 'danger',
  refused: 'danger',
  retrying: 'warning',
  expired: 'warning',
  'timed out': 'warning',
  cancelled: 'warning',
  interrupted: 'warning',
  waiting: 'info',
  running: 'info',
  pending: 'info',
  abandoned: 'muted',
};

/** A lower-case status word (timeline entries, approvals) with a fitting tone. */
export function StatusBadge({ status }: { status: string }) {
  return <Badge tone={STATUS_TONE[status] ?? 'neutral'}>{status}</Badge>;
}
