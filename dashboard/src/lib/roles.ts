import type { AuthSession, Role } from '../api/types';

/** The dashboard's actions that change something, each refused by the server without its role. */
export type Action = 'decide' | 'cancel' | 'signal' | 'schedule';

const NEEDS: Record<Action, { roles: readonly Role[]; what: string }> = {
  decide: { roles: ['approver', 'admin'], what: 'decide approvals' },
  cancel: { roles: ['client', 'admin'], what: 'cancel runs' },
  signal: { roles: ['client', 'admin'], what: 'send signals' },
  schedule: { roles: ['client', 'admin'], what: 'pause, unpause or trigger schedules' },
};

/**
 * Why `session` may not do `action`, for a tooltip on the disabled control; null when it may.
 * The server checks again: this only spares a person a refusal they could have seen coming.
 */
export function forbiddenReason(session: AuthSession, action: Action): string | null {
  const { roles, what } = NEEDS[action];
  if (roles.some((role) => session.roles.includes(role))) return null;
  const who = session.name === null ? 'This key' : `The key “${session.name}”`;
  const needed = roles.map((role) => `“${role}”`).join(' or ');
  return `${who} cannot ${what}: that needs the ${needed} role.`;
}
