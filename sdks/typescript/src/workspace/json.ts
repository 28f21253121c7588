/**
 * Conversions between the workspace types of `types.ts` and the JSON of the engine's workspace
 * activities (`ctx.workspace`), which is the HTTP API's: camelCase, RFC 3339 times, `null` for an
 * unset optional field, file contents as `content` text or `contentBase64`. The results arrive
 * this way because the journal keeps them as JSON; `wire.ts` holds the same conversions for the
 * gRPC messages of `client.workspace`, so that both APIs return identical values.
 */

import { ProtocolError } from '../errors.js';
import type {
  Annotation,
  BatchOp,
  BusMessage,
  CacheEntry,
  Checkpoint,
  Commit,
  EntryKind,
  Knowledge,
  KnowledgeFilter,
  KnowledgeLink,
  Manifest,
  MergeResult,
  Mutation,
  NewKnowledge,
  Promotion,
  Segment,
  Session,
  SessionFrom,
  SessionOrigin,
  SessionState,
  Source,
  WorkspaceFile,
} from './types.js';
import { optional, toBytes } from './wire.js';

/** An object of the engine's JSON, read field by field. */
type Fields = Record<string, unknown>;

/** The JSON object a result must be, or a {@link ProtocolError} naming what it should hold. */
export function fields(value: unknown, what: string): Fields {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new ProtocolError(`the engine's ${what} is not a JSON object`);
  }
  return value as Fields;
}

