import { act, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';

import type { WorkflowPage } from '../api/types';
import { view } from '../test/fixtures';
import { createMockApi } from '../test/mockApi';
import { currentUrl, renderRoute } from '../test/render';
import { RunsPage } from './RunsPage';

const now = Date.now();
const page: WorkflowPage = {
  workflows: [
    view({ id: 'order-3', createdAt: now - 1_000, state: 'RUNNING', waitingOn: 'approval', waitingSince: now - 90_000 }),
    view({ id: 'order-2', createdAt: now - 2_000, state: 'FAILED', closedAt: now - 1_500 }),
    view({ id: 'order-1', createdAt: now - 3_000, state: 'COMPLETED', closedAt: now - 2_000 }),
  ],
};

function rows() {
  return screen.getAllByTestId('run-row');
}

function renderRuns(url = '/runs', result: WorkflowPage = page) {
  const mock = createMockApi({ listWorkflows: () => Promise.resolve(result) });
  renderRoute(<RunsPage />, { api: mock.api, path: '/runs', url });
  return mock;
}

describe('RunsPage', () => {
  it('lists runs with their state, what they wait on and since when', async () => {
    const { api } = renderRuns();
    await waitFor(() => {
      expect(rows()).toHaveLength(3);
    });
    expect(api.listWorkflows).toHaveBeenCalledWith({ limit: 50 }, expect.any(AbortSignal));
    const first = rows()[0]!;
    expect(first).toHaveAttribute('data-run-id', 'order-3');
    expect(within(first).getByTestId('run-state')).toHaveTextContent('RUNNING');
    expect(within(first).getByText('approval')).toBeInTheDocument();
    expect(within(first).getByText(/since 1 m ago/)).toBeInTheDocument();
    expect(within(first).getByRole('link', { name: 'order-3' })).toHaveAttribute('href', '/runs/order-3');
    expect(within(rows()[2]!).getByText('1.0 s')).toBeInTheDocument();
  });

  it('restores the filters from the URL and asks the server for them', async () => {
    const { api } = renderRuns('/runs?state=failed&type=order&idPrefix=ord&waiting=timer&createdFrom=5');
    await waitFor(() => {
      expect(api.listWorkflows).toHaveBeenCalled();
    });
    expect(api.listWorkflows).toHaveBeenCalledWith(
      { state: 'FAILED', type: 'order', idPrefix: 'ord', waiting: 'timer', createdFrom: 5, limit: 50 },
      expect.any(AbortSignal),
    );
    expect(screen.getByLabelText('State')).toHaveValue('FAILED');
    expect(screen.getByLabelText('Type')).toHaveValue('order');
    expect(screen.getByLabelText('ID starts with')).toHaveValue('ord');
    expect(screen.getByLabelText('Waiting on')).toHaveValue('timer');
  });

  it('puts a changed filter in the URL and loads it', async () => {
    const user = userEvent.setup();
    const { api } = renderRuns();
    await waitFor(() => {
      expect(rows()).toHaveLength(3);
    });
    await user.selectOptions(screen.getByLabelText('State'), 'RUNNING');
    expect(currentUrl()).toBe('/runs?state=RUNNING');
    await user.type(screen.getByLabelText('Type'), 'order{Enter}');
    expect(currentUrl()).toBe('/runs?state=RUNNING&type=order');
    await waitFor(() => {
      expect(api.listWorkflows).toHaveBeenLastCalledWith({ state: 'RUNNING', type: 'order', limit: 50 }, expect.any(AbortSignal));
    });
    await user.click(screen.getByRole('button', { name: 'Clear' }));
    expect(currentUrl()).toBe('/runs');
  });

  it('offers quick filters as links, marking the active one', async () => {
    const user = userEvent.setup();
    renderRuns('/runs?state=FAILED');
    const quick = screen.getByRole('navigation', { name: 'Quick filters' });
    expect(within(quick).getByRole('link', { name: 'Failed' })).toHaveAttribute('aria-current', 'true');
    await user.click(within(quick).getByRole('link', { name: 'Waiting for approval' }));
    expect(currentUrl()).toBe('/runs?state=RUNNING&waiting=approval');
    await user.click(within(quick).getByRole('link', { name: 'Running' }));
    expect(currentUrl()).toBe('/runs?state=RUNNING');
  });

  it('pages back with the cursor, never an offset', async () => {
    const user = userEvent.setup();
    const older = view({ id: 'order-0', createdAt: now - 10_000 });
    const mock = createMockApi({
      listWorkflows: (query) =>
        Promise.resolve(query.cursor ? { workflows: [older] } : { ...page, nextCursor: 'c-1' }),
    });
    renderRoute(<RunsPage />, { api: mock.api, path: '/runs', url: '/runs' });
    await user.click(await screen.findByRole('button', { name: 'Older' }));
    await waitFor(() => {
      expect(rows()).toHaveLength(4);
    });
    expect(mock.api.listWorkflows).toHaveBeenLastCalledWith({ limit: 50, cursor: 'c-1' });
    expect(rows()[3]).toHaveAttribute('data-run-id', 'order-0');
    expect(screen.queryByRole('button', { name: 'Older' })).not.toBeInTheDocument();
  });

  it('applies live events: a new run appears at the top, a known one updates in place', async () => {
    const { stream } = renderRuns();
    await waitFor(() => {
      expect(rows()).toHaveLength(3);
    });
    act(() => {
      stream.ready();
      stream.emit(view({ id: 'order-4', createdAt: now, state: 'PENDING' }));
    });
    expect(rows().map((r) => r.dataset.runId)).toEqual(['order-4', 'order-3', 'order-2', 'order-1']);
    act(() => {
      stream.emit(view({ id: 'order-3', createdAt: now - 1_000, state: 'COMPLETED', updatedAt: now, closedAt: now, historyLength: 9 }));
    });
    expect(rows().map((r) => r.dataset.runId)).toEqual(['order-4', 'order-3', 'order-2', 'order-1']);
    expect(within(rows()[1]!).getByTestId('run-state')).toHaveTextContent('COMPLETED');
    expect(screen.getByText('Run order-3 is now COMPLETED')).toBeInTheDocument();
  });

  it('leaves out live runs that do not match the filters', async () => {
    const { stream } = renderRuns('/runs?state=FAILED', { workflows: [page.workflows[1]!] });
    await waitFor(() => {
      expect(rows()).toHaveLength(1);
    });
    act(() => {
      stream.emit(view({ id: 'order-9', createdAt: now, state: 'RUNNING' }));
      stream.emit(view({ id: 'order-8', createdAt: now, state: 'FAILED' }));
    });
    expect(rows().map((r) => r.dataset.runId)).toEqual(['order-8', 'order-2']);
  });

  it('holds live events while paused, counts them, and applies them on resume', async () => {
    const user = userEvent.setup();
    const { stream } = renderRuns();
    await waitFor(() => {
      expect(rows()).toHaveLength(3);
    });
    const pause = screen.getByRole('button', { name: 'Pause live updates' });
    expect(pause).toHaveAttribute('aria-pressed', 'false');
    await user.click(pause);
    const resume = screen.getByRole('button', { name: 'Resume live updates' });
    expect(resume).toHaveAttribute('aria-pressed', 'true');
    act(() => {
      stream.emit(view({ id: 'order-5', createdAt: now }));
      stream.emit(view({ id: 'order-1', createdAt: now - 3_000, state: 'CANCELLED', updatedAt: now }));
    });
    expect(rows()).toHaveLength(3);
    expect(within(rows()[2]!).getByTestId('run-state')).toHaveTextContent('COMPLETED');
    expect(screen.getByTestId('pending-updates')).toHaveTextContent('2 new updates');
    await user.click(resume);
    expect(rows().map((r) => r.dataset.runId)).toEqual(['order-5', 'order-3', 'order-2', 'order-1']);
    expect(within(rows()[3]!).getByTestId('run-state')).toHaveTextContent('CANCELLED');
    expect(screen.queryByTestId('pending-updates')).not.toBeInTheDocument();
  });

  it('says so when the list is empty or the server fails', async () => {
    renderRuns('/runs?state=FAILED', { workflows: [] });
    expect(await screen.findByText('No run matches these filters')).toBeInTheDocument();
  });

  it('shows a failed load as an error with a retry', async () => {
    const { ApiError } = await import('../api/error');
    const mock = createMockApi({
      listWorkflows: () => Promise.reject(new ApiError(503, 'unavailable', 'the store is down')),
    });
    renderRoute(<RunsPage />, { api: mock.api, path: '/runs', url: '/runs' });
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('the store is down');
    expect(within(alert).getByRole('button', { name: 'Try again' })).toBeInTheDocument();
  });
});
