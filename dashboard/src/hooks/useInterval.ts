import { useEffect, useEffectEvent } from 'react';

/** Calls `callback` every `ms` while mounted (and `ms` is not null). */
export function useInterval(callback: () => void, ms: number | null): void {
  const tick = useEffectEvent(callback);
  useEffect(() => {
    if (ms === null) return;
    const id = setInterval(() => {
      tick();
    }, ms);
    return () => {
      clearInterval(id);
    };
  }, [ms]);
}
