import type { Failure } from '../../api/types';
import { timeoutLabel } from '../../lib/timeouts';
import './run.css';

/**
 * A failure: type and message, which timeout the engine enforced when it made it, and the stack
 * (collapsed) when there is one.
 */
export function FailureView({ failure, testId }: { failure: Failure; testId?: string }) {
  return (
    <div className="failure" data-testid={testId}>
      <p className="failure-message">
        {failure.error_type ? <strong className="mono">{failure.error_type}</strong> : null}
        {failure.error_type ? ': ' : null}
        <span className="wrap-anywhere">{failure.message}</span>
        {failure.non_retryable ? <span className="muted"> (not retryable)</span> : null}
      </p>
      {failure.timeout ? (
        <p className="failure-timeout" data-testid="failure-timeout" data-timeout={failure.timeout}>
          Timed out: the <strong>{timeoutLabel(failure.timeout)}</strong> timeout passed.
        </p>
      ) : null}
      {failure.stack ? (
        <details className="failure-stack">
          <summary>Stack trace</summary>
          <pre tabIndex={0}>{failure.stack}</pre>
        </details>
      ) : null}
    </div>
  );
}
