import { useEffect, useMemo, useReducer, useState } from 'react';
import { useSearchParams } from 'react-router';

import { useApi } from '../api/context';
import { isAbort } from '../api/error';
import type { WorkflowPage, WorkflowView } from '../api/types';
import { LiveControls } from '../components/runs/LiveControls';
import { QuickFilters } from '../components/runs/QuickFilters';
import { RunFilters } from '../components/runs/RunFilters';
import { RunsTable } from '../components/runs/RunsTable';
import { Button } from '../components/ui/Button';
import { Banner, EmptyState, ErrorBanner, LiveRegion, Spinner } from '../components/ui/Feedback';
import { PageHeader } from '../components/ui/Section';
import { useDocumentTitle } from '../hooks/useDocumentTitle';
import { useLiveStream } from '../hooks/useLiveStream';
import {
  activeQuickFilter,
  hasFilters,
  parseRunFilters,
  runFiltersToParams,
  runFiltersToQuery,
  type RunFilters as Filters,
} from '../lib/filters';
import { applyLiveUpdate, applyLiveUpdates } from '../lib/liveRows';

export const PAGE_SIZE = 50;

interface ListState {
  /** The filters (as a query string) the rows were loaded for; null before the first load. */
  key: string | null;
  rows: WorkflowView[];
  nextCursor: string | undefined;
  error: unknown;
  loadingMore: boolean;
  /** Rows that arrived live, drawn with a brief highlight. */
  fresh: ReadonlySet<string>;
  /** Events that came while the first page was loading, applied once it arrives. */
  early: WorkflowView[];
}

type ListAction =
  | { type: 'loaded'; key: string; page: WorkflowPage; filters: Filters }
  | { type: 'failed'; key: string; error: unknown }
  | { type: 'moreStarted' }
  | { type: 'moreLoaded'; key: string; page: WorkflowPage }
  | { type: 'moreFailed'; key: string; error: unknown }
  | { type: 'live'; key: string; views: WorkflowView[]; filters: Filters };

const initial: ListState = {
  key: null,
  rows: [],
  nextCursor: undefined,
  error: null,
  loadingMore: false,
  fresh: new Set(),
  early: [],
};

function reduce(state: ListState, action: ListAction): ListState {
  switch (action.type) {
    case 'loaded': {
      const complete = action.page.nextCursor === undefined;
      const rows = applyLiveUpdates(action.page.workflows, state.early, action.filters, complete);
      return { ...initial, key: action.key, rows, nextCursor: action.page.nextCursor };
    }
    case 'failed':
      return { ...initial, key: action.key, error: action.error };
    case 'moreStarted':
      return { ...state, loadingMore: true, error: null };
    case 'moreLoaded': {
      if (action.key !== state.key) return state;
      const known = new Set(state.rows.map((r) => r.id));
      const older = action.page.workflows.filter((r) => !known.has(r.id));
      return { ...state, rows: [...state.rows, ...older], nextCursor: action.page.nextCursor, loadingMore: false };
    }
    case 'moreFailed':
      return action.key === state.key ? { ...state, loadingMore: false, error: action.error } : state;
    case 'live': {
      if (action.key !== state.key) return { ...state, early: [...state.early, ...action.views] };
      let rows = state.rows;
      const fresh = new Set<string>();
      for (const view of action.views) {
        const result = applyLiveUpdate(rows, view, action.filters, state.nextCursor === undefined);
        rows = result.rows;
        if (result.change === 'inserted') fresh.add(view.id);
      }
      return { ...state, rows, fresh: fresh.size ? fresh : state.fresh };
    }
  }
}

/** What a live event means, for the screen reader announcement. */
function describeChange(rows: readonly WorkflowView[], view: WorkflowView, filters: Filters): string | null {
  const current = rows.find((r) => r.id === view.id);
  if (!current) {
    const result = applyLiveUpdate(rows, view, filters, false);
    return result.change === 'inserted' ? `New run ${view.workflowType} ${view.id}` : null;
  }
  return current.state !== view.state ? `Run ${view.id} is now ${view.state}` : null;
}

