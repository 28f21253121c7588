import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';

import { ApiError } from '../api/error';
import type { Schedule } from '../api/types';
import { formatDateTime } from '../lib/format';
import { schedule } from '../test/fixtures';
import { createMockApi } from '../test/mockApi';
import { currentUrl, renderRoute } from '../test/render';
import { SchedulePage } from './SchedulePage';

const now = Date.now();
const fires = [1, 2, 3, 4, 5].map((h) => now + h * 3_600_000 + 60_000);
const full = schedule({
  id: 'nightly-report',
  overlap: 'buffer-one',
  catchupWindowMs: 300_000,
  action: { workflowType: 'report', input: { team: 'ops', dryRun: false } },
  nextFireTimesMs: fires,
  recentActions: [
    { scheduledAtMs: now - 60_000, startedAtMs: now - 59_000, workflowId: 'nightly-report-2', state: 'RUNNING' },
    { scheduledAtMs: now - 86_400_000, startedAtMs: now - 86_399_000, workflowId: 'nightly-report-1', state: 'COMPLETED' },
  ],
  runningWorkflowIds: ['nightly-report-2'],
  bufferedTicksMs: [now - 1_000],
  counters: { actionsStarted: 2, skippedOverlap: 5, missedCatchup: 7, buffered: 1 },
});

function setup(shown: Schedule = full, overrides: Parameters<typeof createMockApi>[0] = {}) {
  const mock = createMockApi({ getSchedule: () => Promise.resolve(shown), ...overrides });
  renderRoute(<SchedulePage />, { api: mock.api, path: '/schedules/:id', url: `/schedules/${encodeURIComponent(shown.id)}` });
  return mock;
}

