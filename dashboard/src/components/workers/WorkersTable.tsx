import type { WorkerView } from '../../api/types';
import { Badge } from '../ui/Badge';
import { Meter } from '../ui/Meter';
import { Table } from '../ui/Table';
import { RelativeTime } from '../ui/Time';
import './workers.css';

/** Workers with their types, slots and last heartbeat (`fetchedAt` anchors "ms ago"). */
export function WorkersTable({ workers, fetchedAt }: { workers: readonly WorkerView[]; fetchedAt: number }) {
  return (
    <Table caption="Connected and recently seen workers" captionHidden stack>
      <thead>
        <tr>
          <th scope="col">Worker</th>
          <th scope="col">Workflow types</th>
          <th scope="col">Capacity</th>
          <th scope="col">Slots in use</th>
          <th scope="col">Connected</th>
          <th scope="col">Last heartbeat</th>
        </tr>
      </thead>
      <tbody>
        {workers.map((worker) => (
          <tr key={worker.workerId} data-testid="worker-row" data-worker-id={worker.workerId}>
            <th scope="row" data-label="Worker" className="mono">
              {worker.workerId}
            </th>
            <td data-label="Workflow types">
              {worker.workflowTypes.length ? (
                <ul className="type-list">
                  {worker.workflowTypes.map((type) => (
                    <li key={type}>
                      <code>{type}</code>
                    </li>
                  ))}
                </ul>
              ) : (
                <span className="muted">none</span>
              )}
            </td>
            <td data-label="Capacity" className="num">
              {worker.capacity}
            </td>
            <td data-label="Slots in use">
              <Meter value={worker.inUse} max={worker.capacity} label={`Slots in use by ${worker.workerId}`} />
            </td>
            <td data-label="Connected">
              {worker.connected ? <Badge tone="success">✓ connected</Badge> : <Badge tone="warning">✕ disconnected</Badge>}
            </td>
            <td data-label="Last heartbeat" className="nowrap">
              <RelativeTime at={fetchedAt - worker.lastHeartbeatMsAgo} />
            </td>
          </tr>
        ))}
      </tbody>
    </Table>
  );
}
