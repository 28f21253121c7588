/**
 * `client.workspace`: sessions, the versioned file trees agents work in, over the server's
 * `WorkspaceService`. Every mutation may name the revision it expects (`expectedRevision`); a
 * stale one fails with a {@link WorkspaceError} whose reason is `stale_revision`, and changes
 * nothing. Each mutation moves the session to a new revision.
 *
 * ```ts
 * const session = await client.workspace.create({ labels: { agent: 'fixer' } });
 * const { revision } = await client.workspace.write(session.id, 'src/app.ts', 'export {};\n');
 * await client.workspace.write(session.id, 'README.md', '# app\n', { expectedRevision: revision });
 * ```
 *
 * Requests list their fields one by one (no spread of caller options), so that the compiler
 * checks each against the generated request type. `mount` is not a call but `aether mount` run
 * as a child process (`mount.ts`).
 */

import { toJson } from '../codec.js';
import { toWorkspaceError } from '../errors.js';
import type { WorkspaceServiceClient } from '../generated/aether/v1/WorkspaceService.js';
import {
  type Connection,
  type Loose,
  type RequestOf,
  type ResponseOf,
  type UnaryMethod,
  unary,
} from '../transport.js';
import { type MountTarget, mount } from './mount.js';
import { subscription } from './subscription.js';
import type {
  ActorOptions,
  CachePutOptions,
  FileContent,
  JsonValue,
  ReadOptions,
  SubscribeOptions,
  WorkspaceCache,
  WorkspaceClient,
} from './types.js';
import {
  toAnnotation,
  toBusMessage,
  toBytes,
  toCacheEntry,
  toCheckpoint,
  toCommit,
  toEvent,
  toFileContent,
  toKnowledge,
  toManifest,
  toMergeResult,
  toMutation,
  toPromotion,
  toSession,
  toSource,
  toWireFrom,
  toWireLink,
  toWireOp,
} from './wire.js';

type Service = WorkspaceServiceClient;

/** The workspace client of a connection, and how to end its live subscriptions. `mountTarget`
 * is the server and credentials `aether mount` is given: the connection's own. */
