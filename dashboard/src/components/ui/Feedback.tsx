import type { ReactNode } from 'react';

import { ApiError, errorMessage } from '../../api/error';
import { Button } from './Button';
import './Feedback.css';

export function Spinner({ label = 'Loading…' }: { label?: string }) {
  return (
    <div className="spinner" role="status">
      <span className="spinner-dot" aria-hidden="true" />
      <span>{label}</span>
    </div>
  );
}

/** A failure, said plainly (`role="alert"`), with a way to try again. */
export function ErrorBanner({ error, title, onRetry }: { error: unknown; title?: string; onRetry?: () => void }) {
  const code = error instanceof ApiError ? error.code : null;
  const denied = error instanceof ApiError && error.isPermissionDenied;
  return (
    <div className="banner banner-error" role="alert">
      <div>
        <strong>{title ?? 'Something went wrong'}</strong>
        {denied ? <p>Your key lacks the role this action needs; ask an admin for a key that has it.</p> : null}
        <p>
          {denied ? 'The server said: ' : null}
          {errorMessage(error)}
          {code ? <span className="banner-code"> ({code})</span> : null}
        </p>
      </div>
      {onRetry ? (
        <Button size="sm" onClick={onRetry}>
          Try again
        </Button>
      ) : null}
    </div>
  );
}

export function Banner({ tone = 'info', children, live = false }: { tone?: 'info' | 'warning'; children: ReactNode; live?: boolean }) {
  return (
    <div className={`banner banner-${tone}`} role={live ? 'status' : undefined}>
      {children}
    </div>
  );
}

export function EmptyState({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <div className="empty-state">
      <p className="empty-title">{title}</p>
      {children ? <div className="empty-body">{children}</div> : null}
    </div>
  );
}

/** A polite live region: screen readers announce its text when it changes. */
export function LiveRegion({ message }: { message: string }) {
  return (
    <div className="visually-hidden" aria-live="polite" aria-atomic="true">
      {message}
    </div>
  );
}
