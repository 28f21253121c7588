import '@testing-library/jest-dom/vitest';

import { cleanup } from '@testing-library/react';
import { afterEach } from 'vitest';

afterEach(() => {
  cleanup();
});

// jsdom has no layout: charts size themselves with ResizeObserver, and the tree and dialogs
// scroll items into view.
class NoopResizeObserver {
  observe() {}
  unobserve() {}
  disconnect() {}
}
const scope = globalThis as { ResizeObserver?: unknown; Element?: { prototype: { scrollIntoView?: () => void } } };
scope.ResizeObserver ??= NoopResizeObserver;
// Pure-function tests run in the node environment, which has no DOM.
if (scope.Element) scope.Element.prototype.scrollIntoView ??= () => undefined;
