import type * as grpc from '@grpc/grpc-js';
import type { EnumTypeDefinition, MessageTypeDefinition } from '@grpc/proto-loader';

import type { ActivityTimeouts as _aether_v1_ActivityTimeouts, ActivityTimeouts__Output as _aether_v1_ActivityTimeouts__Output } from './aether/v1/ActivityTimeouts.js';
import type { BackfillScheduleRequest as _aether_v1_BackfillScheduleRequest, BackfillScheduleRequest__Output as _aether_v1_BackfillScheduleRequest__Output } from './aether/v1/BackfillScheduleRequest.js';
import type { BackfillScheduleResponse as _aether_v1_BackfillScheduleResponse, BackfillScheduleResponse__Output as _aether_v1_BackfillScheduleResponse__Output } from './aether/v1/BackfillScheduleResponse.js';
import type { CommandError as _aether_v1_CommandError, CommandError__Output as _aether_v1_CommandError__Output } from './aether/v1/CommandError.js';
import type { CreateScheduleRequest as _aether_v1_CreateScheduleRequest, CreateScheduleRequest__Output as _aether_v1_CreateScheduleRequest__Output } from './aether/v1/CreateScheduleRequest.js';
import type { DeleteScheduleRequest as _aether_v1_DeleteScheduleRequest, DeleteScheduleRequest__Output as _aether_v1_DeleteScheduleRequest__Output } from './aether/v1/DeleteScheduleRequest.js';
import type { DeleteScheduleResponse as _aether_v1_DeleteScheduleResponse, DeleteScheduleResponse__Output as _aether_v1_DeleteScheduleResponse__Output } from './aether/v1/DeleteScheduleResponse.js';
import type { DescribeScheduleRequest as _aether_v1_DescribeScheduleRequest, DescribeScheduleRequest__Output as _aether_v1_DescribeScheduleRequest__Output } from './aether/v1/DescribeScheduleRequest.js';
import type { Failure as _aether_v1_Failure, Failure__Output as _aether_v1_Failure__Output } from './aether/v1/Failure.js';
import type { HistoryEvent as _aether_v1_HistoryEvent, HistoryEvent__Output as _aether_v1_HistoryEvent__Output } from './aether/v1/HistoryEvent.js';
import type { ListSchedulesRequest as _aether_v1_ListSchedulesRequest, ListSchedulesRequest__Output as _aether_v1_ListSchedulesRequest__Output } from './aether/v1/ListSchedulesRequest.js';
import type { ListSchedulesResponse as _aether_v1_ListSchedulesResponse, ListSchedulesResponse__Output as _aether_v1_ListSchedulesResponse__Output } from './aether/v1/ListSchedulesResponse.js';
import type { PauseScheduleRequest as _aether_v1_PauseScheduleRequest, PauseScheduleRequest__Output as _aether_v1_PauseScheduleRequest__Output } from './aether/v1/PauseScheduleRequest.js';
import type { PendingActivity as _aether_v1_PendingActivity, PendingActivity__Output as _aether_v1_PendingActivity__Output } from './aether/v1/PendingActivity.js';
import type { RetryPolicy as _aether_v1_RetryPolicy, RetryPolicy__Output as _aether_v1_RetryPolicy__Output } from './aether/v1/RetryPolicy.js';
import type { Schedule as _aether_v1_Schedule, Schedule__Output as _aether_v1_Schedule__Output } from './aether/v1/Schedule.js';
import type { ScheduleAction as _aether_v1_ScheduleAction, ScheduleAction__Output as _aether_v1_ScheduleAction__Output } from './aether/v1/ScheduleAction.js';
import type { ScheduleCounters as _aether_v1_ScheduleCounters, ScheduleCounters__Output as _aether_v1_ScheduleCounters__Output } from './aether/v1/ScheduleCounters.js';
import type { ScheduleDefinition as _aether_v1_ScheduleDefinition, ScheduleDefinition__Output as _aether_v1_ScheduleDefinition__Output } from './aether/v1/ScheduleDefinition.js';
import type { ScheduleDescription as _aether_v1_ScheduleDescription, ScheduleDescription__Output as _aether_v1_ScheduleDescription__Output } from './aether/v1/ScheduleDescription.js';
import type { ScheduleRun as _aether_v1_ScheduleRun, ScheduleRun__Output as _aether_v1_ScheduleRun__Output } from './aether/v1/ScheduleRun.js';
import type { ScheduleServiceClient as _aether_v1_ScheduleServiceClient, ScheduleServiceDefinition as _aether_v1_ScheduleServiceDefinition } from './aether/v1/ScheduleService.js';
import type { ScheduleSpec as _aether_v1_ScheduleSpec, ScheduleSpec__Output as _aether_v1_ScheduleSpec__Output } from './aether/v1/ScheduleSpec.js';
import type { TriggerScheduleRequest as _aether_v1_TriggerScheduleRequest, TriggerScheduleRequest__Output as _aether_v1_TriggerScheduleRequest__Output } from './aether/v1/TriggerScheduleRequest.js';
import type { TriggerScheduleResponse as _aether_v1_TriggerScheduleResponse, TriggerScheduleResponse__Output as _aether_v1_TriggerScheduleResponse__Output } from './aether/v1/TriggerScheduleResponse.js';
import type { UnpauseScheduleRequest as _aether_v1_UnpauseScheduleRequest, UnpauseScheduleRequest__Output as _aether_v1_UnpauseScheduleRequest__Output } from './aether/v1/UnpauseScheduleRequest.js';
import type { UpdateScheduleRequest as _aether_v1_UpdateScheduleRequest, UpdateScheduleRequest__Output as _aether_v1_UpdateScheduleRequest__Output } from './aether/v1/UpdateScheduleRequest.js';
import type { Wait as _aether_v1_Wait, Wait__Output as _aether_v1_Wait__Output } from './aether/v1/Wait.js';
import type { WorkflowInfo as _aether_v1_WorkflowInfo, WorkflowInfo__Output as _aether_v1_WorkflowInfo__Output } from './aether/v1/WorkflowInfo.js';

