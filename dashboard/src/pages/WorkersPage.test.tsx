import { act, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';

import { createMockApi } from '../test/mockApi';
import { renderRoute } from '../test/render';
import { WORKERS_REFRESH_MS, WorkersPage } from './WorkersPage';

describe('WorkersPage', () => {
  it('shows each worker with types, capacity, slots in use and last heartbeat, and refreshes', async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    try {
      const mock = createMockApi({
        listWorkers: () =>
          Promise.resolve([
            { workerId: 'w-1', workflowTypes: ['order', 'ship'], capacity: 10, inUse: 3, connected: true, lastHeartbeatMsAgo: 4_000 },
            { workerId: 'w-2', workflowTypes: [], capacity: 4, inUse: 0, connected: false, lastHeartbeatMsAgo: 120_000 },
          ]),
      });
      renderRoute(<WorkersPage />, { api: mock.api, path: '/workers', url: '/workers' });
      const rows = await screen.findAllByTestId('worker-row');
      expect(rows).toHaveLength(2);
      const first = rows[0]!;
      expect(within(first).getByText('order')).toBeInTheDocument();
      expect(within(first).getByText('ship')).toBeInTheDocument();
      const meter = within(first).getByRole('meter', { name: 'Slots in use by w-1' });
      expect(meter).toHaveAttribute('value', '3');
      expect(meter).toHaveAttribute('max', '10');
      expect(first).toHaveTextContent('3 / 10');
      expect(first).toHaveTextContent('connected');
      await waitFor(() => {
        expect(first).toHaveTextContent('4 s ago');
      });
      expect(rows[1]).toHaveTextContent('disconnected');
      expect(rows[1]).toHaveTextContent('2 m ago');
      expect(screen.getByText(/1 connected of 2/)).toBeInTheDocument();

      expect(mock.api.listWorkers).toHaveBeenCalledTimes(1);
      await act(async () => {
        await vi.advanceTimersByTimeAsync(WORKERS_REFRESH_MS + 10);
      });
      expect(mock.api.listWorkers).toHaveBeenCalledTimes(2);
    } finally {
      vi.useRealTimers();
    }
  });

  it('says when no worker is connected', async () => {
    const mock = createMockApi({ listWorkers: () => Promise.resolve([]) });
    renderRoute(<WorkersPage />, { api: mock.api, path: '/workers', url: '/workers' });
    expect(await screen.findByText('No workers')).toBeInTheDocument();
  });
});
