import { Link } from 'react-router';

import type { Evidence } from '../../api/types';
import { evidenceLink } from '../../lib/evidence';

/** An approval's evidence as links: sessions, checkpoints and annotations open the sessions page. */
export function EvidenceList({ evidence }: { evidence: readonly Evidence[] }) {
  if (evidence.length === 0) return null;
  return (
    <ul className="evidence-list">
      {evidence.map((item, i) => {
        const link = evidenceLink(item);
        return (
          <li key={i}>
            <span className="evidence-kind">{item.kind}</span>{' '}
            {link.kind === 'internal' ? (
              <Link to={link.to}>{link.label}</Link>
            ) : link.kind === 'external' ? (
              <a href={link.href} rel="noopener noreferrer" target="_blank">
                {link.label}
                <span className="visually-hidden"> (opens in a new tab)</span>
              </a>
            ) : (
              <span className="wrap-anywhere">{link.label}</span>
            )}
          </li>
        );
      })}
    </ul>
  );
}
