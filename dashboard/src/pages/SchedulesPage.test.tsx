import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';

import { ApiError } from '../api/error';
import { formatDateTime } from '../lib/format';
import { schedule } from '../test/fixtures';
import { createMockApi } from '../test/mockApi';
import { currentUrl, renderRoute } from '../test/render';
import { SchedulesPage } from './SchedulesPage';

describe('SchedulesPage', () => {
  it('shows each schedule: cron and zone, type, state with the note, next fire time and counters', async () => {
    const next = Date.now() + 3_660_000;
    const mock = createMockApi({
      listSchedules: () =>
        Promise.resolve([
          schedule({
            id: 'nightly-report',
            nextFireTimesMs: [next],
            counters: { actionsStarted: 1234, skippedOverlap: 2, missedCatchup: 3, buffered: 0 },
          }),
          schedule({
            id: 'hourly sync',
            spec: { cron: '0 * * * *', timeZone: '', jitterMs: 0 },
            action: { workflowType: 'sync', input: null },
            paused: true,
            note: 'db migration until noon',
          }),
        ]),
    });
    renderRoute(<SchedulesPage />, { api: mock.api, path: '/schedules', url: '/schedules' });
    const rows = await screen.findAllByTestId('schedule-row');
    expect(rows).toHaveLength(2);
    const [nightly, hourly] = rows as [HTMLElement, HTMLElement];

    expect(within(nightly).getByRole('link', { name: 'nightly-report' })).toHaveAttribute('href', '/schedules/nightly-report');
    expect(nightly).toHaveTextContent('0 2 * * *');
    expect(nightly).toHaveTextContent('Europe/Paris');
    expect(nightly).toHaveTextContent('report');
    expect(within(nightly).getByTestId('schedule-state')).toHaveTextContent('active');
    expect(nightly).toHaveTextContent(formatDateTime(next));
    expect(nightly).toHaveTextContent('in 1 h');
    expect(within(nightly).getByText('1,234')).toBeInTheDocument();
    expect(within(nightly).getByText('2')).toBeInTheDocument();
    expect(within(nightly).getByText('3')).toBeInTheDocument();

    expect(within(hourly).getByRole('link', { name: 'hourly sync' })).toHaveAttribute('href', '/schedules/hourly%20sync');
    expect(hourly).toHaveTextContent('UTC');
    expect(within(hourly).getByTestId('schedule-state')).toHaveTextContent('paused');
    expect(within(hourly).getByTestId('schedule-note')).toHaveTextContent('db migration until noon');
    expect(screen.getByText(/2 schedules, 1 paused/)).toBeInTheDocument();

    await userEvent.click(within(hourly).getByRole('link', { name: 'hourly sync' }));
    expect(currentUrl()).toBe('/schedules/hourly%20sync');
  });

  it('says when there is no schedule', async () => {
    const mock = createMockApi({ listSchedules: () => Promise.resolve([]) });
    renderRoute(<SchedulesPage />, { api: mock.api, path: '/schedules', url: '/schedules' });
    expect(await screen.findByText('No schedules')).toBeInTheDocument();
  });

  it('shows a failure to load, and loads again on request', async () => {
    let calls = 0;
    const mock = createMockApi({
      listSchedules: () => {
        calls += 1;
        return calls === 1
          ? Promise.reject(new ApiError(0, 'unavailable', 'The Aether server cannot be reached.'))
          : Promise.resolve([schedule()]);
      },
    });
    renderRoute(<SchedulesPage />, { api: mock.api, path: '/schedules', url: '/schedules' });
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('The schedules could not be loaded');
    expect(alert).toHaveTextContent('cannot be reached');
    await userEvent.click(within(alert).getByRole('button', { name: 'Try again' }));
    expect(await screen.findByTestId('schedule-row')).toBeInTheDocument();
  });
});
