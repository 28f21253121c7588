import { useEffect, useEffectEvent, useState } from 'react';

import { useApi } from '../api/context';
import type { WorkflowView } from '../api/types';

export type StreamStatus = 'connecting' | 'live' | 'reconnecting';

export interface LiveHandlers {
  onWorkflow: (view: WorkflowView) => void;
  /** Events were lost (`lagged`) or the connection came back: refetch to catch up. */
  onResync?: () => void;
}

/**
 * Follows `/v1/stream` (one workflow's changes with `workflowId`) while mounted and `enabled`.
 * The browser reconnects by itself after an error; each `ready` after the first, and each
 * `lagged`, asks the page to catch up.
 */
export function useLiveStream(
  handlers: LiveHandlers,
  { workflowId, enabled = true }: { workflowId?: string; enabled?: boolean } = {},
): StreamStatus {
  const api = useApi();
  const [status, setStatus] = useState<StreamStatus>('connecting');
  const onWorkflow = useEffectEvent((view: WorkflowView) => {
    handlers.onWorkflow(view);
  });
  const onResync = useEffectEvent(() => {
    handlers.onResync?.();
  });

  useEffect(() => {
    if (!enabled) return;
    let readyOnce = false;
    const unsubscribe = api.subscribe(workflowId === undefined ? {} : { workflowId }, {
      onReady: () => {
        setStatus('live');
        if (readyOnce) onResync();
        readyOnce = true;
      },
      onWorkflow: (view) => {
        onWorkflow(view);
      },
      onLagged: () => {
        onResync();
      },
      onError: () => {
        setStatus('reconnecting');
      },
    });
    return () => {
      unsubscribe();
    };
  }, [api, workflowId, enabled]);

  return status;
}
