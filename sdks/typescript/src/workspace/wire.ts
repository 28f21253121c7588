/**
 * Conversions between the workspace types of `types.ts` and the generated messages of
 * `proto/aether/v1/workspace.proto`: one function per message, so that a renamed proto field
 * fails to compile here and nowhere else. Timestamps arrive as RFC 3339 text, JSON values as
 * JSON text, unset optional fields absent.
 */

import { parseJson, required } from '../codec.js';
import type { Annotation__Output } from '../generated/aether/v1/Annotation.js';
import type { BatchOp as WireBatchOp } from '../generated/aether/v1/BatchOp.js';
import type { BusMessage__Output } from '../generated/aether/v1/BusMessage.js';
import type { CacheValue__Output } from '../generated/aether/v1/CacheValue.js';
import type { Checkpoint__Output } from '../generated/aether/v1/Checkpoint.js';
import type { CommitInfo__Output } from '../generated/aether/v1/CommitInfo.js';
import type { CreateSessionRequest } from '../generated/aether/v1/CreateSessionRequest.js';
import type { Event__Output } from '../generated/aether/v1/Event.js';
import type { FileContent__Output } from '../generated/aether/v1/FileContent.js';
import type { KnowledgeEntry__Output } from '../generated/aether/v1/KnowledgeEntry.js';
import type { KnowledgeLink, KnowledgeLink__Output } from '../generated/aether/v1/KnowledgeLink.js';
import type { Manifest__Output } from '../generated/aether/v1/Manifest.js';
import type { MergeResponse__Output } from '../generated/aether/v1/MergeResponse.js';
import type { Mutation__Output } from '../generated/aether/v1/Mutation.js';
import type { PromoteResponse__Output } from '../generated/aether/v1/PromoteResponse.js';
import type { Session__Output } from '../generated/aether/v1/Session.js';
import type { Source__Output } from '../generated/aether/v1/Source.js';
import type {
  Annotation,
  BatchOp,
  BusMessage,
  CacheEntry,
  Checkpoint,
  Commit,
  EntryKind,
  FileContent,
  JsonValue,
  Knowledge,
  KnowledgeLink as Link,
  Manifest,
  MergeResult,
  Mutation,
  Promotion,
  Session,
  SessionFrom,
  SessionOrigin,
  SessionState,
  Source,
  WorkspaceEvent,
} from './types.js';

/** `{ [key]: value }`, or nothing when the wire left the field unset. */
export function optional<K extends string, V>(key: K, value: V | null | undefined): { [P in K]?: V } {
  return (value === undefined || value === null ? {} : { [key]: value }) as { [P in K]?: V };
}

export function toBytes(content: string | Uint8Array): Buffer {
  return typeof content === 'string'
    ? Buffer.from(content, 'utf8')
    : Buffer.from(content.buffer, content.byteOffset, content.byteLength);
}

export function toSession(s: Session__Output): Session {
  const parent =
    s.parentSessionId === undefined ? undefined : { sessionId: s.parentSessionId, revision: s.parentRevision ?? 0 };
  return {
    id: s.id,
    revision: s.revision,
    root: s.root,
    state: s.state as SessionState,
    ...optional('source', s.source),
    ...optional('baseCommit', s.baseCommit),
    ...optional('lastCommit', s.lastCommit),
    ...optional('parent', parent),
    origin: parseJson<SessionOrigin>(s.originJson, "a session's origin"),
    labels: { ...s.labels },
    sizeBytes: s.sizeBytes,
    fileCount: s.fileCount,
    eventCount: s.eventCount,
    createdAt: new Date(s.createdAt),
    updatedAt: new Date(s.updatedAt),
  };
}

export function toManifest(m: Manifest__Output): Manifest {
  return {
    sessionId: m.sessionId,
    revision: m.revision,
    root: m.root,
    sizeBytes: m.sizeBytes,
    fileCount: m.fileCount,
    entries: m.entries.map((e) => ({
      path: e.path,
      kind: e.kind as EntryKind,
      size: e.size,
      hash: e.hash,
      mode: e.mode,
    })),
  };
}

export function toFileContent(f: FileContent__Output): FileContent {
  return {
    path: f.path,
    revision: f.revision,
    hash: f.hash,
    mode: f.mode,
    kind: f.kind as EntryKind,
    size: f.size,
    offset: f.offset,
    data: f.data,
  };
}

export function toMutation(m: Mutation__Output | null): Mutation {
  const { sessionId, revision, root, eventSeq } = required(m, 'mutation');
  return { sessionId, revision, root, eventSeq };
}

