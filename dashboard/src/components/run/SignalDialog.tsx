import { useId, useState } from 'react';

import { useApi } from '../../api/context';
import { useForbidden } from '../../auth/context';
import { parseJsonInput } from '../../lib/json';
import { Button } from '../ui/Button';
import { Dialog } from '../ui/Dialog';
import { ErrorBanner } from '../ui/Feedback';

/** "Send signal": a name and a JSON payload, checked before anything is sent. */
export function SendSignal({
  workflowId,
  suggestedName,
  onSent,
}: {
  workflowId: string;
  /** The signal the run waits for, if it does. */
  suggestedName?: string;
  onSent: (message: string) => void;
}) {
  const api = useApi();
  const forbidden = useForbidden('signal');
  const id = useId();
  const [open, setOpen] = useState(false);
  const [name, setName] = useState('');
  const [payload, setPayload] = useState('null');
  const [nameError, setNameError] = useState<string | null>(null);
  const [payloadError, setPayloadError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);

  const openDialog = () => {
    setName(suggestedName ?? '');
    setPayload('null');
    setNameError(null);
    setPayloadError(null);
    setError(null);
    setOpen(true);
  };

  const send = async () => {
    const trimmed = name.trim();
    const parsed = parseJsonInput(payload);
    setNameError(trimmed ? null : 'Enter the signal’s name.');
    setPayloadError(parsed.ok ? null : parsed.error);
    if (!trimmed) {
      document.getElementById(`${id}-name`)?.focus();
      return;
    }
    if (!parsed.ok) {
      document.getElementById(`${id}-payload`)?.focus();
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const accepted = await api.signalWorkflow(workflowId, trimmed, parsed.value ?? null);
      setOpen(false);
      onSent(accepted.duplicate ? `Signal ${trimmed} was a duplicate; nothing new was recorded.` : `Signal ${trimmed} sent.`);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <Button onClick={openDialog} disabledReason={forbidden}>
        Send signal
      </Button>
      <Dialog
        title="Send a signal"
        open={open}
        onClose={() => { setOpen(false); }}
        footer={
          <>
            <Button onClick={() => { setOpen(false); }} disabled={busy}>
              Close
            </Button>
            <Button variant="primary" onClick={() => void send()} disabled={busy}>
              {busy ? 'Sending…' : 'Send signal'}
            </Button>
          </>
        }
      >
        {error ? <ErrorBanner error={error} title="The signal was not sent" /> : null}
        <div className="field">
          <label htmlFor={`${id}-name`}>Signal name</label>
          <input
            id={`${id}-name`}
            value={name}
            onChange={(e) => { setName(e.target.value); }}
            aria-invalid={nameError !== null}
            aria-describedby={nameError ? `${id}-name-error` : undefined}
            autoComplete="off"
            spellCheck={false}
            data-autofocus
          />
          {nameError ? (
            <p id={`${id}-name-error`} className="field-error" role="alert">
              {nameError}
            </p>
          ) : null}
        </div>
        <div className="field">
          <label htmlFor={`${id}-payload`}>Payload (JSON)</label>
          <textarea
            id={`${id}-payload`}
            className="mono"
            rows={5}
            value={payload}
            onChange={(e) => { setPayload(e.target.value); }}
            aria-invalid={payloadError !== null}
            aria-describedby={payloadError ? `${id}-payload-error` : undefined}
            spellCheck={false}
          />
          {payloadError ? (
            <p id={`${id}-payload-error`} className="field-error" role="alert">
              {payloadError}
            </p>
          ) : null}
        </div>
      </Dialog>
    </>
  );
}
