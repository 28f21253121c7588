// Where an approval's evidence leads: a session (at a revision), a checkpoint (the diff it
// makes), an annotation (the file it is on), or an outside URL, which is a link only when it is
// http or https.

import type { Evidence } from '../api/types';
import { formatDiffParam } from './diff';
import { sessionPath } from './paths';

export type EvidenceLink =
  | { kind: 'internal'; to: string; label: string }
  | { kind: 'external'; href: string; label: string }
  | { kind: 'text'; label: string };

/** The URL when it is an absolute http(s) URL, null otherwise (`javascript:`, `data:`...). */
export function safeHttpUrl(url: string): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url.trim());
  } catch {
    return null;
  }
  return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? parsed.href : null;
}

export function evidenceLink(evidence: Evidence): EvidenceLink {
  switch (evidence.kind) {
    case 'session':
      return {
        kind: 'internal',
        to: sessionPath(
          evidence.sessionId,
          evidence.revision === undefined ? {} : { revision: String(evidence.revision) },
        ),
        label:
          evidence.revision === undefined
            ? `Session ${evidence.sessionId}`
            : `Session ${evidence.sessionId} at revision ${evidence.revision}`,
      };
    case 'checkpoint':
      return {
        kind: 'internal',
        to: sessionPath(evidence.sessionId, {
          diff: formatDiffParam({ from: 'base', to: evidence.checkpointId }),
        }),
        label: `Checkpoint ${evidence.checkpointId} of ${evidence.sessionId}`,
      };
    case 'annotation':
      return {
        kind: 'internal',
        to: sessionPath(evidence.sessionId, { annotation: evidence.annotationId }),
        label: `Annotation ${evidence.annotationId} in ${evidence.sessionId}`,
      };
    case 'url': {
      const href = safeHttpUrl(evidence.url);
      const label = evidence.label?.trim() || evidence.url;
      return href ? { kind: 'external', href, label } : { kind: 'text', label: `${label} (not a web link)` };
    }
  }
}
