import { act, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';

import { ApiError } from '../api/error';
import type { Approval, ApprovalQuery } from '../api/types';
import { approval, view } from '../test/fixtures';
import { createMockApi } from '../test/mockApi';
import { renderRoute } from '../test/render';
import { ApprovalsPage } from './ApprovalsPage';

const pendingOne = approval({
  id: 'aaaaaaaa-0000-4000-8000-000000000001',
  reason: 'deploy.prod',
  detail: '## Ship v1.2?\n\n- **b** is now 3',
  evidence: [
    { kind: 'session', sessionId: 'ws-1', revision: 4 },
    { kind: 'checkpoint', sessionId: 'ws-1', checkpointId: 'cp-1' },
    { kind: 'annotation', sessionId: 'ws-1', annotationId: 'an-1' },
    { kind: 'url', url: 'https://ci.example/run/42', label: 'CI run' },
    { kind: 'url', url: 'javascript:alert(1)', label: 'evil' },
  ],
  sessionId: 'ws-1',
});
const pendingTwo = approval({ id: 'aaaaaaaa-0000-4000-8000-000000000002', reason: 'pii.export', workflowId: 'export-9' });
const decided = approval({
  id: 'aaaaaaaa-0000-4000-8000-000000000003',
  reason: 'refund',
  state: 'denied',
  decidedBy: 'bo',
  decidedAt: Date.now() - 5_000,
  comment: 'not on a Friday',
});

function setup(lists: { pending?: Approval[]; all?: Approval[] } = {}) {
  const pending = lists.pending ?? [pendingOne, pendingTwo];
  const all = lists.all ?? [...pending, decided];
  const mock = createMockApi({
    listApprovals: (query: ApprovalQuery) =>
      Promise.resolve({ approvals: query.state === 'pending' ? pending : all }),
  });
  renderRoute(<ApprovalsPage />, { api: mock.api, path: '/approvals', url: '/approvals' });
  return mock;
}

function card(reason: string) {
  const heading = screen.getByRole('heading', { name: reason });
  const article = heading.closest('article');
  if (!article) throw new Error(`no card for ${reason}`);
  return article;
}

describe('ApprovalsPage', () => {
  it('lists pending approvals first, then decided ones, with reason, detail, run and times', async () => {
    setup();
    await screen.findByRole('heading', { name: 'deploy.prod' });
    const cards = screen.getAllByTestId('approval');
    expect(cards.map((c) => within(c).getAllByRole('heading')[0]?.textContent)).toEqual(['deploy.prod', 'pii.export', 'refund']);
    const first = card('deploy.prod');
    expect(within(first).getByRole('heading', { name: 'Ship v1.2?' })).toBeInTheDocument();
    expect(within(first).getByText('b').tagName).toBe('STRONG');
    expect(within(first).getByRole('link', { name: 'order-1' })).toHaveAttribute('href', '/runs/order-1');
    expect(within(first).getByText('1 m ago')).toBeInTheDocument();
    expect(within(first).getByText('never')).toBeInTheDocument();
    const refund = card('refund');
    expect(refund).toHaveTextContent('Denied by bo');
    expect(refund).toHaveTextContent('not on a Friday');
    expect(within(refund).queryByRole('button', { name: 'Approve' })).not.toBeInTheDocument();
  });

  it('links evidence to the sessions page, and only http(s) URLs outward', async () => {
    setup();
    const first = await screen.findByRole('heading', { name: 'deploy.prod' }).then(() => card('deploy.prod'));
    expect(within(first).getByRole('link', { name: 'Session ws-1 at revision 4' })).toHaveAttribute('href', '/sessions/ws-1?revision=4');
    expect(within(first).getByRole('link', { name: /Checkpoint cp-1/ })).toHaveAttribute('href', '/sessions/ws-1?diff=base..cp-1');
    expect(within(first).getByRole('link', { name: /Annotation an-1/ })).toHaveAttribute('href', '/sessions/ws-1?annotation=an-1');
    const ci = within(first).getByRole('link', { name: /CI run/ });
    expect(ci).toHaveAttribute('href', 'https://ci.example/run/42');
    expect(ci).toHaveAttribute('rel', 'noopener noreferrer');
    expect(within(first).queryByRole('link', { name: /evil/ })).not.toBeInTheDocument();
    expect(within(first).getByText('evil (not a web link)')).toBeInTheDocument();
  });

  it('approves with a comment and a JSON payload', async () => {
    const user = userEvent.setup();
    const { api } = setup();
    api.decideApproval.mockResolvedValue({ ...pendingOne, state: 'approved' });
    await screen.findByRole('heading', { name: 'deploy.prod' });
    const first = card('deploy.prod');
    await user.type(within(first).getByLabelText('Comment'), 'ship it');
    await user.click(within(first).getByText('Name and payload'));
    await user.type(within(first).getByLabelText('Decided by'), 'ana');
    await user.type(within(first).getByLabelText('Payload (JSON, optional)'), '{{"replicas": 3}');
    await user.click(within(first).getByRole('button', { name: 'Approve' }));
    expect(api.decideApproval).toHaveBeenCalledWith(pendingOne.id, 'approve', {
      by: 'ana',
      comment: 'ship it',
      payload: { replicas: 3 },
    });
    // The lists are fetched again after the decision.
    await waitFor(() => {
      expect(api.listApprovals.mock.calls.length).toBeGreaterThan(2);
    });
  });

  it('rejects a payload that is not JSON, without sending anything', async () => {
    const user = userEvent.setup();
    const { api } = setup();
    await screen.findByRole('heading', { name: 'deploy.prod' });
    const first = card('deploy.prod');
    await user.click(within(first).getByText('Name and payload'));
    const payload = within(first).getByLabelText('Payload (JSON, optional)');
    await user.type(payload, '{{replicas: 3}');
    await user.click(within(first).getByRole('button', { name: 'Deny' }));
    expect(within(first).getByRole('alert')).toHaveTextContent('Not valid JSON');
    expect(payload).toHaveAttribute('aria-invalid', 'true');
    expect(payload).toHaveFocus();
    expect(api.decideApproval).not.toHaveBeenCalled();
  });

  it('denies with nothing but a click, and shows a late decision\'s refusal', async () => {
    const user = userEvent.setup();
    const { api } = setup();
    api.decideApproval.mockRejectedValueOnce(new ApiError(409, 'conflict', 'approval was already approved by ana'));
    await screen.findByRole('heading', { name: 'pii.export' });
    const second = card('pii.export');
    await user.click(within(second).getByRole('button', { name: 'Deny' }));
    expect(api.decideApproval).toHaveBeenCalledWith(pendingTwo.id, 'deny', {});
    expect(await within(second).findByRole('alert')).toHaveTextContent('already approved by ana');
  });

  it('refetches when the stream reports changes', async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    try {
      const { api, stream } = setup();
      await screen.findByRole('heading', { name: 'deploy.prod' });
      const before = api.listApprovals.mock.calls.length;
      act(() => {
        stream.emit(view({ id: 'order-1', waitingOn: null }));
        stream.emit(view({ id: 'order-2' }));
      });
      await act(async () => {
        await vi.advanceTimersByTimeAsync(600);
      });
      // One refetch for the burst: the pending list and the recent list.
      expect(api.listApprovals.mock.calls.length).toBe(before + 2);
    } finally {
      vi.useRealTimers();
    }
  });

  it('says when nothing is pending', async () => {
    setup({ pending: [], all: [] });
    expect(await screen.findByText('Nothing waits for a decision')).toBeInTheDocument();
  });
});
