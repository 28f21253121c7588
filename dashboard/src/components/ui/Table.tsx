import type { ReactNode } from 'react';

import './Table.css';

/**
 * A data table in a horizontally scrolling region (readable on a phone), labelled by its
 * caption; `stack` turns rows into cards on narrow screens instead (cells need `data-label`).
 */
export function Table({
  caption,
  captionHidden = false,
  stack = false,
  children,
  className,
}: {
  caption: string;
  captionHidden?: boolean;
  stack?: boolean;
  children: ReactNode;
  className?: string;
}) {
  return (
    <div className="table-scroll" role="region" aria-label={caption} tabIndex={0}>
      <table className={['table', stack ? 'table-stack' : '', className ?? ''].filter(Boolean).join(' ')}>
        <caption className={captionHidden ? 'visually-hidden' : undefined}>{caption}</caption>
        {children}
      </table>
    </div>
  );
}
