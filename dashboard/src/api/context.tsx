import { createContext, use, type ReactNode } from 'react';

import type { Api } from './client';

const ApiContext = createContext<Api | null>(null);

/** Hands the API to every page below; tests pass a mocked object. */
export function ApiProvider({ api, children }: { api: Api; children: ReactNode }) {
  return <ApiContext value={api}>{children}</ApiContext>;
}

export function useApi(): Api {
  const api = use(ApiContext);
  if (!api) throw new Error('useApi() outside <ApiProvider>');
  return api;
}
