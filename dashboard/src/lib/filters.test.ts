// @vitest-environment node
import { describe, expect, it } from 'vitest';

import { view } from '../test/fixtures';
import {
  activeQuickFilter,
  fromLocalInput,
  hasFilters,
  matchesFilter,
  parseRunFilters,
  runFiltersToParams,
  runFiltersToQuery,
  toLocalInput,
  type RunFilters,
} from './filters';


describe('filters in the URL', () => {
  it('restores every filter from a URL', () => {
    const params = new URLSearchParams(
      'state=running&type=order&idPrefix=ord&waiting=approval&createdFrom=10&createdTo=20',
    );
    expect(parseRunFilters(params)).toEqual({
      state: 'RUNNING',
      type: 'order',
      idPrefix: 'ord',
      waiting: 'approval',
      createdFrom: 10,
      createdTo: 20,
    });
  });

  it('drops unknown and malformed values', () => {
    const params = new URLSearchParams('state=SLEEPING&waiting=forever&createdFrom=soon&type=%20%20&cursor=x');
    expect(parseRunFilters(params)).toEqual({});
  });

  it('writes filters in a fixed order and round-trips them', () => {
    const filters: RunFilters = { waiting: 'approval', state: 'RUNNING', createdTo: 5 };
    const params = runFiltersToParams(filters);
    expect(params.toString()).toBe('state=RUNNING&waiting=approval&createdTo=5');
    expect(parseRunFilters(params)).toEqual(filters);
    expect(runFiltersToParams({}).toString()).toBe('');
  });

  it('turns filters into the API query', () => {
    expect(runFiltersToQuery({ state: 'FAILED', idPrefix: 'a', createdFrom: 0 })).toEqual({
      state: 'FAILED',
      idPrefix: 'a',
      createdFrom: 0,
    });
    expect(hasFilters({})).toBe(false);
    expect(hasFilters({ type: 't' })).toBe(true);
  });

  it('knows the quick filters', () => {
    expect(activeQuickFilter({ state: 'RUNNING', waiting: 'approval' })?.id).toBe('approval');
    expect(activeQuickFilter({})?.id).toBe('all');
    expect(activeQuickFilter({ state: 'FAILED' })?.label).toBe('Failed');
    expect(activeQuickFilter({ state: 'FAILED', type: 'x' })).toBeUndefined();
  });

  it('converts datetime-local values both ways', () => {
    const ms = new Date(2025, 0, 2, 3, 4).getTime();
    expect(toLocalInput(ms)).toBe('2025-01-02T03:04');
    expect(fromLocalInput('2025-01-02T03:04')).toBe(ms);
    expect(fromLocalInput('')).toBeUndefined();
    expect(fromLocalInput('tomorrow')).toBeUndefined();
    expect(toLocalInput(undefined)).toBe('');
  });
});

describe('matchesFilter', () => {
  it('matches everything without filters', () => {
    expect(matchesFilter(view(), {})).toBe(true);
  });

  it('applies each filter as the server does', () => {
    const v = view({ state: 'RUNNING', waitingOn: 'approval', createdAt: 20 });
    expect(matchesFilter(v, { state: 'RUNNING' })).toBe(true);
    expect(matchesFilter(v, { state: 'FAILED' })).toBe(false);
    expect(matchesFilter(v, { type: 'order' })).toBe(true);
    expect(matchesFilter(v, { type: 'ord' })).toBe(false);
    expect(matchesFilter(v, { idPrefix: 'order-' })).toBe(true);
    expect(matchesFilter(v, { idPrefix: 'ORDER-' })).toBe(false);
    expect(matchesFilter(v, { waiting: 'approval' })).toBe(true);
    expect(matchesFilter(v, { waiting: 'timer' })).toBe(false);
  });

  it('treats the creation window as [from, to)', () => {
    const v = view({ createdAt: 20 });
    expect(matchesFilter(v, { createdFrom: 20 })).toBe(true);
    expect(matchesFilter(v, { createdFrom: 21 })).toBe(false);
    expect(matchesFilter(v, { createdTo: 21 })).toBe(true);
    expect(matchesFilter(v, { createdTo: 20 })).toBe(false);
  });

  it('needs every filter to match', () => {
    const v = view({ state: 'RUNNING', waitingOn: 'timer' });
    expect(matchesFilter(v, { state: 'RUNNING', waiting: 'approval' })).toBe(false);
  });
});
