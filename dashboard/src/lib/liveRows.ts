// Applying a live `workflow` event to the rows a listing shows, without reloading it and
// without moving the rows a person is looking at more than needed: a known row is replaced in
// place (even if it no longer matches the filters: it stays until the next reload), a new one
// that matches is inserted where the listing's order puts it (newest first, so at the top for a
// new run), and anything else is left out.

import type { WorkflowView } from '../api/types';
import { matchesFilter, type RunFilters } from './filters';

export type LiveChange = 'updated' | 'inserted' | 'ignored';

export interface LiveResult {
  rows: WorkflowView[];
  change: LiveChange;
}

/** Whether `a` comes before `b` in a listing: newest first, then by id descending. */
export function listedBefore(a: WorkflowView, b: WorkflowView): boolean {
  if (a.createdAt !== b.createdAt) return a.createdAt > b.createdAt;
  return a.id > b.id;
}

/**
 * `rows` with `view` applied. `complete` says the listing has no further page: a matching row
 * older than the last one shown belongs at the end then, and to a page not loaded yet otherwise.
 */
export function applyLiveUpdate(
  rows: readonly WorkflowView[],
  view: WorkflowView,
  filters: RunFilters,
  complete: boolean,
): LiveResult {
  const index = rows.findIndex((row) => row.id === view.id);
  if (index >= 0) {
    const current = rows[index];
    // Events can overtake each other across reconnections; never step back in time.
    if (current && (view.updatedAt < current.updatedAt || view.historyLength < current.historyLength)) {
      return { rows: [...rows], change: 'ignored' };
    }
    const next = [...rows];
    next[index] = view;
    return { rows: next, change: 'updated' };
  }
  if (!matchesFilter(view, filters)) return { rows: [...rows], change: 'ignored' };
  const at = rows.findIndex((row) => listedBefore(view, row));
  if (at < 0) {
    if (!complete) return { rows: [...rows], change: 'ignored' };
    return { rows: [...rows, view], change: 'inserted' };
  }
  const next = [...rows];
  next.splice(at, 0, view);
  return { rows: next, change: 'inserted' };
}

/** Several events in arrival order (what a paused listing applies when resumed). */
export function applyLiveUpdates(
  rows: readonly WorkflowView[],
  views: readonly WorkflowView[],
  filters: RunFilters,
  complete: boolean,
): WorkflowView[] {
  let current: WorkflowView[] = [...rows];
  for (const view of views) current = applyLiveUpdate(current, view, filters, complete).rows;
  return current;
}
