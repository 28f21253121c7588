import { useEffect } from 'react';

/** `<title>`: the page, then the product, so tabs and history read well. */
export function useDocumentTitle(title: string): void {
  useEffect(() => {
    document.title = title ? `${title} · Aether` : 'Aether';
  }, [title]);
}
