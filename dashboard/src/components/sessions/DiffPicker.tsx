import { useState, type SubmitEvent } from 'react';

import type { Checkpoint } from '../../api/types';
import type { DiffSpec } from '../../lib/diff';
import { Button } from '../ui/Button';

function checkpointLabel(cp: Checkpoint): string {
  return `${cp.name ?? 'checkpoint'} (revision ${cp.revision})`;
}

/** Choose the two trees to compare: base or a checkpoint, against head or a checkpoint. */
export function DiffPicker({
  spec,
  checkpoints,
  onChange,
}: {
  spec: DiffSpec;
  checkpoints: readonly Checkpoint[];
  onChange: (spec: DiffSpec) => void;
}) {
  const [from, setFrom] = useState(spec.from);
  const [to, setTo] = useState(spec.to);
  const submit = (event: SubmitEvent) => {
    event.preventDefault();
    onChange({ from, to });
  };
  const known = new Set(checkpoints.map((c) => c.id));
  return (
    <form className="diff-picker" onSubmit={submit} aria-label="Choose what to compare">
      <div className="field">
        <label htmlFor="diff-from">From</label>
        <select id="diff-from" value={from} onChange={(e) => { setFrom(e.target.value); }}>
          <option value="base">base (what the session started from)</option>
          {checkpoints.map((cp) => (
            <option key={cp.id} value={cp.id}>
              {checkpointLabel(cp)}
            </option>
          ))}
          {from !== 'base' && !known.has(from) ? <option value={from}>{from}</option> : null}
        </select>
      </div>
      <div className="field">
        <label htmlFor="diff-to">To</label>
        <select id="diff-to" value={to} onChange={(e) => { setTo(e.target.value); }}>
          <option value="head">head (the session now)</option>
          {checkpoints.map((cp) => (
            <option key={cp.id} value={cp.id}>
              {checkpointLabel(cp)}
            </option>
          ))}
          {to !== 'head' && !known.has(to) ? <option value={to}>{to}</option> : null}
        </select>
      </div>
      <Button type="submit">Compare</Button>
    </form>
  );
}
