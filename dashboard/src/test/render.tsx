import { render, type RenderResult } from '@testing-library/react';
import type { ReactElement } from 'react';
import { MemoryRouter, Route, Routes, useLocation } from 'react-router';

import type { Api } from '../api/client';
import { ApiProvider } from '../api/context';
import type { AuthSession } from '../api/types';
import { AUTH_OFF, AuthProvider } from '../auth/context';

/** Shows where the router is, so tests can assert on URL changes. */
export function LocationProbe() {
  const location = useLocation();
  return (
    <output data-testid="location" hidden>
      {location.pathname + location.search}
    </output>
  );
}

export function currentUrl(): string {
  return document.querySelector('[data-testid="location"]')?.textContent ?? '';
}

/**
 * Renders `element` at `url` under a route `path` (for its params), with the API given and as
 * `session` (auth off unless told); any other path renders nothing, so navigation away is
 * visible through `currentUrl()`.
 */
export function renderRoute(
  element: ReactElement,
  { api, path, url, session = AUTH_OFF }: { api: Api; path: string; url: string; session?: AuthSession },
): RenderResult {
  return render(
    <AuthProvider auth={{ session }}>
      <ApiProvider api={api}>
        <MemoryRouter initialEntries={[url]}>
          <Routes>
            <Route path={path} element={element} />
            <Route path="*" element={null} />
          </Routes>
          <LocationProbe />
        </MemoryRouter>
      </ApiProvider>
    </AuthProvider>,
  );
}
