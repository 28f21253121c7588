import { act, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';

import { ApiError } from '../api/error';
import type { HistoryEvent, WorkflowDetail } from '../api/types';
import { approval, detail, history, view } from '../test/fixtures';
import { createMockApi } from '../test/mockApi';
import { renderRoute } from '../test/render';
import { ACTIVITIES_REFRESH_MS, RunPage } from './RunPage';

const t0 = Date.now() - 60_000;

const running = detail({
  id: 'order-1',
  state: 'RUNNING',
  createdAt: t0,
  updatedAt: t0 + 3_000,
  historyLength: 6,
  waitingOn: 'approval',
  waitingSince: t0 + 3_000,
  parentId: 'batch-7',
  input: { order: 7 },
  waits: [{ position: 2, kind: 'approval', target: 'ap-1', since: t0 + 3_000, deadline: null }],
});

const events: HistoryEvent[] = history(
  [t0, { kind: 'workflow_started', workflow_type: 'order', input: '{"order":7}', parent: null }],
  [t0 + 100, {
    kind: 'step_failed', position: 0, name: 'charge-card', attempt: 1,
    failure: { message: 'card gateway timeout', error_type: 'GatewayTimeout', stack: 'at charge (pay.ts:3)' },
    retry_at: t0 + 1_100, worker_id: 'w-1', leased_at: t0 + 20, duration_ms: 70,
  }],
  [t0 + 1_100, { kind: 'timer_fired', position: 0 }],
  [t0 + 1_300, {
    kind: 'step_completed', position: 0, name: 'charge-card', attempt: 2, result: '{"tx":"tx-42"}',
    worker_id: 'w-2', leased_at: t0 + 1_150, duration_ms: 120,
  }],
  [t0 + 2_000, { kind: 'step_completed', position: 1, name: 'reserve', attempt: 1, result: 'true' }],
  [t0 + 3_000, {
    kind: 'approval_requested', position: 2, approval: 'ap-1',
    request: { reason: 'deploy.prod', detail: 'ok?', evidence: [] }, expires_at: null,
  }],
);

function setup(overrides: { run?: WorkflowDetail; history?: HistoryEvent[] } = {}) {
  let run = overrides.run ?? running;
  let hist = overrides.history ?? events;
  const mock = createMockApi({
    getWorkflow: () => Promise.resolve(run),
    getHistory: () => Promise.resolve(hist),
    listWorkflows: () => Promise.resolve({ workflows: [view({ id: 'order-1.child-3', parentId: 'order-1', workflowType: 'ship' })] }),
    listApprovals: () => Promise.resolve({ approvals: [approval({ id: 'ap-1', workflowId: 'order-1' })] }),
  });
  renderRoute(<RunPage />, { api: mock.api, path: '/runs/:id', url: '/runs/order-1' });
  return {
    ...mock,
    update(next: { run?: WorkflowDetail; history?: HistoryEvent[] }) {
      run = next.run ?? run;
      hist = next.history ?? hist;
    },
  };
}

describe('RunPage', () => {
  it('shows the run, what it waits on, and each step with its attempts and errors', async () => {
    const { api } = setup();
    expect(await screen.findByRole('heading', { level: 1 })).toHaveTextContent('order-1');
    expect(api.getWorkflow).toHaveBeenCalledWith('order-1', expect.any(AbortSignal));
    expect(api.listWorkflows).toHaveBeenCalledWith({ parent: 'order-1', limit: 100 }, expect.any(AbortSignal));
    // The page's shared clock is brought up to date once the banner subscribes to it: its first
    // render may show the time of the clock's last tick.
    await waitFor(() => {
      expect(screen.getByTestId('waiting-banner')).toHaveTextContent(/Waiting on approval since 57 s ago/);
    });
    expect(screen.getByRole('link', { name: 'batch-7' })).toHaveAttribute('href', '/runs/batch-7');

    const entries = await screen.findAllByTestId('timeline-entry');
    expect(entries.map((e) => e.dataset.kind)).toEqual(['step', 'step', 'approval']);
    const charge = entries[0]!;
    expect(charge).toHaveTextContent('charge-card');
    const attempts = within(charge).getAllByTestId('attempt');
    expect(attempts).toHaveLength(2);
    const error = within(attempts[0]!).getByTestId('attempt-error');
    expect(error).toHaveTextContent('GatewayTimeout: card gateway timeout');
    expect(within(error).getByText('at charge (pay.ts:3)').closest('details')).not.toHaveAttribute('open');
    // Duration as the worker measured it, time queued, worker.
    expect(attempts[0]).toHaveTextContent('70 ms');
    expect(attempts[0]).toHaveTextContent('20 ms');
    expect(attempts[0]).toHaveTextContent('w-1');
    expect(attempts[1]).toHaveTextContent('120 ms');
    expect(attempts[1]).toHaveTextContent('50 ms');
    // The older history without timing fields shows dashes.
    const reserve = within(entries[1]!).getByTestId('attempt');
    expect(within(reserve).getAllByText('—').length).toBeGreaterThanOrEqual(3);

    expect(screen.getByTestId('run-input')).toHaveTextContent('"order": 7');
    expect(await screen.findByRole('link', { name: 'order-1.child-3' })).toHaveAttribute('href', '/runs/order-1.child-3');
  });

  it('shows a failed run with its failure and stack', async () => {
    setup({
      run: detail({
        id: 'order-1', state: 'FAILED', closedAt: t0 + 5_000,
        failure: { message: 'out of stock', error_type: 'StockError', stack: 'at reserve (stock.ts:9)' },
      }),
    });
    const failure = await screen.findByTestId('run-failure');
    expect(failure).toHaveTextContent('StockError: out of stock');
    expect(within(failure).getByText('at reserve (stock.ts:9)')).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Cancel run' })).not.toBeInTheDocument();
  });

  it('cancels after confirming, with a reason', async () => {
    const user = userEvent.setup();
    const { api } = setup();
    api.cancelWorkflow.mockResolvedValue(detail({ ...running, state: 'CANCELLED', cancelReason: 'wrong order', waitingOn: null }));
    await user.click(await screen.findByRole('button', { name: 'Cancel run' }));
    const dialog = screen.getByRole('dialog', { name: 'Cancel this run?' });
    expect(within(dialog).getByLabelText('Reason (optional)')).toHaveFocus();
    await user.type(within(dialog).getByLabelText('Reason (optional)'), 'wrong order');
    await user.click(within(dialog).getByRole('button', { name: 'Cancel run' }));
    expect(api.cancelWorkflow).toHaveBeenCalledWith('order-1', 'wrong order');
    await waitFor(() => {
      expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
    });
  });

  it('closes the cancel dialog on Escape without cancelling, and keeps focus inside it', async () => {
    const user = userEvent.setup();
    const { api } = setup();
    const trigger = await screen.findByRole('button', { name: 'Cancel run' });
    await user.click(trigger);
    const dialog = screen.getByRole('dialog');
    await user.tab();
    await user.tab();
    await user.tab();
    expect(dialog.contains(document.activeElement)).toBe(true);
    await user.keyboard('{Escape}');
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
    expect(trigger).toHaveFocus();
    expect(api.cancelWorkflow).not.toHaveBeenCalled();
  });

  it('shows a refused cancellation', async () => {
    const user = userEvent.setup();
    const { api } = setup();
    api.cancelWorkflow.mockRejectedValue(new ApiError(409, 'failed_precondition', 'workflow order-1 is already COMPLETED'));
    await user.click(await screen.findByRole('button', { name: 'Cancel run' }));
    await user.click(within(screen.getByRole('dialog')).getByRole('button', { name: 'Cancel run' }));
    expect(await within(screen.getByRole('dialog')).findByRole('alert')).toHaveTextContent('already COMPLETED');
  });

  it('sends a signal only with valid JSON', async () => {
    const user = userEvent.setup();
    const { api } = setup();
    api.signalWorkflow.mockResolvedValue({ duplicate: false });
    await user.click(await screen.findByRole('button', { name: 'Send signal' }));
    const dialog = screen.getByRole('dialog', { name: 'Send a signal' });
    await user.type(within(dialog).getByLabelText('Signal name'), 'go');
    const payload = within(dialog).getByLabelText('Payload (JSON)');
    await user.clear(payload);
    await user.type(payload, '{{bad');
    await user.click(within(dialog).getByRole('button', { name: 'Send signal' }));
    expect(within(dialog).getByRole('alert')).toHaveTextContent('Not valid JSON');
    expect(payload).toHaveAttribute('aria-invalid', 'true');
    expect(api.signalWorkflow).not.toHaveBeenCalled();
    await user.clear(payload);
    await user.type(payload, '{{"by": "ana"}');
    await user.click(within(dialog).getByRole('button', { name: 'Send signal' }));
    expect(api.signalWorkflow).toHaveBeenCalledWith('order-1', 'go', { by: 'ana' });
    expect(await screen.findByText('Signal go sent.', { selector: '.banner' })).toBeInTheDocument();
  });

  it('decides the approval it waits on right there', async () => {
    const user = userEvent.setup();
    const { api } = setup();
    api.decideApproval.mockResolvedValue(approval({ id: 'ap-1', state: 'approved' }));
    const card = await screen.findByTestId('approval');
    await user.type(within(card).getByLabelText('Comment'), 'go ahead');
    await user.click(within(card).getByRole('button', { name: 'Approve' }));
    expect(api.decideApproval).toHaveBeenCalledWith('ap-1', 'approve', { comment: 'go ahead' });
  });

  it('follows the stream and turns COMPLETED without a reload', async () => {
    const mock = setup();
    await screen.findAllByTestId('timeline-entry');
    expect(mock.stream.subscriptions[0]?.options).toEqual({ workflowId: 'order-1' });
    const done = detail({
      ...running, state: 'COMPLETED', waitingOn: null, waitingSince: null, waits: [],
      closedAt: t0 + 9_000, updatedAt: t0 + 9_000, historyLength: 9, result: { shipped: true },
    });
    mock.update({
      run: done,
      history: [
        ...events,
        { seq: 7, at: t0 + 8_000, action: { kind: 'approval_decided', position: 2, approval: 'ap-1', outcome: 'approved', by: 'ana', comment: null, payload: null } },
        { seq: 8, at: t0 + 9_000, action: { kind: 'workflow_completed', result: '{"shipped":true}' } },
      ],
    });
    mock.api.listApprovals.mockResolvedValue({ approvals: [] });
    act(() => {
      mock.stream.emit(view({ id: 'order-1', state: 'COMPLETED', historyLength: 9, updatedAt: t0 + 9_000 }));
    });
    await waitFor(() => {
      expect(screen.getAllByTestId('run-state')[0]).toHaveTextContent('COMPLETED');
    });
    expect(await screen.findByTestId('run-output')).toHaveTextContent('"shipped": true');
    expect(screen.queryByTestId('waiting-banner')).not.toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Cancel run' })).not.toBeInTheDocument();
    const entries = screen.getAllByTestId('timeline-entry');
    expect(entries[2]).toHaveTextContent('Approved by ana');
  });

  describe('activities with engine-enforced timeouts', () => {
    afterEach(() => {
      vi.useRealTimers();
    });

    // Built when each test runs, so that relative times read the same however long earlier tests took.
    const crawlingRun = () => detail({
      id: 'order-1',
      state: 'RUNNING',
      createdAt: t0,
      historyLength: 5,
      executionDeadline: Date.now() + 3_640_000,
      pendingActivities: [
        {
          position: 0, name: 'crawl', attempt: 2, startedAt: t0 + 5_000, lastHeartbeatAt: Date.now() - 3_000,
          heartbeatDetails: { page: 3, note: '<img src=x onerror="alert(1)">' },
          deadline: Date.now() + 120_000, deadlineTimeout: 'start_to_close',
        },
        {
          position: 1, name: 'index', attempt: 1, startedAt: null, lastHeartbeatAt: null,
          heartbeatDetails: null, deadline: Date.now() + 30_000, deadlineTimeout: 'schedule_to_start',
        },
      ],
    });
    const timedOut: HistoryEvent[] = history(
      [t0, { kind: 'workflow_started', workflow_type: 'order', input: '{}', parent: null, execution_timeout_at: t0 + 3_660_000 }],
      [t0 + 100, { kind: 'activity_started', position: 0, name: 'crawl', attempt: 1, timeouts: { start_to_close_ms: 180_000, heartbeat_ms: 2_000 }, worker_id: 'w-1', leased_at: t0 + 50 }],
      [t0 + 2_600, {
        kind: 'step_failed', position: 0, name: 'crawl', attempt: 1, retry_at: t0 + 4_600, worker_id: 'w-1', leased_at: t0 + 50,
        failure: { message: "activity 'crawl' attempt 1 timed out", error_type: 'TimeoutError', timeout: 'heartbeat' },
        heartbeat_details: '{"page":2}',
      }],
      [t0 + 4_600, { kind: 'timer_fired', position: 0 }],
      [t0 + 5_000, { kind: 'activity_started', position: 0, name: 'crawl', attempt: 2, timeouts: { start_to_close_ms: 180_000, heartbeat_ms: 2_000 }, worker_id: 'w-2', leased_at: t0 + 4_700 }],
    );

    it('lists the pending activities with attempt, heartbeat, its details as text and the next deadline', async () => {
      setup({ run: crawlingRun(), history: timedOut });
      const section = (await screen.findByRole('heading', { name: 'Pending activities' })).closest('section')!;
      const rows = within(section).getAllByTestId('pending-activity');
      expect(rows).toHaveLength(2);
      const [crawl, index] = rows;
      expect(crawl).toHaveTextContent('crawl');
      expect(within(crawl!).getByRole('cell', { name: '2' })).toBeInTheDocument();
      expect(within(crawl!).getByTestId('pending-heartbeat')).toHaveTextContent('3 s ago');
      // Details are text: the markup shows, nothing of it runs.
      expect(within(crawl!).getByTestId('pending-heartbeat-details')).toHaveTextContent('"page": 3');
      expect(within(crawl!).getByTestId('pending-heartbeat-details')).toHaveTextContent('<img src=x onerror=');
      expect(document.querySelectorAll('img')).toHaveLength(0);
      expect(within(crawl!).getByTestId('pending-deadline')).toHaveTextContent(/in 1 m.*start-to-close timeout/);
      expect(index).toHaveTextContent('waiting to start');
      expect(within(index!).getByTestId('pending-heartbeat')).toHaveTextContent('none yet');
      expect(within(index!).getByTestId('pending-deadline')).toHaveTextContent('schedule-to-start timeout');

      expect(screen.getByTestId('execution-deadline')).toHaveTextContent(/Execution deadline.*fails the run in 1 h/);
    });

    it('shows the timed-out attempt with its timeout and last heartbeat details, and the retry running', async () => {
      setup({ run: crawlingRun(), history: timedOut });
      const [entry] = await screen.findAllByTestId('timeline-entry');
      expect(within(entry!).getByTestId('step-timeouts')).toHaveTextContent('start-to-close 3 m · heartbeat 2.0 s');
      const attempts = within(entry!).getAllByTestId('attempt');
      expect(attempts.map((a) => a.dataset.outcome)).toEqual(['failed', 'running']);
      expect(within(attempts[0]!).getByTestId('failure-timeout')).toHaveTextContent('the heartbeat timeout passed');
      expect(within(attempts[0]!).getByTestId('attempt-heartbeat')).toHaveTextContent('"page": 2');
      expect(attempts[0]).toHaveTextContent('2.5 s');
      expect(attempts[1]).toHaveTextContent('Started on its worker, running');
      expect(attempts[1]).toHaveTextContent('w-2');
    });

    it('reads the detail again while activities are pending, since heartbeats send no live event', async () => {
      vi.useFakeTimers({ shouldAdvanceTime: true });
      const crawling = crawlingRun();
      const mock = setup({ run: crawling, history: timedOut });
      await screen.findByRole('heading', { name: 'Pending activities' });
      expect(mock.api.getWorkflow).toHaveBeenCalledTimes(1);
      const beat = Date.now();
      mock.update({
        run: { ...crawling, pendingActivities: crawling.pendingActivities.map((a) => ({ ...a, lastHeartbeatAt: beat, heartbeatDetails: { page: 9 } })) },
      });
      await act(async () => {
        await vi.advanceTimersByTimeAsync(ACTIVITIES_REFRESH_MS + 10);
      });
      await waitFor(() => {
        expect(screen.getAllByTestId('pending-heartbeat-details')[0]).toHaveTextContent('"page": 9');
      });
      expect(mock.api.getWorkflow).toHaveBeenCalledTimes(2);
    });

    it('shows no section, and does not poll, without pending activities', async () => {
      vi.useFakeTimers({ shouldAdvanceTime: true });
      const mock = setup();
      await screen.findAllByTestId('timeline-entry');
      expect(screen.queryByRole('heading', { name: 'Pending activities' })).not.toBeInTheDocument();
      expect(screen.queryByTestId('execution-deadline')).not.toBeInTheDocument();
      await act(async () => {
        await vi.advanceTimersByTimeAsync(ACTIVITIES_REFRESH_MS * 2);
      });
      expect(mock.api.getWorkflow).toHaveBeenCalledTimes(1);
    });
  });

  it('says when the run does not exist', async () => {
    const mock = createMockApi({
      getWorkflow: () => Promise.reject(new ApiError(404, 'not_found', 'no workflow nope')),
      getHistory: () => Promise.reject(new ApiError(404, 'not_found', 'no workflow nope')),
      listWorkflows: () => Promise.resolve({ workflows: [] }),
      listApprovals: () => Promise.resolve({ approvals: [] }),
    });
    renderRoute(<RunPage />, { api: mock.api, path: '/runs/:id', url: '/runs/nope' });
    expect(await screen.findByRole('alert')).toHaveTextContent('No such run');
  });
});
