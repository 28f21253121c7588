import type { WorkflowDetail } from '../../api/types';
import { JsonViewer } from '../ui/JsonViewer';
import { Section } from '../ui/Section';
import { FailureView } from './FailureView';

/** The run's input, and its result, failure (with stack) or cancellation. */
export function RunOutcome({ run }: { run: WorkflowDetail }) {
  return (
    <div className="run-grid">
      <Section title="Input" level={2}>
        <JsonViewer value={run.input} label="Run input" testId="run-input" />
      </Section>
      {run.state === 'COMPLETED' ? (
        <Section title="Output" level={2}>
          <JsonViewer value={run.result} label="Run output" testId="run-output" />
        </Section>
      ) : null}
      {run.state === 'FAILED' && run.failure ? (
        <Section title="Failure" level={2}>
          <FailureView failure={run.failure} testId="run-failure" />
        </Section>
      ) : null}
      {run.state === 'CANCELLED' ? (
        <Section title="Cancelled" level={2}>
          <p>{run.cancelReason ? <>Reason: {run.cancelReason}</> : 'No reason was given.'}</p>
        </Section>
      ) : null}
    </div>
  );
}
