// The runs list's filters: kept in the URL query so a link reproduces the view, turned into the
// API's query, and applied to live events (`matchesFilter`, the server's `ListFilter::matches`).

import {
  WAIT_KINDS,
  WORKFLOW_STATES,
  type WaitKind,
  type WorkflowQuery,
  type WorkflowState,
  type WorkflowView,
} from '../api/types';

export interface RunFilters {
  state?: WorkflowState;
  type?: string;
  idPrefix?: string;
  waiting?: WaitKind;
  /** Created at or after (ms). */
  createdFrom?: number;
  /** Created before (ms). */
  createdTo?: number;
}

/** URL parameter names, in the order they are written. */
const KEYS = ['state', 'type', 'idPrefix', 'waiting', 'createdFrom', 'createdTo'] as const;

function parseState(value: string | null): WorkflowState | undefined {
  if (!value) return undefined;
  const upper = value.toUpperCase();
  return WORKFLOW_STATES.find((s) => s === upper);
}

function parseWaiting(value: string | null): WaitKind | undefined {
  if (!value) return undefined;
  const lower = value.toLowerCase();
  return WAIT_KINDS.find((w) => w === lower);
}

function parseMillis(value: string | null): number | undefined {
  if (value === null || value.trim() === '') return undefined;
  const n = Number(value);
  return Number.isSafeInteger(n) ? n : undefined;
}

function parseText(value: string | null): string | undefined {
  const trimmed = value?.trim();
  return trimmed ? trimmed : undefined;
}

/** The filters a URL query holds; unknown or malformed values are left out. */
export function parseRunFilters(params: URLSearchParams): RunFilters {
  const filters: RunFilters = {};
  const state = parseState(params.get('state'));
  if (state) filters.state = state;
  const type = parseText(params.get('type'));
  if (type) filters.type = type;
  const idPrefix = parseText(params.get('idPrefix'));
  if (idPrefix) filters.idPrefix = idPrefix;
  const waiting = parseWaiting(params.get('waiting'));
  if (waiting) filters.waiting = waiting;
  const from = parseMillis(params.get('createdFrom'));
  if (from !== undefined) filters.createdFrom = from;
  const to = parseMillis(params.get('createdTo'));
  if (to !== undefined) filters.createdTo = to;
  return filters;
}

/** The URL query for `filters`, keys in a fixed order so equal filters give equal URLs. */
export function runFiltersToParams(filters: RunFilters): URLSearchParams {
  const params = new URLSearchParams();
  for (const key of KEYS) {
    const value = filters[key];
    if (value !== undefined && value !== '') params.set(key, String(value));
  }
  return params;
}

/** The API query for `filters` (the same names). */
export function runFiltersToQuery(filters: RunFilters): WorkflowQuery {
  const query: WorkflowQuery = {};
  if (filters.state) query.state = filters.state;
  if (filters.type) query.type = filters.type;
  if (filters.idPrefix) query.idPrefix = filters.idPrefix;
  if (filters.waiting) query.waiting = filters.waiting;
  if (filters.createdFrom !== undefined) query.createdFrom = filters.createdFrom;
  if (filters.createdTo !== undefined) query.createdTo = filters.createdTo;
  return query;
}

export function sameFilters(a: RunFilters, b: RunFilters): boolean {
  return runFiltersToParams(a).toString() === runFiltersToParams(b).toString();
}

export function hasFilters(filters: RunFilters): boolean {
  return KEYS.some((key) => filters[key] !== undefined);
}

/**
 * Whether a workflow belongs in a listing with these filters: the server's rule
 * (`ListFilter::matches`), so a live event inserts exactly the rows a reload would show.
 */
export function matchesFilter(view: WorkflowView, filters: RunFilters): boolean {
  if (filters.state && view.state !== filters.state) return false;
  if (filters.type && view.workflowType !== filters.type) return false;
  if (filters.idPrefix && !view.id.startsWith(filters.idPrefix)) return false;
  if (filters.waiting && view.waitingOn !== filters.waiting) return false;
  if (filters.createdFrom !== undefined && view.createdAt < filters.createdFrom) return false;
  if (filters.createdTo !== undefined && view.createdAt >= filters.createdTo) return false;
  return true;
}

export interface QuickFilter {
  id: string;
  label: string;
  filters: RunFilters;
}

export const QUICK_FILTERS: readonly QuickFilter[] = [
  { id: 'all', label: 'All', filters: {} },
  { id: 'running', label: 'Running', filters: { state: 'RUNNING' } },
  {
    id: 'approval',
    label: 'Waiting for approval',
    filters: { state: 'RUNNING', waiting: 'approval' },
  },
  { id: 'failed', label: 'Failed', filters: { state: 'FAILED' } },
];

/** The quick filter the filters are exactly, if any. */
export function activeQuickFilter(filters: RunFilters): QuickFilter | undefined {
  return QUICK_FILTERS.find((q) => sameFilters(q.filters, filters));
}

const pad = (n: number) => String(n).padStart(2, '0');

/** ms → the value of an `<input type="datetime-local">` (local time, minutes). */
export function toLocalInput(ms: number | undefined): string {
  if (ms === undefined) return '';
  const d = new Date(ms);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** The value of an `<input type="datetime-local">` → ms, or undefined when empty or invalid. */
export function fromLocalInput(value: string): number | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/.exec(value.trim());
  if (!match) return undefined;
  const part = (i: number) => Number(match[i] ?? 0);
  const ms = new Date(part(1), part(2) - 1, part(3), part(4), part(5), part(6)).getTime();
  return Number.isNaN(ms) ? undefined : ms;
}
