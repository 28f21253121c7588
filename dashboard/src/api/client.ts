// The one place that talks to the server: it builds every URL, calls `fetch` (and opens the
// `EventSource`), decodes JSON and turns every failure into an `ApiError`. Pages and components
// receive an `Api` through `ApiProvider`, so tests hand them a mocked object instead.

import { ApiError } from './error';
import type {
  Annotation,
  AnnotationList,
  Approval,
  ApprovalPage,
  ApprovalQuery,
  AuthSession,
  Checkpoint,
  CheckpointList,
  DecisionBody,
  DiffRef,
  FileData,
  HistoryEvent,
  HistoryPage,
  Json,
  Manifest,
  MetricsSummary,
  Schedule,
  ScheduleList,
  Session,
  SessionDiff,
  SessionEventPage,
  SessionList,
  SignalAccepted,
  StreamHandlers,
  StreamOptions,
  Triggered,
  Unsubscribe,
  Verdict,
  WorkerList,
  WorkerView,
  WorkflowDetail,
  WorkflowPage,
  WorkflowQuery,
  WorkflowView,
} from './types';

/** Everything the dashboard asks of the server. */
export interface Api {
  /** Who the dashboard acts as; rejects with a 401 `ApiError` when nobody is signed in. */
  getAuthSession(signal?: AbortSignal): Promise<AuthSession>;
  /** Trades a key for a session cookie (HttpOnly: the page never sees it); 401 on a wrong key. */
  signIn(key: string): Promise<AuthSession>;
  /** Ends the session and clears its cookie. */
  signOut(): Promise<void>;

  listWorkflows(query: WorkflowQuery, signal?: AbortSignal): Promise<WorkflowPage>;
  getWorkflow(id: string, signal?: AbortSignal): Promise<WorkflowDetail>;
  getHistory(id: string, signal?: AbortSignal): Promise<HistoryEvent[]>;
  cancelWorkflow(id: string, reason?: string): Promise<WorkflowDetail>;
  signalWorkflow(
    id: string,
    name: string,
    payload: Json,
    idempotencyKey?: string,
  ): Promise<SignalAccepted>;

  listWorkers(signal?: AbortSignal): Promise<WorkerView[]>;

  listApprovals(query: ApprovalQuery, signal?: AbortSignal): Promise<ApprovalPage>;
  getApproval(id: string, signal?: AbortSignal): Promise<Approval>;
  decideApproval(id: string, verdict: Verdict, body: DecisionBody): Promise<Approval>;

  listSessions(signal?: AbortSignal): Promise<Session[]>;
  getSession(id: string, signal?: AbortSignal): Promise<Session>;
  getManifest(id: string, signal?: AbortSignal): Promise<Manifest>;
  /** At most `limit` bytes of the file (the first ones). */
  readFile(id: string, path: string, limit: number, signal?: AbortSignal): Promise<FileData>;
  listCheckpoints(id: string, signal?: AbortSignal): Promise<Checkpoint[]>;
  listAnnotations(id: string, signal?: AbortSignal): Promise<Annotation[]>;
  listSessionEvents(
    id: string,
    after: number,
    limit: number,
    signal?: AbortSignal,
  ): Promise<SessionEventPage>;
  getSessionDiff(id: string, from: DiffRef, to: DiffRef, signal?: AbortSignal): Promise<SessionDiff>;

  getMetricsSummary(signal?: AbortSignal): Promise<MetricsSummary>;

  listSchedules(signal?: AbortSignal): Promise<Schedule[]>;
  getSchedule(id: string, signal?: AbortSignal): Promise<Schedule>;
  /** Pauses it with a note for the people reading it; answers the schedule as it now stands. */
  pauseSchedule(id: string, note: string): Promise<Schedule>;
  unpauseSchedule(id: string, note?: string): Promise<Schedule>;
  /** Starts one tick now (under the schedule's overlap policy). */
  triggerSchedule(id: string): Promise<Triggered>;

  /** Live workflow changes over server-sent events (`GET /v1/stream`). */
  subscribe(options: StreamOptions, handlers: StreamHandlers): Unsubscribe;
}

type QueryValue = string | number | undefined;