type SubtypeConstructor<Constructor extends new (...args: any) => any, Subtype> = {
  new(...args: ConstructorParameters<Constructor>): Subtype;
};

export interface ProtoGrpcType {
  aether: {
    v1: {
      ActionKind: EnumTypeDefinition
      ActivityTimeouts: MessageTypeDefinition<_aether_v1_ActivityTimeouts, _aether_v1_ActivityTimeouts__Output>
      BackfillScheduleRequest: MessageTypeDefinition<_aether_v1_BackfillScheduleRequest, _aether_v1_BackfillScheduleRequest__Output>
      BackfillScheduleResponse: MessageTypeDefinition<_aether_v1_BackfillScheduleResponse, _aether_v1_BackfillScheduleResponse__Output>
      CommandError: MessageTypeDefinition<_aether_v1_CommandError, _aether_v1_CommandError__Output>
      CreateScheduleRequest: MessageTypeDefinition<_aether_v1_CreateScheduleRequest, _aether_v1_CreateScheduleRequest__Output>
      DeleteScheduleRequest: MessageTypeDefinition<_aether_v1_DeleteScheduleRequest, _aether_v1_DeleteScheduleRequest__Output>
      DeleteScheduleResponse: MessageTypeDefinition<_aether_v1_DeleteScheduleResponse, _aether_v1_DeleteScheduleResponse__Output>
      DescribeScheduleRequest: MessageTypeDefinition<_aether_v1_DescribeScheduleRequest, _aether_v1_DescribeScheduleRequest__Output>
      Failure: MessageTypeDefinition<_aether_v1_Failure, _aether_v1_Failure__Output>
      HistoryEvent: MessageTypeDefinition<_aether_v1_HistoryEvent, _aether_v1_HistoryEvent__Output>
      ListSchedulesRequest: MessageTypeDefinition<_aether_v1_ListSchedulesRequest, _aether_v1_ListSchedulesRequest__Output>
      ListSchedulesResponse: MessageTypeDefinition<_aether_v1_ListSchedulesResponse, _aether_v1_ListSchedulesResponse__Output>
      OverlapPolicy: EnumTypeDefinition
      PauseScheduleRequest: MessageTypeDefinition<_aether_v1_PauseScheduleRequest, _aether_v1_PauseScheduleRequest__Output>
      PendingActivity: MessageTypeDefinition<_aether_v1_PendingActivity, _aether_v1_PendingActivity__Output>
      RetryPolicy: MessageTypeDefinition<_aether_v1_RetryPolicy, _aether_v1_RetryPolicy__Output>
      Schedule: MessageTypeDefinition<_aether_v1_Schedule, _aether_v1_Schedule__Output>
      ScheduleAction: MessageTypeDefinition<_aether_v1_ScheduleAction, _aether_v1_ScheduleAction__Output>
      ScheduleCounters: MessageTypeDefinition<_aether_v1_ScheduleCounters, _aether_v1_ScheduleCounters__Output>
      ScheduleDefinition: MessageTypeDefinition<_aether_v1_ScheduleDefinition, _aether_v1_ScheduleDefinition__Output>
      ScheduleDescription: MessageTypeDefinition<_aether_v1_ScheduleDescription, _aether_v1_ScheduleDescription__Output>
      ScheduleRun: MessageTypeDefinition<_aether_v1_ScheduleRun, _aether_v1_ScheduleRun__Output>
      /**
       * Schedules: start a workflow type on a cron expression, stored in the engine. Every run a
       * schedule starts has a deterministic id, `<schedule_id>@<scheduled time, RFC 3339 UTC>` (for
       * example `nightly@2026-11-29T10:00:00Z`), so a tick never starts twice, whichever node runs
       * it and whatever crashes in between. Times and durations are signed milliseconds (times since
       * the Unix epoch): a negative duration is refused with INVALID_ARGUMENT, as are an invalid
       * cron expression, an unknown time zone, an unknown overlap policy and an end before the start.
       * A refused request creates and changes nothing.
       */
      ScheduleService: SubtypeConstructor<typeof grpc.Client, _aether_v1_ScheduleServiceClient> & { service: _aether_v1_ScheduleServiceDefinition }
      ScheduleSpec: MessageTypeDefinition<_aether_v1_ScheduleSpec, _aether_v1_ScheduleSpec__Output>
      TickOutcome: EnumTypeDefinition
      TriggerScheduleRequest: MessageTypeDefinition<_aether_v1_TriggerScheduleRequest, _aether_v1_TriggerScheduleRequest__Output>
      TriggerScheduleResponse: MessageTypeDefinition<_aether_v1_TriggerScheduleResponse, _aether_v1_TriggerScheduleResponse__Output>
      UnpauseScheduleRequest: MessageTypeDefinition<_aether_v1_UnpauseScheduleRequest, _aether_v1_UnpauseScheduleRequest__Output>
      UpdateScheduleRequest: MessageTypeDefinition<_aether_v1_UpdateScheduleRequest, _aether_v1_UpdateScheduleRequest__Output>
      Wait: MessageTypeDefinition<_aether_v1_Wait, _aether_v1_Wait__Output>
      WaitKind: EnumTypeDefinition
      WorkflowInfo: MessageTypeDefinition<_aether_v1_WorkflowInfo, _aether_v1_WorkflowInfo__Output>
      WorkflowState: EnumTypeDefinition
    }
  }
}

