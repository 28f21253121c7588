/**
 * `ctx.workspace`: workspace operations as built-in activities that the engine runs itself and
 * journals (`WorkerService.WorkspaceActivity`, sent on the command stream). The worker never calls
 * the workspace API: if it did, a retried step would apply a change twice and the engine could
 * not tie the change to its journal entry. The engine applies each change at most once per
 * workflow and position and records its outcome; the SDK only names the call.
 *
 * Like `ctx.step`, a call takes its journal position when it is made. Unlike a step, a position
 * already in the journal still goes to the engine: it holds the digest of the recorded call (so
 * a changed call is a non-determinism error) and answers from the journal without touching the
 * session; for reads and exports, whose entries hold only a hash, with the bytes it names (from the content
 * store, without touching the session), so a replay sees exactly what the first run read.
 *
 * A call is a JSON object `{"op": ..., ...arguments}` in the engine's names (those of the HTTP
 * API); a write's bytes travel beside it, never in it, so the journal keeps their digest.
 */

import { fromWireFailure, parseJson, toJson } from '../codec.js';
import { ProtocolError, toWorkspaceError, workspaceErrorFromFailure } from '../errors.js';
import type { Execution } from '../execution.js';
import {
  annotationFromJson,
  batchOpJson,
  busMessageFromJson,
  cacheEntryFromJson,
  checkpointFromJson,
  commitFromJson,
  fields,
  fileFromJson,
  knowledgeFilterJson,
  knowledgeFromJson,
  knowledgeListFromJson,
  manifestFromJson,
  mergeResultFromJson,
  mutationFromJson,
  newKnowledgeJson,
  originJson,
  promotionFromJson,
  segmentJson,
  sessionFromJson,
} from './json.js';
import type { WorkflowWorkspace } from './types.js';
import { toBytes } from './wire.js';

/** The operations of the engine's `Activity`, by the `op` it reads. */
type Op =
  | 'create'
  | 'get'
  | 'manifest'
  | 'read'
  | 'write'
  | 'dirs'
  | 'rename'
  | 'delete'
  | 'batch'
  | 'patchSegments'
  | 'cacheGet'
  | 'cachePut'
  | 'cacheDelete'
  | 'publish'
  | 'annotate'
  | 'resolve'
  | 'checkpoint'
  | 'restore'
  | 'fork'
  | 'commit'
  | 'merge'
  | 'promote'
  | 'addKnowledge'
  | 'searchKnowledge'
  | 'export'
  | 'archive';

const NO_BYTES = Buffer.alloc(0);

/** What an activity returned: its result, and the bytes of a read or an export. */
interface Outcome {
  result: unknown;
  content: Buffer;
}

/**
 * Runs one workspace activity: takes the next journal position now (so that calls made in a
 * deterministic order replay to the same positions), then asks the engine, which answers a journaled
 * position from the journal. `build` gives the operation's arguments in the engine's names (undefined ones are left
 * out of the JSON, which the engine reads as absent) and a write's bytes; it runs after the
 * position is taken, so that input it cannot encode rejects this call without shifting the
 * positions of the calls after it.
 */
function activity(
  execution: Execution,
  op: Op,
  build: () => { args: Record<string, unknown>; bytes?: Buffer },
): Promise<Outcome> {
  const position = execution.position();
  const name = `workspace.${op}`;
  const run = async (): Promise<Outcome> => {
    const stopped = execution.checkStopped();
    if (stopped) {
      return stopped;
    }
    const { args, bytes = NO_BYTES } = build();
    const activityJson = toJson({ op, ...args });
    // A journaled position still goes to the engine: only the engine holds the digest of the
    // call it recorded there, so only it can tell a replay from a changed call (a
    // non-determinism error), and it answers a replay from the journal without touching the
    // session. The local journal checks the operation at least.
    execution.expect(position, 'ENTRY_KIND_WORKSPACE', name);
    let response;
    try {
      response = await execution.inFlight(() =>
        execution.command('workspaceActivity', { position, activityJson, content: bytes }),
      );
    } catch (error) {
      // Not a journaled refusal: the engine could not take the call at all (arguments it cannot
      // read, no workspaces), which a replay would meet again.
      throw toWorkspaceError(error);
    }
    switch (response.status) {
      case 'ENTRY_STATUS_SUCCEEDED':
        return { result: parseJson<unknown>(response.resultJson, `result of ${name}`), content: response.content };
      case 'ENTRY_STATUS_FAILED':
        throw workspaceErrorFromFailure(fromWireFailure(response.failure));
      default:
        throw new ProtocolError(`the engine answered ${name} at position ${position} with ${response.status}`);
    }
  };
  return run();
}

const list = (paths: string | string[]): string[] => (typeof paths === 'string' ? [paths] : paths);

/** JSON has no `undefined`: a value left out is stored as `null`, as `client.workspace` does. */
const json = (value: unknown): unknown => (value === undefined ? null : value);

/**
 * `ctx.workspace` for one execution. Every method calls `activity` before its first `await`, so
 * the call takes its journal position when it is made.
 */
