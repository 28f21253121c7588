import { useEffect, useRef, useState } from 'react';
import { useSearchParams } from 'react-router';

import { useApi } from '../api/context';
import type { Approval, ApprovalPage } from '../api/types';
import { ApprovalCard } from '../components/approvals/ApprovalCard';
import { Button } from '../components/ui/Button';
import { EmptyState, ErrorBanner, LiveRegion, Spinner } from '../components/ui/Feedback';
import { PageHeader, Section } from '../components/ui/Section';
import { useDocumentTitle } from '../hooks/useDocumentTitle';
import { useLiveStream } from '../hooks/useLiveStream';
import { useResource } from '../hooks/useResource';

const PENDING_PAGE = 50;
const RECENT = 20;

/** Follows on pages of pending approvals loaded with "Load more". */
interface Extra {
  approvals: Approval[];
  nextCursor: string | undefined;
}

export function ApprovalsPage() {
  const api = useApi();
  const [params] = useSearchParams();
  const linkedId = params.get('id');
  const pending = useResource('pending', (signal) => api.listApprovals({ state: 'pending', limit: PENDING_PAGE }, signal));
  const recent = useResource('recent', (signal) => api.listApprovals({ limit: RECENT + PENDING_PAGE }, signal));
  const linked = useResource(linkedId, (signal) => api.getApproval(linkedId ?? '', signal));
  const [extra, setExtra] = useState<Extra | null>(null);
  const [loadingMore, setLoadingMore] = useState(false);
  const [moreError, setMoreError] = useState<unknown>(null);
  const [message, setMessage] = useState('');
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  useDocumentTitle('Approvals');

  const refresh = () => {
    setExtra(null);
    pending.reload();
    recent.reload();
    if (linkedId) linked.reload();
  };

  // Refetch on stream events, at most twice a second: a decision or a new request changes some
  // run's row, and a burst of changes needs one refetch.
  useLiveStream({
    onWorkflow: () => {
      timer.current ??= setTimeout(() => {
        timer.current = null;
        refresh();
      }, 500);
    },
    onResync: refresh,
  });
  useEffect(
    () => () => {
      if (timer.current !== null) clearTimeout(timer.current);
    },
    [],
  );

  const onDecided = (approval: Approval) => {
    setMessage(`Approval ${approval.reason} ${approval.state}.`);
    refresh();
  };

  const loadMore = (page: ApprovalPage) => {
    const cursor = extra ? extra.nextCursor : page.nextCursor;
    if (!cursor) return;
    setLoadingMore(true);
    setMoreError(null);
    api.listApprovals({ state: 'pending', limit: PENDING_PAGE, cursor }).then(
      (next) => {
        setExtra((current) => ({
          approvals: [...(current?.approvals ?? []), ...next.approvals],
          nextCursor: next.nextCursor,
        }));
        setLoadingMore(false);
      },
      (error: unknown) => {
        setMoreError(error);
        setLoadingMore(false);
      },
    );
  };

  const pendingList = pending.data ? [...pending.data.approvals, ...(extra?.approvals ?? [])] : [];
  const moreCursor = extra ? extra.nextCursor : pending.data?.nextCursor;
  const decided = (recent.data?.approvals ?? []).filter((a) => a.state !== 'pending').slice(0, RECENT);
  const linkedApproval = linked.data;

  return (
    <>
      <PageHeader title="Approvals" meta="Decisions that runs and sessions wait for. Pending first, then the latest decided.">
        <Button onClick={refresh}>Reload</Button>
      </PageHeader>
      <LiveRegion message={message} />

      {linkedId ? (
        <Section title="Linked approval">
          {linked.error ? <ErrorBanner error={linked.error} title="This approval could not be loaded" /> : null}
          {linkedApproval ? (
            <ApprovalCard approval={linkedApproval} onDecided={onDecided} headingLevel={3} />
          ) : linked.error ? null : (
            <Spinner label="Loading the approval…" />
          )}
        </Section>
      ) : null}

      <Section title={pending.data ? `Pending (${pendingList.length}${moreCursor ? '+' : ''})` : 'Pending'}>
        {pending.error ? <ErrorBanner error={pending.error} title="Pending approvals could not be loaded" onRetry={pending.reload} /> : null}
        {!pending.data && !pending.error ? <Spinner label="Loading pending approvals…" /> : null}
        {pending.data && pendingList.length === 0 ? (
          <EmptyState title="Nothing waits for a decision">New requests appear here as runs ask.</EmptyState>
        ) : null}
        {pendingList.length > 0 ? (
          <div className="approval-list">
            {pendingList
              .filter((a) => a.id !== linkedApproval?.id)
              .map((approval) => (
                <ApprovalCard key={approval.id} approval={approval} onDecided={onDecided} headingLevel={3} />
              ))}
          </div>
        ) : null}
        {moreError ? <ErrorBanner error={moreError} title="More approvals could not be loaded" /> : null}
        {pending.data && moreCursor ? (
          <div className="list-footer">
            <Button onClick={() => { if (pending.data) loadMore(pending.data); }} disabled={loadingMore}>
              {loadingMore ? 'Loading…' : 'Load more'}
            </Button>
          </div>
        ) : null}
      </Section>

      <Section title="Recently decided">
        {recent.error ? <ErrorBanner error={recent.error} title="Decided approvals could not be loaded" onRetry={recent.reload} /> : null}
        {!recent.data && !recent.error ? <Spinner label="Loading decided approvals…" /> : null}
        {recent.data && decided.length === 0 ? <p className="muted">No decisions yet.</p> : null}
        {decided.length > 0 ? (
          <div className="approval-list">
            {decided
              .filter((a) => a.id !== linkedApproval?.id)
              .map((approval) => (
                <ApprovalCard key={approval.id} approval={approval} onDecided={onDecided} headingLevel={3} />
              ))}
          </div>
        ) : null}
      </Section>
    </>
  );
}
