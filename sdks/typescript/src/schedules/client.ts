/**
 * `client.schedules`: creates and operates cron schedules over the server's `ScheduleService`.
 *
 * ```ts
 * await client.schedules.create('nightly-report', {
 *   cron: '0 2 * * *',
 *   timeZone: 'Europe/Paris',
 *   workflow: report,
 *   args: [{ team: 'core' }],
 *   overlap: 'skip',
 * });
 * const { nextFireTimes, recentRuns } = await client.schedules.describe('nightly-report');
 * ```
 */

import { toScheduleError } from '../errors.js';
import { type Connection, unary } from '../transport.js';
import type { SchedulesClient } from './types.js';
import { storedInput, toDescription, toOptions, toTriggered, toWireDefinition, toWirePolicy } from './wire.js';

export function schedulesClient(connection: Connection): SchedulesClient {
  const service = connection.schedules;

  /** Every call: its errors as the SDK's (a refusal of bad input is an AetherError). */
  async function call<T>(scheduleId: string | undefined, fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (error) {
      throw toScheduleError(error, scheduleId);
    }
  }

  async function describe(scheduleId: string) {
    return call(scheduleId, async () => toDescription(await unary(service, 'describeSchedule', { scheduleId })));
  }

  return {
    async create(scheduleId, options) {
      const request = { scheduleId, definition: toWireDefinition(options), paused: options.paused ?? false, note: options.note ?? '' };
      return call(undefined, async () => toDescription(await unary(service, 'createSchedule', request)));
    },

    async list() {
      return call(undefined, async () => (await unary(service, 'listSchedules', {})).schedules.map(toDescription));
    },

    describe,

    async update(scheduleId, changes) {
      const wire = await call(scheduleId, () => unary(service, 'describeSchedule', { scheduleId }));
      const definition = toWireDefinition({ ...toOptions(toDescription(wire)), ...changes });
      // The stored input goes back as it was unless the update names new arguments: a
      // schedule made elsewhere (HTTP, Rust, the CLI) may hold any JSON, not an argument list.
      if (changes.args === undefined && definition.action) {
        definition.action.input = storedInput(wire);
      }
      return call(scheduleId, async () => toDescription(await unary(service, 'updateSchedule', { scheduleId, definition })));
    },

    async pause(scheduleId, note = '') {
      return call(scheduleId, async () => toDescription(await unary(service, 'pauseSchedule', { scheduleId, note })));
    },

    async unpause(scheduleId, note = '') {
      return call(scheduleId, async () => toDescription(await unary(service, 'unpauseSchedule', { scheduleId, note })));
    },

    async trigger(scheduleId) {
      return call(scheduleId, async () => toTriggered(await unary(service, 'triggerSchedule', { scheduleId })));
    },

    async backfill(scheduleId, { start, end, overlap }) {
      // No policy: the engine's default for a backfill (buffer-all).
      const policy = overlap === undefined ? {} : { overlap: toWirePolicy(overlap) };
      const request = { scheduleId, startAtMs: start.getTime(), endAtMs: end.getTime(), ...policy };
      return call(scheduleId, async () => (await unary(service, 'backfillSchedule', request)).ticks);
    },

    async delete(scheduleId) {
      await call(scheduleId, () => unary(service, 'deleteSchedule', { scheduleId }));
    },
  };
}
