// @vitest-environment node
import { describe, expect, it, vi } from 'vitest';

import { apiUrl, createHttpApi } from './client';
import { ApiError } from './error';

function respond(body: BodyInit | null, init: ResponseInit = {}) {
  return vi.fn((_url: string, _init?: RequestInit) => Promise.resolve(new Response(body, init)));
}

describe('apiUrl', () => {
  it('encodes each path segment and keeps defined query values in order', () => {
    expect(apiUrl(['v1', 'workflows', 'a b/c'])).toBe('/v1/workflows/a%20b%2Fc');
    expect(apiUrl(['v1', 'workflows'], { state: 'RUNNING', type: undefined, idPrefix: '', limit: 50 })).toBe(
      '/v1/workflows?state=RUNNING&limit=50',
    );
  });
});

describe('createHttpApi', () => {
  it('builds the listing URL from the filters and decodes the page', async () => {
    const fetch = respond(JSON.stringify({ workflows: [], nextCursor: 'c' }), { status: 200 });
    const api = createHttpApi({ fetch });
    const page = await api.listWorkflows({ state: 'RUNNING', waiting: 'approval', createdFrom: 10, limit: 50 });
    expect(page).toEqual({ workflows: [], nextCursor: 'c' });
    expect(fetch.mock.calls[0]?.[0]).toBe('/v1/workflows?state=RUNNING&waiting=approval&createdFrom=10&limit=50');
  });

  it('turns a JSON error body into an ApiError with its code', async () => {
    const api = createHttpApi({
      fetch: respond(JSON.stringify({ code: 'not_found', message: 'no workflow w' }), { status: 404 }),
    });
    const error = await api.getWorkflow('w').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status: 404, code: 'not_found', message: 'no workflow w', isNotFound: true });
  });

  it('turns a non-JSON failure and a network failure into ApiErrors', async () => {
    const bad = createHttpApi({ fetch: respond('<html>Bad gateway</html>', { status: 502, statusText: 'Bad Gateway' }) });
    await expect(bad.listWorkers()).rejects.toMatchObject({ status: 502, code: 'http_502' });
    const down = createHttpApi({ fetch: vi.fn(() => Promise.reject(new TypeError('Failed to fetch'))) });
    await expect(down.listWorkers()).rejects.toMatchObject({ status: 0, code: 'unavailable' });
    const garbled = createHttpApi({ fetch: respond('{not json', { status: 200 }) });
    await expect(garbled.listWorkers()).rejects.toMatchObject({ code: 'bad_response' });
  });

  it('lets an abort through as an abort', async () => {
    const api = createHttpApi({ fetch: vi.fn(() => Promise.reject(new DOMException('aborted', 'AbortError'))) });
    await expect(api.listWorkers()).rejects.toMatchObject({ name: 'AbortError' });
  });

  it('posts decisions, cancellations and signals as JSON', async () => {
    const fetch = respond(JSON.stringify({}), { status: 200 });
    const api = createHttpApi({ fetch });
    await api.decideApproval('ap 1', 'deny', { comment: 'no', payload: { a: 1 } });
    await api.cancelWorkflow('w-1', 'because');
    await api.cancelWorkflow('w-2');
    await api.signalWorkflow('w-1', 'go now', { x: 1 }, 'k1');
    const calls = fetch.mock.calls.map(([url, init]) => [url, init?.method, init?.body]);
    expect(calls).toEqual([
      ['/v1/approvals/ap%201/deny', 'POST', '{"comment":"no","payload":{"a":1}}'],
      ['/v1/workflows/w-1/cancel', 'POST', '{"reason":"because"}'],
      ['/v1/workflows/w-2/cancel', 'POST', '{}'],
      ['/v1/workflows/w-1/signals/go%20now', 'POST', '{"payload":{"x":1},"idempotencyKey":"k1"}'],
    ]);
  });

  it('lists schedules and posts pause, unpause and trigger to their routes', async () => {
    const fetch = vi.fn((url: string, _init?: RequestInit) =>
      Promise.resolve(new Response(url === '/v1/schedules' ? '{"schedules":[{"id":"s"}]}' : '{}', { status: 200 })),
    );
    const api = createHttpApi({ fetch });
    expect(await api.listSchedules()).toEqual([{ id: 's' }]);
    await api.getSchedule('nightly report');
    await api.pauseSchedule('nightly report', 'db migration');
    await api.unpauseSchedule('nightly');
    await api.triggerSchedule('nightly');
    const calls = fetch.mock.calls.map(([url, init]) => [url, init?.method ?? 'GET', init?.body]);
    expect(calls).toEqual([
      ['/v1/schedules', 'GET', undefined],
      ['/v1/schedules/nightly%20report', 'GET', undefined],
      ['/v1/schedules/nightly%20report/pause', 'POST', '{"note":"db migration"}'],
      ['/v1/schedules/nightly/unpause', 'POST', '{}'],
      ['/v1/schedules/nightly/trigger', 'POST', '{}'],
    ]);
  });

  it('signs in with the key as JSON, reads and ends the session, and says 401 is unauthenticated', async () => {
    const session = { name: 'ops', roles: ['reader'], authRequired: true };
    const fetch = vi.fn((_url: string, init?: RequestInit) =>
      Promise.resolve(
        init?.method === 'DELETE' ? new Response(null, { status: 204 }) : new Response(JSON.stringify(session), { status: 200 }),
      ),
    );
    const api = createHttpApi({ fetch });
    expect(await api.signIn('aek_k')).toEqual(session);
    expect(await api.getAuthSession()).toEqual(session);
    await api.signOut();
    const calls = fetch.mock.calls.map(([url, init]) => [url, init?.method ?? 'GET', init?.body]);
    expect(calls).toEqual([
      ['/v1/auth/session', 'POST', '{"key":"aek_k"}'],
      ['/v1/auth/session', 'GET', undefined],
      ['/v1/auth/session', 'DELETE', undefined],
    ]);
    const signedOut = createHttpApi({
      fetch: respond(JSON.stringify({ code: 'unauthenticated', message: 'sign in' }), { status: 401 }),
    });
    const error = await signedOut.getAuthSession().catch((e: unknown) => e);
    expect(error).toMatchObject({ status: 401, code: 'unauthenticated', isUnauthenticated: true, isPermissionDenied: false });
  });

  it('sends every call with same-origin credentials and every body as application/json', async () => {
    const fetch = vi.fn((url: string, _init?: RequestInit) =>
      Promise.resolve(new Response(url.includes('/files/') ? new Uint8Array([1]) : '{"schedules":[],"workers":[]}', { status: 200 })),
    );
    const api = createHttpApi({ fetch });
    await api.getAuthSession();
    await api.signIn('aek_k');
    await api.signOut();
    await api.listWorkers();
    await api.readFile('s1', 'a.txt', 1);
    await api.cancelWorkflow('w');
    await api.signalWorkflow('w', 'go', null);
    await api.decideApproval('a', 'approve', {});
    await api.pauseSchedule('s', 'n');
    await api.unpauseSchedule('s');
    await api.triggerSchedule('s');
    expect(fetch).toHaveBeenCalledTimes(11);
    for (const [url, init] of fetch.mock.calls) {
      expect(init?.credentials, url).toBe('same-origin');
      if (init?.body !== undefined) {
        expect(new Headers(init.headers).get('content-type'), url).toBe('application/json');
      }
    }
    expect(fetch.mock.calls.filter(([, init]) => init?.body !== undefined)).toHaveLength(7);
  });

  it('reads a file as bytes with its size from the headers, each path segment encoded', async () => {
    const fetch = respond(new Uint8Array([1, 2, 3]), {
      status: 200,
      headers: { 'x-aether-size': '10', 'x-aether-revision': '4', 'x-aether-kind': 'file' },
    });
    const api = createHttpApi({ fetch });
    const file = await api.readFile('s1', 'src/a b.ts', 3);
    expect(fetch.mock.calls[0]?.[0]).toBe('/v1/sessions/s1/files/src/a%20b.ts?length=3');
    expect(file).toMatchObject({ path: 'src/a b.ts', size: 10, revision: 4, kind: 'file', truncated: true });
    expect([...file.bytes]).toEqual([1, 2, 3]);
  });

  it('asks for a diff between two refs', async () => {
    const fetch = respond(JSON.stringify({ files: [] }), { status: 200 });
    await createHttpApi({ fetch }).getSessionDiff('s1', 'base', 'cp-1');
    expect(fetch.mock.calls[0]?.[0]).toBe('/v1/sessions/s1/diff?from=base&to=cp-1');
  });

  it('subscribes to the stream and hands over decoded events', () => {
    const listeners = new Map<string, (event: MessageEvent<string>) => void>();
    const close = vi.fn();
    const source = {
      addEventListener: (name: string, fn: (event: MessageEvent<string>) => void) => listeners.set(name, fn),
      close,
    } as unknown as EventSource;
    const eventSource = vi.fn((_url: string) => source);
    const api = createHttpApi({ eventSource });
    const onWorkflow = vi.fn();
    const onReady = vi.fn();
    const onLagged = vi.fn();
    const stop = api.subscribe({ workflowId: 'w 1' }, { onWorkflow, onReady, onLagged });
    expect(eventSource).toHaveBeenCalledWith('/v1/stream?workflowId=w+1');
    listeners.get('ready')?.(new MessageEvent('ready', { data: '{}' }));
    listeners.get('workflow')?.(new MessageEvent('workflow', { data: '{"id":"w 1","state":"RUNNING"}' }));
    listeners.get('workflow')?.(new MessageEvent('workflow', { data: 'not json' }));
    listeners.get('lagged')?.(new MessageEvent('lagged', { data: '{}' }));
    expect(onReady).toHaveBeenCalledOnce();
    expect(onWorkflow).toHaveBeenCalledExactlyOnceWith({ id: 'w 1', state: 'RUNNING' });
    expect(onLagged).toHaveBeenCalledOnce();
    stop();
    expect(close).toHaveBeenCalledOnce();
  });
});
