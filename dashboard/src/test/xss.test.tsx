// Text written by workflows and agents (approval details, step outputs, file contents) must run
// no script: no <script> element is created, no event-handler attribute survives, no link
// leads to `javascript:`, and the text itself is still shown.
import { screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';

import { ApprovalsPage } from '../pages/ApprovalsPage';
import { RunPage } from '../pages/RunPage';
import { SessionPage } from '../pages/SessionPage';
import { approval, detail, history } from './fixtures';
import { createMockApi } from './mockApi';
import { renderRoute } from './render';

const SCRIPT = '<script>alert(1)</script>';
const IMG = '<img src=x onerror="alert(2)">';
const JS_LINK = '[click me](javascript:alert(3))';

declare global {
  interface Window {
    pwned?: boolean;
  }
}

function assertInert() {
  expect(document.querySelectorAll('script')).toHaveLength(0);
  expect(document.querySelectorAll('img[onerror], [onerror], [onclick], [onload]')).toHaveLength(0);
  expect(document.querySelectorAll('img[src="x"]')).toHaveLength(0);
  for (const a of document.querySelectorAll('a')) {
    expect(a.getAttribute('href') ?? '').not.toMatch(/^\s*javascript:/i);
  }
  expect(window.pwned).toBeUndefined();
}

afterEach(() => {
  delete window.pwned;
});

describe('hostile content', () => {
  it('an approval detail in markdown shows raw HTML as text and drops javascript: links', async () => {
    const hostile = approval({
      detail: `Please review.\n\n${SCRIPT}\n\nInline ${IMG} here.\n\n${JS_LINK} and [ok](https://example.com)\n\n<a href="javascript:window.pwned=true">raw</a>`,
      evidence: [{ kind: 'url', url: 'javascript:window.pwned=true', label: 'evidence' }],
    });
    const mock = createMockApi({ listApprovals: () => Promise.resolve({ approvals: [hostile] }) });
    renderRoute(<ApprovalsPage />, { api: mock.api, path: '/approvals', url: '/approvals' });
    const detailBox = (await screen.findAllByTestId('approval-detail'))[0]!;
    expect(detailBox).toHaveTextContent('Please review.');
    expect(detailBox).toHaveTextContent(SCRIPT);
    expect(detailBox).toHaveTextContent('<img src=x onerror="alert(2)">');
    expect(screen.getAllByText('click me')[0]).toBeInTheDocument();
    expect(screen.getAllByRole('link', { name: 'ok' })[0]).toHaveAttribute('href', 'https://example.com/');
    assertInert();
  });

  it('step outputs, inputs and failures render as text', async () => {
    const t0 = Date.now();
    const mock = createMockApi({
      getWorkflow: () =>
        Promise.resolve(
          detail({
            id: 'w-1', state: 'FAILED', closedAt: t0 + 10,
            input: { html: SCRIPT },
            failure: { message: IMG, error_type: '<b>E</b>', stack: SCRIPT },
          }),
        ),
      getHistory: () =>
        Promise.resolve(
          history(
            [t0, { kind: 'workflow_started', workflow_type: 't', input: JSON.stringify({ html: SCRIPT }), parent: null }],
            [t0 + 1, { kind: 'step_completed', position: 0, name: SCRIPT, attempt: 1, result: JSON.stringify(`${SCRIPT}${IMG}`) }],
            [t0 + 2, { kind: 'step_failed', position: 1, name: 's', attempt: 1, failure: { message: SCRIPT, error_type: IMG }, retry_at: null }],
          ),
        ),
      listWorkflows: () => Promise.resolve({ workflows: [] }),
      listApprovals: () => Promise.resolve({ approvals: [] }),
    });
    renderRoute(<RunPage />, { api: mock.api, path: '/runs/:id', url: '/runs/w-1' });
    const output = await screen.findByTestId('step-output');
    expect(output.textContent).toContain(SCRIPT);
    expect(screen.getByTestId('run-input').textContent).toContain(SCRIPT);
    expect(screen.getByTestId('run-failure')).toHaveTextContent(IMG);
    expect(screen.getByTestId('attempt-error')).toHaveTextContent(SCRIPT);
    expect(screen.getAllByText(SCRIPT).length).toBeGreaterThan(0);
    assertInert();
  });

  it('file contents render as text', async () => {
    const body = `<html>${SCRIPT}\n${IMG}\n<a href="javascript:alert(4)">x</a>\n`;
    const bytes = new TextEncoder().encode(body);
    const mock = createMockApi({
      getSession: () =>
        Promise.resolve({
          id: 's', revision: 1, root: 'r', state: 'active', source: null, baseCommit: null, lastCommit: null,
          parent: null, origin: {}, labels: {}, sizeBytes: bytes.length, fileCount: 1, eventCount: 1,
          createdAt: '2025-01-01T00:00:00Z', updatedAt: '2025-01-01T00:00:00Z',
        }),
      getManifest: () =>
        Promise.resolve({ sessionId: 's', revision: 1, root: 'r', sizeBytes: bytes.length, fileCount: 1, entries: [{ path: 'index.html', kind: 'file', size: bytes.length, hash: 'h', mode: 420 }] }),
      readFile: () => Promise.resolve({ path: 'index.html', size: bytes.length, revision: 1, kind: 'file', bytes, truncated: false }),
      listCheckpoints: () => Promise.resolve([]),
      listAnnotations: () =>
        Promise.resolve([
          { id: 'a', sessionId: 's', path: 'index.html', lineStart: 1, lineEnd: 1, author: 'x', body: `${SCRIPT} ${JS_LINK}`, resolved: false, createdAt: '', updatedAt: '' },
        ]),
      listSessionEvents: () => Promise.resolve({ events: [], next: null }),
    });
    renderRoute(<SessionPage />, { api: mock.api, path: '/sessions/:id', url: '/sessions/s?path=index.html' });
    const view = await screen.findByTestId('file-view');
    await waitFor(() => {
      expect(view.textContent).toContain(`<html>${SCRIPT}`);
    });
    expect(view.textContent).toContain(IMG);
    assertInert();
  });
});