export function toCacheEntry<T>(c: CacheValue__Output): CacheEntry<T> {
  return {
    key: c.key,
    value: parseJson<T>(c.valueJson, 'a cache value'),
    version: c.version,
    ...optional('expiresAt', c.expiresAt ? new Date(c.expiresAt) : undefined),
    updatedAt: new Date(c.updatedAt),
  };
}

export function toBusMessage<T>(m: BusMessage__Output): BusMessage<T> {
  return {
    sessionId: m.sessionId,
    topic: m.topic,
    message: parseJson<T>(m.messageJson, 'a bus message'),
    ...optional('actor', m.actor),
    eventSeq: m.eventSeq,
    at: new Date(m.at),
  };
}

export function toAnnotation(a: Annotation__Output): Annotation {
  return {
    id: a.id,
    sessionId: a.sessionId,
    path: a.path,
    ...optional('lineStart', a.lineStart),
    ...optional('lineEnd', a.lineEnd),
    author: a.author,
    body: a.body,
    resolved: a.resolved,
    createdAt: new Date(a.createdAt),
    updatedAt: new Date(a.updatedAt),
  };
}

export function toEvent(e: Event__Output): WorkspaceEvent {
  return {
    seq: e.seq,
    revision: e.revision,
    kind: e.kind,
    ...optional('actor', e.actor),
    detail: parseJson<JsonValue>(e.detailJson, "an event's detail"),
    at: new Date(e.at),
  };
}

export function toCheckpoint(c: Checkpoint__Output): Checkpoint {
  return {
    id: c.id,
    sessionId: c.sessionId,
    ...optional('name', c.name),
    revision: c.revision,
    root: c.root,
    sizeBytes: c.sizeBytes,
    fileCount: c.fileCount,
    createdAt: new Date(c.createdAt),
  };
}

export function toCommit(c: CommitInfo__Output | null): Commit {
  const commit = required(c, 'commit');
  return {
    id: commit.id,
    source: commit.source,
    ...optional('sessionId', commit.sessionId),
    ...optional('parent', commit.parent),
    root: commit.root,
    sizeBytes: commit.sizeBytes,
    fileCount: commit.fileCount,
    message: commit.message,
    author: commit.author,
    createdAt: new Date(commit.createdAt),
  };
}

export function toSource(s: Source__Output | null): Source {
  const source = required(s, 'source');
  return {
    name: source.name,
    headCommit: source.headCommit,
    root: source.root,
    sizeBytes: source.sizeBytes,
    fileCount: source.fileCount,
    createdAt: new Date(source.createdAt),
    updatedAt: new Date(source.updatedAt),
  };
}

export function toMergeResult(m: MergeResponse__Output): MergeResult {
  return {
    mutation: toMutation(m.mutation),
    ...optional('ancestor', m.ancestor),
    changed: m.changed,
    combined: m.combined,
  };
}

export function toPromotion(p: PromoteResponse__Output): Promotion {
  return { source: toSource(p.source), commit: toCommit(p.commit) };
}

export function toWireOp(op: BatchOp): WireBatchOp {
  switch (op.op) {
    case 'write':
      return { write: { path: op.path, content: toBytes(op.content), ...optional('mode', op.mode) } };
    case 'delete':
      return { delete: op.path };
    case 'mkdir':
      return { mkdir: op.path };
    case 'rename':
      return { rename: { from: op.from, to: op.to } };
    case 'symlink':
      return { symlink: { path: op.path, target: op.target } };
    case 'chmod':
      return { chmod: { path: op.path, mode: op.mode } };
  }
}

/** The `from` oneof of a CreateSessionRequest. */
export function toWireFrom(
  from: SessionFrom | undefined,
): Pick<CreateSessionRequest, 'blank' | 'source' | 'checkpointId' | 'git' | 'tarGz'> {
  if (from === undefined || from.blank) return { blank: {} };
  if (from.source !== undefined) return { source: from.source };
  if (from.checkpointId !== undefined) return { checkpointId: from.checkpointId };
  if (from.git !== undefined) return { git: { path: from.git.path, ref: from.git.ref ?? '' } };
  return { tarGz: toBytes(from.tarGz) };
}

/** A link of a knowledge entry, for an AddKnowledgeRequest. */
export function toWireLink(link: Link): KnowledgeLink {
  return { path: link.path, ...optional('sessionId', link.sessionId), ...optional('revision', link.revision) };
}

function toLink(l: KnowledgeLink__Output): Link {
  return { path: l.path, ...optional('sessionId', l.sessionId), ...optional('revision', l.revision) };
}

export function toKnowledge(k: KnowledgeEntry__Output): Knowledge {
  return {
    id: k.id,
    source: k.source,
    title: k.title,
    body: k.body,
    tags: k.tags,
    links: k.links.map(toLink),
    ...optional('author', k.author),
    createdAt: new Date(k.createdAt),
  };
}
