// @vitest-environment node
import { describe, expect, it } from 'vitest';

import type { PendingActivity } from '../api/types';
import { activityPhase, describeTimeouts, timeoutLabel } from './timeouts';

describe('timeouts', () => {
  it('names every timeout kind, and a new one as itself', () => {
    expect(timeoutLabel('heartbeat')).toBe('heartbeat');
    expect(timeoutLabel('start_to_close')).toBe('start-to-close');
    expect(timeoutLabel('schedule_to_start')).toBe('schedule-to-start');
    expect(timeoutLabel('schedule_to_close')).toBe('schedule-to-close');
    expect(timeoutLabel('execution')).toBe('execution');
    expect(timeoutLabel('some_new_kind')).toBe('some new kind');
  });

  it('describes the timeouts set, in the order an attempt meets them', () => {
    expect(describeTimeouts({ heartbeat_ms: 5_000, schedule_to_close_ms: 600_000, start_to_close_ms: 30_000 })).toEqual([
      'start-to-close 30 s',
      'heartbeat 5.0 s',
      'schedule-to-close 10 m',
    ]);
    expect(describeTimeouts({ schedule_to_start_ms: 0 })).toEqual([]);
    expect(describeTimeouts(null)).toEqual([]);
  });

  it('tells a running activity from one waiting to start', () => {
    const base: PendingActivity = {
      position: 0, name: 'crawl', attempt: 2, startedAt: null, lastHeartbeatAt: null,
      heartbeatDetails: null, deadline: null, deadlineTimeout: null,
    };
    expect(activityPhase(base)).toBe('waiting to start');
    expect(activityPhase({ ...base, startedAt: 10 })).toBe('running');
  });
});
