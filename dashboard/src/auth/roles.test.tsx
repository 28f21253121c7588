import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';

import { ApiError } from '../api/error';
import type { AuthSession, Role } from '../api/types';
import { forbiddenReason } from '../lib/roles';
import { ApprovalsPage } from '../pages/ApprovalsPage';
import { RunPage } from '../pages/RunPage';
import { SchedulePage } from '../pages/SchedulePage';
import { approval, detail, schedule } from '../test/fixtures';
import { createMockApi } from '../test/mockApi';
import { renderRoute } from '../test/render';
import { AUTH_OFF } from './context';

const key = (name: string, ...roles: Role[]): AuthSession => ({ name, roles, authRequired: true });

describe('forbiddenReason', () => {
  it('lets each action through for its roles and admin, and names the roles otherwise', () => {
    expect(forbiddenReason(AUTH_OFF, 'decide')).toBeNull();
    expect(forbiddenReason(key('a', 'approver'), 'decide')).toBeNull();
    expect(forbiddenReason(key('c', 'client'), 'cancel')).toBeNull();
    expect(forbiddenReason(key('c', 'client'), 'schedule')).toBeNull();
    expect(forbiddenReason(key('x', 'admin'), 'signal')).toBeNull();
    expect(forbiddenReason(key('c', 'client'), 'decide')).toBe(
      'The key “c” cannot decide approvals: that needs the “approver” or “admin” role.',
    );
    expect(forbiddenReason(key('a', 'approver', 'reader'), 'signal')).toBe(
      'The key “a” cannot send signals: that needs the “client” or “admin” role.',
    );
    expect(forbiddenReason(key('w', 'worker'), 'schedule')).toMatch(/cannot pause, unpause or trigger schedules/);
  });
});

function runPage(session: AuthSession) {
  const mock = createMockApi({
    getWorkflow: () => Promise.resolve(detail({ id: 'order-1', state: 'RUNNING' })),
    getHistory: () => Promise.resolve([]),
    listWorkflows: () => Promise.resolve({ workflows: [] }),
    listApprovals: () => Promise.resolve({ approvals: [approval({ workflowId: 'order-1' })] }),
  });
  renderRoute(<RunPage />, { api: mock.api, path: '/runs/:id', url: '/runs/order-1', session });
  return mock;
}

describe('actions the key may not take', () => {
  it('are disabled on a run for a reader, each saying why', async () => {
    runPage(key('ops-viewer', 'reader'));
    const cancel = await screen.findByRole('button', { name: 'Cancel run' });
    expect(cancel).toBeDisabled();
    expect(cancel).toHaveAccessibleDescription(
      'The key “ops-viewer” cannot cancel runs: that needs the “client” or “admin” role.',
    );
    const signal = screen.getByRole('button', { name: 'Send signal' });
    expect(signal).toBeDisabled();
    expect(signal).toHaveAccessibleDescription(/cannot send signals: that needs the “client” or “admin” role/);
    for (const name of ['Approve', 'Deny']) {
      const button = screen.getByRole('button', { name });
      expect(button).toBeDisabled();
      expect(button).toHaveAccessibleDescription(/cannot decide approvals: that needs the “approver” or “admin” role/);
    }
  });

  it('follow the roles: an approver decides but cannot cancel; a client the other way round', async () => {
    runPage(key('reviewer', 'approver'));
    expect(await screen.findByRole('button', { name: 'Approve' })).toBeEnabled();
    expect(screen.getByRole('button', { name: 'Cancel run' })).toBeDisabled();
    expect(screen.getByRole('button', { name: 'Send signal' })).toBeDisabled();
    // The server records the key's name; the form's name field is only a hint.
    expect(screen.getByLabelText('Decided by')).toHaveAccessibleDescription(/recorded as made by the key “reviewer”/);
  });

  it('are enabled for a client on a run, except deciding', async () => {
    runPage(key('ci', 'client'));
    expect(await screen.findByRole('button', { name: 'Cancel run' })).toBeEnabled();
    expect(screen.getByRole('button', { name: 'Send signal' })).toBeEnabled();
    expect(screen.getByRole('button', { name: 'Approve' })).toBeDisabled();
  });

  it('are disabled on the approvals page for a client', async () => {
    const mock = createMockApi({ listApprovals: () => Promise.resolve({ approvals: [approval()] }) });
    renderRoute(<ApprovalsPage />, { api: mock.api, path: '/approvals', url: '/approvals', session: key('ci', 'client') });
    const form = await screen.findByRole('form', { name: 'Decide deploy.prod' });
    expect(within(form).getByRole('button', { name: 'Approve' })).toBeDisabled();
    expect(within(form).getByRole('button', { name: 'Deny' })).toBeDisabled();
  });

  it('are disabled on a schedule for an approver', async () => {
    const mock = createMockApi({ getSchedule: () => Promise.resolve(schedule()) });
    renderRoute(<SchedulePage />, {
      api: mock.api,
      path: '/schedules/:id',
      url: '/schedules/nightly-report',
      session: key('reviewer', 'approver'),
    });
    const pause = await screen.findByRole('button', { name: 'Pause' });
    expect(pause).toBeDisabled();
    expect(pause).toHaveAccessibleDescription(/cannot pause, unpause or trigger schedules/);
    expect(screen.getByRole('button', { name: 'Trigger now' })).toBeDisabled();
  });
});

describe('a refusal for lack of a role (403)', () => {
  it('is said plainly where the action was tried, and changes nothing', async () => {
    const mock = createMockApi({
      getSchedule: () => Promise.resolve(schedule()),
      triggerSchedule: () =>
        Promise.reject(new ApiError(403, 'permission_denied', 'key "ci" lacks a role for TriggerSchedule')),
    });
    renderRoute(<SchedulePage />, {
      api: mock.api,
      path: '/schedules/:id',
      url: '/schedules/nightly-report',
      session: key('ci', 'client'),
    });
    await userEvent.setup().click(await screen.findByRole('button', { name: 'Trigger now' }));
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('The schedule was not triggered');
    expect(alert).toHaveTextContent('Your key lacks the role this action needs');
    expect(alert).toHaveTextContent('key "ci" lacks a role for TriggerSchedule');
    expect(screen.getByRole('button', { name: 'Pause' })).toBeEnabled();
  });
});