export function workflowWorkspace(execution: Execution): WorkflowWorkspace {
  const call = (op: Op, args: () => Record<string, unknown>) => activity(execution, op, () => ({ args: args() }));
  const mutation = async (outcome: Promise<Outcome>) => mutationFromJson((await outcome).result);

  return {
    async create(options = {}) {
      const { id, from, labels } = options;
      return sessionFromJson((await call('create', () => ({ id, from: originJson(from), labels }))).result);
    },

    async get(sessionId) {
      return sessionFromJson((await call('get', () => ({ sessionId }))).result);
    },

    async manifest(sessionId) {
      return manifestFromJson((await call('manifest', () => ({ sessionId }))).result);
    },

    async read(sessionId, path) {
      const { result, content } = await call('read', () => ({ sessionId, path }));
      const file = fileFromJson(result, content);
      if (file.size !== content.length) {
        throw new ProtocolError(`the engine sent ${content.length} bytes of ${path}, which has ${file.size}`);
      }
      return file;
    },

    write(sessionId, path, data, options = {}) {
      const { mode, expectedRevision } = options;
      const args = { sessionId, path, mode, expectedRevision };
      return mutation(activity(execution, 'write', () => ({ args, bytes: toBytes(data) })));
    },

    dirs(sessionId, paths, options = {}) {
      return mutation(call('dirs', () => ({ sessionId, paths: list(paths), expectedRevision: options.expectedRevision })));
    },

    rename(sessionId, from, to, options = {}) {
      return mutation(call('rename', () => ({ sessionId, from, to, expectedRevision: options.expectedRevision })));
    },

    delete(sessionId, paths, options = {}) {
      return mutation(call('delete', () => ({ sessionId, paths: list(paths), expectedRevision: options.expectedRevision })));
    },

    batch(sessionId, ops, options = {}) {
      return mutation(
        call('batch', () => ({ sessionId, ops: ops.map(batchOpJson), expectedRevision: options.expectedRevision })),
      );
    },

    patchSegments(sessionId, path, segments, options = {}) {
      const { truncate, expectedRevision } = options;
      return mutation(
        call('patchSegments', () => ({ sessionId, path, segments: segments.map(segmentJson), truncate, expectedRevision })),
      );
    },

    async cacheGet<T>(sessionId: string, key: string) {
      return cacheEntryFromJson<T>((await call('cacheGet', () => ({ sessionId, key }))).result);
    },

    async cachePut<T>(sessionId: string, key: string, value: T, options: { ifVersion?: number; ttlMs?: number } = {}) {
      const { ifVersion, ttlMs } = options;
      const outcome = await call('cachePut', () => ({ sessionId, key, value: json(value), ifVersion, ttlMs }));
      return cacheEntryFromJson<T>(outcome.result);
    },

    async cacheDelete(sessionId, key, options = {}) {
      await call('cacheDelete', () => ({ sessionId, key, ifVersion: options.ifVersion }));
    },

    async publish<T>(sessionId: string, topic: string, message: T) {
      const outcome = await call('publish', () => ({ sessionId, topic, message: json(message) }));
      return busMessageFromJson<T>(outcome.result);
    },

    async annotate(sessionId, annotation) {
      const { path, lineStart, lineEnd, author, body } = annotation;
      const outcome = await call('annotate', () => ({ sessionId, path, lineStart, lineEnd, author, body }));
      return annotationFromJson(outcome.result);
    },

    async resolve(sessionId, annotationId, options = {}) {
      const outcome = await call('resolve', () => ({ sessionId, annotationId, resolved: options.resolved ?? true }));
      return annotationFromJson(outcome.result);
    },

    async checkpoint(sessionId, options = {}) {
      const { name, expectedRevision } = options;
      return checkpointFromJson((await call('checkpoint', () => ({ sessionId, name, expectedRevision }))).result);
    },

    restore(sessionId, checkpointId, options = {}) {
      return mutation(call('restore', () => ({ sessionId, checkpointId, expectedRevision: options.expectedRevision })));
    },

    async fork(sessionId, options = {}) {
      const outcome = await call('fork', () => ({ sessionId, id: options.newId, labels: options.labels ?? {} }));
      return sessionFromJson(outcome.result);
    },

    async commit(sessionId, options) {
      const { message, author, source, expectedRevision } = options;
      return commitFromJson((await call('commit', () => ({ sessionId, message, author, source, expectedRevision }))).result);
    },

    async merge(sessionId, from, options = {}) {
      const outcome = await call('merge', () => ({ sessionId, from, expectedRevision: options.expectedRevision }));
      return mergeResultFromJson(outcome.result);
    },

    async promote(sessionId, options = {}) {
      const { source, author, force = false, expectedRevision } = options;
      const outcome = await call('promote', () => ({ sessionId, source, author, force, expectedRevision }));
      return promotionFromJson(outcome.result);
    },

    async addKnowledge(entry) {
      return knowledgeFromJson((await call('addKnowledge', () => ({ entry: newKnowledgeJson(entry) }))).result);
    },

    async searchKnowledge(filter) {
      return knowledgeListFromJson((await call('searchKnowledge', () => ({ filter: knowledgeFilterJson(filter) }))).result);
    },

    async export(sessionId) {
      const { result, content } = await call('export', () => ({ sessionId }));
      // The result names the archive by hash and size; the bytes come beside it.
      const size = fields(result, 'export')['size'];
      if (typeof size === 'number' && size !== content.length) {
        throw new ProtocolError(`the engine sent ${content.length} bytes of an export of ${size}`);
      }
      return content;
    },

    async archive(sessionId, options = {}) {
      const outcome = await call('archive', () => ({ sessionId, expectedRevision: options.expectedRevision }));
      return sessionFromJson(outcome.result);
    },
  };
}
