// Original file: ../../proto/aether/v1/schedules.proto

import type { Long } from '@grpc/proto-loader';

/**
 * When a schedule fires.
 */
export interface ScheduleSpec {
  /**
   * A cron expression: 5 fields as Unix cron reads them (minute first; day of week 0-7,
   * Sunday 0 or 7), or 6 or 7 fields (seconds first, optional year; day of week 1-7, Sunday 1)
   * in the syntax of the `cron` crate.
   */
  'cron'?: (string);
  /**
   * An IANA time zone such as "Europe/Paris"; empty is UTC.
   */
  'timeZone'?: (string);
  /**
   * Each tick starts after a delay in [0, jitter_ms), the same on every node. 0: none.
   */
  'jitterMs'?: (number | string | Long);
  /**
   * No tick before this time (inclusive). Absent: from the schedule's creation.
   */
  'startAtMs'?: (number | string | Long);
  /**
   * No tick after this time (inclusive). Absent: no end.
   */
  'endAtMs'?: (number | string | Long);
  '_startAtMs'?: "startAtMs";
  '_endAtMs'?: "endAtMs";
}

/**
 * When a schedule fires.
 */
export interface ScheduleSpec__Output {
  /**
   * A cron expression: 5 fields as Unix cron reads them (minute first; day of week 0-7,
   * Sunday 0 or 7), or 6 or 7 fields (seconds first, optional year; day of week 1-7, Sunday 1)
   * in the syntax of the `cron` crate.
   */
  'cron': (string);
  /**
   * An IANA time zone such as "Europe/Paris"; empty is UTC.
   */
  'timeZone': (string);
  /**
   * Each tick starts after a delay in [0, jitter_ms), the same on every node. 0: none.
   */
  'jitterMs': (number);
  /**
   * No tick before this time (inclusive). Absent: from the schedule's creation.
   */
  'startAtMs'?: (number);
  /**
   * No tick after this time (inclusive). Absent: no end.
   */
  'endAtMs'?: (number);
  '_startAtMs'?: "startAtMs";
  '_endAtMs'?: "endAtMs";
}
