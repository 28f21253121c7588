import { describe, expect, it } from 'vitest';

import { OVERLAP_POLICIES } from '../api/types';
import { schedulePath } from './paths';
import { countLabel, nextFire, overlapDescription, scheduleState, timeZoneLabel, triggerMessage } from './schedules';

describe('schedules', () => {
  it('reads an empty time zone as UTC and keeps a named one', () => {
    expect(timeZoneLabel('')).toBe('UTC');
    expect(timeZoneLabel('  ')).toBe('UTC');
    expect(timeZoneLabel('Europe/Paris')).toBe('Europe/Paris');
  });

  it('names the state', () => {
    expect(scheduleState({ paused: false })).toBe('active');
    expect(scheduleState({ paused: true })).toBe('paused');
  });

  it('describes every overlap policy', () => {
    for (const policy of OVERLAP_POLICIES) expect(overlapDescription(policy)).not.toBe('');
    expect(overlapDescription('skip')).toMatch(/skipped/);
  });

  it('has no next fire time while paused or when the spec has ended', () => {
    expect(nextFire({ paused: false, nextFireTimesMs: [5, 6] })).toBe(5);
    expect(nextFire({ paused: true, nextFireTimesMs: [5, 6] })).toBeNull();
    expect(nextFire({ paused: false, nextFireTimesMs: [] })).toBeNull();
  });

  it('says what a trigger did', () => {
    expect(triggerMessage({ outcome: 'started', workflowId: 'nightly-1', scheduledAtMs: 1 })).toBe(
      'Triggered: run nightly-1 started.',
    );
    expect(triggerMessage({ outcome: 'skipped', workflowId: 'nightly-1', scheduledAtMs: 1 })).toMatch(/skipped/);
    expect(triggerMessage({ outcome: 'buffered', workflowId: 'nightly-1', scheduledAtMs: 1 })).toMatch(/waits/);
  });

  it('counts schedules in words', () => {
    expect(countLabel(0)).toBe('0 schedules');
    expect(countLabel(1)).toBe('1 schedule');
    expect(countLabel(1200)).toBe('1,200 schedules');
  });

  it('builds the page path with the id encoded', () => {
    expect(schedulePath('a b/c')).toBe('/schedules/a%20b%2Fc');
  });
});
