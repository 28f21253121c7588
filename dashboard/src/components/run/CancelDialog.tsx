import { useId, useState } from 'react';

import { useApi } from '../../api/context';
import { useForbidden } from '../../auth/context';
import type { WorkflowDetail } from '../../api/types';
import { Button } from '../ui/Button';
import { Dialog } from '../ui/Dialog';
import { ErrorBanner } from '../ui/Feedback';

/** "Cancel run" and its confirmation, with an optional reason recorded in the history. */
export function CancelRun({ run, onCancelled }: { run: WorkflowDetail; onCancelled: (run: WorkflowDetail) => void }) {
  const api = useApi();
  const forbidden = useForbidden('cancel');
  const id = useId();
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);

  const close = () => {
    setOpen(false);
    setError(null);
  };

  const confirm = async () => {
    setBusy(true);
    setError(null);
    try {
      const updated = await api.cancelWorkflow(run.id, reason.trim() || undefined);
      setOpen(false);
      setReason('');
      onCancelled(updated);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <Button variant="danger" onClick={() => { setOpen(true); }} disabledReason={forbidden}>
        Cancel run
      </Button>
      <Dialog
        title="Cancel this run?"
        open={open}
        onClose={close}
        describedBy={`${id}-what`}
        footer={
          <>
            <Button onClick={close} disabled={busy}>
              Keep running
            </Button>
            <Button variant="danger" onClick={() => void confirm()} disabled={busy}>
              {busy ? 'Cancelling…' : 'Cancel run'}
            </Button>
          </>
        }
      >
        <p id={`${id}-what`}>
          The run <code className="wrap-anywhere">{run.id}</code> stops: its worker is told to drop it and its
          open children are cancelled. This cannot be undone.
        </p>
        {error ? <ErrorBanner error={error} title="The run was not cancelled" /> : null}
        <div className="field">
          <label htmlFor={`${id}-reason`}>Reason (optional)</label>
          <input
            id={`${id}-reason`}
            value={reason}
            onChange={(e) => { setReason(e.target.value); }}
            onKeyDown={(e) => {
              if (e.key === 'Enter' && !busy) void confirm();
            }}
            data-autofocus
          />
        </div>
      </Dialog>
    </>
  );
}
