// @vitest-environment node
import { describe, expect, it } from 'vitest';

import {
  formatBytes,
  formatCount,
  formatDateTime,
  formatDuration,
  formatOptionalDuration,
  formatRelative,
  parseTime,
  runDuration,
  shortId,
  waitLabel,
} from './format';

describe('formatDuration', () => {
  it.each([
    [0, '0 ms'],
    [850, '850 ms'],
    [4_249, '4.2 s'],
    [12_000, '12 s'],
    [60_000, '1 m'],
    [192_000, '3 m 12 s'],
    [2 * 3_600_000 + 5 * 60_000, '2 h 5 m'],
    [3 * 86_400_000 + 4 * 3_600_000, '3 d 4 h'],
    [-5, '0 ms'],
  ])('%d ms reads %s', (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
  });

  it('shows a dash for an unknown duration', () => {
    expect(formatOptionalDuration(null)).toBe('—');
    expect(formatOptionalDuration(undefined)).toBe('—');
    expect(formatOptionalDuration(1500)).toBe('1.5 s');
  });
});

describe('formatRelative', () => {
  const now = 1_700_000_000_000;
  it.each([
    [now, 'just now'],
    [now - 12_000, '12 s ago'],
    [now - 3 * 60_000, '3 m ago'],
    [now - 5 * 3_600_000, '5 h ago'],
    [now - 2 * 86_400_000, '2 d ago'],
    [now + 5 * 60_000, 'in 5 m'],
  ])('%d reads %s', (at, text) => {
    expect(formatRelative(at, now)).toBe(text);
  });
});

describe('times', () => {
  it('formats local date and time the same in every locale', () => {
    const ms = new Date(2025, 2, 4, 17, 5, 9).getTime();
    expect(formatDateTime(ms)).toBe('2025-03-04 17:05:09');
  });

  it('parses RFC 3339 times and rejects the rest', () => {
    expect(parseTime('2025-03-04T17:05:09Z')).toBe(Date.UTC(2025, 2, 4, 17, 5, 9));
    expect(parseTime('yesterday')).toBeNull();
    expect(parseTime(null)).toBeNull();
  });

  it('measures a run until it closed, or until now while it runs', () => {
    expect(runDuration({ createdAt: 1_000, closedAt: 4_000 }, 10_000)).toBe(3_000);
    expect(runDuration({ createdAt: 1_000, closedAt: null }, 10_000)).toBe(9_000);
  });
});

describe('sizes and counts', () => {
  it.each([
    [0, '0 B'],
    [812, '812 B'],
    [1536, '1.5 KiB'],
    [1024, '1 KiB'],
    [20 * 1024 * 1024, '20 MiB'],
  ])('%d bytes read %s', (n, text) => {
    expect(formatBytes(n)).toBe(text);
  });

  it('groups thousands', () => {
    expect(formatCount(1_234_567)).toBe('1,234,567');
    expect(formatCount(-1200)).toBe('-1,200');
    expect(formatCount(12)).toBe('12');
  });

  it('words wait kinds and shortens long ids in the middle', () => {
    expect(waitLabel('retry-backoff')).toBe('retry backoff');
    expect(shortId('abcdefghijklmnopqrstuvwxyz0123456789', 11)).toBe('abcde…56789');
    expect(shortId('short')).toBe('short');
  });
});
