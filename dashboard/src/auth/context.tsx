import { createContext, type ReactNode, use } from 'react';

import type { AuthSession } from '../api/types';
import { type Action, forbiddenReason } from '../lib/roles';

/** What the server answers when it has no keys configured: everyone acts as an admin. */
export const AUTH_OFF: AuthSession = { name: null, roles: ['admin'], authRequired: false };

export interface Auth {
  session: AuthSession;
  /** Ends the session (absent when auth is off: there is nothing to end). */
  signOut?: () => Promise<void>;
}

// Outside an `AuthGate` (page tests render pages alone) the app behaves as with auth off.
const AuthContext = createContext<Auth>({ session: AUTH_OFF });

export function AuthProvider({ auth, children }: { auth: Auth; children: ReactNode }) {
  return <AuthContext value={auth}>{children}</AuthContext>;
}

export function useAuth(): Auth {
  return use(AuthContext);
}

/** Why the signed-in key may not do `action` (a tooltip for its disabled button), or null. */
export function useForbidden(action: Action): string | null {
  return forbiddenReason(useAuth().session, action);
}