export function workspaceClient(
  connection: Connection,
  mountTarget: MountTarget,
): { workspace: WorkspaceClient; closeSubscriptions(): void } {
  const live = new Set<{ close(): void }>();

  /** A unary call whose failure is a {@link WorkspaceError}. */
  async function call<K extends UnaryMethod<Service>>(
    method: K,
    request: Loose<RequestOf<Service, K>>,
  ): Promise<ResponseOf<Service, K>> {
    try {
      return await unary(connection.workspace, method, request);
    } catch (error) {
      throw toWorkspaceError(error);
    }
  }

  const paths = (p: string | string[]) => (typeof p === 'string' ? [p] : p);

  async function readFile(sessionId: string, path: string, options: ReadOptions = {}): Promise<FileContent> {
    const { offset = 0, length, checkpoint } = options;
    const request = { sessionId, path, offset, length, checkpoint };
    return toFileContent(await call('readFile', request));
  }

  const cache: WorkspaceCache = {
    async get<T = JsonValue>(sessionId: string, key: string) {
      return toCacheEntry<T>(await call('getCache', { sessionId, key }));
    },
    async put<T>(sessionId: string, key: string, value: T, options: CachePutOptions = {}) {
      const { ifVersion, ttlMs, actor } = options;
      const request = { sessionId, key, valueJson: toJson(value), ifVersion, ttlMs, actor };
      return toCacheEntry<T>(await call('putCache', request));
    },
    async delete(sessionId, key, options = {}) {
      await call('deleteCache', { sessionId, key, ifVersion: options.ifVersion, actor: options.actor });
    },
  };

  const workspace: WorkspaceClient = {
    async create(options = {}) {
      const { id, labels = {}, actor } = options;
      return toSession(await call('createSession', { id, labels, actor, ...toWireFrom(options.from) }));
    },

    async get(sessionId) {
      return toSession(await call('getSession', { sessionId }));
    },

    async list(filter = {}) {
      const { state, source, parent, labels = {}, limit } = filter;
      const response = await call('listSessions', { state, source, parent, labels, limit });
      return response.sessions.map(toSession);
    },

    async manifest(sessionId, options = {}) {
      return toManifest(await call('getManifest', { sessionId, checkpoint: options.checkpoint }));
    },

    async read(sessionId, path, options) {
      return (await readFile(sessionId, path, options)).data;
    },

    async readText(sessionId, path, options) {
      return Buffer.from((await readFile(sessionId, path, options)).data).toString('utf8');
    },

    readFile,

    async write(sessionId, path, content, options = {}) {
      const { mode, expectedRevision, actor } = options;
      const request = { sessionId, path, content: toBytes(content), mode, expectedRevision, actor };
      return toMutation(await call('writeFile', request));
    },

    async mkdirs(sessionId, dirs, options = {}) {
      const { expectedRevision, actor } = options;
      return toMutation(await call('makeDirs', { sessionId, paths: paths(dirs), expectedRevision, actor }));
    },

    async rename(sessionId, from, to, options = {}) {
      const { expectedRevision, actor } = options;
      return toMutation(await call('rename', { sessionId, from, to, expectedRevision, actor }));
    },

    async delete(sessionId, targets, options = {}) {
      const { expectedRevision, actor } = options;
      return toMutation(await call('delete', { sessionId, paths: paths(targets), expectedRevision, actor }));
    },

    async batch(sessionId, ops, options = {}) {
      const { expectedRevision, actor } = options;
      return toMutation(await call('batch', { sessionId, ops: ops.map(toWireOp), expectedRevision, actor }));
    },

    async patchSegments(sessionId, path, segments, options = {}) {
      const { truncate, expectedRevision, actor } = options;
      const wireSegments = segments.map((s) => ({ offset: s.offset, content: toBytes(s.content) }));
      const request = { sessionId, path, segments: wireSegments, truncate, expectedRevision, actor };
      return toMutation(await call('patchSegments', request));
    },

    cache,

    async publish<T>(sessionId: string, topic: string, message: T, options: ActorOptions = {}) {
      const request = { sessionId, topic, messageJson: toJson(message), actor: options.actor };
      return toBusMessage<T>(await call('publish', request));
    },

    subscribe<T = JsonValue>(sessionId: string, topic: string, options: SubscribeOptions = {}) {
      const stream = connection.workspace.subscribe({ sessionId, topic });
      const { signal } = options;
      const abort = () => handle.close();
      const handle = subscription<T>(stream, () => {
        live.delete(handle);
        signal?.removeEventListener('abort', abort);
      });
      live.add(handle);
      if (signal?.aborted) handle.close();
      else signal?.addEventListener('abort', abort, { once: true });
      return handle;
    },

    async annotate(sessionId, annotation, options = {}) {
      const { path, lineStart, lineEnd, author, body } = annotation;
      const request = { sessionId, path, lineStart, lineEnd, author, body, actor: options.actor };
      return toAnnotation(await call('addAnnotation', request));
    },

    async annotations(sessionId) {
      const response = await call('listAnnotations', { sessionId });
      return response.annotations.map(toAnnotation);
    },

    async resolve(sessionId, annotationId, options = {}) {
      const request = { sessionId, annotationId, resolved: options.resolved ?? true, actor: options.actor };
      return toAnnotation(await call('resolveAnnotation', request));
    },

    async events(sessionId, query = {}) {
      const page = await call('listEvents', { sessionId, after: query.after ?? 0, limit: query.limit });
      const events = page.events.map(toEvent);
      return page.next === undefined ? { events } : { events, next: page.next };
    },

    async checkpoint(sessionId, options = {}) {
      const { name, expectedRevision, actor } = options;
      return toCheckpoint(await call('createCheckpoint', { sessionId, name, expectedRevision, actor }));
    },

    async checkpoints(sessionId) {
      const response = await call('listCheckpoints', { sessionId });
      return response.checkpoints.map(toCheckpoint);
    },

    async restore(sessionId, checkpointId, options = {}) {
      const { expectedRevision, actor } = options;
      return toMutation(await call('restore', { sessionId, checkpointId, expectedRevision, actor }));
    },

    async fork(sessionId, options = {}) {
      const request = { sessionId, newId: options.newId, labels: options.labels ?? {}, actor: options.actor };
      return toSession(await call('fork', request));
    },

    async commit(sessionId, options) {
      const { message, author, source, expectedRevision, actor } = options;
      return toCommit(await call('commit', { sessionId, message, author, source, expectedRevision, actor }));
    },

    async merge(sessionId, from, options = {}) {
      const { expectedRevision, actor } = options;
      return toMergeResult(await call('merge', { sessionId, from, expectedRevision, actor }));
    },

    async promote(sessionId, options = {}) {
      const { source, expectedRevision, actor } = options;
      const request = {
        sessionId,
        source,
        author: options.author ?? '',
        force: options.force ?? false,
        expectedRevision,
        actor,
      };
      return toPromotion(await call('promote', request));
    },

    async export(sessionId) {
      return (await call('export', { sessionId })).tarGz;
    },

    async archive(sessionId, options = {}) {
      const { expectedRevision, actor } = options;
      return toSession(await call('archive', { sessionId, expectedRevision, actor }));
    },

    async sources() {
      const response = await call('listSources', {});
      return response.sources.map(toSource);
    },

    async addKnowledge(entry) {
      const { source, title, body, tags = [], links = [], author } = entry;
      const request = { source, title, body, tags, links: links.map(toWireLink), author };
      return toKnowledge(await call('addKnowledge', request));
    },

    async searchKnowledge(filter) {
      const { source, tag, text, limit } = filter;
      const response = await call('searchKnowledge', { source, tag, text, limit });
      return response.entries.map(toKnowledge);
    },

    async getKnowledge(id) {
      return toKnowledge(await call('getKnowledge', { id }));
    },

    async deleteKnowledge(id) {
      await call('deleteKnowledge', { id });
    },

    mount(sessionId, dir, fn, options) {
      return mount(mountTarget, sessionId, dir, fn, options);
    },
  };

  return {
    workspace,
    closeSubscriptions() {
      for (const handle of [...live]) handle.close();
    },
  };
}
