import { useId, useState } from 'react';

import { useApi } from '../../api/context';
import { useAuth } from '../../auth/context';
import type { Approval, DecisionBody, Verdict } from '../../api/types';
import { parseJsonInput } from '../../lib/json';
import { forbiddenReason } from '../../lib/roles';
import { Button } from '../ui/Button';
import { ErrorBanner } from '../ui/Feedback';

/**
 * Approve or deny one approval, with an optional name, comment and JSON payload (checked before
 * anything is sent). The first decision wins on the server; a late one says so.
 */
export function DecisionForm({ approval, onDecided }: { approval: Approval; onDecided: (approval: Approval) => void }) {
  const api = useApi();
  const { session } = useAuth();
  const forbidden = forbiddenReason(session, 'decide');
  const id = useId();
  const [by, setBy] = useState('');
  const [comment, setComment] = useState('');
  const [payload, setPayload] = useState('');
  const [payloadError, setPayloadError] = useState<string | null>(null);
  const [busy, setBusy] = useState<Verdict | null>(null);
  const [error, setError] = useState<unknown>(null);

  const decide = async (verdict: Verdict) => {
    const parsed = parseJsonInput(payload, { optional: true });
    if (!parsed.ok) {
      setPayloadError(parsed.error);
      document.getElementById(`${id}-payload`)?.focus();
      return;
    }
    setPayloadError(null);
    const body: DecisionBody = {};
    if (by.trim()) body.by = by.trim();
    if (comment.trim()) body.comment = comment;
    if (parsed.value !== undefined) body.payload = parsed.value;
    setBusy(verdict);
    setError(null);
    try {
      onDecided(await api.decideApproval(approval.id, verdict, body));
    } catch (e) {
      setError(e);
    } finally {
      setBusy(null);
    }
  };

  return (
    <form
      className="decision-form"
      aria-label={`Decide ${approval.reason}`}
      onSubmit={(event) => {
        event.preventDefault();
      }}
    >
      {error ? <ErrorBanner error={error} title="The decision was not recorded" /> : null}
      <div className="field">
        <label htmlFor={`${id}-comment`}>Comment</label>
        <textarea id={`${id}-comment`} value={comment} onChange={(e) => { setComment(e.target.value); }} rows={2} />
      </div>
      <details className="decision-more" open={payloadError !== null || undefined}>
        <summary>Name and payload</summary>
        <div className="stack">
          <div className="field">
            <label htmlFor={`${id}-by`}>Decided by</label>
            <input
              id={`${id}-by`}
              value={by}
              onChange={(e) => { setBy(e.target.value); }}
              autoComplete="name"
              aria-describedby={session.name === null ? undefined : `${id}-by-hint`}
            />
            {session.name === null ? null : (
              <p id={`${id}-by-hint`} className="field-hint">
                The decision is recorded as made by the key “{session.name}”; a name here is kept only as a hint.
              </p>
            )}
          </div>
          <div className="field">
            <label htmlFor={`${id}-payload`}>Payload (JSON, optional)</label>
            <textarea
              id={`${id}-payload`}
              className="mono"
              value={payload}
              onChange={(e) => {
                setPayload(e.target.value);
                if (payloadError) setPayloadError(null);
              }}
              rows={3}
              spellCheck={false}
              aria-invalid={payloadError !== null}
              aria-describedby={payloadError ? `${id}-payload-error` : `${id}-payload-hint`}
            />
            {payloadError ? (
              <p id={`${id}-payload-error`} className="field-error" role="alert">
                {payloadError}
              </p>
            ) : (
              <p id={`${id}-payload-hint`} className="field-hint">
                Returned to the workflow with the decision, e.g. the reviewer&apos;s edits.
              </p>
            )}
          </div>
        </div>
      </details>
      <div className="row">
        <Button variant="primary" disabled={busy !== null} disabledReason={forbidden} onClick={() => void decide('approve')}>
          {busy === 'approve' ? 'Approving…' : 'Approve'}
        </Button>
        <Button variant="danger" disabled={busy !== null} disabledReason={forbidden} onClick={() => void decide('deny')}>
          {busy === 'deny' ? 'Denying…' : 'Deny'}
        </Button>
      </div>
    </form>
  );
}
