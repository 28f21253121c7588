import { act, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { MemoryRouter } from 'react-router';
import { describe, expect, it } from 'vitest';

import type { Api } from '../api/client';
import { ApiProvider } from '../api/context';
import { ApiError } from '../api/error';
import type { AuthSession } from '../api/types';
import { AppRoutes } from '../routes';
import { createMockApi } from '../test/mockApi';
import { currentUrl, LocationProbe } from '../test/render';
import { AUTH_OFF } from './context';
import { AuthGate } from './AuthGate';

const viewer: AuthSession = { name: 'ops-viewer', roles: ['reader'], authRequired: true };
const KEY = 'aek_0123456789abcdefghijklmnopqrstuvwxyzABCDEFG';

const unauthenticated = () => new ApiError(401, 'unauthenticated', 'missing or unknown API key');

function renderApp(api: Api, url: string) {
  render(
    <ApiProvider api={api}>
      <MemoryRouter initialEntries={[url]}>
        <AuthGate>
          <AppRoutes />
        </AuthGate>
        <LocationProbe />
      </MemoryRouter>
    </ApiProvider>,
  );
}

/** A server that knows one key (`KEY`, named ops-viewer) and keeps one session cookie. */
function server(overrides: Parameters<typeof createMockApi>[0] = {}) {
  let signedIn = false;
  const mock = createMockApi({
    getAuthSession: () => (signedIn ? Promise.resolve(viewer) : Promise.reject(unauthenticated())),
    signIn: (key: string) => {
      if (key !== KEY) return Promise.reject(unauthenticated());
      signedIn = true;
      return Promise.resolve(viewer);
    },
    signOut: () => {
      signedIn = false;
      return Promise.resolve();
    },
    listWorkers: () => (signedIn ? Promise.resolve([]) : Promise.reject(unauthenticated())),
    listWorkflows: () => (signedIn ? Promise.resolve({ workflows: [] }) : Promise.reject(unauthenticated())),
    ...overrides,
  });
  return {
    ...mock,
    /** The session ends on the server (expiry, restart) without the page knowing. */
    forget() {
      signedIn = false;
    },
  };
}

async function signIn(key: string) {
  const user = userEvent.setup();
  const field = await screen.findByLabelText('API key');
  await user.clear(field);
  await user.type(field, key);
  await user.click(screen.getByRole('button', { name: 'Sign in' }));
  return field;
}

describe('signing in', () => {
  it('with auth off shows the app straight away, with no account or sign-out', async () => {
    const mock = createMockApi({
      getAuthSession: () => Promise.resolve(AUTH_OFF),
      listWorkflows: () => Promise.resolve({ workflows: [] }),
    });
    renderApp(mock.api, '/runs');
    expect(await screen.findByRole('heading', { level: 1, name: 'Runs' })).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Sign out' })).not.toBeInTheDocument();
    expect(screen.queryByText(/Signed in as/)).not.toBeInTheDocument();
  });

  it('treats a server without the session route as one without keys', async () => {
    const mock = createMockApi({
      getAuthSession: () => Promise.reject(new ApiError(404, 'not_found', 'no route')),
      listWorkers: () => Promise.resolve([]),
    });
    renderApp(mock.api, '/workers');
    expect(await screen.findByRole('heading', { level: 1, name: 'Workers' })).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Sign out' })).not.toBeInTheDocument();
  });

  it('asks for a key, says plainly when it is wrong, and opens the page asked for with the right one', async () => {
    const mock = server();
    renderApp(mock.api, '/workers?sort=name');
    expect(await screen.findByRole('heading', { level: 1, name: 'Sign in' })).toBeInTheDocument();
    expect(screen.queryByRole('navigation', { name: 'Primary' })).not.toBeInTheDocument();
    expect(currentUrl()).toBe('/workers?sort=name');

    const user = userEvent.setup();
    await user.click(screen.getByRole('button', { name: 'Sign in' }));
    expect(screen.getByRole('alert')).toHaveTextContent('Enter your API key.');
    expect(mock.api.signIn).not.toHaveBeenCalled();

    const field = await signIn('aek_wrong');
    expect(await screen.findByRole('alert')).toHaveTextContent('The server does not know this key');
    expect(field).toHaveAttribute('aria-invalid', 'true');
    expect(field).toHaveAccessibleDescription(/does not know this key/);
    expect(screen.getByRole('heading', { level: 1, name: 'Sign in' })).toBeInTheDocument();

    await signIn(`  ${KEY} `);
    expect(mock.api.signIn).toHaveBeenLastCalledWith(KEY);
    expect(await screen.findByRole('heading', { level: 1, name: 'Workers' })).toBeInTheDocument();
    expect(currentUrl()).toBe('/workers?sort=name');
    const banner = screen.getByRole('banner');
    expect(banner).toHaveTextContent('Signed in as ops-viewer');
    expect(within(banner).getByRole('button', { name: 'Sign out' })).toBeEnabled();
    // The key lives in the server's HttpOnly cookie only.
    expect(localStorage.length).toBe(0);
    expect(sessionStorage.length).toBe(0);
    expect(document.body.innerHTML).not.toContain(KEY);
  });

  it('signs out through the server and shows the sign-in page', async () => {
    const mock = server();
    renderApp(mock.api, '/runs');
    await signIn(KEY);
    await screen.findByRole('heading', { level: 1, name: 'Runs' });

    await userEvent.setup().click(screen.getByRole('button', { name: 'Sign out' }));
    expect(mock.api.signOut).toHaveBeenCalledOnce();
    expect(await screen.findByRole('heading', { level: 1, name: 'Sign in' })).toBeInTheDocument();
    expect(screen.getByText('You are signed out.')).toBeInTheDocument();
    expect(screen.queryByRole('heading', { name: 'Runs' })).not.toBeInTheDocument();
  });

  it('keeps the app when sign-out fails, and says so', async () => {
    const mock = server({ signOut: () => Promise.reject(new ApiError(0, 'unavailable', 'The Aether server cannot be reached.')) });
    renderApp(mock.api, '/runs');
    await signIn(KEY);
    await screen.findByRole('heading', { level: 1, name: 'Runs' });
    await userEvent.setup().click(screen.getByRole('button', { name: 'Sign out' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('Sign-out failed');
    expect(screen.getByRole('heading', { level: 1, name: 'Runs' })).toBeInTheDocument();
  });

  it('goes back to sign-in when a call answers 401 mid-session, then returns to the same URL', async () => {
    const mock = server();
    renderApp(mock.api, '/workers');
    await signIn(KEY);
    await screen.findByRole('heading', { level: 1, name: 'Workers' });
    await userEvent.setup().click(screen.getByRole('link', { name: 'Runs' }));
    await screen.findByRole('heading', { level: 1, name: 'Runs' });

    mock.forget();
    await userEvent.setup().click(screen.getByRole('link', { name: 'Workers' }));
    expect(await screen.findByRole('heading', { level: 1, name: 'Sign in' })).toBeInTheDocument();
    expect(screen.getByRole('status')).toHaveTextContent('Your session has ended');
    expect(currentUrl()).toBe('/workers');

    await signIn(KEY);
    expect(await screen.findByRole('heading', { level: 1, name: 'Workers' })).toBeInTheDocument();
    expect(currentUrl()).toBe('/workers');
  });

  it('notices an ended session when the live stream breaks', async () => {
    const mock = server();
    renderApp(mock.api, '/runs');
    await signIn(KEY);
    await screen.findByRole('heading', { level: 1, name: 'Runs' });
    await waitFor(() => {
      expect(mock.stream.subscriptions.some((s) => !s.closed)).toBe(true);
    });

    mock.forget();
    act(() => {
      for (const s of mock.stream.subscriptions.filter((s) => !s.closed)) s.handlers.onError?.();
    });
    expect(await screen.findByRole('heading', { level: 1, name: 'Sign in' })).toBeInTheDocument();
    expect(currentUrl()).toBe('/runs');
  });

  it('says when the server cannot be reached and checks again on request', async () => {
    let up = false;
    const mock = createMockApi({
      getAuthSession: () =>
        up ? Promise.resolve(AUTH_OFF) : Promise.reject(new ApiError(0, 'unavailable', 'The Aether server cannot be reached.')),
      listWorkers: () => Promise.resolve([]),
    });
    renderApp(mock.api, '/workers');
    expect(await screen.findByRole('alert')).toHaveTextContent('cannot be reached');
    up = true;
    await userEvent.setup().click(screen.getByRole('button', { name: 'Try again' }));
    expect(await screen.findByRole('heading', { level: 1, name: 'Workers' })).toBeInTheDocument();
  });
});
