// Original file: ../../proto/aether/v1/schedules.proto

import type * as grpc from '@grpc/grpc-js'
import type { MethodDefinition } from '@grpc/proto-loader'
import type { BackfillScheduleRequest as _aether_v1_BackfillScheduleRequest, BackfillScheduleRequest__Output as _aether_v1_BackfillScheduleRequest__Output } from '../../aether/v1/BackfillScheduleRequest.js';
import type { BackfillScheduleResponse as _aether_v1_BackfillScheduleResponse, BackfillScheduleResponse__Output as _aether_v1_BackfillScheduleResponse__Output } from '../../aether/v1/BackfillScheduleResponse.js';
import type { CreateScheduleRequest as _aether_v1_CreateScheduleRequest, CreateScheduleRequest__Output as _aether_v1_CreateScheduleRequest__Output } from '../../aether/v1/CreateScheduleRequest.js';
import type { DeleteScheduleRequest as _aether_v1_DeleteScheduleRequest, DeleteScheduleRequest__Output as _aether_v1_DeleteScheduleRequest__Output } from '../../aether/v1/DeleteScheduleRequest.js';
import type { DeleteScheduleResponse as _aether_v1_DeleteScheduleResponse, DeleteScheduleResponse__Output as _aether_v1_DeleteScheduleResponse__Output } from '../../aether/v1/DeleteScheduleResponse.js';
import type { DescribeScheduleRequest as _aether_v1_DescribeScheduleRequest, DescribeScheduleRequest__Output as _aether_v1_DescribeScheduleRequest__Output } from '../../aether/v1/DescribeScheduleRequest.js';
import type { ListSchedulesRequest as _aether_v1_ListSchedulesRequest, ListSchedulesRequest__Output as _aether_v1_ListSchedulesRequest__Output } from '../../aether/v1/ListSchedulesRequest.js';
import type { ListSchedulesResponse as _aether_v1_ListSchedulesResponse, ListSchedulesResponse__Output as _aether_v1_ListSchedulesResponse__Output } from '../../aether/v1/ListSchedulesResponse.js';
import type { PauseScheduleRequest as _aether_v1_PauseScheduleRequest, PauseScheduleRequest__Output as _aether_v1_PauseScheduleRequest__Output } from '../../aether/v1/PauseScheduleRequest.js';
import type { ScheduleDescription as _aether_v1_ScheduleDescription, ScheduleDescription__Output as _aether_v1_ScheduleDescription__Output } from '../../aether/v1/ScheduleDescription.js';
import type { TriggerScheduleRequest as _aether_v1_TriggerScheduleRequest, TriggerScheduleRequest__Output as _aether_v1_TriggerScheduleRequest__Output } from '../../aether/v1/TriggerScheduleRequest.js';
import type { TriggerScheduleResponse as _aether_v1_TriggerScheduleResponse, TriggerScheduleResponse__Output as _aether_v1_TriggerScheduleResponse__Output } from '../../aether/v1/TriggerScheduleResponse.js';
import type { UnpauseScheduleRequest as _aether_v1_UnpauseScheduleRequest, UnpauseScheduleRequest__Output as _aether_v1_UnpauseScheduleRequest__Output } from '../../aether/v1/UnpauseScheduleRequest.js';
import type { UpdateScheduleRequest as _aether_v1_UpdateScheduleRequest, UpdateScheduleRequest__Output as _aether_v1_UpdateScheduleRequest__Output } from '../../aether/v1/UpdateScheduleRequest.js';

/**
 * Schedules: start a workflow type on a cron expression, stored in the engine. Every run a
 * schedule starts has a deterministic id, `<schedule_id>@<scheduled time, RFC 3339 UTC>` (for
 * example `nightly@2026-11-29T10:00:00Z`), so a tick never starts twice, whichever node runs
 * it and whatever crashes in between. Times and durations are signed milliseconds (times since
 * the Unix epoch): a negative duration is refused with INVALID_ARGUMENT, as are an invalid
 * cron expression, an unknown time zone, an unknown overlap policy and an end before the start.
 * A refused request creates and changes nothing.
 */
