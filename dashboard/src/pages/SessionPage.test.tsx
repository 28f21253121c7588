import { act, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';

import type { Annotation, FileData, ManifestEntry, Session } from '../api/types';
import { createMockApi } from '../test/mockApi';
import { currentUrl, renderRoute } from '../test/render';
import { SessionPage } from './SessionPage';
import { SessionsPage } from './SessionsPage';

const session: Session = {
  id: 'ws-1',
  revision: 5,
  root: 'r5',
  state: 'active',
  source: 'repo',
  baseCommit: 'c0',
  lastCommit: null,
  parent: { sessionId: 'ws-0', revision: 2 },
  origin: { kind: 'blank' },
  labels: { team: 'docs' },
  sizeBytes: 83,
  fileCount: 3,
  eventCount: 7,
  createdAt: new Date(Date.now() - 120_000).toISOString(),
  // Mid-minute, so that '1 m ago' holds whichever second the page's clock last ticked.
  updatedAt: new Date(Date.now() - 90_000).toISOString(),
};

const entry = (path: string, kind: ManifestEntry['kind'] = 'file', size = 10): ManifestEntry => ({ path, kind, size, hash: 'h', mode: 420 });
const entries = [entry('README.md', 'file', 17), entry('assets', 'dir'), entry('assets/logo.bin', 'file', 6), entry('src', 'dir'), entry('src/app.ts', 'file', 60)];

const annotations: Annotation[] = [
  {
    id: 'an-1', sessionId: 'ws-1', path: 'src/app.ts', lineStart: 2, lineEnd: 2, author: 'bot',
    body: 'b changed from 2 to 3', resolved: false, createdAt: session.createdAt, updatedAt: session.createdAt,
  },
];

const text = (s: string) => new TextEncoder().encode(s);
function file(path: string, bytes: Uint8Array): FileData {
  return { path, size: bytes.length, revision: 5, kind: 'file', bytes, truncated: false };
}
const files: Record<string, FileData> = {
  'src/app.ts': file('src/app.ts', text('export const a = 1;\nexport const b = 3;\nexport const c = 4;\n')),
  'README.md': file('README.md', text('# Project\n')),
  'assets/logo.bin': file('assets/logo.bin', new Uint8Array([0, 1, 2, 255, 0, 10])),
};

function setup(url: string) {
  const mock = createMockApi({
    getSession: () => Promise.resolve(session),
    getManifest: () => Promise.resolve({ sessionId: 'ws-1', revision: 5, root: 'r5', sizeBytes: 83, fileCount: 3, entries }),
    listCheckpoints: () =>
      Promise.resolve([{ id: 'cp-1', sessionId: 'ws-1', name: 'first', revision: 4, root: 'r4', sizeBytes: 63, fileCount: 3, createdAt: session.createdAt }]),
    listAnnotations: () => Promise.resolve(annotations),
    listSessionEvents: (_id, after) =>
      Promise.resolve(
        after === 0
          ? { events: [{ seq: 1, revision: 1, kind: 'session.created', actor: 'ana', detail: {}, at: session.createdAt }], next: 1 }
          : { events: [{ seq: 2, revision: 2, kind: 'file.written', actor: 'ana', detail: { path: 'README.md' }, at: session.updatedAt }], next: null },
      ),
    readFile: (_id, path) => {
      const found = files[path];
      return found ? Promise.resolve(found) : Promise.reject(new Error(`no ${path}`));
    },
    getSessionDiff: () =>
      Promise.resolve({
        files: [
          { path: 'src/app.ts', change: 'modified', binary: false, before: 'export const a = 1;\nexport const b = 2;\n', after: 'export const a = 1;\nexport const b = 3;\nexport const c = 4;\n' },
          { path: 'assets/logo.bin', change: 'added', binary: true, before: null, after: null, afterSize: 6 },
        ],
      }),
  });
  renderRoute(<SessionPage />, { api: mock.api, path: '/sessions/:id', url });
  return mock;
}

describe('SessionPage', () => {
  it('shows the session, its file tree and opens a file with line numbers and its annotations', async () => {
    const user = userEvent.setup();
    setup('/sessions/ws-1');
    const tree = await screen.findByRole('tree', { name: 'Files' });
    expect(within(tree).getAllByRole('treeitem').map((i) => i.textContent)).toEqual(['▸assets', '▸src', '·README.md17 B']);
    expect(screen.getByRole('link', { name: 'ws-0@2' })).toHaveAttribute('href', '/sessions/ws-0');

    await user.click(within(tree).getByRole('treeitem', { name: 'src' }));
    expect(within(tree).getByRole('treeitem', { name: 'src' })).toHaveAttribute('aria-expanded', 'true');
    await user.click(within(tree).getByRole('treeitem', { name: /app\.ts/ }));
    expect(currentUrl()).toBe('/sessions/ws-1?path=src%2Fapp.ts');

    const view = await screen.findByTestId('file-view');
    expect(view).toHaveTextContent('export const b = 3;');
    const numbers = view.querySelectorAll('[data-line]');
    expect([...numbers].map((n) => n.textContent)).toEqual(['1', '2', '3']);
    const note = within(view).getByTestId('annotation-note');
    expect(note).toHaveTextContent('b changed from 2 to 3');
    expect(note.closest('.code-row')?.querySelector('[data-line]')?.textContent).toBe('2');
    expect(within(tree).getByRole('treeitem', { name: /app\.ts/ })).toHaveAttribute('aria-selected', 'true');
  });

  it('says a binary file is binary and shows none of its bytes', async () => {
    setup('/sessions/ws-1?path=assets/logo.bin');
    const view = await screen.findByTestId('file-view');
    expect(view).toHaveTextContent('Binary file, 6 bytes: not shown.');
    expect(view.querySelector('[data-line]')).toBeNull();
  });

  it('opens the file an annotation link points at, its lines marked', async () => {
    setup('/sessions/ws-1?annotation=an-1');
    const view = await screen.findByTestId('file-view');
    expect(view.querySelector('.code-row-marked [data-line]')?.textContent).toBe('2');
  });

  it('moves through the tree with the keyboard', async () => {
    const user = userEvent.setup();
    setup('/sessions/ws-1');
    const tree = await screen.findByRole('tree');
    const items = () => within(tree).getAllByRole('treeitem');
    expect(items()[0]).toHaveAttribute('tabindex', '0');
    act(() => {
      items()[0]!.focus();
    });
    await user.keyboard('{ArrowDown}');
    expect(items()[1]).toHaveFocus();
    await user.keyboard('{ArrowRight}');
    expect(items()[1]).toHaveAttribute('aria-expanded', 'true');
    await user.keyboard('{ArrowRight}');
    expect(items()[2]).toHaveFocus();
    expect(items()[2]).toHaveTextContent('app.ts');
    await user.keyboard('{Enter}');
    expect(currentUrl()).toBe('/sessions/ws-1?path=src%2Fapp.ts');
    await user.keyboard('{ArrowLeft}');
    expect(within(tree).getByRole('treeitem', { name: 'src' })).toHaveFocus();
    await user.keyboard('{ArrowLeft}');
    expect(within(tree).getByRole('treeitem', { name: 'src' })).toHaveAttribute('aria-expanded', 'false');
    await user.keyboard('{End}');
    expect(items().at(-1)).toHaveFocus();
    await user.keyboard('{Home}');
    expect(items()[0]).toHaveFocus();
  });

  it('shows the diff against the base, per file, lines marked by sign and label', async () => {
    const { api } = setup('/sessions/ws-1?diff=base');
    const diffs = await screen.findAllByTestId('diff-file');
    expect(api.getSessionDiff).toHaveBeenCalledWith('ws-1', 'base', 'head', expect.any(AbortSignal));
    expect(diffs).toHaveLength(2);
    const app = diffs[0]!;
    expect(app).toHaveTextContent('modified');
    expect(app).toHaveTextContent('+2 -1');
    const removed = app.querySelector('[data-kind="del"]');
    expect(removed).toHaveTextContent('-removedexport const b = 2;');
    const added = [...app.querySelectorAll('[data-kind="add"]')].map((r) => r.textContent);
    expect(added).toEqual(['2+addedexport const b = 3;', '3+addedexport const c = 4;']);
    expect(diffs[1]).toHaveTextContent('Binary file added (6 B): not shown.');
  });

  it('compares two checkpoints from the picker and from a checkpoint link', async () => {
    const user = userEvent.setup();
    const { api } = setup('/sessions/ws-1?diff=cp-1..head');
    await screen.findAllByTestId('diff-file');
    expect(api.getSessionDiff).toHaveBeenCalledWith('ws-1', 'cp-1', 'head', expect.any(AbortSignal));
    await user.selectOptions(screen.getByLabelText('From'), 'base');
    await user.selectOptions(screen.getByLabelText('To'), 'cp-1');
    await user.click(screen.getByRole('button', { name: 'Compare' }));
    expect(currentUrl()).toBe('/sessions/ws-1?diff=base..cp-1');
    await waitFor(() => {
      expect(api.getSessionDiff).toHaveBeenLastCalledWith('ws-1', 'base', 'cp-1', expect.any(AbortSignal));
    });
  });

  it('lists checkpoints, annotations and pages through events', async () => {
    const user = userEvent.setup();
    const { api } = setup('/sessions/ws-1');
    expect(await screen.findByRole('link', { name: 'Base → this checkpoint' })).toHaveAttribute('href', '/sessions/ws-1?diff=base..cp-1');
    expect(screen.getByRole('link', { name: 'src/app.ts:2' })).toHaveAttribute('href', '/sessions/ws-1?path=src%2Fapp.ts&annotation=an-1');
    await screen.findByText('session.created');
    await user.click(screen.getByRole('button', { name: 'More events' }));
    expect(await screen.findByText('file.written')).toBeInTheDocument();
    expect(api.listSessionEvents).toHaveBeenLastCalledWith('ws-1', 1, 50);
    expect(screen.queryByRole('button', { name: 'More events' })).not.toBeInTheDocument();
  });

  it('warns when an evidence link pinned an older revision', async () => {
    setup('/sessions/ws-1?revision=4');
    expect(await screen.findByText(/This link points at revision 4; the session is now at revision 5/)).toBeInTheDocument();
  });
});

describe('SessionsPage', () => {
  it('lists sessions with state, source, revision, files, size and update time', async () => {
    const mock = createMockApi({ listSessions: () => Promise.resolve([session]) });
    renderRoute(<SessionsPage />, { api: mock.api, path: '/sessions', url: '/sessions' });
    const row = await screen.findByTestId('session-row');
    expect(within(row).getByRole('link', { name: 'ws-1' })).toHaveAttribute('href', '/sessions/ws-1');
    expect(row).toHaveTextContent('active');
    expect(row).toHaveTextContent('repo');
    expect(row).toHaveTextContent('83 B');
    expect(row).toHaveTextContent('1 m ago');
    expect(row).toHaveTextContent('fork of ws-0@2');
  });
});