/** Text, or absent for `null`. */
function text(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/** Times come as RFC 3339 text. */
function date(value: unknown): Date {
  return new Date(typeof value === 'string' ? value : 0);
}

/** File content as the engine reads it inside a call's JSON: text as `content`, bytes as
 * `contentBase64`. */
function content(value: string | Uint8Array): { content: string } | { contentBase64: string } {
  return typeof value === 'string' ? { content: value } : { contentBase64: toBytes(value).toString('base64') };
}

export function originJson(from: SessionFrom | undefined): Fields {
  if (from === undefined || from.blank) return { kind: 'blank' };
  if (from.source !== undefined) return { kind: 'source', name: from.source };
  if (from.checkpointId !== undefined) return { kind: 'checkpoint', checkpointId: from.checkpointId };
  if (from.git !== undefined) return { kind: 'git', path: from.git.path, ...optional('ref', from.git.ref) };
  return { kind: 'archive', tarGzBase64: toBytes(from.tarGz).toString('base64') };
}

export function batchOpJson(op: BatchOp): Fields {
  switch (op.op) {
    case 'write':
      return { op: 'write', path: op.path, ...content(op.content), ...optional('mode', op.mode) };
    case 'delete':
      return { op: 'delete', path: op.path };
    case 'mkdir':
      return { op: 'mkdir', path: op.path };
    case 'rename':
      return { op: 'rename', from: op.from, to: op.to };
    case 'symlink':
      return { op: 'symlink', path: op.path, target: op.target };
    case 'chmod':
      return { op: 'chmod', path: op.path, mode: op.mode };
  }
}

export function segmentJson(segment: Segment): Fields {
  return { offset: segment.offset, ...content(segment.content) };
}

export function sessionFromJson(value: unknown): Session {
  const s = fields(value, 'session');
  const parent = s['parent'] === null || s['parent'] === undefined ? undefined : fields(s['parent'], "session's parent");
  return {
    id: s['id'] as string,
    revision: s['revision'] as number,
    root: s['root'] as string,
    state: s['state'] as SessionState,
    ...optional('source', text(s['source'])),
    ...optional('baseCommit', text(s['baseCommit'])),
    ...optional('lastCommit', text(s['lastCommit'])),
    ...optional('parent', parent && { sessionId: parent['sessionId'] as string, revision: parent['revision'] as number }),
    origin: s['origin'] as SessionOrigin,
    labels: { ...(s['labels'] as Record<string, string>) },
    sizeBytes: s['sizeBytes'] as number,
    fileCount: s['fileCount'] as number,
    eventCount: s['eventCount'] as number,
    createdAt: date(s['createdAt']),
    updatedAt: date(s['updatedAt']),
  };
}

export function manifestFromJson(value: unknown): Manifest {
  const m = fields(value, 'manifest');
  return {
    sessionId: m['sessionId'] as string,
    revision: m['revision'] as number,
    root: m['root'] as string,
    sizeBytes: m['sizeBytes'] as number,
    fileCount: m['fileCount'] as number,
    entries: (m['entries'] as Fields[]).map((e) => ({
      path: e['path'] as string,
      kind: e['kind'] as EntryKind,
      size: e['size'] as number,
      hash: e['hash'] as string,
      mode: e['mode'] as number,
    })),
  };
}

/** A read's result names the file; its bytes come beside it. */
export function fileFromJson(value: unknown, data: Buffer): WorkspaceFile {
  const f = fields(value, 'file');
  return {
    path: f['path'] as string,
    revision: f['revision'] as number,
    hash: f['hash'] as string,
    mode: f['mode'] as number,
    kind: f['kind'] as EntryKind,
    size: f['size'] as number,
    offset: f['offset'] as number,
    data,
  };
}

export function mutationFromJson(value: unknown): Mutation {
  const m = fields(value, 'mutation');
  return {
    sessionId: m['sessionId'] as string,
    revision: m['revision'] as number,
    root: m['root'] as string,
    eventSeq: m['eventSeq'] as number,
  };
}

export function cacheEntryFromJson<T>(value: unknown): CacheEntry<T> {
  const c = fields(value, 'cache entry');
  const expiresAt = text(c['expiresAt']);
  return {
    key: c['key'] as string,
    value: c['value'] as T,
    version: c['version'] as number,
    ...optional('expiresAt', expiresAt === undefined ? undefined : date(expiresAt)),
    updatedAt: date(c['updatedAt']),
  };
}

export function busMessageFromJson<T>(value: unknown): BusMessage<T> {
  const m = fields(value, 'bus message');
  return {
    sessionId: m['sessionId'] as string,
    topic: m['topic'] as string,
    message: m['message'] as T,
    ...optional('actor', text(m['actor'])),
    eventSeq: m['eventSeq'] as number,
    at: date(m['at']),
  };
}

export function annotationFromJson(value: unknown): Annotation {
  const a = fields(value, 'annotation');
  return {
    id: a['id'] as string,
    sessionId: a['sessionId'] as string,
    path: a['path'] as string,
    ...optional('lineStart', a['lineStart'] as number | null),
    ...optional('lineEnd', a['lineEnd'] as number | null),
    author: a['author'] as string,
    body: a['body'] as string,
    resolved: a['resolved'] as boolean,
    createdAt: date(a['createdAt']),
    updatedAt: date(a['updatedAt']),
  };
}

export function checkpointFromJson(value: unknown): Checkpoint {
  const c = fields(value, 'checkpoint');
  return {
    id: c['id'] as string,
    sessionId: c['sessionId'] as string,
    ...optional('name', text(c['name'])),
    revision: c['revision'] as number,
    root: c['root'] as string,
    sizeBytes: c['sizeBytes'] as number,
    fileCount: c['fileCount'] as number,
    createdAt: date(c['createdAt']),
  };
}

export function commitFromJson(value: unknown): Commit {
  const c = fields(value, 'commit');
  return {
    id: c['id'] as string,
    source: c['source'] as string,
    ...optional('sessionId', text(c['sessionId'])),
    ...optional('parent', text(c['parent'])),
    root: c['root'] as string,
    sizeBytes: c['sizeBytes'] as number,
    fileCount: c['fileCount'] as number,
    message: c['message'] as string,
    author: c['author'] as string,
    createdAt: date(c['createdAt']),
  };
}

function sourceFromJson(value: unknown): Source {
  const s = fields(value, 'source');
  return {
    name: s['name'] as string,
    headCommit: s['headCommit'] as string,
    root: s['root'] as string,
    sizeBytes: s['sizeBytes'] as number,
    fileCount: s['fileCount'] as number,
    createdAt: date(s['createdAt']),
    updatedAt: date(s['updatedAt']),
  };
}

export function mergeResultFromJson(value: unknown): MergeResult {
  const m = fields(value, 'merge outcome');
  return {
    mutation: mutationFromJson(m['mutation']),
    ...optional('ancestor', text(m['ancestor'])),
    changed: m['changed'] as string[],
    combined: m['combined'] as string[],
  };
}

export function promotionFromJson(value: unknown): Promotion {
  const p = fields(value, 'promotion');
  return { source: sourceFromJson(p['source']), commit: commitFromJson(p['commit']) };
}

/** A link as the engine reads it: `sessionId` and `revision` left out when absent. */
function linkJson(link: KnowledgeLink): Fields {
  return { path: link.path, ...optional('sessionId', link.sessionId), ...optional('revision', link.revision) };
}

/** The entry of an `addKnowledge` call, field by field: the engine refuses unknown fields. */
export function newKnowledgeJson(entry: NewKnowledge): Fields {
  const { source, title, body, tags, links, author } = entry;
  return { source, title, body, tags, links: links?.map(linkJson), author };
}

/** The filter of a `searchKnowledge` call, field by field: the engine refuses unknown fields. */
export function knowledgeFilterJson(filter: KnowledgeFilter): Fields {
  const { source, tag, text, limit } = filter;
  return { source, tag, text, limit };
}

export function knowledgeFromJson(value: unknown): Knowledge {
  const k = fields(value, 'knowledge entry');
  const links = (k['links'] as unknown[]).map((l) => {
    const link = fields(l, "knowledge entry's link");
    return {
      path: link['path'] as string,
      ...optional('sessionId', text(link['sessionId'])),
      ...optional('revision', link['revision'] as number | null | undefined),
    };
  });
  return {
    id: k['id'] as string,
    source: k['source'] as string,
    title: k['title'] as string,
    body: k['body'] as string,
    tags: [...(k['tags'] as string[])],
    links,
    ...optional('author', text(k['author'])),
    createdAt: date(k['createdAt']),
  };
}

/** A search's result: an array of entries. */
export function knowledgeListFromJson(value: unknown): Knowledge[] {
  if (!Array.isArray(value)) {
    throw new ProtocolError("the engine's knowledge entries are not a JSON array");
  }
  return value.map(knowledgeFromJson);
}