describe('SchedulePage', () => {
  it('shows the spec, action, policies, counters, next fire times, open runs, waiting ticks and recent runs', async () => {
    const mock = setup();
    await screen.findByRole('heading', { level: 1, name: 'nightly-report' });
    expect(mock.api.getSchedule).toHaveBeenCalledWith('nightly-report', expect.anything());

    const definition = screen.getByLabelText('Schedule definition');
    expect(within(definition).getByTestId('schedule-cron')).toHaveTextContent('0 2 * * *');
    expect(definition).toHaveTextContent('Europe/Paris');
    expect(definition).toHaveTextContent('report');
    expect(definition).toHaveTextContent('buffer-one');
    expect(definition).toHaveTextContent('5 m');
    expect(definition).toHaveTextContent('up to 30 s');
    expect(within(definition).getByTestId('schedule-state')).toHaveTextContent('active');
    expect(screen.getByTestId('schedule-input').textContent).toBe(JSON.stringify({ team: 'ops', dryRun: false }, null, 2));

    expect(screen.getByTestId('counter-started')).toHaveTextContent('2');
    expect(screen.getByTestId('counter-skipped')).toHaveTextContent('5');
    expect(screen.getByTestId('counter-missed')).toHaveTextContent('7');
    expect(screen.getByTestId('counter-buffered')).toHaveTextContent('1');

    const next = within(screen.getByRole('list', { name: /next times the spec fires/ })).getAllByRole('listitem');
    expect(next.map((li) => li.querySelector('time')?.textContent)).toEqual(fires.map(formatDateTime));
    expect(next[0]).toHaveTextContent('in 1 h');

    const open = screen.getByRole('region', { name: 'Open runs (1)' });
    expect(within(open).getByRole('link', { name: 'nightly-report-2' })).toHaveAttribute('href', '/runs/nightly-report-2');
    const waiting = screen.getByRole('region', { name: 'Waiting ticks (1)' });
    expect(within(waiting).getAllByRole('listitem')).toHaveLength(1);

    const runs = screen.getAllByTestId('schedule-run');
    expect(runs.map((r) => r.getAttribute('data-run-id'))).toEqual(['nightly-report-2', 'nightly-report-1']);
    expect(within(runs[1]!).getByRole('link', { name: 'nightly-report-1' })).toHaveAttribute('href', '/runs/nightly-report-1');
    expect(runs[1]).toHaveTextContent(formatDateTime(now - 86_400_000));
    expect(within(runs[1]!).getByTestId('run-state')).toHaveTextContent('COMPLETED');

    await userEvent.click(within(runs[0]!).getByRole('link', { name: 'nightly-report-2' }));
    expect(currentUrl()).toBe('/runs/nightly-report-2');
  });

  it('pauses with the note typed into the dialog, and shows it paused', async () => {
    const mock = setup(full, {
      pauseSchedule: (id: string, note: string) => Promise.resolve({ ...full, id, paused: true, note }),
    });
    await userEvent.click(await screen.findByRole('button', { name: 'Pause' }));
    const dialog = screen.getByRole('dialog', { name: 'Pause this schedule?' });
    await userEvent.type(within(dialog).getByLabelText('Note'), '  db migration  ');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Pause' }));

    await waitFor(() => {
      expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
    });
    expect(mock.api.pauseSchedule).toHaveBeenCalledExactlyOnceWith('nightly-report', 'db migration');
    const state = screen.getByLabelText('Schedule definition');
    expect(within(state).getByTestId('schedule-state')).toHaveTextContent('paused');
    expect(within(state).getByTestId('schedule-note')).toHaveTextContent('db migration');
    expect(screen.getByRole('button', { name: 'Unpause' })).toBeInTheDocument();
    expect(screen.getByText(/these ticks start nothing/)).toBeInTheDocument();
  });

  it('keeps the dialog open with the refusal when a pause fails, and changes nothing', async () => {
    setup(full, {
      pauseSchedule: () => Promise.reject(new ApiError(404, 'not_found', 'no schedule nightly-report')),
    });
    await userEvent.click(await screen.findByRole('button', { name: 'Pause' }));
    const dialog = screen.getByRole('dialog');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Pause' }));
    const alert = await within(dialog).findByRole('alert');
    expect(alert).toHaveTextContent('The schedule was not paused');
    expect(alert).toHaveTextContent('no schedule nightly-report');
    expect(alert).toHaveTextContent('not_found');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Keep it running' }));
    expect(within(screen.getByLabelText('Schedule definition')).getByTestId('schedule-state')).toHaveTextContent('active');
  });

  it('shows a string input as JSON text, quoted', async () => {
    setup(schedule({ action: { workflowType: 'greet', input: 'world' } }));
    expect((await screen.findByTestId('schedule-input')).textContent).toBe('"world"');
  });

  it('unpauses a paused schedule', async () => {
    const paused = { ...full, paused: true, note: 'db migration' };
    const mock = setup(paused, {
      unpauseSchedule: () => Promise.resolve({ ...full, paused: false, note: '' }),
    });
    await userEvent.click(await screen.findByRole('button', { name: 'Unpause' }));
    expect(await screen.findByRole('button', { name: 'Pause' })).toBeInTheDocument();
    expect(mock.api.unpauseSchedule).toHaveBeenCalledExactlyOnceWith('nightly-report');
    expect(within(screen.getByLabelText('Schedule definition')).getByTestId('schedule-state')).toHaveTextContent('active');
  });

  it('triggers now, says what happened with a link to the run, and reloads', async () => {
    const mock = setup(full, {
      triggerSchedule: () =>
        Promise.resolve({ scheduledAtMs: now, workflowId: 'nightly-report-3', outcome: 'started' as const }),
    });
    await userEvent.click(await screen.findByRole('button', { name: 'Trigger now' }));
    const result = await screen.findByTestId('trigger-result');
    expect(result).toHaveTextContent('Triggered: run nightly-report-3 started.');
    expect(within(result).getByRole('link', { name: 'Open the run' })).toHaveAttribute('href', '/runs/nightly-report-3');
    await waitFor(() => {
      expect(mock.api.getSchedule).toHaveBeenCalledTimes(2);
    });
  });

  it('says when a trigger was skipped, and shows a refused trigger', async () => {
    let calls = 0;
    setup(full, {
      triggerSchedule: () => {
        calls += 1;
        return calls === 1
          ? Promise.resolve({ scheduledAtMs: now, workflowId: 'nightly-report-3', outcome: 'skipped' as const })
          : Promise.reject(new ApiError(503, 'unavailable', 'the store is read-only'));
      },
    });
    const trigger = await screen.findByRole('button', { name: 'Trigger now' });
    await userEvent.click(trigger);
    const result = await screen.findByTestId('trigger-result');
    expect(result).toHaveTextContent(/skipped/);
    expect(within(result).queryByRole('link')).not.toBeInTheDocument();
    await userEvent.click(trigger);
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('The schedule was not triggered');
    expect(alert).toHaveTextContent('the store is read-only');
  });

  it('says when the schedule does not exist', async () => {
    setup(full, { getSchedule: () => Promise.reject(new ApiError(404, 'not_found', 'no schedule nightly-report')) });
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('No such schedule');
    expect(screen.getByRole('link', { name: 'Back to the schedules' })).toHaveAttribute('href', '/schedules');
  });
});
