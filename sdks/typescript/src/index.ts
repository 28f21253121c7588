/**
 * The TypeScript SDK of Aether, the durable workflow engine.
 *
 * ```ts
 * import { aether } from '@aetherframework.ai/sdk';
 *
 * const client = aether({ serverUrl: 'http://localhost:7233' });
 * const greet = client.workflow('greet', async (ctx, name: string) => {
 *   const greeting = await ctx.step('create-greeting', async () => `Hello, ${name}!`);
 *   return { message: greeting };
 * });
 * await client.serve([greet]);
 * const { message } = await greet.startAndWait('World');
 * ```
 */

export { aether } from './client.js';
export type {
  AetherClient,
  AetherOptions,
  AnyWorkflow,
  HistoryEntry,
  ListFilter,
  PendingActivity,
  WaitingOn,
  ServeOptions,
  SignalOptions,
  SignalSent,
  StartOptions,
  WorkflowState,
  WorkflowStatus,
  WorkflowWait,
} from './client.js';
export type {
  Approval,
  ApprovalDecision,
  ApprovalFilter,
  ApprovalOutcome,
  ApprovalPage,
  ApprovalRequestOptions,
  ApprovalState,
  ApprovalsClient,
  DecideOptions,
  Evidence,
  RequestApprovalOptions,
  WaitForApprovalOptions,
} from './approvals/types.js';
export type {
  CreateScheduleOptions,
  OverlapPolicy,
  ScheduleCounters,
  ScheduleDescription,
  ScheduleOptions,
  ScheduleRun,
  SchedulesClient,
  Triggered,
} from './schedules/types.js';
export { WorkflowContext } from './context.js';
export type {
  ActivityOptions,
  RetryPolicy,
  SignalResult,
  SleepDuration,
  StepInfo,
  WaitForSignalOptions,
} from './context.js';
export {
  AetherError,
  ApprovalConflictError,
  ApprovalNotFoundError,
  CancelledError,
  ChildFailedError,
  MergeConflictError,
  MountError,
  NonDeterminismError,
  ProtocolError,
  RetryableError,
  ScheduleNotFoundError,
  ServerUrlError,
  StepFailedError,
  TerminalError,
  TimeoutError,
  WorkflowFailedError,
  WorkflowFinishedError,
  WorkflowNotFoundError,
  WorkspaceError,
} from './errors.js';
export type { Failure, MergeConflict, StatusName, TimeoutKind, WorkspaceErrorReason } from './errors.js';
export type { Workflow, WorkflowFn } from './workflow.js';
export type {
  ActorOptions,
  Annotation,
  BatchOp,
  BusMessage,
  ByteRange,
  CacheDeleteOptions,
  CacheEntry,
  CachePutOptions,
  Checkpoint,
  CheckpointOptions,
  Commit,
  CommitOptions,
  CreateSessionOptions,
  EntryKind,
  EventPage,
  EventQuery,
  FileContent,
  ForkOptions,
  JsonValue,
  Knowledge,
  KnowledgeFilter,
  KnowledgeLink,
  Manifest,
  ManifestEntry,
  MergeResult,
  MountOptions,
  MountResult,
  Mutation,
  MutationOptions,
  NewAnnotation,
  NewKnowledge,
  PatchOptions,
  Promotion,
  PromoteOptions,
  ReadOptions,
  ResolveOptions,
  Segment,
  Session,
  SessionFilter,
  SessionFrom,
  SessionOrigin,
  SessionState,
  Source,
  SubscribeOptions,
  Subscription,
  TreeOptions,
  WorkspaceCache,
  WorkspaceClient,
  WorkspaceEvent,
  WorkspaceFile,
  WorkflowWorkspace,
  WriteOptions,
} from './workspace/types.js';
