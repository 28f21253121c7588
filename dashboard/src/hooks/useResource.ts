import { useCallback, useEffect, useEffectEvent, useState } from 'react';

import { isAbort } from '../api/error';

export interface Resource<T> {
  /** The last value loaded for this key (kept while it reloads). */
  data: T | undefined;
  /** The last load's failure, if it failed. */
  error: unknown;
  /** A load for this key is in flight. */
  loading: boolean;
  /** Loads again; the current data stays until the new one arrives. */
  reload: () => void;
  /** Replaces the data (an action's answer) without a request. */
  replace: (data: T) => void;
}

interface Settled<T> {
  key: string;
  version: number;
  data: T | undefined;
  error: unknown;
}

/**
 * Loads `load()` for `key` (null: nothing to load), aborting a request whose key changed or
 * whose component unmounted. Data of another key is never returned.
 */
export function useResource<T>(key: string | null, load: (signal: AbortSignal) => Promise<T>): Resource<T> {
  const [settled, setSettled] = useState<Settled<T> | null>(null);
  const [version, setVersion] = useState(0);
  const run = useEffectEvent((signal: AbortSignal) => load(signal));

  useEffect(() => {
    if (key === null) return;
    const controller = new AbortController();
    run(controller.signal).then(
      (data) => {
        if (!controller.signal.aborted) setSettled({ key, version, data, error: undefined });
      },
      (error: unknown) => {
        if (controller.signal.aborted || isAbort(error)) return;
        setSettled((previous) => ({
          key,
          version,
          data: previous?.key === key ? previous.data : undefined,
          error,
        }));
      },
    );
    return () => {
      controller.abort();
    };
  }, [key, version]);

  const reload = useCallback(() => {
    setVersion((v) => v + 1);
  }, []);
  const replace = useCallback(
    (data: T) => {
      if (key !== null) setSettled({ key, version, data, error: undefined });
    },
    [key, version],
  );

  const current = settled !== null && settled.key === key ? settled : null;
  return {
    data: current?.data,
    error: current?.error,
    loading: key !== null && (current === null || current.version !== version),
    reload,
    replace,
  };
}