/** `/v1/a/{b}` with each segment encoded, plus the defined query parameters in order. */
export function apiUrl(segments: readonly string[], query: Record<string, QueryValue> = {}): string {
  const path = '/' + segments.map((s) => encodeURIComponent(s)).join('/');
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && value !== '') params.set(key, String(value));
  }
  const search = params.toString();
  return search ? `${path}?${search}` : path;
}

/** A file path inside a session: each of its segments encoded, the slashes kept. */
function filePath(path: string): string[] {
  return path.split('/').filter((s) => s !== '');
}

type FetchFn = (input: string, init?: RequestInit) => Promise<Response>;
type EventSourceFactory = (url: string) => EventSource;

export interface HttpApiOptions {
  /** Prepended to every path; empty for the same origin. */
  baseUrl?: string;
  fetch?: FetchFn;
  eventSource?: EventSourceFactory;
}

async function errorOf(response: Response): Promise<ApiError> {
  let text = '';
  try {
    text = await response.text();
  } catch {
    // The body is gone; the status says enough.
  }
  try {
    const body: unknown = JSON.parse(text);
    if (body && typeof body === 'object' && 'code' in body && 'message' in body) {
      const { code, message } = body;
      if (typeof code === 'string' && typeof message === 'string') {
        return new ApiError(response.status, code, message);
      }
    }
  } catch {
    // Not JSON: a proxy's page, say.
  }
  const message = text.trim().slice(0, 300) || response.statusText || 'request failed';
  return new ApiError(response.status, `http_${response.status}`, message);
}

