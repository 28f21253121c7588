import { useId, useState } from 'react';

import { useApi } from '../api/context';
import { ApiError } from '../api/error';
import type { AuthSession } from '../api/types';
import { Button } from '../components/ui/Button';
import { Banner, ErrorBanner } from '../components/ui/Feedback';
import { useDocumentTitle } from '../hooks/useDocumentTitle';
import '../auth/auth.css';

/** Why the sign-in page shows: first visit, the session ended under the person, or they left. */
export type SignInNotice = 'none' | 'expired' | 'signedOut';

const NOTICES: Record<SignInNotice, string | null> = {
  none: null,
  expired: 'Your session has ended (it expired or the server restarted). Sign in again to go on where you were.',
  signedOut: 'You are signed out.',
};

/**
 * The key field. The key goes to the server once, which answers with an HttpOnly session cookie;
 * the page keeps it nowhere (no storage, no state after the request).
 */
export function SignInPage({ notice, onSignedIn }: { notice: SignInNotice; onSignedIn: (session: AuthSession) => void }) {
  const api = useApi();
  const id = useId();
  const [key, setKey] = useState('');
  const [keyError, setKeyError] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  useDocumentTitle('Sign in');

  const submit = async () => {
    const trimmed = key.trim();
    setError(null);
    if (!trimmed) {
      setKeyError('Enter your API key.');
      document.getElementById(`${id}-key`)?.focus();
      return;
    }
    setKeyError(null);
    setBusy(true);
    try {
      const session = await api.signIn(trimmed);
      setKey('');
      onSignedIn(session);
    } catch (e) {
      setBusy(false);
      if (e instanceof ApiError && e.isUnauthenticated) {
        setKeyError('The server does not know this key. Check that you copied all of it (it starts with aek_).');
        document.getElementById(`${id}-key`)?.focus();
      } else {
        setError(e);
      }
    }
  };

  const message = NOTICES[notice];
  return (
    <main id="main" className="sign-in">
      <form className="sign-in-card stack" aria-labelledby={`${id}-title`} onSubmit={(event) => {
          event.preventDefault();
          void submit();
        }} noValidate>
        <div className="sign-in-brand">
          <img src="/favicon.svg" alt="" width="28" height="28" />
          <span>Aether</span>
        </div>
        <h1 id={`${id}-title`}>Sign in</h1>
        {message ? <Banner live>{message}</Banner> : null}
        {error ? <ErrorBanner error={error} title="Could not sign in" /> : null}
        <div className="field">
          <label htmlFor={`${id}-key`}>API key</label>
          <input
            id={`${id}-key`}
            type="password"
            className="mono"
            value={key}
            onChange={(e) => {
              setKey(e.target.value);
              if (keyError) setKeyError(null);
            }}
            autoComplete="off"
            spellCheck={false}
            autoFocus
            aria-invalid={keyError !== null}
            aria-describedby={keyError ? `${id}-key-error` : `${id}-key-hint`}
          />
          {keyError ? (
            <p id={`${id}-key-error`} className="field-error" role="alert">
              {keyError}
            </p>
          ) : (
            <p id={`${id}-key-hint`} className="field-hint">
              A key from <code>aether key new</code>. It is sent once; the browser then holds only a session cookie
              this page cannot read.
            </p>
          )}
        </div>
        <Button type="submit" variant="primary" disabled={busy}>
          {busy ? 'Signing in…' : 'Sign in'}
        </Button>
      </form>
    </main>
  );
}
