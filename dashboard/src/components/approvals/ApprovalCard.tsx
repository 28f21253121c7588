import { Link } from 'react-router';

import type { Approval } from '../../api/types';
import { runPath, sessionPath } from '../../lib/paths';
import { StatusBadge } from '../ui/Badge';
import { JsonViewer } from '../ui/JsonViewer';
import { Markdown } from '../ui/Markdown';
import { DateTime, RelativeTime } from '../ui/Time';
import { DecisionForm } from './DecisionForm';
import { EvidenceList } from './EvidenceList';
import './approvals.css';

/**
 * One approval: what is asked (reason, markdown detail, evidence), by which run, since when and
 * until when; the decision if made, the form to make it if pending.
 */
export function ApprovalCard({
  approval,
  onDecided,
  showWorkflow = true,
  headingLevel = 2,
}: {
  approval: Approval;
  onDecided: (approval: Approval) => void;
  showWorkflow?: boolean;
  headingLevel?: 2 | 3;
}) {
  const Heading = headingLevel === 2 ? 'h2' : 'h3';
  const headingId = `approval-${approval.id}`;
  return (
    <article className={`approval approval-${approval.state}`} aria-labelledby={headingId} data-testid="approval" data-approval-id={approval.id}>
      <header className="approval-head">
        <Heading id={headingId} className="approval-reason">
          <code>{approval.reason}</code>
        </Heading>
        <StatusBadge status={approval.state} />
      </header>
      <dl className="approval-meta">
        {showWorkflow ? (
          <div>
            <dt>Run</dt>
            <dd>
              {approval.workflowId ? (
                <Link to={runPath(approval.workflowId)} className="mono">
                  {approval.workflowId}
                </Link>
              ) : (
                <span className="muted">none (a session&apos;s approval)</span>
              )}
            </dd>
          </div>
        ) : null}
        {approval.sessionId ? (
          <div>
            <dt>Session</dt>
            <dd>
              <Link to={sessionPath(approval.sessionId)} className="mono">
                {approval.sessionId}
              </Link>
            </dd>
          </div>
        ) : null}
        <div>
          <dt>Requested</dt>
          <dd>
            <RelativeTime at={approval.requestedAt} /> <span className="muted">(<DateTime at={approval.requestedAt} />)</span>
          </dd>
        </div>
        <div>
          <dt>Expires</dt>
          <dd>{approval.expiresAt === null ? <span className="muted">never</span> : <RelativeTime at={approval.expiresAt} />}</dd>
        </div>
      </dl>
      {approval.detail ? (
        <div className="approval-detail" data-testid="approval-detail">
          <Markdown>{approval.detail}</Markdown>
        </div>
      ) : null}
      {approval.evidence.length > 0 ? (
        <div className="approval-evidence">
          <h4 className="approval-subhead">Evidence</h4>
          <EvidenceList evidence={approval.evidence} />
        </div>
      ) : null}
      {approval.state === 'pending' ? (
        <DecisionForm approval={approval} onDecided={onDecided} />
      ) : (
        <Decision approval={approval} />
      )}
    </article>
  );
}

function Decision({ approval }: { approval: Approval }) {
  if (approval.state === 'cancelled') {
    return <p className="approval-decision muted">Its run ended before anyone decided.</p>;
  }
  return (
    <div className="approval-decision">
      <p>
        <strong>{approval.state === 'expired' ? 'Expired' : approval.state === 'approved' ? 'Approved' : 'Denied'}</strong>
        {approval.decidedBy ? <> by {approval.decidedBy}</> : null}
        {approval.decidedAt !== null ? (
          <>
            {' '}
            <RelativeTime at={approval.decidedAt} />
          </>
        ) : null}
      </p>
      {approval.comment ? <blockquote className="approval-comment">{approval.comment}</blockquote> : null}
      {approval.payload !== null && approval.payload !== undefined ? (
        <details>
          <summary>Payload</summary>
          <JsonViewer value={approval.payload} label="Decision payload" />
        </details>
      ) : null}
    </div>
  );
}
