import type { Api } from '../api/client';
import { ApiError } from '../api/error';

/**
 * `api` with every call watched for a 401: the session ended (it expired, or the server
 * restarted and forgot it), so `onUnauthorized` sends the person back to the sign-in page. The
 * live stream cannot report a status, so when it breaks the session is asked for once.
 */
export function guardApi(api: Api, onUnauthorized: () => void): Api {
  const watch = (error: unknown): never => {
    if (error instanceof ApiError && error.isUnauthenticated) onUnauthorized();
    throw error;
  };
  let probing = false;
  const probe = () => {
    if (probing) return;
    probing = true;
    api.getAuthSession().then(
      () => {
        probing = false;
      },
      (error: unknown) => {
        probing = false;
        if (error instanceof ApiError && error.isUnauthenticated) onUnauthorized();
      },
    );
  };

  const guarded = {} as Record<string, unknown>;
  for (const [name, method] of Object.entries(api) as [string, unknown][]) {
    if (typeof method !== 'function') continue;
    guarded[name] = (...args: unknown[]): unknown => {
      const result: unknown = Reflect.apply(method, api, args);
      return result instanceof Promise ? result.catch(watch) : result;
    };
  }
  const subscribe: Api['subscribe'] = (options, handlers) =>
    api.subscribe(options, {
      ...handlers,
      onError: () => {
        handlers.onError?.();
        probe();
      },
    });
  return { ...(guarded as unknown as Api), subscribe };
}