export interface ScheduleServiceClient extends grpc.Client {
  /**
   * Runs the ticks the spec has in [start_at_ms, end_at_ms] (at most 10000) with the request's
   * overlap policy; the catch-up window does not apply.
   */
  BackfillSchedule(argument: _aether_v1_BackfillScheduleRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_aether_v1_BackfillScheduleResponse__Output>): grpc.ClientUnaryCall;
  BackfillSchedule(argument: _aether_v1_BackfillScheduleRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_aether_v1_BackfillScheduleResponse__Output>): grpc.ClientUnaryCall;
  BackfillSchedule(argument: _aether_v1_BackfillScheduleRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_aether_v1_BackfillScheduleResponse__Output>): grpc.ClientUnaryCall;
  BackfillSchedule(argument: _aether_v1_BackfillScheduleRequest, callback: grpc.requestCallback<_aether_v1_BackfillScheduleResponse__Output>): grpc.ClientUnaryCall;
  /**
   * Runs the ticks the spec has in [start_at_ms, end_at_ms] (at most 10000) with the request's
   * overlap policy; the catch-up window does not apply.
   */
  backfillSchedule(argument: _aether_v1_BackfillScheduleRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_aether_v1_BackfillScheduleResponse__Output>): grpc.ClientUnaryCall;
  backfillSchedule(argument: _aether_v1_BackfillScheduleRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_aether_v1_BackfillScheduleResponse__Output>): grpc.ClientUnaryCall;
  backfillSchedule(argument: _aether_v1_BackfillScheduleRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_aether_v1_BackfillScheduleResponse__Output>): grpc.ClientUnaryCall;
  backfillSchedule(argument: _aether_v1_BackfillScheduleRequest, callback: grpc.requestCallback<_aether_v1_BackfillScheduleResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * Creates a schedule; an id already in use is refused with ABORTED (HTTP 409).
   */
  CreateSchedule(argument: _aether_v1_CreateScheduleRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_aether_v1_ScheduleDescription__Output>): grpc.ClientUnaryCall;
  CreateSchedule(argument: _aether_v1_CreateScheduleRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_aether_v1_ScheduleDescription__Output>): grpc.ClientUnaryCall;
  CreateSchedule(argument: _aether_v1_CreateScheduleRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_aether_v1_ScheduleDescription__Output>): grpc.ClientUnaryCall;
  CreateSchedule(argument: _aether_v1_CreateScheduleRequest, callback: grpc.requestCallback<_aether_v1_ScheduleDescription__Output>): grpc.ClientUnaryCall;
  /**
   * Creates a schedule; an id already in use is refused with ABORTED (HTTP 409).
   */
  createSchedule(argument: _aether_v1_CreateScheduleRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_aether_v1_ScheduleDescription__Output>): grpc.ClientUnaryCall;
  createSchedule(argument: _aether_v1_CreateScheduleRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_aether_v1_ScheduleDescription__Output>): grpc.ClientUnaryCall;
  createSchedule(argument: _aether_v1_CreateScheduleRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_aether_v1_ScheduleDescription__Output>): grpc.ClientUnaryCall;
  createSchedule(argument: _aether_v1_CreateScheduleRequest, callback: grpc.requestCallback<_aether_v1_ScheduleDescription__Output>): grpc.ClientUnaryCall;
  
  /**
   * Removes the schedule. Runs it started are not cancelled.
   */
  DeleteSchedule(argument: _aether_v1_DeleteScheduleRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_aether_v1_DeleteScheduleResponse__Output>): grpc.ClientUnaryCall;
  DeleteSchedule(argument: _aether_v1_DeleteScheduleRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_aether_v1_DeleteScheduleResponse__Output>): grpc.ClientUnaryCall;
  DeleteSchedule(argument: _aether_v1_DeleteScheduleRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_aether_v1_DeleteScheduleResponse__Output>): grpc.ClientUnaryCall;
  DeleteSchedule(argument: _aether_v1_DeleteScheduleRequest, callback: grpc.requestCallback<_aether_v1_DeleteScheduleResponse__Output>): grpc.ClientUnaryCall;
  /**
   * Removes the schedule. Runs it started are not cancelled.
   */
  deleteSchedule(argument: _aether_v1_DeleteScheduleRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_aether_v1_DeleteScheduleResponse__Output>): grpc.ClientUnaryCall;
  deleteSchedule(argument: _aether_v1_DeleteScheduleRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_aether_v1_DeleteScheduleResponse__Output>): grpc.ClientUnaryCall;
  deleteSchedule(argument: _aether_v1_DeleteScheduleRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_aether_v1_DeleteScheduleResponse__Output>): grpc.ClientUnaryCall;
  deleteSchedule(argument: _aether_v1_DeleteScheduleRequest, callback: grpc.requestCallback<_aether_v1_DeleteScheduleResponse__Output>): grpc.ClientUnaryCall;
  
  DescribeSchedule(argument: _aether_v1_DescribeScheduleRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_aether_v1_ScheduleDescription__Output>): grpc.ClientUnaryCall;
  DescribeSchedule(argument: _aether_v1_DescribeScheduleRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_aether_v1_ScheduleDescription__Output>): grpc.ClientUnaryCall;
  DescribeSchedule(argument: _aether_v1_DescribeScheduleRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_aether_v1_ScheduleDescription__Output>): grpc.ClientUnaryCall;
  DescribeSchedule(argument: _aether_v1_DescribeScheduleRequest, callback: grpc.requestCallback<_aether_v1_ScheduleDescription__Output>): grpc.ClientUnaryCall;
  describeSchedule(argument: _aether_v1_DescribeScheduleRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_aether_v1_ScheduleDescription__Output>): grpc.ClientUnaryCall;
  describeSchedule(argument: _aether_v1_DescribeScheduleRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_aether_v1_ScheduleDescription__Output>): grpc.ClientUnaryCall;
  describeSchedule(argument: _aether_v1_DescribeScheduleRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_aether_v1_ScheduleDescription__Output>): grpc.ClientUnaryCall;
  describeSchedule(argument: _aether_v1_DescribeScheduleRequest, callback: grpc.requestCallback<_aether_v1_ScheduleDescription__Output>): grpc.ClientUnaryCall;
  
  /**
   * Every schedule, ordered by id.
   */
  ListSchedules(argument: _aether_v1_ListSchedulesRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_aether_v1_ListSchedulesResponse__Output>): grpc.ClientUnaryCall;
  ListSchedules(argument: _aether_v1_ListSchedulesRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_aether_v1_ListSchedulesResponse__Output>): grpc.ClientUnaryCall;
  ListSchedules(argument: _aether_v1_ListSchedulesRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_aether_v1_ListSchedulesResponse__Output>): grpc.ClientUnaryCall;
  ListSchedules(argument: _aether_v1_ListSchedulesRequest, callback: grpc.requestCallback<_aether_v1_ListSchedulesResponse__Output>): grpc.ClientUnaryCall;
  /**
   * Every schedule, ordered by id.
   */
  listSchedules(argument: _aether_v1_ListSchedulesRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_aether_v1_ListSchedulesResponse__Output>): grpc.ClientUnaryCall;
  listSchedules(argument: _aether_v1_ListSchedulesRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_aether_v1_ListSchedulesResponse__Output>): grpc.ClientUnaryCall;
  listSchedules(argument: _aether_v1_ListSchedulesRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_aether_v1_ListSchedulesResponse__Output>): grpc.ClientUnaryCall;
  listSchedules(argument: _aether_v1_ListSchedulesRequest, callback: grpc.requestCallback<_aether_v1_ListSchedulesResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * A paused schedule's cron ticks start nothing, and those that pass while it is paused are not
   * run later (neither run nor counted). Trigger and backfill still work.
   */
  PauseSchedule(argument: _aether_v1_PauseScheduleRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_aether_v1_ScheduleDescription__Output>): grpc.ClientUnaryCall;
  PauseSchedule(argument: _aether_v1_PauseScheduleRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_aether_v1_ScheduleDescription__Output>): grpc.ClientUnaryCall;
  PauseSchedule(argument: _aether_v1_PauseScheduleRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_aether_v1_ScheduleDescription__Output>): grpc.ClientUnaryCall;
  PauseSchedule(argument: _aether_v1_PauseScheduleRequest, callback: grpc.requestCallback<_aether_v1_ScheduleDescription__Output>): grpc.ClientUnaryCall;
  /**
   * A paused schedule's cron ticks start nothing, and those that pass while it is paused are not
   * run later (neither run nor counted). Trigger and backfill still work.
   */
  pauseSchedule(argument: _aether_v1_PauseScheduleRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_aether_v1_ScheduleDescription__Output>): grpc.ClientUnaryCall;
  pauseSchedule(argument: _aether_v1_PauseScheduleRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_aether_v1_ScheduleDescription__Output>): grpc.ClientUnaryCall;
  pauseSchedule(argument: _aether_v1_PauseScheduleRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_aether_v1_ScheduleDescription__Output>): grpc.ClientUnaryCall;
  pauseSchedule(argument: _aether_v1_PauseScheduleRequest, callback: grpc.requestCallback<_aether_v1_ScheduleDescription__Output>): grpc.ClientUnaryCall;
  
  /**
   * Starts one run now, subject to the schedule's overlap policy (even when paused).
   */
  TriggerSchedule(argument: _aether_v1_TriggerScheduleRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_aether_v1_TriggerScheduleResponse__Output>): grpc.ClientUnaryCall;
  TriggerSchedule(argument: _aether_v1_TriggerScheduleRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_aether_v1_TriggerScheduleResponse__Output>): grpc.ClientUnaryCall;
  TriggerSchedule(argument: _aether_v1_TriggerScheduleRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_aether_v1_TriggerScheduleResponse__Output>): grpc.ClientUnaryCall;
  TriggerSchedule(argument: _aether_v1_TriggerScheduleRequest, callback: grpc.requestCallback<_aether_v1_TriggerScheduleResponse__Output>): grpc.ClientUnaryCall;
  /**
   * Starts one run now, subject to the schedule's overlap policy (even when paused).
   */
  triggerSchedule(argument: _aether_v1_TriggerScheduleRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_aether_v1_TriggerScheduleResponse__Output>): grpc.ClientUnaryCall;
  triggerSchedule(argument: _aether_v1_TriggerScheduleRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_aether_v1_TriggerScheduleResponse__Output>): grpc.ClientUnaryCall;
  triggerSchedule(argument: _aether_v1_TriggerScheduleRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_aether_v1_TriggerScheduleResponse__Output>): grpc.ClientUnaryCall;
  triggerSchedule(argument: _aether_v1_TriggerScheduleRequest, callback: grpc.requestCallback<_aether_v1_TriggerScheduleResponse__Output>): grpc.ClientUnaryCall;
  
  UnpauseSchedule(argument: _aether_v1_UnpauseScheduleRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_aether_v1_ScheduleDescription__Output>): grpc.ClientUnaryCall;
  UnpauseSchedule(argument: _aether_v1_UnpauseScheduleRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_aether_v1_ScheduleDescription__Output>): grpc.ClientUnaryCall;
  UnpauseSchedule(argument: _aether_v1_UnpauseScheduleRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_aether_v1_ScheduleDescription__Output>): grpc.ClientUnaryCall;
  UnpauseSchedule(argument: _aether_v1_UnpauseScheduleRequest, callback: grpc.requestCallback<_aether_v1_ScheduleDescription__Output>): grpc.ClientUnaryCall;
  unpauseSchedule(argument: _aether_v1_UnpauseScheduleRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_aether_v1_ScheduleDescription__Output>): grpc.ClientUnaryCall;
  unpauseSchedule(argument: _aether_v1_UnpauseScheduleRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_aether_v1_ScheduleDescription__Output>): grpc.ClientUnaryCall;
  unpauseSchedule(argument: _aether_v1_UnpauseScheduleRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_aether_v1_ScheduleDescription__Output>): grpc.ClientUnaryCall;
  unpauseSchedule(argument: _aether_v1_UnpauseScheduleRequest, callback: grpc.requestCallback<_aether_v1_ScheduleDescription__Output>): grpc.ClientUnaryCall;
  
  /**
   * Replaces the schedule's definition (spec, action, policies); its state, counters and
   * paused flag are kept. Ticks after the update follow the new spec.
   */
  UpdateSchedule(argument: _aether_v1_UpdateScheduleRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_aether_v1_ScheduleDescription__Output>): grpc.ClientUnaryCall;
  UpdateSchedule(argument: _aether_v1_UpdateScheduleRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_aether_v1_ScheduleDescription__Output>): grpc.ClientUnaryCall;
  UpdateSchedule(argument: _aether_v1_UpdateScheduleRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_aether_v1_ScheduleDescription__Output>): grpc.ClientUnaryCall;
  UpdateSchedule(argument: _aether_v1_UpdateScheduleRequest, callback: grpc.requestCallback<_aether_v1_ScheduleDescription__Output>): grpc.ClientUnaryCall;
  /**
   * Replaces the schedule's definition (spec, action, policies); its state, counters and
   * paused flag are kept. Ticks after the update follow the new spec.
   */
  updateSchedule(argument: _aether_v1_UpdateScheduleRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_aether_v1_ScheduleDescription__Output>): grpc.ClientUnaryCall;
  updateSchedule(argument: _aether_v1_UpdateScheduleRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_aether_v1_ScheduleDescription__Output>): grpc.ClientUnaryCall;
  updateSchedule(argument: _aether_v1_UpdateScheduleRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_aether_v1_ScheduleDescription__Output>): grpc.ClientUnaryCall;
  updateSchedule(argument: _aether_v1_UpdateScheduleRequest, callback: grpc.requestCallback<_aether_v1_ScheduleDescription__Output>): grpc.ClientUnaryCall;
  
}

/**
 * Schedules: start a workflow type on a cron expression, stored in the engine. Every run a
 * schedule starts has a deterministic id, `<schedule_id>@<scheduled time, RFC 3339 UTC>` (for
 * example `nightly@2026-11-29T10:00:00Z`), so a tick never starts twice, whichever node runs
 * it and whatever crashes in between. Times and durations are signed milliseconds (times since
 * the Unix epoch): a negative duration is refused with INVALID_ARGUMENT, as are an invalid
 * cron expression, an unknown time zone, an unknown overlap policy and an end before the start.
 * A refused request creates and changes nothing.
 */
export interface ScheduleServiceHandlers extends grpc.UntypedServiceImplementation {
  /**
   * Runs the ticks the spec has in [start_at_ms, end_at_ms] (at most 10000) with the request's
   * overlap policy; the catch-up window does not apply.
   */
  BackfillSchedule: grpc.handleUnaryCall<_aether_v1_BackfillScheduleRequest__Output, _aether_v1_BackfillScheduleResponse>;
  
  /**
   * Creates a schedule; an id already in use is refused with ABORTED (HTTP 409).
   */
  CreateSchedule: grpc.handleUnaryCall<_aether_v1_CreateScheduleRequest__Output, _aether_v1_ScheduleDescription>;
  
  /**
   * Removes the schedule. Runs it started are not cancelled.
   */
  DeleteSchedule: grpc.handleUnaryCall<_aether_v1_DeleteScheduleRequest__Output, _aether_v1_DeleteScheduleResponse>;
  
  DescribeSchedule: grpc.handleUnaryCall<_aether_v1_DescribeScheduleRequest__Output, _aether_v1_ScheduleDescription>;
  
  /**
   * Every schedule, ordered by id.
   */
  ListSchedules: grpc.handleUnaryCall<_aether_v1_ListSchedulesRequest__Output, _aether_v1_ListSchedulesResponse>;
  
  /**
   * A paused schedule's cron ticks start nothing, and those that pass while it is paused are not
   * run later (neither run nor counted). Trigger and backfill still work.
   */
  PauseSchedule: grpc.handleUnaryCall<_aether_v1_PauseScheduleRequest__Output, _aether_v1_ScheduleDescription>;
  
  /**
   * Starts one run now, subject to the schedule's overlap policy (even when paused).
   */
  TriggerSchedule: grpc.handleUnaryCall<_aether_v1_TriggerScheduleRequest__Output, _aether_v1_TriggerScheduleResponse>;
  
  UnpauseSchedule: grpc.handleUnaryCall<_aether_v1_UnpauseScheduleRequest__Output, _aether_v1_ScheduleDescription>;
  
  /**
   * Replaces the schedule's definition (spec, action, policies); its state, counters and
   * paused flag are kept. Ticks after the update follow the new spec.
   */
  UpdateSchedule: grpc.handleUnaryCall<_aether_v1_UpdateScheduleRequest__Output, _aether_v1_ScheduleDescription>;
  
}

export interface ScheduleServiceDefinition extends grpc.ServiceDefinition {
  BackfillSchedule: MethodDefinition<_aether_v1_BackfillScheduleRequest, _aether_v1_BackfillScheduleResponse, _aether_v1_BackfillScheduleRequest__Output, _aether_v1_BackfillScheduleResponse__Output>
  CreateSchedule: MethodDefinition<_aether_v1_CreateScheduleRequest, _aether_v1_ScheduleDescription, _aether_v1_CreateScheduleRequest__Output, _aether_v1_ScheduleDescription__Output>
  DeleteSchedule: MethodDefinition<_aether_v1_DeleteScheduleRequest, _aether_v1_DeleteScheduleResponse, _aether_v1_DeleteScheduleRequest__Output, _aether_v1_DeleteScheduleResponse__Output>
  DescribeSchedule: MethodDefinition<_aether_v1_DescribeScheduleRequest, _aether_v1_ScheduleDescription, _aether_v1_DescribeScheduleRequest__Output, _aether_v1_ScheduleDescription__Output>
  ListSchedules: MethodDefinition<_aether_v1_ListSchedulesRequest, _aether_v1_ListSchedulesResponse, _aether_v1_ListSchedulesRequest__Output, _aether_v1_ListSchedulesResponse__Output>
  PauseSchedule: MethodDefinition<_aether_v1_PauseScheduleRequest, _aether_v1_ScheduleDescription, _aether_v1_PauseScheduleRequest__Output, _aether_v1_ScheduleDescription__Output>
  TriggerSchedule: MethodDefinition<_aether_v1_TriggerScheduleRequest, _aether_v1_TriggerScheduleResponse, _aether_v1_TriggerScheduleRequest__Output, _aether_v1_TriggerScheduleResponse__Output>
  UnpauseSchedule: MethodDefinition<_aether_v1_UnpauseScheduleRequest, _aether_v1_ScheduleDescription, _aether_v1_UnpauseScheduleRequest__Output, _aether_v1_ScheduleDescription__Output>
  UpdateSchedule: MethodDefinition<_aether_v1_UpdateScheduleRequest, _aether_v1_ScheduleDescription, _aether_v1_UpdateScheduleRequest__Output, _aether_v1_ScheduleDescription__Output>
}
