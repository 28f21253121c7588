import { type ReactNode, useCallback, useEffect, useMemo, useState } from 'react';

import { ApiProvider, useApi } from '../api/context';
import { ApiError, isAbort } from '../api/error';
import type { AuthSession } from '../api/types';
import { ErrorBanner, Spinner } from '../components/ui/Feedback';
import { SignInPage, type SignInNotice } from '../pages/SignInPage';
import { type Auth, AUTH_OFF, AuthProvider } from './context';
import { guardApi } from './guard';
import './auth.css';

type Gate =
  | { kind: 'checking' }
  | { kind: 'failed'; error: unknown }
  | { kind: 'signedOut'; notice: SignInNotice }
  | { kind: 'signedIn'; session: AuthSession };

/**
 * Asks the server who the dashboard acts as, then shows the app (signed in, or auth off) or the
 * sign-in page. A 401 from any later call ends the session: the sign-in page replaces the app
 * without touching the URL, so signing in again lands where the person was.
 */
export function AuthGate({ children }: { children: ReactNode }) {
  const api = useApi();
  const [gate, setGate] = useState<Gate>({ kind: 'checking' });
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    const controller = new AbortController();
    api.getAuthSession(controller.signal).then(
      (session) => {
        if (!controller.signal.aborted) setGate({ kind: 'signedIn', session });
      },
      (error: unknown) => {
        if (controller.signal.aborted || isAbort(error)) return;
        // A server from before sign-in existed has no such route, and no keys to ask for.
        if (error instanceof ApiError && error.status === 404) {
          setGate({ kind: 'signedIn', session: AUTH_OFF });
          return;
        }
        const signedOut = error instanceof ApiError && error.isUnauthenticated;
        setGate(signedOut ? { kind: 'signedOut', notice: 'none' } : { kind: 'failed', error });
      },
    );
    return () => {
      controller.abort();
    };
  }, [api, attempt]);

  const expire = useCallback(() => {
    setGate((current) => (current.kind === 'signedIn' ? { kind: 'signedOut', notice: 'expired' } : current));
  }, []);
  const guarded = useMemo(() => guardApi(api, expire), [api, expire]);

  const signOut = useCallback(async () => {
    try {
      await api.signOut();
    } catch (error) {
      // Already signed out (the session had ended): the page only has to catch up.
      if (!(error instanceof ApiError && error.isUnauthenticated)) throw error;
    }
    setGate({ kind: 'signedOut', notice: 'signedOut' });
  }, [api]);

  const auth = useMemo<Auth | null>(
    () =>
      gate.kind === 'signedIn'
        ? { session: gate.session, signOut: gate.session.authRequired ? signOut : undefined }
        : null,
    [gate, signOut],
  );

  switch (gate.kind) {
    case 'checking':
      return (
        <main className="auth-main">
          <Spinner label="Checking your session…" />
        </main>
      );
    case 'failed':
      return (
        <main className="auth-main">
          <ErrorBanner
            error={gate.error}
            title="The dashboard could not reach the Aether server"
            onRetry={() => {
              setGate({ kind: 'checking' });
              setAttempt((n) => n + 1);
            }}
          />
        </main>
      );
    case 'signedOut':
      return (
        <SignInPage
          notice={gate.notice}
          onSignedIn={(session) => {
            setGate({ kind: 'signedIn', session });
          }}
        />
      );
    case 'signedIn':
      return auth ? (
        <AuthProvider auth={auth}>
          <ApiProvider api={guarded}>{children}</ApiProvider>
        </AuthProvider>
      ) : null;
  }
}
