import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { MemoryRouter } from 'react-router';
import { describe, expect, it } from 'vitest';

import { ApiProvider } from './api/context';
import { AppRoutes } from './routes';
import { createMockApi } from './test/mockApi';

function renderApp(url: string) {
  const mock = createMockApi({
    listWorkflows: () => Promise.resolve({ workflows: [] }),
    listWorkers: () => Promise.resolve([]),
  });
  render(
    <ApiProvider api={mock.api}>
      <MemoryRouter initialEntries={[url]}>
        <AppRoutes />
      </MemoryRouter>
    </ApiProvider>,
  );
  return mock;
}

describe('the app shell', () => {
  it('sends / to the runs, inside landmarks with a skip link', async () => {
    renderApp('/');
    expect(await screen.findByRole('heading', { level: 1, name: 'Runs' })).toBeInTheDocument();
    expect(screen.getByRole('banner')).toBeInTheDocument();
    expect(screen.getByRole('main')).toHaveAttribute('id', 'main');
    expect(screen.getByRole('link', { name: 'Skip to content' })).toHaveAttribute('href', '#main');
    const nav = screen.getByRole('navigation', { name: 'Primary' });
    expect(within(nav).getByRole('link', { name: 'Runs' })).toHaveAttribute('aria-current', 'page');
  });

  it('navigates between pages and collapses the menu behind a labelled button', async () => {
    const user = userEvent.setup();
    renderApp('/runs');
    const toggle = screen.getByRole('button', { name: 'Menu' });
    expect(toggle).toHaveAttribute('aria-expanded', 'false');
    await user.click(toggle);
    expect(toggle).toHaveAttribute('aria-expanded', 'true');
    await user.click(within(screen.getByRole('navigation', { name: 'Primary' })).getByRole('link', { name: 'Workers' }));
    expect(await screen.findByRole('heading', { level: 1, name: 'Workers' })).toBeInTheDocument();
    expect(toggle).toHaveAttribute('aria-expanded', 'false');
  });

  it('answers an unknown path with a not-found page', async () => {
    renderApp('/nowhere/at/all');
    expect(await screen.findByRole('heading', { level: 1, name: 'Page not found' })).toBeInTheDocument();
    expect(screen.getByText('/nowhere/at/all')).toBeInTheDocument();
  });
});
