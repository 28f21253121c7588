// @vitest-environment node
import { describe, expect, it, vi } from 'vitest';

import { ApiError } from '../api/error';
import { createMockApi } from '../test/mockApi';
import { guardApi } from './guard';

describe('guardApi', () => {
  it('reports a 401 and nothing else, passing every answer and error through', async () => {
    const denied = new ApiError(403, 'permission_denied', 'no role');
    const ended = new ApiError(401, 'unauthenticated', 'sign in');
    const mock = createMockApi({
      listWorkers: () => Promise.resolve([]),
      cancelWorkflow: () => Promise.reject(denied),
      triggerSchedule: () => Promise.reject(ended),
    });
    const onUnauthorized = vi.fn();
    const api = guardApi(mock.api, onUnauthorized);
    expect(await api.listWorkers()).toEqual([]);
    await expect(api.cancelWorkflow('w')).rejects.toBe(denied);
    expect(onUnauthorized).not.toHaveBeenCalled();
    await expect(api.triggerSchedule('s')).rejects.toBe(ended);
    expect(onUnauthorized).toHaveBeenCalledOnce();
  });

  it('asks for the session once when the stream breaks, however often it reports it', async () => {
    let answer: (value: never) => void = () => undefined;
    let fail: (error: unknown) => void = () => undefined;
    const mock = createMockApi({
      getAuthSession: () =>
        new Promise((resolve, reject) => {
          answer = resolve;
          fail = reject;
        }),
    });
    const onUnauthorized = vi.fn();
    const onError = vi.fn();
    const stop = guardApi(mock.api, onUnauthorized).subscribe({}, { onWorkflow: vi.fn(), onError });
    const handlers = mock.stream.subscriptions[0]?.handlers;
    handlers?.onError?.();
    handlers?.onError?.();
    expect(onError).toHaveBeenCalledTimes(2);
    expect(mock.api.getAuthSession).toHaveBeenCalledOnce();
    fail(new ApiError(401, 'unauthenticated', 'sign in'));
    await vi.waitFor(() => {
      expect(onUnauthorized).toHaveBeenCalledOnce();
    });
    handlers?.onError?.();
    expect(mock.api.getAuthSession).toHaveBeenCalledTimes(2);
    answer(undefined as never);
    stop();
    expect(mock.stream.subscriptions[0]?.closed).toBe(true);
  });
});
