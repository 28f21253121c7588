// @vitest-environment node
import { describe, expect, it } from 'vitest';

import { view } from '../test/fixtures';
import { applyLiveUpdate, applyLiveUpdates } from './liveRows';

const rows = [
  view({ id: 'c', createdAt: 30 }),
  view({ id: 'b', createdAt: 20 }),
  view({ id: 'a', createdAt: 10 }),
];

describe('applyLiveUpdate', () => {
  it('updates a known row in place', () => {
    const done = view({ id: 'b', createdAt: 20, state: 'COMPLETED', updatedAt: 5000, historyLength: 4 });
    const result = applyLiveUpdate(rows, done, {}, false);
    expect(result.change).toBe('updated');
    expect(result.rows.map((r) => r.id)).toEqual(['c', 'b', 'a']);
    expect(result.rows[1]?.state).toBe('COMPLETED');
    expect(rows[1]?.state).toBe('RUNNING');
  });

  it('keeps an updated row in place even when it leaves the filter', () => {
    const done = view({ id: 'b', createdAt: 20, state: 'COMPLETED', updatedAt: 5000 });
    const result = applyLiveUpdate(rows, done, { state: 'RUNNING' }, false);
    expect(result.change).toBe('updated');
    expect(result.rows).toHaveLength(3);
  });

  it('ignores an event older than the row', () => {
    const current = [view({ id: 'x', updatedAt: 50, historyLength: 5 })];
    const stale = view({ id: 'x', updatedAt: 40, historyLength: 4, state: 'PENDING' });
    expect(applyLiveUpdate(current, stale, {}, true).change).toBe('ignored');
  });

  it('inserts a new matching run at the top', () => {
    const fresh = view({ id: 'd', createdAt: 40 });
    const result = applyLiveUpdate(rows, fresh, { state: 'RUNNING' }, false);
    expect(result.change).toBe('inserted');
    expect(result.rows.map((r) => r.id)).toEqual(['d', 'c', 'b', 'a']);
  });

  it('leaves out a new run that does not match', () => {
    const fresh = view({ id: 'd', createdAt: 40, state: 'FAILED' });
    const result = applyLiveUpdate(rows, fresh, { state: 'RUNNING' }, false);
    expect(result.change).toBe('ignored');
    expect(result.rows.map((r) => r.id)).toEqual(['c', 'b', 'a']);
  });

  it('puts an older matching row where the order says, or leaves it to a later page', () => {
    const older = view({ id: 'aa', createdAt: 15 });
    expect(applyLiveUpdate(rows, older, {}, false).rows.map((r) => r.id)).toEqual(['c', 'b', 'aa', 'a']);
    const oldest = view({ id: 'z', createdAt: 5 });
    expect(applyLiveUpdate(rows, oldest, {}, false).change).toBe('ignored');
    expect(applyLiveUpdate(rows, oldest, {}, true).rows.map((r) => r.id)).toEqual(['c', 'b', 'a', 'z']);
  });

  it('breaks ties on creation time by id, descending', () => {
    const tie = view({ id: 'bb', createdAt: 20 });
    expect(applyLiveUpdate(rows, tie, {}, false).rows.map((r) => r.id)).toEqual(['c', 'bb', 'b', 'a']);
  });

  it('applies a batch in arrival order', () => {
    const out = applyLiveUpdates(
      rows,
      [view({ id: 'd', createdAt: 40 }), view({ id: 'd', createdAt: 40, state: 'COMPLETED', updatedAt: 6000 })],
      {},
      false,
    );
    expect(out.map((r) => [r.id, r.state])).toEqual([
      ['d', 'COMPLETED'],
      ['c', 'RUNNING'],
      ['b', 'RUNNING'],
      ['a', 'RUNNING'],
    ]);
  });
});