export function createHttpApi(options: HttpApiOptions = {}): Api {
  const base = options.baseUrl ?? '';
  const doFetch: FetchFn = options.fetch ?? ((input, init) => fetch(input, init));
  const openEventSource: EventSourceFactory =
    // Same origin, so the session cookie goes with it (no `withCredentials` needed).
    options.eventSource ?? ((url) => new EventSource(url));

  async function send(url: string, init: RequestInit = {}): Promise<Response> {
    let response: Response;
    try {
      // The session cookie goes with every call to the dashboard's own server, never elsewhere.
      response = await doFetch(base + url, { ...init, credentials: 'same-origin' });
    } catch (error) {
      if (error instanceof DOMException && error.name === 'AbortError') throw error;
      throw new ApiError(0, 'unavailable', 'The Aether server cannot be reached.', {
        cause: error,
      });
    }
    if (!response.ok) throw await errorOf(response);
    return response;
  }

  async function json<T>(
    url: string,
    init: Omit<RequestInit, 'headers'> & { headers?: Record<string, string> } = {},
  ): Promise<T> {
    const response = await send(url, {
      ...init,
      headers: { accept: 'application/json', ...init.headers },
    });
    try {
      return (await response.json()) as T;
    } catch (error) {
      if (error instanceof DOMException && error.name === 'AbortError') throw error;
      throw new ApiError(response.status, 'bad_response', 'The server sent a response that is not JSON.', {
        cause: error,
      });
    }
  }

  function post<T>(url: string, body: unknown): Promise<T> {
    return json<T>(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
  }

  return {
    getAuthSession(signal) {
      return json<AuthSession>(apiUrl(['v1', 'auth', 'session']), { signal });
    },
    signIn(key) {
      return post<AuthSession>(apiUrl(['v1', 'auth', 'session']), { key });
    },
    async signOut() {
      await send(apiUrl(['v1', 'auth', 'session']), { method: 'DELETE' });
    },

    listWorkflows(query, signal) {
      return json<WorkflowPage>(apiUrl(['v1', 'workflows'], { ...query }), { signal });
    },
    getWorkflow(id, signal) {
      return json<WorkflowDetail>(apiUrl(['v1', 'workflows', id]), { signal });
    },
    async getHistory(id, signal) {
      const page = await json<HistoryPage>(apiUrl(['v1', 'workflows', id, 'history']), { signal });
      return page.events;
    },
    cancelWorkflow(id, reason) {
      return post<WorkflowDetail>(apiUrl(['v1', 'workflows', id, 'cancel']), reason ? { reason } : {});
    },
    signalWorkflow(id, name, payload, idempotencyKey) {
      const body = idempotencyKey ? { payload, idempotencyKey } : { payload };
      return post<SignalAccepted>(apiUrl(['v1', 'workflows', id, 'signals', name]), body);
    },

    async listWorkers(signal) {
      const list = await json<WorkerList>(apiUrl(['v1', 'workers']), { signal });
      return list.workers;
    },

    listApprovals(query, signal) {
      return json<ApprovalPage>(apiUrl(['v1', 'approvals'], { ...query }), { signal });
    },
    getApproval(id, signal) {
      return json<Approval>(apiUrl(['v1', 'approvals', id]), { signal });
    },
    decideApproval(id, verdict, body) {
      return post<Approval>(apiUrl(['v1', 'approvals', id, verdict]), body);
    },

    async listSessions(signal) {
      const list = await json<SessionList>(apiUrl(['v1', 'sessions']), { signal });
      return list.sessions;
    },
    getSession(id, signal) {
      return json<Session>(apiUrl(['v1', 'sessions', id]), { signal });
    },
    getManifest(id, signal) {
      return json<Manifest>(apiUrl(['v1', 'sessions', id, 'manifest']), { signal });
    },
    async readFile(id, path, limit, signal) {
      const url = apiUrl(['v1', 'sessions', id, 'files', ...filePath(path)], { length: limit });
      const response = await send(url, { signal });
      const bytes = new Uint8Array(await response.arrayBuffer());
      const header = (name: string) => response.headers.get(name);
      const sizeHeader = Number(header('x-aether-size'));
      const size = Number.isFinite(sizeHeader) && header('x-aether-size') !== null ? sizeHeader : bytes.length;
      const revisionHeader = header('x-aether-revision');
      const kind = header('x-aether-kind');
      return {
        path,
        size,
        revision: revisionHeader === null ? null : Number(revisionHeader),
        kind: kind === 'file' || kind === 'dir' || kind === 'symlink' ? kind : null,
        bytes,
        truncated: bytes.length < size,
      };
    },
    async listCheckpoints(id, signal) {
      const list = await json<CheckpointList>(apiUrl(['v1', 'sessions', id, 'checkpoints']), { signal });
      return list.checkpoints;
    },
    async listAnnotations(id, signal) {
      const list = await json<AnnotationList>(apiUrl(['v1', 'sessions', id, 'annotations']), { signal });
      return list.annotations;
    },
    listSessionEvents(id, after, limit, signal) {
      return json<SessionEventPage>(apiUrl(['v1', 'sessions', id, 'events'], { after, limit }), {
        signal,
      });
    },
    getSessionDiff(id, from, to, signal) {
      return json<SessionDiff>(apiUrl(['v1', 'sessions', id, 'diff'], { from, to }), { signal });
    },

    getMetricsSummary(signal) {
      return json<MetricsSummary>(apiUrl(['v1', 'metrics', 'summary']), { signal });
    },

    async listSchedules(signal) {
      const list = await json<ScheduleList>(apiUrl(['v1', 'schedules']), { signal });
      return list.schedules;
    },
    getSchedule(id, signal) {
      return json<Schedule>(apiUrl(['v1', 'schedules', id]), { signal });
    },
    pauseSchedule(id, note) {
      return post<Schedule>(apiUrl(['v1', 'schedules', id, 'pause']), { note });
    },
    unpauseSchedule(id, note) {
      return post<Schedule>(apiUrl(['v1', 'schedules', id, 'unpause']), note ? { note } : {});
    },
    triggerSchedule(id) {
      return post<Triggered>(apiUrl(['v1', 'schedules', id, 'trigger']), {});
    },

    subscribe(options, handlers) {
      const source = openEventSource(base + apiUrl(['v1', 'stream'], { workflowId: options.workflowId }));
      source.addEventListener('ready', () => handlers.onReady?.());
      source.addEventListener('lagged', () => handlers.onLagged?.());
      source.addEventListener('workflow', (event) => {
        const data = (event as MessageEvent<string>).data;
        let view: WorkflowView;
        try {
          view = JSON.parse(data) as WorkflowView;
        } catch {
          return; // A malformed event is dropped; the next one carries the whole row again.
        }
        handlers.onWorkflow(view);
      });
      source.addEventListener('error', () => handlers.onError?.());
      return () => {
        source.close();
      };
    },
  };
}
