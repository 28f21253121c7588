import type { ReactNode } from 'react';

import { splitLines } from '../../lib/text';
import './Code.css';

/**
 * A text file with line numbers, as text. `notes` puts content (annotations) under given lines;
 * `highlight` marks lines (an annotation's range).
 */
export function CodeView({
  text,
  label,
  notes,
  highlight,
}: {
  text: string;
  label: string;
  notes?: ReadonlyMap<number, ReactNode>;
  highlight?: ReadonlySet<number>;
}) {
  const lines = splitLines(text);
  return (
    <div className="code-view" role="group" aria-label={label} tabIndex={0} data-testid="file-view">
      {lines.length === 0 ? <p className="code-empty">(empty file)</p> : null}
      {lines.map((line, i) => {
        const n = i + 1;
        const note = notes?.get(n);
        return (
          <div key={n} className={highlight?.has(n) ? 'code-row code-row-marked' : 'code-row'} id={`L${n}`}>
            <span className="code-ln" data-line={n}>
              {n}
            </span>
            <code className="code-text">{line === '' ? '\u00a0' : line}</code>
            {note ? <div className="code-note">{note}</div> : null}
          </div>
        );
      })}
    </div>
  );
}