export function RunsPage() {
  const api = useApi();
  const [params, setParams] = useSearchParams();
  const filters = useMemo(() => parseRunFilters(params), [params]);
  const key = runFiltersToParams(filters).toString();
  const [list, dispatch] = useReducer(reduce, initial);
  const [reloads, setReloads] = useState(0);
  const [paused, setPaused] = useState(false);
  const [held, setHeld] = useState<WorkflowView[]>([]);
  const [announcement, setAnnouncement] = useState('');
  const [stale, setStale] = useState(false);
  useDocumentTitle(activeQuickFilter(filters)?.id === 'all' ? 'Runs' : `Runs (${activeQuickFilter(filters)?.label ?? 'filtered'})`);

  useEffect(() => {
    const controller = new AbortController();
    api.listWorkflows({ ...runFiltersToQuery(filters), limit: PAGE_SIZE }, controller.signal).then(
      (page) => {
        dispatch({ type: 'loaded', key, page, filters });
      },
      (error: unknown) => {
        if (!isAbort(error)) dispatch({ type: 'failed', key, error });
      },
    );
    return () => {
      controller.abort();
    };
  }, [api, key, filters, reloads]);

  const status = useLiveStream({
    onWorkflow: (view) => {
      if (paused) {
        setHeld((h) => [...h, view]);
        setAnnouncement(held.length + 1 === 1 ? '1 new update' : `${held.length + 1} new updates`);
        return;
      }
      const said = list.key === key ? describeChange(list.rows, view, filters) : null;
      if (said) setAnnouncement(said);
      dispatch({ type: 'live', key, views: [view], filters });
    },
    onResync: () => {
      setStale(true);
    },
  });

  const setFilters = (next: Filters) => {
    setParams(runFiltersToParams(next));
  };

  const loadOlder = () => {
    if (!list.nextCursor) return;
    dispatch({ type: 'moreStarted' });
    const loadedFor = key;
    api.listWorkflows({ ...runFiltersToQuery(filters), limit: PAGE_SIZE, cursor: list.nextCursor }).then(
      (page) => {
        dispatch({ type: 'moreLoaded', key: loadedFor, page });
      },
      (error: unknown) => {
        dispatch({ type: 'moreFailed', key: loadedFor, error });
      },
    );
  };

  const togglePause = () => {
    if (paused) {
      if (held.length) dispatch({ type: 'live', key, views: held, filters });
      setAnnouncement(held.length ? `Applied ${held.length} updates` : 'Live updates resumed');
      setHeld([]);
      setPaused(false);
    } else {
      setPaused(true);
      setAnnouncement('Live updates paused');
    }
  };

  const reload = () => {
    setStale(false);
    setHeld([]);
    setReloads((n) => n + 1);
  };

  const loaded = list.key === key;
  const caption = hasFilters(filters) ? 'Runs matching the filters, newest first' : 'Runs, newest first';

  return (
    <>
      <PageHeader title="Runs" meta="Every workflow run, newest first. Filters live in the address, so a view can be shared.">
        <Button onClick={reload}>Reload</Button>
      </PageHeader>
      <QuickFilters filters={filters} />
      <RunFilters filters={filters} onChange={setFilters} />
      <LiveControls status={status} paused={paused} pending={held.length} onToggle={togglePause} />
      <LiveRegion message={announcement} />
      {stale ? (
        <Banner tone="warning">
          <span>Some live updates were missed while the connection was interrupted.</span>
          <Button size="sm" onClick={reload}>
            Reload the list
          </Button>
        </Banner>
      ) : null}
      {list.error && loaded ? <ErrorBanner error={list.error} title="The runs could not be loaded" onRetry={reload} /> : null}
      {!loaded ? (
        <Spinner label="Loading runs…" />
      ) : list.rows.length === 0 && !list.error ? (
        <EmptyState title={hasFilters(filters) ? 'No run matches these filters' : 'No runs yet'}>
          {hasFilters(filters)
            ? 'New runs that match appear here as they start.'
            : 'Start a workflow from a worker; it appears here at once.'}
        </EmptyState>
      ) : list.rows.length > 0 ? (
        <RunsTable runs={list.rows} caption={caption} fresh={list.fresh} />
      ) : null}
      {loaded && list.rows.length > 0 ? (
        <div className="list-footer">
          <span>
            {list.rows.length === 1 ? '1 run shown' : `${list.rows.length} runs shown`}
            {list.nextCursor ? '' : ' (all)'}
          </span>
          {list.nextCursor ? (
            <Button onClick={loadOlder} disabled={list.loadingMore}>
              {list.loadingMore ? 'Loading…' : 'Older'}
            </Button>
          ) : null}
        </div>
      ) : null}
    </>
  );
}
