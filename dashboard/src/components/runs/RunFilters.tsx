import { useState, type SubmitEvent } from 'react';

import { WAIT_KINDS, WORKFLOW_STATES, type WaitKind, type WorkflowState } from '../../api/types';
import { fromLocalInput, hasFilters, toLocalInput, type RunFilters as Filters } from '../../lib/filters';
import { waitLabel } from '../../lib/format';
import { Button } from '../ui/Button';
import './runs.css';

/**
 * The runs list's filters. Menus apply at once; text and dates apply with "Apply" (or Enter),
 * so typing does not fire a request per key. The parent keeps the filters in the URL.
 */
export function RunFilters({ filters, onChange }: { filters: Filters; onChange: (next: Filters) => void }) {
  // The form's fields reset whenever the applied filters change (the key below remounts it).
  return <FilterForm key={JSON.stringify(filters)} filters={filters} onChange={onChange} />;
}

function FilterForm({ filters, onChange }: { filters: Filters; onChange: (next: Filters) => void }) {
  const [type, setType] = useState(filters.type ?? '');
  const [idPrefix, setIdPrefix] = useState(filters.idPrefix ?? '');
  const [from, setFrom] = useState(toLocalInput(filters.createdFrom));
  const [to, setTo] = useState(toLocalInput(filters.createdTo));

  const withText = (base: Filters): Filters => {
    const next: Filters = { ...base };
    delete next.type;
    delete next.idPrefix;
    delete next.createdFrom;
    delete next.createdTo;
    if (type.trim()) next.type = type.trim();
    if (idPrefix.trim()) next.idPrefix = idPrefix.trim();
    const fromMs = fromLocalInput(from);
    const toMs = fromLocalInput(to);
    if (fromMs !== undefined) next.createdFrom = fromMs;
    if (toMs !== undefined) next.createdTo = toMs;
    return next;
  };

  const submit = (event: SubmitEvent) => {
    event.preventDefault();
    onChange(withText(filters));
  };

  const setState = (value: string) => {
    const next = withText(filters);
    if (value) next.state = value as WorkflowState;
    else delete next.state;
    onChange(next);
  };

  const setWaiting = (value: string) => {
    const next = withText(filters);
    if (value) next.waiting = value as WaitKind;
    else delete next.waiting;
    onChange(next);
  };

  return (
    <form className="run-filters" role="search" aria-label="Filter runs" onSubmit={submit}>
      <div className="field">
        <label htmlFor="filter-state">State</label>
        <select id="filter-state" value={filters.state ?? ''} onChange={(e) => { setState(e.target.value); }}>
          <option value="">Any</option>
          {WORKFLOW_STATES.map((s) => (
            <option key={s} value={s}>
              {s}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor="filter-waiting">Waiting on</label>
        <select id="filter-waiting" value={filters.waiting ?? ''} onChange={(e) => { setWaiting(e.target.value); }}>
          <option value="">Anything or nothing</option>
          {WAIT_KINDS.map((w) => (
            <option key={w} value={w}>
              {waitLabel(w)}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor="filter-type">Type</label>
        <input id="filter-type" value={type} onChange={(e) => { setType(e.target.value); }} placeholder="exact name" autoComplete="off" />
      </div>
      <div className="field">
        <label htmlFor="filter-id">ID starts with</label>
        <input id="filter-id" value={idPrefix} onChange={(e) => { setIdPrefix(e.target.value); }} autoComplete="off" spellCheck={false} />
      </div>
      <div className="field field-wide">
        <label htmlFor="filter-from">Created from</label>
        <input id="filter-from" type="datetime-local" value={from} onChange={(e) => { setFrom(e.target.value); }} />
      </div>
      <div className="field field-wide">
        <label htmlFor="filter-to">Created before</label>
        <input id="filter-to" type="datetime-local" value={to} onChange={(e) => { setTo(e.target.value); }} />
      </div>
      <div className="run-filters-actions">
        <Button type="submit" variant="primary">
          Apply
        </Button>
        <Button
          disabled={!hasFilters(filters) && !type && !idPrefix && !from && !to}
          onClick={() => {
            onChange({});
          }}
        >
          Clear
        </Button>
      </div>
    </form>
  );
}
